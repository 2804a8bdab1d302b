#pragma once
// How spreadsheet headers and --map names are compared: a key that ignores case, accents and punctuation.
#include <string>
#include <string_view>

namespace tc {

// Case-, accent- and punctuation-insensitive form: ASCII letters lower-cased, Latin letters with
// diacritics folded to their base letters, digits kept, other ASCII dropped, other UTF-8 kept
// ("E-mail Address" → "emailaddress", "Phone #" → "phone", "Prénom" → "prenom", "Straße" → "strasse").
std::string match_key(std::string_view text);

}  // namespace tc
