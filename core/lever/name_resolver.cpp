#include "core/lever/name_resolver.hpp"

#include <fmt/format.h>

#include <utility>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {
namespace {

// How many known names a message lists before "… and N more".
constexpr std::size_t kListedNames = 25;

const char* noun(LeverListKind kind) {
  switch (kind) {
    case LeverListKind::Users: return "user";
    case LeverListKind::Stages: return "stage";
    case LeverListKind::ArchiveReasons: return "archive reason";
  }
  return "";
}

std::string comparable(std::string_view s) { return lower(trim(s)); }

// What a user types for an entry: a user's e-mail (else id), a stage's or reason's text.
std::string shown_name(LeverListKind kind, const LeverListEntry& e) {
  if (kind == LeverListKind::Users) return e.email.empty() ? e.id : e.email;
  return e.name.empty() ? e.id : e.name;
}

std::string known_names(LeverListKind kind, const std::vector<LeverListEntry>& entries,
                        std::vector<std::string>& names) {
  for (const auto& e : entries) names.push_back(shown_name(kind, e));
  std::vector<std::string> quoted;
  for (std::size_t i = 0; i < names.size() && i < kListedNames; ++i) quoted.push_back("\"" + names[i] + "\"");
  std::string text = join(quoted, ", ");
  if (names.size() > kListedNames) text += fmt::format(" and {} more", names.size() - kListedNames);
  if (names.empty()) text = "none (the list is empty)";
  return fmt::format("known {}s: {}", noun(kind), text);
}

// The id `given` stands for, or "" with `problem` set.
std::string resolve_one(LeverListKind kind, const std::vector<LeverListEntry>& entries, std::string_view given,
                        std::string& problem) {
  const std::string wanted = comparable(given);
  for (const auto& e : entries)
    if (e.id == trim(given)) return e.id;
  std::vector<const LeverListEntry*> matches;
  for (const auto& e : entries) {
    const bool match = kind == LeverListKind::Users ? (!e.email.empty() && comparable(e.email) == wanted)
                                                    : comparable(e.name) == wanted;
    if (match) matches.push_back(&e);
  }
  // A user by display name ("Riley Recruiter", what exports carry) when no e-mail matches.
  if (matches.empty() && kind == LeverListKind::Users) {
    for (const auto& e : entries)
      if (!e.name.empty() && comparable(e.name) == wanted) matches.push_back(&e);
  }
  if (matches.size() == 1) return matches[0]->id;
  const std::string shown = "\"" + std::string(given) + "\"";
  if (matches.size() > 1) {
    std::vector<std::string> candidates;
    for (const auto* m : matches)
      candidates.push_back(kind == LeverListKind::Users && !m->email.empty() ? m->email + " (" + m->id + ")" : m->id);
    problem = fmt::format("{} names {} Lever {}s ({}): give {}", shown, matches.size(), noun(kind),
                          join(candidates, ", "), kind == LeverListKind::Users ? "the e-mail or id" : "the id");
    return "";
  }
  std::vector<std::string> names;
  const std::string known = known_names(kind, entries, names);
  std::vector<std::string> near = names;  // a user's display name is a name one can mistype too
  if (kind == LeverListKind::Users)
    for (const auto& e : entries)
      if (!e.name.empty()) near.push_back(e.name);
  const std::string suggestion = closest_name(given, near);
  const std::string did_you_mean = suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)";
  if (kind == LeverListKind::Users)
    problem = fmt::format("no Lever user has the e-mail, name or id {}{}; {}", shown, did_you_mean, known);
  else
    problem = fmt::format("{} is not a Lever {}{}; {}", shown, noun(kind), did_you_mean, known);
  return "";
}

rapidjson::Value* lever_object(rapidjson::Value& record) {
  if (!record.IsObject()) return nullptr;
  auto it = record.FindMember("lever");
  return it != record.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

struct NameField {
  const char* key;
  LeverListKind kind;
  bool is_list;
};
constexpr NameField kNameFields[] = {{"owner", LeverListKind::Users, false},
                                     {"followers", LeverListKind::Users, true},
                                     {"stage", LeverListKind::Stages, false},
                                     {"archive_reason", LeverListKind::ArchiveReasons, false}};

}  // namespace

const char* lever_list_path(LeverListKind kind) {
  switch (kind) {
    case LeverListKind::Users: return "/users";
    case LeverListKind::Stages: return "/stages";
    case LeverListKind::ArchiveReasons: return "/archive_reasons";
  }
  return "";
}

