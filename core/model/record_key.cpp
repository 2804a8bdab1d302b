#include "core/model/record_key.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/util/json_util.hpp"

namespace tc {

namespace {

// Canonical JSON: object members sorted by name, so equal records hash equally. Depth is bounded by
// the reader (64), so recursion is safe here.
void canonical(const rapidjson::Value& v, std::string& out) {
  if (v.IsObject()) {
    std::vector<const rapidjson::Value::Member*> members;
    for (const auto& m : v.GetObject()) members.push_back(&m);
    std::sort(members.begin(), members.end(),
              [](auto* a, auto* b) { return std::strcmp(a->name.GetString(), b->name.GetString()) < 0; });
    out += '{';
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out += ',';
      out += to_json(members[i]->name);
      out += ':';
      canonical(members[i]->value, out);
    }
    out += '}';
  } else if (v.IsArray()) {
    out += '[';
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      if (i) out += ',';
      canonical(v[i], out);
    }
    out += ']';
  } else {
    out += to_json(v);
  }
}

// Two independent 64-bit FNV-1a hashes: 128 bits, ample against accidental collisions.
std::string hash_hex(const std::string& text) {
  uint64_t a = 14695981039346656037ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ static_cast<unsigned char>(c + 0x5b)) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  return fmt::format("{:016x}{:016x}", a, b);
}

}  // namespace

std::string journal_key(const rapidjson::Value& record, const Target& target) {
  std::string text = fmt::format("{}\n{}\n{}\n{}\n", to_string(target.via), target.job_id, to_string(target.source),
                                 target.integrated_account_id);
  canonical(record, text);
  return hash_hex(text);
}

}  // namespace tc
