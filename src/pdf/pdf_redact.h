// Burning redactions into a PDF and proving they hold: the MuPDF side of
// redaction. Coordinates are PDF points with the origin at the top-left of
// the page as displayed (rotation applied), as PdfDocument::ExtractText gives.
//
// A page is redacted by one of two methods:
//  - vector: MuPDF removes the glyphs under each box from the content
//    streams (Form XObjects instanced per page), blanks the image pixels
//    under it, and we draw the box and its label; the widths of removed text
//    are blurred (content_stream.h);
//  - flattened: the page is rendered with the boxes burned in and rebuilt as
//    one image with an invisible text layer of the words that remain. Used
//    where the vector method cannot be trusted (text in patterns, vector
//    drawings under a box, hidden layers) or failed verification.
// Every output is then rewritten in full with everything that can hide data
// removed: metadata, attachments, annotations (visible ones flattened first),
// form fields, JavaScript and actions, hidden layers, outlines, page
// thumbnails, structure trees, earlier revisions and orphan objects.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "pdf/pdf_document.h"

namespace sardesk::pdf {

struct Rect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// One character of extracted text: its UTF-8 bytes in PageLayout::text and
// its box.
struct CharBox {
  std::uint32_t offset = 0, length = 0;
  Rect box;
};

// A page's text as ExtractText joins it (words by spaces, lines by '\n'),
// with a box for every character, so a span found in the text maps to boxes.
struct PageLayout {
  int index = 0;
  float width = 0, height = 0;
  std::string text;
  std::vector<CharBox> chars;
  bool has_images = false;  // any image drawn on the page (a scan, a photo)
  // PDF user space (origin bottom-left of the MediaBox, unrotated) to these
  // coordinates: x' = a*x + c*y + e, y' = b*x + d*y + f.
  float to_layout[6] = {1, 0, 0, 1, 0, 0};
};

// Reads layouts; one per thread (owns a MuPDF context and document).
class LayoutReader {
 public:
  struct Impl;
  static Result<std::unique_ptr<LayoutReader>> Open(const std::string& path, const Limits& limits = {});
  explicit LayoutReader(std::unique_ptr<Impl> impl);
  ~LayoutReader();
  int page_count() const;
  Result<PageLayout> Read(int page);

 private:
  std::unique_ptr<Impl> impl_;
};

// A box to burn in, with the label drawn in it ("Third party information");
// `short_label` is used where the full label does not fit ("3P").
struct RedactionMark {
  int page = 0;  // 0-based
  Rect box;
  std::string label;
  std::string short_label;
};

struct RedactionOptions {
  std::vector<RedactionMark> marks;
  std::set<int> flatten_pages;  // pages to flatten whatever they hold
  int flatten_dpi = 300;
  // Read each vector-redacted page back at once and flatten it if text or
  // image detail is left under a box. Callers that verify the written file
  // and flatten failing pages themselves (RedactFile) turn this off.
  bool check_pages = true;
  Limits limits;
};

struct PageRedaction {
  int page = 0;
  std::string method;  // "vector" or "flattened"
  std::string why;     // for flattened pages: what made the vector method unsafe
  int marks = 0;
};

struct RedactionOutcome {
  int page_count = 0;
  std::vector<PageRedaction> pages;  // pages that were changed, in order
  int annotations_flattened = 0;
  int annotations_removed = 0;
  std::vector<std::string> removed;  // document-level items removed ("metadata", "attachments", ...)
};

// Writes a redacted, sanitised copy of `in_path` to `out_path` (never in place).
Result<RedactionOutcome> RedactPdf(const std::string& in_path, const std::string& out_path,
                                   const RedactionOptions& options);

// What must not be recoverable from one page of a redacted file.
struct PageExpectation {
  int page = 0;
  std::vector<Rect> boxes;               // nothing but labels may be under these
  std::vector<std::string> labels;       // label text drawn in the boxes
  std::vector<std::string> removed;      // strings redacted on this page
  std::vector<int> allowed;              // per removed string: occurrences that may remain on the page
};

struct VerificationFailure {
  int page = 0;         // 0-based; -1 for the document as a whole
  std::string method;   // "mupdf-text", "text-under-box", "image-under-box", "raw-stream", "pdftotext"
  std::string detail;   // what was found, without quoting the redacted text
};

// Checks `path` against `expectations` every way we know: on each page, text
// extraction by MuPDF (drawn and invisible text, decoded through the fonts'
// ToUnicode maps), characters under boxes, image pixels under boxes, the
// page's decompressed content streams and forms, and poppler's pdftotext
// where installed; then every other object in the file (strings and text
// streams: metadata, scripts, attachments) for any redacted string.
// `threads` pages are checked at once.
Result<std::vector<VerificationFailure>> VerifyRedactedPdf(const std::string& path,
                                                           const std::vector<PageExpectation>& expectations,
                                                           int threads = 2);

// Case-insensitive, whitespace-insensitive form used to compare strings.
std::string FoldForSearch(const std::string& text);
// Occurrences of `needle` in `haystack` after both are folded.
int CountFolded(const std::string& folded_haystack, const std::string& folded_needle);

}  // namespace sardesk::pdf
