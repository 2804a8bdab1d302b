#include "core/lever/duplicate_matcher.hpp"

#include <algorithm>
#include <utility>

#include "core/model/duplicates.hpp"
#include "core/util/json_util.hpp"

namespace tc {

namespace {

bool on_posting(const rapidjson::Value& opportunity, const std::string& posting_id) {
  const auto* applications = array_member(opportunity, "applications");
  if (applications == nullptr) return true;
  bool any_object = false;
  for (const auto& a : applications->GetArray()) {
    if (!a.IsObject()) continue;
    any_object = true;
    if (get_string(a, "posting") == posting_id) return true;
  }
  return !any_object;
}

}  // namespace

long long opportunity_created_at(const rapidjson::Value& opportunity) {
  const auto* created = get_member(opportunity, "createdAt");
  return created != nullptr && created->IsInt64() ? created->GetInt64() : 0;
}

std::string opportunity_stage_id(const rapidjson::Value& opportunity) {
  const auto* stage = get_member(opportunity, "stage");
  if (stage == nullptr) return {};
  return stage->IsString() ? std::string(stage->GetString()) : get_string(*stage, "id");
}

bool is_duplicate_of(const rapidjson::Value& opportunity, const std::vector<std::string>& emails,
                     const std::string& posting_id) {
  if (!opportunity.IsObject() || emails.empty()) return false;
  const auto* listed = array_member(opportunity, "emails");
  if (listed == nullptr) return false;
  bool shares = false;
  for (const auto& e : listed->GetArray()) {
    if (!e.IsString()) continue;
    const std::string normalized = normalize_email(std::string_view(e.GetString(), e.GetStringLength()));
    shares = shares || std::find(emails.begin(), emails.end(), normalized) != emails.end();
  }
  return shares && on_posting(opportunity, posting_id);
}

const rapidjson::Value* find_duplicate_in(const rapidjson::Value& opportunities, const std::vector<std::string>& emails,
                                          const std::string& posting_id) {
  if (!opportunities.IsArray()) return nullptr;
  const rapidjson::Value* best = nullptr;
  for (const auto& o : opportunities.GetArray()) {
    if (!is_duplicate_of(o, emails, posting_id)) continue;
    if (best == nullptr || opportunity_created_at(o) < opportunity_created_at(*best)) best = &o;
  }
  return best;
}

OpportunityPage read_posting_page(LeverApi& api, const std::string& posting_id, const std::string& offset) {
  QueryParams filters = {{"posting_id", posting_id}};
  if (!offset.empty()) filters.emplace_back("offset", offset);
  const QueryParams query = opportunity_list_query(std::move(filters));
  const SendResult sent = api.executor().send(api.request("GET", "/opportunities", query), RequestKind::Read);
  const rapidjson::Document envelope = lever_envelope_or_throw(sent.response, "GET /opportunities");
  OpportunityPage page;
  page.data.CopyFrom(envelope["data"], page.data.GetAllocator());
  const auto* has_next = get_member(envelope, "hasNext");
  if (has_next != nullptr && has_next->IsBool() && has_next->GetBool()) page.next = get_string(envelope, "next");
  return page;
}

PostingIndex::Use PostingIndex::use(const std::string& posting_id, const PageReader& read_page) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (attempted_ && !loading_) return complete_ ? Use::Index : Use::Lookup;
  if (!attempted_) {
    if (plan_.budget_pages == 0 || lookups_ < plan_.lookups_first) {
      ++lookups_;
      return Use::Lookup;
    }
    attempted_ = true;  // a failed read is not retried by every record: they fall back to lookups
    loading_ = true;
    lock.unlock();
    bool complete = false;
    std::vector<rapidjson::Document> pages;
    size_t pages_read = 0;
    try {
      std::string offset;
      for (;;) {
        {
          std::lock_guard<std::mutex> budget(mutex_);  // input_counted() may lower it meanwhile
          if (pages_read >= plan_.budget_pages) break;
        }
        OpportunityPage page = read_page(offset);
        ++pages_read;
        pages.push_back(std::move(page.data));
        {
          std::lock_guard<std::mutex> progress(mutex_);
          pages_loaded_ = pages_read;
        }
        loaded_.notify_all();  // a page read opens lane lookups
        if (page.next.empty()) {
          complete = true;
          break;
        }
        offset = page.next;
      }
    } catch (...) {
      lock.lock();
      loading_ = false;
      pages_read_ = pages_read;
      loaded_.notify_all();
      throw;
    }
    lock.lock();
    loading_ = false;
    pages_read_ = pages_read;
    complete_ = complete;
    if (complete) {
      pages_ = std::move(pages);
      for (const auto& data : pages_) {
        if (!data.IsArray()) continue;
        for (const auto& o : data.GetArray()) {
          if (!on_posting(o, posting_id)) continue;
          if (const auto* emails = array_member(o, "emails")) {
            for (const auto& e : emails->GetArray()) {
              if (e.IsString())
                by_email_.emplace(normalize_email(std::string_view(e.GetString(), e.GetStringLength())), &o);
            }
          }
        }
      }
    }
    loaded_.notify_all();
    return complete_ ? Use::Index : Use::Lookup;
  }
  // Another worker is reading the posting: a lane when one is open, else wait for the index.
  const auto lane_open = [&] {
    return plan_.budget_pages > kNoLanesUpToPages && lanes_ < kMaxLanes &&
           static_cast<double>(lane_lookups_) <
               kLaneLookupsFirst + kLaneLookupsPerPage * static_cast<double>(pages_loaded_);
  };
  loaded_.wait(lock, [&] { return !loading_ || lane_open(); });
  if (!loading_) return complete_ ? Use::Index : Use::Lookup;
  ++lanes_;
  ++lane_lookups_;
  return Use::LookupInLane;
}

void PostingIndex::input_counted(size_t records) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (attempted_ && !loading_) return;
  plan_ = posting_index_plan(records);
}

void PostingIndex::leave_lane() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (lanes_ > 0) --lanes_;
  }
  loaded_.notify_all();
}

std::optional<rapidjson::Document> PostingIndex::find(const std::vector<std::string>& emails) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const rapidjson::Value* best = nullptr;
  for (const auto& email : emails) {
    auto [from, to] = by_email_.equal_range(email);
    for (auto it = from; it != to; ++it) {
      if (best == nullptr || opportunity_created_at(*it->second) < opportunity_created_at(*best)) best = it->second;
    }
  }
  if (best == nullptr) return std::nullopt;
  rapidjson::Document out;
  out.CopyFrom(*best, out.GetAllocator());
  return out;
}

size_t PostingIndex::pages_read() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pages_read_;
}

IndexPlan posting_index_plan(std::optional<size_t> expected_records) {
  if (!expected_records) return IndexPlan{100, 10};
  if (*expected_records <= 1) return IndexPlan{0, 0};
  return IndexPlan{std::max<size_t>(1, *expected_records / 10), 0};
}

}  // namespace tc
