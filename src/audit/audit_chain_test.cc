#include "audit/audit_chain.h"

#include <gtest/gtest.h>

namespace sardesk::audit {
namespace {

std::vector<AuditEntry> MakeChain(int n) {
  std::vector<AuditEntry> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    AuditEntry e{i, "2025-09-0" + std::to_string(i) + "T10:00:00.000Z", "ann", "case.update", "case",
                 "SAR-2025-000001", "{\"a\":1}", "{\"a\":2}", prev, ""};
    e.hash = ComputeHash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

ChainHead HeadOf(const std::vector<AuditEntry>& chain) { return {chain.back().seq, chain.back().hash}; }

TEST(ChainVerifier, AcceptsAnIntactChain) {
  auto chain = MakeChain(5);
  ChainVerifier v;
  for (const auto& e : chain) v.Add(e);
  v.Finish(HeadOf(chain));
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.entries(), 5);
}

TEST(ChainVerifier, DetectsAnEditedEntry) {
  auto chain = MakeChain(5);
  auto head = HeadOf(chain);
  chain[2].after = "{\"a\":3}";
  ChainVerifier v;
  for (const auto& e : chain) v.Add(e);
  v.Finish(head);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.problems()[0].seq, 3);
  EXPECT_NE(v.problems()[0].problem.find("edited"), std::string::npos);
}

TEST(ChainVerifier, DetectsAnEntryRehashedAfterEditing) {
  auto chain = MakeChain(5);
  auto head = HeadOf(chain);
  chain[1].actor = "mallory";
  chain[1].hash = ComputeHash(chain[1]);  // forger recomputes this one hash
  ChainVerifier v;
  for (const auto& e : chain) v.Add(e);
  v.Finish(head);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.problems()[0].seq, 3);  // the next entry no longer follows
}

TEST(ChainVerifier, DetectsADeletedMiddleEntry) {
  auto chain = MakeChain(5);
  auto head = HeadOf(chain);
  chain.erase(chain.begin() + 2);
  ChainVerifier v;
  for (const auto& e : chain) v.Add(e);
  v.Finish(head);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.problems()[0].problem.find("missing"), std::string::npos);
}

TEST(ChainVerifier, DetectsDeletedTailEntries) {
  auto chain = MakeChain(5);
  auto head = HeadOf(chain);
  chain.pop_back();
  ChainVerifier v;
  for (const auto& e : chain) v.Add(e);
  v.Finish(head);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.problems()[0].problem.find("end"), std::string::npos);
}

TEST(ComputeHash, CoversEveryField) {
  auto base = MakeChain(1)[0];
  std::string h = ComputeHash(base);
  auto changed = base;
  changed.entity_id = "SAR-2025-000002";
  EXPECT_NE(ComputeHash(changed), h);
  changed = base;
  changed.before = "";
  EXPECT_NE(ComputeHash(changed), h);
  changed = base;
  changed.prev_hash = std::string(64, '1');
  EXPECT_NE(ComputeHash(changed), h);
}

}  // namespace
}  // namespace sardesk::audit
