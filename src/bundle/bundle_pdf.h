// Assembling, stamping and encrypting bundle PDFs: the only place qpdf
// appears. Inputs are PDFs sardesk made itself (redacted copies, normalised
// documents, generated front matter), still read defensively: failures come
// back as Status values and qpdf never prints anything.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::bundle {

// One run of pages taken from a PDF, bookmarked under `title`.
struct PageRun {
  std::string title{};
  std::string pdf_path;
  std::vector<int> pages;  // 0-based, in the order they appear; empty: every page
  double scale = 1.0;      // > 1 enlarges the pages (large print: 1.414 takes A4 to A3)
};

struct VolumeLayout {
  std::string stamp_prefix;  // e.g. "SAR-2026-000001" or "SAR-2026-000001 Volume 1 of 2"
  std::vector<PageRun> runs;
  double stamp_size = 8;     // points
  // A tagged volume (accessible and large-print bundles) is marked as
  // tagged, with `title` shown and `language`. Its structure tree is that of
  // `tagged_source` (LibreOffice's front matter, see office/; every one of
  // its pages must be in the layout), or a new one, followed in reading
  // order by one section per other run (titled with the run's title) and
  // one paragraph per page, holding all of that page's text.
  bool tagged = false;
  std::string tagged_source{};
  std::string title{};
  std::string language = "en-GB";
};

// Writes `layout` as one PDF: the runs' pages in order, every page stamped
// "<stamp_prefix>   Page N of M" in a white strip at its foot (marked as an
// artifact, so screen readers skip it), one bookmark per run pointing at its
// first page. Returns the number of pages written.
// `progress`, when given, is called with the share written so far (0 to
// 100) as the file is written, which is most of the time it takes.
Result<int> AssembleVolume(const VolumeLayout& layout, const std::string& out_path,
                           const std::function<void(int percent)>& progress = {});

// The number of pages in the PDF at `path`.
Result<int> CountPages(const std::string& path);

// Writes `in_path` encrypted with AES-256 (PDF 2.0, revision 6) to
// `out_path`: it opens only with `user_password`. Printing, copying text and
// accessibility tools stay allowed once opened; `owner_password` (random,
// never stored) guards the permissions.
Status EncryptPdf(const std::string& in_path, const std::string& out_path, const std::string& user_password,
                  const std::string& owner_password);

}  // namespace sardesk::bundle
