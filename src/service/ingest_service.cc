#include "service/ingest_service.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>

#include "case/json_reader.h"
#include "common/sha256.h"
#include "ingest/duplicates.h"
#include "ingest/file_kind.h"
#include "ingest/file_name.h"
#include "ingest/html_text.h"
#include "ingest/package_kind.h"
#include "pdf/image_pdf.h"
#include "pdf/pdf_document.h"
#include "pdf/text_layer.h"
#include "service/page_reader.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

constexpr int kPagesPerCommit = 25;
constexpr int kTextLinesPerPage = 45;  // what fits an A4 page at 11pt
constexpr size_t kTextColumns = 90;

Status ReadHead(const std::string& path, std::string* head) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid("cannot read the file");
  head->resize(8192);
  in.read(head->data(), static_cast<std::streamsize>(head->size()));
  head->resize(static_cast<size_t>(in.gcount()));
  return Status::Ok();
}

// Plain text as pages for WriteTextPdf: long lines wrapped, 45 lines a page.
std::vector<std::string> TextPages(const std::string& text) {
  std::vector<std::string> pages;
  std::string page;
  int lines = 0;
  auto push_line = [&](const std::string& line) {
    page += line;
    page += '\n';
    if (++lines == kTextLinesPerPage) {
      pages.push_back(page);
      page.clear();
      lines = 0;
    }
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    while (line.size() > kTextColumns) {
      size_t cut = line.rfind(' ', kTextColumns);
      if (cut == std::string::npos || cut == 0) cut = kTextColumns;
      push_line(line.substr(0, cut));
      line = line.substr(cut == kTextColumns ? cut : cut + 1);
    }
    push_line(line);
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  if (!page.empty() || pages.empty()) pages.push_back(page);
  return pages;
}

// What a stored file is, and whether it can be processed: from its bytes.
void Classify(store::DocumentRow& d, std::string_view head) {
  auto kind = ingest::DetectKind(head, d.filename);
  d.media_type = ingest::MediaType(kind, d.filename);
  d.error = ingest::UnsupportedReason(kind, d.filename);
  d.status = d.error.empty() ? "queued" : "failed";
}

// The first (original) document of each content on a case.
Result<std::map<std::string, std::int64_t>> FirstBySha(store::Transaction& tx, const std::string& reference) {
  SARDESK_ASSIGN_OR_RETURN(auto existing, tx.ListDocuments(reference));
  std::map<std::string, std::int64_t> first;
  for (const auto& e : existing)
    if (e.duplicate_of == 0) first.emplace(e.sha256, e.id);
  return first;
}

bool IsContainer(const store::DocumentRow& d) { return d.media_type == "application/zip"; }

// Progress is saved at least this often while a document is read, so the
// officer sees pages counting up and an estimate of the time left.
constexpr std::chrono::seconds kProgressEvery{2};

// The OCR engines take every page image the render limit lets through.
ocr::OcrSettings OcrSettingsFor(const IngestLimits& limits) {
  ocr::OcrSettings settings = limits.ocr;
  settings.max_pixels = limits.max_image_pixels;
  return settings;
}

// Seconds until `d` is read, from the speed measured so far; 0 once it is
// done; null while unknown (queued, or no page read yet).
json EtaSeconds(const store::DocumentRow& d) {
  if (d.status != "queued" && d.status != "processing") return 0;
  if (d.status == "queued" || d.pages_per_second <= 0 || d.page_count <= 0) return nullptr;
  const double left = static_cast<double>(std::max<std::int64_t>(d.page_count - d.pages_done, 0));
  return static_cast<std::int64_t>(std::ceil(left / d.pages_per_second));
}

}  // namespace

json DocumentJson(const store::DocumentRow& d) {
  return {{"id", d.id}, {"case_ref", d.case_ref}, {"parent_id", d.parent_id}, {"filename", d.filename},
          {"media_type", d.media_type}, {"sha256", d.sha256}, {"bytes", d.bytes}, {"service_area", d.service_area},
          {"search_task_id", d.search_task_id}, {"uploaded_by", d.uploaded_by}, {"uploaded_at", d.uploaded_at},
          {"status", d.status}, {"error", d.error}, {"page_count", d.page_count}, {"pages_done", d.pages_done},
          {"excluded", d.excluded}, {"exclusion_reason", d.exclusion_reason}, {"duplicate_of", d.duplicate_of},
          {"eta_seconds", EtaSeconds(d)}};
}

json VolumeJson(const Volume& v) {
  return {{"documents", v.documents}, {"pages", v.pages}, {"duplicate_pages", v.duplicate_pages},
          {"excluded_pages", v.excluded_pages}, {"pages_after_duplicates", v.pages_after_duplicates},
          {"pages_waiting", v.pages_waiting}, {"suggestion", v.suggestion}};
}

