#include "core/input/attachment_to_send.hpp"

#include <utility>

#include "core/input/file_url.hpp"
#include "core/util/strings.hpp"

namespace tc {

std::string sent_file_name(const Attachment& attachment, const std::string& source_file_name) {
  std::string name(trim(attachment.file_name));
  if (name.empty()) name = source_file_name;
  if (name.empty()) name = attachment.id;
  return name.empty() ? std::string("attachment") : name;
}

std::optional<AttachmentToSend> attachment_to_send(const Attachment& attachment, std::vector<Problem>& problems) {
  FileUrlReading reading = read_file_url(attachment.file_url, attachment.pointer);
  if (reading.problem) {
    problems.push_back(std::move(*reading.problem));
    return std::nullopt;
  }
  AttachmentToSend out;
  out.attachment = attachment;
  out.source = std::move(reading.source.location);
  out.is_local_file = reading.source.is_local_file;
  out.file_name = sent_file_name(attachment, reading.source.file_name);
  return out;
}

}  // namespace tc
