// Rotating the data folder's encryption key (issue 8, docs/storage.md):
// every stored file and every sealed database value is re-encrypted with a
// new key, and the key check switched, so that afterwards only the new key
// opens the folder. Safe to interrupt: files are re-sealed one at a time
// (each written beside the old one and renamed over it, so each file is
// always whole under one of the two keys), the database switches in one
// transaction at the end, and running the rotation again with the same two
// keys finishes it. Run it with sardesk stopped. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "crypt/data_key.h"

namespace sardesk::store {

struct KeyRotationReport {
  bool resumed = false;             // an interrupted rotation was finished
  std::int64_t files_resealed = 0;  // stored files re-encrypted by this run
  std::int64_t files_already = 0;   // already under the new key (an earlier run)
  std::int64_t values_resealed = 0; // sealed database values
};

// For tests: called after each stored file is re-sealed with how many this
// run has done; an error stops the rotation there, as a crash would.
using AfterFileHook = std::function<Status(std::int64_t files_done)>;

// Re-encrypts `data_dir` (sardesk.db and blobs/) from `old_key` to `new_key`.
// Refused, with nothing changed: a folder the old key does not open, the
// same key twice, or an interrupted rotation to a different new key.
Result<KeyRotationReport> RotateDataKey(const std::string& data_dir, const crypt::DataKey& old_key,
                                        const crypt::DataKey& new_key, const AfterFileHook& after_file = {});

}  // namespace sardesk::store
