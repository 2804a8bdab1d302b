// The input's text as UTF-8 (core/input/text_decoder.hpp) and delimited text's separators
// (core/input/delimiters.hpp): byte-order marks, UTF-16, the Windows-1252 fallback and its one notice,
// --encoding through iconv, chunk boundaries, the header-line sniffer and the --delimiter names.
#include "core/input/delimiters.hpp"
#include "core/input/text_decoder.hpp"
#include "core/util/error.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

struct Decoded {
  std::string text;
  std::string encoding;
  std::vector<std::string> notices;
  std::string thrown;
};

// A stream buffer handing out at most `step` bytes per read, as a pipe does: chunk boundaries fall inside
// characters.
class TrickleBuffer : public std::streambuf {
 public:
  TrickleBuffer(std::string data, std::size_t step) : data_(std::move(data)), step_(step) {}

 protected:
  int_type underflow() override {
    if (pos_ >= data_.size()) return traits_type::eof();
    const std::size_t n = std::min(step_, data_.size() - pos_);
    chunk_ = data_.substr(pos_, n);
    pos_ += n;
    setg(&chunk_[0], &chunk_[0], &chunk_[0] + chunk_.size());
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::string data_, chunk_;
  std::size_t step_, pos_ = 0;
};

Decoded decode(const std::string& bytes, const std::string& encoding = "", bool fallback = true, std::size_t step = 0) {
  Decoded d;
  std::stringbuf whole(bytes);
  TrickleBuffer trickle(bytes, step == 0 ? 1 : step);
  std::streambuf& source = step == 0 ? static_cast<std::streambuf&>(whole) : trickle;
  try {
    tc::DecodingBuffer buffer(source, "export.csv", encoding,
                              [&](std::string_view notice) { d.notices.emplace_back(notice); });
    buffer.allow_fallback(fallback);
    for (int c = buffer.sbumpc(); c != std::char_traits<char>::eof(); c = buffer.sbumpc())
      d.text.push_back(static_cast<char>(c));
    d.encoding = buffer.encoding();
  } catch (const tc::Error& e) {
    d.thrown = e.what();
  }
  return d;
}

std::string utf16le(const std::u16string& text) {
  std::string out;
  for (char16_t unit : text) {
    out.push_back(static_cast<char>(unit & 0xFF));
    out.push_back(static_cast<char>(unit >> 8));
  }
  return out;
}

std::string utf16be(const std::u16string& text) {
  std::string out;
  for (char16_t unit : text) {
    out.push_back(static_cast<char>(unit >> 8));
    out.push_back(static_cast<char>(unit & 0xFF));
  }
  return out;
}

}  // namespace

TEST_CASE("UTF-8, with or without a byte-order mark, passes through unchanged") {
  const std::string text = "Vorname,Nachname\nJürgen,Müller 😀\n";
  Decoded d = decode(text);
  CHECK(d.text == text);
  CHECK(d.encoding == "UTF-8");
  CHECK(d.notices.empty());
  d = decode("\xEF\xBB\xBF" + text);
  CHECK(d.text == "\xEF\xBB\xBF" + text);  // the readers skip the mark
  CHECK(d.notices.empty());
  CHECK(decode("").text.empty());
}

TEST_CASE("UTF-16 LE and BE with a byte-order mark become UTF-8 (a UTF-8 mark in place of theirs)") {
  const std::u16string text = u"First Name\tLast Name\r\nŁukasz\t山田 \U0001F3AE\r\n";
  const std::string expected =
      "\xEF\xBB\xBF"
      "First Name\tLast Name\r\nŁukasz\t山田 🎮\r\n";
  Decoded le = decode("\xFF\xFE" + utf16le(text));
  CHECK(le.text == expected);
  CHECK(le.encoding == "UTF-16LE");
  Decoded be = decode("\xFE\xFF" + utf16be(text));
  CHECK(be.text == expected);
  CHECK(be.encoding == "UTF-16BE");
  // Without a mark, an ASCII character and a NUL give it away.
  CHECK(decode(utf16le(u"a,b\n")).text ==
        "\xEF\xBB\xBF"
        "a,b\n");
  CHECK(decode(utf16be(u"a,b\n")).text ==
        "\xEF\xBB\xBF"
        "a,b\n");
  // A surrogate pair split across reads (three bytes at a time) still decodes.
  CHECK(decode("\xFF\xFE" + utf16le(text), "", true, 3).text == expected);
}

TEST_CASE("broken UTF-16 throws naming the line") {
  CHECK(decode("\xFF\xFE" + utf16le(u"a\nb\n") + "x").thrown ==
        "export.csv line 3: the UTF-16 text ends in the middle of a character");
  std::u16string lone = u"ab\n";
  lone += static_cast<char16_t>(0xDC00);
  CHECK(decode("\xFF\xFE" + utf16le(lone)).thrown ==
        "export.csv line 2: invalid UTF-16 text: a lone surrogate 0x00 0xDC");
}

