#include "core/input/csv_reader.hpp"

#include "core/input/delimiters.hpp"
#include "core/util/strings.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string_view>
#include <system_error>

namespace tc {

namespace {

constexpr int kEof = std::char_traits<char>::eof();
constexpr std::size_t kMaxHeaderColumns = 256;  // exports carry many columns the user ignores

// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and
// code points above U+10FFFF are invalid), or npos.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    unsigned code_point;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07u;
    } else {
      return i;
    }
    if (i + length > s.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if ((length == 3 && (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF))) ||
        (length == 4 && (code_point < 0x10000 || code_point > 0x10FFFF)))
      return i;
    i += length;
  }
  return std::string_view::npos;
}

bool looks_like_url(std::string_view value) {
  const std::size_t colon = value.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = value[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) return false;
  }
  return true;
}

// RFC 3986 path encoding for a file:/// URL (the attachment loader percent-decodes it).
std::string percent_encode_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

rapidjson::Value string_value(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

// One file of a resume/attachments cell as an attachment: a URL kept as is, or a local path — relative ones
// against `folder` (the input's folder, or --resume-dir; ARCHITECTURE.md §4) — as a percent-encoded file:///
// URL. Returns what is wrong with the cell, or "".
std::string cell_attachment(std::string_view cell, const std::string& folder, bool resume, rapidjson::Value& out,
                            rapidjson::Document::AllocatorType& alloc) {
  std::string url, file_name;
  if (looks_like_url(cell)) {
    url = std::string(cell);
    std::string_view path = cell.substr(cell.find("://") + 3);
    path = path.substr(0, path.find_first_of("?#"));
    const std::size_t slash = path.rfind('/');
    file_name = slash == std::string_view::npos ? std::string() : std::string(path.substr(slash + 1));
  } else {
    std::filesystem::path path{std::string(cell)};
    if (path.is_relative() && !folder.empty()) path = std::filesystem::path(folder) / path;
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
    if (ec) return "cannot resolve the file path '" + std::string(cell) + "': " + ec.message();
    file_name = absolute.filename().string();
    if (file_name.empty()) return "the file path '" + std::string(cell) + "' names a directory";
    url = "file://" + percent_encode_path(absolute.string());
  }
  if (file_name.empty()) file_name = resume ? "resume" : "attachment";
  out.SetObject();
  out.AddMember("id", string_value(file_name, alloc), alloc);
  out.AddMember("file_name", string_value(file_name, alloc), alloc);
  out.AddMember("file_url", string_value(url, alloc), alloc);
  if (resume) out.AddMember("type", "resume", alloc);
  return {};
}

// What separates the values of a list cell: ';', ',', '|' and line breaks; phones, locations and files
// keep their own commas ("+1 (555) 010-0199, ext. 2", "Uppsala, Sweden", "Lovelace, Ada.pdf").
std::string_view list_separators(Field field) {
  if (field == Field::Phones || field == Field::Locations || field == Field::Attachments) return ";|\r\n";
  return ";,|\r\n";
}

// The parts of a cell between `separators`, each trimmed, empty parts skipped.
template <typename Each>
void for_each_part(std::string_view cell, std::string_view separators, Each&& each) {
  for (std::size_t start = 0; start <= cell.size();) {
    std::size_t end = cell.find_first_of(separators, start);
    if (end == std::string_view::npos) end = cell.size();
    const std::string_view part = trim(cell.substr(start, end - start));
    start = end + 1;
    if (!part.empty()) each(part);
  }
}

// A cell's text for a message: at most about 40 bytes (cut at a character boundary).
std::string cell_excerpt(std::string_view cell) {
  std::size_t end = std::min<std::size_t>(cell.size(), 40);
  while (end < cell.size() && (static_cast<unsigned char>(cell[end]) & 0xC0) == 0x80) ++end;
  return std::string(cell.substr(0, end)) + (end < cell.size() ? "…" : "");
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string source, ColumnMapping mapping)
    : buf_(in.rdbuf()), source_(std::move(source)), mapping_(std::move(mapping)) {
  if (buf_ == nullptr) throw Error(ErrorKind::Internal, "CSV reader given a stream without a buffer");
}

int CsvReader::peek() { return buf_->sgetc(); }

int CsvReader::get() {
  const int c = buf_->sbumpc();
  if (c == '\n') ++line_;
  if (c != kEof && raw_.size() <= kMaxRecordBytes + 1) raw_.push_back(static_cast<char>(c));
  return c;
}

bool CsvReader::read_row(Row& row) {
  row = Row{};
  raw_.clear();
  const std::size_t store_limit = fields_.empty() ? kMaxHeaderColumns : fields_.size();
  const int delimiter = static_cast<unsigned char>(delimiter_);
  std::string field;
  // Keeps at most kMaxRecordBytes of a row and at most store_limit (+1, to notice ragged rows) fields.
  auto count_byte = [&] {
    if (++row.bytes > kMaxRecordBytes && !row.too_large) {
      row.too_large = true;
      std::vector<std::string>().swap(row.fields);
      std::string().swap(field);
    }
  };
  auto append = [&](int c) {
    count_byte();
    if (!row.too_large) field.push_back(static_cast<char>(c));
  };
  auto end_field = [&] {
    ++row.field_count;
    if (!row.too_large && row.fields.size() <= store_limit) row.fields.push_back(std::move(field));
    field.clear();
  };

  if (peek() == kEof) return false;
  row.line = line_;
  for (;;) {  // one field per iteration
    if (peek() == '"') {
      const std::size_t quote_line = line_;
      row.any_quoted = true;
      get();
      for (;;) {
        const int c = get();
        if (c == kEof)
          throw Error(ErrorKind::InvalidInput,
                      source_ + " line " + std::to_string(quote_line) +
                          ": a quoted field starting on this line is never closed (unterminated quote)",
                      "close the field with '\"' and write a quote inside a field as \"\"");
        if (c == '"') {
          if (peek() != '"') break;
          get();
        }
        append(c);
      }
      // Only blanks may follow the closing quote; keep anything else but report the row.
      for (int c = peek(); c != kEof && c != delimiter && c != '\n' && c != '\r'; c = peek()) {
        if (c != ' ' && c != '\t' && row.problem.empty())
          row.problem = "unexpected text after the closing quote of field " + std::to_string(row.field_count + 1) +
                        " (line " + std::to_string(line_) + "); quote the whole field";
        append(get());
      }
    } else {
      for (int c = peek(); c != kEof && c != delimiter && c != '\n' && c != '\r'; c = peek()) append(get());
    }
    const int c = get();
    if (c == delimiter) {
      count_byte();
      end_field();
      continue;
    }
    if (c == '\r') {
      if (peek() == '\n')
        get();
      else
        ++line_;  // a lone CR ends a line too
    }
    end_field();
    return true;
  }
}

bool CsvReader::read_header_line(std::string& line) {
  line.clear();
  bool quoted = false;
  for (int c = buf_->sbumpc(); c != kEof; c = buf_->sbumpc()) {
    line.push_back(static_cast<char>(c));
    if (line.size() > kMaxRecordBytes)
      throw Error(ErrorKind::InvalidInput,
                  source_ + " line " + std::to_string(line_) +
                      ": the header row is too long to be a header (more than " + std::to_string(kMaxHeaderColumns) +
                      " columns or 1 MiB)",
                  "the first row must name the columns; known fields: " + known_field_names());
    if (c == '"') quoted = !quoted;
    if (quoted || (c != '\n' && c != '\r')) continue;
    if (c == '\r' && buf_->sgetc() == '\n') line.push_back(static_cast<char>(buf_->sbumpc()));
    return true;
  }
  return !line.empty();
}

void CsvReader::read_header() {
  if (peek() == 0xEF) {  // UTF-8 byte-order mark
    get();
    if (get() != 0xBB || get() != 0xBF)
      throw Error(ErrorKind::InvalidInput, source_ + " line 1: invalid UTF-8 at the start of the input");
  }
  // The header line is read whole first: its delimiter is sniffed from it before it is split.
  std::string line;
  for (;;) {
    if (!read_header_line(line)) return;  // empty input: no records
    if (!trim(line).empty()) break;
    ++line_;  // a blank line before the header
  }
  if (delimiter_ == '\0') delimiter_ = sniff_delimiter(line);
  std::stringbuf header_text(line);
  struct Restore {  // the input's buffer again, also when the header row throws
    std::streambuf*& buf;
    std::streambuf* input;
    ~Restore() { buf = input; }
  } restore{buf_, buf_};
  buf_ = &header_text;
  Row header;
  read_row(header);
  buf_ = restore.input;
  const std::string at = source_ + " line " + std::to_string(header.line);
  if (header.too_large || header.field_count > kMaxHeaderColumns)
    throw Error(ErrorKind::InvalidInput,
                at + ": the header row is too long to be a header (more than " + std::to_string(kMaxHeaderColumns) +
                    " columns or 1 MiB)",
                "the first row must name the columns; known fields: " + known_field_names());
  if (!header.problem.empty()) throw Error(ErrorKind::InvalidInput, at + ": " + header.problem);
  header_ = std::move(header.fields);
  for (auto& name : header_) name = std::string(trim(name));
  fields_ = mapping_.resolve_header(header_, at, delimiter_);
  note_unnamed_columns(at);
}

void CsvReader::note_unnamed_columns(const std::string& at) {
  unnamed_.assign(header_.size(), false);
  std::vector<std::string> positions;
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (!header_[i].empty()) continue;
    unnamed_[i] = true;
    positions.push_back(std::to_string(i + 1));
  }
  shortest_row_ = header_.size();
  while (shortest_row_ > 0 && unnamed_[shortest_row_ - 1]) --shortest_row_;
  if (positions.empty()) return;
  if (positions.size() == header_.size())
    throw Error(ErrorKind::InvalidInput, at + ": the header row names no column",
                "the first row must name the columns; known fields: " + known_field_names());
  any_unnamed_ = true;
  if (notices_)
    notices_(source_ + ": " + (positions.size() == 1 ? "column " : "columns ") + join_phrases(positions, " and ") +
             " of the header " + (positions.size() == 1 ? "has" : "have") + " no name and " +
             (positions.size() == 1 ? "is" : "are") +
             " ignored (a row with data there is refused: name the column to read it)");
}

