#include "pdf/text_layer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <system_error>

#include "pdf/mupdf_support.h"

namespace sardesk::pdf {
namespace {

using internal::Guarded;
using internal::Own;
using internal::Owned;

// A number as PDF content syntax wants it: fixed point, never exponents.
void AppendNumber(std::string& out, double value) {
  if (!std::isfinite(value)) value = 0;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 4);
  if (ec != std::errc()) {
    out += '0';
    return;
  }
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  while (text.back() == '0') text.remove_suffix(1);
  if (text.back() == '.') text.remove_suffix(1);
  if (text == "-0") text = "0";
  out += text;
  out += ' ';
}

// `text` in Windows-1252 (the WinAnsiEncoding of the font dictionary).
std::string ToWinAnsi(const std::string& text) {
  std::string out;
  const char* p = text.c_str();  // NUL-terminated, as fz_chartorune needs
  const char* end = p + text.size();
  while (p < end) {
    int rune = 0;
    p += fz_chartorune(&rune, p);
    const int code = fz_windows_1252_from_unicode(rune);
    out += static_cast<char>(code > 0 && code < 256 ? code : '?');
  }
  return out;
}

struct FontMetrics {
  float ascender = 0.9f;
  float descender = -0.2f;
  std::array<float, 256> advance{};  // per Windows-1252 code, in ems
};

// The content that draws `words` invisibly; `to_user` maps the page as
// displayed (top-left origin, points) to the page's user space.
std::string LayerContent(const std::vector<Word>& words, const FontMetrics& font,
                         const std::string& font_name, fz_matrix to_user, fz_point origin) {
  std::string out = "Q\nq BT 3 Tr 0 Tc 0 Tw 100 Tz 0 Ts /" + font_name + " 1 Tf\n";
  const float em_height = font.ascender - font.descender;
  for (const Word& word : words) {
    const float x0 = word.x0 + origin.x, y0 = word.y0 + origin.y;
    const float width = word.x1 - word.x0, height = word.y1 - word.y0;
    if (!std::isfinite(width) || !std::isfinite(height) || width <= 0 || height <= 0) continue;
    const std::string encoded = ToWinAnsi(word.text);
    if (encoded.empty()) continue;
    float ems = 0;
    for (unsigned char c : encoded) ems += font.advance[c];
    const float size = height / (em_height > 0 ? em_height : 1.0f);
    const float stretch = ems > 0 ? width / (ems * size) : 1.0f;
    // Glyph space to the displayed page (y grows downwards there), then to user space.
    const fz_matrix on_page = {size * stretch, 0, 0, -size, x0, y0 + font.ascender * size};
    const fz_matrix m = fz_concat(on_page, to_user);
    for (float v : {m.a, m.b, m.c, m.d, m.e, m.f}) AppendNumber(out, v);
    out += "Tm <";
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned char c : encoded) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    out += "> Tj\n";
  }
  out += "ET Q\n";
  return out;
}

Status WriteFailed() {
  return Status::Internal(
      "the PDF could not be written: check the folder exists and there is space on the disk");
}

}  // namespace

