// Column mapping (ARCHITECTURE.md §4, spreadsheet exports): COLUMN=FIELD lines, mapping files, the headers
// recognised without a map, every unknown column at once, and the same mapping over JSON keys.
#include "core/input/column_mapping.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using tc::Field;

struct Thrown {
  tc::ErrorKind kind = tc::ErrorKind::Internal;
  std::string message, hint;
};

template <typename F>
Thrown thrown_by(F&& f) {
  try {
    f();
  } catch (const tc::Error& e) {
    return {e.kind(), e.what(), e.hint()};
  }
  FAIL("nothing was thrown");
  return {};
}

std::vector<Field> resolve(const std::vector<std::string>& header, const tc::ColumnMapping& mapping = {}) {
  return mapping.resolve_header(header, "export.csv line 1");
}

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string mapped_json(const std::string& json, const tc::ColumnMapping& mapping, std::string* problem = nullptr) {
  rapidjson::Document doc;
  REQUIRE(tc::parse_json(json, doc));
  const auto clash = mapping.apply_to_object(doc);
  if (problem) *problem = clash.value_or("");
  return tc::to_json(doc);
}

}  // namespace

TEST_CASE("the common spreadsheet headers are recognised, case- and punctuation-insensitively") {
  const std::vector<std::pair<const char*, Field>> cases = {
      {"First Name", Field::FirstName},
      {"given name", Field::FirstName},
      {"LAST_NAME", Field::LastName},
      {"Surname", Field::LastName},
      {"Family name", Field::LastName},
      {"Name", Field::Name},
      {"Full Name", Field::Name},
      {"Email", Field::Emails},
      {"E-mail Address", Field::Emails},
      {"Email Address", Field::Emails},
      {"Phone", Field::Phones},
      {"Mobile", Field::Phones},
      {"Mobile Phone", Field::Phones},
      {"Phone number", Field::Phones},
      {"Phone #", Field::Phones},
      {"LinkedIn", Field::Links},
      {"Location", Field::Locations},
      {"Company", Field::Company},
      {"Title", Field::Title},
      {"Headline", Field::Title},
      {"Tags", Field::Tags},
      {"Resume", Field::Resume},
      {"CV", Field::Resume},
      {"owner", Field::LeverOwner},
      {"lever.owner", Field::LeverOwner},
      {"Followers", Field::LeverFollowers},
      {"follower", Field::LeverFollowers},
      {"lever.follower", Field::LeverFollowers},
      {"Stage", Field::LeverStage},
      {"source", Field::LeverSources},
      {"lever.sources", Field::LeverSources},
      {"Origin", Field::LeverOrigin},
      {"Date Added", Field::LeverCreatedAt},
      {"Created At", Field::LeverCreatedAt},
      {"lever.created_at", Field::LeverCreatedAt},
      {"Archive Reason", Field::LeverArchiveReason},
      {"Notes", Field::LeverNotes},
      {"note", Field::LeverNotes},
      {"lever.note", Field::LeverNotes},
  };
  for (const auto& [header, field] : cases) {
    CAPTURE(header);
    CHECK(tc::recognised_header(header) == field);
  }
  CHECK_FALSE(tc::recognised_header("Position").has_value());
  CHECK_FALSE(tc::recognised_header("Job Title").has_value());  // ambiguous: the job applied to, or the title
  CHECK_FALSE(tc::recognised_header("Connected On").has_value());
  CHECK_FALSE(tc::recognised_header("").has_value());
}

