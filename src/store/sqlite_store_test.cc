#include "store/sqlite_store.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sardesk::store {
namespace {

// A raw SQLite connection on the same file, to look behind the store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path;
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs sql; returns the SQLite result code, the message in *error.
  int Exec(const std::string& sql, std::string* error = nullptr) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (error) *error = err ? err : "";
    sqlite3_free(err);
    return rc;
  }
  // The first column of the first row, as text ("" when no row).
  std::string Text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot prepare " << sql << ": " << sqlite3_errmsg(db_);
      return "";
    }
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* p = sqlite3_column_text(s, 0);
      out = p ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3_finalize(s);
    return out;
  }
  std::int64_t Int(const std::string& sql) { return std::stoll(Text(sql)); }

 private:
  sqlite3* db_ = nullptr;
};

std::string MakeTempDir() {
  std::string tmpl = ::testing::TempDir() + "sardesk_store_XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  char* dir = mkdtemp(buf.data());
  if (!dir) {
    ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    return "";
  }
  return dir;
}

audit::AuditEntry Entry(const std::string& action, const std::string& id) {
  audit::AuditEntry e;
  e.at = "2025-09-10T12:00:00.000Z";
  e.actor = "ava";
  e.action = action;
  e.entity = "case";
  e.entity_id = id;
  e.before = "{}";
  e.after = "{\"x\":1}";
  return e;
}

CaseRow Row(const std::string& reference, std::int64_t audit_seq) {
  CaseRow r;
  r.reference = reference;
  r.version = 1;
  r.status = "received";
  r.route = "sar";
  r.subject_key = "jane doe";
  r.subject_dob = "1980-01-01";
  r.received = "2025-09-10";
  r.due = "2025-10-10";
  r.stage_due = "2025-09-11";
  r.open = true;
  r.audit_seq = audit_seq;
  r.updated_at = "2025-09-10T12:00:00.000Z";
  r.document = "{\"reference\":\"" + reference + "\"}";
  return r;
}

// Appends an audit entry and inserts a case row pointing at it, as the
// service does when it creates a request.
Status AddCase(Transaction& tx, CaseRow row) {
  auto e = tx.AppendAudit(Entry("case.create", row.reference));
  if (!e.ok()) return e.status();
  row.audit_seq = e->seq;
  return tx.InsertCase(row);
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ASSERT_FALSE(dir_.empty());
    path_ = dir_ + "/sardesk.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<Store> Open() {
    auto s = OpenSqliteStore(path_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return nullptr;
    return std::move(*s);
  }

  std::optional<CaseRow> Find(Store& store, const std::string& ref) {
    std::optional<CaseRow> out;
    Status st = store.Read([&](Transaction& tx) -> Status {
      auto r = tx.FindCase(ref);
      if (!r.ok()) return r.status();
      out = *r;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::vector<std::string> Refs(Store& store, const CaseQuery& q) {
    std::vector<std::string> out;
    Status st = store.Read([&](Transaction& tx) -> Status {
      auto rows = tx.ListCases(q);
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) out.push_back(r.reference);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  std::int64_t Count(Store& store, const CaseQuery& q) {
    std::int64_t n = -1;
    Status st = store.Read([&](Transaction& tx) -> Status {
      auto c = tx.CountCases(q);
      if (!c.ok()) return c.status();
      n = *c;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return n;
  }

  std::string dir_;
  std::string path_;
};

// --- Schema and migrations ---

TEST_F(SqliteStoreTest, OpeningCreatesTheSchema) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), CurrentSchemaVersion());
  EXPECT_GE(CurrentSchemaVersion(), 1);
  EXPECT_EQ(store->Describe(), "sqlite:" + path_);
  RawDb raw(path_);
  for (const char* table : {"audit_log", "audit_head", "cases", "sequences", "holidays", "users", "settings",
                            "schema_migrations"}) {
    EXPECT_EQ(raw.Int(std::string("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='") + table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM sqlite_master WHERE type='trigger'"), 2);
}

TEST_F(SqliteStoreTest, ReopeningDoesNotRerunMigrations) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); }).ok());
  }
  for (int i = 0; i < 2; ++i) {
    auto store = Open();
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), CurrentSchemaVersion());
    EXPECT_TRUE(Find(*store, "SAR-2025-000001").has_value());  // data survives
  }
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM schema_migrations"), CurrentSchemaVersion());
  EXPECT_EQ(raw.Int("SELECT COUNT(DISTINCT version) FROM schema_migrations"), CurrentSchemaVersion());
  EXPECT_EQ(raw.Int("SELECT MAX(version) FROM schema_migrations"), CurrentSchemaVersion());
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerVersion) {
  { ASSERT_TRUE(Open()); }
  {
    RawDb raw(path_);
    ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'later')"), SQLITE_OK);
  }
  auto s = OpenSqliteStore(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("upgrade"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("999"), std::string::npos) << s.status().message();
}

