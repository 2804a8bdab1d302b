#include "core/lever/apply_mapping.hpp"
#include "core/input/file_url.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

#include <rapidjson/error/en.h>

namespace tc {

namespace {

using rapidjson::SizeType;
using rapidjson::Value;

bool iequals(std::string_view a, std::string_view b) { return lower(trim(a)) == lower(trim(b)); }

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool looks_like_http_url(std::string_view s) {
  const std::string l = lower(s);
  return (starts_with(l, "https://") && l.size() > 8) || (starts_with(l, "http://") && l.size() > 7);
}

// A resolved value of one form field.
struct FieldValue {
  enum class Kind { None, Text, List, Attachment };
  Kind kind = Kind::None;
  std::string text;  // Text: the value; Attachment: the attachment id
  std::vector<std::string> list;
  bool has_value() const { return kind != Kind::None; }
};

struct Attachment {
  std::string id;
  std::string file_name;
  std::string source;  // empty when the attachment has no usable bytes (a problem is reported)
  std::string pointer;
};

// Everything plan_apply and build_apply_body share: one pass over record and form.
struct Resolution {
  std::vector<Problem> problems;
  std::vector<FieldValue> values;  // parallel to form.fields
  std::vector<Attachment> attachments;
  std::vector<std::string> leftover_tags;
  std::vector<std::string> leftover_links;
  std::vector<std::string> used_attachment_ids;  // in order of first use in the body
};

class Resolver {
 public:
  Resolver(const Value& record, const JobForm& form) : record_(record), form_(form) {
    r_.values.resize(form.fields.size());
  }

  Resolution run() {
    read_attachments();
    derive_personal_information();
    apply_answers();
    place_links();
    check_name_and_email();
    check_required();
    collect_tags();
    collect_used_attachments();
    auto rd = record_.IsObject() ? record_.FindMember("remote_data") : record_.MemberEnd();
    if (record_.IsObject() && rd != record_.MemberEnd() && !rd->value.IsObject() && !rd->value.IsNull()) {
      add("/remote_data", "remote_data must be a JSON object (its keys are merged into the apply body)");
    }
    return std::move(r_);
  }

 private:
  const Value& record_;
  const JobForm& form_;
  Resolution r_;
  std::string resume_attachment_id_;
  std::set<size_t> rejected_answer_;  // fields whose answer was reported; "no answer" would repeat it

  void add(std::string pointer, std::string message) {
    r_.problems.push_back({std::move(pointer), std::move(message)});
  }

  long field_index(const std::string& group, const std::string& id) const {
    for (size_t i = 0; i < form_.fields.size(); ++i) {
      if (form_.fields[i].group_id == group && form_.fields[i].id == id) return static_cast<long>(i);
    }
    return -1;
  }

  const Attachment* attachment(const std::string& id) const {
    for (const auto& a : r_.attachments) {
      if (a.id == id) return &a;
    }
    return nullptr;
  }

  std::string attachment_ids() const {
    std::vector<std::string> ids;
    for (const auto& a : r_.attachments) ids.push_back(a.id);
    return ids.empty() ? "none" : join(ids);
  }

  // "Years of experience" (group c0ffee…01 "Screening", field a1b2…12)
  static std::string describe(const FormField& f) {
    if (f.is_custom()) {
      return "\"" + f.text + "\" (group " + f.group_id + " \"" + f.group_name + "\", field " + f.id + ")";
    }
    return "\"" + f.text + "\" (" + f.group_id + "/" + f.id + ")";
  }

