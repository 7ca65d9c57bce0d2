// Reads the pages of a normalised PDF: the words the PDF holds, or, for a
// page that is only a picture (a scan, a photo), the words OCR finds in it.
// Pages are read on several threads, each with its own PdfDocument (MuPDF is
// per instance), and handed back in page order.
#pragma once

#include <functional>
#include <string>

#include "common/result.h"
#include "ocr/engine_pool.h"
#include "pdf/pdf_document.h"

namespace sardesk::service {

struct PageReadSettings {
  int threads = 2;           // pages read at once
  pdf::Limits pdf;           // for every open of the PDF; max_render_pixels caps OCR images
  float scan_dpi = 300;      // OCR resolution when a scan's own is unknown
  float min_scan_dpi = 150;  // finer scans are read at their own resolution,
  float max_scan_dpi = 400;  // within these bounds
};

// One page as read. Boxes are in points from the page's top-left corner.
struct ReadPage {
  int index = 0;
  float width = 0, height = 0;
  std::string text;
  std::string words_json;      // [[text, x0, y0, x1, y1(, confidence)], ...]
  double ocr_confidence = -1;  // mean over the page's characters; -1: text from the PDF
  std::string ocr_problem;     // a scan OCR could not read, and why
};

// Reads pages [first, last) of the PDF at `path` and calls `consume` with
// each, in page order, on the calling thread. Stops at the first failure of
// reading (a damaged page) or of `consume`. `ocr` outlives the call.
Status ReadPages(const std::string& path, int first, int last, const PageReadSettings& settings,
                 ocr::EnginePool* ocr, const std::function<Status(ReadPage)>& consume);

// The JSON stored for a page's words.
std::string PageWordsJson(const std::vector<pdf::Word>& words, const std::vector<float>& confidences = {});

}  // namespace sardesk::service
