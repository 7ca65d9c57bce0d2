#include "detect/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace sardesk::detect {

char32_t DecodeUtf8(std::string_view text, std::size_t* pos) {
  std::size_t i = *pos;
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : -1;
  if (extra < 0 || b0 > 0xF4 || i + static_cast<std::size_t>(extra) >= text.size()) {
    *pos = i + 1;
    return 0xFFFD;
  }
  char32_t c = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *pos = i + 1 + static_cast<std::size_t>(extra);
  return c;
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  const auto cp = static_cast<UChar32>(c);
  return u_isalpha(cp) || (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
}

bool IsUpper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  const auto cp = static_cast<UChar32>(c);
  return u_isUUppercase(cp) || u_istitle(cp);
}

bool IsLower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return u_isULowercase(static_cast<UChar32>(c));
}

bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }

std::string FoldForLookup(std::string_view word) {
  unsigned char high = 0;
  for (char ch : word) high |= static_cast<unsigned char>(ch);
  std::string out;
  if (high < 0x80) {
    out.resize(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char ch = word[i];
      out[i] = ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch + 32) : ch;
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  s.foldCase();
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status)) decomposed = nfd->normalize(s, status);
  if (U_FAILURE(status)) decomposed = s;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if ((U_GET_GC_MASK(c) & U_GC_MN_MASK) != 0) continue;
    if (c == 0x2019 || c == 0x2018) c = '\'';
    kept.append(c);
  }
  kept.toUTF8String(out);
  return out;
}

}  // namespace sardesk::detect
