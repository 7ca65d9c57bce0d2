#include "service/work_progress.h"

#include <gtest/gtest.h>

#include <thread>

namespace sardesk::service {
namespace {

TEST(WorkProgress, SaysNoneBeforeAnyRunThenFollowsTheRun) {
  WorkProgress p;
  EXPECT_EQ(p.Json("SAR-1")["stage"], "none");
  EXPECT_TRUE(p.Json("SAR-1")["seconds_left"].is_null());
  {
    WorkProgress::Run run(&p, "SAR-1", "reading");
    EXPECT_EQ(p.Json("SAR-1")["running"], true);
    EXPECT_EQ(p.Json("SAR-1")["stage"], "reading");
    p.SetTotal("SAR-1", 10);
    EXPECT_TRUE(p.Json("SAR-1")["seconds_left"].is_null()) << "no estimate before any page is done";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    p.SetDone("SAR-1", 5);
    auto j = p.Json("SAR-1");
    EXPECT_EQ(j["pages_done"], 5);
    EXPECT_GE(j["seconds_left"].get<double>(), 0.0);
    EXPECT_EQ(p.Json("SAR-2")["stage"], "none") << "each case has its own";
    // Leaves without Succeeded(): an error return.
  }
  EXPECT_EQ(p.Json("SAR-1")["stage"], "failed");
  EXPECT_EQ(p.Json("SAR-1")["running"], false);
  EXPECT_EQ(p.Json("SAR-1")["pages_done"], 5);
  {
    WorkProgress::Run run(&p, "SAR-1", "reading");
    p.SetTotal("SAR-1", 3);
    run.Succeeded();
  }
  EXPECT_EQ(p.Json("SAR-1")["stage"], "done");
  EXPECT_EQ(p.Json("SAR-1")["pages_done"], 3);
  EXPECT_EQ(p.Json("SAR-1")["seconds_left"], 0);
}

}  // namespace
}  // namespace sardesk::service