IngestLimits IngestLimitsFrom(const Settings& settings) {
  const auto& u = settings.upload;
  IngestLimits l;
  l.max_file_bytes = static_cast<std::int64_t>(u.max_file_mib) << 20;
  l.max_pages = u.max_pages;
  l.max_image_pixels = static_cast<std::int64_t>(u.max_image_megapixels) * 1'000'000;
  l.archive.max_entries = u.max_zip_entries;
  l.archive.max_entry_bytes = l.max_file_bytes;
  l.archive.max_total_bytes = static_cast<std::int64_t>(u.max_unzipped_mib) << 20;
  l.archive.max_ratio = u.max_zip_ratio;
  l.max_expanded_bytes = static_cast<std::int64_t>(u.max_expanded_mib) << 20;
  l.max_nesting = u.max_nesting;
  l.office.timeout_seconds = u.conversion_timeout_seconds;
  l.office.max_output_bytes = l.max_file_bytes;
  l.office.unpacked = l.archive;
  l.ocr.max_pixels = l.max_image_pixels;
  return l;
}

IngestService::IngestService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs, IngestLimits limits)
    : ctx_(ctx),
      cases_(cases),
      blobs_(blobs),
      page_copies_(blobs),
      limits_(limits),
      ocr_(std::make_unique<ocr::EnginePool>(limits.ocr_threads, OcrSettingsFor(limits))) {}

IngestService::~IngestService() { StopWorkers(); }

Result<std::vector<UploadResult>> IngestService::Upload(const std::string& reference, const std::vector<UploadFile>& files,
                                                        const json& provenance, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is uploading");
  if (files.empty()) return Status::Invalid("give at least one file to upload");
  std::string area;
  std::int64_t task = 0;
  {
    Status st;
    const json fields = provenance.is_null() ? json::object() : provenance;  // outlives the reader
    casework::JsonReader r(fields, "", &st);
    r.Str("service_area", &area, 40);
    r.Int("search_task_id", &task, 0, INT64_MAX);
    r.Finish();
    if (!st.ok()) return st;
  }
  auto view = cases_->Get(reference, false);
  if (!view.ok()) return view.status();
  if (task) {
    bool found = false;
    for (const auto& t : view->record.search_tasks)
      if (t.id == task) {
        found = true;
        if (area.empty()) area = t.service_area;
      }
    if (!found) return Status::Invalid("search_task_id: no search task " + std::to_string(task) + " on " + reference);
  }
  if (!casework::IsOpen(view->record.status))
    return Status::Refused("request " + reference + " is " + std::string(casework::ToWire(view->record.status)) +
                           ": documents can no longer be added");

  std::vector<UploadResult> results;
  for (const auto& f : files) {
    UploadResult r;
    r.filename = std::filesystem::path(f.filename).filename().string().substr(0, 255);
    store::DocumentRow d;
    d.case_ref = reference;
    d.filename = r.filename;
    d.service_area = area;
    d.search_task_id = task;
    d.uploaded_by = actor;
    d.uploaded_at = ctx_->time->NowIso();
    std::string head;
    std::error_code ec;
    auto size = std::filesystem::file_size(f.path, ec);
    Status st = ec ? Status::Invalid("cannot read " + r.filename + ": " + ec.message()) : ReadHead(f.path, &head);
    if (st.ok() && static_cast<std::int64_t>(size) > limits_.max_file_bytes)
      st = Status::Invalid(r.filename + " is larger than the limit of " + std::to_string(limits_.max_file_bytes >> 20) +
                           " MiB: ask the service area to split it");
    if (!st.ok()) {
      // Nothing to store: report it without a document row.
      r.status = "failed";
      r.error = st.message();
      results.push_back(r);
      continue;
    }
    d.bytes = static_cast<std::int64_t>(size);
    auto sha = blobs_->PutFile(f.path, limits_.max_file_bytes);
    if (!sha.ok()) {
      r.status = "failed";
      r.error = sha.status().message();
      results.push_back(r);
      continue;
    }
    d.sha256 = *sha;
    Classify(d, head);
    Status saved = ctx_->store->Write([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(auto first_by_sha, FirstBySha(tx, reference));
      return AddDocument(tx, d, actor, &first_by_sha);
    });
    if (!saved.ok()) return saved;
    r.document_id = d.id;
    r.status = d.status;
    r.error = d.error;
    results.push_back(r);
  }
  wake_.notify_all();
  return results;
}

Result<bool> IngestService::ProcessNext() {
  std::optional<store::DocumentRow> doc;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(doc, tx.ClaimNextDocument());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!doc) return false;
  SARDESK_RETURN_IF_ERROR(Process(std::move(*doc)));
  return true;
}

