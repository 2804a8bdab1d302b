// core/model/candidate_record.hpp: the typed record read from a validated unified document.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

#include "core/model/candidate_record.hpp"
#include "fakes.hpp"

namespace {

using tc::test::parse_json;

}  // namespace

TEST_CASE("read_candidate_record: every unified field, as given") {
  const auto json = parse_json(R"({
    "first_name": "Ada", "last_name": "Lovelace", "title": "Analyst", "company": "Engines Ltd",
    "locations": ["London", "Paris"],
    "phones": [{"number": "+44 20 1234", "type": "work", "extension": "12"}],
    "emails": [{"email": "Ada@Example.com ", "type": "work"}, {"email": "ada@home.example"}],
    "links": ["https://ada.example", {"url": "https://github.com/ada", "type": "github"}],
    "tags": ["math", {"id": "t1", "name": "engines"}],
    "attachments": [{"id": "cv", "file_name": "cv.pdf", "file_url": "file:///tmp/cv.pdf", "type": "resume"},
                    {"id": 7, "file_url": "https://x.example/a.txt"}],
    "job_form_field_answers": [{"name": "q1", "value": "yes", "group_id": "g"},
                               {"name": "q2", "value": ["a", "b"]}, {"name": "q3", "value": null}],
    "job_id": "post-9",
    "lever": {"owner": "u1", "followers": ["u2", "u3"], "stage": "s1", "sources": ["Referral"],
              "origin": "referred", "created_at": "2024-03-01T09:00:00Z", "archive_reason": "r1",
              "archived_at": "2024-04-01T09:00:00Z",
              "notes": [{"text": "met at a fair", "secret": true, "created_at": "2024-03-02T09:00:00Z"},
                        {"text": "second"}]},
    "remote_data": {"headline": "kept"}
  })");
  const tc::CandidateRecord r = tc::read_candidate_record(json);
  CHECK(r.first_name == "Ada");
  CHECK(r.last_name == "Lovelace");
  CHECK(r.full_name() == "Ada Lovelace");
  CHECK(r.title == "Analyst");
  CHECK(r.company == "Engines Ltd");
  CHECK(r.locations == std::vector<std::string>{"London", "Paris"});
  REQUIRE(r.phones.size() == 1);
  CHECK(r.phones[0].number == "+44 20 1234");
  CHECK(r.phones[0].type == "work");
  CHECK(r.phones[0].extension == "12");
  REQUIRE(r.emails.size() == 2);
  CHECK(r.emails[0].email == "Ada@Example.com ");
  CHECK(r.emails[0].type == "work");
  CHECK(r.first_email() == "Ada@Example.com ");
  REQUIRE(r.links.size() == 2);
  CHECK(r.links[0].url == "https://ada.example");
  CHECK(r.links[0].type.empty());
  CHECK(r.links[1].url == "https://github.com/ada");
  CHECK(r.links[1].type == "github");
  CHECK(r.tags == std::vector<std::string>{"math", "engines"});
  REQUIRE(r.attachments.size() == 2);
  CHECK(r.attachments[0].id == "cv");
  CHECK(r.attachments[0].file_name == "cv.pdf");
  CHECK(r.attachments[0].file_url == "file:///tmp/cv.pdf");
  CHECK(r.attachments[0].pointer == "/attachments/0");
  CHECK(r.attachments[0].is_resume());
  CHECK(r.attachments[1].id == "7");
  CHECK(r.attachments[1].pointer == "/attachments/1");
  CHECK_FALSE(r.attachments[1].is_resume());
  REQUIRE(r.resume() != nullptr);
  CHECK(r.resume()->id == "cv");
  REQUIRE(r.answers.size() == 3);
  CHECK(r.answers[0].name == "q1");
  CHECK(r.answers[0].group_id == "g");
  CHECK(r.answers[0].kind == tc::FormAnswer::Kind::Text);
  CHECK(r.answers[0].text == "yes");
  CHECK(r.answers[1].kind == tc::FormAnswer::Kind::List);
  CHECK(r.answers[1].list == std::vector<std::string>{"a", "b"});
  CHECK(r.answers[2].kind == tc::FormAnswer::Kind::Null);
  CHECK(r.answers[2].pointer == "/job_form_field_answers/2");
  CHECK(r.job_id == "post-9");
  CHECK(r.lever.owner == "u1");
  CHECK(r.lever.followers == std::vector<std::string>{"u2", "u3"});
  CHECK(r.lever.stage == "s1");
  CHECK(r.lever.sources == std::vector<std::string>{"Referral"});
  CHECK(r.lever.origin == "referred");
  CHECK(r.lever.created_at == "2024-03-01T09:00:00Z");
  CHECK(r.lever.archive_reason == "r1");
  CHECK(r.lever.archived_at == "2024-04-01T09:00:00Z");
  REQUIRE(r.lever.notes.size() == 2);
  CHECK(r.lever.notes[0].text == "met at a fair");
  CHECK(r.lever.notes[0].secret);
  CHECK(r.lever.notes[0].created_at == "2024-03-02T09:00:00Z");
  CHECK_FALSE(r.lever.notes[1].secret);
  REQUIRE(r.remote_data != nullptr);
  CHECK(std::string(r.remote_data->FindMember("headline")->value.GetString()) == "kept");
}

