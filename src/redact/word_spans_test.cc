#include "redact/word_spans.h"

#include <gtest/gtest.h>

namespace sardesk::redact {
namespace {

// "Mum Kelly Morgan's\nphone 07700" laid out on two lines, 12 pt high.
struct Page {
  std::string text = "Mum Kelly Morgan's\nphone 07700";
  std::vector<PageWord> words = {
      {"Mum", {72, 100, 95.4f, 112}},       {"Kelly", {98, 100, 125.2f, 112}},
      {"Morgan's", {128, 100, 175.6f, 112}}, {"phone", {72, 114, 104, 126}},
      {"07700", {107, 114, 140.3f, 126}},
  };
  Page() { LocateWords(text, &words); }
};

TEST(WordSpans, LocatesWordsInOrder) {
  Page p;
  for (const auto& w : p.words) {
    ASSERT_TRUE(w.located) << w.text;
    EXPECT_EQ(p.text.substr(w.start, w.end - w.start), w.text);
  }
}

TEST(WordSpans, AWordTheTextDoesNotHoldIsNotLocated) {
  std::vector<PageWord> words = {{"alpha", {}}, {"gamma", {}}, {"beta", {}}};
  LocateWords("alpha beta", &words);
  EXPECT_TRUE(words[0].located);
  EXPECT_FALSE(words[1].located);
  EXPECT_TRUE(words[2].located);
}

TEST(WordSpans, PartOfAWordCoversTheWholeWord) {
  Page p;
  // "Morgan" without the "'s".
  std::uint32_t start = static_cast<std::uint32_t>(p.text.find("Kelly"));
  std::uint32_t end = static_cast<std::uint32_t>(p.text.find("'s"));
  auto covered = CoverWords(p.text, p.words, {start, end});
  ASSERT_TRUE(covered);
  EXPECT_EQ(covered->text, "Kelly Morgan's");
  ASSERT_EQ(covered->boxes.size(), 1u);
  EXPECT_EQ(covered->boxes[0].x0, 98);
  EXPECT_EQ(covered->boxes[0].x1, 176);  // rounded outwards
  EXPECT_EQ(covered->boxes[0].y0, 100);
  EXPECT_EQ(covered->boxes[0].y1, 112);
}

TEST(WordSpans, ASpanOverALineBreakHasABoxPerLine) {
  Page p;
  std::uint32_t start = static_cast<std::uint32_t>(p.text.find("Morgan"));
  std::uint32_t end = static_cast<std::uint32_t>(p.text.find("phone") + 5);
  auto covered = CoverWords(p.text, p.words, {start, end});
  ASSERT_TRUE(covered);
  EXPECT_EQ(covered->text, "Morgan's\nphone");
  ASSERT_EQ(covered->boxes.size(), 2u);
  EXPECT_EQ(covered->boxes[1].y0, 114);
  EXPECT_EQ(covered->boxes[1].x1, 104);
}

TEST(WordSpans, ASpanOverNoWordCoversNothing) {
  Page p;
  std::uint32_t space = static_cast<std::uint32_t>(p.text.find(' '));
  EXPECT_FALSE(CoverWords(p.text, p.words, {space, space + 1}));
}

TEST(WordSpans, WordsUnderABoxAreThoseWhoseCentresItHolds) {
  Page p;
  EXPECT_EQ(WordsUnder(p.words, {90, 95, 180, 113}), "Kelly Morgan's");
  EXPECT_EQ(WordsUnder(p.words, {0, 0, 10, 10}), "");
}

}  // namespace
}  // namespace sardesk::redact
