// Lever v1 Data API routes (/v1/...), an independent reading of Lever's documented contract (docs/lever-contract.md).
#include "confidentiality.hpp"
#include "lever_lookups.hpp"
#include "routes.hpp"
#include "seed_data.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>

namespace tc::sandbox {

namespace {

constexpr size_t kMaxFileBytes = 30u * 1024u * 1024u;
constexpr int64_t kUploadLifetimeMs = 24LL * 3600 * 1000;

std::string base64_decode(const std::string& text) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  uint32_t buffer = 0;  // only the low bits matter; unsigned so the shift may overflow harmlessly
  for (char c : text) {
    if (c == '=' || c == ' ') break;
    const char* at = std::strchr(alphabet, c);
    if (!at || c == '\0') return "";
    buffer = (buffer << 6) | static_cast<uint32_t>(at - alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string data_envelope(const std::string& json) { return "{\"data\":" + json + "}"; }

Reply not_found(const std::string& collection, const std::string& id) {
  return lever_error(404, "ResourceNotFound", collection + " " + id + " was not found");
}
Reply bad_request(const std::string& message) { return lever_error(400, "BadRequestError", message); }

bool is_json(const httplib::Request& request) {
  return lower(request.get_header_value("Content-Type")).rfind("application/json", 0) == 0;
}

const httplib::MultipartFormData* file_part(const httplib::Request& request, const std::string& name) {
  auto found = request.files.find(name);
  return found == request.files.end() ? nullptr : &found->second;
}

Blob blob_of(const httplib::MultipartFormData& part) { return {part.filename, part.content_type, part.content.size()}; }

// ---- POST /opportunities body readers -------------------------------------------------------

bool read_string_array(const rapidjson::Value& value, std::vector<std::string>& out) {
  if (!value.IsArray()) return false;
  for (const auto& item : value.GetArray()) {
    if (!item.IsString()) return false;
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return true;
}

bool valid_phone_type(const std::string& type) {
  return type.empty() || type == "mobile" || type == "home" || type == "work" || type == "skype" || type == "other";
}

bool valid_origin(const std::string& origin) {
  for (const char* known : {"agency", "applied", "internal", "referred", "sourced", "university"})
    if (origin == known) return true;
  return false;
}

// Fills `into` from a JSON create body; returns an error message or "".
std::string read_create_json(const rapidjson::Value& body, NewOpportunity& into, std::vector<std::string>& postings) {
  if (!body.IsObject()) return "Request body must be a JSON object";
  for (const auto& member : body.GetObject()) {
    const std::string key = member.name.GetString();
    const auto& value = member.value;
    auto want_string = [&](std::string& field) {
      if (!value.IsString()) return key + " must be a string";
      field = value.GetString();
      return std::string();
    };
    auto want_array = [&](std::vector<std::string>& field) {
      return read_string_array(value, field) ? std::string() : key + " must be an array of strings";
    };
    std::string problem;
    if (key == "name")
      problem = want_string(into.name);
    else if (key == "headline")
      problem = want_string(into.headline);
    else if (key == "location")
      problem = want_string(into.location);
    else if (key == "stage")
      problem = want_string(into.stage);
    else if (key == "origin")
      problem = want_string(into.origin);
    else if (key == "owner")
      problem = want_string(into.owner);
    else if (key == "contact")
      problem = want_string(into.contact_id);
    else if (key == "opportunityLocation")
      problem = value.IsString() ? "" : key + " must be a string";
    else if (key == "emails")
      problem = want_array(into.emails);
    else if (key == "links")
      problem = want_array(into.links);
    else if (key == "tags")
      problem = want_array(into.tags);
    else if (key == "sources")
      problem = want_array(into.sources);
    else if (key == "followers")
      problem = want_array(into.followers);
    else if (key == "postings")
      problem = want_array(postings);
    else if (key == "createdAt") {
      if (!value.IsInt64())
        problem = "createdAt must be a timestamp in milliseconds";
      else
        into.created_at = value.GetInt64();
    } else if (key == "archived") {
      problem = read_archived_json(value, into);
    } else if (key == "phones") {
      if (!value.IsArray())
        problem = "phones must be an array";
      else
        for (const auto& phone : value.GetArray()) {
          if (!phone.IsObject() || !phone.HasMember("value") || !phone["value"].IsString()) {
            problem = "phones[] must be objects with a string value";
            break;
          }
          Phone entry{phone["value"].GetString(), ""};
          if (phone.HasMember("type") && phone["type"].IsString())
            entry.type = phone["type"].GetString();
          else if (phone.HasMember("type") && !phone["type"].IsNull())
            problem = "phones[].type must be a string";
          into.phones.push_back(entry);
        }
    } else if (key == "resumeFile" || key == "files" || key == "files[]") {
      problem = key + " is only supported in multipart/form-data requests";
    } else {
      problem = "Unknown field " + key;
    }
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string read_create_multipart(const httplib::Request& request, NewOpportunity& into,
                                  std::vector<std::string>& postings) {
  std::map<int, Phone> phones;
  for (const auto& [name, part] : request.files) {
    const bool is_file = !part.filename.empty();
    const std::string& text = part.content;
    if (name == "resumeFile") {
      if (!is_file) return "resumeFile must be a file";
      if (into.resume) return "Only one resume file may be specified";
      into.resume = blob_of(part);
      continue;
    }
    if (name == "files[]" || name == "files") {
      if (!is_file) return name + " must be a file";
      into.files.push_back(blob_of(part));
      continue;
    }
    if (is_file) return "Unexpected file part " + name;
    if (name == "name")
      into.name = text;
    else if (name == "headline")
      into.headline = text;
    else if (name == "location")
      into.location = text;
    else if (name == "stage")
      into.stage = text;
    else if (name == "origin")
      into.origin = text;
    else if (name == "owner")
      into.owner = text;
    else if (name == "contact")
      into.contact_id = text;
    else if (name == "opportunityLocation") {
    } else if (name == "emails[]")
      into.emails.push_back(text);
    else if (name == "links[]")
      into.links.push_back(text);
    else if (name == "tags[]")
      into.tags.push_back(text);
    else if (name == "sources[]")
      into.sources.push_back(text);
    else if (name == "followers[]")
      into.followers.push_back(text);
    else if (name == "postings[]")
      postings.push_back(text);
    else if (name == "createdAt") {
      try {
        into.created_at = std::stoll(text);
      } catch (const std::exception&) {
        return "createdAt must be a timestamp in milliseconds";
      }
    } else if (name.rfind("phones[", 0) == 0) {
      // phones[<i>][value] / phones[<i>][type]
      auto close = name.find(']');
      std::string index = close == std::string::npos ? "" : name.substr(7, close - 7);
      std::string rest = close == std::string::npos ? "" : name.substr(close + 1);
      if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos ||
          (rest != "[value]" && rest != "[type]"))
        return "Unknown field " + name;
      Phone& phone = phones[std::stoi(index)];
      (rest == "[value]" ? phone.value : phone.type) = text;
    } else if (name.rfind("archived[", 0) == 0) {
      if (std::string problem = read_archived_part(name, text, into); !problem.empty()) return problem;
    } else {
      return "Unknown field " + name;
    }
  }
  for (const auto& [index, phone] : phones) {
    if (phone.value.empty()) return "phones[" + std::to_string(index) + "][value] is missing";
    into.phones.push_back(phone);
  }
  return "";
}

Reply create_opportunity(const httplib::Request& request, State& state) {
  const std::string perform_as = request.get_param_value("perform_as");
  if (perform_as.empty())
    return bad_request("Missing perform_as parameter. Please specify a user for which to perform this create.");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!state.find_user(perform_as)) return not_found("users", perform_as);

  NewOpportunity create;
  create.performer = perform_as;
  std::vector<std::string> postings;
  std::string problem;
  if (request.is_multipart_form_data()) {
    problem = read_create_multipart(request, create, postings);
  } else if (is_json(request)) {
    rapidjson::Document body;
    if (!parse_json(request.body, body)) return bad_request("Request body is not valid JSON");
    problem = read_create_json(body, create, postings);
  } else {
    return bad_request("Content-Type must be application/json or multipart/form-data");
  }
  if (!problem.empty()) return bad_request(problem);
  if (postings.size() > 1)
    return bad_request(
        "Only one posting may be specified per request. To add a candidate to several postings, "
        "send one request per posting.");
  for (const auto& phone : create.phones)
    if (!valid_phone_type(phone.type))
      return bad_request("Invalid phone type " + phone.type + ". Must be one of mobile, home, work, skype, other");
  if (!valid_origin(create.origin)) return bad_request("Invalid origin " + create.origin);
  if (create.created_at > now_ms()) return bad_request("createdAt cannot be in the future");
  for (const auto& email : create.emails)
    if (!looks_like_email(email)) return bad_request("Email address is not valid: " + email);
  if (create.resume && create.resume->size > kMaxFileBytes)
    return lever_error(413, "RequestEntityTooLarge", "File exceeds 30MB");
  if (!postings.empty()) {
    const Posting* posting = state.find_posting(postings.front());
    if (!posting) return not_found("postings", postings.front());
    if (posting->confidentiality == "confidential" && !state.confidential_access) return no_confidential_access();
    create.posting = postings.front();
  }
  if (!state.find_stage(create.stage)) return not_found("stages", create.stage);
  if (!create.owner.empty() && !state.find_user(create.owner)) return not_found("users", create.owner);
  for (const auto& follower : create.followers)
    if (!state.find_user(follower)) return not_found("users", follower);
  if (!create.contact_id.empty() && !state.contacts.count(create.contact_id))
    return not_found("contacts", create.contact_id);
  if (auto refused = check_archived(state, create)) return *refused;

  Created created = state.create_opportunity(create);
  ++state.stats.creates;
  ++state.stats.writes["create"];
  return {201,
          data_envelope(state.opportunity_json(*state.find_opportunity(created.opportunity_id), read_expand(request)))};
}

// ---- lists and lookups -----------------------------------------------------------------------

Reply list_opportunities(const httplib::Request& request, State& state) {
  const auto emails = query_values(request, "email");
  for (const auto& email : emails)
    if (!looks_like_email(email)) return bad_request("Email address is not valid");
  const auto posting_ids = query_values(request, "posting_id");
  const auto contact_ids = query_values(request, "contact_id");
  const auto confidentiality = read_confidentiality(request);
  if (!confidentiality) return bad_confidentiality();
  int64_t created_start = 0, created_end = INT64_MAX;
  size_t limit = 100, offset = 0;
  try {
    if (request.has_param("created_at_start")) created_start = std::stoll(request.get_param_value("created_at_start"));
    if (request.has_param("created_at_end")) created_end = std::stoll(request.get_param_value("created_at_end"));
    if (request.has_param("limit")) {
      long value = std::stol(request.get_param_value("limit"));
      if (value < 1 || value > 100) return bad_request("limit must be between 1 and 100");
      limit = static_cast<size_t>(value);
    }
  } catch (const std::exception&) {
    return bad_request("Invalid numeric query parameter");
  }
  if (request.has_param("offset")) {
    // Our opaque token: "sbx.<index>". Anything else was not minted here.
    const std::string token = request.get_param_value("offset");
    if (token.rfind("sbx.", 0) != 0 || token.size() == 4 ||
        token.find_first_not_of("0123456789", 4) != std::string::npos)
      return bad_request("Invalid offset token");
    offset = std::stoul(token.substr(4));
  }
  const ExpandOptions expand = read_expand(request);

  std::lock_guard<std::mutex> lock(state.mutex);
  std::vector<const Opportunity*> matches;
  for (const auto& id : state.opportunity_order) {
    const Opportunity& o = state.opportunities.at(id);
    if (!filter_shows(*confidentiality, o.confidential)) continue;
    if (o.created_at < created_start || o.created_at > created_end) continue;
    if (!contact_ids.empty() && std::find(contact_ids.begin(), contact_ids.end(), o.contact) == contact_ids.end())
      continue;
    bool email_ok = emails.empty();
    for (const auto& wanted : emails)
      for (const auto& have : o.emails) email_ok = email_ok || lower(have) == lower(wanted);
    if (!email_ok) continue;
    bool posting_ok = posting_ids.empty();
    for (const auto& application_id : o.application_ids) {
      const Application& application = state.applications.at(application_id);
      for (const auto& wanted : posting_ids) posting_ok = posting_ok || application.posting == wanted;
    }
    if (!posting_ok) continue;
    matches.push_back(&o);
  }
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("data");
  out.StartArray();
  for (size_t i = offset; i < matches.size() && i < offset + limit; ++i)
    state.write_opportunity(out, *matches[i], expand);
  out.EndArray();
  const bool has_next = offset + limit < matches.size();
  out.Key("hasNext");
  out.Bool(has_next);
  if (has_next) {
    out.Key("next");
    out.String("sbx." + std::to_string(offset + limit));
  }
  out.EndObject();
  return {200, buffer.GetString()};
}

Reply get_opportunity_part(const httplib::Request& request, State& state, const std::vector<std::string>& path) {
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(path[2]);
  if (!opportunity) return not_found("opportunities", path[2]);
  if (path.size() == 3) return {200, data_envelope(state.opportunity_json(*opportunity, read_expand(request)))};
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("data");
  out.StartArray();
  if (path[3] == "resumes")
    for (const auto& resume : opportunity->resumes) state.write_resume(out, *opportunity, resume);
  else if (path[3] == "files")
    for (const auto& file : opportunity->files) state.write_file(out, *opportunity, file);
  else if (path[3] == "applications")
    for (const auto& id : opportunity->application_ids) state.write_application(out, state.applications.at(id));
  else
    return lever_error(404, "ResourceNotFound", "Unknown route");
  out.EndArray();
  out.Key("hasNext");
  out.Bool(false);
  out.EndObject();
  return {200, buffer.GetString()};
}

Reply add_opportunity_file(const httplib::Request& request, State& state, const std::string& id) {
  const std::string perform_as = request.get_param_value("perform_as");
  if (perform_as.empty())
    return bad_request("Missing perform_as parameter. Please specify a user for which to perform this action.");
  if (!request.is_multipart_form_data()) return bad_request("Only multipart/form-data requests are supported");
  const auto* part = file_part(request, "file");
  if (!part || part->filename.empty()) return bad_request("Missing file part 'file'");
  if (part->content.size() > kMaxFileBytes) return lever_error(413, "RequestEntityTooLarge", "File exceeds 30MB");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!state.find_user(perform_as)) return not_found("users", perform_as);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return not_found("opportunities", id);
  FileRecord record = state.add_file(*opportunity, blob_of(*part));
  opportunity->updated_at = now_ms();
  ++state.stats.writes["file"];
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  state.write_file(out, *opportunity, record);
  return {200, data_envelope(buffer.GetString())};
}

bool is_list_change(const std::string& action) {
  for (const char* known : {"addTags", "addLinks", "addSources", "removeTags", "removeLinks", "removeSources"})
    if (action == known) return true;
  return false;
}

// POST /opportunities/:id/{add,remove}{Tags,Links,Sources} with {"tags"|"links"|"sources": [...]}: adds
// the items the opportunity lacks, or takes away the ones it holds, and answers with the opportunity
// (Lever's "Add tags", "Remove tags", …; perform_as optional).
Reply change_list(const httplib::Request& request, State& state, const std::string& id, const std::string& action) {
  const bool add = action.rfind("add", 0) == 0;
  std::string key = action.substr(add ? 3 : 6);
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));  // "Tags" -> "tags"
  const std::string perform_as = request.get_param_value("perform_as");
  if (!is_json(request)) return bad_request("Content-Type must be application/json");
  rapidjson::Document body;
  if (!parse_json(request.body, body) || !body.IsObject()) return bad_request("Request body must be a JSON object");
  std::vector<std::string> items;
  if (!body.HasMember(key) || !read_string_array(body[key], items))
    return bad_request(key + " must be an array of strings");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!perform_as.empty() && !state.find_user(perform_as)) return not_found("users", perform_as);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return not_found("opportunities", id);
  auto& list = key == "tags" ? opportunity->tags : key == "links" ? opportunity->links : opportunity->sources;
  for (const auto& item : items) {
    auto found = std::find(list.begin(), list.end(), item);
    if (add && found == list.end()) list.push_back(item);
    if (!add && found != list.end()) list.erase(found);
  }
  opportunity->updated_at = now_ms();
  ++state.stats.writes[action];
  return {200, data_envelope(state.opportunity_json(*opportunity, read_expand(request)))};
}

Reply upload(const httplib::Request& request, State& state) {
  if (!request.is_multipart_form_data()) return bad_request("Only multipart/form-data requests are supported");
  const auto* part = file_part(request, "file");
  if (!part || part->filename.empty()) return bad_request("Missing file part 'file'");
  if (part->content.size() > kMaxFileBytes) return lever_error(413, "RequestEntityTooLarge", "File exceeds 30MB");
  std::lock_guard<std::mutex> lock(state.mutex);
  Upload stored;
  stored.filename = part->filename;
  stored.id = state.new_uuid() + "-" + part->filename;
  stored.uri = state.base_url + "/v1/uploads/" + stored.id;
  stored.size = part->content.size();
  stored.expires_at = now_ms() + kUploadLifetimeMs;
  state.uploads[stored.uri] = stored;
  ++state.stats.writes["upload"];
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("expiresAt");
  out.Int64(stored.expires_at);
  out.Key("filename");
  out.String(stored.filename);
  out.Key("id");
  out.String(stored.id);
  out.Key("uri");
  out.String(stored.uri);
  out.Key("size");
  out.Uint64(stored.size);
  out.EndObject();
  return {200, data_envelope(buffer.GetString())};
}

Reply apply(const httplib::Request& request, State& state, const std::string& posting_id) {
  std::lock_guard<std::mutex> lock(state.mutex);
  const Posting* posting = state.find_posting(posting_id);
  if (!posting) return not_found("postings", posting_id);
  if (!is_json(request)) return bad_request("Content-Type must be application/json");
  if (posting->state != "published" && posting->state != "internal")
    return bad_request("Posting " + posting_id + " is not accepting applications (state " + posting->state + ")");
  rapidjson::Document body, form;
  if (!parse_json(request.body, body) || !body.IsObject()) return bad_request("Request body must be a JSON object");
  parse_json(posting->form_json, form);
  auto problems = validate_application(form, body, state);
  if (!problems.empty()) return bad_request(join(problems, "; "));

  NewOpportunity create;
  create.performer = state.users.front().id;  // postings' owner in this sandbox
  create.origin = "applied";
  create.stage = "applicant-new";
  create.application_type = "posting";
  create.posting = posting_id;
  fill_from_application(form, body, state, create);
  Created created = state.create_opportunity(create);
  ++state.stats.applies;
  ++state.stats.writes["apply"];
  return {201, data_envelope("{\"applicationId\":" + json_quote(created.application_id) + "}")};
}

void write_posting(JsonWriter& out, const State& state, const Posting& posting) {
  out.StartObject();
  out.Key("id");
  out.String(posting.id);
  out.Key("text");
  out.String(posting.text);
  out.Key("state");
  out.String(posting.state);
  out.Key("distributionChannels");
  out.StartArray();
  out.String("public");
  out.String("internal");
  out.EndArray();
  out.Key("user");
  out.String(state.users.front().id);
  out.Key("owner");
  out.String(state.users.front().id);
  out.Key("hiringManager");
  out.Null();
  out.Key("confidentiality");
  out.String(posting.confidentiality);
  out.Key("categories");
  out.StartObject();
  out.Key("team");
  out.String("Engineering");
  out.Key("department");
  out.String("R&D");
  out.Key("location");
  out.String("Remote");
  out.Key("allLocations");
  out.StartArray();
  out.String("Remote");
  out.EndArray();
  out.Key("commitment");
  out.String("Full-time");
  out.Key("level");
  out.Null();
  out.EndObject();
  out.Key("tags");
  out.StartArray();
  out.EndArray();
  out.Key("workplaceType");
  out.String("remote");
  out.Key("createdAt");
  out.Int64(kSeedCreatedAt);
  out.Key("updatedAt");
  out.Int64(kSeedCreatedAt);
  out.Key("urls");
  out.StartObject();
  out.Key("list");
  out.String(state.base_url + "/jobs");
  out.Key("show");
  out.String(state.base_url + "/jobs/" + posting.id);
  out.Key("apply");
  out.String(state.base_url + "/jobs/" + posting.id + "/apply");
  out.EndObject();
  out.EndObject();
}

Reply get_seed_data(const httplib::Request& request, State& state, const std::vector<std::string>& path) {
  std::lock_guard<std::mutex> lock(state.mutex);
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  const std::string& collection = path[1];
  if (collection == "users" && path.size() == 3) {
    const User* user = state.find_user(path[2]);
    if (!user) return not_found("users", path[2]);
    state.write_user(out, *user);
    return {200, data_envelope(buffer.GetString())};
  }
  if (collection == "postings" && path.size() >= 3) {
    const Posting* posting = state.find_posting(path[2]);
    if (!posting) return not_found("postings", path[2]);
    if (path.size() == 4 && path[3] == "apply") return {200, data_envelope(posting->form_json)};
    if (path.size() > 3) return lever_error(404, "ResourceNotFound", "Unknown route");
    write_posting(out, state, *posting);
    return {200, data_envelope(buffer.GetString())};
  }
  out.StartObject();
  out.Key("data");
  out.StartArray();
  if (collection == "stages") {
    for (const auto& stage : state.stages) {
      out.StartObject();
      out.Key("id");
      out.String(stage.id);
      out.Key("text");
      out.String(stage.text);
      out.EndObject();
    }
  } else {  // postings, filtered like opportunities: confidential ones only when asked for
    const auto states = query_values(request, "state");
    const auto confidentiality = read_confidentiality(request);
    if (!confidentiality) return bad_confidentiality();
    for (const auto& posting : state.postings)
      if ((states.empty() || std::find(states.begin(), states.end(), posting.state) != states.end()) &&
          filter_shows(*confidentiality, posting.confidentiality == "confidential"))
        write_posting(out, state, posting);
  }
  out.EndArray();
  out.Key("hasNext");
  out.Bool(false);
  out.EndObject();
  return {200, buffer.GetString()};
}

}  // namespace

