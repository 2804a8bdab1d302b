#include "core/lever/answer_resolver.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using rapidjson::Value;

bool iequals(std::string_view a, std::string_view b) { return lower(trim(a)) == lower(trim(b)); }

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool is_http_url(std::string_view s) {
  const std::string l = lower(s);
  return (l.rfind("https://", 0) == 0 && l.size() > 8) || (l.rfind("http://", 0) == 0 && l.size() > 7);
}

void add(FormValues& values, std::string pointer, std::string message) {
  values.problems.push_back({std::move(pointer), std::move(message)});
}

long field_index(const JobForm& form, const std::string& group, const std::string& id) {
  for (size_t i = 0; i < form.fields.size(); ++i) {
    if (form.fields[i].group_id == group && form.fields[i].id == id) return static_cast<long>(i);
  }
  return -1;
}

// "Years of experience" (group c0ffee…01 "Screening", field a1b2…12)
std::string describe(const FormField& f) {
  if (f.is_custom()) {
    return "\"" + f.text + "\" (group " + f.group_id + " \"" + f.group_name + "\", field " + f.id + ")";
  }
  return "\"" + f.text + "\" (" + f.group_id + "/" + f.id + ")";
}

// The fields an answer's (group, name) names; several ⇒ ambiguous, none ⇒ unknown.
std::vector<size_t> match(const JobForm& form, const std::vector<size_t>& scope, const std::string& name) {
  std::vector<size_t> exact, loose;
  for (size_t i : scope) {
    const FormField& f = form.fields[i];
    if (f.id == name)
      exact.push_back(i);
    else if (iequals(f.id, name) || iequals(f.text, name))
      loose.push_back(i);
  }
  return exact.empty() ? loose : exact;
}

