// `sardesk key generate`, `sardesk store encrypt|export|rotate-key` and
// `sardesk retention run`:
// the data folder's encryption key and the retention schedule (issue 8;
// docs/storage.md).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "service/retention_service.h"
#include "store/blob_store.h"
#include "store/key_rotation.h"

namespace sardesk::cli {

// How the commands reach the data folder, opened on first use.
struct StoreCommandServices {
  std::function<service::RetentionService&()> retention;
  // Opens the data folder (sealing anything written before encryption) and
  // says how many stored files that open sealed.
  std::function<std::int64_t()> open_encrypted;
  // The data folder's stored files.
  std::function<store::BlobStore&()> blobs;
  // Re-encrypts the data folder with the key in this file (docs/storage.md),
  // without opening it otherwise; the current key is found as for any command.
  std::function<Result<store::KeyRotationReport>(const std::string& new_key_file)> rotate_key;
};

// Adds the subcommands; when one is chosen, *run is set to the work. A user
// error sets exit_code to 1 with one line on stderr.
void AddStoreCommands(CLI::App& app, std::function<void()>& run, int& exit_code, StoreCommandServices services,
                      const std::string* actor, const bool* json);

}  // namespace sardesk::cli