TEST_F(SqliteStoreTest, UsesWriteAheadLogging) {
  auto store = Open();
  ASSERT_TRUE(store);
  RawDb raw(path_);
  EXPECT_EQ(raw.Text("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, EnforcesForeignKeys) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status st = store->Write([](Transaction& tx) { return tx.InsertCase(Row("SAR-2025-000001", 42)); });
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("FOREIGN KEY"), std::string::npos) << st.message();
  EXPECT_FALSE(Find(*store, "SAR-2025-000001").has_value());
}

TEST_F(SqliteStoreTest, InMemoryDatabaseWorks) {
  auto s = OpenSqliteStore(":memory:");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_TRUE((*s)->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); }).ok());
}

// --- Cases ---

TEST_F(SqliteStoreTest, InsertFindUpdateRoundTrip) {
  auto store = Open();
  ASSERT_TRUE(store);
  CaseRow row = Row("SAR-2025-000001", 0);
  row.assigned_officer = "ava";
  row.open = true;
  ASSERT_TRUE(store->Write([&](Transaction& tx) { return AddCase(tx, row); }).ok());

  auto found = Find(*store, "SAR-2025-000001");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->status, "received");
  EXPECT_EQ(found->route, "sar");
  EXPECT_EQ(found->assigned_officer, "ava");
  EXPECT_EQ(found->subject_key, "jane doe");
  EXPECT_EQ(found->subject_dob, "1980-01-01");
  EXPECT_EQ(found->received, "2025-09-10");
  EXPECT_EQ(found->due, "2025-10-10");
  EXPECT_EQ(found->stage_due, "2025-09-11");
  EXPECT_TRUE(found->open);
  EXPECT_EQ(found->audit_seq, 1);
  EXPECT_EQ(found->document, row.document);
  EXPECT_FALSE(Find(*store, "SAR-2025-000002").has_value());

  CaseRow updated = *found;
  updated.version = 2;
  updated.status = "closed";
  updated.open = false;
  updated.document = "{\"reference\":\"SAR-2025-000001\",\"status\":\"closed\"}";
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    auto e = tx.AppendAudit(Entry("case.transition", updated.reference));
    if (!e.ok()) return e.status();
    updated.audit_seq = e->seq;
    return tx.UpdateCase(updated, 1);
  }).ok());
  auto again = Find(*store, "SAR-2025-000001");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ(again->status, "closed");
  EXPECT_FALSE(again->open);
  EXPECT_EQ(again->audit_seq, 2);
  EXPECT_EQ(again->document, updated.document);
}

TEST_F(SqliteStoreTest, UpdateWithAStaleVersionIsAConflict) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); }).ok());
  CaseRow stale = *Find(*store, "SAR-2025-000001");
  stale.version = 3;
  stale.status = "closed";
  Status st = store->Write([&](Transaction& tx) { return tx.UpdateCase(stale, 2); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  EXPECT_NE(st.message().find("reload"), std::string::npos) << st.message();
  auto found = Find(*store, "SAR-2025-000001");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->status, "received");
}

TEST_F(SqliteStoreTest, UpdateOfAMissingCaseIsAConflict) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status st = store->Write([](Transaction& tx) { return tx.UpdateCase(Row("SAR-2025-000009", 0), 1); });
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
}

TEST_F(SqliteStoreTest, DuplicateReferenceIsRefused) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); }).ok());
  Status st = store->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); });
  EXPECT_EQ(st.code(), ErrorCode::kConflict);
  // The failed write's audit entry was rolled back too.
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log"), 1);
}

TEST_F(SqliteStoreTest, InvalidJsonDocumentIsRefused) {
  auto store = Open();
  ASSERT_TRUE(store);
  CaseRow row = Row("SAR-2025-000001", 0);
  row.document = "{not json";
  EXPECT_FALSE(store->Write([&](Transaction& tx) { return AddCase(tx, row); }).ok());
  EXPECT_FALSE(Find(*store, "SAR-2025-000001").has_value());
}

// --- Transactions ---

