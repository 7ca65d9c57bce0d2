#include "pdf/mupdf_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "pdf/pdf_document.h"

namespace sardesk::pdf::internal {
namespace {

namespace fs = std::filesystem;

// A 40-page PDF in one Kids array, as generated case files are.
class PageMapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("sardesk_pagemap_" + std::to_string(::getpid()) + ".pdf")).string();
    std::vector<std::string> pages;
    for (int i = 0; i < 40; ++i) pages.push_back("Page " + std::to_string(i + 1) + " of the record");
    ASSERT_TRUE(WriteTextPdf(path_, pages).ok());
    ctx_ = NewContext(&heap_);
    ASSERT_TRUE(ctx_);
    pdf_document* raw = nullptr;
    ASSERT_EQ(Guarded(ctx_.get(), [&] { raw = pdf_open_document(ctx_.get(), path_.c_str()); }), FZ_ERROR_NONE);
    doc_ = Own(ctx_.get(), raw);
  }
  void TearDown() override {
    doc_.reset();
    fs::remove(path_);
  }

  // References held on page `index`'s object, looked up without the map.
  int Refs(int index) {
    int refs = -1;
    EXPECT_EQ(Guarded(ctx_.get(), [&] { refs = pdf_obj_refs(ctx_.get(), LookupPageObject(ctx_.get(), doc_.get(), index)); }),
              FZ_ERROR_NONE);
    return refs;
  }

  std::string path_;
  Heap heap_;
  ContextPtr ctx_;
  Owned<pdf_document> doc_{nullptr, Dropper<pdf_document>{nullptr}};
};

TEST_F(PageMapTest, LookupsAndLoadsThroughTheMapKeepNoReference) {
  std::vector<int> before;
  for (int i = 0; i < 40; ++i) before.push_back(Refs(i));
  PageMapHold map;
  map.Load(ctx_.get(), doc_.get());
  ASSERT_NE(doc_->fwd_page_map, nullptr) << "the page map was not loaded";
  fz_context* ctx = ctx_.get();
  for (int round = 0; round < 3; ++round) {
    for (int i = 39; i >= 0; --i) {
      pdf_page* first = nullptr;
      pdf_page* again = nullptr;  // the same page while it is open
      ASSERT_EQ(Guarded(ctx, [&] {
                  first = LoadPage(ctx, doc_.get(), i);
                  again = LoadPage(ctx, doc_.get(), i);
                }),
                FZ_ERROR_NONE);
      EXPECT_EQ(first, again);
      EXPECT_EQ(Refs(i), before[static_cast<size_t>(i)] + 1) << "page " << i + 1 << " open once";
      fz_drop_page(ctx, &again->super);
      fz_drop_page(ctx, &first->super);
      EXPECT_EQ(Refs(i), before[static_cast<size_t>(i)]) << "page " << i + 1;
    }
  }
  for (int i = 0; i < 40; ++i) EXPECT_EQ(Refs(i), before[static_cast<size_t>(i)]);
  // A page past the end fails as it would without the map, and leaks nothing.
  EXPECT_NE(Guarded(ctx, [&] { LoadPage(ctx, doc_.get(), 40); }), FZ_ERROR_NONE);
  map.Release();
  EXPECT_EQ(doc_->fwd_page_map, nullptr);
}

TEST_F(PageMapTest, ReadsEveryPageTheSameWithAndWithoutTheMap) {
  auto text_of = [&](int index) {
    std::string text;
    fz_context* ctx = ctx_.get();
    pdf_page* page = nullptr;
    fz_buffer* buf = nullptr;
    EXPECT_EQ(Guarded(ctx, [&] {
                page = LoadPage(ctx, doc_.get(), index);
                fz_stext_page* stext = fz_new_stext_page_from_page(ctx, &page->super, nullptr);
                buf = fz_new_buffer_from_stext_page(ctx, stext);
                fz_drop_stext_page(ctx, stext);
              }),
              FZ_ERROR_NONE);
    text = fz_string_from_buffer(ctx, buf);
    fz_drop_buffer(ctx, buf);
    fz_drop_page(ctx, &page->super);
    return text;
  };
  std::vector<std::string> plain;
  for (int i = 0; i < 40; ++i) plain.push_back(text_of(i));
  PageMapHold map;
  map.Load(ctx_.get(), doc_.get());
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(text_of(i), plain[static_cast<size_t>(i)]);
    EXPECT_NE(plain[static_cast<size_t>(i)].find("Page " + std::to_string(i + 1) + " of"), std::string::npos);
  }
}

}  // namespace
}  // namespace sardesk::pdf::internal
