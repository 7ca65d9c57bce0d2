#include "service/release_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "bundle/secure_output.h"
#include "email/email_message.h"
#include "mail/mailer.h"
#include "service/bundle_release_test_support.h"

namespace sardesk::service::testing {
namespace {

namespace fs = std::filesystem;

class ReleaseServiceTest : public BundleTest {
 protected:
  // A case redacted by ava, passed by ben in QA, with a bundle built.
  void ReadyForRelease(const std::vector<std::vector<std::string>>& documents = {kCaseNote}) {
    MoveTo("redacting");
    int n = 0;
    for (const auto& pages : documents) AddPdf("record-" + std::to_string(++n) + ".pdf", pages);
    RedactAll();
    Transition(ref_, {{"to", "qa"}});
    ASSERT_TRUE(qa_->Sample(ref_, json::object(), "ben").ok());
    auto passed = qa_->Pass(ref_, json::object(), "ben");
    ASSERT_TRUE(passed.ok()) << passed.status().ToString();
    Build();
  }

  Result<json> Release(const json& delivery, const json& extra = json::object()) {
    json body = extra;
    body["delivery"] = delivery;
    return releases_->Release(ref_, body, "ava");
  }

  std::string ReleasePath(const json& release) {
    auto p = releases_->ReleaseFile(ref_, release["id"].get<std::int64_t>());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : "";
  }
};

const json kPost = {{"route", "post"}, {"medium", "paper"}, {"tracking_reference", "RR123456785GB"}, {"fee_pence", 1000}};

TEST_F(ReleaseServiceTest, ReleasesAnEncryptedPdfAndRecordsWhatLeft) {
  ReadyForRelease();
  auto r = Release(kPost);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string password = (*r)["password"];
  EXPECT_EQ(password.size(), 29u);
  EXPECT_TRUE(Contains((*r)["password_instruction"], "telephone"));
  EXPECT_EQ((*r)["kind"], "pdf");
  EXPECT_EQ((*r)["outcome"], "disclosed_in_part");

  // Encryption in force: an independent reader needs the password.
  std::string path = ReleasePath(*r);
  int rc = -1;
  Shell("qpdf --requires-password '" + path + "'", &rc);
  EXPECT_EQ(rc, 0);
  EXPECT_TRUE(Contains(Shell("qpdf --show-encryption --password=" + password + " '" + path + "'"), "AESv3"));
  EXPECT_FALSE(Contains(PdfText(path), "Case note"));
  std::string opened = PdfText(path, 0, password);
  EXPECT_TRUE(Contains(opened, "Case note about Ellie Carter"));
  EXPECT_TRUE(Contains(opened, "Page 1 of"));
  EXPECT_FALSE(Contains(opened, "Liam Hughes"));

  // The case is released through the workflow with what was sent.
  auto view = cases_->Get(ref_);
  ASSERT_TRUE(view.ok());
  const auto& rec = view->record;
  EXPECT_EQ(rec.status, casework::CaseStatus::kReleased);
  EXPECT_EQ(rec.outcome, casework::Outcome::kDisclosedInPart);
  ASSERT_TRUE(rec.release.has_value());
  EXPECT_EQ(rec.release->delivery, casework::Delivery::kPost);
  EXPECT_TRUE(Contains(rec.release->details, "RR123456785GB"));
  EXPECT_TRUE(Contains(rec.release->details, (*r)["file_sha256"].get<std::string>()));
  EXPECT_FALSE(rec.exemptions_applied.empty());
  EXPECT_TRUE(Contains(rec.communications.back().summary, "fee for paper copies 1000p"));

  // The password is stored only as a salted hash.
  RawDb db(path_);
  std::string hash = db.Text("SELECT password_hash FROM releases");
  EXPECT_FALSE(Contains(hash, password));
  EXPECT_TRUE(bundle::ReleasePasswordMatches(password, hash));
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE entity_id = '" + ref_ + "' AND action = 'release.create'"), 1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'release.deliver'"), 1);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%' AND after LIKE '%" + password + "%'"), 0);
  EXPECT_EQ(db.Int("SELECT fee_pence FROM release_deliveries"), 1000);

  auto listed = releases_->List(ref_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ((*listed)["releases"].size(), 1u);
  EXPECT_FALSE((*listed)["releases"][0].contains("password"));
  EXPECT_FALSE(Contains(listed->dump(), password));
  const auto& delivery = (*listed)["releases"][0]["deliveries"][0];
  EXPECT_EQ(delivery["route"], "post");
  EXPECT_EQ(delivery["delivered_by"], "ava");
  EXPECT_EQ(delivery["details"]["file_sha256"], (*r)["file_sha256"]);
  auto verified = admin_->VerifyAudit();
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok);
}