TEST_F(SqliteStoreTest, FailedWriteRollsBackEverything) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status st = store->Write([](Transaction& tx) -> Status {
    auto n = tx.NextSequence("SAR-2025");
    if (!n.ok()) return n.status();
    EXPECT_EQ(*n, 1);
    SARDESK_RETURN_IF_ERROR(AddCase(tx, Row("SAR-2025-000001", 0)));
    SARDESK_RETURN_IF_ERROR(tx.PutSetting("council", "{}"));
    return Status::Invalid("changed my mind");
  });
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "changed my mind");
  EXPECT_FALSE(Find(*store, "SAR-2025-000001").has_value());

  std::int64_t next = 0;
  std::optional<audit::ChainHead> head;
  std::optional<std::string> setting;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(next, tx.NextSequence("SAR-2025"));
    SARDESK_ASSIGN_OR_RETURN(head, tx.AuditHead());
    SARDESK_ASSIGN_OR_RETURN(setting, tx.GetSetting("council"));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(next, 1) << "the rolled-back sequence number must not be consumed";
  EXPECT_FALSE(head.has_value());
  EXPECT_FALSE(setting.has_value());
}

TEST_F(SqliteStoreTest, ExceptionInWriteRollsBack) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status st = store->Write([](Transaction& tx) -> Status {
    (void)AddCase(tx, Row("SAR-2025-000001", 0));
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(st.code(), ErrorCode::kInternal);
  EXPECT_NE(st.message().find("boom"), std::string::npos);
  EXPECT_FALSE(Find(*store, "SAR-2025-000001").has_value());
  // The store is still usable afterwards.
  EXPECT_TRUE(store->Write([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); }).ok());
}

TEST_F(SqliteStoreTest, ReadTransactionsRefuseWrites) {
  auto store = Open();
  ASSERT_TRUE(store);
  Status st = store->Read([](Transaction& tx) { return AddCase(tx, Row("SAR-2025-000001", 0)); });
  EXPECT_FALSE(st.ok());
  st = store->Read([](Transaction& tx) { return tx.PutSetting("a", "b"); });
  EXPECT_FALSE(st.ok());
  st = store->Read([](Transaction& tx) -> Status { return tx.NextSequence("X").status(); });
  EXPECT_FALSE(st.ok());
  EXPECT_FALSE(Find(*store, "SAR-2025-000001").has_value());
}

TEST_F(SqliteStoreTest, NextSequenceCountsPerKey) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<std::int64_t> got;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    for (const char* key : {"SAR-2025", "SAR-2025", "FOI-2025", "SAR-2025", "SAR-2026", "FOI-2025"}) {
      SARDESK_ASSIGN_OR_RETURN(std::int64_t n, tx.NextSequence(key));
      got.push_back(n);
    }
    return Status::Ok();
  }).ok());
  EXPECT_EQ(got, (std::vector<std::int64_t>{1, 2, 1, 3, 1, 2}));
  // Carries on across transactions and reopening.
  store.reset();
  store = Open();
  ASSERT_TRUE(store);
  std::int64_t n = 0;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(n, tx.NextSequence("SAR-2025"));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(n, 4);
}

// --- Audit log ---

TEST_F(SqliteStoreTest, AppendAuditChainsHashes) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<audit::AuditEntry> appended;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    for (int i = 1; i <= 3; ++i) {
      SARDESK_ASSIGN_OR_RETURN(auto e, tx.AppendAudit(Entry("case.update", "SAR-2025-00000" + std::to_string(i))));
      appended.push_back(e);
    }
    return Status::Ok();
  }).ok());
  ASSERT_EQ(appended.size(), 3u);
  EXPECT_EQ(appended[0].seq, 1);
  EXPECT_EQ(appended[1].seq, 2);
  EXPECT_EQ(appended[2].seq, 3);
  EXPECT_EQ(appended[0].prev_hash, audit::kGenesisHash);
  EXPECT_EQ(appended[1].prev_hash, appended[0].hash);
  EXPECT_EQ(appended[2].prev_hash, appended[1].hash);
  for (const auto& e : appended) EXPECT_EQ(e.hash, audit::ComputeHash(e));

  std::vector<audit::AuditEntry> read;
  std::optional<audit::ChainHead> head;
  ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(read, tx.ReadAudit({}));
    SARDESK_ASSIGN_OR_RETURN(head, tx.AuditHead());
    return Status::Ok();
  }).ok());
  ASSERT_EQ(read.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read[i].seq, appended[i].seq);
    EXPECT_EQ(read[i].hash, appended[i].hash);
    EXPECT_EQ(read[i].prev_hash, appended[i].prev_hash);
    EXPECT_EQ(read[i].actor, "ava");
    EXPECT_EQ(read[i].after, "{\"x\":1}");
  }
  ASSERT_TRUE(head);
  EXPECT_EQ(head->seq, 3);
  EXPECT_EQ(head->hash, appended[2].hash);

  audit::ChainVerifier v;
  for (const auto& e : read) v.Add(e);
  v.Finish(head);
  EXPECT_TRUE(v.ok());
}

