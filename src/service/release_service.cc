#include "service/release_service.h"

#include <filesystem>
#include <fstream>


#include "bundle/bundle_pdf.h"
#include "bundle/secure_output.h"
#include "case/json_reader.h"
#include "common/sha256.h"
#include "mail/mailer.h"
#include "service/outbox_mail.h"
#include "service/release_gate.h"
#include "service/access_audit.h"

namespace sardesk::service {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMaxFeePence = 100000;  // £1,000: far above any reasonable fee for paper copies

// A delivery route as read from the officer's request.
struct DeliveryPlan {
  std::string route;
  json details = json::object();
  std::int64_t fee_pence = 0;
  std::string email_to;  // encrypted_email
};


Result<DeliveryPlan> ReadDelivery(const json& body, Date today) {
  DeliveryPlan p;
  if (!body.is_object()) return Status::Invalid("delivery: give an object with the route and its details");
  Status st;
  casework::JsonReader r(body, "delivery", &st);
  r.Str("route", &p.route, 40, true);
  if (!st.ok()) return st;
  std::string note;
  r.Text("note", &note);
  if (!note.empty()) p.details["note"] = note;
  bool paper = false;
  if (p.route == "secure_download") {
    p.details["how"] = "made available for download from the requester portal (a single-use, expiring link; the "
                       "password separately)";
  } else if (p.route == "encrypted_email") {
    r.Str("to", &p.email_to, 254, true);
    p.details["to"] = p.email_to;
  } else if (p.route == "post") {
    std::string medium, tracking;
    r.Str("medium", &medium, 40, true);
    r.Str("tracking_reference", &tracking, 100, true);
    if (st.ok() && medium != "encrypted_media" && medium != "paper")
      r.Fail("medium", "use encrypted_media (an encrypted USB stick or disc) or paper");
    if (st.ok() && tracking.empty()) r.Fail("tracking_reference", "record the tracked post reference");
    p.details["medium"] = medium;
    p.details["tracking_reference"] = tracking;
    paper = medium == "paper";
  } else if (p.route == "collection") {
    std::string by, id_document;
    bool id_checked = false;
    r.Str("collected_by", &by, 200, true);
    r.Bool("id_checked", &id_checked);
    r.Str("id_document", &id_document, 200, true);
    r.Bool("paper_copy", &paper);
    if (st.ok() && !id_checked)
      r.Fail("id_checked", "check the identity of whoever collects the records, then record it (true)");
    p.details["collected_by"] = by;
    p.details["id_checked"] = id_checked;
    p.details["id_document"] = id_document;
  } else if (p.route == "supported_meeting") {
    Date held_on;
    std::vector<std::string> attendees;
    r.Day("held_on", &held_on, true);
    r.StrList("attendees", &attendees, 200);
    r.Bool("paper_copy", &paper);
    if (st.ok() && attendees.empty()) r.Fail("attendees", "record who attended the meeting");
    if (st.ok() && held_on > today) r.Fail("held_on", "the meeting is in the future: record it once held");
    p.details["held_on"] = held_on.ToString();
    p.details["attendees"] = attendees;
  } else {
    return Status::Invalid("delivery.route: use secure_download, encrypted_email, post, collection or supported_meeting");
  }
  r.Int("fee_pence", &p.fee_pence, 0, kMaxFeePence);
  r.Finish();
  if (!st.ok()) return st;
  if (p.fee_pence > 0 && !paper)
    return Status::Invalid("delivery.fee_pence: a fee may be charged only for paper copies");
  if (paper) p.details["paper_copy"] = true;
  return p;
}

casework::CommMethod MethodOf(const std::string& route) {
  if (route == "secure_download") return casework::CommMethod::kPortal;
  if (route == "encrypted_email") return casework::CommMethod::kEmail;
  if (route == "post") return casework::CommMethod::kLetter;
  return casework::CommMethod::kMeeting;
}

std::string Summary(const store::ReleaseRow& rel, const json& bundle, const DeliveryPlan& p) {
  std::string s = "Released bundle " + std::to_string(rel.bundle_id) + " (" +
                  std::to_string(bundle.value("pages", std::int64_t{0})) + " pages in " +
                  std::to_string(bundle["volumes"].size()) + (bundle["volumes"].size() == 1 ? " volume" : " volumes") +
                  ") as " + (rel.kind == "pdf" ? "an AES-256 encrypted PDF" : "an AES-256 encrypted zip") + " " +
                  rel.file + " (SHA-256 " + rel.file_sha256 + ")";
  if (p.route == "secure_download") s += ", for download from the requester portal";
  if (p.route == "encrypted_email") s += ", attached to an email to " + p.email_to;
  if (p.route == "post")
    s += ", by tracked post on " + std::string(p.details["medium"] == "paper" ? "paper" : "encrypted media") +
         " (reference " + p.details["tracking_reference"].get<std::string>() + ")";
  if (p.route == "collection")
    s += ", collected by " + p.details["collected_by"].get<std::string>() + " (identity checked: " +
         p.details["id_document"].get<std::string>() + ")";
  if (p.route == "supported_meeting")
    s += ", at a subject access meeting on " + p.details["held_on"].get<std::string>();
  const std::string format = bundle["options"].value("format", "standard");
  if (format == "large_print") s += "; in large print";
  if (format == "accessible") s += "; as an accessible (tagged) PDF";
  if (p.fee_pence > 0) s += "; fee for paper copies " + std::to_string(p.fee_pence) + "p";
  return s + ". The password is given separately.";
}

// The format the requester was given (seed 004's log), from the bundle's
// format and the route.
casework::Format FormatSupplied(const json& bundle, const DeliveryPlan& p) {
  const std::string format = bundle["options"].value("format", "standard");
  if (format == "large_print") return casework::Format::kLargePrint;
  if (format == "accessible") return casework::Format::kAccessiblePdf;
  if (p.details.value("paper_copy", false)) return casework::Format::kPaper;
  return casework::Format::kElectronic;
}

json DeliveryJson(const store::DeliveryRow& d) {
  json details = json::parse(d.details_json, nullptr, false);
  return {{"id", d.id},         {"release_id", d.release_id},     {"route", d.route},
          {"details", details.is_discarded() ? json::object() : details},
          {"fee_pence", d.fee_pence}, {"delivered_by", d.delivered_by}, {"delivered_at", d.delivered_at}};
}

json ReleaseJson(const store::ReleaseRow& r, const std::vector<store::DeliveryRow>& deliveries) {
  json ds = json::array();
  for (const auto& d : deliveries)
    if (d.release_id == r.id) ds.push_back(DeliveryJson(d));
  return {{"id", r.id},
          {"reference", r.case_ref},
          {"bundle_id", r.bundle_id},
          {"kind", r.kind},
          {"file", r.file},
          {"file_sha256", r.file_sha256},
          {"file_bytes", r.file_bytes},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"deliveries", ds}};
}

