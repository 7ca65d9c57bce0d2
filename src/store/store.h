// Storage behind one interface. The SQLite backend is the embedded default; a
// PostgreSQL backend implements the same two classes (see docs/storage.md).
// Records cross this boundary as rows of plain strings and JSON documents, so
// no backend type reaches the domain.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_chain.h"
#include "common/result.h"

namespace sardesk::store {

// A case as stored: the JSON document plus the columns lists are queried by.
struct CaseRow {
  std::string reference;
  std::int64_t version = 0;
  std::string status;
  std::string route;
  std::string assigned_officer;
  std::string subject_key;  // normalised name, for finding the same subject
  std::string subject_dob;  // YYYY-MM-DD or empty
  std::string received;
  std::string due;          // statutory due date, or empty while not started
  std::string stage_due;    // due date of the current stage, or empty
  bool open = true;
  std::int64_t audit_seq = 0;  // the audit entry of the latest change
  std::string updated_at;
  std::string document;     // the whole record as JSON
};

struct CaseQuery {
  std::string status;          // exact wire name, or empty for any
  std::string officer;         // assigned officer, or empty
  std::string subject_dob;     // with subject_key: candidates for repeats
  std::string received_from;   // YYYY-MM-DD inclusive
  std::string received_to;     // YYYY-MM-DD inclusive (the register, issue 7)
  std::string route;           // exact wire name, or empty for any (the register, issue 7)
  std::string text;            // reference or subject name contains (case-insensitive)
  bool open_only = false;
  bool without_document = false;  // leave CaseRow::document empty (lists that need only the columns)
  std::int64_t limit = 500;
  std::int64_t offset = 0;
};

struct AuditQuery {
  std::string entity;     // empty for all
  std::string entity_id;  // empty for all
  std::int64_t after_seq = 0;
  std::int64_t limit = 1000;
};

struct HolidayRow {
  std::string region;
  std::string date;
  std::string title;
  std::string added_by;
  std::string added_at;
};

struct UserRow {
  std::string username;
  std::string display_name;
  std::string role;
  std::string email;
  bool active = true;
  std::string service_area;  // a service-area contact's area (issue 8), else empty
};

// Accounts and access (issue 8). A password as an Argon2id hash string.
struct CredentialRow {
  std::string username;
  std::string password_hash;
  std::string changed_at;
  std::string changed_by;
};

// A signed-in session. The token itself is never stored, only its digest.
struct SessionRow {
  std::string token_hash;
  std::string username;
  std::string csrf_token;
  std::int64_t created_at = 0;    // unix seconds
  std::int64_t last_seen_at = 0;  // unix seconds
};

// Failed sign-ins for one throttling key (a digest of a name or address).
struct SignInFailureRow {
  std::string key;
  std::int64_t failures = 0;
  std::int64_t last_failure = 0;  // unix seconds
  std::int64_t locked_until = 0;  // unix seconds
};

// A case shared with a social worker adviser, who sees only such cases.
struct CaseShareRow {
  std::string case_ref;
  std::string username;
  std::string shared_by;
  std::string shared_at;
};

// A service area (children's social care, adult services...) with its single
// point of contact, stored as a JSON document.
struct ServiceAreaRow {
  std::string id;  // short slug, e.g. "childrens"
  std::string document;
  bool active = true;
};

// A message waiting to be sent, queued in the same transaction as the change
// that caused it, so a message is never sent for a change that rolled back
// nor lost for one that committed.
struct OutboxRow {
  std::int64_t id = 0;
  std::string created_at;
  std::string case_ref;
  std::string message;  // JSON: from, to, cc, subject, body
  std::string status = "pending";  // pending, sent, failed
  std::int64_t attempts = 0;
  std::string last_error;
  std::string sent_at;
  std::string message_id;
};

// A file collected for a case: an upload, or a part of one (an email's
// attachment, a file inside a zip), with its provenance and processing state.
struct DocumentRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::int64_t parent_id = 0;      // the upload this came out of, or 0
  std::string filename;
  std::string media_type;          // what the content is, sniffed, not the extension
  std::string sha256;              // of the original bytes
  std::int64_t bytes = 0;
  std::string service_area;        // provenance
  std::int64_t search_task_id = 0;
  std::string uploaded_by;
  std::string uploaded_at;
  std::string status = "queued";   // queued, processing, ready, failed, container
  std::string error;               // why it failed, for the officer
  std::string pdf_sha256;          // the normalised PDF
  std::int64_t page_count = 0;
  std::int64_t pages_done = 0;
  bool excluded = false;
  std::string exclusion_reason;
  std::int64_t duplicate_of = 0;   // an identical earlier document
  double pages_per_second = 0;     // measured while processing; 0 until known
};

