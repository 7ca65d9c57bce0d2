// Reading and writing PDFs: the only place MuPDF appears. Every PDF is
// treated as hostile: failures come back as Status values with a message the
// officer can act on, and MuPDF never prints anything (no personal data in
// logs).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/gray_image.h"
#include "common/result.h"

namespace sardesk::pdf {

// Limits on what one PDF may cost to read.
struct Limits {
  std::int64_t max_bytes = 512ll << 20;
  int max_pages = 20000;
  std::int64_t max_render_pixels = 60'000'000;
};

// One word on a page, in PDF points with the origin at the top-left of the
// page and y growing downwards. Text drawn outside the page (hidden text) is
// still reported, so a box may lie partly outside [0,width]x[0,height].
struct Word {
  std::string text;  // UTF-8
  float x0, y0, x1, y1;
};

struct PageText {
  int index = 0;                // 0-based
  float width = 0, height = 0;  // points
  std::vector<Word> words;      // reading order
  std::string text;             // words joined with spaces, lines with '\n'
};

// One open PDF. Owns its own MuPDF context: not thread-safe, but separate
// instances may be used on separate threads at once.
class PdfDocument {
 public:
  struct Impl;  // MuPDF handles; defined in pdf_document.cc only.

  // Opens the file at `path`; refuses empty, oversized, damaged,
  // password-protected files and those with more than limits.max_pages pages.
  static Result<std::unique_ptr<PdfDocument>> Open(const std::string& path,
                                                   const Limits& limits = {});
  // As Open, for a PDF already in memory (an upload, an attachment).
  static Result<std::unique_ptr<PdfDocument>> OpenMemory(std::string bytes,
                                                         const Limits& limits = {});

  explicit PdfDocument(std::unique_ptr<Impl> impl);  // use Open/OpenMemory
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;
  ~PdfDocument();

  int page_count() const;

  // The words of `page` (0-based) with their boxes, in reading order.
  Result<PageText> ExtractText(int page);
  // PNG bytes of the page at `dpi` (refused if width*height would exceed
  // max_render_pixels).
  Result<std::string> RenderPng(int page, int dpi);
  // True when the page has no text but does have images (a scan needing OCR).
  Result<bool> LooksScanned(int page);
  // The page as 8-bit gray pixels at `dpi`, for OCR (refused like RenderPng
  // when too large). Pixel (0,0) is the page's top-left corner, so a pixel
  // box times 72/dpi is a box in ExtractText's points.
  Result<GrayImage> RenderGray(int page, float dpi);
  // Pixels per inch of the largest image drawn on `page` (a scan's own
  // resolution), or 0 when it has none.
  Result<float> ImageResolution(int page);
  // Each image drawn on `page` (in forms too), decoded at its own resolution
  // as gray pixels, as a tool such as pdfimages would extract it: the whole
  // image, including any part clipped away or off the page. Images smaller
  // than 16 pixels a side or larger than max_render_pixels are left out. The
  // dpi is the image's resolution as drawn.
  Result<std::vector<GrayImage>> PageImages(int page);

 private:
  std::unique_ptr<Impl> impl_;
};

// Writes a simple text PDF (for tests and for rendering emails/text files):
// each element of `pages` starts a new A4 page of Helvetica 11pt, wrapped at
// the page width; '\n' starts a new line and '\f' a new page. Text that does
// not fit on one page continues on the next, so no text is ever dropped.
// UTF-8 input (malformed bytes become U+FFFD); characters Helvetica lacks are
// drawn from MuPDF's fallback fonts where it has them.
Status WriteTextPdf(const std::string& path, const std::vector<std::string>& pages);

}  // namespace sardesk::pdf