bool CsvReader::next(InputRecord& out) {
  if (!started_) {
    started_ = true;
    if (!resumed_) had_bom_ = peek() == 0xEF;
    read_header();
    header_text_ = raw_;
  }
  if (fields_.empty()) return false;
  Row row;
  do {
    if (!read_row(row)) return false;
  } while (!row.too_large && row.field_count == 1 && !row.any_quoted && trim(row.fields[0]).empty());
  out.index = next_index_++;
  out.line = row.line;
  out.doc = rapidjson::Document();
  out.error.reset();
  // The row's text without its line end (a quoted cell's own line breaks stay).
  out.raw.clear();
  if (raw_.size() <= kMaxRecordBytes) {
    std::size_t end = raw_.size();
    if (end >= 2 && raw_.compare(end - 2, 2, "\r\n") == 0)
      end -= 2;
    else if (end >= 1 && (raw_[end - 1] == '\n' || raw_[end - 1] == '\r'))
      --end;
    out.raw.assign(raw_, 0, end);
  }
  fill_record(row, out);
  if (out.error) out.doc = rapidjson::Document();
  return true;
}

namespace {

// A résumé cell (one file) or an attachments cell (several): each file goes into `attachments`, in
// column order. Returns the problem with a file, or "".
std::string add_attachment_cell(rapidjson::Document& doc, Field field, std::string_view cell,
                                const std::string& files_folder) {
  auto& alloc = doc.GetAllocator();
  const bool resume = field == Field::Resume;
  rapidjson::Value files(rapidjson::kArrayType);
  std::string problem;
  auto add = [&](std::string_view part) {
    rapidjson::Value attachment;
    if (problem.empty()) problem = cell_attachment(part, files_folder, resume, attachment, alloc);
    if (problem.empty()) files.PushBack(attachment, alloc);
  };
  if (resume)
    add(cell);
  else
    for_each_part(cell, list_separators(field), add);
  if (!problem.empty() || files.Empty()) return problem;
  if (auto existing = doc.FindMember("attachments"); existing != doc.MemberEnd()) {
    for (auto& file : files.GetArray()) existing->value.PushBack(file, alloc);
  } else {
    doc.AddMember("attachments", files, alloc);
  }
  return problem;
}

// A list field's cell: several columns may fill one list (appended in column order).
void add_list_cell(rapidjson::Value& into, rapidjson::Value::StringRefType key, Field field, std::string_view cell,
                   rapidjson::Document::AllocatorType& alloc) {
  auto existing = into.FindMember(key);
  if (existing == into.MemberEnd()) {
    into.AddMember(key, rapidjson::Value(rapidjson::kArrayType), alloc);
    existing = into.MemberEnd() - 1;
  }
  rapidjson::Value& items = existing->value;
  if (field == Field::LeverNotes || field == Field::LeverSecretNotes) {  // one note per cell, ';' included
    rapidjson::Value note(rapidjson::kObjectType);
    note.AddMember("text", string_value(cell, alloc), alloc);
    if (field == Field::LeverSecretNotes) note.AddMember("secret", true, alloc);
    items.PushBack(note, alloc);
    return;
  }
  // Several values, each trimmed, empty parts skipped.
  for_each_part(cell, list_separators(field), [&](std::string_view part) {
    if (field == Field::Emails || field == Field::Phones) {
      rapidjson::Value item(rapidjson::kObjectType);
      item.AddMember(rapidjson::StringRef(field == Field::Emails ? "email" : "number"), string_value(part, alloc),
                     alloc);
      items.PushBack(item, alloc);
    } else {
      items.PushBack(string_value(part, alloc), alloc);
    }
  });
  if (items.Empty()) into.EraseMember(existing);
}

}  // namespace

