// Each step of the applicant mapping alone (core/lever/answer_resolver.hpp, docs/lever-contract.md §3):
// attachments, answers, links, checks and body, over the sandbox posting's form.
#include <doctest/doctest.h>

#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/lever/answer_resolver.hpp"
#include "core/lever/job_form.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "tests/fixtures/sandbox_form.hpp"

using namespace tc;

namespace {

const std::string kScreening = "c0ffee00-0000-4000-8000-000000000001";
const std::string kHeard = "a1b2c3d4-0000-4000-8000-000000000011";
const std::string kYears = "a1b2c3d4-0000-4000-8000-000000000012";
const std::string kLanguages = "a1b2c3d4-0000-4000-8000-000000000013";
const std::string kCoverLetter = "a1b2c3d4-0000-4000-8000-000000000015";

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

JobForm sandbox_form() { return JobForm::parse(doc(tc::test::kSandboxForm)); }

// The typed record of `text`; its document lives as long as the test binary (remote_data points into it).
CandidateRecord record_of(const std::string& text) {
  static std::deque<rapidjson::Document> documents;
  documents.push_back(doc(text));
  return read_candidate_record(documents.back());
}

// The index of field (group, id) in `form`; fails the test when the form has no such field.
size_t field(const JobForm& form, const std::string& group, const std::string& id) {
  for (size_t i = 0; i < form.fields.size(); ++i) {
    if (form.fields[i].group_id == group && form.fields[i].id == id) return i;
  }
  FAIL("no field " << group << "/" << id);
  return 0;
}

std::string text_of(const JobForm& form, const FormValues& values, const std::string& group, const std::string& id) {
  const FieldValue& v = values.values[field(form, group, id)];
  return v.kind == FieldValue::Kind::Text ? v.text : "<" + std::to_string(static_cast<int>(v.kind)) + ">";
}

std::vector<std::string> pointers(const FormValues& values) {
  std::vector<std::string> out;
  for (const auto& p : values.problems) out.push_back(p.pointer);
  return out;
}

}  // namespace

TEST_CASE("links step: a LinkedIn link takes the LinkedIn field, a website the Other field, the rest is left over") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  const auto leftovers = place_links(
      form,
      record_of(R"({"links":["https://www.linkedin.com/in/ada","https://ada.dev/blog",)"
                R"("https://linkedin.com/in/ada-again",{"url":"https://gitlab.com/ada","type":"gitlab"}]})"),
      values);
  CHECK(text_of(form, values, "urls", "LinkedIn") == "https://www.linkedin.com/in/ada");
  CHECK(text_of(form, values, "urls", "Other Website") == "https://ada.dev/blog");
  CHECK_FALSE(values.values[field(form, "urls", "GitHub")].has_value());
  // The second LinkedIn link has a field of its own (taken), so it does not fall back to Other Website;
  // gitlab has no field and Other Website is already taken.
  CHECK(leftovers == std::vector<std::string>{"https://linkedin.com/in/ada-again", "https://gitlab.com/ada"});
  CHECK(values.problems.empty());
}

TEST_CASE("links step: the type names the site; a taken field leaves the link over") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  values.values[field(form, "urls", "GitHub")] = {FieldValue::Kind::Text, "https://github.com/answered", {}};
  const auto leftovers = place_links(
      form, record_of(R"({"links":[{"url":"https://code.example/ada","type":"LinkedIn"},"https://github.com/ada"]})"),
      values);
  CHECK(text_of(form, values, "urls", "LinkedIn") == "https://code.example/ada");
  CHECK(text_of(form, values, "urls", "GitHub") == "https://github.com/answered");
  CHECK(leftovers == std::vector<std::string>{"https://github.com/ada"});
}

TEST_CASE("attachments step: the resume fills the resume field, a file answer its question; both carried") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  place_resume(form, "cv", values);
  const size_t resume = field(form, "personalInformation", "resume");
  CHECK(values.values[resume].kind == FieldValue::Kind::Attachment);
  CHECK(values.values[resume].text == "cv");

  place_answers(form, record_of(R"({"job_form_field_answers":[{"name":")" + kCoverLetter + R"(","value":"letter"}]})"),
                {"cv", "letter", "portfolio"}, values);
  REQUIRE(values.problems.empty());
  const size_t cover = field(form, kScreening, kCoverLetter);
  CHECK(values.values[cover].kind == FieldValue::Kind::Attachment);
  CHECK(values.values[cover].text == "letter");
  // "portfolio" fills no field: it is not carried (the caller makes it a leftover file).
  CHECK(carried_attachments(values) == std::vector<std::string>{"cv", "letter"});

  // The body sends each carried attachment as its upload uri.
  const rapidjson::Document body =
      apply_body(form, values, {{"cv", "https://u/cv"}, {"letter", "https://u/letter"}}, record_of("{}"));
  CHECK(
      to_json(body) ==
      R"({"personalInformation":[{"name":"resume","value":"https://u/cv"}],)"
      R"("customQuestions":[{"id":")" +
          kScreening +
          R"(","fields":[{"value":null},{"value":null},{"value":null},{"value":null},{"value":"https://u/letter"}]}]})");
}

