#include "core/truto/route.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <utility>
#include <vector>

#include "core/http/http.hpp"
#include "core/http/request_description.hpp"
#include "core/model/record_key.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"

namespace tc {

namespace {

const char* const kCreatePath = "/unified/ats/candidates";

// docs/lever-contract.md §6 and Truto's status table: 429 (after Retry-After), 500 and the gateway errors are
// repeated — safe for a create because the Idempotency-Key makes Truto return the first result.
// Never 400/401/403/404/409/422, nor 503 (a blocked account: repeating cannot help).
bool truto_retryable(const HttpResponse& response) {
  const int s = response.status;
  return s == 429 || s == 500 || s == 502 || s == 504;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// Truto takes attachments as URLs (or ids of uploads): a file:// URL, which --resume PATH makes,
// names a file on this machine that Truto cannot read. Refused before anything is sent.
void refuse_local_attachments(const CandidateRecord& record) {
  std::vector<Problem> problems;
  for (const Attachment& a : record.attachments) {
    if (!starts_with_ci(a.file_url, "file:")) continue;
    problems.push_back(
        {a.pointer, fmt::format("\"{}\" is a local file; the truto route takes attachments as URLs only", a.file_url)});
  }
  if (problems.empty()) return;
  std::string message = problems.size() == 1 ? problems[0].pointer + ": " + problems[0].message
                                             : fmt::format(
                                                   "{} attachments are local files; the truto route takes "
                                                   "attachments as URLs only",
                                                   problems.size());
  throw Error(ErrorKind::InvalidInput, std::move(message), std::move(problems),
              "give an https:// URL Truto can fetch (e.g. from `truto files upload PATH`), or use --via lever, "
              "which uploads local files itself");
}

// A Lever id as the truto route recognises one without asking Lever: a UUID, or a built-in id in lower
// case with dashes ("lead-new", "applicant-new", "offer"). Anything else ("Phone screen") is a name.
bool looks_like_lever_id(std::string_view v) {
  static const std::regex uuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  static const std::regex builtin("^[a-z0-9]+(-[a-z0-9]+)*$");
  const std::string text(v);
  return std::regex_match(text, uuid) || std::regex_match(text, builtin);
}

// The body sent to Truto (docs/lever-contract.md §6): the record without its `lever` object, whose
// values go into remote_data as Lever's own create fields (owner, followers, stage, sources, origin,
// createdAt, archived) — remote_data's own keys win. Truto cannot look names up in Lever and has no
// notes: a user given by e-mail, a stage or archive reason given by name, and notes are refused (65)
// before anything is sent.
rapidjson::Document truto_body(const rapidjson::Value& record) {
  rapidjson::Document body;
  body.CopyFrom(record, body.GetAllocator());
  auto& alloc = body.GetAllocator();
  if (body.IsObject()) body.RemoveMember("job_id");  // a query parameter of Truto's, not a member of its body
  if (!body.IsObject() || !body.HasMember("lever") || !body["lever"].IsObject()) return body;
  rapidjson::Value lever(body["lever"], alloc);
  body.EraseMember("lever");  // keeps the order of the other members
  std::vector<Problem> problems;
  const char* why = "the truto route cannot look names up in Lever";
  rapidjson::Value fields(rapidjson::kObjectType);
  auto user = [&](const rapidjson::Value& v, const std::string& pointer) {
    const std::string text = v.IsString() ? v.GetString() : "";
    if (text.find('@') != std::string::npos)
      problems.push_back({pointer, fmt::format("\"{}\" is an e-mail; {}: give the Lever user id", text, why)});
  };
  auto named = [&](const char* key, const char* noun) {
    const std::string text = get_string(lever, key);
    if (!text.empty() && !looks_like_lever_id(text))
      problems.push_back(
          {std::string("/lever/") + key,
           fmt::format("\"{}\" looks like a {} name, not an id; {}: give the {} id", text, noun, why, noun)});
  };
  auto copy = [&](const char* from, const char* to) {
    if (lever.HasMember(from)) fields.AddMember(rapidjson::StringRef(to), rapidjson::Value(lever[from], alloc), alloc);
  };
  if (lever.HasMember("owner")) user(lever["owner"], "/lever/owner");
  if (const rapidjson::Value* followers = get_member(lever, "followers"); followers && followers->IsArray())
    for (rapidjson::SizeType i = 0; i < followers->Size(); ++i)
      user((*followers)[i], fmt::format("/lever/followers/{}", i));
  named("stage", "stage");
  named("archive_reason", "archive reason");
  if (const rapidjson::Value* notes = get_member(lever, "notes"); notes && notes->IsArray() && !notes->Empty())
    problems.push_back({"/lever/notes", "the truto route cannot add notes (Truto's unified create has none)"});
  if (!problems.empty()) {
    std::string message = problems.size() == 1
                              ? problems[0].pointer + ": " + problems[0].message
                              : fmt::format("{} Lever fields cannot go through Truto", problems.size());
    throw Error(
        ErrorKind::InvalidInput, std::move(message), std::move(problems),
        "give ids (truto-candidates --via lever resolves names itself), or use --via lever, which also adds notes");
  }
  copy("owner", "owner");
  copy("followers", "followers");
  copy("stage", "stage");
  copy("sources", "sources");
  copy("origin", "origin");
  if (const auto created = rfc3339_to_epoch_ms(get_string(lever, "created_at")))
    fields.AddMember("createdAt", rapidjson::Value(*created), alloc);
  if (const std::string reason = get_string(lever, "archive_reason"); !reason.empty()) {
    rapidjson::Value archived(rapidjson::kObjectType);
    archived.AddMember("reason", make_string(reason, alloc), alloc);
    if (const auto at = rfc3339_to_epoch_ms(get_string(lever, "archived_at")))
      archived.AddMember("archivedAt", rapidjson::Value(*at), alloc);
    fields.AddMember("archived", archived, alloc);
  }
  if (fields.ObjectEmpty()) return body;
  if (!body.HasMember("remote_data") || !body["remote_data"].IsObject())
    body.AddMember("remote_data", rapidjson::Value(rapidjson::kObjectType), alloc);
  rapidjson::Value& remote = body["remote_data"];
  for (auto& m : fields.GetObject())
    if (!remote.HasMember(m.name))
      remote.AddMember(rapidjson::Value(m.name, alloc), rapidjson::Value(m.value, alloc), alloc);
  return body;
}

// "missing_required_body_fields" → "missing required body fields".
std::string words(std::string key) {
  std::replace(key.begin(), key.end(), '_', ' ');
  return key;
}

std::string scalar_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  return to_json(v);
}

// An insight value: ["a","b"] → "a, b"; {"k":["a"]} → "k: a"; "text" → "text".
std::string render_value(const rapidjson::Value& v) {
  if (v.IsArray()) {
    std::string out;
    for (const auto& item : v.GetArray()) out += (out.empty() ? "" : ", ") + scalar_text(item);
    return out;
  }
  if (v.IsObject()) {
    std::string out;
    for (const auto& m : v.GetObject()) {
      const std::string inner = render_value(m.value);
      if (!inner.empty()) out += (out.empty() ? "" : "; ") + words(m.name.GetString()) + ": " + inner;
    }
    return out;
  }
  if (v.IsNull()) return {};
  return scalar_text(v);
}

std::vector<std::string> string_items(const rapidjson::Value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->IsArray()) return out;
  for (const auto& item : v->GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

// "emails.0.email" → "/emails/0/email" (RFC 6901 escapes).
std::string field_pointer(const std::string& field) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t dot = field.find('.');; dot = field.find('.', start)) {
    out += "/" + escape_pointer_token(std::string_view(field).substr(start, dot - start));
    if (dot == std::string::npos) return out;
    start = dot + 1;
  }
}

const char* flag_for_query_parameter(const std::string& name) {
  if (name == "job_id") return "--job-id";
  if (name == "integrated_account_id") return "--integrated-account-id";
  if (name == "application_source") return "--application-source";
  return nullptr;
}

// What Truto's truto_error_insight says, one clause per key, plus a Problem per missing field.
std::string render_insight(const rapidjson::Value& insight, std::vector<Problem>& problems) {
  std::string out;
  auto add = [&out](const std::string& clause) {
    if (!clause.empty()) out += "; " + clause;
  };
  for (const auto& m : insight.GetObject()) {
    const std::string key = m.name.GetString();
    const rapidjson::Value* value = m.value.IsObject() ? get_member(m.value, "value") : &m.value;
    const std::string description = m.value.IsObject() ? get_string(m.value, "description") : std::string();
    if (key == "missing_required_body_fields") {
      for (const auto& field : string_items(value)) {
        problems.push_back({field_pointer(field), "required by Truto for Lever, but missing"});
      }
    } else if (key == "missing_required_query_parameters") {
      for (const auto& name : string_items(value)) {
        const char* flag = flag_for_query_parameter(name);
        problems.push_back({"", flag != nullptr ? fmt::format("query parameter {} is required: give {}", name, flag)
                                                : fmt::format("query parameter {} is required", name)});
      }
    } else if (key == "forbidden_error" && value != nullptr && value->IsObject()) {
      const auto scopes = string_items(get_member(*value, "missing_scopes"));
      if (!scopes.empty()) {
        std::string list;
        for (const auto& s : scopes) list += (list.empty() ? "" : ", ") + s;
        add("missing scopes: " + list);
        continue;
      }
    }
    const std::string rendered = value != nullptr ? render_value(*value) : std::string();
    if (!rendered.empty())
      add(words(key) + ": " + rendered);
    else if (!description.empty())
      add(words(key) + ": " + description);
  }
  return out;
}

// Lever's own error from raw_response: {"code","message"}, {"errors":[{field,code,message}]}, or text.
std::string render_remote_error(const rapidjson::Value& raw) {
  if (raw.IsString()) {
    rapidjson::Document parsed;
    if (parse_json(std::string_view(raw.GetString(), raw.GetStringLength()), parsed) && parsed.IsObject()) {
      return render_remote_error(parsed);
    }
    std::string text(raw.GetString(), raw.GetStringLength());
    if (text.size() > 300) text = text.substr(0, 300) + "…";
    return text;
  }
  if (!raw.IsObject()) return raw.IsNull() ? std::string() : to_json(raw);
  const std::string code = get_string(raw, "code");
  const std::string message = get_string(raw, "message");
  if (!code.empty() || !message.empty()) return code_and_message(code, message);
  if (const auto* errors = get_member(raw, "errors"); errors != nullptr && errors->IsArray()) {
    std::string out;
    for (const auto& e : errors->GetArray()) {
      if (!e.IsObject()) continue;
      std::string one = get_string(e, "field");
      for (const char* key : {"code", "message"}) {
        const std::string part = get_string(e, key);
        if (!part.empty()) one += (one.empty() ? "" : ": ") + part;
      }
      if (!one.empty()) out += (out.empty() ? "" : "; ") + one;
    }
    if (!out.empty()) return out;
  }
  std::string text = to_json(raw);
  if (text.size() > 300) text = text.substr(0, 300) + "…";
  return text;
}

std::string id_text(const rapidjson::Value* id) {
  if (id == nullptr) return {};
  if (id->IsString()) return std::string(id->GetString(), id->GetStringLength());
  if (id->IsInt64()) return std::to_string(id->GetInt64());
  if (id->IsUint64()) return std::to_string(id->GetUint64());
  return {};
}

// The candidate's id: "id" (unified/normalized); with truto_response_format=raw the answer is
// Lever's envelope, whose "data" holds the opportunity id (or, for an apply, the application id).
std::string candidate_id(const rapidjson::Value& answer) {
  std::string id = id_text(get_member(answer, "id"));
  if (!id.empty()) return id;
  const rapidjson::Value* data = get_member(answer, "data");
  if (data == nullptr || !data->IsObject()) return {};
  id = id_text(get_member(*data, "id"));
  return id.empty() ? id_text(get_member(*data, "applicationId")) : id;
}

// A 2xx answer: the candidate, which must be a JSON object with an id.
void check_created_answer(const rapidjson::Document& doc, bool json_ok, int status) {
  if (!json_ok || !doc.IsObject()) {
    throw Error(ErrorKind::Protocol, fmt::format("Truto answered HTTP {} to the create without a JSON object", status),
                "run with -v to see the answer; --truto-url may not point at Truto's API")
        .with_http_status(status);
  }
  if (candidate_id(doc).empty()) {
    throw Error(ErrorKind::Protocol, fmt::format("Truto's answer (HTTP {}) holds no candidate id", status),
                "run with -v to see the answer")
        .with_http_status(status);
  }
}

// What a Truto error answer says, in one text: Truto's message first, then what the insight adds, then
// Lever's own words; the insight's problems (pointers) go with it.
struct TrutoErrorText {
  std::string text;
  std::vector<Problem> problems;
  bool remote_error = false;  // the error came from Lever, through Truto
};

TrutoErrorText describe_truto_error(const rapidjson::Document& doc, bool json_ok, const HttpResponse& response) {
  const int status = response.status;
  const bool envelope = json_ok && doc.IsObject();
  std::string message = envelope ? get_string(doc, "message") : std::string();
  const std::string reason = envelope ? get_string(doc, "error") : std::string();
  if (message.empty()) message = reason.empty() ? "no error details" : reason;
  std::string text = message + fmt::format(" (Truto, HTTP {}{})", status, reason.empty() ? "" : " " + reason);
  std::vector<Problem> problems;
  const rapidjson::Value* remote_flag = envelope ? get_member(doc, "truto_is_remote_error") : nullptr;
  const bool remote_error = remote_flag != nullptr && remote_flag->IsBool() && remote_flag->GetBool();
  if (envelope) {
    if (const auto* insight = get_member(doc, "truto_error_insight"); insight != nullptr && insight->IsObject()) {
      text += render_insight(*insight, problems);
    }
    if (remote_error) {
      const rapidjson::Value* raw = get_member(doc, "raw_response");
      const std::string lever = raw != nullptr ? render_remote_error(*raw) : std::string();
      text += lever.empty() ? "; the error came from Lever" : "; Lever said: " + lever;
    }
  } else if (!response.body.empty()) {
    text += "; the answer is not Truto's JSON error (run with -v to see it)";
  }
  return TrutoErrorText{std::move(text), std::move(problems), remote_error};
}

// The error for a Truto error answer, by status: which kind (exit status), and what to do about it.
Error truto_error(int status, int attempts, TrutoErrorText error) {
  const std::string& text = error.text;
  const bool remote_error = error.remote_error;
  std::vector<Problem>& problems = error.problems;
  const std::string safe_again = "running the record again is safe: it carries the same Idempotency-Key";

  switch (status) {
    case 401:
      return Error(ErrorKind::Auth, text,
                   remote_error ? "Lever refused the integrated account's credentials; re-authenticate (reconnect) "
                                  "the account in Truto"
                                : "check TRUTO_API_TOKEN (a token of the environment holding the integrated account) "
                                  "and --truto-url")
          .with_http_status(status);
    case 403:
      return Error(ErrorKind::Auth, text,
                   "the token or the connected Lever account lacks permission to create candidates; grant the "
                   "missing scopes and reconnect the account")
          .with_http_status(status);
    case 400:
    case 422: {
      const char* hint = problems.empty() ? "check the record against `truto-candidates schema request`"
                                          : "add the missing fields or parameters and run it again";
      return Error(ErrorKind::InvalidInput, text, std::move(problems), hint).with_http_status(status);
    }
    case 404:
      return Error(ErrorKind::InvalidInput, text, std::move(problems),
                   "check --integrated-account-id (an account of the token's environment, connected to Lever) and "
                   "--job-id (a Lever posting id)")
          .with_http_status(status);
    case 409:
      return Error(ErrorKind::InvalidInput, text, std::move(problems),
                   "Lever reports a conflict: the candidate may exist already; look it up in Lever")
          .with_http_status(status);
    case 429:
      return Error(ErrorKind::TempFail,
                   fmt::format("Truto's rate limit was still hit after {} attempts: {}", attempts, text),
                   "lower --rate or --concurrency (Truto allows 50 requests per 10 s per integrated account), or try "
                   "again later; " +
                       safe_again)
          .with_http_status(status);
    case 503:
      return Error(ErrorKind::Unavailable, "the integrated account is blocked; contact Truto support: " + text,
                   "Truto blocks an account until its support lifts the block; retrying does not help")
          .with_http_status(status);
    default:
      if (status >= 500) {
        return Error(ErrorKind::Unavailable,
                     fmt::format("Truto answered HTTP {} after {} attempts: {}", status, attempts, text),
                     "Truto or Lever may be down; try again later — " + safe_again)
            .with_http_status(status);
      }
      return Error(ErrorKind::Protocol, text,
                   status == 405 ? "sandbox integrated accounts are read-only: use an account that allows writes"
                                 : "run with -v to see the exchange")
          .with_http_status(status);
  }
}

}  // namespace