Status Audit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
             const std::string& reference, const json& after) {
  audit::AuditEntry a;
  a.at = time.NowIso();
  a.actor = actor;
  a.action = action;
  a.entity = "case";
  a.entity_id = reference;
  a.before = "{}";
  a.after = after.dump(-1, ' ', false, json::error_handler_t::replace);
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

// Records one delivery (and queues its email) inside a transaction.
// `release_path` is the encrypted file (attached to an encrypted email).
Status RecordDelivery(store::Transaction& tx, ServiceContext* ctx, casework::CaseRecord& rec,
                      const store::ReleaseRow& rel, const std::string& release_path, const json& bundle,
                      const DeliveryPlan& p, const std::string& actor, store::DeliveryRow* out) {
  store::DeliveryRow d;
  d.release_id = rel.id;
  d.case_ref = rel.case_ref;
  d.route = p.route;
  json details = p.details;
  details["file"] = rel.file;
  details["file_sha256"] = rel.file_sha256;
  details["bundle_sha256"] = json::array();
  for (const auto& v : bundle["volumes"]) details["bundle_sha256"].push_back(v["sha256"]);
  if (p.route == "encrypted_email") {
    std::string from;
    std::string organisation;
    int max_mib = 10;
    {
      std::lock_guard<std::mutex> lock(ctx->settings_mu);
      from = ctx->settings.mail_from;
      organisation = ctx->settings.organisation;
      max_mib = ctx->settings.mail_max_attachment_mib;
    }
    if (rel.file_bytes > (static_cast<std::int64_t>(max_mib) << 20))
      return Status::Invalid("delivery.route: the encrypted file is " + std::to_string((rel.file_bytes + (1 << 20) - 1) >> 20) +
                             " MiB, above the " + std::to_string(max_mib) +
                             " MiB limit for email attachments (the mail_max_attachment_mib setting): release it by "
                             "secure_download from the requester portal, or by post on encrypted_media, instead");
    const std::string filename = fs::path(rel.file).filename().string();
    // The password never travels with the file or in this message.
    std::string subject = "Your subject access request " + rel.case_ref;
    std::string body = "Dear requester,\n\nThe records you asked for under your right of access are ready. They "
                       "are in the encrypted file attached to this email (" + filename + "), sent to you by " +
                       organisation +
                       ".\n\nThe password to open it will be given to you separately, by telephone or another "
                       "message. We will never send the password by email with the file.\n\nSome of the records "
                       "may be upsetting to read. Please read the first pages of the bundle before the records.\n";
    const std::string content_type = rel.kind == "pdf" ? "application/pdf" : "application/zip";
    mail::MailMessage m{from, {p.email_to}, {}, subject, body, {{filename, content_type, ""}}};
    if (Status valid = mail::CheckMessage(m); !valid.ok())
      return Status::Invalid("delivery.to: " + valid.message());
    store::OutboxRow row;
    row.created_at = ctx->time->NowIso();
    row.case_ref = rel.case_ref;
    row.message = json{{"from", from}, {"to", {p.email_to}}, {"cc", json::array()}, {"subject", subject},
                       {"body", body},
                       {"attachments", {QueuedAttachment(filename, content_type, release_path, rel.file_sha256,
                                                         rel.file_bytes)}}}.dump();
    details["attachment"] = filename;
    SARDESK_ASSIGN_OR_RETURN(std::int64_t outbox_id, tx.EnqueueMail(row));
    details["outbox_id"] = outbox_id;
  }
  d.details_json = details.dump(-1, ' ', false, json::error_handler_t::replace);
  d.fee_pence = p.fee_pence;
  d.delivered_by = actor;
  d.delivered_at = ctx->time->NowIso();
  SARDESK_ASSIGN_OR_RETURN(d.id, tx.InsertDelivery(d));
  rec.communications.push_back({rec.NextId(), ctx->time->NowIso(), casework::Direction::kOutgoing, MethodOf(p.route),
                                Summary(rel, bundle, p), actor});
  SARDESK_RETURN_IF_ERROR(Audit(tx, *ctx->time, actor, "release.deliver", rel.case_ref, DeliveryJson(d)));
  *out = d;
  return Status::Ok();
}

}  // namespace

