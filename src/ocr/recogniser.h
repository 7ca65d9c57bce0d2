// Optical character recognition: the Tesseract adapter, the only place
// Tesseract and Leptonica appear. Tesseract never prints (its messages may
// quote the page), so no personal data reaches the logs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/gray_image.h"
#include "common/result.h"

namespace sardesk::ocr {

struct OcrSettings {
  std::string language = "eng";
  std::string tessdata_dir;  // empty: Tesseract's default (Debian: /usr/share/tesseract-ocr/5/tessdata)
  std::int64_t max_pixels = 60'000'000;  // larger images are refused, not recognised
};

// One recognised word. The box is in pixels of the image, origin top-left.
struct OcrWord {
  std::string text;  // UTF-8
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float confidence = 0;  // 0-100
  int line = 0;          // words with the same number share a text line
};

struct OcrPage {
  std::vector<OcrWord> words;  // reading order
  std::string text;            // words joined with spaces, lines with '\n'
  double mean_confidence = 0;  // per character, 0-100; 0 when no words
};

// A Tesseract engine with its language model loaded (about 100 ms and some
// tens of MB, so keep and reuse it). Not thread-safe: one per thread at a
// time; separate instances run in parallel. Tesseract's own OpenMP threads
// are switched off (they make parallel pages slower, see docs/decisions.md).
class Recogniser {
 public:
  struct Impl;  // Tesseract handles; defined in recogniser.cc only.

  // Loads the language; fails with a message saying what to install.
  static Result<std::unique_ptr<Recogniser>> Create(const OcrSettings& settings = {});

  explicit Recogniser(std::unique_ptr<Impl> impl);  // use Create
  Recogniser(const Recogniser&) = delete;
  Recogniser& operator=(const Recogniser&) = delete;
  ~Recogniser();

  // The words on `image` (its dpi guides Tesseract's sizes; 0 lets it guess).
  Result<OcrPage> Recognise(const GrayImage& image);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace sardesk::ocr
