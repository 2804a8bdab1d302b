#include "core/util/json_util.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fmt/format.h>

namespace tc {

bool parse_json(std::string_view text, rapidjson::Document& out, std::string* error) {
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  out.Parse<kFlags>(text.data(), text.size());
  if (!out.HasParseError()) return true;
  if (error != nullptr) {
    const size_t offset = out.GetErrorOffset();
    size_t line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    *error = fmt::format("line {}, column {}: {}", line, column, rapidjson::GetParseError_En(out.GetParseError()));
  }
  return false;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string to_pretty_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string get_string(const rapidjson::Value& object, const char* key) {
  return std::string(string_member(object, key));
}

std::string_view string_member(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* value = get_member(object, key);
  if (!value || !value->IsString()) return {};
  return {value->GetString(), value->GetStringLength()};
}

const rapidjson::Value* array_member(const rapidjson::Value& object, const char* key) {
  const rapidjson::Value* value = get_member(object, key);
  return value && value->IsArray() ? value : nullptr;
}

const rapidjson::Value* get_member(const rapidjson::Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

rapidjson::Value make_string(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

void merge_members(rapidjson::Document& body, const rapidjson::Value* over) {
  if (over == nullptr || !over->IsObject()) return;
  auto& alloc = body.GetAllocator();
  for (const auto& member : over->GetObject()) {
    rapidjson::Value copy(member.value, alloc);
    const auto existing = body.FindMember(member.name);
    if (existing != body.MemberEnd()) {
      existing->value = copy;
    } else {
      body.AddMember(rapidjson::Value(member.name, alloc), copy, alloc);
    }
  }
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace tc
