// Encryption at rest and retention in the store (issue 8): real SQLite
// files and real blob folders, inspected byte by byte behind the store's back.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/sha256.h"
#include "crypt/sealed.h"
#include "store/blob_store.h"
#include "store/sqlite_store.h"

namespace sardesk::store {
namespace {

namespace fs = std::filesystem;

constexpr char kSecret[] = "Kelly Morgan phoned about Ellie Carter at 12 Acacia Road";

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Everything on disk under `dir`, concatenated: the database, its WAL, blobs.
std::string AllBytes(const fs::path& dir) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) all += Slurp(e.path());
  return all;
}

class EncryptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sardesk_enc_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "sardesk.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open(const crypt::DataKey* key) {
    auto s = OpenSqliteStore(db_, key);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? std::move(*s) : nullptr;
  }

  // A case with one document, one page of kSecret and one redaction of it.
  void AddCaseWithPage(Store& store, const std::string& ref, const std::string& blob_sha) {
    ASSERT_TRUE(store.Write([&](Transaction& tx) -> Status {
      audit::AuditEntry e;
      e.at = "2025-09-10T12:00:00.000Z";
      e.actor = "ava";
      e.action = "case.create";
      e.entity = "case";
      e.entity_id = ref;
      e.before = "{}";
      e.after = "{}";
      SARDESK_ASSIGN_OR_RETURN(auto appended, tx.AppendAudit(e));
      CaseRow r;
      r.reference = ref;
      r.version = 1;
      r.status = "closed";
      r.route = "sar";
      r.received = "2019-01-10";
      r.audit_seq = appended.seq;
      r.updated_at = e.at;
      r.document = "{}";
      SARDESK_RETURN_IF_ERROR(tx.InsertCase(r));
      DocumentRow d;
      d.case_ref = ref;
      d.filename = "Ellie Carter notes.pdf";
      d.media_type = "application/pdf";
      d.sha256 = blob_sha;
      d.pdf_sha256 = blob_sha;
      d.uploaded_by = "ava";
      d.uploaded_at = e.at;
      SARDESK_ASSIGN_OR_RETURN(auto id, tx.InsertDocument(d));
      PageRow p;
      p.document_id = id;
      p.case_ref = ref;
      p.text = kSecret;
      p.words_json = "[[\"Kelly\",1,2,3,4],[\"Morgan\",5,6,7,8]]";
      p.text_sha256 = std::string(64, 'b');
      SARDESK_RETURN_IF_ERROR(tx.PutPage(p));
      RedactionRow red;
      red.case_ref = ref;
      red.document_id = id;
      red.page_index = 0;
      red.text = "Kelly Morgan";
      red.category = "name";
      red.party = "third_party";
      red.source = "detection";
      red.status = "proposed";
      red.proposed_by = "ava";
      red.proposed_at = e.at;
      SARDESK_RETURN_IF_ERROR(tx.InsertRedaction(red).status());
      RedactionRuleRow rule;
      rule.case_ref = ref;
      rule.text = "Kelly Morgan";
      rule.action = "redact";
      rule.created_by = "ava";
      rule.created_at = e.at;
      SARDESK_RETURN_IF_ERROR(tx.InsertRedactionRule(rule).status());
      LetterRow letter;
      letter.case_ref = ref;
      letter.kind = "acknowledgement";
      letter.subject = "Your request";
      letter.text = kSecret;
      letter.route = "post";
      letter.sent_at = e.at;
      letter.sent_by = "ava";
      return tx.InsertLetter(letter).status();
    }).ok());
  }

  fs::path dir_;
  std::string db_;
  crypt::DataKey key_ = crypt::DataKey::Generate();
};

TEST_F(EncryptionTest, PageTextIsNotInTheDatabaseFileOrItsWal) {
  auto store = Open(&key_);
  ASSERT_TRUE(store);
  AddCaseWithPage(*store, "SAR-2019-000001", std::string(64, 'a'));
  // Before any checkpoint the rows are in the WAL; look at both.
  std::string raw = AllBytes(dir_);
  EXPECT_EQ(raw.find("Kelly"), std::string::npos);
  EXPECT_EQ(raw.find("Acacia"), std::string::npos);
  ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
    PageQuery q;
    q.case_ref = "SAR-2019-000001";
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    EXPECT_EQ(pages.at(0).text, kSecret);
    EXPECT_NE(pages.at(0).words_json.find("Morgan"), std::string::npos);
    RedactionQuery rq;
    rq.case_ref = "SAR-2019-000001";
    SARDESK_ASSIGN_OR_RETURN(auto reds, tx.ListRedactions(rq));
    EXPECT_EQ(reds.at(0).text, "Kelly Morgan");
    SARDESK_ASSIGN_OR_RETURN(auto one, tx.FindRedaction(reds.at(0).id));
    EXPECT_EQ(one->text, "Kelly Morgan");
    SARDESK_ASSIGN_OR_RETURN(auto rules, tx.ListRedactionRules("SAR-2019-000001"));
    EXPECT_EQ(rules.at(0).text, "Kelly Morgan");
    SARDESK_ASSIGN_OR_RETURN(auto letters, tx.ListLetters("SAR-2019-000001"));
    EXPECT_EQ(letters.at(0).text, kSecret);
    SARDESK_ASSIGN_OR_RETURN(auto letter, tx.FindLetter(letters.at(0).id));
    EXPECT_EQ(letter->text, kSecret);
    return Status::Ok();
  }).ok());
  store.reset();  // closing checkpoints the WAL into the database file
  EXPECT_EQ(AllBytes(dir_).find("Kelly"), std::string::npos);
}

