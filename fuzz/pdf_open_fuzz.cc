// Fuzz target: a PDF as uploaded by an officer or attached to an email. Must
// never crash or hang, whatever the bytes; failures are Status values.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "pdf/pdf_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sardesk::pdf::Limits limits;
  limits.max_bytes = 1 << 20;
  limits.max_pages = 100;
  limits.max_render_pixels = 200'000;
  auto doc = sardesk::pdf::PdfDocument::OpenMemory(
      std::string(reinterpret_cast<const char*>(data), size), limits);
  if (!doc.ok()) return 0;
  const int pages = std::min((*doc)->page_count(), 4);
  for (int page = 0; page < pages; ++page) {
    (void)(*doc)->ExtractText(page);
    (void)(*doc)->LooksScanned(page);
  }
  if (pages > 0) (void)(*doc)->RenderPng(0, 18);
  return 0;
}
