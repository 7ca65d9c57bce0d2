#include "service/letter_service.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "archive/zip_archive.h"
#include "common/sha256.h"
#include "office/office_converter.h"
#include "pdf/pdf_document.h"
#include "service/test_support.h"
#include "store/blob_store.h"

namespace sardesk::service::testing {
namespace {

class LetterServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    blobs_ = store::MakeFileBlobStore(dir_ + "/blobs");
    letters_ = std::make_unique<LetterService>(ctx_.get(), cases_.get(), blobs_.get());
  }
  void TearDown() override {
    letters_.reset();
    ServiceTest::TearDown();
  }

  // A self-made SAR with ID waived: the clock starts on 10 September 2025
  // and the response is due on Friday 10 October 2025.
  std::string NewCase(const std::string& received = kToday) {
    json body = SarNoIdBody(received);
    body["subject"]["addresses"] = json::array({{{"lines", "12 Mill Lane\nTownley"}, {"postcode", "TN1 2AB"}}});
    return Create(body).record.reference;
  }

  // The PDF's text, read back by MuPDF.
  static std::string PdfText(const std::string& bytes) {
    auto doc = pdf::PdfDocument::OpenMemory(bytes);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok()) return "";
    std::string text;
    for (int i = 0; i < (*doc)->page_count(); ++i) {
      auto page = (*doc)->ExtractText(i);
      EXPECT_TRUE(page.ok());
      if (page.ok()) text += page->text + "\n";
    }
    return text;
  }

  // The PDF's text read by an independent reader (poppler), joined to one line.
  std::string PopplerText(const std::string& bytes) {
    std::string in = dir_ + "/letter.pdf", out = dir_ + "/letter.txt";
    std::ofstream(in, std::ios::binary) << bytes;
    std::string cmd = "pdftotext -q " + in + " " + out;
    if (std::system(cmd.c_str()) != 0) {
      ADD_FAILURE() << "pdftotext failed";
      return "";
    }
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string t = ss.str();
    for (char& c : t)
      if (c == '\n') c = ' ';
    return t;
  }

  Result<letters::ComposedLetter> PreviewAs(const std::string& ref, const json& body) {
    return letters_->Preview(ref, body, "ava");
  }

  store::LetterRow Send(const std::string& ref, const json& body, const std::string& actor = "ava") {
    auto r = letters_->Send(ref, body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : store::LetterRow{};
  }

  std::vector<audit::AuditEntry> Audit(const std::string& entity) {
    std::vector<audit::AuditEntry> out;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      store::AuditQuery q;
      q.entity = entity;
      SARDESK_ASSIGN_OR_RETURN(out, tx.ReadAudit(q));
      return Status::Ok();
    }).ok());
    return out;
  }

  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<LetterService> letters_;
};

TEST_F(LetterServiceTest, AcknowledgementIsStoredLoggedAndReadsBackFromThePdf) {
  std::string ref = NewCase();
  store::LetterRow row = Send(ref, {{"kind", "acknowledgement"}});
  EXPECT_GT(row.id, 0);
  EXPECT_EQ(row.kind, "acknowledgement");
  EXPECT_EQ(row.route, "post");
  EXPECT_EQ(row.recipient, "Jane Doe");

  auto pdf = letters_->ReadPdf(ref, row.id);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(Sha256Hex(*pdf), row.pdf_sha256);
  EXPECT_EQ(static_cast<std::int64_t>(pdf->size()), row.pdf_bytes);
  std::string text = PdfText(*pdf);
  EXPECT_TRUE(Contains(text, "Dear Jane Doe")) << text;
  EXPECT_TRUE(Contains(text, "We will reply by 10 October 2025.")) << text;
  EXPECT_TRUE(Contains(text, ref)) << text;
  EXPECT_TRUE(Contains(text, "12 Mill Lane")) << text;
  EXPECT_TRUE(Contains(text, "10 September 2025")) << text;
  EXPECT_TRUE(Contains(text, "Sardesk Demo Council")) << text;
  EXPECT_TRUE(Contains(PopplerText(*pdf), "We will reply by 10 October 2025."));

  CaseView v = Get(ref);
  ASSERT_FALSE(v.record.communications.empty());
  const auto& c = v.record.communications.back();
  EXPECT_EQ(c.id, row.communication_id);
  EXPECT_EQ(c.method, casework::CommMethod::kLetter);
  EXPECT_TRUE(Contains(c.summary, "Letter " + std::to_string(row.id) + " sent by post")) << c.summary;
  EXPECT_TRUE(Contains(c.summary, row.pdf_sha256));
  auto history = cases_->History(ref);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->back().action, "letter.send");

  auto list = letters_->List(ref);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, row.id);
  EXPECT_TRUE(Contains((*list)[0].text, "We will reply by 10 October 2025."));
}

