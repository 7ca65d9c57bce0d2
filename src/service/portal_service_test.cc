#include "service/portal_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "mail/mailer.h"
#include "mail/sms.h"
#include "service/bundle_release_test_support.h"

namespace sardesk::service::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PortalServiceTest : public BundleTest {
 protected:
  void SetUp() override {
    BundleTest::SetUp();
    mailer_ = mail::MakeFileDropMailer(dir_ + "/outbox");
    ctx_->mailer = mailer_.get();
    sms_ = mail::MakeFileDropSms(dir_ + "/sms");
    MakePortal({});
  }
  void TearDown() override {
    portal_.reset();
    BundleTest::TearDown();
  }

  void MakePortal(PortalOptions options) {
    portal_ = std::make_unique<PortalService>(ctx_.get(), cases_.get(), releases_.get(), blobs_.get(), sms_.get(),
                                              auth::HashStrength::kMinimal, options);
  }

  // The code in the newest message in a drop folder ("" when none); the
  // messages read are removed, so each call sees only new ones.
  std::string TakeCode(const std::string& folder = "outbox") {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_ + "/" + folder, ec))
      if (e.path().filename().string()[0] != '.') files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::string code;
    for (const auto& f : files) {
      std::smatch m;
      std::string text = ReadAll(f);
      if (std::regex_search(text, m, std::regex(R"(code is (\d{6}))"))) code = m[1];
      fs::remove(f);
    }
    return code;
  }

  PortalSession SignInAs(const std::string& email) {
    Status sent = portal_->SendSignInCode(email, "192.0.2.1");
    EXPECT_TRUE(sent.ok()) << sent.ToString();
    auto in = portal_->SignIn(email, TakeCode(), "192.0.2.1");
    EXPECT_TRUE(in.ok()) << in.status().ToString();
    if (!in.ok()) return {};
    auto session = portal_->Authenticate(in->token);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() ? *session : PortalSession{};
  }

  // A case redacted by ava, passed by ben in QA, released for secure download.
  std::int64_t ReleaseForDownload() {
    MoveTo("redacting");
    AddPdf("record-1.pdf", kCaseNote);
    RedactAll();
    Transition(ref_, {{"to", "qa"}});
    EXPECT_TRUE(qa_->Sample(ref_, json::object(), "ben").ok());
    auto passed = qa_->Pass(ref_, json::object(), "ben");
    EXPECT_TRUE(passed.ok()) << passed.status().ToString();
    Build();
    auto r = releases_->Release(ref_, {{"delivery", {{"route", "secure_download"}}}}, "ava");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["id"].get<std::int64_t>() : 0;
  }

  // A link token for `who` (signed in, linked to ref_) to release `id`.
  std::string LinkToken(const PortalSession& who, std::int64_t id) {
    Status sent = portal_->SendDownloadCode(who, ref_, id, "email");
    EXPECT_TRUE(sent.ok()) << sent.ToString();
    auto link = portal_->IssueDownloadLink(who, ref_, id, TakeCode());
    EXPECT_TRUE(link.ok()) << link.status().ToString();
    return link.ok() ? (*link)["token"].get<std::string>() : "";
  }

  std::int64_t Count(const std::string& sql) {
    RawDb db(path_);
    return db.Int(sql);
  }

  json Request(const PortalSession& who, const std::string& ref) {
    auto r = portal_->Request(who, ref);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<mail::SmsSender> sms_;
  std::unique_ptr<PortalService> portal_;
};

const json kOnlineRequest = {{"subject", {{"name", "Sam Requester"}, {"dob", "1990-02-03"}}},
                             {"information_requested", "My records from when I was in care"}};

// --- Signing in with a one-time code.

TEST_F(PortalServiceTest, ASignInCodeIsMailedAndKeptOnlyAsAHash) {
  ASSERT_TRUE(portal_->SendSignInCode("Sam@Example.org", "192.0.2.1").ok());
  std::string code = TakeCode();
  ASSERT_EQ(code.size(), 6u);
  RawDb db(path_);
  std::string stored = db.Text("SELECT code_hash FROM portal_codes");
  EXPECT_EQ(stored.rfind("$argon2id$", 0), 0u) << stored;
  EXPECT_EQ(stored.find(code), std::string::npos);
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM portal_codes WHERE key LIKE '%example.org%'"), 0);  // keys are digests
}

