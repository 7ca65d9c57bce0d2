#include "store/key_rotation.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "common/sha256.h"
#include "crypt/sealed.h"
#include "store/sqlite_store.h"

namespace sardesk::store {
namespace {

namespace fs = std::filesystem;

// Every database column sealed with the data folder's key (sqlite_store.cc
// seals them on write). A column added there must be added here.
struct SealedColumn {
  const char* table;
  const char* column;
  bool seal_plain;  // also seal values still plain (queued before sealing began)
};
constexpr SealedColumn kSealedColumns[] = {
    {"pages", "text", false},         {"pages", "words", false},        {"redactions", "text", false},
    {"redaction_rules", "text", false}, {"letters", "text", false},     {"oidc_pending", "nonce", false},
    {"oidc_pending", "verifier", false}, {"outbox", "message", true},
};

constexpr char kKeyCheck[] = "encryption.key_check";
// The new key's check while a rotation is under way: a second run must use
// the same new key.
constexpr char kRotationTo[] = "encryption.rotation_to";
constexpr std::int64_t kMaxFileBytes = std::int64_t{8} << 30;
constexpr char kTempSuffix[] = ".rotating";

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Status DbError(sqlite3* db, const std::string& what) {
  return Status::Internal("rotating the key: " + what + ": " + sqlite3_errmsg(db));
}

Result<Stmt> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) return DbError(db, "preparing");
  return Stmt(raw);
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : "unknown error";
  sqlite3_free(err);
  return Status::Internal("rotating the key: " + msg);
}

std::string Text(sqlite3_stmt* s, int col) {
  const unsigned char* t = sqlite3_column_text(s, col);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s, col)))
           : std::string();
}