Caller read_caller(const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  auto space = header.find(' ');
  if (space == std::string::npos) return {};
  const std::string scheme = lower(header.substr(0, space));
  std::string value = header.substr(space + 1);
  value.erase(0, value.find_first_not_of(' '));
  if (scheme == "bearer") return {AuthKind::bearer, value};
  if (scheme == "basic") {
    const std::string decoded = base64_decode(value);
    auto colon = decoded.find(':');
    // Lever: the key is the user name, the password is empty.
    if (colon == std::string::npos || colon + 1 != decoded.size()) return {AuthKind::basic, ""};
    return {AuthKind::basic, decoded.substr(0, colon)};
  }
  return {};
}

const char* auth_kind_name(AuthKind kind) {
  switch (kind) {
    case AuthKind::basic: return "basic";
    case AuthKind::bearer: return "bearer";
    case AuthKind::none: break;
  }
  return "none";
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::vector<std::string> query_values(const httplib::Request& request, const std::string& key) {
  std::vector<std::string> values;
  auto range = request.params.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) values.push_back(it->second);
  return values;
}

ExpandOptions read_expand(const httplib::Request& request) {
  ExpandOptions expand;
  for (const auto& value : query_values(request, "expand")) {
    expand.applications = expand.applications || value == "applications";
    expand.stage = expand.stage || value == "stage";
    expand.owner = expand.owner || value == "owner";
    expand.followers = expand.followers || value == "followers";
    expand.contact = expand.contact || value == "contact";
  }
  return expand;
}