TEST_CASE("field names: canonical, singular, any case; lever fields live in the lever object") {
  CHECK(tc::field_named("emails") == Field::Emails);
  CHECK(tc::field_named("Email") == Field::Emails);
  CHECK(tc::field_named("lever.follower") == Field::LeverFollowers);
  CHECK(tc::field_named("lever_archive_reason") == Field::LeverArchiveReason);
  CHECK_FALSE(tc::field_named("surname").has_value());  // a header, not a field name
  CHECK(std::string(tc::field_name(Field::LeverCreatedAt)) == "lever.created_at");
  CHECK(std::string(tc::field_key(Field::LeverCreatedAt)) == "created_at");
  CHECK(tc::is_lever_field(Field::LeverNotes));
  CHECK_FALSE(tc::is_lever_field(Field::Resume));
  CHECK(tc::is_list_field(Field::LeverSources));
  CHECK_FALSE(tc::is_list_field(Field::Name));
  CHECK(tc::known_field_names() ==
        "first_name, last_name, name, title, company, emails, phones, locations, links, tags, resume, attachments, "
        "job_id, "
        "lever.owner, "
        "lever.followers, lever.stage, lever.sources, lever.origin, lever.created_at, lever.archive_reason, "
        "lever.notes, lever.archived_at, lever.secret_notes");
}

TEST_CASE("shell_quote makes one single-quoted word") {
  CHECK(tc::shell_quote("Full Name=name") == "'Full Name=name'");
  CHECK(tc::shell_quote("Candidate's e-mail=") == "'Candidate'\\''s e-mail='");
}

TEST_CASE("COLUMN=FIELD lines: rename, ignore, the last '=' splits, a pasted --map line works") {
  tc::ColumnMapping mapping;
  mapping.add("Position=title", "--map 'Position=title'", 1);
  mapping.add("  Connected On =  ", "--map", 1);
  mapping.add("a=b=First Name", "--map", 1);
  mapping.add("--map 'Candidate'\\''s mail=email'", "map.txt line 4", 1);
  CHECK(mapping.user_field("Position") == Field::Title);
  CHECK(mapping.user_field("position") == Field::Title);  // case-insensitive when no exact match
  CHECK(mapping.user_field("Connected On") == Field::Ignore);
  CHECK(mapping.user_field("a=b") == Field::FirstName);
  CHECK(mapping.user_field("Candidate's mail") == Field::Emails);
  CHECK_FALSE(mapping.user_field("Company").has_value());
}

TEST_CASE("a bad COLUMN=FIELD line is a usage error naming where it came from") {
  tc::ColumnMapping mapping;
  Thrown t = thrown_by([&] { mapping.add("Full Name", "--map 'Full Name'", 1); });
  CHECK(t.kind == tc::ErrorKind::Usage);
  CHECK(t.message == "--map 'Full Name': expected COLUMN=FIELD (or COLUMN= to ignore the column)");
  t = thrown_by([&] { mapping.add("=name", "map.txt line 2", 1); });
  CHECK(t.message == "map.txt line 2: no column name before '='");
  t = thrown_by([&] { mapping.add("Mail=emial", "map.txt line 3", 1); });
  CHECK(t.kind == tc::ErrorKind::Usage);
  CHECK(t.message == "map.txt line 3: unknown field 'emial'; did you mean emails?");
  CHECK(t.hint.find("known fields: first_name, last_name, name,") == 0);
}

TEST_CASE("a --map line overrides the mapping file's; the same column twice in one place is refused") {
  tc::ColumnMapping mapping;
  mapping.add("Full Name=name", "map.txt line 1", 0);
  mapping.add("full name=", "--map 'full name='", 1);  // another spelling of the same column
  CHECK(mapping.user_field("Full Name") == Field::Ignore);
  mapping.add("Mobile=phones", "map.txt line 2", 0);
  mapping.add("Mobile=phone", "map.txt line 3", 0);  // the same field again: harmless
  const Thrown t = thrown_by([&] { mapping.add("Mobile=", "map.txt line 4", 0); });
  CHECK(t.kind == tc::ErrorKind::Usage);
  CHECK(t.message == "map.txt line 4: column 'Mobile' is already mapped by map.txt line 2");
}

