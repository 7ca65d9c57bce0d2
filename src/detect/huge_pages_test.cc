#include "detect/huge_pages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sardesk::detect {
namespace {

// The VmFlags of the mapping that holds address p ("hg": huge pages advised).
std::string VmFlagsAt(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= at && at < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(HugePages, SmallBuffersAreLeftAlone) {
  std::vector<int> v;
  ReserveLarge(v, 1000);
  EXPECT_GE(v.capacity(), 1000u);
  EXPECT_FALSE(AdviseHugePages(v.data(), v.capacity() * sizeof(int)));  // no whole 2 MiB page inside
}

TEST(HugePages, LargeBuffersAreAdvisedAndUsable) {
  std::vector<std::uint64_t> v;
  const std::size_t n = (std::size_t{16} << 20) / sizeof(std::uint64_t);
  ReserveLarge(v, n);
  ASSERT_GE(v.capacity(), n);
  v.assign(n, 7);
  EXPECT_EQ(v[n - 1], 7u);
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  EXPECT_TRUE(AdviseHugePages(v.data(), v.size() * sizeof(std::uint64_t)));
  // The kernel recorded the advice on the mapping in the middle of the buffer.
  EXPECT_NE(VmFlagsAt(v.data() + n / 2).find(" hg"), std::string::npos) << VmFlagsAt(v.data() + n / 2);
}

}  // namespace
}  // namespace sardesk::detect
