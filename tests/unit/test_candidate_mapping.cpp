// docs/lever-contract.md §4: the unified candidate printed, from a Lever opportunity.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

#include "core/lever/candidate_mapping.hpp"
#include "core/util/json_util.hpp"
#include "core/validation/validation.hpp"
#include "fakes.hpp"

namespace {

using tc::to_json;
using tc::test::parse_json;

// The candidate without remote_data (checked on its own), as compact JSON.
std::string candidate_json(const std::string& opportunity_json, const rapidjson::Value* resumes = nullptr,
                           const rapidjson::Value* files = nullptr) {
  const auto opportunity = parse_json(opportunity_json);
  auto candidate = tc::candidate_from_opportunity(opportunity, resumes, files);
  REQUIRE(candidate.HasMember("remote_data"));
  CHECK(candidate["remote_data"] == opportunity);
  candidate.RemoveMember("remote_data");
  return to_json(candidate);
}

// docs/lever-contract.md §4: the recorded create response (its "data").
const char* const kRecordedOpportunity = R"({
    "id": "cb45668d-38b6-43dd-9ba5-bd325d50dbfc",
    "name": "Dave Test Candidate DONOTUSE",
    "contact": "caa42efa-d432-4d22-bbcc-4c8e3751bb3e",
    "headline": "Brickly LLC, Vandelay Industries, Inc, Central Perk",
    "stage": "applicant-new",
    "confidentiality": "non-confidential",
    "location": "Seattle",
    "phones": [{"type": "other", "value": "(123) 456-7890"}, {"type": "other", "value": "(234) 567-8901"}],
    "emails": ["testuser@example.com"],
    "links": ["http://indeed.com/r/Shane-Smith/0b7c87f6b246d2bc", "http://github.com/shanesmith"],
    "archived": null,
    "tags": [],
    "sources": [],
    "stageChanges": [{"toStageId": "applicant-new", "toStageIndex": 4, "updatedAt": 1711572497188, "userId": "68d28c32-e972-4f0f-81c7-83f2e9430293"}],
    "origin": "internal",
    "sourcedBy": null,
    "owner": "68d28c32-e972-4f0f-81c7-83f2e9430293",
    "followers": ["68d28c32-e972-4f0f-81c7-83f2e9430293", "113fa8ae-f6ea-4316-8267-7ed692fc9471"],
    "applications": [],
    "createdAt": 1711572497188,
    "updatedAt": 1711572497191,
    "lastInteractionAt": 1711572497189,
    "lastAdvancedAt": 1711572497188,
    "snoozedUntil": null,
    "urls": {"list": "https://hire.lever.co/candidates", "show": "https://hire.lever.co/candidates/cb45668d-38b6-43dd-9ba5-bd325d50dbfc"},
    "isAnonymized": false,
    "dataProtection": null
  })";

}  // namespace

