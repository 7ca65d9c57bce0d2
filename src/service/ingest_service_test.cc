#include "service/ingest_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "archive/zip_writer.h"
#include "office/test_documents.h"
#include "common/sha256.h"
#include "pdf/image_pdf.h"
#include "pdf/image_test_support.h"
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

// ---------------------------------------------------------------------------
// Zips, emails, office files and HTML.

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string Base64(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
    if (out.size() % 77 == 76) out += "\r\n";
  }
  return out;
}

std::string Zip(const std::vector<archive::ZipMember>& members, const archive::ZipOptions& options = {}) {
  auto zip = archive::WriteZip(members, options);
  EXPECT_TRUE(zip.ok()) << zip.status().ToString();
  return zip.ok() ? *zip : std::string();
}

class ContainerTest : public IngestServiceTest {
 protected:
  // The document of the case with this filename.
  json Doc(const std::string& filename) {
    json docs = Docs()["documents"];
    for (const auto& d : docs)
      if (d["filename"] == filename) return d;
    ADD_FAILURE() << "no document " << filename << " in " << docs.dump(1);
    return json::object();
  }
  std::string PageText(const json& doc, int page = 0) {
    auto p = ingest_->Page(doc["id"].get<std::int64_t>(), page);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? (*p)["text"].get<std::string>() : "";
  }
  void UseLimits(const IngestLimits& limits) {
    ingest_ = std::make_unique<IngestService>(ctx_.get(), cases_.get(), blobs_.get(), limits);
  }
};

