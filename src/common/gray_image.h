// An 8-bit grayscale raster: how a rendered page travels from the PDF
// adapter to the OCR adapter without either knowing the other's library.
#pragma once

#include <cstdint>
#include <string>

namespace sardesk {

struct GrayImage {
  int width = 0;      // pixels
  int height = 0;     // pixels
  float dpi = 0;      // pixels per inch of the page it was rendered from
  std::string bytes;  // width*height bytes, row by row from the top, 0 black, 255 white
};

}  // namespace sardesk
