#include "core/lever/route_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/http/multipart_fields.hpp"
#include "core/input/attachment_to_send.hpp"
#include "core/util/string_list.hpp"
#include "core/util/strings.hpp"

namespace tc {

std::string display_name(const CandidateRecord& record) {
  const std::string name = record.full_name();
  return name.empty() ? std::string("(no name)") : name;
}

AttachmentReads attachment_reads(const CandidateRecord& record) {
  AttachmentReads reads;
  for (const Attachment& a : record.attachments) {
    if (a.is_resume())
      reads.resumes = true;
    else
      reads.files = true;
  }
  return reads;
}

void check_local_files(const CandidateRecord& record) {
  for (const Attachment& attachment : record.attachments) {
    std::vector<Problem> problems;  // the mapping reports them
    const std::optional<AttachmentToSend> to_send = attachment_to_send(attachment, problems);
    if (!to_send || !to_send->is_local_file) continue;
    check_local_attachment(to_send->source, to_send->file_name, attachment.is_resume(), attachment.pointer);
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

rapidjson::Document list_body(const char* key, const std::vector<std::string>& items) {
  rapidjson::Document body(rapidjson::kObjectType);
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& item : items) list.PushBack(make_string(item, body.GetAllocator()), body.GetAllocator());
  body.AddMember(rapidjson::StringRef(key), list, body.GetAllocator());
  return body;
}

std::vector<std::string> lacking(const rapidjson::Value& opportunity, const char* key,
                                 const std::vector<std::string>& wanted) {
  std::vector<std::string> have, out;
  for (const auto& held : string_list(opportunity, key)) have.push_back(lower(held));
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