struct PageRow {
  std::int64_t document_id = 0;
  int page_index = 0;
  std::string case_ref;
  float width = 0;
  float height = 0;
  std::string text;
  std::string words_json;          // [[text, x0, y0, x1, y1], ...]; OCR words add a 6th: confidence 0-100
  std::string text_sha256;
  std::uint64_t simhash = 0;
  double ocr_confidence = -1;      // -1: text from the PDF itself
  std::int64_t duplicate_of_document = 0;
  int duplicate_of_page = 0;
  std::string duplicate_kind;      // "", "exact" or "near"
  bool excluded = false;           // this page alone is left out of the bundle
  std::string exclusion_reason;
};

struct PageQuery {
  std::string case_ref;            // all pages of a case, or
  std::int64_t document_id = 0;    // the pages of one document
  int page_index = -1;             // one page
  bool with_text = false;
};

// A redaction on a case (issue 5): proposed by detection, drawn by an
// officer or added by a rule; accepted ones are burned into the document's
// redacted copy. Boxes are in points from the page's top-left corner, like
// PageRow::words_json.
struct RedactionRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::int64_t document_id = 0;
  int page_index = -1;             // 0-based; -1 for a whole document
  std::string scope = "box";       // box, page, document
  std::string boxes_json = "[]";   // [[x0, y0, x1, y1], ...]: one per line of text
  std::int64_t span_start = -1;    // UTF-8 byte offsets into the page text, or -1
  std::int64_t span_end = -1;
  std::string text;                // what it covers
  std::string category;            // detection label (person, phone...), drawn, page, document
  std::string party;               // subject, third_party, professional, ambiguous, or empty
  std::string exemption;           // a code of the exemption catalogue
  std::string reason;              // readable, for the officer and the schedule
  std::string source;              // detection, officer, rule, qa
  std::string status = "proposed"; // proposed, accepted, rejected
  std::int64_t rule_id = 0;        // the case rule that decided it, or 0
  std::string proposed_by;
  std::string proposed_at;
  std::string decided_by;
  std::string decided_at;
  std::string note;                // the officer's note on the decision
  std::string dedupe_key;          // unique per case when not empty: re-proposing adds nothing
};

struct RedactionQuery {
  std::string case_ref;
  std::int64_t document_id = 0;    // 0: any
  int page_index = -2;             // -2: any; -1: whole-document redactions
  std::string status, party, category, source;  // empty: any
};

// "Redact (or keep) this text wherever it occurs in the case."
struct RedactionRuleRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string text;
  std::string action;     // redact, keep
  std::string exemption;  // for redact
  std::string reason;
  std::string created_by;
  std::string created_at;
};

// The redacted, verified copy of a document, in the blob store.
struct RedactedDocumentRow {
  std::int64_t document_id = 0;
  std::string case_ref;
  std::string source_sha256;    // the normalised PDF it was made from
  std::string redacted_sha256;
  std::string fingerprint;      // of the accepted redactions burned in
  std::int64_t redactions = 0;
  std::string pages_json = "[]";  // [{"page", "method", "why"}]: the pages changed
  std::string applied_by;
  std::string applied_at;
};

// A quality check of a case's redactions by a second officer (seed 001 stage 5).
struct QaReviewRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::int64_t round = 1;
  std::string seed;             // of the random sample, from the reference and round
  std::string reviewer;
  std::string status = "open";  // open, passed, sent_back
  std::string pages_json = "[]";  // [{"document_id", "page", "added_by"}]
  std::int64_t bundle_pages = 0;
  std::string reason;           // why it was sent back
  std::string note;
  std::string started_at;
  std::string decided_at;
  std::string fingerprint;      // of the redaction decisions it passed; empty before migration 6
};

