#pragma once
// String helpers shared by every layer: ASCII case, trimming, joining, and the "did you mean" matcher.
#include <string>
#include <string_view>
#include <vector>

namespace tc {

// ASCII lower case (UTF-8 bytes above 0x7f are left as they are).
std::string lower(std::string_view s);
// Without leading and trailing ASCII white space (space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view s);
// The items with `sep` between them.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

// "a, b or c" with `last_sep` before the last item (", " gives a plain list).
std::string join_phrases(const std::vector<std::string>& items, const char* last_sep);

// Edit distance counting a swap of two neighbouring letters as one edit ("emial" -> "email").
std::size_t edit_distance(const std::string& a, const std::string& b);

// Lower-case ASCII with '_', '-', ' ' and '.' removed: "First-Name" -> "firstname".
std::string normalized_name(std::string_view name);

// The closest of `known` to `unknown` by edit distance, ignoring case, '_' and '-'; "" if none is
// close enough. Used for "did you mean" hints.
std::string closest_name(std::string_view unknown, const std::vector<std::string>& known);

}  // namespace tc