std::string truto_idempotency_key(const rapidjson::Value& record, const Target& target) {
  const std::string hex = journal_key(record, target);  // SHA-256: 64 hex digits, the first 32 are used
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20, 12));
}

rapidjson::Document truto_candidate_or_throw(const HttpResponse& response, int attempts) {
  rapidjson::Document doc;
  const bool json_ok = parse_json(response.body, doc);
  const int status = response.status;
  if (status >= 200 && status < 300) {
    check_created_answer(doc, json_ok, status);
    return doc;
  }
  throw truto_error(status, attempts, describe_truto_error(doc, json_ok, response));
}

TrutoRoute::TrutoRoute(TrutoSession& session)
    : session_(session),
      transport_(session.new_transport()),
      executor_(session.executor(*transport_, session.settings().retry)) {}

TrutoRoute::~TrutoRoute() = default;

HttpRequest TrutoRoute::create_request(const CandidateRecord& record) const {
  const TrutoSettings& settings = session_.settings();
  if (settings.target.integrated_account_id.empty()) {
    throw Error(ErrorKind::Usage, "the truto route needs an integrated account id",
                "give --integrated-account-id ID or set TRUTO_INTEGRATED_ACCOUNT_ID");
  }
  // The record's own job_id (ARCHITECTURE.md §5) goes into the query, as --job-id does; Truto requires one.
  const Target target = require_record_target(settings.target, record.job_id);
  refuse_local_attachments(record);
  // The unified record goes as given (docs/lever-contract.md §6): its validated document, not the typed view.
  const rapidjson::Document body = truto_body(*record.document);

  QueryParams query = {{"integrated_account_id", target.integrated_account_id},
                       {"job_id", target.job_id},
                       {"application_source", to_string(target.source)}};
  if (!settings.response_format.empty()) query.emplace_back("truto_response_format", settings.response_format);
  if (settings.ignore_remote_data) query.emplace_back("truto_ignore_remote_data", "true");
  bool confirmation_given = false;
  for (const auto& [key, value] : settings.remote_query) {
    // build_url leaves keys as they are: the brackets stay literal (qs syntax), the user's key is encoded.
    query.emplace_back("remote_query[" + url_encode(key) + "]", value);
    confirmation_given = confirmation_given || key == "send_confirmation_email";
  }
  // Lever's apply takes send_confirmation_email as a query parameter; remote_query forwards it as is.
  if (target.send_confirmation_email && target.source == ApplicationSource::Applicant && !confirmation_given) {
    query.emplace_back("remote_query[send_confirmation_email]", "true");
  }

  HttpRequest request;
  request.method = "POST";
  request.url = build_url(settings.base_url, kCreatePath, query);
  request.auth = {HttpAuth::Kind::Bearer, {}, settings.token};
  request.headers.push_back({"Accept", "application/json"});
  request.headers.push_back({"User-Agent", user_agent()});
  request.headers.push_back({"Content-Type", "application/json"});
  request.headers.push_back({"Idempotency-Key", truto_idempotency_key(*record.document, target)});
  request.body = to_json(body);
  // No fresh connection needed: if the HTTP stack re-sends on a dead keep-alive connection, the
  // Idempotency-Key still makes it one create.
  return request;
}

