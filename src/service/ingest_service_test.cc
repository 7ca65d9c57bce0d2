#include "service/ingest_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pdf/pdf_document.h"
#include "service/test_support.h"

namespace sardesk::service::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kLetter =
    "Dear Ms Smith, I am writing following our meeting on 12 March about the arrangements for contact "
    "between you and your children. We agreed that contact would take place every Saturday at the family "
    "centre, supervised by a family support worker, and that we would review the arrangement after six weeks. "
    "Please contact me if anything changes. Yours sincerely, the allocated social worker.";

class IngestServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    blobs_ = store::MakeFileBlobStore(dir_ + "/blobs");
    ingest_ = std::make_unique<IngestService>(ctx_.get(), cases_.get(), blobs_.get());
    ref_ = Create(SarNoIdBody()).record.reference;
  }
  void TearDown() override {
    ingest_.reset();
    ServiceTest::TearDown();
  }

  std::string File(const std::string& name, const std::string& bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
  }
  std::string Pdf(const std::string& name, const std::vector<std::string>& pages) {
    std::string path = dir_ + "/" + name;
    Status st = pdf::WriteTextPdf(path, pages);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return path;
  }
  std::vector<UploadResult> Upload(const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<UploadFile> up;
    for (const auto& [name, path] : files) up.push_back({name, path});
    auto r = ingest_->Upload(ref_, up, json::object(), "ava");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<UploadResult>{};
  }
  json Docs() {
    auto d = ingest_->Documents(ref_);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : json::object();
  }

  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<IngestService> ingest_;
  std::string ref_;
};

TEST_F(IngestServiceTest, APdfBecomesPagesWithTextAndWordPositions) {
  auto up = Upload({{"letter.pdf", Pdf("a.pdf", {kLetter, "Second page of the letter"})}});
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].status, "queued");
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs();
  ASSERT_EQ(docs["documents"].size(), 1u);
  EXPECT_EQ(docs["documents"][0]["status"], "ready");
  EXPECT_EQ(docs["documents"][0]["page_count"], 2);
  EXPECT_EQ(docs["documents"][0]["uploaded_by"], "ava");
  auto page = ingest_->Page(up[0].document_id, 0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(Contains((*page)["text"].get<std::string>(), "Ms Smith"));
  ASSERT_GT((*page)["words"].size(), 10u);
  EXPECT_EQ((*page)["words"][0][0], "Dear");
  EXPECT_GT((*page)["words"][1][1].get<double>(), (*page)["words"][0][1].get<double>());  // x grows along the line
}

