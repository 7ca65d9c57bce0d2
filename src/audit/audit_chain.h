// The audit trail's entries and their hash chain: each entry's hash covers its
// own fields and the previous entry's hash, so an edited or deleted entry
// breaks every hash after it. Pure functions over plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sardesk::audit {

inline constexpr char kGenesisHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;   // 1, 2, 3... with no gaps
  std::string at;         // ISO 8601 UTC
  std::string actor;      // username, or "system" for timers
  std::string action;     // e.g. case.create, case.transition
  std::string entity;     // e.g. case
  std::string entity_id;  // e.g. SAR-2025-000123
  std::string before;     // JSON of the changed fields before ("" when new)
  std::string after;      // JSON of the changed fields after
  std::string prev_hash;
  std::string hash;
};

// The hash of an entry given its fields and prev_hash (ignores entry.hash).
std::string ComputeHash(const AuditEntry& entry);

struct ChainHead {
  std::int64_t seq = 0;
  std::string hash = kGenesisHash;
};

struct VerifyProblem {
  std::int64_t seq;
  std::string problem;
};

// Accumulates entries in order and reports every break in the chain.
class ChainVerifier {
 public:
  void Add(const AuditEntry& entry);
  // Compares the last entry seen with the recorded head.
  void Finish(const std::optional<ChainHead>& recorded_head);
  bool ok() const { return problems_.empty(); }
  std::int64_t entries() const { return count_; }
  const std::vector<VerifyProblem>& problems() const { return problems_; }
  const ChainHead& head() const { return head_; }

 private:
  ChainHead head_;
  std::int64_t count_ = 0;
  std::vector<VerifyProblem> problems_;
};

}  // namespace sardesk::audit
