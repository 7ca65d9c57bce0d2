#include "pdf/pdf_redact.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>
#include <fcntl.h>

#include "pdf/content_stream.h"
#include "pdf/mupdf_support.h"

extern char** environ;

namespace sardesk::pdf {

using internal::Guarded;
using internal::Own;
using internal::Owned;

namespace {

constexpr int kMaxFormDepth = 8;

// ---------------------------------------------------------------------------
// Opening

struct OpenPdf {
  internal::Heap heap;
  internal::ContextPtr ctx;
  Owned<pdf_document> doc{nullptr, internal::Dropper<pdf_document>{nullptr}};
  internal::PageMapHold map;  // released before the document is dropped
  int pages = 0;
};

Status OpenInto(OpenPdf* p, const std::string& path, const Limits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Status::NotFound("no such file");
  auto size = std::filesystem::file_size(path, ec);
  if (ec || size == 0) return Status::Invalid("this file is empty");
  if (static_cast<std::int64_t>(size) > limits.max_bytes)
    return Status::Invalid("larger than the limit of " + std::to_string(limits.max_bytes >> 20) + " MiB");
  p->ctx = internal::NewContext(&p->heap);
  if (!p->ctx) return Status::Internal("the PDF reader could not start: out of memory");
  fz_context* ctx = p->ctx.get();
  pdf_document* raw = nullptr;
  int needs_password = 0, pages = 0;
  int error = Guarded(ctx, [&] {
    raw = pdf_open_document(ctx, path.c_str());
    needs_password = pdf_needs_password(ctx, raw);
    if (!needs_password) pages = pdf_count_pages(ctx, raw);
  });
  p->doc = Own(ctx, raw);
  if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  if (needs_password)
    return Status::Invalid("this PDF is password protected: ask the service area for an unprotected copy");
  if (pages <= 0) return Status::Invalid("this file is damaged or is not a PDF and cannot be read");
  if (pages > limits.max_pages)
    return Status::Invalid("this PDF has more than " + std::to_string(limits.max_pages) + " pages");
  p->pages = pages;
  p->map.Load(ctx, raw);
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Layout

Status ReadLayoutOf(fz_context* ctx, pdf_document* doc, int index, PageLayout* out) {
  pdf_page* page = nullptr;
  fz_stext_page* stext = nullptr;
  fz_rect bounds{};
  fz_stext_options opts;
  std::memset(&opts, 0, sizeof opts);
  opts.flags = FZ_STEXT_PRESERVE_IMAGES;
  fz_device* dev = nullptr;
  int error = Guarded(ctx, [&] {
    page = internal::LoadPage(ctx, doc, index);
    bounds = fz_bound_page(ctx, &page->super);
    // Contents, annotations and form fields: everything a reader shows.
    stext = fz_new_stext_page(ctx, bounds);
    dev = fz_new_stext_device(ctx, stext, &opts);
    pdf_run_page(ctx, page, dev, fz_identity, nullptr);
    fz_close_device(ctx, dev);
  });
  auto own_dev = Own(ctx, dev);
  auto own_page = Own(ctx, page);
  auto own_text = Own(ctx, stext);
  if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  {
    fz_rect mediabox;
    fz_matrix ctm = fz_identity;
    error = Guarded(ctx, [&] { pdf_page_transform(ctx, page, &mediabox, &ctm); });
    if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
    ctm = fz_concat(ctm, fz_translate(-bounds.x0, -bounds.y0));
    const float m[6] = {ctm.a, ctm.b, ctm.c, ctm.d, ctm.e, ctm.f};
    std::copy(m, m + 6, out->to_layout);
  }
  out->index = index;
  out->width = bounds.x1 - bounds.x0;
  out->height = bounds.y1 - bounds.y0;
  out->text.clear();
  out->chars.clear();
  out->has_images = false;
  bool in_word = false;
  for (fz_stext_block* b = stext->first_block; b; b = b->next) {
    if (b->type == FZ_STEXT_BLOCK_IMAGE) {
      out->has_images = true;
      continue;
    }
    if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
    for (fz_stext_line* line = b->u.t.first_line; line; line = line->next) {
      for (fz_stext_char* ch = line->first_char; ch; ch = ch->next) {
        if (internal::IsSeparator(ch->c)) {
          in_word = false;
          continue;
        }
        if (!in_word && !out->text.empty() && out->text.back() != '\n') out->text += ' ';
        in_word = true;
        fz_rect box = fz_translate_rect(fz_rect_from_quad(ch->quad), -bounds.x0, -bounds.y0);
        CharBox c;
        c.offset = static_cast<std::uint32_t>(out->text.size());
        internal::AppendUtf8(out->text, ch->c);
        c.length = static_cast<std::uint32_t>(out->text.size()) - c.offset;
        c.box = {box.x0, box.y0, box.x1, box.y1};
        out->chars.push_back(c);
      }
      in_word = false;
      if (!out->text.empty() && out->text.back() != '\n') out->text += '\n';
    }
  }
  if (!out->text.empty() && out->text.back() == '\n') out->text.pop_back();
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// Geometry

fz_rect ToFz(const Rect& r) { return fz_make_rect(r.x0, r.y0, r.x1, r.y1); }

bool Overlaps(const fz_rect& a, const fz_rect& b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

bool Inside(float x, float y, const fz_rect& r) { return x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1; }

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

// Escapes a string for a PDF literal.
std::string PdfLiteral(const std::string& bytes) {
  std::string out = "(";
  for (unsigned char c : bytes) {
    if (c == '(' || c == ')' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 32 || c > 126) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + ")";
}

// UTF-8 to WinAnsi bytes for Helvetica; characters it lacks become '?'.
std::string ToWinAnsi(const std::string& utf8) {
  std::string out;
  size_t i = 0;
  while (i < utf8.size()) {
    auto b = static_cast<unsigned char>(utf8[i]);
    int cp = 0, extra = 0;
    if (b < 0x80) cp = b;
    else if ((b & 0xe0) == 0xc0) { cp = b & 0x1f; extra = 1; }
    else if ((b & 0xf0) == 0xe0) { cp = b & 0x0f; extra = 2; }
    else { cp = b & 0x07; extra = 3; }
    for (int k = 1; k <= extra && i + static_cast<size_t>(k) < utf8.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]) & 0x3f);
    i += static_cast<size_t>(extra) + 1;
    int c = fz_windows_1252_from_unicode(cp);
    out += static_cast<char>(c > 0 ? c : '?');
  }
  return out;
}

// Helvetica's advance width of WinAnsi bytes, in thousandths of the size.
float HelveticaWidth(fz_context* ctx, fz_font* font, const std::string& winansi) {
  float w = 0;
  for (unsigned char c : winansi) {
    int gid = fz_encode_character(ctx, font, fz_unicode_from_windows_1252[c]);
    w += fz_advance_glyph(ctx, font, gid, 0);
  }
  return w * 1000;
}

// ---------------------------------------------------------------------------
// Hazards: what the vector method cannot be trusted to remove.

struct HazardDevice {
  fz_device super;
  const std::vector<fz_rect>* boxes;  // fz page space; outlives the device
  int tiles = 0;
  bool text_in_tile = false;
  bool drawing_under_box = false;
};

bool AnyBox(const HazardDevice* d, fz_rect r) {
  for (const auto& b : *d->boxes)
    if (Overlaps(r, b)) return true;
  return false;
}

// A path that is one straight segment or one axis-aligned rectangle (table
// rules, cell shading) cannot spell anything out; other drawings can
// (a signature, text converted to outlines).
bool IsSimplePath(fz_context* ctx, const fz_path* path) {
  struct Counter {
    int moves = 0, lines = 0, curves = 0, rects = 0;
  } c;
  fz_path_walker walker;
  std::memset(&walker, 0, sizeof walker);
  walker.moveto = [](fz_context*, void* arg, float, float) { static_cast<Counter*>(arg)->moves++; };
  walker.lineto = [](fz_context*, void* arg, float, float) { static_cast<Counter*>(arg)->lines++; };
  walker.curveto = [](fz_context*, void* arg, float, float, float, float, float, float) {
    static_cast<Counter*>(arg)->curves++;
  };
  walker.closepath = [](fz_context*, void*) {};
  walker.rectto = [](fz_context*, void* arg, float, float, float, float) { static_cast<Counter*>(arg)->rects++; };
  fz_walk_path(ctx, path, &walker, &c);
  if (c.curves > 0) return false;
  if (c.rects == 1 && c.moves == 0 && c.lines == 0) return true;
  return c.moves <= 1 && c.lines <= 4 && c.rects == 0;
}

void HazardFillPath(fz_context* ctx, fz_device* dev, const fz_path* path, int, fz_matrix ctm, fz_colorspace*,
                    const float*, float, fz_color_params) {
  auto* d = reinterpret_cast<HazardDevice*>(dev);
  if (AnyBox(d, fz_bound_path(ctx, path, nullptr, ctm)) && !IsSimplePath(ctx, path)) d->drawing_under_box = true;
}
void HazardStrokePath(fz_context* ctx, fz_device* dev, const fz_path* path, const fz_stroke_state* stroke,
                      fz_matrix ctm, fz_colorspace*, const float*, float, fz_color_params) {
  auto* d = reinterpret_cast<HazardDevice*>(dev);
  if (AnyBox(d, fz_bound_path(ctx, path, stroke, ctm)) && !IsSimplePath(ctx, path)) d->drawing_under_box = true;
}
void HazardText(fz_context*, fz_device* dev, const fz_text*, fz_matrix, fz_colorspace*, const float*, float,
                fz_color_params) {
  auto* d = reinterpret_cast<HazardDevice*>(dev);
  if (d->tiles > 0) d->text_in_tile = true;
}
int HazardBeginTile(fz_context*, fz_device* dev, fz_rect, fz_rect, float, float, fz_matrix, int) {
  reinterpret_cast<HazardDevice*>(dev)->tiles++;
  return 0;
}
void HazardEndTile(fz_context*, fz_device* dev) {
  auto* d = reinterpret_cast<HazardDevice*>(dev);
  if (d->tiles > 0) d->tiles--;
}

// True when any Resources reachable from `res` holds optional content.
bool UsesOptionalContent(fz_context* ctx, pdf_obj* res, int depth) {
  if (!res || depth > kMaxFormDepth) return false;
  pdf_obj* props = pdf_dict_get(ctx, res, PDF_NAME(Properties));
  if (pdf_dict_len(ctx, props) > 0) return true;
  pdf_obj* xobjs = pdf_dict_get(ctx, res, PDF_NAME(XObject));
  for (int i = 0, n = pdf_dict_len(ctx, xobjs); i < n; ++i) {
    pdf_obj* x = pdf_dict_get_val(ctx, xobjs, i);
    if (pdf_dict_get(ctx, x, PDF_NAME(OC))) return true;
    if (pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)) &&
        UsesOptionalContent(ctx, pdf_dict_get(ctx, x, PDF_NAME(Resources)), depth + 1))
      return true;
  }
  return false;
}

// Collects TJ adjustment numbers of a content stream and of the forms it uses.
void CollectAdjustments(fz_context* ctx, pdf_obj* stream, pdf_obj* res, int depth, std::set<long long>* out) {
  if (depth > kMaxFormDepth) return;
  if (pdf_is_array(ctx, stream)) {
    for (int i = 0, n = pdf_array_len(ctx, stream); i < n; ++i)
      CollectAdjustments(ctx, pdf_array_get(ctx, stream, i), nullptr, depth, out);
  } else if (pdf_is_stream(ctx, stream)) {
    fz_buffer* buf = pdf_load_stream(ctx, stream);
    unsigned char* data = nullptr;
    size_t len = fz_buffer_storage(ctx, buf, &data);
    auto nums = TjAdjustments(std::string_view(reinterpret_cast<const char*>(data), len));
    fz_drop_buffer(ctx, buf);
    out->insert(nums.begin(), nums.end());
  }
  pdf_obj* xobjs = pdf_dict_get(ctx, res, PDF_NAME(XObject));
  for (int i = 0, n = pdf_dict_len(ctx, xobjs); i < n; ++i) {
    pdf_obj* x = pdf_dict_get_val(ctx, xobjs, i);
    if (pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)))
      CollectAdjustments(ctx, x, pdf_dict_get(ctx, x, PDF_NAME(Resources)), depth + 1, out);
  }
}

