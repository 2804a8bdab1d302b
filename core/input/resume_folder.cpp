#include "core/input/resume_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "core/http/http.hpp"
#include "core/model/candidate_record.hpp"
#include "core/model/duplicates.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

ResumeFolder::ResumeFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path absolute = fs::absolute(fs::path(folder), ec).lexically_normal();
  if (ec || !fs::is_directory(absolute, ec)) {
    throw Error(ErrorKind::NoInput, fmt::format("--resume-dir {}: not a folder", folder),
                "give the folder that holds the résumés, named after each candidate's e-mail (ada@example.com.pdf)");
  }
  folder_ = absolute.string();
  fs::directory_iterator it(absolute, ec);
  if (ec) throw Error(ErrorKind::NoInput, fmt::format("--resume-dir {}: {}", folder, ec.message()));
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(ErrorKind::NoInput, fmt::format("--resume-dir {}: {}", folder, ec.message()));
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    const std::string name = it->path().filename().string();
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos || dot == 0) continue;  // "<e-mail>.<ext>" needs an extension
    by_stem_[lower(name.substr(0, dot))].push_back(name);
  }
  for (auto& [stem, names] : by_stem_) std::sort(names.begin(), names.end());
}

std::optional<Problem> ResumeFolder::attach(rapidjson::Document& record) const {
  if (!record.IsObject()) return std::nullopt;
  const CandidateRecord typed = read_candidate_record(record);
  if (typed.resume() != nullptr) return std::nullopt;
  const std::string email = normalize_email(typed.first_email());
  if (email.empty()) return std::nullopt;
  const auto found = by_stem_.find(email);
  if (found == by_stem_.end()) return std::nullopt;
  const std::vector<std::string>& names = found->second;
  if (names.size() > 1) {
    return Problem{"/emails/0/email",
                   fmt::format("--resume-dir {} holds {} résumés for {}: {}; keep one, or name it in a resume column",
                               folder_, names.size(), email, join(names, ", "))};
  }
  auto& alloc = record.GetAllocator();
  const std::string& name = names.front();
  rapidjson::Value attachment(rapidjson::kObjectType);
  attachment.AddMember("id", make_string(name, alloc), alloc);
  attachment.AddMember("file_name", make_string(name, alloc), alloc);
  attachment.AddMember(
      "file_url",
      make_string("file://" + url_encode((folder_.back() == '/' ? folder_ : folder_ + "/") + name, "/"), alloc), alloc);
  attachment.AddMember("type", "resume", alloc);
  if (auto list = record.FindMember("attachments"); list != record.MemberEnd() && list->value.IsArray()) {
    list->value.PushBack(attachment, alloc);
  } else {
    rapidjson::Value list_value(rapidjson::kArrayType);
    list_value.PushBack(attachment, alloc);
    record.AddMember("attachments", list_value, alloc);
  }
  return std::nullopt;
}

}  // namespace tc