Status IngestService::ProcessAll() {
  for (;;) {
    auto more = ProcessNext();
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
}

Result<std::int64_t> IngestService::RequeueInterrupted() {
  std::int64_t n = 0;
  Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(n, tx.RequeueInterrupted());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return n;
}

Status IngestService::Process(store::DocumentRow doc) {
  Status outcome = ExtractPages(doc);
  if (!outcome.ok() && outcome.code() == ErrorCode::kInternal) return outcome;  // storage trouble: stays processing
  doc.status = !outcome.ok() ? "failed" : IsContainer(doc) ? "container" : "ready";
  if (!outcome.ok()) doc.error = outcome.message();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.UpdateDocument(doc); }));
  if (outcome.ok()) return RefreshDuplicates(doc.case_ref);
  return Status::Ok();
}

Status IngestService::ExtractPages(store::DocumentRow& doc) {
  // Normalise to PDF.
  if (doc.pdf_sha256.empty()) {
    if (doc.media_type == "application/pdf") {
      doc.pdf_sha256 = doc.sha256;
    } else if (doc.media_type == "text/plain" || doc.media_type == "text/csv") {
      auto text = blobs_->Read(doc.sha256, limits_.max_file_bytes);
      if (!text.ok()) return text.status();
      SARDESK_ASSIGN_OR_RETURN(doc.pdf_sha256, StoreTextPdf(doc, *text));
    } else {
      SARDESK_ASSIGN_OR_RETURN(bool has_pages, Normalise(doc));
      if (!has_pages) return Status::Ok();  // a zip: its files are documents of their own
    }
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.UpdateDocument(doc); }));
  }
  auto path = blobs_->PathOf(doc.pdf_sha256);
  if (!path.ok()) return path.status();
  pdf::Limits limits;
  limits.max_bytes = limits_.max_file_bytes;
  limits.max_pages = limits_.max_pages;
  auto opened = pdf::PdfDocument::Open(path->path(), limits);
  if (!opened.ok()) return Status::Invalid(doc.filename + ": " + opened.status().message());
  doc.page_count = (*opened)->page_count();
  opened->reset();  // each reading thread opens its own

  PageReadSettings settings;
  settings.threads = ocr_->max_running();
  settings.pdf = limits;
  settings.pdf.max_render_pixels = limits_.max_image_pixels;
  std::vector<store::PageRow> batch;
  int unread_scans = 0;
  std::string why_unread;
  const auto started = std::chrono::steady_clock::now();
  auto last_saved = started;
  const std::int64_t resumed_at = doc.pages_done;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    last_saved = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(last_saved - started).count();
    const std::int64_t pages_read = batch.back().page_index + 1 - resumed_at;
    if (seconds > 0 && pages_read > 0) doc.pages_per_second = static_cast<double>(pages_read) / seconds;
    Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
      for (const auto& p : batch) SARDESK_RETURN_IF_ERROR(tx.PutPage(p));
      doc.pages_done = batch.back().page_index + 1;
      return tx.UpdateDocument(doc);
    });
    batch.clear();
    return st;
  };
  Status read = ReadPages(path->path(), static_cast<int>(doc.pages_done), static_cast<int>(doc.page_count), settings,
                          ocr_.get(), [&](ReadPage page) -> Status {
                            if (!page.ocr_problem.empty()) {
                              ++unread_scans;
                              if (why_unread.empty()) why_unread = page.ocr_problem;
                            }
                            store::PageRow p;
                            p.document_id = doc.id;
                            p.page_index = page.index;
                            p.case_ref = doc.case_ref;
                            p.width = page.width;
                            p.height = page.height;
                            p.text_sha256 = Sha256Hex(ingest::NormaliseForComparison(page.text));
                            p.simhash = ingest::SimHash(page.text);
                            p.text = std::move(page.text);
                            p.words_json = std::move(page.words_json);
                            p.ocr_confidence = page.ocr_confidence;
                            batch.push_back(std::move(p));
                            if (static_cast<int>(batch.size()) < kPagesPerCommit &&
                                std::chrono::steady_clock::now() - last_saved < kProgressEvery) {
                              return Status::Ok();
                            }
                            return flush();
                          });
  if (!read.ok()) {
    return read.code() == ErrorCode::kInternal ? read : Status::Invalid(doc.filename + ", " + read.message());
  }
  SARDESK_RETURN_IF_ERROR(flush());
  SARDESK_RETURN_IF_ERROR(AddTextLayer(doc, path->path()));
  if (unread_scans > 0) {
    doc.error = std::to_string(unread_scans) + " page(s) are scans that OCR could not read (" + why_unread +
                "): check these pages by eye";
  }
  return Status::Ok();
}

