// When a signed-in session ends: a fixed lifetime from sign-in and an idle
// timeout since it was last used, both council settings. Pure rules.
#pragma once

#include <cstdint>

namespace sardesk::auth {

struct SessionTimes {
  std::int64_t lifetime_minutes = 600;  // a working day, then sign in again
  std::int64_t idle_minutes = 30;
};

// Times are unix seconds.
bool SessionLive(std::int64_t created_at, std::int64_t last_seen_at, std::int64_t now, const SessionTimes& times);
// Whether a use at `now` should be written back as the session's last use.
// Writes at most once a minute: the idle timeout is counted in minutes.
bool ShouldRecordUse(std::int64_t last_seen_at, std::int64_t now);

}  // namespace sardesk::auth
