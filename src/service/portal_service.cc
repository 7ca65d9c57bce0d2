#include "service/portal_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

#include "auth/session_rules.h"
#include "auth/throttle.h"
#include "service/access_audit.h"
#include "common/email_address.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

constexpr char kWrongCode[] = "the code is wrong, has expired or was already used: ask for a new one";
constexpr auth::ThrottlePolicy kCodeSends{5, 30, 900, 3600};  // codes asked for, per address or email
constexpr size_t kMaxFileName = 200;

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

Result<std::string> NormaliseEmail(const std::string& raw) {
  std::string e = Lower(Trim(raw));
  if (!IsEmailAddress(e)) return Status::Invalid("enter an email address in the correct format, like name@example.com");
  return e;
}

// Keys of the throttling table are digests: no addresses are stored.
std::string EmailKey(const char* what, const std::string& email) { return std::string(what) + auth::TokenDigest(email); }
std::string ClientKey(const std::string& address) { return "pa:" + auth::TokenDigest(address); }

std::string SignInCodeKey(const std::string& email) { return "sign_in:" + auth::TokenDigest(email); }
std::string DownloadCodeKey(std::int64_t account, const std::string& ref, std::int64_t release) {
  return "download:" + std::to_string(account) + ":" + ref + ":" + std::to_string(release);
}

Status AppendPortalAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor,
                         const std::string& action, const std::string& entity, const std::string& id,
                         const json& after) {
  audit::AuditEntry e;
  e.at = time.NowIso();
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = id;
  e.before = "{}";
  e.after = after.dump();
  auto r = tx.AppendAudit(e);
  return r.ok() ? Status::Ok() : r.status();
}

// What the requester reads about where their request is.
std::string Progress(const std::string& status) {
  if (status == "received") return "We have received your request and will check it soon.";
  if (status == "id_requested") return "We need proof of your identity (or your authority to ask) before we can go on.";
  if (status == "on_hold") return "Your request is on hold while we wait for an answer from you.";
  if (status == "validated" || status == "searching")
    return "We are searching our records for information about you.";
  if (status == "collating" || status == "redacting" || status == "qa")
    return "We are preparing the records we found for release.";
  if (status == "ready_for_release") return "Your records are nearly ready to send to you.";
  if (status == "released") return "We have sent you your records.";
  if (status == "closed") return "Your request is complete.";
  if (status == "refused") return "We have refused your request. We have written to you to explain why.";
  if (status == "withdrawn") return "Your request was withdrawn.";
  return "We are working on your request.";
}

// Why there is no due date yet, in plain words ("" when there is one).
std::string DueNote(const CaseView& v) {
  if (v.clock.due) return "";
  if (v.clock.paused_now) return "The time limit is paused until you answer our question.";
  if (!v.checks.identity_missing.empty() || !v.checks.authority_missing.empty())
    return "The time limit of one month starts when we have confirmed who you are.";
  return "We will set a due date when we start work on your request.";
}

