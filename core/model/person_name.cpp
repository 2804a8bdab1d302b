#include "core/model/person_name.hpp"

#include <cctype>
#include <cstring>
#include <vector>

#include "core/util/strings.hpp"

namespace tc {
namespace {

// Lower-case words, separated by one space: "  Ada   LOVELACE " -> "ada lovelace".
std::string comparable(std::string_view s) {
  std::string out;
  for (char c : lower(trim(s))) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool is_suffix(std::string_view text) {
  std::string word;
  for (char c : lower(trim(text)))
    if (c != '.' && c != ' ') word.push_back(c);
  static const char* const kSuffixes[] = {"jr",  "sr",  "ii",  "iii", "iv", "v",   "phd", "md",
                                          "dds", "esq", "mba", "cpa", "rn", "dvm", "jd"};
  for (const char* suffix : kSuffixes)
    if (word == suffix) return true;
  return false;
}

// "Countess of Lovelace", "Lord Byron": a title after the comma, not a first name.
bool is_title(std::string_view text) {
  const std::string words = " " + lower(trim(text)) + " ";
  if (words.find(" of ") != std::string::npos) return true;
  static const char* const kTitles[] = {"count ", "countess ", "duke ",  "duchess ",  "lord ", "lady ",
                                        "sir ",   "dame ",     "baron ", "baroness ", "earl ", "viscount "};
  for (const char* title : kTitles)
    if (words.compare(1, std::strlen(title), title) == 0) return true;
  return false;
}

}  // namespace

std::string full_name(std::string_view name_given, std::string_view first_name, std::string_view last_name) {
  const std::string name(trim(name_given));
  if (!name.empty()) return name;
  const std::string first(trim(first_name));
  const std::string last(trim(last_name));
  if (!first.empty() && !last.empty()) return first + " " + last;
  return first.empty() ? last : first;
}

std::string first_name_first(std::string_view name) {
  const std::string_view text = trim(name);
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos || text.find(',', comma + 1) != std::string_view::npos) return std::string(text);
  const std::string_view last = trim(text.substr(0, comma));
  const std::string_view first = trim(text.substr(comma + 1));
  if (last.empty() || first.empty() || is_suffix(first) || is_title(first)) return std::string(text);
  return std::string(first) + " " + std::string(last);
}

bool names_disagree(std::string_view name, std::string_view first_name, std::string_view last_name) {
  const std::string whole = comparable(name), first = comparable(first_name), last = comparable(last_name);
  if (whole.empty() || (first.empty() && last.empty())) return false;
  const bool starts = first.empty() || whole.compare(0, first.size(), first) == 0;
  const bool ends = last.empty() ||
                    (whole.size() >= last.size() && whole.compare(whole.size() - last.size(), last.size(), last) == 0);
  const bool room = first.empty() || last.empty() || whole.size() >= first.size() + last.size() + 1;
  return !(starts && ends && room);
}

}  // namespace tc
