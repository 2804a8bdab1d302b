// libFuzzer target over the record pipeline: read (JSON / NDJSON / CSV) → validate → map.
// Run it with scripts/fuzz.sh. The first input byte picks the reader mode (byte % 4: '0' Auto,
// '1' Json, '2' Ndjson, '3' Csv); the rest is the input file. For every readable record:
//   validate as lead and as applicant; map_lead (+ multipart_fields) when the lead validation passes;
//   plan_apply against the sandbox posting's form and build_apply_body when nothing is wrong (fake
//   upload uris); candidate_from_opportunity with the record read as a Lever opportunity (its
//   "resumes"/"files" members, when present, as the attachment lists); parse_answer_flag and
//   split_typed_value on the record's tag strings.
// The CLI only maps records that validated, so the fuzzer does the same (anything else would report
// contract violations, not bugs). tc::Error is an expected outcome; any other exception escapes and
// libFuzzer reports it, as it does sanitizer reports and RapidJSON assertion failures.
// tests/unit/test_fuzz_regressions.cpp includes this file to replay tests/corpus/fuzz-regressions.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "core/http/multipart_fields.hpp"
#include "core/input/field_flags.hpp"
#include "core/input/record_reader.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/candidate_mapping.hpp"
#include "core/lever/job_form.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/model/target.hpp"
#include "core/util/error.hpp"
#include "core/validation/validation.hpp"
#include "tests/fixtures/sandbox_form.hpp"

namespace tc_fuzz {

// The sandbox posting's form (same as tests/unit/test_apply_mapping.cpp): required and optional
// fields of every type, custom groups, EEO questions.
using tc::test::kSandboxForm;

// Built once per process and never modified (both are immutable after construction).
const tc::JobForm& sandbox_form() {
  static const tc::JobForm form = [] {
    rapidjson::Document d;
    d.Parse(kSandboxForm);
    return tc::JobForm::parse(d);
  }();
  return form;
}

const tc::Validator& validator() {
  static const tc::Validator instance;
  return instance;
}

// Serialising the outputs makes every string in them be read (ASan sees dangling or bad strings).
std::size_t serialised_size(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetSize();
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

void map_as_lead(const rapidjson::Value& record) {
  tc::Target lead;
  lead.job_id = "5f1e0000-0000-4000-8000-00000000a001";
  lead.source = tc::ApplicationSource::Lead;
  if (!validator().validate_request(record, lead).empty()) return;
  try {
    tc::LeadPlan plan = tc::map_lead(tc::read_candidate_record(record), lead);
    serialised_size(plan.body);
    if (plan.multipart()) tc::multipart_fields(plan.body);
  } catch (const tc::Error&) {
    // an attachment without usable bytes, a second resume, …: expected for arbitrary records
  }
}

void map_as_applicant(const rapidjson::Value& record) {
  tc::Target applicant;
  applicant.job_id = "5f1e0000-0000-4000-8000-00000000a001";
  applicant.source = tc::ApplicationSource::Applicant;
  if (!validator().validate_request(record, applicant).empty()) return;
  const tc::JobForm& form = sandbox_form();
  tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(record), form);
  if (!plan.problems.empty()) return;
  std::map<std::string, std::string> uris;
  for (const auto& upload : plan.uploads) {
    uris[upload.attachment.id] = "https://api.lever.co/v1/uploads/fuzz-" + std::to_string(uris.size());
  }
  try {
    rapidjson::Document body = tc::build_apply_body(tc::read_candidate_record(record), form, uris);
    serialised_size(body);
  } catch (const tc::Error&) {
    // build_apply_body re-checks what plan_apply checked; an error here is reported, not a crash
  }
}

void map_as_opportunity(const rapidjson::Value& record) {
  rapidjson::Document plain = tc::candidate_from_opportunity(record, nullptr, nullptr);
  serialised_size(plain);
  const rapidjson::Value* resumes = member(record, "resumes");
  const rapidjson::Value* files = member(record, "files");
  if (resumes != nullptr || files != nullptr) {
    rapidjson::Document with_files = tc::candidate_from_opportunity(record, resumes, files);
    serialised_size(with_files);
  }
}

// The flag parsers see the record's tag strings as flag values.
void parse_as_flags(const rapidjson::Value& record) {
  const rapidjson::Value* tags = member(record, "tags");
  if (tags == nullptr || !tags->IsArray()) return;
  rapidjson::Document scratch(rapidjson::kObjectType);
  for (const auto& tag : tags->GetArray()) {
    if (!tag.IsString()) continue;
    const std::string text(tag.GetString(), tag.GetStringLength());
    tc::split_typed_value(text);
    try {
      tc::parse_answer_flag(text, scratch.GetAllocator());
    } catch (const tc::Error&) {
      // a malformed --answer is a usage error
    }
  }
}

void run_pipeline(const uint8_t* data, std::size_t size) {
  if (size == 0) return;
  static constexpr tc::InputFormat kModes[] = {tc::InputFormat::Auto, tc::InputFormat::Json, tc::InputFormat::Ndjson,
                                               tc::InputFormat::Csv};
  const tc::InputFormat mode = kModes[data[0] % 4];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  tc::RecordReader reader(in, mode, "fuzz");
  tc::InputRecord record;
  try {
    while (reader.next(record)) {
      if (record.error) continue;
      map_as_lead(record.doc);
      map_as_applicant(record.doc);
      map_as_opportunity(record.doc);
      parse_as_flags(record.doc);
    }
  } catch (const tc::Error&) {
    // unrecoverable input damage (unclosed array, bad CSV header, …): reading stops, as documented
  }
}

}  // namespace tc_fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tc_fuzz::run_pipeline(data, size);
  return 0;
}