// Unix seconds from sardesk's ISO timestamps (2025-09-01T10:00:00.000Z).
std::optional<std::int64_t> IsoSeconds(const std::string& iso) {
  std::tm tm{};
  int y, mo, d, h, mi, s;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string IsoFromSeconds(std::int64_t secs) {
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A display name for an uploaded file: refused when it names a path.
Status CheckFileName(const std::string& name) {
  if (name.empty() || name.size() > kMaxFileName) return Status::Invalid("the file needs a name of at most 200 characters");
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos || name.find("..") != std::string::npos ||
      name[0] == '.')
    return Status::Invalid("the file name must not contain a path (/, \\ or ..)");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return Status::Invalid("the file name contains control characters");
  return Status::Ok();
}

const json* Field(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

Result<std::string> Text(const json& j, const char* key, size_t max, bool required) {
  const json* v = Field(j, key);
  if (!v) {
    if (required) return Status::Invalid(std::string(key) + ": this is required");
    return std::string();
  }
  if (!v->is_string()) return Status::Invalid(std::string(key) + ": must be text");
  std::string s = Trim(v->get<std::string>());
  if (required && s.empty()) return Status::Invalid(std::string(key) + ": this is required");
  if (s.size() > max) return Status::Invalid(std::string(key) + ": at most " + std::to_string(max) + " characters");
  return s;
}

Status OnlyKeys(const json& j, std::initializer_list<const char*> keys, const std::string& where) {
  if (!j.is_object()) return Status::Invalid(where + ": must be an object");
  for (const auto& [k, v] : j.items())
    if (std::none_of(keys.begin(), keys.end(), [&](const char* a) { return k == a; }))
      return Status::Invalid(where + ": unknown field \"" + k + "\"");
  return Status::Ok();
}

}  // namespace

PortalService::PortalService(ServiceContext* ctx, CaseService* cases, ReleaseService* releases,
                             store::BlobStore* blobs, mail::SmsSender* sms, auth::HashStrength strength,
                             PortalOptions options)
    : ctx_(ctx), cases_(cases), releases_(releases), blobs_(blobs), sms_(sms), strength_(strength),
      options_(options) {}

std::int64_t PortalService::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(ctx_->time->Now().time_since_epoch()).count();
}

Status PortalService::Throttled(const std::string& key) const {
  std::int64_t wait = 0;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindSignInFailure(key));
    if (row) wait = auth::SecondsLocked({row->failures, row->last_failure, row->locked_until}, NowSeconds());
    return Status::Ok();
  }));
  if (wait > 0) return Status::Throttled("too many attempts: try again in " + std::to_string(wait) + " seconds");
  return Status::Ok();
}

Status PortalService::CountFailure(const std::string& key, bool per_address) {
  const auth::ThrottlePolicy& policy =
      per_address ? auth::kPerAddress : (key.rfind("ps:", 0) == 0 ? kCodeSends : auth::kPerUsername);
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto row, tx.FindSignInFailure(key));
    auth::FailureRecord rec;
    if (row) rec = {row->failures, row->last_failure, row->locked_until};
    rec = auth::AfterFailure(rec, NowSeconds(), policy);
    return tx.PutSignInFailure({key, rec.failures, rec.last_failure, rec.locked_until});
  });
}

Status PortalService::SendCodeMessage(const std::string& email, const std::string& phone, const std::string& code,
                                      const std::string& what) {
  std::string text = "Your " + what + " code is " + code + ". It works once, for " +
                     std::to_string(options_.code_minutes) +
                     " minutes. If you did not ask for it, ignore this message. Never tell anyone this code.";
  if (!phone.empty()) {
    if (!sms_) return Status::Refused("text messages are not set up: ask for the code by email");
    auto sent = sms_->Send({phone, text});
    return sent.ok() ? Status::Ok() : sent.status();
  }
  if (!ctx_->mailer) return Status::Refused("messages cannot be sent: no mailer is configured");
  mail::MailMessage m;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    m.from = ctx_->settings.mail_from;
    m.subject = "Your " + what + " code from " + ctx_->settings.organisation;
  }
  m.to = {email};
  m.body = text + "\n";
  auto sent = ctx_->mailer->Send(m);
  return sent.ok() ? Status::Ok() : sent.status();
}

Status PortalService::SendSignInCode(const std::string& raw_email, const std::string& client_address) {
  SARDESK_ASSIGN_OR_RETURN(std::string email, NormaliseEmail(raw_email));
  SARDESK_RETURN_IF_ERROR(Throttled(ClientKey(client_address)));
  SARDESK_RETURN_IF_ERROR(Throttled(EmailKey("ps:", email)));
  // Every code asked for counts: the limit is on messages sent.
  SARDESK_RETURN_IF_ERROR(CountFailure(EmailKey("ps:", email), false));
  SARDESK_RETURN_IF_ERROR(CountFailure(ClientKey(client_address), true));
  std::string code = auth::RandomDigits(6);
  SARDESK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(code, strength_));
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    return tx.PutPortalCode({SignInCodeKey(email), hash, NowSeconds() + options_.code_minutes * 60, 0});
  }));
  return SendCodeMessage(email, "", code, "sign-in");
}