TEST_CASE("text that is not UTF-8 is read as Windows-1252, with one notice") {
  // "Jürgen;Müller;60.000 € – ok" as Excel saves it in Germany.
  const std::string cp1252 =
      "Vorname;Nachname;Notizen\r\nJ\xFCrgen;M\xFCller;60.000 \x80 \x96 ok\r\nZo\xEB;Dupr\xE9;\r\n";
  const Decoded d = decode(cp1252);
  CHECK(d.text == "Vorname;Nachname;Notizen\r\nJürgen;Müller;60.000 € – ok\r\nZoë;Dupré;\r\n");
  CHECK(d.encoding == "Windows-1252");
  REQUIRE(d.notices.size() == 1);
  CHECK(d.notices[0] ==
        "export.csv is not UTF-8 and has no byte-order mark: read as Windows-1252 (Excel's save in Western locales); "
        "if letters look wrong, give the file's encoding with --encoding NAME");
  // Byte by byte (a pipe): the same text, the same single notice.
  const Decoded trickled = decode(cp1252, "", true, 1);
  CHECK(trickled.text == d.text);
  CHECK(trickled.notices.size() == 1);
  // Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D, undefined in Windows-1252, become the C1 controls of that value.
  CHECK(decode("a\x81").text == "a\xC2\x81");
}

TEST_CASE("once the text is seen to be UTF-8, or when it is JSON, bad bytes pass through for the reader to report") {
  // A real UTF-8 character first: the later stray byte is damage, not another encoding.
  Decoded d = decode("Zoë,\xE9\n");
  CHECK(d.text == "Zoë,\xE9\n");
  CHECK(d.notices.empty());
  CHECK(d.encoding == "UTF-8");
  // JSON (no fallback): passed through as is.
  d = decode("{\"a\":\"\xE9\"}", "", false);
  CHECK(d.text == "{\"a\":\"\xE9\"}");
  CHECK(d.notices.empty());
  // A UTF-8 sequence cut short at the end of the input is not UTF-8 either.
  d = decode("abc\xC3");
  CHECK(d.text == "abc\xC3\x83");
  CHECK(d.notices.size() == 1);
  // A UTF-8 character split across reads is still UTF-8.
  d = decode("ab\xC3\xA9 and \xE9", "", true, 3);
  CHECK(d.text == "abé and \xE9");
  CHECK(d.notices.empty());
}

TEST_CASE("--encoding converts through iconv; an unknown name is a usage error") {
  CHECK(decode("Pr\xE9nom\n", "ISO-8859-1").text == "Prénom\n");
  CHECK(decode("\xA3ukasz\n", "ISO-8859-2").text == "Łukasz\n");
  CHECK(decode("\xA3ukasz\n", "ISO-8859-2").encoding == "ISO-8859-2");
  CHECK(decode("Zo\xC3\xAB\n", "utf8").text == "Zoë\n");
  // UTF-16 named: iconv reads the mark itself.
  CHECK(decode("\xFF\xFE" + utf16le(u"Zoë\n"), "UTF-16").text == "Zoë\n");
  CHECK(decode("ok\n", "UTF-16LE").thrown == "export.csv line 1: the text ends in the middle of a UTF-16LE character");
  // Bytes the encoding does not have.
  CHECK(decode("a\nb\n\xFF", "UTF-8").thrown.empty());  // UTF-8 named: passed through for the reader
  const Decoded bad = decode("a\nb\n\xC3\x28", "ISO-2022-JP");
  CHECK(bad.thrown.rfind("export.csv line 3: the bytes 0xC3", 0) == 0);
  try {
    tc::require_known_encoding("no-such-encoding");
    FAIL("nothing thrown");
  } catch (const tc::Error& e) {
    CHECK(e.kind() == tc::ErrorKind::Usage);
    CHECK(std::string(e.what()) == "--encoding no-such-encoding: not an encoding this system can read");
  }
  CHECK_NOTHROW(tc::require_known_encoding(""));
  CHECK_NOTHROW(tc::require_known_encoding("windows-1252"));
}

TEST_CASE("the delimiter is sniffed from the header line, outside quotes") {
  CHECK(tc::sniff_delimiter("First Name,Last Name,Email\r\n") == ',');
  CHECK(tc::sniff_delimiter("Vorname;Nachname;E-Mail;;\r\n") == ';');
  CHECK(tc::sniff_delimiter("First Name\tLast Name\tEmail\n") == '\t');
  CHECK(tc::sniff_delimiter("a|b|c") == '|');
  CHECK(tc::sniff_delimiter("\"Name, full\";\"Phone, mobile\";Email") == ';');  // commas quoted
  CHECK(tc::sniff_delimiter("Name (Last, First)\tEmail\tPhone") == '\t');
  CHECK(tc::sniff_delimiter("email") == ',');  // one column
  CHECK(tc::sniff_delimiter("a;b,c") == ',');  // a tie goes to ','
}

TEST_CASE("--delimiter values: one character or tab") {
  CHECK(tc::delimiter_named(";") == ';');
  CHECK(tc::delimiter_named("|") == '|');
  CHECK(tc::delimiter_named("tab") == '\t');
  CHECK(tc::delimiter_named("TAB") == '\t');
  CHECK(tc::delimiter_named("\\t") == '\t');
  CHECK(tc::delimiter_named("\t") == '\t');
  CHECK_FALSE(tc::delimiter_named("").has_value());
  CHECK_FALSE(tc::delimiter_named(";;").has_value());
  CHECK_FALSE(tc::delimiter_named("\"").has_value());
  CHECK_FALSE(tc::delimiter_named("a").has_value());
  CHECK(tc::delimiter_advice(';') == "this looks like a SEMICOLON-separated file: pass --delimiter ';'");
  CHECK(tc::delimiter_advice('\t') == "this looks like a TAB-separated file: pass --delimiter tab");
  CHECK(tc::delimiter_label('\t') == "TAB");
  CHECK(tc::delimiter_label(',') == "','");
}
