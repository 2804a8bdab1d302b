// core/input/attachment_to_send.hpp: the one attachment type the plans send and the one file name rule.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/input/attachment_to_send.hpp"
#include "core/model/candidate_record.hpp"

namespace {

tc::Attachment attachment(const std::string& id, const std::string& file_name, const std::string& file_url) {
  tc::Attachment a;
  a.id = id;
  a.file_name = file_name;
  a.file_url = file_url;
  a.pointer = "/attachments/3";
  return a;
}

}  // namespace

TEST_CASE("sent_file_name: file_name, else the source's last segment, else the id, else \"attachment\"") {
  CHECK(tc::sent_file_name(attachment("id", " cv.pdf ", ""), "x.pdf") == "cv.pdf");
  CHECK(tc::sent_file_name(attachment("id", "  ", ""), "x.pdf") == "x.pdf");
  CHECK(tc::sent_file_name(attachment("id", "", ""), "") == "id");
  CHECK(tc::sent_file_name(attachment("", "", ""), "") == "attachment");
}

TEST_CASE("attachment_to_send: where the bytes are, or the file_url problem at the attachment's pointer") {
  std::vector<tc::Problem> problems;
  const auto local = tc::attachment_to_send(attachment("cv", "", "file:///home/ada/My%20CV.pdf"), problems);
  REQUIRE(local.has_value());
  CHECK(local->attachment.id == "cv");
  CHECK(local->attachment.pointer == "/attachments/3");
  CHECK(local->source == "/home/ada/My CV.pdf");
  CHECK(local->is_local_file);
  CHECK(local->file_name == "My CV.pdf");

  const auto download = tc::attachment_to_send(attachment("l", "letter.pdf", "https://e.com/l?sig=1"), problems);
  REQUIRE(download.has_value());
  CHECK(download->source == "https://e.com/l?sig=1");
  CHECK_FALSE(download->is_local_file);
  CHECK(download->file_name == "letter.pdf");
  CHECK(problems.empty());

  CHECK_FALSE(tc::attachment_to_send(attachment("x", "", ""), problems).has_value());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/attachments/3/file_url");
}