Status PortalService::CheckCode(const std::string& key, const std::string& code) {
  std::optional<store::PortalCodeRow> row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row, tx.FindPortalCode(key));
    return Status::Ok();
  }));
  bool well_formed = code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!row || row->expires_at <= NowSeconds()) return Status::Unauthenticated(kWrongCode);
  if (well_formed && auth::VerifyPassword(row->code_hash, code)) {
    // Used once: whoever deletes it first has it.
    bool mine = false;
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(auto again, tx.FindPortalCode(key));
      mine = again && again->code_hash == row->code_hash;
      return mine ? tx.DeletePortalCode(key) : Status::Ok();
    }));
    return mine ? Status::Ok() : Status::Unauthenticated(kWrongCode);
  }
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto again, tx.FindPortalCode(key));
    if (!again) return Status::Ok();
    if (again->attempts + 1 >= options_.max_code_attempts) return tx.DeletePortalCode(key);
    again->attempts += 1;
    return tx.PutPortalCode(*again);
  }));
  return Status::Unauthenticated(kWrongCode);
}

Result<PortalSignIn> PortalService::SignIn(const std::string& raw_email, const std::string& code,
                                           const std::string& client_address) {
  SARDESK_ASSIGN_OR_RETURN(std::string email, NormaliseEmail(raw_email));
  SARDESK_RETURN_IF_ERROR(Throttled(ClientKey(client_address)));
  SARDESK_RETURN_IF_ERROR(Throttled(EmailKey("pv:", email)));
  Status checked = CheckCode(SignInCodeKey(email), Trim(code));
  if (!checked.ok()) {
    if (checked.code() == ErrorCode::kUnauthenticated) {
      SARDESK_RETURN_IF_ERROR(CountFailure(EmailKey("pv:", email), false));
      SARDESK_RETURN_IF_ERROR(CountFailure(ClientKey(client_address), true));
    }
    return checked;
  }
  PortalSignIn out;
  out.email = email;
  out.token = auth::RandomToken();
  out.csrf_token = auth::RandomToken();
  std::int64_t now = NowSeconds();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out.account_id, tx.PutPortalAccount({0, email, now}));
    SARDESK_RETURN_IF_ERROR(tx.DeleteSignInFailure(EmailKey("pv:", email)));
    SARDESK_RETURN_IF_ERROR(tx.DeleteSignInFailure(EmailKey("ps:", email)));
    SARDESK_RETURN_IF_ERROR(
        tx.InsertPortalSession({auth::TokenDigest(out.token), out.account_id, out.csrf_token, now, now}));
    return AppendPortalAudit(tx, *ctx_->time, ActorFor(out.account_id), "portal.sign_in", "portal_account",
                             std::to_string(out.account_id), json::object());
  }));
  return out;
}

Result<PortalSession> PortalService::Authenticate(const std::string& token) {
  if (token.empty() || token.size() > 100) return Status::Unauthenticated("sign in to the requester portal");
  std::string digest = auth::TokenDigest(token);
  std::optional<store::PortalSessionRow> row;
  std::optional<store::PortalAccountRow> account;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row, tx.FindPortalSession(digest));
    if (row) {
      SARDESK_ASSIGN_OR_RETURN(account, tx.FindPortalAccountById(row->account_id));
    }
    return Status::Ok();
  }));
  std::int64_t now = NowSeconds();
  auth::SessionTimes times{options_.session_lifetime_minutes, options_.session_idle_minutes};
  if (!row || !account || !auth::SessionLive(row->created_at, row->last_seen_at, now, times))
    return Status::Unauthenticated("your portal session has ended: sign in again");
  if (auth::ShouldRecordUse(row->last_seen_at, now))
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.TouchPortalSession(digest, now); }));
  return PortalSession{account->id, account->email, row->csrf_token};
}

