#include "pdf/pdf_document.h"

#include "pdf/mupdf_support.h"

extern "C" {
#include <mupdf/fitz.h>
}

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <locale>
#include <map>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

namespace sardesk::pdf {
namespace {

constexpr std::int64_t kMiB = std::int64_t{1} << 20;

using internal::ContextPtr;
using internal::Guarded;
using internal::Heap;
using internal::NewContext;
using internal::Own;
using internal::Owned;
using internal::Dropper;
using internal::PageMapHold;

// ---------------------------------------------------------------------------
// Messages.

Status Damaged() {
  return Status::Invalid("this file is damaged or is not a PDF and cannot be read");
}

Status FromMupdf(int error) {
  if (error == FZ_ERROR_MEMORY) {
    return Status::Invalid(
        "this PDF needs more memory to read than is allowed: it may be damaged or "
        "deliberately malformed");
  }
  return Damaged();
}

Status NoReader() { return Status::Internal("the PDF reader could not start: out of memory"); }

std::string MiB(std::int64_t bytes) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  if (bytes % kMiB == 0) {
    out << bytes / kMiB;
  } else {
    out.setf(std::ios::fixed);
    out.precision(2);
    out << static_cast<double>(bytes) / static_cast<double>(kMiB);
  }
  out << " MiB";
  return out.str();
}

Status TooLarge(std::int64_t limit) {
  return Status::Invalid("this file is larger than the limit of " + MiB(limit));
}

// ---------------------------------------------------------------------------
// Text helpers.

using internal::AppendUtf8;
using internal::IsSeparator;

// Decodes UTF-8; each malformed sequence becomes one U+FFFD.
std::u32string DecodeUtf8(std::string_view in) {
  std::u32string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto b0 = static_cast<unsigned char>(in[i]);
    int extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xe0) == 0xc0) {
      extra = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if ((b0 & 0xf0) == 0xe0) {
      extra = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if ((b0 & 0xf8) == 0xf0) {
      extra = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      out += U'\ufffd';
      ++i;
      continue;
    }
    bool ok = i + static_cast<std::size_t>(extra) < in.size();
    for (int k = 1; ok && k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(in[i + static_cast<std::size_t>(k)]);
      if ((b & 0xc0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (b & 0x3f);
      }
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      out += U'\ufffd';
      ++i;
      continue;
    }
    out += cp;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char32_t cp : in) AppendUtf8(out, static_cast<int>(cp));
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// PdfDocument

struct PdfDocument::Impl {
  // Declaration order matters: the document is dropped before the context,
  // the context before the heap it allocates from and the bytes it reads.
  Limits limits;
  Heap heap;
  std::string bytes;  // the PDF when opened from memory; MuPDF reads it in place
  ContextPtr ctx;
  Owned<fz_document> doc{nullptr, Dropper<fz_document>{nullptr}};
  pdf_document* pdf = nullptr;  // the same document as a PDF, owned by `doc`
  PageMapHold map;              // released before the document is dropped
  int pages = 0;

  Status CheckPage(int page) const {
    if (page < 0 || page >= pages) {
      return Status::Invalid("page " + std::to_string(page + 1) + " does not exist: this PDF has " +
                             std::to_string(pages) + (pages == 1 ? " page" : " pages"));
    }
    return Status::Ok();
  }

  // Loads `page` and, when `flags` >= 0, its structured text.
  Status LoadPage(int page, int flags, Owned<fz_page>* out_page, fz_rect* bounds,
                  Owned<fz_stext_page>* out_text) {
    SARDESK_RETURN_IF_ERROR(CheckPage(page));
    fz_context* c = ctx.get();
    fz_page* raw_page = nullptr;
    fz_stext_page* raw_text = nullptr;
    fz_device* dev = nullptr;
    fz_stext_options options;
    std::memset(&options, 0, sizeof options);
    options.flags = flags;
    const int error = Guarded(c, [&] {
      raw_page = pdf != nullptr ? &internal::LoadPage(c, pdf, page)->super : fz_load_page(c, doc.get(), page);
      *bounds = fz_bound_page(c, raw_page);
      if (flags >= 0) {
        // fz_run_page, not fz_new_stext_page_from_page: annotations and form
        // field values are part of the record and must be read too.
        raw_text = fz_new_stext_page(c, *bounds);
        dev = fz_new_stext_device(c, raw_text, &options);
        fz_run_page(c, raw_page, dev, fz_identity, nullptr);
        fz_close_device(c, dev);
      }
    });
    fz_drop_device(c, dev);
    *out_page = Own(c, raw_page);
    if (out_text != nullptr) *out_text = Own(c, raw_text);
    if (error != FZ_ERROR_NONE) return FromMupdf(error);
    return Status::Ok();
  }
};

PdfDocument::PdfDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfDocument::~PdfDocument() = default;

int PdfDocument::page_count() const { return impl_->pages; }

namespace {

// Opens the PDF from `path` or, when null, from impl->bytes.
Result<std::unique_ptr<PdfDocument>> OpenWith(std::unique_ptr<PdfDocument::Impl> impl,
                                              const char* path) {
  impl->ctx = NewContext(&impl->heap);
  if (!impl->ctx) return NoReader();
  fz_context* ctx = impl->ctx.get();
  impl->doc = Own<fz_document>(ctx, nullptr);

  fz_stream* raw_stream = nullptr;
  fz_document* raw_doc = nullptr;
  const auto* data = reinterpret_cast<const unsigned char*>(impl->bytes.data());
  const std::size_t size = impl->bytes.size();
  int error = Guarded(ctx, [&] {
    fz_register_document_handlers(ctx);
    raw_stream = path != nullptr ? fz_open_file(ctx, path) : fz_open_memory(ctx, data, size);
    raw_doc = fz_open_document_with_stream(ctx, "application/pdf", raw_stream);
  });
  Own(ctx, raw_stream);  // the document keeps its own reference
  impl->doc = Own(ctx, raw_doc);
  if (error != FZ_ERROR_NONE) {
    if (raw_stream == nullptr && path != nullptr) {
      return Status::NotFound("this file could not be opened: check it still exists");
    }
    return FromMupdf(error);
  }

  int needs_password = 0;
  error = Guarded(ctx, [&] { needs_password = fz_needs_password(ctx, raw_doc); });
  if (error != FZ_ERROR_NONE) return FromMupdf(error);
  if (needs_password != 0) {
    return Status::Invalid(
        "this PDF is password protected: ask the service area for an unprotected copy");
  }

  int pages = 0;
  error = Guarded(ctx, [&] { pages = fz_count_pages(ctx, raw_doc); });
  if (error != FZ_ERROR_NONE) return FromMupdf(error);
  if (pages <= 0) return Damaged();
  if (pages > impl->limits.max_pages) {
    return Status::Invalid("this PDF has more than " + std::to_string(impl->limits.max_pages) +
                           " pages");
  }
  impl->pages = pages;
  error = Guarded(ctx, [&] { impl->pdf = pdf_specifics(ctx, raw_doc); });
  if (error == FZ_ERROR_NONE && impl->pdf != nullptr) impl->map.Load(ctx, impl->pdf);
  return std::make_unique<PdfDocument>(std::move(impl));
}

}  // namespace

Result<std::unique_ptr<PdfDocument>> PdfDocument::Open(const std::string& path,
                                                       const Limits& limits) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::NotFound("this file could not be found");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::Invalid("this is not a file and cannot be read as a PDF");
  }
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound("this file could not be opened: check it still exists");
  if (size == 0) return Status::Invalid("this file is empty");
  if (size > static_cast<std::uintmax_t>(std::max<std::int64_t>(limits.max_bytes, 0))) {
    return TooLarge(limits.max_bytes);
  }
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  return OpenWith(std::move(impl), path.c_str());
}