TEST_CASE("a mapping file: comments, blank lines, a BOM; errors name the file and the line") {
  const std::string good = write_file("tc_mapping_good.txt",
                                      "\xEF\xBB\xBF# LinkedIn export\r\n\r\nPosition = title\r\n  # ignored:\r\n"
                                      "Connected On=\r\n");
  tc::ColumnMapping mapping;
  mapping.add_file(good, 0);
  CHECK(mapping.user_field("Position") == Field::Title);
  CHECK(mapping.user_field("Connected On") == Field::Ignore);

  const std::string bad = write_file("tc_mapping_bad.txt", "# two lines\nPosition=title\nConnected On\n");
  const Thrown t = thrown_by([&] { tc::ColumnMapping().add_file(bad, 0); });
  CHECK(t.kind == tc::ErrorKind::Usage);
  CHECK(t.message == bad + " line 3: expected COLUMN=FIELD (or COLUMN= to ignore the column)");

  const Thrown missing = thrown_by([&] { tc::ColumnMapping().add_file("/nonexistent/map.txt", 0); });
  CHECK(missing.kind == tc::ErrorKind::NoInput);
  CHECK(missing.message == "--mapping /nonexistent/map.txt: cannot read the file");
  std::remove(good.c_str());
  std::remove(bad.c_str());
}

TEST_CASE("a header resolves once: user lines first, then `error`, then the recognised names") {
  tc::ColumnMapping mapping;
  mapping.add("Name=first_name", "--map", 1);  // the user's line beats the recognised header
  mapping.add("Notes=", "--map", 1);
  CHECK(resolve({"Name", " E-mail Address ", "Mobile Phone", "error", "Notes", "Work Phone"},
                [&] {
                  tc::ColumnMapping m = mapping;
                  m.add("Work Phone=phones", "--map", 1);
                  return m;
                }()) == std::vector<Field>{Field::FirstName, Field::Emails, Field::Phones, Field::Ignore, Field::Ignore,
                                           Field::Phones});
}

TEST_CASE("every unknown column is reported at once, each with a suggestion and the --map line") {
  const Thrown t = thrown_by([] {
    resolve({"First Name", "Last Name", "Email Address", "Company", "Position", "Connected On", "Work Email",
             "Candidate's LinkedIn URL"});
  });
  CHECK(t.kind == tc::ErrorKind::InvalidInput);
  CHECK(t.message ==
        "export.csv line 1: the header has 4 problems (4 unknown columns):\n"
        "  ambiguous column 'Position' (column 5): the job applied to (as ATS exports mean it) needs Lever posting "
        "ids, so --map 'Position=' ignores it (give --job-id, or a job_id column of posting ids); the person's own "
        "title: --map 'Position=title'\n"
        "  unknown column 'Connected On' (column 6): --map 'Connected On=FIELD' names its field, --map "
        "'Connected On=' ignores it\n"
        "  unknown column 'Work Email' (column 7): did you mean emails? --map 'Work Email=emails' (or --map "
        "'Work Email=' to ignore it)\n"
        "  unknown column 'Candidate's LinkedIn URL' (column 8): did you mean links? --map "
        "'Candidate'\\''s LinkedIn URL=links' (or --map 'Candidate'\\''s LinkedIn URL=' to ignore it)");
  CHECK(t.hint.find("known fields: first_name, last_name, name, title,") == 0);
  CHECK(t.hint.find("--mapping FILE") != std::string::npos);
}

TEST_CASE("one unknown column is one line; a near spelling is suggested") {
  const Thrown t = thrown_by([] { resolve({"first_name", "Emial"}); });
  CHECK(t.message ==
        "export.csv line 1: unknown column 'Emial' (column 2): did you mean emails? --map 'Emial=emails' (or "
        "--map 'Emial=' to ignore it)");
}

TEST_CASE("list fields take several columns; a single-valued field given twice is refused with its fix") {
  CHECK(resolve({"Phone", "Mobile", "Email", "e-mail address"}) ==
        std::vector<Field>{Field::Phones, Field::Phones, Field::Emails, Field::Emails});
  const Thrown t = thrown_by([] { resolve({"Name", "Email", "Full Name", "", "CV", "Resume"}); });
  CHECK(t.message ==
        "export.csv line 1: the header has 2 problems:\n"
        "  columns 'Name' (column 1) and 'Full Name' (column 3) both give name, which takes one value: --map "
        "'Full Name=' ignores the second\n"
        "  columns 'CV' (column 5) and 'Resume' (column 6) both give resume, which takes one value: --map "
        "'Resume=' ignores the second");
}