CreateOutcome TrutoRoute::create(const CandidateRecord& record) {
  if (session_.settings().token.empty()) {
    throw Error(ErrorKind::Config, "no Truto API token", "set TRUTO_API_TOKEN to a Truto API token");
  }
  const HttpRequest request = create_request(record);
  RetryRules rules;
  rules.retry_response = truto_retryable;
  rules.repeat_ambiguous = true;  // the same Idempotency-Key makes a re-send safe
  SendResult result = executor_.send(request, rules);
  if (result.unknown) {
    Error e(ErrorKind::TempFail,
            fmt::format("outcome unknown: the candidate was sent to Truto {} times without an answer (last: {})",
                        result.attempts, result.detail),
            "run the record again: it carries the same Idempotency-Key, so Truto returns the first result "
            "instead of creating a second candidate");
    e.mark_outcome_unknown();
    throw e;
  }
  CreateOutcome outcome;
  outcome.candidate = truto_candidate_or_throw(result.response, result.attempts);
  outcome.id = candidate_id(outcome.candidate);
  return outcome;
}

rapidjson::Document TrutoRoute::plan(const CandidateRecord& record) {
  DryRunPlan out;
  out.add(create_request(record));
  out.note(
      "the Idempotency-Key is derived from the record and target: retries and re-runs of this record send "
      "the same key, so Truto creates the candidate at most once");
  return out.take();
}

std::optional<CreateOutcome> TrutoRoute::resolve_in_flight(const CandidateRecord& /*record*/, long long /*since_ms*/,
                                                           bool& can_resend) {
  can_resend = true;
  return std::nullopt;
}

}  // namespace tc