Result<std::unique_ptr<PdfDocument>> PdfDocument::OpenMemory(std::string bytes,
                                                             const Limits& limits) {
  if (bytes.empty()) return Status::Invalid("this file is empty");
  if (bytes.size() > static_cast<std::uint64_t>(std::max<std::int64_t>(limits.max_bytes, 0))) {
    return TooLarge(limits.max_bytes);
  }
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->bytes = std::move(bytes);
  return OpenWith(std::move(impl), nullptr);
}

Result<PageText> PdfDocument::ExtractText(int page) {
  Owned<fz_page> loaded = Own<fz_page>(impl_->ctx.get(), nullptr);
  Owned<fz_stext_page> stext = Own<fz_stext_page>(impl_->ctx.get(), nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(impl_->LoadPage(page, 0, &loaded, &bounds, &stext));

  PageText result;
  result.index = page;
  result.width = bounds.x1 - bounds.x0;
  result.height = bounds.y1 - bounds.y0;

  Word word{};
  bool in_word = false;
  auto finish_word = [&] {
    if (!in_word) return;
    if (!result.text.empty() && result.text.back() != '\n') result.text += ' ';
    result.text += word.text;
    result.words.push_back(std::move(word));
    word = Word{};
    in_word = false;
  };
  for (const fz_stext_block* block = stext->first_block; block != nullptr; block = block->next) {
    if (block->type != FZ_STEXT_BLOCK_TEXT) continue;
    for (const fz_stext_line* line = block->u.t.first_line; line != nullptr; line = line->next) {
      for (const fz_stext_char* ch = line->first_char; ch != nullptr; ch = ch->next) {
        if (IsSeparator(ch->c)) {
          finish_word();
          continue;
        }
        // Boxes are relative to the page's top-left corner.
        fz_rect box = fz_rect_from_quad(ch->quad);
        box = fz_translate_rect(box, -bounds.x0, -bounds.y0);
        if (!in_word) {
          word = Word{{}, box.x0, box.y0, box.x1, box.y1};
          in_word = true;
        } else {
          word.x0 = std::min(word.x0, box.x0);
          word.y0 = std::min(word.y0, box.y0);
          word.x1 = std::max(word.x1, box.x1);
          word.y1 = std::max(word.y1, box.y1);
        }
        AppendUtf8(word.text, ch->c);
      }
      finish_word();
      if (!result.text.empty() && result.text.back() != '\n') result.text += '\n';
    }
  }
  if (!result.text.empty() && result.text.back() == '\n') result.text.pop_back();
  return result;
}

Result<std::string> PdfDocument::RenderPng(int page, int dpi) {
  if (dpi <= 0) return Status::Invalid("the resolution must be at least 1 dpi");
  SARDESK_RETURN_IF_ERROR(impl_->CheckPage(page));
  fz_context* ctx = impl_->ctx.get();
  Owned<fz_page> loaded = Own<fz_page>(ctx, nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(impl_->LoadPage(page, -1, &loaded, &bounds, nullptr));

  const float zoom = static_cast<float>(dpi) / 72.0f;
  const fz_matrix ctm = fz_scale(zoom, zoom);
  const double width = (static_cast<double>(bounds.x1) - bounds.x0) * dpi / 72.0;
  const double height = (static_cast<double>(bounds.y1) - bounds.y0) * dpi / 72.0;
  if (!std::isfinite(width) || !std::isfinite(height) || width < 0.5 || height < 0.5) {
    return Damaged();
  }
  const fz_irect area = fz_round_rect(fz_transform_rect(bounds, ctm));
  const double pixels = std::max(width * height, (static_cast<double>(area.x1) - area.x0) *
                                                     (static_cast<double>(area.y1) - area.y0));
  if (pixels > static_cast<double>(impl_->limits.max_render_pixels)) {
    return Status::Invalid("page " + std::to_string(page + 1) + " at " + std::to_string(dpi) +
                           " dpi would be larger than the limit of " +
                           std::to_string(impl_->limits.max_render_pixels) +
                           " pixels: choose a lower resolution");
  }

  fz_pixmap* raw_pixmap = nullptr;
  fz_buffer* raw_png = nullptr;
  fz_page* raw_page = loaded.get();
  const int error = Guarded(ctx, [&] {
    raw_pixmap = fz_new_pixmap_from_page(ctx, raw_page, ctm, fz_device_rgb(ctx), 0);
    raw_png = fz_new_buffer_from_pixmap_as_png(ctx, raw_pixmap, fz_default_color_params);
  });
  Owned<fz_pixmap> pixmap = Own(ctx, raw_pixmap);
  Owned<fz_buffer> png = Own(ctx, raw_png);
  if (error != FZ_ERROR_NONE) return FromMupdf(error);
  unsigned char* data = nullptr;
  const std::size_t size = fz_buffer_storage(ctx, png.get(), &data);
  return std::string(reinterpret_cast<const char*>(data), size);
}

Result<bool> PdfDocument::LooksScanned(int page) {
  Owned<fz_page> loaded = Own<fz_page>(impl_->ctx.get(), nullptr);
  Owned<fz_stext_page> stext = Own<fz_stext_page>(impl_->ctx.get(), nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(
      impl_->LoadPage(page, FZ_STEXT_PRESERVE_IMAGES, &loaded, &bounds, &stext));
  bool has_image = false;
  for (const fz_stext_block* block = stext->first_block; block != nullptr; block = block->next) {
    if (block->type == FZ_STEXT_BLOCK_IMAGE) {
      has_image = true;
      continue;
    }
    if (block->type != FZ_STEXT_BLOCK_TEXT) continue;
    for (const fz_stext_line* line = block->u.t.first_line; line != nullptr; line = line->next) {
      for (const fz_stext_char* ch = line->first_char; ch != nullptr; ch = ch->next) {
        if (!IsSeparator(ch->c)) return false;
      }
    }
  }
  return has_image;
}

Result<GrayImage> PdfDocument::RenderGray(int page, float dpi) {
  if (!std::isfinite(dpi) || dpi < 1 || dpi > 2400) {
    return Status::Invalid("the resolution must be between 1 and 2400 dpi");
  }
  fz_context* ctx = impl_->ctx.get();
  Owned<fz_page> loaded = Own<fz_page>(ctx, nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(impl_->LoadPage(page, -1, &loaded, &bounds, nullptr));
  const float zoom = dpi / 72.0f;
  // Scaled, with the page's top-left corner at pixel (0,0).
  const fz_matrix ctm = fz_pre_translate(fz_scale(zoom, zoom), -bounds.x0, -bounds.y0);
  const fz_irect area = fz_round_rect(fz_transform_rect(bounds, ctm));
  const double width = static_cast<double>(area.x1) - area.x0;
  const double height = static_cast<double>(area.y1) - area.y0;
  if (width < 1 || height < 1) return Damaged();
  if (width * height > static_cast<double>(impl_->limits.max_render_pixels)) {
    return Status::TooLarge("page " + std::to_string(page + 1) + " at " + std::to_string(std::lround(dpi)) +
                            " dpi would be larger than the limit of " +
                            std::to_string(impl_->limits.max_render_pixels) + " pixels");
  }
  fz_pixmap* raw_pixmap = nullptr;
  fz_page* raw_page = loaded.get();
  const int error = Guarded(ctx, [&] {
    raw_pixmap = fz_new_pixmap_from_page(ctx, raw_page, ctm, fz_device_gray(ctx), 0);
  });
  Owned<fz_pixmap> pixmap = Own(ctx, raw_pixmap);
  if (error != FZ_ERROR_NONE) return FromMupdf(error);
  GrayImage image;
  image.width = fz_pixmap_width(ctx, raw_pixmap);
  image.height = fz_pixmap_height(ctx, raw_pixmap);
  image.dpi = dpi;
  const auto stride = static_cast<std::size_t>(fz_pixmap_stride(ctx, raw_pixmap));
  const auto row = static_cast<std::size_t>(image.width);
  if (fz_pixmap_components(ctx, raw_pixmap) != 1 || stride < row) return Damaged();
  const unsigned char* samples = fz_pixmap_samples(ctx, raw_pixmap);
  image.bytes.resize(row * static_cast<std::size_t>(image.height));
  for (std::size_t y = 0; y < static_cast<std::size_t>(image.height); ++y) {
    std::memcpy(image.bytes.data() + y * row, samples + y * stride, row);
  }
  return image;
}

Result<float> PdfDocument::ImageResolution(int page) {
  Owned<fz_page> loaded = Own<fz_page>(impl_->ctx.get(), nullptr);
  Owned<fz_stext_page> stext = Own<fz_stext_page>(impl_->ctx.get(), nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(
      impl_->LoadPage(page, FZ_STEXT_PRESERVE_IMAGES, &loaded, &bounds, &stext));
  float largest = 0;
  float dpi = 0;
  for (const fz_stext_block* block = stext->first_block; block != nullptr; block = block->next) {
    if (block->type != FZ_STEXT_BLOCK_IMAGE || block->u.i.image == nullptr) continue;
    const float w = block->bbox.x1 - block->bbox.x0;
    const float h = block->bbox.y1 - block->bbox.y0;
    if (!(w > 0 && h > 0) || w * h <= largest) continue;
    largest = w * h;
    // Longer side against longer side, so a quarter-turned image counts right.
    const fz_image* image = block->u.i.image;
    dpi = static_cast<float>(std::max(image->w, image->h)) * 72.0f / std::max(w, h);
  }
  return std::isfinite(dpi) ? dpi : 0.0f;
}

Result<std::vector<GrayImage>> PdfDocument::PageImages(int page) {
  fz_context* ctx = impl_->ctx.get();
  Owned<fz_page> loaded = Own<fz_page>(ctx, nullptr);
  Owned<fz_stext_page> stext = Own<fz_stext_page>(ctx, nullptr);
  fz_rect bounds{};
  SARDESK_RETURN_IF_ERROR(impl_->LoadPage(page, FZ_STEXT_PRESERVE_IMAGES, &loaded, &bounds, &stext));
  std::vector<GrayImage> images;
  for (const fz_stext_block* block = stext->first_block; block != nullptr; block = block->next) {
    if (block->type != FZ_STEXT_BLOCK_IMAGE || block->u.i.image == nullptr) continue;
    fz_image* image = block->u.i.image;
    if (image->w < 16 || image->h < 16 ||
        std::int64_t{image->w} * image->h > impl_->limits.max_render_pixels)
      continue;
    fz_pixmap* raw = nullptr;
    fz_pixmap* raw_gray = nullptr;
    const int error = Guarded(ctx, [&] {
      raw = fz_get_pixmap_from_image(ctx, image, nullptr, nullptr, nullptr, nullptr);
      if (fz_pixmap_colorspace(ctx, raw) != nullptr && fz_pixmap_colorspace(ctx, raw) != fz_device_gray(ctx))
        raw_gray = fz_convert_pixmap(ctx, raw, fz_device_gray(ctx), nullptr, nullptr, fz_default_color_params, 0);
    });
    Owned<fz_pixmap> pixmap = Own(ctx, raw);
    Owned<fz_pixmap> gray = Own(ctx, raw_gray);
    if (error != FZ_ERROR_NONE) continue;  // undecodable: the pixel checks on the page still apply
    fz_pixmap* pix = raw_gray ? raw_gray : raw;
    const int n = fz_pixmap_components(ctx, pix);
    const bool mask = fz_pixmap_colorspace(ctx, pix) == nullptr;  // a stencil: alpha only
    GrayImage out;
    out.width = fz_pixmap_width(ctx, pix);
    out.height = fz_pixmap_height(ctx, pix);
    const float shown = std::max(block->bbox.x1 - block->bbox.x0, block->bbox.y1 - block->bbox.y0);
    out.dpi = shown > 0 ? static_cast<float>(std::max(out.width, out.height)) * 72.0f / shown : 0;
    if (!std::isfinite(out.dpi) || out.dpi > 2400) out.dpi = 0;
    const auto stride = static_cast<std::size_t>(fz_pixmap_stride(ctx, pix));
    const unsigned char* samples = fz_pixmap_samples(ctx, pix);
    out.bytes.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    for (int y = 0; y < out.height; ++y) {
      const unsigned char* row = samples + static_cast<std::size_t>(y) * stride;
      for (int x = 0; x < out.width; ++x) {
        const unsigned char v = row[static_cast<std::size_t>(x) * static_cast<std::size_t>(n)];
        // A stencil paints where its alpha is set: paint is dark.
        out.bytes[static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) + static_cast<std::size_t>(x)] =
            static_cast<char>(mask ? 255 - v : v);
      }
    }
    images.push_back(std::move(out));
  }
  return images;
}

// ---------------------------------------------------------------------------
// WriteTextPdf

namespace {

constexpr float kPageWidth = 595.0f;  // A4 in points
constexpr float kPageHeight = 842.0f;
constexpr float kMargin = 56.0f;
constexpr float kFontSize = 11.0f;
constexpr float kLeading = 14.0f;

using LaidOutPage = std::vector<std::string>;  // lines of UTF-8

// Greedy line breaking on spaces; a word wider than the line is broken
// between characters. `width_of` gives a character's advance in points.
class Layout {
 public:
  template <typename WidthOf>
  Status AddPage(std::u32string_view text, WidthOf&& width_of) {
    StartPage();
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find_first_of(U"\n\f", start);
      if (end == std::u32string_view::npos) end = text.size();
      SARDESK_RETURN_IF_ERROR(AddParagraph(text.substr(start, end - start), width_of));
      if (end < text.size() && text[end] == U'\f') StartPage();
      start = end + 1;
    }
    return Status::Ok();
  }

  std::vector<LaidOutPage> TakePages() { return std::move(pages_); }

 private:
  static constexpr float kLineWidth = kPageWidth - 2 * kMargin;
  static constexpr int kLinesPerPage = static_cast<int>((kPageHeight - 2 * kMargin) / kLeading);

  void StartPage() { pages_.emplace_back(); }

  void EmitLine(std::u32string_view line) {
    if (static_cast<int>(pages_.back().size()) >= kLinesPerPage) StartPage();
    pages_.back().push_back(EncodeUtf8(line));
  }

  template <typename WidthOf>
  Status AddParagraph(std::u32string_view paragraph, WidthOf&& width_of) {
    std::u32string line;
    float line_width = 0;
    std::size_t i = 0;
    while (i < paragraph.size()) {
      if (paragraph[i] == U' ') {
        ++i;
        continue;
      }
      std::size_t end = paragraph.find(U' ', i);
      if (end == std::u32string_view::npos) end = paragraph.size();
      std::u32string_view word = paragraph.substr(i, end - i);
      i = end;
      float word_width = 0;
      for (char32_t c : word) {
        SARDESK_ASSIGN_OR_RETURN(float w, width_of(c));
        word_width += w;
      }
      SARDESK_ASSIGN_OR_RETURN(const float space, width_of(U' '));
      if (!line.empty() && line_width + space + word_width <= kLineWidth) {
        line += U' ';
        line += word;
        line_width += space + word_width;
        continue;
      }
      if (!line.empty()) EmitLine(line);
      line.clear();
      line_width = 0;
      // A word too long for a line of its own is broken between characters.
      for (char32_t c : word) {
        SARDESK_ASSIGN_OR_RETURN(const float w, width_of(c));
        if (!line.empty() && line_width + w > kLineWidth) {
          EmitLine(line);
          line.clear();
          line_width = 0;
        }
        line += c;
        line_width += w;
      }
    }
    EmitLine(line);  // an empty paragraph is a blank line
    return Status::Ok();
  }

  std::vector<LaidOutPage> pages_;
};

// Tabs become spaces; carriage returns and other control characters go.
std::u32string CleanText(const std::string& text) {
  std::u32string out;
  for (char32_t c : DecodeUtf8(text)) {
    if (c == U'\t') {
      out += U' ';
    } else if (c == U'\n' || c == U'\f') {
      out += c;
    } else if (c >= 0x20 && !(c >= 0x7f && c < 0xa0)) {
      out += c;
    }
  }
  return out;
}

Status WriteFailed() {
  return Status::Internal(
      "the PDF could not be written: check the folder exists and there is space on the disk");
}

}  // namespace

Status WriteTextPdf(const std::string& path, const std::vector<std::string>& pages) {
  if (pages.empty()) return Status::Invalid("there is nothing to write: no pages were given");
  Heap heap;
  ContextPtr owned_ctx = NewContext(&heap);
  if (!owned_ctx) return NoReader();
  fz_context* ctx = owned_ctx.get();

  fz_font* raw_font = nullptr;
  int error = Guarded(ctx, [&] { raw_font = fz_new_base14_font(ctx, "Helvetica"); });
  Owned<fz_font> font = Own(ctx, raw_font);
  if (error != FZ_ERROR_NONE) return Status::Internal("the PDF font could not be loaded");

  std::map<char32_t, float> widths;
  auto width_of = [&](char32_t c) -> Result<float> {
    if (auto it = widths.find(c); it != widths.end()) return it->second;
    char utf8[8] = {};
    std::string encoded = EncodeUtf8(std::u32string_view(&c, 1));
    std::memcpy(utf8, encoded.data(), encoded.size());
    const fz_matrix start = fz_scale(kFontSize, -kFontSize);
    fz_matrix end = start;
    const int e = Guarded(ctx, [&] {
      end = fz_measure_string(ctx, raw_font, start, utf8, 0, 0, FZ_BIDI_LTR, FZ_LANG_UNSET);
    });
    if (e != FZ_ERROR_NONE) return Status::Internal("the text could not be measured");
    const float w = end.e - start.e;
    widths.emplace(c, w);
    return w;
  };

  Layout layout;
  for (const std::string& page : pages) {
    SARDESK_RETURN_IF_ERROR(layout.AddPage(CleanText(page), width_of));
  }
  const std::vector<LaidOutPage> laid_out = layout.TakePages();

  fz_document_writer* raw_writer = nullptr;
  error = Guarded(
      ctx, [&] { raw_writer = fz_new_document_writer(ctx, path.c_str(), "pdf", "compress"); });
  Owned<fz_document_writer> writer = Own(ctx, raw_writer);
  if (error != FZ_ERROR_NONE) return WriteFailed();

  const fz_rect mediabox = {0, 0, kPageWidth, kPageHeight};
  const float black[1] = {0};
  for (const LaidOutPage& lines : laid_out) {
    fz_text* raw_text = nullptr;
    error = Guarded(ctx, [&] {
      fz_device* dev = fz_begin_page(ctx, raw_writer, mediabox);  // owned by the writer
      raw_text = fz_new_text(ctx);
      float baseline = kMargin + kFontSize;
      for (const std::string& line : lines) {
        if (!line.empty()) {
          const fz_matrix trm = {kFontSize, 0, 0, -kFontSize, kMargin, baseline};
          fz_show_string(ctx, raw_text, raw_font, trm, line.c_str(), 0, 0, FZ_BIDI_LTR,
                         FZ_LANG_UNSET);
        }
        baseline += kLeading;
      }
      fz_fill_text(ctx, dev, raw_text, fz_identity, fz_device_gray(ctx), black, 1.0f,
                   fz_default_color_params);
      fz_end_page(ctx, raw_writer);
    });
    Own(ctx, raw_text);
    if (error != FZ_ERROR_NONE) break;
  }
  if (error == FZ_ERROR_NONE)
    error = Guarded(ctx, [&] { fz_close_document_writer(ctx, raw_writer); });
  writer.reset();
  if (error != FZ_ERROR_NONE) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return WriteFailed();
  }
  return Status::Ok();
}

}  // namespace sardesk::pdf