Status IngestService::RefreshDuplicates(const std::string& reference) {
  std::lock_guard<std::mutex> lock(dedupe_mu_);
  return ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
    std::map<std::int64_t, bool> usable;
    for (const auto& d : docs) usable[d.id] = d.status == "ready" && !d.excluded;
    store::PageQuery q;
    q.case_ref = reference;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    std::vector<ingest::PageFingerprint> prints;
    for (const auto& p : pages) {
      if (!usable[p.document_id] || p.excluded) continue;
      prints.push_back({p.document_id, p.page_index, p.text_sha256, p.simhash, ingest::CountWords(p.text),
                        ingest::WordPairs(p.text)});
    }
    auto matches = ingest::FindDuplicatePages(prints);
    std::map<std::pair<std::int64_t, int>, const ingest::DuplicateMatch*> by_page;
    for (const auto& m : matches) by_page[{m.document_id, m.page_index}] = &m;
    for (const auto& p : pages) {
      auto it = by_page.find({p.document_id, p.page_index});
      std::int64_t of_doc = it == by_page.end() ? 0 : it->second->of_document;
      int of_page = it == by_page.end() ? 0 : it->second->of_page;
      std::string kind = it == by_page.end() ? "" : it->second->kind;
      if (of_doc != p.duplicate_of_document || of_page != p.duplicate_of_page || kind != p.duplicate_kind)
        SARDESK_RETURN_IF_ERROR(tx.MarkPageDuplicate(p.document_id, p.page_index, of_doc, of_page, kind));
    }
    return Status::Ok();
  });
}

Status IngestService::SetExcluded(const std::string& reference, std::int64_t id, bool excluded,
                                  const std::string& reason, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(id));
    if (!doc || doc->case_ref != reference) return Status::NotFound("no document " + std::to_string(id) + " on " + reference);
    json before = DocumentJson(*doc);
    doc->excluded = excluded;
    doc->exclusion_reason = excluded ? reason : "";
    SARDESK_RETURN_IF_ERROR(tx.UpdateDocument(*doc));
    audit::AuditEntry a;
    a.at = ctx_->time->NowIso();
    a.actor = actor;
    a.action = excluded ? "document.exclude" : "document.include";
    a.entity = "document";
    a.entity_id = std::to_string(id);
    a.before = json{{"excluded", before["excluded"]}, {"exclusion_reason", before["exclusion_reason"]}}.dump();
    a.after = json{{"excluded", excluded}, {"exclusion_reason", doc->exclusion_reason}}.dump();
    auto appended = tx.AppendAudit(a);
    return appended.ok() ? Status::Ok() : appended.status();
  }));
  return RefreshDuplicates(reference);
}

Result<json> IngestService::Exclude(const std::string& reference, const json& body, const std::string& actor) {
  std::int64_t id = 0;
  std::string reason;
  Status st;
  {
    casework::JsonReader r(body, "", &st);
    r.Int("id", &id, 1, INT64_MAX, true);
    r.Text("reason", &reason, true);
    r.Finish();
  }
  if (!st.ok()) return st;
  SARDESK_RETURN_IF_ERROR(SetExcluded(reference, id, true, reason, actor));
  return Documents(reference);
}

Result<json> IngestService::Include(const std::string& reference, const json& body, const std::string& actor) {
  std::int64_t id = 0;
  Status st;
  {
    casework::JsonReader r(body, "", &st);
    r.Int("id", &id, 1, INT64_MAX, true);
    r.Finish();
  }
  if (!st.ok()) return st;
  SARDESK_RETURN_IF_ERROR(SetExcluded(reference, id, false, "", actor));
  return Documents(reference);
}

Status IngestService::SetPageExcluded(const std::string& reference, const json& body, bool excluded,
                                      const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::string reason;
  Status st;
  {
    casework::JsonReader r(body, "", &st);
    r.Int("document_id", &id, 1, INT64_MAX, true);
    r.Int("page", &number, 1, 1'000'000, true);
    if (excluded) r.Text("reason", &reason, true);
    r.Finish();
  }
  if (!st.ok()) return st;
  const int index = static_cast<int>(number - 1);
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto doc, tx.FindDocument(id));
    if (!doc || doc->case_ref != reference) return Status::NotFound("no document " + std::to_string(id) + " on " + reference);
    store::PageQuery q;
    q.document_id = id;
    q.page_index = index;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    if (pages.empty()) {
      return Status::NotFound("document " + std::to_string(id) + " has no page " + std::to_string(number) +
                              (doc->status == "ready" ? "" : " yet"));
    }
    store::PageRow page = std::move(pages[0]);
    json before = {{"excluded", page.excluded}, {"exclusion_reason", page.exclusion_reason}};
    page.excluded = excluded;
    page.exclusion_reason = excluded ? reason : "";
    SARDESK_RETURN_IF_ERROR(tx.PutPage(page));
    audit::AuditEntry a;
    a.at = ctx_->time->NowIso();
    a.actor = actor;
    a.action = excluded ? "page.exclude" : "page.include";
    a.entity = "page";
    a.entity_id = std::to_string(id) + "/" + std::to_string(number);
    a.before = before.dump();
    a.after = json{{"excluded", page.excluded}, {"exclusion_reason", page.exclusion_reason}}.dump();
    auto appended = tx.AppendAudit(a);
    return appended.ok() ? Status::Ok() : appended.status();
  }));
  return RefreshDuplicates(reference);
}

