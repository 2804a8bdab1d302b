#include "core/input/column_mapping.hpp"

#include <fstream>

#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

struct FieldInfo {
  Field field;
  const char* name;      // canonical, as a --map FIELD
  const char* key;       // the record member (inside `lever` for the lever fields)
  const char* singular;  // accepted spelling, or nullptr
  bool list;
};
constexpr FieldInfo kFields[] = {
    {Field::FirstName, "first_name", "first_name", nullptr, false},
    {Field::LastName, "last_name", "last_name", nullptr, false},
    {Field::Name, "name", "name", nullptr, false},
    {Field::Title, "title", "title", nullptr, false},
    {Field::Company, "company", "company", nullptr, false},
    {Field::Emails, "emails", "emails", "email", true},
    {Field::Phones, "phones", "phones", "phone", true},
    {Field::Locations, "locations", "locations", "location", true},
    {Field::Links, "links", "links", "link", true},
    {Field::Tags, "tags", "tags", "tag", true},
    {Field::Resume, "resume", "resume", nullptr, false},
    {Field::Attachments, "attachments", "attachments", "attachment", true},
    {Field::JobId, "job_id", "job_id", nullptr, false},
    {Field::LeverOwner, "lever.owner", "owner", nullptr, false},
    {Field::LeverFollowers, "lever.followers", "followers", "lever.follower", true},
    {Field::LeverStage, "lever.stage", "stage", nullptr, false},
    {Field::LeverSources, "lever.sources", "sources", "lever.source", true},
    {Field::LeverOrigin, "lever.origin", "origin", nullptr, false},
    {Field::LeverCreatedAt, "lever.created_at", "created_at", nullptr, false},
    {Field::LeverArchiveReason, "lever.archive_reason", "archive_reason", nullptr, false},
    {Field::LeverNotes, "lever.notes", "notes", "lever.note", true},
    {Field::LeverArchivedAt, "lever.archived_at", "archived_at", nullptr, false},
    {Field::LeverSecretNotes, "lever.secret_notes", "notes", "lever.secret_note", true},
};

// Common spreadsheet headers, in match_key form (the field names themselves are recognised too).
struct Alias {
  const char* key;
  Field field;
};
constexpr Alias kAliases[] = {
    {"givenname", Field::FirstName},
    {"forename", Field::FirstName},
    {"surname", Field::LastName},
    {"familyname", Field::LastName},
    {"fullname", Field::Name},
    {"emailaddress", Field::Emails},
    {"emailaddresses", Field::Emails},
    {"mobile", Field::Phones},
    {"mobilephone", Field::Phones},
    {"phonenumber", Field::Phones},
    {"phonenumbers", Field::Phones},
    {"linkedin", Field::Links},
    {"linkedinurl", Field::Links},
    {"linkedinprofile", Field::Links},
    {"jobtitle", Field::Title},
    {"cv", Field::Resume},
    {"owner", Field::LeverOwner},
    {"follower", Field::LeverFollowers},
    {"followers", Field::LeverFollowers},
    {"stage", Field::LeverStage},
    {"source", Field::LeverSources},
    {"sources", Field::LeverSources},
    {"origin", Field::LeverOrigin},
    {"createdat", Field::LeverCreatedAt},
    {"dateadded", Field::LeverCreatedAt},
    {"archivereason", Field::LeverArchiveReason},
    {"archivedate", Field::LeverArchivedAt},
    {"archivedat", Field::LeverArchivedAt},
    {"secretnote", Field::LeverSecretNotes},
    {"secretnotes", Field::LeverSecretNotes},
    {"note", Field::LeverNotes},
    {"notes", Field::LeverNotes},
};

const FieldInfo& info(Field field) {
  for (const auto& f : kFields)
    if (f.field == field) return f;
  throw Error(ErrorKind::Internal, "column mapping: a field without a name");
}

// Case- and punctuation-insensitive form: ASCII letters lower-cased, digits kept, other ASCII dropped,
// UTF-8 bytes kept ("E-mail Address" → "emailaddress", "Phone #" → "phone").
std::string match_key(std::string_view text) {
  std::string key;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z')
      key.push_back(static_cast<char>(c + 32));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
      key.push_back(static_cast<char>(c));
  }
  return key;
}

std::optional<Field> field_by_key(const std::string& key) {
  for (const auto& f : kFields)
    if (key == match_key(f.name) || (f.singular && key == match_key(f.singular))) return f.field;
  return std::nullopt;
}

// Every recognised header key with its field, for suggestions.
std::vector<std::pair<std::string, Field>> recognised_keys() {
  std::vector<std::pair<std::string, Field>> keys;
  for (const auto& f : kFields) {
    keys.emplace_back(match_key(f.name), f.field);
    if (f.singular) keys.emplace_back(match_key(f.singular), f.field);
  }
  for (const auto& a : kAliases) keys.emplace_back(a.key, a.field);
  return keys;
}

