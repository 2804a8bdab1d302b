#pragma once
// Column mapping (ARCHITECTURE.md §4, spreadsheet exports): which field of a unified record each input
// column (CSV) or top-level key (JSON) fills. Three sources, in this order of precedence:
//   1. the user's COLUMN=FIELD lines (--map, and --mapping FILE; a --map line overrides the file's line
//      for the same column); `COLUMN=` ignores the column;
//   2. a column named `error` (what --rejects writes) is ignored;
//   3. the known field names and the common spreadsheet headers ("First Name", "E-mail Address",
//      "Mobile Phone", "LinkedIn", "CV", "Date Added", …; their German, French, Spanish, Portuguese,
//      Italian and Dutch words: "Vorname", "Prénom", "Apellidos", …), compared case-, accent- and
//      punctuation-insensitively. "Job", "Job title", "Position", "Role" (and their translations) are
//      ambiguous and never read without a line of the user's.
// Columns are matched to COLUMN exactly (surrounding blanks trimmed) or, failing that, case- and
// punctuation-insensitively. JSON keys get sources 1 and 2 only: their values must already have the
// unified shape.
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc {

// What one column fills. Lists take several values per cell (core/input/csv_reader.hpp) and may be given by several
// columns (their values are appended in column order); the others by one column at most. The lever.*
// fields come last (is_lever_field relies on it).
enum class Field : std::uint8_t {
  Ignore,
  FirstName,
  LastName,
  Name,
  Title,
  Company,
  Emails,
  Phones,
  Locations,
  Links,
  Tags,
  Resume,
  Attachments,
  JobId,
  LeverOwner,
  LeverFollowers,
  LeverStage,
  LeverSources,
  LeverOrigin,
  LeverCreatedAt,
  LeverArchiveReason,
  LeverNotes,
  LeverArchivedAt,
  LeverSecretNotes,  // a note with "secret": true (Lever's migration template has such a column)
};

// The field's canonical name: "first_name", "emails", "lever.owner", … ("" for Ignore).
const char* field_name(Field field);
// The record member it fills: "emails" for Emails, "owner" (inside `lever`) for LeverOwner.
const char* field_key(Field field);
bool is_lever_field(Field field);
bool is_list_field(Field field);
// "first_name, last_name, name, …, lever.notes" — every name a --map line may give as FIELD.
std::string known_field_names();

// A field named as a --map FIELD: canonical or singular ("email", "lever.follower"), any case, '_', '-',
// ' ' or '.' ignored. nullopt when unknown.
std::optional<Field> field_named(std::string_view name);
// A header recognised without a map (a field name or a common spreadsheet header). nullopt when unknown.
std::optional<Field> recognised_header(std::string_view header);

// `text` as one single-quoted shell word: Candidate's → 'Candidate'\''s'.
std::string shell_quote(std::string_view text);

class ColumnMapping {
 public:
  // Adds one COLUMN=FIELD line (the last '=' splits it; `COLUMN=` ignores the column; a line pasted as
  // --map 'COLUMN=FIELD' is accepted too). `origin` names the line in errors ("--map 'X=y'", "map.txt
  // line 3"). A later `layer` overrides an earlier one for the same column; the same column twice in
  // one layer with different fields is an error. Throws tc::Error(Usage).
  void add(std::string_view line, const std::string& origin, int layer);
  // Reads FILE: one COLUMN=FIELD line each, '#' comment lines and blank lines skipped. Throws
  // tc::Error(NoInput) when the file cannot be read, tc::Error(Usage) naming the file and line.
  void add_file(const std::string& path, int layer);

  bool empty() const { return entries_.empty(); }

  // The user's field for `column` (Field::Ignore to ignore it), nullopt when no line names it.
  std::optional<Field> user_field(std::string_view column) const;

  // One Field per CSV header column (Ignore for ignored columns, and for unnamed ones: the reader refuses
  // a row with data in them). Every problem at once — unknown columns (each with a suggestion and the
  // --map line that fixes it), ambiguous ones ("Job title": the job applied to, or the person's title;
  // both readings), a cell holding several headers joined by another delimiter than `delimiter` (the
  // --delimiter advice instead of a --map line), two columns for one single-valued field — throws
  // tc::Error(InvalidInput) whose message starts with `at`.
  std::vector<Field> resolve_header(const std::vector<std::string>& header, const std::string& at,
                                    char delimiter = ',') const;

  // Renames or drops the top-level keys of a JSON record the user mapped (a lever.* field goes into the
  // record's `lever` object) and drops an `error` member. Returns a message when a renamed key meets a
  // key the record already has (the record is then unchanged in that key).
  std::optional<std::string> apply_to_object(rapidjson::Document& record) const;

 private:
  struct Entry {
    std::string column;      // as written, trimmed
    std::string normalized;  // case- and punctuation-insensitive form
    Field field = Field::Ignore;
    std::string origin;
    int layer = 0;
  };
  const Entry* find(std::string_view column) const;
  std::vector<Entry> entries_;
};

}  // namespace tc
