// Truto's POST /unified/ats/candidates for a Lever account, writing into the same sandbox state.
#include "routes.hpp"
#include "seed_data.hpp"

#include <ctime>

namespace tc::sandbox {

namespace {

std::string iso8601(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms % 1000));
  return out;
}

std::string string_member(const rapidjson::Value& object, const char* key) {
  if (object.IsObject() && object.HasMember(key) && object[key].IsString()) return object[key].GetString();
  return "";
}

std::string trim(const std::string& text) {
  auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::string lever_phone_type(const std::string& unified) {
  const std::string type = lower(unified);
  if (type.empty()) return "";
  if (type == "mobile" || type == "cell") return "mobile";
  if (type == "work" || type == "office") return "work";
  if (type == "home" || type == "skype") return type;
  return "other";
}

std::string url_type(const std::string& url) {
  const std::string text = lower(url);
  for (const char* host : {"linkedin", "github", "twitter"})
    if (text.find(host) != std::string::npos) return host;
  return "website";
}

Reply remote_error(int status, const std::string& lever_code, const std::string& message,
                   const std::string& extra = "") {
  std::string members = "\"truto_is_remote_error\":true,\"raw_response\":{\"code\":" + json_quote(lever_code) +
                        ",\"message\":" + json_quote(message) + "}";
  if (!extra.empty()) members += "," + extra;
  return truto_error(status, message, members);
}

std::string missing_fields_insight(const std::vector<std::string>& fields) {
  std::string list;
  for (const auto& field : fields) list += (list.empty() ? "" : ",") + json_quote(field);
  return "\"truto_error_insight\":{\"missing_required_body_fields\":{\"description\":"
         "\"These body fields are required by the integration\",\"value\":[" +
         list + "]}}";
}

// Maps the unified body onto a Lever create; returns a problem message or "".
std::string map_unified(const rapidjson::Value& body, NewOpportunity& into) {
  const std::string first = string_member(body, "first_name"), last = string_member(body, "last_name");
  into.name = trim(first + " " + last);
  const std::string title = string_member(body, "title"), company = string_member(body, "company");
  into.headline = !title.empty() && !company.empty() ? title + " at " + company : title + company;
  if (body.HasMember("locations") && body["locations"].IsArray())
    for (const auto& location : body["locations"].GetArray())
      if (location.IsString()) into.location += (into.location.empty() ? "" : "; ") + std::string(location.GetString());
  if (body.HasMember("emails") && body["emails"].IsArray())
    for (const auto& email : body["emails"].GetArray()) {
      std::string address = email.IsString() ? email.GetString() : string_member(email, "email");
      if (!address.empty()) into.emails.push_back(address);
    }
  if (body.HasMember("phones") && body["phones"].IsArray())
    for (const auto& phone : body["phones"].GetArray()) {
      std::string number = string_member(phone, "number");
      if (!number.empty()) into.phones.push_back({number, lever_phone_type(string_member(phone, "type"))});
    }
  for (const char* key : {"links", "urls"})
    if (body.HasMember(key) && body[key].IsArray())
      for (const auto& link : body[key].GetArray()) {
        std::string url = link.IsString() ? link.GetString() : string_member(link, "url");
        if (!url.empty()) into.links.push_back(url);
      }
  if (body.HasMember("tags") && body["tags"].IsArray())
    for (const auto& tag : body["tags"].GetArray()) {
      std::string name = tag.IsString() ? tag.GetString() : string_member(tag, "name");
      if (!name.empty()) into.tags.push_back(name);
    }
  for (const auto& email : into.emails)
    if (!looks_like_email(email)) return "Email address is not valid: " + email;
  return "";
}

std::string unified_candidate(const State& state, const Opportunity& o, bool with_remote_data) {
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("id");
  out.String(o.id);
  auto space = o.name.find(' ');
  out.Key("first_name");
  out.String(o.name.substr(0, space));
  out.Key("last_name");
  out.String(space == std::string::npos ? "" : o.name.substr(space + 1));
  out.Key("name");
  out.String(o.name);
  auto at = o.headline.rfind(" at ");
  out.Key("title");
  if (at == std::string::npos)
    out.Null();
  else
    out.String(o.headline.substr(0, at));
  out.Key("company");
  if (o.headline.empty())
    out.Null();
  else
    out.String(at == std::string::npos ? o.headline : o.headline.substr(at + 4));
  out.Key("emails");
  out.StartArray();
  for (const auto& email : o.emails) {
    out.StartObject();
    out.Key("email");
    out.String(email);
    out.EndObject();
  }
  out.EndArray();
  out.Key("phones");
  out.StartArray();
  for (const auto& phone : o.phones) {
    out.StartObject();
    out.Key("number");
    out.String(phone.value);
    out.Key("type");
    if (phone.type.empty())
      out.Null();
    else
      out.String(phone.type);
    out.EndObject();
  }
  out.EndArray();
  out.Key("locations");
  out.StartArray();
  for (size_t start = 0; start < o.location.size();) {  // the mapping joined locations with "; "
    size_t end = o.location.find("; ", start);
    if (end == std::string::npos) end = o.location.size();
    out.String(o.location.substr(start, end - start));
    start = end + 2;
  }
  out.EndArray();
  out.Key("urls");
  out.StartArray();
  for (const auto& link : o.links) {
    out.StartObject();
    out.Key("url");
    out.String(link);
    out.Key("type");
    out.String(url_type(link));
    out.EndObject();
  }
  out.EndArray();
  out.Key("tags");
  out.StartArray();
  for (const auto& tag : o.tags) out.String(tag);
  out.EndArray();
  out.Key("applications");
  out.StartArray();
  for (const auto& id : o.application_ids) {
    const Application& application = state.applications.at(id);
    out.StartObject();
    out.Key("id");
    out.String(application.id);
    out.Key("job");
    out.StartObject();
    out.Key("id");
    out.String(application.posting);
    out.EndObject();
    out.EndObject();
  }
  out.EndArray();
  out.Key("created_at");
  out.String(iso8601(o.created_at));
  out.Key("updated_at");
  out.String(iso8601(o.updated_at));
  if (with_remote_data) {
    out.Key("remote_data");
    std::string remote = state.opportunity_json(o, ExpandOptions{true, true, false, false, false});
    out.RawValue(remote.c_str(), remote.size(), rapidjson::kObjectType);
  }
  out.EndObject();
  return buffer.GetString();
}

}  // namespace