Status PortalService::SignOut(const std::string& token) {
  if (token.empty() || token.size() > 100) return Status::Ok();
  return ctx_->store->Write([&](store::Transaction& tx) { return tx.DeletePortalSession(auth::TokenDigest(token)); });
}

Result<bool> PortalService::IsLinked(std::int64_t account_id, const std::string& reference) {
  bool linked = false;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto links, tx.ListPortalLinks(account_id));
    for (const auto& l : links) linked = linked || l.case_ref == reference;
    return Status::Ok();
  }));
  return linked;
}

Result<json> PortalService::MakeRequest(const PortalSession& who, const json& body) {
  SARDESK_RETURN_IF_ERROR(OnlyKeys(body, {"subject", "requester", "information_requested", "date_from", "date_to", "format"}, "request"));
  json subject_in = body.contains("subject") ? body["subject"] : json::object();
  json requester_in = body.contains("requester") ? body["requester"] : json::object();
  SARDESK_RETURN_IF_ERROR(OnlyKeys(subject_in, {"name", "dob", "former_names", "address", "postcode"}, "subject"));
  SARDESK_RETURN_IF_ERROR(OnlyKeys(requester_in, {"relationship", "name", "phone"}, "requester"));
  SARDESK_ASSIGN_OR_RETURN(std::string name, Text(subject_in, "name", 200, true));
  SARDESK_ASSIGN_OR_RETURN(std::string dob, Text(subject_in, "dob", 10, true));
  SARDESK_ASSIGN_OR_RETURN(std::string former, Text(subject_in, "former_names", 500, false));
  SARDESK_ASSIGN_OR_RETURN(std::string address, Text(subject_in, "address", 500, false));
  SARDESK_ASSIGN_OR_RETURN(std::string postcode, Text(subject_in, "postcode", 10, false));
  SARDESK_ASSIGN_OR_RETURN(std::string relationship, Text(requester_in, "relationship", 40, false));
  SARDESK_ASSIGN_OR_RETURN(std::string requester_name, Text(requester_in, "name", 200, false));
  SARDESK_ASSIGN_OR_RETURN(std::string phone, Text(requester_in, "phone", 40, false));
  SARDESK_ASSIGN_OR_RETURN(std::string info, Text(body, "information_requested", 5000, true));
  SARDESK_ASSIGN_OR_RETURN(std::string from, Text(body, "date_from", 10, false));
  SARDESK_ASSIGN_OR_RETURN(std::string to, Text(body, "date_to", 10, false));
  SARDESK_ASSIGN_OR_RETURN(std::string format, Text(body, "format", 40, false));
  if (relationship.empty()) relationship = "self";
  if (relationship != "self" && requester_name.empty())
    return Status::Invalid("requester.name: enter your name when you ask for someone else's records");
  if (!phone.empty() && mail::NormalisePhone(phone).empty())
    return Status::Invalid("requester.phone: enter a telephone number, like 07700 900123");

  json create = {{"route", "sar"},
                 {"received", ctx_->time->Today().ToString()},
                 {"channel", "web_form"},
                 {"delivery", "secure_download"},
                 {"subject", {{"name", name}, {"dob", dob}}},
                 {"requester", {{"relationship", relationship}, {"email", who.email}}},
                 {"scope", {{"information_requested", info}}}};
  if (!former.empty()) create["subject"]["former_names"] = json::array({former});
  if (!address.empty() || !postcode.empty()) create["subject"]["addresses"] = json::array({{{"lines", address}, {"postcode", postcode}}});
  if (relationship != "self") create["requester"]["name"] = requester_name;
  if (!phone.empty()) create["requester"]["phone"] = phone;
  if (!from.empty()) create["scope"]["date_from"] = from;
  if (!to.empty()) create["scope"]["date_to"] = to;
  if (!format.empty()) create["format"] = format;
  SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Create(create, ActorFor(who.account_id)));
  const std::string ref = view.record.reference;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.PutPortalLink({who.account_id, ref, ActorFor(who.account_id), ctx_->time->NowIso()}));
    return AppendPortalAudit(tx, *ctx_->time, ActorFor(who.account_id), "case.portal_link", "case", ref,
                             {{"account", who.account_id}, {"made_online", true}});
  }));
  return RequestJson(who, ref);
}

