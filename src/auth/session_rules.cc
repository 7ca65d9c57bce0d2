#include "auth/session_rules.h"

namespace sardesk::auth {

bool SessionLive(std::int64_t created_at, std::int64_t last_seen_at, std::int64_t now, const SessionTimes& times) {
  if (now < created_at) return false;  // a clock gone backwards: trust nothing
  if (now - created_at >= times.lifetime_minutes * 60) return false;
  return now - last_seen_at < times.idle_minutes * 60;
}

bool ShouldRecordUse(std::int64_t last_seen_at, std::int64_t now) { return now - last_seen_at >= 60; }

}  // namespace sardesk::auth
