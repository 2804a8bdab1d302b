#include "core/model/candidate_record.hpp"

#include <string_view>

#include "core/model/person_name.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using rapidjson::Value;

std::string text_of(const Value& v) { return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : ""; }

// The items of list `key`: strings as they are, objects by their `item_key` string (skipped otherwise).
std::vector<std::string> strings_of(const Value& object, const char* key, const char* item_key = nullptr) {
  std::vector<std::string> out;
  if (const Value* list = array_member(object, key)) {
    for (const auto& item : list->GetArray()) {
      if (item.IsString())
        out.push_back(text_of(item));
      else if (item_key != nullptr && item.IsObject() && get_member(item, item_key) != nullptr)
        out.push_back(get_string(item, item_key));
    }
  }
  return out;
}

// A list whose items are a plain string or an object {value_key, type}: emails and links. `Item` is
// {value, type}.
template <typename Item>
std::vector<Item> typed_strings_of(const Value& record, const char* key, const char* value_key) {
  std::vector<Item> out;
  if (const Value* list = array_member(record, key)) {
    for (const auto& item : list->GetArray()) {
      if (item.IsString()) out.push_back({text_of(item), ""});
      if (item.IsObject()) out.push_back({get_string(item, value_key), get_string(item, "type")});
    }
  }
  return out;
}

std::vector<CandidatePhone> phones_of(const Value& record) {
  std::vector<CandidatePhone> out;
  if (const Value* list = array_member(record, "phones")) {
    for (const auto& item : list->GetArray()) {
      if (item.IsObject())
        out.push_back({get_string(item, "number"), get_string(item, "type"), get_string(item, "extension")});
    }
  }
  return out;
}

std::vector<Attachment> attachments_of(const Value& record) {
  std::vector<Attachment> out;
  const Value* list = array_member(record, "attachments");
  if (list == nullptr) return out;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const Value& item = (*list)[i];
    if (!item.IsObject()) continue;
    Attachment a;
    a.pointer = "/attachments/" + std::to_string(i);
    if (const Value* id = get_member(item, "id"); id != nullptr && id->IsInt64())
      a.id = std::to_string(id->GetInt64());
    else
      a.id = get_string(item, "id");
    a.file_name = get_string(item, "file_name");
    a.file_url = get_string(item, "file_url");
    a.type = get_string(item, "type");
    a.attachment_type = get_string(item, "attachment_type");
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<FormAnswer> answers_of(const Value& record) {
  std::vector<FormAnswer> out;
  const Value* list = array_member(record, "job_form_field_answers");
  if (list == nullptr) return out;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const Value& item = (*list)[i];  // an entry that is not an object reads as one without a name
    FormAnswer answer;
    answer.pointer = "/job_form_field_answers/" + std::to_string(i);
    answer.name = get_string(item, "name");
    answer.group_id = get_string(item, "group_id");
    const Value* value = item.IsObject() ? get_member(item, "value") : nullptr;
    if (value == nullptr || value->IsNull()) {
      answer.kind = FormAnswer::Kind::Null;
    } else if (value->IsString()) {
      answer.kind = FormAnswer::Kind::Text;
      answer.text = text_of(*value);
    } else if (value->IsArray()) {
      answer.kind = FormAnswer::Kind::List;
      for (rapidjson::SizeType k = 0; k < value->Size(); ++k) {
        if ((*value)[k].IsString())
          answer.list.push_back(text_of((*value)[k]));
        else if (answer.non_string_item < 0)
          answer.non_string_item = static_cast<int>(k);
      }
    } else {
      answer.kind = FormAnswer::Kind::Other;
    }
    out.push_back(std::move(answer));
  }
  return out;
}

}  // namespace

LeverFields read_lever_fields(const Value& record) {
  LeverFields out;
  const Value* lever = get_member(record, "lever");
  if (lever == nullptr || !lever->IsObject()) return out;
  out.owner = get_string(*lever, "owner");
  out.followers = strings_of(*lever, "followers");
  out.stage = get_string(*lever, "stage");
  out.sources = strings_of(*lever, "sources");
  out.origin = get_string(*lever, "origin");
  out.created_at = get_string(*lever, "created_at");
  out.archive_reason = get_string(*lever, "archive_reason");
  out.archived_at = get_string(*lever, "archived_at");
  for (const auto& member : lever->GetObject()) {
    const Value& v = member.value;
    if (v.IsNull() || (v.IsString() && v.GetStringLength() == 0) || (v.IsArray() && v.Empty())) continue;
    out.given.push_back(text_of(member.name));
  }
  if (const Value* notes = array_member(*lever, "notes")) {
    for (const auto& note : notes->GetArray()) {
      if (note.IsString()) out.notes.push_back({text_of(note), false, ""});  // a note given as its text
      if (!note.IsObject()) continue;
      const Value* secret = get_member(note, "secret");
      out.notes.push_back(
          {get_string(note, "text"), secret != nullptr && secret->IsTrue(), get_string(note, "created_at")});
    }
  }
  return out;
}

bool is_resume_type(std::string_view type, std::string_view attachment_type) {
  return lower(trim(type)) == "resume" || lower(trim(attachment_type)) == "resume";
}

bool LeverFields::was_given(std::string_view key) const {
  for (const auto& k : given)
    if (k == key) return true;
  return false;
}

std::string CandidateRecord::first_email() const { return emails.empty() ? std::string() : emails.front().email; }

std::string CandidateRecord::full_name() const { return tc::full_name(name, first_name, last_name); }

bool CandidateRecord::is_mistyped(std::string_view pointer) const {
  for (const auto& p : mistyped)
    if (p == pointer) return true;
  return false;
}

const Attachment* CandidateRecord::resume() const {
  for (const auto& a : attachments)
    if (a.is_resume()) return &a;
  return nullptr;
}

CandidateRecord read_candidate_record(const rapidjson::Value& validated) {
  CandidateRecord r;
  r.document = &validated;
  if (!validated.IsObject()) return r;
  r.first_name = get_string(validated, "first_name");
  r.last_name = get_string(validated, "last_name");
  r.name = get_string(validated, "name");
  r.title = get_string(validated, "title");
  r.company = get_string(validated, "company");
  r.locations = strings_of(validated, "locations");
  r.phones = phones_of(validated);
  r.emails = typed_strings_of<CandidateEmail>(validated, "emails", "email");
  r.links = typed_strings_of<CandidateLink>(validated, "links", "url");
  r.tags = strings_of(validated, "tags", "name");
  r.attachments = attachments_of(validated);
  r.answers = answers_of(validated);
  r.job_id = get_string(validated, "job_id");
  r.lever = read_lever_fields(validated);
  if (const Value* remote = get_member(validated, "remote_data"); remote != nullptr && remote->IsObject())
    r.remote_data = remote;
  if (const Value* m = get_member(validated, "remote_data"); m != nullptr && !m->IsNull() && !m->IsObject())
    r.mistyped.push_back("/remote_data");
  const Value* answers = get_member(validated, "job_form_field_answers");
  if (answers != nullptr && !answers->IsNull() && !answers->IsArray()) r.mistyped.push_back("/job_form_field_answers");
  return r;
}

}  // namespace tc