TEST_F(PortalServiceTest, ACodeWorksOnce) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  std::string code = TakeCode();
  auto first = portal_->SignIn("sam@example.org", code, "192.0.2.1");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto again = portal_->SignIn("sam@example.org", code, "192.0.2.1");
  EXPECT_EQ(again.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_sessions"), 1);
}

TEST_F(PortalServiceTest, ACodeExpires) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  std::string code = TakeCode();
  time_.Advance(1);
  EXPECT_EQ(portal_->SignIn("sam@example.org", code, "192.0.2.1").status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_sessions"), 0);
}

TEST_F(PortalServiceTest, ACodeForOneAddressDoesNotSignInAnother) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  std::string code = TakeCode();
  EXPECT_EQ(portal_->SignIn("kim@example.org", code, "192.0.2.1").status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(PortalServiceTest, FiveWrongTriesVoidTheCode) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  std::string code = TakeCode();
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(portal_->SignIn("sam@example.org", wrong, "192.0.2.1").status().code(), ErrorCode::kUnauthenticated);
  auto right = portal_->SignIn("sam@example.org", code, "192.0.2.1");
  EXPECT_FALSE(right.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_codes"), 0);
}

TEST_F(PortalServiceTest, RepeatedFailuresLockTheAddressOutEvenWithTheRightCode) {
  for (int i = 0; i < 6; ++i) (void)portal_->SignIn("sam@example.org", "123456", "192.0.2.1");
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  auto right = portal_->SignIn("sam@example.org", TakeCode(), "192.0.2.1");
  EXPECT_EQ(right.status().code(), ErrorCode::kThrottled) << right.status().ToString();
}

TEST_F(PortalServiceTest, AskingForCodesIsThrottled) {
  Status st;
  int sent = 0;
  for (int i = 0; i < 10 && st.ok(); ++i) {
    st = portal_->SendSignInCode("sam@example.org", "192.0.2.1");
    if (st.ok()) ++sent;
  }
  EXPECT_EQ(st.code(), ErrorCode::kThrottled);
  EXPECT_LE(sent, 6);
}

TEST_F(PortalServiceTest, AMalformedAddressIsRefused) {
  EXPECT_EQ(portal_->SendSignInCode("sam@example.org\r\nBcc: x@y", "192.0.2.1").code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(portal_->SendSignInCode("not an address", "192.0.2.1").code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(TakeCode().empty());
}

TEST_F(PortalServiceTest, SessionsAreKeptAsDigestsAndSignOutEndsThem) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  auto in = portal_->SignIn("sam@example.org", TakeCode(), "192.0.2.1");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_sessions WHERE token_hash = '" + in->token + "'"), 0);
  ASSERT_TRUE(portal_->Authenticate(in->token).ok());
  ASSERT_TRUE(portal_->SignOut(in->token).ok());
  EXPECT_EQ(portal_->Authenticate(in->token).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(portal_->Authenticate("a-guessed-token").status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(PortalServiceTest, AnIdleSessionEnds) {
  ASSERT_TRUE(portal_->SendSignInCode("sam@example.org", "192.0.2.1").ok());
  auto in = portal_->SignIn("sam@example.org", TakeCode(), "192.0.2.1");
  ASSERT_TRUE(in.ok());
  time_.Advance(1);
  EXPECT_EQ(portal_->Authenticate(in->token).status().code(), ErrorCode::kUnauthenticated);
}

// --- Requests, and only one's own.

TEST_F(PortalServiceTest, ARequestMadeOnlineIsLinkedToItsMaker) {
  PortalSession sam = SignInAs("sam@example.org");
  auto made = portal_->MakeRequest(sam, kOnlineRequest);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  std::string ref = (*made)["reference"];
  EXPECT_EQ((*made)["status"], "received");
  EXPECT_FALSE((*made)["progress"].get<std::string>().empty());
  // Identity is not yet confirmed, so the clock has not started: it says so.
  EXPECT_TRUE((*made)["due"].is_null());
  EXPECT_TRUE(Contains((*made)["due_note"], "confirmed who you are"));
  EXPECT_TRUE((*made)["identity_needed"].get<bool>());
  auto view = cases_->Get(ref);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->record.channel, casework::Channel::kWebForm);
  EXPECT_EQ(view->record.requester.email, "sam@example.org");
  auto mine = portal_->MyRequests(sam);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ((*mine)["requests"].size(), 1u);
  EXPECT_EQ((*mine)["requests"][0]["reference"], ref);
}

TEST_F(PortalServiceTest, ARequestNeedsItsFieldsAndRefusesUnknownOnes) {
  PortalSession sam = SignInAs("sam@example.org");
  json no_name = kOnlineRequest;
  no_name["subject"].erase("name");
  EXPECT_EQ(portal_->MakeRequest(sam, no_name).status().code(), ErrorCode::kInvalidArgument);
  json extra = kOnlineRequest;
  extra["assigned_officer"] = "ava";
  EXPECT_EQ(portal_->MakeRequest(sam, extra).status().code(), ErrorCode::kInvalidArgument);
  json for_someone = kOnlineRequest;
  for_someone["requester"] = {{"relationship", "solicitor"}};
  EXPECT_EQ(portal_->MakeRequest(sam, for_someone).status().code(), ErrorCode::kInvalidArgument);
  auto mine = portal_->MyRequests(sam);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ((*mine)["requests"].size(), 0u);
}

TEST_F(PortalServiceTest, NobodySeesAnotherRequestersRequest) {
  PortalSession sam = SignInAs("sam@example.org");
  PortalSession kim = SignInAs("kim@example.org");
  auto made = portal_->MakeRequest(sam, kOnlineRequest);
  ASSERT_TRUE(made.ok());
  std::string ref = (*made)["reference"];
  EXPECT_EQ(portal_->Request(kim, ref).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->Request(kim, ref_).status().code(), ErrorCode::kNotFound);  // an officer's case, unlinked
  EXPECT_EQ(portal_->Request(kim, "SAR-2099-000001").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->AnswerClarification(kim, ref, 1, {{"answer", "x"}}).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->Upload(kim, ref, "identity", "id.pdf", "%PDF-").status().code(), ErrorCode::kNotFound);
  auto theirs = portal_->MyRequests(kim);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ((*theirs)["requests"].size(), 0u);
}

TEST_F(PortalServiceTest, AnOfficerLinksAPaperRequestToAnAccount) {
  auto linked = portal_->LinkCase(ref_, "Eve@Example.org", "ava");
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_EQ((*linked)["accounts"][0]["email"], "eve@example.org");
  PortalSession eve = SignInAs("eve@example.org");
  auto mine = portal_->MyRequests(eve);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ((*mine)["requests"].size(), 1u);
  EXPECT_EQ((*mine)["requests"][0]["reference"], ref_);
  EXPECT_EQ((*mine)["requests"][0]["due"], Str(Get(ref_).clock.due));  // the officer's case has its clock running
  EXPECT_EQ(portal_->LinkCase("SAR-2099-000001", "eve@example.org", "ava").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.portal_link'"), 1);
}

TEST_F(PortalServiceTest, TheRequesterAnswersAClarificationOnce) {
  ASSERT_TRUE(cases_->RequestClarification(ref_, {{"question", "Which years do you mean?"}}, "ava").ok());
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  json before = Request(eve, ref_);
  ASSERT_EQ(before["clarifications"].size(), 1u);
  EXPECT_EQ(before["clarifications"][0]["question"], "Which years do you mean?");
  EXPECT_TRUE(before["clarifications"][0]["answered_on"].is_null());
  std::int64_t id = before["clarifications"][0]["id"];
  auto answered = portal_->AnswerClarification(eve, ref_, id, {{"answer", "2005 to 2010"}});
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  EXPECT_EQ((*answered)["clarifications"][0]["answer"], "2005 to 2010");
  EXPECT_FALSE(portal_->AnswerClarification(eve, ref_, id, {{"answer", "again"}}).ok());
  EXPECT_EQ(Get(ref_).record.clarifications[0].answer_summary, "2005 to 2010");
}

// --- Uploads.

TEST_F(PortalServiceTest, AnIdentityDocumentIsKeptAndListed) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  auto up = portal_->Upload(eve, ref_, "identity", "passport.pdf", "%PDF-1.4 passport");
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  EXPECT_EQ(Request(eve, ref_)["uploads"][0]["file_name"], "passport.pdf");
  auto file = portal_->UploadedFile(ref_, (*up)["id"], "ava");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->first, "%PDF-1.4 passport");
}

TEST_F(PortalServiceTest, AnOfficerTakingAnUploadIsAuditedAsADownloadWithItsId) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  auto up = portal_->Upload(eve, ref_, "identity", "passport.pdf", "%PDF-1.4 passport");
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  std::int64_t id = (*up)["id"];
  ASSERT_TRUE(portal_->UploadedFile(ref_, id, "ava").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download' AND actor = 'ava' AND entity = "
                  "'case_access' AND entity_id = '" + ref_ + "' AND json_extract(after, '$.upload_id') = " +
                  std::to_string(id)),
            1);
  // References and ids only: not the file's name.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download' AND after LIKE '%passport%'"), 0);
  // A missing upload is not audited as taken.
  EXPECT_FALSE(portal_->UploadedFile(ref_, id + 99, "ava").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 1);
}

TEST_F(PortalServiceTest, TheRequesterLookingAtTheirRequestsIsAudited) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  const std::string actor = PortalService::ActorFor(eve.account_id);
  ASSERT_TRUE(portal_->MyRequests(eve).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view' AND actor = '" + actor +
                  "' AND entity_id = '" + ref_ + "' AND after LIKE '%portal list%'"),
            1);
  ASSERT_TRUE(portal_->Request(eve, ref_).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view' AND actor = '" + actor +
                  "' AND entity_id = '" + ref_ + "' AND after LIKE '%portal request%'"),
            1);
  // Someone else's request: refused, and no look recorded.
  PortalSession kim = SignInAs("kim@example.org");
  EXPECT_FALSE(portal_->Request(kim, ref_).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.view'"), 2);
}

