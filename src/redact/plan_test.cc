#include "redact/plan.h"

#include <gtest/gtest.h>

#include "redact/exemptions.h"

namespace sardesk::redact {
namespace {

TEST(FindTerm, IgnoresCaseAndLineBreaks) {
  auto spans = FindTerm("Seen by SARAH\nJones and sarah jones.", "Sarah Jones");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].start, 8u);
  EXPECT_EQ(spans[0].end, 19u);
  EXPECT_EQ(spans[1].start, 24u);
}

TEST(FindTerm, DoesNotMatchInsideALongerWord) {
  EXPECT_TRUE(FindTerm("Annual review", "Ann").empty());
  EXPECT_EQ(FindTerm("Ann's review", "Ann").size(), 1u);
  EXPECT_EQ(FindTerm("tel 07700 900123.", "07700 900123").size(), 1u);
}

pdf::PageLayout TwoLines() {
  // "ab cd\nef": a b on line 1 (y 10-20), c d on line 1, e f on line 2 (y 30-40).
  pdf::PageLayout l;
  l.text = "ab cd\nef";
  const float xs[] = {10, 16, 30, 36, 10, 16};
  const std::uint32_t offs[] = {0, 1, 3, 4, 6, 7};
  for (int i = 0; i < 6; ++i) {
    float y = i < 4 ? 10 : 30;
    l.chars.push_back({offs[i], 1, {xs[i], y, xs[i] + 6, y + 10}});
  }
  return l;
}

TEST(BoxesForSpan, OneBoxPerLineRoundedOutwards) {
  auto boxes = BoxesForSpan(TwoLines(), {3, 8});
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_FLOAT_EQ(boxes[0].x0, 30);
  EXPECT_FLOAT_EQ(boxes[0].x1, 42);
  EXPECT_FLOAT_EQ(boxes[1].x0, 10);
  EXPECT_FLOAT_EQ(boxes[1].y0, 30);
}

TEST(TextUnder, JoinsWordsWithSpaces) {
  EXPECT_EQ(TextUnder(TwoLines(), {0, 0, 50, 25}), "ab cd");
}

TEST(FromPdfSpace, FlipsY) {
  pdf::PageLayout l;
  const float m[6] = {1, 0, 0, -1, 0, 792};
  std::copy(m, m + 6, l.to_layout);
  auto r = FromPdfSpace(l, {72, 700, 172, 712});
  EXPECT_FLOAT_EQ(r.y0, 80);
  EXPECT_FLOAT_EQ(r.y1, 92);
}

TEST(Exemptions, CatalogueHasEverySeedReason) {
  for (const char* code : {"third_party", "serious_harm", "social_work_prejudice", "crime_taxation", "legal_privilege",
                           "confidential_reference", "regulatory", "national_security", "research_statistics",
                           "human_fertilisation", "not_requester_data", "out_of_scope"}) {
    auto e = FindExemption(DefaultExemptions(), code);
    ASSERT_TRUE(e.has_value()) << code;
    EXPECT_FALSE(e->label.empty());
    EXPECT_FALSE(e->explanation.empty());
  }
  EXPECT_EQ(FindExemption(DefaultExemptions(), "legal_privilege")->label, "Redacted following legal advice");
}

}  // namespace
}  // namespace sardesk::redact
