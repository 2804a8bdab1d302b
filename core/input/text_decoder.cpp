#include "core/input/text_decoder.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
const iconv_t kNoIconv = reinterpret_cast<iconv_t>(-1);

// Windows-1252's 0x80-0x9F (its upper half is Latin-1 otherwise); the five bytes it leaves undefined map
// to the C1 controls of the same value, as browsers read them.
constexpr std::uint16_t kWindows1252High[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_utf8_name(const std::string& name) { return normalized_name(name) == "utf8"; }

// The length of the valid UTF-8 sequence starting at s[0] (1-4); 0 when it is invalid; -1 when the
// `available` bytes end before it does (valid so far).
int utf8_sequence(const unsigned char* s, std::size_t available) {
  const unsigned lead = s[0];
  if (lead < 0x80) return 1;
  int length;
  unsigned low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if (static_cast<std::size_t>(k) >= available) return -1;
    const unsigned byte = s[k];
    if (k == 1 ? (byte < low || byte > high) : (byte & 0xC0u) != 0x80u) return 0;
  }
  return length;
}

std::string hex_bytes(const char* bytes, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    char text[8];
    std::snprintf(text, sizeof text, "%s0x%02X", i == 0 ? "" : " ", static_cast<unsigned>(bytes[i]) & 0xFFu);
    out += text;
  }
  return out;
}

}  // namespace

void require_known_encoding(const std::string& encoding) {
  if (encoding.empty() || is_utf8_name(encoding)) return;
  const iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == kNoIconv)
    throw Error(ErrorKind::Usage, "--encoding " + encoding + ": not an encoding this system can read",
                "`iconv -l` lists the names, e.g. UTF-8, UTF-16, WINDOWS-1252, ISO-8859-1, ISO-8859-2, MACINTOSH");
  iconv_close(cd);
}

DecodingBuffer::DecodingBuffer(std::streambuf& source, std::string source_name, std::string encoding,
                               NoticeSink notices)
    : source_(source), source_name_(std::move(source_name)), notices_(std::move(notices)) {
  if (encoding.empty()) return;  // recognised at the first read
  require_known_encoding(encoding);
  if (is_utf8_name(encoding)) {
    mode_ = Mode::PassThrough;
    encoding_ = "UTF-8";
    return;
  }
  iconv_ = iconv_open("UTF-8", encoding.c_str());
  mode_ = Mode::Iconv;
  encoding_ = std::move(encoding);
}

DecodingBuffer::~DecodingBuffer() {
  if (iconv_ != nullptr) iconv_close(static_cast<iconv_t>(iconv_));
}

bool DecodingBuffer::fill() {
  if (at_end_) return false;
  if (pending_pos_ > 0) {
    pending_.erase(0, pending_pos_);
    pending_pos_ = 0;
  }
  if (traits_type::eq_int_type(source_.sgetc(), traits_type::eof())) {
    at_end_ = true;
    return false;
  }
  // What the source holds already (a pipe is not waited on for a full chunk), at least one byte.
  std::streamsize want = std::clamp<std::streamsize>(source_.in_avail(), 1, kChunk);
  const std::size_t old = pending_.size();
  pending_.resize(old + static_cast<std::size_t>(want));
  const std::streamsize got = source_.sgetn(&pending_[old], want);
  pending_.resize(old + static_cast<std::size_t>(std::max<std::streamsize>(got, 0)));
  return true;
}

void DecodingBuffer::detect() {
  while (pending_.size() - pending_pos_ < 4 && fill()) {
  }
  const auto* p = reinterpret_cast<const unsigned char*>(pending_.data()) + pending_pos_;
  const std::size_t n = pending_.size() - pending_pos_;
  auto utf16 = [&](Mode mode, std::size_t mark) {
    mode_ = mode;
    encoding_ = mode == Mode::Utf16Le ? "UTF-16LE" : "UTF-16BE";
    pending_pos_ += mark;
    // A UTF-8 mark in its place: the readers skip it, and --rejects writes a file spreadsheets read as UTF-8.
    out_.replace(0, out_size_, "\xEF\xBB\xBF");
    out_size_ = 3;
  };
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    mode_ = Mode::PassThrough;
    encoding_ = "UTF-8";
  } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    utf16(Mode::Utf16Le, 2);
  } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
    utf16(Mode::Utf16Be, 2);
  } else if (n >= 2 && p[0] != 0 && p[0] < 0x80 && p[1] == 0) {
    utf16(Mode::Utf16Le, 0);
  } else if (n >= 2 && p[0] == 0 && p[1] != 0 && p[1] < 0x80) {
    utf16(Mode::Utf16Be, 0);
  } else {
    mode_ = Mode::Utf8Checking;
    encoding_ = "UTF-8";
  }
}

DecodingBuffer::int_type DecodingBuffer::underflow() {
  if (gptr() != nullptr && gptr() < egptr()) return traits_type::to_int_type(*gptr());
  out_size_ = 0;
  if (mode_ == Mode::Detect) detect();
  for (;;) {
    if (pending_pos_ < pending_.size()) convert();
    if (out_size_ > 0) break;
    if (!fill() && pending_pos_ >= pending_.size()) return traits_type::eof();
  }
  lines_ += static_cast<std::size_t>(std::count(out_.data(), out_.data() + out_size_, '\n'));
  setg(&out_[0], &out_[0], &out_[0] + out_size_);
  return traits_type::to_int_type(out_[0]);
}

