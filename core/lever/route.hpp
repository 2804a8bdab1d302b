#pragma once
// The lever route: one record → Lever requests → the unified candidate (docs/lever-contract.md §1–§5).
// One LeverRoute per worker thread; they share a LeverSession (settings, rate limiter, caches).
#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/input/attachment_loader.hpp"
#include "core/lever/api.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/lever/notes.hpp"
#include "core/lever/route_support.hpp"
#include "core/lever/session.hpp"
#include "core/model/candidate_route.hpp"

namespace tc {

// The bytes of one attachment of the record, read before anything is sent.
struct AttachmentFile {
  std::string attachment_id;
  LoadedFile file;
};

// The applicant's files: those the apply body carries (POST /uploads) and those it cannot (added to
// the opportunity afterwards), in the plan's order.
struct ApplicantFiles {
  std::vector<AttachmentFile> uploads;
  std::vector<AttachmentFile> leftovers;
};

// What the application form could not carry: added to the opportunity once it is found.
struct ApplicantLeftovers {
  std::vector<std::string> tags;
  std::vector<std::string> links;
  std::vector<AttachmentFile> files;
  std::string perform_as;  // the user the additions are made as; "" only when there are no files
};

// The outcome of POST /postings/{id}/apply.
struct SentApplication {
  std::string application_id;                   // Lever's applicationId ("" when `existing` is set)
  std::optional<rapidjson::Document> existing;  // found by the lookup after an ambiguous send
};

// What an application cannot set and Lever has no call to change afterwards (`lever.owner`, `followers`,
// `origin`, `created_at`; docs/lever-contract.md §3): one problem per pointer, refused before anything is sent.
std::vector<Problem> applicant_refusals(const LeverFields& lever);
// Throws tc::Error(InvalidInput) with applicant_refusals' problems when there are any.
void refuse_what_an_application_cannot_set(const LeverFields& lever);

class LeverRoute : public CandidateRoute {
 public:
  explicit LeverRoute(LeverSession& session);
  ~LeverRoute() override;

  CreateOutcome create(const CandidateRecord& record) override;
  rapidjson::Document plan(const CandidateRecord& record) override;
  std::optional<CreateOutcome> resolve_in_flight(const CandidateRecord& record, long long since_ms,
                                                 bool& can_resend) override;
  long long requests_sent() const override { return executor_.requests_sent(); }
  // Duplicates on the posting (docs/lever-contract.md §2): the posting index when the session holds the
  // whole posting, else one GET /opportunities?email=…&posting_id=….
  std::optional<CreateOutcome> find_duplicate(const CandidateRecord& record) override;
  // GET the opportunity (and its files when the record has attachments), then addTags, addLinks,
  // addSources, POST …/files and POST …/notes for what it lacks. Never overwrites.
  CreateOutcome merge_into(const std::string& id, const CandidateRecord& record) override;
  // Finishes candidate `id`, created by an earlier run whose later steps failed (docs/lever-contract.md §5):
  // what the record brings and the opportunity lacks is added (notes after reading them), an applicant's
  // stage and archive state are set, and the candidate is read back.
  CreateOutcome complete(const std::string& id, const CandidateRecord& record) override;
  void set_known_candidates(std::set<std::string> ids) override { known_candidates_ = std::move(ids); }
  Written take_written() override { return std::exchange(written_, Written{}); }
  void input_counted(size_t records) override { session_.input_counted(records); }

  // The application form of the current record's posting (fetched once per posting per run).
  std::shared_ptr<const JobForm> form();
  // The form of `record`'s own posting (its job_id, else the run's); throws tc::Error when it names none.
  std::shared_ptr<const JobForm> form_for(const CandidateRecord& record) {
    use_record_target(record);
    return form();
  }

  // The most recent opportunity for `email` on the posting created at or after `since_ms`; with an
  // application id, only the opportunity holding that application. Expanded with applications/stage.
  // Never one of the known candidates (set_known_candidates).
  std::optional<rapidjson::Document> find_opportunity(const std::string& email, long long since_ms,
                                                      const std::string& application_id);