TEST_F(LetterServiceTest, ASentLetterCanBeHadAsAWordDocument) {
  std::string ref = NewCase();
  store::LetterRow row = Send(ref, {{"kind", "acknowledgement"}});
  auto docx = letters_->ReadDocx(ref, row.id);
  ASSERT_TRUE(docx.ok()) << docx.status().ToString();
  // A real .docx: a zip whose main part holds the letter's text.
  auto zip = archive::ZipFile::FromMemory(*docx);
  auto xml = zip.ReadFile("word/document.xml", 16 << 20);
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  ASSERT_TRUE(xml->has_value());
  EXPECT_TRUE(Contains(**xml, "We will reply by 10 October 2025.")) << **xml;
  EXPECT_TRUE(Contains(**xml, "Dear Jane Doe"));
  EXPECT_TRUE(Contains(**xml, ref));
  // And LibreOffice reads it back: the PDF it makes has the text.
  const std::string path = dir_ + "/letter.docx";
  std::ofstream(path, std::ios::binary) << *docx;
  const std::string pdf_path = dir_ + "/from-docx.pdf";
  ASSERT_TRUE(office::ConvertToPdf(path, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   pdf_path, {})
                  .ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(Contains(PopplerText(pdf), "We will reply by 10 October 2025."));
  EXPECT_EQ(letters_->ReadDocx(ref, row.id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_F(LetterServiceTest, PreviewChangesNothing) {
  std::string ref = NewCase();
  std::int64_t version = Get(ref).record.version;
  auto preview = PreviewAs(ref, {{"kind", "clarification"}, {"question", "Which years do you mean?"}});
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_TRUE(Contains(preview->body, "Which years do you mean?"));
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.version, version);
  EXPECT_TRUE(v.record.clarifications.empty());
  EXPECT_TRUE(letters_->List(ref)->empty());
}

TEST_F(LetterServiceTest, IdRequestLetterMovesANewRequestToIdRequested) {
  std::string ref = Create(SarBody()).record.reference;
  store::LetterRow first = Send(ref, {{"kind", "id_request"}});
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.status, casework::CaseStatus::kIdRequested);
  EXPECT_EQ(v.record.id_requested_on, D(kToday));
  EXPECT_TRUE(Contains(PdfText(*letters_->ReadPdf(ref, first.id)), "photocard driving licence"));
  store::LetterRow reminder = Send(ref, {{"kind", "id_request"}});  // a reminder changes nothing more
  EXPECT_GT(reminder.id, first.id);
  EXPECT_EQ(Get(ref).record.status, casework::CaseStatus::kIdRequested);
}

TEST_F(LetterServiceTest, ClarificationLetterPausesTheClock) {
  std::string ref = NewCase();
  store::LetterRow row = Send(ref, {{"kind", "clarification"}, {"question", "Which years were you in foster care?"}});
  CaseView v = Get(ref);
  ASSERT_EQ(v.record.clarifications.size(), 1u);
  EXPECT_FALSE(v.record.clarifications[0].answered_on);
  EXPECT_EQ(v.record.clarifications[0].question, "Which years were you in foster care?");
  EXPECT_TRUE(v.clock.paused_now);
  std::string text = PdfText(*letters_->ReadPdf(ref, row.id));
  EXPECT_TRUE(Contains(text, "Which years were you in foster care?")) << text;
  EXPECT_TRUE(Contains(text, "paused the time limit")) << text;
}

TEST_F(LetterServiceTest, ASecondClarificationIsRefusedByTheWorkflowAndNotSent) {
  std::string ref = NewCase();
  Send(ref, {{"kind", "clarification"}, {"question", "Which years?"}});
  auto again = letters_->Send(ref, {{"kind", "clarification"}, {"question", "And which services?"}}, "ava");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(again.status().message(), "the letter was not sent")) << again.status().message();
  EXPECT_TRUE(Contains(again.status().message(), "still waiting for an answer")) << again.status().message();
  EXPECT_EQ(letters_->List(ref)->size(), 1u);
}

TEST_F(LetterServiceTest, ExtensionLetterRecordsTheExtensionAndGivesTheNewDate) {
  std::string ref = NewCase();
  auto preview = PreviewAs(ref, {{"kind", "extension"}, {"months", 2}, {"reasons", "Records from three services run to 4,000 pages."}});
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  store::LetterRow row = Send(ref, {{"kind", "extension"}, {"months", 2}, {"reasons", "Records from three services run to 4,000 pages."}});
  CaseView v = Get(ref);
  ASSERT_TRUE(v.record.extension);
  EXPECT_EQ(v.record.extension->months, 2);
  EXPECT_EQ(v.record.extension->requester_told_on, D(kToday));
  ASSERT_TRUE(v.clock.due);
  std::string due = letters::UkLongDate(*v.clock.due);
  EXPECT_EQ(due, "10 December 2025");
  std::string text = PdfText(*letters_->ReadPdf(ref, row.id));
  EXPECT_TRUE(Contains(text, "We will now reply by " + due)) << text;
  EXPECT_TRUE(Contains(preview->body, "We will now reply by " + due)) << preview->body;
  EXPECT_TRUE(Contains(text, "4,000 pages")) << text;
}

TEST_F(LetterServiceTest, ExtensionAfterTheFirstMonthIsRefusedAndNothingChanges) {
  std::string ref = NewCase("2025-08-01");  // the first month ended on 1 September
  std::size_t comms = Get(ref).record.communications.size();
  auto r = letters_->Send(ref, {{"kind", "extension"}, {"months", 1}, {"reasons", "Complex."}}, "ava");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "within the first month")) << r.status().message();
  CaseView v = Get(ref);
  EXPECT_FALSE(v.record.extension);
  EXPECT_EQ(v.record.communications.size(), comms);
  EXPECT_TRUE(letters_->List(ref)->empty());
}