Status WriteWithTextLayer(const std::string& in_path, const std::string& out_path,
                          const std::vector<PageWords>& pages, const Limits& limits) {
  if (in_path == out_path) return Status::Invalid("the text layer must be written to a new file");
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(in_path, ec);
  if (ec) return Status::NotFound("this file could not be opened: check it still exists");
  if (size > static_cast<std::uintmax_t>(std::max<std::int64_t>(limits.max_bytes, 0))) {
    return Status::TooLarge("this file is larger than the limit of " +
                            std::to_string(limits.max_bytes >> 20) + " MiB");
  }
  std::map<int, const std::vector<Word>*> by_page;
  for (const PageWords& p : pages) {
    if (!by_page.emplace(p.page, &p.words).second) {
      return Status::Invalid("page " + std::to_string(p.page + 1) + " was given twice");
    }
  }

  internal::Heap heap;
  internal::ContextPtr owned_ctx = internal::NewContext(&heap);
  if (!owned_ctx) return Status::Internal("the PDF writer could not start: out of memory");
  fz_context* ctx = owned_ctx.get();

  pdf_document* raw_doc = nullptr;
  fz_font* raw_font = nullptr;
  pdf_obj* raw_font_ref = nullptr;
  int page_count = 0;
  int needs_password = 0;
  FontMetrics metrics;
  int error = Guarded(ctx, [&] {
    raw_doc = pdf_open_document(ctx, in_path.c_str());
    needs_password = pdf_needs_password(ctx, raw_doc);
    if (needs_password) return;
    page_count = pdf_count_pages(ctx, raw_doc);
    raw_font = fz_new_base14_font(ctx, "Helvetica");
    metrics.ascender = fz_font_ascender(ctx, raw_font);
    metrics.descender = fz_font_descender(ctx, raw_font);
    for (int code = 0; code < 256; ++code) {
      const int glyph = fz_encode_character(ctx, raw_font, fz_unicode_from_windows_1252[code]);
      metrics.advance[static_cast<std::size_t>(code)] = fz_advance_glyph(ctx, raw_font, glyph, 0);
    }
    // Not embedded: Helvetica is one of the 14 fonts every reader has.
    raw_font_ref = pdf_add_new_dict(ctx, raw_doc, 4);
    pdf_dict_put(ctx, raw_font_ref, PDF_NAME(Type), PDF_NAME(Font));
    pdf_dict_put(ctx, raw_font_ref, PDF_NAME(Subtype), PDF_NAME(Type1));
    pdf_dict_put_name(ctx, raw_font_ref, PDF_NAME(BaseFont), "Helvetica");
    pdf_dict_put(ctx, raw_font_ref, PDF_NAME(Encoding), PDF_NAME(WinAnsiEncoding));
  });
  Owned<pdf_document> doc = Own(ctx, raw_doc);
  Owned<fz_font> font = Own(ctx, raw_font);
  Owned<pdf_obj> font_ref = Own(ctx, raw_font_ref);
  if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  if (needs_password) {
    return Status::Invalid("this PDF is password protected: ask the service area for an unprotected copy");
  }
  if (page_count > limits.max_pages) {
    return Status::Invalid("this PDF has more than " + std::to_string(limits.max_pages) + " pages");
  }

  for (const auto& [page, words] : by_page) {
    if (page < 0 || page >= page_count) {
      return Status::Invalid("page " + std::to_string(page + 1) + " does not exist: this PDF has " +
                             std::to_string(page_count) + " pages");
    }
    // Copies of the page's resources and fonts, so that pages sharing them
    // are not changed, and a font name the page does not use yet.
    pdf_obj* page_obj = nullptr;
    pdf_obj* raw_resources = nullptr;
    pdf_obj* raw_fonts = nullptr;
    fz_matrix page_ctm = fz_identity;
    fz_rect mediabox = fz_empty_rect;
    char name[24] = "SardeskOcr";
    error = Guarded(ctx, [&] {
      page_obj = pdf_lookup_page_obj(ctx, raw_doc, page);
      pdf_page_obj_transform(ctx, page_obj, &mediabox, &page_ctm);
      pdf_obj* inherited =
          pdf_resolve_indirect(ctx, pdf_dict_get_inheritable(ctx, page_obj, PDF_NAME(Resources)));
      raw_resources =
          pdf_is_dict(ctx, inherited) ? pdf_copy_dict(ctx, inherited) : pdf_new_dict(ctx, raw_doc, 1);
      pdf_obj* fonts = pdf_resolve_indirect(ctx, pdf_dict_get(ctx, raw_resources, PDF_NAME(Font)));
      raw_fonts = pdf_is_dict(ctx, fonts) ? pdf_copy_dict(ctx, fonts) : pdf_new_dict(ctx, raw_doc, 1);
      for (int n = 2; pdf_dict_gets(ctx, raw_fonts, name) != nullptr && n < 1000; ++n) {
        fz_snprintf(name, sizeof name, "SardeskOcr%d", n);
      }
    });
    Owned<pdf_obj> resources = Own(ctx, raw_resources);
    Owned<pdf_obj> fonts = Own(ctx, raw_fonts);
    if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);

    const fz_rect shown = fz_transform_rect(mediabox, page_ctm);
    const std::string layer =
        LayerContent(*words, metrics, name, fz_invert_matrix(page_ctm), fz_point{shown.x0, shown.y0});
    fz_buffer* raw_prefix = nullptr;
    fz_buffer* raw_layer = nullptr;
    pdf_obj* raw_contents = nullptr;
    error = Guarded(ctx, [&] {
      // q ... Q around the page's own content, so whatever state it leaves
      // behind cannot move or show the layer.
      raw_prefix = fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>("q\n"), 2);
      raw_layer = fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>(layer.data()),
                                                 layer.size());
      pdf_obj* old = pdf_dict_get(ctx, page_obj, PDF_NAME(Contents));
      raw_contents = pdf_new_array(ctx, raw_doc, 4);
      pdf_array_push_drop(ctx, raw_contents, pdf_add_stream(ctx, raw_doc, raw_prefix, nullptr, 0));
      if (pdf_is_array(ctx, old)) {
        for (int i = 0; i < pdf_array_len(ctx, old); ++i)
          pdf_array_push(ctx, raw_contents, pdf_array_get(ctx, old, i));
      } else if (old != nullptr) {
        pdf_array_push(ctx, raw_contents, old);
      }
      pdf_array_push_drop(ctx, raw_contents, pdf_add_stream(ctx, raw_doc, raw_layer, nullptr, 0));
      pdf_dict_puts(ctx, raw_fonts, name, raw_font_ref);
      pdf_dict_put(ctx, raw_resources, PDF_NAME(Font), raw_fonts);
      pdf_dict_put(ctx, page_obj, PDF_NAME(Resources), raw_resources);
      pdf_dict_put(ctx, page_obj, PDF_NAME(Contents), raw_contents);
    });
    Own(ctx, raw_prefix);
    Own(ctx, raw_layer);
    Own(ctx, raw_contents);
    if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  }

  pdf_write_options options = pdf_default_write_options;
  options.do_compress = 1;
  error = Guarded(ctx, [&] { pdf_save_document(ctx, raw_doc, out_path.c_str(), &options); });
  if (error != FZ_ERROR_NONE) {
    std::filesystem::remove(out_path, ec);
    return error == FZ_ERROR_MEMORY ? internal::ReadFailure(error) : WriteFailed();
  }
  return Status::Ok();
}

}  // namespace sardesk::pdf