// Blurs removed-text widths in streams created since object `first_new`.
void BlurNewStreams(fz_context* ctx, pdf_document* doc, pdf_obj* obj, pdf_obj* res, int first_new, int depth,
                    const std::set<long long>& original, std::mt19937_64* rng) {
  if (depth > kMaxFormDepth) return;
  if (pdf_is_stream(ctx, obj) && pdf_to_num(ctx, obj) >= first_new) {
    fz_buffer* buf = pdf_load_stream(ctx, obj);
    unsigned char* data = nullptr;
    size_t len = fz_buffer_storage(ctx, buf, &data);
    std::uniform_real_distribution<double> dist(-150.0, -50.0);
    int changed = 0;
    std::string blurred = BlurRemovedWidths(std::string_view(reinterpret_cast<const char*>(data), len), original,
                                            [&] { return dist(*rng); }, &changed);
    fz_drop_buffer(ctx, buf);
    if (changed > 0) {
      fz_buffer* nb = fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>(blurred.data()),
                                                     blurred.size());
      fz_try(ctx) { pdf_update_stream(ctx, doc, obj, nb, 0); }
      fz_always(ctx) { fz_drop_buffer(ctx, nb); }
      fz_catch(ctx) { fz_rethrow(ctx); }
    }
  }
  pdf_obj* xobjs = pdf_dict_get(ctx, res, PDF_NAME(XObject));
  for (int i = 0, n = pdf_dict_len(ctx, xobjs); i < n; ++i) {
    pdf_obj* x = pdf_dict_get_val(ctx, xobjs, i);
    if (pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)))
      BlurNewStreams(ctx, doc, x, pdf_dict_get(ctx, x, PDF_NAME(Resources)), first_new, depth + 1, original, rng);
  }
}

// True when text (by character centre) or image detail is left under any of
// `boxes` (page-relative) on the page; defined with the verifier below.
bool LeaksUnderBoxes(fz_context* ctx, pdf_document* doc, int index, const std::vector<fz_rect>& boxes);

// ---------------------------------------------------------------------------
// Drawing boxes and labels, in PDF space of a page whose display transform
// is `ctm` (PDF space to fz space).

struct Painter {
  fz_context* ctx;
  fz_font* helvetica;  // owned by the caller
  fz_matrix to_pdf;    // fz page space -> PDF space

  // Appends a filled black box with its label in white, shrunk to fit.
  void Box(std::string* out, const fz_rect& fz_box, const std::string& label, const std::string& short_label) const {
    fz_rect r = fz_transform_rect(fz_box, to_pdf);
    *out += "q 0 g " + Num(r.x0) + " " + Num(r.y0) + " " + Num(r.x1 - r.x0) + " " + Num(r.y1 - r.y0) + " re f Q\n";
    const float w = fz_box.x1 - fz_box.x0, h = fz_box.y1 - fz_box.y0;
    // The full label where it can be read (6pt or more), else the short one.
    for (const auto& [text, min_size] : {std::pair<const std::string*, float>{&label, 6.0f}, {&short_label, 4.0f}}) {
      if (text->empty()) continue;
      std::string bytes = ToWinAnsi(*text);
      float units = HelveticaWidth(ctx, helvetica, bytes);
      if (units <= 0) continue;
      float size = std::min(std::min(h * 0.7f, 11.0f), (w - 2) * 1000 / units);
      if (size < min_size) continue;
      // Baseline start in display space, then mapped into PDF space with the
      // display's upright direction.
      fz_point origin = fz_transform_point(fz_make_point(fz_box.x0 + 1, fz_box.y1 - (h - size * 0.7f) / 2),
                                           to_pdf);
      const fz_matrix& m = to_pdf;
      *out += "BT /SdkLabel 1 Tf 1 g " + Num(size * m.a) + " " + Num(size * m.b) + " " + Num(-size * m.c) + " " +
              Num(-size * m.d) + " " + Num(origin.x) + " " + Num(origin.y) + " Tm " + PdfLiteral(bytes) +
              " Tj ET\n";
      break;
    }
  }
};

