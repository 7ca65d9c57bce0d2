// Shared fixture for the redaction and QA tests: the service fixture plus a
// blob store, ingestion, redaction and QA services, and a request about
// Ellie Carter whose records are text PDFs made in the test.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "pdf/pdf_document.h"
#include "service/ingest_service.h"
#include "service/qa_service.h"
#include "service/redaction_service.h"
#include "service/test_support.h"
#include "store/blob_store.h"

namespace sardesk::service::testing {

// A case note about Ellie Carter naming her mother, her mother's partner, a
// social worker and a police officer, and a second page naming the partner
// again.
inline const std::vector<std::string> kCaseNote = {
    "Case note about Ellie Carter.\n"
    "Ellie lives with her mother Dorota Carter and her partner Liam Hughes.\n"
    "Visit by Iris Davies (Social Worker) to Sunnyside Farm.\n"
    "Officer: PC Gareth Lloyd\n"
    "The next line stays.",
    "Later Liam Hughes phoned about the visit.\n"
    "Sunnyside Farm was mentioned again.\n"
    "Ellie was quiet."};

class RedactionTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    // Stored files encrypted as sardesk runs (issue 8): redaction, QA, bundle
    // and release tests all read through the decrypting store.
    blobs_ = store::MakeEncryptedBlobStore(dir_ + "/blobs", crypt::DataKey::Generate(), dir_ + "/tmp/plain");
    ingest_ = std::make_unique<IngestService>(ctx_.get(), cases_.get(), blobs_.get());
    redactions_ = std::make_unique<RedactionService>(ctx_.get(), cases_.get(), blobs_.get());
    qa_ = std::make_unique<QaService>(ctx_.get(), cases_.get(), redactions_.get());
    json body = SarNoIdBody();
    body["subject"] = {{"name", "Ellie Carter"}, {"dob", "2001-03-04"}};
    ref_ = Create(body).record.reference;
  }
  void TearDown() override {
    qa_.reset();
    redactions_.reset();
    ingest_.reset();
    ServiceTest::TearDown();
  }

  // Uploads a text PDF with `pages` and reads it; returns the document id.
  std::int64_t AddPdf(const std::string& name, const std::vector<std::string>& pages) {
    std::string path = dir_ + "/" + name;
    Status st = pdf::WriteTextPdf(path, pages);
    EXPECT_TRUE(st.ok()) << st.ToString();
    auto up = ingest_->Upload(ref_, {{name, path}}, json::object(), "ava");
    EXPECT_TRUE(up.ok()) << up.status().ToString();
    Status processed = ingest_->ProcessAll();
    EXPECT_TRUE(processed.ok()) << processed.ToString();
    return up.ok() && !up->empty() ? (*up)[0].document_id : 0;
  }

  json Propose(const std::string& actor = "ava") {
    auto r = redactions_->Propose(ref_, json::object(), actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  json List(RedactionFilter f = {}) {
    auto r = redactions_->List(ref_, f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["redactions"] : json::array();
  }

  // The first listed redaction whose text is `text`, or null.
  json Find(const std::string& text, RedactionFilter f = {}) {
    for (const auto& r : List(f))
      if (r["text"] == text) return r;
    return nullptr;
  }

  json Decide(std::int64_t id, const json& body, const std::string& actor = "ava") {
    auto r = redactions_->Decide(ref_, id, body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  json Apply(const std::string& actor = "ava") {
    auto r = redactions_->Apply(ref_, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : json::object();
  }

  // The text MuPDF reads from page `page` (0-based) of a document's redacted copy.
  std::string RedactedText(std::int64_t document_id, int page) {
    auto bytes = redactions_->RedactedPdf(ref_, document_id);
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    if (!bytes.ok()) return "";
    auto doc = pdf::PdfDocument::OpenMemory(*bytes);
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    if (!doc.ok()) return "";
    auto text = (*doc)->ExtractText(page);
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? text->text : "";
  }

  // Moves the request along the workflow to `to` (through each stage).
  void MoveTo(const std::string& to) {
    Ok(cases_->Assign(ref_, {{"officer", "ava"}}, "ava"));
    for (const char* s : {"validated", "searching", "collating", "redacting", "qa"}) {
      Transition(ref_, {{"to", s}});
      if (to == s) return;
    }
  }

  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<RedactionService> redactions_;
  std::unique_ptr<QaService> qa_;
  std::string ref_;
};

}  // namespace sardesk::service::testing
