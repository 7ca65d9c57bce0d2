#include "auth/crypto.h"

#include <sodium.h>

#include <array>
#include <mutex>

namespace sardesk::auth {
namespace {

void EnsureInitialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init returns 1 when already initialised; -1 only if the
    // system's random source is unusable, which nothing here can survive.
    if (sodium_init() < 0) std::abort();
  });
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, HashStrength strength) {
  EnsureInitialised();
  if (password.size() > 1024) return Status::Invalid("password: at most 1024 characters");
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (strength == HashStrength::kMinimal) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(), ops, mem) != 0)
    return Status::Internal("could not hash the password (out of memory)");
  return std::string(out.data());
}

bool VerifyPassword(const std::string& stored_hash, std::string_view password) {
  EnsureInitialised();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomDigits(int n) {
  EnsureInitialised();
  std::string out;
  for (int i = 0; i < n && i < 12; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

std::string RandomToken() {
  EnsureInitialised();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 64> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data());
}

std::string TokenDigest(std::string_view token) {
  EnsureInitialised();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  EnsureInitialised();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sardesk::auth
