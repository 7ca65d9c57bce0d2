// How long work on a case is going (issue 7): building a bundle, running
// detection over every page. The service doing the work records its stage
// and the pages done; the screens ask for it while the work's own request
// is still running. Kept in memory, per case, the latest run only: after a
// restart nothing is running and the stage is "none". Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

namespace sardesk::service {

class WorkProgress {
 public:
  // A run begins (any earlier run of the case is forgotten).
  void Start(const std::string& reference, const std::string& stage);
  void SetStage(const std::string& reference, const std::string& stage);
  void SetTotal(const std::string& reference, std::int64_t pages_total);
  void SetDone(const std::string& reference, std::int64_t pages_done);
  // The run ends: stage "done" (every page done) or "failed".
  void Finish(const std::string& reference, bool ok);

  // {"reference", "running", "stage", "pages_done", "pages_total",
  //  "seconds" so far (or taken), "seconds_left" (null until some pages
  //  are done; 0 once finished)}.
  nlohmann::json Json(const std::string& reference) const;

  // Finishes the run as failed when it goes out of scope, unless Succeeded().
  class Run {
   public:
    Run(WorkProgress* progress, const std::string& reference, const std::string& stage)
        : progress_(progress), reference_(reference) {
      progress_->Start(reference_, stage);
    }
    ~Run() { progress_->Finish(reference_, ok_); }
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    void Succeeded() { ok_ = true; }

   private:
    WorkProgress* progress_;
    std::string reference_;
    bool ok_ = false;
  };

 private:
  struct State {
    bool running = false;
    std::string stage = "none";
    std::int64_t pages_done = 0;
    std::int64_t pages_total = 0;
    std::chrono::steady_clock::time_point started{};
    std::chrono::steady_clock::time_point ended{};
  };
  mutable std::mutex mu_;
  std::map<std::string, State> by_case_;
};

}  // namespace sardesk::service
