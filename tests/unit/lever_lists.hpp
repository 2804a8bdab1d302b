#pragma once
// A Lever with three users (on two pages), four stages and three archive reasons, for the tests of name
// resolution (tests/unit/test_name_resolver.cpp, test_cli_lever_fields.cpp).
#include <string>

#include "fakes.hpp"

namespace tc::test {

inline const std::string kRiley = "8d49b010-cc6a-4f40-ace5-e86061c677ed";
inline const std::string kSam = "df0adaa6-172c-4cd6-8520-49b203660fe1";
inline const std::string kKim = "3c7a4e21-5b8d-4f60-9e12-7a0b9c1d2e34";
inline const std::string kPhone = "00922a60-7c15-422b-b086-f62000824fd7";
inline const std::string kHired = "63dd55b2-a99f-4e7b-985f-22c7bf80ab42";

inline std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

// Lever with three users on two pages, four stages, three archive reasons: a whole server, so each list
// may go unread.
inline void serve_lists(FakeTransport& t) {
  t.on("GET", "/v1/users", [](const HttpRequest& r) {
     if (r.url.find("offset=") == std::string::npos)
       return respond(200, R"({"data":[{"id":")" + kRiley + R"(","name":"Riley","email":"riley@example.com"},)" +
                               R"({"id":")" + kSam + R"(","name":"Sam","email":"Sam@Example.com"}],)" +
                               R"("hasNext":true,"next":"%5B1%2C2%5D"})");
     return respond(200,
                    R"({"data":[{"id":")" + kKim + R"(","name":"Kim","email":"kim@example.com"}],"hasNext":false})");
   }).optional();
  t.on("GET", "/v1/stages",
       {respond(
           200,
           data(R"([{"id":"lead-new","text":"New lead"},{"id":")" + kPhone +
                R"(","text":"Phone screen"},{"id":"offer","text":"Offer"},{"id":"st-onsite","text":"On-site"}])"))})
      .optional();
  t.on("GET", "/v1/archive_reasons",
       {respond(200, data(R"([{"id":")" + kHired + R"(","text":"Hired","status":"active","type":"hired"},)" +
                          R"({"id":"r-withdrew","text":"Withdrew","status":"active","type":"non-hired"},)" +
                          R"({"id":"r-under","text":"Underqualified","status":"active","type":"non-hired"}])"))})
      .optional();
}

}  // namespace tc::test