TEST_F(SqliteStoreTest, ChainContinuesAcrossTransactions) {
  auto store = Open();
  ASSERT_TRUE(store);
  audit::AuditEntry first, second;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(first, tx.AppendAudit(Entry("a", "1")));
    return Status::Ok();
  }).ok());
  store.reset();
  store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(second, tx.AppendAudit(Entry("b", "2")));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.prev_hash, first.hash);
}

TEST_F(SqliteStoreTest, ReadAuditFiltersAndPages) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    for (const char* id : {"A", "B", "A", "A", "B"}) {
      auto e = tx.AppendAudit(Entry("case.update", id));
      if (!e.ok()) return e.status();
    }
    auto u = Entry("user.put", "A");
    u.entity = "user";
    return tx.AppendAudit(u).status();
  }).ok());
  auto seqs = [&](const AuditQuery& q) {
    std::vector<std::int64_t> out;
    EXPECT_TRUE(store->Read([&](Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ReadAudit(q));
      for (const auto& e : rows) out.push_back(e.seq);
      return Status::Ok();
    }).ok());
    return out;
  };
  EXPECT_EQ(seqs({"case", "A", 0, 1000}), (std::vector<std::int64_t>{1, 3, 4}));
  EXPECT_EQ(seqs({"case", "", 0, 1000}), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(seqs({"", "A", 0, 1000}), (std::vector<std::int64_t>{1, 3, 4, 6}));
  EXPECT_EQ(seqs({"", "", 2, 2}), (std::vector<std::int64_t>{3, 4}));
}

TEST_F(SqliteStoreTest, AuditLogIsAppendOnly) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([](Transaction& tx) { return tx.AppendAudit(Entry("a", "1")).status(); }).ok());
  RawDb raw(path_);
  std::string err;
  EXPECT_NE(raw.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1", &err), SQLITE_OK);
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  EXPECT_NE(raw.Exec("DELETE FROM audit_log WHERE seq = 1", &err), SQLITE_OK);
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  EXPECT_EQ(raw.Text("SELECT actor FROM audit_log WHERE seq = 1"), "ava");
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log"), 1);
}

// --- Lists ---

class ListCasesTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    store_ = Open();
    ASSERT_TRUE(store_);
    struct Spec {
      const char* ref;
      const char* status;
      const char* officer;
      const char* key;
      const char* due;
      bool open;
    };
    const Spec specs[] = {
        {"SAR-2025-000001", "searching", "ava", "jane doe", "2025-10-20", true},
        {"SAR-2025-000002", "received", "", "john smith", "", true},
        {"SAR-2025-000003", "closed", "ava", "jane doe", "2025-09-01", false},
        {"SAR-2025-000004", "searching", "ben", "100% sure", "2025-10-05", true},
        {"FOI-2025-000001", "received", "ben", "mary_ann lee", "2025-10-15", true},
        {"SAR-2025-000005", "validated", "", "maryxann lee", "2025-10-15", true},
    };
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
      for (const auto& s : specs) {
        CaseRow r = Row(s.ref, 0);
        r.status = s.status;
        r.assigned_officer = s.officer;
        r.subject_key = s.key;
        r.due = s.due;
        r.open = s.open;
        SARDESK_RETURN_IF_ERROR(AddCase(tx, r));
      }
      return Status::Ok();
    }).ok());
  }
  std::unique_ptr<Store> store_;
};

TEST_F(ListCasesTest, OrdersOpenFirstThenByDueDate) {
  // Open by due date (FOI before SAR-5 on the same date, by reference), open
  // without a due date last of the open ones, then closed.
  EXPECT_EQ(Refs(*store_, {}),
            (std::vector<std::string>{"SAR-2025-000004", "FOI-2025-000001", "SAR-2025-000005", "SAR-2025-000001",
                                      "SAR-2025-000002", "SAR-2025-000003"}));
  EXPECT_EQ(Count(*store_, {}), 6);
}

TEST_F(ListCasesTest, FiltersByStatus) {
  CaseQuery q;
  q.status = "searching";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000004", "SAR-2025-000001"}));
  EXPECT_EQ(Count(*store_, q), 2);
}

