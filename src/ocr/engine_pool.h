// Shared OCR engines: loaded once, reused by every document, and never more
// of them running at once than there are cores to run them. Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "common/gray_image.h"
#include "common/result.h"
#include "ocr/recogniser.h"

namespace sardesk::ocr {

class EnginePool {
 public:
  // max_running <= 0: one per hardware thread.
  explicit EnginePool(int max_running = 0, OcrSettings settings = {});
  ~EnginePool();
  EnginePool(const EnginePool&) = delete;
  EnginePool& operator=(const EnginePool&) = delete;

  // Recognises `image` on an idle engine, starting one when fewer than
  // max_running exist, otherwise waiting for one to come free.
  Result<OcrPage> Recognise(const GrayImage& image);

  int max_running() const { return max_running_; }

 private:
  Result<std::unique_ptr<Recogniser>> Take();
  void Give(std::unique_ptr<Recogniser> engine);

  const int max_running_;
  const OcrSettings settings_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Recogniser>> idle_;
  int running_ = 0;  // engines out of idle_, or being started
};

}  // namespace sardesk::ocr
