#include "core/input/column_mapping.hpp"

#include <fstream>

#include "core/input/delimiters.hpp"
#include "core/input/header_key.hpp"
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
    {"headline", Field::Title},
    {"city", Field::Locations},
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

// The German, French, Spanish, Portuguese, Italian and Dutch words for the same (accents folded: "Prénom" →
// "prenom"). A lone "Nom" is the surname in French exports; "Nombre"/"Nome" the given name next to
// Apellido/Cognome. Not used for near-spelling suggestions: short foreign words are too close to others
// ("nickname" is not "Nachname").
constexpr Alias kForeignAliases[] = {
    {"vorname", Field::FirstName},
    {"prenom", Field::FirstName},
    {"nombre", Field::FirstName},
    {"nome", Field::FirstName},
    {"primeironome", Field::FirstName},
    {"voornaam", Field::FirstName},
    {"nachname", Field::LastName},
    {"familienname", Field::LastName},
    {"zuname", Field::LastName},
    {"nom", Field::LastName},
    {"nomdefamille", Field::LastName},
    {"apellido", Field::LastName},
    {"apellidos", Field::LastName},
    {"sobrenome", Field::LastName},
    {"ultimonome", Field::LastName},
    {"cognome", Field::LastName},
    {"achternaam", Field::LastName},
    {"vollstandigername", Field::Name},
    {"nomcomplet", Field::Name},
    {"nombrecompleto", Field::Name},
    {"nombreyapellidos", Field::Name},
    {"nomecompleto", Field::Name},
    {"volledigenaam", Field::Name},
    {"naam", Field::Name},
    {"emailadresse", Field::Emails},
    {"courriel", Field::Emails},
    {"adresseemail", Field::Emails},
    {"adressemail", Field::Emails},
    {"correo", Field::Emails},
    {"correoelectronico", Field::Emails},
    {"indirizzoemail", Field::Emails},
    {"emailadres", Field::Emails},
    {"telefon", Field::Phones},
    {"telefonnummer", Field::Phones},
    {"handy", Field::Phones},
    {"mobiltelefon", Field::Phones},
    {"telephone", Field::Phones},
    {"portable", Field::Phones},
    {"telefono", Field::Phones},
    {"movil", Field::Phones},
    {"celular", Field::Phones},
    {"telefone", Field::Phones},
    {"telemovel", Field::Phones},
    {"cellulare", Field::Phones},
    {"telefoon", Field::Phones},
    {"telefoonnummer", Field::Phones},
    {"mobiel", Field::Phones},
    {"firma", Field::Company},
    {"unternehmen", Field::Company},
    {"societe", Field::Company},
    {"entreprise", Field::Company},
    {"empresa", Field::Company},
    {"azienda", Field::Company},
    {"societa", Field::Company},
    {"bedrijf", Field::Company},
    {"ort", Field::Locations},
    {"wohnort", Field::Locations},
    {"stadt", Field::Locations},
    {"standort", Field::Locations},
    {"ville", Field::Locations},
    {"localisation", Field::Locations},
    {"ciudad", Field::Locations},
    {"ubicacion", Field::Locations},
    {"cidade", Field::Locations},
    {"localizacao", Field::Locations},
    {"citta", Field::Locations},
    {"localita", Field::Locations},
    {"plaats", Field::Locations},
    {"woonplaats", Field::Locations},
    {"locatie", Field::Locations},
    {"notizen", Field::LeverNotes},
    {"notiz", Field::LeverNotes},
    {"bemerkungen", Field::LeverNotes},
    {"remarques", Field::LeverNotes},
    {"notas", Field::LeverNotes},
    {"observaciones", Field::LeverNotes},
    {"observacoes", Field::LeverNotes},
    {"notities", Field::LeverNotes},
    {"opmerkingen", Field::LeverNotes},
    {"schlagworte", Field::Tags},
    {"schlagworter", Field::Tags},
    {"etiquettes", Field::Tags},
    {"etiquetas", Field::Tags},
    {"etichette", Field::Tags},
    {"labels", Field::Tags},
    {"quelle", Field::LeverSources},
    {"fuente", Field::LeverSources},
    {"fonte", Field::LeverSources},
    {"bron", Field::LeverSources},
    {"lebenslauf", Field::Resume},
};

