#include "core/http/multipart_fields.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace tc {

namespace {

// Numbers go through rapidjson's writer so their text is exactly the JSON text (no locale, no
// trailing zeros, integers stay integers).
std::string number_text(const rapidjson::Value& number) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  number.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void add_text_part(std::vector<FormPart>& parts, std::string name, std::string value) {
  FormPart part;
  part.name = std::move(name);
  part.value = std::move(value);
  parts.push_back(std::move(part));
}

void flatten(std::vector<FormPart>& parts, const std::string& name, const rapidjson::Value& value) {
  if (value.IsString()) {
    add_text_part(parts, name, std::string(value.GetString(), value.GetStringLength()));
  } else if (value.IsBool()) {
    add_text_part(parts, name, value.GetBool() ? "true" : "false");
  } else if (value.IsNumber()) {
    add_text_part(parts, name, number_text(value));
  } else if (value.IsObject()) {
    for (const auto& member : value.GetObject()) {
      flatten(parts, name + "[" + std::string(member.name.GetString(), member.name.GetStringLength()) + "]",
              member.value);
    }
  } else if (value.IsArray()) {
    rapidjson::SizeType index = 0;
    for (const auto& item : value.GetArray()) {
      // Scalars are repeated "key[]" parts; containers need their index so their members stay together.
      if (item.IsObject() || item.IsArray()) {
        flatten(parts, name + "[" + std::to_string(index) + "]", item);
      } else {
        flatten(parts, name + "[]", item);
      }
      ++index;
    }
  }
  // null: no part (an empty text part would set the field to "").
}

}  // namespace

std::vector<FormPart> multipart_fields(const rapidjson::Value& body) {
  std::vector<FormPart> parts;
  if (!body.IsObject()) return parts;
  for (const auto& member : body.GetObject()) {
    flatten(parts, std::string(member.name.GetString(), member.name.GetStringLength()), member.value);
  }
  return parts;
}

std::string content_type_for_file_name(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext(file_name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::pair<const char*, const char*> kTypes[] = {
      {"pdf", "application/pdf"},
      {"doc", "application/msword"},
      {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"txt", "text/plain"},
      {"rtf", "application/rtf"},
      {"odt", "application/vnd.oasis.opendocument.text"},
      {"html", "text/html"},
      {"htm", "text/html"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
  };
  for (const auto& [known, type] : kTypes) {
    if (ext == known) return type;
  }
  return "application/octet-stream";
}

}  // namespace tc
