#include "core/lever/route_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/http/multipart_fields.hpp"
#include "core/input/file_url.hpp"
#include "core/model/candidate_record.hpp"
#include "core/model/person_name.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

bool is_resume(const rapidjson::Value& attachment) {
  return is_resume_type(string_member(attachment, "type"), string_member(attachment, "attachment_type"));
}

const rapidjson::Value* lever_object(const rapidjson::Value& record) {
  const auto* lever = get_member(record, "lever");
  return lever != nullptr && lever->IsObject() ? lever : nullptr;
}

}  // namespace

std::string first_email(const rapidjson::Value& record) {
  const rapidjson::Value* emails = array_member(record, "emails");
  if (emails == nullptr || emails->Empty()) return {};
  return get_string((*emails)[0], "email");
}

std::string display_name(const rapidjson::Value& record) {
  const std::string name = full_name(record);
  return name.empty() ? std::string("(no name)") : name;
}

AttachmentReads attachment_reads(const rapidjson::Value& record) {
  AttachmentReads reads;
  if (const auto* attachments = array_member(record, "attachments")) {
    for (const auto& a : attachments->GetArray()) {
      if (is_resume(a))
        reads.resumes = true;
      else
        reads.files = true;
    }
  }
  return reads;
}

void check_local_files(const rapidjson::Value& record) {
  const rapidjson::Value* attachments = array_member(record, "attachments");
  if (attachments == nullptr) return;
  for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
    const rapidjson::Value& attachment = (*attachments)[i];
    const std::string pointer = fmt::format("/attachments/{}", i);
    const FileUrlReading reading = read_file_url(get_string(attachment, "file_url"), pointer);
    if (reading.problem || !reading.source.is_local_file) continue;
    check_local_attachment(reading.source.location, std::string(trim(get_string(attachment, "file_name"))),
                           is_resume(attachment), pointer);
  }
}

FormPart file_part(const std::string& name, LoadedFile file) {
  FormPart part;
  part.name = name;
  part.is_file = true;
  part.file_name = std::move(file.file_name);
  part.content_type = std::move(file.content_type);
  part.value = std::move(file.bytes);
  return part;
}

FormPart planned_file_part(const std::string& name, const std::string& file_name, const std::string& source) {
  FormPart part;
  part.name = name;
  part.is_file = true;
  part.file_name = file_name;
  part.content_type = content_type_for_file_name(file_name);
  part.value = source;
  return part;
}

std::vector<std::string> held_file_names(const rapidjson::Value& held) {
  std::vector<std::string> names;
  if (!held.IsArray()) return names;
  for (const auto& f : held.GetArray()) {
    std::string name = get_string(f, "name");
    if (const auto* file = get_member(f, "file"); file != nullptr && file->IsObject()) name = get_string(*file, "name");
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

std::string lever_string(const rapidjson::Value& record, const char* key) {
  const auto* lever = lever_object(record);
  return lever == nullptr ? std::string() : get_string(*lever, key);
}

std::vector<std::string> lever_strings(const rapidjson::Value& record, const char* key) {
  std::vector<std::string> out;
  const auto* lever = lever_object(record);
  if (lever == nullptr) return out;
  if (const auto* list = array_member(*lever, key))
    for (const auto& v : list->GetArray())
      if (v.IsString() && v.GetStringLength() > 0) out.emplace_back(v.GetString());
  return out;
}

std::vector<std::string> lacking(const rapidjson::Value& opportunity, const char* key,
                                 const std::vector<std::string>& wanted) {
  std::vector<std::string> have, out;
  if (const auto* list = array_member(opportunity, key))
    for (const auto& v : list->GetArray())
      if (v.IsString()) have.push_back(lower(v.GetString()));
  for (const auto& item : wanted) {
    if (std::find(have.begin(), have.end(), lower(item)) != have.end()) continue;
    have.push_back(lower(item));
    out.push_back(item);
  }
  return out;
}

void take_member(rapidjson::Document& opportunity, const rapidjson::Value& updated, const char* key) {
  const auto* value = get_member(updated, key);
  if (value == nullptr || !opportunity.IsObject()) return;
  rapidjson::Value copy(*value, opportunity.GetAllocator());
  if (opportunity.HasMember(key))
    opportunity[key] = copy;
  else
    opportunity.AddMember(rapidjson::StringRef(key), copy, opportunity.GetAllocator());
}

Error unknown_outcome(const std::string& what, const std::string& detail, const std::string& hint) {
  Error e(ErrorKind::TempFail, fmt::format("outcome unknown: {} ({})", what, detail), hint);
  e.mark_outcome_unknown();
  return e;
}

}  // namespace tc
