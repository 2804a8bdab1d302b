#pragma once
// A request as --dry-run prints it: method, URL, headers (secrets redacted) and the body as JSON, or
// the multipart parts with file parts described by their source instead of their bytes.
#include <rapidjson/document.h>

#include <string>

#include "core/http/http.hpp"

namespace tc {

// File parts of `request` are expected to carry their source (path or URL) in `value` (the bytes are
// not loaded for a dry run).
rapidjson::Value describe_request(const HttpRequest& request, rapidjson::Document::AllocatorType& alloc);

// The document --dry-run prints for one record: {"requests": [described requests…], "notes": [...]}
// ("notes" only when there are any).
class DryRunPlan {
 public:
  // `body_note` stands in for a body that cannot be known without the network.
  void add(const HttpRequest& request, const char* body_note = nullptr);
  void note(const std::string& text);
  rapidjson::Document take();

 private:
  rapidjson::Document doc_{rapidjson::kObjectType};
  rapidjson::Value requests_{rapidjson::kArrayType};
  rapidjson::Value notes_{rapidjson::kArrayType};
};

}  // namespace tc
