// Test support (header only, no MuPDF): tiny image files written by hand, so
// tests control every byte — multi-page TIFFs, PNG headers that lie.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/gray_image.h"

namespace sardesk::pdf::testing {

inline void PutLe16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}
inline void PutLe32(std::string& out, std::uint32_t v) {
  PutLe16(out, v & 0xffff);
  PutLe16(out, v >> 16);
}
inline void PutBe32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

// An uncompressed 8-bit grayscale TIFF with one page per frame, at each
// frame's dpi.
inline std::string GrayTiff(const std::vector<GrayImage>& frames) {
  std::string out = std::string("II*\0", 4);
  PutLe32(out, 8);
  for (std::size_t f = 0; f < frames.size(); ++f) {
    const GrayImage& frame = frames[f];
    constexpr std::uint32_t kEntries = 10;
    const auto ifd = static_cast<std::uint32_t>(out.size());
    const std::uint32_t resolution = ifd + 2 + kEntries * 12 + 4;  // two RATIONALs
    const std::uint32_t pixels = resolution + 16;
    const auto dpi = static_cast<std::uint32_t>(frame.dpi > 0 ? frame.dpi : 300);
    auto entry = [&](std::uint32_t tag, std::uint32_t type, std::uint32_t value) {
      PutLe16(out, tag);
      PutLe16(out, type);
      PutLe32(out, 1);
      if (type == 3) {
        PutLe16(out, value);
        PutLe16(out, 0);
      } else {
        PutLe32(out, value);
      }
    };
    PutLe16(out, kEntries);
    entry(256, 4, static_cast<std::uint32_t>(frame.width));         // ImageWidth
    entry(257, 4, static_cast<std::uint32_t>(frame.height));        // ImageLength
    entry(258, 3, 8);                                               // BitsPerSample
    entry(259, 3, 1);                                               // no compression
    entry(262, 3, 1);                                               // BlackIsZero
    entry(273, 4, pixels);                                          // StripOffsets
    entry(278, 4, static_cast<std::uint32_t>(frame.height));        // RowsPerStrip
    entry(279, 4, static_cast<std::uint32_t>(frame.bytes.size()));  // StripByteCounts
    entry(282, 5, resolution);                                      // XResolution
    entry(283, 5, resolution + 8);                                  // YResolution
    const std::uint32_t next =
        f + 1 < frames.size() ? pixels + static_cast<std::uint32_t>(frame.bytes.size()) : 0;
    PutLe32(out, next);
    for (int i = 0; i < 2; ++i) {
      PutLe32(out, dpi);
      PutLe32(out, 1);
    }
    out += frame.bytes;
    // ResolutionUnit defaults to inches.
  }
  return out;
}

inline std::uint32_t Crc32(const std::string& bytes) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// A PNG that is only a header claiming width x height pixels (8-bit gray)
// and an end: the shape of a pixel bomb, without the bomb.
inline std::string PngHeaderOnly(std::uint32_t width, std::uint32_t height) {
  std::string out = "\x89PNG\r\n\x1a\n";
  std::string ihdr = "IHDR";
  PutBe32(ihdr, width);
  PutBe32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8 bits, gray, deflate, no filter, no interlace
  PutBe32(out, 13);
  out += ihdr;
  PutBe32(out, Crc32(ihdr));
  PutBe32(out, 0);
  out += "IEND";
  PutBe32(out, Crc32("IEND"));
  return out;
}

// A one-page PDF showing `image` (8-bit gray) drawn over the whole page
// height and more: the page shows only the image's top half; the bottom half
// lies below the page, invisible but in the file.
inline std::string HalfShownImagePdf(const GrayImage& image) {
  const int w = 595, h = 842;
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(w) + " " + std::to_string(h / 2) +
          "] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
  };
  const std::string content = "q " + std::to_string(w) + " 0 0 " + std::to_string(h) + " 0 -" +
                              std::to_string(h / 2) + " cm /Im0 Do Q";
  objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  objects.push_back("<< /Type /XObject /Subtype /Image /Width " + std::to_string(image.width) + " /Height " +
                    std::to_string(image.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
                    std::to_string(image.bytes.size()) + " >>\nstream\n" + image.bytes + "\nendstream");
  std::string pdf = "%PDF-1.7\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace sardesk::pdf::testing