Reply handle_truto(const httplib::Request& request, const Caller& caller, State& state) {
  if (caller.kind != AuthKind::bearer || caller.secret != kTrutoToken) return truto_error(401, "Invalid API token");
  if (request.method != "POST" || split_path(request.path) != std::vector<std::string>{"unified", "ats", "candidates"})
    return truto_error(404, "Not Found");
  const std::string account = request.get_param_value("integrated_account_id");
  if (account.empty()) return truto_error(400, "integrated_account_id is required");
  if (account == "ia-blocked") return truto_error(503, "This integrated account has been blocked. Contact support.");
  if (account != "ia-lever-1") return truto_error(404, "Integrated account " + account + " not found");
  const std::string job_id = request.get_param_value("job_id");
  if (job_id.empty())
    return truto_error(400, "Missing required query parameters: job_id",
                       "\"truto_error_insight\":{\"missing_required_query_parameters\":{\"description\":"
                       "\"These query parameters are required by the integration\",\"value\":[\"job_id\"]}}");
  const std::string source =
      request.has_param("application_source") ? request.get_param_value("application_source") : "lead";
  if (source != "lead" && source != "applicant")
    return truto_error(400, "application_source must be lead or applicant");
  const std::string format =
      request.has_param("truto_response_format") ? request.get_param_value("truto_response_format") : "unified";
  if (format != "unified" && format != "raw" && format != "normalized")
    return truto_error(400, "truto_response_format must be unified, raw or normalized");
  const bool with_remote_data = request.get_param_value("truto_ignore_remote_data") != "true";

  std::lock_guard<std::mutex> lock(state.mutex);
  const std::string idempotency_key = request.get_header_value("Idempotency-Key");
  const std::string store_key = account + " " + request.path + " " + idempotency_key;
  const std::string fingerprint = request.body + "\n" + job_id + "\n" + source;
  if (!idempotency_key.empty()) {
    auto stored = state.idempotent_replies.find(store_key);
    if (stored != state.idempotent_replies.end()) {
      if (stored->second.request_fingerprint != fingerprint)
        return truto_error(409, "Idempotency-Key was already used with a different request");
      return {stored->second.status, stored->second.body};
    }
  }
  auto finish = [&](Reply reply) {
    if (!idempotency_key.empty()) state.idempotent_replies[store_key] = {fingerprint, reply.status, reply.body};
    return reply;
  };

  rapidjson::Document body;
  if (!parse_json(request.body, body) || !body.IsObject())
    return finish(truto_error(400, "Request body must be a JSON object"));
  NewOpportunity create;
  create.performer = state.users.front().id;
  std::string problem = map_unified(body, create);
  if (!problem.empty()) return finish(remote_error(400, "BadRequestError", problem));
  if (source == "lead" && create.name.empty())
    return finish(remote_error(422, "BadRequestError", "A lead needs a name",
                               missing_fields_insight({"first_name", "last_name"})));
  if (source == "applicant" && create.emails.empty())
    return finish(remote_error(422, "BadRequestError", "An application needs an email address",
                               missing_fields_insight({"emails"})));
  const Posting* posting = state.find_posting(job_id);
  if (!posting) return finish(remote_error(404, "ResourceNotFound", "postings " + job_id + " was not found"));
  if (source == "applicant") {
    if (posting->state != "published" && posting->state != "internal")
      return finish(remote_error(400, "BadRequestError", "Posting " + job_id + " is not accepting applications"));
    create.origin = "applied";
    create.stage = "applicant-new";
    create.application_type = "posting";
  }
  create.posting = job_id;
  Created created = state.create_opportunity(create);
  ++state.stats.creates;
  ++state.stats.writes["unifiedCreate"];
  const Opportunity& opportunity = *state.find_opportunity(created.opportunity_id);
  if (format == "raw")
    return finish({201, "{\"data\":" +
                            state.opportunity_json(opportunity, ExpandOptions{true, true, false, false, false}) + "}"});
  return finish({201, unified_candidate(state, opportunity, with_remote_data)});
}

}  // namespace tc::sandbox