TEST_CASE("the recorded create response of Lever's documentation") {
  CHECK(candidate_json(kRecordedOpportunity) ==
        R"({"id":"cb45668d-38b6-43dd-9ba5-bd325d50dbfc","first_name":"Dave","last_name":"Test Candidate DONOTUSE",)"
        R"("name":"Dave Test Candidate DONOTUSE","company":"Brickly LLC, Vandelay Industries, Inc, Central Perk",)"
        R"("last_interaction_at":"2024-03-27T20:48:17.189Z","created_at":"2024-03-27T20:48:17.188Z",)"
        R"("updated_at":"2024-03-27T20:48:17.191Z","is_private":false,"can_email":true,"locations":["Seattle"],)"
        R"("phones":[{"number":"(123) 456-7890","type":"other"},{"number":"(234) 567-8901","type":"other"}],)"
        R"("emails":[{"email":"testuser@example.com"}],)"
        R"("urls":[{"url":"http://indeed.com/r/Shane-Smith/0b7c87f6b246d2bc","type":"website"},)"
        R"({"url":"http://github.com/shanesmith","type":"github"}]})");
}

TEST_CASE("remote_data is a deep copy of the opportunity, independent of the input") {
  auto opportunity = parse_json(kRecordedOpportunity);
  const auto candidate = tc::candidate_from_opportunity(opportunity, nullptr, nullptr);
  opportunity["name"].SetString("changed");
  opportunity.RemoveMember("phones");
  CHECK(std::string(candidate["remote_data"]["name"].GetString()) == "Dave Test Candidate DONOTUSE");
  CHECK(candidate["remote_data"]["phones"].Size() == 2);
  CHECK(candidate["remote_data"]["urls"]["show"] ==
        "https://hire.lever.co/candidates/cb45668d-38b6-43dd-9ba5-bd325d50dbfc");
  CHECK_FALSE(candidate.HasMember("attachments"));
}

TEST_CASE("names: split at the first space; one word is a first name; empty is nothing") {
  CHECK(candidate_json(R"({"id": "o", "name": "Ada King Lovelace"})") ==
        R"({"id":"o","first_name":"Ada","last_name":"King Lovelace","name":"Ada King Lovelace","can_email":false})");
  CHECK(candidate_json(R"({"id": "o", "name": "Cher"})") ==
        R"({"id":"o","first_name":"Cher","name":"Cher","can_email":false})");
  CHECK(candidate_json(R"({"id": "o", "name": ""})") == R"({"id":"o","can_email":false})");
  CHECK(candidate_json(R"({"id": "o", "name": " Ada  Lovelace "})") ==
        R"({"id":"o","first_name":"Ada","last_name":"Lovelace","name":" Ada  Lovelace ","can_email":false})");
}

TEST_CASE("headline: split at the last \" at \", otherwise all company") {
  CHECK(candidate_json(R"({"headline": "CTO at Acme"})") == R"({"title":"CTO","company":"Acme","can_email":false})");
  CHECK(candidate_json(R"({"headline": "CTO at Bank at Home"})") ==
        R"({"title":"CTO at Bank","company":"Home","can_email":false})");
  CHECK(candidate_json(R"({"headline": "Acme"})") == R"({"company":"Acme","can_email":false})");
  CHECK(candidate_json(R"({"headline": "Chatbot Inc"})") == R"({"company":"Chatbot Inc","can_email":false})");
  CHECK(candidate_json(R"({"headline": ""})") == R"({"can_email":false})");
  CHECK(candidate_json(R"({"headline": null})") == R"({"can_email":false})");
}

TEST_CASE("timestamps: ISO 8601 UTC with milliseconds; null or absent leaves the key out") {
  CHECK(candidate_json(R"({"createdAt": 1407460071043, "updatedAt": null})") ==
        R"({"created_at":"2014-08-08T01:07:51.043Z","can_email":false})");
  CHECK(candidate_json(R"({"lastInteractionAt": "1468953420000", "createdAt": "soon", "updatedAt": 0})") ==
        R"({"last_interaction_at":"2016-07-19T18:37:00.000Z","can_email":false})");
  CHECK(tc::iso8601_utc_ms(1711572497188) == "2024-03-27T20:48:17.188Z");
  CHECK(tc::iso8601_utc_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(tc::iso8601_utc_ms(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(tc::iso8601_utc_ms(951782400000) == "2000-02-29T00:00:00.000Z");
  CHECK(tc::iso8601_utc_ms(4102444799999) == "2099-12-31T23:59:59.999Z");
}

TEST_CASE("is_private and can_email") {
  CHECK(candidate_json(R"({"confidentiality": "confidential", "emails": ["a@x"]})") ==
        R"({"is_private":true,"can_email":true,"emails":[{"email":"a@x"}]})");
  CHECK(candidate_json(R"({"confidentiality": "non-confidential"})") == R"({"is_private":false,"can_email":false})");
  CHECK(
      candidate_json(R"({"emails": ["a@x"], "dataProtection": {"contact": {"allowed": false, "expiresAt": null}}})") ==
      R"({"can_email":false,"emails":[{"email":"a@x"}]})");
  CHECK(candidate_json(R"({"emails": ["a@x"], "dataProtection": {"contact": {"allowed": true}}})") ==
        R"({"can_email":true,"emails":[{"email":"a@x"}]})");
  CHECK(candidate_json(R"({"emails": ["a@x"], "dataProtection": {"store": {"allowed": false}}})") ==
        R"({"can_email":true,"emails":[{"email":"a@x"}]})");
  CHECK(candidate_json(R"({"emails": [""], "dataProtection": null})") == R"({"can_email":false})");
}

TEST_CASE("locations split at \"; \"; phones, emails, urls, tags") {
  CHECK(candidate_json(R"({"location": "Toronto; Berlin;  ; Paris"})") ==
        R"({"can_email":false,"locations":["Toronto","Berlin","Paris"]})");
  CHECK(candidate_json(R"({"location": ""})") == R"({"can_email":false})");
  CHECK(candidate_json(R"({"phones": [{"value": "1", "type": "mobile"}, {"value": "2"}, {"value": "3", "type": null}],
                           "tags": ["vip", "", 3],
                           "links": ["https://www.linkedin.com/in/ada", "ada.dev", "https://x.com/ada"]})") ==
        R"({"can_email":false,"phones":[{"number":"1","type":"mobile"},{"number":"2"},{"number":"3"}],)"
        R"("urls":[{"url":"https://www.linkedin.com/in/ada","type":"linkedin"},{"url":"ada.dev","type":"website"},)"
        R"({"url":"https://x.com/ada","type":"twitter"}],"tags":["vip"]})");
}

TEST_CASE("url type from host") {
  CHECK(tc::url_type_from_host("https://linkedin.com/in/a") == "linkedin");
  CHECK(tc::url_type_from_host("https://WWW.LinkedIn.com/in/a") == "linkedin");
  CHECK(tc::url_type_from_host("uk.linkedin.com/in/a") == "linkedin");
  CHECK(tc::url_type_from_host("github.com/ada") == "github");
  CHECK(tc::url_type_from_host("https://user@github.com:443/ada") == "github");
  CHECK(tc::url_type_from_host("https://twitter.com/ada") == "twitter");
  CHECK(tc::url_type_from_host("https://x.com/ada") == "twitter");
  CHECK(tc::url_type_from_host("https://m.facebook.com/ada") == "facebook");
  CHECK(tc::url_type_from_host("https://notlinkedin.com/ada") == "website");
  CHECK(tc::url_type_from_host("https://linkedin.com.evil.example/") == "website");
  CHECK(tc::url_type_from_host("https://ada.dev") == "website");
  CHECK(tc::url_type_from_host("") == "website");
}

TEST_CASE("applications from expanded application objects and the expanded stage") {
  CHECK(candidate_json(R"({"id": "opp1", "stage": {"id": "st1", "text": "New applicant"},
      "applications": [{"id": "app1", "opportunityId": "opp1", "createdAt": 1418353241665, "type": "posting",
                        "posting": "post1", "archived": {"reason": "why", "archivedAt": 1732451503446}}]})") ==
        R"({"id":"opp1","can_email":false,"applications":[{"id":"app1","candidate":{"id":"opp1"},"job":{"id":"post1"},)"
        R"("applied_at":"2014-12-12T03:00:41.665Z","rejected_at":"2024-11-24T12:31:43.446Z",)"
        R"("current_stage":{"id":"st1","name":"New applicant"},"reject_reason":"why",)"
        R"("created_at":"2014-12-12T03:00:41.665Z"}]})");
  // Plain stage id, no posting, not archived.
  CHECK(candidate_json(R"({"id": "opp1", "stage": "lead-new",
      "applications": [{"id": "app1", "createdAt": 1418353241665, "posting": null, "archived": null}]})") ==
        R"({"id":"opp1","can_email":false,"applications":[{"id":"app1","candidate":{"id":"opp1"},)"
        R"("applied_at":"2014-12-12T03:00:41.665Z","current_stage":{"id":"lead-new"},)"
        R"("created_at":"2014-12-12T03:00:41.665Z"}]})");
  // Archived on the opportunity only; the application is an unexpanded id; a stage without id is dropped.
  CHECK(candidate_json(
            R"({"id": "opp1", "stage": {"text": "Lost"}, "archived": {"reason": "r", "archivedAt": 1732451503446},
      "applications": ["app9"]})") ==
        R"({"id":"opp1","can_email":false,"applications":[{"id":"app9","candidate":{"id":"opp1"},)"
        R"("rejected_at":"2024-11-24T12:31:43.446Z","reject_reason":"r"}]})");
}

TEST_CASE("attachments: resumes and files, numeric-string uploadedAt") {
  const auto resumes = parse_json(R"([
      {"id": "68b3e478", "createdAt": 1468953420000,
       "file": {"name": "JenniferOldeUpdated.pdf", "ext": "pdf", "downloadUrl": "https://hire.lever.co/r/68b3e478/download",
                "uploadedAt": 1468953420004, "status": "processed", "size": 1000},
       "parsedData": {"positions": []}},
      {"id": "noFile", "createdAt": 1407460071043, "file": null}])");
  const auto files = parse_json(R"({"data": [
      {"id": "b02a3b97", "downloadUrl": "https://hire.lever.co/f/b02a3b97/download", "ext": ".pdf",
       "name": "JaneSmithArticle.pdf", "uploadedAt": "1468953420000", "status": "processed", "size": "1000"},
      {"id": "n1", "name": "n.txt", "uploadedAt": 1468953420004},
      {"name": "no id"}], "hasNext": false})");
  CHECK(
      candidate_json(R"({"id": "o"})", &resumes, &files) ==
      R"({"id":"o","can_email":false,"attachments":[)"
      R"({"id":"68b3e478","file_name":"JenniferOldeUpdated.pdf","file_url":"https://hire.lever.co/r/68b3e478/download",)"
      R"("attachment_type":"resume","created_at":"2016-07-19T18:37:00.000Z"},)"
      R"({"id":"noFile","attachment_type":"resume","created_at":"2014-08-08T01:07:51.043Z"},)"
      R"({"id":"b02a3b97","file_name":"JaneSmithArticle.pdf","file_url":"https://hire.lever.co/f/b02a3b97/download",)"
      R"("attachment_type":"other","created_at":"2016-07-19T18:37:00.000Z"},)"
      R"({"id":"n1","file_name":"n.txt","attachment_type":"other","created_at":"2016-07-19T18:37:00.004Z"}]})");
  const auto empty = parse_json("[]");
  CHECK(candidate_json(R"({"id": "o"})", &empty, nullptr) == R"({"id":"o","can_email":false,"attachments":[]})");
  CHECK(candidate_json(R"({"id": "o"})", nullptr, &empty) == R"({"id":"o","can_email":false,"attachments":[]})");
}