void DecodingBuffer::convert() {
  const std::size_t available = pending_.size() - pending_pos_;
  // Room for the worst case: three bytes of UTF-8 per input byte (Windows-1252), four per code point.
  if (out_.size() < out_size_ + 3 * available + 16) out_.resize(out_size_ + 3 * available + 16);
  if (mode_ == Mode::Utf8Checking && !allow_fallback_) mode_ = Mode::PassThrough;  // JSON: nothing to decide
  switch (mode_) {
    case Mode::Utf8Checking: return convert_checking();
    case Mode::Utf16Le:
    case Mode::Utf16Be: return convert_utf16();
    case Mode::Windows1252: return convert_windows1252();
    case Mode::Iconv: return convert_iconv();
    default:
      std::memcpy(&out_[out_size_], pending_.data() + pending_pos_, available);
      out_size_ += available;
      pending_pos_ = pending_.size();
  }
}

void DecodingBuffer::convert_checking() {
  const auto* p = reinterpret_cast<const unsigned char*>(pending_.data()) + pending_pos_;
  const std::size_t n = pending_.size() - pending_pos_;
  std::size_t i = 0;
  while (i < n) {
    std::uint64_t word;
    while (i + 8 <= n && (std::memcpy(&word, p + i, 8), (word & 0x8080808080808080ull) == 0)) i += 8;
    if (i >= n) break;
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const int length = utf8_sequence(p + i, n - i);
    if (length > 0) {  // a real multi-byte character: the text is UTF-8, nothing more to check
      mode_ = Mode::PassThrough;
      i = n;
      break;
    }
    if (length < 0 && !at_end_) break;  // the character goes on in the next chunk
    if (i > 0) break;                   // hand out the text before it; decide when the reader gets here
    mode_ = Mode::Windows1252;
    encoding_ = "Windows-1252";
    if (notices_)
      notices_(source_name_ +
               " is not UTF-8 and has no byte-order mark: read as Windows-1252 (Excel's save in Western "
               "locales); if letters look wrong, give the file's encoding with --encoding NAME");
    return convert_windows1252();
  }
  std::memcpy(&out_[out_size_], p, i);
  out_size_ += i;
  pending_pos_ += i;
}

void DecodingBuffer::put_code_point(unsigned c) {
  char* out = &out_[out_size_];
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    out_size_ += 1;
  } else if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    out_size_ += 2;
  } else if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    out_size_ += 3;
  } else {
    out[0] = static_cast<char>(0xF0 | (c >> 18));
    out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (c & 0x3F));
    out_size_ += 4;
  }
}

void DecodingBuffer::convert_windows1252() {
  const auto* p = reinterpret_cast<const unsigned char*>(pending_.data());
  const std::size_t end = pending_.size();
  for (std::size_t i = pending_pos_; i < end; ++i) {
    const unsigned byte = p[i];
    if (byte < 0x80) {
      out_[out_size_++] = static_cast<char>(byte);
    } else {
      put_code_point(byte < 0xA0 ? kWindows1252High[byte - 0x80] : byte);
    }
  }
  pending_pos_ = end;
}

void DecodingBuffer::convert_utf16() {
  const auto* p = reinterpret_cast<const unsigned char*>(pending_.data());
  const bool little = mode_ == Mode::Utf16Le;
  auto unit = [&](std::size_t at) { return little ? p[at] | (p[at + 1] << 8u) : (p[at] << 8u) | p[at + 1]; };
  std::size_t i = pending_pos_;
  const std::size_t end = pending_.size();
  while (end - i >= 2) {
    const unsigned first = static_cast<unsigned>(unit(i));
    if (first >= 0xDC00 && first <= 0xDFFF)
      fail("invalid UTF-16 text: a lone surrogate " + hex_bytes(pending_.data() + i, 2));
    if (first < 0xD800 || first > 0xDBFF) {
      put_code_point(first);
      i += 2;
      continue;
    }
    if (end - i < 4) break;  // the pair goes on in the next chunk
    const unsigned second = static_cast<unsigned>(unit(i + 2));
    if (second < 0xDC00 || second > 0xDFFF)
      fail("invalid UTF-16 text: a lone surrogate " + hex_bytes(pending_.data() + i, 2));
    put_code_point(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00));
    i += 4;
  }
  pending_pos_ = i;
  if (at_end_ && i < end) fail("the UTF-16 text ends in the middle of a character");
}

void DecodingBuffer::convert_iconv() {
  char* in = &pending_[pending_pos_];
  std::size_t in_left = pending_.size() - pending_pos_;
  char* out = &out_[out_size_];
  std::size_t out_left = out_.size() - out_size_;
  const std::size_t result = iconv(static_cast<iconv_t>(iconv_), &in, &in_left, &out, &out_left);
  const int error = errno;
  out_size_ = static_cast<std::size_t>(out - out_.data());
  pending_pos_ = static_cast<std::size_t>(in - pending_.data());
  if (result != static_cast<std::size_t>(-1)) return;
  if (error == EILSEQ)
    fail("the bytes " + hex_bytes(in, std::min<std::size_t>(in_left, 4)) + " are not " + encoding_ + " text");
  if (error == EINVAL && at_end_) fail("the text ends in the middle of a " + encoding_ + " character");
  // EINVAL: the character goes on in the next chunk; E2BIG: the rest is converted on the next read.
}

void DecodingBuffer::fail(const std::string& what) const {
  const std::size_t line =
      lines_ + static_cast<std::size_t>(std::count(out_.data(), out_.data() + out_size_, '\n')) + 1;
  throw Error(ErrorKind::InvalidInput, source_name_ + " line " + std::to_string(line) + ": " + what,
              "give the file's encoding with --encoding NAME (`iconv -l` lists the names), or save it as UTF-8");
}

}  // namespace tc
