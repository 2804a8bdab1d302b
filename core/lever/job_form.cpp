#include "core/lever/job_form.hpp"

#include <utility>

#include "core/util/error.hpp"

namespace tc {

namespace {

[[noreturn]] void malformed(const std::string& where, const std::string& what) {
  throw Error(ErrorKind::Protocol, "Lever returned an application form that cannot be read: " + where + " " + what,
              "check --job-id names a published posting; retry later or report the posting id");
}

std::string optional_string(const rapidjson::Value& object, const char* key, const std::string& where) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || it->value.IsNull()) return {};
  if (!it->value.IsString()) malformed(where + "/" + key, "is not a string");
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::string required_string(const rapidjson::Value& object, const char* key, const std::string& where) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString() || it->value.GetStringLength() == 0) {
    malformed(where + "/" + key, "is missing or not a non-empty string");
  }
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool optional_bool(const rapidjson::Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

// Fills type, required, description, options of `field` from a Lever question object.
void read_question(const rapidjson::Value& q, const std::string& where, FormField& field) {
  field.type = optional_string(q, "type", where);
  if (field.type.empty()) field.type = "text";
  field.required = optional_bool(q, "required");
  field.description = optional_string(q, "description", where);
  auto opts = q.FindMember("options");
  if (opts == q.MemberEnd() || opts->value.IsNull()) return;
  if (!opts->value.IsArray()) malformed(where + "/options", "is not an array");
  rapidjson::SizeType k = 0;
  for (const auto& o : opts->value.GetArray()) {
    const std::string at = where + "/options/" + std::to_string(k++);
    if (o.IsString()) {  // the docs' examples abbreviate some option lists as strings
      field.options.emplace_back(o.GetString(), o.GetStringLength());
      field.option_ids.push_back(field.options.back());
    } else if (o.IsObject()) {
      field.options.push_back(required_string(o, "text", at));
      std::string option_id = optional_string(o, "optionId", at);
      field.option_ids.push_back(option_id.empty() ? field.options.back() : option_id);
    } else {
      malformed(at, "is neither an object nor a string");
    }
  }
}

const rapidjson::Value* optional_array(const rapidjson::Value& data, const char* key) {
  auto it = data.FindMember(key);
  if (it == data.MemberEnd() || it->value.IsNull()) return nullptr;
  if (!it->value.IsArray()) malformed(std::string("/") + key, "is not an array");
  return &it->value;
}

void read_named_list(const rapidjson::Value& data, const char* group, const char* group_name,
                     std::vector<FormField>& out) {
  const rapidjson::Value* list = optional_array(data, group);
  if (!list) return;
  size_t index = 0;
  for (const auto& q : list->GetArray()) {
    const std::string where = std::string("/") + group + "/" + std::to_string(index);
    if (!q.IsObject()) malformed(where, "is not an object");
    FormField f;
    f.group_id = group;
    f.group_name = group_name;
    f.id = required_string(q, "name", where);
    f.text = optional_string(q, "text", where);
    if (f.text.empty()) f.text = f.id;
    read_question(q, where, f);
    f.index = index++;
    out.push_back(std::move(f));
  }
}

}  // namespace

bool FormField::is_custom() const {
  return group_id != kPersonalInformationGroup && group_id != kUrlsGroup && group_id != kEeoQuestionsGroup;
}

JobForm JobForm::parse(const rapidjson::Value& data) {
  if (!data.IsObject()) malformed("data", "is not an object");
  JobForm form;
  form.posting_id = optional_string(data, "id", "");
  form.posting_text = optional_string(data, "text", "");

  read_named_list(data, kPersonalInformationGroup, "Personal information", form.fields);
  read_named_list(data, kUrlsGroup, "URLs", form.fields);

  if (const rapidjson::Value* groups = optional_array(data, "customQuestions")) {
    rapidjson::SizeType g = 0;
    for (const auto& group : groups->GetArray()) {
      const std::string gwhere = "/customQuestions/" + std::to_string(g++);
      if (!group.IsObject()) malformed(gwhere, "is not an object");
      const std::string group_id = required_string(group, "id", gwhere);
      const std::string group_text = optional_string(group, "text", gwhere);
      auto fields = group.FindMember("fields");
      if (fields == group.MemberEnd() || !fields->value.IsArray()) malformed(gwhere + "/fields", "is not an array");
      size_t index = 0;
      for (const auto& q : fields->value.GetArray()) {
        const std::string where = gwhere + "/fields/" + std::to_string(index);
        if (!q.IsObject()) malformed(where, "is not an object");
        FormField f;
        f.group_id = group_id;
        f.group_name = group_text;
        f.id = required_string(q, "id", where);
        f.text = optional_string(q, "text", where);
        read_question(q, where, f);
        f.index = index++;
        form.fields.push_back(std::move(f));
      }
    }
  }

  auto eeo = data.FindMember("eeoQuestions");
  if (eeo != data.MemberEnd() && !eeo->value.IsNull()) {
    if (!eeo->value.IsObject()) malformed("/eeoQuestions", "is not an object");
    size_t index = 0;
    for (const auto& m : eeo->value.GetObject()) {
      const std::string key(m.name.GetString(), m.name.GetStringLength());
      const std::string where = "/eeoQuestions/" + key;
      if (!m.value.IsObject()) malformed(where, "is not an object");
      FormField f;
      f.group_id = kEeoQuestionsGroup;
      f.group_name = "EEO questions";
      f.id = key;
      f.text = optional_string(m.value, "text", where);
      if (f.text.empty()) f.text = key;
      read_question(m.value, where, f);
      f.index = index++;
      form.fields.push_back(std::move(f));
    }
  }
  return form;
}

std::vector<std::pair<std::string, std::string>> JobForm::custom_groups() const {
  std::vector<std::pair<std::string, std::string>> groups;
  for (const auto& f : fields) {
    if (f.is_custom() && (groups.empty() || groups.back().first != f.group_id)) {
      groups.emplace_back(f.group_id, f.group_name);
    }
  }
  return groups;
}

std::string unified_field_type(const std::string& lever_type) {
  if (lever_type == "file-upload") return "file";
  if (lever_type == "multiple-choice") return "radio";
  if (lever_type == "multiple-select") return "checkbox";
  return lever_type;  // text, textarea, dropdown map to themselves; others are passed raw
}

rapidjson::Document unified_job_form_fields(const JobForm& form) {
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& a = doc.GetAllocator();
  auto str = [&a](const std::string& s) {
    return rapidjson::Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
  };
  for (const auto& f : form.fields) {
    rapidjson::Value item(rapidjson::kObjectType);
    if (f.is_custom()) item.AddMember("id", str(f.id), a);  // Lever gives ids to custom fields only
    item.AddMember("name", str(f.id), a);
    item.AddMember("label", str(f.text), a);
    item.AddMember("type", str(unified_field_type(f.type)), a);
    item.AddMember("required", f.required, a);
    rapidjson::Value options(rapidjson::kArrayType);
    for (size_t i = 0; i < f.options.size(); ++i) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("id", str(f.option_ids[i]), a);
      o.AddMember("label", str(f.options[i]), a);
      o.AddMember("value", str(f.options[i]), a);  // what an answer sends
      options.PushBack(o, a);
    }
    item.AddMember("options", options, a);
    item.AddMember("group_id", str(f.group_id), a);
    item.AddMember("group_name", str(f.group_name), a);
    item.AddMember("index", static_cast<uint64_t>(f.index), a);
    if (!f.description.empty()) item.AddMember("description", str(f.description), a);
    doc.PushBack(item, a);
  }
  return doc;
}

}  // namespace tc
