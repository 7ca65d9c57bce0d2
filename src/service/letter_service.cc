#include "service/letter_service.h"

#include "office/flat_odt.h"
#include "office/office_converter.h"
#include "service/access_audit.h"
#include "service/outbox_mail.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "case/enums.h"
#include "case/json_reader.h"
#include "common/sha256.h"
#include "mail/mailer.h"
#include "pdf/pdf_document.h"

namespace sardesk::service {

using casework::JsonReader;
using letters::LetterKind;
using nlohmann::json;

namespace {

constexpr char kSettingKey[] = "letters";
constexpr std::int64_t kMaxLetterPdfBytes = 64ll << 20;
constexpr int kMaxMailAttempts = 5;

json LetterheadJson(const letters::Letterhead& h) {
  return {{"address", h.address}, {"phone", h.phone}, {"email", h.email}, {"website", h.website}};
}

Status ReadLetterhead(const json& j, letters::Letterhead* h) {
  return casework::ReadObject(j, [&](JsonReader& r) {
    r.Str("address", &h->address, 1000);
    r.Str("phone", &h->phone, 60);
    r.Str("email", &h->email, 200);
    r.Str("website", &h->website, 200);
  });
}

json TemplateJson(const letters::LetterTemplate& t) { return {{"subject", t.subject}, {"body", t.body}}; }

Status ReadTemplate(const json& j, letters::LetterTemplate* t, const std::string& where) {
  Status st = casework::ReadObject(j, [&](JsonReader& r) {
    r.Str("subject", &t->subject, 300, true);
    r.Str("body", &t->body, 64 * 1024, true);
  });
  if (!st.ok()) return Status::Invalid(where + ": " + st.message());
  st = letters::CheckLetterTemplate(*t);
  if (!st.ok()) return Status::Invalid(where + ": " + st.message());
  return Status::Ok();
}

Status AppendAudit(store::Transaction& tx, const TimeSource& time, const std::string& actor, const std::string& action,
                   const std::string& entity, const std::string& id, const json& before, const json& after) {
  audit::AuditEntry e;
  e.at = time.NowIso();
  e.actor = actor;
  e.action = action;
  e.entity = entity;
  e.entity_id = id;
  e.before = before.dump();
  e.after = after.dump();
  auto r = tx.AppendAudit(e);
  return r.ok() ? Status::Ok() : r.status();
}

Result<letters::LetterSettings> StoredSettings(store::Transaction& tx) {
  SARDESK_ASSIGN_OR_RETURN(auto stored, tx.GetSetting(kSettingKey));
  if (!stored) return letters::LetterSettings{};
  auto parsed = casework::ParseJsonText(*stored, 4u << 20);
  if (!parsed.ok()) return Status::Internal("the stored letter settings are not valid JSON");
  auto settings = LetterSettingsFromJson(*parsed);
  if (!settings.ok()) return Status::Internal("the stored letter settings are not valid: " + settings.status().message());
  return settings;
}

bool IsRoute(const std::string& route) {
  for (const char* r : kLetterRoutes)
    if (route == r) return true;
  return false;
}

std::string Trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

Result<letters::LetterSettings> LetterSettingsFromJson(const json& j) {
  letters::LetterSettings s;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(j, [&](JsonReader& r) {
    r.Allow("letterhead");
    r.Allow("templates");
  }));
  if (j.contains("letterhead")) SARDESK_RETURN_IF_ERROR(ReadLetterhead(j["letterhead"], &s.letterhead));
  if (j.contains("templates")) {
    if (!j["templates"].is_object()) return Status::Invalid("templates: an object of templates by kind");
    for (auto it = j["templates"].begin(); it != j["templates"].end(); ++it) {
      SARDESK_ASSIGN_OR_RETURN(LetterKind kind, letters::ParseLetterKind(it.key()));
      letters::LetterTemplate t;
      SARDESK_RETURN_IF_ERROR(ReadTemplate(it.value(), &t, "templates." + it.key()));
      s.edited[kind] = t;
    }
  }
  return s;
}

json LetterSettingsToJson(const letters::LetterSettings& s) {
  json templates = json::object();
  for (const auto& [kind, t] : s.edited) templates[std::string(letters::ToWire(kind))] = TemplateJson(t);
  return {{"letterhead", LetterheadJson(s.letterhead)}, {"templates", templates}};
}

Result<LetterRequest> LetterRequestFromJson(const json& body) {
  LetterRequest req;
  std::string kind;
  std::int64_t months = 0, complaint = 0;
  letters::LetterInputs& in = req.inputs;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Str("kind", &kind, 40, true);
    r.Str("route", &req.route, 10);
    r.Text("documents_needed", &in.documents_needed);
    r.Text("question", &in.question);
    r.Int("months", &months, 1, 2);
    r.Text("reasons", &in.reasons);
    r.Enum("ground", &in.ground);
    r.Bool("fee_offered", &in.fee_offered);
    r.Text("searches", &in.searches);
    r.Text("details", &in.details);
    r.Int("complaint", &complaint, 1, INT64_MAX);
    r.Text("outcome", &in.outcome);
  }));
  SARDESK_ASSIGN_OR_RETURN(req.kind, letters::ParseLetterKind(kind));
  if (!IsRoute(req.route)) return Status::Invalid("route: post, email or hand");
  in.months = static_cast<int>(months);
  in.complaint = complaint;
  return req;
}

