#include "pdf/content_stream.h"

#include <gtest/gtest.h>

namespace sardesk::pdf {
namespace {

TEST(TjAdjustments, CollectsNumbersOfTjArraysOnly) {
  auto nums = TjAdjustments("BT [(A) -250 (B) 12.5] TJ 1 0 0 1 72 700 Tm [3 4] d0 ET");
  EXPECT_EQ(nums, (std::set<long long>{-25000, 1250}));
}

TEST(TjAdjustments, SkipsStringsCommentsAndInlineImages) {
  auto nums = TjAdjustments("% [9] TJ\n(\\) [8] TJ) Tj BI /W 1 /H 1 ID \x01[7] TJ EI [(x) 5] TJ");
  EXPECT_EQ(nums, (std::set<long long>{500}));
}

TEST(BlurRemovedWidths, ChangesOnlyNumbersTheOriginalDidNotHave) {
  int changed = 0;
  std::string out = BlurRemovedWidths("BT [(Hello)-3864.0003(orld)-250.00003(again)] TJ ET", {-25000},
                                      [] { return -100.0; }, &changed);
  EXPECT_EQ(changed, 1);
  EXPECT_EQ(out, "BT [(Hello)-3964.00(orld)-250.00003(again)] TJ ET");
}

TEST(BlurRemovedWidths, LeavesStreamsWithoutNewNumbersByteForByte) {
  std::string in = "BT (plain) Tj [(a) 10] TJ ET";
  EXPECT_EQ(BlurRemovedWidths(in, {1000}, [] { return -100.0; }), in);
}

TEST(MayDrawMoreThanText, TextOnlyStreamsAreTold) {
  EXPECT_FALSE(MayDrawMoreThanText("BT /F1 12 Tf 72 700 Td (re f Do) Tj [(x) -20 (y)] TJ ET"));
  EXPECT_TRUE(MayDrawMoreThanText("BT (a) Tj ET 10 10 m 20 20 l S"));
  EXPECT_TRUE(MayDrawMoreThanText("q /Fm1 Do Q"));
  EXPECT_TRUE(MayDrawMoreThanText("/Pattern cs /P1 scn 0 0 10 10 re f"));
}

}  // namespace
}  // namespace sardesk::pdf
