#include "store/plain_file_cache.h"

#include <algorithm>

namespace sardesk::store {

PlainFileCache::PlainFileCache(BlobStore* blobs, Options options) : blobs_(blobs), options_(std::move(options)) {
  if (options_.capacity == 0) options_.capacity = 1;
  if (options_.sweep_every.count() > 0) {
    sweeper_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      while (!stop_) {
        wake_.wait_for(lock, options_.sweep_every, [this] { return stop_; });
        if (!stop_) DropIdleLocked();
      }
    });
  }
}

PlainFileCache::~PlainFileCache() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    entries_.clear();
  }
  wake_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
}

Result<std::shared_ptr<const PlainFile>> PlainFileCache::Get(const std::string& sha256) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    DropIdleLocked();
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.sha256 == sha256; });
    if (it != entries_.end()) {
      it->last_used = options_.now();
      entries_.splice(entries_.begin(), entries_, it);
      return entries_.front().file;
    }
  }
  // Decrypted outside the lock: a long document must not hold up the others.
  auto made = blobs_->PathOf(sha256);
  if (!made.ok()) return made.status();
  auto file = std::make_shared<const PlainFile>(std::move(*made));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.sha256 == sha256; });
  if (it != entries_.end()) {  // another request made it meanwhile: keep one
    it->last_used = options_.now();
    entries_.splice(entries_.begin(), entries_, it);
    return entries_.front().file;
  }
  entries_.push_front({sha256, file, options_.now()});
  while (entries_.size() > options_.capacity) entries_.pop_back();
  return file;
}

void PlainFileCache::DropIdle() {
  std::lock_guard<std::mutex> lock(mu_);
  DropIdleLocked();
}

void PlainFileCache::DropIdleLocked() {
  const auto cutoff = options_.now() - options_.idle;
  entries_.remove_if([&](const Entry& e) { return e.last_used < cutoff; });
}

void PlainFileCache::Drop(const std::string& sha256) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.remove_if([&](const Entry& e) { return e.sha256 == sha256; });
}

std::size_t PlainFileCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace sardesk::store