Reply handle_lever(const httplib::Request& request, const Caller& caller, State& state) {
  const bool writer = (caller.kind == AuthKind::basic && caller.secret == kApiKey) ||
                      (caller.kind == AuthKind::bearer && caller.secret == kAccessToken);
  const bool reader = caller.kind == AuthKind::basic && caller.secret == kReadonlyKey;
  if (!writer && !reader) return lever_error(401, "UnauthorizedError", "Invalid API key or token");
  const bool post = request.method == "POST";
  if (request.method != "GET" && !writer)
    return lever_error(403, "ForbiddenError", "This API key does not have write permission for this endpoint");

  const auto path = split_path(request.path);  // path[0] == "v1"
  const size_t n = path.size();
  const std::string collection = n > 1 ? path[1] : "";
  if (auto refused = refuse_confidential(request, state, path)) return *refused;
  if (collection == "opportunities" && n == 4) {
    if (auto reply = handle_unarchive(request, state, path)) return *reply;
  }
  if (collection == "opportunities" && (n == 4 || n == 5)) {
    if (auto reply = handle_opportunity_state(request, state, path)) return *reply;
  }
  if (post) {
    if (collection == "opportunities" && n == 2) return create_opportunity(request, state);
    if (collection == "opportunities" && n == 4 && path[3] == "files")
      return add_opportunity_file(request, state, path[2]);
    if (collection == "opportunities" && n == 4 && is_list_change(path[3]))
      return change_list(request, state, path[2], path[3]);
    if (collection == "uploads" && n == 2) return upload(request, state);
    if (collection == "postings" && n == 4 && path[3] == "apply") return apply(request, state, path[2]);
  } else if (request.method == "GET") {
    if (collection == "opportunities" && n == 2) return list_opportunities(request, state);
    if (collection == "opportunities" && (n == 3 || n == 4)) return get_opportunity_part(request, state, path);
    if (collection == "users" && n == 2) {
      std::lock_guard<std::mutex> lock(state.mutex);
      return list_users(request, state);
    }
    if (collection == "archive_reasons" && n == 2) {
      std::lock_guard<std::mutex> lock(state.mutex);
      return list_archive_reasons(state);
    }
    if ((collection == "stages" || collection == "postings") && n == 2) return get_seed_data(request, state, path);
    if ((collection == "users" && n == 3) || (collection == "postings" && (n == 3 || n == 4)))
      return get_seed_data(request, state, path);
  }
  return lever_error(404, "ResourceNotFound", "Unknown route " + request.method + " " + request.path);
}

}  // namespace tc::sandbox
