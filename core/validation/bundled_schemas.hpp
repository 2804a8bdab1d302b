#pragma once
// The JSON schemas of schemas/, embedded at build time (cmake/embed_schemas.cmake).
#include <string_view>
#include <vector>

namespace tc {

struct BundledSchema {
  std::string_view name;  // file name without ".schema.json", e.g. "candidate.create.request"
  std::string_view text;
};

const std::vector<BundledSchema>& bundled_schemas();

}  // namespace tc
