#include "state.hpp"

#include "seed_data.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace tc::sandbox {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string extension_of(const std::string& file_name) {
  auto dot = file_name.rfind('.');
  if (dot == std::string::npos || dot + 1 == file_name.size()) return "";
  return lower(file_name.substr(dot + 1));
}

State::State(uint64_t seed)
    : users(seed_users()),
      stages(seed_stages()),
      archive_reasons(seed_archive_reasons()),
      postings(seed_postings()),
      uuid_random_(seed) {}

std::string State::new_uuid() {
  // Random version-4 UUID.
  uint64_t high = uuid_random_(), low = uuid_random_();
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
  return text;
}

const User* State::find_user(const std::string& id) const {
  for (const auto& user : users)
    if (user.id == id) return &user;
  return nullptr;
}

const User* State::find_user_by_email(const std::string& email) const {
  for (const auto& user : users)
    if (lower(user.email) == lower(email)) return &user;
  return nullptr;
}

const Stage* State::find_stage(const std::string& id) const {
  for (const auto& stage : stages)
    if (stage.id == id) return &stage;
  return nullptr;
}

const Posting* State::find_posting(const std::string& id) const {
  for (const auto& posting : postings)
    if (posting.id == id) return &posting;
  return nullptr;
}

Opportunity* State::find_opportunity(const std::string& id) {
  auto found = opportunities.find(id);
  return found == opportunities.end() ? nullptr : &found->second;
}

const Upload* State::find_live_upload(const std::string& uri) const {
  auto found = uploads.find(uri);
  if (found == uploads.end() || found->second.expires_at < now_ms()) return nullptr;
  return &found->second;
}

namespace {

void add_unique(std::vector<std::string>& into, const std::string& item) {
  if (std::find(into.begin(), into.end(), item) == into.end()) into.push_back(item);
}

Contact* find_contact_by_emails(std::map<std::string, Contact>& contacts, const std::vector<std::string>& emails) {
  for (const auto& email : emails)
    for (auto& [id, contact] : contacts)
      for (const auto& known : contact.emails)
        if (lower(known) == lower(email)) return &contact;
  return nullptr;
}

void write_string_array(JsonWriter& out, const std::vector<std::string>& items) {
  out.StartArray();
  for (const auto& item : items) out.String(item);
  out.EndArray();
}

void write_phone(JsonWriter& out, const Phone& phone) {
  out.StartObject();
  out.Key("type");
  if (phone.type.empty())
    out.Null();
  else
    out.String(phone.type);
  out.Key("value");
  out.String(phone.value);
  out.EndObject();
}

void write_raw(JsonWriter& out, const std::string& json) {
  out.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
}

}  // namespace

FileRecord State::add_file(Opportunity& opportunity, const Blob& blob) {
  FileRecord record{new_uuid(), blob, now_ms()};
  opportunity.files.push_back(record);
  return record;
}

Created State::create_opportunity(const NewOpportunity& request) {
  const int64_t now = now_ms();
  Contact* contact = nullptr;
  if (!request.contact_id.empty()) {
    auto found = contacts.find(request.contact_id);
    if (found != contacts.end()) contact = &found->second;
  }
  if (!contact) contact = find_contact_by_emails(contacts, request.emails);
  if (!contact) {
    Contact fresh{new_uuid(), request.name, request.headline, request.location, {}};
    contact = &contacts.emplace(fresh.id, fresh).first->second;
  }
  // Lever: the existing contact's data wins over what the request says.
  if (contact->name.empty()) contact->name = request.name;
  if (contact->headline.empty()) contact->headline = request.headline;
  if (contact->location.empty()) contact->location = request.location;
  for (const auto& email : request.emails) {
    bool known = false;
    for (const auto& have : contact->emails) known = known || lower(have) == lower(email);
    if (!known) contact->emails.push_back(email);
  }

  Opportunity opportunity;
  opportunity.id = new_uuid();
  opportunity.name = contact->name;
  opportunity.headline = contact->headline;
  opportunity.contact = contact->id;
  opportunity.stage = request.stage;
  opportunity.location = contact->location;
  opportunity.origin = request.origin;
  opportunity.owner = request.owner.empty() ? request.performer : request.owner;
  opportunity.phones = request.phones;
  opportunity.emails = contact->emails;
  opportunity.links = request.links;
  for (const auto& tag : request.tags) add_unique(opportunity.tags, tag);
  for (const auto& source : request.sources) add_unique(opportunity.sources, source);
  opportunity.followers.push_back(request.performer);
  for (const auto& follower : request.followers) add_unique(opportunity.followers, follower);
  opportunity.archived_json = request.archived_json;
  opportunity.created_at = request.created_at ? request.created_at : now;
  opportunity.updated_at = now;
  // Lever: "If you are creating a confidential opportunity, you must provide a posting UID for a
  // confidential job posting"; the sandbox makes every opportunity on such a posting confidential.
  const Posting* posting = request.posting.empty() ? nullptr : find_posting(request.posting);
  opportunity.confidential = posting && posting->confidentiality == "confidential";

  Created created{opportunity.id, ""};
  std::string resume_id;
  if (request.resume) {
    resume_id = new_uuid();
    opportunity.resumes.push_back({resume_id, *request.resume, now});
  }
  for (const auto& blob : request.files) add_file(opportunity, blob);

  if (!request.posting.empty()) {
    Application application;
    application.id = new_uuid();
    application.opportunity_id = opportunity.id;
    application.type = request.application_type;
    application.posting = request.posting;
    application.user = request.application_type == "user" ? request.performer : "";
    application.created_at = now;
    application.name = opportunity.name;
    application.email = request.emails.empty() ? "" : request.emails.front();
    if (!request.phones.empty()) application.phone = request.phones.front();
    application.company = request.headline;
    application.comments = request.app_comments;
    application.resume_id = resume_id;
    application.links = request.links;
    application.custom_questions_json = request.custom_questions_json;
    opportunity.application_ids.push_back(application.id);
    created.application_id = application.id;
    applications.emplace(application.id, application);
  }
  opportunity_order.push_back(opportunity.id);
  opportunities.emplace(opportunity.id, std::move(opportunity));
  return created;
}

