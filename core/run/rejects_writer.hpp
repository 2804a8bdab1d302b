#pragma once
// --rejects FILE (ARCHITECTURE.md §5): every record a run did not create or match (failed, unknown,
// not_attempted) written back in the input's own format, with its error, so that the user fixes that
// file and feeds it back as it is (the readers ignore an `error` column or member).
//
// CSV: the input's header row as read (plus an `error` column unless it has one) and each rejected
// row's own text, cells and quoting untouched, with the error as the last cell (or in the existing
// `error` column). JSON (an object, an array, NDJSON): one record per line, the record as read with an
// `error` member ({"code","message","pointer",…} as in result lines) in place of any it had; a record
// that could not be parsed is written as {"error":…,"record_text":"<its text>"}.
//
// The file is written only when a record is rejected: a file of that name is removed when the writer
// opens, so a run with nothing to reject leaves none. Each record goes out with one write(2) as its
// result arrives, so a killed run leaves the rejects known so far, whole.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/input/record_reader.hpp"
#include "core/run/record_runner.hpp"

namespace tc {

class RejectsWriter {
 public:
  // `reader` is the run's input (its CSV header is read from it at the first rejected record). Throws
  // tc::Error(NoInput) when `path` cannot be removed.
  RejectsWriter(std::string path, const RecordReader& reader);
  ~RejectsWriter();
  RejectsWriter(const RejectsWriter&) = delete;
  RejectsWriter& operator=(const RejectsWriter&) = delete;

  // Writes the record if is_rejected(result.status); throws tc::Error(NoInput) when the file cannot be
  // written.
  void write(const RecordResult& result);
  size_t written() const { return written_; }
  const std::string& path() const { return path_; }

 private:
  void append(const std::string& text);

  std::string path_;
  const RecordReader& reader_;
  int fd_ = -1;
  size_t written_ = 0;
  // CSV: the header's cells (raw text), the `error` column among them (or npos) and the line end.
  std::vector<std::string> header_cells_;
  size_t error_column_ = std::string::npos;
  std::string line_end_ = "\n";
};

// The error cell of a rejected CSV row: the message, every problem ("pointer: message") not already in
// it, and the hint.
std::string rejection_text(const RecordResult& result);

// A CSV row's cells as written (quotes and surrounding blanks kept); a quoted cell may hold delimiters and
// line breaks.
std::vector<std::string_view> split_csv_cells(std::string_view row, char delimiter = ',');

// A rejected CSV row: `row` (the record's own text) with `error` quoted as a last cell, or as the cell
// of column `error_column` when the header has one and the row has the header's cell count. An empty
// `row` (too large to keep) becomes `column_count` empty cells. Cells are separated by `delimiter`, the
// input's own.
std::string csv_reject_row(std::string_view row, size_t column_count, size_t error_column, std::string_view error,
                           char delimiter = ',');

}  // namespace tc
