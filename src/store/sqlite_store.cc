#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <mutex>
#include <set>
#include <optional>
#include <string_view>

#include "crypt/sealed.h"

namespace sardesk::store {

namespace {

// Migrations run in order on open; each runs once, inside a transaction.
// Never edit a released migration: add a new one.
constexpr std::string_view kMigrations[] = {
    // 1: the case register, audit trail, sequences, holidays, users, settings.
    R"sql(
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE cases (
  reference TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  status TEXT NOT NULL,
  route TEXT NOT NULL,
  assigned_officer TEXT NOT NULL DEFAULT '',
  subject_key TEXT NOT NULL,
  subject_dob TEXT NOT NULL DEFAULT '',
  received TEXT NOT NULL,
  due TEXT NOT NULL DEFAULT '',
  stage_due TEXT NOT NULL DEFAULT '',
  is_open INTEGER NOT NULL,
  audit_seq INTEGER NOT NULL REFERENCES audit_log(seq),
  updated_at TEXT NOT NULL,
  document TEXT NOT NULL CHECK (json_valid(document))
);
CREATE INDEX cases_status ON cases(status);
CREATE INDEX cases_subject ON cases(subject_dob, subject_key);
CREATE INDEX cases_officer ON cases(assigned_officer);
CREATE INDEX cases_due ON cases(is_open, due);
CREATE TABLE sequences (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE holidays (
  region TEXT NOT NULL,
  date TEXT NOT NULL,
  title TEXT NOT NULL,
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (region, date)
);
CREATE TABLE users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
    // 2: service areas and their single points of contact (issue 3).
    R"sql(
CREATE TABLE service_areas (
  id TEXT PRIMARY KEY,
  document TEXT NOT NULL CHECK (json_valid(document)),
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  case_ref TEXT NOT NULL,
  message TEXT NOT NULL CHECK (json_valid(message)),
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_status ON outbox(status, id);
)sql",
    // 3: documents collected for a case and their pages (issue 3).
    R"sql(
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  parent_id INTEGER NOT NULL DEFAULT 0,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  service_area TEXT NOT NULL DEFAULT '',
  search_task_id INTEGER NOT NULL DEFAULT 0,
  uploaded_by TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT NOT NULL DEFAULT '',
  pdf_sha256 TEXT NOT NULL DEFAULT '',
  page_count INTEGER NOT NULL DEFAULT 0,
  pages_done INTEGER NOT NULL DEFAULT 0,
  excluded INTEGER NOT NULL DEFAULT 0,
  exclusion_reason TEXT NOT NULL DEFAULT '',
  duplicate_of INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_case ON documents(case_ref, id);
CREATE INDEX documents_status ON documents(status, id);
CREATE TABLE pages (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL,
  case_ref TEXT NOT NULL,
  width REAL NOT NULL,
  height REAL NOT NULL,
  text TEXT NOT NULL,
  words TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  simhash INTEGER NOT NULL,
  ocr_confidence REAL NOT NULL DEFAULT -1,
  duplicate_of_document INTEGER NOT NULL DEFAULT 0,
  duplicate_of_page INTEGER NOT NULL DEFAULT 0,
  duplicate_kind TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (document_id, page_index)
);
CREATE INDEX pages_case ON pages(case_ref, text_sha256);
)sql",
    // 4: single pages left out of the bundle, and how fast a document is being read (issue 3).
    R"sql(
ALTER TABLE pages ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN exclusion_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN pages_per_second REAL NOT NULL DEFAULT 0;
)sql",
    // 5: redactions, case rules, redacted copies of documents and QA reviews (issue 5).
    R"sql(
CREATE TABLE redactions (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('box', 'page', 'document')),
  boxes TEXT NOT NULL CHECK (json_valid(boxes)),
  span_start INTEGER NOT NULL DEFAULT -1,
  span_end INTEGER NOT NULL DEFAULT -1,
  text TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  party TEXT NOT NULL DEFAULT '',
  exemption TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('detection', 'officer', 'rule', 'qa')),
  status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
  rule_id INTEGER NOT NULL DEFAULT 0,
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  dedupe_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX redactions_case ON redactions(case_ref, document_id, page_index, id);
CREATE UNIQUE INDEX redactions_dedupe ON redactions(case_ref, dedupe_key) WHERE dedupe_key <> '';
CREATE TABLE redaction_rules (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  text TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('redact', 'keep')),
  exemption TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX redaction_rules_case ON redaction_rules(case_ref, id);
CREATE TABLE redacted_documents (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  source_sha256 TEXT NOT NULL,
  redacted_sha256 TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  redactions INTEGER NOT NULL,
  pages TEXT NOT NULL CHECK (json_valid(pages)),
  applied_by TEXT NOT NULL,
  applied_at TEXT NOT NULL
);
CREATE INDEX redacted_documents_case ON redacted_documents(case_ref, document_id);
CREATE TABLE qa_reviews (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  round INTEGER NOT NULL,
  seed TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'passed', 'sent_back')),
  pages TEXT NOT NULL CHECK (json_valid(pages)),
  bundle_pages INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  decided_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX qa_reviews_case ON qa_reviews(case_ref, id);
CREATE UNIQUE INDEX qa_reviews_one_open ON qa_reviews(case_ref) WHERE status = 'open';
)sql",
    // 6: third-party consent, staff safeguarding concerns, safeguarding flags,
    // checks and meetings, and what a QA pass vouched for (issue 5).
    R"sql(
ALTER TABLE qa_reviews ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
CREATE TABLE third_party_consents (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  name TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('consented', 'refused', 'reasonable')),
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_on TEXT NOT NULL,
  rule_id INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  superseded_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX third_party_consents_case ON third_party_consents(case_ref, id);
CREATE TABLE staff_concerns (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  name TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('violence', 'threats', 'intimidation', 'other')),
  reason TEXT NOT NULL,
  exemption TEXT NOT NULL,
  rule_id INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn', 'superseded')),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  ended_by TEXT NOT NULL DEFAULT '',
  ended_at TEXT NOT NULL DEFAULT '',
  end_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX staff_concerns_case ON staff_concerns(case_ref, id);
CREATE TABLE safeguarding_flags (
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL,
  flag TEXT NOT NULL CHECK (flag IN ('self_harm', 'abuse')),
  sentences INTEGER NOT NULL,
  detected_by TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  PRIMARY KEY (document_id, page_index, flag)
);
CREATE INDEX safeguarding_flags_case ON safeguarding_flags(case_ref, document_id, page_index);
CREATE TABLE safeguarding_checks (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  checked_by TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
CREATE INDEX safeguarding_checks_case ON safeguarding_checks(case_ref, document_id);
CREATE TABLE safeguarding_meetings (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  held_on TEXT NOT NULL,
  attendees TEXT NOT NULL CHECK (json_valid(attendees)),
  outcome TEXT NOT NULL CHECK (outcome IN ('release', 'release_with_support', 'withhold_part', 'withhold_all')),
  notes TEXT NOT NULL DEFAULT '',
  documents TEXT NOT NULL CHECK (json_valid(documents)),
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX safeguarding_meetings_case ON safeguarding_meetings(case_ref, id);
)sql",
    // 7: disclosure bundles, encrypted releases and their deliveries (issue 6).
    R"sql(
CREATE TABLE bundles (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  sort_order TEXT NOT NULL CHECK (sort_order IN ('source', 'date')),
  fingerprint TEXT NOT NULL,
  pages INTEGER NOT NULL CHECK (pages > 0),
  volumes TEXT NOT NULL CHECK (json_valid(volumes)),
  documents TEXT NOT NULL CHECK (json_valid(documents)),
  options TEXT NOT NULL CHECK (json_valid(options)),
  built_by TEXT NOT NULL,
  built_at TEXT NOT NULL
);
CREATE INDEX bundles_case ON bundles(case_ref, id);
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  kind TEXT NOT NULL CHECK (kind IN ('pdf', 'zip')),
  file TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  file_bytes INTEGER NOT NULL,
  password_hash TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX releases_case ON releases(case_ref, id);
CREATE TABLE release_deliveries (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id),
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  route TEXT NOT NULL CHECK (route IN ('secure_download', 'encrypted_email', 'post', 'collection', 'supported_meeting')),
  details TEXT NOT NULL CHECK (json_valid(details)),
  fee_pence INTEGER NOT NULL DEFAULT 0 CHECK (fee_pence >= 0),
  delivered_by TEXT NOT NULL,
  delivered_at TEXT NOT NULL
);
CREATE INDEX release_deliveries_case ON release_deliveries(case_ref, id);
)sql",
    // 8: letters sent to requesters (issue 6). Their templates are a setting.
    R"sql(
CREATE TABLE letters (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  pdf_sha256 TEXT NOT NULL,
  pdf_bytes INTEGER NOT NULL,
  route TEXT NOT NULL CHECK (route IN ('post', 'email', 'hand')),
  recipient TEXT NOT NULL,
  outbox_id INTEGER NOT NULL DEFAULT 0,
  communication_id INTEGER NOT NULL DEFAULT 0,
  sent_at TEXT NOT NULL,
  sent_by TEXT NOT NULL
);
CREATE INDEX letters_case ON letters(case_ref, id);
)sql",
    // 9: accounts, sessions and access (issue 8). Roles take the names of
    // the sign-in contract; a service-area contact belongs to one area.
    R"sql(
ALTER TABLE users ADD COLUMN service_area TEXT NOT NULL DEFAULT '';
UPDATE users SET role = 'service_area_contact' WHERE role = 'service_contact';
UPDATE users SET role = 'administrator' WHERE role = 'admin';
UPDATE users SET role = 'dpo' WHERE role = 'caldicott_guardian';
CREATE TABLE credentials (
  username TEXT PRIMARY KEY REFERENCES users(username),
  password_hash TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(username);
CREATE TABLE sign_in_failures (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
);
CREATE TABLE case_shares (
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  username TEXT NOT NULL REFERENCES users(username),
  shared_by TEXT NOT NULL,
  shared_at TEXT NOT NULL,
  PRIMARY KEY (case_ref, username)
);
)sql",
    // 10: retention (issue 8): the cases whose documents were destroyed.
    R"sql(
CREATE TABLE retention_destructions (
  case_ref TEXT PRIMARY KEY REFERENCES cases(reference),
  closed_on TEXT NOT NULL,
  destroyed_at TEXT NOT NULL,
  documents INTEGER NOT NULL,
  files_released INTEGER NOT NULL
);
)sql",
    // 11: the requester portal (issue 8, docs/portal.md): accounts by email,
    // one-time codes, sessions, cases linked to an account, single-use
    // download links and the identity documents requesters upload.
    R"sql(
CREATE TABLE portal_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE portal_codes (
  key TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL
);
CREATE TABLE portal_sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES portal_accounts(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE TABLE portal_links (
  account_id INTEGER NOT NULL REFERENCES portal_accounts(id),
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  linked_by TEXT NOT NULL,
  linked_at TEXT NOT NULL,
  PRIMARY KEY (account_id, case_ref)
);
CREATE INDEX portal_links_case ON portal_links(case_ref);
CREATE TABLE portal_downloads (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES portal_accounts(id),
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  release_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE portal_uploads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  account_id INTEGER NOT NULL REFERENCES portal_accounts(id),
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  uploaded_at TEXT NOT NULL
);
CREATE INDEX portal_uploads_case ON portal_uploads(case_ref, id);
)sql",
    // 12: the register's date filters and reports (issue 7).
    "CREATE INDEX cases_received ON cases(received);",
    // 13: a social worker adviser's suggested redactions (issue 8): source
    // "adviser". SQLite cannot change a CHECK constraint, so the table is
    // rebuilt with the same columns and indexes.
    R"sql(
