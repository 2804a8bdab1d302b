#pragma once
// CSV input (ARCHITECTURE.md §5): RFC 4180 with a header row, turned into unified candidate records one row
// at a time. Normally used through RecordReader with InputFormat::Csv.
//
// Header: required; names trimmed and case-insensitive, in any order, among first_name, last_name,
// title, company, emails, phones, locations, links, tags, resume, attachments, job_id — singular spellings
// accepted (email, phone, location, link, tag, attachment). An unknown, empty or duplicated column throws
// tc::Error(InvalidInput) naming it (and listing the allowed ones).
//
// Rows: fields separated by ','; a field in double quotes may hold commas, line breaks and "" for a
// quote; CRLF or LF line ends; a leading UTF-8 BOM and blank lines are skipped. An unterminated quote
// throws tc::Error(InvalidInput) with the line where the field started. A row is at most
// kMaxRecordBytes. Each row becomes
//   {"first_name":…, "last_name":…, "title":…, "company":…,
//    "emails":[{"email":…}], "phones":[{"number":…}], "locations":[…], "links":[…], "tags":[…],
//    "attachments":[{"id":NAME, "file_name":NAME, "file_url":URL, "type":"resume"}, …], "job_id":…}
// Cells are trimmed; an empty cell leaves its key out. emails/phones/locations/links/tags/attachments
// cells hold several values separated by ';' (each trimmed, empty parts skipped). resume is one value.
// A resume or attachments file is an http(s)/file URL kept as is, or a local path — a relative one is
// taken from the files folder (set_files_folder: the input file's folder, or --resume-dir; the current
// directory when none is set) — made absolute and written as a percent-encoded file:/// URL; NAME is
// the last path segment. Only the resume gets "type":"resume". Files are not opened here: the route
// checks them before the record is sent (ARCHITECTURE.md §4).
// A row whose field count differs from the header's, that is too large, that holds invalid UTF-8 or
// text after a closing quote comes back with `error` set, and reading goes on.
#include "core/input/input_record.hpp"

#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace tc {

class CsvReader {
 public:
  // Nothing is read before the first next().
  CsvReader(std::istream& in, std::string source);

  // Next row as a record (index 0 = first row after the header; line = the row's first line).
  // False at the end; a header with no rows yields nothing.
  bool next(InputRecord& out);

  // The folder relative resume/attachments paths are taken from (absolute; "" = the current directory).
  void set_files_folder(std::string folder) { files_folder_ = std::move(folder); }

  // The header's columns in file order, canonical (plural) names; empty before the first next().
  const std::vector<std::string>& columns() const { return columns_; }
  // The header row as read (with its line end, without a byte-order mark); whether the input began
  // with a UTF-8 byte-order mark. For --rejects, which repeats the header.
  const std::string& header_text() const { return header_text_; }
  bool had_bom() const { return had_bom_; }

 private:
  struct Row {
    std::vector<std::string> fields;  // at most one more than the header has: enough to spot ragged rows
    std::size_t field_count = 0;
    std::size_t line = 0;
    std::size_t bytes = 0;
    bool too_large = false;
    bool any_quoted = false;
    std::string problem;  // text after a closing quote
  };
  int peek();
  int get();
  bool read_row(Row& row);  // false at the end of the input
  void read_header();
  void fill_record(const Row& row, InputRecord& out) const;

  std::istream& in_;
  std::string source_;
  std::string files_folder_;
  bool started_ = false;
  std::vector<std::string> columns_;
  std::size_t next_index_ = 0;
  std::size_t line_ = 1;
  std::string raw_;  // the bytes of the row being read (capped at kMaxRecordBytes + 2)
  std::string header_text_;
  bool had_bom_ = false;
};

}  // namespace tc