pdf_obj* AddHelvetica(fz_context* ctx, pdf_document* doc, fz_font* helvetica) {
  return pdf_add_simple_font(ctx, doc, helvetica, PDF_SIMPLE_ENCODING_LATIN);
}

void PutResource(fz_context* ctx, pdf_obj* res, pdf_obj* kind, const char* name, pdf_obj* value) {
  pdf_obj* dict = pdf_dict_get(ctx, res, kind);
  if (!dict) dict = pdf_dict_put_dict(ctx, res, kind, 2);
  pdf_dict_puts(ctx, dict, name, value);
}

// Appends `content` as a further content stream of the page.
void AppendContent(fz_context* ctx, pdf_document* doc, pdf_obj* page_obj, const std::string& content) {
  fz_buffer* buf = fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>(content.data()),
                                                  content.size());
  pdf_obj* stream = nullptr;
  fz_try(ctx) {
    stream = pdf_add_stream(ctx, doc, buf, nullptr, 0);
    pdf_obj* contents = pdf_dict_get(ctx, page_obj, PDF_NAME(Contents));
    if (pdf_is_array(ctx, contents)) {
      pdf_array_push(ctx, contents, stream);
    } else {
      pdf_obj* arr = pdf_new_array(ctx, doc, 2);
      if (contents) pdf_array_push(ctx, arr, contents);
      pdf_array_push(ctx, arr, stream);
      pdf_dict_put_drop(ctx, page_obj, PDF_NAME(Contents), arr);
    }
  }
  fz_always(ctx) {
    fz_drop_buffer(ctx, buf);
    pdf_drop_obj(ctx, stream);
  }
  fz_catch(ctx) { fz_rethrow(ctx); }
}

// Makes `buf` (dropped here) the page's one content stream, a new object.
void SetContents(fz_context* ctx, pdf_document* doc, pdf_obj* page_obj, fz_buffer* buf) {
  pdf_obj* stream = nullptr;
  fz_var(stream);
  fz_try(ctx) {
    stream = pdf_add_stream(ctx, doc, buf, nullptr, 0);
    pdf_dict_put(ctx, page_obj, PDF_NAME(Contents), stream);
  }
  fz_always(ctx) {
    fz_drop_buffer(ctx, buf);
    pdf_drop_obj(ctx, stream);
  }
  fz_catch(ctx) { fz_rethrow(ctx); }
}

// Gives the page its own copy of its resources dictionary (and content
// stream), so changing this page cannot change another that shared them.
void Unshare(fz_context* ctx, pdf_document* doc, pdf_page* page) {
  pdf_obj* res = pdf_page_resources(ctx, page);
  pdf_obj* copy = res ? pdf_copy_dict(ctx, res) : pdf_new_dict(ctx, doc, 2);
  pdf_dict_put_drop(ctx, page->obj, PDF_NAME(Resources), copy);
  pdf_obj* contents = pdf_dict_get(ctx, page->obj, PDF_NAME(Contents));
  if (pdf_is_stream(ctx, contents)) SetContents(ctx, doc, page->obj, pdf_load_stream(ctx, contents));
}

// ---------------------------------------------------------------------------
// Annotations: visible ones become page content, the rest go.

bool FlattenableAnnot(fz_context* ctx, pdf_obj* annot) {
  pdf_obj* sub = pdf_dict_get(ctx, annot, PDF_NAME(Subtype));
  if (pdf_name_eq(ctx, sub, PDF_NAME(Popup)) || pdf_name_eq(ctx, sub, PDF_NAME(Link)) ||
      pdf_name_eq(ctx, sub, PDF_NAME(Redact)) || pdf_name_eq(ctx, sub, PDF_NAME(FileAttachment)) ||
      pdf_name_eq(ctx, sub, PDF_NAME(Sound)) || pdf_name_eq(ctx, sub, PDF_NAME(Movie)))
    return false;
  int flags = pdf_dict_get_int(ctx, annot, PDF_NAME(F));
  if (flags & (PDF_ANNOT_IS_HIDDEN | PDF_ANNOT_IS_NO_VIEW | PDF_ANNOT_IS_INVISIBLE)) return false;
  if (pdf_dict_get(ctx, annot, PDF_NAME(OC))) return false;  // may be a hidden layer
  return true;
}

// Draws each visible annotation's appearance into the page and removes every
// annotation. Returns {flattened, removed}.
std::pair<int, int> FlattenAnnotations(fz_context* ctx, pdf_document* doc, pdf_page* page) {
  int flattened = 0, removed = 0;
  std::string content;
  pdf_obj* res = nullptr;
  // Annotations, then form fields (MuPDF lists widgets separately).
  std::vector<pdf_annot*> all;
  for (pdf_annot* a = pdf_first_annot(ctx, page); a; a = pdf_next_annot(ctx, a)) all.push_back(a);
  for (pdf_annot* a = pdf_first_widget(ctx, page); a; a = pdf_next_widget(ctx, a)) all.push_back(a);
  for (pdf_annot* a : all) {
    pdf_obj* obj = pdf_annot_obj(ctx, a);
    pdf_obj* ap = pdf_dict_get(ctx, pdf_dict_get(ctx, obj, PDF_NAME(AP)), PDF_NAME(N));
    if (pdf_is_dict(ctx, ap) && !pdf_is_stream(ctx, ap)) {
      pdf_obj* as = pdf_dict_get(ctx, obj, PDF_NAME(AS));
      ap = as ? pdf_dict_get(ctx, ap, as) : nullptr;
    }
    if (FlattenableAnnot(ctx, obj) && pdf_is_stream(ctx, ap)) {
      if (!res) {
        Unshare(ctx, doc, page);
        res = pdf_page_resources(ctx, page);
      }
      char name[32];
      std::snprintf(name, sizeof name, "SdkAnnot%d", flattened);
      PutResource(ctx, res, PDF_NAME(XObject), name, ap);
      // Appearance space -> page space, as a viewer draws it (PDF 12.5.5).
      fz_rect rect = pdf_dict_get_rect(ctx, obj, PDF_NAME(Rect));
      fz_rect bbox = pdf_dict_get_rect(ctx, ap, PDF_NAME(BBox));
      fz_matrix matrix = pdf_dict_get_matrix(ctx, ap, PDF_NAME(Matrix));
      fz_rect tb = fz_transform_rect(bbox, matrix);
      fz_matrix m = fz_identity;
      if (tb.x1 > tb.x0 && tb.y1 > tb.y0) {
        m = fz_concat(fz_translate(-tb.x0, -tb.y0),
                      fz_concat(fz_scale((rect.x1 - rect.x0) / (tb.x1 - tb.x0), (rect.y1 - rect.y0) / (tb.y1 - tb.y0)),
                                fz_translate(rect.x0, rect.y0)));
        content += "q " + Num(m.a) + " " + Num(m.b) + " " + Num(m.c) + " " + Num(m.d) + " " + Num(m.e) + " " +
                   Num(m.f) + " cm /" + name + " Do Q\n";
        ++flattened;
        continue;
      }
    }
    ++removed;
  }
  if (!content.empty()) AppendContent(ctx, doc, page->obj, "q\n" + content + "Q\n");
  pdf_dict_del(ctx, page->obj, PDF_NAME(Annots));
  return {flattened, removed};
}

// ---------------------------------------------------------------------------
// Flattening a page to an image with an invisible text layer.