Result<json> IngestService::ExcludePage(const std::string& reference, const json& body, const std::string& actor) {
  SARDESK_RETURN_IF_ERROR(SetPageExcluded(reference, body, true, actor));
  return Documents(reference);
}

Result<json> IngestService::IncludePage(const std::string& reference, const json& body, const std::string& actor) {
  SARDESK_RETURN_IF_ERROR(SetPageExcluded(reference, body, false, actor));
  return Documents(reference);
}

Result<Volume> IngestService::CaseVolume(const std::string& reference) {
  Volume v;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
    std::map<std::int64_t, const store::DocumentRow*> by_id;
    for (const auto& d : docs) {
      by_id[d.id] = &d;
      if (d.status == "failed" || d.status == "container") continue;  // a zip's files count, not the zip
      ++v.documents;
      if (d.status != "ready") {
        v.pages_waiting += d.page_count > 0 ? d.page_count - d.pages_done : 1;
        continue;
      }
      if (d.excluded) v.excluded_pages += d.page_count;
      else v.pages += d.page_count;
    }
    store::PageQuery q;
    q.case_ref = reference;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    for (const auto& p : pages) {
      auto it = by_id.find(p.document_id);
      if (it == by_id.end() || it->second->excluded || it->second->status != "ready") continue;
      if (p.excluded) {  // a single page left out of an included document
        --v.pages;
        ++v.excluded_pages;
        continue;
      }
      if (!p.duplicate_kind.empty()) ++v.duplicate_pages;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  v.pages_after_duplicates = v.pages - v.duplicate_pages;
  Settings s;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    s = ctx_->settings;
  }
  if (v.pages_after_duplicates > s.narrow_scope_pages) v.suggestion = "narrow_scope";
  else if (v.pages_after_duplicates > s.extension_suggest_pages) v.suggestion = "extension";
  return v;
}

Result<json> IngestService::Documents(const std::string& reference) {
  auto view = cases_->Get(reference, false);
  if (!view.ok()) return view.status();
  std::vector<store::DocumentRow> docs;
  std::map<std::int64_t, json> excluded_pages;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(reference));
    store::PageQuery q;
    q.case_ref = reference;
    SARDESK_ASSIGN_OR_RETURN(auto pages, tx.ListPages(q));
    for (const auto& p : pages) {
      if (p.excluded) {
        excluded_pages[p.document_id].push_back({{"page", p.page_index + 1}, {"reason", p.exclusion_reason}});
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  auto volume = CaseVolume(reference);
  if (!volume.ok()) return volume.status();
  json items = json::array();
  for (const auto& d : docs) {
    json item = DocumentJson(d);
    auto it = excluded_pages.find(d.id);
    item["excluded_pages"] = it == excluded_pages.end() ? json::array() : it->second;
    items.push_back(std::move(item));
  }
  return json{{"reference", reference}, {"documents", items}, {"volume", VolumeJson(*volume)}};
}

Result<json> IngestService::Page(std::int64_t document_id, int page_index) {
  std::vector<store::PageRow> pages;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    store::PageQuery q;
    q.document_id = document_id;
    q.page_index = page_index;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(pages, tx.ListPages(q));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (pages.empty()) return Status::NotFound("no page " + std::to_string(page_index + 1) + " in document " + std::to_string(document_id));
  const auto& p = pages[0];
  auto words = casework::ParseJsonText(p.words_json, 256u << 20);
  return json{{"document_id", p.document_id}, {"page_index", p.page_index}, {"width", p.width}, {"height", p.height},
              {"text", p.text}, {"words", words.ok() ? *words : json::array()},
              {"ocr_confidence", p.ocr_confidence < 0 ? json(nullptr) : json(p.ocr_confidence)},
              {"excluded", p.excluded}, {"exclusion_reason", p.exclusion_reason},
              {"duplicate_of", p.duplicate_kind.empty() ? json(nullptr)
                                                        : json{{"document_id", p.duplicate_of_document},
                                                               {"page_index", p.duplicate_of_page},
                                                               {"kind", p.duplicate_kind}}}};
}

Result<std::string> IngestService::RenderPage(std::int64_t document_id, int page_index, int dpi) {
  if (dpi < 20 || dpi > 300) return Status::Invalid("dpi: between 20 and 300");
  std::optional<store::DocumentRow> doc;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(doc, tx.FindDocument(document_id));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (!doc || doc->pdf_sha256.empty()) return Status::NotFound("document " + std::to_string(document_id) + " has no pages yet");
  // Pages are viewed one after another: the working copy stays for the next.
  auto copy = page_copies_.Get(doc->pdf_sha256);
  if (!copy.ok()) return copy.status();
  auto opened = pdf::PdfDocument::Open((*copy)->path());
  if (!opened.ok()) return opened.status();
  if (page_index < 0 || page_index >= (*opened)->page_count())
    return Status::NotFound("no page " + std::to_string(page_index + 1) + " in document " + std::to_string(document_id));
  return (*opened)->RenderPng(page_index, dpi);
}

void IngestService::StartWorkers(int count) {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { Worker(); });
}

