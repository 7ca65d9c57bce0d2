// Files kept by content: originals as uploaded and the PDFs made from them,
// named by the SHA-256 of their plaintext under DATA/blobs/ab/cdef.... Writing
// is atomic (a temporary file renamed into place), so a crash never leaves a
// partial blob under its final name. Thread-safe.
//
// The encrypted store (what sardesk runs) seals every blob with the data
// folder's key (crypt/sealed.h); libraries that open files by path get a
// private decrypted copy that lives as long as its PlainFile handle.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "crypt/data_key.h"

namespace sardesk::store {

// A stored blob as a plain file, for libraries that open files by path.
// Move-only. A decrypted working copy is removed when the handle goes; the
// path must not be used after that.
class PlainFile {
 public:
  PlainFile() = default;
  PlainFile(std::string path, bool remove_when_done) : path_(std::move(path)), remove_(remove_when_done) {}
  PlainFile(PlainFile&& o) noexcept : path_(std::move(o.path_)), remove_(o.remove_) { o.remove_ = false; }
  PlainFile& operator=(PlainFile&& o) noexcept;
  PlainFile(const PlainFile&) = delete;
  PlainFile& operator=(const PlainFile&) = delete;
  ~PlainFile();
  const std::string& path() const { return path_; }

 private:
  void Release();
  std::string path_;
  bool remove_ = false;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Stores the bytes; returns their SHA-256 (hex). Storing twice is a no-op.
  virtual Result<std::string> Put(const std::string& bytes) = 0;
  // Copies a file in, reading it once; returns its SHA-256.
  virtual Result<std::string> PutFile(const std::string& path, std::int64_t max_bytes) = 0;
  virtual Result<std::string> Read(const std::string& sha256, std::int64_t max_bytes) = 0;
  // The blob as a plain file, for libraries that open files themselves.
  virtual Result<PlainFile> PathOf(const std::string& sha256) = 0;
  // Whether the blob is stored (without reading it).
  virtual bool Contains(const std::string& sha256) = 0;
  // Deletes a blob (retention). Deleting a missing blob is not an error.
  virtual Status Remove(const std::string& sha256) = 0;
};

// Plain files: for tests of code that does not care about encryption.
std::unique_ptr<BlobStore> MakeFileBlobStore(const std::string& dir);

// Sealed files under `dir`; decrypted working copies go to `scratch_dir`
// (made 0700; copies left by processes no longer running are removed).
std::unique_ptr<BlobStore> MakeEncryptedBlobStore(const std::string& dir, const crypt::DataKey& key,
                                                  const std::string& scratch_dir);

// Seals, in place, every blob under `dir` that is still plain (a data folder
// written before encryption). Returns how many were sealed. Blob names stay
// the SHA-256 of the plaintext, which is checked before sealing.
Result<std::int64_t> SealPlainBlobs(const std::string& dir, const crypt::DataKey& key);

}  // namespace sardesk::store