CREATE TABLE redactions_new (
  id INTEGER PRIMARY KEY,
  case_ref TEXT NOT NULL REFERENCES cases(reference),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page_index INTEGER NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('box', 'page', 'document')),
  boxes TEXT NOT NULL CHECK (json_valid(boxes)),
  span_start INTEGER NOT NULL DEFAULT -1,
  span_end INTEGER NOT NULL DEFAULT -1,
  text TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  party TEXT NOT NULL DEFAULT '',
  exemption TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('detection', 'officer', 'rule', 'qa', 'adviser')),
  status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
  rule_id INTEGER NOT NULL DEFAULT 0,
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  dedupe_key TEXT NOT NULL DEFAULT ''
);
INSERT INTO redactions_new SELECT * FROM redactions;
DROP TABLE redactions;
ALTER TABLE redactions_new RENAME TO redactions;
CREATE INDEX redactions_case ON redactions(case_ref, document_id, page_index, id);
CREATE UNIQUE INDEX redactions_dedupe ON redactions(case_ref, dedupe_key) WHERE dedupe_key <> '';
)sql",
    // 14: council sign-ins under way (issue 8, docs/accounts.md): the state
    // only as a digest, the nonce and PKCE verifier sealed; single use, ten
    // minutes, so a restart between start and callback loses nothing. And
    // the mail queue's messages are sealed like letters (docs/storage.md),
    // so outbox.message loses its JSON check.
    R"sql(
CREATE TABLE IF NOT EXISTS oidc_pending (
  state_hash TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  verifier TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS oidc_pending_created ON oidc_pending(created_at);
CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  case_ref TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  sent_at TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT ''
);
INSERT INTO outbox_new (id, created_at, case_ref, message, status, attempts, last_error, sent_at, message_id)
  SELECT id, created_at, case_ref, message, status, attempts, last_error, sent_at, message_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_status ON outbox(status, id);
)sql",
};

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

Status DbError(sqlite3* db, std::string_view what) {
  int code = sqlite3_extended_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Conflict(msg + " (database busy: try again)");
  if ((code & 0xff) == SQLITE_CONSTRAINT) return Status::Conflict(msg);
  return Status::Internal(msg);
}

// A prepared statement with positional binding. Bound strings are copied.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* raw = nullptr;
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    stmt_.reset(raw);
  }
  bool prepared() const { return rc_ == SQLITE_OK && stmt_; }
  Stmt& Bind(const std::string& v) {
    sqlite3_bind_text(stmt_.get(), ++index_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(std::int64_t v) {
    sqlite3_bind_int64(stmt_.get(), ++index_, v);
    return *this;
  }
  Stmt& BindReal(double v) {
    sqlite3_bind_double(stmt_.get(), ++index_, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_.get()); }
  std::string Text(int col) {
    const unsigned char* p = sqlite3_column_text(stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), col)))
             : std::string();
  }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_.get(), col); }
  double Real(int col) { return sqlite3_column_double(stmt_.get(), col); }

 private:
  sqlite3* db_;  // not owned; outlives the statement
  StmtPtr stmt_;
  int rc_ = SQLITE_ERROR;
  int index_ = 0;
};

Status Exec(sqlite3* db, std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Internal("database: " + msg);
  }
  return Status::Ok();
}

constexpr char kCaseColumns[] =
    "reference, version, status, route, assigned_officer, subject_key, subject_dob, received, due, "
    "stage_due, is_open, audit_seq, updated_at, document";

CaseRow ReadCase(Stmt& s) {
  CaseRow r;
  r.reference = s.Text(0);
  r.version = s.Int(1);
  r.status = s.Text(2);
  r.route = s.Text(3);
  r.assigned_officer = s.Text(4);
  r.subject_key = s.Text(5);
  r.subject_dob = s.Text(6);
  r.received = s.Text(7);
  r.due = s.Text(8);
  r.stage_due = s.Text(9);
  r.open = s.Int(10) != 0;
  r.audit_seq = s.Int(11);
  r.updated_at = s.Text(12);
  r.document = s.Text(13);
  return r;
}

const std::string kDocumentColumns =
    "id, case_ref, parent_id, filename, media_type, sha256, bytes, service_area, search_task_id, uploaded_by, "
    "uploaded_at, status, error, pdf_sha256, page_count, pages_done, excluded, exclusion_reason, duplicate_of, "
    "pages_per_second";

DocumentRow ReadDocument(Stmt& s) {
  DocumentRow d;
  d.id = s.Int(0);
  d.case_ref = s.Text(1);
  d.parent_id = s.Int(2);
  d.filename = s.Text(3);
  d.media_type = s.Text(4);
  d.sha256 = s.Text(5);
  d.bytes = s.Int(6);
  d.service_area = s.Text(7);
  d.search_task_id = s.Int(8);
  d.uploaded_by = s.Text(9);
  d.uploaded_at = s.Text(10);
  d.status = s.Text(11);
  d.error = s.Text(12);
  d.pdf_sha256 = s.Text(13);
  d.page_count = s.Int(14);
  d.pages_done = s.Int(15);
  d.excluded = s.Int(16) != 0;
  d.exclusion_reason = s.Text(17);
  d.duplicate_of = s.Int(18);
  d.pages_per_second = s.Real(19);
  return d;
}

void BindDocument(Stmt& s, const DocumentRow& d) {
  s.Bind(d.case_ref).Bind(d.parent_id).Bind(d.filename).Bind(d.media_type).Bind(d.sha256).Bind(d.bytes)
      .Bind(d.service_area).Bind(d.search_task_id).Bind(d.uploaded_by).Bind(d.uploaded_at).Bind(d.status)
      .Bind(d.error).Bind(d.pdf_sha256).Bind(d.page_count).Bind(d.pages_done)
      .Bind(std::int64_t{d.excluded ? 1 : 0}).Bind(d.exclusion_reason).Bind(d.duplicate_of)
      .BindReal(d.pages_per_second);
}

const std::string kRedactionColumns =
    "id, case_ref, document_id, page_index, scope, boxes, span_start, span_end, text, category, party, exemption, "
    "reason, source, status, rule_id, proposed_by, proposed_at, decided_by, decided_at, note, dedupe_key";

RedactionRow ReadRedaction(Stmt& s) {
  RedactionRow r;
  r.id = s.Int(0);
  r.case_ref = s.Text(1);
  r.document_id = s.Int(2);
  r.page_index = static_cast<int>(s.Int(3));
  r.scope = s.Text(4);
  r.boxes_json = s.Text(5);
  r.span_start = s.Int(6);
  r.span_end = s.Int(7);
  r.text = s.Text(8);
  r.category = s.Text(9);
  r.party = s.Text(10);
  r.exemption = s.Text(11);
  r.reason = s.Text(12);
  r.source = s.Text(13);
  r.status = s.Text(14);
  r.rule_id = s.Int(15);
  r.proposed_by = s.Text(16);
  r.proposed_at = s.Text(17);
  r.decided_by = s.Text(18);
  r.decided_at = s.Text(19);
  r.note = s.Text(20);
  r.dedupe_key = s.Text(21);
  return r;
}

// `stored_text`: r.text as it goes into the column (sealed when encrypting).
void BindRedaction(Stmt& s, const RedactionRow& r, const std::string& stored_text) {
  s.Bind(r.case_ref).Bind(r.document_id).Bind(std::int64_t{r.page_index}).Bind(r.scope).Bind(r.boxes_json)
      .Bind(r.span_start).Bind(r.span_end).Bind(stored_text).Bind(r.category).Bind(r.party).Bind(r.exemption)
      .Bind(r.reason).Bind(r.source).Bind(r.status).Bind(r.rule_id).Bind(r.proposed_by).Bind(r.proposed_at)
      .Bind(r.decided_by).Bind(r.decided_at).Bind(r.note).Bind(r.dedupe_key);
}

audit::AuditEntry ReadAuditRow(Stmt& s) {
  return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4),
          s.Text(5), s.Text(6), s.Text(7), s.Text(8), s.Text(9)};
}

class SqliteTransaction : public Transaction {
 public:
  // `cipher` (may be null: values stay plain) outlives the transaction.
  SqliteTransaction(sqlite3* db, bool writable, const crypt::FieldCipher* cipher = nullptr)
      : db_(db), writable_(writable), cipher_(cipher) {}