std::vector<size_t> whole_form(const JobForm& form) {
  std::vector<size_t> all(form.fields.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

// The NAME of `--answer NAME=VALUE` for `f`: its text when that names `f` alone on the form and
// survives the flag's syntax (no '=' or quote), else its id (with the group for non-custom fields).
// A text with '/' gets a leading '/' so that its first part is not read as a group.
std::string answer_name(const JobForm& form, const FormField& f) {
  const std::string text = std::string(trim(f.text));
  const std::vector<size_t> named = text.empty() ? std::vector<size_t>{} : match(form, whole_form(form), text);
  const bool text_names_f = named.size() == 1 && &form.fields[named[0]] == &f;
  if (text_names_f && text.find_first_of("='\"") == std::string::npos) {
    return text.find('/') == std::string::npos ? text : "/" + text;
  }
  return f.is_custom() ? f.id : f.group_id + "/" + f.id;
}

// What to type on the command line to answer `f`.
std::string answer_hint(const JobForm& form, const FormField& f) {
  const std::string name = answer_name(form, f);
  std::string hint;
  if (f.type == "multiple-select") {
    hint = "--answer '" + name + "=[\"VALUE\", …]'";
  } else if (f.type == "file-upload") {
    hint = "--attachment PATH and --answer '" + name + "=ATTACHMENT_ID' (the file's name)";
  } else {
    hint = "--answer '" + name + "=VALUE'";
  }
  if (!f.options.empty()) hint += " (one of: " + join(f.options) + ")";
  return hint;
}

// "; did you mean \"Years of experience\"?" for the text or id of the field in `scope` closest to
// `name`, or "" when none is close.
std::string nearest_field(const JobForm& form, const std::vector<size_t>& scope, const std::string& name) {
  std::vector<std::string> names;
  for (size_t i : scope) {
    if (!form.fields[i].text.empty()) names.push_back(form.fields[i].text);
    names.push_back(form.fields[i].id);
  }
  const std::string nearest = closest_name(name, names);
  return nearest.empty() ? std::string() : "; did you mean \"" + nearest + "\"?";
}

void set_text(const JobForm& form, const std::string& name, std::string text, FormValues& values) {
  const long i = field_index(form, kPersonalInformationGroup, name);
  text = trim(text);
  if (i < 0 || text.empty()) return;
  values.values[i].kind = FieldValue::Kind::Text;
  values.values[i].text = std::move(text);
}

// ---- answers --------------------------------------------------------------------------------------

std::string group_list(const JobForm& form) {
  std::vector<std::string> groups;
  for (const auto& f : form.fields) {
    std::string g = f.is_custom() ? f.group_id + " (\"" + f.group_name + "\")" : f.group_id;
    if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
  }
  return join(groups);
}

// "; did you mean \"Screening\"?" for the group id or custom group name closest to `group`.
std::string nearest_group(const JobForm& form, const std::string& group) {
  std::vector<std::string> names;
  for (const auto& f : form.fields) {
    names.push_back(f.group_id);
    if (f.is_custom()) names.push_back(f.group_name);
  }
  const std::string nearest = closest_name(group, names);
  return nearest.empty() ? std::string() : "; did you mean \"" + nearest + "\"?";
}

// Converts an answer's value for field `f`; None plus a problem when it does not fit.
FieldValue convert(const FormField& f, const FormAnswer& answer, const std::string& pointer,
                   const std::vector<std::string>& attachment_ids, FormValues& values) {
  FieldValue out;
  if (answer.kind == FormAnswer::Kind::Null) return out;
  const bool is_list = answer.kind == FormAnswer::Kind::List;
  std::vector<std::string> items;
  if (answer.kind == FormAnswer::Kind::Text) {
    items.push_back(answer.text);
  } else if (is_list) {
    if (answer.non_string_item >= 0) {
      add(values, pointer + "/" + std::to_string(answer.non_string_item), "list items must be strings");
      return out;
    }
    items = answer.list;
    if (f.type != "multiple-select") {
      add(values, pointer,
          describe(f) + " takes one value, not a list; give a string" +
              (f.options.empty() ? "" : " (one of: " + join(f.options) + ")"));
      return out;
    }
  } else {
    add(values, pointer, "value must be a string, an array of strings, or null");
    return out;
  }

  // Options: match case-insensitively, send the form's text.
  if (!f.options.empty()) {
    std::vector<std::string> canonical;
    for (size_t k = 0; k < items.size(); ++k) {
      if (trim(items[k]).empty()) continue;
      auto hit =
          std::find_if(f.options.begin(), f.options.end(), [&](const std::string& o) { return iequals(o, items[k]); });
      if (hit == f.options.end()) {
        const std::string nearest = closest_name(items[k], f.options);
        add(values, is_list ? pointer + "/" + std::to_string(k) : pointer,
            "\"" + items[k] + "\" is not an option of " + describe(f) +
                (nearest.empty() ? "" : "; did you mean \"" + nearest + "\"?") + " (one of: " + join(f.options) + ")");
        return FieldValue{};
      }
      if (std::find(canonical.begin(), canonical.end(), *hit) == canonical.end()) canonical.push_back(*hit);
    }
    items = std::move(canonical);
  }

  if (f.type == "multiple-select") {
    items.erase(std::remove_if(items.begin(), items.end(), [](const std::string& s) { return trim(s).empty(); }),
                items.end());
    if (items.empty()) return out;
    out.kind = FieldValue::Kind::List;
    out.list = std::move(items);
    return out;
  }
  if (items.empty() || trim(items[0]).empty()) return out;
  const std::string& value = items[0];
  if (f.type == "file-upload") {
    if (std::find(attachment_ids.begin(), attachment_ids.end(), value) != attachment_ids.end()) {
      out.kind = FieldValue::Kind::Attachment;
      out.text = value;
    } else if (is_http_url(trim(value))) {
      out.kind = FieldValue::Kind::Text;
      out.text = trim(value);
    } else {
      add(values, pointer,
          "\"" + value + "\" for file question " + describe(f) + " is neither an attachment id of this record (" +
              (attachment_ids.empty() ? std::string("none") : join(attachment_ids)) +
              ") nor an http(s) URL; add the file with --attachment PATH and answer with its id");
    }
    return out;
  }
  out.kind = FieldValue::Kind::Text;
  out.text = value;
  return out;
}

// ---- links ----------------------------------------------------------------------------------------

// The site a URL is on: "https://www.linkedin.com/in/x" → "linkedin"; x.com → "twitter".
std::string host_label(const std::string& url) {
  std::string rest = lower(trim(url));
  if (auto scheme = rest.find("://"); scheme != std::string::npos) rest = rest.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.find('@'); at != std::string::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(':'));
  std::vector<std::string> labels;
  for (size_t b = 0; b <= rest.size();) {
    size_t e = rest.find('.', b);
    if (e == std::string::npos) e = rest.size();
    if (e > b) labels.push_back(rest.substr(b, e - b));
    b = e + 1;
  }
  if (labels.empty()) return {};
  if (labels.size() == 1) return labels[0];
  if (labels.back() == "x" || (labels.size() >= 2 && labels[labels.size() - 2] == "x")) return "twitter";
  return labels[labels.size() - 2];
}

// Whole words only, so "hub.com" does not claim "GitHub": "LinkedIn Profile" names "linkedin".
bool names_site(const FormField& f, const std::string& key) {
  for (const std::string& label : {f.id, f.text}) {
    std::string word;
    for (size_t k = 0; k <= label.size(); ++k) {
      const unsigned char c = k < label.size() ? static_cast<unsigned char>(label[k]) : ' ';
      if (std::isalnum(c)) {
        word += static_cast<char>(std::tolower(c));
      } else {
        if (word == key) return true;
        word.clear();
      }
    }
  }
  return false;
}

bool is_website_like(const FormField& f) {
  const std::string id = lower(f.id), text = lower(f.text);
  for (const char* word : {"other", "website", "portfolio", "personal", "blog", "homepage"}) {
    if (contains(id, word) || contains(text, word)) return true;
  }
  return false;
}

// ---- checks ---------------------------------------------------------------------------------------

// The text on personal field `personal_name`, or `fallback` when the form has no such field.
std::string value_text(const JobForm& form, const FormValues& values, const char* personal_name,
                       const std::string& fallback) {
  const long i = field_index(form, kPersonalInformationGroup, personal_name);
  if (i < 0) return std::string(trim(fallback));
  return values.values[i].kind == FieldValue::Kind::Text ? values.values[i].text : std::string();
}

void check_name_and_email(const JobForm& form, const CandidateRecord& record, FormValues& values) {
  if (value_text(form, values, "fullName", record.full_name()).empty()) {
    add(values, "/first_name",
        "an applicant needs a name; add first_name and last_name (--first-name, --last-name) or name");
  }
  if (value_text(form, values, "email", record.first_email()).empty()) {
    add(values, "/emails", "an applicant needs an e-mail address; add one (--email ADDRESS)");
  }
}

void check_required(const JobForm& form, FormValues& values) {
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FormField& f = form.fields[i];
    if (!f.required || values.values[i].has_value() || values.refused_answers.count(i)) continue;
    if (f.group_id == kPersonalInformationGroup) {
      if (f.id == "fullName" || f.id == "email") continue;  // check_name_and_email reports these
      const std::string alt = " or " + answer_hint(form, f);
      if (f.id == "currentLocation") {
        add(values, "/locations", "the form requires \"" + f.text + "\"; add a location (--location CITY)" + alt);
      } else if (f.id == "phone") {
        add(values, "/phones", "the form requires \"" + f.text + "\"; add a phone number (--phone NUMBER)" + alt);
      } else if (f.id == "currentCompany") {
        add(values, "/company", "the form requires \"" + f.text + "\"; add the company (--company NAME)" + alt);
      } else if (f.id == "resume") {
        add(values, "/attachments",
            "the form requires \"" + f.text +
                "\"; add a resume (--resume PATH|URL, or an attachment with \"type\": \"resume\")");
      } else {
        add(values, "/job_form_field_answers", "the form requires " + describe(f) + "; add " + answer_hint(form, f));
      }
    } else if (f.group_id == kUrlsGroup) {
      add(values, "/links",
          "the form requires the \"" + f.text + "\" URL; add a matching link (--link URL) or " + answer_hint(form, f));
    } else if (f.group_id == kEeoQuestionsGroup) {
      add(values, "/job_form_field_answers",
          "required EEO question " + describe(f) + " has no answer; add " + answer_hint(form, f));
    } else {
      add(values, "/job_form_field_answers",
          "required question " + describe(f) + " has no answer; add " + answer_hint(form, f));
    }
  }
}