// The mail queue keeps every message sent or waiting (letters' text, codes):
// sealed like the letters themselves (docs/storage.md).
TEST_F(EncryptionTest, QueuedMessagesAreNotInTheDatabaseFileOrItsWal) {
  auto store = Open(&key_);
  ASSERT_TRUE(store);
  AddCaseWithPage(*store, "SAR-2019-000001", std::string(64, 'a'));
  const std::string message =
      std::string(R"({"from":"sar@council.example","to":["kelly@example.org"],"subject":"Your request","body":")") +
      kSecret + "\"}";
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    OutboxRow row;
    row.created_at = "2025-09-10T12:00:00.000Z";
    row.case_ref = "SAR-2019-000001";
    row.message = message;
    return tx.EnqueueMail(row).status();
  }).ok());
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto queued, tx.ListMail("pending", "", 10));
    EXPECT_EQ(queued.size(), 1u);
    if (queued.empty()) return Status::Ok();
    EXPECT_EQ(queued[0].message, message);
    queued[0].status = "sent";
    return tx.UpdateMail(queued[0]);
  }).ok());
  // Searched on disk: the database file and its write-ahead log.
  EXPECT_EQ(AllBytes(dir_).find("Acacia"), std::string::npos);
  store.reset();
  EXPECT_EQ(AllBytes(dir_).find("Acacia"), std::string::npos);
  auto again = Open(&key_);
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->Read([&](Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto sent, tx.ListMail("sent", "", 10));
    EXPECT_EQ(sent.at(0).message, message);
    return Status::Ok();
  }).ok());
}

TEST_F(EncryptionTest, AWrongKeyIsRefusedWithOneLine) {
  ASSERT_TRUE(Open(&key_));
  crypt::DataKey other = crypt::DataKey::Generate();
  auto s = OpenSqliteStore(db_, &other);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("does not open this data folder"), std::string::npos);
  EXPECT_EQ(s.status().message().find('\n'), std::string::npos);
}

TEST_F(EncryptionTest, OpeningWithAKeySealsWhatWasWrittenBefore) {
  {
    auto plain = Open(nullptr);
    ASSERT_TRUE(plain);
    AddCaseWithPage(*plain, "SAR-2019-000001", std::string(64, 'a'));
  }
  ASSERT_NE(AllBytes(dir_).find("Kelly"), std::string::npos);  // the test sees plaintext first
  {
    auto sealed = Open(&key_);
    ASSERT_TRUE(sealed);
    ASSERT_TRUE(sealed->Read([&](Transaction& tx) -> Status {
      PageQuery q;
      q.case_ref = "SAR-2019-000001";
      q.with_text = true;
      SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
      EXPECT_EQ(pages.at(0).text, kSecret);
      return Status::Ok();
    }).ok());
  }
  EXPECT_EQ(AllBytes(dir_).find("Kelly"), std::string::npos);
  // Without the key, sealed text is an error, not ciphertext shown as text.
  auto keyless = Open(nullptr);
  ASSERT_TRUE(keyless);
  Status st = keyless->Read([&](Transaction& tx) -> Status {
    PageQuery q;
    q.case_ref = "SAR-2019-000001";
    q.with_text = true;
    return tx.ListPages(q).status();
  });
  EXPECT_FALSE(st.ok());
}

class EncryptedBlobTest : public EncryptionTest {
 protected:
  std::unique_ptr<BlobStore> Blobs() {
    return MakeEncryptedBlobStore((dir_ / "blobs").string(), key_, (dir_ / "tmp" / "plain").string());
  }
  fs::path BlobPath(const std::string& sha) { return dir_ / "blobs" / sha.substr(0, 2) / sha.substr(2); }
};

TEST_F(EncryptedBlobTest, ABlobIsNotReadableInClearOnDisk) {
  auto blobs = Blobs();
  std::string doc = std::string("%PDF-1.7\n") + kSecret;
  auto sha = blobs->Put(doc);
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(*sha, Sha256Hex(doc));  // named by the plaintext, so duplicates still meet
  std::string raw = Slurp(BlobPath(*sha));
  EXPECT_EQ(raw.find("Kelly"), std::string::npos);
  EXPECT_EQ(raw.find("%PDF"), std::string::npos);
  auto back = blobs->Read(*sha, 1 << 20);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, doc);
}

