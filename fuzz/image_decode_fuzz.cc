// Fuzz target: an image as uploaded (PNG, JPEG, TIFF with many frames, or
// anything claiming to be one). Reading its header, turning it into PDF pages
// and rendering a page for OCR must never crash, hang or exhaust memory,
// whatever the bytes; failures are Status values.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "pdf/image_pdf.h"
#include "pdf/pdf_document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sardesk::pdf::ImageLimits limits;
  limits.max_bytes = 1 << 20;
  limits.max_pixels = 1'000'000;
  limits.max_frames = 4;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto info = sardesk::pdf::ProbeImage(bytes, limits);
  if (!info.ok()) return 0;
  static const std::string out =
      (std::filesystem::temp_directory_path() / ("sardesk-image-fuzz-" + std::to_string(::getpid()) + ".pdf"))
          .string();
  if (!sardesk::pdf::WriteImagePdf(bytes, out, limits).ok()) return 0;
  sardesk::pdf::Limits pdf_limits;
  pdf_limits.max_render_pixels = 200'000;
  auto doc = sardesk::pdf::PdfDocument::Open(out, pdf_limits);
  if (doc.ok() && (*doc)->page_count() > 0) {
    (void)(*doc)->ImageResolution(0);
    (void)(*doc)->RenderGray(0, 20);
  }
  std::error_code ignored;
  std::filesystem::remove(out, ignored);
  return 0;
}
