#include "service/page_reader.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace sardesk::service {
namespace {

double Tenth(double v) { return std::round(v * 10) / 10; }

// The resolution to read a scanned page at: its own, within bounds, and
// never more pixels than the render limit allows.
float ScanDpi(pdf::PdfDocument& doc, int page, float width, float height, const PageReadSettings& s) {
  auto native = doc.ImageResolution(page);
  float dpi = native.ok() && *native > 0 ? std::clamp(*native, s.min_scan_dpi, s.max_scan_dpi) : s.scan_dpi;
  const double pixels = static_cast<double>(width) * height * dpi * dpi / (72.0 * 72.0);
  const auto limit = static_cast<double>(s.pdf.max_render_pixels);
  if (pixels > limit && pixels > 0) dpi = static_cast<float>(dpi * std::sqrt(limit / pixels) * 0.99);
  return dpi;
}

Result<ReadPage> ReadOne(pdf::PdfDocument& doc, int index, const PageReadSettings& settings,
                         ocr::EnginePool* ocr) {
  auto text = doc.ExtractText(index);
  if (!text.ok())
    return Status::Invalid("page " + std::to_string(index + 1) + ": " + text.status().message());
  ReadPage page;
  page.index = index;
  page.width = text->width;
  page.height = text->height;
  if (!text->words.empty()) {
    page.text = std::move(text->text);
    page.words_json = PageWordsJson(text->words);
    return page;
  }
  page.words_json = "[]";
  auto scanned = doc.LooksScanned(index);
  if (!scanned.ok() || !*scanned) return page;  // a blank page

  const float dpi = ScanDpi(doc, index, page.width, page.height, settings);
  auto image = doc.RenderGray(index, dpi);
  if (!image.ok()) {
    page.ocr_problem = image.status().message();
    return page;
  }
  auto read = ocr->Recognise(*image);
  if (!read.ok()) {
    page.ocr_problem = read.status().message();
    return page;
  }
  const float to_points = 72.0f / image->dpi;
  std::vector<pdf::Word> words;
  std::vector<float> confidences;
  words.reserve(read->words.size());
  for (const ocr::OcrWord& w : read->words) {
    words.push_back({w.text, static_cast<float>(w.x0) * to_points, static_cast<float>(w.y0) * to_points,
                     static_cast<float>(w.x1) * to_points, static_cast<float>(w.y1) * to_points});
    confidences.push_back(w.confidence);
  }
  page.text = std::move(read->text);
  page.words_json = PageWordsJson(words, confidences);
  page.ocr_confidence = Tenth(read->mean_confidence);
  return page;
}

}  // namespace

std::string PageWordsJson(const std::vector<pdf::Word>& words, const std::vector<float>& confidences) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < words.size(); ++i) {
    const pdf::Word& w = words[i];
    nlohmann::json word = {w.text, Tenth(w.x0), Tenth(w.y0), Tenth(w.x1), Tenth(w.y1)};
    if (i < confidences.size()) word.push_back(Tenth(confidences[i]));
    out.push_back(std::move(word));
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status ReadPages(const std::string& path, int first, int last, const PageReadSettings& settings,
                 ocr::EnginePool* ocr, const std::function<Status(ReadPage)>& consume) {
  if (first >= last) return Status::Ok();
  const int threads = std::clamp(settings.threads, 1, last - first);
  if (threads == 1) {
    SARDESK_ASSIGN_OR_RETURN(auto doc, pdf::PdfDocument::Open(path, settings.pdf));
    for (int i = first; i < last; ++i) {
      SARDESK_ASSIGN_OR_RETURN(ReadPage page, ReadOne(*doc, i, settings, ocr));
      SARDESK_RETURN_IF_ERROR(consume(std::move(page)));
    }
    return Status::Ok();
  }

  // Threads take the next page number; the caller takes finished pages in
  // order. A thread runs at most `window` pages ahead of the caller, so a
  // slow page never makes the others pile up in memory.
  const int window = threads * 4;
  std::mutex mu;
  std::condition_variable changed;
  std::map<int, Result<ReadPage>> finished;
  int next = first;
  int consumed = first;
  bool stop = false;
  auto work = [&] {
    auto opened = pdf::PdfDocument::Open(path, settings.pdf);  // this thread's own
    for (;;) {
      int index = 0;
      {
        std::unique_lock<std::mutex> lock(mu);
        changed.wait(lock, [&] { return stop || next >= last || next < consumed + window; });
        if (stop || next >= last) return;
        index = next++;
      }
      Result<ReadPage> page =
          opened.ok() ? ReadOne(**opened, index, settings, ocr) : Result<ReadPage>(opened.status());
      {
        std::lock_guard<std::mutex> lock(mu);
        finished.emplace(index, std::move(page));
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);

  Status outcome;
  for (int i = first; i < last && outcome.ok(); ++i) {
    std::optional<Result<ReadPage>> page;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return finished.count(i) > 0; });
      auto node = finished.extract(i);
      page.emplace(std::move(node.mapped()));
      consumed = i + 1;
    }
    changed.notify_all();
    outcome = page->ok() ? consume(std::move(**page)) : page->status();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
  return outcome;
}

}  // namespace sardesk::service