void FlattenPage(fz_context* ctx, pdf_document* doc, pdf_page* page, const std::vector<fz_rect>& boxes,
                 const std::vector<const RedactionMark*>& marks, const PageLayout& layout, int dpi,
                 std::int64_t max_pixels, fz_font* helvetica, pdf_obj* font_obj) {
  fz_rect bounds = fz_bound_page(ctx, &page->super);
  const float w = bounds.x1 - bounds.x0, h = bounds.y1 - bounds.y0;
  float scale = static_cast<float>(dpi) / 72.0f;
  while (scale > 0.5f && static_cast<double>(w * scale) * static_cast<double>(h * scale) > static_cast<double>(max_pixels))
    scale *= 0.8f;
  fz_matrix ctm = fz_concat(fz_translate(-bounds.x0, -bounds.y0), fz_scale(scale, scale));
  fz_pixmap* pix = fz_new_pixmap_from_page_contents(ctx, &page->super, ctm, fz_device_rgb(ctx), 0);
  fz_image* image = nullptr;
  pdf_obj* image_obj = nullptr;
  fz_try(ctx) {
    // Burn the boxes into the pixels.
    for (const auto& b : boxes) {
      fz_irect ib = fz_round_rect(fz_transform_rect(fz_translate_rect(b, 0, 0), fz_scale(scale, scale)));
      ib = fz_intersect_irect(ib, fz_pixmap_bbox(ctx, pix));
      for (int y = ib.y0; y < ib.y1; ++y) {
        unsigned char* row = pix->samples + static_cast<std::ptrdiff_t>(y - pix->y) * pix->stride +
                             static_cast<std::ptrdiff_t>(ib.x0 - pix->x) * pix->n;
        std::memset(row, 0, static_cast<size_t>(ib.x1 - ib.x0) * static_cast<size_t>(pix->n));
      }
    }
    image = fz_new_image_from_pixmap(ctx, pix, nullptr);
    image_obj = pdf_add_image(ctx, doc, image);

    std::string content = "q " + Num(w) + " 0 0 " + Num(h) + " 0 0 cm /SdkPage Do Q\n";
    // Labels over the burned boxes (the page is rebuilt upright: PDF y = h - y).
    Painter painter{ctx, helvetica, fz_make_matrix(1, 0, 0, -1, 0, h)};
    for (size_t i = 0; i < boxes.size(); ++i) painter.Box(&content, boxes[i], marks[i]->label, marks[i]->short_label);
    // The words that remain, invisible, where the image shows them.
    content += "BT 3 Tr\n";
    size_t i = 0;
    while (i < layout.chars.size()) {
      // One word: chars up to the next space or newline in the text.
      size_t j = i;
      fz_rect wb = ToFz(layout.chars[i].box);
      while (j + 1 < layout.chars.size() &&
             layout.chars[j + 1].offset == layout.chars[j].offset + layout.chars[j].length) {
        ++j;
        wb = fz_union_rect(wb, ToFz(layout.chars[j].box));
      }
      bool under = false;
      for (const auto& b : boxes)
        if (Overlaps(wb, b)) under = true;
      if (!under && wb.x1 > wb.x0 && wb.y1 > wb.y0) {
        std::string word = layout.text.substr(layout.chars[i].offset,
                                              layout.chars[j].offset + layout.chars[j].length - layout.chars[i].offset);
        std::string bytes = ToWinAnsi(word);
        float units = HelveticaWidth(ctx, helvetica, bytes);
        float size = (wb.y1 - wb.y0) * 0.85f;
        if (units > 0 && size > 0.5f) {
          float hscale = (wb.x1 - wb.x0) * 1000 / (units * size) * 100;
          content += "/SdkLabel " + Num(size) + " Tf " + Num(hscale) + " Tz 1 0 0 1 " + Num(wb.x0) + " " +
                     Num(h - wb.y1 + (wb.y1 - wb.y0) * 0.2f) + " Tm " + PdfLiteral(bytes) + " Tj\n";
        }
      }
      i = j + 1;
    }
    content += "ET\n";

    pdf_obj* res = pdf_new_dict(ctx, doc, 2);
    pdf_dict_put_drop(ctx, page->obj, PDF_NAME(Resources), res);
    PutResource(ctx, res, PDF_NAME(XObject), "SdkPage", image_obj);
    PutResource(ctx, res, PDF_NAME(Font), "SdkLabel", font_obj);
    pdf_dict_put_drop(ctx, page->obj, PDF_NAME(MediaBox), pdf_new_rect(ctx, doc, fz_make_rect(0, 0, w, h)));
    pdf_dict_del(ctx, page->obj, PDF_NAME(CropBox));
    pdf_dict_del(ctx, page->obj, PDF_NAME(BleedBox));
    pdf_dict_del(ctx, page->obj, PDF_NAME(TrimBox));
    pdf_dict_del(ctx, page->obj, PDF_NAME(ArtBox));
    pdf_dict_put_int(ctx, page->obj, PDF_NAME(Rotate), 0);
    pdf_dict_del(ctx, page->obj, PDF_NAME(UserUnit));
    pdf_dict_del(ctx, page->obj, PDF_NAME(Group));
    SetContents(ctx, doc, page->obj,
                fz_new_buffer_from_copied_data(ctx, reinterpret_cast<const unsigned char*>(content.data()),
                                               content.size()));
  }
  fz_always(ctx) {
    fz_drop_pixmap(ctx, pix);
    fz_drop_image(ctx, image);
    pdf_drop_obj(ctx, image_obj);
  }
  fz_catch(ctx) { fz_rethrow(ctx); }
}

// ---------------------------------------------------------------------------
// Document-level cleaning.