TEST_F(ListCasesTest, FiltersByOfficerAndOpen) {
  CaseQuery q;
  q.officer = "ava";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000001", "SAR-2025-000003"}));
  q.open_only = true;
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000001"}));
  EXPECT_EQ(Count(*store_, q), 1);
  CaseQuery open;
  open.open_only = true;
  EXPECT_EQ(Count(*store_, open), 5);
}

TEST_F(ListCasesTest, TextMatchesReferenceOrSubjectCaseInsensitively) {
  CaseQuery q;
  q.text = "JANE";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000001", "SAR-2025-000003"}));
  q.text = "foi-2025";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"FOI-2025-000001"}));
  q.text = "000002";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000002"}));
  EXPECT_EQ(Count(*store_, q), 1);
}

TEST_F(ListCasesTest, TextTreatsWildcardsLiterally) {
  CaseQuery q;
  q.text = "%";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000004"}));
  q.text = "0% s";
  EXPECT_EQ(Count(*store_, q), 1);
  q.text = "_";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"FOI-2025-000001"}));
  q.text = "mary_ann";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"FOI-2025-000001"}));
  q.text = "\\";
  EXPECT_EQ(Count(*store_, q), 0);
}

TEST_F(ListCasesTest, FiltersBySubjectDobAndReceivedFrom) {
  ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
    CaseRow r = Row("SAR-2025-000006", 0);
    r.subject_dob = "1990-02-02";
    r.received = "2025-09-12";
    return AddCase(tx, r);
  }).ok());
  CaseQuery q;
  q.subject_dob = "1990-02-02";
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"SAR-2025-000006"}));
  CaseQuery from;
  from.received_from = "2025-09-11";
  EXPECT_EQ(Refs(*store_, from), (std::vector<std::string>{"SAR-2025-000006"}));
}

TEST_F(ListCasesTest, LimitAndOffsetPage) {
  CaseQuery q;
  q.limit = 2;
  q.offset = 1;
  EXPECT_EQ(Refs(*store_, q), (std::vector<std::string>{"FOI-2025-000001", "SAR-2025-000005"}));
  EXPECT_EQ(Count(*store_, q), 6);  // the count ignores paging
}

// --- Accounts and sessions (issue 8) ---

TEST_F(SqliteStoreTest, CredentialsSessionsFailuresAndShares) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([](Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PutUser({"ava", "Ava", "ig_officer", "", true, ""}));
    SARDESK_RETURN_IF_ERROR(tx.PutUser({"priya", "Priya", "service_area_contact", "", true, "childrens"}));
    SARDESK_RETURN_IF_ERROR(tx.PutCredential({"ava", "$argon2id$one", "2025-09-10T12:00:00Z", "admin"}));
    SARDESK_RETURN_IF_ERROR(tx.PutCredential({"ava", "$argon2id$two", "2025-09-11T12:00:00Z", "admin"}));
    SARDESK_RETURN_IF_ERROR(tx.InsertSession({"h1", "ava", "c1", 100, 100}));
    SARDESK_RETURN_IF_ERROR(tx.InsertSession({"h2", "ava", "c2", 200, 200}));
    SARDESK_RETURN_IF_ERROR(tx.TouchSession("h2", 250));
    SARDESK_RETURN_IF_ERROR(tx.PutSignInFailure({"u:x", 3, 90, 0}));
    return tx.PutSignInFailure({"u:x", 4, 95, 120});
  }).ok());
  ASSERT_TRUE(store->Read([](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto c, tx.FindCredential("ava"));
    EXPECT_TRUE(c && c->password_hash == "$argon2id$two");
    SARDESK_ASSIGN_OR_RETURN(auto none, tx.FindCredential("priya"));
    EXPECT_FALSE(none);
    SARDESK_ASSIGN_OR_RETURN(auto s, tx.FindSession("h2"));
    EXPECT_TRUE(s && s->last_seen_at == 250 && s->csrf_token == "c2");
    SARDESK_ASSIGN_OR_RETURN(auto f, tx.FindSignInFailure("u:x"));
    EXPECT_TRUE(f && f->failures == 4 && f->locked_until == 120);
    SARDESK_ASSIGN_OR_RETURN(auto u, tx.FindUser("priya"));
    EXPECT_TRUE(u && u->service_area == "childrens");
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(store->Write([](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto purged, tx.PurgeSessions(150, 0));  // h1 signed in before 150
    EXPECT_EQ(purged, 1);
    SARDESK_ASSIGN_OR_RETURN(auto ended, tx.DeleteUserSessions("ava"));
    EXPECT_EQ(ended, 1);
    return tx.DeleteSignInFailure("u:x");
  }).ok());
  ASSERT_TRUE(store->Read([](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto s, tx.FindSession("h2"));
    EXPECT_FALSE(s);
    SARDESK_ASSIGN_OR_RETURN(auto f, tx.FindSignInFailure("u:x"));
    EXPECT_FALSE(f);
    return Status::Ok();
  }).ok());
}