TEST_CASE("JSON keys: the user's lines rename or drop top-level keys; `error` is dropped; lever keys nest") {
  tc::ColumnMapping mapping;
  mapping.add("given=first_name", "--map", 1);
  mapping.add("internal_id=", "--map", 1);
  mapping.add("recruiter=lever.owner", "--map", 1);
  CHECK(mapped_json(R"({"given":"Ada","internal_id":7,"recruiter":"r@x.com","error":"was bad","last_name":"L"})",
                    mapping) == R"({"first_name":"Ada","last_name":"L","lever":{"owner":"r@x.com"}})");
  CHECK(mapped_json(R"({"recruiter":"r@x.com","lever":{"stage":"New"}})", mapping) ==
        R"({"lever":{"stage":"New","owner":"r@x.com"}})");
  // Recognised spreadsheet headers are not applied to JSON keys: their values must have the unified shape.
  CHECK(mapped_json(R"({"Full Name":"Ada"})", tc::ColumnMapping()) == R"({"Full Name":"Ada"})");
  CHECK(mapped_json(R"({"first_name":"Ada","error":{"code":"x"}})", tc::ColumnMapping()) == R"({"first_name":"Ada"})");
  std::string problem;
  CHECK(mapped_json(R"({"first_name":"Bob","given":"Ada"})", mapping, &problem) ==
        R"({"first_name":"Bob","given":"Ada"})");
  CHECK(problem == "key 'given' is mapped to first_name (--map), which the record already has");
  tc::ColumnMapping cv;
  cv.add("cv=resume", "--map 'cv=resume'", 1);
  CHECK(mapped_json(R"({"cv":"x.pdf"})", cv, &problem) == R"({"cv":"x.pdf"})");
  CHECK(problem ==
        "key 'cv' is mapped to resume (--map 'cv=resume'), a CSV column; a JSON record gives its files as "
        "attachments");
}

TEST_CASE("headers in German, French, Spanish, Portuguese, Italian and Dutch; accents and case ignored") {
  const std::vector<std::pair<const char*, Field>> cases = {
      {"Vorname", Field::FirstName},     {"Nachname", Field::LastName},
      {"E-Mail", Field::Emails},         {"Telefon", Field::Phones},
      {"Firma", Field::Company},         {"Ort", Field::Locations},
      {"Notizen", Field::LeverNotes},    {"Schlagwörter", Field::Tags},
      {"Quelle", Field::LeverSources},   {"Vollständiger Name", Field::Name},
      {"Prénom", Field::FirstName},      {"PRENOM", Field::FirstName},
      {"Nom", Field::LastName},          {"Nom de famille", Field::LastName},
      {"Téléphone", Field::Phones},      {"Société", Field::Company},
      {"Ville", Field::Locations},       {"Courriel", Field::Emails},
      {"Nombre", Field::FirstName},      {"Apellido", Field::LastName},
      {"Apellidos", Field::LastName},    {"Correo electrónico", Field::Emails},
      {"Teléfono", Field::Phones},       {"Empresa", Field::Company},
      {"Ciudad", Field::Locations},      {"Etiquetas", Field::Tags},
      {"Fuente", Field::LeverSources},   {"Nome", Field::FirstName},
      {"Sobrenome", Field::LastName},    {"Nome completo", Field::Name},
      {"Telefone", Field::Phones},       {"Cidade", Field::Locations},
      {"Cognome", Field::LastName},      {"Società", Field::Company},
      {"Città", Field::Locations},       {"Note", Field::LeverNotes},
      {"Voornaam", Field::FirstName},    {"Achternaam", Field::LastName},
      {"Telefoonnummer", Field::Phones}, {"Bedrijf", Field::Company},
      {"Woonplaats", Field::Locations},  {"Opmerkingen", Field::LeverNotes},
  };
  for (const auto& [header, field] : cases) {
    CAPTURE(header);
    CHECK(tc::recognised_header(header) == field);
  }
  // A --map line matches its column accent-insensitively too.
  tc::ColumnMapping mapping;
  mapping.add("Geburtsdatum=", "--map", 1);
  mapping.add("Société mère=company", "--map", 1);
  CHECK(mapping.user_field("Societe Mere") == Field::Company);
}

