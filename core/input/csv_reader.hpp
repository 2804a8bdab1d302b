#pragma once
// CSV input (ARCHITECTURE.md §5): RFC 4180 with a header row, turned into unified candidate records one row
// at a time. Normally used through RecordReader with InputFormat::Csv.
//
// Header: required; names trimmed and case-insensitive, in any order, among first_name, last_name,
// title, company, emails, phones, locations, links, tags, resume — singular spellings accepted
// (email, phone, location, link, tag). An unknown, empty or duplicated column throws
// tc::Error(InvalidInput) naming it (and listing the allowed ones).
//
// Rows: fields separated by ','; a field in double quotes may hold commas, line breaks and "" for a
// quote; CRLF or LF line ends; a leading UTF-8 BOM and blank lines are skipped. An unterminated quote
// throws tc::Error(InvalidInput) with the line where the field started. A row is at most
// kMaxRecordBytes. Each row becomes
//   {"first_name":…, "last_name":…, "title":…, "company":…,
//    "emails":[{"email":…}], "phones":[{"number":…}], "locations":[…], "links":[…], "tags":[…],
//    "attachments":[{"id":NAME, "file_name":NAME, "file_url":URL, "type":"resume"}]}
// Cells are trimmed; an empty cell leaves its key out. emails/phones/locations/links/tags cells hold
// several values separated by ';' (each trimmed, empty parts skipped). resume is one value: an
// http(s)/file URL kept as is, or a local path made absolute against the current directory and
// written as a percent-encoded file:/// URL; NAME is the last path segment.
// A row whose field count differs from the header's, that is too large, that holds invalid UTF-8 or
// text after a closing quote comes back with `error` set, and reading goes on.
#include "core/input/input_record.hpp"

#include <istream>
#include <string>
#include <vector>

namespace tc {

class CsvReader {
 public:
  // Nothing is read before the first next().
  CsvReader(std::istream& in, std::string source);

  // Next row as a record (index 0 = first row after the header; line = the row's first line).
  // False at the end; a header with no rows yields nothing.
  bool next(InputRecord& out);

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
  bool started_ = false;
  std::vector<std::string> columns_;
  std::size_t next_index_ = 0;
  std::size_t line_ = 1;
  std::string raw_;  // the bytes of the row being read (capped at kMaxRecordBytes + 2)
  std::string header_text_;
  bool had_bom_ = false;
};

}  // namespace tc
