// Sign-in throttling: after a few failed attempts for one name (or from one
// client address) each further failure locks that key out for twice as
// long as the last, up to a cap. Pure rules on plain values; the store
// keeps one FailureRecord per key.
#pragma once

#include <cstdint>

namespace sardesk::auth {

struct ThrottlePolicy {
  int free_attempts = 5;           // failures before any lock
  std::int64_t base_seconds = 5;   // the first lock
  std::int64_t max_seconds = 900;  // no lock is longer
  std::int64_t forget_after_seconds = 3600;  // a quiet hour starts the count again
};

// Per username: a person mistyping; per address: one client trying many names.
inline constexpr ThrottlePolicy kPerUsername{5, 5, 900, 3600};
inline constexpr ThrottlePolicy kPerAddress{20, 5, 900, 3600};

struct FailureRecord {
  std::int64_t failures = 0;
  std::int64_t last_failure = 0;  // unix seconds
  std::int64_t locked_until = 0;  // unix seconds; 0 when not locked
};

// Seconds left before the key may try again; 0 when it may now.
std::int64_t SecondsLocked(const FailureRecord& record, std::int64_t now);
// The record after one more failed attempt at `now`.
FailureRecord AfterFailure(FailureRecord record, std::int64_t now, const ThrottlePolicy& policy);

}  // namespace sardesk::auth