json ComposedLetterJson(const letters::ComposedLetter& l) {
  return {{"kind", std::string(letters::ToWire(l.kind))},
          {"label", std::string(letters::Info(l.kind).label)},
          {"subject", l.subject},
          {"body", l.body},
          {"recipient_name", l.recipient_name},
          {"recipient_address", l.recipient_address},
          {"date", l.date},
          {"reference", l.reference},
          {"action", std::string(letters::Info(l.kind).action)},
          {"text", l.FullText()}};
}

json LetterRowJson(const store::LetterRow& r, bool with_text) {
  json j = {{"id", r.id},
            {"case_ref", r.case_ref},
            {"kind", r.kind},
            {"subject", r.subject},
            {"pdf_sha256", r.pdf_sha256},
            {"pdf_bytes", r.pdf_bytes},
            {"route", r.route},
            {"recipient", r.recipient},
            {"outbox_id", r.outbox_id},
            {"communication_id", r.communication_id},
            {"sent_at", r.sent_at},
            {"sent_by", r.sent_by}};
  if (with_text) j["text"] = r.text;
  return j;
}

// ---------------------------------------------------------------------------
// Composing

Result<letters::LetterFacts> LetterService::Facts(const CaseView& view, const letters::LetterInputs& inputs,
                                                  const std::string& actor, const letters::LetterSettings& settings) {
  service::Settings council;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    council = ctx_->settings;
  }
  letters::LetterFacts f;
  f.record = &view.record;
  f.clock = view.clock;
  f.today = ctx_->time->Today();
  f.council_name = council.organisation;
  f.letterhead = settings.letterhead;
  if (Trim(f.letterhead.email).empty()) f.letterhead.email = council.mail_from;
  f.inputs = inputs;
  std::string officer = view.record.assigned_officer.empty() ? actor : view.record.assigned_officer;
  f.officer_name = officer;
  if (!officer.empty()) {
    std::optional<store::UserRow> user;
    SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(user, tx.FindUser(officer));
      return Status::Ok();
    }));
    if (user) {
      if (!Trim(user->display_name).empty()) f.officer_name = user->display_name;
      f.officer_email = user->email;
    }
  }
  return f;
}

Result<letters::ComposedLetter> LetterService::ComposeFor(const std::string& reference, const LetterRequest& request,
                                                          const std::string& actor, bool project_action) {
  SARDESK_ASSIGN_OR_RETURN(letters::LetterSettings settings, Settings());
  SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
  letters::LetterInputs inputs = request.inputs;
  if (request.kind == LetterKind::kExtension) {
    if (project_action && (inputs.months == 1 || inputs.months == 2) && view.clock.started) {
      // The due date the letter promises is the one the extension will give.
      casework::CaseRecord extended = view.record;
      Date today = ctx_->time->Today();
      extended.extension = casework::Extension{inputs.months, inputs.reasons, today, today, actor};
      service::Settings council;
      {
        std::lock_guard<std::mutex> lock(ctx_->settings_mu);
        council = ctx_->settings;
      }
      CaseView projected = BuildView(std::move(extended), *ctx_->calendar.Get(), council, today);
      inputs.new_due = projected.clock.due;
    } else if (!project_action) {
      inputs.new_due = view.clock.due;
    }
  }
  SARDESK_ASSIGN_OR_RETURN(letters::LetterFacts facts, Facts(view, inputs, actor, settings));
  auto letter = letters::Compose(request.kind, settings.TemplateFor(request.kind), facts);
  if (!letter.ok()) return letter.status();
  if (request.route == "email" && Trim(view.record.requester.email).empty())
    return Status::Refused("route: the request has no email address for the requester; send it by post");
  return letter;
}

