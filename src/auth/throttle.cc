#include "auth/throttle.h"

#include <algorithm>

namespace sardesk::auth {

std::int64_t SecondsLocked(const FailureRecord& record, std::int64_t now) {
  return record.locked_until > now ? record.locked_until - now : 0;
}

FailureRecord AfterFailure(FailureRecord record, std::int64_t now, const ThrottlePolicy& policy) {
  if (record.failures > 0 && now - record.last_failure > policy.forget_after_seconds &&
      SecondsLocked(record, now) == 0)
    record = FailureRecord{};
  ++record.failures;
  record.last_failure = now;
  std::int64_t over = record.failures - policy.free_attempts;
  if (over >= 0) {
    std::int64_t lock = policy.base_seconds;
    for (std::int64_t i = 0; i < over && lock < policy.max_seconds; ++i) lock *= 2;
    record.locked_until = now + std::min(lock, policy.max_seconds);
  }
  return record;
}

}  // namespace sardesk::auth
