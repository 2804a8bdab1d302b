// The sandbox's in-memory Lever account: seeded users/stages/postings plus everything created by
// requests. One mutex guards it all; route code locks `mutex` for the duration of a request.
#pragma once
#include "json_util.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace tc::sandbox {

int64_t now_ms();

struct User {
  std::string id, name, username, email, access_role;
};
struct Stage {
  std::string id, text;
};
struct ArchiveReason {
  std::string id, text, status, type;  // status active|inactive, type hired|non-hired
};
struct Posting {
  std::string id, text, state;
  std::string form_json;  // the "data" object of GET /postings/:id/apply
  // Lever: "confidential" or "non-confidential"; an opportunity on a confidential posting is confidential.
  std::string confidentiality = "non-confidential";
};
struct Phone {
  std::string value, type;  // type empty = not given
};
struct Contact {
  std::string id, name, headline, location;
  std::vector<std::string> emails;  // as given; compared lower-cased
};
struct Upload {
  std::string id, filename, uri;
  size_t size = 0;
  int64_t expires_at = 0;
};
// An uploaded blob's metadata (the sandbox keeps no file contents).
struct Blob {
  std::string name, content_type;
  size_t size = 0;
};
struct Resume {
  std::string id;
  Blob file;
  int64_t created_at = 0;
};
struct FileRecord {
  std::string id;
  Blob file;
  int64_t uploaded_at = 0;
};
struct Application {
  std::string id, opportunity_id, type, posting, user;  // user empty -> null
  int64_t created_at = 0;
  std::string name, email, company, comments, resume_id;
  Phone phone;
  std::vector<std::string> links;
  std::string custom_questions_json = "[]";  // as received on apply
};
// A note on an opportunity (POST /opportunities/:id/notes).
struct Note {
  std::string id, value, user;
  bool secret = false;
  int64_t created_at = 0;
};
struct Opportunity {
  std::string id, name, headline, contact, stage, location, origin, owner;
  std::vector<Phone> phones;
  std::vector<std::string> emails, links, tags, sources, followers, application_ids;
  std::string archived_json = "null";
  int64_t created_at = 0, updated_at = 0;
  bool confidential = false;  // made on a confidential posting; lists leave it out unless asked
  std::vector<Resume> resumes;
  std::vector<FileRecord> files;
  std::vector<Note> notes;
};

// What a create (POST /opportunities, apply, or the Truto route) asks for.
struct NewOpportunity {
  std::string name, headline, location, origin = "sourced", stage = "lead-new", owner, performer, contact_id;
  std::vector<Phone> phones;
  std::vector<std::string> emails, links, tags, sources, followers;
  std::string posting;                    // empty = no application
  std::string application_type = "user";  // "user" (API create) or "posting" (apply)
  std::string archived_json = "null";     // set by check_archived (lever_lookups.cpp) from the two below
  std::optional<std::string> archived_reason;
  std::optional<int64_t> archived_at;
  int64_t created_at = 0;  // 0 = now
  std::optional<Blob> resume;
  std::vector<Blob> files;
  // apply-only details copied onto the application
  std::string app_comments, custom_questions_json = "[]";
};
struct Created {
  std::string opportunity_id, application_id;
};

struct ExpandOptions {
  bool applications = false, stage = false, owner = false, followers = false, contact = false;
};

struct StoredReply {
  std::string request_fingerprint;
  int status = 0;
  std::string body;
};

struct Stats {
  int64_t requests = 0, rate_limited = 0, creates = 0, applies = 0, faults = 0, notes = 0;
  // Every write stored, by kind ("create", "apply", "note", "file", "upload", "addTags", "removeTags",
  // "stage", "archived", "deleteNote", …): what a test counts to prove nothing was written twice.
  std::map<std::string, int64_t> writes;
  // Every request logged, by method: a count without fetching the whole log (which holds every body).
  std::map<std::string, int64_t> by_method;
};

class State {
 public:
  explicit State(uint64_t seed);

  std::mutex mutex;  // guards everything below

  std::vector<User> users;
  std::vector<Stage> stages;
  std::vector<ArchiveReason> archive_reasons;
  std::vector<Posting> postings;
  std::map<std::string, Contact> contacts;
  std::vector<std::string> opportunity_order;  // creation order
  std::map<std::string, Opportunity> opportunities;
  std::map<std::string, Application> applications;
  std::map<std::string, Upload> uploads;  // by uri
  std::map<std::string, StoredReply> idempotent_replies;
  std::vector<std::string> request_log;  // one JSON object per request
  Stats stats;
  std::string base_url;             // http://127.0.0.1:<port>
  bool confidential_access = true;  // false: the keys get 403 on confidential data (--no-confidential-access)

  std::string new_uuid();
  const User* find_user(const std::string& id) const;
  const User* find_user_by_email(const std::string& email) const;
  const Stage* find_stage(const std::string& id) const;
  const Posting* find_posting(const std::string& id) const;
  Opportunity* find_opportunity(const std::string& id);
  const Upload* find_live_upload(const std::string& uri) const;

  Created create_opportunity(const NewOpportunity& request);
  void write_opportunity(JsonWriter& out, const Opportunity& opportunity, const ExpandOptions& expand) const;
  std::string opportunity_json(const Opportunity& opportunity, const ExpandOptions& expand) const;
  void write_user(JsonWriter& out, const User& user) const;
  void write_resume(JsonWriter& out, const Opportunity& owner, const Resume& resume) const;
  void write_file(JsonWriter& out, const Opportunity& owner, const FileRecord& file) const;
  void write_application(JsonWriter& out, const Application& application) const;
  FileRecord add_file(Opportunity& opportunity, const Blob& blob);

  void reset();  // drops everything created by requests; seed data stays

 private:
  std::mt19937_64 uuid_random_;
};

std::string extension_of(const std::string& file_name);  // "pdf" (no dot), "" when none

}  // namespace tc::sandbox