// The field an unknown header most likely means: a near spelling ("Emial"), else the longest known
// name it contains ("Work Email" → emails, "Current Company" → company). nullopt when nothing fits.
std::optional<Field> suggested_field(std::string_view header) {
  const std::string key = match_key(header);
  if (key.empty()) return std::nullopt;
  const auto keys = recognised_keys();
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.first);
  const std::string close = closest_name(key, names);
  std::optional<Field> best;
  std::size_t best_length = 0;
  for (const auto& [name, field] : keys) {
    if (!close.empty() && name == close) return field;
    if (name.size() >= 4 && name.size() > best_length && key.find(name) != std::string::npos) {
      best = field;
      best_length = name.size();
    }
  }
  return best;
}

std::string map_line(std::string_view column, std::string_view field) {
  return "--map " + shell_quote(std::string(column) + "=" + std::string(field));
}

// A pasted `--map 'COLUMN=FIELD'` (or "…") back to COLUMN=FIELD.
std::string unwrap_map_flag(std::string_view line) {
  if (line.substr(0, 5) != "--map") return std::string(line);
  std::string_view rest = trim(line.substr(5));
  if (!rest.empty() && rest.front() == '=') rest = rest.substr(1);
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"')
    return std::string(rest.substr(1, rest.size() - 2));
  if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'') {
    std::string out(rest.substr(1, rest.size() - 2));
    for (std::size_t at = out.find("'\\''"); at != std::string::npos; at = out.find("'\\''", at + 1))
      out.replace(at, 4, "'");
    return out;
  }
  return std::string(rest);
}

}  // namespace

const char* field_name(Field field) { return field == Field::Ignore ? "" : info(field).name; }
const char* field_key(Field field) { return field == Field::Ignore ? "" : info(field).key; }
bool is_list_field(Field field) { return field != Field::Ignore && info(field).list; }
bool is_lever_field(Field field) { return field >= Field::LeverOwner; }

std::string known_field_names() {
  std::vector<std::string> names;
  for (const auto& f : kFields) names.emplace_back(f.name);
  return join(names);
}

std::optional<Field> field_named(std::string_view name) { return field_by_key(match_key(name)); }

std::optional<Field> recognised_header(std::string_view header) {
  const std::string key = match_key(header);
  if (auto field = field_by_key(key)) return field;
  for (const auto& a : kAliases)
    if (key == a.key) return a.field;
  return std::nullopt;
}

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out.push_back(c);
  }
  return out + "'";
}

void ColumnMapping::add(std::string_view raw_line, const std::string& origin, int layer) {
  const std::string line = unwrap_map_flag(trim(raw_line));
  const std::size_t equals = line.rfind('=');
  if (equals == std::string::npos)
    throw Error(ErrorKind::Usage, origin + ": expected COLUMN=FIELD (or COLUMN= to ignore the column)",
                "known fields: " + known_field_names());
  Entry entry;
  entry.column = std::string(trim(std::string_view(line).substr(0, equals)));
  const std::string field_text(trim(std::string_view(line).substr(equals + 1)));
  if (entry.column.empty()) throw Error(ErrorKind::Usage, origin + ": no column name before '='");
  if (!field_text.empty()) {
    const std::optional<Field> field = field_named(field_text);
    if (!field) {
      std::vector<std::string> names;
      for (const auto& f : kFields) names.emplace_back(f.name);
      const std::string close = closest_name(field_text, names);
      throw Error(
          ErrorKind::Usage,
          origin + ": unknown field '" + field_text + "'" + (close.empty() ? "" : "; did you mean " + close + "?"),
          "known fields: " + known_field_names() + "; COLUMN= ignores a column");
    }
    entry.field = *field;
  }
  entry.normalized = match_key(entry.column);
  entry.origin = origin;
  entry.layer = layer;
  for (auto& existing : entries_) {
    if (existing.layer < layer && existing.normalized == entry.normalized) {
      existing = std::move(entry);
      return;
    }
    if (existing.column != entry.column) continue;
    if (existing.field == entry.field) return;
    throw Error(ErrorKind::Usage, origin + ": column '" + entry.column + "' is already mapped by " + existing.origin,
                "map each column once");
  }
  entries_.push_back(std::move(entry));
}

void ColumnMapping::add_file(const std::string& path, int layer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::NoInput, "--mapping " + path + ": cannot read the file", "check the path");
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::string_view text = trim(line);
    if (number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text = trim(text.substr(3));
    if (text.empty() || text.front() == '#') continue;
    add(text, path + " line " + std::to_string(number), layer);
  }
}

const ColumnMapping::Entry* ColumnMapping::find(std::string_view column) const {
  const std::string_view trimmed = trim(column);
  for (const auto& e : entries_)
    if (e.column == trimmed) return &e;
  const std::string key = match_key(trimmed);
  if (key.empty()) return nullptr;
  for (const auto& e : entries_)
    if (e.normalized == key) return &e;
  return nullptr;
}

