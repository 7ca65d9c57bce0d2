// One sardesk serve per data folder, and no key rotation while it runs: an
// advisory lock (flock) on DATA/sardesk.lock, released when the holder
// exits, however it exits.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace sardesk::store {

class FolderLock {
 public:
  // Takes the lock without waiting. Conflict, with `busy_message`, when
  // another process (or another FolderLock here) holds it.
  static Result<std::unique_ptr<FolderLock>> Take(const std::string& data_dir, const std::string& busy_message);

  explicit FolderLock(int fd) : fd_(fd) {}
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

 private:
  int fd_;
};

}  // namespace sardesk::store
