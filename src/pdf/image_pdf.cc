#include "pdf/image_pdf.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <set>
#include <system_error>

#include "pdf/mupdf_support.h"

namespace sardesk::pdf {
namespace {

using internal::Guarded;
using internal::Own;
using internal::Owned;

constexpr float kA4LongInches = 11.69f;
constexpr float kMaxPagePoints = 14400;  // the largest page PDF readers must support

Status NotAnImage() {
  return Status::Invalid(
      "this file is not a PNG, JPEG or TIFF image, or its header is damaged: ask the service area "
      "to send it again");
}

Status Damaged() {
  return Status::Invalid("this image is damaged and cannot be read: ask the service area to send it again");
}

// Big- and little-endian reads at `pos`; callers check the bounds first.
std::uint32_t Byte(std::string_view b, std::size_t pos) { return static_cast<unsigned char>(b[pos]); }
std::uint32_t Be16(std::string_view b, std::size_t pos) { return Byte(b, pos) << 8 | Byte(b, pos + 1); }
std::uint32_t Be32(std::string_view b, std::size_t pos) { return Be16(b, pos) << 16 | Be16(b, pos + 2); }

Result<ImageInfo> ProbePng(std::string_view b) {
  // Signature, then the IHDR chunk: length, "IHDR", width, height, ...
  if (b.size() < 33 || b.substr(12, 4) != "IHDR") return NotAnImage();
  const std::uint32_t width = Be32(b, 16);
  const std::uint32_t height = Be32(b, 20);
  if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu) return NotAnImage();
  return ImageInfo{"png", 1, static_cast<int>(width), static_cast<int>(height)};
}

Result<ImageInfo> ProbeJpeg(std::string_view b) {
  std::size_t pos = 2;  // after SOI
  while (pos < b.size()) {
    if (Byte(b, pos) != 0xff) return NotAnImage();
    while (pos < b.size() && Byte(b, pos) == 0xff) ++pos;  // fill bytes
    if (pos >= b.size()) break;
    const std::uint32_t marker = Byte(b, pos++);
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;  // no length
    if (marker == 0xd9 || marker == 0xda) break;  // end of image, or scan data before any frame
    if (pos + 2 > b.size()) break;
    const std::uint32_t length = Be16(b, pos);
    if (length < 2) return NotAnImage();
    const bool frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
    if (frame) {
      if (length < 8 || pos + 7 > b.size()) break;
      const std::uint32_t height = Be16(b, pos + 3);
      const std::uint32_t width = Be16(b, pos + 5);
      if (width == 0 || height == 0) return NotAnImage();  // height given later (DNL): unsupported
      return ImageInfo{"jpeg", 1, static_cast<int>(width), static_cast<int>(height)};
    }
    pos += length;
  }
  return NotAnImage();
}

Result<ImageInfo> ProbeTiff(std::string_view b, const ImageLimits& limits) {
  if (b.size() < 8) return NotAnImage();
  const bool little = b[0] == 'I';
  auto u16 = [&](std::size_t pos) -> std::uint32_t {
    return little ? Byte(b, pos) | Byte(b, pos + 1) << 8 : Be16(b, pos);
  };
  auto u32 = [&](std::size_t pos) -> std::uint32_t {
    return little ? u16(pos) | u16(pos + 2) << 16 : Be32(b, pos);
  };
  if (u16(2) == 43) {
    return Status::Invalid(
        "this is a BigTIFF image, which sardesk cannot read: ask for a PDF or an ordinary TIFF");
  }
  if (u16(2) != 42) return NotAnImage();
  ImageInfo info{"tiff", 0, 0, 0};
  std::int64_t largest = 0;
  std::set<std::uint32_t> seen;  // a loop of directories would never end
  for (std::uint32_t offset = u32(4); offset != 0;) {
    if (!seen.insert(offset).second) return NotAnImage();
    if (info.frames >= limits.max_frames) {
      return Status::TooLarge("this image has more than " + std::to_string(limits.max_frames) +
                              " pages: ask the service area to split it");
    }
    if (std::uint64_t{offset} + 2 > b.size()) return NotAnImage();
    const std::uint32_t entries = u16(offset);
    const std::uint64_t end = std::uint64_t{offset} + 2 + std::uint64_t{entries} * 12;
    if (end + 4 > b.size()) return NotAnImage();
    std::uint32_t width = 0, height = 0;
    for (std::uint32_t i = 0; i < entries; ++i) {
      const std::size_t entry = offset + 2 + std::size_t{i} * 12;
      const std::uint32_t tag = u16(entry);
      if (tag != 256 && tag != 257) continue;  // ImageWidth, ImageLength
      const std::uint32_t type = u16(entry + 2);
      const std::uint32_t value = type == 3 ? u16(entry + 8) : type == 4 ? u32(entry + 8) : 0;
      (tag == 256 ? width : height) = value;
    }
    if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu) return NotAnImage();
    ++info.frames;
    if (std::int64_t{width} * height > largest) {
      largest = std::int64_t{width} * height;
      info.width = static_cast<int>(width);
      info.height = static_cast<int>(height);
    }
    offset = u32(static_cast<std::size_t>(end));
  }
  if (info.frames == 0) return NotAnImage();
  return info;
}