void IngestService::StopWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
}

void IngestService::Worker() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    auto did = ProcessNext();
    if (did.ok() && *did) continue;
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, std::chrono::seconds(5), [this] { return stopping_; });
    if (stopping_) return;
  }
}

// ---------------------------------------------------------------------------
// Office files, HTML, emails and zips.

namespace {

constexpr std::int64_t kMiB = std::int64_t{1} << 20;
constexpr size_t kSniffBytes = 8192;

// An adapter's refusal, said about the document: "name: why".
Status AboutDocument(const store::DocumentRow& doc, const Status& st) {
  if (st.ok() || st.code() == ErrorCode::kInternal) return st;
  return Status(st.code(), doc.filename + ": " + st.message());
}

// Unique across threads and processes (two servers or test runs may share
// the temporary folder and hold the same document ids).
std::filesystem::path TempPdfPath(const store::DocumentRow& doc, const char* what) {
  static std::atomic<std::uint64_t> counter{0};
  return std::filesystem::temp_directory_path() /
         ("sardesk-" + std::string(what) + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
          std::to_string(doc.id) + ".pdf");
}

// A file found inside `parent`, stored: it keeps the parent's provenance.
Result<store::DocumentRow> StoreChild(store::BlobStore* blobs, const store::DocumentRow& parent,
                                      std::string filename, const std::string& bytes) {
  store::DocumentRow d;
  d.case_ref = parent.case_ref;
  d.parent_id = parent.id;
  d.filename = std::move(filename);
  d.service_area = parent.service_area;
  d.search_task_id = parent.search_task_id;
  d.uploaded_by = parent.uploaded_by;
  d.uploaded_at = parent.uploaded_at;
  d.bytes = static_cast<std::int64_t>(bytes.size());
  SARDESK_ASSIGN_OR_RETURN(d.sha256, blobs->Put(bytes));
  Classify(d, std::string_view(bytes).substr(0, kSniffBytes));
  return d;
}

}  // namespace

Status IngestService::AddDocument(store::Transaction& tx, store::DocumentRow& d, const std::string& actor,
                                  std::map<std::string, std::int64_t>* first_by_sha) {
  auto first = first_by_sha->find(d.sha256);
  d.duplicate_of = first == first_by_sha->end() ? 0 : first->second;
  SARDESK_ASSIGN_OR_RETURN(d.id, tx.InsertDocument(d));
  if (d.duplicate_of == 0) first_by_sha->emplace(d.sha256, d.id);
  audit::AuditEntry a;
  a.at = ctx_->time->NowIso();
  a.actor = actor;
  a.action = "document.add";
  a.entity = "document";
  a.entity_id = std::to_string(d.id);
  a.before = "{}";
  a.after = DocumentJson(d).dump();
  auto appended = tx.AppendAudit(a);
  return appended.ok() ? Status::Ok() : appended.status();
}

Result<bool> IngestService::Normalise(store::DocumentRow& doc) {
  if (IsContainer(doc)) return ExpandZip(doc);
  if (doc.media_type == "message/rfc822") {
    SARDESK_RETURN_IF_ERROR(RenderEmail(doc));
    return true;
  }
  if (doc.media_type == "text/html") {
    SARDESK_ASSIGN_OR_RETURN(auto html, blobs_->Read(doc.sha256, limits_.max_file_bytes));
    SARDESK_ASSIGN_OR_RETURN(doc.pdf_sha256, StoreTextPdf(doc, ingest::HtmlToText(html)));
    return true;
  }
  if (doc.media_type == "image/png" || doc.media_type == "image/jpeg" || doc.media_type == "image/tiff") {
    SARDESK_RETURN_IF_ERROR(ImageToPdf(doc));
    return true;
  }
  if (office::IsOfficeType(doc.media_type)) {
    SARDESK_ASSIGN_OR_RETURN(auto path, blobs_->PathOf(doc.sha256));
    auto tmp = TempPdfPath(doc, "office");
    office::Limits limits = limits_.office;
    limits.max_output_bytes = std::min(limits.max_output_bytes, limits_.max_file_bytes);
    Status converted = office::ConvertToPdf(path.path(), doc.media_type, tmp.string(), limits);
    Result<std::string> sha = converted.ok() ? blobs_->PutFile(tmp.string(), limits_.max_file_bytes)
                                             : Result<std::string>(converted);
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    if (!sha.ok()) return AboutDocument(doc, sha.status());
    doc.pdf_sha256 = *sha;
    return true;
  }
  return Status::Invalid(doc.filename + ": this kind of file cannot be converted yet");
}