Result<json> PortalService::MyRequests(const PortalSession& who) {
  std::vector<store::PortalLinkRow> links;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(links, tx.ListPortalLinks(who.account_id));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& l : links) {
    auto view = cases_->Get(l.case_ref, false);
    if (!view.ok()) continue;  // a request since destroyed under retention
    std::string status = std::string(casework::ToWire(view->record.status));
    items.push_back({{"reference", l.case_ref},
                     {"received", view->record.received.ToString()},
                     {"status", status},
                     {"progress", Progress(status)},
                     {"due", view->clock.due ? json(view->clock.due->ToString()) : json(nullptr)},
                     {"due_note", DueNote(*view)},
                     {"paused", view->clock.paused_now}});
  }
  // Each request listed is a look at it by the requester (issue 8).
  if (!items.empty())
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
      for (const auto& item : items)
        SARDESK_RETURN_IF_ERROR(AppendAccessAudit(tx, *ctx_->time, ActorFor(who.account_id), kCaseView,
                                                  item["reference"].get<std::string>(), {{"route", "portal list"}}));
      return Status::Ok();
    }));
  return json{{"email", who.email}, {"requests", items}};
}

Result<std::optional<store::ReleaseRow>> PortalService::FindRelease(const std::string& reference,
                                                                    std::int64_t release_id) {
  std::optional<store::ReleaseRow> found;
  bool offered = false;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListReleases(reference));
    for (const auto& r : rows)
      if (r.id == release_id) found = r;
    SARDESK_ASSIGN_OR_RETURN(auto deliveries, tx.ListDeliveries(reference));
    for (const auto& d : deliveries)
      offered = offered || (d.release_id == release_id && d.route == "secure_download");
    return Status::Ok();
  }));
  if (!offered) return std::optional<store::ReleaseRow>();
  return found;
}

Result<std::int64_t> PortalService::ReleaseExpiry(const store::ReleaseRow& release) const {
  auto made = IsoSeconds(release.created_at);
  if (!made) return Status::Internal("a release has an unreadable time");
  return *made + options_.release_download_days * 86400;
}

Result<json> PortalService::Request(const PortalSession& who, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(json shown, RequestJson(who, reference));
  SARDESK_RETURN_IF_ERROR(RecordAccessAudit(*ctx_->store, *ctx_->time, ActorFor(who.account_id), kCaseView, reference,
                                            {{"route", "portal request"}}));
  return shown;
}