TEST_F(ContainerTest, AZipOfAFolderBecomesAContainerOfDocumentsWithItsProvenance) {
  std::string letter_path = Pdf("letter.pdf", {kLetter});
  std::string letter = ReadAll(letter_path);
  auto first = Upload({{"letter.pdf", letter_path}});
  std::string zip = Zip({{"records/", "", true},
                         {"records/2024/", "", true},
                         {"records/2024/note.txt", "Home visit: all well."},
                         {"records/letter copy.pdf", letter},
                         {"__MACOSX/records/._note.txt", "junk"}});
  auto up = ingest_->Upload(ref_, {{"records.zip", File("records.zip", zip)}}, {{"service_area", "childrens"}}, "ben");
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs();
  ASSERT_EQ(docs["documents"].size(), 4u) << docs.dump(1);
  json container = Doc("records.zip");
  EXPECT_EQ(container["status"], "container");
  EXPECT_EQ(container["media_type"], "application/zip");
  json note = Doc("records/2024/note.txt");
  EXPECT_EQ(note["status"], "ready");
  EXPECT_EQ(note["parent_id"], container["id"]);
  EXPECT_EQ(note["service_area"], "childrens");
  EXPECT_EQ(note["uploaded_by"], "ben");
  EXPECT_EQ(note["sha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(Contains(PageText(note), "Home visit: all well.")) << PageText(note);
  json copy = Doc("records/letter copy.pdf");
  EXPECT_EQ(copy["duplicate_of"], first[0].document_id);
  EXPECT_EQ(docs["volume"]["documents"], 3);  // the zip's files count, not the zip
  EXPECT_EQ(docs["volume"]["pages"], 3);
  EXPECT_EQ(docs["volume"]["pages_waiting"], 0);
  // Each file that came out of the zip is on the audit trail.
  auto entries = store_->Read([&](store::Transaction& tx) -> Status {
    store::AuditQuery q;
    q.entity = "document";
    q.entity_id = std::to_string(note["id"].get<std::int64_t>());
    auto audit = tx.ReadAudit(q);
    if (!audit.ok()) return audit.status();
    EXPECT_EQ(audit->size(), 1u);
    if (!audit->empty()) {
      EXPECT_EQ((*audit)[0].action, "document.add");
      EXPECT_EQ((*audit)[0].actor, "system");
    }
    return Status::Ok();
  });
  ASSERT_TRUE(entries.ok());
  auto verify = admin_->VerifyAudit();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(ContainerTest, AnEmailBecomesPagesAndItsAttachmentsDocumentsAllTheWayDown) {
  std::string pdf = ReadAll(Pdf("report.pdf", {"Core assessment of the family, written by the social worker."}));
  std::string inner =
      "From: Dr Lee <lee@practice.example>\r\n"
      "To: pat@council.example\r\n"
      "Subject: GP letter\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n"
      "--in\r\nContent-Type: text/plain\r\n\r\nPlease see the attached note.\r\n"
      "--in\r\nContent-Type: text/plain; name=\"gp note.txt\"\r\nContent-Disposition: attachment; filename=\"gp note.txt\"\r\n\r\n"
      "Seen in surgery on 3 March.\r\n--in--\r\n";
  std::string outer =
      "From: Pat Jones <pat@council.example>\r\n"
      "To: ig@council.example\r\n"
      "Date: Tue, 9 Sep 2025 10:15:00 +0100\r\n"
      "Subject: Records for the request\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"out\"\r\n\r\n"
      "--out\r\nContent-Type: text/html\r\n\r\n<p>Here are the <b>records</b> you asked for.</p>\r\n"
      "--out\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"assessment.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" + Base64(pdf) + "\r\n"
      "--out\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"gp.eml\"\r\n\r\n" + inner +
      "\r\n--out--\r\n";
  auto up = ingest_->Upload(ref_, {{"records.eml", File("records.eml", outer)}}, {{"service_area", "health"}}, "ava");
  ASSERT_TRUE(up.ok());
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json email = Doc("records.eml");
  EXPECT_EQ(email["status"], "ready");
  EXPECT_EQ(email["media_type"], "message/rfc822");
  std::string text = PageText(email);
  EXPECT_TRUE(Contains(text, "From: Pat Jones <pat@council.example>")) << text;
  EXPECT_TRUE(Contains(text, "Subject: Records for the request")) << text;
  EXPECT_TRUE(Contains(text, "Attachments: assessment.pdf, gp.eml")) << text;
  EXPECT_TRUE(Contains(text, "Here are the records you asked for.")) << text;
  json attachment = Doc("assessment.pdf");
  EXPECT_EQ(attachment["status"], "ready");
  EXPECT_EQ(attachment["parent_id"], email["id"]);
  EXPECT_EQ(attachment["service_area"], "health");
  EXPECT_TRUE(Contains(PageText(attachment), "Core assessment")) << PageText(attachment);
  json nested = Doc("gp.eml");
  EXPECT_EQ(nested["status"], "ready");
  EXPECT_EQ(nested["parent_id"], email["id"]);
  EXPECT_TRUE(Contains(PageText(nested), "Subject: GP letter")) << PageText(nested);
  json note = Doc("gp note.txt");
  EXPECT_EQ(note["status"], "ready");
  EXPECT_EQ(note["parent_id"], nested["id"]);
  EXPECT_EQ(Docs()["volume"]["pages"], 4);
}

TEST_F(ContainerTest, AnEmailInterruptedAfterItsAttachmentsWereAddedDoesNotAddThemTwice) {
  std::string eml = "From: a@council.example\r\nTo: b@council.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n"
                    "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"a.txt\"\r\n\r\nnote\r\n--b--\r\n";
  Upload({{"m.eml", File("m.eml", eml)}});
  ASSERT_TRUE(ingest_->ProcessNext().ok());  // the email: its attachment is queued
  // As if the process died before the email's status was saved.
  const std::int64_t id = Doc("m.eml")["id"].get<std::int64_t>();
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) -> Status {
    auto doc = tx.FindDocument(id);
    if (!doc.ok()) return doc.status();
    store::DocumentRow d = **doc;
    d.status = "queued";
    d.pages_done = 0;
    return tx.UpdateDocument(d);
  }).ok());
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs()["documents"];
  ASSERT_EQ(docs.size(), 2u) << docs.dump(1);
  EXPECT_EQ(Doc("m.eml")["status"], "ready");
  EXPECT_EQ(Doc("a.txt")["status"], "ready");
}