void CsvReader::fill_record(const Row& row, InputRecord& out) const {
  const std::string at =
      "record " + std::to_string(out.index + 1) + " (" + source_ + " line " + std::to_string(row.line) + ")";
  auto fail = [&](std::string what) { out.error = Problem{"", at + what}; };
  if (row.too_large) return fail(" is larger than 1 MiB, the limit for one record");
  if (row.field_count > fields_.size() || row.field_count < shortest_row_)
    return fail(" has " + std::to_string(row.field_count) + (row.field_count == 1 ? " field" : " fields") +
                " but the header has " + std::to_string(fields_.size()) + " columns");
  if (!row.problem.empty()) return fail(": " + row.problem);

  rapidjson::Document& doc = out.doc;
  auto& alloc = doc.GetAllocator();
  doc.SetObject();
  rapidjson::Value lever(rapidjson::kObjectType);  // the lever.* columns, added last when any is filled
  for (std::size_t i = 0; i < row.field_count; ++i) {
    const Field field = fields_[i];
    if (any_unnamed_ && unnamed_[i] && !trim(row.fields[i]).empty())
      return fail(": column " + std::to_string(i + 1) + " has no name in the header but holds '" +
                  cell_excerpt(trim(row.fields[i])) + "': name the column in the header (or delete its cells)");
    if (field == Field::Ignore) continue;
    if (const std::size_t bad = invalid_utf8_at(row.fields[i]); bad != std::string_view::npos)
      return fail(": invalid UTF-8 in column '" + header_[i] + "' (byte " + std::to_string(bad + 1) +
                  " of the field); save the file as UTF-8");
    const std::string_view cell = trim(row.fields[i]);
    if (cell.empty()) continue;
    rapidjson::Value& into = is_lever_field(field) ? lever : static_cast<rapidjson::Value&>(doc);
    const rapidjson::Value::StringRefType key = rapidjson::StringRef(field_key(field));

    if (field == Field::Resume || field == Field::Attachments) {
      const std::string problem = add_attachment_cell(doc, field, cell, files_folder_);
      if (!problem.empty()) return fail(": column '" + header_[i] + "': " + problem);
      continue;
    }
    if (!is_list_field(field)) {
      into.AddMember(key, string_value(cell, alloc), alloc);
      continue;
    }
    add_list_cell(into, key, field, cell, alloc);
  }
  if (!lever.ObjectEmpty()) doc.AddMember("lever", lever, alloc);
}

}  // namespace tc