TEST_CASE("ambiguous headers are never read silently: both readings, each with its --map line") {
  for (const char* header : {"Job", "Job title", "Job Title", "Position", "Role", "Poste", "Puesto"}) {
    CAPTURE(header);
    const Thrown t = thrown_by([&] { resolve({"Name", header}); });
    CHECK(t.kind == tc::ErrorKind::InvalidInput);
    CHECK(t.message.find("ambiguous column '" + std::string(header) + "' (column 2)") != std::string::npos);
    CHECK(t.message.find("--map '" + std::string(header) + "=title'") != std::string::npos);
    CHECK(t.message.find("--map '" + std::string(header) + "=' ignores it") != std::string::npos);
  }
  tc::ColumnMapping mapping;
  mapping.add("Job title=title", "--map", 1);
  CHECK(resolve({"Name", "Job title"}, mapping) == std::vector<Field>{Field::Name, Field::Title});
}

TEST_CASE("a header holding another delimiter gets the --delimiter advice, never a --map line for it") {
  Thrown t = thrown_by([] { resolve({"First Name\tLast Name\tEmail\tPhone"}); });
  CHECK(t.message ==
        "export.csv line 1: column 1 of the header, 'First Name\\tLast Name\\tEmail\\tPhone', holds several column "
        "names: this looks like a TAB-separated file: pass --delimiter tab (it was read with ',' as the delimiter)");
  t = thrown_by([] { resolve({"Vorname;Nachname;E-Mail;Telefon"}, tc::ColumnMapping()); });
  CHECK(t.message.find("this looks like a SEMICOLON-separated file: pass --delimiter ';'") != std::string::npos);
  CHECK(t.message.find("--map") == std::string::npos);
  t = thrown_by([] { return tc::ColumnMapping().resolve_header({"First Name,Last Name,Email"}, "x.csv line 1", ';'); });
  CHECK(t.message.find("this looks like a COMMA-separated file: pass --delimiter ','") != std::string::npos);
  CHECK(t.message.find("(it was read with ';' as the delimiter)") != std::string::npos);
  // Several such cells: the advice once. A cell with a comma that is not a list of headers: the usual line.
  t = thrown_by([] { resolve({"First Name;Last Name", "Email;Phone", "Name (Last, First)"}); });
  CHECK(t.message.find("the header has 2 problems (2 unknown columns)") != std::string::npos);
  CHECK(t.message.find("SEMICOLON") == t.message.rfind("SEMICOLON"));
  CHECK(t.message.find("unknown column 'Name (Last, First)' (column 3): --map 'Name (Last, First)=FIELD'") !=
        std::string::npos);
}

TEST_CASE("suggestions are safe: only for a plausible header; a last-name column is never offered `name`") {
  for (const char* header :
       {"Nachname des Vaters", "Apellido paterno", "Family Name (legal)", "Surname at birth", "Achternaam partner"}) {
    CAPTURE(header);
    const Thrown t = thrown_by([&] { resolve({"Vorname", header}); });
    CHECK(t.message.find("=name'") == std::string::npos);
    CHECK(t.message.find("did you mean last_name?") != std::string::npos);
  }
  // A long question is no header to guess at.
  const Thrown question = thrown_by([] {
    resolve({"Name", "Please tell us in a few words why you would like to work with us and your email"});
  });
  CHECK(question.message.find("did you mean") == std::string::npos);
  // A plausible one still gets its suggestion.
  CHECK(thrown_by([] { resolve({"Work E-Mail-Adresse"}); }).message.find("did you mean emails?") != std::string::npos);
}
