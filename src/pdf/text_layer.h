// An invisible text layer over scanned pages: the OCR words drawn in text
// render mode 3 (neither filled nor stroked) exactly over the ink they were
// read from. The page looks the same, and text extraction, search and
// redaction find each word where the image shows it.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "pdf/pdf_document.h"

namespace sardesk::pdf {

// The words to add to one page. Boxes are in points from the page's top-left
// corner as displayed, as PdfDocument::ExtractText reports them.
struct PageWords {
  int page = 0;  // 0-based
  std::vector<Word> words;
};

// Writes a copy of the PDF at `in_path` to `out_path` (never in place) with
// each listed page's words added as invisible Helvetica, scaled to fill each
// word's box. Characters outside Windows-1252 (which Helvetica's standard
// encoding covers) are written as '?'; the page's stored text keeps them.
Status WriteWithTextLayer(const std::string& in_path, const std::string& out_path,
                          const std::vector<PageWords>& pages, const Limits& limits = {});

}  // namespace sardesk::pdf