// Pixels per inch for a frame: its own when plausible (fax's 204x98
// included), otherwise an A4 page's length along its longer side, and
// always enough to keep the page within what PDF readers support.
void ChooseResolution(int width, int height, int stated_x, int stated_y, float* xres, float* yres) {
  const bool plausible = stated_x >= 50 && stated_y >= 50 && stated_x <= 4800 && stated_y <= 4800 &&
                         std::max(stated_x, stated_y) >= 100;
  if (plausible) {
    *xres = static_cast<float>(stated_x);
    *yres = static_cast<float>(stated_y);
  } else {
    const float dpi = std::max(96.0f, static_cast<float>(std::max(width, height)) / kA4LongInches);
    *xres = *yres = dpi;
  }
  const float fit =
      std::max(static_cast<float>(width) * 72 / *xres, static_cast<float>(height) * 72 / *yres) /
      kMaxPagePoints;
  if (fit > 1) {
    *xres *= fit;
    *yres *= fit;
  }
}

Status WriteFailed() {
  return Status::Internal(
      "the PDF could not be written: check the folder exists and there is space on the disk");
}

}  // namespace

Result<ImageInfo> ProbeImage(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.empty()) return Status::Invalid("this file is empty");
  if (static_cast<std::int64_t>(bytes.size()) > limits.max_bytes) {
    return Status::TooLarge("this image is larger than the limit of " +
                            std::to_string(limits.max_bytes >> 20) + " MiB");
  }
  Result<ImageInfo> info = Status::Ok();
  if (bytes.substr(0, 8) == "\x89PNG\r\n\x1a\n") {
    info = ProbePng(bytes);
  } else if (bytes.substr(0, 3) == "\xff\xd8\xff") {
    info = ProbeJpeg(bytes);
  } else if (bytes.substr(0, 4) == std::string_view("II*\0", 4) ||
             bytes.substr(0, 4) == std::string_view("MM\0*", 4) ||
             bytes.substr(0, 4) == std::string_view("II+\0", 4) ||
             bytes.substr(0, 4) == std::string_view("MM\0+", 4)) {
    info = ProbeTiff(bytes, limits);
  } else {
    return NotAnImage();
  }
  if (!info.ok()) return info;
  const std::int64_t pixels = std::int64_t{info->width} * info->height;
  if (pixels > limits.max_pixels) {
    return Status::TooLarge("this image claims to be " + std::to_string(info->width) + " x " +
                            std::to_string(info->height) + " pixels, more than the limit of " +
                            std::to_string(limits.max_pixels) +
                            ": it is either damaged or built to exhaust memory; ask for a smaller scan");
  }
  return info;
}