// Headers that name the job applied to in ATS exports (Workable, Ashby, Greenhouse) and the person's own
// title elsewhere: never read without the user's --map line (docs: README "Spreadsheet exports").
constexpr const char* kAmbiguousTitles[] = {"job",      "jobtitle",  "position", "role",    "poste", "puesto",
                                            "cargo",    "stelle",    "jobtitel", "functie", "ruolo", "rolle",
                                            "posicion", "posizione", "positie",  "funcao"};

// Keys that mark a last-name column: a suggestion never reads one as the full `name`.
constexpr const char* kSurnameMarks[] = {"last",   "sur",    "famil",    "nach",  "zuname", "apellid",
                                         "cognom", "achter", "sobrenom", "nomde", "maiden"};

const FieldInfo& info(Field field) {
  for (const auto& f : kFields)
    if (f.field == field) return f;
  throw Error(ErrorKind::Internal, "column mapping: a field without a name");
}

std::optional<Field> field_by_key(const std::string& key) {
  for (const auto& f : kFields)
    if (key == match_key(f.name) || (f.singular && key == match_key(f.singular))) return f.field;
  return std::nullopt;
}

// Every recognised header key with its field, for suggestions (the foreign words when `foreign`).
std::vector<std::pair<std::string, Field>> recognised_keys(bool foreign) {
  std::vector<std::pair<std::string, Field>> keys;
  for (const auto& f : kFields) {
    keys.emplace_back(match_key(f.name), f.field);
    if (f.singular) keys.emplace_back(match_key(f.singular), f.field);
  }
  for (const auto& a : kAliases) keys.emplace_back(a.key, a.field);
  if (foreign)
    for (const auto& a : kForeignAliases) keys.emplace_back(a.key, a.field);
  return keys;
}

// The field an unknown header most likely means: a near spelling ("Emial"), else the longest known
// name it contains ("Work Email" → emails, "Current Company" → company). nullopt when nothing fits, and
// for what is not plausibly one header: a long text, or one holding a delimiter (a whole line read with
// the wrong one). A last-name column is never offered `name` ("Nachname des Vaters" → last_name).
std::optional<Field> suggested_field(std::string_view header) {
  const std::string key = match_key(header);
  if (key.empty() || key.size() > 48 || header.find_first_of(",;\t|") != std::string_view::npos) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& k : recognised_keys(false)) names.push_back(k.first);
  const std::string close = closest_name(key, names);
  std::optional<Field> best;
  std::size_t best_length = 0;
  for (const auto& [name, field] : recognised_keys(true)) {
    if (!close.empty() && name == close) {
      best = field;
      break;
    }
    if (name.size() >= 4 && name.size() > best_length && key.find(name) != std::string::npos) {
      best = field;
      best_length = name.size();
    }
  }
  if (best == Field::Name)
    for (const char* mark : kSurnameMarks)
      if (key.find(mark) != std::string::npos) return Field::LastName;
  return best;
}

// A header for a message: tabs shown as \t, cut after about 60 bytes (at a character boundary).
std::string shortened(std::string_view column) {
  std::string out;
  for (std::size_t i = 0; i < column.size(); ++i) {
    if (out.size() >= 60 && (static_cast<unsigned char>(column[i]) & 0xC0) != 0x80) return out + "…";
    if (column[i] == '\t')
      out += "\\t";
    else
      out.push_back(column[i]);
  }
  return out;
}

bool is_ambiguous_title(std::string_view header) {
  const std::string key = match_key(header);
  for (const char* ambiguous : kAmbiguousTitles)
    if (key == ambiguous) return true;
  return false;
}

