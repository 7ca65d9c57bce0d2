// Splits case-record text into words, numbers and punctuation with UTF-8 byte
// offsets, and marks where sentences and lines begin. Linear in the text size.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sardesk::detect {

struct Token {
  enum class Kind : std::uint8_t { kWord, kNumber, kPunct };
  std::uint32_t start = 0;  // byte offsets into the text, end exclusive
  std::uint32_t end = 0;
  Kind kind = Kind::kPunct;
  bool upper_initial : 1 = false;  // a word whose first letter is uppercase
  bool all_upper : 1 = false;      // a word of two or more letters, all uppercase
  bool has_upper : 1 = false;      // any uppercase letter
  bool after_break : 1 = false;    // first token of a sentence, line, field value or bracket
  bool line_start : 1 = false;     // first token on its line
  bool space_before : 1 = false;   // whitespace separates it from the previous token
  bool newline_before : 1 = false;
  bool non_ascii : 1 = false;      // a word with a byte outside ASCII ("Zoë", "O’Neil")

  std::string_view In(std::string_view text) const { return text.substr(start, end - start); }
  bool IsWord() const { return kind == Kind::kWord; }
  bool IsPunct(std::string_view text, char c) const {
    return kind == Kind::kPunct && end == start + 1 && text[start] == c;
  }
};

// Words are letters with inner hyphens and apostrophes ("Ashworth-Lee",
// "O'Connor"); a possessive "'s" is left out of the word.
std::vector<Token> Tokenize(std::string_view text);
// The same into *out, reusing its storage (cleared first).
void TokenizeInto(std::string_view text, std::vector<Token>* out);

}  // namespace sardesk::detect
