// Rotating the data folder's key (issue 8, docs/storage.md): real SQLite
// files and real sealed blob folders; an interruption is a child process
// killed with SIGKILL part way through.
#include "store/key_rotation.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypt/sealed.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

namespace sardesk::store {
namespace {

namespace fs = std::filesystem;

constexpr char kSecret[] = "Kelly Morgan phoned about Ellie Carter at 12 Acacia Road";
constexpr int kFiles = 5;

std::string FileText(int i) { return "%PDF-1.4 stored file " + std::to_string(i) + " of " + kSecret; }

class KeyRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sardesk_rotate_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    MakeFolder();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Db() const { return (dir_ / "sardesk.db").string(); }
  std::unique_ptr<BlobStore> Blobs(const crypt::DataKey& key) {
    return MakeEncryptedBlobStore((dir_ / "blobs").string(), key, (dir_ / "tmp" / "plain").string());
  }

  // A data folder under old_: stored files, a page, a redaction, a rule, a
  // letter and a council sign-in under way, all sealed.
  void MakeFolder() {
    auto blobs = Blobs(old_);
    for (int i = 0; i < kFiles; ++i) {
      auto sha = blobs->Put(FileText(i));
      ASSERT_TRUE(sha.ok()) << sha.status().ToString();
      shas_.push_back(*sha);
    }
    auto opened = OpenSqliteStore(Db(), &old_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Status made = (*opened)->Write([&](Transaction& tx) -> Status {
      audit::AuditEntry e;
      e.at = "2025-09-10T12:00:00.000Z";
      e.actor = "ava";
      e.action = "case.create";
      e.entity = "case";
      e.entity_id = "SAR-2025-000001";
      e.before = "{}";
      e.after = "{}";
      SARDESK_ASSIGN_OR_RETURN(auto appended, tx.AppendAudit(e));
      CaseRow c;
      c.reference = "SAR-2025-000001";
      c.version = 1;
      c.status = "received";
      c.route = "sar";
      c.received = "2025-09-10";
      c.audit_seq = appended.seq;
      c.updated_at = e.at;
      c.document = "{}";
      SARDESK_RETURN_IF_ERROR(tx.InsertCase(c));
      DocumentRow d;
      d.case_ref = "SAR-2025-000001";
      d.filename = "notes.pdf";
      d.media_type = "application/pdf";
      d.sha256 = shas_[0];
      d.pdf_sha256 = shas_[0];
      d.uploaded_by = "ava";
      d.uploaded_at = "2025-09-10T12:00:00.000Z";
      SARDESK_ASSIGN_OR_RETURN(auto id, tx.InsertDocument(d));
      PageRow p;
      p.document_id = id;
      p.case_ref = d.case_ref;
      p.text = kSecret;
      p.words_json = "[[\"Kelly\",1,2,3,4]]";
      p.text_sha256 = std::string(64, 'b');
      SARDESK_RETURN_IF_ERROR(tx.PutPage(p));
      RedactionRow red;
      red.case_ref = d.case_ref;
      red.document_id = id;
      red.text = "Kelly Morgan";
      red.category = "name";
      red.party = "third_party";
      red.source = "detection";
      red.status = "proposed";
      red.proposed_by = "ava";
      red.proposed_at = d.uploaded_at;
      SARDESK_RETURN_IF_ERROR(tx.InsertRedaction(red).status());
      RedactionRuleRow rule;
      rule.case_ref = d.case_ref;
      rule.text = "Kelly Morgan";
      rule.action = "redact";
      rule.created_by = "ava";
      rule.created_at = d.uploaded_at;
      SARDESK_RETURN_IF_ERROR(tx.InsertRedactionRule(rule).status());
      LetterRow letter;
      letter.case_ref = d.case_ref;
      letter.kind = "acknowledgement";
      letter.subject = "Your request";
      letter.text = kSecret;
      letter.route = "post";
      letter.sent_at = d.uploaded_at;
      letter.sent_by = "ava";
      SARDESK_RETURN_IF_ERROR(tx.InsertLetter(letter).status());
      OutboxRow mail;
      mail.created_at = d.uploaded_at;
      mail.case_ref = d.case_ref;
      mail.message = std::string(R"({"subject":"Your request","body":")") + kSecret + "\"}";
      SARDESK_RETURN_IF_ERROR(tx.EnqueueMail(mail).status());
      return tx.InsertOidcPending({"digest-of-a-state", "the-nonce", "the-verifier", 1757505600});
    });
    ASSERT_TRUE(made.ok()) << made.ToString();
    opened->reset();
    // A message queued before the mail queue was sealed (migration 14): plain.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(Db().c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "INSERT INTO outbox (created_at, case_ref, message) VALUES "
                           "('2025-09-01T09:00:00.000Z', 'SAR-2025-000001', '{\"body\":\"legacy note of Acacia Road\"}')",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }

  // Everything the folder holds, read through the store with `key`.
  void ExpectReadableWith(const crypt::DataKey& key) {
    auto opened = OpenSqliteStore(Db(), &key);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ASSERT_TRUE((*opened)->Write([&](Transaction& tx) -> Status {
      PageQuery q;
      q.case_ref = "SAR-2025-000001";
      q.with_text = true;
      SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
      EXPECT_EQ(pages.at(0).text, kSecret);
      EXPECT_EQ(pages.at(0).words_json, "[[\"Kelly\",1,2,3,4]]");
      RedactionQuery rq;
      rq.case_ref = "SAR-2025-000001";
      SARDESK_ASSIGN_OR_RETURN(auto reds, tx.ListRedactions(rq));
      EXPECT_EQ(reds.at(0).text, "Kelly Morgan");
      SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules("SAR-2025-000001"));
      EXPECT_EQ(rules.at(0).text, "Kelly Morgan");
      SARDESK_ASSIGN_OR_RETURN(auto letters, tx.ListLetters("SAR-2025-000001"));
      EXPECT_EQ(letters.at(0).text, kSecret);
      SARDESK_ASSIGN_OR_RETURN(auto mail, tx.ListMail("", "", 10));
      EXPECT_EQ(mail.size(), 2u);
      if (mail.size() == 2) {
        EXPECT_NE(mail[0].message.find("Acacia"), std::string::npos);
        EXPECT_EQ(mail[1].message, "{\"body\":\"legacy note of Acacia Road\"}");
      }
      SARDESK_ASSIGN_OR_RETURN(auto pending, tx.TakeOidcPending("digest-of-a-state"));
      EXPECT_TRUE(pending && pending->verifier == "the-verifier" && pending->nonce == "the-nonce");
      return Status::Invalid("rolled back: the test only reads");
    }).code() == ErrorCode::kInvalidArgument);
    auto blobs = Blobs(key);
    for (int i = 0; i < kFiles; ++i) {
      auto bytes = blobs->Read(shas_[static_cast<std::size_t>(i)], 1 << 20);
      ASSERT_TRUE(bytes.ok()) << i << ": " << bytes.status().ToString();
      EXPECT_EQ(*bytes, FileText(i));
      auto plain = blobs->PathOf(shas_[static_cast<std::size_t>(i)]);  // the path libraries open
      ASSERT_TRUE(plain.ok()) << plain.status().ToString();
    }
  }