TEST_F(EncryptedBlobTest, AWorkingCopyIsPrivateAndGoesWithItsHandle) {
  auto blobs = Blobs();
  auto sha = blobs->Put(kSecret);
  ASSERT_TRUE(sha.ok());
  std::string path;
  {
    auto file = blobs->PathOf(*sha);
    ASSERT_TRUE(file.ok()) << file.status().message();
    path = file->path();
    EXPECT_EQ(Slurp(path), kSecret);
    EXPECT_EQ(fs::status(path).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
    EXPECT_EQ(fs::status(dir_ / "tmp" / "plain").permissions(), fs::perms::owner_all);
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(EncryptedBlobTest, ATamperedOrTruncatedBlobGivesAClearError) {
  auto blobs = Blobs();
  std::string big(200000, 'x');
  auto sha = blobs->Put(big);
  ASSERT_TRUE(sha.ok());
  std::string raw = Slurp(BlobPath(*sha));
  raw[100] = static_cast<char>(raw[100] ^ 0x20);
  std::ofstream(BlobPath(*sha), std::ios::binary | std::ios::trunc) << raw;
  auto tampered = blobs->Read(*sha, 1 << 20);
  ASSERT_FALSE(tampered.ok());
  EXPECT_NE(tampered.status().message().find("altered"), std::string::npos);

  auto sha2 = blobs->Put(std::string(200000, 'y'));
  ASSERT_TRUE(sha2.ok());
  fs::resize_file(BlobPath(*sha2), 8 + 24 + 2 * (64 * 1024 + 17));  // the last chunk cut off
  auto truncated = blobs->PathOf(*sha2);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("truncated"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp" / "plain"));  // no partial working copy left
}

TEST_F(EncryptedBlobTest, PlainBlobsAreSealedInPlace) {
  auto plain = MakeFileBlobStore((dir_ / "blobs").string());
  auto sha = plain->Put(kSecret);
  ASSERT_TRUE(sha.ok());
  auto n = SealPlainBlobs((dir_ / "blobs").string(), key_);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(Slurp(BlobPath(*sha)).find("Kelly"), std::string::npos);
  auto back = Blobs()->Read(*sha, 1 << 20);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, kSecret);
  auto again = SealPlainBlobs((dir_ / "blobs").string(), key_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(EncryptionTest, PurgingACaseKeepsABlobAnotherCaseUses) {
  auto store = Open(&key_);
  ASSERT_TRUE(store);
  const std::string shared(64, 'c'), own(64, 'd');
  AddCaseWithPage(*store, "SAR-2019-000001", shared);
  AddCaseWithPage(*store, "SAR-2019-000002", shared);
  std::vector<std::string> released;
  ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
    // The first case also has a file of its own.
    DocumentRow d;
    d.case_ref = "SAR-2019-000001";
    d.filename = "own.pdf";
    d.media_type = "application/pdf";
    d.sha256 = own;
    d.uploaded_by = "ava";
    d.uploaded_at = "2025-09-10T12:00:00.000Z";
    SARDESK_RETURN_IF_ERROR(tx.InsertDocument(d).status());
    RetentionRow r;
    r.case_ref = "SAR-2019-000001";
    r.closed_on = "2019-02-20";
    r.destroyed_at = "2025-09-10T12:00:00.000Z";
    SARDESK_ASSIGN_OR_RETURN(released, tx.PurgeCaseContent(r));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(released, std::vector<std::string>{own});
  ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
    PageQuery q;
    q.case_ref = "SAR-2019-000001";
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(auto gone, tx.ListPages(q));
    EXPECT_TRUE(gone.empty());
    q.case_ref = "SAR-2019-000002";
    SARDESK_ASSIGN_OR_RETURN(auto kept, tx.ListPages(q));
    EXPECT_EQ(kept.size(), 1u);
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments("SAR-2019-000001"));
    EXPECT_EQ(docs.size(), 2u);  // counted, nameless
    for (const auto& d : docs) EXPECT_EQ(d.filename, "");
    SARDESK_ASSIGN_OR_RETURN(auto rec, tx.FindRetention("SAR-2019-000001"));
    EXPECT_TRUE(rec.has_value());
    if (rec) {
      EXPECT_EQ(rec->documents, 2);
      EXPECT_EQ(rec->files_released, 1);
    }
    RedactionQuery rq;
    rq.case_ref = "SAR-2019-000001";
    SARDESK_ASSIGN_OR_RETURN(auto reds, tx.ListRedactions(rq));
    EXPECT_TRUE(reds.empty());
    return Status::Ok();
  }).ok());
}

}  // namespace
}  // namespace sardesk::store
