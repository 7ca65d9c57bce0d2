#include "bundle/dates.h"

#include <gtest/gtest.h>

namespace sardesk::bundle {
namespace {

std::vector<std::string> Dates(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& d : FindDates(text)) out.push_back(d.date.ToString());
  return out;
}

TEST(FindDatesTest, ReadsTheUsualWritten) {
  EXPECT_EQ(Dates("Visit on 12/03/2019 and 2019-04-01."), (std::vector<std::string>{"2019-03-12", "2019-04-01"}));
  EXPECT_EQ(Dates("ICPC held 3rd June 2015; review June 17, 2016"),
            (std::vector<std::string>{"2015-06-03", "2016-06-17"}));
  EXPECT_EQ(Dates("Seen 5 Sept 2001"), (std::vector<std::string>{"2001-09-05"}));
  EXPECT_EQ(Dates("on 01.02.99"), (std::vector<std::string>{"1999-02-01"}));
}

TEST(FindDatesTest, SkipsImpossibleDatesAndNumbers) {
  EXPECT_TRUE(Dates("31/02/2019, 13/13/2019, phone 01234 567890, case 2019").empty());
  EXPECT_TRUE(Dates("12 Apples 2019").empty());
}

TEST(FindDatesTest, KeepsTheLineItWasOn) {
  auto found = FindDates("Heading\n  Home visit 14/07/2020 by SW  \nOther");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].line, "Home visit 14/07/2020 by SW");
}

}  // namespace
}  // namespace sardesk::bundle