TEST_CASE("attachments step: no resume field or no resume attachment places nothing") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  place_resume(form, "", values);
  CHECK(carried_attachments(values).empty());

  const JobForm bare =
      JobForm::parse(doc(R"({"id":"p","personalInformation":[{"name":"fullName","text":"Full name","type":"text"}]})"));
  FormValues bare_values(bare);
  place_resume(bare, "cv", bare_values);
  CHECK_FALSE(bare_values.values[0].has_value());
  CHECK(carried_attachments(bare_values).empty());
}

TEST_CASE("answers step: options become the form's text; a refused answer is remembered, not reported twice") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  place_answers(form,
                record_of(R"({"job_form_field_answers":[{"name":"how did you hear about us?","value":"job BOARD"},)"
                          R"({"name":"Languages","group_id":"Screening","value":["rust","C++","Rust"]},)"
                          R"({"name":")" +
                          kYears + R"(","value":["5"]},{"name":"fullName","value":"Ada L."}]})"),
                {}, values);
  CHECK(text_of(form, values, kScreening, kHeard) == "Job board");
  const FieldValue& languages = values.values[field(form, kScreening, kLanguages)];
  CHECK(languages.kind == FieldValue::Kind::List);
  CHECK(languages.list == std::vector<std::string>{"Rust", "C++"});
  CHECK(text_of(form, values, "personalInformation", "fullName") == "Ada L.");
  // A list for a text question is refused.
  REQUIRE(values.problems.size() == 1);
  CHECK(values.problems[0].pointer == "/job_form_field_answers/2/value");
  CHECK(values.problems[0].message.find("takes one value, not a list") != std::string::npos);
  CHECK(values.refused_answers == std::set<size_t>{field(form, kScreening, kYears)});

  // check_applicant does not add "required question … has no answer" for the refused one.
  const auto record = record_of(R"({"emails":[{"email":"a@b.c"}],"locations":["Oslo"]})");
  place_personal_information(form, record, values);
  check_applicant(form, record, values);
  CHECK(pointers(values) == std::vector<std::string>{"/job_form_field_answers/2/value"});
}

TEST_CASE("answers step: a file answer that is neither an attachment id nor a URL lists the ids") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  place_answers(form,
                record_of(R"({"job_form_field_answers":[{"name":"Cover letter","value":"nope"},)"
                          R"({"name":"resume","value":"https://files.example/cv.pdf"}]})"),
                {"cv", "letter"}, values);
  REQUIRE(values.problems.size() == 1);
  CHECK(values.problems[0].pointer == "/job_form_field_answers/0/value");
  CHECK(values.problems[0].message.find("(cv, letter)") != std::string::npos);
  CHECK(text_of(form, values, "personalInformation", "resume") == "https://files.example/cv.pdf");
  CHECK(carried_attachments(values).empty());
}

TEST_CASE("personal information step and checks: derived values, missing name, e-mail and required fields") {
  const JobForm form = sandbox_form();
  const auto record = record_of(R"({"first_name":" Ada ","last_name":"Lovelace","company":"Analytical Engines",)"
                                R"("emails":[{"email":"ada@example.com"}],"phones":[{"number":"+44 1"}]})");
  FormValues values(form);
  place_personal_information(form, record, values);
  CHECK(text_of(form, values, "personalInformation", "fullName") == "Ada Lovelace");  // each part trimmed, as for leads
  CHECK(text_of(form, values, "personalInformation", "email") == "ada@example.com");
  CHECK(text_of(form, values, "personalInformation", "phone") == "+44 1");
  CHECK(text_of(form, values, "personalInformation", "currentCompany") == "Analytical Engines");
  CHECK_FALSE(values.values[field(form, "personalInformation", "currentLocation")].has_value());

  check_applicant(form, record, values);
  // currentLocation and the two required screening questions.
  CHECK(pointers(values) ==
        std::vector<std::string>{"/locations", "/job_form_field_answers", "/job_form_field_answers"});

  FormValues named(form);  // a full `name` fills fullName as written and counts as the name
  const auto with_name = record_of(R"({"name":"Ada King","first_name":"Ada","emails":[{"email":"ada@example.com"}]})");
  place_personal_information(form, with_name, named);
  CHECK(text_of(form, named, "personalInformation", "fullName") == "Ada King");
  check_applicant(form, with_name, named);
  for (const auto& pointer : pointers(named)) CHECK(pointer != "/first_name");

  FormValues empty(form);
  check_applicant(form, record_of(R"({"remote_data":[1]})"), empty);
  CHECK(pointers(empty) == std::vector<std::string>{"/first_name", "/emails", "/locations", "/job_form_field_answers",
                                                    "/job_form_field_answers", "/remote_data"});
}