void State::write_user(JsonWriter& out, const User& user) const {
  out.StartObject();
  out.Key("id");
  out.String(user.id);
  out.Key("name");
  out.String(user.name);
  out.Key("username");
  out.String(user.username);
  out.Key("email");
  out.String(user.email);
  out.Key("accessRole");
  out.String(user.access_role);
  out.Key("createdAt");
  out.Int64(kSeedCreatedAt);
  out.Key("deactivatedAt");
  out.Null();
  out.Key("externalDirectoryId");
  out.Null();
  out.Key("photo");
  out.Null();
  out.Key("linkedContactIds");
  out.StartArray();
  out.EndArray();
  out.Key("jobTitle");
  out.Null();
  out.Key("managerId");
  out.Null();
  out.EndObject();
}

void State::write_application(JsonWriter& out, const Application& application) const {
  out.StartObject();
  out.Key("id");
  out.String(application.id);
  out.Key("opportunityId");
  out.String(application.opportunity_id);
  out.Key("candidateId");
  out.String(application.opportunity_id);
  out.Key("createdAt");
  out.Int64(application.created_at);
  out.Key("type");
  out.String(application.type);
  out.Key("posting");
  out.String(application.posting);
  out.Key("postingOwner");
  out.String(users.front().id);
  out.Key("postingHiringManager");
  out.Null();
  out.Key("user");
  if (application.user.empty())
    out.Null();
  else
    out.String(application.user);
  out.Key("name");
  out.String(application.name);
  out.Key("email");
  out.String(application.email);
  out.Key("phone");
  if (application.phone.value.empty())
    out.Null();
  else
    write_phone(out, application.phone);
  out.Key("company");
  if (application.company.empty())
    out.Null();
  else
    out.String(application.company);
  out.Key("links");
  write_string_array(out, application.links);
  out.Key("comments");
  if (application.comments.empty())
    out.Null();
  else
    out.String(application.comments);
  out.Key("resume");
  if (application.resume_id.empty())
    out.Null();
  else
    out.String(application.resume_id);
  out.Key("customQuestions");
  write_raw(out, application.custom_questions_json);
  out.Key("archived");
  out.Null();
  out.Key("requisitionForHire");
  out.Null();
  out.Key("ownerId");
  out.String(users.front().id);
  out.Key("hiringManager");
  out.Null();
  out.EndObject();
}