TEST_F(LetterServiceTest, RefusalGoesThroughTheCaseAndCarriesTheRights) {
  std::string ref = NewCase();
  json body = {{"kind", "refusal"},
               {"ground", "refused_excessive"},
               {"reasons", "This repeats your request of last month, which we answered in full."}};
  store::LetterRow row = Send(ref, body);
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.status, casework::CaseStatus::kRefused);
  ASSERT_TRUE(v.record.refusal);
  EXPECT_EQ(v.record.refusal->ground, casework::Outcome::kRefusedExcessive);
  std::string text = PopplerText(*letters_->ReadPdf(ref, row.id));
  EXPECT_TRUE(Contains(text, "manifestly excessive")) << text;
  EXPECT_TRUE(Contains(text, "Information Commissioner")) << text;
  EXPECT_TRUE(Contains(text, "judicial remedy")) << text;

  auto again = letters_->Send(ref, body, "ava");
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(Contains(again.status().message(), "the letter was not sent")) << again.status().message();
  EXPECT_EQ(letters_->List(ref)->size(), 1u);
}

TEST_F(LetterServiceTest, NoDataHeldClosesTheRequest) {
  std::string ref = NewCase();
  store::LetterRow row = Send(ref, {{"kind", "no_data_held"}, {"searches", "We searched children's and adult social care records."}});
  CaseView v = Get(ref);
  EXPECT_EQ(v.record.status, casework::CaseStatus::kClosed);
  EXPECT_EQ(v.record.outcome, casework::Outcome::kNoDataHeld);
  std::string text = PdfText(*letters_->ReadPdf(ref, row.id));
  EXPECT_TRUE(Contains(text, "do not hold any personal information about you")) << text;
  EXPECT_TRUE(Contains(text, "adult social care records")) << text;
}

