#include "auth/session_rules.h"

#include <gtest/gtest.h>

namespace sardesk::auth {
namespace {

constexpr SessionTimes kTimes{60, 10};  // an hour, ten idle minutes

TEST(SessionLive, WhileUsedWithinTheIdleTimeout) {
  EXPECT_TRUE(SessionLive(0, 0, 9 * 60, kTimes));
  EXPECT_TRUE(SessionLive(0, 50 * 60, 59 * 60, kTimes));
}

TEST(SessionLive, EndsAfterTheIdleTimeout) { EXPECT_FALSE(SessionLive(0, 0, 10 * 60, kTimes)); }

TEST(SessionLive, EndsAtItsLifetimeEvenWhenUsed) { EXPECT_FALSE(SessionLive(0, 59 * 60, 60 * 60, kTimes)); }

TEST(SessionLive, IsFalseWhenTheClockIsBeforeSignIn) { EXPECT_FALSE(SessionLive(100, 100, 50, kTimes)); }

TEST(ShouldRecordUse, AtMostOnceAMinute) {
  EXPECT_FALSE(ShouldRecordUse(100, 159));
  EXPECT_TRUE(ShouldRecordUse(100, 160));
}

}  // namespace
}  // namespace sardesk::auth