void CleanDocument(fz_context* ctx, pdf_document* doc, std::vector<std::string>* removed) {
  pdf_obj* trailer = pdf_trailer(ctx, doc);
  if (pdf_dict_get(ctx, trailer, PDF_NAME(Info))) {
    pdf_dict_del(ctx, trailer, PDF_NAME(Info));
    removed->push_back("document information (metadata)");
  }
  pdf_obj* root = pdf_dict_get(ctx, trailer, PDF_NAME(Root));
  // Keep only what a reader needs to show the pages.
  static const char* const kKeep[] = {"Type", "Pages", "PageLabels", "PageLayout", "Lang", "Version"};
  for (int i = pdf_dict_len(ctx, root) - 1; i >= 0; --i) {
    pdf_obj* key = pdf_dict_get_key(ctx, root, i);
    const char* name = pdf_to_name(ctx, key);
    bool keep = false;
    for (const char* k : kKeep) keep = keep || std::strcmp(k, name) == 0;
    if (!keep) {
      if (std::strcmp(name, "Metadata") == 0) removed->push_back("XMP metadata");
      else if (std::strcmp(name, "Names") == 0) removed->push_back("attachments, scripts and named destinations");
      else if (std::strcmp(name, "AcroForm") == 0) removed->push_back("form fields");
      else if (std::strcmp(name, "OCProperties") == 0) removed->push_back("layers");
      else if (std::strcmp(name, "Outlines") == 0) removed->push_back("bookmarks");
      else if (std::strcmp(name, "OpenAction") == 0 || std::strcmp(name, "AA") == 0) removed->push_back("actions");
      else if (std::strcmp(name, "StructTreeRoot") == 0) removed->push_back("structure tree");
      pdf_dict_del(ctx, root, key);
    }
  }
  // Every page and XObject: keys that carry data the page does not show.
  const int n = pdf_xref_len(ctx, doc);
  for (int num = 1; num < n; ++num) {
    pdf_obj* ref = nullptr;
    fz_try(ctx) {
      ref = pdf_new_indirect(ctx, doc, num, 0);
      pdf_obj* obj = pdf_resolve_indirect(ctx, ref);
      if (pdf_is_dict(ctx, obj)) {
        pdf_obj* type = pdf_dict_get(ctx, obj, PDF_NAME(Type));
        pdf_obj* sub = pdf_dict_get(ctx, obj, PDF_NAME(Subtype));
        if (pdf_name_eq(ctx, type, PDF_NAME(Page))) {
          for (const char* k : {"AA", "Annots", "Metadata", "PieceInfo", "Thumb", "B", "AF"}) pdf_dict_dels(ctx, obj, k);
        } else if (pdf_name_eq(ctx, type, PDF_NAME(XObject)) || pdf_name_eq(ctx, sub, PDF_NAME(Image)) ||
                   pdf_name_eq(ctx, sub, PDF_NAME(Form))) {
          for (const char* k : {"Metadata", "PieceInfo", "Alternates", "OPI", "AF", "OC"}) pdf_dict_dels(ctx, obj, k);
        }
      }
    }
    fz_always(ctx) { pdf_drop_obj(ctx, ref); }
    fz_catch(ctx) {}  // an unreadable object is unreachable from the pages: garbage collection drops it
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// LayoutReader

struct LayoutReader::Impl {
  OpenPdf pdf;
};

Result<std::unique_ptr<LayoutReader>> LayoutReader::Open(const std::string& path, const Limits& limits) {
  auto impl = std::make_unique<Impl>();
  SARDESK_RETURN_IF_ERROR(OpenInto(&impl->pdf, path, limits));
  return std::make_unique<LayoutReader>(std::move(impl));
}
LayoutReader::LayoutReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LayoutReader::~LayoutReader() = default;
int LayoutReader::page_count() const { return impl_->pdf.pages; }

Result<PageLayout> LayoutReader::Read(int page) {
  if (page < 0 || page >= impl_->pdf.pages) return Status::Invalid("page " + std::to_string(page + 1) + " does not exist");
  PageLayout layout;
  SARDESK_RETURN_IF_ERROR(ReadLayoutOf(impl_->pdf.ctx.get(), impl_->pdf.doc.get(), page, &layout));
  return layout;
}

// ---------------------------------------------------------------------------
// RedactPdf

Result<RedactionOutcome> RedactPdf(const std::string& in_path, const std::string& out_path,
                                   const RedactionOptions& options) {
  if (std::filesystem::absolute(in_path) == std::filesystem::absolute(out_path))
    return Status::Invalid("write the redacted copy to a different file from the original");
  OpenPdf pdf;
  SARDESK_RETURN_IF_ERROR(OpenInto(&pdf, in_path, options.limits));
  fz_context* ctx = pdf.ctx.get();
  pdf_document* doc = pdf.doc.get();

  std::map<int, std::vector<const RedactionMark*>> by_page;
  for (const auto& m : options.marks) {
    if (m.page < 0 || m.page >= pdf.pages)
      return Status::Invalid("a redaction is on page " + std::to_string(m.page + 1) + " but the PDF has " +
                             std::to_string(pdf.pages) + " pages");
    if (!(m.box.x1 > m.box.x0 && m.box.y1 > m.box.y0))
      return Status::Invalid("a redaction box on page " + std::to_string(m.page + 1) + " has no area");
    by_page[m.page].push_back(&m);
  }

  RedactionOutcome outcome;
  outcome.page_count = pdf.pages;
  fz_font* helvetica = nullptr;
  pdf_obj* label_font = nullptr;  // one font object shared by every page's labels
  bool has_layers = false;
  int error = Guarded(ctx, [&] {
    helvetica = fz_new_base14_font(ctx, "Helvetica");
    label_font = AddHelvetica(ctx, doc, helvetica);
    has_layers = pdf_dict_get(ctx, pdf_dict_get(ctx, pdf_trailer(ctx, doc), PDF_NAME(Root)),
                              PDF_NAME(OCProperties)) != nullptr;
  });
  if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  struct FontDrop {
    fz_context* ctx;
    fz_font* font;
    pdf_obj* obj;
    ~FontDrop() {
      fz_drop_font(ctx, font);
      pdf_drop_obj(ctx, obj);
    }
  } font_drop{ctx, helvetica, label_font};

  std::random_device seed;
  std::mt19937_64 rng((static_cast<std::uint64_t>(seed()) << 32) ^ seed());

  for (int index = 0; index < pdf.pages; ++index) {
    auto it = by_page.find(index);
    const std::vector<const RedactionMark*> no_marks;
    const auto& marks = it == by_page.end() ? no_marks : it->second;
    std::string flatten_why;
    if (options.flatten_pages.count(index)) flatten_why = "flattening was asked for";

    // Pass 1 on this page: annotations, layers, hazards (no C++ objects that
    // own memory are created inside the guarded block).
    pdf_page* page = nullptr;
    bool layered = false, text_in_tile = false, drawing_under = false;
    std::pair<int, int> annots{0, 0};
    std::vector<fz_rect> boxes;
    boxes.reserve(marks.size());
    for (const auto* m : marks) boxes.push_back(ToFz(m->box));
    fz_rect bounds{};
    fz_matrix page_ctm = fz_identity;
    error = Guarded(ctx, [&] {
      page = internal::LoadPage(ctx, doc, index);
      if (pdf_dict_get(ctx, page->obj, PDF_NAME(Annots))) annots = FlattenAnnotations(ctx, doc, page);
      layered = has_layers && UsesOptionalContent(ctx, pdf_page_resources(ctx, page), 0);
      bounds = fz_bound_page(ctx, &page->super);
      fz_rect mediabox;
      pdf_page_transform(ctx, page, &mediabox, &page_ctm);
    });
    auto own_page = Own(ctx, page);
    if (error != FZ_ERROR_NONE)
      return Status::Invalid("page " + std::to_string(index + 1) + ": " + internal::ReadFailure(error).message());
    outcome.annotations_flattened += annots.first;
    outcome.annotations_removed += annots.second;
    if (layered && flatten_why.empty()) flatten_why = "the page has layers that may be hidden";
    if (marks.empty() && flatten_why.empty()) {
      // Only its annotations (if any) changed; bounds are page-relative in marks.
      continue;
    }
    // Boxes in fz page space (the marks are relative to the page's corner).
    for (auto& b : boxes) b = fz_translate_rect(b, bounds.x0, bounds.y0);
    bool text_only = false;
    if (flatten_why.empty() && !marks.empty()) {
      fz_buffer* buf = nullptr;
      error = Guarded(ctx, [&] {
        pdf_obj* contents = pdf_dict_get(ctx, page->obj, PDF_NAME(Contents));
        if (pdf_is_stream(ctx, contents)) buf = pdf_load_stream(ctx, contents);
      });
      if (error == FZ_ERROR_NONE && buf) {
        unsigned char* data = nullptr;
        size_t len = fz_buffer_storage(ctx, buf, &data);
        text_only = !MayDrawMoreThanText(std::string_view(reinterpret_cast<const char*>(data), len));
      }
      if (buf) fz_drop_buffer(ctx, buf);
    }
    if (flatten_why.empty() && !marks.empty() && !text_only) {
      HazardDevice* dev = nullptr;
      error = Guarded(ctx, [&] {
        dev = fz_new_derived_device(ctx, HazardDevice);
        dev->boxes = &boxes;
        dev->super.fill_path = HazardFillPath;
        dev->super.stroke_path = HazardStrokePath;
        dev->super.fill_text = HazardText;
        dev->super.begin_tile = HazardBeginTile;
        dev->super.end_tile = HazardEndTile;
        pdf_run_page_contents(ctx, page, &dev->super, fz_identity, nullptr);
        fz_close_device(ctx, &dev->super);
        text_in_tile = dev->text_in_tile;
        drawing_under = dev->drawing_under_box;
      });
      if (dev) fz_drop_device(ctx, &dev->super);
      if (error != FZ_ERROR_NONE)
        return Status::Invalid("page " + std::to_string(index + 1) + ": " + internal::ReadFailure(error).message());
      if (text_in_tile) flatten_why = "text is drawn inside a tiling pattern";
      else if (drawing_under) flatten_why = "a drawing (a signature or outlined text) lies under a box";
    }

    PageRedaction done;
    done.page = index;
    done.marks = static_cast<int>(marks.size());
    if (!flatten_why.empty()) {
      PageLayout layout;
      SARDESK_RETURN_IF_ERROR(ReadLayoutOf(ctx, doc, index, &layout));
      // Layout boxes are page-relative; flattening works page-relative too.
      std::vector<fz_rect> rel;
      for (const auto& b : boxes) rel.push_back(fz_translate_rect(b, -bounds.x0, -bounds.y0));
      error = Guarded(ctx, [&] {
        FlattenPage(ctx, doc, page, rel, marks, layout, options.flatten_dpi, options.limits.max_render_pixels,
                    helvetica, label_font);
      });
      if (error != FZ_ERROR_NONE)
        return Status::Invalid("page " + std::to_string(index + 1) + " could not be flattened: " +
                               internal::ReadFailure(error).message());
      done.method = "flattened";
      done.why = flatten_why;
    } else {
      std::set<long long> original;
      int first_new = 0;
      error = Guarded(ctx, [&] {
        CollectAdjustments(ctx, pdf_dict_get(ctx, page->obj, PDF_NAME(Contents)), pdf_page_resources(ctx, page), 0,
                           &original);
      });
      if (error != FZ_ERROR_NONE)
        return Status::Invalid("page " + std::to_string(index + 1) + ": " + internal::ReadFailure(error).message());
      std::string boxes_content = "q\n";
      fz_matrix to_pdf = fz_invert_matrix(page_ctm);
      Painter painter{ctx, helvetica, to_pdf};
      for (size_t i = 0; i < boxes.size(); ++i) painter.Box(&boxes_content, boxes[i], marks[i]->label, marks[i]->short_label);
      boxes_content += "Q\n";
      error = Guarded(ctx, [&] {
        first_new = pdf_xref_len(ctx, doc);  // the page's own copies count as new
        Unshare(ctx, doc, page);
        for (const auto& b : boxes) {
          // Glyphs are removed when their box meets the quad: keep the quad
          // inside the marked words' middle band so neighbours survive.
          fz_rect q = b;
          float dy = (q.y1 - q.y0) * 0.3f, dx = std::min((q.x1 - q.x0) * 0.25f, 1.5f);
          q.y0 += dy;
          q.y1 -= dy;
          q.x0 += dx;
          q.x1 -= dx;
          pdf_annot* annot = pdf_create_annot(ctx, page, PDF_ANNOT_REDACT);
          pdf_set_annot_rect(ctx, annot, q);
          pdf_add_annot_quad_point(ctx, annot, fz_quad_from_rect(q));
          pdf_drop_annot(ctx, annot);
        }
        pdf_redact_options ro;
        std::memset(&ro, 0, sizeof ro);
        ro.black_boxes = 0;
        ro.image_method = PDF_REDACT_IMAGE_PIXELS;
        pdf_redact_page(ctx, doc, page, &ro);
        BlurNewStreams(ctx, doc, pdf_dict_get(ctx, page->obj, PDF_NAME(Contents)), pdf_page_resources(ctx, page),
                       first_new, 0, original, &rng);
      });
      if (error != FZ_ERROR_NONE)
        return Status::Invalid("page " + std::to_string(index + 1) + " could not be redacted: " +
                               internal::ReadFailure(error).message());
      std::vector<fz_rect> rel;
      for (const auto& b : boxes) rel.push_back(fz_translate_rect(b, -bounds.x0, -bounds.y0));
      if (options.check_pages && LeaksUnderBoxes(ctx, doc, index, rel)) {
        // MuPDF left something (text in a scaled form or a pattern, an image
        // it could not blank): burn the page as it now stands.
        PageLayout layout;
        SARDESK_RETURN_IF_ERROR(ReadLayoutOf(ctx, doc, index, &layout));
        own_page.reset();
        error = Guarded(ctx, [&] {
          page = internal::LoadPage(ctx, doc, index);
          FlattenPage(ctx, doc, page, rel, marks, layout, options.flatten_dpi, options.limits.max_render_pixels,
                      helvetica, label_font);
        });
        own_page = Own(ctx, page);
        if (error != FZ_ERROR_NONE)
          return Status::Invalid("page " + std::to_string(index + 1) + " could not be flattened: " +
                                 internal::ReadFailure(error).message());
        done.method = "flattened";
        done.why = "the vector method left text or image detail under a box";
      } else {
        error = Guarded(ctx, [&] {
          PutResource(ctx, pdf_page_resources(ctx, page), PDF_NAME(Font), "SdkLabel", label_font);
          AppendContent(ctx, doc, page->obj, boxes_content);
        });
        if (error != FZ_ERROR_NONE)
          return Status::Invalid("page " + std::to_string(index + 1) + " could not be redacted: " +
                                 internal::ReadFailure(error).message());
        done.method = "vector";
      }
    }
    outcome.pages.push_back(done);
  }

  std::vector<std::string> removed;
  error = Guarded(ctx, [&] { CleanDocument(ctx, doc, &removed); });
  if (error != FZ_ERROR_NONE) return internal::ReadFailure(error);
  outcome.removed = removed;

  std::string tmp = out_path + ".part";
  pdf_write_options wo = pdf_default_write_options;
  wo.do_garbage = 1;
  wo.do_compress = 1;
  wo.do_compress_images = 1;
  wo.do_compress_fonts = 1;
  wo.do_incremental = 0;
  wo.do_encrypt = PDF_ENCRYPT_NONE;
  pdf.map.Release();  // saving renumbers objects under the map
  error = Guarded(ctx, [&] { pdf_save_document(ctx, doc, tmp.c_str(), &wo); });
  if (error != FZ_ERROR_NONE) {
    std::filesystem::remove(tmp);
    return Status::Internal("the redacted PDF could not be written to " + out_path);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return Status::Internal("the redacted PDF could not be written to " + out_path + ": " + ec.message());
  return outcome;
}

// ---------------------------------------------------------------------------
// Verification

std::string FoldForSearch(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c <= ' ') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  }
  return out;
}

int CountFolded(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return 0;
  int n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

namespace {

// Checks image pixels under boxes: after redaction they must be one flat colour.
struct ImageCheckDevice {
  fz_device super;
  const std::vector<fz_rect>* boxes;  // fz page space; outlives the device
  bool leak = false;
};

void CheckImagePixels(fz_context* ctx, fz_device* dev, fz_image* img, fz_matrix ctm) {
  auto* d = reinterpret_cast<ImageCheckDevice*>(dev);
  fz_rect area = fz_transform_rect(fz_unit_rect, ctm);
  bool any = false;
  for (const auto& b : *d->boxes) any = any || Overlaps(area, b);
  if (!any || img->w <= 0 || img->h <= 0) return;
  int w = 0, h = 0;
  fz_pixmap* pix = fz_get_pixmap_from_image(ctx, img, nullptr, nullptr, &w, &h);
  fz_try(ctx) {
    // Image space: unit square, y down from the top row.
    fz_matrix inv = fz_invert_matrix(ctm);
    for (const auto& b : *d->boxes) {
      if (!Overlaps(area, b)) continue;
      fz_rect inner = b;  // a pixel's margin: edges are antialiased by resampling
      fz_rect ur = fz_transform_rect(inner, inv);
      int x0 = static_cast<int>(std::ceil(ur.x0 * static_cast<float>(pix->w))) + 1;
      int x1 = static_cast<int>(std::floor(ur.x1 * static_cast<float>(pix->w))) - 1;
      int y0 = static_cast<int>(std::ceil((1 - ur.y1) * static_cast<float>(pix->h))) + 1;
      int y1 = static_cast<int>(std::floor((1 - ur.y0) * static_cast<float>(pix->h))) - 1;
      x0 = std::max(x0, 0);
      y0 = std::max(y0, 0);
      x1 = std::min(x1, pix->w);
      y1 = std::min(y1, pix->h);
      int lo[FZ_MAX_COLORS + 1], hi[FZ_MAX_COLORS + 1];
      for (int k = 0; k < pix->n; ++k) {
        lo[k] = 255;
        hi[k] = 0;
      }
      for (int y = y0; y < y1; ++y) {
        // Only pixels whose centre maps inside the box (rotated images).
        const unsigned char* row = pix->samples + static_cast<std::ptrdiff_t>(y) * pix->stride;
        for (int x = x0; x < x1; ++x) {
          fz_point p = fz_transform_point(
              fz_make_point((static_cast<float>(x) + 0.5f) / static_cast<float>(pix->w),
                            1 - (static_cast<float>(y) + 0.5f) / static_cast<float>(pix->h)),
              ctm);
          if (!Inside(p.x, p.y, b)) continue;
          for (int k = 0; k < pix->n; ++k) {
            int v = row[x * pix->n + k];
            lo[k] = std::min(lo[k], v);
            hi[k] = std::max(hi[k], v);
          }
        }
      }
      for (int k = 0; k < pix->n; ++k)
        if (hi[k] >= lo[k] && hi[k] - lo[k] > 40) d->leak = true;
    }
  }
  fz_always(ctx) { fz_drop_pixmap(ctx, pix); }
  fz_catch(ctx) { fz_rethrow(ctx); }
}

void CheckFillImage(fz_context* ctx, fz_device* dev, fz_image* img, fz_matrix ctm, float, fz_color_params) {
  CheckImagePixels(ctx, dev, img, ctm);
}
void CheckFillImageMask(fz_context* ctx, fz_device* dev, fz_image* img, fz_matrix ctm, fz_colorspace*, const float*,
                        float, fz_color_params) {
  CheckImagePixels(ctx, dev, img, ctm);
}

// Strings in an object (not following references), folded, for searching.
void ScanRawObject(fz_context* ctx, pdf_obj* obj, int depth, std::string* folded) {
  if (depth > 64) return;
  if (pdf_is_string(ctx, obj)) {
    const char* s = pdf_to_str_buf(ctx, obj);
    size_t len = pdf_to_str_len(ctx, obj);
    *folded += FoldForSearch(std::string(s, len));
    // UTF-16 text strings: drop the high bytes.
    if (len >= 2 && static_cast<unsigned char>(s[0]) == 0xfe && static_cast<unsigned char>(s[1]) == 0xff) {
      std::string narrow;
      for (size_t i = 3; i < len; i += 2) narrow += s[i];
      *folded += "\x01" + FoldForSearch(narrow);
    }
    *folded += '\x01';
  } else if (pdf_is_array(ctx, obj)) {
    for (int i = 0, n = pdf_array_len(ctx, obj); i < n; ++i)
      if (!pdf_is_indirect(ctx, pdf_array_get(ctx, obj, i))) ScanRawObject(ctx, pdf_array_get(ctx, obj, i), depth + 1, folded);
  } else if (pdf_is_dict(ctx, obj)) {
    for (int i = 0, n = pdf_dict_len(ctx, obj); i < n; ++i)
      if (!pdf_is_indirect(ctx, pdf_dict_get_val(ctx, obj, i)))
        ScanRawObject(ctx, pdf_dict_get_val(ctx, obj, i), depth + 1, folded);
  }
}

// A page's content streams and the forms it can draw, decompressed.
void CollectPageStreams(fz_context* ctx, pdf_obj* obj, pdf_obj* res, int depth, std::set<int>* seen,
                        std::string* folded) {
  if (depth > kMaxFormDepth) return;
  if (pdf_is_array(ctx, obj)) {
    for (int i = 0, n = pdf_array_len(ctx, obj); i < n; ++i)
      CollectPageStreams(ctx, pdf_array_get(ctx, obj, i), nullptr, depth, seen, folded);
  } else if (pdf_is_stream(ctx, obj) && seen->insert(pdf_to_num(ctx, obj)).second) {
    fz_buffer* buf = pdf_load_stream(ctx, obj);
    unsigned char* data = nullptr;
    size_t len = fz_buffer_storage(ctx, buf, &data);
    std::string text(reinterpret_cast<const char*>(data), len);
    fz_drop_buffer(ctx, buf);
    *folded += '\x01' + FoldForSearch(text);
  }
  pdf_obj* xobjs = pdf_dict_get(ctx, res, PDF_NAME(XObject));
  for (int i = 0, n = pdf_dict_len(ctx, xobjs); i < n; ++i) {
    pdf_obj* x = pdf_dict_get_val(ctx, xobjs, i);
    if (pdf_name_eq(ctx, pdf_dict_get(ctx, x, PDF_NAME(Subtype)), PDF_NAME(Form)))
      CollectPageStreams(ctx, x, pdf_dict_get(ctx, x, PDF_NAME(Resources)), depth + 1, seen, folded);
  }
}

std::string HexFold(const std::string& folded) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : folded) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Runs pdftotext (poppler) on the file; one string per page, or empty when
// it is not installed or fails.
std::vector<std::string> PopplerPages(const std::string& path) {
  const char* candidates[] = {"/usr/bin/pdftotext", "/usr/local/bin/pdftotext"};
  const char* exe = nullptr;
  for (const char* c : candidates)
    if (access(c, X_OK) == 0) exe = c;
  if (!exe) return {};
  int fds[2];
  if (pipe(fds) != 0) return {};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::string p = path;
  char* argv[] = {const_cast<char*>("pdftotext"), const_cast<char*>("-q"), const_cast<char*>("-enc"),
                  const_cast<char*>("UTF-8"), p.data(), const_cast<char*>("-"), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, exe, &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return {};
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t got = read(fds[0], buf, sizeof buf);
    if (got <= 0) break;
    out.append(buf, static_cast<size_t>(got));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  std::vector<std::string> pages;
  size_t at = 0;
  for (size_t ff = out.find('\f'); ff != std::string::npos; ff = out.find('\f', at)) {
    pages.push_back(out.substr(at, ff - at));
    at = ff + 1;
  }
  return pages;
}

std::string Ordinal(size_t i) { return "string " + std::to_string(i + 1); }

bool ImagesLeak(fz_context* ctx, pdf_document* doc, int index, const std::vector<fz_rect>& rel_boxes, bool* leak) {
  std::vector<fz_rect> boxes;
  pdf_page* page = nullptr;
  ImageCheckDevice* dev = nullptr;
  fz_rect bounds{};
  int error = Guarded(ctx, [&] {
    page = internal::LoadPage(ctx, doc, index);
    bounds = fz_bound_page(ctx, &page->super);
  });
  if (error == FZ_ERROR_NONE) {
    for (const auto& r : rel_boxes) boxes.push_back(fz_translate_rect(r, bounds.x0, bounds.y0));
    error = Guarded(ctx, [&] {
      dev = fz_new_derived_device(ctx, ImageCheckDevice);
      dev->boxes = &boxes;
      dev->super.fill_image = CheckFillImage;
      dev->super.fill_image_mask = CheckFillImageMask;
      pdf_run_page(ctx, page, &dev->super, fz_identity, nullptr);
      fz_close_device(ctx, &dev->super);
      *leak = dev->leak;
    });
  }
  if (dev) fz_drop_device(ctx, &dev->super);
  if (page) fz_drop_page(ctx, &page->super);
  return error == FZ_ERROR_NONE;
}

bool LeaksUnderBoxes(fz_context* ctx, pdf_document* doc, int index, const std::vector<fz_rect>& boxes) {
  PageLayout layout;
  if (!ReadLayoutOf(ctx, doc, index, &layout).ok()) return true;
  for (const auto& c : layout.chars) {
    float cx = (c.box.x0 + c.box.x1) / 2, cy = (c.box.y0 + c.box.y1) / 2;
    for (const auto& b : boxes)
      if (Inside(cx, cy, b)) return true;
  }
  if (!layout.has_images) return false;
  bool leak = false;
  if (!ImagesLeak(ctx, doc, index, boxes, &leak)) return true;
  return leak;
}

// Checks one page of an open document; appends failures.
void VerifyPage(fz_context* ctx, pdf_document* doc, const PageExpectation& e, std::vector<VerificationFailure>* out) {
  PageLayout layout;
  Status st = ReadLayoutOf(ctx, doc, e.page, &layout);
  if (!st.ok()) {
    out->push_back({e.page, "mupdf-text", "the page could not be read back: " + st.message()});
    return;
  }
  // 1. The redacted strings, in the page's extracted text.
  const std::string folded = FoldForSearch(layout.text);
  for (size_t i = 0; i < e.removed.size(); ++i) {
    int allowed = i < e.allowed.size() ? e.allowed[i] : 0;
    int found = CountFolded(folded, FoldForSearch(e.removed[i]));
    if (found > allowed)
      out->push_back({e.page, "mupdf-text", Ordinal(i) + " redacted here is still in the page's text"});
  }
  // 2. The page's own content streams and forms, decompressed: strings shown
  // as plain bytes or hex (a ToUnicode-mapped font is covered by step 1).
  {
    std::string raw;
    pdf_obj* page_obj = nullptr;
    std::set<int> seen;
    int error = Guarded(ctx, [&] { page_obj = internal::LookupPageObject(ctx, doc, e.page); });
    if (error == FZ_ERROR_NONE)
      error = Guarded(ctx, [&] {
        CollectPageStreams(ctx, pdf_dict_get(ctx, page_obj, PDF_NAME(Contents)),
                           pdf_dict_get_inheritable(ctx, page_obj, PDF_NAME(Resources)), 0, &seen, &raw);
      });
    if (error != FZ_ERROR_NONE) {
      out->push_back({e.page, "raw-stream", "the page's content streams could not be read back"});
    } else {
      for (size_t i = 0; i < e.removed.size(); ++i) {
        const std::string needle = FoldForSearch(e.removed[i]);
        if (needle.size() < 4) continue;  // initials match everywhere in operators and numbers
        int allowed = i < e.allowed.size() ? e.allowed[i] : 0;
        if (CountFolded(raw, needle) + CountFolded(raw, HexFold(needle)) > allowed)
          out->push_back({e.page, "raw-stream", Ordinal(i) + " redacted here is in the page's decompressed content"});
      }
    }
  }
  // 3. Characters under the boxes: only label text may be there.
  std::string labels;
  for (const auto& l : e.labels) labels += FoldForSearch(l) + "\x01";
  for (size_t bi = 0; bi < e.boxes.size(); ++bi) {
    fz_rect b = ToFz(e.boxes[bi]);
    std::string under;
    for (const auto& c : layout.chars) {
      float cx = (c.box.x0 + c.box.x1) / 2, cy = (c.box.y0 + c.box.y1) / 2;
      if (Inside(cx, cy, b)) under += layout.text.substr(c.offset, c.length);
    }
    under = FoldForSearch(under);
    if (!under.empty() && labels.find(under) == std::string::npos) {
      // Labels may be split or joined: remove each label occurrence and see what is left.
      std::string rest = under;
      for (const auto& l : e.labels) {
        std::string fl = FoldForSearch(l);
        if (fl.empty()) continue;
        for (size_t at = rest.find(fl); at != std::string::npos; at = rest.find(fl)) rest.erase(at, fl.size());
      }
      if (!rest.empty())
        out->push_back({e.page, "text-under-box", "box " + std::to_string(bi + 1) + " still has " +
                                                      std::to_string(rest.size()) + " characters of text under it"});
    }
  }
  // 4. Image pixels under the boxes.
  if (!e.boxes.empty() && layout.has_images) {
    std::vector<fz_rect> rel;
    for (const auto& r : e.boxes) rel.push_back(ToFz(r));
    bool leak = false;
    if (!ImagesLeak(ctx, doc, e.page, rel, &leak))
      out->push_back({e.page, "image-under-box", "the page's images could not be checked"});
    else if (leak)
      out->push_back({e.page, "image-under-box", "an image still has detail under a box"});
  }
}

}  // namespace

Result<std::vector<VerificationFailure>> VerifyRedactedPdf(const std::string& path,
                                                           const std::vector<PageExpectation>& expectations,
                                                           int threads) {
  std::vector<VerificationFailure> failures;
  // Poppler runs alongside our own checks.
  std::vector<std::string> poppler;
  std::thread poppler_thread([&] { poppler = PopplerPages(path); });

  // Per page, on `threads` workers each with its own document.
  threads = std::max(1, std::min(threads, static_cast<int>(expectations.size())));
  std::mutex mu;
  std::atomic<size_t> next{0};
  Status first_error;
  auto worker = [&] {
    OpenPdf pdf;
    Status st = OpenInto(&pdf, path, Limits{});
    if (!st.ok()) {
      std::lock_guard<std::mutex> lock(mu);
      first_error = st;
      return;
    }
    std::vector<VerificationFailure> mine;
    for (size_t i = next++; i < expectations.size(); i = next++) {
      if (expectations[i].page < 0 || expectations[i].page >= pdf.pages) {
        mine.push_back({expectations[i].page, "mupdf-text", "the page is missing from the redacted file"});
        continue;
      }
      VerifyPage(pdf.ctx.get(), pdf.doc.get(), expectations[i], &mine);
    }
    std::lock_guard<std::mutex> lock(mu);
    failures.insert(failures.end(), mine.begin(), mine.end());
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  if (!expectations.empty()) worker();
  for (auto& t : pool) t.join();

  // Everything that is not page content (checked per page above): strings in
  // every object, and streams that hold text (metadata, scripts, attached
  // files). Fonts and images are binary and skipped here.
  std::set<std::string> needles;
  for (const auto& e : expectations)
    for (const auto& r : e.removed) {
      std::string f = FoldForSearch(r);
      if (f.size() >= 4) needles.insert(f);
    }
  if (first_error.ok() && !needles.empty()) {
    OpenPdf pdf;
    Status st = OpenInto(&pdf, path, Limits{});
    if (!st.ok()) {
      first_error = st;
    } else {
      fz_context* ctx = pdf.ctx.get();
      pdf_document* doc = pdf.doc.get();
      // Content streams and forms of pages, to skip.
      std::set<int> page_streams;
      int n = 0;
      Guarded(ctx, [&] { n = pdf_xref_len(ctx, doc); });
      for (int i = 0; i < pdf.pages; ++i) {
        std::string ignored;
        Guarded(ctx, [&] {
          pdf_obj* page_obj = internal::LookupPageObject(ctx, doc, i);
          CollectPageStreams(ctx, pdf_dict_get(ctx, page_obj, PDF_NAME(Contents)), nullptr, 0, &page_streams, &ignored);
        });
      }
      std::set<std::string> leaked;
      for (int num = 1; num < n; ++num) {
        std::string folded;
        pdf_obj* ref = nullptr;
        fz_buffer* buf = nullptr;
        int error = Guarded(ctx, [&] {
          ref = pdf_new_indirect(ctx, doc, num, 0);
          pdf_obj* obj = pdf_resolve_indirect(ctx, ref);
          ScanRawObject(ctx, obj, 0, &folded);
          if (pdf_is_stream(ctx, ref) && !page_streams.count(num)) {
            pdf_obj* sub = pdf_dict_get(ctx, obj, PDF_NAME(Subtype));
            if (!pdf_name_eq(ctx, sub, PDF_NAME(Image)) && !pdf_name_eq(ctx, sub, PDF_NAME(Form)))
              buf = pdf_load_stream_number(ctx, doc, num);
          }
        });
        if (error == FZ_ERROR_NONE && buf) {
          unsigned char* data = nullptr;
          size_t len = fz_buffer_storage(ctx, buf, &data);
          size_t binary = 0;
          for (size_t k = 0; k < len; ++k)
            if (data[k] < 9 || (data[k] > 13 && data[k] < 32)) ++binary;
          if (binary * 10 < len) folded += '\x01' + FoldForSearch(std::string(reinterpret_cast<const char*>(data), len));
        }
        if (buf) fz_drop_buffer(ctx, buf);
        if (ref) pdf_drop_obj(ctx, ref);
        if (folded.empty()) continue;
        for (const auto& needle : needles)
          if (folded.find(needle) != std::string::npos || folded.find(HexFold(needle)) != std::string::npos)
            leaked.insert(needle);
      }
      for (const auto& needle : leaked)
        failures.push_back({-1, "raw-stream", "a redacted string (" + std::to_string(needle.size()) +
                                                  " characters) is still in the file outside the pages' content"});
    }
  }

  poppler_thread.join();
  if (!poppler.empty()) {
    for (const auto& e : expectations) {
      if (e.page < 0 || static_cast<size_t>(e.page) >= poppler.size()) continue;
      const std::string folded = FoldForSearch(poppler[static_cast<size_t>(e.page)]);
      for (size_t i = 0; i < e.removed.size(); ++i) {
        int allowed = i < e.allowed.size() ? e.allowed[i] : 0;
        if (CountFolded(folded, FoldForSearch(e.removed[i])) > allowed)
          failures.push_back({e.page, "pdftotext", Ordinal(i) + " redacted here is still in pdftotext's output"});
      }
    }
  }
  if (!first_error.ok()) return first_error;
  std::sort(failures.begin(), failures.end(),
            [](const VerificationFailure& a, const VerificationFailure& b) { return a.page < b.page; });
  return failures;
}

}  // namespace sardesk::pdf
