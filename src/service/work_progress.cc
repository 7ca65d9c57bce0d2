#include "service/work_progress.h"

#include <cmath>

namespace sardesk::service {

using nlohmann::json;

void WorkProgress::Start(const std::string& reference, const std::string& stage) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = by_case_[reference];
  s = State{};
  s.running = true;
  s.stage = stage;
  s.started = std::chrono::steady_clock::now();
}

void WorkProgress::SetStage(const std::string& reference, const std::string& stage) {
  std::lock_guard<std::mutex> lock(mu_);
  by_case_[reference].stage = stage;
}

void WorkProgress::SetTotal(const std::string& reference, std::int64_t pages_total) {
  std::lock_guard<std::mutex> lock(mu_);
  by_case_[reference].pages_total = pages_total;
}

void WorkProgress::SetDone(const std::string& reference, std::int64_t pages_done) {
  std::lock_guard<std::mutex> lock(mu_);
  by_case_[reference].pages_done = pages_done;
}

void WorkProgress::Finish(const std::string& reference, bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  State& s = by_case_[reference];
  s.running = false;
  s.stage = ok ? "done" : "failed";
  if (ok) s.pages_done = s.pages_total;
  s.ended = std::chrono::steady_clock::now();
}

json WorkProgress::Json(const std::string& reference) const {
  State s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_case_.find(reference);
    if (it != by_case_.end()) s = it->second;
  }
  const auto end = s.running ? std::chrono::steady_clock::now() : s.ended;
  const double seconds = s.stage == "none" ? 0.0 : std::chrono::duration<double>(end - s.started).count();
  json left = nullptr;
  if (s.running && s.pages_done > 0 && s.pages_total > s.pages_done)
    left = std::round(seconds / static_cast<double>(s.pages_done) * static_cast<double>(s.pages_total - s.pages_done));
  else if (!s.running && s.stage != "none")
    left = 0;
  return json{{"reference", reference},  {"running", s.running},
              {"stage", s.stage},         {"pages_done", s.pages_done},
              {"pages_total", s.pages_total}, {"seconds", std::round(seconds * 10) / 10},
              {"seconds_left", left}};
}

}  // namespace sardesk::service
