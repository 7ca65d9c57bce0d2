#include "detect/unicode.h"

#include <gtest/gtest.h>

namespace sardesk::detect {
namespace {

TEST(Unicode, DecodesMultiByteLettersAndAdvances) {
  std::string_view s = "Zo\xC3\xAB";  // Zoë
  std::size_t pos = 2;
  EXPECT_EQ(DecodeUtf8(s, &pos), U'\u00EB');
  EXPECT_EQ(pos, 4u);
}

TEST(Unicode, MalformedBytesAdvanceOneByte) {
  std::string_view s = "\xC3";
  std::size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(s, &pos), U'\uFFFD');
  EXPECT_EQ(pos, 1u);
}

TEST(Unicode, ClassifiesLettersBeyondAscii) {
  EXPECT_TRUE(IsLetter(U'\u0141'));  // Ł
  EXPECT_TRUE(IsUpper(U'\u0141'));
  EXPECT_TRUE(IsLower(U'\u015B'));  // ś
  EXPECT_FALSE(IsLetter(U'\u2014'));  // em dash
}

TEST(Unicode, FoldsCaseAndDiacriticsForLookup) {
  EXPECT_EQ(FoldForLookup("Zo\xC3\xAB"), "zoe");
  EXPECT_EQ(FoldForLookup("Siobh\xC3\xA1n"), "siobhan");
  EXPECT_EQ(FoldForLookup("O\xE2\x80\x99Neil"), "o'neil");
  EXPECT_EQ(FoldForLookup("CARTER"), "carter");
}

}  // namespace
}  // namespace sardesk::detect