TEST_F(LetterServiceTest, ComplaintLettersAcknowledgeAndCloseTheComplaint) {
  std::string ref = NewCase();
  Ok(cases_->AddComplaint(ref, {{"kind", "internal_review"}, {"received_on", kToday}, {"summary", "Pages were missing."}}, "ava"));
  store::LetterRow ack = Send(ref, {{"kind", "complaint_ack"}});
  std::string ack_text = PdfText(*letters_->ReadPdf(ref, ack.id));
  EXPECT_TRUE(Contains(ack_text, "internal review")) << ack_text;
  EXPECT_TRUE(Contains(ack_text, "Pages were missing.")) << ack_text;

  store::LetterRow outcome = Send(ref, {{"kind", "complaint_outcome"}, {"outcome", "We found two pages and enclose them."}});
  CaseView v = Get(ref);
  ASSERT_EQ(v.record.complaints.size(), 1u);
  EXPECT_EQ(v.record.complaints[0].outcome, "We found two pages and enclose them.");
  EXPECT_EQ(v.record.complaints[0].closed_on, D(kToday));
  EXPECT_TRUE(Contains(PdfText(*letters_->ReadPdf(ref, outcome.id)), "We found two pages")) ;
}

TEST_F(LetterServiceTest, EmailRouteQueuesAndSendsTheLetter) {
  std::string outbox = dir_ + "/outbox";
  auto mailer = mail::MakeFileDropMailer(outbox);
  ctx_->mailer = mailer.get();
  std::string ref = NewCase();
  auto no_email = letters_->Send(ref, {{"kind", "acknowledgement"}, {"route", "email"}}, "ava");
  ASSERT_FALSE(no_email.ok());
  EXPECT_TRUE(Contains(no_email.status().message(), "no email address")) << no_email.status().message();

  Ok(cases_->Update(ref, {{"requester", {{"email", "jane@example.org"}}}}, std::nullopt, "ava"));
  store::LetterRow row = Send(ref, {{"kind", "acknowledgement"}, {"route", "email"}});
  EXPECT_GT(row.outbox_id, 0);
  EXPECT_EQ(row.recipient, "Jane Doe <jane@example.org>");
  auto messages = searches_->Messages(ref);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].status, "sent");
  std::string eml;
  for (const auto& f : std::filesystem::directory_iterator(outbox)) {
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    eml = ss.str();
  }
  EXPECT_TRUE(Contains(eml, "To: jane@example.org")) << eml;
  EXPECT_TRUE(Contains(eml, "10 October 2025")) << eml;
  EXPECT_EQ(Get(ref).record.communications.back().method, casework::CommMethod::kEmail);
  ctx_->mailer = nullptr;
}