TEST_F(ContainerTest, AWordDocumentIsConvertedByLibreOffice) {
  auto up = Upload({{"visit.docx", File("visit.docx", office::testing::MinimalDocx("The visit on 4 June went well."))}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Doc("visit.docx");
  EXPECT_EQ(d["status"], "ready") << d["error"];
  EXPECT_EQ(d["media_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_TRUE(Contains(PageText(d), "The visit on 4 June went well.")) << PageText(d);
}

TEST_F(ContainerTest, AnHtmlFileBecomesTextPages) {
  Upload({{"page.html", File("page.html", "<!DOCTYPE html><html><head><script>track()</script></head><body>"
                                          "<h1>Contact log</h1><p>Called mum &amp; left a message.</p></body></html>")}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Doc("page.html");
  EXPECT_EQ(d["status"], "ready");
  std::string text = PageText(d);
  EXPECT_TRUE(Contains(text, "Contact log")) << text;
  EXPECT_TRUE(Contains(text, "Called mum & left a message.")) << text;
  EXPECT_FALSE(Contains(text, "track")) << text;
}

TEST_F(ContainerTest, HostileFilesFailOneByOneAndTheGoodFileInTheSameUploadGoesAhead) {
  IngestLimits limits;
  limits.archive.ratio_floor_bytes = 1 << 20;
  limits.archive.max_ratio = 50;
  UseLimits(limits);
  std::string good = Zip({{"good/note.txt", "A good note."}});
  std::string bomb = Zip({{"zeros.bin", std::string(8 << 20, '\0')}});
  std::string traversal = Zip({{"ok.txt", "fine"}, {"../../etc/cron.d/x", "evil"}});
  std::string encrypted = Zip({{"secret.txt", "Confidential"}}, {.passphrase = "letmein"});
  std::string truncated = Zip({{"a.txt", std::string(4000, 'a')}, {"b.txt", "bee"}}, {.passphrase = "", .store = true});
  truncated.resize(truncated.size() / 2);
  std::string docx = office::testing::MinimalDocx("never converted");
  std::string corrupt_docx = docx.substr(0, docx.size() - 60);
  std::string slides = Zip({{"[Content_Types].xml", "<Types/>"}, {"ppt/presentation.xml", "<p/>"}});
  auto up = Upload({{"bomb.zip", File("bomb.zip", bomb)},
                    {"traversal.zip", File("traversal.zip", traversal)},
                    {"encrypted.zip", File("encrypted.zip", encrypted)},
                    {"truncated.zip", File("truncated.zip", truncated)},
                    {"corrupt.docx", File("corrupt.docx", corrupt_docx)},
                    {"locked.docx", File("locked.docx", office::testing::EncryptedOoxml())},
                    {"slides.zip", File("slides.zip", slides)},
                    {"empty.zip", File("empty.zip", Zip({}))},
                    {"good.zip", File("good.zip", good)}});
  ASSERT_EQ(up.size(), 9u);
  for (const auto& u : up) EXPECT_EQ(u.status, "queued") << u.filename << ": " << u.error;
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  auto error = [&](const std::string& name) {
    json d = Doc(name);
    EXPECT_EQ(d["status"], "failed") << name;
    return d["error"].get<std::string>();
  };
  EXPECT_TRUE(Contains(error("bomb.zip"), "zip bomb")) << error("bomb.zip");
  EXPECT_TRUE(Contains(error("traversal.zip"), "points outside the zip")) << error("traversal.zip");
  EXPECT_EQ(error("encrypted.zip"),
            "encrypted.zip: this zip is password protected: ask the service area for an unencrypted copy");
  EXPECT_TRUE(Contains(error("truncated.zip"), "damaged or incomplete")) << error("truncated.zip");
  EXPECT_TRUE(Contains(error("corrupt.docx"), "corrupt.docx: this Word document is damaged")) << error("corrupt.docx");
  EXPECT_TRUE(Contains(error("locked.docx"), "password protected")) << error("locked.docx");
  EXPECT_TRUE(Contains(error("slides.zip"), "presentation")) << error("slides.zip");
  EXPECT_TRUE(Contains(error("empty.zip"), "holds no files")) << error("empty.zip");
  EXPECT_EQ(Doc("good.zip")["status"], "container");
  EXPECT_EQ(Doc("good/note.txt")["status"], "ready");
  json docs = Docs()["documents"];
  EXPECT_EQ(docs.size(), 10u) << docs.dump(1);  // nothing came out of the hostile zips
  EXPECT_EQ(Docs()["volume"]["pages"], 1);
}

TEST_F(ContainerTest, ZipsInsideZipsAreOpenedOnlyToTheNestingLimit) {
  IngestLimits limits;
  limits.max_nesting = 2;
  UseLimits(limits);
  std::string c = Zip({{"deep.txt", "three levels down"}});
  std::string b = Zip({{"c.zip", c}, {"b.txt", "two levels down"}});
  std::string a = Zip({{"b.zip", b}});
  Upload({{"a.zip", File("a.zip", a)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  EXPECT_EQ(Doc("a.zip")["status"], "container");
  EXPECT_EQ(Doc("b.zip")["status"], "container");
  EXPECT_EQ(Doc("b.txt")["status"], "ready");
  json deep = Doc("c.zip");
  EXPECT_EQ(deep["status"], "failed");
  EXPECT_TRUE(Contains(deep["error"].get<std::string>(), "only 2 deep")) << deep["error"];
  EXPECT_EQ(Docs()["documents"].size(), 4u);
}

TEST_F(ContainerTest, WhatOneUploadExpandsToIsCappedAcrossItsZips) {
  IngestLimits limits;
  limits.max_expanded_bytes = 5000;
  UseLimits(limits);
  std::string inner = Zip({{"big.txt", std::string(4000, 'x')}}, {.passphrase = "", .store = true});
  std::string outer = Zip({{"inner.zip", inner}, {"also.txt", std::string(600, 'y')}}, {.passphrase = "", .store = true});
  Upload({{"outer.zip", File("outer.zip", outer)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  EXPECT_EQ(Doc("outer.zip")["status"], "container");
  json inner_doc = Doc("inner.zip");
  EXPECT_EQ(inner_doc["status"], "failed");
  EXPECT_TRUE(Contains(inner_doc["error"].get<std::string>(), "expands to more than")) << inner_doc["error"];
}

// ---------------------------------------------------------------------------
// Images and scans: read by OCR into pages with words, confidence and a text
// layer in the normalised PDF; the original file is kept.

const char* kShortLetter =
    "Dear Ms Smith,\n"
    "Thank you for meeting me on Tuesday about contact with your children.";

class ScanIngestTest : public IngestServiceTest {
 protected:
  // The words of a text page as the PDF itself places them.
  pdf::PageText TruthOf(const std::string& text) {
    auto doc = pdf::PdfDocument::Open(Pdf("truth.pdf", {text}));
    EXPECT_TRUE(doc.ok());
    auto words = (*doc)->ExtractText(0);
    EXPECT_TRUE(words.ok());
    return words.ok() ? *words : pdf::PageText{};
  }
  // Pictures of text pages at `dpi`, as 8-bit gray frames.
  std::vector<GrayImage> Frames(const std::vector<std::string>& pages, float dpi) {
    auto doc = pdf::PdfDocument::Open(Pdf("frames.pdf", pages));
    EXPECT_TRUE(doc.ok());
    std::vector<GrayImage> frames;
    for (int i = 0; doc.ok() && i < (*doc)->page_count(); ++i) {
      auto image = (*doc)->RenderGray(i, dpi);
      EXPECT_TRUE(image.ok()) << image.status().ToString();
      if (image.ok()) frames.push_back(std::move(*image));
    }
    return frames;
  }
  std::string PngOf(const std::string& text, int dpi) {
    auto doc = pdf::PdfDocument::Open(Pdf("png.pdf", {text}));
    EXPECT_TRUE(doc.ok());
    auto png = (*doc)->RenderPng(0, dpi);
    EXPECT_TRUE(png.ok());
    return png.ok() ? *png : "";
  }
  // A scanned letter: the picture of a text page in a PDF with no text.
  std::string ScannedPdf(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    Status st = pdf::WriteImagePdf(PngOf(text, 150), path);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return path;
  }
  store::DocumentRow Row(std::int64_t id) {
    std::optional<store::DocumentRow> row;
    EXPECT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(row, tx.FindDocument(id));
      return Status::Ok();
    }).ok());
    return row.value_or(store::DocumentRow{});
  }
  // The text the normalised PDF itself now holds on `page`.
  pdf::PageText PdfText(std::int64_t id, int page) {
    auto path = blobs_->PathOf(Row(id).pdf_sha256);
    EXPECT_TRUE(path.ok());
    if (!path.ok()) return {};
    auto doc = pdf::PdfDocument::Open(path->path());
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok()) return {};
    auto text = (*doc)->ExtractText(page);
    EXPECT_TRUE(text.ok());
    return text.ok() ? *text : pdf::PageText{};
  }
};

TEST_F(ScanIngestTest, APngIsReadByOcrIntoWordsWhereTheImageShowsThem) {
  const std::string png = PngOf(kShortLetter, 150);
  auto up = Upload({{"letter.png", File("letter.png", png)}});
  ASSERT_EQ(up.at(0).status, "queued");
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready") << d["error"];
  EXPECT_EQ(d["error"], "");
  EXPECT_EQ(d["media_type"], "image/png");
  EXPECT_EQ(d["page_count"], 1);

  auto page = ingest_->Page(up[0].document_id, 0);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_GT((*page)["ocr_confidence"].get<double>(), 80);
  EXPECT_TRUE(Contains((*page)["text"].get<std::string>(), "Dear Ms Smith,")) << (*page)["text"];
  const pdf::PageText truth = TruthOf(kShortLetter);
  const json& words = (*page)["words"];
  ASSERT_EQ(words.size(), truth.words.size()) << (*page)["text"];
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(words[i][0], truth.words[i].text);
    EXPECT_NEAR(words[i][1].get<double>(), truth.words[i].x0, 2) << truth.words[i].text;
    EXPECT_NEAR(words[i][3].get<double>(), truth.words[i].x1, 2) << truth.words[i].text;
    ASSERT_EQ(words[i].size(), 6u);  // with the word's confidence
    EXPECT_GT(words[i][5].get<double>(), 50);
  }

  // The original is kept; the normalised PDF has the words as text, in place.
  store::DocumentRow row = Row(up[0].document_id);
  auto original = blobs_->Read(row.sha256, 1 << 20);
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(*original, png);
  EXPECT_NE(row.pdf_sha256, row.sha256);
  const pdf::PageText layer = PdfText(up[0].document_id, 0);
  ASSERT_EQ(layer.words.size(), truth.words.size());
  EXPECT_EQ(layer.words[2].text, "Smith,");
  EXPECT_NEAR(layer.words[2].x0, truth.words[2].x0, 2);
  EXPECT_NEAR((layer.words[2].y0 + layer.words[2].y1) / 2, (truth.words[2].y0 + truth.words[2].y1) / 2, 2);
  auto png_page = ingest_->RenderPage(up[0].document_id, 0, 50);
  ASSERT_TRUE(png_page.ok()) << png_page.status().ToString();
}

TEST_F(ScanIngestTest, EachFrameOfATiffBecomesAPageReadByOcr) {
  const std::string tiff = pdf::testing::GrayTiff(Frames({"First page of the fax", "Second page of the fax"}, 150));
  auto up = Upload({{"fax.tif", File("fax.tif", tiff)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready") << d["error"];
  EXPECT_EQ(d["media_type"], "image/tiff");
  ASSERT_EQ(d["page_count"], 2);
  for (int i = 0; i < 2; ++i) {
    auto page = ingest_->Page(up[0].document_id, i);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ((*page)["page_index"], i);
    EXPECT_EQ((*page)["text"], std::string(i == 0 ? "First" : "Second") + " page of the fax");
    EXPECT_FALSE((*page)["ocr_confidence"].is_null());
    EXPECT_EQ(PdfText(up[0].document_id, i).text, (*page)["text"]);
  }
}

TEST_F(ScanIngestTest, AScannedPdfIsReadByOcrAndGetsATextLayer) {
  auto up = Upload({{"scan.pdf", ScannedPdf("scan.pdf", kShortLetter)}, {"typed.pdf", Pdf("typed.pdf", {kLetter})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs()["documents"];
  EXPECT_EQ(docs[0]["status"], "ready") << docs[0]["error"];
  auto scan = ingest_->Page(up[0].document_id, 0);
  ASSERT_TRUE(scan.ok());
  EXPECT_TRUE(Contains((*scan)["text"].get<std::string>(), "contact with your children.")) << (*scan)["text"];
  EXPECT_GT((*scan)["ocr_confidence"].get<double>(), 80);
  store::DocumentRow row = Row(up[0].document_id);
  EXPECT_NE(row.pdf_sha256, row.sha256);  // rewritten with the text layer; the upload kept as it came
  EXPECT_TRUE(Contains(PdfText(up[0].document_id, 0).text, "Dear Ms Smith,"));
  // A PDF with text of its own is not OCR'd, nor rewritten.
  auto typed = ingest_->Page(up[1].document_id, 0);
  ASSERT_TRUE(typed.ok());
  EXPECT_TRUE((*typed)["ocr_confidence"].is_null());
  EXPECT_EQ(Row(up[1].document_id).pdf_sha256, Row(up[1].document_id).sha256);
}

TEST_F(ScanIngestTest, DamagedAndOversizedImagesFailOneByOneAndTheOthersGoAhead) {
  const std::string png = PngOf(kShortLetter, 150);
  auto up = Upload({{"bomb.png", File("bomb.png", pdf::testing::PngHeaderOnly(100000, 100000))},
                    {"torn.png", File("torn.png", png.substr(0, png.size() / 3))},
                    {"letter.pdf", File("letter.pdf", png)},  // a PNG whatever its name says
                    {"fax.tif", File("fax.tif", std::string("II*\0\x08\0\0\0\xff\xff", 10))}});
  ASSERT_EQ(up.size(), 4u);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json docs = Docs()["documents"];
  EXPECT_EQ(docs[0]["status"], "failed");
  EXPECT_TRUE(Contains(docs[0]["error"].get<std::string>(), "bomb.png: this image claims to be 100000 x 100000 pixels"))
      << docs[0]["error"];
  EXPECT_EQ(docs[1]["status"], "failed");
  EXPECT_TRUE(Contains(docs[1]["error"].get<std::string>(), "torn.png: this image is damaged")) << docs[1]["error"];
  EXPECT_EQ(docs[2]["status"], "ready") << docs[2]["error"];
  EXPECT_EQ(docs[2]["media_type"], "image/png");
  EXPECT_EQ(docs[3]["status"], "failed");
  EXPECT_TRUE(Contains(docs[3]["error"].get<std::string>(), "fax.tif: ")) << docs[3]["error"];
  EXPECT_EQ(Docs()["volume"]["pages"], 1);
}

TEST_F(ScanIngestTest, WithoutOcrAScanIsStillStoredWithAWarning) {
  IngestLimits limits;
  limits.ocr.language = "xyz";  // no such language data
  ingest_ = std::make_unique<IngestService>(ctx_.get(), cases_.get(), blobs_.get(), limits);
  auto up = Upload({{"scan.pdf", ScannedPdf("scan.pdf", kShortLetter)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready");
  EXPECT_TRUE(Contains(d["error"].get<std::string>(), "1 page(s) are scans that OCR could not read")) << d["error"];
  EXPECT_TRUE(Contains(d["error"].get<std::string>(), "tesseract-ocr-xyz")) << d["error"];
}

TEST_F(ScanIngestTest, AnInterruptedScanResumesAndItsTextLayerCoversEveryPage) {
  const std::string tiff = pdf::testing::GrayTiff(Frames({"First page of the fax", "Second page of the fax"}, 150));
  auto up = Upload({{"fax.tif", File("fax.tif", tiff)}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  const store::DocumentRow done = Row(up[0].document_id);
  // Find the image-only PDF made before OCR, and go back to the moment the
  // process died: the first page stored, the second not, no text layer yet.
  std::string base;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ + "/blobs")) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string sha = Sha256Hex(bytes);
    if (bytes.rfind("%PDF", 0) == 0 && sha != done.pdf_sha256) base = sha;
  }
  ASSERT_FALSE(base.empty());
  {
    RawDb raw(path_);
    raw.Exec("DELETE FROM pages WHERE document_id = " + std::to_string(done.id) + " AND page_index = 1");
    raw.Exec("UPDATE documents SET status = 'processing', pages_done = 1, pdf_sha256 = '" + base +
             "' WHERE id = " + std::to_string(done.id));
  }
  EXPECT_EQ(Docs()["documents"][0]["status"], "processing");
  auto requeued = ingest_->RequeueInterrupted();
  ASSERT_TRUE(requeued.ok());
  EXPECT_EQ(*requeued, 1);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready") << d["error"];
  EXPECT_EQ(d["pages_done"], 2);
  EXPECT_EQ(PdfText(done.id, 0).text, "First page of the fax");
  EXPECT_EQ(PdfText(done.id, 1).text, "Second page of the fax");
}

TEST_F(IngestServiceTest, ASinglePageCanBeExcludedWithAReasonAndIsAudited) {
  auto up = Upload({{"file.pdf", Pdf("f.pdf", {kLetter, "Police report about the incident", "Closing letter"})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  const std::int64_t id = up.at(0).document_id;
  auto out = ingest_->ExcludePage(ref_, {{"document_id", id}, {"page", 2}, {"reason", "Police report: the police answer for it"}},
                                  "ava");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)["volume"]["pages"], 2);
  EXPECT_EQ((*out)["volume"]["excluded_pages"], 1);
  EXPECT_FALSE((*out)["documents"][0]["excluded"].get<bool>());  // the rest of the document stays in
  EXPECT_EQ((*out)["documents"][0]["excluded_pages"],
            json::array({{{"page", 2}, {"reason", "Police report: the police answer for it"}}}));
  auto page = ingest_->Page(id, 1);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE((*page)["excluded"].get<bool>());

  EXPECT_EQ(ingest_->ExcludePage(ref_, {{"document_id", id}, {"page", 3}}, "ava").status().code(),
            ErrorCode::kInvalidArgument);  // a reason is required
  EXPECT_EQ(ingest_->ExcludePage(ref_, {{"document_id", id}, {"page", 9}, {"reason", "x"}}, "ava").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(ingest_->ExcludePage("SAR-2025-999999", {{"document_id", id}, {"page", 1}, {"reason", "x"}}, "ava")
                .status()
                .code(),
            ErrorCode::kNotFound);

  auto back = ingest_->IncludePage(ref_, {{"document_id", id}, {"page", 2}}, "ben");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)["volume"]["pages"], 3);
  EXPECT_EQ((*back)["documents"][0]["excluded_pages"], json::array());
  std::vector<audit::AuditEntry> entries;
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    store::AuditQuery q;
    q.entity = "page";
    SARDESK_ASSIGN_OR_RETURN(entries, tx.ReadAudit(q));
    return Status::Ok();
  }).ok());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "page.exclude");
  EXPECT_EQ(entries[0].actor, "ava");
  EXPECT_EQ(entries[0].entity_id, std::to_string(id) + "/2");
  EXPECT_EQ(entries[1].action, "page.include");
  auto verify = admin_->VerifyAudit();
  ASSERT_TRUE(verify.ok());
  EXPECT_TRUE(verify->ok);
}

TEST_F(IngestServiceTest, AnExcludedPageIsNotCountedAsADuplicate) {
  auto up = Upload({{"a.pdf", Pdf("a.pdf", {kLetter})}, {"b.pdf", Pdf("b.pdf", {"Cover sheet", kLetter})}});
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  EXPECT_EQ(Docs()["volume"]["duplicate_pages"], 1);
  auto out = ingest_->ExcludePage(ref_, {{"document_id", up[1].document_id}, {"page", 2}, {"reason", "A copy"}}, "ava");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["volume"]["duplicate_pages"], 0);
  EXPECT_EQ((*out)["volume"]["pages"], 2);
}

TEST_F(IngestServiceTest, TheTimeLeftIsEstimatedFromTheMeasuredSpeed) {
  auto up = Upload({{"long.pdf", Pdf("long.pdf", std::vector<std::string>(30, "A page of the file"))}});
  EXPECT_TRUE(Docs()["documents"][0]["eta_seconds"].is_null());  // queued: not measured yet
  // A worker has read 20 of 60 pages at 4 pages a second.
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto claimed, tx.ClaimNextDocument());
    store::DocumentRow d = *claimed;
    d.page_count = 60;
    d.pages_done = 20;
    d.pages_per_second = 4;
    return tx.UpdateDocument(d);
  }).ok());
  EXPECT_EQ(Docs()["documents"][0]["eta_seconds"], 10);
  // Back to the queue as it was, and read for real.
  ASSERT_TRUE(store_->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto found, tx.FindDocument(up.at(0).document_id));
    store::DocumentRow d = *found;
    d.page_count = d.pages_done = 0;
    d.pages_per_second = 0;
    return tx.UpdateDocument(d);
  }).ok());
  ASSERT_TRUE(ingest_->RequeueInterrupted().ok());
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json d = Docs()["documents"][0];
  EXPECT_EQ(d["status"], "ready");
  EXPECT_EQ(d["eta_seconds"], 0);
  EXPECT_EQ(d["pages_done"], 30);
  ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto found, tx.FindDocument(up.at(0).document_id));
    EXPECT_GT(found->pages_per_second, 0);  // measured while reading
    return Status::Ok();
  }).ok());
}

}  // namespace
}  // namespace sardesk::service::testing
