#include "bundle/secure_output.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace sardesk::bundle {
namespace {

constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";  // 31 symbols, no look-alikes
constexpr int kIterations = 200000;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

std::string Hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

bool FromHex(const std::string& hex, std::string* out) {
  if (hex.size() % 2) return false;
  auto val = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = val(hex[i]), lo = val(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool Derive(const std::string& password, const std::string& salt, int iterations, unsigned char* out) {
  return PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                           reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                           iterations, EVP_sha256(), static_cast<int>(kHashBytes), out) == 1;
}

struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct EntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};

}  // namespace

Result<std::string> NewReleasePassword() {
  std::string out;
  for (int group = 0; group < 5; ++group) {
    if (group) out += '-';
    for (int i = 0; i < 5; ++i) {
      // Rejection sampling keeps every symbol equally likely.
      unsigned char byte = 0;
      do {
        if (RAND_bytes(&byte, 1) != 1) return Status::Internal("the system's random source failed");
      } while (byte >= 31 * 8);
      out += kAlphabet[byte % 31];
    }
  }
  return out;
}

Result<std::string> HashReleasePassword(const std::string& password) {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) return Status::Internal("the system's random source failed");
  unsigned char hash[kHashBytes];
  std::string salt_bytes(reinterpret_cast<char*>(salt), sizeof salt);
  if (!Derive(password, salt_bytes, kIterations, hash)) return Status::Internal("the password could not be hashed");
  return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + Hex(salt, sizeof salt) + "$" + Hex(hash, sizeof hash);
}

bool ReleasePasswordMatches(const std::string& password, const std::string& stored) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= stored.size(); ++i)
    if (i == stored.size() || stored[i] == '$') {
      parts.push_back(stored.substr(start, i - start));
      start = i + 1;
    }
  if (parts.size() != 4 || parts[0] != "pbkdf2-sha256" || parts[1].empty() || parts[1].size() > 7) return false;
  for (char c : parts[1])
    if (c < '0' || c > '9') return false;
  std::string salt, expected;
  if (!FromHex(parts[2], &salt) || !FromHex(parts[3], &expected) || expected.size() != kHashBytes) return false;
  unsigned char hash[kHashBytes];
  if (!Derive(password, salt, std::stoi(parts[1]), hash)) return false;
  return CRYPTO_memcmp(hash, expected.data(), kHashBytes) == 0;
}

Status WriteEncryptedZip(const std::vector<ArchiveFile>& files, const std::string& password,
                         const std::string& out_path) {
  if (password.empty()) return Status::Invalid("an encrypted archive needs a password");
  std::unique_ptr<archive, ArchiveWriteFree> a(archive_write_new());
  if (!a) return Status::Internal("libarchive could not start a zip");
  auto fail = [&](const std::string& what) {
    return Status::Internal("the encrypted archive could not be written (" + what +
                            "): " + (archive_error_string(a.get()) ? archive_error_string(a.get()) : "unknown error"));
  };
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) return fail("zip format");
  // AES-256 needs libarchive built with a crypto library (Debian's is).
  if (archive_write_set_options(a.get(), "zip:encryption=aes256") != ARCHIVE_OK) return fail("AES-256");
  if (archive_write_set_passphrase(a.get(), password.c_str()) != ARCHIVE_OK) return fail("passphrase");
  if (archive_write_open_filename(a.get(), out_path.c_str()) != ARCHIVE_OK) return fail("open");
  for (const auto& f : files) {
    std::ifstream in(f.path, std::ios::binary);
    if (!in) return Status::Internal("cannot read " + f.name + " for the archive");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<la_int64_t>(in.tellg());
    in.seekg(0);
    std::unique_ptr<archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), f.name.c_str());
    archive_entry_set_size(e.get(), size);
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return fail("header of " + f.name);
    std::vector<char> buf(1 << 20);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      auto n = in.gcount();
      if (n > 0 && archive_write_data(a.get(), buf.data(), static_cast<size_t>(n)) < 0) return fail("data of " + f.name);
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return fail("close");
  return Status::Ok();
}

Result<std::vector<ArchiveContent>> ReadEncryptedZip(const std::string& path, const std::string& password) {
  std::unique_ptr<archive, ArchiveReadFree> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  archive_read_add_passphrase(a.get(), password.c_str());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return Status::Invalid("the archive could not be opened");
  std::vector<ArchiveContent> out;
  archive_entry* e = nullptr;
  int r;
  while ((r = archive_read_next_header(a.get(), &e)) == ARCHIVE_OK) {
    ArchiveContent c;
    c.name = archive_entry_pathname(e);
    char buf[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) c.bytes.append(buf, static_cast<size_t>(n));
    if (n < 0) return Status::Invalid("the archive could not be read with this password");
    out.push_back(std::move(c));
  }
  if (r != ARCHIVE_EOF) return Status::Invalid("the archive could not be read");
  return out;
}

}  // namespace sardesk::bundle
