#pragma once
// One attachment of the record with where its bytes are: what the lead and applicant plans send
// (docs/lever-contract.md §2, §3). In input/, beside file_url.hpp that reads the place: nothing of it is Lever's.
#include <optional>
#include <string>
#include <vector>

#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"

namespace tc {

struct AttachmentToSend {
  Attachment attachment;       // as the record gives it: id, pointer ("/attachments/2"), is_resume()
  std::string source;          // the absolute local path (percent-decoded), or the download URL as given
  bool is_local_file = false;  // `source` is a local path
  std::string file_name;       // the name it is sent under (sent_file_name)
};

// The name an attachment is sent under: its file_name (trimmed), else `source_file_name` (the last segment of its
// file_url's path, as read_file_url gives it), else its id, else "attachment".
std::string sent_file_name(const Attachment& attachment, const std::string& source_file_name);

// Where `attachment`'s bytes are (core/input/file_url.hpp): the attachment to send, or nullopt with the problem
// (at "<pointer>/file_url") added to `problems`.
std::optional<AttachmentToSend> attachment_to_send(const Attachment& attachment, std::vector<Problem>& problems);

}  // namespace tc
