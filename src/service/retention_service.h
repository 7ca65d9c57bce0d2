// Retention (issue 8): finds closed requests whose retention period has
// ended, destroys their documents (stored files, renderings, redacted
// copies, bundles, release files, page text) and reduces their record to
// the statistical fields the register and reports need. Each destruction is
// audited without personal data. Thread-safe as its store is.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "service/context.h"
#include "store/blob_store.h"

namespace sardesk::service {

struct RetentionItem {
  std::string reference;
  std::string closed_on;      // YYYY-MM-DD
  std::string retain_until;   // the first day destruction is due
  std::int64_t documents = 0;
  std::int64_t files_removed = 0;  // stored files deleted (0 on a dry run)
  bool destroyed = false;
};

struct RetentionReport {
  int retention_years = 0;
  std::string today;
  std::vector<RetentionItem> due;  // destroyed, or due on a dry run
};

class RetentionService {
 public:
  // `blobs` (not owned) outlives the service; `data_dir` holds DATA/cases.
  RetentionService(ServiceContext* ctx, store::BlobStore* blobs, std::string data_dir);

  // Lists (dry_run) or destroys every request due. A stored file still used
  // by another request is kept.
  Result<RetentionReport> Run(bool dry_run, const std::string& actor);

 private:
  Result<RetentionItem> Destroy(const store::CaseRow& row, const RetentionItem& due, const std::string& actor);

  ServiceContext* ctx_;       // not owned
  store::BlobStore* blobs_;   // not owned
  std::string data_dir_;
};

}  // namespace sardesk::service