Result<letters::ComposedLetter> LetterService::Preview(const std::string& reference, const json& body,
                                                       const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(LetterRequest request, LetterRequestFromJson(body));
  return ComposeFor(reference, request, actor, true);
}

Result<std::string> LetterService::PdfBytes(const letters::ComposedLetter& letter) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk_letter_XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  int fd = mkstemp(buf.data());
  if (fd < 0) return Status::Internal("no temporary file for the letter's PDF");
  close(fd);
  std::string path(buf.data());
  struct Remove {
    std::string p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove(p, ec);
    }
  } remove{path};
  SARDESK_RETURN_IF_ERROR(pdf::WriteTextPdf(path, {letter.FullText()}));
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return Status::Internal("the letter's PDF could not be read back");
  return bytes;
}

Result<std::string> LetterService::DocxBytes(const std::string& subject, const std::string& text) {
  office::FlatOdtDocument doc;
  doc.title = subject;
  doc.font_pt = 11;
  doc.bottom_margin_cm = 2;
  doc.blocks = office::BlocksFromPlainText(text, false, false);
  for (auto& b : doc.blocks)
    if (b.text == subject) {
      b.kind = office::TextBlock::Kind::kHeading;
      break;
    }
  office::Limits limits;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    limits.timeout_seconds = ctx_->settings.upload.conversion_timeout_seconds;
  }
  const std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk_letter_XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) return Status::Internal("no temporary folder for the letter's Word document");
  struct Remove {
    std::string p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } remove{buf.data()};
  const std::string path = remove.p + "/letter.docx";
  SARDESK_RETURN_IF_ERROR(office::ConvertFlatOdt(office::WriteFlatOdt(doc), office::WrittenFormat::kDocx, path, limits));
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return Status::Internal("the letter's Word document could not be read back");
  return bytes;
}

Result<std::string> LetterService::ReadDocx(const std::string& reference, std::int64_t id) {
  SARDESK_ASSIGN_OR_RETURN(store::LetterRow row, Find(reference, id));
  if (row.text.empty()) return Status::NotFound("letter " + std::to_string(id) + " has no text to write");
  return DocxBytes(row.subject, row.text);
}

Result<std::string> LetterService::DownloadDocx(const std::string& reference, std::int64_t id,
                                                const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(std::string bytes, ReadDocx(reference, id));
  SARDESK_RETURN_IF_ERROR(RecordAccessAudit(*ctx_->store, *ctx_->time, actor, kCaseDownload, reference,
                                            {{"route", "letter"}, {"letter_id", id}, {"format", "docx"}}));
  return bytes;
}

Result<std::string> LetterService::RenderLetterDocx(const std::string& reference, LetterKind kind, const json& inputs,
                                                    const std::string& actor) {
  if (!inputs.is_object()) return Status::Invalid("the letter's inputs must be a JSON object");
  json body = inputs;
  body["kind"] = std::string(letters::ToWire(kind));
  SARDESK_ASSIGN_OR_RETURN(LetterRequest request, LetterRequestFromJson(body));
  SARDESK_ASSIGN_OR_RETURN(letters::ComposedLetter letter, ComposeFor(reference, request, actor, false));
  return DocxBytes(letter.subject, letter.FullText());
}

Result<std::string> LetterService::RenderLetterPdf(const std::string& reference, LetterKind kind, const json& inputs,
                                                   const std::string& actor) {
  if (!inputs.is_object()) return Status::Invalid("the letter's inputs must be a JSON object");
  json body = inputs;
  body["kind"] = std::string(letters::ToWire(kind));
  SARDESK_ASSIGN_OR_RETURN(LetterRequest request, LetterRequestFromJson(body));
  SARDESK_ASSIGN_OR_RETURN(letters::ComposedLetter letter, ComposeFor(reference, request, actor, false));
  return PdfBytes(letter);
}