TEST_F(ReleaseServiceTest, BlockedUntilQaPassesWithTheReasonShown) {
  MoveTo("redacting");
  AddPdf("note.pdf", kCaseNote);
  RedactAll();
  Build();
  auto r = Release(kPost);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(r.status().message(), "QA has not passed")) << r.status().message();
  EXPECT_EQ(Get(ref_).record.status, casework::CaseStatus::kRedacting);
  RawDb db(path_);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM releases"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/cases/" + ref_ + "/releases") &&
               !std::filesystem::is_empty(dir_ + "/cases/" + ref_ + "/releases"));
}

TEST_F(ReleaseServiceTest, BlockedWhileAFlaggedDocumentHasNoSafeguardingMeeting) {
  ReadyForRelease();
  std::int64_t doc = 0;
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(ref_));
    doc = docs.at(0).id;
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) {
    return tx.PutSafeguardingFlag({ref_, doc, 0, "self_harm", 1, "detection", "2025-09-10T09:00:00Z"});
  }).ok());
  auto r = Release(kPost);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "safeguarding meeting")) << r.status().message();
}

TEST_F(ReleaseServiceTest, EachRouteRecordsItsOwnFacts) {
  ReadyForRelease();
  // Refused before anything is made.
  EXPECT_TRUE(Contains(Release({{"route", "collection"}, {"collected_by", "Ellie Carter"}, {"id_document", "passport"}})
                           .status().message(), "id_checked"));
  EXPECT_TRUE(Contains(Release({{"route", "post"}, {"medium", "encrypted_media"}, {"tracking_reference", "RR1"},
                                {"fee_pence", 500}}).status().message(), "only for paper"));
  EXPECT_TRUE(Contains(Release({{"route", "post"}, {"medium", "paper"}}).status().message(), "tracking_reference"));
  EXPECT_TRUE(Contains(Release({{"route", "supported_meeting"}, {"held_on", "2025-09-10"}}).status().message(),
                       "attendees"));
  EXPECT_EQ(Release({{"route", "pigeon"}}).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(releases_->Release(ref_, json::object(), "ava").status().code(), ErrorCode::kInvalidArgument);

  auto r = Release({{"route", "encrypted_email"}, {"to", "ellie@example.org"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string password = (*r)["password"];
  RawDb db(path_);
  std::string message = db.Text("SELECT message FROM outbox WHERE case_ref = '" + ref_ + "' ORDER BY id DESC LIMIT 1");
  EXPECT_TRUE(Contains(message, "ellie@example.org"));
  EXPECT_TRUE(Contains(message, "given to you separately"));
  EXPECT_FALSE(Contains(message, password));

  // A later delivery of the same release: a meeting with its attendees.
  auto met = releases_->Deliver(ref_, (*r)["id"].get<std::int64_t>(),
                                {{"route", "supported_meeting"}, {"held_on", "2025-09-10"},
                                 {"attendees", {"Ellie Carter", "ava (IG officer)", "support worker"}}},
                                "ava");
  ASSERT_TRUE(met.ok()) << met.status().ToString();
  EXPECT_EQ((*met)["details"]["attendees"].size(), 3u);
  auto future = releases_->Deliver(ref_, (*r)["id"].get<std::int64_t>(),
                                   {{"route", "supported_meeting"}, {"held_on", "2025-10-10"}, {"attendees", {"x"}}},
                                   "ava");
  EXPECT_TRUE(Contains(future.status().message(), "future"));
  auto collected = releases_->Deliver(ref_, (*r)["id"].get<std::int64_t>(),
                                      {{"route", "collection"}, {"collected_by", "Ellie Carter"}, {"id_checked", true},
                                       {"id_document", "passport"}, {"paper_copy", true}, {"fee_pence", 250}},
                                      "ava");
  ASSERT_TRUE(collected.ok()) << collected.status().ToString();
  auto listed = releases_->List(ref_);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)["releases"][0]["deliveries"].size(), 3u);
  EXPECT_EQ(releases_->Deliver(ref_, 99, {{"route", "secure_download"}}, "ava").status().code(), ErrorCode::kNotFound);
}

TEST_F(ReleaseServiceTest, EncryptedEmailCarriesTheFileButNeverThePassword) {
  ReadyForRelease();
  const std::string drop = dir_ + "/maildrop";
  auto mailer = mail::MakeFileDropMailer(drop);
  ctx_->mailer = mailer.get();
  auto r = Release({{"route", "encrypted_email"}, {"to", "ellie@example.org"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string password = (*r)["password"];
  auto sent = searches_->DispatchMail();
  ctx_->mailer = nullptr;
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->sent, 1);

  std::vector<fs::path> emls;
  for (const auto& e : fs::directory_iterator(drop))
    if (e.path().extension() == ".eml") emls.push_back(e.path());
  ASSERT_EQ(emls.size(), 1u);
  std::ifstream in(emls[0], std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto message = email::ParseMessage(raw);
  ASSERT_TRUE(message.ok()) << message.status().ToString();
  EXPECT_EQ(message->to, "ellie@example.org");
  EXPECT_TRUE(Contains(message->body, "given to you separately"));
  ASSERT_EQ(message->attachments.size(), 1u);
  const auto& attachment = message->attachments[0];
  EXPECT_EQ(attachment.content_type, "application/pdf");
  EXPECT_EQ(attachment.filename, ref_ + "-records.pdf");
  std::ifstream file(ReleasePath(*r), std::ios::binary);
  const std::string released((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(attachment.bytes, released);
  // The password is nowhere: not in the message as sent, not in its text.
  EXPECT_FALSE(Contains(raw, password));
  EXPECT_FALSE(Contains(message->body, password));
  EXPECT_FALSE(Contains(attachment.bytes, password));
  auto view = cases_->Get(ref_, false);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->record.release.has_value());
  EXPECT_TRUE(Contains(view->record.release->details, "attached to an email to ellie@example.org"));
  EXPECT_EQ(view->record.release->format, casework::Format::kElectronic);
}

TEST_F(ReleaseServiceTest, AFileTooLargeToEmailIsRefusedWithTheOtherRoutesNamed) {
  ReadyForRelease();
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    ctx_->settings.mail_max_attachment_mib = 0;  // below any file (the setting's own minimum is 1)
  }
  auto r = Release({{"route", "encrypted_email"}, {"to", "ellie@example.org"}});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "limit for email attachments")) << r.status().message();
  EXPECT_TRUE(Contains(r.status().message(), "secure_download"));
  RawDb db(path_);
  EXPECT_EQ(db.Text("SELECT count(*) FROM outbox WHERE case_ref = '" + ref_ + "'"), "0");
  EXPECT_FALSE(fs::exists(fs::path(bundles_->CaseFolder(ref_)) / "releases") &&
               !fs::is_empty(fs::path(bundles_->CaseFolder(ref_)) / "releases"));
}

TEST_F(ReleaseServiceTest, TheRequestersPreferredFormatIsBuiltAndRecorded) {
  ReadyForRelease();
  // The requester asked for an accessible PDF (seed 004): the next bundle
  // is tagged by default, and the release records the format supplied.
  ASSERT_TRUE(cases_->Mutate(ref_, "ava", "case.update", [](casework::CaseRecord& rec, store::Transaction&) {
                      rec.format = casework::Format::kAccessiblePdf;
                      return Status::Ok();
                    }).ok());
  json b = Build();
  EXPECT_EQ(b["options"]["format"], "accessible");
  auto r = Release(kPost);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string password = (*r)["password"];
  std::string info = Shell("pdfinfo -upw '" + password + "' '" + ReleasePath(*r) + "'");
  EXPECT_TRUE(Contains(info, "Tagged:          yes")) << info;  // still tagged once encrypted
  std::string text = PdfText(ReleasePath(*r), 0, password);
  EXPECT_TRUE(Contains(text, "Third party information"));  // redaction labels stay readable
  EXPECT_TRUE(Contains(text, "Your personal information"));
  EXPECT_TRUE(Contains(text, "Where we searched"));
  auto view = cases_->Get(ref_, false);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->record.release.has_value());
  EXPECT_EQ(view->record.release->format, casework::Format::kAccessiblePdf);
  EXPECT_TRUE(Contains(view->record.release->details, "as an accessible (tagged) PDF"));
  ASSERT_FALSE(view->record.exemptions_applied.empty());
  EXPECT_EQ(view->record.exemptions_applied[0].code, "third_party");
  EXPECT_GT(view->record.exemptions_applied[0].count, 0);
}

TEST_F(ReleaseServiceTest, SeveralVolumesGoAsAnEncryptedZip) {
  ASSERT_TRUE(admin_->UpdateSettings({{"bundle_volume_pages", 50}}, "cara").ok());
  std::vector<std::string> forty, thirty;
  for (int i = 0; i < 40; ++i) forty.push_back("Sheet " + std::to_string(i + 1) + " of file one.");
  for (int i = 0; i < 30; ++i) thirty.push_back("Sheet " + std::to_string(i + 1) + " of file two.");
  ReadyForRelease({forty, thirty});
  auto r = Release({{"route", "secure_download"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["kind"], "zip");
  std::string path = ReleasePath(*r);
  EXPECT_FALSE(bundle::ReadEncryptedZip(path, "wrong-password").ok());
  auto files = bundle::ReadEncryptedZip(path, (*r)["password"]);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].name, ref_ + "-bundle-volume-2-of-2.pdf");
  EXPECT_EQ((*files)[1].bytes.rfind("%PDF", 0), 0u);
  EXPECT_EQ(Get(ref_).record.release->delivery, casework::Delivery::kSecureDownload);
}

TEST_F(ReleaseServiceTest, AStaleBundleIsRefused) {
  ReadyForRelease();
  // A new redaction after the bundle (and QA) makes the bundle stale.
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto rows, tx.ListBundles(ref_));
    store::BundleRow old = rows.back();
    old.fingerprint = "an older set of decisions";
    return tx.InsertBundle(old).status();
  }).ok());
  auto r = Release(kPost);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "build the bundle again")) << r.status().message();
}

}  // namespace
}  // namespace sardesk::service::testing
