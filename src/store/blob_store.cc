#include "store/blob_store.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <vector>

#include "common/sha256.h"
#include "crypt/sealed.h"

namespace sardesk::store {

namespace fs = std::filesystem;

PlainFile& PlainFile::operator=(PlainFile&& o) noexcept {
  if (this != &o) {
    Release();
    path_ = std::move(o.path_);
    remove_ = o.remove_;
    o.remove_ = false;
  }
  return *this;
}

PlainFile::~PlainFile() { Release(); }

void PlainFile::Release() {
  if (remove_ && !path_.empty()) {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  remove_ = false;
}

namespace {

bool ValidSha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

Result<std::string> ReadPath(const std::string& path, std::int64_t max_bytes) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return Status::Invalid("cannot read " + fs::path(path).filename().string() + ": " + ec.message());
  if (static_cast<std::int64_t>(size) > max_bytes)
    return Status::Invalid(fs::path(path).filename().string() + " is larger than the limit of " +
                           std::to_string(max_bytes >> 20) + " MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read " + fs::path(path).filename().string());
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::uintmax_t>(in.gcount()) != size)
    return Status::Invalid("cannot read all of " + fs::path(path).filename().string());
  return bytes;
}

// What the plain and encrypted stores share: naming, atomic placement.
class FileBlobStoreBase : public BlobStore {
 public:
  explicit FileBlobStoreBase(std::string dir) : dir_(std::move(dir)) {}

  Result<std::string> Put(const std::string& bytes) override {
    std::string sha = Sha256Hex(bytes);
    if (sha.empty()) return Status::Internal("cannot hash the file");
    fs::path final_path = Where(sha);
    std::error_code ec;
    if (fs::exists(final_path, ec)) return sha;
    fs::create_directories(final_path.parent_path(), ec);
    if (ec) return Status::Internal("cannot create the document folder: " + ec.message());
    fs::path tmp = final_path;
    tmp += ".tmp" + std::to_string(::getpid()) + "." + std::to_string(counter_++);
    Status written = WriteBlob(bytes, tmp.string());
    if (!written.ok()) {
      fs::remove(tmp, ec);
      return written;
    }
    fs::rename(tmp, final_path, ec);
    if (ec) {
      fs::remove(tmp, ec);
      return Status::Internal("cannot store the document: " + ec.message());
    }
    return sha;
  }

  Result<std::string> PutFile(const std::string& path, std::int64_t max_bytes) override {
    auto bytes = ReadPath(path, max_bytes);
    if (!bytes.ok()) return bytes.status();
    return Put(*bytes);
  }

  bool Contains(const std::string& sha) override {
    std::error_code ec;
    return ValidSha(sha) && fs::exists(Where(sha), ec);
  }

  Status Remove(const std::string& sha) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    std::error_code ec;
    fs::remove(Where(sha), ec);
    if (ec) return Status::Internal("cannot delete the stored file " + sha.substr(0, 12) + ": " + ec.message());
    return Status::Ok();
  }

 protected:
  virtual Status WriteBlob(const std::string& bytes, const std::string& path) = 0;
  fs::path Where(const std::string& sha) const { return fs::path(dir_) / sha.substr(0, 2) / sha.substr(2); }
  Status Missing(const std::string& sha) const {
    return Status::NotFound("the stored file " + sha.substr(0, 12) + " is missing");
  }

  std::string dir_;
  std::atomic<unsigned long> counter_{0};
};

class FileBlobStore : public FileBlobStoreBase {
 public:
  using FileBlobStoreBase::FileBlobStoreBase;

  Result<std::string> Read(const std::string& sha, std::int64_t max_bytes) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    return ReadPath(Where(sha).string(), max_bytes);
  }

  Result<PlainFile> PathOf(const std::string& sha) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    fs::path p = Where(sha);
    std::error_code ec;
    if (!fs::exists(p, ec)) return Missing(sha);
    return PlainFile(p.string(), false);
  }

 protected:
  Status WriteBlob(const std::string& bytes, const std::string& path) override {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Status::Internal("cannot write to the document folder (is the disk full?)");
    return Status::Ok();
  }
};

