#include "core/input/record_normalizer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <string>

#include "core/model/person_name.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {
namespace {

using rapidjson::Value;
using Alloc = rapidjson::Document::AllocatorType;

std::string_view view(const Value& v) { return {v.GetString(), v.GetStringLength()}; }

Value* member(Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

void set_string(Value& v, std::string_view s, Alloc& alloc) {
  v.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

void normalize_name(Value& record, Alloc& alloc, std::vector<Problem>& problems) {
  Value* name = member(record, "name");
  if (name == nullptr || !name->IsString()) return;
  const std::string reordered = first_name_first(view(*name));
  if (reordered != view(*name)) set_string(*name, reordered, alloc);
  const Value* first = member(record, "first_name");
  const Value* last = member(record, "last_name");
  const std::string_view first_text = first && first->IsString() ? view(*first) : std::string_view();
  const std::string_view last_text = last && last->IsString() ? view(*last) : std::string_view();
  if (!names_disagree(reordered, first_text, last_text)) return;
  std::string parts = std::string(trim(first_text));
  if (!trim(last_text).empty()) parts += (parts.empty() ? "" : " ") + std::string(trim(last_text));
  problems.push_back({"/name", fmt::format("{} and first_name/last_name {} name different people; Lever keeps one "
                                           "name: give only one of them (a surname column maps to last_name)",
                                           quoted(reordered), quoted(parts))});
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// The request schema's link pattern, ^https?://[^\s/?#]+[^\s]*$ (case-insensitive scheme), without a regex:
// this runs for every link of every record.
bool is_http_url(std::string_view url) {
  const std::string head = lower(url.substr(0, 8));
  std::size_t i = head.rfind("https://", 0) == 0 ? 8 : head.rfind("http://", 0) == 0 ? 7 : 0;
  if (i == 0) return false;
  const std::size_t host = i;
  while (i < url.size() && !is_space(url[i]) && url[i] != '/' && url[i] != '?' && url[i] != '#') ++i;
  if (i == host) return false;
  for (; i < url.size(); ++i)
    if (is_space(url[i])) return false;
  return true;
}

// "linkedin.com/in/x" -> "https://linkedin.com/in/x": a text without a scheme whose first segment is a host
// name (a dot, no spaces, no '@').
std::string with_scheme(std::string_view url) {
  const std::string_view text = trim(url);
  if (text.find("://") != std::string_view::npos) return std::string(text);
  const std::string_view host = text.substr(0, text.find_first_of("/?#"));
  const bool looks_like_host = host.find('.') != std::string_view::npos &&
                               host.find_first_of(" \t@:") == std::string_view::npos && host.front() != '.' &&
                               host.back() != '.';
  return looks_like_host ? "https://" + std::string(text) : std::string(text);
}

void normalize_link(Value& url, const std::string& pointer, Alloc& alloc, std::vector<Problem>& problems) {
  if (!url.IsString()) return;  // the schema reports it
  const std::string fixed = with_scheme(view(url));
  if (!is_http_url(fixed)) {
    problems.push_back({pointer, quoted(view(url)) + " is not an http(s) URL (e.g. https://www.linkedin.com/in/NAME)"});
    return;
  }
  if (fixed != view(url)) set_string(url, fixed, alloc);
}

void normalize_links(Value& record, Alloc& alloc, std::vector<Problem>& problems) {
  Value* links = member(record, "links");
  if (links == nullptr || !links->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < links->Size(); ++i) {
    Value& link = (*links)[i];
    const std::string pointer = "/links/" + std::to_string(i);
    if (link.IsString()) normalize_link(link, pointer, alloc, problems);
    if (Value* url = member(link, "url")) normalize_link(*url, pointer + "/url", alloc, problems);
  }
}

// What a file URL that is a share page (a web page about the file, not the file) is, and its direct link
// when one can be made; "" for any other URL.
std::string share_page(std::string_view url, std::string& direct) {
  static const std::regex kDriveFile(R"(^https?://drive\.google\.com/file/d/([^/?#]+))", std::regex::icase);
  static const std::regex kDriveOther(R"(^https?://(drive|docs)\.google\.com/)", std::regex::icase);
  static const std::regex kDropbox(R"(^https?://(www\.)?dropbox\.com/(s|scl/fi|sh)/)", std::regex::icase);
  static const std::regex kDropboxDirect(R"([?&](dl=1|raw=1)(&|#|$))", std::regex::icase);
  static const std::regex kOneDrive(R"(^https?://(1drv\.ms|onedrive\.live\.com)/)", std::regex::icase);
  const std::string text(url);
  const std::string host = lower(text.substr(0, 40));
  if (host.find("google.com/") == std::string::npos && host.find("dropbox.com/") == std::string::npos &&
      host.find("1drv.ms/") == std::string::npos && host.find("onedrive.live.com/") == std::string::npos)
    return "";  // the regexes below only for the hosts that have share pages: this runs for every file
  std::smatch m;
  if (std::regex_search(text, m, kDriveFile)) {
    direct = "https://drive.google.com/uc?export=download&id=" + m[1].str();
    return "a Google Drive share page";
  }
  const bool drive_download = text.find("export=download") != std::string::npos;
  if (std::regex_search(text, kDriveOther) && !drive_download) return "a Google Drive page";
  if (std::regex_search(text, kDropbox) && !std::regex_search(text, kDropboxDirect)) {
    direct = "the same link with dl=1";
    return "a Dropbox share page";
  }
  if (std::regex_search(text, kOneDrive)) return "a OneDrive share page";
  return "";
}

void check_attachments(Value& record, std::vector<Problem>& problems) {
  Value* attachments = member(record, "attachments");
  if (attachments == nullptr || !attachments->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
    Value* url = member((*attachments)[i], "file_url");
    if (url == nullptr || !url->IsString()) continue;
    std::string direct;
    const std::string page = share_page(view(*url), direct);
    if (page.empty()) continue;
    problems.push_back({"/attachments/" + std::to_string(i) + "/file_url",
                        quoted(view(*url)) + " is " + page + ", a web page rather than the file: Lever would store " +
                            "the page; give " + (direct.empty() ? "a direct download link" : direct) +
                            " or download the file and give its path"});
  }
}

void trim_string(Value& v, Alloc& alloc) {
  if (!v.IsString()) return;
  const std::string_view trimmed = trim(view(v));
  if (trimmed.size() != v.GetStringLength()) set_string(v, std::string(trimmed), alloc);
}

void normalize_emails(Value& record, Alloc& alloc) {
  Value* emails = member(record, "emails");
  if (emails == nullptr || !emails->IsArray()) return;
  for (auto& email : emails->GetArray()) {
    trim_string(email, alloc);
    if (Value* address = member(email, "email")) trim_string(*address, alloc);
  }
}

struct DateProblem {
  Problem problem;
  bool reads_two_ways = false;
};

void normalize_date(Value* date, const std::string& pointer, const DateOptions& options, Alloc& alloc,
                    std::vector<DateProblem>& problems) {
  if (date == nullptr || !date->IsString()) return;
  const DateReading reading = read_date(view(*date), options);
  if (reading.rfc3339.empty()) {
    problems.push_back({{pointer, quoted(view(*date)) + " " + reading.problem}, reading.ambiguous});
  } else if (reading.rfc3339 != view(*date)) {
    set_string(*date, reading.rfc3339, alloc);
  }
}

// "/lever/notes/3/created_at" -> "/lever/notes/*/created_at": one field of every record.
std::string field_of(const std::string& pointer) {
  static const std::regex kIndex("/[0-9]+/");
  return std::regex_replace(pointer, kIndex, "/*/");
}

// Every date of the record's `lever` object, read in place.
std::vector<DateProblem> read_dates(rapidjson::Document& record, const DateOptions& options) {
  std::vector<DateProblem> problems;
  auto& alloc = record.GetAllocator();
  Value* lever = member(record, "lever");
  if (lever == nullptr || !lever->IsObject()) return problems;
  normalize_date(member(*lever, "created_at"), "/lever/created_at", options, alloc, problems);
  normalize_date(member(*lever, "archived_at"), "/lever/archived_at", options, alloc, problems);
  if (Value* notes = member(*lever, "notes"); notes != nullptr && notes->IsArray()) {
    for (rapidjson::SizeType i = 0; i < notes->Size(); ++i)
      normalize_date(member((*notes)[i], "created_at"), "/lever/notes/" + std::to_string(i) + "/created_at", options,
                     alloc, problems);
  }
  return problems;
}

bool within(const std::string& inner, const std::string& outer) {
  if (inner.empty() || outer.empty()) return false;
  return inner.compare(0, outer.size(), outer) == 0 && (inner.size() == outer.size() || inner[outer.size()] == '/');
}

}  // namespace

std::vector<Problem> normalize_record(rapidjson::Document& record, const RecordValueOptions& options) {
  std::vector<Problem> problems;
  if (!record.IsObject()) return problems;
  auto& alloc = record.GetAllocator();
  normalize_name(record, alloc, problems);
  normalize_links(record, alloc, problems);
  normalize_emails(record, alloc);
  check_attachments(record, problems);
  for (auto& date : read_dates(record, options.dates)) problems.push_back(std::move(date.problem));
  return problems;
}

std::vector<Problem> date_problems_in(RecordReader& reader, const DateOptions& options, std::size_t max_problems) {
  struct TwoWays {
    Problem first;
    std::size_t more = 0;
  };
  std::map<std::string, TwoWays> two_ways;  // by field
  std::vector<Problem> others;
  std::size_t more_others = 0;
  for_each_whole_record(reader, [&](InputRecord& record) {
    for (auto& [p, reads_two_ways] : read_dates(record.doc, options)) {
      p.message = fmt::format("record {} (line {}): {}", record.index + 1, record.line, p.message);
      if (reads_two_ways) {
        auto [it, inserted] = two_ways.try_emplace(field_of(p.pointer), TwoWays{p, 0});
        if (!inserted) ++it->second.more;
      } else if (others.size() < max_problems) {
        others.push_back(std::move(p));
      } else {
        ++more_others;
      }
    }
  });
  std::vector<Problem> problems;
  for (auto& [field, group] : two_ways) {
    if (group.more > 0)
      group.first.message += fmt::format(" ({} more {} of this field read two ways; one --date-format settles them)",
                                         group.more, group.more == 1 ? "date" : "dates");
    problems.push_back(std::move(group.first));
  }
  for (auto& p : others) problems.push_back(std::move(p));
  if (more_others > 0) problems.push_back({"", fmt::format("… and {} more dates that do not read", more_others)});
  return problems;
}

void merge_problems(std::vector<Problem>& validation, std::vector<Problem> normalizing) {
  validation.erase(std::remove_if(validation.begin(), validation.end(),
                                  [&](const Problem& v) {
                                    return std::any_of(normalizing.begin(), normalizing.end(), [&](const Problem& n) {
                                      return !n.pointer.empty() &&
                                             (within(v.pointer, n.pointer) || within(n.pointer, v.pointer));
                                    });
                                  }),
                   validation.end());
  for (auto& p : normalizing) validation.push_back(std::move(p));
}

}  // namespace tc