// ---------------------------------------------------------------------------
// Sending

Status LetterService::RunAction(const std::string& reference, const LetterRequest& request, const std::string& actor) {
  const letters::LetterInputs& in = request.inputs;
  std::string today = ctx_->time->Today().ToString();
  switch (request.kind) {
    case LetterKind::kClarification:
      return cases_->RequestClarification(reference, {{"question", in.question}, {"requested_on", today}}, actor).status();
    case LetterKind::kExtension:
      return cases_->RecordExtension(reference,
                                     {{"months", in.months}, {"reasons", in.reasons}, {"requester_told_on", today}},
                                     actor)
          .status();
    case LetterKind::kRefusal:
      return cases_->Refuse(reference,
                            {{"ground", std::string(casework::ToWire(in.ground))},
                             {"reasons", in.reasons},
                             {"fee_offered", in.fee_offered}},
                            actor)
          .status();
    case LetterKind::kNoDataHeld:
      return cases_->Transition(reference,
                                {{"to", "closed"}, {"outcome", "no_data_held"}, {"reason", "no data held; letter sent"}},
                                actor)
          .status();
    case LetterKind::kComplaintOutcome: {
      if (Trim(in.outcome).empty()) return Status::Ok();  // the outcome is already recorded
      SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
      std::int64_t id = in.complaint;
      if (id == 0 && !view.record.complaints.empty()) id = view.record.complaints.back().id;
      json update = {{"outcome", in.outcome}};
      for (const auto& c : view.record.complaints)
        if (c.id == id && !c.closed_on) update["closed_on"] = today;
      return cases_->UpdateComplaint(reference, id, update, actor).status();
    }
    case LetterKind::kIdRequest: {
      // The tracker's "ID requested" (seed 001), from which the timers run;
      // a reminder letter later changes nothing.
      SARDESK_ASSIGN_OR_RETURN(CaseView view, cases_->Get(reference, false));
      if (view.record.status != casework::CaseStatus::kReceived || !view.record.identity_required) return Status::Ok();
      return cases_->Transition(reference, {{"to", "id_requested"}, {"reason", "identity documents requested by letter"}},
                                actor)
          .status();
    }
    case LetterKind::kAcknowledgement:
    case LetterKind::kReleaseCover:
    case LetterKind::kComplaintAck:
      return Status::Ok();
  }
  return Status::Ok();
}

Result<store::LetterRow> LetterService::Send(const std::string& reference, const json& body, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  SARDESK_ASSIGN_OR_RETURN(LetterRequest request, LetterRequestFromJson(body));
  // Checked as things stand before anything changes: a letter that cannot be
  // filled in never reaches its case action.
  SARDESK_ASSIGN_OR_RETURN(letters::ComposedLetter letter, ComposeFor(reference, request, actor, true));
  const bool has_action = !letters::Info(request.kind).action.empty();
  if (has_action) {
    Status acted = RunAction(reference, request, actor);
    if (!acted.ok()) return Status(acted.code(), "the letter was not sent: " + acted.message());
    // The record now says what the letter says (the clock paused, the new due date).
    SARDESK_ASSIGN_OR_RETURN(letter, ComposeFor(reference, request, actor, false));
  }
  SARDESK_ASSIGN_OR_RETURN(std::string pdf, PdfBytes(letter));
  SARDESK_ASSIGN_OR_RETURN(std::string sha, blobs_->Put(pdf));

  std::string mail_from;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    mail_from = ctx_->settings.mail_from;
  }
  store::LetterRow row;
  row.case_ref = reference;
  row.kind = std::string(letters::ToWire(request.kind));
  row.subject = letter.subject;
  row.text = letter.FullText();
  row.pdf_sha256 = sha;
  row.pdf_bytes = static_cast<std::int64_t>(pdf.size());
  row.route = request.route;
  row.sent_at = ctx_->time->NowIso();
  row.sent_by = actor;
  auto saved = cases_->Mutate(reference, actor, "letter.send", [&](casework::CaseRecord& rec, store::Transaction& tx) -> Status {
    row.recipient = letter.recipient_name;
    if (request.route == "email") {
      mail::MailMessage m;
      m.from = mail_from;
      m.to = {Trim(rec.requester.email)};
      m.subject = letter.subject;
      m.body = letter.body;
      Status ok = mail::CheckMessage(m);
      if (!ok.ok()) return Status::Invalid("the letter cannot be emailed: " + ok.message());
      store::OutboxRow out;
      out.created_at = row.sent_at;
      out.case_ref = reference;
      out.message = json{{"from", m.from}, {"to", m.to}, {"cc", m.cc}, {"subject", m.subject}, {"body", m.body}}.dump();
      SARDESK_ASSIGN_OR_RETURN(row.outbox_id, tx.EnqueueMail(out));
      row.recipient += " <" + m.to.front() + ">";
    }
    row.communication_id = rec.NextId();
    SARDESK_ASSIGN_OR_RETURN(row.id, tx.InsertLetter(row));
    std::string how = request.route == "email" ? "by email" : request.route == "hand" ? "by hand" : "by post";
    rec.communications.push_back({row.communication_id, row.sent_at, casework::Direction::kOutgoing,
                                  request.route == "email" ? casework::CommMethod::kEmail : casework::CommMethod::kLetter,
                                  "Letter " + std::to_string(row.id) + " sent " + how + ": " +
                                      std::string(letters::Info(request.kind).label) + " (PDF SHA-256 " + sha + ")",
                                  actor});
    return Status::Ok();
  });
  if (!saved.ok()) {
    if (has_action)
      return Status(saved.status().code(), "the case action was recorded but the letter was not: " +
                                               saved.status().message() + "; send the letter again");
    return saved.status();
  }
  if (row.outbox_id) Dispatch(row.outbox_id);
  return row;
}

