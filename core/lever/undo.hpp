#pragma once
// Undoing what a create run wrote to one opportunity, on the lever route (docs/lever-contract.md §8): an
// opportunity the run created is archived (PUT /opportunities/{id}/archived {reason}); one it merged into
// loses what the run added (POST …/removeTags, …/removeLinks, …/removeSources; DELETE …/notes/{noteId});
// files cannot be removed through the API and are listed. An opportunity changed since the run is left
// as it is and reported.
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#include "core/lever/api.hpp"
#include "core/lever/session.hpp"
#include "core/model/undo_target.hpp"

namespace tc {

// What undoing one opportunity comes to, given what Lever holds now.
struct UndoDecision {
  // Archive / Revert: write. Done: an undo that stopped had finished it (nothing to write). Leave: leave it
  // as it is (`changed` when someone changed it since the run, else untouched), `why` says why.
  enum class Action { Archive, Revert, Done, Leave };
  Action action = Action::Leave;
  bool changed = false;
  std::string why;
  std::vector<std::string> remove_tags, remove_links, remove_sources, delete_notes;
};

// How far before a record's first send an opportunity of an earlier version's journal may have been
// created and still be the run's own (the clocks of the tool and of Lever differ).
constexpr long long kUndoCreatedSkewMs = 30'000;

// Decides from `opportunity` (GET /opportunities/{id}) and `notes` (GET …/notes, or nullptr when not read)
// what undoing `target` means. `resumed`: an earlier undo started writing to it, so what the run added
// and is now missing may have been taken away by that undo (not changed by someone). `reason_id`: the
// archive reason this undo archives with. Pure.
//
// "Changed since the run": a created opportunity is archived (other than by a resumed undo with the same
// reason) or in another stage than the one journaled at its creation; a merged-into one is in another
// stage, archived when it was not, or lacks a tag, link, source or note the run added.
UndoDecision decide_undo(const UndoTarget& target, const rapidjson::Value& opportunity, const rapidjson::Value* notes,
                         bool resumed, const std::string& reason_id);

// --dry-run: the plan for `target` from the journal alone (no request): status Planned, the writes it
// would make in `actions`, or Untouched with the reason.
UndoResult plan_undo(const UndoTarget& target, const std::string& reason_name);

// The archive reason's id: `name_or_id` by name (any case) or id through GET /archive_reasons (read once).
// Throws tc::Error(InvalidInput) listing the known reasons when it names none.
std::string resolve_archive_reason(LeverSession& session, const std::string& name_or_id);

// One per worker thread; shares the session (rate limiter, settings).
class LeverUndo : public Undoer {
 public:
  LeverUndo(LeverSession& session, std::string reason_id);
  UndoResult undo(const UndoTarget& target, bool resumed, const std::function<void()>& before_write) override;
  long long requests_sent() const override { return executor_.requests_sent(); }

 private:
  UndoResult apply(const UndoTarget& target, const UndoDecision& decision, const std::function<void()>& before_write);
  void post_list(const std::string& id, const char* endpoint, const char* key, const std::vector<std::string>& items);
  // DELETE …/notes/{noteId}: repeated after an unknown outcome; a 404 means the note is gone (done).
  void delete_note(const std::string& id, const std::string& note_id);
  QueryParams as_user();

  LeverSession& session_;
  std::unique_ptr<HttpTransport> transport_;
  RequestExecutor executor_;
  LeverApi api_;
  std::string reason_id_;
};

}  // namespace tc