Result<json> PortalService::RequestJson(const PortalSession& who, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, reference));
  if (!linked) return Status::NotFound("no request " + reference + " in your account");
  SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
  const auto& rec = view.record;
  std::string status = std::string(casework::ToWire(rec.status));
  json questions = json::array();
  for (const auto& c : rec.clarifications)
    questions.push_back({{"id", c.id},
                         {"question", c.question},
                         {"asked_on", c.requested_on.ToString()},
                         {"answered_on", c.answered_on ? json(c.answered_on->ToString()) : json(nullptr)},
                         {"answer", c.answer_summary}});
  json uploads = json::array();
  json downloads = json::array();
  std::vector<store::PortalUploadRow> upload_rows;
  std::vector<store::ReleaseRow> release_rows;
  std::vector<store::DeliveryRow> delivery_rows;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(upload_rows, tx.ListPortalUploads(reference));
    SARDESK_ASSIGN_OR_RETURN(release_rows, tx.ListReleases(reference));
    SARDESK_ASSIGN_OR_RETURN(delivery_rows, tx.ListDeliveries(reference));
    return Status::Ok();
  }));
  for (const auto& u : upload_rows)
    if (u.account_id == who.account_id)
      uploads.push_back({{"id", u.id}, {"kind", u.kind}, {"file_name", u.file_name}, {"uploaded_at", u.uploaded_at}});
  std::int64_t now = NowSeconds();
  for (const auto& r : release_rows) {
    bool offered = std::any_of(delivery_rows.begin(), delivery_rows.end(), [&](const store::DeliveryRow& d) {
      return d.release_id == r.id && d.route == "secure_download";
    });
    if (!offered) continue;
    auto expires = ReleaseExpiry(r);
    if (!expires.ok()) continue;
    downloads.push_back({{"release_id", r.id},
                         {"released_at", r.created_at},
                         {"available_until", IsoFromSeconds(*expires)},
                         {"available", *expires > now},
                         {"kind", r.kind}});
  }
  return json{{"reference", reference},
              {"received", rec.received.ToString()},
              {"status", status},
              {"progress", Progress(status)},
              {"due", view.clock.due ? json(view.clock.due->ToString()) : json(nullptr)},
              {"due_note", DueNote(view)},
              {"paused", view.clock.paused_now},
              {"information_requested", rec.scope.information_requested},
              {"identity_needed", !view.checks.identity_missing.empty()},
              {"authority_needed", !view.checks.authority_missing.empty()},
              {"clarifications", questions},
              {"uploads", uploads},
              {"downloads", downloads},
              {"password_note",
               "Your file is protected by a password. We give you the password separately, by telephone or another "
               "message: it is never shown here."}};
}

Result<json> PortalService::AnswerClarification(const PortalSession& who, const std::string& reference,
                                                std::int64_t clarification_id, const json& body) {
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, reference));
  if (!linked) return Status::NotFound("no request " + reference + " in your account");
  SARDESK_RETURN_IF_ERROR(OnlyKeys(body, {"answer"}, "answer"));
  SARDESK_ASSIGN_OR_RETURN(std::string answer, Text(body, "answer", 5000, true));
  SARDESK_ASSIGN_OR_RETURN(auto view, cases_->AnswerClarification(reference, clarification_id,
                                                                  {{"answer_summary", answer}},
                                                                  ActorFor(who.account_id)));
  (void)view;
  return RequestJson(who, reference);
}

Result<json> PortalService::Upload(const PortalSession& who, const std::string& reference, const std::string& kind,
                                   const std::string& file_name, const std::string& bytes) {
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, reference));
  if (!linked) return Status::NotFound("no request " + reference + " in your account");
  if (kind != "identity" && kind != "authority")
    return Status::Invalid("kind: use identity (proof of who you are) or authority (proof you may ask for someone else)");
  SARDESK_RETURN_IF_ERROR(CheckFileName(file_name));
  if (bytes.empty()) return Status::Invalid("the file is empty");
  if (static_cast<std::int64_t>(bytes.size()) > options_.max_upload_bytes)
    return Status::TooLarge("the file is larger than " + std::to_string(options_.max_upload_bytes >> 20) + " MB");
  SARDESK_ASSIGN_OR_RETURN(std::string sha, blobs_->Put(bytes));
  store::PortalUploadRow row{0, reference, who.account_id, kind, file_name, sha,
                             static_cast<std::int64_t>(bytes.size()), ctx_->time->NowIso()};
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row.id, tx.InsertPortalUpload(row));
    return AppendPortalAudit(tx, *ctx_->time, ActorFor(who.account_id), "case.portal_upload", "case", reference,
                             {{"upload_id", row.id}, {"kind", kind}, {"sha256", sha}, {"bytes", row.bytes}});
  }));
  return json{{"id", row.id}, {"kind", kind}, {"file_name", file_name}, {"uploaded_at", row.uploaded_at}};
}