TEST_CASE("read_candidate_record: an empty record, a name that wins, no e-mail") {
  const auto empty = parse_json("{}");
  const tc::CandidateRecord none = tc::read_candidate_record(empty);
  CHECK(none.first_email().empty());
  CHECK(none.full_name().empty());
  CHECK(none.resume() == nullptr);
  CHECK(none.remote_data == nullptr);
  CHECK(none.lever.notes.empty());

  const auto named = parse_json(R"({"name": "  Ada King ", "first_name": "Ada", "emails": []})");
  CHECK(tc::read_candidate_record(named).full_name() == "Ada King");
  CHECK(tc::read_candidate_record(named).first_email().empty());

  const auto last_only = parse_json(R"({"last_name": " Lovelace "})");
  CHECK(tc::read_candidate_record(last_only).full_name() == "Lovelace");
}

TEST_CASE("Attachment::is_resume: one rule for type and attachment_type") {
  auto resume_of = [](const std::string& attachment) {
    const auto json = parse_json(R"({"attachments": [)" + attachment + "]}");
    return tc::read_candidate_record(json).attachments.at(0).is_resume();
  };
  CHECK(resume_of(R"({"id": "a", "type": "resume"})"));
  CHECK(resume_of(R"({"id": "a", "type": " Resume "})"));
  CHECK(resume_of(R"({"id": "a", "attachment_type": "resume"})"));
  // The case plan_apply once read differently: `type` says other, attachment_type says resume.
  CHECK(resume_of(R"({"id": "a", "type": "other", "attachment_type": "resume"})"));
  CHECK(resume_of(R"({"id": "a", "type": "resume", "attachment_type": "cover_letter"})"));
  CHECK_FALSE(resume_of(R"({"id": "a", "type": "other", "attachment_type": "cover_letter"})"));
  CHECK_FALSE(resume_of(R"({"id": "a"})"));
  CHECK_FALSE(resume_of(R"({"id": "a", "type": "resumes"})"));
}

TEST_CASE("read_candidate_record: what the schema refuses is kept for the applicant mapping's messages") {
  const auto json = parse_json(R"({
    "job_form_field_answers": [{"name": "n", "value": 5}, {"name": "l", "value": ["a", 2, {}]}, "text"],
    "remote_data": [1],
    "lever": {"owner": 7, "followers": [], "origin": "", "created_at": null, "stage": "s"}
  })");
  const tc::CandidateRecord r = tc::read_candidate_record(json);
  REQUIRE(r.answers.size() == 3);
  CHECK(r.answers[0].kind == tc::FormAnswer::Kind::Other);
  CHECK(r.answers[1].kind == tc::FormAnswer::Kind::List);
  CHECK(r.answers[1].list == std::vector<std::string>{"a"});
  CHECK(r.answers[1].non_string_item == 1);
  CHECK(r.answers[2].name.empty());  // an entry that is not an object: an answer without a name
  CHECK(r.answers[2].pointer == "/job_form_field_answers/2");
  CHECK(r.remote_data == nullptr);
  CHECK(r.mistyped == std::vector<std::string>{"/remote_data"});
  CHECK(r.is_mistyped("/remote_data"));
  CHECK_FALSE(r.is_mistyped("/job_form_field_answers"));
  // Given a value: owner (whatever its type) and stage; an empty list, "" and null are not given.
  CHECK(r.lever.given == std::vector<std::string>{"owner", "stage"});
  CHECK(r.lever.was_given("owner"));
  CHECK_FALSE(r.lever.was_given("followers"));
  CHECK_FALSE(r.lever.was_given("created_at"));

  const auto answers_object = parse_json(R"({"job_form_field_answers": {"name": "n"}, "remote_data": null})");
  CHECK(tc::read_candidate_record(answers_object).mistyped == std::vector<std::string>{"/job_form_field_answers"});
}