// A third party's answer about disclosing their information (seed 002
// 8.9-8.11, seed 004): consented, refused, or disclosing without consent is
// reasonable. The newest decision about a name is current; it owns a case
// rule on that name (keep, or redact when refused).
struct ConsentRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string name;              // the third party, as named in the records
  std::string decision;          // consented, refused, reasonable
  std::string reason;
  std::string decided_by;
  std::string decided_on;        // YYYY-MM-DD
  std::int64_t rule_id = 0;      // the case rule it set, or 0 once superseded
  std::string status = "current";  // current, superseded
  std::string recorded_by;
  std::string recorded_at;
  std::string superseded_at;
};

// A safeguarding concern about a member of council staff named in the
// records (seed 001 stage 4): while active, a redact rule on their name.
struct StaffConcernRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string name;
  std::string role;
  std::string kind;              // violence, threats, intimidation, other
  std::string reason;
  std::string exemption;         // the rule's exemption code
  std::int64_t rule_id = 0;      // the case rule it set, or 0 once ended
  std::string status = "active";  // active, withdrawn, superseded
  std::string recorded_by;
  std::string recorded_at;
  std::string ended_by;
  std::string ended_at;
  std::string end_reason;
};

// A safeguarding flag raised by detection on one page (self_harm, abuse).
struct SafeguardingFlagRow {
  std::string case_ref;
  std::int64_t document_id = 0;
  int page_index = 0;
  std::string flag;
  std::int64_t sentences = 0;    // how many sentences raised it on the page
  std::string detected_by;
  std::string detected_at;
};

// Detection has looked at a document for safeguarding flags.
struct SafeguardingCheckRow {
  std::int64_t document_id = 0;
  std::string case_ref;
  std::string checked_by;
  std::string checked_at;
};

// A safeguarding case meeting about flagged documents (seed 001 stage 4).
struct SafeguardingMeetingRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string held_on;           // YYYY-MM-DD
  std::string attendees_json = "[]";
  std::string outcome;           // release, release_with_support, withhold_part, withhold_all
  std::string notes;
  std::string documents_json = "[]";  // the flagged documents it considered
  std::string recorded_by;
  std::string recorded_at;
};

// A letter sent to the requester (issue 6): its text and PDF as sent.
struct LetterRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string kind;          // letters::LetterKind wire name
  std::string subject;
  std::string text;          // the whole letter as sent
  std::string pdf_sha256;    // the PDF in the blob store
  std::int64_t pdf_bytes = 0;
  std::string route;         // post, email or hand
  std::string recipient;     // name, and the email address when emailed
  std::int64_t outbox_id = 0;        // the queued email, or 0
  std::int64_t communication_id = 0; // its entry in the case's communications
  std::string sent_at;
  std::string sent_by;
};

// A disclosure bundle built for a case (issue 6): its volumes are files in
// DATA/cases/<reference>/bundles/, named in volumes_json with their hashes.
struct BundleRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::string sort_order;          // source, date
  std::string fingerprint;         // of the redaction decisions it was built from
  std::int64_t pages = 0;          // in all volumes
  std::string volumes_json = "[]";    // [{"file", "sha256", "bytes", "pages"}]
  std::string documents_json = "[]";  // [{"document_id", "filename", "volume", "first_page", "last_page", "pages"}]
  std::string options_json = "{}";    // what the officer asked for (chronology, covering letter...)
  std::string built_by;
  std::string built_at;
};

// An encrypted copy of a bundle made for the requester (issue 6). The
// password is never stored, only its salted hash.
struct ReleaseRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::int64_t bundle_id = 0;
  std::string kind;               // pdf (AES-256 PDF) or zip (AES-256 zip of the volumes)
  std::string file;               // under the case's releases folder
  std::string file_sha256;
  std::int64_t file_bytes = 0;
  std::string password_hash;
  std::string created_by;
  std::string created_at;
};

// One way a release reached the requester: what was sent, how, when, by whom.
struct DeliveryRow {
  std::int64_t id = 0;
  std::int64_t release_id = 0;
  std::string case_ref;
  std::string route;              // secure_download, encrypted_email, post, collection, supported_meeting
  std::string details_json = "{}";
  std::int64_t fee_pence = 0;     // for paper copies
  std::string delivered_by;
  std::string delivered_at;
};

// What a backend without the bundle tables (issue 6) answers.
inline Status BundlesUnsupported() { return Status::Internal("this store does not hold bundles and releases"); }

// What a backend without the letter table (issue 6) answers.
inline Status LettersUnsupported() { return Status::Internal("this store does not hold letters"); }

