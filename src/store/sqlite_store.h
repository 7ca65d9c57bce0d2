// The embedded SQLite backend: WAL, foreign keys, versioned migrations that
// run on open, and an append-only audit table guarded by triggers.
#pragma once

#include <memory>
#include <string>

#include "crypt/data_key.h"
#include "store/store.h"

namespace sardesk::store {

// Opens (creating if needed) the database at `path` and migrates it to the
// current schema. ":memory:" gives a private in-memory database for tests.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);
// The same, with document content (page text and words, redacted text)
// sealed with `key` (issue 8; docs/storage.md). The first open with a key
// seals what was written before and records a key check; later opens with
// another key are refused.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const crypt::DataKey* key);

// The schema version this build writes.
int CurrentSchemaVersion();

}  // namespace sardesk::store
