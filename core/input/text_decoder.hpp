#pragma once
// The input's text as UTF-8 (ARCHITECTURE.md §4, spreadsheet exports): a stream buffer over the input's
// own that the readers pull bytes from. It converts one chunk at a time, so memory stays flat whatever
// the file's size, and a pipe is consumed as data arrives.
//
// Without --encoding the text is recognised by its start:
//   EF BB BF (UTF-8 byte-order mark)   → UTF-8, passed through (the mark too: the readers skip it);
//   FF FE / FE FF (UTF-16 mark)        → UTF-16 LE/BE (Excel's "Unicode text"), converted; the output
//                                        starts with a UTF-8 mark in its place;
//   an ASCII byte and a NUL (or NUL, ASCII) → UTF-16 LE (BE) without a mark;
//   anything else                      → UTF-8 until a byte proves otherwise. Bytes that are not UTF-8
//                                        before any valid multi-byte sequence mean Windows-1252 (Excel's
//                                        save in Western locales; ASCII reads the same in both), when
//                                        allow_fallback() is on: the rest is converted and the notice
//                                        sink is told once. Otherwise (JSON, RFC 8259; or a file already
//                                        seen to be UTF-8) the bytes pass through and the readers report
//                                        the invalid UTF-8 per record.
// With --encoding NAME: UTF-8 spellings pass through; any other name is converted by iconv (glibc).
//
// Text that cannot be converted (a byte sequence NAME does not have, a lone UTF-16 surrogate, UTF-16 cut
// in the middle of a character) throws tc::Error(InvalidInput) naming the source and the line.
#include <cstddef>
#include <functional>
#include <streambuf>
#include <string>
#include <string_view>

namespace tc {

// Where a reader's notices for the user go (the command line prints them on stderr; empty = nowhere).
using NoticeSink = std::function<void(std::string_view)>;

// Throws tc::Error(Usage) when `encoding` is neither "" nor a name iconv knows.
void require_known_encoding(const std::string& encoding);

class DecodingBuffer : public std::streambuf {
 public:
  // `encoding` "" = recognise it (see above). Throws tc::Error(Usage) for an encoding iconv does not know.
  DecodingBuffer(std::streambuf& source, std::string source_name, std::string encoding, NoticeSink notices);
  ~DecodingBuffer() override;
  DecodingBuffer(const DecodingBuffer&) = delete;
  DecodingBuffer& operator=(const DecodingBuffer&) = delete;

  // Whether text that is not UTF-8 may be read as Windows-1252 (delimited text: yes; JSON: no). Takes
  // effect at the first byte that is not UTF-8, so it may be set after the first bytes were read.
  void allow_fallback(bool allow) { allow_fallback_ = allow; }

  // What the text is read as so far: "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252" or the --encoding name.
  const std::string& encoding() const { return encoding_; }

 protected:
  int_type underflow() override;

 private:
  enum class Mode { Detect, Utf8Checking, PassThrough, Utf16Le, Utf16Be, Windows1252, Iconv };
  bool fill();  // more raw bytes into pending_; false at the end of the source
  void detect();
  void convert();  // pending_ → out_, as far as whole characters go
  void convert_checking();
  void convert_utf16();
  void convert_windows1252();
  void convert_iconv();
  void put_code_point(unsigned code_point);
  [[noreturn]] void fail(const std::string& what) const;

  std::streambuf& source_;
  std::string source_name_;
  std::string encoding_;
  NoticeSink notices_;
  Mode mode_ = Mode::Detect;
  bool allow_fallback_ = true;
  bool at_end_ = false;  // the source is exhausted
  std::string pending_;  // raw bytes not converted yet, from pending_pos_
  std::size_t pending_pos_ = 0;
  std::string out_;  // converted text handed to the reader (capacity kept between chunks)
  std::size_t out_size_ = 0;
  std::size_t lines_ = 0;  // line ends handed out, for error messages
  void* iconv_ = nullptr;  // iconv_t when Mode::Iconv
};

}  // namespace tc