Status PortalService::SendDownloadCode(const PortalSession& who, const std::string& reference,
                                       std::int64_t release_id, const std::string& by) {
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, reference));
  if (!linked) return Status::NotFound("no request " + reference + " in your account");
  if (by != "email" && by != "sms") return Status::Invalid("by: use email or sms");
  SARDESK_ASSIGN_OR_RETURN(auto release, FindRelease(reference, release_id));
  if (!release) return Status::NotFound("no release " + std::to_string(release_id) + " to download on " + reference);
  SARDESK_ASSIGN_OR_RETURN(std::int64_t expires, ReleaseExpiry(*release));
  if (expires <= NowSeconds()) return Status::NotFound("the download of this release has expired: contact us");
  std::string phone;
  if (by == "sms") {
    SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
    phone = mail::NormalisePhone(view.record.requester.phone);
    if (phone.empty()) return Status::Refused("we have no telephone number for you on this request: use email");
  }
  std::string key = DownloadCodeKey(who.account_id, reference, release_id);
  SARDESK_RETURN_IF_ERROR(Throttled(EmailKey("ps:", who.email + "|download")));
  SARDESK_RETURN_IF_ERROR(CountFailure(EmailKey("ps:", who.email + "|download"), false));
  std::string code = auth::RandomDigits(6);
  SARDESK_ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(code, strength_));
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    return tx.PutPortalCode({key, hash, NowSeconds() + options_.code_minutes * 60, 0});
  }));
  return SendCodeMessage(who.email, phone, code, "download");
}

Result<json> PortalService::IssueDownloadLink(const PortalSession& who, const std::string& reference,
                                              std::int64_t release_id, const std::string& code) {
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, reference));
  if (!linked) return Status::NotFound("no request " + reference + " in your account");
  SARDESK_ASSIGN_OR_RETURN(auto release, FindRelease(reference, release_id));
  if (!release) return Status::NotFound("no release " + std::to_string(release_id) + " to download on " + reference);
  SARDESK_ASSIGN_OR_RETURN(std::int64_t release_expiry, ReleaseExpiry(*release));
  std::int64_t now = NowSeconds();
  if (release_expiry <= now) return Status::NotFound("the download of this release has expired: contact us");
  std::string throttle_key = EmailKey("pv:", who.email + "|download");
  SARDESK_RETURN_IF_ERROR(Throttled(throttle_key));
  Status checked = CheckCode(DownloadCodeKey(who.account_id, reference, release_id), Trim(code));
  if (!checked.ok()) {
    if (checked.code() == ErrorCode::kUnauthenticated) {
      SARDESK_RETURN_IF_ERROR(CountFailure(throttle_key, false));
      return Status::Denied(kWrongCode);  // 403: the portal session itself is fine
    }
    return checked;
  }
  std::string token = auth::RandomToken();
  std::int64_t expires = std::min(release_expiry, now + options_.link_minutes * 60);
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_RETURN_IF_ERROR(tx.DeleteSignInFailure(throttle_key));
    SARDESK_RETURN_IF_ERROR(
        tx.InsertPortalDownload({auth::TokenDigest(token), who.account_id, reference, release_id, now, expires, 0}));
    return AppendPortalAudit(tx, *ctx_->time, ActorFor(who.account_id), "case.download_link", "case", reference,
                             {{"release_id", release_id}, {"expires_at", IsoFromSeconds(expires)}});
  }));
  return json{{"token", token}, {"expires_at", IsoFromSeconds(expires)}, {"path", "/api/portal/download/" + token}};
}