// A header cell that is really several headers joined by another delimiter than the file was read with:
// at least two parts, one of them a header this tool knows. That delimiter, or '\0'.
char apparent_delimiter(std::string_view column, char delimiter) {
  for (const char candidate : {',', ';', '\t', '|'}) {
    if (candidate == delimiter || column.find(candidate) == std::string_view::npos) continue;
    std::size_t parts = 0;
    bool known = false;
    for (std::size_t start = 0; start <= column.size();) {
      std::size_t end = column.find(candidate, start);
      if (end == std::string_view::npos) end = column.size();
      const std::string_view part = trim(column.substr(start, end - start));
      start = end + 1;
      if (part.empty()) continue;
      ++parts;
      known = known || recognised_header(part) || is_ambiguous_title(part);
    }
    if (parts >= 2 && known) return candidate;
  }
  return '\0';
}

std::string map_line(std::string_view column, std::string_view field) {
  return "--map " + shell_quote(std::string(column) + "=" + std::string(field));
}

// An unknown column: a suggestion with its --map line when one is plausible, else the --map line to fill in.
std::string unknown_column_problem(const std::string& column, const std::string& position) {
  if (const std::optional<Field> suggestion = suggested_field(column))
    return "unknown column '" + column + "' (" + position + "): did you mean " + field_name(*suggestion) + "? " +
           map_line(column, field_name(*suggestion)) + " (or " + map_line(column, "") + " to ignore it)";
  return "unknown column '" + column + "' (" + position + "): " + map_line(column, "FIELD") + " names its field, " +
         map_line(column, "") + " ignores it";
}

// "Job title" and its kind: both readings, each with its --map line.
std::string ambiguous_column_problem(const std::string& column, const std::string& position) {
  return "ambiguous column '" + column + "' (" + position +
         "): the job applied to (as ATS exports mean it) needs Lever posting ids, so " + map_line(column, "") +
         " ignores it (give --job-id, or a job_id column of posting ids); the person's own title: " +
         map_line(column, "title");
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
  for (const auto& a : kForeignAliases)
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

std::vector<Field> ColumnMapping::resolve_header(const std::vector<std::string>& header, const std::string& at,
                                                 char delimiter) const {
  std::vector<Field> fields;
  bool delimiter_advised = false;
  std::vector<std::string> problems;
  std::size_t unknown = 0;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string column(trim(header[i]));
    const std::string position = "column " + std::to_string(i + 1);
    std::optional<Field> field = user_field(column);
    if (!field && lower(column) == "error") field = Field::Ignore;  // what --rejects adds
    if (!field) field = recognised_header(column);
    if (!field && column.empty()) {  // the reader ignores it, and refuses a row with data in it
      fields.push_back(Field::Ignore);
      continue;
    }
    if (!field && is_ambiguous_title(column)) {
      ++unknown;
      problems.push_back(ambiguous_column_problem(column, position));
      fields.push_back(Field::Ignore);
      continue;
    }
    if (const char apparent = field ? '\0' : apparent_delimiter(column, delimiter); apparent != '\0') {
      if (!delimiter_advised) {  // once: it is one file's delimiter, whatever the number of cells
        ++unknown;
        delimiter_advised = true;
        problems.push_back(position + " of the header, '" + shortened(column) +
                           "', holds several column names: " + delimiter_advice(apparent) + " (it was read with " +
                           delimiter_label(delimiter) + " as the delimiter)");
      }
      fields.push_back(Field::Ignore);
      continue;
    }
    if (!field) {
      ++unknown;
      problems.push_back(unknown_column_problem(column, position));
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
  if (delimiter_advised && problems.size() == 1)  // nothing to map before the header is split right
    throw Error(ErrorKind::InvalidInput, message,
                "the delimiter is found in the header line; --delimiter names it: ',', ';', '|' or tab");
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
