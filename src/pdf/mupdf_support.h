// Internal to src/pdf: MuPDF contexts on a counted heap, RAII for MuPDF
// handles, MuPDF errors as Status values, and small text helpers. Not part of
// the module's interface; only src/pdf/*.cc include it.
#pragma once

extern "C" {
#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
}

#include <cstddef>
#include <memory>
#include <string>

#include "common/result.h"

namespace sardesk::pdf::internal {

// MuPDF's heap per context. A decompression bomb or a pathological page
// fails with FZ_ERROR_MEMORY here instead of exhausting the machine.
constexpr std::size_t kMaxHeapBytes = std::size_t{1} << 30;

// The allocator's accounts. Must outlive the context that allocates from it.
struct Heap {
  std::size_t used = 0;
  std::size_t limit = kMaxHeapBytes;
};

struct ContextDeleter {
  void operator()(fz_context* ctx) const { fz_drop_context(ctx); }
};
using ContextPtr = std::unique_ptr<fz_context, ContextDeleter>;

// A context of our own: counted heap, quiet callbacks (MuPDF's messages may
// quote document content), no shared state with other contexts, so separate
// documents may live on separate threads. Null when out of memory.
ContextPtr NewContext(Heap* heap);

// RAII for MuPDF handles. Each deleter needs the context that made the handle.
inline void DropHandle(fz_context* ctx, fz_document* doc) { fz_drop_document(ctx, doc); }
inline void DropHandle(fz_context* ctx, fz_stream* stm) { fz_drop_stream(ctx, stm); }
inline void DropHandle(fz_context* ctx, fz_page* page) { fz_drop_page(ctx, page); }
inline void DropHandle(fz_context* ctx, fz_stext_page* text) { fz_drop_stext_page(ctx, text); }
inline void DropHandle(fz_context* ctx, fz_pixmap* pix) { fz_drop_pixmap(ctx, pix); }
inline void DropHandle(fz_context* ctx, fz_buffer* buf) { fz_drop_buffer(ctx, buf); }
inline void DropHandle(fz_context* ctx, fz_font* font) { fz_drop_font(ctx, font); }
inline void DropHandle(fz_context* ctx, fz_text* text) { fz_drop_text(ctx, text); }
inline void DropHandle(fz_context* ctx, fz_image* image) { fz_drop_image(ctx, image); }
inline void DropHandle(fz_context* ctx, fz_document_writer* w) { fz_drop_document_writer(ctx, w); }
inline void DropHandle(fz_context* ctx, pdf_document* doc) { pdf_drop_document(ctx, doc); }
inline void DropHandle(fz_context* ctx, pdf_obj* obj) { pdf_drop_obj(ctx, obj); }
inline void DropHandle(fz_context* ctx, pdf_page* page) { fz_drop_page(ctx, &page->super); }
inline void DropHandle(fz_context* ctx, fz_device* dev) { fz_drop_device(ctx, dev); }

template <typename T>
struct Dropper {
  fz_context* ctx;  // outlives every handle it drops
  void operator()(T* handle) const { DropHandle(ctx, handle); }
};
template <typename T>
using Owned = std::unique_ptr<T, Dropper<T>>;
template <typename T>
Owned<T> Own(fz_context* ctx, T* handle) {
  return Owned<T>(handle, Dropper<T>{ctx});
}

// Runs `fn` under fz_try and returns MuPDF's error code (FZ_ERROR_NONE on
// success). A MuPDF error longjmps out of `fn`, skipping destructors, so `fn`
// may only call MuPDF and assign plain values it captured by reference; it
// must not create C++ objects that own anything.
template <typename Fn>
int Guarded(fz_context* ctx, Fn&& fn) {
  int error = FZ_ERROR_NONE;
  fz_try(ctx) { fn(); }
  fz_catch(ctx) { error = fz_caught(ctx); }
  return error;
}

// The officer's message for a MuPDF error while reading a PDF.
Status ReadFailure(int error);

// Spaces, controls and the other characters that separate words.
bool IsSeparator(int c);
// Appends code point `c` as UTF-8 (U+FFFD for values that are not characters).
void AppendUtf8(std::string& out, int c);

}  // namespace sardesk::pdf::internal

namespace sardesk::pdf::internal {

// MuPDF 1.21 finds page N by walking the page tree from its root, so reading
// every page of a file whose Kids array holds thousands of pages is
// quadratic. Its page map (pdf_load_page_tree) makes lookups direct, but 1.21
// takes a reference to the page object on each lookup through the map and
// never gives it back, so the page objects outlive the document. PageMapHold
// loads the map; LoadPage and LookupPageObject measure the references a call
// took and give back any beyond the page's own, so a MuPDF without the fault
// is left alone. The hold must be released before the document is saved or
// dropped (its destructor does so).
class PageMapHold {
 public:
  PageMapHold() = default;
  PageMapHold(const PageMapHold&) = delete;
  PageMapHold& operator=(const PageMapHold&) = delete;
  ~PageMapHold() { Release(); }
  // Loads the map of `doc`; a damaged page tree leaves lookups as they were.
  void Load(fz_context* ctx, pdf_document* doc);
  void Release();

 private:
  fz_context* ctx_ = nullptr;
  pdf_document* doc_ = nullptr;
};

// pdf_load_page and pdf_lookup_page_obj with the references MuPDF 1.21 keeps
// through its page map given back. May throw MuPDF errors: call under Guarded.
pdf_page* LoadPage(fz_context* ctx, pdf_document* doc, int index);
pdf_obj* LookupPageObject(fz_context* ctx, pdf_document* doc, int index);

}  // namespace sardesk::pdf::internal
