#include "auth/throttle.h"

#include <gtest/gtest.h>

namespace sardesk::auth {
namespace {

constexpr ThrottlePolicy kPolicy{3, 10, 60, 3600};

TEST(Throttle, FreeAttemptsDoNotLock) {
  FailureRecord r;
  r = AfterFailure(r, 1000, kPolicy);
  r = AfterFailure(r, 1001, kPolicy);
  EXPECT_EQ(r.failures, 2);
  EXPECT_EQ(SecondsLocked(r, 1001), 0);
}

TEST(Throttle, LockDoublesAfterEachFurtherFailureUpToTheCap) {
  FailureRecord r;
  for (int i = 0; i < 2; ++i) r = AfterFailure(r, 1000, kPolicy);
  r = AfterFailure(r, 1000, kPolicy);  // third: 10 s
  EXPECT_EQ(SecondsLocked(r, 1000), 10);
  r = AfterFailure(r, 1010, kPolicy);  // fourth: 20 s
  EXPECT_EQ(SecondsLocked(r, 1010), 20);
  r = AfterFailure(r, 1030, kPolicy);  // fifth: 40 s
  EXPECT_EQ(SecondsLocked(r, 1030), 40);
  r = AfterFailure(r, 1070, kPolicy);  // sixth: capped at 60 s
  EXPECT_EQ(SecondsLocked(r, 1070), 60);
  EXPECT_EQ(SecondsLocked(r, 1130), 0);
}

TEST(Throttle, AQuietPeriodStartsTheCountAgain) {
  FailureRecord r;
  for (int i = 0; i < 3; ++i) r = AfterFailure(r, 1000, kPolicy);
  r = AfterFailure(r, 1000 + 3601, kPolicy);
  EXPECT_EQ(r.failures, 1);
  EXPECT_EQ(SecondsLocked(r, 1000 + 3601), 0);
}

TEST(Throttle, PerAddressAllowsMoreThanPerUsername) {
  EXPECT_GT(kPerAddress.free_attempts, kPerUsername.free_attempts);
}

}  // namespace
}  // namespace sardesk::auth
