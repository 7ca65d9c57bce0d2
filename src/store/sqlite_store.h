// The embedded SQLite backend: WAL, foreign keys, versioned migrations that
// run on open, and an append-only audit table guarded by triggers.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace sardesk::store {

// Opens (creating if needed) the database at `path` and migrates it to the
// current schema. ":memory:" gives a private in-memory database for tests.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The schema version this build writes.
int CurrentSchemaVersion();

}  // namespace sardesk::store