  Result<std::optional<CaseRow>> FindCase(const std::string& reference) override {
    Stmt s(db_, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE reference = ?");
    if (!s.prepared()) return DbError(db_, "finding a case");
    s.Bind(reference);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<CaseRow>(ReadCase(s));
    if (rc == SQLITE_DONE) return std::optional<CaseRow>();
    return DbError(db_, "finding a case");
  }

  Status InsertCase(const CaseRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, std::string("INSERT INTO cases (") + kCaseColumns +
                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "adding a case");
    BindCase(s, r);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "adding case " + r.reference);
    return Status::Ok();
  }

  Status UpdateCase(const CaseRow& r, std::int64_t expected_version) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE cases SET reference=?, version=?, status=?, route=?, assigned_officer=?, "
           "subject_key=?, subject_dob=?, received=?, due=?, stage_due=?, is_open=?, audit_seq=?, "
           "updated_at=?, document=? WHERE reference=? AND version=?");
    if (!s.prepared()) return DbError(db_, "updating a case");
    BindCase(s, r);
    s.Bind(r.reference).Bind(expected_version);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating case " + r.reference);
    if (sqlite3_changes(db_) != 1)
      return Status::Conflict("case " + r.reference +
                              " was changed by someone else since you loaded it: reload and try again");
    return Status::Ok();
  }

  Result<std::vector<CaseRow>> ListCases(const CaseQuery& q) override {
    std::string columns = kCaseColumns;
    if (q.without_document) columns = columns.substr(0, columns.rfind("document")) + "''";
    std::string sql = "SELECT " + columns + " FROM cases";
    Stmt s(db_, sql + Where(q) + " ORDER BY is_open DESC, CASE WHEN due = '' THEN 1 ELSE 0 END, due, reference LIMIT ? OFFSET ?");
    if (!s.prepared()) return DbError(db_, "listing cases");
    BindWhere(s, q);
    s.Bind(q.limit).Bind(q.offset);
    std::vector<CaseRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadCase(s));
    if (rc != SQLITE_DONE) return DbError(db_, "listing cases");
    return out;
  }

  Result<std::int64_t> CountCases(const CaseQuery& q) override {
    Stmt s(db_, "SELECT COUNT(*) FROM cases" + Where(q));
    if (!s.prepared()) return DbError(db_, "counting cases");
    BindWhere(s, q);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "counting cases");
    return s.Int(0);
  }

  // The register's reports (issue 7): aggregates in SQL over the indexed
  // columns; only the history of the requests in range is read from JSON.
  Result<ReportRows> ReportCases(const ReportQuery& q) override {
    ReportRows out;
    {
      Stmt s(db_, "SELECT substr(received, 1, 7), COUNT(*) FROM cases WHERE received BETWEEN ? AND ? GROUP BY 1 ORDER BY 1");
      if (!s.prepared()) return DbError(db_, "reporting");
      s.Bind(q.from).Bind(q.to);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.received.push_back({s.Text(0), s.Int(1), 0});
      if (rc != SQLITE_DONE) return DbError(db_, "reporting");
    }
    {
      Stmt s(db_,
             "SELECT substr(closed, 1, 7), COUNT(*), SUM(due = '' OR closed <= due) FROM ("
             " SELECT json_extract(document, '$.history[#-1].on') AS closed, due FROM cases WHERE is_open = 0)"
             " WHERE closed BETWEEN ? AND ? GROUP BY 1 ORDER BY 1");
      if (!s.prepared()) return DbError(db_, "reporting");
      s.Bind(q.from).Bind(q.to);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.closed.push_back({s.Text(0), s.Int(1), s.Int(2)});
      if (rc != SQLITE_DONE) return DbError(db_, "reporting");
    }
    {
      Stmt s(db_,
             "WITH h AS (SELECT c.reference AS ref, e.key AS i, json_extract(e.value, '$.status') AS status,"
             " json_extract(e.value, '$.on') AS day FROM cases c, json_each(c.document, '$.history') e"
             " WHERE c.received BETWEEN ? AND ?),"
             " spells AS (SELECT ref, status, julianday(LEAD(day) OVER (PARTITION BY ref ORDER BY i)) - julianday(day) AS days FROM h)"
             " SELECT status, SUM(days), COUNT(DISTINCT ref) FROM spells WHERE days IS NOT NULL GROUP BY status ORDER BY status");
      if (!s.prepared()) return DbError(db_, "reporting");
      s.Bind(q.from).Bind(q.to);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.status_days.push_back({s.Text(0), s.Real(1), s.Int(2)});
      if (rc != SQLITE_DONE) return DbError(db_, "reporting");
    }
    {
      Stmt s(db_,
             "SELECT substr(uploaded_at, 1, 7), SUM(page_count) FROM documents WHERE status = 'ready'"
             " AND substr(uploaded_at, 1, 10) BETWEEN ? AND ? GROUP BY 1 ORDER BY 1");
      if (!s.prepared()) return DbError(db_, "reporting");
      s.Bind(q.from).Bind(q.to);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.pages.push_back({s.Text(0), s.Int(1), 0});
      if (rc != SQLITE_DONE) return DbError(db_, "reporting");
    }
    {
      Stmt s(db_,
             "SELECT exemption, COUNT(*) FROM redactions WHERE status = 'accepted' AND case_ref IN"
             " (SELECT reference FROM cases WHERE received BETWEEN ? AND ?) GROUP BY 1 ORDER BY 2 DESC, 1");
      if (!s.prepared()) return DbError(db_, "reporting");
      s.Bind(q.from).Bind(q.to);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.exemptions.push_back({s.Text(0), s.Int(1)});
      if (rc != SQLITE_DONE) return DbError(db_, "reporting");
    }
    return out;
  }

  Result<std::int64_t> NextSequence(const std::string& key) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO sequences (key, value) VALUES (?, 1) "
           "ON CONFLICT(key) DO UPDATE SET value = value + 1 RETURNING value");
    if (!s.prepared()) return DbError(db_, "numbering");
    s.Bind(key);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "numbering");
    std::int64_t v = s.Int(0);
    s.Step();
    return v;
  }

  Result<audit::AuditEntry> AppendAudit(audit::AuditEntry e) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    auto head = AuditHead();
    if (!head.ok()) return head.status();
    audit::ChainHead h = head->value_or(audit::ChainHead{});
    e.seq = h.seq + 1;
    e.prev_hash = h.hash;
    e.hash = audit::ComputeHash(e);
    if (e.hash.empty()) return Status::Internal("could not compute the audit hash");
    Stmt s(db_,
           "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, "
           "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "writing the audit trail");
    s.Bind(e.seq).Bind(e.at).Bind(e.actor).Bind(e.action).Bind(e.entity).Bind(e.entity_id)
        .Bind(e.before).Bind(e.after).Bind(e.prev_hash).Bind(e.hash);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "writing the audit trail");
    Stmt u(db_,
           "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) "
           "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
    if (!u.prepared()) return DbError(db_, "writing the audit head");
    u.Bind(e.seq).Bind(e.hash);
    if (u.Step() != SQLITE_DONE) return DbError(db_, "writing the audit head");
    return e;
  }

  Result<std::vector<audit::AuditEntry>> ReadAudit(const AuditQuery& q) override {
    std::string sql =
        "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash "
        "FROM audit_log WHERE seq > ?";
    if (!q.entity.empty()) sql += " AND entity = ?";
    if (!q.entity_id.empty()) sql += " AND entity_id = ?";
    sql += " ORDER BY seq LIMIT ?";
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, "reading the audit trail");
    s.Bind(q.after_seq);
    if (!q.entity.empty()) s.Bind(q.entity);
    if (!q.entity_id.empty()) s.Bind(q.entity_id);
    s.Bind(q.limit);
    std::vector<audit::AuditEntry> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadAuditRow(s));
    if (rc != SQLITE_DONE) return DbError(db_, "reading the audit trail");
    return out;
  }

  Result<std::optional<audit::ChainHead>> AuditHead() override {
    Stmt s(db_, "SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!s.prepared()) return DbError(db_, "reading the audit head");
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<audit::ChainHead>(audit::ChainHead{s.Int(0), s.Text(1)});
    if (rc == SQLITE_DONE) return std::optional<audit::ChainHead>();
    return DbError(db_, "reading the audit head");
  }

  Status AddHoliday(const HolidayRow& h) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT INTO holidays (region, date, title, added_by, added_at) VALUES (?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "adding a holiday");
    s.Bind(h.region).Bind(h.date).Bind(h.title).Bind(h.added_by).Bind(h.added_at);
    if (s.Step() != SQLITE_DONE) {
      if ((sqlite3_extended_errcode(db_) & 0xff) == SQLITE_CONSTRAINT)
        return Status::Conflict("a holiday on " + h.date + " is already recorded for " + h.region);
      return DbError(db_, "adding a holiday");
    }
    return Status::Ok();
  }

  Result<std::vector<HolidayRow>> ListHolidays() override {
    Stmt s(db_, "SELECT region, date, title, added_by, added_at FROM holidays ORDER BY date, region");
    if (!s.prepared()) return DbError(db_, "listing holidays");
    std::vector<HolidayRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing holidays");
    return out;
  }

  Status PutUser(const UserRow& u) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO users (username, display_name, role, email, active, service_area) VALUES (?,?,?,?,?,?) "
           "ON CONFLICT(username) DO UPDATE SET display_name=excluded.display_name, "
           "role=excluded.role, email=excluded.email, active=excluded.active, service_area=excluded.service_area");
    if (!s.prepared()) return DbError(db_, "saving a user");
    s.Bind(u.username).Bind(u.display_name).Bind(u.role).Bind(u.email).Bind(std::int64_t{u.active ? 1 : 0})
        .Bind(u.service_area);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a user");
    return Status::Ok();
  }

  Result<std::optional<UserRow>> FindUser(const std::string& username) override {
    Stmt s(db_, "SELECT username, display_name, role, email, active, service_area FROM users WHERE username = ?");
    if (!s.prepared()) return DbError(db_, "finding a user");
    s.Bind(username);
    int rc = s.Step();
    if (rc == SQLITE_ROW)
      return std::optional<UserRow>(UserRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Text(5)});
    if (rc == SQLITE_DONE) return std::optional<UserRow>();
    return DbError(db_, "finding a user");
  }

  Result<std::vector<UserRow>> ListUsers() override {
    Stmt s(db_, "SELECT username, display_name, role, email, active, service_area FROM users ORDER BY username");
    if (!s.prepared()) return DbError(db_, "listing users");
    std::vector<UserRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4) != 0, s.Text(5)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing users");
    return out;
  }

  Status PutServiceArea(const ServiceAreaRow& a) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO service_areas (id, document, active) VALUES (?,?,?) "
           "ON CONFLICT(id) DO UPDATE SET document=excluded.document, active=excluded.active");
    if (!s.prepared()) return DbError(db_, "saving a service area");
    s.Bind(a.id).Bind(a.document).Bind(std::int64_t{a.active ? 1 : 0});
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a service area");
    return Status::Ok();
  }

  Result<std::vector<ServiceAreaRow>> ListServiceAreas() override {
    Stmt s(db_, "SELECT id, document, active FROM service_areas ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing service areas");
    std::vector<ServiceAreaRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1), s.Int(2) != 0});
    if (rc != SQLITE_DONE) return DbError(db_, "listing service areas");
    return out;
  }

  Result<std::int64_t> EnqueueMail(const OutboxRow& m) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT INTO outbox (created_at, case_ref, message) VALUES (?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "queueing a message");
    s.Bind(m.created_at).Bind(m.case_ref).Bind(Seal(m.message, "outbox.message"));
    if (s.Step() != SQLITE_ROW) return DbError(db_, "queueing a message");
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Result<std::vector<OutboxRow>> ListMail(const std::string& status, const std::string& case_ref, std::int64_t limit) override {
    std::string sql = "SELECT id, created_at, case_ref, message, status, attempts, last_error, sent_at, message_id FROM outbox WHERE 1=1";
    if (!status.empty()) sql += " AND status = ?";
    if (!case_ref.empty()) sql += " AND case_ref = ?";
    sql += " ORDER BY id LIMIT ?";
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, "reading the outbox");
    if (!status.empty()) s.Bind(status);
    if (!case_ref.empty()) s.Bind(case_ref);
    s.Bind(limit);
    std::vector<OutboxRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      SARDESK_ASSIGN_OR_RETURN(std::string message, Unseal(s.Text(3), "outbox.message"));
      out.push_back({s.Int(0), s.Text(1), s.Text(2), std::move(message), s.Text(4), s.Int(5), s.Text(6), s.Text(7), s.Text(8)});
    }
    if (rc != SQLITE_DONE) return DbError(db_, "reading the outbox");
    return out;
  }

  Status UpdateMail(const OutboxRow& m) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "UPDATE outbox SET status=?, attempts=?, last_error=?, sent_at=?, message_id=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating the outbox");
    s.Bind(m.status).Bind(m.attempts).Bind(m.last_error).Bind(m.sent_at).Bind(m.message_id).Bind(m.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating the outbox");
    return Status::Ok();
  }

  Result<std::int64_t> InsertDocument(const DocumentRow& d) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, std::string("INSERT INTO documents (") + kDocumentColumns.substr(4) +
                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a document");
    BindDocument(s, d);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "adding a document");
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Status UpdateDocument(const DocumentRow& d) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE documents SET case_ref=?, parent_id=?, filename=?, media_type=?, sha256=?, bytes=?, "
           "service_area=?, search_task_id=?, uploaded_by=?, uploaded_at=?, status=?, error=?, pdf_sha256=?, "
           "page_count=?, pages_done=?, excluded=?, exclusion_reason=?, duplicate_of=?, pages_per_second=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating a document");
    BindDocument(s, d);
    s.Bind(d.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating a document");
    if (sqlite3_changes(db_) != 1) return Status::NotFound("no document " + std::to_string(d.id));
    return Status::Ok();
  }

  Result<std::optional<DocumentRow>> FindDocument(std::int64_t id) override {
    Stmt s(db_, "SELECT " + kDocumentColumns + " FROM documents WHERE id = ?");
    if (!s.prepared()) return DbError(db_, "finding a document");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<DocumentRow>(ReadDocument(s));
    if (rc == SQLITE_DONE) return std::optional<DocumentRow>();
    return DbError(db_, "finding a document");
  }

  Result<std::vector<DocumentRow>> ListDocuments(const std::string& case_ref) override {
    Stmt s(db_, "SELECT " + kDocumentColumns + " FROM documents WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing documents");
    s.Bind(case_ref);
    std::vector<DocumentRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadDocument(s));
    if (rc != SQLITE_DONE) return DbError(db_, "listing documents");
    return out;
  }

  Result<std::optional<DocumentRow>> ClaimNextDocument() override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE documents SET status = 'processing' WHERE id = "
           "(SELECT id FROM documents WHERE status = 'queued' ORDER BY id LIMIT 1) RETURNING id");
    if (!s.prepared()) return DbError(db_, "claiming a document");
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<DocumentRow>();
    if (rc != SQLITE_ROW) return DbError(db_, "claiming a document");
    std::int64_t id = s.Int(0);
    s.Step();
    return FindDocument(id);
  }

  Result<std::int64_t> RequeueInterrupted() override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    if (!Exec(db_, "UPDATE documents SET status = 'queued' WHERE status = 'processing'").ok())
      return DbError(db_, "requeueing documents");
    return static_cast<std::int64_t>(sqlite3_changes(db_));
  }

  Status PutPage(const PageRow& p) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT OR REPLACE INTO pages (document_id, page_index, case_ref, width, height, text, words, "
           "text_sha256, simhash, ocr_confidence, duplicate_of_document, duplicate_of_page, duplicate_kind, "
           "excluded, exclusion_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "saving a page");
    s.Bind(p.document_id).Bind(std::int64_t{p.page_index}).Bind(p.case_ref).BindReal(p.width).BindReal(p.height)
        .Bind(Seal(p.text, "pages.text")).Bind(Seal(p.words_json, "pages.words")).Bind(p.text_sha256)
        .Bind(static_cast<std::int64_t>(p.simhash))
        .BindReal(p.ocr_confidence).Bind(p.duplicate_of_document).Bind(std::int64_t{p.duplicate_of_page})
        .Bind(p.duplicate_kind).Bind(std::int64_t{p.excluded ? 1 : 0}).Bind(p.exclusion_reason);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a page");
    return Status::Ok();
  }

  Result<std::vector<PageRow>> ListPages(const PageQuery& q) override {
    std::string sql = std::string("SELECT document_id, page_index, case_ref, width, height, ") +
                      (q.with_text ? "text, words" : "'', ''") +
                      ", text_sha256, simhash, ocr_confidence, duplicate_of_document, duplicate_of_page, "
                      "duplicate_kind, excluded, exclusion_reason FROM pages WHERE ";
    sql += q.document_id ? "document_id = ?" : "case_ref = ?";
    if (q.page_index >= 0) sql += " AND page_index = ?";
    sql += " ORDER BY document_id, page_index";
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, "reading pages");
    if (q.document_id) s.Bind(q.document_id);
    else s.Bind(q.case_ref);
    if (q.page_index >= 0) s.Bind(std::int64_t{q.page_index});
    std::vector<PageRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      PageRow p;
      p.document_id = s.Int(0);
      p.page_index = static_cast<int>(s.Int(1));
      p.case_ref = s.Text(2);
      p.width = static_cast<float>(s.Real(3));
      p.height = static_cast<float>(s.Real(4));
      SARDESK_ASSIGN_OR_RETURN(p.text, Unseal(s.Text(5), "pages.text"));
      SARDESK_ASSIGN_OR_RETURN(p.words_json, Unseal(s.Text(6), "pages.words"));
      p.text_sha256 = s.Text(7);
      p.simhash = static_cast<std::uint64_t>(s.Int(8));
      p.ocr_confidence = s.Real(9);
      p.duplicate_of_document = s.Int(10);
      p.duplicate_of_page = static_cast<int>(s.Int(11));
      p.duplicate_kind = s.Text(12);
      p.excluded = s.Int(13) != 0;
      p.exclusion_reason = s.Text(14);
      out.push_back(std::move(p));
    }
    if (rc != SQLITE_DONE) return DbError(db_, "reading pages");
    return out;
  }

  Status MarkPageDuplicate(std::int64_t document_id, int page_index, std::int64_t of_document, int of_page,
                           const std::string& kind) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "UPDATE pages SET duplicate_of_document=?, duplicate_of_page=?, duplicate_kind=? WHERE document_id=? AND page_index=?");
    if (!s.prepared()) return DbError(db_, "marking a duplicate page");
    s.Bind(of_document).Bind(std::int64_t{of_page}).Bind(kind).Bind(document_id).Bind(std::int64_t{page_index});
    if (s.Step() != SQLITE_DONE) return DbError(db_, "marking a duplicate page");
    return Status::Ok();
  }

  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    Stmt s(db_, "SELECT value FROM settings WHERE key = ?");
    if (!s.prepared()) return DbError(db_, "reading a setting");
    s.Bind(key);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<std::string>(s.Text(0));
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    return DbError(db_, "reading a setting");
  }

  Status PutSetting(const std::string& key, const std::string& value) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s.prepared()) return DbError(db_, "saving a setting");
    s.Bind(key).Bind(value);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a setting");
    return Status::Ok();
  }

  Result<std::int64_t> InsertRedaction(const RedactionRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, std::string("INSERT INTO redactions (") + kRedactionColumns.substr(4) +
                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a redaction");
    BindRedaction(s, r, Seal(r.text, "redactions.text"));
    if (s.Step() != SQLITE_ROW) return DbError(db_, "adding a redaction");
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Status UpdateRedaction(const RedactionRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE redactions SET case_ref=?, document_id=?, page_index=?, scope=?, boxes=?, span_start=?, span_end=?, "
           "text=?, category=?, party=?, exemption=?, reason=?, source=?, status=?, rule_id=?, proposed_by=?, "
           "proposed_at=?, decided_by=?, decided_at=?, note=?, dedupe_key=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating a redaction");
    BindRedaction(s, r, Seal(r.text, "redactions.text"));
    s.Bind(r.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating a redaction");
    if (sqlite3_changes(db_) != 1) return Status::NotFound("no redaction " + std::to_string(r.id));
    return Status::Ok();
  }

  Result<std::optional<RedactionRow>> FindRedaction(std::int64_t id) override {
    Stmt s(db_, "SELECT " + kRedactionColumns + " FROM redactions WHERE id = ?");
    if (!s.prepared()) return DbError(db_, "finding a redaction");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_ROW) {
      RedactionRow r = ReadRedaction(s);
      SARDESK_ASSIGN_OR_RETURN(r.text, Unseal(r.text, "redactions.text"));
      return std::optional<RedactionRow>(std::move(r));
    }
    if (rc == SQLITE_DONE) return std::optional<RedactionRow>();
    return DbError(db_, "finding a redaction");
  }

  Result<std::vector<RedactionRow>> ListRedactions(const RedactionQuery& q) override {
    std::string sql = "SELECT " + kRedactionColumns + " FROM redactions WHERE case_ref = ?";
    if (q.document_id) sql += " AND document_id = ?";
    if (q.page_index >= -1) sql += " AND page_index = ?";
    if (!q.status.empty()) sql += " AND status = ?";
    if (!q.party.empty()) sql += " AND party = ?";
    if (!q.category.empty()) sql += " AND category = ?";
    if (!q.source.empty()) sql += " AND source = ?";
    sql += " ORDER BY document_id, page_index, id";
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, "listing redactions");
    s.Bind(q.case_ref);
    if (q.document_id) s.Bind(q.document_id);
    if (q.page_index >= -1) s.Bind(std::int64_t{q.page_index});
    for (const std::string* v : {&q.status, &q.party, &q.category, &q.source})
      if (!v->empty()) s.Bind(*v);
    std::vector<RedactionRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back(ReadRedaction(s));
      SARDESK_ASSIGN_OR_RETURN(out.back().text, Unseal(out.back().text, "redactions.text"));
    }
    if (rc != SQLITE_DONE) return DbError(db_, "listing redactions");
    return out;
  }

  Result<std::int64_t> InsertRedactionRule(const RedactionRuleRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO redaction_rules (case_ref, text, action, exemption, reason, created_by, created_at) "
           "VALUES (?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a redaction rule");
    s.Bind(r.case_ref).Bind(Seal(r.text, "redaction_rules.text")).Bind(r.action).Bind(r.exemption).Bind(r.reason)
        .Bind(r.created_by).Bind(r.created_at);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "adding a redaction rule");
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Result<std::vector<RedactionRuleRow>> ListRedactionRules(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, text, action, exemption, reason, created_by, created_at FROM redaction_rules "
           "WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing redaction rules");
    s.Bind(case_ref);
    std::vector<RedactionRuleRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)});
      SARDESK_ASSIGN_OR_RETURN(out.back().text, Unseal(out.back().text, "redaction_rules.text"));
    }
    if (rc != SQLITE_DONE) return DbError(db_, "listing redaction rules");
    return out;
  }

  Status PutRedactedDocument(const RedactedDocumentRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT OR REPLACE INTO redacted_documents (document_id, case_ref, source_sha256, redacted_sha256, "
           "fingerprint, redactions, pages, applied_by, applied_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "saving a redacted document");
    s.Bind(r.document_id).Bind(r.case_ref).Bind(r.source_sha256).Bind(r.redacted_sha256).Bind(r.fingerprint)
        .Bind(r.redactions).Bind(r.pages_json).Bind(r.applied_by).Bind(r.applied_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a redacted document");
    return Status::Ok();
  }

  Status DeleteRedactedDocument(std::int64_t document_id) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM redacted_documents WHERE document_id = ?");
    if (!s.prepared()) return DbError(db_, "removing a redacted document");
    s.Bind(document_id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "removing a redacted document");
    return Status::Ok();
  }

  Result<std::vector<RedactedDocumentRow>> ListRedactedDocuments(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT document_id, case_ref, source_sha256, redacted_sha256, fingerprint, redactions, pages, applied_by, "
           "applied_at FROM redacted_documents WHERE case_ref = ? ORDER BY document_id");
    if (!s.prepared()) return DbError(db_, "listing redacted documents");
    s.Bind(case_ref);
    std::vector<RedactedDocumentRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), s.Text(6), s.Text(7), s.Text(8)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing redacted documents");
    return out;
  }

  Result<std::int64_t> InsertQaReview(const QaReviewRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO qa_reviews (case_ref, round, seed, reviewer, status, pages, bundle_pages, reason, note, "
           "started_at, decided_at, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a QA review");
    s.Bind(r.case_ref).Bind(r.round).Bind(r.seed).Bind(r.reviewer).Bind(r.status).Bind(r.pages_json)
        .Bind(r.bundle_pages).Bind(r.reason).Bind(r.note).Bind(r.started_at).Bind(r.decided_at).Bind(r.fingerprint);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "adding a QA review");
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Status UpdateQaReview(const QaReviewRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE qa_reviews SET case_ref=?, round=?, seed=?, reviewer=?, status=?, pages=?, bundle_pages=?, "
           "reason=?, note=?, started_at=?, decided_at=?, fingerprint=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating a QA review");
    s.Bind(r.case_ref).Bind(r.round).Bind(r.seed).Bind(r.reviewer).Bind(r.status).Bind(r.pages_json)
        .Bind(r.bundle_pages).Bind(r.reason).Bind(r.note).Bind(r.started_at).Bind(r.decided_at).Bind(r.fingerprint)
        .Bind(r.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating a QA review");
    if (sqlite3_changes(db_) != 1) return Status::NotFound("no QA review " + std::to_string(r.id));
    return Status::Ok();
  }

  Result<std::vector<QaReviewRow>> ListQaReviews(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, round, seed, reviewer, status, pages, bundle_pages, reason, note, started_at, "
           "decided_at, fingerprint FROM qa_reviews WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing QA reviews");
    s.Bind(case_ref);
    std::vector<QaReviewRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7), s.Text(8),
                     s.Text(9), s.Text(10), s.Text(11), s.Text(12)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing QA reviews");
    return out;
  }

  Status DeleteRedaction(std::int64_t id) override {
    return DeleteById("DELETE FROM redactions WHERE id = ?", id, "removing a redaction");
  }

  Status DeleteRedactionRule(std::int64_t id) override {
    return DeleteById("DELETE FROM redaction_rules WHERE id = ?", id, "removing a redaction rule");
  }

  Result<std::int64_t> CountExemptionUses(const std::string& code) override {
    Stmt s(db_,
           "SELECT (SELECT COUNT(*) FROM redactions WHERE exemption = ?1 AND status <> 'rejected') + "
           "(SELECT COUNT(*) FROM redaction_rules WHERE exemption = ?1) + "
           "(SELECT COUNT(*) FROM staff_concerns WHERE exemption = ?1 AND status = 'active')");
    if (!s.prepared()) return DbError(db_, "counting uses of an exemption");
    s.Bind(code);
    if (s.Step() != SQLITE_ROW) return DbError(db_, "counting uses of an exemption");
    return s.Int(0);
  }

  Result<std::int64_t> InsertConsent(const ConsentRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO third_party_consents (case_ref, name, decision, reason, decided_by, decided_on, rule_id, status, "
           "recorded_by, recorded_at, superseded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a consent decision");
    s.Bind(r.case_ref).Bind(r.name).Bind(r.decision).Bind(r.reason).Bind(r.decided_by).Bind(r.decided_on)
        .Bind(r.rule_id).Bind(r.status).Bind(r.recorded_by).Bind(r.recorded_at).Bind(r.superseded_at);
    return InsertedId(s, "adding a consent decision");
  }

  Status UpdateConsent(const ConsentRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE third_party_consents SET case_ref=?, name=?, decision=?, reason=?, decided_by=?, decided_on=?, "
           "rule_id=?, status=?, recorded_by=?, recorded_at=?, superseded_at=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating a consent decision");
    s.Bind(r.case_ref).Bind(r.name).Bind(r.decision).Bind(r.reason).Bind(r.decided_by).Bind(r.decided_on)
        .Bind(r.rule_id).Bind(r.status).Bind(r.recorded_by).Bind(r.recorded_at).Bind(r.superseded_at).Bind(r.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating a consent decision");
    if (sqlite3_changes(db_) != 1) return Status::NotFound("no consent decision " + std::to_string(r.id));
    return Status::Ok();
  }

  Result<std::vector<ConsentRow>> ListConsents(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, name, decision, reason, decided_by, decided_on, rule_id, status, recorded_by, "
           "recorded_at, superseded_at FROM third_party_consents WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing consent decisions");
    s.Bind(case_ref);
    std::vector<ConsentRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7), s.Text(8),
                     s.Text(9), s.Text(10), s.Text(11)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing consent decisions");
    return out;
  }

  Result<std::int64_t> InsertStaffConcern(const StaffConcernRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO staff_concerns (case_ref, name, role, kind, reason, exemption, rule_id, status, recorded_by, "
           "recorded_at, ended_by, ended_at, end_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a staff concern");
    BindStaffConcern(s, r);
    return InsertedId(s, "adding a staff concern");
  }

  Status UpdateStaffConcern(const StaffConcernRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "UPDATE staff_concerns SET case_ref=?, name=?, role=?, kind=?, reason=?, exemption=?, rule_id=?, status=?, "
           "recorded_by=?, recorded_at=?, ended_by=?, ended_at=?, end_reason=? WHERE id=?");
    if (!s.prepared()) return DbError(db_, "updating a staff concern");
    BindStaffConcern(s, r);
    s.Bind(r.id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "updating a staff concern");
    if (sqlite3_changes(db_) != 1) return Status::NotFound("no staff concern " + std::to_string(r.id));
    return Status::Ok();
  }

  Result<std::vector<StaffConcernRow>> ListStaffConcerns(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, name, role, kind, reason, exemption, rule_id, status, recorded_by, recorded_at, "
           "ended_by, ended_at, end_reason FROM staff_concerns WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing staff concerns");
    s.Bind(case_ref);
    std::vector<StaffConcernRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Int(7), s.Text(8),
                     s.Text(9), s.Text(10), s.Text(11), s.Text(12), s.Text(13)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing staff concerns");
    return out;
  }

  Status PutSafeguardingFlag(const SafeguardingFlagRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO safeguarding_flags (case_ref, document_id, page_index, flag, sentences, detected_by, "
           "detected_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(document_id, page_index, flag) DO UPDATE SET "
           "sentences = excluded.sentences");
    if (!s.prepared()) return DbError(db_, "saving a safeguarding flag");
    s.Bind(r.case_ref).Bind(r.document_id).Bind(std::int64_t{r.page_index}).Bind(r.flag).Bind(r.sentences)
        .Bind(r.detected_by).Bind(r.detected_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a safeguarding flag");
    return Status::Ok();
  }

  Result<std::vector<SafeguardingFlagRow>> ListSafeguardingFlags(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT case_ref, document_id, page_index, flag, sentences, detected_by, detected_at FROM "
           "safeguarding_flags WHERE case_ref = ? ORDER BY document_id, page_index, flag");
    if (!s.prepared()) return DbError(db_, "listing safeguarding flags");
    s.Bind(case_ref);
    std::vector<SafeguardingFlagRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Text(0), s.Int(1), static_cast<int>(s.Int(2)), s.Text(3), s.Int(4), s.Text(5), s.Text(6)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing safeguarding flags");
    return out;
  }

  Status PutSafeguardingCheck(const SafeguardingCheckRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT OR REPLACE INTO safeguarding_checks (document_id, case_ref, checked_by, checked_at) "
           "VALUES (?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "saving a safeguarding check");
    s.Bind(r.document_id).Bind(r.case_ref).Bind(r.checked_by).Bind(r.checked_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a safeguarding check");
    return Status::Ok();
  }

  Result<std::vector<SafeguardingCheckRow>> ListSafeguardingChecks(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT document_id, case_ref, checked_by, checked_at FROM safeguarding_checks WHERE case_ref = ? "
           "ORDER BY document_id");
    if (!s.prepared()) return DbError(db_, "listing safeguarding checks");
    s.Bind(case_ref);
    std::vector<SafeguardingCheckRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing safeguarding checks");
    return out;
  }

  Result<std::int64_t> InsertSafeguardingMeeting(const SafeguardingMeetingRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO safeguarding_meetings (case_ref, held_on, attendees, outcome, notes, documents, recorded_by, "
           "recorded_at) VALUES (?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "adding a safeguarding meeting");
    s.Bind(r.case_ref).Bind(r.held_on).Bind(r.attendees_json).Bind(r.outcome).Bind(r.notes).Bind(r.documents_json)
        .Bind(r.recorded_by).Bind(r.recorded_at);
    return InsertedId(s, "adding a safeguarding meeting");
  }

  Result<std::vector<SafeguardingMeetingRow>> ListSafeguardingMeetings(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, held_on, attendees, outcome, notes, documents, recorded_by, recorded_at FROM "
           "safeguarding_meetings WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing safeguarding meetings");
    s.Bind(case_ref);
    std::vector<SafeguardingMeetingRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing safeguarding meetings");
    return out;
  }

  // --- Accounts, sessions, throttling and sharing (issue 8) ---
  Status PutCredential(const CredentialRow& c) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO credentials (username, password_hash, changed_at, changed_by) VALUES (?,?,?,?) "
           "ON CONFLICT(username) DO UPDATE SET password_hash=excluded.password_hash, "
           "changed_at=excluded.changed_at, changed_by=excluded.changed_by");
    if (!s.prepared()) return DbError(db_, "saving a password");
    s.Bind(c.username).Bind(c.password_hash).Bind(c.changed_at).Bind(c.changed_by);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "saving a password");
    return Status::Ok();
  }

  Result<std::optional<CredentialRow>> FindCredential(const std::string& username) override {
    Stmt s(db_, "SELECT username, password_hash, changed_at, changed_by FROM credentials WHERE username = ?");
    if (!s.prepared()) return DbError(db_, "finding a password");
    s.Bind(username);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<CredentialRow>(CredentialRow{s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    if (rc == SQLITE_DONE) return std::optional<CredentialRow>();
    return DbError(db_, "finding a password");
  }

  Status InsertSession(const SessionRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT INTO sessions (token_hash, username, csrf_token, created_at, last_seen_at) VALUES (?,?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "starting a session");
    s.Bind(r.token_hash).Bind(r.username).Bind(r.csrf_token).Bind(r.created_at).Bind(r.last_seen_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "starting a session");
    return Status::Ok();
  }

  Result<std::optional<SessionRow>> FindSession(const std::string& token_hash) override {
    Stmt s(db_, "SELECT token_hash, username, csrf_token, created_at, last_seen_at FROM sessions WHERE token_hash = ?");
    if (!s.prepared()) return DbError(db_, "finding a session");
    s.Bind(token_hash);
    int rc = s.Step();
    if (rc == SQLITE_ROW)
      return std::optional<SessionRow>(SessionRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
    if (rc == SQLITE_DONE) return std::optional<SessionRow>();
    return DbError(db_, "finding a session");
  }

  Status TouchSession(const std::string& token_hash, std::int64_t last_seen_at) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    if (!s.prepared()) return DbError(db_, "recording a session's use");
    s.Bind(last_seen_at).Bind(token_hash);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "recording a session's use");
    return Status::Ok();
  }

  Status DeleteSession(const std::string& token_hash) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM sessions WHERE token_hash = ?");
    if (!s.prepared()) return DbError(db_, "ending a session");
    s.Bind(token_hash);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "ending a session");
    return Status::Ok();
  }

  Result<std::int64_t> DeleteUserSessions(const std::string& username) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM sessions WHERE username = ?");
    if (!s.prepared()) return DbError(db_, "ending sessions");
    s.Bind(username);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "ending sessions");
    return std::int64_t{sqlite3_changes(db_)};
  }

  Result<std::int64_t> PurgeSessions(std::int64_t created_before, std::int64_t idle_before) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?");
    if (!s.prepared()) return DbError(db_, "removing ended sessions");
    s.Bind(created_before).Bind(idle_before);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "removing ended sessions");
    return std::int64_t{sqlite3_changes(db_)};
  }

  Result<std::optional<SignInFailureRow>> FindSignInFailure(const std::string& key) override {
    Stmt s(db_, "SELECT key, failures, last_failure, locked_until FROM sign_in_failures WHERE key = ?");
    if (!s.prepared()) return DbError(db_, "reading sign-in failures");
    s.Bind(key);
    int rc = s.Step();
    if (rc == SQLITE_ROW)
      return std::optional<SignInFailureRow>(SignInFailureRow{s.Text(0), s.Int(1), s.Int(2), s.Int(3)});
    if (rc == SQLITE_DONE) return std::optional<SignInFailureRow>();
    return DbError(db_, "reading sign-in failures");
  }

  Status PutSignInFailure(const SignInFailureRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO sign_in_failures (key, failures, last_failure, locked_until) VALUES (?,?,?,?) "
           "ON CONFLICT(key) DO UPDATE SET failures=excluded.failures, last_failure=excluded.last_failure, "
           "locked_until=excluded.locked_until");
    if (!s.prepared()) return DbError(db_, "recording a sign-in failure");
    s.Bind(r.key).Bind(r.failures).Bind(r.last_failure).Bind(r.locked_until);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "recording a sign-in failure");
    return Status::Ok();
  }

  Status DeleteSignInFailure(const std::string& key) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM sign_in_failures WHERE key = ?");
    if (!s.prepared()) return DbError(db_, "clearing sign-in failures");
    s.Bind(key);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "clearing sign-in failures");
    return Status::Ok();
  }

  Status PutCaseShare(const CaseShareRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO case_shares (case_ref, username, shared_by, shared_at) VALUES (?,?,?,?) "
           "ON CONFLICT(case_ref, username) DO NOTHING");
    if (!s.prepared()) return DbError(db_, "sharing a case");
    s.Bind(r.case_ref).Bind(r.username).Bind(r.shared_by).Bind(r.shared_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "sharing a case");
    return Status::Ok();
  }

  Status DeleteCaseShare(const std::string& case_ref, const std::string& username) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "DELETE FROM case_shares WHERE case_ref = ? AND username = ?");
    if (!s.prepared()) return DbError(db_, "ending a share");
    s.Bind(case_ref).Bind(username);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "ending a share");
    return Status::Ok();
  }

  Result<std::vector<CaseShareRow>> ListCaseShares(const std::string& case_ref) override {
    Stmt s(db_, "SELECT case_ref, username, shared_by, shared_at FROM case_shares WHERE case_ref = ? ORDER BY username");
    if (!s.prepared()) return DbError(db_, "listing shares");
    s.Bind(case_ref);
    std::vector<CaseShareRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing shares");
    return out;
  }

  Result<std::vector<CaseShareRow>> ListSharesOf(const std::string& username) override {
    Stmt s(db_, "SELECT case_ref, username, shared_by, shared_at FROM case_shares WHERE username = ? ORDER BY case_ref");
    if (!s.prepared()) return DbError(db_, "listing shares");
    s.Bind(username);
    std::vector<CaseShareRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Text(3)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing shares");
    return out;
  }

  Result<std::int64_t> InsertLetter(const LetterRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO letters (case_ref, kind, subject, text, pdf_sha256, pdf_bytes, route, recipient, outbox_id, "
           "communication_id, sent_at, sent_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "recording a letter");
    s.Bind(r.case_ref).Bind(r.kind).Bind(r.subject).Bind(Seal(r.text, "letters.text")).Bind(r.pdf_sha256).Bind(r.pdf_bytes).Bind(r.route)
        .Bind(r.recipient).Bind(r.outbox_id).Bind(r.communication_id).Bind(r.sent_at).Bind(r.sent_by);
    return InsertedId(s, "recording a letter");
  }

  Result<std::vector<LetterRow>> ListLetters(const std::string& case_ref) override {
    Stmt s(db_, std::string("SELECT ") + kLetterColumns + " FROM letters WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing letters");
    s.Bind(case_ref);
    std::vector<LetterRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back(ReadLetter(s));
      SARDESK_ASSIGN_OR_RETURN(out.back().text, Unseal(out.back().text, "letters.text"));
    }
    if (rc != SQLITE_DONE) return DbError(db_, "listing letters");
    return out;
  }

  Result<std::optional<LetterRow>> FindLetter(std::int64_t id) override {
    Stmt s(db_, std::string("SELECT ") + kLetterColumns + " FROM letters WHERE id = ?");
    if (!s.prepared()) return DbError(db_, "finding a letter");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_ROW) {
      LetterRow row = ReadLetter(s);
      SARDESK_ASSIGN_OR_RETURN(row.text, Unseal(row.text, "letters.text"));
      return std::optional<LetterRow>(std::move(row));
    }
    if (rc == SQLITE_DONE) return std::optional<LetterRow>();
    return DbError(db_, "finding a letter");
  }

  // --- Bundles, releases and deliveries (issue 6) ---
  Result<std::int64_t> InsertBundle(const BundleRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO bundles (case_ref, sort_order, fingerprint, pages, volumes, documents, options, built_by, "
           "built_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "recording a bundle");
    s.Bind(r.case_ref).Bind(r.sort_order).Bind(r.fingerprint).Bind(r.pages).Bind(r.volumes_json)
        .Bind(r.documents_json).Bind(r.options_json).Bind(r.built_by).Bind(r.built_at);
    return InsertedId(s, "recording a bundle");
  }

  Result<std::vector<BundleRow>> ListBundles(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, sort_order, fingerprint, pages, volumes, documents, options, built_by, built_at "
           "FROM bundles WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing bundles");
    s.Bind(case_ref);
    std::vector<BundleRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8),
                     s.Text(9)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing bundles");
    return out;
  }

  Result<std::int64_t> InsertRelease(const ReleaseRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO releases (case_ref, bundle_id, kind, file, file_sha256, file_bytes, password_hash, "
           "created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "recording a release");
    s.Bind(r.case_ref).Bind(r.bundle_id).Bind(r.kind).Bind(r.file).Bind(r.file_sha256).Bind(r.file_bytes)
        .Bind(r.password_hash).Bind(r.created_by).Bind(r.created_at);
    return InsertedId(s, "recording a release");
  }

  Result<std::vector<ReleaseRow>> ListReleases(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, bundle_id, kind, file, file_sha256, file_bytes, password_hash, created_by, "
           "created_at FROM releases WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing releases");
    s.Bind(case_ref);
    std::vector<ReleaseRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6), s.Text(7), s.Text(8),
                     s.Text(9)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing releases");
    return out;
  }

  Result<std::int64_t> InsertDelivery(const DeliveryRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_,
           "INSERT INTO release_deliveries (release_id, case_ref, route, details, fee_pence, delivered_by, "
           "delivered_at) VALUES (?,?,?,?,?,?,?) RETURNING id");
    if (!s.prepared()) return DbError(db_, "recording a delivery");
    s.Bind(r.release_id).Bind(r.case_ref).Bind(r.route).Bind(r.details_json).Bind(r.fee_pence).Bind(r.delivered_by)
        .Bind(r.delivered_at);
    return InsertedId(s, "recording a delivery");
  }

  Result<std::vector<DeliveryRow>> ListDeliveries(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, release_id, case_ref, route, details, fee_pence, delivered_by, delivered_at FROM "
           "release_deliveries WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing deliveries");
    s.Bind(case_ref);
    std::vector<DeliveryRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5), s.Text(6), s.Text(7)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing deliveries");
    return out;
  }

  static constexpr const char* kLetterColumns =
      "id, case_ref, kind, subject, text, pdf_sha256, pdf_bytes, route, recipient, outbox_id, communication_id, "
      "sent_at, sent_by";

  static LetterRow ReadLetter(Stmt& s) {
    return {s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6),
            s.Text(7), s.Text(8), s.Int(9), s.Int(10), s.Text(11), s.Text(12)};
  }

 private:
  Status CheckWritable() const {
    return writable_ ? Status::Ok() : Status::Internal("write attempted in a read-only transaction");
  }

  // Steps an INSERT ... RETURNING id.
  Result<std::int64_t> InsertedId(Stmt& s, std::string_view what) {
    if (s.Step() != SQLITE_ROW) return DbError(db_, what);
    std::int64_t id = s.Int(0);
    s.Step();
    return id;
  }

  Status DeleteById(std::string_view sql, std::int64_t id, std::string_view what) {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, what);
    s.Bind(id);
    if (s.Step() != SQLITE_DONE) return DbError(db_, what);
    return Status::Ok();
  }

  static void BindStaffConcern(Stmt& s, const StaffConcernRow& r) {
    s.Bind(r.case_ref).Bind(r.name).Bind(r.role).Bind(r.kind).Bind(r.reason).Bind(r.exemption).Bind(r.rule_id)
        .Bind(r.status).Bind(r.recorded_by).Bind(r.recorded_at).Bind(r.ended_by).Bind(r.ended_at).Bind(r.end_reason);
  }

  static void BindCase(Stmt& s, const CaseRow& r) {
    s.Bind(r.reference).Bind(r.version).Bind(r.status).Bind(r.route).Bind(r.assigned_officer)
        .Bind(r.subject_key).Bind(r.subject_dob).Bind(r.received).Bind(r.due).Bind(r.stage_due)
        .Bind(std::int64_t{r.open ? 1 : 0}).Bind(r.audit_seq).Bind(r.updated_at).Bind(r.document);
  }

  // The requester portal (issue 8).
  Result<std::int64_t> PutPortalAccount(const PortalAccountRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT INTO portal_accounts (email, created_at) VALUES (?,?) ON CONFLICT(email) DO NOTHING");
    if (!s.prepared()) return DbError(db_, "adding a portal account");
    s.Bind(r.email).Bind(r.created_at);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "adding a portal account");
    SARDESK_ASSIGN_OR_RETURN(auto found, FindPortalAccount(r.email));
    if (!found) return Status::Internal("a portal account vanished as it was added");
    return found->id;
  }
  Result<std::optional<PortalAccountRow>> FindPortalAccount(const std::string& email) override {
    return FindPortalAccountWhere("email = ?", [&](Stmt& s) { s.Bind(email); });
  }
  Result<std::optional<PortalAccountRow>> FindPortalAccountById(std::int64_t id) override {
    return FindPortalAccountWhere("id = ?", [&](Stmt& s) { s.Bind(id); });
  }
  Status PutPortalCode(const PortalCodeRow& r) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, "INSERT OR REPLACE INTO portal_codes (key, code_hash, expires_at, attempts) VALUES (?,?,?,?)");
    if (!s.prepared()) return DbError(db_, "keeping a one-time code");
    s.Bind(r.key).Bind(r.code_hash).Bind(r.expires_at).Bind(r.attempts);
    if (s.Step() != SQLITE_DONE) return DbError(db_, "keeping a one-time code");
    return Status::Ok();
  }
  Result<std::optional<PortalCodeRow>> FindPortalCode(const std::string& key) override {
    Stmt s(db_, "SELECT key, code_hash, expires_at, attempts FROM portal_codes WHERE key = ?");
    if (!s.prepared()) return DbError(db_, "finding a one-time code");
    s.Bind(key);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<PortalCodeRow>(PortalCodeRow{s.Text(0), s.Text(1), s.Int(2), s.Int(3)});
    if (rc == SQLITE_DONE) return std::optional<PortalCodeRow>();
    return DbError(db_, "finding a one-time code");
  }
  Status DeletePortalCode(const std::string& key) override {
    return ExecBound("DELETE FROM portal_codes WHERE key = ?", "removing a one-time code", [&](Stmt& s) { s.Bind(key); });
  }
  Status InsertPortalSession(const PortalSessionRow& r) override {
    return ExecBound(
        "INSERT INTO portal_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) VALUES (?,?,?,?,?)",
        "starting a portal session",
        [&](Stmt& s) { s.Bind(r.token_hash).Bind(r.account_id).Bind(r.csrf_token).Bind(r.created_at).Bind(r.last_seen_at); });
  }
  Result<std::optional<PortalSessionRow>> FindPortalSession(const std::string& token_hash) override {
    Stmt s(db_, "SELECT token_hash, account_id, csrf_token, created_at, last_seen_at FROM portal_sessions WHERE token_hash = ?");
    if (!s.prepared()) return DbError(db_, "finding a portal session");
    s.Bind(token_hash);
    int rc = s.Step();
    if (rc == SQLITE_ROW)
      return std::optional<PortalSessionRow>(PortalSessionRow{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4)});
    if (rc == SQLITE_DONE) return std::optional<PortalSessionRow>();
    return DbError(db_, "finding a portal session");
  }
  Status TouchPortalSession(const std::string& token_hash, std::int64_t last_seen_at) override {
    return ExecBound("UPDATE portal_sessions SET last_seen_at = ? WHERE token_hash = ?", "recording a portal session's use",
                     [&](Stmt& s) { s.Bind(last_seen_at).Bind(token_hash); });
  }
  Status DeletePortalSession(const std::string& token_hash) override {
    return ExecBound("DELETE FROM portal_sessions WHERE token_hash = ?", "ending a portal session",
                     [&](Stmt& s) { s.Bind(token_hash); });
  }
  Status PutPortalLink(const PortalLinkRow& r) override {
    return ExecBound(
        "INSERT INTO portal_links (account_id, case_ref, linked_by, linked_at) VALUES (?,?,?,?) "
        "ON CONFLICT(account_id, case_ref) DO NOTHING",
        "linking a request to a portal account",
        [&](Stmt& s) { s.Bind(r.account_id).Bind(r.case_ref).Bind(r.linked_by).Bind(r.linked_at); });
  }
  Result<std::vector<PortalLinkRow>> ListPortalLinks(std::int64_t account_id) override {
    return ListPortalLinksWhere("account_id = ?", [&](Stmt& s) { s.Bind(account_id); });
  }
  Result<std::vector<PortalLinkRow>> ListPortalLinksOfCase(const std::string& case_ref) override {
    return ListPortalLinksWhere("case_ref = ?", [&](Stmt& s) { s.Bind(case_ref); });
  }
  Status InsertPortalDownload(const PortalDownloadRow& r) override {
    return ExecBound(
        "INSERT INTO portal_downloads (token_hash, account_id, case_ref, release_id, created_at, expires_at, used_at) "
        "VALUES (?,?,?,?,?,?,?)",
        "issuing a download link", [&](Stmt& s) {
          s.Bind(r.token_hash).Bind(r.account_id).Bind(r.case_ref).Bind(r.release_id).Bind(r.created_at)
              .Bind(r.expires_at).Bind(r.used_at);
        });
  }
  Result<std::optional<PortalDownloadRow>> FindPortalDownload(const std::string& token_hash) override {
    Stmt s(db_,
           "SELECT token_hash, account_id, case_ref, release_id, created_at, expires_at, used_at FROM portal_downloads "
           "WHERE token_hash = ?");
    if (!s.prepared()) return DbError(db_, "finding a download link");
    s.Bind(token_hash);
    int rc = s.Step();
    if (rc == SQLITE_ROW)
      return std::optional<PortalDownloadRow>(
          PortalDownloadRow{s.Text(0), s.Int(1), s.Text(2), s.Int(3), s.Int(4), s.Int(5), s.Int(6)});
    if (rc == SQLITE_DONE) return std::optional<PortalDownloadRow>();
    return DbError(db_, "finding a download link");
  }
  Result<bool> UsePortalDownload(const std::string& token_hash, std::int64_t now) override {
    SARDESK_RETURN_IF_ERROR(ExecBound("UPDATE portal_downloads SET used_at = ? WHERE token_hash = ? AND used_at = 0",
                                      "using a download link", [&](Stmt& s) { s.Bind(now).Bind(token_hash); }));
    return sqlite3_changes(db_) == 1;
  }
  Status InsertOidcPending(const OidcPendingRow& r) override {
    return ExecBound("INSERT INTO oidc_pending (state_hash, nonce, verifier, created_at) VALUES (?,?,?,?)",
                     "saving a sign-in under way", [&](Stmt& s) {
                       s.Bind(r.state_hash).Bind(Seal(r.nonce, "oidc_pending.nonce"))
                           .Bind(Seal(r.verifier, "oidc_pending.verifier")).Bind(r.created_at);
                     });
  }
  Result<std::optional<OidcPendingRow>> TakeOidcPending(const std::string& state_hash) override {
    std::optional<OidcPendingRow> out;
    {
      Stmt s(db_, "SELECT state_hash, nonce, verifier, created_at FROM oidc_pending WHERE state_hash = ?");
      if (!s.prepared()) return DbError(db_, "finding a sign-in under way");
      s.Bind(state_hash);
      int rc = s.Step();
      if (rc == SQLITE_ROW) {
        OidcPendingRow r{s.Text(0), "", "", s.Int(3)};
        SARDESK_ASSIGN_OR_RETURN(r.nonce, Unseal(s.Text(1), "oidc_pending.nonce"));
        SARDESK_ASSIGN_OR_RETURN(r.verifier, Unseal(s.Text(2), "oidc_pending.verifier"));
        out = std::move(r);
      } else if (rc != SQLITE_DONE) {
        return DbError(db_, "finding a sign-in under way");
      }
    }
    if (!out) return out;
    // Single use: whoever deletes the row has it.
    SARDESK_RETURN_IF_ERROR(ExecBound("DELETE FROM oidc_pending WHERE state_hash = ?", "using a sign-in under way",
                                      [&](Stmt& s) { s.Bind(state_hash); }));
    if (sqlite3_changes(db_) != 1) return std::optional<OidcPendingRow>();
    return out;
  }
  Result<std::int64_t> PurgeOidcPending(std::int64_t created_before) override {
    SARDESK_RETURN_IF_ERROR(ExecBound("DELETE FROM oidc_pending WHERE created_at < ?", "removing old sign-ins",
                                      [&](Stmt& s) { s.Bind(created_before); }));
    return std::int64_t{sqlite3_changes(db_)};
  }
  Result<std::int64_t> CountOidcPending() override {
    Stmt s(db_, "SELECT COUNT(*) FROM oidc_pending");
    if (!s.prepared() || s.Step() != SQLITE_ROW) return DbError(db_, "counting sign-ins under way");
    return s.Int(0);
  }
  Result<std::int64_t> InsertPortalUpload(const PortalUploadRow& r) override {
    SARDESK_RETURN_IF_ERROR(ExecBound(
        "INSERT INTO portal_uploads (case_ref, account_id, kind, file_name, sha256, bytes, uploaded_at) "
        "VALUES (?,?,?,?,?,?,?)",
        "recording an upload", [&](Stmt& s) {
          s.Bind(r.case_ref).Bind(r.account_id).Bind(r.kind).Bind(r.file_name).Bind(r.sha256).Bind(r.bytes)
              .Bind(r.uploaded_at);
        }));
    return std::int64_t{sqlite3_last_insert_rowid(db_)};
  }
  Result<std::vector<PortalUploadRow>> ListPortalUploads(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT id, case_ref, account_id, kind, file_name, sha256, bytes, uploaded_at FROM portal_uploads "
           "WHERE case_ref = ? ORDER BY id");
    if (!s.prepared()) return DbError(db_, "listing uploads");
    s.Bind(case_ref);
    std::vector<PortalUploadRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Text(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Int(6), s.Text(7)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing uploads");
    return out;
  }

 private:
  Status ExecBound(const char* sql, const char* what, const std::function<void(Stmt&)>& bind) {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    Stmt s(db_, sql);
    if (!s.prepared()) return DbError(db_, what);
    bind(s);
    if (s.Step() != SQLITE_DONE) return DbError(db_, what);
    return Status::Ok();
  }
  Result<std::optional<PortalAccountRow>> FindPortalAccountWhere(const std::string& where,
                                                                 const std::function<void(Stmt&)>& bind) {
    Stmt s(db_, "SELECT id, email, created_at FROM portal_accounts WHERE " + where);
    if (!s.prepared()) return DbError(db_, "finding a portal account");
    bind(s);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<PortalAccountRow>(PortalAccountRow{s.Int(0), s.Text(1), s.Int(2)});
    if (rc == SQLITE_DONE) return std::optional<PortalAccountRow>();
    return DbError(db_, "finding a portal account");
  }
  Result<std::vector<PortalLinkRow>> ListPortalLinksWhere(const std::string& where,
                                                          const std::function<void(Stmt&)>& bind) {
    Stmt s(db_, "SELECT account_id, case_ref, linked_by, linked_at FROM portal_links WHERE " + where + " ORDER BY rowid");
    if (!s.prepared()) return DbError(db_, "listing portal links");
    bind(s);
    std::vector<PortalLinkRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Int(0), s.Text(1), s.Text(2), s.Text(3)});
    if (rc != SQLITE_DONE) return DbError(db_, "listing portal links");
    return out;
  }

  static std::string Where(const CaseQuery& q) {
    std::string w;
    auto add = [&](const char* clause) { w += (w.empty() ? " WHERE " : " AND ") + std::string(clause); };
    if (!q.status.empty()) add("status = ?");
    if (!q.officer.empty()) add("assigned_officer = ?");
    if (!q.subject_dob.empty()) add("subject_dob = ?");
    if (!q.received_from.empty()) add("received >= ?");
    if (!q.received_to.empty()) add("received <= ?");
    if (!q.route.empty()) add("route = ?");
    if (!q.text.empty()) add("(reference LIKE ? ESCAPE '\\' OR subject_key LIKE ? ESCAPE '\\')");
    if (q.open_only) add("is_open = 1");
    return w;
  }

  static void BindWhere(Stmt& s, const CaseQuery& q) {
    if (!q.status.empty()) s.Bind(q.status);
    if (!q.officer.empty()) s.Bind(q.officer);
    if (!q.subject_dob.empty()) s.Bind(q.subject_dob);
    if (!q.received_from.empty()) s.Bind(q.received_from);
    if (!q.received_to.empty()) s.Bind(q.received_to);
    if (!q.route.empty()) s.Bind(q.route);
    if (!q.text.empty()) {
      std::string pattern = "%";
      for (char c : q.text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
      }
      pattern += '%';
      s.Bind(pattern).Bind(pattern);
    }
  }

  Result<std::vector<std::string>> PurgeCaseContent(const RetentionRow& row) override {
    SARDESK_RETURN_IF_ERROR(CheckWritable());
    const std::string& ref = row.case_ref;
    auto table_exists = [&](const char* table) {
      Stmt t(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
      t.Bind(std::string(table));
      return t.prepared() && t.Step() == SQLITE_ROW;
    };
    // Every column that names a blob, and the tables it lives in.
    std::vector<std::pair<std::string, std::string>> blob_columns = {
        {"documents", "sha256"}, {"documents", "pdf_sha256"}, {"redacted_documents", "redacted_sha256"},
        {"letters", "pdf_sha256"}};
    if (table_exists("portal_uploads")) blob_columns.push_back({"portal_uploads", "sha256"});
    std::set<std::string> used;
    for (const auto& [table, column] : blob_columns) {
      Stmt s(db_, "SELECT " + column + " FROM " + table + " WHERE case_ref = ? AND " + column + " <> ''");
      if (!s.prepared()) return DbError(db_, "listing a case's files");
      s.Bind(ref);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) used.insert(s.Text(0));
      if (rc != SQLITE_DONE) return DbError(db_, "listing a case's files");
    }
    // The bundles' volumes (sealed in the blob store since issue 8): made
    // for this case alone (each page is stamped with its reference).
    std::set<std::string> bundle_volumes;
    {
      Stmt s(db_,
             "SELECT json_extract(v.value, '$.sha256') FROM bundles, json_each(bundles.volumes) AS v "
             "WHERE bundles.case_ref = ? AND json_extract(v.value, '$.sha256') <> ''");
      if (!s.prepared()) return DbError(db_, "listing a case's bundles");
      s.Bind(ref);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) bundle_volumes.insert(s.Text(0));
      if (rc != SQLITE_DONE) return DbError(db_, "listing a case's bundles");
    }
    std::int64_t documents = 0;
    {
      Stmt c(db_, "SELECT COUNT(*) FROM documents WHERE case_ref = ?");
      c.Bind(ref);
      if (!c.prepared() || c.Step() != SQLITE_ROW) return DbError(db_, "counting documents");
      documents = c.Int(0);
    }
    std::vector<std::string> statements = {
        "DELETE FROM pages WHERE case_ref = ?",
        "DELETE FROM redactions WHERE case_ref = ?",
        "DELETE FROM redaction_rules WHERE case_ref = ?",
        "DELETE FROM redacted_documents WHERE case_ref = ?",
        "DELETE FROM safeguarding_flags WHERE case_ref = ?",
        "DELETE FROM safeguarding_checks WHERE case_ref = ?",
        "DELETE FROM safeguarding_meetings WHERE case_ref = ?",
        "DELETE FROM third_party_consents WHERE case_ref = ?",
        "DELETE FROM staff_concerns WHERE case_ref = ?",
        "DELETE FROM outbox WHERE case_ref = ?",
        "UPDATE letters SET subject = '', text = '', pdf_sha256 = '', recipient = '' WHERE case_ref = ?",
        "UPDATE bundles SET documents = '[]' WHERE case_ref = ?",  // their file names
        "UPDATE documents SET filename = '', sha256 = '', pdf_sha256 = '', error = '', exclusion_reason = '' "
        "WHERE case_ref = ?",
    };
    if (table_exists("portal_uploads")) statements.push_back("DELETE FROM portal_uploads WHERE case_ref = ?");
    for (const auto& sql : statements) {
      Stmt s(db_, sql);
      if (!s.prepared()) return DbError(db_, "destroying a case's documents");
      s.Bind(ref);
      if (s.Step() != SQLITE_DONE) return DbError(db_, "destroying a case's documents");
    }
    // Keep a blob another case still uses (the same file collected twice).
    std::vector<std::string> released;
    for (const auto& sha : used) {
      bool referenced = false;
      for (const auto& [table, column] : blob_columns) {
        Stmt s(db_, "SELECT 1 FROM " + table + " WHERE " + column + " = ? LIMIT 1");
        if (!s.prepared()) return DbError(db_, "checking a file's other uses");
        s.Bind(sha);
        int rc = s.Step();
        if (rc == SQLITE_ROW) referenced = true;
        else if (rc != SQLITE_DONE) return DbError(db_, "checking a file's other uses");
        if (referenced) break;
      }
      if (!referenced) released.push_back(sha);
    }
    for (const auto& sha : bundle_volumes)
      if (!used.count(sha)) released.push_back(sha);
    Stmt ins(db_,
             "INSERT INTO retention_destructions (case_ref, closed_on, destroyed_at, documents, files_released) "
             "VALUES (?,?,?,?,?)");
    if (!ins.prepared()) return DbError(db_, "recording a destruction");
    ins.Bind(ref).Bind(row.closed_on).Bind(row.destroyed_at).Bind(documents)
        .Bind(static_cast<std::int64_t>(released.size()));
    if (ins.Step() != SQLITE_DONE) return DbError(db_, "recording a destruction");
    return released;
  }

  Result<std::optional<RetentionRow>> FindRetention(const std::string& case_ref) override {
    Stmt s(db_,
           "SELECT case_ref, closed_on, destroyed_at, documents, files_released FROM retention_destructions "
           "WHERE case_ref = ?");
    if (!s.prepared()) return DbError(db_, "reading a destruction");
    s.Bind(case_ref);
    int rc = s.Step();
    if (rc == SQLITE_ROW) return std::optional<RetentionRow>(RetentionRow{s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
    if (rc == SQLITE_DONE) return std::optional<RetentionRow>();
    return DbError(db_, "reading a destruction");
  }

  // Document content columns are sealed with the data folder's key (issue 8).
  std::string Seal(const std::string& plain, std::string_view column) const {
    return cipher_ ? cipher_->Seal(plain, column) : plain;
  }
  Result<std::string> Unseal(const std::string& stored, std::string_view column) const {
    if (!cipher_) {
      if (crypt::FieldCipher::IsSealed(stored))
        return Status::Internal("the database holds encrypted text but was opened without its key");
      return stored;
    }
    return cipher_->Open(stored, column);
  }

  sqlite3* db_;  // owned by the store; outlives the transaction
  bool writable_;
  const crypt::FieldCipher* cipher_;
};

class SqliteStore : public Store {
 public:
  SqliteStore(DbPtr db, std::string path, int version, std::optional<crypt::FieldCipher> cipher = std::nullopt)
      : db_(std::move(db)), path_(std::move(path)), version_(version), cipher_(std::move(cipher)) {}

  Status Write(const std::function<Status(Transaction&)>& fn) override { return Run(fn, true); }
  Status Read(const std::function<Status(Transaction&)>& fn) override { return Run(fn, false); }
  std::string Describe() const override { return "sqlite:" + path_; }
  int SchemaVersion() const override { return version_; }

 private:
  Status Run(const std::function<Status(Transaction&)>& fn, bool writable) {
    // One connection, serialised: SQLite allows one writer at a time anyway,
    // and the server's request volume is small.
    std::lock_guard<std::mutex> lock(mu_);
    SARDESK_RETURN_IF_ERROR(Exec(db_.get(), writable ? "BEGIN IMMEDIATE" : "BEGIN"));
    SqliteTransaction tx(db_.get(), writable, cipher_ ? &*cipher_ : nullptr);
    Status st;
    try {
      st = fn(tx);
    } catch (const std::exception& e) {
      st = Status::Internal(std::string("unexpected failure: ") + e.what());
    }
    if (!st.ok()) {
      (void)Exec(db_.get(), "ROLLBACK");
      return st;
    }
    Status commit = Exec(db_.get(), "COMMIT");
    if (!commit.ok()) (void)Exec(db_.get(), "ROLLBACK");
    return commit;
  }

  std::mutex mu_;
  DbPtr db_;
  std::string path_;
  int version_;
  std::optional<crypt::FieldCipher> cipher_;
};

// Seals the content columns still plain (written before encryption) in one
// transaction, then records the key check; secure_delete and a VACUUM make
// sure the old plaintext does not linger in free pages or the WAL.
Status SealPlainColumns(sqlite3* db, const crypt::FieldCipher& cipher) {
  struct Column {
    const char* table;
    const char* column;
    const char* key;  // the row's key, for the UPDATE
  };
  static constexpr Column kColumns[] = {{"pages", "text", "rowid"},
                                        {"pages", "words", "rowid"},
                                        {"redactions", "text", "id"},
                                        {"redaction_rules", "text", "id"},
                                        {"letters", "text", "id"},
                                        {"outbox", "message", "id"}};
  SARDESK_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  auto fail = [&](Status st) {
    (void)Exec(db, "ROLLBACK");
    return st;
  };
  bool changed = false;
  for (const auto& c : kColumns) {
    const std::string ctx = std::string(c.table) + "." + c.column;
    Stmt sel(db, std::string("SELECT ") + c.key + ", " + c.column + " FROM " + c.table + " WHERE " + c.column +
                     " NOT LIKE 'sd1:%'");
    if (!sel.prepared()) return fail(DbError(db, "encrypting " + ctx));
    int rc;
    while ((rc = sel.Step()) == SQLITE_ROW) {
      Stmt up(db, std::string("UPDATE ") + c.table + " SET " + c.column + " = ? WHERE " + c.key + " = ?");
      up.Bind(cipher.Seal(sel.Text(1), ctx)).Bind(sel.Int(0));
      if (!up.prepared() || up.Step() != SQLITE_DONE) return fail(DbError(db, "encrypting " + ctx));
      changed = true;
    }
    if (rc != SQLITE_DONE) return fail(DbError(db, "encrypting " + ctx));
  }
  Stmt put(db, "INSERT INTO settings (key, value) VALUES ('encryption.key_check', ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  put.Bind(cipher.MakeKeyCheck());
  if (!put.prepared() || put.Step() != SQLITE_DONE) return fail(DbError(db, "saving the key check"));
  SARDESK_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  if (changed) {
    SARDESK_RETURN_IF_ERROR(Exec(db, "VACUUM"));
    (void)Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  }
  return Status::Ok();
}

Result<int> Migrate(sqlite3* db) {
  SARDESK_RETURN_IF_ERROR(Exec(db,
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
  int current = 0;
  {
    // Finished before any migration runs: a statement still open on the
    // connection would stop a migration from dropping a table.
    Stmt s(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!s.prepared() || s.Step() != SQLITE_ROW) return DbError(db, "reading the schema version");
    current = static_cast<int>(s.Int(0));
  }
  int latest = CurrentSchemaVersion();
  if (current > latest)
    return Status::Invalid("the data folder was written by a newer sardesk (schema " + std::to_string(current) +
                           ", this build knows " + std::to_string(latest) + "): upgrade sardesk");
  for (int v = current + 1; v <= latest; ++v) {
    SARDESK_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    Status st = Exec(db, kMigrations[v - 1]);
    if (st.ok()) {
      Stmt ins(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, datetime('now'))");
      ins.Bind(std::int64_t{v});
      if (!ins.prepared() || ins.Step() != SQLITE_DONE) st = DbError(db, "recording a migration");
    }
    if (!st.ok()) {
      (void)Exec(db, "ROLLBACK");
      return Status::Internal("migration " + std::to_string(v) + " failed: " + st.message());
    }
    SARDESK_RETURN_IF_ERROR(Exec(db, "COMMIT"));
  }
  return latest;
}

}  // namespace

int CurrentSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) { return OpenSqliteStore(path, nullptr); }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, const crypt::DataKey* key) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK)
    return Status::Invalid("cannot open the database " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), 5000);
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA foreign_keys = ON"));
  if (path != ":memory:") {
    Stmt wal(db.get(), "PRAGMA journal_mode = WAL");
    if (!wal.prepared() || wal.Step() != SQLITE_ROW || wal.Text(0) != "wal")
      return Status::Internal("cannot switch " + path + " to write-ahead logging");
  }
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA synchronous = FULL"));
  // Reads map the file instead of copying each page out of the kernel, and
  // keep more pages: the dashboard reads every open request's row (up to
  // 64 MiB of cache, 256 MiB mapped; bench/load_bench).
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA cache_size = -65536"));
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA mmap_size = 268435456"));
  auto version = Migrate(db.get());
  if (!version.ok()) return version.status();
  if (!key) return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db), path, *version));
  // Encrypted: deleted rows are overwritten, and the key must be this folder's.
  SARDESK_RETURN_IF_ERROR(Exec(db.get(), "PRAGMA secure_delete = ON"));
  crypt::FieldCipher cipher(*key);
  std::optional<std::string> stored_check;
  {
    Stmt check(db.get(), "SELECT value FROM settings WHERE key = 'encryption.key_check'");
    int step = check.prepared() ? check.Step() : SQLITE_ERROR;
    if (step == SQLITE_ROW) stored_check = check.Text(0);
    else if (step != SQLITE_DONE) return DbError(db.get(), "reading the key check");
  }
  if (stored_check && !cipher.MatchesKeyCheck(*stored_check))
    return Status::Invalid("the encryption key does not open this data folder: give the key it was made with");
  {
    // Part of the files are under a new key until the rotation finishes
    // (store/key_rotation.h): nothing else may use the folder meanwhile.
    Stmt rotating(db.get(), "SELECT 1 FROM settings WHERE key = 'encryption.rotation_to'");
    if (rotating.prepared() && rotating.Step() == SQLITE_ROW)
      return Status::Invalid("a key rotation of this data folder was interrupted: run sardesk store rotate-key "
                             "again with the same new key file before anything else");
  }
  if (!stored_check) SARDESK_RETURN_IF_ERROR(SealPlainColumns(db.get(), cipher));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db), path, *version, std::move(cipher)));
}

}  // namespace sardesk::store
