#include "bundle/front_matter.h"

#include <gtest/gtest.h>

namespace sardesk::bundle {
namespace {

bool Has(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

FrontMatterInput Input() {
  FrontMatterInput in;
  in.reference = "SAR-2026-000007";
  in.organisation = "Westshire Council";
  in.subject_name = "Jo Bloggs";
  in.built_on = "2026-01-05";
  in.searches = {{"Children's social care", "Records received", "2025-12-01", "Mosaic and archived paper file"},
                 {"Education", "No records found", "2025-12-02", ""}};
  in.exemptions = {{"Third-party information", "Third party information", "We removed information about other people.", 3}};
  return in;
}

const Section* Find(const std::vector<Section>& s, const std::string& title) {
  for (const auto& x : s)
    if (x.title == title) return &x;
  return nullptr;
}

TEST(FrontMatterTest, ExplainsSearchesCategoriesAndExemptionsWithCounts) {
  auto s = FrontSections(Input());
  auto* searches = Find(s, "Where we searched");
  ASSERT_NE(searches, nullptr);
  EXPECT_TRUE(Has(searches->text, "Children's social care: Records received (answered 2025-12-01)"));
  EXPECT_TRUE(Has(searches->text, "Education: No records found"));
  auto* held = Find(s, "The information we hold about you");
  ASSERT_NE(held, nullptr);
  EXPECT_TRUE(Has(held->text, "- Children's social care"));
  EXPECT_FALSE(Has(held->text, "- Education"));  // nothing held there
  for (const char* part : {"What:", "Why:", "Where from:", "Who can see it:", "How long we keep it:"})
    EXPECT_TRUE(Has(held->text, part)) << part;
  auto* ex = Find(s, "Why some information was removed");
  ASSERT_NE(ex, nullptr);
  EXPECT_TRUE(Has(ex->text, "Third-party information (boxes marked \"Third party information\"), used 3 times"));
  EXPECT_TRUE(Has(ex->text, "We removed information about other people."));
}

TEST(FrontMatterTest, DistressWarningOnlyWhenAFlagWasRaisedAndFirst) {
  auto in = Input();
  auto plain = FrontSections(in);
  EXPECT_EQ(plain.front().title, "About this bundle");
  EXPECT_FALSE(Has(plain.front().text, "upsetting"));
  in.safeguarding_flag = true;
  auto warned = FrontSections(in);
  EXPECT_EQ(warned.front().title, "Please read this first");
  EXPECT_EQ(warned.front().text.rfind("PLEASE READ THIS FIRST", 0), 0u);
}

TEST(FrontMatterTest, GlossaryOnlyWhenTermsAreUsedAndSupportAlways) {
  auto in = Input();
  EXPECT_EQ(Find(FrontSections(in), "Words and abbreviations"), nullptr);
  in.glossary = {{"LAC", "Looked After Child"}};
  in.care_leaver = true;
  auto s = FrontSections(in);
  auto* g = Find(s, "Words and abbreviations");
  ASSERT_NE(g, nullptr);
  EXPECT_TRUE(Has(g->text, "LAC: Looked After Child"));
  auto* support = Find(s, "Support");
  ASSERT_NE(support, nullptr);
  EXPECT_TRUE(Has(support->text, "napac.org.uk"));
  EXPECT_TRUE(Has(support->text, "careleavers.com"));
  EXPECT_TRUE(Has(support->text, "personal adviser"));
}

TEST(FrontMatterTest, IndexAndChronologyGivePagesAndVolumes) {
  auto one = IndexSection({{"a.pdf", 1, 5, 7}, {"b.pdf", 1, 8, 8}}, 1);
  EXPECT_TRUE(Has(one.text, "1. a.pdf - pages 5 to 7"));
  EXPECT_TRUE(Has(one.text, "2. b.pdf - page 8"));
  auto two = IndexSection({{"c.pdf", 2, 1, 3}}, 2);
  EXPECT_TRUE(Has(two.text, "1. c.pdf - volume 2, pages 1 to 3"));
  auto chron = ChronologySection({{Date::FromYmd(2020, 5, 1), "b.pdf", 9, 1, "Review"},
                                  {Date::FromYmd(2019, 1, 2), "a.pdf", 4, 1, "Referral"}},
                                 1);
  EXPECT_LT(chron.text.find("2019-01-02  a.pdf, page 4: Referral"), chron.text.find("2020-05-01  b.pdf, page 9"));
}

}  // namespace
}  // namespace sardesk::bundle
