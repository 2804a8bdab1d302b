#pragma once
// What one record's write put into Lever, as `create` journals it so that `undo` can take it back
// (ARCHITECTURE.md §5, "Undo"): the opportunity's stage and archive state when the record was done with it,
// and the ids of the notes and files and the tags, links and sources the record added (on a merge only
// those the opportunity lacked).
#include <string>
#include <vector>

namespace tc {

struct Written {
  // "created" (the run made the opportunity), "merged" (added to an existing one), "existing" (matched,
  // nothing written); set by the runner, which knows the record's status.
  std::string kind;
  std::string stage;                      // the stage id when the record was done ("" = not read)
  bool archived = false;                  // archived when the record was done
  std::vector<std::string> notes, files;  // ids from Lever's answers
  std::vector<std::string> tags, links, sources;
};

}  // namespace tc
