// Assembling, stamping and encrypting bundle PDFs: the only place qpdf
// appears. Inputs are PDFs sardesk made itself (redacted copies, normalised
// documents, generated front matter), still read defensively: failures come
// back as Status values and qpdf never prints anything.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::bundle {

// One run of pages taken from a PDF, bookmarked under `title`.
struct PageRun {
  std::string title;
  std::string pdf_path;
  std::vector<int> pages;  // 0-based, in the order they appear; empty: every page
};

struct VolumeLayout {
  std::string stamp_prefix;  // e.g. "SAR-2026-000001" or "SAR-2026-000001 Volume 1 of 2"
  std::vector<PageRun> runs;
};

// Writes `layout` as one PDF: the runs' pages in order, every page stamped
// "<stamp_prefix>   Page N of M" in a white strip at its foot, one bookmark
// per run pointing at its first page. Returns the number of pages written.
Result<int> AssembleVolume(const VolumeLayout& layout, const std::string& out_path);

// The number of pages in the PDF at `path`.
Result<int> CountPages(const std::string& path);

// Writes `in_path` encrypted with AES-256 (PDF 2.0, revision 6) to
// `out_path`: it opens only with `user_password`. Printing, copying text and
// accessibility tools stay allowed once opened; `owner_password` (random,
// never stored) guards the permissions.
Status EncryptPdf(const std::string& in_path, const std::string& out_path, const std::string& user_password,
                  const std::string& owner_password);

}  // namespace sardesk::bundle