TEST_F(PortalServiceTest, UploadsWithPathsInTheirNamesAreRefusedAndNothingIsKept) {
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  for (const char* name : {"../../etc/passwd", "..\\..\\boot.ini", "/etc/passwd", "a/../b.pdf", ".hidden", "id\n.pdf", ""})
    EXPECT_EQ(portal_->Upload(eve, ref_, "identity", name, "bytes").status().code(), ErrorCode::kInvalidArgument) << name;
  EXPECT_EQ(portal_->Upload(eve, ref_, "passport", "id.pdf", "bytes").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(portal_->Upload(eve, ref_, "identity", "id.pdf", "").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_uploads"), 0);
  EXPECT_FALSE(fs::exists(fs::path(dir_).parent_path() / "etc"));
}

TEST_F(PortalServiceTest, OversizeUploadsAreRefused) {
  PortalOptions small;
  small.max_upload_bytes = 1024;
  MakePortal(small);
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  EXPECT_EQ(portal_->Upload(eve, ref_, "identity", "big.pdf", std::string(1025, 'x')).status().code(),
            ErrorCode::kTooLarge);
  EXPECT_TRUE(portal_->Upload(eve, ref_, "identity", "ok.pdf", std::string(1024, 'x')).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_uploads"), 1);
}

// --- Downloading the release.

TEST_F(PortalServiceTest, TheReleaseDownloadsOnceWithACodeAndIsAudited) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_GT(id, 0);
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  json view = Request(eve, ref_);
  ASSERT_EQ(view["downloads"].size(), 1u);
  EXPECT_TRUE(view["downloads"][0]["available"].get<bool>());
  EXPECT_EQ(view.dump().find("password\":"), std::string::npos);  // never the password
  std::int64_t deliveries = Count("SELECT COUNT(*) FROM release_deliveries");

  std::string token = LinkToken(eve, id);
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_downloads WHERE token_hash = '" + token + "'"), 0);  // a digest
  auto file = portal_->Download(eve, token);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  int rc = -1;
  Shell("qpdf --requires-password '" + file->path + "'", &rc);
  EXPECT_EQ(rc, 0);  // still encrypted: the password comes separately
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download' AND entity_id = '" + ref_ + "'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM release_deliveries"), deliveries + 1);

  // The same link a second time: refused, and nothing more recorded.
  EXPECT_EQ(portal_->Download(eve, token).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM release_deliveries"), deliveries + 1);
}

TEST_F(PortalServiceTest, GuessedAndOtherPeoplesTokensAreRefusedAndChangeNothing) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  PortalSession kim = SignInAs("kim@example.org");
  std::string token = LinkToken(eve, id);
  EXPECT_EQ(portal_->Download(eve, auth::RandomToken()).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->Download(eve, "").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->Download(kim, token).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_downloads WHERE used_at <> 0"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'case.download'"), 0);
  // Kim cannot ask for a code or a link on Eve's request either.
  EXPECT_EQ(portal_->SendDownloadCode(kim, ref_, id, "email").code(), ErrorCode::kNotFound);
  EXPECT_EQ(portal_->IssueDownloadLink(kim, ref_, id, "123456").status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(portal_->Download(eve, token).ok());  // Eve's link still works
}

TEST_F(PortalServiceTest, AnExpiredLinkIsRefused) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  std::string token = LinkToken(eve, id);
  time_.Advance(1);  // the link lives an hour
  EXPECT_EQ(portal_->Download(eve, token).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_downloads WHERE used_at <> 0"), 0);
}

TEST_F(PortalServiceTest, AWrongDownloadCodeIssuesNoLink) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  ASSERT_TRUE(portal_->SendDownloadCode(eve, ref_, id, "email").ok());
  std::string code = TakeCode();
  std::string wrong = code == "000000" ? "111111" : "000000";
  EXPECT_EQ(portal_->IssueDownloadLink(eve, ref_, id, wrong).status().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM portal_downloads"), 0);
  EXPECT_TRUE(portal_->IssueDownloadLink(eve, ref_, id, code).ok());
  EXPECT_FALSE(portal_->IssueDownloadLink(eve, ref_, id, code).ok());  // the code was used
}

TEST_F(PortalServiceTest, TheDownloadIsOfferedOnlyForTheDownloadPeriod) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  time_.Advance(8);  // past the default 7 days
  PortalSession eve = SignInAs("eve@example.org");
  EXPECT_FALSE(Request(eve, ref_)["downloads"][0]["available"].get<bool>());
  EXPECT_EQ(portal_->SendDownloadCode(eve, ref_, id, "email").code(), ErrorCode::kNotFound);
}

TEST_F(PortalServiceTest, TheDownloadCodeGoesByTextMessageToTheRequestersPhone) {
  std::int64_t id = ReleaseForDownload();
  ASSERT_TRUE(portal_->LinkCase(ref_, "eve@example.org", "ava").ok());
  PortalSession eve = SignInAs("eve@example.org");
  EXPECT_EQ(portal_->SendDownloadCode(eve, ref_, id, "sms").code(), ErrorCode::kFailedPrecondition);  // no phone yet
  auto patched = cases_->Update(ref_, {{"requester", {{"phone", "07700 900123"}}}}, std::nullopt, "ava");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  ASSERT_TRUE(portal_->SendDownloadCode(eve, ref_, id, "sms").ok());
  std::string code = TakeCode("sms");
  ASSERT_EQ(code.size(), 6u);
  EXPECT_TRUE(portal_->IssueDownloadLink(eve, ref_, id, code).ok());
}

}  // namespace
}  // namespace sardesk::service::testing
