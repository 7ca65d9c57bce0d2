#include "case/qa_sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace sardesk::casework {
namespace {

std::vector<BundlePage> Bundle(const std::vector<int>& pages_per_document) {
  std::vector<BundlePage> out;
  for (std::size_t d = 0; d < pages_per_document.size(); ++d)
    for (int p = 0; p < pages_per_document[d]; ++p) out.push_back({static_cast<std::int64_t>(d + 1), p});
  return out;
}

TEST(QaSample, TakesTenPercentRoundedUp) {
  EXPECT_EQ(SampleForQa(Bundle({200}), 7).size(), 20u);
  EXPECT_EQ(SampleForQa(Bundle({201}), 7).size(), 21u);
  EXPECT_EQ(SampleForQa(Bundle({3}), 7).size(), 1u);
}

TEST(QaSample, TakesAtLeastOnePageOfEveryDocument) {
  auto sample = SampleForQa(Bundle({100, 1, 2, 1}), 42);
  std::set<std::int64_t> documents;
  for (const auto& p : sample) documents.insert(p.document_id);
  EXPECT_EQ(documents, (std::set<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(sample.size(), 11u);  // 10% of 104 is 11 pages, and four documents are covered
}

TEST(QaSample, IsReproducibleFromTheSeed) {
  auto bundle = Bundle({50, 30, 20});
  EXPECT_EQ(SampleForQa(bundle, QaSeed("SAR-2025-000001", 1)), SampleForQa(bundle, QaSeed("SAR-2025-000001", 1)));
  // The order the pages are listed in does not matter.
  auto reversed = bundle;
  std::reverse(reversed.begin(), reversed.end());
  EXPECT_EQ(SampleForQa(reversed, 99), SampleForQa(bundle, 99));
}

TEST(QaSample, DifferentCasesAndRoundsDrawDifferentPages) {
  auto bundle = Bundle({500});
  auto a = SampleForQa(bundle, QaSeed("SAR-2025-000001", 1));
  EXPECT_NE(a, SampleForQa(bundle, QaSeed("SAR-2025-000002", 1)));
  EXPECT_NE(a, SampleForQa(bundle, QaSeed("SAR-2025-000001", 2)));
  EXPECT_NE(QaSeed("SAR-2025-000001", 1), QaSeed("SAR-2025-000001", 2));
}

TEST(QaSample, DrawsOnlyBundlePagesEachOnceInOrder) {
  auto bundle = Bundle({40, 40});
  bundle.erase(bundle.begin() + 5);  // a page left out of the bundle
  auto sample = SampleForQa(bundle, 3);
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
  EXPECT_EQ(std::adjacent_find(sample.begin(), sample.end()), sample.end());
  for (const auto& p : sample) EXPECT_NE(std::find(bundle.begin(), bundle.end(), p), bundle.end());
  EXPECT_EQ(std::find(sample.begin(), sample.end(), BundlePage{1, 5}), sample.end());
}

TEST(QaSample, AnEmptyBundleHasNoSample) { EXPECT_TRUE(SampleForQa({}, 1).empty()); }

}  // namespace
}  // namespace sardesk::casework
