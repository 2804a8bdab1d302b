#pragma once
// The unified candidate as the code after validation reads it (schemas/candidate.create.request.schema.json,
// docs/lever-contract.md §2–§4), read from the validated document (on the lever route, after its names
// became ids). The runner builds it once per valid record and hands it to the route; the routes, the lead
// and applicant mappings, the applicant refusals, the notes and --resume-dir read it.
// The JSON stays where it must: validation and the preparation before it (field flags, names → ids), the
// in-batch duplicate keys taken as records are read, journal keys, --rejects, remote_data (passed through
// as it is), and the truto route, which forwards the unified body as given (`document`).
// Values as exports write them ("Last, First" names, links without a scheme, dates, list cells) are made
// unified in core/input/record_normalizer.cpp, before validation, not here: the schema judges the
// normalised values (a link's scheme, a date's form), so the builder only ever sees valid ones.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

namespace tc {

struct CandidateEmail {
  std::string email;  // as given
  std::string type;
};

struct CandidatePhone {
  std::string number;
  std::string type;
  std::string extension;
};

struct CandidateLink {
  std::string url;
  std::string type;  // "" for a link given as a plain string
};

// Whether an attachment with these `type` and `attachment_type` is the résumé: either is "resume", ignoring
// case and surrounding blanks. The one rule for validation, both Lever flows, --resume-dir and the dry run.
bool is_resume_type(std::string_view type, std::string_view attachment_type);

// One attachment of the record, its strings as given.
struct Attachment {
  std::string id;
  std::string file_name;
  std::string file_url;
  std::string type;
  std::string attachment_type;
  std::string pointer;  // its JSON pointer in the record, "/attachments/2"
  bool is_resume() const { return is_resume_type(type, attachment_type); }
};

// One job_form_field_answers entry (applicants only, docs/lever-contract.md §3). The kinds the schema refuses
// (Other, a list item that is not a string) are kept so that the applicant mapping names them in its message.
struct FormAnswer {
  enum class Kind { Null, Text, List, Other };  // Other: a number, boolean or object
  std::string name;
  std::string group_id;
  Kind kind = Kind::Null;
  std::string text;               // Kind::Text
  std::vector<std::string> list;  // Kind::List: its string items
  int non_string_item = -1;       // Kind::List: the index of its first item that is not a string, else -1
  std::string pointer;            // "/job_form_field_answers/1"
};

struct CandidateNote {
  std::string text;
  bool secret = false;
  std::string created_at;  // RFC 3339, "" when not given
};

// The record's `lever` object (docs/lever-contract.md §2): owner, followers, stage and archive_reason are
// ids once the lever route's name resolver has run.
struct LeverFields {
  std::string owner;
  std::vector<std::string> followers;
  std::string stage;
  std::vector<std::string> sources;
  std::string origin;
  std::string created_at;
  std::string archive_reason;
  std::string archived_at;
  std::vector<CandidateNote> notes;
  // The keys given a value (not null, "" or []), whatever its type: what an application refuses to set.
  std::vector<std::string> given;
  bool was_given(std::string_view key) const;
};

struct CandidateRecord {
  std::string first_name, last_name, name;
  std::string title, company;
  std::vector<std::string> locations;
  std::vector<CandidatePhone> phones;
  std::vector<CandidateEmail> emails;
  std::vector<CandidateLink> links;
  std::vector<std::string> tags;
  std::vector<Attachment> attachments;
  std::vector<FormAnswer> answers;  // job_form_field_answers
  std::string job_id;               // the record's own posting, "" for the run's
  LeverFields lever;
  // The record's remote_data as given (an object, passed through untransformed), or nullptr. Points into
  // the document the record was read from, which must outlive this record.
  const rapidjson::Value* remote_data = nullptr;
  // That validated document itself, for what stays JSON: the journal key and the truto route's body,
  // which forwards the unified record as given. Never null for a record read_candidate_record built.
  const rapidjson::Value* document = nullptr;
  // Pointers of the members given (not null) with a type the schema does not allow, which the reader skips
  // ("/remote_data", "/job_form_field_answers"): the applicant mapping reports them.
  std::vector<std::string> mistyped;

  // emails[0].email as given, "" when there is none: the e-mail lookups after a create use.
  std::string first_email() const;
  // Lever's one name: `name` (trimmed) when it has text, else first and last name (trimmed) joined.
  std::string full_name() const;
  bool is_mistyped(std::string_view pointer) const;
  // The first résumé attachment, or nullptr.
  const Attachment* resume() const;
};

// Reads a validated unified record (an object; anything else gives an empty record). Members of a
// type the schema does not allow are skipped (remote_data and job_form_field_answers named in `mistyped`); the shapes
// Truto's read model uses are read too (a tag {id, name}, an e-mail given as a string, a numeric attachment id).
CandidateRecord read_candidate_record(const rapidjson::Value& validated);
// Only the record's `lever` object, as read_candidate_record reads it: for a check that needs no more
// (the applicant refusals while records are prepared).
LeverFields read_lever_fields(const rapidjson::Value& record);

}  // namespace tc
