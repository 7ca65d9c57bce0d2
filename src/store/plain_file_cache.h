// A small cache of decrypted working copies of stored files (issue 8,
// docs/storage.md), for work that opens the same file again and again in
// a short time: the web viewer asks for one page image after another of
// the same document. At most `capacity` copies are kept; a copy not used
// for `idle` is dropped, and the least recently used goes first when a new
// one is needed. Dropping removes the file from disk once no caller still
// holds it. A background thread drops idle copies even when no request
// comes. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/blob_store.h"

namespace sardesk::store {

class PlainFileCache {
 public:
  using Clock = std::chrono::steady_clock;
  struct Options {
    std::size_t capacity = 4;
    std::chrono::seconds idle{60};
    // Tests give a clock of their own and sweep by hand (sweep_every zero:
    // no background thread).
    std::function<Clock::time_point()> now = [] { return Clock::now(); };
    std::chrono::milliseconds sweep_every{5000};
  };

  // `blobs` outlives this.
  explicit PlainFileCache(BlobStore* blobs) : PlainFileCache(blobs, Options{}) {}
  PlainFileCache(BlobStore* blobs, Options options);
  ~PlainFileCache();  // drops every copy (removed when the last holder lets go)
  PlainFileCache(const PlainFileCache&) = delete;
  PlainFileCache& operator=(const PlainFileCache&) = delete;

  // The stored file `sha256` as a plain file: the cached copy, or a new one
  // (decrypted once). Hold the pointer while the file is open.
  Result<std::shared_ptr<const PlainFile>> Get(const std::string& sha256);
  // Drops copies idle for longer than the idle time.
  void DropIdle();
  // Drops the copy of one stored file (e.g. when it is deleted).
  void Drop(const std::string& sha256);
  std::size_t size() const;

 private:
  struct Entry {
    std::string sha256;
    std::shared_ptr<const PlainFile> file;
    Clock::time_point last_used;
  };
  void DropIdleLocked();

  BlobStore* blobs_;
  Options options_;
  mutable std::mutex mu_;  // guards entries_ and stop_
  std::list<Entry> entries_;  // most recently used first
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread sweeper_;
};

}  // namespace sardesk::store