TEST_CASE("tolerant: wrong types and nulls are skipped, never a crash") {
  CHECK(
      candidate_json(R"({"id": 5, "name": 7, "headline": ["x"], "createdAt": "abc", "updatedAt": 1e300,
      "lastInteractionAt": -5, "confidentiality": null, "location": {"name": "Toronto"}, "phones": "x",
      "emails": [1, null, "a@x"], "links": {"a": 1}, "tags": null, "stage": 7, "dataProtection": "no",
      "applications": [null, 3, {}, {"id": 4}, {"id": "ok", "posting": 9, "createdAt": "12", "archived": "yes"}]})") ==
      R"({"can_email":true,"emails":[{"email":"a@x"}],"applications":[{"id":"ok","applied_at":"1970-01-01T00:00:00.012Z",)"
      R"("created_at":"1970-01-01T00:00:00.012Z"}]})");
  for (const char* odd : {"null", "[]", "\"text\"", "42"}) {
    const auto opportunity = parse_json(odd);
    const auto garbage = parse_json(R"({"data": 5})");
    const auto candidate = tc::candidate_from_opportunity(opportunity, &garbage, &opportunity);
    CHECK(to_json(candidate) == std::string(R"({"can_email":false,"attachments":[],"remote_data":)") + odd + "}");
  }
}