ReleaseService::ReleaseService(ServiceContext* ctx, CaseService* cases, BundleService* bundles)
    : ctx_(ctx), cases_(cases), bundles_(bundles) {}

Result<json> ReleaseService::Release(const std::string& reference, const json& body, const std::string& actor) {
  std::optional<casework::Outcome> outcome;
  std::optional<Date> on;
  std::int64_t bundle_id = 0;
  json delivery_body;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](casework::JsonReader& r) {
    casework::Outcome o = casework::Outcome::kNone;
    if (body.is_object() && body.contains("outcome")) {
      r.Enum("outcome", &o);
      outcome = o;
    }
    r.OptDay("released_on", &on);
    r.Int("bundle_id", &bundle_id, 1, 1ll << 53);
    r.Allow("delivery");
  }));
  if (!body.contains("delivery")) return Status::Invalid("delivery: say how the records go to the requester");
  const Date today = ctx_->time->Today();
  SARDESK_ASSIGN_OR_RETURN(DeliveryPlan plan, ReadDelivery(body["delivery"], today));

  // The gate first: nothing is encrypted for a release that cannot happen.
  const auto catalogue = ctx_->exemptions.Get();
  casework::ReleaseBlockers blockers;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(blockers, ReleaseBlockersIn(tx, reference, *catalogue));
    return Status::Ok();
  }));
  if (!blockers.messages.empty()) {
    std::string why;
    for (const auto& m : blockers.messages) why += (why.empty() ? "" : "; ") + m;
    return Status::Refused("release is blocked: " + why);
  }
  SARDESK_ASSIGN_OR_RETURN(json bundle, bundles_->Show(reference, bundle_id));
  if (!bundle.value("current", false))
    return Status::Refused("bundle " + std::to_string(bundle["id"].get<std::int64_t>()) +
                           " was built before the latest redaction decisions: build the bundle again");
  SARDESK_ASSIGN_OR_RETURN(auto volumes, bundles_->Volumes(reference, bundle["id"].get<std::int64_t>()));

  SARDESK_ASSIGN_OR_RETURN(std::string password, bundle::NewReleasePassword());
  SARDESK_ASSIGN_OR_RETURN(std::string owner_password, bundle::NewReleasePassword());
  SARDESK_ASSIGN_OR_RETURN(std::string password_hash, bundle::HashReleasePassword(password));

  const fs::path releases = fs::path(bundles_->CaseFolder(reference)) / "releases";
  const std::string folder = today.ToString() + "-" + RandomHex(4);
  std::error_code ec;
  fs::create_directories(releases / folder, ec);
  if (ec) return Status::Internal("cannot create the release folder: " + ec.message());
  store::ReleaseRow rel;
  rel.case_ref = reference;
  rel.bundle_id = bundle["id"].get<std::int64_t>();
  if (volumes.size() == 1) {
    rel.kind = "pdf";
    rel.file = folder + "/" + reference + "-records.pdf";
    SARDESK_RETURN_IF_ERROR(bundle::EncryptPdf(volumes[0].path, (releases / rel.file).string(), password, owner_password));
  } else {
    rel.kind = "zip";
    rel.file = folder + "/" + reference + "-records.zip";
    std::vector<bundle::ArchiveFile> files;
    for (const auto& v : volumes) files.push_back({v.file, v.path});
    SARDESK_RETURN_IF_ERROR(bundle::WriteEncryptedZip(files, password, (releases / rel.file).string()));
  }
  auto cleanup = [&] { fs::remove_all(releases / folder, ec); };
  auto sha = FileSha256Hex(releases / rel.file, "release");
  if (!sha.ok()) {
    cleanup();
    return sha.status();
  }
  rel.file_sha256 = *sha;
  rel.file_bytes = static_cast<std::int64_t>(fs::file_size(releases / rel.file, ec));
  rel.password_hash = password_hash;
  rel.created_by = actor;
  rel.created_at = ctx_->time->NowIso();

  std::vector<casework::ExemptionUse> used;
  const json exemptions = bundle["options"].value("exemptions", json::object());
  for (const auto& [code, count] : exemptions.items())
    if (count.is_number_integer()) used.push_back({code, count.get<std::int64_t>()});
  const casework::Outcome chosen =
      outcome ? *outcome : used.empty() ? casework::Outcome::kDisclosedInFull : casework::Outcome::kDisclosedInPart;
  store::DeliveryRow delivery;
  auto view = cases_->Mutate(reference, actor, "case.release", [&](casework::CaseRecord& rec, store::Transaction& tx) -> Status {
    casework::Release r;
    r.released_on = on ? *on : today;
    if (r.released_on > today) return Status::Invalid("released_on: " + r.released_on.ToString() + " is in the future");
    if (r.released_on < rec.received) return Status::Invalid("released_on: before the request was received");
    SARDESK_ASSIGN_OR_RETURN(auto now_blockers, ReleaseBlockersIn(tx, reference, *catalogue));
    SARDESK_RETURN_IF_ERROR(casework::ApplyTransition(
        &rec, {casework::CaseStatus::kReleased, "released", chosen, actor, r.released_on}, now_blockers));
    SARDESK_ASSIGN_OR_RETURN(r.delivery, casework::ParseDelivery(plan.route));
    r.details = Summary(rel, bundle, plan);
    r.format = FormatSupplied(bundle, plan);
    rec.release = r;
    rec.exemptions_applied = used;
    SARDESK_ASSIGN_OR_RETURN(rel.id, tx.InsertRelease(rel));
    json after = {{"release_id", rel.id},     {"bundle_id", rel.bundle_id}, {"kind", rel.kind},
                  {"file", rel.file},         {"file_sha256", rel.file_sha256},
                  {"bundle_volumes", bundle["volumes"]}, {"outcome", casework::ToWire(chosen)},
                  {"format", casework::ToWire(r.format)}};
    SARDESK_RETURN_IF_ERROR(Audit(tx, *ctx_->time, actor, "release.create", reference, after));
    return RecordDelivery(tx, ctx_, rec, rel, (releases / rel.file).string(), bundle, plan, actor, &delivery);
  });
  if (!view.ok()) {
    cleanup();
    return view.status();
  }
  json out = ReleaseJson(rel, {delivery});
  out["outcome"] = casework::ToWire(chosen);
  out["password"] = password;
  out["password_instruction"] = kPasswordInstruction;
  return out;
}

