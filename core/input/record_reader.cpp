#include "core/input/record_reader.hpp"

#include "core/input/csv_reader.hpp"

#include <rapidjson/error/en.h>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace tc {

namespace {

constexpr int kEof = std::char_traits<char>::eof();

bool is_json_whitespace(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_hex_digit(int c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
unsigned hex_value(int c) {
  if (c <= '9') return static_cast<unsigned>(c - '0');
  return static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

// A problem in the bytes of a value that RapidJSON would let through: where, and what.
struct ByteIssue {
  std::size_t line, column;
  std::string what;
};

// Where a scan stands inside a JSON string: escapes, and the UTF-16 surrogates RapidJSON 1.1.0 lets
// through (a lone low surrogate is stored as invalid UTF-8).
class StringScan {
 public:
  // After an opening quote.
  void open() {
    escape_ = Escape::None;
    after_high_surrogate_ = false;
  }
  // One byte of the string; false when it is the closing quote.
  bool take(int c, std::size_t line, std::size_t column);
  // The first problem found in any string of the value.
  const std::optional<ByteIssue>& issue() const { return issue_; }

 private:
  void take_escaped(int c);
  void take_hex_digit(int c);
  void note(std::size_t line, std::size_t column, std::string what) {
    if (!issue_) issue_ = ByteIssue{line, column, std::move(what)};
  }

  enum class Escape { None, Backslash, Hex } escape_ = Escape::None;
  int hex_digits_ = 0;
  unsigned code_unit_ = 0;
  bool after_high_surrogate_ = false;  // the previous thing in the string was a \uD800-\uDBFF escape
  std::size_t escape_line_ = 0, escape_column_ = 0;
  std::optional<ByteIssue> issue_;
};

bool StringScan::take(int c, std::size_t line, std::size_t column) {
  if (escape_ == Escape::Backslash) {
    take_escaped(c);
    return true;
  }
  if (escape_ == Escape::Hex) {
    take_hex_digit(c);
    return true;
  }
  if (c == '\\') {
    escape_ = Escape::Backslash;
    escape_line_ = line;
    escape_column_ = column;
    return true;
  }
  after_high_surrogate_ = false;
  if (c == '"') return false;
  if (c < 0x20) {
    char code[16];
    std::snprintf(code, sizeof code, "%04X", static_cast<unsigned>(c));
    note(line, column,
         std::string("control character U+") + code +
             " inside a string (escape it, e.g. \\n or \\t; or is a closing quote missing?)");
  }
  return true;
}

void StringScan::take_escaped(int c) {
  if (c == 'u') {
    escape_ = Escape::Hex;
    hex_digits_ = 0;
    code_unit_ = 0;
  } else {
    escape_ = Escape::None;
    after_high_surrogate_ = false;
  }
}

void StringScan::take_hex_digit(int c) {
  if (!is_hex_digit(c)) {
    escape_ = Escape::None;  // RapidJSON reports the bad escape
    after_high_surrogate_ = false;
    return;
  }
  code_unit_ = code_unit_ * 16 + hex_value(c);
  if (++hex_digits_ < 4) return;
  escape_ = Escape::None;
  // RapidJSON 1.1.0 rejects a high surrogate without a low one, but lets a lone low one through and
  // stores invalid UTF-8: catch that here.
  if (code_unit_ >= 0xDC00 && code_unit_ <= 0xDFFF && !after_high_surrogate_)
    note(escape_line_, escape_column_,
         "lone UTF-16 surrogate escape in a string (a \\udc00-\\udfff without a preceding \\ud800-\\udbff)");
  after_high_surrogate_ = code_unit_ >= 0xD800 && code_unit_ <= 0xDBFF;
}

// "'x'" for a printable ASCII byte, "byte 0xNN" otherwise: messages must stay readable.
std::string describe_byte(int c) {
  if (c >= 0x21 && c <= 0x7e) return std::string("'") + static_cast<char>(c) + "'";
  char text[16];
  std::snprintf(text, sizeof text, "byte 0x%02X", static_cast<unsigned>(c) & 0xFFu);
  return text;
}

const char* kind_name(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "a value";
}

// RapidJSON's English message, lower-cased and without the final period, plus a hint for the
// mistakes people actually make (its own wording is misleading for some of them).
std::string explain_parse_error(rapidjson::ParseErrorCode code, std::string_view text, std::size_t offset) {
  std::string message = rapidjson::GetParseError_En(code);
  if (!message.empty() && message.back() == '.') message.pop_back();
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z') message[0] = static_cast<char>(message[0] + 32);
  std::string_view rest = offset < text.size() ? text.substr(offset) : std::string_view{};
  auto starts = [&](std::string_view prefix) { return rest.substr(0, prefix.size()) == prefix; };
  auto previous_is_comma = [&] {
    std::size_t i = offset < text.size() ? offset : text.size();
    while (i > 0 && is_json_whitespace(static_cast<unsigned char>(text[i - 1]))) --i;
    return i > 0 && text[i - 1] == ',';
  };
  if (code == rapidjson::kParseErrorValueInvalid &&
      (starts("NaN") || starts("Infinity") || starts("-Infinity") || starts("+"))) {
    message += " (NaN, Infinity and a leading '+' are not JSON)";
  } else if ((starts("}") || starts("]")) && previous_is_comma()) {
    message += " (a trailing comma before '" + std::string(rest.substr(0, 1)) + "' is not allowed)";
  } else if (code == rapidjson::kParseErrorStringInvalidEncoding) {
    message = "invalid UTF-8 in a string";
  } else if (code == rapidjson::kParseErrorStringUnicodeSurrogateInvalid) {
    message += " (a lone UTF-16 surrogate escape such as \\ud800)";
  }
  return message;
}

}  // namespace

// What scanning one JSON value found: its bytes (unless too large) and the problems seen on the way.
struct RecordReader::Scan {
  std::string text;
  std::size_t line = 0, column = 0;  // where the value starts
  int first = 0;                     // its first byte
  ScanEnd end = ScanEnd::Complete;
  bool too_large = false;
  bool too_deep = false;
  std::size_t deep_line = 0, deep_column = 0;
  std::optional<ByteIssue> issue;  // first byte-level problem (control character, lone surrogate)
  bool in_string_at_end = false;

  // Stores the byte until the record exceeds the cap; the scan goes on by structure only.
  void keep(int c) {
    if (too_large) return;
    if (text.size() >= kMaxRecordBytes) {
      too_large = true;
      std::string().swap(text);
      return;
    }
    text.push_back(static_cast<char>(c));
  }
};

RecordReader::RecordReader(std::istream& in, InputFormat format, std::string source)
    : in_(in), format_(format), source_(std::move(source)) {
  if (in_.rdbuf() == nullptr) throw Error(ErrorKind::Internal, "record reader given a stream without a buffer");
}

RecordReader::~RecordReader() = default;

int RecordReader::peek() { return buf_->sgetc(); }

int RecordReader::get() {
  int c = buf_->sbumpc();
  if (c == '\n') {
    ++line_;
    column_ = 1;
  } else if (c != kEof && (c & 0xC0) != 0x80) {
    ++column_;
  }
  return c;
}

void RecordReader::skip_whitespace() {
  while (is_json_whitespace(peek())) get();
}

void RecordReader::skip_rest_of_line() {
  for (int c = peek(); c != kEof && c != '\n'; c = peek()) get();
}

bool RecordReader::at_value_start(int c) const {
  // Letters are left out on purpose: "first_name,email" (CSV) must not pass for the literal false.
  return c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9');
}

std::string RecordReader::where(std::size_t line, std::size_t column) const {
  return source_ + " line " + std::to_string(line) + ", column " + std::to_string(column);
}

void RecordReader::fail(std::size_t line, std::size_t column, const std::string& what) {
  layout_ = Layout::Done;  // nothing sensible can follow: later next() calls return false
  throw Error(ErrorKind::InvalidInput, where(line, column) + ": " + what);
}

bool RecordReader::next(InputRecord& out) {
  if (layout_ == Layout::Unknown) start();
  switch (layout_) {
    case Layout::Array: return next_array_element(out);
    case Layout::Objects: return next_object(out);
    case Layout::Csv: return csv_->next(out);
    default: return false;
  }
}

void RecordReader::start_csv(std::size_t line, bool had_bom) {
  csv_ = std::make_unique<CsvReader>(*decoded_, source_, mapping_);
  csv_->set_files_folder(files_folder_);
  csv_->set_delimiter(delimiter_);
  csv_->set_notice_sink(notices_);
  if (line > 0) csv_->resume_at(line, had_bom);
  layout_ = Layout::Csv;
  multi_ = true;
}

void RecordReader::start() {
  layout_ = Layout::Done;  // until the format is known: a throw below leaves nothing to read
  decoder_ = std::make_unique<DecodingBuffer>(*in_.rdbuf(), source_, encoding_, notices_);
  decoder_->allow_fallback(format_ == InputFormat::Auto || format_ == InputFormat::Csv);
  decoded_ = std::make_unique<std::istream>(decoder_.get());
  buf_ = decoder_.get();
  if (format_ == InputFormat::Csv) return start_csv(0, false);
  bool had_bom = false;
  if (peek() == 0xEF) {  // UTF-8 byte-order mark
    get();
    if (get() != 0xBB || get() != 0xBF) fail(1, 1, "invalid UTF-8 at the start of the input");
    column_ = 1;
    had_bom = true;
  }
  skip_whitespace();
  int c = peek();
  if (c == kEof) return;
  if (format_ == InputFormat::Auto && c != '{' && c != '[') return start_csv(line_, had_bom);
  decoder_->allow_fallback(false);  // JSON is UTF-8 (RFC 8259): invalid bytes are the record's error
  if (c == '[' && format_ != InputFormat::Ndjson) {
    array_line_ = line_;
    array_column_ = column_;
    get();
    layout_ = Layout::Array;
    multi_ = true;
    return;
  }
  if (format_ == InputFormat::Ndjson || at_value_start(c)) {
    layout_ = Layout::Objects;
    line_mode_ = format_ == InputFormat::Ndjson;
    line_mode_decided_ = format_ != InputFormat::Auto;
    return;
  }
  throw Error(ErrorKind::InvalidInput,
              where(line_, column_) + ": the input is not JSON: expected '{' or '[', found " + describe_byte(c),
              "give one JSON object, a JSON array of objects or NDJSON; for a spreadsheet export (CSV, TSV) "
              "leave out --input-format json");
}

RecordReader::Scan RecordReader::scan_value(bool line_mode) {
  Scan s;
  s.line = line_;
  s.column = column_;
  s.first = peek();
  const bool container = s.first == '{' || s.first == '[';
  const bool bare = !container && s.first != '"';  // number, literal or garbage: ends at a delimiter

  std::size_t depth = 0;
  bool in_string = false;
  StringScan strings;
  bool consumed_any = false;

  for (;;) {
    int c = peek();
    if (c == kEof) {
      s.end = consumed_any && bare ? ScanEnd::Complete : ScanEnd::EndOfInput;
      break;
    }
    if (line_mode && c == '\n' && (in_string || depth > 0)) {
      s.end = ScanEnd::LineCut;
      break;
    }
    if (!in_string && bare && consumed_any && (is_json_whitespace(c) || std::strchr(",[]{}\"", c) != nullptr)) {
      s.end = ScanEnd::Complete;
      break;
    }
    const std::size_t line = line_, column = column_;
    get();
    s.keep(c);
    consumed_any = true;

    if (in_string) {
      in_string = strings.take(c, line, column);
      if (!in_string && depth == 0) {
        s.end = ScanEnd::Complete;
        break;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      strings.open();
    } else if (container && (c == '{' || c == '[')) {
      if (++depth > kMaxDepth && !s.too_deep) {
        s.too_deep = true;
        s.deep_line = line;
        s.deep_column = column;
      }
    } else if (container && (c == '}' || c == ']')) {
      if (--depth == 0) {
        s.end = ScanEnd::Complete;
        break;
      }
    }
  }
  s.issue = strings.issue();
  s.in_string_at_end = in_string;
  return s;
}

void RecordReader::finish_record(Scan& s, InputRecord& out) {
  out.index = next_index_++;
  out.line = s.line;
  out.doc = rapidjson::Document();
  out.error.reset();
  if (out.index > 0) multi_ = true;

  const std::string ordinal = "record " + std::to_string(out.index + 1);
  const std::string at_line = ordinal + " (" + source_ + " line " + std::to_string(s.line) + ")";
  auto set_error = [&](std::string message) { out.error = Problem{"", std::move(message)}; };
  auto at = [&](std::size_t line, std::size_t column) { return ordinal + " (" + where(line, column) + ")"; };

  if (s.too_deep) {  // found before the size cap in a deep input: the more useful of the two
    set_error(at(s.deep_line, s.deep_column) + " is nested more than " + std::to_string(kMaxDepth) +
              " levels deep, the limit for one record");
  } else if (s.too_large) {
    set_error(at_line + " is larger than 1 MiB, the limit for one record");
  } else if (s.end == ScanEnd::LineCut) {
    set_error(at(line_, column_) + ": the line ends " +
              (s.in_string_at_end ? "inside a string" : "before the value is closed") +
              " (NDJSON needs each record on one line)");
  } else if (s.end == ScanEnd::EndOfInput) {
    set_error(at(line_, column_) + ": the input ends " +
              (s.in_string_at_end ? "inside a string" : "before the value is closed") + " (truncated JSON)");
  } else if (s.issue) {
    set_error(at(s.issue->line, s.issue->column) + ": " + s.issue->what);
  } else {
    out.doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(s.text.data(), s.text.size());
    if (out.doc.HasParseError()) {
      // Map the byte offset inside the record back to a line and column of the input.
      std::size_t offset = out.doc.GetErrorOffset(), line = s.line, column = s.column;
      for (std::size_t i = 0; i < offset && i < s.text.size(); ++i) {
        const unsigned char byte = static_cast<unsigned char>(s.text[i]);
        if (byte == '\n') {
          ++line;
          column = 1;
        } else if ((byte & 0xC0) != 0x80) {
          ++column;
        }
      }
      set_error(at(line, column) + ": " + explain_parse_error(out.doc.GetParseError(), s.text, offset));
    } else if (!out.doc.IsObject()) {
      set_error(at_line + " is " + kind_name(out.doc) + ", expected an object");
    } else if (auto clash = mapping_.apply_to_object(out.doc)) {
      set_error(at_line + ": " + *clash);
    }
  }
  if (out.error) out.doc = rapidjson::Document();
  out.raw = std::move(s.text);
}

bool RecordReader::next_object(InputRecord& out) {
  skip_whitespace();
  if (peek() == kEof) {
    layout_ = Layout::Done;
    return false;
  }
  Scan s = scan_value(line_mode_);
  if (s.end == ScanEnd::EndOfInput && !line_mode_ && !s.too_large && !s.too_deep) {
    // A (pretty-printed) object cut short: nothing after it can be resynchronised.
    std::string what = std::string(s.first == '"' ? "the string" : "the value") +
                       " starting here is never closed: the input ends at line " + std::to_string(line_) +
                       " (truncated JSON)";
    if (s.issue)
      what += "; first problem at line " + std::to_string(s.issue->line) + ", column " +
              std::to_string(s.issue->column) + ": " + s.issue->what;
    fail(s.line, s.column, what);
  }
  if (!line_mode_decided_ && s.first == '{' && s.end == ScanEnd::Complete) {
    line_mode_ = line_ == s.line;  // the first object fits on its line: NDJSON
    line_mode_decided_ = true;
  }
  finish_record(s, out);
  // After a broken record in NDJSON, go on at the next line rather than inside the wreckage.
  if (out.error && line_mode_) skip_rest_of_line();
  if (out.index == 0) {
    skip_whitespace();
    if (peek() != kEof) multi_ = true;
  }
  return true;
}

bool RecordReader::next_array_element(InputRecord& out) {
  auto never_closed = [&] {
    fail(array_line_, array_column_,
         "the array starting here is never closed: the input ends at line " + std::to_string(line_) +
             " (truncated JSON)");
  };
  skip_whitespace();
  int c = peek();
  if (c == kEof) never_closed();
  if (c == ']' && (expect_comma_ || next_index_ == 0)) {  // the end (or the empty array)
    get();
    skip_whitespace();
    if (peek() != kEof) fail(line_, column_, "unexpected " + describe_byte(peek()) + " after the array's closing ']'");
    layout_ = Layout::Done;
    return false;
  }
  if (expect_comma_) {
    if (c != ',')
      fail(line_, column_,
           "expected ',' or ']' after record " + std::to_string(next_index_) + ", found " + describe_byte(c));
    get();
    skip_whitespace();
    c = peek();
    if (c == ']') fail(line_, column_, "a trailing comma before ']' is not allowed");
    if (c == kEof) never_closed();
  }
  if (c == ',') fail(line_, column_, "expected a record, found ','");
  Scan s = scan_value(false);
  if (s.end == ScanEnd::EndOfInput && !s.too_large && !s.too_deep) never_closed();
  finish_record(s, out);
  expect_comma_ = true;
  return true;
}

void for_each_whole_record(RecordReader& reader, const std::function<void(InputRecord&)>& each) {
  InputRecord record;
  for (;;) {
    try {
      if (!reader.next(record)) return;
    } catch (const Error&) {
      return;
    }
    if (!record.error && record.doc.IsObject()) each(record);
  }
}

}  // namespace tc
