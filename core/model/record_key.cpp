#include "core/model/record_key.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/util/error.hpp"
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

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorKind::Internal, "libcrypto could not compute a SHA-256 digest");
  }
  static const char* const kDigits = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0x0f];
  }
  return hex;
}

// Journals written before SHA-256: two independent 64-bit FNV-1a hashes.
std::string legacy_fnv_hex(const std::string& text) {
  uint64_t a = 14695981039346656037ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : text) {
    a = (a ^ c) * 1099511628211ull;
    b = (b ^ static_cast<unsigned char>(c + 0x5b)) * 0x100000001b3ull;
    b ^= b >> 29;
  }
  return fmt::format("{:016x}{:016x}", a, b);
}

// What both keys hash: the record's target (its own posting when it names one, ARCHITECTURE.md §5), then
// the canonical record.
std::string key_text(const rapidjson::Value& record, const Target& run) {
  const Target target = record_target(run, record_job_id(record));
  std::string text = fmt::format("{}\n{}\n{}\n{}\n", to_string(target.via), target.job_id, to_string(target.source),
                                 target.integrated_account_id);
  canonical(record, text);
  return text;
}

}  // namespace

std::string journal_key(const rapidjson::Value& record, const Target& target) {
  return sha256_hex(key_text(record, target));
}

std::string legacy_fnv_journal_key(const rapidjson::Value& record, const Target& target) {
  return legacy_fnv_hex(key_text(record, target));
}

}  // namespace tc
