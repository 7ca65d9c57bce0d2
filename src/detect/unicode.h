// Unicode character properties for the detector, over ICU. Text is UTF-8;
// malformed bytes decode to U+FFFD one byte at a time, so offsets never stall.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sardesk::detect {

// Decodes the code point at text[*pos] and advances *pos past it (at least one byte).
char32_t DecodeUtf8(std::string_view text, std::size_t* pos);

bool IsLetter(char32_t c);  // letters and combining marks
bool IsUpper(char32_t c);   // uppercase or titlecase letters
bool IsLower(char32_t c);
bool IsDigit(char32_t c);   // ASCII 0-9 only: identifiers use these

// Case-folded form with diacritics removed ("Zoë" -> "zoe", "O’Neil" -> "o'neil"):
// the key the lexicon is built with.
std::string FoldForLookup(std::string_view word);

}  // namespace sardesk::detect
