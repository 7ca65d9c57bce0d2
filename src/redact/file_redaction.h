// Redacting one PDF outside any case (`sardesk redact`): detection with the
// case context, terms to redact wherever they occur, boxes given by hand;
// then the redactions burned in, and the output verified before it is kept.
// Pages are read and checked on `threads` threads; the redaction itself is
// one pass over the document.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/detector.h"
#include "pdf/pdf_redact.h"
#include "redact/exemptions.h"

namespace sardesk::redact {

// A rectangle given by hand: page from 1, PDF user space (origin at the
// bottom-left of the page's MediaBox, y upwards, unrotated), and the code of
// an exemption in the catalogue (default third_party).
struct HandBox {
  int page = 1;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::string reason;
};

struct FileRedactionRequest {
  std::string in_path;
  std::string out_path;
  std::optional<detect::CaseContext> context;  // run detection, apply its "redact" proposals
  std::vector<std::string> terms;              // redacted wherever they occur
  std::vector<HandBox> boxes;
  int threads = 2;
  std::vector<Exemption> catalogue = DefaultExemptions();
};

struct FlagOnPage {
  std::string flag;  // self_harm, abuse
  int page = 0;      // from 1
};

struct FileRedactionReport {
  int pages = 0;
  int marks = 0;
  int from_detection = 0, from_terms = 0, from_boxes = 0;
  int review_proposals = 0;  // detection asked a person to decide: not applied
  std::vector<pdf::PageRedaction> changed_pages;
  std::vector<std::string> removed_items;
  int annotations_flattened = 0, annotations_removed = 0;
  std::vector<FlagOnPage> flags;
  bool verified = false;
  std::vector<pdf::VerificationFailure> failures;  // when not verified
  int second_attempt_pages = 0;  // pages flattened after the vector method failed verification
  int ocr_pages = 0;  // pages with images read by OCR
  double layout_seconds = 0, ocr_seconds = 0, detect_seconds = 0, redact_seconds = 0, verify_seconds = 0;
};

// The OCR checks of a redacted file, for the expectations with strings
// removed: each page rendered at 300 dpi, and each image taken out of the
// page whole (as pdfimages would), read by Tesseract. A removed string of
// four characters or more read more often than `allowed` is a failure with
// method "ocr" (the page) or "ocr-image" (an extracted image).
Result<std::vector<pdf::VerificationFailure>> VerifyByOcr(const std::string& path,
                                                         const std::vector<pdf::PageExpectation>& expectations,
                                                         int threads);

// Writes the redacted copy to out_path only when it passes verification; on
// a verification failure the report says which page and method, out_path is
// not written, and the status is kFailedPrecondition.
Result<FileRedactionReport> RedactFile(const FileRedactionRequest& request, FileRedactionReport* partial = nullptr);

}  // namespace sardesk::redact
