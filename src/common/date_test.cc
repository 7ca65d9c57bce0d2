#include "common/date.h"

#include <gtest/gtest.h>

namespace sardesk {
namespace {

TEST(Date, ParsesIsoDates) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ToString(), "2024-02-29");
}

TEST(Date, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::Parse("2023-02-29").ok());
  EXPECT_FALSE(Date::Parse("2025-13-01").ok());
  EXPECT_FALSE(Date::Parse("2025-04-31").ok());
  EXPECT_FALSE(Date::Parse("25-04-01").ok());
  EXPECT_FALSE(Date::Parse("2025/04/01").ok());
  EXPECT_FALSE(Date::Parse("").ok());
}

TEST(Date, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date::FromYmd(2025, 1, 31).AddMonthsClamped(1).ToString(), "2025-02-28");
  EXPECT_EQ(Date::FromYmd(2024, 1, 31).AddMonthsClamped(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromYmd(2025, 3, 31).AddMonthsClamped(1).ToString(), "2025-04-30");
  EXPECT_EQ(Date::FromYmd(2025, 11, 30).AddMonthsClamped(3).ToString(), "2026-02-28");
}

TEST(Date, WeekdayAndAge) {
  EXPECT_EQ(Date::FromYmd(2025, 9, 6).weekday(), 6u);  // Saturday
  EXPECT_TRUE(Date::FromYmd(2025, 9, 7).IsWeekend());
  EXPECT_FALSE(Date::FromYmd(2025, 9, 8).IsWeekend());
  EXPECT_EQ(Date::FromYmd(2010, 5, 10).YearsUntil(Date::FromYmd(2022, 5, 9)), 11);
  EXPECT_EQ(Date::FromYmd(2010, 5, 10).YearsUntil(Date::FromYmd(2022, 5, 10)), 12);
}

}  // namespace
}  // namespace sardesk