void LetterService::Dispatch(std::int64_t outbox_id) {
  if (!ctx_->mailer) return;  // stays queued for the server's mail run
  std::optional<store::OutboxRow> found;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto pending, tx.ListMail("pending", "", 1000));
    for (auto& r : pending)
      if (r.id == outbox_id) found = r;
    return Status::Ok();
  });
  if (!st.ok() || !found) return;
  store::OutboxRow row = *found;
  auto parsed = casework::ParseJsonText(row.message);
  Result<std::string> sent = Status::Internal("the queued message is damaged");
  if (parsed.ok()) {
    std::int64_t limit = 0;
    {
      std::lock_guard<std::mutex> lock(ctx_->settings_mu);
      limit = static_cast<std::int64_t>(ctx_->settings.mail_max_attachment_mib) << 20;
    }
    auto m = MailFromQueued(*parsed, limit);
    sent = m.ok() ? ctx_->mailer->Send(*m) : Result<std::string>(m.status());
  }
  ++row.attempts;
  if (sent.ok()) {
    row.status = "sent";
    row.sent_at = ctx_->time->NowIso();
    row.message_id = *sent;
    row.last_error.clear();
  } else {
    row.last_error = sent.status().message();
    if (row.attempts >= kMaxMailAttempts) row.status = "failed";
  }
  (void)ctx_->store->Write([&](store::Transaction& tx) { return tx.UpdateMail(row); });
}

Result<std::vector<store::LetterRow>> LetterService::List(const std::string& reference) {
  SARDESK_RETURN_IF_ERROR(cases_->Get(reference, false).status());
  std::vector<store::LetterRow> out;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(out, tx.ListLetters(reference));
    return Status::Ok();
  }));
  return out;
}

Result<store::LetterRow> LetterService::Find(const std::string& reference, std::int64_t id) {
  std::optional<store::LetterRow> row;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(row, tx.FindLetter(id));
    return Status::Ok();
  }));
  if (!row || row->case_ref != reference)
    return Status::NotFound("no letter " + std::to_string(id) + " on " + reference.substr(0, 40));
  return *row;
}

Result<std::string> LetterService::ReadPdf(const std::string& reference, std::int64_t id) {
  SARDESK_ASSIGN_OR_RETURN(store::LetterRow row, Find(reference, id));
  SARDESK_ASSIGN_OR_RETURN(std::string bytes, blobs_->Read(row.pdf_sha256, kMaxLetterPdfBytes));
  if (Sha256Hex(bytes) != row.pdf_sha256)
    return Status::Internal("letter " + std::to_string(id) + "'s PDF does not match its recorded hash");
  return bytes;
}

