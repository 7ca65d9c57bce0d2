#include "service/ingest_service.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>

#include "case/json_reader.h"
#include "common/sha256.h"
#include "ingest/duplicates.h"
#include "ingest/file_kind.h"
#include "pdf/pdf_document.h"

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

std::string WordsJson(const pdf::PageText& page) {
  json words = json::array();
  for (const auto& w : page.words)
    words.push_back({w.text, std::round(w.x0 * 10) / 10, std::round(w.y0 * 10) / 10, std::round(w.x1 * 10) / 10,
                     std::round(w.y1 * 10) / 10});
  return words.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

json DocumentJson(const store::DocumentRow& d) {
  return {{"id", d.id}, {"case_ref", d.case_ref}, {"parent_id", d.parent_id}, {"filename", d.filename},
          {"media_type", d.media_type}, {"sha256", d.sha256}, {"bytes", d.bytes}, {"service_area", d.service_area},
          {"search_task_id", d.search_task_id}, {"uploaded_by", d.uploaded_by}, {"uploaded_at", d.uploaded_at},
          {"status", d.status}, {"error", d.error}, {"page_count", d.page_count}, {"pages_done", d.pages_done},
          {"excluded", d.excluded}, {"exclusion_reason", d.exclusion_reason}, {"duplicate_of", d.duplicate_of}};
}

json VolumeJson(const Volume& v) {
  return {{"documents", v.documents}, {"pages", v.pages}, {"duplicate_pages", v.duplicate_pages},
          {"excluded_pages", v.excluded_pages}, {"pages_after_duplicates", v.pages_after_duplicates},
          {"pages_waiting", v.pages_waiting}, {"suggestion", v.suggestion}};
}

IngestService::IngestService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs, IngestLimits limits)
    : ctx_(ctx), cases_(cases), blobs_(blobs), limits_(limits) {}

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
  auto view = cases_->Get(reference);
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
    auto kind = ingest::DetectKind(head, r.filename);
    d.media_type = ingest::MediaType(kind, r.filename);
    d.bytes = static_cast<std::int64_t>(size);
    auto sha = blobs_->PutFile(f.path, limits_.max_file_bytes);
    if (!sha.ok()) {
      r.status = "failed";
      r.error = sha.status().message();
      results.push_back(r);
      continue;
    }
    d.sha256 = *sha;
    std::string reason = ingest::UnsupportedReason(kind, r.filename);
    d.status = reason.empty() ? "queued" : "failed";
    d.error = reason;
    Status saved = ctx_->store->Write([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(auto existing, tx.ListDocuments(reference));
      for (const auto& e : existing)
        if (e.sha256 == d.sha256 && e.duplicate_of == 0) {
          d.duplicate_of = e.id;
          break;
        }
      SARDESK_ASSIGN_OR_RETURN(d.id, tx.InsertDocument(d));
      audit::AuditEntry a;
      a.at = d.uploaded_at;
      a.actor = actor;
      a.action = "document.add";
      a.entity = "document";
      a.entity_id = std::to_string(d.id);
      a.before = "{}";
      a.after = DocumentJson(d).dump();
      auto appended = tx.AppendAudit(a);
      return appended.ok() ? Status::Ok() : appended.status();
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
  doc.status = outcome.ok() ? "ready" : "failed";
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
      auto tmp = std::filesystem::temp_directory_path() / ("sardesk-text-" + doc.sha256.substr(0, 16) + ".pdf");
      SARDESK_RETURN_IF_ERROR(pdf::WriteTextPdf(tmp.string(), TextPages(*text)));
      auto sha = blobs_->PutFile(tmp.string(), limits_.max_file_bytes);
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      if (!sha.ok()) return sha.status();
      doc.pdf_sha256 = *sha;
    } else {
      return Status::Invalid(doc.filename + ": this kind of file cannot be converted yet");
    }
    SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) { return tx.UpdateDocument(doc); }));
  }
  auto path = blobs_->PathOf(doc.pdf_sha256);
  if (!path.ok()) return path.status();
  pdf::Limits limits;
  limits.max_bytes = limits_.max_file_bytes;
  limits.max_pages = limits_.max_pages;
  auto opened = pdf::PdfDocument::Open(*path, limits);
  if (!opened.ok()) return Status::Invalid(doc.filename + ": " + opened.status().message());
  auto& pdf_doc = **opened;
  doc.page_count = pdf_doc.page_count();
  int scanned = 0;
  std::vector<store::PageRow> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    Status st = ctx_->store->Write([&](store::Transaction& tx) -> Status {
      for (const auto& p : batch) SARDESK_RETURN_IF_ERROR(tx.PutPage(p));
      doc.pages_done = batch.back().page_index + 1;
      return tx.UpdateDocument(doc);
    });
    batch.clear();
    return st;
  };
  for (int i = static_cast<int>(doc.pages_done); i < doc.page_count; ++i) {
    auto text = pdf_doc.ExtractText(i);
    if (!text.ok()) return Status::Invalid(doc.filename + ", page " + std::to_string(i + 1) + ": " + text.status().message());
    if (text->words.empty()) {
      auto scan = pdf_doc.LooksScanned(i);
      if (scan.ok() && *scan) ++scanned;
    }
    store::PageRow p;
    p.document_id = doc.id;
    p.page_index = i;
    p.case_ref = doc.case_ref;
    p.width = text->width;
    p.height = text->height;
    p.text = text->text;
    p.words_json = WordsJson(*text);
    p.text_sha256 = Sha256Hex(ingest::NormaliseForComparison(text->text));
    p.simhash = ingest::SimHash(text->text);
    batch.push_back(std::move(p));
    if (static_cast<int>(batch.size()) == kPagesPerCommit) SARDESK_RETURN_IF_ERROR(flush());
  }
  SARDESK_RETURN_IF_ERROR(flush());
  if (scanned > 0)
    doc.error = std::to_string(scanned) + " page(s) are scans with no text layer: OCR is not yet available, "
                "so check these pages by eye";
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
      if (!usable[p.document_id]) continue;
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

Result<Volume> IngestService::CaseVolume(const std::string& reference) {
  Volume v;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(reference));
    std::map<std::int64_t, const store::DocumentRow*> by_id;
    for (const auto& d : docs) {
      by_id[d.id] = &d;
      if (d.status == "failed") continue;
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
  auto view = cases_->Get(reference);
  if (!view.ok()) return view.status();
  std::vector<store::DocumentRow> docs;
  Status st = ctx_->store->Read([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(docs, tx.ListDocuments(reference));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  auto volume = CaseVolume(reference);
  if (!volume.ok()) return volume.status();
  json items = json::array();
  for (const auto& d : docs) items.push_back(DocumentJson(d));
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
  auto path = blobs_->PathOf(doc->pdf_sha256);
  if (!path.ok()) return path.status();
  auto opened = pdf::PdfDocument::Open(*path);
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

}  // namespace sardesk::service
