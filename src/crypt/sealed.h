// Encryption of stored documents and of document content kept in the
// database. Adapter over libsodium: secretstream (XChaCha20-Poly1305) for
// files, in 64 KiB chunks, and XChaCha20-Poly1305 IETF AEAD for values.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypt/data_key.h"

namespace sardesk::crypt {

// Plaintext bytes per secretstream chunk.
inline constexpr std::size_t kChunkBytes = 64 * 1024;

// Whether a file starts like a sealed file (magic "SDSEAL1\n").
bool LooksSealed(std::string_view first_bytes);
bool IsSealedFile(const std::string& path);

// Writes `plain` to `path` sealed with `key` (the file is created or
// truncated, mode 0600). Not atomic: write to a temporary name and rename.
Status SealToFile(const DataKey& key, std::string_view plain, const std::string& path);
// Seals the file at `in_path` into `out_path`, streaming.
Status SealFile(const DataKey& key, const std::string& in_path, const std::string& out_path);

// Reads and authenticates a sealed file. A wrong key, a changed byte, a
// missing final chunk (truncation) or trailing bytes give an error.
Result<std::string> OpenSealedFile(const DataKey& key, const std::string& path, std::int64_t max_plain_bytes);
// The same, streaming into `out_path` (created with mode 0600).
Status OpenSealedFileTo(const DataKey& key, const std::string& path, const std::string& out_path,
                        std::int64_t max_plain_bytes);

// Short values (page text, word positions, redacted text) sealed for a
// database column: "sd1:" + base64(nonce || ciphertext). `context` (for
// example the column name) is authenticated, so a value cannot be moved to
// another column unnoticed.
class FieldCipher {
 public:
  // Uses a subkey derived from `master`; the master key is not kept.
  explicit FieldCipher(const DataKey& master);
  std::string Seal(std::string_view plain, std::string_view context) const;
  // Values without the "sd1:" prefix (written before encryption was turned
  // on) are returned unchanged; a sealed value that fails to authenticate is
  // an error.
  Result<std::string> Open(std::string_view stored, std::string_view context) const;
  static bool IsSealed(std::string_view stored);

  // A value proving which key sealed a data folder, kept in its settings.
  std::string MakeKeyCheck() const;
  bool MatchesKeyCheck(std::string_view check) const;

 private:
  DataKey key_;
};

}  // namespace sardesk::crypt