TEST_F(SqliteStoreTest, Migration9GivesOldRolesTheSignInContractsNames) {
  ASSERT_TRUE(Open());  // at the newest version; wind it back to 8 by hand
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const char* sql =
        // Undo 12, 11 and 10, then 9.
        "DROP INDEX cases_received; DROP TABLE portal_uploads; DROP TABLE portal_downloads; DROP TABLE portal_links; "
        "DROP TABLE portal_sessions; DROP TABLE portal_codes; DROP TABLE portal_accounts; "
        "DROP TABLE retention_destructions; "
        "DROP TABLE case_shares; DROP TABLE sign_in_failures; DROP TABLE sessions; DROP TABLE credentials; "
        "ALTER TABLE users DROP COLUMN service_area; DELETE FROM schema_migrations WHERE version >= 9; "
        "INSERT INTO users (username, display_name, role) VALUES ('a', 'A', 'admin'), ('s', 'S', 'service_contact'), "
        "('c', 'C', 'caldicott_guardian'), ('o', 'O', 'ig_officer');";
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_close(db);
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), CurrentSchemaVersion());
  ASSERT_TRUE(store->Read([](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto users, tx.ListUsers());
    std::map<std::string, std::string> roles;
    for (const auto& u : users) roles[u.username] = u.role;
    EXPECT_EQ(roles["a"], "administrator");
    EXPECT_EQ(roles["s"], "service_area_contact");
    EXPECT_EQ(roles["c"], "dpo");
    EXPECT_EQ(roles["o"], "ig_officer");
    return Status::Ok();
  }).ok());
}

// --- Holidays, users, settings ---

TEST_F(SqliteStoreTest, HolidaysUsersAndSettings) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write([](Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.AddHoliday({"scotland", "2025-11-03", "Extra", "cara", "2025-09-10T12:00:00Z"}));
    SARDESK_RETURN_IF_ERROR(tx.PutUser({"ava", "Ava", "ig_officer", "ava@example.org", true, ""}));
    SARDESK_RETURN_IF_ERROR(tx.PutUser({"ava", "Ava A", "ig_manager", "", false, ""}));
    return tx.PutSetting("council", "{\"a\":1}");
  }).ok());
  Status dup = store->Write([](Transaction& tx) {
    return tx.AddHoliday({"scotland", "2025-11-03", "Again", "cara", "2025-09-10T12:00:00Z"});
  });
  EXPECT_EQ(dup.code(), ErrorCode::kConflict);
  EXPECT_NE(dup.message().find("already"), std::string::npos);
  ASSERT_TRUE(store->Read([](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto hols, tx.ListHolidays());
    EXPECT_EQ(hols.size(), 1u);
    if (!hols.empty()) {
      EXPECT_EQ(hols[0].title, "Extra");
    }
    SARDESK_ASSIGN_OR_RETURN(auto user, tx.FindUser("ava"));
    EXPECT_TRUE(user.has_value());
    if (user) {  // NOLINT
      EXPECT_EQ(user->display_name, "Ava A");
      EXPECT_EQ(user->role, "ig_manager");
      EXPECT_FALSE(user->active);
    }
    SARDESK_ASSIGN_OR_RETURN(auto nobody, tx.FindUser("zed"));
    EXPECT_FALSE(nobody.has_value());
    SARDESK_ASSIGN_OR_RETURN(auto users, tx.ListUsers());
    EXPECT_EQ(users.size(), 1u);
    SARDESK_ASSIGN_OR_RETURN(auto setting, tx.GetSetting("council"));
    EXPECT_EQ(setting.value_or(""), "{\"a\":1}");
    return Status::Ok();
  }).ok());
}

// --- Crash safety ---