Result<json> ReleaseService::Deliver(const std::string& reference, std::int64_t release_id, const json& body,
                                     const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(DeliveryPlan plan, ReadDelivery(body, ctx_->time->Today()));
  std::optional<store::ReleaseRow> rel;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListReleases(reference));
    for (const auto& r : rows)
      if (r.id == release_id) rel = r;
    return Status::Ok();
  }));
  if (!rel) return Status::NotFound("no release " + std::to_string(release_id) + " on " + reference);
  SARDESK_ASSIGN_OR_RETURN(json bundle, bundles_->Show(reference, rel->bundle_id));
  store::DeliveryRow delivery;
  SARDESK_RETURN_IF_ERROR(cases_->Mutate(reference, actor, "case.release.deliver",
                                         [&](casework::CaseRecord& rec, store::Transaction& tx) -> Status {
                                           if (rec.status != casework::CaseStatus::kReleased)
                                             return Status::Refused("the request is not released");
                                           return RecordDelivery(
                                               tx, ctx_, rec, *rel,
                                               (fs::path(bundles_->CaseFolder(reference)) / "releases" / rel->file)
                                                   .string(),
                                               bundle, plan, actor, &delivery);
                                         })
                              .status());
  return DeliveryJson(delivery);
}

Result<json> ReleaseService::List(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(cases_->Get(reference, false).status());
  std::vector<store::ReleaseRow> rows;
  std::vector<store::DeliveryRow> deliveries;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(rows, tx.ListReleases(reference));
    SARDESK_ASSIGN_OR_RETURN(deliveries, tx.ListDeliveries(reference));
    return Status::Ok();
  }));
  json items = json::array();
  for (const auto& r : rows) items.push_back(ReleaseJson(r, deliveries));
  return json{{"reference", reference}, {"releases", items}};
}

Result<std::string> ReleaseService::ReleaseFile(const std::string& reference, std::int64_t release_id) {
  std::optional<store::ReleaseRow> rel;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListReleases(reference));
    for (const auto& r : rows)
      if (r.id == release_id) rel = r;
    return Status::Ok();
  }));
  if (!rel) return Status::NotFound("no release " + std::to_string(release_id) + " on " + reference);
  fs::path path = fs::path(bundles_->CaseFolder(reference)) / "releases" / rel->file;
  SARDESK_ASSIGN_OR_RETURN(std::string sha, FileSha256Hex(path, "release"));
  if (sha != rel->file_sha256)
    return Status::Internal("the release file of release " + std::to_string(release_id) + " has changed since it was made");
  return path.string();
}

Result<std::string> ReleaseService::DownloadReleaseFile(const std::string& reference, std::int64_t release_id,
                                                        const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(std::string path, ReleaseFile(reference, release_id));
  SARDESK_RETURN_IF_ERROR(RecordAccessAudit(*ctx_->store, *ctx_->time, actor, kCaseDownload, reference,
                                            {{"route", "release file"}, {"release_id", release_id}}));
  return path;
}

}  // namespace sardesk::service