Result<std::optional<std::string>> GetSetting(sqlite3* db, const char* key) {
  SARDESK_ASSIGN_OR_RETURN(Stmt s, Prepare(db, "SELECT value FROM settings WHERE key = ?"));
  sqlite3_bind_text(s.get(), 1, key, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(s.get());
  if (rc == SQLITE_ROW) return std::optional<std::string>(Text(s.get(), 0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return DbError(db, "reading a setting");
}

Status PutSetting(sqlite3* db, const char* key, const std::string& value) {
  SARDESK_ASSIGN_OR_RETURN(Stmt s, Prepare(db, "INSERT INTO settings (key, value) VALUES (?, ?) "
                                               "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  sqlite3_bind_text(s.get(), 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s.get()) != SQLITE_DONE) return DbError(db, "saving a setting");
  return Status::Ok();
}

Result<bool> TableExists(sqlite3* db, const char* table) {
  SARDESK_ASSIGN_OR_RETURN(Stmt s, Prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"));
  sqlite3_bind_text(s.get(), 1, table, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(s.get());
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return DbError(db, "reading the schema");
  return rc == SQLITE_ROW;
}

Result<Db> OpenRaw(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return Status::Invalid("cannot open the database " + path);
  sqlite3_busy_timeout(db.get(), 5000);
  // Replaced values are overwritten in the file, not left in free pages.
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA secure_delete = ON"));
  return db;
}

bool IsHex(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Makes sure a rename is on disk before the next file is touched.
void SyncFolder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// The stored files (DATA/blobs/ab/cdef..., 64 hex digits in all), sorted;
// temporaries of an interrupted run are removed.
Result<std::vector<fs::path>> StoredFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const fs::path& p = it->path();
    std::string file = p.filename().string();
    if (file.size() > sizeof kTempSuffix && file.ends_with(kTempSuffix)) {
      std::error_code rm;
      fs::remove(p, rm);
      continue;
    }
    std::string name = p.parent_path().filename().string() + file;
    if (name.size() == 64 && IsHex(name)) out.push_back(p);
  }
  if (ec) return Status::Internal("cannot list the document folder: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

enum class FileOutcome { kResealed, kAlready };

Result<FileOutcome> RotateFile(const fs::path& p, const crypt::DataKey& old_key, const crypt::DataKey& new_key) {
  const std::string name = p.parent_path().filename().string() + p.filename().string();
  const std::string shown = name.substr(0, 12);
  std::string plain;
  if (!crypt::IsSealedFile(p.string())) {
    // Written before encryption and never sealed: checked, then sealed with the new key.
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec || static_cast<std::int64_t>(size) > kMaxFileBytes) return Status::Internal("cannot read the stored file " + shown);
    std::string bytes(size, '\0');
    std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(p.c_str(), "rb"), &std::fclose);
    if (!in || std::fread(bytes.data(), 1, bytes.size(), in.get()) != bytes.size())
      return Status::Internal("cannot read the stored file " + shown);
    plain = std::move(bytes);
  } else {
    auto opened = crypt::OpenSealedFile(old_key, p.string(), kMaxFileBytes);
    if (!opened.ok()) {
      // Done by an earlier, interrupted run?
      if (crypt::OpenSealedFile(new_key, p.string(), kMaxFileBytes).ok()) return FileOutcome::kAlready;
      return Status::Internal("the stored file " + shown +
                              " opens with neither key: it is damaged. Nothing was switched: restore it from a "
                              "backup and run the rotation again");
    }
    plain = std::move(*opened);
  }
  if (Sha256Hex(plain) != name)
    return Status::Internal("the stored file " + shown + " does not match its name: check the disk, then run again");
  fs::path tmp = p;
  tmp += kTempSuffix;
  SARDESK_RETURN_IF_ERROR(crypt::SealToFile(new_key, plain, tmp.string()));  // written and synced
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) return Status::Internal("cannot replace the stored file " + shown + ": " + ec.message());
  SyncFolder(p.parent_path());
  return FileOutcome::kResealed;
}

// Re-seals every sealed value and switches the key check, in one transaction.
Result<std::int64_t> RotateDatabase(sqlite3* db, const crypt::FieldCipher& old_c, const crypt::FieldCipher& new_c) {
  SARDESK_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  std::int64_t values = 0;
  Status st = [&]() -> Status {
    for (const auto& c : kSealedColumns) {
      SARDESK_ASSIGN_OR_RETURN(bool exists, TableExists(db, c.table));
      if (!exists) continue;
      const std::string ctx = std::string(c.table) + "." + c.column;
      std::vector<std::int64_t> rows;
      {
        std::string sql = std::string("SELECT rowid FROM ") + c.table;
        if (!c.seal_plain) sql += std::string(" WHERE ") + c.column + " LIKE 'sd1:%'";
        SARDESK_ASSIGN_OR_RETURN(Stmt sel, Prepare(db, sql));
        int rc;
        while ((rc = sqlite3_step(sel.get())) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(sel.get(), 0));
        if (rc != SQLITE_DONE) return DbError(db, "reading " + ctx);
      }
      SARDESK_ASSIGN_OR_RETURN(Stmt get, Prepare(db, std::string("SELECT ") + c.column + " FROM " + c.table +
                                                         " WHERE rowid = ?"));
      SARDESK_ASSIGN_OR_RETURN(Stmt put, Prepare(db, std::string("UPDATE ") + c.table + " SET " + c.column +
                                                         " = ? WHERE rowid = ?"));
      for (std::int64_t row : rows) {
        sqlite3_reset(get.get());
        sqlite3_bind_int64(get.get(), 1, row);
        if (sqlite3_step(get.get()) != SQLITE_ROW) return DbError(db, "reading " + ctx);
        auto plain = old_c.Open(Text(get.get(), 0), ctx);
        if (!plain.ok())
          return Status::Internal("a value in " + ctx + " does not open with the old key: nothing was switched");
        std::string sealed = new_c.Seal(*plain, ctx);
        sqlite3_reset(put.get());
        sqlite3_bind_text(put.get(), 1, sealed.data(), static_cast<int>(sealed.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(put.get(), 2, row);
        if (sqlite3_step(put.get()) != SQLITE_DONE) return DbError(db, "re-encrypting " + ctx);
        ++values;
      }
    }
    SARDESK_RETURN_IF_ERROR(PutSetting(db, kKeyCheck, new_c.MakeKeyCheck()));
    SARDESK_ASSIGN_OR_RETURN(Stmt del, Prepare(db, "DELETE FROM settings WHERE key = ?"));
    sqlite3_bind_text(del.get(), 1, kRotationTo, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(del.get()) != SQLITE_DONE) return DbError(db, "finishing the rotation");
    return Status::Ok();
  }();
  if (!st.ok()) {
    (void)Exec(db, "ROLLBACK");
    return st;
  }
  SARDESK_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  return values;
}

}  // namespace

Result<KeyRotationReport> RotateDataKey(const std::string& data_dir, const crypt::DataKey& old_key,
                                        const crypt::DataKey& new_key, const AfterFileHook& after_file) {
  const fs::path db_path = fs::path(data_dir) / "sardesk.db";
  std::error_code ec;
  if (!fs::exists(db_path, ec)) return Status::Invalid("no data folder at " + data_dir + " (no sardesk.db): nothing to rotate");
  const crypt::FieldCipher old_c(old_key);
  const crypt::FieldCipher new_c(new_key);
  if (new_c.MatchesKeyCheck(old_c.MakeKeyCheck()))
    return Status::Invalid("the new key is the key in use: make a new one with sardesk key generate");
  std::optional<std::string> check, marker;
  {
    SARDESK_ASSIGN_OR_RETURN(Db raw, OpenRaw(db_path.string()));
    SARDESK_ASSIGN_OR_RETURN(bool has_settings, TableExists(raw.get(), "settings"));
    if (has_settings) {
      SARDESK_ASSIGN_OR_RETURN(check, GetSetting(raw.get(), kKeyCheck));
      SARDESK_ASSIGN_OR_RETURN(marker, GetSetting(raw.get(), kRotationTo));
      if (check && !marker && new_c.MatchesKeyCheck(*check))
        return Status::Invalid("the data folder is already encrypted with the new key: use that key from now on");
    }
  }
  KeyRotationReport report;
  if (marker) {
    // Interrupted: the database is still the old key's (it switches last).
    if (!check || !old_c.MatchesKeyCheck(*check))
      return Status::Invalid("the encryption key does not open this data folder: give the key it was made with");
    if (!new_c.MatchesKeyCheck(*marker))
      return Status::Invalid("an interrupted key rotation was to a different new key: run it again with that key's file");
    report.resumed = true;
  } else {
    // Checks the old key (refused with the usual message), brings the schema
    // up to date and seals anything still plain, as any open does.
    auto opened = OpenSqliteStore(db_path.string(), &old_key);
    if (!opened.ok()) return opened.status();
  }
  SARDESK_ASSIGN_OR_RETURN(Db db, OpenRaw(db_path.string()));
  if (!marker) {
    // Recorded before any file changes, so an interruption is recognised.
    SARDESK_RETURN_IF_ERROR(PutSetting(db.get(), kRotationTo, new_c.MakeKeyCheck()));
  }
  SARDESK_ASSIGN_OR_RETURN(auto files, StoredFiles(fs::path(data_dir) / "blobs"));
  for (const auto& p : files) {
    SARDESK_ASSIGN_OR_RETURN(FileOutcome outcome, RotateFile(p, old_key, new_key));
    if (outcome == FileOutcome::kAlready) {
      ++report.files_already;
      continue;
    }
    ++report.files_resealed;
    if (after_file) SARDESK_RETURN_IF_ERROR(after_file(report.files_resealed));
  }
  SARDESK_ASSIGN_OR_RETURN(report.values_resealed, RotateDatabase(db.get(), old_c, new_c));
  // The old ciphertext leaves the file and the write-ahead log.
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "VACUUM"));
  (void)Exec(db.get(), "PRAGMA wal_checkpoint(TRUNCATE)");
  return report;
}

}  // namespace sardesk::store
