#include "crypt/sealed.h"

#include <sodium.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace sardesk::crypt {

namespace {

constexpr char kMagic[] = "SDSEAL1\n";  // 8 bytes, then the secretstream header
constexpr std::size_t kMagicBytes = 8;
constexpr std::size_t kSealedChunk = kChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;
constexpr char kFieldPrefix[] = "sd1:";
constexpr char kKeyCheckText[] = "sardesk data folder key check";

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

FilePtr OpenPrivate(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  FilePtr f(::fdopen(fd, "wb"));
  if (!f) ::close(fd);
  return f;
}

// Streams plaintext chunks from `next` into a sealed file. `next` fills the
// buffer and returns the byte count, or -1 on a read error.
template <typename Next>
Status SealStream(const DataKey& key, const std::string& out_path, Next next) {
  FilePtr out = OpenPrivate(out_path);
  if (!out) return Status::Internal("cannot write to the document folder: " + std::string(std::strerror(errno)));
  crypto_secretstream_xchacha20poly1305_state st;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.data());
  bool ok = std::fwrite(kMagic, 1, kMagicBytes, out.get()) == kMagicBytes &&
            std::fwrite(header, 1, sizeof header, out.get()) == sizeof header;
  std::vector<unsigned char> plain(kChunkBytes), sealed(kSealedChunk);
  // Read one chunk ahead so the last one carries the FINAL tag.
  long long have = next(plain.data());
  if (have < 0) ok = false;
  std::vector<unsigned char> ahead(kChunkBytes);
  while (ok) {
    long long more = have == static_cast<long long>(kChunkBytes) ? next(ahead.data()) : 0;
    if (more < 0) { ok = false; break; }
    unsigned char tag = more == 0 ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
    unsigned long long sealed_len = 0;
    crypto_secretstream_xchacha20poly1305_push(&st, sealed.data(), &sealed_len, plain.data(),
                                               static_cast<unsigned long long>(have), nullptr, 0, tag);
    ok = std::fwrite(sealed.data(), 1, sealed_len, out.get()) == sealed_len;
    if (tag) break;
    plain.swap(ahead);
    have = more;
  }
  sodium_memzero(plain.data(), plain.size());
  sodium_memzero(ahead.data(), ahead.size());
  sodium_memzero(&st, sizeof st);
  if (ok) ok = std::fflush(out.get()) == 0 && ::fsync(::fileno(out.get())) == 0;
  if (!ok) {
    out.reset();
    std::remove(out_path.c_str());
    return Status::Internal("cannot write to the document folder (is the disk full?)");
  }
  return Status::Ok();
}

// Streams a sealed file's plaintext chunks to `sink(bytes, n)`.
template <typename Sink>
Status OpenStream(const DataKey& key, const std::string& path, std::int64_t max_plain_bytes, Sink sink) {
  const std::string name = "stored file " + path.substr(path.size() > 16 ? path.size() - 16 : 0);
  FilePtr in(std::fopen(path.c_str(), "rb"));
  if (!in) return Status::NotFound("the " + name + " is missing");
  unsigned char magic[kMagicBytes];
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  if (std::fread(magic, 1, kMagicBytes, in.get()) != kMagicBytes || std::memcmp(magic, kMagic, kMagicBytes) != 0)
    return Status::Internal("the " + name + " is not encrypted or not a sardesk file (run sardesk store encrypt)");
  if (std::fread(header, 1, sizeof header, in.get()) != sizeof header)
    return Status::Internal("the " + name + " is truncated");
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key.data()) != 0)
    return Status::Internal("the " + name + " has a damaged header");
  std::vector<unsigned char> sealed(kSealedChunk), plain(kChunkBytes);
  std::int64_t total = 0;
  bool final_seen = false;
  Status result;
  while (true) {
    size_t n = std::fread(sealed.data(), 1, sealed.size(), in.get());
    if (n == 0) break;
    if (final_seen) {
      result = Status::Internal("the " + name + " has bytes after its end: it was altered");
      break;
    }
    unsigned long long plain_len = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&st, plain.data(), &plain_len, &tag, sealed.data(), n, nullptr,
                                                   0) != 0) {
      result = Status::Internal("the " + name +
                                " cannot be decrypted: it was altered, or the data folder's key is not this one");
      break;
    }
    total += static_cast<std::int64_t>(plain_len);
    if (total > max_plain_bytes) {
      result = Status::TooLarge("the " + name + " is larger than the limit of " + std::to_string(max_plain_bytes >> 20) + " MiB");
      break;
    }
    result = sink(plain.data(), static_cast<size_t>(plain_len));
    if (!result.ok()) break;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) final_seen = true;
  }
  sodium_memzero(plain.data(), plain.size());
  sodium_memzero(&st, sizeof st);
  if (!result.ok()) return result;
  if (std::ferror(in.get())) return Status::Internal("cannot read the " + name);
  if (!final_seen) return Status::Internal("the " + name + " is truncated: its last part is missing");
  return Status::Ok();
}

}  // namespace

