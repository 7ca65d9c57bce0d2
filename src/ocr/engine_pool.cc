#include "ocr/engine_pool.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace sardesk::ocr {

EnginePool::EnginePool(int max_running, OcrSettings settings)
    : max_running_(max_running > 0 ? max_running
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      settings_(std::move(settings)) {}

EnginePool::~EnginePool() = default;

Result<std::unique_ptr<Recogniser>> EnginePool::Take() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    freed_.wait(lock, [&] { return !idle_.empty() || running_ < max_running_; });
    ++running_;
    if (!idle_.empty()) {
      std::unique_ptr<Recogniser> engine = std::move(idle_.back());
      idle_.pop_back();
      return engine;
    }
  }
  // Started outside the lock: loading a language takes a while.
  auto engine = Recogniser::Create(settings_);
  if (!engine.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    --running_;
    freed_.notify_one();
  }
  return engine;
}

void EnginePool::Give(std::unique_ptr<Recogniser> engine) {
  std::lock_guard<std::mutex> lock(mu_);
  --running_;
  idle_.push_back(std::move(engine));
  freed_.notify_one();
}

Result<OcrPage> EnginePool::Recognise(const GrayImage& image) {
  SARDESK_ASSIGN_OR_RETURN(std::unique_ptr<Recogniser> engine, Take());
  Result<OcrPage> page = engine->Recognise(image);
  Give(std::move(engine));
  return page;
}

}  // namespace sardesk::ocr
