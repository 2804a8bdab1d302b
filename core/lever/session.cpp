#include "core/lever/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc {

LeverSession::LeverSession(LeverSettings settings, TransportFactory transports, Clock& clock,
                           const std::atomic<bool>* cancel, TraceSink trace)
    : RouteEnvironment(settings.rate, std::move(transports), clock, cancel, std::move(trace)),
      settings_(std::move(settings)),
      names_([this](LeverListKind kind) { return read_list(kind); }) {}

std::vector<LeverListEntry> LeverSession::read_list(LeverListKind kind) {
  if (settings_.endpoint.credentials.secret.empty()) {
    throw Error(
        ErrorKind::Config,
        fmt::format("the record names Lever {} that must be looked up (GET {}), but no Lever credentials are set",
                    kind == LeverListKind::Users    ? "users"
                    : kind == LeverListKind::Stages ? "stages"
                                                    : "archive reasons",
                    lever_list_path(kind)),
        "set LEVER_API_KEY (or LEVER_ACCESS_TOKEN, --api-key-file); --dry-run reads these lists but writes "
        "nothing — or give ids");
  }
  std::lock_guard<std::mutex> lock(lists_mutex_);
  if (!lists_executor_) {
    lists_transport_ = new_transport();
    lists_executor_ = std::make_unique<RequestExecutor>(executor(*lists_transport_, settings_.retry));
  }
  LeverApi api(settings_.endpoint, *lists_executor_);
  return read_lever_list(api, kind);
}

long long LeverSession::name_requests_sent() {
  std::lock_guard<std::mutex> lock(lists_mutex_);
  return lists_executor_ ? lists_executor_->requests_sent() : 0;
}

std::string LeverSession::perform_as_user_id(LeverApi& api) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!resolved_user_.empty()) return resolved_user_;
  const std::string& given = settings_.perform_as;
  if (given.empty()) {
    throw Error(ErrorKind::Config, "no Lever user to act as (perform_as)",
                "set --perform-as USER_ID_OR_EMAIL or LEVER_PERFORM_AS; Lever needs it to create leads and add files");
  }
  if (given.find('@') == std::string::npos) {
    resolved_user_ = given;
    return resolved_user_;
  }
  // The users list, when the names of the input made the run read it, already knows the e-mail: no second
  // GET /users (docs/lever-contract.md §2, "Names").
  resolved_user_ = names_.user_id_if_read(given);
  if (!resolved_user_.empty()) return resolved_user_;
  // Stated, not assumed: Lever leaves deactivated users out unless asked (docs/lever-contract.md §1).
  rapidjson::Document users = api.get("/users", {{"email", given}, {"includeDeactivated", "false"}});
  if (!users.IsArray() || users.Empty() || get_string(users[0], "id").empty()) {
    throw Error(ErrorKind::Config, fmt::format("--perform-as: no active Lever user has the e-mail {}", given),
                "give the e-mail of an existing Lever user exactly as Lever has it, or the user's id");
  }
  resolved_user_ = get_string(users[0], "id");
  return resolved_user_;
}

PostingIndex& LeverSession::posting_index(const std::string& job_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<PostingIndex>& index = posting_indexes_[job_id];
  if (!index) {
    // The run's posting gets the plan for the whole input; a posting named by records gets the plan of a
    // stream (how many records name it is not known in advance), its page budget capped by the input's.
    IndexPlan plan = posting_index_plan(settings_.expected_records);
    if (job_id != settings_.target.job_id) {
      const IndexPlan stream = posting_index_plan(std::nullopt);
      plan = IndexPlan{plan.budget_pages == 0 ? 0 : std::min(plan.budget_pages, stream.budget_pages),
                       stream.lookups_first};
    }
    index = std::make_unique<PostingIndex>(plan);
    if (counted_records_) index->input_counted(*counted_records_);
  }
  return *index;
}

void LeverSession::input_counted(size_t records) {
  std::lock_guard<std::mutex> lock(mutex_);
  counted_records_ = records;
  for (auto& [job_id, index] : posting_indexes_) index->input_counted(records);
}

std::shared_ptr<const JobForm> LeverSession::posting_form(LeverApi& api, const std::string& job_id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = forms_.find(job_id); it != forms_.end()) return it->second;
  }
  // Fetched outside the lock; two workers racing both fetch once, the first stored wins.
  const rapidjson::Document data = api.get("/postings/" + url_encode(job_id) + "/apply", {});
  auto form = std::make_shared<const JobForm>(JobForm::parse(data));
  std::lock_guard<std::mutex> lock(mutex_);
  return forms_.emplace(job_id, std::move(form)).first->second;
}

}  // namespace tc