void State::write_opportunity(JsonWriter& out, const Opportunity& o, const ExpandOptions& expand) const {
  int stage_index = 0;
  for (size_t i = 0; i < stages.size(); ++i)
    if (stages[i].id == o.stage) stage_index = static_cast<int>(i);
  out.StartObject();
  out.Key("id");
  out.String(o.id);
  out.Key("name");
  out.String(o.name);
  out.Key("contact");
  if (expand.contact) {
    auto found = contacts.find(o.contact);
    out.StartObject();
    out.Key("id");
    out.String(o.contact);
    if (found != contacts.end()) {
      out.Key("name");
      out.String(found->second.name);
      out.Key("headline");
      out.String(found->second.headline);
      out.Key("isAnonymized");
      out.Bool(false);
      out.Key("location");
      out.StartObject();
      out.Key("name");
      out.String(found->second.location);
      out.EndObject();
      out.Key("emails");
      write_string_array(out, found->second.emails);
      out.Key("phones");
      out.StartArray();
      for (const auto& phone : o.phones) write_phone(out, phone);
      out.EndArray();
    }
    out.EndObject();
  } else {
    out.String(o.contact);
  }
  out.Key("headline");
  out.String(o.headline);
  out.Key("stage");
  if (expand.stage) {
    const Stage* stage = find_stage(o.stage);
    out.StartObject();
    out.Key("id");
    out.String(o.stage);
    out.Key("text");
    out.String(stage ? stage->text : "");
    out.EndObject();
  } else {
    out.String(o.stage);
  }
  out.Key("confidentiality");
  out.String(o.confidential ? "confidential" : "non-confidential");
  out.Key("location");
  out.String(o.location);
  out.Key("phones");
  out.StartArray();
  for (const auto& phone : o.phones) write_phone(out, phone);
  out.EndArray();
  out.Key("emails");
  write_string_array(out, o.emails);
  out.Key("links");
  write_string_array(out, o.links);
  out.Key("archived");
  write_raw(out, o.archived_json);
  out.Key("tags");
  write_string_array(out, o.tags);
  out.Key("sources");
  write_string_array(out, o.sources);
  out.Key("stageChanges");
  out.StartArray();
  out.StartObject();
  out.Key("toStageId");
  out.String(o.stage);
  out.Key("toStageIndex");
  out.Int(stage_index);
  out.Key("updatedAt");
  out.Int64(o.created_at);
  out.Key("userId");
  out.String(o.owner);
  out.EndObject();
  out.EndArray();
  out.Key("origin");
  out.String(o.origin);
  out.Key("sourcedBy");
  if (o.origin == "sourced")
    out.String(o.owner);
  else
    out.Null();
  out.Key("owner");
  const User* owner = find_user(o.owner);
  if (expand.owner && owner)
    write_user(out, *owner);
  else
    out.String(o.owner);
  out.Key("followers");
  out.StartArray();
  for (const auto& follower : o.followers) {
    const User* user = find_user(follower);
    if (expand.followers && user)
      write_user(out, *user);
    else
      out.String(follower);
  }
  out.EndArray();
  out.Key("applications");
  out.StartArray();
  for (const auto& id : o.application_ids) {
    auto found = applications.find(id);
    if (expand.applications && found != applications.end())
      write_application(out, found->second);
    else
      out.String(id);
  }
  out.EndArray();
  out.Key("createdAt");
  out.Int64(o.created_at);
  out.Key("updatedAt");
  out.Int64(o.updated_at);
  out.Key("lastInteractionAt");
  out.Int64(o.updated_at);
  out.Key("lastAdvancedAt");
  out.Int64(o.created_at);
  out.Key("snoozedUntil");
  out.Null();
  out.Key("urls");
  out.StartObject();
  out.Key("list");
  out.String(base_url + "/candidates");
  out.Key("show");
  out.String(base_url + "/candidates/" + o.id);
  out.EndObject();
  out.Key("isAnonymized");
  out.Bool(false);
  out.Key("dataProtection");
  out.Null();
  out.EndObject();
}

std::string State::opportunity_json(const Opportunity& opportunity, const ExpandOptions& expand) const {
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  write_opportunity(out, opportunity, expand);
  return {buffer.GetString(), buffer.GetSize()};
}

void State::write_resume(JsonWriter& out, const Opportunity& owner, const Resume& resume) const {
  out.StartObject();
  out.Key("id");
  out.String(resume.id);
  out.Key("createdAt");
  out.Int64(resume.created_at);
  out.Key("file");
  out.StartObject();
  out.Key("name");
  out.String(resume.file.name);
  out.Key("ext");
  out.String(extension_of(resume.file.name));
  out.Key("downloadUrl");
  out.String(base_url + "/v1/opportunities/" + owner.id + "/resumes/" + resume.id + "/download");
  out.Key("uploadedAt");
  out.Int64(resume.created_at);
  out.Key("status");
  out.String("processed");
  out.Key("size");
  out.Uint64(resume.file.size);
  out.EndObject();
  out.EndObject();
}

void State::write_file(JsonWriter& out, const Opportunity& owner, const FileRecord& file) const {
  // Lever's files examples carry uploadedAt and size as strings; the sandbox follows them.
  std::string ext = extension_of(file.file.name);
  out.StartObject();
  out.Key("id");
  out.String(file.id);
  out.Key("downloadUrl");
  out.String(base_url + "/v1/opportunities/" + owner.id + "/files/" + file.id + "/download");
  out.Key("ext");
  out.String(ext.empty() ? "" : "." + ext);
  out.Key("name");
  out.String(file.file.name);
  out.Key("uploadedAt");
  out.String(std::to_string(file.uploaded_at));
  out.Key("status");
  out.String("processed");
  out.Key("size");
  out.String(std::to_string(file.file.size));
  out.EndObject();
}

void State::reset() {
  contacts.clear();
  opportunity_order.clear();
  opportunities.clear();
  applications.clear();
  uploads.clear();
  idempotent_replies.clear();
  request_log.clear();
  stats = Stats{};
}

}  // namespace tc::sandbox
