#include "store/blob_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include "common/sha256.h"

namespace sardesk::store {

namespace fs = std::filesystem;

namespace {

bool ValidSha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class FileBlobStore : public BlobStore {
 public:
  explicit FileBlobStore(std::string dir) : dir_(std::move(dir)) {}

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
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.flush();
      if (!out) {
        fs::remove(tmp, ec);
        return Status::Internal("cannot write to the document folder (is the disk full?)");
      }
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

  Result<std::string> Read(const std::string& sha, std::int64_t max_bytes) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    return ReadPath(Where(sha).string(), max_bytes);
  }

  Result<std::string> PathOf(const std::string& sha) override {
    if (!ValidSha(sha)) return Status::Invalid("not a document hash");
    fs::path p = Where(sha);
    std::error_code ec;
    if (!fs::exists(p, ec)) return Status::NotFound("the stored file " + sha.substr(0, 12) + " is missing");
    return p.string();
  }

 private:
  fs::path Where(const std::string& sha) const { return fs::path(dir_) / sha.substr(0, 2) / sha.substr(2); }

  static Result<std::string> ReadPath(const std::string& path, std::int64_t max_bytes) {
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
    if (static_cast<std::uintmax_t>(in.gcount()) != size) return Status::Invalid("cannot read all of " + fs::path(path).filename().string());
    return bytes;
  }

  std::string dir_;
  std::atomic<unsigned long> counter_{0};
};

}  // namespace

std::unique_ptr<BlobStore> MakeFileBlobStore(const std::string& dir) { return std::make_unique<FileBlobStore>(dir); }

}  // namespace sardesk::store
