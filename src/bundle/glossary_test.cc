#include "bundle/glossary.h"

#include <gtest/gtest.h>

namespace sardesk::bundle {
namespace {

std::vector<std::string> Terms(const std::vector<GlossaryTerm>& v) {
  std::vector<std::string> out;
  for (const auto& t : v) out.push_back(t.term);
  return out;
}

TEST(GlossaryTest, BuiltInParsesAndHasTheCareTerms) {
  ASSERT_TRUE(ParseGlossary(std::string("LAC\tLooked after child\n")).ok());
  const auto& g = BuiltInGlossary();
  ASSERT_GT(g.size(), 30u);
  auto terms = Terms(g);
  for (const char* t : {"LAC", "CIN", "CP", "ICPC", "PLO", "IRO", "MASH", "DSL", "MGM", "S47", "SGO"})
    EXPECT_NE(std::find(terms.begin(), terms.end(), t), terms.end()) << t;
}

TEST(GlossaryTest, ParseRefusesMalformedLinesAndRepeats) {
  auto bad = ParseGlossary("# comment\nLAC looked after\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  EXPECT_FALSE(ParseGlossary("LAC\ta\nLAC\tb\n").ok());
  auto ok = ParseGlossary("# c\n\nCP\tChild protection\r\n");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].meaning, "Child protection");
}

TEST(GlossaryTest, OnlyTermsUsedAsWholeWordsAreListed) {
  const auto& g = BuiltInGlossary();
  auto used = Terms(TermsUsed(g, {"Visit by SW. The LACs review (IRO present) after the S47.", "BLACK cat, cp note"}));
  EXPECT_EQ(used, (std::vector<std::string>{"IRO", "LAC", "S47", "SW"}));
  EXPECT_TRUE(TermsUsed(g, {"Nothing here to explain."}).empty());
}

}  // namespace
}  // namespace sardesk::bundle