TEST_F(IngestServiceTest, PlainTextIsTurnedIntoPdfPages) {
  std::string text;
  for (int i = 0; i < 130; ++i) text += "Line " + std::to_string(i) + " of the case note\n";
  auto up = Upload({{"note.txt", File("note.txt", text)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready");
  EXPECT_EQ(d["media_type"], "text/plain");
  EXPECT_EQ(d["page_count"], 3);  // 45 lines a page
  auto png = ingest_->RenderPage(up[0].document_id, 0, 50);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(png->substr(0, 4), "\x89PNG");
}

TEST_F(IngestServiceTest, BadFilesFailOneByOneAndTheOthersGoAhead) {
  std::string good = Pdf("good.pdf", {kLetter});
  std::string truncated;
  {
    std::ifstream in(good, std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    truncated = all.substr(0, 40);
  }
  auto up = Upload({{"empty.pdf", File("empty.pdf", "")},
                    {"junk.pdf", File("junk.pdf", std::string("\x01\x02\x00\x03", 4))},
                    {"broken.pdf", File("broken.pdf", truncated)},
                    {"mail.msg", File("mail.msg", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest")},
                    {"good.pdf", good},
                    {"missing.pdf", dir_ + "/does-not-exist.pdf"}});
  ASSERT_EQ(up.size(), 6u);
  EXPECT_EQ(up[0].status, "failed");
  EXPECT_TRUE(Contains(up[0].error, "empty"));
  EXPECT_TRUE(Contains(up[1].error, "not a kind of file"));
  EXPECT_TRUE(Contains(up[3].error, ".eml"));
  EXPECT_EQ(up[5].document_id, 0);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs()["documents"];
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(docs[2]["status"], "failed");
  EXPECT_TRUE(Contains(docs[2]["error"].get<std::string>(), "broken.pdf"));
  EXPECT_EQ(docs[4]["status"], "ready");
  EXPECT_EQ(Docs()["volume"]["pages"], 1);
}

TEST_F(IngestServiceTest, DuplicatesAreFoundAndCounted) {
  std::string a = Pdf("a.pdf", {kLetter, "Chronology of events for the family, first entry"});
  auto up = Upload({{"a.pdf", a}, {"copy of a.pdf", a}});
  std::string near = kLetter;
  near.replace(near.find("six weeks"), 9, "six  weeks.");
  Upload({{"rescan.pdf", Pdf("b.pdf", {near})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs();
  EXPECT_EQ(docs["documents"][1]["duplicate_of"], up[0].document_id);
  EXPECT_EQ(docs["volume"]["pages"], 5);
  EXPECT_EQ(docs["volume"]["duplicate_pages"], 3);  // two exact copies, one rescan
  EXPECT_EQ(docs["volume"]["pages_after_duplicates"], 2);
  auto rescan = ingest_->Page(docs["documents"][2]["id"].get<std::int64_t>(), 0);
  ASSERT_TRUE(rescan.ok());
  EXPECT_EQ((*rescan)["duplicate_of"]["kind"], "near");
}

TEST_F(IngestServiceTest, ExcludingADocumentTakesItOutOfTheCountAndIsAudited) {
  auto up = Upload({{"police.pdf", Pdf("p.pdf", {"Police report", "page two"})}, {"file.pdf", Pdf("f.pdf", {kLetter})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  auto out = ingest_->Exclude(ref_, {{"id", up[0].document_id}, {"reason", "Police report: the police answer for it"}}, "ava");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)["volume"]["pages"], 1);
  EXPECT_EQ((*out)["volume"]["excluded_pages"], 2);
  EXPECT_TRUE((*out)["documents"][0]["excluded"].get<bool>());
  EXPECT_FALSE(ingest_->Exclude(ref_, {{"id", up[0].document_id}}, "ava").ok());  // a reason is required
  auto back = ingest_->Include(ref_, {{"id", up[0].document_id}}, "ava");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)["volume"]["pages"], 3);
  auto verify = admin_->VerifyAudit();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(IngestServiceTest, LargeCasesSuggestAnExtensionThenANarrowerScope) {
  ASSERT_TRUE(admin_->UpdateSettings({{"extension_suggest_pages", 2}, {"narrow_scope_pages", 4}}, "cara").ok());
  Upload({{"a.pdf", Pdf("a.pdf", {"one alpha", "two beta", "three gamma"})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  EXPECT_EQ(Docs()["volume"]["suggestion"], "extension");
  Upload({{"b.pdf", Pdf("b.pdf", {"four delta", "five epsilon"})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  EXPECT_EQ(Docs()["volume"]["suggestion"], "narrow_scope");
}

TEST_F(IngestServiceTest, AnInterruptedDocumentResumesAndIsNeverShownReady) {
  std::vector<std::string> pages;
  for (int i = 0; i < 60; ++i) pages.push_back("Page " + std::to_string(i) + " of the long file");
  auto up = Upload({{"long.pdf", Pdf("long.pdf", pages)}});
  // A worker claimed it and stored some pages, then the process died.
  Status st = store_->Write([&](store::Transaction& tx) -> Status {
    auto claimed = tx.ClaimNextDocument();
    if (!claimed.ok()) return claimed.status();
    store::DocumentRow d = **claimed;
    d.pages_done = 0;
    return tx.UpdateDocument(d);
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(Docs()["documents"][0]["status"], "processing");
  EXPECT_EQ(Docs()["volume"]["pages"], 0);
  Reopen();
  ingest_ = std::make_unique<IngestService>(ctx_.get(), cases_.get(), blobs_.get());
  auto requeued = ingest_->RequeueInterrupted();
  ASSERT_TRUE(requeued.ok());
  EXPECT_EQ(*requeued, 1);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready");
  EXPECT_EQ(d["pages_done"], 60);
  EXPECT_EQ(Docs()["volume"]["pages"], 60);
}

TEST_F(IngestServiceTest, ProvenanceIsKept) {
  std::vector<UploadFile> files{{"a.pdf", Pdf("a.pdf", {kLetter})}};
  auto bad = ingest_->Upload(ref_, files, {{"search_task_id", 99}}, "ava");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Contains(bad.status().message(), "no search task"));
  auto ok = ingest_->Upload(ref_, files, {{"service_area", "childrens"}}, "ben");
  ASSERT_TRUE(ok.ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["service_area"], "childrens");
  EXPECT_EQ(d["uploaded_by"], "ben");
  EXPECT_EQ(d["sha256"].get<std::string>().size(), 64u);
}

TEST_F(IngestServiceTest, WorkersProcessUploadsInTheBackground) {
  ingest_->StartWorkers(2);
  auto up = Upload({{"a.pdf", Pdf("a.pdf", {kLetter})}, {"b.pdf", Pdf("b.pdf", {"another page"})}});
  for (int i = 0; i < 200; ++i) {
    json docs = Docs()["documents"];
    if (docs[0]["status"] == "ready" && docs[1]["status"] == "ready") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ingest_->StopWorkers();
  EXPECT_EQ(Docs()["volume"]["pages"], 2);
}

}  // namespace
}  // namespace sardesk::service::testing