std::optional<Field> ColumnMapping::user_field(std::string_view column) const {
  if (const Entry* e = find(column)) return e->field;
  return std::nullopt;
}

std::vector<Field> ColumnMapping::resolve_header(const std::vector<std::string>& header, const std::string& at) const {
  std::vector<Field> fields;
  std::vector<std::string> problems;
  std::size_t unknown = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string column(trim(header[i]));
    const std::string position = "column " + std::to_string(i + 1);
    std::optional<Field> field = user_field(column);
    if (!field && lower(column) == "error") field = Field::Ignore;  // what --rejects adds
    if (!field) field = recognised_header(column);
    if (!field && column.empty()) {
      problems.push_back(position + " of the header has no name: name it, or delete the column");
      fields.push_back(Field::Ignore);
      continue;
    }
    if (!field) {
      ++unknown;
      const std::optional<Field> suggestion = suggested_field(column);
      if (suggestion)
        problems.push_back("unknown column '" + column + "' (" + position + "): did you mean " +
                           field_name(*suggestion) + "? " + map_line(column, field_name(*suggestion)) + " (or " +
                           map_line(column, "") + " to ignore it)");
      else
        problems.push_back("unknown column '" + column + "' (" + position + "): " + map_line(column, "FIELD") +
                           " names its field, " + map_line(column, "") + " ignores it");
      fields.push_back(Field::Ignore);
      continue;
    }
    if (*field != Field::Ignore && !is_list_field(*field)) {
      for (std::size_t j = 0; j < fields.size(); ++j) {
        if (fields[j] != *field) continue;
        const std::string earlier(trim(header[j]));
        problems.push_back("columns '" + earlier + "' (column " + std::to_string(j + 1) + ") and '" + column + "' (" +
                           position + ") both give " + field_name(*field) +
                           ", which takes one value: " + map_line(column, "") + " ignores the second");
        break;
      }
    }
    fields.push_back(*field);
  }
  if (problems.empty()) return fields;
  std::string message = at + ": ";
  if (problems.size() == 1) {
    message += problems[0];
  } else {
    message += "the header has " + std::to_string(problems.size()) + " problems";
    if (unknown > 0)
      message += " (" + std::to_string(unknown) + " unknown " + (unknown == 1 ? "column" : "columns") + ")";
    message += ":";
    for (const auto& p : problems) message += "\n  " + p;
  }
  throw Error(ErrorKind::InvalidInput, message,
              "known fields: " + known_field_names() +
                  "; give the --map lines (repeatable) or put COLUMN=FIELD lines in a --mapping FILE");
}

std::optional<std::string> ColumnMapping::apply_to_object(rapidjson::Document& record) const {
  record.RemoveMember("error");  // what --rejects adds
  if (entries_.empty()) return std::nullopt;
  auto& alloc = record.GetAllocator();
  std::optional<std::string> problem;
  rapidjson::Value moved_to_lever(rapidjson::kObjectType);
  for (auto it = record.MemberBegin(); it != record.MemberEnd();) {
    const std::string_view key(it->name.GetString(), it->name.GetStringLength());
    const Entry* entry = find(key);
    if (entry == nullptr ||
        (entry->field != Field::Ignore && key == field_key(entry->field) && !is_lever_field(entry->field))) {
      ++it;
      continue;
    }
    if (entry->field == Field::Ignore) {
      it = record.EraseMember(it);
      continue;
    }
    if (entry->field == Field::Resume) {  // a CSV cell becomes an attachment; a JSON record gives attachments
      if (!problem)
        problem = "key '" + std::string(key) + "' is mapped to resume (" + entry->origin +
                  "), a CSV column; a JSON record gives its files as attachments";
      ++it;
      continue;
    }
    const char* target = field_key(entry->field);
    const bool taken = is_lever_field(entry->field) ? moved_to_lever.HasMember(target) ||
                                                          (record.HasMember("lever") && record["lever"].IsObject() &&
                                                           record["lever"].HasMember(target))
                                                    : record.HasMember(target);
    if (taken) {
      if (!problem)
        problem = "key '" + std::string(key) + "' is mapped to " + field_name(entry->field) + " (" + entry->origin +
                  "), which the record already has";
      ++it;
      continue;
    }
    if (is_lever_field(entry->field)) {
      moved_to_lever.AddMember(rapidjson::Value(target, alloc), it->value, alloc);
      it = record.EraseMember(it);
      continue;
    }
    it->name.SetString(target, alloc);
    ++it;
  }
  if (!moved_to_lever.ObjectEmpty()) {
    auto lever = record.FindMember("lever");
    if (lever == record.MemberEnd()) {
      record.AddMember("lever", moved_to_lever, alloc);
    } else if (lever->value.IsObject()) {
      for (auto& m : moved_to_lever.GetObject()) lever->value.AddMember(m.name, m.value, alloc);
    } else if (!problem) {
      problem = "keys are mapped into the record's lever object, but its lever member is not an object";
    }
  }
  return problem;
}

}  // namespace tc
