// Seed 001 stage 6: the disclosure bundle. Builds one PDF per case (or one
// per volume above the council's bundle_volume_pages) from the redacted
// copies of the documents (the originals where nothing is redacted), leaving
// out excluded documents and pages and duplicates, in the order the officer
// chooses, with generated front matter (see bundle/front_matter.h), an index,
// an optional chronology and covering letter, "Page N of M" and the
// reference on every page, and a bookmark per document. Built volumes are
// kept in DATA/cases/<reference>/bundles/ with their SHA-256, recorded and
// audited. Refuses while redactions are undecided or not applied.
// Thread-safe (each build writes its own folder).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/case_service.h"
#include "service/context.h"
#include "service/work_progress.h"
#include "store/blob_store.h"

namespace sardesk::service {

struct BundleVolumeFile {
  std::string path;  // absolute; a decrypted working copy, valid while `plain` lives
  std::string file;  // its name
  std::string sha256;
  std::int64_t pages = 0;
  std::shared_ptr<const store::PlainFile> plain;  // keeps the working copy (null for a legacy plain file)
};

class BundleService {
 public:
  // All pointers outlive this. `data_dir` is the data folder.
  BundleService(ServiceContext* ctx, CaseService* cases, store::BlobStore* blobs, std::string data_dir);

  // body: {"order": "source"|"date" (default source), "chronology": bool,
  //        "covering_letter_id": a letter sent on the case (its PDF goes first),
  //        "covering_letter": "generate" (the release covering letter, made
  //        now by the letter source below)}.
  // covering_letter_pdf: bytes of a covering letter made elsewhere (the
  // CLI's --covering-letter), or empty. Returns the bundle as BundleJson.
  Result<nlohmann::json> Build(const std::string& reference, const nlohmann::json& body, const std::string& actor,
                               const std::string& covering_letter_pdf = "");

  // {"reference", "bundles": [...]} oldest first.
  Result<nlohmann::json> List(const std::string& reference);
  // One bundle (id 0: the latest), with whether it is still current (built
  // from today's redaction decisions).
  Result<nlohmann::json> Show(const std::string& reference, std::int64_t id = 0);
  // The files of a bundle (id 0: the latest), each checked against the
  // SHA-256 recorded when it was built.
  Result<std::vector<BundleVolumeFile>> Volumes(const std::string& reference, std::int64_t id = 0);
  // Copies the volumes into `out_dir` (created if missing) and audits the export.
  Result<nlohmann::json> Export(const std::string& reference, std::int64_t id, const std::string& out_dir,
                                const std::string& actor);

  // How the latest build of the case's bundle is going (issue 7): {"reference",
  // "building", "stage" (preparing, assembling, storing, done, failed),
  // "pages_done", "pages_total" (the records' pages), "seconds" so far and
  // "seconds_left" (null until some pages are done)}. Kept in memory: after a
  // restart nothing is building and the stage is "none".
  Result<nlohmann::json> Progress(const std::string& reference);

  // DATA/cases/<reference>.
  std::string CaseFolder(const std::string& reference) const;

  // Where "covering_letter": "generate" gets the release covering letter's
  // PDF bytes (the letters module: LetterService::RenderLetterPdf). Set once
  // at start-up, before any Build.
  using CoveringLetterSource = std::function<Result<std::string>(const std::string& reference)>;
  void SetCoveringLetterSource(CoveringLetterSource source) { covering_letter_ = std::move(source); }

 private:
  ServiceContext* ctx_;
  CaseService* cases_;
  store::BlobStore* blobs_;
  std::string data_dir_;
  CoveringLetterSource covering_letter_;
  WorkProgress progress_;
};

nlohmann::json BundleJson(const store::BundleRow& row);

// The latest bundle of a case inside a transaction, or none.
Result<std::optional<store::BundleRow>> LatestBundleIn(store::Transaction& tx, const std::string& reference);

}  // namespace sardesk::service
