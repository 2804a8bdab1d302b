#pragma once
// Lever names → Lever ids for the record's `lever` object (docs/lever-contract.md §2, "Names"): users by
// e-mail, id or display name when that name is unique (GET /users; case-insensitive), stages and archive reasons by
// name (case-insensitive) or id (GET /stages, GET /archive_reasons). Each list is read at most once per run, the first
// time a record needs it, and shared by every worker. After `resolve`, record["lever"] holds ids where it held names:
// owner, followers, stage, archive_reason — the lever route reads ids from there.
#include <rapidjson/document.h>

#include <array>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/input/record_reader.hpp"
#include "core/lever/api.hpp"
#include "core/util/error.hpp"

namespace tc {

enum class LeverListKind { Users, Stages, ArchiveReasons };
// "/users", "/stages", "/archive_reasons".
const char* lever_list_path(LeverListKind kind);

struct LeverListEntry {
  std::string id;
  std::string name;   // a stage's or archive reason's text; a user's name
  std::string email;  // users only
};

// Reads one whole list through `api`, following Lever's pages (hasNext/next; a missing hasNext ends it).
std::vector<LeverListEntry> read_lever_list(LeverApi& api, LeverListKind kind);

class LeverNameResolver {
 public:
  // Reads one whole list; called at most once per kind while it succeeds (after a failure the next
  // record needing that list tries again).
  using ListReader = std::function<std::vector<LeverListEntry>(LeverListKind)>;
  explicit LeverNameResolver(ListReader read_list);

  // Whether record["lever"] holds an owner, follower, stage or archive reason (something to look up).
  static bool has_names(const rapidjson::Value& record);
  // Replaces every user, stage and archive reason of record["lever"] by its id, in place. Returns one
  // problem per value that names nothing (or several things), all of them, each with its pointer
  // (/lever/owner, /lever/followers/1, /lever/stage, /lever/archive_reason) and the known names.
  // Reads the lists it needs; their errors (auth, network) are thrown.
  std::vector<Problem> resolve(rapidjson::Document& record);
  // How many lists have been read (each at most once).
  int lists_read() const;
  // From a list already read, never sending a request: the name of the entry with this id, and the id
  // of the user with this e-mail (case-insensitive); "" when the list was not read or holds no match.
  std::string name_if_read(LeverListKind kind, const std::string& id) const;
  std::string user_id_if_read(const std::string& email) const;

 private:
  struct List {
    mutable std::mutex mutex;
    bool loaded = false;
    std::vector<LeverListEntry> entries;
  };
  const std::vector<LeverListEntry>& list(LeverListKind kind);

  ListReader read_list_;
  std::array<List, 3> lists_;
};

// The pass over a whole input file before anything is written (docs/lever-contract.md §2, "Names"): reads
// every record, resolves the names of those that carry some (lists read at most once, and only when a
// record needs them) and returns every name that does not resolve, each message starting with its
// record ("record 3 (line 4): …"), at most `max_problems` of them plus one line counting the rest.
// Records the reader cannot read, and damage that ends the input, are left to the run, which reports them.
// Records `skip` says yes to are not looked at (an applicant's record that the route refuses anyway).
std::vector<Problem> unresolved_names_in(RecordReader& reader, LeverNameResolver& names,
                                         const std::function<bool(const rapidjson::Value&)>& skip = {},
                                         std::size_t max_problems = 50);

}  // namespace tc
