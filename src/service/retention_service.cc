#include "service/retention_service.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "case/case_json.h"
#include "case/retention.h"
#include "common/sha256.h"
#include "service/case_service.h"

namespace sardesk::service {

namespace fs = std::filesystem;
using nlohmann::json;

RetentionService::RetentionService(ServiceContext* ctx, store::BlobStore* blobs, std::string data_dir)
    : ctx_(ctx), blobs_(blobs), data_dir_(std::move(data_dir)) {}

Result<RetentionReport> RetentionService::Run(bool dry_run, const std::string& actor) {
  if (actor.empty()) return Status::Invalid("say who is acting");
  RetentionReport report;
  {
    std::lock_guard<std::mutex> lock(ctx_->settings_mu);
    report.retention_years = ctx_->settings.retention_years;
  }
  const Date today = ctx_->time->Today();
  report.today = today.ToString();
  // Closed requests not yet reduced, oldest first, a page at a time.
  std::vector<std::pair<store::CaseRow, RetentionItem>> due;
  for (std::int64_t offset = 0;; offset += 500) {
    std::vector<store::CaseRow> rows;
    size_t page = 0;
    SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
      store::CaseQuery q;
      q.limit = 500;
      q.offset = offset;
      SARDESK_ASSIGN_OR_RETURN(rows, tx.ListCases(q));
      page = rows.size();
      for (auto it = rows.begin(); it != rows.end();) {
        SARDESK_ASSIGN_OR_RETURN(auto done, tx.FindRetention(it->reference));
        it = (it->open || done) ? rows.erase(it) : it + 1;
      }
      return Status::Ok();
    }));
    for (auto& row : rows) {
      SARDESK_ASSIGN_OR_RETURN(auto rec, RecordFromRow(row));
      auto ends = casework::RetentionEnds(rec, report.retention_years);
      if (!ends || today < *ends) continue;
      RetentionItem item;
      item.reference = row.reference;
      item.closed_on = casework::ClosedOn(rec)->ToString();
      item.retain_until = ends->ToString();
      due.emplace_back(std::move(row), std::move(item));
    }
    if (page < 500) break;
  }
  for (auto& [row, item] : due) {
    if (dry_run) {
      SARDESK_RETURN_IF_ERROR(ctx_->store->Read([&](store::Transaction& tx) -> Status {
        SARDESK_ASSIGN_OR_RETURN(auto docs, tx.ListDocuments(item.reference));
        item.documents = static_cast<std::int64_t>(docs.size());
        return Status::Ok();
      }));
      report.due.push_back(item);
      continue;
    }
    SARDESK_ASSIGN_OR_RETURN(auto done, Destroy(row, item, actor));
    report.due.push_back(std::move(done));
  }
  return report;
}

Result<RetentionItem> RetentionService::Destroy(const store::CaseRow& row, const RetentionItem& due,
                                                const std::string& actor) {
  RetentionItem item = due;
  // The reference names a folder below: only the shape sardesk gives them.
  if (row.reference.empty() || row.reference.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != std::string::npos)
    return Status::Internal("the reference " + row.reference + " is not one sardesk makes: not destroyed");
  std::vector<std::string> released;
  const std::string now = ctx_->time->NowIso();
  SARDESK_RETURN_IF_ERROR(ctx_->store->Write([&](store::Transaction& tx) -> Status {
    SARDESK_ASSIGN_OR_RETURN(auto current, tx.FindCase(row.reference));
    if (!current) return Status::NotFound("no request " + row.reference);
    SARDESK_ASSIGN_OR_RETURN(auto rec, RecordFromRow(*current));
    casework::StripPersonalData(&rec);
    rec.version = current->version + 1;
    json after = casework::ToJson(rec);
    after["version"] = rec.version;
    store::RetentionRow r;
    r.case_ref = row.reference;
    r.closed_on = item.closed_on;
    r.destroyed_at = now;
    SARDESK_ASSIGN_OR_RETURN(released, tx.PurgeCaseContent(r));
    SARDESK_ASSIGN_OR_RETURN(auto kept, tx.FindRetention(row.reference));
    item.documents = kept ? kept->documents : 0;
    // The audit entry says what happened and when; it holds no personal data.
    audit::AuditEntry e;
    e.at = now;
    e.actor = actor;
    e.action = "case.retention_destroy";
    e.entity = "case";
    e.entity_id = row.reference;
    e.before = json::object().dump();
    e.after = json{{"closed_on", item.closed_on},
                   {"retain_until", item.retain_until},
                   {"documents_destroyed", item.documents},
                   {"files_released", static_cast<std::int64_t>(released.size())},
                   {"_document_sha256", Sha256Hex(after.dump())}}
                  .dump();
    SARDESK_ASSIGN_OR_RETURN(auto appended, tx.AppendAudit(e));
    store::CaseRow updated = *current;
    updated.version = rec.version;
    updated.subject_key.clear();
    updated.subject_dob.clear();
    updated.assigned_officer = current->assigned_officer;
    updated.audit_seq = appended.seq;
    updated.updated_at = now;
    updated.document = after.dump();
    return tx.UpdateCase(updated, current->version);
  }));
  // After commit: the files. A crash here leaves unreferenced files that the
  // next run does not see; they hold sealed bytes only (docs/storage.md).
  for (const auto& sha : released) {
    SARDESK_RETURN_IF_ERROR(blobs_->Remove(sha));
    ++item.files_removed;
  }
  std::error_code ec;
  fs::remove_all(fs::path(data_dir_) / "cases" / row.reference, ec);
  if (ec) return Status::Internal("cannot delete the bundles of " + row.reference + ": " + ec.message());
  item.destroyed = true;
  return item;
}

}  // namespace sardesk::service
