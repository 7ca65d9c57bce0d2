// Images (PNG, JPEG, TIFF with any number of frames) as PDF pages, so that
// every upload is read, rendered and redacted the same way. Images are
// hostile input: their headers are checked before any pixel is decoded, so
// a small file claiming a huge picture (a pixel bomb) costs nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sardesk::pdf {

struct ImageLimits {
  std::int64_t max_bytes = 512ll << 20;
  std::int64_t max_pixels = 60'000'000;  // per frame (a 300 dpi A3 scan is 17.4 million)
  int max_frames = 2000;
};

// What the header of an image file says, read without decoding it.
struct ImageInfo {
  std::string format;  // "png", "jpeg" or "tiff"
  int frames = 0;      // pages of a TIFF; 1 otherwise
  int width = 0;       // of the largest frame, in pixels
  int height = 0;
};

// Reads the headers of `bytes`; refuses other formats, damaged headers and
// anything over `limits` with a message the officer can act on.
Result<ImageInfo> ProbeImage(std::string_view bytes, const ImageLimits& limits = {});

// Writes `image` (the file's bytes) to `pdf_path` as a PDF with one page per
// frame, each page the image's size at its own resolution. A resolution
// missing or below 100 dpi (phone photos say 72) is taken to mean an A4
// page's length along the image's longer side, and never less than 96 dpi.
// JPEGs are copied without re-encoding.
Status WriteImagePdf(std::string_view image, const std::string& pdf_path, const ImageLimits& limits = {});

}  // namespace sardesk::pdf