// ---- body -----------------------------------------------------------------------------------------

Value render(const FieldValue& v, const std::map<std::string, std::string>& upload_uris,
             rapidjson::Document::AllocatorType& a) {
  switch (v.kind) {
    case FieldValue::Kind::None: return Value(rapidjson::kNullType);
    case FieldValue::Kind::Text: return make_string(v.text, a);
    case FieldValue::Kind::List: {
      Value list(rapidjson::kArrayType);
      for (const auto& item : v.list) list.PushBack(make_string(item, a), a);
      return list;
    }
    case FieldValue::Kind::Attachment: {
      auto uri = upload_uris.find(v.text);
      if (uri == upload_uris.end() || uri->second.empty()) {
        throw Error(ErrorKind::Internal,
                    "no upload uri for attachment \"" + v.text + "\" when building the apply body");
      }
      return make_string(uri->second, a);
    }
  }
  return Value(rapidjson::kNullType);
}

}  // namespace

void place_personal_information(const JobForm& form, const CandidateRecord& record, FormValues& values) {
  set_text(form, "fullName", record.full_name(), values);
  set_text(form, "email", record.first_email(), values);
  if (!record.phones.empty()) set_text(form, "phone", record.phones.front().number, values);
  set_text(form, "currentCompany", record.company, values);
  if (!record.locations.empty()) set_text(form, "currentLocation", record.locations.front(), values);
}

