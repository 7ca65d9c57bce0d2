// Seed 001 stage 3: collecting what service areas send into one counted,
// searchable set of pages per case. Uploads are stored as they came (with
// their hash and provenance), then background workers turn each into PDF
// pages with text and word positions (read by OCR from images and scans,
// several pages at once), find duplicates and count volumes.
// A document is "ready" only once every page is stored: a crash part-way
// leaves it "processing", and RequeueInterrupted puts it back in the queue to
// resume from its last stored page. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "archive/zip_archive.h"
#include "ocr/engine_pool.h"
#include "email/email_message.h"
#include "office/office_converter.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/blob_store.h"
#include "store/plain_file_cache.h"

namespace sardesk::service {

struct IngestLimits {
  std::int64_t max_file_bytes = 512ll << 20;
  int max_pages = 20000;
  archive::Limits archive;  // each zip (max_entry_bytes is max_file_bytes)
  email::Limits email;      // each email
  office::Limits office;    // each conversion by LibreOffice, with its timeout
  // Zips and emails inside zips and emails: deeper ones are refused.
  int max_nesting = 5;
  // All files that come out of one upload's zips and emails, at any depth.
  std::int64_t max_expanded_bytes = 4ll << 30;
  // Images and scans: pixels per image frame and per page rendered for OCR.
  std::int64_t max_image_pixels = 60'000'000;
  // Pages of one document read at once, and OCR engines running at once in
  // all; 0: one per core.
  int ocr_threads = 0;
  ocr::OcrSettings ocr;  // language and where its data is
};

// The limits the council's settings give (Settings::upload) over the defaults.
IngestLimits IngestLimitsFrom(const Settings& settings);

struct UploadFile {
  std::string filename;  // as the service area named it
  std::string path;      // where it is now (read once, then kept in the blob store)
};

struct UploadResult {
  std::int64_t document_id = 0;  // 0 when nothing could be stored
  std::string filename;
  std::string status;  // queued, failed
  std::string error;
};

struct Volume {
  std::int64_t documents = 0;
  std::int64_t pages = 0;            // in ready documents that are not excluded
  std::int64_t duplicate_pages = 0;  // of those, repeats of earlier pages
  std::int64_t excluded_pages = 0;
  std::int64_t pages_after_duplicates = 0;
  std::int64_t pages_waiting = 0;    // not yet processed
  std::string suggestion;            // "", "extension" (over 500), "narrow_scope" (over 1000)
};

class IngestService {
 public:
  // All pointers outlive this.
  IngestService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs, IngestLimits limits = {});
  ~IngestService();

  // Stores each file and queues it. A file that cannot be used is recorded
  // as failed with the reason; the others go ahead.
  // provenance: {"service_area", "search_task_id"} (both optional).
  Result<std::vector<UploadResult>> Upload(const std::string& reference, const std::vector<UploadFile>& files,
                                           const nlohmann::json& provenance, const std::string& actor);

  // Processes the oldest queued document; false when the queue was empty.
  Result<bool> ProcessNext();
  // Processes until the queue is empty.
  Status ProcessAll();
  // Back to the queue: documents a crash or restart left processing.
  Result<std::int64_t> RequeueInterrupted();

  // Background workers, woken by uploads.
  void StartWorkers(int count);
  void StopWorkers();

  // {"id", "reason"} / {"id"}
  Result<nlohmann::json> Exclude(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  Result<nlohmann::json> Include(const std::string& reference, const nlohmann::json& body, const std::string& actor);
  // One page of a ready document: {"document_id", "page" (from 1), "reason"} /
  // {"document_id", "page"}. Audited; the page leaves the counts and the bundle.
  Result<nlohmann::json> ExcludePage(const std::string& reference, const nlohmann::json& body,
                                     const std::string& actor);
  Result<nlohmann::json> IncludePage(const std::string& reference, const nlohmann::json& body,
                                     const std::string& actor);

  // The documents of a case with their state, and the volume.
  Result<nlohmann::json> Documents(const std::string& reference);
  Result<Volume> CaseVolume(const std::string& reference);
  // One page's text and word boxes.
  Result<nlohmann::json> Page(std::int64_t document_id, int page_index);
  // One page as PNG, rendered from the normalised PDF. The decrypted
  // working copy is kept for the next page (the last 4 documents, a minute
  // idle: store/plain_file_cache.h).
  Result<std::string> RenderPage(std::int64_t document_id, int page_index, int dpi);

 private:
  Status Process(store::DocumentRow doc);
  Status ExtractPages(store::DocumentRow& doc);
  // Makes doc.pdf_sha256 for office files, HTML and emails (an email's
  // attachments become its child documents); false when the document has
  // no pages of its own (a zip, whose files become child documents).
  Result<bool> Normalise(store::DocumentRow& doc);
  Result<bool> ExpandZip(store::DocumentRow& doc);
  Status RenderEmail(store::DocumentRow& doc);
  Result<std::string> StoreTextPdf(const store::DocumentRow& doc, const std::string& text);
  // How deep in zips and emails `doc` lies, and how many bytes its upload
  // may still expand to.
  Status CheckNesting(const store::DocumentRow& doc, std::int64_t* budget);
  // Stores the row of a file whose bytes are in the blob store: classified
  // by its bytes, marked as a copy of an identical earlier document, audited.
  Status AddDocument(store::Transaction& tx, store::DocumentRow& d, const std::string& actor,
                     std::map<std::string, std::int64_t>* first_by_sha);
  Status RefreshDuplicates(const std::string& reference);
  Status SetExcluded(const std::string& reference, std::int64_t id, bool excluded, const std::string& reason,
                     const std::string& actor);
  Status SetPageExcluded(const std::string& reference, const nlohmann::json& body, bool excluded,
                         const std::string& actor);
  // Images become image-only PDF pages (the original is kept).
  Status ImageToPdf(store::DocumentRow& doc);
  // Rewrites doc.pdf_sha256 with the OCR words of its scanned pages as an
  // invisible text layer, so the PDF can be searched and redacted as text.
  Status AddTextLayer(store::DocumentRow& doc, const std::string& pdf_path);
  void Worker();

  ServiceContext* ctx_;
  CaseService* cases_;
  store::BlobStore* blobs_;
  store::PlainFileCache page_copies_;  // working copies for RenderPage
  IngestLimits limits_;
  std::unique_ptr<ocr::EnginePool> ocr_;  // shared by every document being read
  std::mutex dedupe_mu_;  // one duplicate refresh at a time
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

nlohmann::json DocumentJson(const store::DocumentRow& d);
nlohmann::json VolumeJson(const Volume& v);

}  // namespace sardesk::service