TEST_F(LetterServiceTest, TemplatesAreCheckedEditedAuditedAndReset) {
  std::string ref = NewCase();
  auto bad = letters_->SetTemplate({{"kind", "acknowledgement"}, {"subject", "Ack"}, {"body", "Dear {{requestor_name}}"}}, "cara");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Contains(bad.status().message(), "{{requestor_name}}")) << bad.status().message();

  auto set = letters_->SetTemplate({{"kind", "acknowledgement"},
                                    {"subject", "Request {{reference}}"},
                                    {"body", "Hello {{requester_name}}. Reply due {{due_date}}. Call {{council_phone}}."}},
                                   "cara");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  // The council's phone is not set yet: the letter names the missing value.
  auto missing = PreviewAs(ref, {{"kind", "acknowledgement"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(missing.status().message(), "council_phone (")) << missing.status().message();

  ASSERT_TRUE(letters_->SetLetterhead({{"phone", "01234 567890"}, {"address", "Town Hall\nTownley TN1 1AA"}}, "cara").ok());
  auto filled = PreviewAs(ref, {{"kind", "acknowledgement"}});
  ASSERT_TRUE(filled.ok()) << filled.status().ToString();
  EXPECT_EQ(filled->body, "Hello Jane Doe. Reply due 10 October 2025. Call 01234 567890.");
  EXPECT_EQ(filled->subject, "Request " + ref);
  EXPECT_TRUE(Contains(filled->FullText(), "Town Hall\nTownley TN1 1AA\n"));

  auto audit = Audit("letter_settings");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "letter_template.set");
  EXPECT_EQ(audit[0].entity_id, "acknowledgement");
  EXPECT_EQ(audit[0].actor, "cara");
  EXPECT_EQ(audit[1].action, "letterhead.set");

  Reopen();
  blobs_ = store::MakeFileBlobStore(dir_ + "/blobs");
  letters_ = std::make_unique<LetterService>(ctx_.get(), cases_.get(), blobs_.get());
  auto json_settings = letters_->SettingsJson();
  ASSERT_TRUE(json_settings.ok());
  EXPECT_EQ((*json_settings)["letterhead"]["phone"], "01234 567890");
  bool found = false;
  for (const auto& t : (*json_settings)["templates"])
    if (t["kind"] == "acknowledgement") {
      found = true;
      EXPECT_TRUE(t["edited"].get<bool>());
      EXPECT_EQ(t["subject"], "Request {{reference}}");
    }
  EXPECT_TRUE(found);

  ASSERT_TRUE(letters_->ResetTemplate("acknowledgement", "cara").ok());
  auto reset = PreviewAs(ref, {{"kind", "acknowledgement"}});
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(reset->subject, "Your request for personal information: " + ref);
  auto twice = letters_->ResetTemplate("acknowledgement", "cara");
  EXPECT_EQ(twice.status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(LetterServiceTest, RenderLetterPdfForTheBundleStoresNothing) {
  std::string ref = NewCase();
  auto unsigned_letter = letters_->RenderLetterPdf(ref, letters::LetterKind::kReleaseCover);
  ASSERT_FALSE(unsigned_letter.ok());  // no officer assigned and nobody named
  EXPECT_TRUE(Contains(unsigned_letter.status().message(), "officer_name")) << unsigned_letter.status().message();
  auto pdf = letters_->RenderLetterPdf(ref, letters::LetterKind::kReleaseCover,
                                       {{"details", "The file is a PDF of 212 pages."}}, "ava");
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  std::string text = PdfText(*pdf);
  EXPECT_TRUE(Contains(text, "212 pages")) << text;
  EXPECT_TRUE(Contains(text, "Dear Jane Doe")) << text;
  EXPECT_TRUE(letters_->List(ref)->empty());
}

TEST_F(LetterServiceTest, ALetterIsOnlyReadFromItsOwnCase) {
  std::string a = NewCase();
  std::string b = NewCase();
  store::LetterRow row = Send(a, {{"kind", "acknowledgement"}});
  EXPECT_EQ(letters_->ReadPdf(b, row.id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(letters_->Find(a, row.id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_F(LetterServiceTest, BadRequestsAreRefusedClearly) {
  std::string ref = NewCase();
  EXPECT_TRUE(Contains(PreviewAs(ref, {{"kind", "poem"}}).status().message(), "acknowledgement"));
  EXPECT_TRUE(Contains(PreviewAs(ref, {{"kind", "acknowledgement"}, {"colour", "red"}}).status().message(), "colour"));
  EXPECT_TRUE(Contains(PreviewAs(ref, {{"kind", "acknowledgement"}, {"route", "pigeon"}}).status().message(), "route"));
  EXPECT_EQ(PreviewAs("SAR-2099-999999", {{"kind", "acknowledgement"}}).status().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(letters_->Send(ref, {{"kind", "acknowledgement"}}, "").ok());
}

}  // namespace
}  // namespace sardesk::service::testing
