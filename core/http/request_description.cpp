#include "core/http/request_description.hpp"

#include "core/http/request_executor.hpp"
#include "core/util/json_util.hpp"

namespace tc {

rapidjson::Value describe_request(const HttpRequest& request, rapidjson::Document::AllocatorType& alloc) {
  rapidjson::Value out(rapidjson::kObjectType);
  out.AddMember("method", make_string(request.method, alloc), alloc);
  out.AddMember("url", make_string(request.url, alloc), alloc);
  rapidjson::Value headers(rapidjson::kObjectType);
  const std::string authorization = redacted_authorization(request.auth);
  if (!authorization.empty()) headers.AddMember("Authorization", make_string(authorization, alloc), alloc);
  for (const auto& h : request.headers) {
    headers.AddMember(make_string(h.name, alloc), make_string(redact_header_value(h.name, h.value), alloc), alloc);
  }
  if (!request.form.empty()) {
    headers.AddMember("Content-Type", "multipart/form-data", alloc);
    out.AddMember("headers", headers, alloc);
    rapidjson::Value parts(rapidjson::kArrayType);
    for (const auto& part : request.form) {
      rapidjson::Value p(rapidjson::kObjectType);
      p.AddMember("name", make_string(part.name, alloc), alloc);
      if (part.is_file) {
        p.AddMember("file_name", make_string(part.file_name, alloc), alloc);
        p.AddMember("content_type", make_string(part.content_type, alloc), alloc);
        p.AddMember("source", make_string(part.value, alloc), alloc);
      } else {
        p.AddMember("value", make_string(part.value, alloc), alloc);
      }
      parts.PushBack(p, alloc);
    }
    out.AddMember("multipart", parts, alloc);
    return out;
  }
  out.AddMember("headers", headers, alloc);
  if (!request.body.empty()) {
    rapidjson::Document body;
    if (parse_json(request.body, body)) {
      rapidjson::Value copy(body, alloc);
      out.AddMember("body", copy, alloc);
    } else {
      out.AddMember("body", make_string(request.body, alloc), alloc);
    }
  }
  return out;
}

void DryRunPlan::add(const HttpRequest& request, const char* body_note) {
  auto& alloc = doc_.GetAllocator();
  rapidjson::Value described = describe_request(request, alloc);
  if (body_note != nullptr) described.AddMember("body", rapidjson::StringRef(body_note), alloc);
  requests_.PushBack(described, alloc);
}

void DryRunPlan::note(const std::string& text) {
  notes_.PushBack(make_string(text, doc_.GetAllocator()), doc_.GetAllocator());
}

rapidjson::Document DryRunPlan::take() {
  auto& alloc = doc_.GetAllocator();
  doc_.AddMember("requests", requests_, alloc);
  if (!notes_.Empty()) doc_.AddMember("notes", notes_, alloc);
  return std::move(doc_);
}

}  // namespace tc
