#pragma once
// --resume-dir DIR (ARCHITECTURE.md §4): a folder of résumés named after their candidates' e-mail addresses,
// "ada@example.com.pdf", attached to the records that bring no résumé of their own.
#include <rapidjson/document.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace tc {

class ResumeFolder {
 public:
  // Lists `folder` once (its regular files, not its subfolders). Throws tc::Error(NoInput) when it is not a
  // folder this process can read.
  explicit ResumeFolder(const std::string& folder);

  // A record without a résumé attachment whose first e-mail names a file of the folder — "<e-mail>.<ext>",
  // compared case-insensitively — gets that file as its résumé. No such file: the record is left as it is.
  // Several (ada@example.com.pdf and ada@example.com.docx): the record is left as it is and the problem is
  // returned (pointer /emails/0/email), listing them.
  std::optional<Problem> attach(rapidjson::Document& record) const;

  const std::string& folder() const { return folder_; }

 private:
  std::string folder_;                                       // absolute
  std::map<std::string, std::vector<std::string>> by_stem_;  // lower-cased name without its extension → names
};

}  // namespace tc