  // The applicant flow's steps (docs/lever-contract.md §3), in the order create runs them after form();
  // public so that each can be tested alone.
  // Every file the plan uploads or leaves over, read up front: a missing one stops the record before
  // any request.
  ApplicantFiles read_applicant_files(const ApplyPlan& plan);
  // The bytes of one attachment of a plan (load_attachment).
  AttachmentFile read_attachment_file(const AttachmentToSend& attachment);
  // POST /uploads for each file: attachment id → uri.
  std::map<std::string, std::string> upload_attachments(const std::vector<AttachmentFile>& files);
  // One POST /uploads; after an unknown outcome a new upload replaces it (the uri decides what is attached).
  std::string upload_once(const LoadedFile& file);
  // POST /postings/{id}/apply with the body built from the form, exactly once (docs/lever-contract.md §5).
  SentApplication send_application(const CandidateRecord& record, const JobForm& form,
                                   const std::map<std::string, std::string>& upload_uris);
  // The opportunity holding `application_id`, looked up by the record's e-mail; Lever's index may lag
  // a moment behind the apply, so it looks a few times.
  rapidjson::Document await_opportunity(const CandidateRecord& record, const std::string& application_id);
  // addTags, addLinks and POST …/files for what the form could not carry; `opportunity` takes the
  // tags and links Lever answers with.
  void add_leftovers(rapidjson::Document& opportunity, ApplicantLeftovers leftovers);
  // POST /opportunities/{id}/files, never twice (docs/lever-contract.md §5): after an unknown outcome the
  // opportunity's files are read, and the file is sent again only when none of its name is there.
  void add_file_once(const std::string& id, const std::string& perform_as, LoadedFile file);
  // POST /opportunities/{id}/notes for each note, never twice (docs/lever-contract.md §5). `uncertain`:
  // the opportunity may hold some already (found after an ambiguous create, resumed, merged): its notes
  // are read first and only the missing ones are sent. An ambiguous note POST is settled the same way.
  void add_notes(const std::string& id, const std::vector<LeverNote>& notes, bool uncertain);
  // What an applicant's `lever` object asks for after the application: addSources (those it lacks),
  // PUT …/stage, notes, PUT …/archived. `opportunity` takes Lever's answers.
  void add_applicant_extras(rapidjson::Document& opportunity, const CandidateRecord& record, bool uncertain);

 private:
  // The flows behind the entry points, each given the typed record the runner built.
  CreateOutcome create_lead(const CandidateRecord& record);
  CreateOutcome create_applicant(const CandidateRecord& record);
  rapidjson::Document plan_lead(const CandidateRecord& record);
  // POST /opportunities: JSON, or multipart with `file_parts` when the plan has attachments.
  HttpRequest lead_request(const LeadPlan& plan, const std::string& perform_as, std::vector<FormPart> file_parts) const;
  rapidjson::Document plan_applicant(const CandidateRecord& record);
  // plan_apply, throwing tc::Error(InvalidInput) with every problem when the record does not fit.
  ApplyPlan checked_apply_plan(const CandidateRecord& record, const JobForm& form) const;
  // Sends a create; after an ambiguous answer looks the candidate up and re-sends only when nothing
  // was created (docs/lever-contract.md §5). `found_existing` tells the caller the lookup found it.
  rapidjson::Document create_exactly_once(const HttpRequest& request, const std::string& email, bool is_apply,
                                          bool& found_existing);
  CreateOutcome finish(rapidjson::Document opportunity, AttachmentReads reads, bool found_existing);
  // addTags, addLinks, addSources and POST …/files for what the record brings and `opportunity` lacks.
  void add_what_lacks(rapidjson::Document& opportunity, const CandidateRecord& record);
  // POST /opportunities/{id}{endpoint} {key: items} (addTags, addLinks, addSources), as `perform_as` when
  // given; `opportunity` takes the list Lever answers with. Nothing is sent when `items` is empty.
  void add_to_list(rapidjson::Document& opportunity, const char* endpoint, const char* key,
                   const std::vector<std::string>& items, const std::string& perform_as);
  // complete() from the opportunity already read (or found by the in-flight lookup).
  CreateOutcome complete_opportunity(rapidjson::Document opportunity, const CandidateRecord& record);
  // After the `ambiguous`-th unknown outcome of a note, file or upload: waits one backoff step before
  // Lever's state is read again; false when --retries or the wait budget is spent.
  bool wait_to_settle(int ambiguous);
  // The user additions are made as: perform_as resolved, or "" when none is configured.
  std::string optional_user();

  LeverSession& session_;
  std::unique_ptr<HttpTransport> transport_;
  RequestExecutor executor_;
  LeverApi api_;
  std::set<std::string> known_candidates_;
  // What the record at hand has written so far (reset by every entry point; finish() hands it over).
  Written written_;
  // The target of the record at hand: the session's, with the record's own job_id (ARCHITECTURE.md §5). Set
  // by every entry point (create, plan, find_duplicate, merge_into, resolve_in_flight); the posting's form,
  // index and lookups follow it.
  Target target_;
  void use_record_target(const CandidateRecord& record);
  // The posting index whose lane this worker holds: it checks a record while another worker reads that
  // posting (PostingIndex::Use::LookupInLane); held until the record's create is done, so that at most one
  // record at a time goes that way.
  PostingIndex* lane_ = nullptr;
  void leave_lane();
};

}  // namespace tc