void place_resume(const JobForm& form, const std::string& resume_attachment_id, FormValues& values) {
  const long resume = field_index(form, kPersonalInformationGroup, "resume");
  if (resume < 0 || resume_attachment_id.empty()) return;
  values.values[resume].kind = FieldValue::Kind::Attachment;
  values.values[resume].text = resume_attachment_id;
}

void place_answers(const JobForm& form, const CandidateRecord& record, const std::vector<std::string>& attachment_ids,
                   FormValues& values) {
  if (record.is_mistyped("/job_form_field_answers")) {
    add(values, "/job_form_field_answers", "job_form_field_answers must be an array of {name, value, group_id}");
    return;
  }
  std::map<size_t, std::string> answered_at;  // field index → pointer of its answer
  for (const FormAnswer& a : record.answers) {
    const std::string& pointer = a.pointer;
    const std::string name = std::string(trim(a.name));
    if (name.empty()) {
      add(values, pointer + "/name",
          "answer needs a name: the field's name or id (list them with 'truto-candidates form')");
      continue;
    }
    const std::string group = std::string(trim(a.group_id));
    std::vector<size_t> scope;
    for (size_t i = 0; i < form.fields.size(); ++i) {
      const FormField& f = form.fields[i];
      if (group.empty() || f.group_id == group || iequals(f.group_id, group) ||
          (f.is_custom() && iequals(f.group_name, group))) {
        scope.push_back(i);
      }
    }
    if (scope.empty()) {
      add(values, pointer + "/group_id",
          "no group \"" + group + "\" on this posting's form" + nearest_group(form, group) +
              " (groups: " + group_list(form) + ")");
      continue;
    }
    const std::vector<size_t> hits = match(form, scope, name);
    if (hits.empty()) {
      add(values, pointer + "/name",
          "no field \"" + name + "\"" + (group.empty() ? "" : " in group \"" + group + "\"") +
              " on this posting's form" + nearest_field(form, scope, name) +
              " (list the fields with 'truto-candidates form --job-id " + form.posting_id + "')");
      continue;
    }
    if (hits.size() > 1) {
      std::vector<std::string> which;
      for (size_t i : hits) which.push_back(describe(form.fields[i]));
      add(values, pointer + "/name",
          "\"" + name + "\" fits several fields: " + join(which, "; ") +
              "; name the field by its id, or add its group_id (--answer 'GROUP_ID/NAME=VALUE')");
      continue;
    }
    const size_t field = hits[0];
    if (auto seen = answered_at.find(field); seen != answered_at.end()) {
      add(values, pointer,
          describe(form.fields[field]) + " is answered twice (also at " + seen->second + "); keep one answer");
      continue;
    }
    answered_at.emplace(field, pointer);
    const size_t problems_before = values.problems.size();
    FieldValue placed = convert(form.fields[field], a, pointer + "/value", attachment_ids, values);
    values.values[field] = std::move(placed);
    if (values.problems.size() != problems_before) values.refused_answers.insert(field);
  }
}

