#include "crypt/data_key.h"

#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace sardesk::crypt {

namespace fs = std::filesystem;

namespace {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();  // no usable random source
  });
}

std::string Trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

// Whether `inner` is `outer` or lies below it (after resolving links).
bool Inside(const fs::path& inner, const fs::path& outer) {
  std::error_code ec;
  fs::path a = fs::weakly_canonical(inner, ec);
  if (ec) a = fs::absolute(inner);
  fs::path b = fs::weakly_canonical(outer, ec);
  if (ec) b = fs::absolute(outer);
  auto ai = a.begin();
  for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
    if (bi->empty()) continue;  // trailing slash
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

}  // namespace

DataKey::~DataKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

DataKey DataKey::Generate() {
  EnsureSodium();
  DataKey k;
  crypto_secretstream_xchacha20poly1305_keygen(k.bytes_.data());
  return k;
}

Result<DataKey> DataKey::FromText(std::string_view text) {
  EnsureSodium();
  std::string t = Trim(text);
  DataKey k;
  size_t len = 0;
  if (t.size() == 64 &&
      sodium_hex2bin(k.bytes_.data(), k.bytes_.size(), t.data(), t.size(), nullptr, &len, nullptr) == 0 &&
      len == kBytes)
    return k;
  for (int variant : {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    len = 0;
    if (sodium_base642bin(k.bytes_.data(), k.bytes_.size(), t.data(), t.size(), nullptr, &len, nullptr, variant) == 0 &&
        len == kBytes)
      return k;
  }
  return Status::Invalid("the key is not 32 bytes written as base64 or 64 hex digits");
}

std::string DataKey::ToBase64() const {
  EnsureSodium();
  char out[sodium_base64_ENCODED_LEN(kBytes, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(out, sizeof out, bytes_.data(), bytes_.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string s(out);
  sodium_memzero(out, sizeof out);
  return s;
}

DataKey DataKey::Derive(std::uint64_t id, const char (&context)[9]) const {
  EnsureSodium();
  DataKey sub;
  crypto_kdf_derive_from_key(sub.bytes_.data(), sub.bytes_.size(), id, context, bytes_.data());
  return sub;
}

Result<DataKey> ReadKeyFile(const std::string& path, const std::string& data_dir) {
  if (!data_dir.empty() && Inside(path, data_dir))
    return Status::Invalid("the key file " + path + " is inside the data folder: keep it elsewhere");
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return Status::Invalid("cannot read the key file " + path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::Invalid("the key file " + path + " is not a regular file");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    return Status::Invalid("the key file " + path + " can be read by other users: run chmod 600 " + path);
  std::ifstream in(path, std::ios::binary);
  std::string text(256, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  auto key = DataKey::FromText(text);
  sodium_memzero(text.data(), text.size());
  if (!key.ok()) return Status::Invalid("the key file " + path + " does not hold a key: " + key.status().message());
  return key;
}

Status WriteKeyFile(const DataKey& key, const std::string& path) {
  fs::path p(path);
  std::error_code ec;
  if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) return Status::Invalid("cannot create the folder for the key file: " + ec.message());
    fs::permissions(p.parent_path(), fs::perms::owner_all, ec);
  }
  // Written under a private name, then linked into place: a reader never
  // sees half a key and two writers racing keep the first key.
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::Invalid("cannot write the key file " + path + ": " + std::strerror(errno));
  std::string text = key.ToBase64() + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return Status::Invalid("cannot write the key file " + path);
  }
  int rc = ::link(tmp.c_str(), path.c_str());
  int err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0) {
    if (err == EEXIST) return Status::Conflict("the key file " + path + " already exists: not overwritten");
    return Status::Invalid("cannot write the key file " + path + ": " + std::strerror(err));
  }
  return Status::Ok();
}

std::string DefaultKeyPath() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return (fs::path(x) / "sardesk" / "data.key").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".config" / "sardesk" / "data.key").string();
  return "";
}

Result<LoadedKey> ResolveKey(const std::string& key_file, const std::string& data_dir, bool create_default) {
  auto from_file = [&](const std::string& path, const std::string& source) -> Result<LoadedKey> {
    auto k = ReadKeyFile(path, data_dir);
    if (!k.ok()) return k.status();
    return LoadedKey{*k, source};
  };
  if (!key_file.empty()) return from_file(key_file, "--key-file " + key_file);
  if (const char* f = std::getenv("SARDESK_KEY_FILE"); f && *f) return from_file(f, std::string("SARDESK_KEY_FILE ") + f);
  if (const char* k = std::getenv("SARDESK_KEY"); k && *k) {
    auto key = DataKey::FromText(k);
    if (!key.ok()) return Status::Invalid("SARDESK_KEY: " + key.status().message());
    return LoadedKey{*key, "SARDESK_KEY"};
  }
  std::string def = DefaultKeyPath();
  if (def.empty())
    return Status::Invalid("no encryption key: give --key-file, or set SARDESK_KEY_FILE or SARDESK_KEY (docs/storage.md)");
  std::error_code ec;
  if (!fs::exists(def, ec)) {
    if (!create_default)
      return Status::Invalid("no encryption key at " + def + ": give --key-file, or set SARDESK_KEY_FILE or SARDESK_KEY");
    Status st = WriteKeyFile(DataKey::Generate(), def);
    if (!st.ok() && st.code() != ErrorCode::kConflict) return st;  // kConflict: another process made it first
  }
  return from_file(def, "default key file " + def);
}

}  // namespace sardesk::crypt