TEST_CASE("record_tags: strings and {name}, blanks dropped") {
  CHECK(record_tags(record_of(R"({"tags":[" a ",{"name":"b"},"",{"x":1}]})")) == std::vector<std::string>{"a", "b"});
  CHECK(record_tags(record_of(R"({"tags":"a"})")).empty());
}

TEST_CASE("body step: form order, EEO keyed by name, remote_data last; a missing uri is internal") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  values.values[field(form, "eeoQuestions", "gender")] = {FieldValue::Kind::Text, "Female", {}};
  values.values[field(form, "urls", "GitHub")] = {FieldValue::Kind::Text, "https://github.com/ada", {}};
  values.values[field(form, "personalInformation", "email")] = {FieldValue::Kind::Text, "ada@example.com", {}};
  values.values[field(form, "personalInformation", "fullName")] = {FieldValue::Kind::Text, "Ada", {}};
  const rapidjson::Document body =
      apply_body(form, values, {}, record_of(R"({"remote_data":{"eeoResponses":{"race":"x"},"source":"s"}})"));
  CHECK(to_json(body) == R"({"personalInformation":[{"name":"fullName","value":"Ada"},)"
                         R"({"name":"email","value":"ada@example.com"}],)"
                         R"("urls":[{"name":"GitHub","value":"https://github.com/ada"}],)"
                         R"("eeoResponses":{"race":"x"},"source":"s"})");

  values.values[field(form, "personalInformation", "resume")] = {FieldValue::Kind::Attachment, "cv", {}};
  try {
    apply_body(form, values, {{"other", "https://u/other"}}, record_of("{}"));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Internal);
    CHECK(std::string(e.what()).find("\"cv\"") != std::string::npos);
  }
}

// ---- suggestions: the fix names a question by its text; typos get the nearest name -----------------

TEST_CASE("checks step: an unanswered question's fix names it by its text") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  const CandidateRecord record = record_of(
      R"({"first_name":"Ada","emails":[{"email":"a@e.com"}],"locations":["Berlin"],"job_form_field_answers":[)"
      R"({"name":"How did you hear about us?","value":"Referral"}]})");
  place_personal_information(form, record, values);
  place_answers(form, record, {}, values);
  check_applicant(form, record, values);
  REQUIRE(values.problems.size() == 1);
  CHECK(values.problems[0].pointer == "/job_form_field_answers");
  CHECK(values.problems[0].message == "required question \"Years of experience\" (group " + kScreening +
                                          " \"Screening\", field " + kYears +
                                          ") has no answer; add --answer 'Years of experience=VALUE'");
}

TEST_CASE("checks step: a text that is ambiguous or breaks the flag's syntax falls back to the id") {
  const JobForm form = JobForm::parse(doc(
      R"({"id":"p","personalInformation":[{"name":"fullName","text":"Full name"},{"name":"email","text":"Email"}],)"
      R"("customQuestions":[{"id":"g1","text":"One","fields":[)"
      R"({"id":"q1","text":"Notes","type":"text","required":true},)"
      R"({"id":"q2","text":"notes","type":"text","required":true},)"
      R"({"id":"q3","text":"Salary=expected?","type":"text","required":true},)"
      R"({"id":"q4","text":"Visa/permit","type":"dropdown","required":true,"options":[{"text":"Yes"},{"text":"No"}]},)"
      R"({"id":"q5","text":"Skills","type":"multiple-select","required":true,"options":[{"text":"C"}]}]}]})"));
  FormValues values(form);
  const CandidateRecord record = record_of(R"({"first_name":"Ada","emails":[{"email":"a@e.com"}]})");
  place_personal_information(form, record, values);
  check_applicant(form, record, values);
  REQUIRE(values.problems.size() == 5);
  CHECK(values.problems[0].message ==
        "required question \"Notes\" (group g1 \"One\", field q1) has no answer; add --answer 'q1=VALUE'");
  CHECK(values.problems[1].message ==
        "required question \"notes\" (group g1 \"One\", field q2) has no answer; add --answer 'q2=VALUE'");
  CHECK(values.problems[2].message ==
        "required question \"Salary=expected?\" (group g1 \"One\", field q3) has no answer; add --answer 'q3=VALUE'");
  // A leading '/' keeps "Visa" from being read as a group.
  CHECK(values.problems[3].message ==
        "required question \"Visa/permit\" (group g1 \"One\", field q4) has no answer; add --answer "
        "'/Visa/permit=VALUE' (one of: Yes, No)");
  CHECK(values.problems[4].message ==
        "required question \"Skills\" (group g1 \"One\", field q5) has no answer; add --answer "
        "'Skills=[\"VALUE\", …]' (one of: C)");
}

