// JobForm::parse and the unified job form fields view (core/lever/job_form.hpp).
#include <doctest/doctest.h>

#include <rapidjson/document.h>
#include <rapidjson/schema.h>

#include <string>

#include "core/lever/job_form.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/validation/bundled_schemas.hpp"
#include "fakes.hpp"
#include "tests/fixtures/sandbox_form.hpp"

namespace {

using tc::test::kSandboxForm;

using tc::to_json;
using tc::test::parse_json;

tc::ErrorKind parse_error_kind(const char* text) {
  auto d = parse_json(text);
  try {
    tc::JobForm::parse(d);
  } catch (const tc::Error& e) {
    return e.kind();
  }
  return tc::ErrorKind::Internal;  // "did not throw"
}

}  // namespace

TEST_CASE("parse: the sandbox form flattens in form order with groups and indexes") {
  auto d = parse_json(kSandboxForm);
  const tc::JobForm form = tc::JobForm::parse(d);
  CHECK(form.posting_id == "5f1e0000-0000-4000-8000-00000000a001");
  CHECK(form.posting_text == "Compiler Engineer");
  REQUIRE(form.fields.size() == 7 + 3 + 6 + 4);

  std::string order;
  for (const auto& f : form.fields) order += f.id + ",";
  CHECK(order ==
        "fullName,email,currentCompany,currentLocation,phone,resume,additionalInformation,"
        "LinkedIn,GitHub,Other Website,"
        "a1b2c3d4-0000-4000-8000-000000000011,a1b2c3d4-0000-4000-8000-000000000012,"
        "a1b2c3d4-0000-4000-8000-000000000013,a1b2c3d4-0000-4000-8000-000000000014,"
        "a1b2c3d4-0000-4000-8000-000000000015,a1b2c3d4-0000-4000-8000-000000000021,"
        "gender,race,veteran,disability,");

  const auto& location = form.fields[3];
  CHECK(location.group_id == "personalInformation");
  CHECK(location.required);
  CHECK(location.index == 3);
  CHECK_FALSE(location.is_custom());

  const auto& heard = form.fields[10];
  CHECK(heard.group_id == "c0ffee00-0000-4000-8000-000000000001");
  CHECK(heard.group_name == "Screening");
  CHECK(heard.text == "How did you hear about us?");
  CHECK(heard.type == "dropdown");
  CHECK(heard.required);
  CHECK(heard.is_custom());
  CHECK(heard.index == 0);
  CHECK(heard.options == std::vector<std::string>{"Referral", "Job board", "Conference"});

  const auto& relocate = form.fields[15];
  CHECK(relocate.group_id == "c0ffee00-0000-4000-8000-000000000002");
  CHECK(relocate.index == 0);  // index restarts per group

  CHECK(form.fields[16].group_id == "eeoQuestions");
  CHECK(form.fields[16].option_ids == std::vector<std::string>{"f", "m", "d"});
  CHECK(form.fields[8].group_id == "urls");
  CHECK(form.fields[8].index == 1);

  const auto groups = form.custom_groups();
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].first == "c0ffee00-0000-4000-8000-000000000001");
  CHECK(groups[1].second == "Logistics");
}

TEST_CASE("parse: option lists abbreviated as strings and missing sections are accepted") {
  auto d = parse_json(R"({"id":"p","text":"T","eeoQuestions":{"veteran":{"type":"dropdown","options":["A","B"]}}})");
  const tc::JobForm form = tc::JobForm::parse(d);
  REQUIRE(form.fields.size() == 1);
  CHECK(form.fields[0].options == std::vector<std::string>{"A", "B"});
  CHECK(form.fields[0].text == "veteran");  // falls back to the key
  CHECK_FALSE(form.fields[0].required);
}

TEST_CASE("parse: malformed forms are Protocol errors") {
  CHECK(parse_error_kind(R"([])") == tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"personalInformation": {}})") == tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"personalInformation": [{"text": "no name"}]})") == tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"customQuestions": [{"id": "g"}]})") == tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"customQuestions": [{"id": "g", "fields": [{"text": "no id"}]}]})") ==
        tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"customQuestions": [{"id": "g", "fields": [{"id": "f", "options": [1]}]}]})") ==
        tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"eeoQuestions": []})") == tc::ErrorKind::Protocol);
  CHECK(parse_error_kind(R"({"urls": [{"name": "x", "type": 3}]})") == tc::ErrorKind::Protocol);
}

