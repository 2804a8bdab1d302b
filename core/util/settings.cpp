#include "core/util/settings.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace tc {

std::string long_flag(const Setting& s) {
  if (s.flag == nullptr) return {};
  const std::string names = s.flag;
  return names.substr(names.rfind(',') + 1);  // npos + 1 = 0: the whole of a single name
}

std::string default_text(const Setting& s) {
  if (s.default_text != nullptr) return s.default_text;
  if (s.type == SettingType::Integer || s.type == SettingType::Number) return fmt::format("{}", s.number);
  return "(not set)";
}

std::string help_text(const Setting& s, const char* help) {
  std::string text = help != nullptr ? help : s.help;
  const std::string placeholder = "{default}";
  const size_t at = text.find(placeholder);
  if (at != std::string::npos) text.replace(at, placeholder.size(), default_text(s));
  return text;
}

std::optional<std::string> setting_value_error(const Setting& s, const std::string& text) {
  if (s.type == SettingType::Choice) {
    std::string list;
    for (const char* choice : s.choices) {
      if (choice == nullptr) continue;
      if (text == choice) return std::nullopt;
      list += (list.empty() ? "" : ", ") + std::string(choice);
    }
    return fmt::format("{} = \"{}\" is not one of {}", s.key, text, list);
  }
  if (s.type == SettingType::Text) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const bool number = end != text.c_str() && *end == '\0' && std::isfinite(value);
  const bool whole = s.type == SettingType::Number || std::floor(value) == value;
  if (number && whole && value >= s.low && value <= s.high) return std::nullopt;
  return fmt::format("{} = {} is not a {} from {} to {}", s.key, text,
                     s.type == SettingType::Integer ? "whole number" : "number", s.low, s.high);
}

}  // namespace tc
