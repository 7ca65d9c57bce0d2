// Files kept by content: originals as uploaded and the PDFs made from them,
// named by their SHA-256 under DATA/blobs/ab/cdef.... Writing is atomic (a
// temporary file renamed into place), so a crash never leaves a partial blob
// under its final name. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace sardesk::store {

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes; returns their SHA-256 (hex). Storing twice is a no-op.
  virtual Result<std::string> Put(const std::string& bytes) = 0;
  // Copies a file in, reading it once; returns its SHA-256.
  virtual Result<std::string> PutFile(const std::string& path, std::int64_t max_bytes) = 0;
  virtual Result<std::string> Read(const std::string& sha256, std::int64_t max_bytes) = 0;
  // The path of a stored blob, for libraries that open files themselves.
  virtual Result<std::string> PathOf(const std::string& sha256) = 0;
};

std::unique_ptr<BlobStore> MakeFileBlobStore(const std::string& dir);

}  // namespace sardesk::store
