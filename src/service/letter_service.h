// Letters to the requester (issue 6): preview one for a case, send it (a PDF
// kept in the blob store with its hash, an entry in the case's
// communications, an email when the route is email), list and read the
// letters sent, and edit the council's templates and letterhead (the
// "letters" setting: the defaults until edited, checked whole, audited).
// Letters that change the case (clarification, extension, refusal, no data
// held, complaint outcome) go through CaseService first, so the record and
// the clock agree with what the letter says; a letter whose action the
// workflow refuses is not sent. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "letters/letter.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/blob_store.h"

namespace sardesk::service {

// How a letter goes: by post (printed from the PDF), by email (the text as
// the message), or by hand.
inline constexpr const char* kLetterRoutes[] = {"post", "email", "hand"};

// A letter asked for: {"kind", "route", and the kind's inputs: "question",
// "months", "reasons", "ground", "fee_offered", "documents_needed",
// "searches", "details", "complaint", "outcome"}. Unknown keys are refused.
struct LetterRequest {
  letters::LetterKind kind = letters::LetterKind::kAcknowledgement;
  std::string route = "post";
  letters::LetterInputs inputs;
};
Result<LetterRequest> LetterRequestFromJson(const nlohmann::json& body);

nlohmann::json ComposedLetterJson(const letters::ComposedLetter& letter);
// Without the text (lists); with_text adds it.
nlohmann::json LetterRowJson(const store::LetterRow& row, bool with_text = false);

class LetterService {
 public:
  // All three outlive this.
  LetterService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs)
      : ctx_(ctx), cases_(cases), blobs_(blobs) {}

  // The letter as it would be sent today by `actor` (who signs it when no
  // officer is assigned); nothing changes.
  Result<letters::ComposedLetter> Preview(const std::string& reference, const nlohmann::json& body,
                                          const std::string& actor = "");
  // Runs the letter's case action, then stores and logs the letter (and
  // queues and sends the email). Returns the letter as stored.
  Result<store::LetterRow> Send(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  Result<std::vector<store::LetterRow>> List(const std::string& reference);
  Result<store::LetterRow> Find(const std::string& reference, std::int64_t id);
  // The PDF bytes of a sent letter, checked against the recorded hash.
  Result<std::string> ReadPdf(const std::string& reference, std::int64_t id);

  // The letter of `kind` for the case as PDF bytes, stored nowhere (the
  // release bundle includes the covering letter this way). `inputs` as in
  // LetterRequestFromJson, without "kind" and "route". Signed by the
  // assigned officer, else by `actor`.
  Result<std::string> RenderLetterPdf(const std::string& reference, letters::LetterKind kind,
                                      const nlohmann::json& inputs = nlohmann::json::object(),
                                      const std::string& actor = "");

  // The letter as a Word document (.docx), made by LibreOffice from the
  // letter's text (office/): for a sent letter, from the text as sent
  // (checked present); for RenderLetterDocx, as RenderLetterPdf would.
  Result<std::string> ReadDocx(const std::string& reference, std::int64_t id);
  // ReadDocx for an officer taking a copy over HTTP: audited as
  // case.download by `actor` with the letter's id (issue 8; the PDF's
  // route is audited by the gate, whose path shows it is a file).
  Result<std::string> DownloadDocx(const std::string& reference, std::int64_t id, const std::string& actor);
  Result<std::string> RenderLetterDocx(const std::string& reference, letters::LetterKind kind,
                                       const nlohmann::json& inputs = nlohmann::json::object(),
                                       const std::string& actor = "");

  // The council's letter settings as stored (defaults when never edited).
  Result<letters::LetterSettings> Settings();
  // {"letterhead": {...}, "templates": [{"kind","label","subject","body","edited"}...], "fields": [...]}
  Result<nlohmann::json> SettingsJson();
  // {"kind","subject","body"}: replaces that template, after checking it.
  Result<letters::LetterSettings> SetTemplate(const nlohmann::json& body, const std::string& actor);
  // Back to the built-in template of `kind`.
  Result<letters::LetterSettings> ResetTemplate(const std::string& kind, const std::string& actor);
  // {"address","phone","email","website"}: the fields given are replaced.
  Result<letters::LetterSettings> SetLetterhead(const nlohmann::json& body, const std::string& actor);

 private:
  Result<letters::LetterFacts> Facts(const CaseView& view, const letters::LetterInputs& inputs,
                                     const std::string& actor, const letters::LetterSettings& settings);
  Result<letters::ComposedLetter> ComposeFor(const std::string& reference, const LetterRequest& request,
                                             const std::string& actor, bool project_action);
  Status RunAction(const std::string& reference, const LetterRequest& request, const std::string& actor);
  Result<std::string> PdfBytes(const letters::ComposedLetter& letter);
  Result<std::string> DocxBytes(const std::string& subject, const std::string& text);
  using SettingsEdit = std::function<Status(letters::LetterSettings&, nlohmann::json* before, nlohmann::json* after,
                                            std::string* action, std::string* id)>;
  Result<letters::LetterSettings> EditSettings(const std::string& actor, const SettingsEdit& edit);
  void Dispatch(std::int64_t outbox_id);

  ServiceContext* ctx_;
  CaseService* cases_;
  store::BlobStore* blobs_;
};

// The letter settings from their stored JSON, checked whole.
Result<letters::LetterSettings> LetterSettingsFromJson(const nlohmann::json& j);
nlohmann::json LetterSettingsToJson(const letters::LetterSettings& s);

}  // namespace sardesk::service
