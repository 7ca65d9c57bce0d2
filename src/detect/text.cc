#include "detect/text.h"

#include "detect/huge_pages.h"

#include "detect/unicode.h"

namespace sardesk::detect {

namespace {

bool IsApostrophe(std::string_view text, std::size_t i, std::size_t* len) {
  if (text[i] == '\'') {
    *len = 1;
    return true;
  }
  if (text[i] == '\xE2' && text.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019
    *len = 3;
    return true;
  }
  return false;
}

bool AsciiLetter(unsigned char a) { return (a | 0x20) >= 'a' && (a | 0x20) <= 'z'; }

// What each byte is, looked up once: most bytes are ASCII letters and spaces.
enum ByteClass : std::uint8_t { kOther, kSpace, kNewline, kLower, kUpper, kDigit, kHigh };
struct ByteClasses {
  ByteClass of[256];
  constexpr ByteClasses() : of() {
    for (int c = 0; c < 256; ++c)
      of[c] = c >= 0x80                           ? kHigh
              : c == '\n'                         ? kNewline
              : c == ' ' || (c >= '\t' && c <= '\r') ? kSpace
              : c >= 'a' && c <= 'z'               ? kLower
              : c >= 'A' && c <= 'Z'               ? kUpper
              : c >= '0' && c <= '9'               ? kDigit
                                                   : kOther;
  }
};
constexpr ByteClasses kBytes;

bool LetterAt(std::string_view text, std::size_t i) {
  if (i >= text.size()) return false;
  const auto a = static_cast<unsigned char>(text[i]);
  if (a < 0x80) return AsciiLetter(a);
  std::size_t p = i;
  return IsLetter(DecodeUtf8(text, &p));
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  TokenizeInto(text, &tokens);
  return tokens;
}

void TokenizeInto(std::string_view text, std::vector<Token>* out) {
  std::vector<Token>& tokens = *out;
  tokens.clear();
  ReserveLarge(tokens, text.size() / 4 + 4);
  bool brk = true, line_start = true, space = false, newline = false;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const auto b = static_cast<unsigned char>(text[i]);
    const ByteClass bc = kBytes.of[b];
    if (bc == kSpace || bc == kNewline) {
      if (bc == kNewline) {
        brk = true;
        line_start = true;
        newline = true;
      }
      space = true;
      ++i;
      continue;
    }
    const bool after_word = !tokens.empty() && tokens.back().kind == Token::Kind::kWord;
    Token& t = tokens.emplace_back();  // filled in place
    t.start = static_cast<std::uint32_t>(i);
    t.after_break = brk;
    t.line_start = line_start;
    t.space_before = space;
    t.newline_before = newline;
    std::size_t p = i;
    char32_t c;
    if (b < 0x80) {
      c = b;
      p = i + 1;
    } else {
      c = DecodeUtf8(text, &p);
    }
    std::size_t alen = 0;
    if (after_word && !space && IsApostrophe(text, i, &alen) &&
        i + alen < n && (text[i + alen] == 's' || text[i + alen] == 'S') && !LetterAt(text, i + alen + 1)) {
      // The possessive "'s" is one punctuation token.
      t.kind = Token::Kind::kPunct;
      t.end = static_cast<std::uint32_t>(i + alen + 1);
      brk = false;
      line_start = space = newline = false;
      i = t.end;
      continue;
    }
    if (c >= '0' && c <= '9') {
      t.kind = Token::Kind::kNumber;
      while (p < n && text[p] >= '0' && text[p] <= '9') ++p;
    } else if (c < 0x80 ? AsciiLetter(static_cast<unsigned char>(c)) : IsLetter(c)) {
      t.kind = Token::Kind::kWord;
      int letters = 0, uppers = 0;
      bool first = true;
      std::size_t q = i;
      // ASCII letters, the common case, without decoding.
      if (kBytes.of[b] == kUpper) t.upper_initial = true;
      for (;;) {
        const std::size_t run = q;
        while (q < n && kBytes.of[static_cast<unsigned char>(text[q])] == kLower) ++q;
        letters += static_cast<int>(q - run);
        if (q < n && kBytes.of[static_cast<unsigned char>(text[q])] == kUpper) {
          ++letters;
          ++uppers;
          ++q;
          continue;
        }
        if (q > i) first = false;
        // A space or punctuation ends the word at once (the usual case).
        if (q >= n) break;
        const auto a = static_cast<unsigned char>(text[q]);
        if (a < 0x80 && a != '-' && a != '\'') break;
        if (a >= 0x80) t.non_ascii = true;
        std::size_t next = q;
        char32_t d = DecodeUtf8(text, &next);
        if (IsLetter(d)) {
          ++letters;
          if (IsUpper(d)) {
            ++uppers;
            if (first) t.upper_initial = true;
          }
          first = false;
          q = next;
          continue;
        }
        alen = 0;
        if (d == '-' && LetterAt(text, q + 1)) {
          q += 1;
          continue;
        }
        if (IsApostrophe(text, q, &alen) && LetterAt(text, q + alen)) {
          // A possessive 's ends the word; O'Connor does not.
          std::size_t after = q + alen;
          if ((text[after] == 's' || text[after] == 'S') && !LetterAt(text, after + 1)) break;
          q = after;
          continue;
        }
        break;
      }
      p = q;
      t.has_upper = uppers > 0;
      t.all_upper = letters >= 2 && uppers == letters;
    } else {
      t.kind = Token::Kind::kPunct;
    }
    t.end = static_cast<std::uint32_t>(p);
    // What follows a sentence end, a field label's colon or an opening bracket
    // is capitalised by convention, not because it is a name.
    if (t.kind == Token::Kind::kPunct) {
      const char ch = text[t.start];
      brk = ch == '.' || ch == '!' || ch == '?' || ch == ':' || ch == ';' || ch == '(' || ch == '"' ||
            ch == '-' || ch == '*' || (t.end - t.start == 3 && text.compare(t.start, 3, "\xE2\x80\x94") == 0) ||
            (t.end - t.start == 3 && text.compare(t.start, 3, "\xE2\x80\xA2") == 0);
    } else {
      brk = false;
    }
    line_start = false;
    space = false;
    newline = false;
    i = p;
  }
}

}  // namespace sardesk::detect
