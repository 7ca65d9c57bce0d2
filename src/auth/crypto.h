// Password hashing, random tokens and digests for accounts and sessions.
// Adapter over libsodium: the only place its headers appear. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace sardesk::auth {

// How costly a password hash is. kInteractive is what accounts use;
// kMinimal exists so tests that sign in many times stay fast, and must not
// be used for real accounts.
enum class HashStrength { kInteractive, kMinimal };

// Argon2id, in libsodium's self-describing string form ($argon2id$v=19$...).
Result<std::string> HashPassword(std::string_view password, HashStrength strength = HashStrength::kInteractive);
// Whether `password` matches the stored hash; false for a malformed hash.
bool VerifyPassword(const std::string& stored_hash, std::string_view password);

// A fresh random 256-bit value, base64url without padding (43 characters).
std::string RandomToken();
// What is stored in place of a token: a keyed-free BLAKE2b-256 digest, hex.
// Tokens are 256-bit random, so a plain digest cannot be reversed.
std::string TokenDigest(std::string_view token);
// `n` uniformly random decimal digits (a one-time code), 1 <= n <= 12.
std::string RandomDigits(int n);
// Compares in time independent of where the strings differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sardesk::auth