// ---------------------------------------------------------------------------
// Templates

Result<letters::LetterSettings> LetterService::Settings() {
  letters::LetterSettings s;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(s, StoredSettings(tx));
    return Status::Ok();
  }));
  return s;
}

Result<json> LetterService::SettingsJson() {
  SARDESK_ASSIGN_OR_RETURN(letters::LetterSettings s, Settings());
  json templates = json::array();
  for (const auto& k : letters::LetterKinds()) {
    letters::LetterTemplate t = s.TemplateFor(k.kind);
    templates.push_back({{"kind", std::string(k.wire)},
                         {"label", std::string(k.label)},
                         {"action", std::string(k.action)},
                         {"inputs", std::string(k.inputs)},
                         {"subject", t.subject},
                         {"body", t.body},
                         {"edited", s.edited.count(k.kind) > 0}});
  }
  json fields = json::array();
  for (const auto& f : letters::LetterFields()) fields.push_back({{"name", f.name}, {"description", f.description}});
  return json{{"letterhead", LetterheadJson(s.letterhead)}, {"templates", templates}, {"fields", fields}};
}

Result<letters::LetterSettings> LetterService::EditSettings(const std::string& actor, const SettingsEdit& edit) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  letters::LetterSettings updated;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(updated, StoredSettings(tx));
    json before = json::object(), after = json::object();
    std::string action, id;
    SARDESK_RETURN_IF_ERROR(edit(updated, &before, &after, &action, &id));
    json whole = LetterSettingsToJson(updated);
    SARDESK_RETURN_IF_ERROR(LetterSettingsFromJson(whole).status());  // checked whole before saving
    SARDESK_RETURN_IF_ERROR(tx.PutSetting(kSettingKey, whole.dump()));
    return AppendAudit(tx, *ctx_->time, actor, action, "letter_settings", id, before, after);
  }));
  return updated;
}

Result<letters::LetterSettings> LetterService::SetTemplate(const json& body, const std::string& actor) {
  std::string kind_text;
  letters::LetterTemplate t;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(body, [&](JsonReader& r) {
    r.Str("kind", &kind_text, 40, true);
    r.Allow("subject");
    r.Allow("body");
  }));
  SARDESK_ASSIGN_OR_RETURN(LetterKind kind, letters::ParseLetterKind(kind_text));
  json parts = json::object();
  if (body.contains("subject")) parts["subject"] = body["subject"];
  if (body.contains("body")) parts["body"] = body["body"];
  SARDESK_RETURN_IF_ERROR(ReadTemplate(parts, &t, kind_text));
  return EditSettings(actor, [&](letters::LetterSettings& s, json* before, json* after, std::string* action,
                                 std::string* id) -> Status {
    *before = TemplateJson(s.TemplateFor(kind));
    s.edited[kind] = t;
    *after = TemplateJson(t);
    *action = "letter_template.set";
    *id = kind_text;
    return Status::Ok();
  });
}

Result<letters::LetterSettings> LetterService::ResetTemplate(const std::string& kind_text, const std::string& actor) {
  SARDESK_ASSIGN_OR_RETURN(LetterKind kind, letters::ParseLetterKind(kind_text));
  return EditSettings(actor, [&](letters::LetterSettings& s, json* before, json* after, std::string* action,
                                 std::string* id) -> Status {
    if (!s.edited.count(kind)) return Status::Refused("the " + kind_text + " letter already uses the built-in template");
    *before = TemplateJson(s.edited[kind]);
    s.edited.erase(kind);
    *after = TemplateJson(letters::DefaultTemplate(kind));
    *action = "letter_template.reset";
    *id = kind_text;
    return Status::Ok();
  });
}

Result<letters::LetterSettings> LetterService::SetLetterhead(const json& body, const std::string& actor) {
  return EditSettings(actor, [&](letters::LetterSettings& s, json* before, json* after, std::string* action,
                                 std::string* id) -> Status {
    *before = LetterheadJson(s.letterhead);
    SARDESK_RETURN_IF_ERROR(ReadLetterhead(body, &s.letterhead));
    *after = LetterheadJson(s.letterhead);
    *action = "letterhead.set";
    *id = "letterhead";
    return Status::Ok();
  });
}

}  // namespace sardesk::service