// Runs in a forked child: creates cases forever the way the service does
// (numbering, audit entry, then the case row, in one transaction). Tells the
// parent through `ready_fd` once the first case is committed.
[[noreturn]] void WriteForever(const std::string& path, int ready_fd) {
  auto opened = OpenSqliteStore(path);
  if (!opened.ok()) _exit(2);
  Store& store = **opened;
  bool told = false;
  for (;;) {
    Status st = store.Write([](Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(std::int64_t n, tx.NextSequence("SAR-2025"));
      std::string ref = "SAR-2025-" + std::to_string(1000000 + n).substr(1);
      audit::AuditEntry e = Entry("case.create", ref);
      e.after = std::string(2000, 'x');  // make each write take a little longer
      SARDESK_ASSIGN_OR_RETURN(auto appended, tx.AppendAudit(e));
      CaseRow row = Row(ref, appended.seq);
      row.document = "{\"reference\":\"" + ref + "\",\"pad\":\"" + std::string(4000, 'y') + "\"}";
      return tx.InsertCase(row);
    });
    if (!st.ok()) _exit(3);
    if (!told) {
      char c = 'r';
      if (write(ready_fd, &c, 1) != 1) _exit(4);
      told = true;
    }
  }
}

TEST_F(SqliteStoreTest, SurvivesBeingKilledMidWrite) {
  std::int64_t previous_cases = 0;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      WriteForever(path_, fds[1]);
    }
    close(fds[1]);
    char c = 0;
    ssize_t got = read(fds[0], &c, 1);  // the child has committed at least once
    close(fds[0]);
    if (got == 1) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(pid, SIGKILL);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    ASSERT_EQ(got, 1) << "the child failed before writing (exit " << WEXITSTATUS(wstatus) << ")";
    ASSERT_TRUE(WIFSIGNALED(wstatus)) << "the child stopped by itself: exit " << WEXITSTATUS(wstatus);

    auto store = Open();
    ASSERT_TRUE(store) << "the database does not open after the kill";
    {
      RawDb raw(path_);
      EXPECT_EQ(raw.Text("PRAGMA integrity_check"), "ok");
      EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM cases WHERE audit_seq NOT IN (SELECT seq FROM audit_log)"), 0);
      EXPECT_EQ(raw.Text("PRAGMA foreign_key_check"), "");
    }
    std::int64_t cases = Count(*store, {});
    EXPECT_GT(cases, previous_cases) << "the child made no progress";
    previous_cases = cases;
    RecordProperty("cases_after_round_" + std::to_string(round), std::to_string(cases));

    std::vector<audit::AuditEntry> entries;
    std::optional<audit::ChainHead> head;
    ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
      AuditQuery q;
      q.limit = 100000000;
      SARDESK_ASSIGN_OR_RETURN(entries, tx.ReadAudit(q));
      SARDESK_ASSIGN_OR_RETURN(head, tx.AuditHead());
      return Status::Ok();
    }).ok());
    std::int64_t creates = 0;
    for (const auto& e : entries) creates += e.action == "case.create" ? 1 : 0;
    EXPECT_EQ(creates, cases) << "a case without its audit entry, or the other way round";

    audit::ChainVerifier v;
    for (const auto& e : entries) v.Add(e);
    v.Finish(head);
    EXPECT_TRUE(v.ok()) << (v.problems().empty() ? "" : v.problems()[0].problem);
    EXPECT_EQ(v.entries(), cases);

    // The numbering moved exactly once per committed case: a killed
    // transaction consumed nothing.
    RawDb raw(path_);
    EXPECT_EQ(raw.Int("SELECT value FROM sequences WHERE key = 'SAR-2025'"), cases);
  }
}

TEST_F(SqliteStoreTest, PageExclusionsAndReadingSpeedAreKept) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::int64_t id = 0;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(AddCase(tx, Row("SAR-2025-000001", 0)));
    DocumentRow d;
    d.case_ref = "SAR-2025-000001";
    d.filename = "scan.tiff";
    d.media_type = "image/tiff";
    d.sha256 = std::string(64, 'a');
    d.uploaded_by = "ava";
    d.uploaded_at = "2025-09-10T12:00:00.000Z";
    d.pages_per_second = 1.5;
    SARDESK_ASSIGN_OR_RETURN(id, tx.InsertDocument(d));
    PageRow p;
    p.document_id = id;
    p.case_ref = d.case_ref;
    p.excluded = true;
    p.exclusion_reason = "Police report";
    return tx.PutPage(p);
  }).ok());
  ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(id));
    EXPECT_TRUE(doc.has_value());
    if (doc) {
      EXPECT_EQ(doc->pages_per_second, 1.5);
    }
    PageQuery q;
    q.document_id = id;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    EXPECT_EQ(pages.size(), 1u);
    if (!pages.empty()) {
      EXPECT_TRUE(pages[0].excluded);
      EXPECT_EQ(pages[0].exclusion_reason, "Police report");
    }
    return Status::Ok();
  }).ok());
}