Status WriteImagePdf(std::string_view image, const std::string& pdf_path, const ImageLimits& limits) {
  SARDESK_ASSIGN_OR_RETURN(const ImageInfo info, ProbeImage(image, limits));
  internal::Heap heap;
  internal::ContextPtr owned_ctx = internal::NewContext(&heap);
  if (!owned_ctx) return Status::Internal("the image reader could not start: out of memory");
  fz_context* ctx = owned_ctx.get();
  const auto* data = reinterpret_cast<const unsigned char*>(image.data());
  const std::size_t size = image.size();
  const bool tiff = info.format == "tiff";

  fz_buffer* raw_buffer = nullptr;
  int error = Guarded(ctx, [&] { raw_buffer = fz_new_buffer_from_shared_data(ctx, data, size); });
  Owned<fz_buffer> buffer = Own(ctx, raw_buffer);  // `image` outlives it
  if (error != FZ_ERROR_NONE) return Status::Internal("the image reader could not start: out of memory");
  // Whatever goes wrong from here leaves no half-written file behind (the
  // guard is declared before the writer, so it runs after the writer is dropped).
  struct RemoveUnlessKept {
    const std::string& path;  // outlives this guard
    bool keep = false;
    ~RemoveUnlessKept() {
      std::error_code ignored;
      if (!keep) std::filesystem::remove(path, ignored);
    }
  } cleanup{pdf_path};
  fz_document_writer* raw_writer = nullptr;
  error =
      Guarded(ctx, [&] { raw_writer = fz_new_document_writer(ctx, pdf_path.c_str(), "pdf", "compress"); });
  Owned<fz_document_writer> writer = Own(ctx, raw_writer);
  if (error != FZ_ERROR_NONE) return WriteFailed();

  Status outcome;
  for (int frame = 0; frame < info.frames && outcome.ok(); ++frame) {
    fz_pixmap* raw_pixmap = nullptr;
    fz_image* raw_image = nullptr;
    error = Guarded(ctx, [&] {
      if (tiff) {
        raw_pixmap = fz_load_tiff_subimage(ctx, data, size, frame);
        raw_image = fz_new_image_from_pixmap(ctx, raw_pixmap, nullptr);
      } else {
        raw_image = fz_new_image_from_buffer(ctx, raw_buffer);
      }
    });
    Owned<fz_pixmap> pixmap = Own(ctx, raw_pixmap);
    Owned<fz_image> owned_image = Own(ctx, raw_image);
    // The decoder's idea of the size must agree with the header's.
    if (error == FZ_ERROR_NONE && (raw_image->w <= 0 || raw_image->h <= 0 ||
                                   std::int64_t{raw_image->w} * raw_image->h > limits.max_pixels)) {
      return Damaged();
    }
    if (error == FZ_ERROR_NONE) {
      float xres = 0, yres = 0;
      ChooseResolution(raw_image->w, raw_image->h, raw_image->xres, raw_image->yres, &xres, &yres);
      error = Guarded(ctx, [&] {
        const std::uint8_t orientation = fz_image_orientation(ctx, raw_image);
        const bool upright = orientation == 0 || (orientation & 1) == 1;
        const float w = static_cast<float>(raw_image->w) * 72 / xres;
        const float h = static_cast<float>(raw_image->h) * 72 / yres;
        const float page_w = upright ? w : h;
        const float page_h = upright ? h : w;
        const fz_matrix placement =
            fz_post_scale(fz_image_orientation_matrix(ctx, raw_image), page_w, page_h);
        fz_device* dev = fz_begin_page(ctx, raw_writer, fz_make_rect(0, 0, page_w, page_h));  // the writer's
        fz_fill_image(ctx, dev, raw_image, placement, 1, fz_default_color_params);
        fz_end_page(ctx, raw_writer);
      });
    }
    if (error == FZ_ERROR_MEMORY) {
      outcome = Status::TooLarge(
          "this image needs more memory to read than is allowed: it may be damaged or built to exhaust "
          "memory");
    } else if (error != FZ_ERROR_NONE) {
      outcome = Damaged();
    }
  }
  if (!outcome.ok()) return outcome;
  error = Guarded(ctx, [&] { fz_close_document_writer(ctx, raw_writer); });
  if (error != FZ_ERROR_NONE) return WriteFailed();
  writer.reset();
  cleanup.keep = true;
  return Status::Ok();
}

}  // namespace sardesk::pdf
