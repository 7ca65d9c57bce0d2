#include "detect/text.h"

#include <gtest/gtest.h>

namespace sardesk::detect {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(text))
    if (t.IsWord()) out.emplace_back(t.In(text));
  return out;
}

TEST(Tokenize, KeepsHyphenAndApostropheNamesWhole) {
  EXPECT_EQ(Words("Anne-Marie O'Connor and Ashworth-Lee"),
            (std::vector<std::string>{"Anne-Marie", "O'Connor", "and", "Ashworth-Lee"}));
}

TEST(Tokenize, LeavesPossessiveOutOfTheName) {
  EXPECT_EQ(Words("Ellie's mum and Ellie\xE2\x80\x99s dad"),
            (std::vector<std::string>{"Ellie", "mum", "and", "Ellie", "dad"}));
}

TEST(Tokenize, GivesUtf8ByteOffsets) {
  std::string_view text = "Zo\xC3\xAB Nowak";
  auto tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].start, 0u);
  EXPECT_EQ(tokens[0].end, 4u);
  EXPECT_EQ(tokens[1].start, 5u);
  EXPECT_TRUE(tokens[0].upper_initial);
}

TEST(Tokenize, MarksSentenceAndLineStarts) {
  std::string_view text = "Seen today. Mum said\nJoy came";
  auto tokens = Tokenize(text);
  EXPECT_TRUE(tokens[0].after_break);
  EXPECT_FALSE(tokens[1].after_break);
  EXPECT_TRUE(tokens[3].after_break);   // Mum
  EXPECT_FALSE(tokens[4].after_break);  // said
  EXPECT_TRUE(tokens[5].line_start);    // Joy
}

TEST(Tokenize, MarksCapitalsForFormFields) {
  auto tokens = Tokenize("SURNAME: CARTER");
  EXPECT_TRUE(tokens[0].all_upper);
  EXPECT_TRUE(tokens[2].all_upper);
}

}  // namespace
}  // namespace sardesk::detect