TEST_F(SqliteStoreTest, ConsentsConcernsFlagsAndMeetingsAreKept) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::int64_t doc = 0, consent = 0, concern = 0;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(AddCase(tx, Row("SAR-2025-000001", 0)));
    DocumentRow d;
    d.case_ref = "SAR-2025-000001";
    d.filename = "note.pdf";
    d.media_type = "application/pdf";
    d.sha256 = std::string(64, 'a');
    d.uploaded_by = "ava";
    d.uploaded_at = "2025-09-10T12:00:00.000Z";
    SARDESK_ASSIGN_OR_RETURN(doc, tx.InsertDocument(d));
    ConsentRow c{0, "SAR-2025-000001", "Dorota Carter", "refused", "letter", "ava", "2025-09-09", 4, "current",
                 "ava", "2025-09-10T12:00:00.000Z", ""};
    SARDESK_ASSIGN_OR_RETURN(consent, tx.InsertConsent(c));
    c.id = consent;
    c.status = "superseded";
    SARDESK_RETURN_IF_ERROR(tx.UpdateConsent(c));
    StaffConcernRow k;
    k.case_ref = "SAR-2025-000001";
    k.name = "Iris Davies";
    k.kind = "violence";
    k.reason = "assault on record";
    k.exemption = "serious_harm";
    k.recorded_by = "ava";
    k.recorded_at = "2025-09-10T12:00:00.000Z";
    SARDESK_ASSIGN_OR_RETURN(concern, tx.InsertStaffConcern(k));
    SARDESK_RETURN_IF_ERROR(tx.PutSafeguardingFlag({"SAR-2025-000001", doc, 1, "self_harm", 1, "ava", "t"}));
    SARDESK_RETURN_IF_ERROR(tx.PutSafeguardingFlag({"SAR-2025-000001", doc, 1, "self_harm", 3, "ava", "t"}));
    SARDESK_RETURN_IF_ERROR(tx.PutSafeguardingCheck({doc, "SAR-2025-000001", "ava", "t"}));
    SafeguardingMeetingRow m;
    m.case_ref = "SAR-2025-000001";
    m.held_on = "2025-09-10";
    m.attendees_json = "[\"Cara\"]";
    m.outcome = "release";
    m.documents_json = "[" + std::to_string(doc) + "]";
    m.recorded_by = "cara";
    m.recorded_at = "t";
    return tx.InsertSafeguardingMeeting(m).status();
  }).ok());
  // Values the schema forbids are refused.
  Status bad = store->Write([&](Transaction& tx) -> Status {
    StaffConcernRow k;
    k.case_ref = "SAR-2025-000001";
    k.name = "x";
    k.kind = "rudeness";
    k.reason = "x";
    k.exemption = "serious_harm";
    return tx.InsertStaffConcern(k).status();
  });
  EXPECT_FALSE(bad.ok());
  ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto consents, tx.ListConsents("SAR-2025-000001"));
    EXPECT_EQ(consents.size(), 1u);
    if (!consents.empty()) {
      EXPECT_EQ(consents[0].status, "superseded");
      EXPECT_EQ(consents[0].rule_id, 4);
    }
    SARDESK_ASSIGN_OR_RETURN(auto concerns, tx.ListStaffConcerns("SAR-2025-000001"));
    EXPECT_EQ(concerns.size(), 1u);
    SARDESK_ASSIGN_OR_RETURN(auto flags, tx.ListSafeguardingFlags("SAR-2025-000001"));
    EXPECT_EQ(flags.size(), 1u);
    if (!flags.empty()) {
      EXPECT_EQ(flags[0].sentences, 3);
    }
    SARDESK_ASSIGN_OR_RETURN(auto checks, tx.ListSafeguardingChecks("SAR-2025-000001"));
    EXPECT_EQ(checks.size(), 1u);
    SARDESK_ASSIGN_OR_RETURN(auto meetings, tx.ListSafeguardingMeetings("SAR-2025-000001"));
    EXPECT_EQ(meetings.size(), 1u);
    SARDESK_ASSIGN_OR_RETURN(std::int64_t uses, tx.CountExemptionUses("serious_harm"));
    EXPECT_EQ(uses, 1);  // the active staff concern
    return Status::Ok();
  }).ok());
}

}  // namespace
}  // namespace sardesk::store