  // How many stored files `key` opens.
  int FilesOpenedBy(const crypt::DataKey& key) {
    int n = 0;
    for (const auto& sha : shas_)
      n += crypt::OpenSealedFile(key, (dir_ / "blobs" / sha.substr(0, 2) / sha.substr(2)).string(), 1 << 20).ok();
    return n;
  }

  fs::path dir_;
  crypt::DataKey old_ = crypt::DataKey::Generate();
  crypt::DataKey new_ = crypt::DataKey::Generate();
  std::vector<std::string> shas_;
};

TEST_F(KeyRotationTest, AfterwardsOnlyTheNewKeyOpensTheFolder) {
  auto report = RotateDataKey(dir_.string(), old_, new_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->resumed);
  EXPECT_EQ(report->files_resealed, kFiles);
  // Page text and words, redaction, rule, letter, two messages (one plain
  // until now), nonce, verifier.
  EXPECT_EQ(report->values_resealed, 9);
  auto refused = OpenSqliteStore(Db(), &old_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "the encryption key does not open this data folder: give the key it was made with");
  EXPECT_EQ(FilesOpenedBy(old_), 0);
  EXPECT_FALSE(Blobs(old_)->Read(shas_[0], 1 << 20).ok());
  ExpectReadableWith(new_);
}

TEST_F(KeyRotationTest, ACrashPartWayIsFinishedByRunningItAgain) {
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Killed after two files, as by the power going or kill -9.
    (void)RotateDataKey(dir_.string(), old_, new_, [](std::int64_t done) {
      if (done == 2) ::raise(SIGKILL);
      return Status::Ok();
    });
    ::_exit(3);  // not reached: the rotation must have called the hook
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  // Nothing lost: two files under the new key, the rest and the database
  // under the old; nothing else may open the folder until it is finished.
  EXPECT_EQ(FilesOpenedBy(new_), 2);
  EXPECT_EQ(FilesOpenedBy(old_), kFiles - 2);
  auto meanwhile = OpenSqliteStore(Db(), &old_);
  ASSERT_FALSE(meanwhile.ok());
  EXPECT_NE(meanwhile.status().message().find("key rotation of this data folder was interrupted"), std::string::npos)
      << meanwhile.status().message();
  EXPECT_FALSE(OpenSqliteStore(Db(), &new_).ok());

  auto report = RotateDataKey(dir_.string(), old_, new_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->resumed);
  EXPECT_EQ(report->files_already, 2);
  EXPECT_EQ(report->files_resealed, kFiles - 2);
  EXPECT_FALSE(OpenSqliteStore(Db(), &old_).ok());
  ExpectReadableWith(new_);
}

TEST_F(KeyRotationTest, AnInterruptedRotationIsFinishedOnlyWithItsOwnNewKey) {
  auto stopped = RotateDataKey(dir_.string(), old_, new_, [](std::int64_t done) {
    return done == 1 ? Status::Internal("injected failure") : Status::Ok();
  });
  ASSERT_FALSE(stopped.ok());
  crypt::DataKey third = crypt::DataKey::Generate();
  auto other = RotateDataKey(dir_.string(), old_, third);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("different new key"), std::string::npos) << other.status().message();
  EXPECT_EQ(FilesOpenedBy(third), 0);
  auto finished = RotateDataKey(dir_.string(), old_, new_);
  ASSERT_TRUE(finished.ok()) << finished.status().ToString();
  ExpectReadableWith(new_);
}

TEST_F(KeyRotationTest, RefusesAWrongOldKeyTheSameKeyAndADoneRotation) {
  crypt::DataKey stranger = crypt::DataKey::Generate();
  auto wrong = RotateDataKey(dir_.string(), stranger, new_);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("does not open this data folder"), std::string::npos);
  EXPECT_EQ(FilesOpenedBy(old_), kFiles);  // nothing changed
  auto same = RotateDataKey(dir_.string(), old_, old_);
  ASSERT_FALSE(same.ok());
  EXPECT_NE(same.status().message().find("the new key is the key in use"), std::string::npos);
  ASSERT_TRUE(RotateDataKey(dir_.string(), old_, new_).ok());
  auto again = RotateDataKey(dir_.string(), old_, new_);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("already encrypted with the new key"), std::string::npos);
  ExpectReadableWith(new_);
}

TEST_F(KeyRotationTest, NoPlaintextIsLeftInTheFolder) {
  ASSERT_TRUE(RotateDataKey(dir_.string(), old_, new_).ok());
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str().find("Acacia"), std::string::npos) << e.path();
    EXPECT_EQ(ss.str().find("the-verifier"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().string().find(".rotating"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace sardesk::store