TEST_CASE("checks step: required personal information offers the flag and the question's text") {
  const JobForm form = sandbox_form();
  FormValues values(form);
  const CandidateRecord record = record_of(R"({"first_name":"Ada","emails":[{"email":"a@e.com"}]})");
  place_personal_information(form, record, values);
  check_applicant(form, record, values);
  REQUIRE(values.problems.size() == 3);
  CHECK(values.problems[0].pointer == "/locations");
  CHECK(values.problems[0].message ==
        "the form requires \"Current location\"; add a location (--location CITY) or --answer 'Current "
        "location=VALUE'");
}

TEST_CASE("answers step: a misspelt question, option or group gets the nearest one") {
  const JobForm form = sandbox_form();
  const std::string list_hint = " (list the fields with 'truto-candidates form --job-id " + form.posting_id + "')";
  SUBCASE("question") {
    FormValues values(form);
    place_answers(form, record_of(R"({"job_form_field_answers":[{"name":"Years of experince","value":"3"}]})"), {},
                  values);
    REQUIRE(values.problems.size() == 1);
    CHECK(values.problems[0].pointer == "/job_form_field_answers/0/name");
    CHECK(values.problems[0].message ==
          "no field \"Years of experince\" on this posting's form; did you mean \"Years of experience\"?" + list_hint);
  }
  SUBCASE("question within a group: only that group's fields are suggested") {
    FormValues values(form);
    place_answers(form,
                  record_of(R"({"job_form_field_answers":[{"name":"Langauges","group_id":"Logistics","value":"C"}]})"),
                  {}, values);
    REQUIRE(values.problems.size() == 1);
    CHECK(values.problems[0].message ==
          "no field \"Langauges\" in group \"Logistics\" on this posting's form" + list_hint);
  }
  SUBCASE("nothing close: no suggestion") {
    FormValues values(form);
    place_answers(form, record_of(R"({"job_form_field_answers":[{"name":"Favourite colour","value":"blue"}]})"), {},
                  values);
    REQUIRE(values.problems.size() == 1);
    CHECK(values.problems[0].message == "no field \"Favourite colour\" on this posting's form" + list_hint);
  }
  SUBCASE("option") {
    FormValues values(form);
    place_answers(
        form,
        record_of(
            R"({"job_form_field_answers":[{"name":"How did you hear about us?","value":"Refferal"},)"
            R"({"name":"Languages","value":["Rust","Pyhton"]},{"name":"Willing to relocate?","value":"Maybe"}]})"),
        {}, values);
    REQUIRE(values.problems.size() == 3);
    CHECK(values.problems[0].pointer == "/job_form_field_answers/0/value");
    CHECK(values.problems[0].message == "\"Refferal\" is not an option of \"How did you hear about us?\" (group " +
                                            kScreening + " \"Screening\", field " + kHeard +
                                            "); did you mean \"Referral\"? (one of: Referral, Job board, Conference)");
    CHECK(values.problems[1].pointer == "/job_form_field_answers/1/value/1");
    CHECK(values.problems[1].message == "\"Pyhton\" is not an option of \"Languages\" (group " + kScreening +
                                            " \"Screening\", field " + kLanguages +
                                            "); did you mean \"Python\"? (one of: C++, Rust, Go, Python)");
    CHECK(values.problems[2].message ==
          "\"Maybe\" is not an option of \"Willing to relocate?\" (group c0ffee00-0000-4000-8000-000000000002 "
          "\"Logistics\", field a1b2c3d4-0000-4000-8000-000000000021) (one of: Yes, No)");
  }
  SUBCASE("group") {
    FormValues values(form);
    place_answers(form,
                  record_of(R"({"job_form_field_answers":[{"name":"Languages","group_id":"Screning","value":"C"}]})"),
                  {}, values);
    REQUIRE(values.problems.size() == 1);
    CHECK(values.problems[0].pointer == "/job_form_field_answers/0/group_id");
    CHECK(values.problems[0].message ==
          "no group \"Screning\" on this posting's form; did you mean \"Screening\"? (groups: personalInformation, "
          "urls, " +
              kScreening + " (\"Screening\"), c0ffee00-0000-4000-8000-000000000002 (\"Logistics\"), eeoQuestions)");
  }
}
