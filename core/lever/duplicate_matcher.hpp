#pragma once
// Finding the opportunity a record would duplicate (docs/lever-contract.md §2, duplicates): the matching
// rule, and the posting index a bulk run reads once instead of looking every record up.
#include <rapidjson/document.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/lever/api.hpp"

namespace tc {

// The opportunity's `createdAt` (epoch ms), 0 when absent.
long long opportunity_created_at(const rapidjson::Value& opportunity);
// The opportunity's stage id, whether Lever expanded the stage or not; "" when absent.
std::string opportunity_stage_id(const rapidjson::Value& opportunity);

// True when the Lever `opportunity` lists one of `emails` (already normalised: trimmed, lower case) and
// is on `posting_id`. Applications given as objects must include the posting; plain application ids
// cannot say, so an opportunity read through a `posting_id` filter is taken as being on it.
bool is_duplicate_of(const rapidjson::Value& opportunity, const std::vector<std::string>& emails,
                     const std::string& posting_id);

// Of a list of opportunities, the earliest created duplicate (nullptr when there is none).
const rapidjson::Value* find_duplicate_in(const rapidjson::Value& opportunities, const std::vector<std::string>& emails,
                                          const std::string& posting_id);

// One page of GET /opportunities: the opportunities and Lever's `next` token ("" when hasNext is false).
struct OpportunityPage {
  rapidjson::Document data;
  std::string next;
};
// Reads one page of the posting's opportunities (100 a page, expanded), after `offset` ("" = first).
OpportunityPage read_posting_page(LeverApi& api, const std::string& posting_id, const std::string& offset);

// How a run finds duplicates: `lookups_first` records are looked up one by one, then the posting is read
// (at most `budget_pages` pages of 100) and matched locally; a posting larger than the budget is not
// indexed and every record is looked up instead. Whichever costs fewer requests (docs/lever-contract.md §2).
struct IndexPlan {
  size_t budget_pages = 0;   // 0: never read the posting
  size_t lookups_first = 0;  // records looked up before the posting is read
};
// One record (or fewer): look it up. A known count R ≥ 2: read at once, R / 10 pages at most (at least
// 1) — the posting is read when it holds at most 1,000 opportunities per 100 records. Unknown (a
// stream): the first 10 records are looked up, then up to 100 pages (10,000 opportunities) are read,
// unless the stream's end is reached first (PostingIndex::input_counted).
IndexPlan posting_index_plan(std::optional<size_t> expected_records);

// The posting's opportunities by e-mail, read once per run and shared by every worker.
class PostingIndex {
 public:
  using PageReader = std::function<OpportunityPage(const std::string& offset)>;

  explicit PostingIndex(IndexPlan plan) : plan_(plan) {}

  enum class Use {
    Index,         // the whole posting is held: match locally with find()
    Lookup,        // look this record up on its own
    LookupInLane,  // the same, as a record checked while the posting is being read: call leave_lane()
  };
  // Reads the posting on the first call that the plan allows. While one worker reads it (one page at a
  // time, so well below the rate limit), the others go on with lookups and creates in lanes, so that
  // the reading is not dead time: at most kMaxLanes at once, and kLaneLookupsFirst + kLaneLookupsPerPage
  // lookups per page read in all — each costs a GET the index would have saved; the rest wait.
  Use use(const std::string& posting_id, const PageReader& read_page);
  void leave_lane();
  // The input turned out to hold `records` records (a stream read to its end): from now on the plan is
  // a known count's, also for a read in progress, which stops at the new budget — so a short stream
  // never reads more than R / 10 pages (docs/lever-contract.md §2). No effect once the read is over.
  void input_counted(size_t records);

  static constexpr size_t kMaxLanes = 2;
  static constexpr double kLaneLookupsFirst = 2;
  // A lane costs a lookup and uses the rate the one-page-at-a-time read leaves: about half of it.
  static constexpr double kLaneLookupsPerPage = 0.5;
  // A read of this many pages or fewer (a batch of up to 29 records) is one or two round trips: lanes
  // would only add lookups (and push a small batch past Lever's burst), so records wait for the index.
  static constexpr size_t kNoLanesUpToPages = 2;
  // The earliest created duplicate of `emails` held by the index, copied; use() must have said Index.
  std::optional<rapidjson::Document> find(const std::vector<std::string>& emails) const;
  size_t pages_read() const;

 private:
  mutable std::mutex mutex_;
  IndexPlan plan_;
  size_t lookups_ = 0;
  bool attempted_ = false;
  bool loading_ = false;
  size_t lanes_ = 0;         // lane records in progress
  size_t lane_lookups_ = 0;  // lane records taken during the read
  size_t pages_loaded_ = 0;  // pages read so far by the reading worker
  std::condition_variable loaded_;
  bool complete_ = false;
  size_t pages_read_ = 0;
  std::vector<rapidjson::Document> pages_;
  std::multimap<std::string, const rapidjson::Value*> by_email_;
};

}  // namespace tc