TEST_CASE("unified types") {
  CHECK(tc::unified_field_type("text") == "text");
  CHECK(tc::unified_field_type("textarea") == "textarea");
  CHECK(tc::unified_field_type("dropdown") == "dropdown");
  CHECK(tc::unified_field_type("file-upload") == "file");
  CHECK(tc::unified_field_type("multiple-choice") == "radio");
  CHECK(tc::unified_field_type("multiple-select") == "checkbox");
  CHECK(tc::unified_field_type("university") == "university");  // no clear mapping: raw
}

TEST_CASE("unified_job_form_fields: shape of each entry") {
  auto d = parse_json(kSandboxForm);
  const tc::JobForm form = tc::JobForm::parse(d);
  const rapidjson::Document fields = tc::unified_job_form_fields(form);
  REQUIRE(fields.IsArray());
  REQUIRE(fields.Size() == 20);

  CHECK(to_json(fields[3]) == R"({"name":"currentLocation","label":"Current location",)"
                              R"("type":"text","required":true,"options":[],"group_id":"personalInformation",)"
                              R"("group_name":"Personal information","index":3})");

  CHECK(
      to_json(fields[10]) ==
      R"({"id":"a1b2c3d4-0000-4000-8000-000000000011","name":"a1b2c3d4-0000-4000-8000-000000000011",)"
      R"("label":"How did you hear about us?","type":"dropdown","required":true,"options":[)"
      R"({"id":"Referral","label":"Referral","value":"Referral"},{"id":"Job board","label":"Job board","value":"Job board"},)"
      R"({"id":"Conference","label":"Conference","value":"Conference"}],)"
      R"("group_id":"c0ffee00-0000-4000-8000-000000000001","group_name":"Screening","index":0})");

  // description only when present; multiple-select → checkbox, file-upload → file, multiple-choice → radio
  CHECK(std::string(fields[13]["description"].GetString()) == "Optional");
  CHECK_FALSE(fields[12].HasMember("description"));
  CHECK(std::string(fields[12]["type"].GetString()) == "checkbox");
  CHECK(std::string(fields[14]["type"].GetString()) == "file");
  CHECK(std::string(fields[15]["type"].GetString()) == "radio");
  CHECK(fields[15]["index"].GetUint64() == 0);
  CHECK_FALSE(fields[9].HasMember("id"));
  CHECK(std::string(fields[9]["name"].GetString()) == "Other Website");

  // EEO options carry Lever's optionId as the unified option id.
  CHECK(to_json(fields[16]["options"][0]) == R"({"id":"f","label":"Female","value":"Female"})");
  CHECK(std::string(fields[16]["group_name"].GetString()) == "EEO questions");
}

TEST_CASE("unified_job_form_fields: every item is valid against the bundled job-form-field schema") {
  std::string schema_text;
  for (const auto& s : tc::bundled_schemas()) {
    if (s.name == "job-form-field") schema_text = std::string(s.text);
  }
  REQUIRE_FALSE(schema_text.empty());
  auto schema_json = parse_json(schema_text.c_str());
  const rapidjson::SchemaDocument schema(schema_json);

  auto d = parse_json(kSandboxForm);
  const rapidjson::Document fields = tc::unified_job_form_fields(tc::JobForm::parse(d));
  REQUIRE(fields.Size() == 20);
  for (rapidjson::SizeType i = 0; i < fields.Size(); ++i) {
    rapidjson::SchemaValidator validator(schema);
    CHECK_MESSAGE(fields[i].Accept(validator), "item ", i, ": ", to_json(fields[i]));
  }
  // the check can fail: an extra key is refused
  rapidjson::Document bad;
  bad.CopyFrom(fields[0], bad.GetAllocator());
  bad.AddMember("is_required", true, bad.GetAllocator());
  rapidjson::SchemaValidator validator(schema);
  CHECK_FALSE(bad.Accept(validator));
}