  // What to type on the command line to answer `f`.
  static std::string answer_hint(const FormField& f) {
    const std::string name = f.is_custom() ? f.id : f.group_id + "/" + f.id;
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

  void read_attachments() {
    const Value* list = array_member(record_, "attachments");
    if (!list) return;
    std::set<std::string> seen;
    for (SizeType i = 0; i < list->Size(); ++i) {
      const Value& a = (*list)[i];
      const std::string pointer = "/attachments/" + std::to_string(i);
      Attachment att;
      att.id = get_string(a, "id");
      att.pointer = pointer;
      if (att.id.empty()) {
        add(pointer + "/id", "attachment needs an id (any text unique within the record)");
        continue;
      }
      if (!seen.insert(att.id).second) {
        add(pointer + "/id", "attachment id \"" + att.id + "\" is used twice; give each attachment its own id");
        continue;
      }
      FileUrlReading reading = read_file_url(get_string(a, "file_url"), pointer);
      if (reading.problem) add(reading.problem->pointer, reading.problem->message);
      att.source = reading.problem ? std::string() : std::move(reading.source.location);
      att.file_name = get_string(a, "file_name");
      if (att.file_name.empty() && !reading.problem) att.file_name = std::move(reading.source.file_name);
      if (att.file_name.empty()) att.file_name = att.id;
      std::string type = lower(get_string(a, "type"));
      if (type.empty()) type = lower(get_string(a, "attachment_type"));
      if (type == "resume") {
        if (resume_attachment_id_.empty()) {
          resume_attachment_id_ = att.id;
        } else {
          add(pointer + "/type", "only one attachment can be the resume (\"" + resume_attachment_id_ +
                                     "\" already is); remove \"type\": \"resume\" from this one");
        }
      }
      r_.attachments.push_back(std::move(att));
    }
  }

  void set_text(const std::string& name, std::string text) {
    const long i = field_index(kPersonalInformationGroup, name);
    text = trim(text);
    if (i < 0 || text.empty()) return;
    r_.values[i].kind = FieldValue::Kind::Text;
    r_.values[i].text = std::move(text);
  }

  void derive_personal_information() {
    set_text("fullName", std::string(trim(get_string(record_, "first_name") + " " + get_string(record_, "last_name"))));
    if (const Value* emails = array_member(record_, "emails"); emails && !emails->Empty()) {
      set_text("email", get_string((*emails)[0], "email"));
    }
    if (const Value* phones = array_member(record_, "phones"); phones && !phones->Empty()) {
      set_text("phone", get_string((*phones)[0], "number"));
    }
    set_text("currentCompany", get_string(record_, "company"));
    if (const Value* locations = array_member(record_, "locations"); locations && !locations->Empty()) {
      if ((*locations)[0].IsString()) set_text("currentLocation", (*locations)[0].GetString());
    }
    const long resume = field_index(kPersonalInformationGroup, "resume");
    if (resume >= 0 && !resume_attachment_id_.empty()) {
      r_.values[resume].kind = FieldValue::Kind::Attachment;
      r_.values[resume].text = resume_attachment_id_;
    }
  }

  // The fields an answer's (group, name) names; several ⇒ ambiguous, none ⇒ unknown.
  std::vector<size_t> match(const std::vector<size_t>& scope, const std::string& name) const {
    std::vector<size_t> exact, loose;
    for (size_t i : scope) {
      const FormField& f = form_.fields[i];
      if (f.id == name)
        exact.push_back(i);
      else if (iequals(f.id, name) || iequals(f.text, name))
        loose.push_back(i);
    }
    return exact.empty() ? loose : exact;
  }

  std::string group_list() const {
    std::vector<std::string> groups;
    for (const auto& f : form_.fields) {
      std::string g = f.is_custom() ? f.group_id + " (\"" + f.group_name + "\")" : f.group_id;
      if (std::find(groups.begin(), groups.end(), g) == groups.end()) groups.push_back(g);
    }
    return join(groups);
  }

  // Converts an answer's value for field `f`; None plus a problem when it does not fit.
  FieldValue convert(const FormField& f, const Value& v, const std::string& pointer) {
    FieldValue out;
    if (v.IsNull()) return out;
    std::vector<std::string> items;
    if (v.IsString()) {
      items.emplace_back(v.GetString(), v.GetStringLength());
    } else if (v.IsArray()) {
      for (SizeType k = 0; k < v.Size(); ++k) {
        if (!v[k].IsString()) {
          add(pointer + "/" + std::to_string(k), "list items must be strings");
          return out;
        }
        items.emplace_back(v[k].GetString(), v[k].GetStringLength());
      }
      if (f.type != "multiple-select") {
        add(pointer, describe(f) + " takes one value, not a list; give a string" +
                         (f.options.empty() ? "" : " (one of: " + join(f.options) + ")"));
        return out;
      }
    } else {
      add(pointer, "value must be a string, an array of strings, or null");
      return out;
    }

    // Options: match case-insensitively, send the form's text.
    if (!f.options.empty()) {
      std::vector<std::string> canonical;
      for (size_t k = 0; k < items.size(); ++k) {
        if (trim(items[k]).empty()) continue;
        auto hit = std::find_if(f.options.begin(), f.options.end(),
                                [&](const std::string& o) { return iequals(o, items[k]); });
        if (hit == f.options.end()) {
          add(v.IsArray() ? pointer + "/" + std::to_string(k) : pointer,
              "\"" + items[k] + "\" is not an option of " + describe(f) + "; use one of: " + join(f.options));
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
      if (attachment(value)) {
        out.kind = FieldValue::Kind::Attachment;
        out.text = value;
      } else if (looks_like_http_url(trim(value))) {
        out.kind = FieldValue::Kind::Text;
        out.text = trim(value);
      } else {
        add(pointer, "\"" + value + "\" for file question " + describe(f) +
                         " is neither an attachment id of this record (" + attachment_ids() +
                         ") nor an http(s) URL; add the file with --attachment PATH and answer with its id");
      }
      return out;
    }
    out.kind = FieldValue::Kind::Text;
    out.text = value;
    return out;
  }

  void apply_answers() {
    if (!record_.IsObject()) return;
    auto it = record_.FindMember("job_form_field_answers");
    if (it == record_.MemberEnd() || it->value.IsNull()) return;
    if (!it->value.IsArray()) {
      add("/job_form_field_answers", "job_form_field_answers must be an array of {name, value, group_id}");
      return;
    }
    std::map<size_t, std::string> answered_at;  // field index → pointer of its answer
    const Value& answers = it->value;
    for (SizeType n = 0; n < answers.Size(); ++n) {
      const std::string pointer = "/job_form_field_answers/" + std::to_string(n);
      const Value& a = answers[n];
      const std::string name = std::string(trim(get_string(a, "name")));
      if (name.empty()) {
        add(pointer + "/name", "answer needs a name: the field's name or id (list them with 'truto-candidates form')");
        continue;
      }
      const std::string group = std::string(trim(get_string(a, "group_id")));
      std::vector<size_t> scope;
      for (size_t i = 0; i < form_.fields.size(); ++i) {
        const FormField& f = form_.fields[i];
        if (group.empty() || f.group_id == group || iequals(f.group_id, group) ||
            (f.is_custom() && iequals(f.group_name, group))) {
          scope.push_back(i);
        }
      }
      if (scope.empty()) {
        add(pointer + "/group_id", "no group \"" + group + "\" on this posting's form; groups: " + group_list());
        continue;
      }
      const std::vector<size_t> hits = match(scope, name);
      if (hits.empty()) {
        add(pointer + "/name", "no field \"" + name + "\"" + (group.empty() ? "" : " in group \"" + group + "\"") +
                                   " on this posting's form; list the fields with 'truto-candidates form --job-id " +
                                   form_.posting_id + "'");
        continue;
      }
      if (hits.size() > 1) {
        std::vector<std::string> which;
        for (size_t i : hits) which.push_back(describe(form_.fields[i]));
        add(pointer + "/name", "\"" + name + "\" fits several fields: " + join(which, "; ") +
                                   "; name the field by its id, or add its group_id (--answer 'GROUP_ID/NAME=VALUE')");
        continue;
      }
      const size_t field = hits[0];
      if (auto seen = answered_at.find(field); seen != answered_at.end()) {
        add(pointer,
            describe(form_.fields[field]) + " is answered twice (also at " + seen->second + "); keep one answer");
        continue;
      }
      answered_at.emplace(field, pointer);
      auto value = a.FindMember("value");
      static const Value null_value;
      const size_t problems_before = r_.problems.size();
      r_.values[field] =
          convert(form_.fields[field], value == a.MemberEnd() ? null_value : value->value, pointer + "/value");
      if (r_.problems.size() != problems_before) rejected_answer_.insert(field);
    }
  }

  static std::string host_label(const std::string& url) {
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
  static bool names_site(const FormField& f, const std::string& key) {
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

  static bool is_website_like(const FormField& f) {
    const std::string id = lower(f.id), text = lower(f.text);
    for (const char* word : {"other", "website", "portfolio", "personal", "blog", "homepage"}) {
      if (contains(id, word) || contains(text, word)) return true;
    }
    return false;
  }

  void place_links() {
    const Value* links = array_member(record_, "links");
    if (!links) return;
    static const std::set<std::string> generic_types = {"", "website", "other", "personal", "portfolio", "blog"};
    for (const auto& link : links->GetArray()) {
      std::string url, type;
      if (link.IsString()) {
        url = link.GetString();
      } else {
        url = get_string(link, "url");
        type = lower(trim(get_string(link, "type")));
      }
      url = trim(url);
      if (url.empty()) continue;
      std::vector<std::string> keys;
      if (!generic_types.count(type)) keys.push_back(type);
      const std::string label = host_label(url);
      if (label.size() >= 2) keys.push_back(label);

      long dedicated = -1, generic = -1;
      for (size_t i = 0; i < form_.fields.size() && dedicated < 0; ++i) {
        const FormField& f = form_.fields[i];
        if (f.group_id != kUrlsGroup) continue;
        for (const auto& key : keys) {
          if (names_site(f, key)) dedicated = static_cast<long>(i);
        }
        if (generic < 0 && dedicated < 0 && is_website_like(f) && !r_.values[i].has_value()) {
          generic = static_cast<long>(i);
        }
      }
      // A link whose site has its own field goes there or nowhere; others take a website-like field.
      const long target = dedicated >= 0 ? dedicated : generic;
      if (target >= 0 && !r_.values[target].has_value()) {
        r_.values[target].kind = FieldValue::Kind::Text;
        r_.values[target].text = url;
      } else {
        r_.leftover_links.push_back(url);
      }
    }
  }

  std::string value_text(const char* personal_name, const std::string& fallback) const {
    const long i = field_index(kPersonalInformationGroup, personal_name);
    if (i < 0) return std::string(trim(fallback));
    return r_.values[i].kind == FieldValue::Kind::Text ? r_.values[i].text : std::string();
  }

  void check_name_and_email() {
    const std::string derived_name = get_string(record_, "first_name") + " " + get_string(record_, "last_name");
    if (value_text("fullName", derived_name).empty()) {
      add("/first_name", "an applicant needs a name; add first_name and last_name (--first-name, --last-name)");
    }
    std::string derived_email;
    if (const Value* emails = array_member(record_, "emails"); emails && !emails->Empty()) {
      derived_email = get_string((*emails)[0], "email");
    }
    if (value_text("email", derived_email).empty()) {
      add("/emails", "an applicant needs an e-mail address; add one (--email ADDRESS)");
    }
  }

  void check_required() {
    for (size_t i = 0; i < form_.fields.size(); ++i) {
      const FormField& f = form_.fields[i];
      if (!f.required || r_.values[i].has_value() || rejected_answer_.count(i)) continue;
      if (f.group_id == kPersonalInformationGroup) {
        if (f.id == "fullName" || f.id == "email") continue;  // check_name_and_email reports these
        const std::string alt = " or " + answer_hint(f);
        if (f.id == "currentLocation") {
          add("/locations", "the form requires \"" + f.text + "\"; add a location (--location CITY)" + alt);
        } else if (f.id == "phone") {
          add("/phones", "the form requires \"" + f.text + "\"; add a phone number (--phone NUMBER)" + alt);
        } else if (f.id == "currentCompany") {
          add("/company", "the form requires \"" + f.text + "\"; add the company (--company NAME)" + alt);
        } else if (f.id == "resume") {
          add("/attachments", "the form requires \"" + f.text +
                                  "\"; add a resume (--resume PATH|URL, or an attachment with \"type\": \"resume\")");
        } else {
          add("/job_form_field_answers", "the form requires " + describe(f) + "; add " + answer_hint(f));
        }
      } else if (f.group_id == kUrlsGroup) {
        add("/links",
            "the form requires the \"" + f.text + "\" URL; add a matching link (--link URL) or " + answer_hint(f));
      } else if (f.group_id == kEeoQuestionsGroup) {
        add("/job_form_field_answers",
            "required EEO question " + describe(f) + " has no answer; add " + answer_hint(f));
      } else {
        add("/job_form_field_answers", "required question " + describe(f) + " has no answer; add " + answer_hint(f));
      }
    }
  }

  void collect_tags() {
    const Value* tags = array_member(record_, "tags");
    if (!tags) return;
    for (const auto& t : tags->GetArray()) {
      std::string tag = t.IsString() ? std::string(t.GetString(), t.GetStringLength()) : get_string(t, "name");
      tag = trim(tag);
      if (!tag.empty()) r_.leftover_tags.push_back(tag);
    }
  }

  void collect_used_attachments() {
    for (const auto& v : r_.values) {
      if (v.kind != FieldValue::Kind::Attachment) continue;
      auto& used = r_.used_attachment_ids;
      if (std::find(used.begin(), used.end(), v.text) == used.end()) used.push_back(v.text);
    }
  }
};

Value string_value(const std::string& s, rapidjson::Document::AllocatorType& a) {
  return Value(s.c_str(), static_cast<SizeType>(s.size()), a);
}

Value render(const FieldValue& v, const std::map<std::string, std::string>& upload_uris,
             rapidjson::Document::AllocatorType& a) {
  switch (v.kind) {
    case FieldValue::Kind::None: return Value(rapidjson::kNullType);
    case FieldValue::Kind::Text: return string_value(v.text, a);
    case FieldValue::Kind::List: {
      Value list(rapidjson::kArrayType);
      for (const auto& item : v.list) list.PushBack(string_value(item, a), a);
      return list;
    }
    case FieldValue::Kind::Attachment: {
      auto uri = upload_uris.find(v.text);
      if (uri == upload_uris.end() || uri->second.empty()) {
        throw Error(ErrorKind::Internal,
                    "no upload uri for attachment \"" + v.text + "\" when building the apply body");
      }
      return string_value(uri->second, a);
    }
  }
  return Value(rapidjson::kNullType);
}

}  // namespace

ApplyPlan plan_apply(const rapidjson::Value& record, const JobForm& form) {
  Resolution r = Resolver(record, form).run();
  ApplyPlan plan;
  plan.problems = std::move(r.problems);
  plan.leftover_tags = std::move(r.leftover_tags);
  plan.leftover_links = std::move(r.leftover_links);
  for (const auto& id : r.used_attachment_ids) {
    for (const auto& att : r.attachments) {
      if (att.id == id && !att.source.empty()) plan.uploads.push_back({att.id, att.file_name, att.source, att.pointer});
    }
  }
  for (const auto& att : r.attachments) {
    if (std::find(r.used_attachment_ids.begin(), r.used_attachment_ids.end(), att.id) == r.used_attachment_ids.end()) {
      plan.leftover_attachment_ids.push_back(att.id);
    }
  }
  return plan;
}

rapidjson::Document build_apply_body(const rapidjson::Value& record, const JobForm& form,
                                     const std::map<std::string, std::string>& upload_uris) {
  Resolution r = Resolver(record, form).run();
  if (!r.problems.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record does not fit the posting's application form",
                std::move(r.problems));
  }
  rapidjson::Document body(rapidjson::kObjectType);
  auto& a = body.GetAllocator();

  // personalInformation and urls: [{name, value}] for fields with a value, in form order.
  for (const char* group : {kPersonalInformationGroup, kUrlsGroup}) {
    Value list(rapidjson::kArrayType);
    for (size_t i = 0; i < form.fields.size(); ++i) {
      if (form.fields[i].group_id != group || !r.values[i].has_value()) continue;
      Value entry(rapidjson::kObjectType);
      entry.AddMember("name", string_value(form.fields[i].id, a), a);
      entry.AddMember("value", render(r.values[i], upload_uris, a), a);
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
      answered = answered || r.values[i].has_value();
      Value entry(rapidjson::kObjectType);
      entry.AddMember("value", render(r.values[i], upload_uris, a), a);
      fields.PushBack(entry, a);
    }
    if (!answered) continue;
    Value g(rapidjson::kObjectType);
    g.AddMember("id", string_value(group_id, a), a);
    g.AddMember("fields", fields, a);
    custom.PushBack(g, a);
  }
  if (!custom.Empty()) body.AddMember("customQuestions", custom, a);

  Value eeo(rapidjson::kObjectType);
  for (size_t i = 0; i < form.fields.size(); ++i) {
    if (form.fields[i].group_id != kEeoQuestionsGroup || !r.values[i].has_value()) continue;
    eeo.AddMember(string_value(form.fields[i].id, a), render(r.values[i], upload_uris, a), a);
  }
  if (eeo.MemberCount() > 0) body.AddMember("eeoResponses", eeo, a);

  // remote_data last, shallow: its keys replace ours.
  if (record.IsObject()) {
    auto rd = record.FindMember("remote_data");
    if (rd != record.MemberEnd() && rd->value.IsObject()) {
      for (const auto& m : rd->value.GetObject()) {
        Value copy(m.value, a);
        auto existing = body.FindMember(m.name);
        if (existing != body.MemberEnd()) {
          existing->value = copy;
        } else {
          body.AddMember(Value(m.name, a), copy, a);
        }
      }
    }
  }
  return body;
}

}  // namespace tc