// Largest blob a working copy is made of; far above any upload limit.
constexpr std::int64_t kMaxWorkingCopyBytes = std::int64_t{8} << 30;

class EncryptedBlobStore : public FileBlobStoreBase {
 public:
  EncryptedBlobStore(std::string dir, const crypt::DataKey& key, std::string scratch)
      : FileBlobStoreBase(std::move(dir)), key_(key), scratch_(std::move(scratch)) {
    std::error_code ec;
    fs::create_directories(scratch_, ec);
    fs::permissions(scratch_, fs::perms::owner_all, ec);
    RemoveOrphans();
  }

  Result<std::string> Read(const std::string& sha, std::int64_t max_bytes) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    std::error_code ec;
    if (!fs::exists(Where(sha), ec)) return Missing(sha);
    auto plain = crypt::OpenSealedFile(key_, Where(sha).string(), max_bytes);
    if (!plain.ok() && plain.status().code() == ErrorCode::kTooLarge)
      return Status::Invalid("the stored file " + sha.substr(0, 12) + " is larger than the limit of " +
                             std::to_string(max_bytes >> 20) + " MiB");
    return plain;
  }

  Result<PlainFile> PathOf(const std::string& sha) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    std::error_code ec;
    if (!fs::exists(Where(sha), ec)) return Missing(sha);
    std::string name = std::to_string(::getpid()) + "-" + std::to_string(counter_++) + "-" + sha.substr(0, 16);
    std::string path = (fs::path(scratch_) / name).string();
    PlainFile handle(path, true);  // removes a partial copy on failure too
    Status st = crypt::OpenSealedFileTo(key_, Where(sha).string(), path, kMaxWorkingCopyBytes);
    if (!st.ok()) return st;
    return handle;
  }

 protected:
  Status WriteBlob(const std::string& bytes, const std::string& path) override {
    return crypt::SealToFile(key_, bytes, path);
  }

 private:
  // Working copies are named "<pid>-..."; those of a process that is gone
  // (killed mid-task) are removed. Copies of running processes are kept.
  void RemoveOrphans() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(scratch_, ec)) {
      std::string name = e.path().filename().string();
      auto dash = name.find('-');
      long pid = 0;
      try {
        pid = std::stol(name.substr(0, dash));
      } catch (...) {
        continue;
      }
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove(e.path(), ec);
    }
  }

  crypt::DataKey key_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<BlobStore> MakeFileBlobStore(const std::string& dir) { return std::make_unique<FileBlobStore>(dir); }

std::unique_ptr<BlobStore> MakeEncryptedBlobStore(const std::string& dir, const crypt::DataKey& key,
                                                  const std::string& scratch_dir) {
  return std::make_unique<EncryptedBlobStore>(dir, key, scratch_dir);
}

Result<std::int64_t> SealPlainBlobs(const std::string& dir, const crypt::DataKey& key) {
  std::int64_t sealed = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return sealed;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) files.push_back(it->path());
  if (ec) return Status::Internal("cannot list the document folder: " + ec.message());
  for (const fs::path& p : files) {
    const std::string name = p.parent_path().filename().string() + p.filename().string();
    if (!ValidSha(name) || crypt::IsSealedFile(p.string())) continue;  // temporaries, or done already
    auto bytes = ReadPath(p.string(), kMaxWorkingCopyBytes);
    if (!bytes.ok()) return bytes.status();
    if (Sha256Hex(*bytes) != name)
      return Status::Internal("the stored file " + name.substr(0, 12) + " does not match its name: not encrypted; check the disk");
    fs::path tmp = p;
    tmp += ".seal" + std::to_string(::getpid());
    SARDESK_RETURN_IF_ERROR(crypt::SealToFile(key, *bytes, tmp.string()));
    std::error_code rc;
    fs::rename(tmp, p, rc);
    if (rc) return Status::Internal("cannot replace the stored file " + name.substr(0, 12) + ": " + rc.message());
    ++sealed;
  }
  return sealed;
}

}  // namespace sardesk::store
