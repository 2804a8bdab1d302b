// Strict validation of POST /postings/:id/apply bodies against the posting's form (docs/lever-contract.md §3).
#include "routes.hpp"

namespace tc::sandbox {

namespace {

std::string text_of(const rapidjson::Value& field) {
  if (field.HasMember("text") && field["text"].IsString()) return field["text"].GetString();
  return field.HasMember("name") && field["name"].IsString() ? field["name"].GetString() : "";
}

bool is_empty_answer(const rapidjson::Value& value) {
  return value.IsNull() || (value.IsString() && value.GetStringLength() == 0) || (value.IsArray() && value.Empty());
}

bool is_option(const rapidjson::Value& field, const rapidjson::Value& value) {
  if (!value.IsString() || !field.HasMember("options") || !field["options"].IsArray()) return false;
  for (const auto& option : field["options"].GetArray())
    if (option.IsObject() && option.HasMember("text") && option["text"] == value) return true;
  return false;
}

// Checks one non-empty answer against its field's type; appends problems prefixed with `where`.
void check_value(const rapidjson::Value& field, const rapidjson::Value& value, const std::string& where,
                 const State& state, std::vector<std::string>& problems) {
  const std::string type = field["type"].GetString();
  const std::string label = "\"" + text_of(field) + "\"";
  if (type == "dropdown" || type == "multiple-choice") {
    if (!is_option(field, value))
      problems.push_back(where + ": " + (value.IsString() ? "\"" + std::string(value.GetString()) + "\"" : "value") +
                         " is not an option of " + label);
  } else if (type == "multiple-select") {
    if (!value.IsArray()) {
      problems.push_back(where + ": " + label + " takes an array of option texts");
      return;
    }
    for (const auto& item : value.GetArray())
      if (!is_option(field, item))
        problems.push_back(where + ": " + (item.IsString() ? "\"" + std::string(item.GetString()) + "\"" : "value") +
                           " is not an option of " + label);
  } else if (type == "file-upload") {
    if (!value.IsString() || !state.find_live_upload(value.GetString()))
      problems.push_back(where + ": " + label + " must be the uri of a file uploaded with POST /uploads");
  } else if (!value.IsString()) {
    problems.push_back(where + ": " + label + " takes a string");
  }
}

// personalInformation / urls: [{name, value}] against a list of named fields.
void check_named_list(const rapidjson::Value& form, const rapidjson::Value& body, const char* key, const State& state,
                      std::vector<std::string>& problems) {
  const rapidjson::Value& fields = form[key];
  std::vector<std::string> answered;
  if (body.HasMember(key)) {
    const rapidjson::Value& answers = body[key];
    if (!answers.IsArray()) {
      problems.push_back(std::string(key) + " must be an array of {name, value}");
      return;
    }
    for (rapidjson::SizeType i = 0; i < answers.Size(); ++i) {
      const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
      const auto& answer = answers[i];
      if (!answer.IsObject() || !answer.HasMember("name") || !answer["name"].IsString()) {
        problems.push_back(where + ": must be an object with a string name");
        continue;
      }
      const std::string name = answer["name"].GetString();
      const rapidjson::Value* field = nullptr;
      for (const auto& candidate : fields.GetArray())
        if (candidate["name"] == answer["name"]) field = &candidate;
      if (!field) {
        problems.push_back(where + ": unknown field \"" + name + "\"");
        continue;
      }
      static const rapidjson::Value null_value;
      const rapidjson::Value& value = answer.HasMember("value") ? answer["value"] : null_value;
      if (!is_empty_answer(value)) {
        check_value(*field, value, where, state, problems);
        answered.push_back(name);
      }
    }
  }
  for (const auto& field : fields.GetArray()) {
    if (!field["required"].GetBool()) continue;
    bool have = false;
    for (const auto& name : answered) have = have || field["name"] == rapidjson::StringRef(name.c_str());
    if (!have) problems.push_back(std::string(key) + ": \"" + field["name"].GetString() + "\" is required");
  }
}

const rapidjson::Value* find_group(const rapidjson::Value& form, const rapidjson::Value& id) {
  for (const auto& group : form["customQuestions"].GetArray())
    if (group["id"] == id) return &group;
  return nullptr;
}

void check_custom_questions(const rapidjson::Value& form, const rapidjson::Value& body, const State& state,
                            std::vector<std::string>& problems) {
  std::vector<const rapidjson::Value*> answered_groups;
  if (body.HasMember("customQuestions")) {
    const auto& answers = body["customQuestions"];
    if (!answers.IsArray()) {
      problems.push_back("customQuestions must be an array of {id, fields}");
      return;
    }
    for (rapidjson::SizeType g = 0; g < answers.Size(); ++g) {
      const std::string where = "customQuestions[" + std::to_string(g) + "]";
      const auto& answer = answers[g];
      if (!answer.IsObject() || !answer.HasMember("id") || !answer["id"].IsString()) {
        problems.push_back(where + ": must be an object with a string id");
        continue;
      }
      const rapidjson::Value* group = find_group(form, answer["id"]);
      if (!group) {
        problems.push_back(where + ": unknown question group \"" + answer["id"].GetString() + "\"");
        continue;
      }
      answered_groups.push_back(group);
      const auto& fields = (*group)["fields"];
      if (!answer.HasMember("fields") || !answer["fields"].IsArray() || answer["fields"].Size() != fields.Size()) {
        problems.push_back(where + ": fields must have exactly " + std::to_string(fields.Size()) +
                           " entries, in the form's order");
        continue;
      }
      for (rapidjson::SizeType f = 0; f < fields.Size(); ++f) {
        const std::string field_where = where + ".fields[" + std::to_string(f) + "]";
        const auto& entry = answer["fields"][f];
        static const rapidjson::Value null_value;
        const rapidjson::Value& value = entry.IsObject() && entry.HasMember("value") ? entry["value"] : null_value;
        if (!entry.IsObject() && !entry.IsNull()) {
          problems.push_back(field_where + ": must be an object {value}");
        } else if (is_empty_answer(value)) {
          if (fields[f]["required"].GetBool())
            problems.push_back(field_where + ": \"" + text_of(fields[f]) + "\" is required");
        } else {
          check_value(fields[f], value, field_where, state, problems);
        }
      }
    }
  }
  for (const auto& group : form["customQuestions"].GetArray()) {
    bool answered = false;
    for (const auto* seen : answered_groups) answered = answered || seen == &group;
    if (answered) continue;
    for (const auto& field : group["fields"].GetArray())
      if (field["required"].GetBool())
        problems.push_back("customQuestions: \"" + text_of(field) + "\" (group \"" + group["text"].GetString() +
                           "\") is required");
  }
}

void check_eeo(const rapidjson::Value& form, const rapidjson::Value& body, const State& state,
               std::vector<std::string>& problems) {
  if (!body.HasMember("eeoResponses")) return;
  const auto& answers = body["eeoResponses"];
  if (!answers.IsObject()) {
    problems.push_back("eeoResponses must be an object");
    return;
  }
  const auto& questions = form["eeoQuestions"];
  for (const auto& answer : answers.GetObject()) {
    const std::string where = std::string("eeoResponses.") + answer.name.GetString();
    if (!questions.HasMember(answer.name)) {
      problems.push_back(where + ": unknown EEO question");
      continue;
    }
    if (!is_empty_answer(answer.value)) check_value(questions[answer.name], answer.value, where, state, problems);
  }
}

std::string named_value(const rapidjson::Value& body, const char* list, const char* name) {
  if (!body.HasMember(list) || !body[list].IsArray()) return "";
  for (const auto& answer : body[list].GetArray())
    if (answer["name"] == rapidjson::StringRef(name) && answer.HasMember("value") && answer["value"].IsString())
      return answer["value"].GetString();
  return "";
}

Blob blob_of_upload(const Upload& upload) { return {upload.filename, "", upload.size}; }

}  // namespace

std::vector<std::string> validate_application(const rapidjson::Value& form, const rapidjson::Value& body,
                                              const State& state) {
  std::vector<std::string> problems;
  for (const auto& member : body.GetObject()) {
    static const char* known[] = {
        "personalInformation", "urls",   "customQuestions", "eeoResponses", "diversitySurvey", "consent",
        "ipAddress",           "source", "origin"};
    bool ok = false;
    for (const char* name : known) ok = ok || member.name == rapidjson::StringRef(name);
    if (!ok) problems.push_back(std::string("unknown field \"") + member.name.GetString() + "\"");
  }
  check_named_list(form, body, "personalInformation", state, problems);
  check_named_list(form, body, "urls", state, problems);
  check_custom_questions(form, body, state, problems);
  check_eeo(form, body, state, problems);
  return problems;
}

void fill_from_application(const rapidjson::Value& form, const rapidjson::Value& body, const State& state,
                           NewOpportunity& into) {
  into.name = named_value(body, "personalInformation", "fullName");
  const std::string email = named_value(body, "personalInformation", "email");
  if (!email.empty()) into.emails.push_back(email);
  const std::string phone = named_value(body, "personalInformation", "phone");
  if (!phone.empty()) into.phones.push_back({phone, ""});
  into.location = named_value(body, "personalInformation", "currentLocation");
  into.headline = named_value(body, "personalInformation", "currentCompany");
  into.app_comments = named_value(body, "personalInformation", "additionalInformation");
  if (body.HasMember("origin") && body["origin"].IsString()) into.origin = body["origin"].GetString();
  if (body.HasMember("source") && body["source"].IsString()) into.sources.push_back(body["source"].GetString());
  if (const Upload* resume = state.find_live_upload(named_value(body, "personalInformation", "resume")))
    into.resume = blob_of_upload(*resume);
  if (body.HasMember("urls") && body["urls"].IsArray())
    for (const auto& url : body["urls"].GetArray())
      if (url.HasMember("value") && url["value"].IsString() && url["value"].GetStringLength())
        into.links.push_back(url["value"].GetString());
  if (body.HasMember("customQuestions")) {
    into.custom_questions_json = to_json(body["customQuestions"]);
    for (const auto& answer : body["customQuestions"].GetArray()) {
      const rapidjson::Value* group = find_group(form, answer["id"]);
      const auto& fields = (*group)["fields"];
      for (rapidjson::SizeType f = 0; f < fields.Size(); ++f) {
        const auto& entry = answer["fields"][f];
        if (fields[f]["type"] != "file-upload" || !entry.IsObject() || !entry.HasMember("value") ||
            !entry["value"].IsString())
          continue;
        if (const Upload* upload = state.find_live_upload(entry["value"].GetString()))
          into.files.push_back(blob_of_upload(*upload));
      }
    }
  }
}

}  // namespace tc::sandbox