Status IngestService::ImageToPdf(store::DocumentRow& doc) {
  SARDESK_ASSIGN_OR_RETURN(auto image, blobs_->Read(doc.sha256, limits_.max_file_bytes));
  pdf::ImageLimits limits;
  limits.max_bytes = limits_.max_file_bytes;
  limits.max_pixels = limits_.max_image_pixels;
  limits.max_frames = limits_.max_pages;
  auto tmp = TempPdfPath(doc, "image");
  Status converted = pdf::WriteImagePdf(image, tmp.string(), limits);
  Result<std::string> sha = converted.ok() ? blobs_->PutFile(tmp.string(), limits_.max_file_bytes)
                                           : Result<std::string>(converted);
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (!sha.ok()) return AboutDocument(doc, sha.status());
  doc.pdf_sha256 = *sha;
  return Status::Ok();
}

Status IngestService::AddTextLayer(store::DocumentRow& doc, const std::string& pdf_path) {
  std::vector<store::PageRow> pages;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    store::PageQuery q;
    q.document_id = doc.id;
    q.with_text = true;
    SARDESK_ASSIGN_OR_RETURN(pages, tx.ListPages(q));
    return Status::Ok();
  }));
  std::vector<pdf::PageWords> layers;
  for (const auto& p : pages) {
    if (p.ocr_confidence < 0) continue;  // text from the PDF itself
    auto words = casework::ParseJsonText(p.words_json, 256u << 20);
    if (!words.ok() || !words->is_array() || words->empty()) continue;
    pdf::PageWords layer{p.page_index, {}};
    for (const auto& w : *words) {
      if (!w.is_array() || w.size() < 5 || !w[0].is_string() || !w[1].is_number() || !w[2].is_number() ||
          !w[3].is_number() || !w[4].is_number()) {
        continue;
      }
      layer.words.push_back({w[0].get<std::string>(), w[1].get<float>(), w[2].get<float>(), w[3].get<float>(),
                             w[4].get<float>()});
    }
    layers.push_back(std::move(layer));
  }
  if (layers.empty()) return Status::Ok();
  pdf::Limits limits;
  limits.max_bytes = limits_.max_file_bytes;
  limits.max_pages = limits_.max_pages;
  auto tmp = TempPdfPath(doc, "ocr");
  Status written = pdf::WriteWithTextLayer(pdf_path, tmp.string(), layers, limits);
  Result<std::string> sha = written.ok() ? blobs_->PutFile(tmp.string(), limits_.max_file_bytes)
                                         : Result<std::string>(written);
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  if (!sha.ok()) {
    if (sha.status().code() == ErrorCode::kInternal) return sha.status();
    // The pages keep their OCR text; only the PDF lacks it.
    doc.error = "the OCR text could not be added to the PDF (" + sha.status().message() +
                "): search and redaction see these scans as pictures only";
    return Status::Ok();
  }
  doc.pdf_sha256 = *sha;
  return Status::Ok();
}

Result<std::string> IngestService::StoreTextPdf(const store::DocumentRow& doc, const std::string& text) {
  auto tmp = TempPdfPath(doc, "text");
  Status written = pdf::WriteTextPdf(tmp.string(), TextPages(text));
  Result<std::string> sha = written.ok() ? blobs_->PutFile(tmp.string(), limits_.max_file_bytes)
                                         : Result<std::string>(written);
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  return sha;
}

Status IngestService::CheckNesting(const store::DocumentRow& doc, std::int64_t* budget) {
  std::vector<store::DocumentRow> docs;
  SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(doc.case_ref));
    return Status::Ok();
  }));
  std::map<std::int64_t, std::int64_t> parent_of;
  for (const auto& d : docs) parent_of[d.id] = d.parent_id;
  // Parents always have smaller ids, so these walks end; the bound is a guard.
  auto walk_up = [&](std::int64_t id, int* depth) {
    for (int guard = 0; guard < 1000; ++guard) {
      auto it = parent_of.find(id);
      if (it == parent_of.end() || it->second == 0) break;
      id = it->second;
      ++*depth;
    }
    return id;
  };
  int depth = 0;
  const std::int64_t root = walk_up(doc.id, &depth);
  if (depth >= limits_.max_nesting)
    return Status::Invalid(doc.filename + ": this lies inside " + std::to_string(depth) +
                           " zips or emails, and sardesk opens them only " + std::to_string(limits_.max_nesting) +
                           " deep: ask the service area to send the files in it directly");
  std::int64_t used = 0;
  for (const auto& d : docs) {
    int ignored = 0;
    if (d.parent_id != 0 && walk_up(d.id, &ignored) == root) used += d.bytes;
  }
  *budget = limits_.max_expanded_bytes - used;
  if (*budget <= 0)
    return Status::TooLarge(doc.filename + ": the files inside this upload's zips and emails already add up to " +
                            std::to_string(limits_.max_expanded_bytes / kMiB) +
                            " MiB, the limit: ask the service area to send them in parts");
  return Status::Ok();
}

