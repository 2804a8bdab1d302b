#pragma once
// CSV input (ARCHITECTURE.md §5): RFC 4180 with a header row, turned into unified candidate records one row
// at a time. Normally used through RecordReader with InputFormat::Csv.
//
// Header: required. Each column is resolved once, through a ColumnMapping (core/input/column_mapping.hpp):
// the user's --map lines, the known field names (first_name, last_name, name, title, company, emails,
// phones, locations, links, tags, resume, lever.owner, lever.followers, lever.stage, lever.sources,
// lever.origin, lever.created_at, lever.archive_reason, lever.notes; singular spellings accepted) and
// common spreadsheet headers. Unknown, unnamed or clashing columns throw tc::Error(InvalidInput) naming
// every one of them; an `error` column is ignored.
//
// Delimiter: set_delimiter(), else sniffed from the header line (core/input/delimiters.hpp: ',' ';' TAB
// '|', quote-aware). Columns without a name are ignored (the notice sink is told once); a row with data in
// one is that row's error, and a row may leave such trailing columns out.
// Rows: fields separated by the delimiter; a field in double quotes may hold delimiters, line breaks and
// "" for a quote; CRLF, LF or CR line ends; a leading UTF-8 BOM and blank lines are skipped. An
// unterminated quote throws tc::Error(InvalidInput) with the line where the field started. A row is at
// most kMaxRecordBytes. The text must be UTF-8 already (RecordReader decodes other encodings first,
// core/input/text_decoder.hpp). Each row becomes
//   {"first_name":…, "last_name":…, "name":…, "title":…, "company":…,
//    "emails":[{"email":…}], "phones":[{"number":…}], "locations":[…], "links":[…], "tags":[…],
//    "attachments":[{"id":NAME, "file_name":NAME, "file_url":URL, "type":"resume"}, …], "job_id":…,
//    "lever":{"owner":…, "followers":[…], "stage":…, "sources":[…], "origin":…, "created_at":…,
//             "archive_reason":…, "notes":[{"text":…}]}}
// Cells are trimmed; an empty cell leaves its key out. List cells hold several values (each trimmed,
// empty parts skipped) separated by ';', ',', '|' or a line break — but phones, locations and
// attachments do not split on ',' (a number's, a place's or a file name's own commas); several columns of
// one such field add up. A notes cell is one note, its text as written.
// resume is one value. A resume or attachments file is an http(s)/file URL kept as is, or a local path
// — a relative one is taken from the files folder (set_files_folder: the input file's folder, or
// --resume-dir; the current directory when none is set) — made absolute and written as a
// percent-encoded file:/// URL; NAME is the last path segment. Only the resume gets "type":"resume".
// Files are not opened here: the route checks them before the record is sent (ARCHITECTURE.md §4).
// A row whose field count differs from the header's, that is too large, that holds invalid UTF-8 or
// text after a closing quote comes back with `error` set, and reading goes on.
#include "core/input/column_mapping.hpp"
#include "core/input/input_record.hpp"
#include "core/input/text_decoder.hpp"

#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace tc {

class CsvReader {
 public:
  // Nothing is read before the first next().
  CsvReader(std::istream& in, std::string source, ColumnMapping mapping = {});

  // Next row as a record (index 0 = first row after the header; line = the row's first line).
  // False at the end; a header with no rows yields nothing.
  bool next(InputRecord& out);

  // The folder relative resume/attachments paths are taken from (absolute; "" = the current directory).
  void set_files_folder(std::string folder) { files_folder_ = std::move(folder); }
  // The field delimiter ('\0' = sniff it from the header line). Before the first next().
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }
  // Where the notice about unnamed columns goes. Before the first next().
  void set_notice_sink(NoticeSink notices) { notices_ = std::move(notices); }
  // For a stream whose start was read already (RecordReader's format detection): its next byte is on
  // `line`, and a byte-order mark was skipped when `had_bom`. Before the first next().
  void resume_at(std::size_t line, bool had_bom) {
    line_ = line;
    had_bom_ = had_bom;
    resumed_ = true;
  }
  // The delimiter in use (after the first next()).
  char delimiter() const { return delimiter_; }

  // The field of each header column in file order (Field::Ignore for an ignored one); empty before the
  // first next().
  const std::vector<Field>& fields() const { return fields_; }
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
  bool read_row(Row& row);                   // false at the end of the input
  bool read_header_line(std::string& line);  // its text, line end included; false at the end of the input
  void read_header();
  void note_unnamed_columns(const std::string& at);
  void fill_record(const Row& row, InputRecord& out) const;

  std::streambuf* buf_;  // the input's; the header line's own buffer while the header is parsed
  std::string source_;
  std::string files_folder_;
  bool started_ = false;
  ColumnMapping mapping_;
  std::vector<std::string> header_;  // the header's names as written, trimmed
  std::vector<Field> fields_;
  std::size_t next_index_ = 0;
  std::size_t line_ = 1;
  std::string raw_;  // the bytes of the row being read (capped at kMaxRecordBytes + 2)
  std::string header_text_;
  bool had_bom_ = false;
  bool resumed_ = false;
  char delimiter_ = '\0';
  NoticeSink notices_;
  std::vector<bool> unnamed_;  // per column: the header gives it no name
  bool any_unnamed_ = false;
  std::size_t shortest_row_ = 0;  // fewer fields than the header: only unnamed columns left out
};

}  // namespace tc