bool LooksSealed(std::string_view first_bytes) {
  return first_bytes.size() >= kMagicBytes && std::memcmp(first_bytes.data(), kMagic, kMagicBytes) == 0;
}

bool IsSealedFile(const std::string& path) {
  FilePtr in(std::fopen(path.c_str(), "rb"));
  if (!in) return false;
  char magic[kMagicBytes];
  size_t n = std::fread(magic, 1, kMagicBytes, in.get());
  return LooksSealed(std::string_view(magic, n));
}

Status SealToFile(const DataKey& key, std::string_view plain, const std::string& path) {
  size_t at = 0;
  return SealStream(key, path, [&](unsigned char* buf) -> long long {
    size_t n = std::min(kChunkBytes, plain.size() - at);
    std::memcpy(buf, plain.data() + at, n);
    at += n;
    return static_cast<long long>(n);
  });
}

Status SealFile(const DataKey& key, const std::string& in_path, const std::string& out_path) {
  FilePtr in(std::fopen(in_path.c_str(), "rb"));
  if (!in) return Status::Invalid("cannot read " + in_path + ": " + std::strerror(errno));
  return SealStream(key, out_path, [&](unsigned char* buf) -> long long {
    size_t n = std::fread(buf, 1, kChunkBytes, in.get());
    if (n < kChunkBytes && std::ferror(in.get())) return -1;
    return static_cast<long long>(n);
  });
}

Result<std::string> OpenSealedFile(const DataKey& key, const std::string& path, std::int64_t max_plain_bytes) {
  std::string out;
  Status st = OpenStream(key, path, max_plain_bytes, [&](const unsigned char* p, size_t n) {
    out.append(reinterpret_cast<const char*>(p), n);
    return Status::Ok();
  });
  if (!st.ok()) {
    sodium_memzero(out.data(), out.size());
    return st;
  }
  return out;
}

Status OpenSealedFileTo(const DataKey& key, const std::string& path, const std::string& out_path,
                        std::int64_t max_plain_bytes) {
  FilePtr out = OpenPrivate(out_path);
  if (!out) return Status::Internal("cannot write a working copy: " + std::string(std::strerror(errno)));
  Status st = OpenStream(key, path, max_plain_bytes, [&](const unsigned char* p, size_t n) {
    if (std::fwrite(p, 1, n, out.get()) != n) return Status::Internal("cannot write a working copy (is the disk full?)");
    return Status::Ok();
  });
  if (st.ok() && std::fflush(out.get()) != 0) st = Status::Internal("cannot write a working copy (is the disk full?)");
  out.reset();
  if (!st.ok()) std::remove(out_path.c_str());
  return st;
}

FieldCipher::FieldCipher(const DataKey& master) : key_(master.Derive(1, "sdfields")) {}

bool FieldCipher::IsSealed(std::string_view stored) { return stored.rfind(kFieldPrefix, 0) == 0; }

std::string FieldCipher::Seal(std::string_view plain, std::string_view context) const {
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> buf(kNonce + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  randombytes_buf(buf.data(), kNonce);
  unsigned long long len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(buf.data() + kNonce, &len, reinterpret_cast<const unsigned char*>(plain.data()),
                                             plain.size(), reinterpret_cast<const unsigned char*>(context.data()),
                                             context.size(), nullptr, buf.data(), key_.data());
  const size_t total = kNonce + static_cast<size_t>(len);
  std::string out(sodium_base64_ENCODED_LEN(total, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), total, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return kFieldPrefix + out;
}

Result<std::string> FieldCipher::Open(std::string_view stored, std::string_view context) const {
  if (!IsSealed(stored)) return std::string(stored);
  std::string_view b64 = stored.substr(sizeof kFieldPrefix - 1);
  constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::vector<unsigned char> buf(b64.size() * 3 / 4 + 3);
  size_t len = 0;
  if (sodium_base642bin(buf.data(), buf.size(), b64.data(), b64.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      len < kNonce + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return Status::Internal("an encrypted value in the database is damaged");
  std::string out(len - kNonce - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &out_len, nullptr,
                                                 buf.data() + kNonce, len - kNonce,
                                                 reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                                 buf.data(), key_.data()) != 0)
    return Status::Internal("an encrypted value in the database cannot be decrypted: it was altered, or the key is not this data folder's");
  out.resize(static_cast<size_t>(out_len));
  return out;
}

std::string FieldCipher::MakeKeyCheck() const { return Seal(kKeyCheckText, "key_check"); }

bool FieldCipher::MatchesKeyCheck(std::string_view check) const {
  auto opened = Open(check, "key_check");
  return IsSealed(check) && opened.ok() && *opened == kKeyCheckText;
}

}  // namespace sardesk::crypt