Status IngestService::RenderEmail(store::DocumentRow& doc) {
  SARDESK_ASSIGN_OR_RETURN(auto bytes, blobs_->Read(doc.sha256, limits_.max_file_bytes));
  auto message = email::ParseMessage(bytes, limits_.email);
  if (!message.ok()) return AboutDocument(doc, message.status());
  std::vector<store::DocumentRow> children;
  if (!message->attachments.empty()) {
    std::int64_t budget = 0;
    SARDESK_RETURN_IF_ERROR(CheckNesting(doc, &budget));
    std::int64_t total = 0;
    for (const auto& a : message->attachments) {
      total += static_cast<std::int64_t>(a.bytes.size());
      if (total > budget)
        return Status::TooLarge(doc.filename + ": its attachments would take this upload's zips and emails over " +
                                std::to_string(limits_.max_expanded_bytes / kMiB) +
                                " MiB: ask the service area to send them in parts");
      SARDESK_ASSIGN_OR_RETURN(auto child, StoreChild(blobs_, doc, ingest::SafeFileName(a.filename, false), a.bytes));
      children.push_back(std::move(child));
    }
  }
  SARDESK_ASSIGN_OR_RETURN(doc.pdf_sha256, StoreTextPdf(doc, email::RenderText(*message)));
  // The attachments and the email's PDF in one step, so a restart neither
  // loses nor repeats them.
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto first_by_sha, FirstBySha(tx, doc.case_ref));
    for (auto& child : children) SARDESK_RETURN_IF_ERROR(AddDocument(tx, child, "system", &first_by_sha));
    return tx.UpdateDocument(doc);
  }));
  if (!children.empty()) wake_.notify_all();
  return Status::Ok();
}

Result<bool> IngestService::ExpandZip(store::DocumentRow& doc) {
  SARDESK_ASSIGN_OR_RETURN(auto path, blobs_->PathOf(doc.sha256));
  auto zip = archive::ZipFile::FromPath(path.path());
  archive::Limits limits = limits_.archive;
  limits.max_entry_bytes = std::min(limits.max_entry_bytes, limits_.max_file_bytes);
  auto entries = zip.List(limits);
  if (!entries.ok()) return AboutDocument(doc, entries.status());

  // A Word, Excel or OpenDocument file whose name does not say so.
  std::vector<std::string> paths;
  for (const auto& e : *entries) paths.push_back(e.path);
  std::string mimetype;
  if (std::find(paths.begin(), paths.end(), "mimetype") != paths.end()) {
    auto m = zip.ReadFile("mimetype", 200);
    if (m.ok() && m->has_value()) mimetype = **m;
  }
  if (std::string office_type = ingest::OfficeTypeFromEntries(paths, mimetype); !office_type.empty()) {
    doc.media_type = office_type;
    if (!office::IsOfficeType(office_type)) return Status::Invalid(ingest::PresentationReason(doc.filename));
    return Normalise(doc);
  }
  if (entries->empty())
    return Status::Invalid(doc.filename + ": this zip holds no files: ask the service area what they meant to send");

  std::int64_t budget = 0;
  SARDESK_RETURN_IF_ERROR(CheckNesting(doc, &budget));
  limits.max_total_bytes = std::min(limits.max_total_bytes, budget);
  std::vector<store::DocumentRow> children;
  Status extracted = zip.Extract(limits, [&](const archive::Entry& e, std::string bytes) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto child, StoreChild(blobs_, doc, ingest::SafeFileName(e.path, true), bytes));
    children.push_back(std::move(child));
    return Status::Ok();
  });
  if (!extracted.ok()) return AboutDocument(doc, extracted);
  doc.status = "container";
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto first_by_sha, FirstBySha(tx, doc.case_ref));
    for (auto& child : children) SARDESK_RETURN_IF_ERROR(AddDocument(tx, child, "system", &first_by_sha));
    return tx.UpdateDocument(doc);
  }));
  wake_.notify_all();
  return false;
}

}  // namespace sardesk::service
