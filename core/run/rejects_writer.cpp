#include "core/run/rejects_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/input/csv_reader.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

std::string csv_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A header cell's name: blanks around it and its quotes removed, lower case.
std::string cell_name(std::string_view cell) {
  std::string_view s = trim(cell);
  std::string name;
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    s = s.substr(1, s.size() - 2);
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') ++i;
      name += s[i];
    }
  } else {
    name = std::string(s);
  }
  return lower(trim(name));
}

std::string_view without_line_end(std::string_view text) {
  if (text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") return text.substr(0, text.size() - 2);
  if (!text.empty() && (text.back() == '\n' || text.back() == '\r')) return text.substr(0, text.size() - 1);
  return text;
}

}  // namespace

std::string rejection_text(const RecordResult& r) {
  std::string text = r.message;
  for (const auto& p : r.problems) {
    const std::string described = (p.pointer.empty() ? std::string("(record)") : p.pointer) + ": " + p.message;
    if (text.find(p.message) == std::string::npos) text += "; " + described;
  }
  if (!r.hint.empty()) text += " (hint: " + r.hint + ")";
  return text;
}

std::vector<std::string_view> split_csv_cells(std::string_view row, char delimiter) {
  std::vector<std::string_view> cells;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '"') {
      quoted = !quoted;  // "" inside a quoted cell toggles twice
    } else if (row[i] == delimiter && !quoted) {
      cells.push_back(row.substr(start, i - start));
      start = i + 1;
    }
  }
  cells.push_back(row.substr(start));
  return cells;
}

std::string csv_reject_row(std::string_view row, size_t column_count, size_t error_column, std::string_view error,
                           char delimiter) {
  std::vector<std::string_view> cells;
  if (row.empty()) {
    cells.assign(column_count == 0 ? 1 : column_count, std::string_view());
  } else {
    cells = split_csv_cells(row, delimiter);
  }
  const std::string quoted = csv_quote(error);
  std::string out;
  const bool in_place = error_column < cells.size() && cells.size() == column_count;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += delimiter;
    if (in_place && i == error_column) {
      out += quoted;
    } else {
      out.append(cells[i].data(), cells[i].size());
    }
  }
  if (!in_place) out += delimiter + quoted;
  return out;
}

RejectsWriter::RejectsWriter(std::string path, const RecordReader& reader) : path_(std::move(path)), reader_(reader) {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    throw Error(ErrorKind::NoInput, "cannot replace the rejects file " + path_ + ": " + std::strerror(errno));
  }
}

RejectsWriter::~RejectsWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void RejectsWriter::append(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(ErrorKind::NoInput, "cannot write the rejects file " + path_ + ": " + std::strerror(errno));
    done += static_cast<size_t>(n);
  }
}

void RejectsWriter::write(const RecordResult& r) {
  if (!is_rejected(r.status)) return;
  const CsvReader* csv = reader_.csv();
  std::string text;
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0)
      throw Error(ErrorKind::NoInput, "cannot create the rejects file " + path_ + ": " + std::strerror(errno));
    if (csv != nullptr) {
      const std::string_view header = csv->header_text();
      if (header.size() >= 2 && header.substr(header.size() - 2) == "\r\n") line_end_ = "\r\n";
      const std::string_view names = without_line_end(header);
      for (std::string_view cell : split_csv_cells(names, csv->delimiter())) {
        if (cell_name(cell) == "error" && error_column_ == std::string::npos) error_column_ = header_cells_.size();
        header_cells_.emplace_back(cell);
      }
      if (csv->had_bom()) text += "\xEF\xBB\xBF";
      text.append(names.data(), names.size());
      if (error_column_ == std::string::npos) text += csv->delimiter() + std::string("error");
      text += line_end_;
    }
  }
  if (csv != nullptr) {
    text += csv_reject_row(r.raw, header_cells_.size(), error_column_, rejection_text(r), csv->delimiter()) + line_end_;
  } else {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(r.raw.data(), r.raw.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      // Unreadable as a record: its text is kept as a string for the user to repair.
      doc.SetObject();
      doc.AddMember("record_text", make_string(r.raw, doc.GetAllocator()), doc.GetAllocator());
    }
    if (auto old = doc.FindMember("error"); old != doc.MemberEnd()) doc.EraseMember(old);  // keeps member order
    doc.AddMember("error", error_json(r, doc.GetAllocator()), doc.GetAllocator());
    text += to_json(doc) + "\n";
  }
  append(text);
  ++written_;
}

}  // namespace tc