// What a backend without the account tables (issue 8) answers.
inline Status AccountsUnsupported() { return Status::Internal("this store does not hold accounts"); }

// The requester portal (issue 8, docs/portal.md). A portal account is an
// email address; codes, sessions and download links are kept only as hashes
// or digests.
struct PortalAccountRow {
  std::int64_t id = 0;
  std::string email;  // lower case
  std::int64_t created_at = 0;  // unix seconds
};
// A one-time code waiting to be used: key names what it is for (sign-in for
// an address, or a download of one release).
struct PortalCodeRow {
  std::string key;
  std::string code_hash;  // Argon2id
  std::int64_t expires_at = 0;
  std::int64_t attempts = 0;  // wrong tries so far
};
struct PortalSessionRow {
  std::string token_hash;
  std::int64_t account_id = 0;
  std::string csrf_token;
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
};
// A case the requester sees in the portal.
struct PortalLinkRow {
  std::int64_t account_id = 0;
  std::string case_ref;
  std::string linked_by;
  std::string linked_at;
};
// A single-use download link for one release.
struct PortalDownloadRow {
  std::string token_hash;
  std::int64_t account_id = 0;
  std::string case_ref;
  std::int64_t release_id = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t used_at = 0;  // 0 while unused
};
// An identity or authority document the requester uploaded (in the blob store).
struct PortalUploadRow {
  std::int64_t id = 0;
  std::string case_ref;
  std::int64_t account_id = 0;
  std::string kind;  // identity, authority
  std::string file_name;
  std::string sha256;
  std::int64_t bytes = 0;
  std::string uploaded_at;
};

// The register's reports (issue 7): counts over the requests received, or
// closed, from..to (YYYY-MM-DD, inclusive).
struct ReportQuery {
  std::string from;
  std::string to;
};
struct MonthCount {
  std::string month;         // YYYY-MM
  std::int64_t count = 0;
  std::int64_t on_time = 0;  // closed: by the statutory due date
};
struct StatusDays {
  std::string status;        // wire name
  double days = 0;           // calendar days in finished spells of this status, summed
  std::int64_t cases = 0;    // requests with such a spell
};
struct KeyCount {
  std::string key;
  std::int64_t count = 0;
};
struct ReportRows {
  std::vector<MonthCount> received;    // by month received
  std::vector<MonthCount> closed;      // by month of the last status change, closed requests only
  std::vector<StatusDays> status_days; // of requests received from..to
  std::vector<MonthCount> pages;       // pages read (count), by month uploaded
  std::vector<KeyCount> exemptions;    // accepted redactions by exemption, requests received from..to
};

inline Status PortalUnsupported() { return Status::Internal("this store does not hold the requester portal"); }

// A council sign-in (OpenID Connect) between its start and the provider's
// callback (issue 8). The state is kept only as a digest; the backend seals
// the nonce and the PKCE verifier with the data folder's key.
struct OidcPendingRow {
  std::string state_hash;
  std::string nonce;
  std::string verifier;
  std::int64_t created_at = 0;  // Unix seconds
};
inline Status OidcUnsupported() { return Status::Internal("this store does not hold council sign-ins"); }

// A case whose documents were destroyed under the retention period.
struct RetentionRow {
  std::string case_ref;
  std::string closed_on;     // YYYY-MM-DD
  std::string destroyed_at;  // ISO 8601
  std::int64_t documents = 0;
  std::int64_t files_released = 0;  // blobs no longer referenced by anything
};

inline Status RetentionUnsupported() { return Status::Internal("this store does not support retention"); }

