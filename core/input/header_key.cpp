#include "core/input/header_key.hpp"

namespace tc {

namespace {

// The base letters of a Latin letter with a diacritic (U+00C0-U+017F): "é" → "e", "ß" → "ss"; nullptr for
// any other code point.
const char* folded_letter(unsigned c) {
  static constexpr const char* kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e",  "e",  "e", "e", "i", "i", "i", "i", "d",  "n", "o",  "o", "o", "o",
      "o", "",  "o", "u", "u", "u", "u",  "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e",  "e", "e", "e",
      "i", "i", "i", "i", "d", "n", "o",  "o", "o",  "o",  "o", "",  "o", "u", "u", "u", "u",  "y", "th", "y"};
  struct Range {
    unsigned last;
    const char* letter;
  };
  static constexpr Range kExtendedA[] = {
      {0x105, "a"}, {0x10D, "c"}, {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},  {0x131, "i"}, {0x133, "ij"},
      {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"}, {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"},
      {0x167, "t"}, {0x173, "u"}, {0x175, "w"}, {0x178, "y"}, {0x17E, "z"}, {0x17F, "s"}};
  if (c >= 0xC0 && c <= 0xFF) return kLatin1[c - 0xC0];
  if (c >= 0x100 && c <= 0x17F)
    for (const auto& range : kExtendedA)
      if (c <= range.last) return range.letter;
  return nullptr;
}

}  // namespace

std::string match_key(std::string_view text) {
  std::string key;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      key.push_back(static_cast<char>(c + 32));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      key.push_back(static_cast<char>(c));
    } else if (c >= 0xC3 && c <= 0xC5 && i + 1 < text.size() &&
               (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const unsigned code_point = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
      if (const char* letter = folded_letter(code_point)) {
        key += letter;
      } else {
        key.append(text.data() + i, 2);
      }
      ++i;
    } else if (c >= 0x80) {
      key.push_back(static_cast<char>(c));
    }
  }
  return key;
}

}  // namespace tc
