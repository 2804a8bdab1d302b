#pragma once
// Input readers: turn a file or stdin into a stream of JSON records, one at a time, with bounded
// memory (ARCHITECTURE.md §3 payload, §4 limits and leniency, §5 many records).
//
// Text: every format is read through a DecodingBuffer (core/input/text_decoder.hpp): UTF-8, UTF-16 with a
// byte-order mark, set_encoding() (iconv); delimited text that is not UTF-8 is read as Windows-1252 (the
// notice sink is told). JSON must be UTF-8 or UTF-16 unless set_encoding() says otherwise (RFC 8259).
//
// Formats (InputFormat):
//   Auto   — a leading UTF-8 BOM is skipped; the first non-blank character decides:
//            '['  → a JSON array of objects, streamed element by element;
//            '{'  → whitespace-separated JSON objects: one (pretty-printed) object, NDJSON (one per
//                   line, CRLF and blank lines tolerated) or concatenated objects. When the first
//                   object fits on its line the input is read as NDJSON (see Ndjson);
//            anything else → delimited text, as Csv (whatever the file's name: .txt, .tsv, none).
//   Json   — '[' and '{' as Auto, but '{' input is always read by structure (never line by line); a
//            JSON string or number ('"', digit, '-') is read like '{' (the record is reported as "is a
//            string, expected an object" and reading goes on); anything else → tc::Error(InvalidInput).
//   Ndjson — one record per line: a record whose line ends before the value is complete is an
//            error record and reading goes on at the next line.
//   Csv    — delimited text with a header row (core/input/csv_reader.hpp): ',' ';' TAB or '|', sniffed
//            from the header line unless set_delimiter() names it.
// Column mapping (set_column_mapping, core/input/column_mapping.hpp): CSV headers resolve through it;
// the top-level keys of each JSON record are renamed or dropped by the user's lines, and an `error`
// member (what --rejects writes) is dropped. A rename onto a key the record already has makes the record
// an error record.
//
// Limits, checked while scanning bytes (before RapidJSON sees anything, never recursing):
//   kMaxRecordBytes — a record is at most 1 MiB of JSON. Buffering stops as soon as a record exceeds
//                     it; the rest of the record is skipped by structure without being stored.
//   kMaxDepth       — objects/arrays nest at most 64 levels deep.
// (A string's 64 KiB limit is the validator's job; a bigger string is caught by the record cap.)
//
// Errors: a record that cannot be read (malformed JSON, not an object, too large, too deep, invalid
// UTF-8, lone surrogate, control character in a string, …) comes back with `error` set (pointer "")
// and a message naming the record (1-based ordinal), the source, the line and the column:
//   "record 3 (people.ndjson line 3) is a string, expected an object"
//   "record 2 (people.ndjson line 2, column 9): invalid value (NaN and Infinity are not JSON)"
// Reading goes on after such a record. Damage that cannot be resynchronised (a JSON array that is
// not closed or lacks a comma, a single object cut short, an unterminated CSV quote, a bad CSV
// header) throws tc::Error(ErrorKind::InvalidInput) naming the source, line and column; records
// already returned stay valid and later next() calls on a JSON input return false. No other
// exception escapes next() (std::bad_alloc aside).
//
// Streams: bytes are pulled through in.rdbuf() (sgetc/sbumpc), so a pipe is consumed as data
// arrives. For std::cin call std::ios::sync_with_stdio(false) first, or every byte costs a getc().
#include "core/input/column_mapping.hpp"
#include "core/input/input_record.hpp"
#include "core/input/text_decoder.hpp"
#include "core/util/error.hpp"

#include <rapidjson/document.h>
#include <functional>

#include <atomic>
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace tc {

enum class InputFormat { Auto, Json, Ndjson, Csv };

class CsvReader;

class RecordReader {
 public:
  // `in` is read incrementally (never slurped); `source` names it in messages ("people.ndjson",
  // "stdin"). Nothing is read before the first next().
  RecordReader(std::istream& in, InputFormat format, std::string source);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // CSV: the folder relative resume/attachments paths are taken from (core/input/csv_reader.hpp). Before
  // the first next().
  void set_files_folder(std::string folder) { files_folder_ = std::move(folder); }
  // The --map/--mapping lines: CSV columns and top-level JSON keys are renamed or dropped through them
  // (core/input/column_mapping.hpp). Call before the first next().
  void set_column_mapping(ColumnMapping mapping) { mapping_ = std::move(mapping); }
  // --encoding: the input's encoding, an iconv name ("" = recognise it). Before the first next(); an
  // unknown name throws tc::Error(Usage) there (check it early with require_known_encoding).
  void set_encoding(std::string encoding) { encoding_ = std::move(encoding); }
  // --delimiter: delimited text's separator ('\0' = sniff it). Before the first next().
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }
  // Where notices go (Windows-1252 fallback, unnamed columns): each is said once. Before the first next().
  void set_notice_sink(NoticeSink notices) { notices_ = std::move(notices); }

  // Next record; false at the end. See the header comment for errors.
  bool next(InputRecord& out);

  // True once the input is known to hold several records (a top-level array, more than one JSON
  // value, CSV). After the first next() call this says whether the input is a single object (the
  // reader peeks past the first record's trailing whitespace to find out).
  bool is_multi() const { return multi_.load(); }

  // The CSV reader once a CSV input has started (its header, for --rejects); nullptr otherwise.
  const CsvReader* csv() const { return csv_.get(); }

 private:
  enum class Layout { Unknown, Array, Objects, Csv, Done };
  enum class ScanEnd { Complete, LineCut, EndOfInput };
  struct Scan;

  // Byte access with line/column tracking. Reads through the streambuf so a pipe is consumed as
  // data arrives (no waiting for a full buffer).
  int peek();
  int get();
  void skip_whitespace();
  void skip_rest_of_line();
  bool at_value_start(int c) const;

  void start();
  bool next_array_element(InputRecord& out);
  bool next_object(InputRecord& out);
  Scan scan_value(bool line_mode);
  void finish_record(Scan& scan, InputRecord& out);
  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& what);
  std::string where(std::size_t line, std::size_t column) const;

  void start_csv(std::size_t line, bool had_bom);

  std::istream& in_;
  std::unique_ptr<DecodingBuffer> decoder_;  // over in_'s buffer; what every byte is read from
  std::unique_ptr<std::istream> decoded_;    // the CSV reader's stream over decoder_
  std::streambuf* buf_ = nullptr;
  std::string encoding_;
  char delimiter_ = '\0';
  NoticeSink notices_;
  InputFormat format_;
  std::string source_;
  std::string files_folder_;
  Layout layout_ = Layout::Unknown;
  bool line_mode_ = false;  // NDJSON: a newline inside a value ends the record as broken
  bool line_mode_decided_ = false;
  std::atomic<bool> multi_{false};  // read by worker threads while the reader goes on
  bool expect_comma_ = false;       // array: an element was read, ',' or ']' must follow
  std::size_t next_index_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;  // in characters (UTF-8 continuation bytes do not count)
  std::size_t array_line_ = 1;
  std::size_t array_column_ = 1;
  ColumnMapping mapping_;
  std::unique_ptr<CsvReader> csv_;
};

// A pass over an input before anything is sent (the names and dates checks): calls `each` with every
// record read whole (no reading error, a JSON object). Damage the reader cannot get past ends the pass:
// the run itself reports it, after the records before it.
void for_each_whole_record(RecordReader& reader, const std::function<void(InputRecord&)>& each);

}  // namespace tc