std::vector<std::string> place_links(const JobForm& form, const CandidateRecord& record, FormValues& values) {
  std::vector<std::string> leftovers;
  static const std::set<std::string> generic_types = {"", "website", "other", "personal", "portfolio", "blog"};
  for (const CandidateLink& link : record.links) {
    const std::string url(trim(link.url));
    const std::string type = lower(trim(link.type));
    if (url.empty()) continue;
    std::vector<std::string> keys;
    if (!generic_types.count(type)) keys.push_back(type);
    const std::string label = host_label(url);
    if (label.size() >= 2) keys.push_back(label);

    long dedicated = -1, generic = -1;
    for (size_t i = 0; i < form.fields.size() && dedicated < 0; ++i) {
      const FormField& f = form.fields[i];
      if (f.group_id != kUrlsGroup) continue;
      for (const auto& key : keys) {
        if (names_site(f, key)) dedicated = static_cast<long>(i);
      }
      if (generic < 0 && dedicated < 0 && is_website_like(f) && !values.values[i].has_value()) {
        generic = static_cast<long>(i);
      }
    }
    // A link whose site has its own field goes there or nowhere; others take a website-like field.
    const long target = dedicated >= 0 ? dedicated : generic;
    if (target >= 0 && !values.values[target].has_value()) {
      values.values[target].kind = FieldValue::Kind::Text;
      values.values[target].text = url;
    } else {
      leftovers.push_back(url);
    }
  }
  return leftovers;
}

void check_applicant(const JobForm& form, const CandidateRecord& record, FormValues& values) {
  check_name_and_email(form, record, values);
  check_required(form, values);
  if (record.is_mistyped("/remote_data")) {
    add(values, "/remote_data", "remote_data must be a JSON object (its keys are merged into the apply body)");
  }
}

std::vector<std::string> carried_attachments(const FormValues& values) {
  std::vector<std::string> carried;
  for (const auto& v : values.values) {
    if (v.kind != FieldValue::Kind::Attachment) continue;
    if (std::find(carried.begin(), carried.end(), v.text) == carried.end()) carried.push_back(v.text);
  }
  return carried;
}

std::vector<std::string> record_tags(const CandidateRecord& record) {
  std::vector<std::string> tags;
  for (const std::string& t : record.tags) {
    std::string tag(trim(t));
    if (!tag.empty()) tags.push_back(std::move(tag));
  }
  return tags;
}

rapidjson::Document apply_body(const JobForm& form, const FormValues& values,
                               const std::map<std::string, std::string>& upload_uris, const CandidateRecord& record) {
  const std::vector<FieldValue>& v = values.values;
  rapidjson::Document body(rapidjson::kObjectType);
  auto& a = body.GetAllocator();

  // personalInformation and urls: [{name, value}] for fields with a value, in form order.
  for (const char* group : {kPersonalInformationGroup, kUrlsGroup}) {
    Value list(rapidjson::kArrayType);
    for (size_t i = 0; i < form.fields.size(); ++i) {
      if (form.fields[i].group_id != group || !v[i].has_value()) continue;
      Value entry(rapidjson::kObjectType);
      entry.AddMember("name", make_string(form.fields[i].id, a), a);
      entry.AddMember("value", render(v[i], upload_uris, a), a);
      list.PushBack(entry, a);
    }
    if (!list.Empty()) body.AddMember(Value(group, a), list, a);
  }

  // customQuestions: positional, one entry per field of each answered group, null where unanswered.
  Value custom(rapidjson::kArrayType);
  for (const auto& [group_id, group_text] : form.custom_groups()) {
    (void)group_text;
    bool answered = false;
    Value fields(rapidjson::kArrayType);
    for (size_t i = 0; i < form.fields.size(); ++i) {
      if (!form.fields[i].is_custom() || form.fields[i].group_id != group_id) continue;
      answered = answered || v[i].has_value();
      Value entry(rapidjson::kObjectType);
      entry.AddMember("value", render(v[i], upload_uris, a), a);
      fields.PushBack(entry, a);
    }
    if (!answered) continue;
    Value g(rapidjson::kObjectType);
    g.AddMember("id", make_string(group_id, a), a);
    g.AddMember("fields", fields, a);
    custom.PushBack(g, a);
  }
  if (!custom.Empty()) body.AddMember("customQuestions", custom, a);

  Value eeo(rapidjson::kObjectType);
  for (size_t i = 0; i < form.fields.size(); ++i) {
    if (form.fields[i].group_id != kEeoQuestionsGroup || !v[i].has_value()) continue;
    eeo.AddMember(make_string(form.fields[i].id, a), render(v[i], upload_uris, a), a);
  }
  if (eeo.MemberCount() > 0) body.AddMember("eeoResponses", eeo, a);

  // remote_data last, shallow: its keys replace ours.
  merge_members(body, record.remote_data);
  return body;
}

}  // namespace tc
