// The master key of a data folder and where it comes from: a key file, the
// environment, or a default key generated once outside the data folder.
// Adapter over libsodium (with sealed.h). Thread-safe: keys are values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sardesk::crypt {

// 32 secret bytes; wiped when destroyed.
class DataKey {
 public:
  static constexpr std::size_t kBytes = 32;
  DataKey() = default;
  DataKey(const DataKey&) = default;
  DataKey& operator=(const DataKey&) = default;
  ~DataKey();

  // A fresh random key.
  static DataKey Generate();
  // 32 bytes written as base64 (standard or URL-safe, padding optional) or
  // as 64 hex digits; surrounding white space is ignored.
  static Result<DataKey> FromText(std::string_view text);
  std::string ToBase64() const;

  // A subkey for one purpose (crypto_kdf): `context` is exactly 8 characters.
  DataKey Derive(std::uint64_t id, const char (&context)[9]) const;

  const unsigned char* data() const { return bytes_.data(); }

 private:
  std::array<unsigned char, kBytes> bytes_{};
};

// Where the key came from, for messages (never the key itself).
struct LoadedKey {
  DataKey key;
  std::string source;  // "--key-file /x", "SARDESK_KEY", "default key file /x"
};

// Reads a key file. Refused: a file inside `data_dir`, a file that group or
// others may read, or one that does not hold a key.
Result<DataKey> ReadKeyFile(const std::string& path, const std::string& data_dir);

// Writes a new key file with mode 0600 (its folder made 0700 if missing).
// Refuses to overwrite an existing file.
Status WriteKeyFile(const DataKey& key, const std::string& path);

// $XDG_CONFIG_HOME/sardesk/data.key, else $HOME/.config/sardesk/data.key;
// empty when neither variable is set.
std::string DefaultKeyPath();

// The key for `data_dir`, in this order: `key_file` (the --key-file option),
// $SARDESK_KEY_FILE, $SARDESK_KEY (base64 or hex), then the default key
// file, generated on first use when `create_default` is true.
Result<LoadedKey> ResolveKey(const std::string& key_file, const std::string& data_dir, bool create_default);

}  // namespace sardesk::crypt
