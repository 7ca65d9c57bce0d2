#include "pdf/mupdf_support.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace sardesk::pdf::internal {
namespace {

constexpr std::size_t kHeader = alignof(std::max_align_t);
static_assert(kHeader >= sizeof(std::size_t));

std::size_t BlockSize(void* ptr) {
  std::size_t size = 0;
  std::memcpy(&size, static_cast<char*>(ptr) - kHeader, sizeof size);
  return size;
}

void* HeapMalloc(void* user, std::size_t size) {
  auto* heap = static_cast<Heap*>(user);
  if (size > heap->limit - heap->used) return nullptr;
  void* block = std::malloc(size + kHeader);
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof size);
  heap->used += size;
  return static_cast<char*>(block) + kHeader;
}

void HeapFree(void* user, void* ptr) {
  if (ptr == nullptr) return;
  auto* heap = static_cast<Heap*>(user);
  heap->used -= BlockSize(ptr);
  std::free(static_cast<char*>(ptr) - kHeader);
}

void* HeapRealloc(void* user, void* old, std::size_t size) {
  if (old == nullptr) return HeapMalloc(user, size);
  if (size == 0) {
    HeapFree(user, old);
    return nullptr;
  }
  auto* heap = static_cast<Heap*>(user);
  const std::size_t old_size = BlockSize(old);
  if (size > old_size && size - old_size > heap->limit - heap->used) return nullptr;
  void* block = std::realloc(static_cast<char*>(old) - kHeader, size + kHeader);
  if (block == nullptr) return nullptr;
  std::memcpy(block, &size, sizeof size);
  heap->used = heap->used - old_size + size;
  return static_cast<char*>(block) + kHeader;
}

void Quiet(void* /*user*/, const char* /*message*/) {}

}  // namespace

ContextPtr NewContext(Heap* heap) {
  const fz_alloc_context alloc = {heap, HeapMalloc, HeapRealloc, HeapFree};
  ContextPtr ctx(fz_new_context(&alloc, nullptr, FZ_STORE_DEFAULT));
  if (!ctx) return ctx;
  fz_set_error_callback(ctx.get(), Quiet, nullptr);
  fz_set_warning_callback(ctx.get(), Quiet, nullptr);
  return ctx;
}

Status ReadFailure(int error) {
  if (error == FZ_ERROR_MEMORY)
    return Status::Invalid(
        "this PDF needs more memory to read than is allowed: it may be damaged or deliberately malformed");
  return Status::Invalid("this file is damaged or is not a PDF and cannot be read");
}

bool IsSeparator(int c) {
  if (c <= 0x20 || (c >= 0x7f && c <= 0xa0)) return true;
  switch (c) {
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200b;
  }
}

void AppendUtf8(std::string& out, int c) {
  auto cp = static_cast<std::uint32_t>(c);
  if (c < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

}  // namespace sardesk::pdf::internal

namespace sardesk::pdf::internal {

void PageMapHold::Load(fz_context* ctx, pdf_document* doc) {
  Release();
  int error = Guarded(ctx, [&] { pdf_load_page_tree(ctx, doc); });
  if (error != FZ_ERROR_NONE) return;  // lookups walk the tree, as without a map
  ctx_ = ctx;
  doc_ = doc;
}

void PageMapHold::Release() {
  if (doc_ == nullptr) return;
  pdf_drop_page_tree(ctx_, doc_);  // frees only; cannot throw
  ctx_ = nullptr;
  doc_ = nullptr;
}

pdf_obj* LookupPageObject(fz_context* ctx, pdf_document* doc, int index) {
  const bool mapped = doc->fwd_page_map != nullptr;
  pdf_obj* obj = pdf_lookup_page_obj(ctx, doc, index);
  if (!mapped || doc->fwd_page_map == nullptr) return obj;
  // A second lookup shows whether one takes a reference it keeps.
  const int refs = pdf_obj_refs(ctx, obj);
  pdf_obj* again = pdf_lookup_page_obj(ctx, doc, index);
  if (again == obj && pdf_obj_refs(ctx, obj) == refs + 1) {
    pdf_drop_obj(ctx, obj);
    pdf_drop_obj(ctx, obj);
  }
  return obj;
}

pdf_page* LoadPage(fz_context* ctx, pdf_document* doc, int index) {
  if (doc->fwd_page_map == nullptr) return pdf_load_page(ctx, doc, index);
  pdf_obj* obj = LookupPageObject(ctx, doc, index);
  const int before = pdf_obj_refs(ctx, obj);
  pdf_page* page = nullptr;
  fz_try(ctx) { page = pdf_load_page(ctx, doc, index); }
  fz_catch(ctx) {
    for (int extra = pdf_obj_refs(ctx, obj) - before; extra > 0; --extra) pdf_drop_obj(ctx, obj);
    fz_rethrow(ctx);
  }
  if (page->obj == obj) {
    // A page made now holds one reference; a page already open holds its own.
    const int own = page->super.refs == 1 ? 1 : 0;
    for (int extra = pdf_obj_refs(ctx, obj) - before - own; extra > 0; --extra) pdf_drop_obj(ctx, obj);
  }
  return page;
}

}  // namespace sardesk::pdf::internal