std::vector<LeverListEntry> read_lever_list(LeverApi& api, LeverListKind kind) {
  std::vector<LeverListEntry> entries;
  const std::string path = lever_list_path(kind);
  std::string offset;
  for (;;) {
    QueryParams query = {{"limit", "100"}};
    // Names resolve to active users only, as Lever lists them by default; stated, not assumed.
    if (kind == LeverListKind::Users) query.emplace_back("includeDeactivated", "false");
    if (!offset.empty()) query.emplace_back("offset", offset);
    const SendResult sent = api.executor().send(api.request("GET", path, query), RequestKind::Read);
    const rapidjson::Document envelope = lever_envelope_or_throw(sent.response, "GET " + path);
    const rapidjson::Value& data = envelope["data"];
    if (data.IsArray()) {
      for (const auto& item : data.GetArray()) {
        LeverListEntry e;
        e.id = get_string(item, "id");
        e.name = get_string(item, kind == LeverListKind::Users ? "name" : "text");
        if (kind == LeverListKind::Users) e.email = get_string(item, "email");
        if (!e.id.empty()) entries.push_back(std::move(e));
      }
    }
    const auto* has_next = get_member(envelope, "hasNext");
    if (has_next == nullptr || !has_next->IsBool() || !has_next->GetBool()) break;
    offset = get_string(envelope, "next");
    if (offset.empty()) break;
  }
  return entries;
}

LeverNameResolver::LeverNameResolver(ListReader read_list) : read_list_(std::move(read_list)) {}

bool LeverNameResolver::has_names(const rapidjson::Value& record) {
  const rapidjson::Value* lever = lever_object(const_cast<rapidjson::Value&>(record));
  if (lever == nullptr) return false;
  for (const auto& field : kNameFields) {
    const auto it = lever->FindMember(field.key);
    if (it == lever->MemberEnd()) continue;
    if (it->value.IsString() || (it->value.IsArray() && !it->value.Empty())) return true;
  }
  return false;
}

const std::vector<LeverListEntry>& LeverNameResolver::list(LeverListKind kind) {
  List& l = lists_[static_cast<std::size_t>(kind)];
  std::lock_guard<std::mutex> lock(l.mutex);  // held while reading: other workers wait for the one read
  if (!l.loaded) {
    l.entries = read_list_(kind);
    l.loaded = true;
  }
  return l.entries;  // never changes once loaded
}

std::string LeverNameResolver::name_if_read(LeverListKind kind, const std::string& id) const {
  const List& l = lists_[static_cast<std::size_t>(kind)];
  std::lock_guard<std::mutex> lock(l.mutex);
  if (!l.loaded) return "";
  for (const auto& e : l.entries)
    if (e.id == id) return e.name;
  return "";
}

std::string LeverNameResolver::user_id_if_read(const std::string& email) const {
  const List& l = lists_[static_cast<std::size_t>(LeverListKind::Users)];
  std::lock_guard<std::mutex> lock(l.mutex);
  if (!l.loaded) return "";
  const std::string wanted = comparable(email);
  for (const auto& e : l.entries)
    if (!e.email.empty() && comparable(e.email) == wanted) return e.id;
  return "";
}

int LeverNameResolver::lists_read() const {
  int n = 0;
  for (const auto& l : lists_) {
    std::lock_guard<std::mutex> lock(l.mutex);
    n += l.loaded ? 1 : 0;
  }
  return n;
}

std::vector<Problem> LeverNameResolver::resolve(rapidjson::Document& record) {
  std::vector<Problem> problems;
  rapidjson::Value* lever = lever_object(record);
  if (lever == nullptr) return problems;
  auto& alloc = record.GetAllocator();
  auto resolve_value = [&](rapidjson::Value& value, LeverListKind kind, const std::string& pointer) {
    if (!value.IsString()) return;  // the schema reports it
    std::string problem;
    const std::string id = resolve_one(kind, list(kind), {value.GetString(), value.GetStringLength()}, problem);
    if (id.empty())
      problems.push_back({pointer, problem});
    else
      value.SetString(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), alloc);
  };
  for (const auto& field : kNameFields) {
    const auto it = lever->FindMember(field.key);
    if (it == lever->MemberEnd()) continue;
    const std::string pointer = std::string("/lever/") + field.key;
    if (!field.is_list) {
      resolve_value(it->value, field.kind, pointer);
    } else if (it->value.IsArray()) {
      for (rapidjson::SizeType i = 0; i < it->value.Size(); ++i)
        resolve_value(it->value[i], field.kind, pointer + "/" + std::to_string(i));
    }
  }
  return problems;
}

std::vector<Problem> unresolved_names_in(RecordReader& reader, LeverNameResolver& names,
                                         const std::function<bool(const rapidjson::Value&)>& skip,
                                         std::size_t max_problems) {
  std::vector<Problem> problems;
  std::size_t more = 0;
  for_each_whole_record(reader, [&](InputRecord& record) {
    if (!LeverNameResolver::has_names(record.doc) || (skip && skip(record.doc))) return;
    for (auto& p : names.resolve(record.doc)) {
      if (problems.size() >= max_problems) {
        ++more;
        continue;
      }
      p.message = fmt::format("record {} (line {}): {}", record.index + 1, record.line, p.message);
      problems.push_back(std::move(p));
    }
  });
  if (more > 0) problems.push_back({"", fmt::format("… and {} more names that do not resolve", more)});
  return problems;
}

}  // namespace tc