Result<PortalDownload> PortalService::Download(const PortalSession& who, const std::string& token) {
  const Status refused = Status::NotFound("this download link is not valid: it may have expired or been used already");
  if (token.empty() || token.size() > 100) return refused;
  std::string digest = auth::TokenDigest(token);
  std::optional<store::PortalDownloadRow> row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row, tx.FindPortalDownload(digest));
    return Status::Ok();
  }));
  std::int64_t now = NowSeconds();
  if (!row || row->account_id != who.account_id || row->used_at != 0 || row->expires_at <= now) return refused;
  SARDESK_ASSIGN_OR_RETURN(bool linked, IsLinked(who.account_id, row->case_ref));
  if (!linked) return refused;
  SARDESK_ASSIGN_OR_RETURN(auto release, FindRelease(row->case_ref, row->release_id));
  if (!release) return refused;
  SARDESK_ASSIGN_OR_RETURN(std::string path, releases_->ReleaseFile(row->case_ref, row->release_id));
  bool mine = false;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(mine, tx.UsePortalDownload(digest, now));
    if (!mine) return Status::Ok();
    return AppendPortalAudit(tx, *ctx_->time, ActorFor(who.account_id), "case.download", "case_access",
                             row->case_ref,
                             {{"route", "portal download"}, {"release_id", row->release_id},
                              {"file_sha256", release->file_sha256}});
  }));
  if (!mine) return refused;
  auto delivered = releases_->Deliver(row->case_ref, row->release_id,
                                      {{"route", "secure_download"}, {"note", "downloaded by the requester from the portal"}},
                                      ActorFor(who.account_id));
  if (!delivered.ok()) return delivered.status();
  PortalDownload out;
  out.path = path;
  out.file_name = row->case_ref + (release->kind == "zip" ? "-release.zip" : "-release.pdf");
  out.content_type = release->kind == "zip" ? "application/zip" : "application/pdf";
  return out;
}

Result<json> PortalService::LinkCase(const std::string& reference, const std::string& raw_email,
                                     const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(std::string email, NormaliseEmail(raw_email));
  SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
  (void)view;
  std::int64_t account = 0;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(account, tx.PutPortalAccount({0, email, NowSeconds()}));
    SARDESK_RETURN_IF_ERROR(tx.PutPortalLink({account, reference, actor, ctx_->time->NowIso()}));
    return AppendPortalAudit(tx, *ctx_->time, actor, "case.portal_link", "case", reference, {{"account", account}});
  }));
  return CaseSummary(reference);
}

Result<json> PortalService::CaseSummary(const std::string& reference) {
  json accounts = json::array();
  json uploads = json::array();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto links, tx.ListPortalLinksOfCase(reference));
    for (const auto& l : links) {
      SARDESK_ASSIGN_OR_RETURN(auto account, tx.FindPortalAccountById(l.account_id));
      accounts.push_back({{"account", l.account_id},
                          {"email", account ? account->email : ""},
                          {"linked_by", l.linked_by},
                          {"linked_at", l.linked_at}});
    }
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListPortalUploads(reference));
    for (const auto& u : rows)
      uploads.push_back({{"id", u.id}, {"kind", u.kind}, {"file_name", u.file_name}, {"bytes", u.bytes},
                         {"sha256", u.sha256}, {"uploaded_at", u.uploaded_at}});
    return Status::Ok();
  }));
  return json{{"reference", reference}, {"accounts", accounts}, {"uploads", uploads}};
}

Result<std::pair<std::string, std::string>> PortalService::UploadedFile(const std::string& reference,
                                                                        std::int64_t upload_id,
                                                                        const std::string& actor) {
  std::optional<store::PortalUploadRow> found;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListPortalUploads(reference));
    for (const auto& u : rows)
      if (u.id == upload_id) found = u;
    return Status::Ok();
  }));
  if (!found) return Status::NotFound("no upload " + std::to_string(upload_id) + " on " + reference);
  SARDESK_ASSIGN_OR_RETURN(std::string bytes, blobs_->Read(found->sha256, options_.max_upload_bytes));
  SARDESK_RETURN_IF_ERROR(RecordAccessAudit(*ctx_->store, *ctx_->time, actor, kCaseDownload, reference,
                                            {{"route", "portal upload"}, {"upload_id", upload_id}, {"kind", found->kind}}));
  return std::make_pair(std::move(bytes), found->file_name);
}

}  // namespace sardesk::service