// One unit of work. Valid only inside the callback that received it.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Result<std::optional<CaseRow>> FindCase(const std::string& reference) = 0;
  virtual Status InsertCase(const CaseRow& row) = 0;
  // kConflict when the stored version differs from expected_version.
  virtual Status UpdateCase(const CaseRow& row, std::int64_t expected_version) = 0;
  virtual Result<std::vector<CaseRow>> ListCases(const CaseQuery& query) = 0;
  virtual Result<std::int64_t> CountCases(const CaseQuery& query) = 0;
  virtual Result<ReportRows> ReportCases(const ReportQuery&) { return Status::Internal("this store does not make reports"); }

  // Returns 1, 2, 3... for each key ("SAR-2025"), never repeating.
  virtual Result<std::int64_t> NextSequence(const std::string& key) = 0;

  // Appends to the hash-chained audit log; fills seq, prev_hash and hash.
  virtual Result<audit::AuditEntry> AppendAudit(audit::AuditEntry entry) = 0;
  virtual Result<std::vector<audit::AuditEntry>> ReadAudit(const AuditQuery& query) = 0;
  virtual Result<std::optional<audit::ChainHead>> AuditHead() = 0;

  virtual Status AddHoliday(const HolidayRow& row) = 0;
  virtual Result<std::vector<HolidayRow>> ListHolidays() = 0;

  virtual Status PutUser(const UserRow& row) = 0;
  virtual Result<std::optional<UserRow>> FindUser(const std::string& username) = 0;
  virtual Result<std::vector<UserRow>> ListUsers() = 0;

  virtual Status PutServiceArea(const ServiceAreaRow& row) = 0;
  virtual Result<std::vector<ServiceAreaRow>> ListServiceAreas() = 0;

  virtual Result<std::int64_t> EnqueueMail(const OutboxRow& row) = 0;
  // Status and case_ref empty for any; oldest first.
  virtual Result<std::vector<OutboxRow>> ListMail(const std::string& status, const std::string& case_ref,
                                                  std::int64_t limit) = 0;
  virtual Status UpdateMail(const OutboxRow& row) = 0;

  virtual Result<std::int64_t> InsertDocument(const DocumentRow& row) = 0;
  virtual Status UpdateDocument(const DocumentRow& row) = 0;
  virtual Result<std::optional<DocumentRow>> FindDocument(std::int64_t id) = 0;
  virtual Result<std::vector<DocumentRow>> ListDocuments(const std::string& case_ref) = 0;
  // Moves the oldest queued document to processing and returns it.
  virtual Result<std::optional<DocumentRow>> ClaimNextDocument() = 0;
  // After a crash or restart: documents left processing go back to the queue.
  virtual Result<std::int64_t> RequeueInterrupted() = 0;
  virtual Status PutPage(const PageRow& row) = 0;
  virtual Result<std::vector<PageRow>> ListPages(const PageQuery& query) = 0;
  virtual Status MarkPageDuplicate(std::int64_t document_id, int page_index, std::int64_t of_document,
                                   int of_page, const std::string& kind) = 0;

  virtual Result<std::optional<std::string>> GetSetting(const std::string& key) = 0;
  virtual Status PutSetting(const std::string& key, const std::string& value) = 0;

  // Redactions, case rules, redacted copies and QA reviews (issue 5).
  virtual Result<std::int64_t> InsertRedaction(const RedactionRow& row) = 0;
  virtual Status UpdateRedaction(const RedactionRow& row) = 0;
  virtual Result<std::optional<RedactionRow>> FindRedaction(std::int64_t id) = 0;
  // Ordered by document, page and id.
  virtual Result<std::vector<RedactionRow>> ListRedactions(const RedactionQuery& query) = 0;
  virtual Result<std::int64_t> InsertRedactionRule(const RedactionRuleRow& row) = 0;
  virtual Result<std::vector<RedactionRuleRow>> ListRedactionRules(const std::string& case_ref) = 0;
  virtual Status PutRedactedDocument(const RedactedDocumentRow& row) = 0;
  virtual Status DeleteRedactedDocument(std::int64_t document_id) = 0;
  virtual Result<std::vector<RedactedDocumentRow>> ListRedactedDocuments(const std::string& case_ref) = 0;
  virtual Result<std::int64_t> InsertQaReview(const QaReviewRow& row) = 0;
  virtual Status UpdateQaReview(const QaReviewRow& row) = 0;
  // Oldest first.
  virtual Result<std::vector<QaReviewRow>> ListQaReviews(const std::string& case_ref) = 0;
  virtual Status DeleteRedaction(std::int64_t id) = 0;
  virtual Status DeleteRedactionRule(std::int64_t id) = 0;
  // Redactions (not rejected), rules and active staff concerns resting on an
  // exemption code, in every case.
  virtual Result<std::int64_t> CountExemptionUses(const std::string& code) = 0;

  // Third-party consent, staff concerns, safeguarding flags and meetings (issue 5).
  virtual Result<std::int64_t> InsertConsent(const ConsentRow& row) = 0;
  virtual Status UpdateConsent(const ConsentRow& row) = 0;
  // Oldest first.
  virtual Result<std::vector<ConsentRow>> ListConsents(const std::string& case_ref) = 0;
  virtual Result<std::int64_t> InsertStaffConcern(const StaffConcernRow& row) = 0;
  virtual Status UpdateStaffConcern(const StaffConcernRow& row) = 0;
  virtual Result<std::vector<StaffConcernRow>> ListStaffConcerns(const std::string& case_ref) = 0;
  // Adds the flag, or updates its sentence count when the page already has it.
  virtual Status PutSafeguardingFlag(const SafeguardingFlagRow& row) = 0;
  // By document, page and flag.
  virtual Result<std::vector<SafeguardingFlagRow>> ListSafeguardingFlags(const std::string& case_ref) = 0;
  virtual Status PutSafeguardingCheck(const SafeguardingCheckRow& row) = 0;
  virtual Result<std::vector<SafeguardingCheckRow>> ListSafeguardingChecks(const std::string& case_ref) = 0;
  virtual Result<std::int64_t> InsertSafeguardingMeeting(const SafeguardingMeetingRow& row) = 0;
  // Oldest first.
  virtual Result<std::vector<SafeguardingMeetingRow>> ListSafeguardingMeetings(const std::string& case_ref) = 0;

  // Accounts, sessions, sign-in throttling and case sharing (issue 8). Not
  // pure, so wrappers written before them (test fakes) still compile; a
  // backend without them refuses.
  virtual Status PutCredential(const CredentialRow&) { return AccountsUnsupported(); }
  virtual Result<std::optional<CredentialRow>> FindCredential(const std::string&) { return AccountsUnsupported(); }
  virtual Status InsertSession(const SessionRow&) { return AccountsUnsupported(); }
  virtual Result<std::optional<SessionRow>> FindSession(const std::string&) { return AccountsUnsupported(); }
  virtual Status TouchSession(const std::string&, std::int64_t) { return AccountsUnsupported(); }
  virtual Status DeleteSession(const std::string&) { return AccountsUnsupported(); }
  // Ends every session of a user; returns how many there were.
  virtual Result<std::int64_t> DeleteUserSessions(const std::string&) { return AccountsUnsupported(); }
  // Removes sessions signed in before `created_before` or unused since `idle_before`.
  virtual Result<std::int64_t> PurgeSessions(std::int64_t, std::int64_t) { return AccountsUnsupported(); }
  virtual Result<std::optional<SignInFailureRow>> FindSignInFailure(const std::string&) { return AccountsUnsupported(); }
  virtual Status PutSignInFailure(const SignInFailureRow&) { return AccountsUnsupported(); }
  virtual Status DeleteSignInFailure(const std::string&) { return AccountsUnsupported(); }
  virtual Status PutCaseShare(const CaseShareRow&) { return AccountsUnsupported(); }
  virtual Status DeleteCaseShare(const std::string&, const std::string&) { return AccountsUnsupported(); }
  virtual Result<std::vector<CaseShareRow>> ListCaseShares(const std::string&) { return AccountsUnsupported(); }
  virtual Result<std::vector<CaseShareRow>> ListSharesOf(const std::string&) { return AccountsUnsupported(); }

  // Letters sent (issue 6). Not pure, like the account methods above.
  virtual Result<std::int64_t> InsertLetter(const LetterRow&) { return LettersUnsupported(); }
  // Oldest first.
  virtual Result<std::vector<LetterRow>> ListLetters(const std::string&) { return LettersUnsupported(); }
  virtual Result<std::optional<LetterRow>> FindLetter(std::int64_t) { return LettersUnsupported(); }

  // Bundles, releases and their deliveries (issue 6). Not pure, like the
  // account methods above. Lists are oldest first.
  virtual Result<std::int64_t> InsertBundle(const BundleRow&) { return BundlesUnsupported(); }
  virtual Result<std::vector<BundleRow>> ListBundles(const std::string&) { return BundlesUnsupported(); }
  virtual Result<std::int64_t> InsertRelease(const ReleaseRow&) { return BundlesUnsupported(); }
  virtual Result<std::vector<ReleaseRow>> ListReleases(const std::string&) { return BundlesUnsupported(); }
  virtual Result<std::int64_t> InsertDelivery(const DeliveryRow&) { return BundlesUnsupported(); }
  virtual Result<std::vector<DeliveryRow>> ListDeliveries(const std::string&) { return BundlesUnsupported(); }

  // The requester portal (issue 8). Not pure, like the account methods above.
  // Returns the account's id; an address already there keeps its id.
  virtual Result<std::int64_t> PutPortalAccount(const PortalAccountRow&) { return PortalUnsupported(); }
  virtual Result<std::optional<PortalAccountRow>> FindPortalAccount(const std::string&) { return PortalUnsupported(); }
  virtual Result<std::optional<PortalAccountRow>> FindPortalAccountById(std::int64_t) { return PortalUnsupported(); }
  virtual Status PutPortalCode(const PortalCodeRow&) { return PortalUnsupported(); }
  virtual Result<std::optional<PortalCodeRow>> FindPortalCode(const std::string&) { return PortalUnsupported(); }
  virtual Status DeletePortalCode(const std::string&) { return PortalUnsupported(); }
  virtual Status InsertPortalSession(const PortalSessionRow&) { return PortalUnsupported(); }
  virtual Result<std::optional<PortalSessionRow>> FindPortalSession(const std::string&) { return PortalUnsupported(); }
  virtual Status TouchPortalSession(const std::string&, std::int64_t) { return PortalUnsupported(); }
  virtual Status DeletePortalSession(const std::string&) { return PortalUnsupported(); }
  virtual Status PutPortalLink(const PortalLinkRow&) { return PortalUnsupported(); }
  // By account, or (the second) by case; oldest first.
  virtual Result<std::vector<PortalLinkRow>> ListPortalLinks(std::int64_t) { return PortalUnsupported(); }
  virtual Result<std::vector<PortalLinkRow>> ListPortalLinksOfCase(const std::string&) { return PortalUnsupported(); }
  virtual Status InsertPortalDownload(const PortalDownloadRow&) { return PortalUnsupported(); }
  virtual Result<std::optional<PortalDownloadRow>> FindPortalDownload(const std::string&) { return PortalUnsupported(); }
  // Marks the link used at `now`; false when it was already used (so two
  // racing requests cannot both have it).
  virtual Result<bool> UsePortalDownload(const std::string&, std::int64_t) { return PortalUnsupported(); }
  virtual Result<std::int64_t> InsertPortalUpload(const PortalUploadRow&) { return PortalUnsupported(); }
  virtual Result<std::vector<PortalUploadRow>> ListPortalUploads(const std::string&) { return PortalUnsupported(); }

  // Council sign-ins under way (issue 8). Not pure, like the account methods.
  virtual Status InsertOidcPending(const OidcPendingRow&) { return OidcUnsupported(); }
  // Removes and returns the sign-in with this state digest (single use);
  // nothing when there is none or another transaction took it first.
  virtual Result<std::optional<OidcPendingRow>> TakeOidcPending(const std::string&) { return OidcUnsupported(); }
  // Removes those started before `created_before` (Unix seconds); how many.
  virtual Result<std::int64_t> PurgeOidcPending(std::int64_t) { return OidcUnsupported(); }
  virtual Result<std::int64_t> CountOidcPending() { return OidcUnsupported(); }

  // Retention (issue 8; docs/storage.md). Destroys a closed case's document
  // content: pages, redactions and rules, redacted copies, safeguarding
  // flags and checks, consents, staff concerns, letters' text, portal
  // uploads, queued messages; document names are blanked, counts kept. Records
  // the destruction. Returns the blob hashes the case used that no remaining
  // row refers to: the caller deletes those files after commit.
  virtual Result<std::vector<std::string>> PurgeCaseContent(const RetentionRow&) { return RetentionUnsupported(); }
  virtual Result<std::optional<RetentionRow>> FindRetention(const std::string&) { return RetentionUnsupported(); }
};

// Thread-safe: each call runs its own transaction.
class Store {
 public:
  virtual ~Store() = default;
  // Runs fn in one write transaction: committed if fn returns Ok, rolled back
  // otherwise (and on any storage error). Nothing is half-written.
  virtual Status Write(const std::function<Status(Transaction&)>& fn) = 0;
  // Runs fn on a consistent snapshot; writes are refused.
  virtual Status Read(const std::function<Status(Transaction&)>& fn) = 0;
  virtual std::string Describe() const = 0;
  // The schema version after migrations.
  virtual int SchemaVersion() const = 0;
};

}  // namespace sardesk::store