TEST_CASE("a full mapped candidate is valid against the bundled candidate.schema.json") {
  auto opportunity = parse_json(kRecordedOpportunity);
  auto& alloc = opportunity.GetAllocator();
  opportunity["confidentiality"] = "confidential";
  // Deep copies: the parsed temporaries own their memory.
  opportunity["stage"] = rapidjson::Value(parse_json(R"({"id": "applicant-new", "text": "New applicant"})"), alloc);
  rapidjson::Value applications(rapidjson::kArrayType);
  applications.PushBack(rapidjson::Value(parse_json(R"({"id": "app1", "createdAt": 1711572497188, "posting": "p1",
      "archived": {"reason": "r", "archivedAt": 1711572497999}})"),
                                         alloc),
                        alloc);
  opportunity["applications"] = applications;
  opportunity["tags"] = rapidjson::Value(parse_json(R"(["vip"])"), alloc);
  const auto resumes = parse_json(
      R"([{"id": "r1", "createdAt": 1711572497188, "file": {"name": "cv.pdf", "downloadUrl": "https://x/r1"}}])");
  const auto files =
      parse_json(R"([{"id": "f1", "name": "a.txt", "downloadUrl": "https://x/f1", "uploadedAt": "1711572497188"}])");
  const auto candidate = tc::candidate_from_opportunity(opportunity, &resumes, &files);
  CHECK(candidate["applications"][0]["current_stage"]["name"] == "New applicant");
  CHECK(candidate["attachments"].Size() == 2);
  CHECK(candidate["tags"][0] == "vip");
  CHECK(candidate["is_private"].GetBool());

  const auto problems = tc::Validator().validate_candidate(candidate);
  for (const auto& p : problems) MESSAGE(p.pointer << ": " << p.message);
  CHECK(problems.empty());
}
