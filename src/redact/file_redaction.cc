#include "redact/file_redaction.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "ocr/recogniser.h"
#include "redact/plan.h"

namespace sardesk::redact {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

constexpr int kPagesPerDetectionChunk = 32;
constexpr char kPageBreak[] = "\n\n";

// Runs fn(i) for i in [0, n) on `threads` threads; the first error wins.
template <typename Fn>
Status Parallel(int n, int threads, Fn&& fn) {
  std::atomic<int> next{0};
  std::mutex mu;
  Status first;
  auto worker = [&] {
    for (int i = next++; i < n; i = next++) {
      Status st = fn(i);
      if (!st.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first.ok()) first = st;
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return first;
}

constexpr float kOcrDpi = 300;

// A page's OCR words as a layout: text joined like extracted text, each
// word's box shared out over its characters.
pdf::PageLayout OcrLayout(int index, const ocr::OcrPage& page, float dpi) {
  pdf::PageLayout l;
  l.index = index;
  const float k = 72.0f / dpi;
  int line = -1;
  for (const auto& w : page.words) {
    if (w.text.empty()) continue;
    if (!l.text.empty()) l.text += (w.line != line ? '\n' : ' ');
    line = w.line;
    // Characters: UTF-8 sequences; each gets an equal slice of the word box.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> chars;
    for (size_t i = 0; i < w.text.size();) {
      size_t n = 1;
      auto b = static_cast<unsigned char>(w.text[i]);
      if (b >= 0xf0) n = 4; else if (b >= 0xe0) n = 3; else if (b >= 0xc0) n = 2;
      n = std::min(n, w.text.size() - i);
      chars.push_back({static_cast<std::uint32_t>(l.text.size() + i), static_cast<std::uint32_t>(n)});
      i += n;
    }
    const float x0 = static_cast<float>(w.x0) * k, x1 = static_cast<float>(w.x1) * k;
    const float step = (x1 - x0) / static_cast<float>(chars.size());
    for (size_t c = 0; c < chars.size(); ++c)
      l.chars.push_back({chars[c].first, chars[c].second,
                         {x0 + step * static_cast<float>(c), static_cast<float>(w.y0) * k,
                          x0 + step * static_cast<float>(c + 1), static_cast<float>(w.y1) * k}});
    l.text += w.text;
  }
  return l;
}

// Runs `read(doc, engine, page)` for each of `pages` on `threads` workers,
// each with its own document and OCR engine; `read` returns what to keep for
// the page, or nothing. Results are stored in *out under the output lock.
template <typename T, typename Read>
Status ReadPagesByOcr(const std::string& path, const std::vector<int>& pages, int threads, std::map<int, T>* out,
                      Read read) {
  std::mutex mu;
  std::atomic<size_t> next{0};
  Status first;
  auto worker = [&] {
    auto doc = pdf::PdfDocument::Open(path);
    auto engine = ocr::Recogniser::Create();
    if (!doc.ok() || !engine.ok()) {
      std::lock_guard<std::mutex> lock(mu);
      if (first.ok()) first = doc.ok() ? engine.status() : doc.status();
      return;
    }
    for (size_t i = next++; i < pages.size(); i = next++) {
      std::optional<T> kept = read(**doc, **engine, pages[i]);
      if (!kept) continue;
      std::lock_guard<std::mutex> lock(mu);
      (*out)[pages[i]] = std::move(*kept);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min<int>(threads, static_cast<int>(pages.size())); ++t) pool.emplace_back(worker);
  if (!pages.empty()) worker();
  for (auto& t : pool) t.join();
  return first;
}

// Recognises `pages` of the PDF at `path` on `threads` threads.
Status RecognisePages(const std::string& path, const std::vector<int>& pages, int threads,
                      std::map<int, pdf::PageLayout>* out) {
  return ReadPagesByOcr(path, pages, threads, out,
                        [](pdf::PdfDocument& doc, ocr::Recogniser& engine, int page) -> std::optional<pdf::PageLayout> {
                          auto image = doc.RenderGray(page, kOcrDpi);
                          if (!image.ok()) return std::nullopt;  // too large to render: the other checks still apply
                          auto words = engine.Recognise(*image);
                          if (!words.ok()) return std::nullopt;
                          return OcrLayout(page, *words, kOcrDpi);
                        });
}

// The text OCR reads in each image of `pages`, taken out of the PDF whole (as
// pdfimages would, clipped and off-page parts included), joined per page.
Status RecogniseExtractedImages(const std::string& path, const std::vector<int>& pages, int threads,
                                std::map<int, std::string>* out) {
  return ReadPagesByOcr(path, pages, threads, out,
                        [](pdf::PdfDocument& doc, ocr::Recogniser& engine, int page) -> std::optional<std::string> {
                          auto images = doc.PageImages(page);
                          if (!images.ok()) return std::nullopt;  // unreadable: the other checks report it
                          std::string text;
                          for (const auto& image : *images) {
                            auto words = engine.Recognise(image);
                            if (words.ok()) text += words->text + "\n";
                          }
                          return text;
                        });
}

// One thing to redact on a page, before it becomes boxes.
struct Target {
  int page = 0;
  TextSpan span;             // in the page's text; empty for a hand box
  std::vector<pdf::Rect> boxes;
  std::string text;          // what is under it, for verification
  const Exemption* reason = nullptr;
  bool from_ocr = false;     // found in the page image, not its text layer
};

}  // namespace

Result<std::vector<pdf::VerificationFailure>> VerifyByOcr(const std::string& path,
                                                         const std::vector<pdf::PageExpectation>& expectations,
                                                         int threads) {
  std::vector<int> pages;
  for (const auto& e : expectations)
    if (!e.removed.empty()) pages.push_back(e.page);
  std::vector<pdf::VerificationFailure> failures;
  if (pages.empty()) return failures;
  std::map<int, pdf::PageLayout> rendered;
  SARDESK_RETURN_IF_ERROR(RecognisePages(path, pages, threads, &rendered));
  std::map<int, std::string> extracted;
  SARDESK_RETURN_IF_ERROR(RecogniseExtractedImages(path, pages, threads, &extracted));
  for (const auto& e : expectations) {
    const auto it = rendered.find(e.page);
    const std::string page = it == rendered.end() ? std::string() : pdf::FoldForSearch(it->second.text);
    const std::string images = pdf::FoldForSearch(extracted[e.page]);
    for (size_t i = 0; i < e.removed.size(); ++i) {
      const std::string needle = pdf::FoldForSearch(e.removed[i]);
      const int allowed = i < e.allowed.size() ? e.allowed[i] : 0;
      if (needle.size() < 4) continue;  // OCR misreads short strings too often to judge them
      if (pdf::CountFolded(page, needle) > allowed)
        failures.push_back({e.page, "ocr", "string " + std::to_string(i + 1) +
                                               " redacted here can still be read by OCR of the page"});
      else if (pdf::CountFolded(images, needle) > allowed)
        failures.push_back({e.page, "ocr-image", "string " + std::to_string(i + 1) +
                                                     " redacted here can still be read by OCR of an image taken out "
                                                     "of the page"});
    }
  }
  return failures;
}

Result<FileRedactionReport> RedactFile(const FileRedactionRequest& request, FileRedactionReport* partial) {
  FileRedactionReport report;
  const int threads = std::max(1, request.threads);
  const Exemption* third_party = nullptr;
  const Exemption* serious_harm = nullptr;
  for (const auto& e : request.catalogue) {
    if (e.code == "third_party") third_party = &e;
    if (e.code == "serious_harm") serious_harm = &e;
  }
  if (!third_party) return Status::Invalid("the exemption catalogue has no third_party entry");
  if (!serious_harm) serious_harm = third_party;

  // 1. Every page's text with character boxes, on all threads.
  auto t0 = Clock::now();
  int pages = 0;
  {
    auto reader = pdf::LayoutReader::Open(request.in_path);
    if (!reader.ok()) return Status::Invalid(request.in_path + ": " + reader.status().message());
    pages = (*reader)->page_count();
  }
  report.pages = pages;
  std::vector<pdf::PageLayout> layouts(static_cast<size_t>(pages));
  {
    std::vector<std::unique_ptr<pdf::LayoutReader>> readers(static_cast<size_t>(threads));
    std::mutex readers_mu;
    std::atomic<int> next{0};
    std::mutex err_mu;
    Status first;
    auto worker = [&](int t) {
      auto reader = pdf::LayoutReader::Open(request.in_path);
      if (!reader.ok()) {
        std::lock_guard<std::mutex> lock(err_mu);
        first = reader.status();
        return;
      }
      for (int i = next++; i < pages; i = next++) {
        auto layout = (*reader)->Read(i);
        if (!layout.ok()) {
          std::lock_guard<std::mutex> lock(err_mu);
          if (first.ok()) first = Status::Invalid("page " + std::to_string(i + 1) + ": " + layout.status().message());
          return;
        }
        layouts[static_cast<size_t>(i)] = std::move(*layout);
      }
      (void)t;
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(threads, pages); ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool) t.join();
    if (!first.ok()) return first;
  }
  report.layout_seconds = Since(t0);

  // 1b. Pages with images (scans, photos of letters): OCR, so terms and
  // detection see the text in the pixels too.
  std::map<int, pdf::PageLayout> ocr_layouts;
  if (!request.terms.empty() || request.context) {
    t0 = Clock::now();
    std::vector<int> image_pages;
    for (int p = 0; p < pages; ++p)
      if (layouts[static_cast<size_t>(p)].has_images) image_pages.push_back(p);
    SARDESK_RETURN_IF_ERROR(RecognisePages(request.in_path, image_pages, threads, &ocr_layouts));
    report.ocr_pages = static_cast<int>(ocr_layouts.size());
    report.ocr_seconds = Since(t0);
  }

  std::vector<Target> targets;
  std::mutex targets_mu;

  // 2. Detection over chunks of pages (names introduced on one page are
  // known on the next ones in the chunk).
  t0 = Clock::now();
  if (request.context) {
    const detect::Detector detector;
    const int chunks = (pages + kPagesPerDetectionChunk - 1) / kPagesPerDetectionChunk;
    std::vector<FlagOnPage> flags;
    int review = 0;
    Status st = Parallel(chunks, threads, [&](int c) -> Status {
      const int first = c * kPagesPerDetectionChunk, last = std::min(pages, first + kPagesPerDetectionChunk);
      std::string text;
      std::vector<std::uint32_t> starts;
      for (int p = first; p < last; ++p) {
        starts.push_back(static_cast<std::uint32_t>(text.size()));
        text += layouts[static_cast<size_t>(p)].text;
        text += kPageBreak;
      }
      auto detection = detector.Detect(text, *request.context);
      auto page_of = [&](std::uint32_t offset) {
        auto it = std::upper_bound(starts.begin(), starts.end(), offset);
        return static_cast<int>(it - starts.begin()) - 1;
      };
      std::vector<Target> mine;
      int my_review = 0;
      for (const auto& p : detection.proposals) {
        if (p.action == detect::Action::kReview) ++my_review;
        if (p.action != detect::Action::kRedact) continue;
        int k = page_of(p.start);
        const auto& layout = layouts[static_cast<size_t>(first + k)];
        std::uint32_t start = p.start - starts[static_cast<size_t>(k)];
        std::uint32_t end = std::min<std::uint32_t>(p.end - starts[static_cast<size_t>(k)],
                                                    static_cast<std::uint32_t>(layout.text.size()));
        if (end <= start) continue;
        Target t;
        t.page = first + k;
        t.span = {start, end};
        t.text = layout.text.substr(start, end - start);
        t.reason = p.exemption == detect::Exemption::kSeriousHarm ? serious_harm : third_party;
        mine.push_back(std::move(t));
      }
      std::vector<FlagOnPage> my_flags;
      for (const auto& f : detection.flags) {
        std::set<int> seen;
        for (const auto& s : f.sentences) {
          int page = first + page_of(s.start) + 1;
          if (seen.insert(page).second) my_flags.push_back({std::string(detect::FlagName(f.kind)), page});
        }
      }
      std::lock_guard<std::mutex> lock(targets_mu);
      report.from_detection += static_cast<int>(mine.size());
      targets.insert(targets.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
      flags.insert(flags.end(), my_flags.begin(), my_flags.end());
      review += my_review;
      return Status::Ok();
    });
    if (!st.ok()) return st;
    std::sort(flags.begin(), flags.end(),
              [](const FlagOnPage& a, const FlagOnPage& b) { return std::tie(a.page, a.flag) < std::tie(b.page, b.flag); });
    report.flags = flags;
    report.review_proposals = review;
  }

  // 3. Terms, wherever they occur.
  for (int p = 0; p < pages; ++p) {
    const auto& layout = layouts[static_cast<size_t>(p)];
    for (const auto& term : request.terms)
      for (const auto& span : FindTerm(layout.text, term)) {
        Target t;
        t.page = p;
        t.span = span;
        t.text = layout.text.substr(span.start, span.end - span.start);
        t.reason = third_party;
        targets.push_back(std::move(t));
        ++report.from_terms;
      }
  }

  for (const auto& [p, layout] : ocr_layouts) {
    for (const auto& term : request.terms)
      for (const auto& span : FindTerm(layout.text, term)) {
        Target t;
        t.page = p;
        t.span = span;
        t.boxes = BoxesForSpan(layout, span);
        t.text = layout.text.substr(span.start, span.end - span.start);
        t.reason = third_party;
        t.from_ocr = true;
        targets.push_back(std::move(t));
        ++report.from_terms;
      }
  }
  if (request.context) {
    const detect::Detector detector;
    for (const auto& [p, layout] : ocr_layouts) {
      auto detection = detector.Detect(layout.text, *request.context);
      for (const auto& d : detection.proposals) {
        if (d.action != detect::Action::kRedact) continue;
        Target t;
        t.page = p;
        t.span = {d.start, d.end};
        t.boxes = BoxesForSpan(layout, t.span);
        t.text = layout.text.substr(d.start, d.end - d.start);
        t.reason = d.exemption == detect::Exemption::kSeriousHarm ? serious_harm : third_party;
        t.from_ocr = true;
        targets.push_back(std::move(t));
        ++report.from_detection;
      }
    }
  }

  // 4. Boxes given by hand.
  for (const auto& b : request.boxes) {
    if (b.page < 1 || b.page > pages)
      return Status::Invalid("a box is on page " + std::to_string(b.page) + " but the PDF has " + std::to_string(pages) +
                             " pages");
    if (!(b.x1 > b.x0 && b.y1 > b.y0))
      return Status::Invalid("a box on page " + std::to_string(b.page) + " has no area: give x0 < x1 and y0 < y1");
    const Exemption* reason = third_party;
    if (!b.reason.empty()) {
      reason = nullptr;
      for (const auto& e : request.catalogue)
        if (e.code == b.reason) reason = &e;
      if (!reason) return Status::Invalid("unknown reason \"" + b.reason + "\": use a code from the exemption catalogue");
    }
    const auto& layout = layouts[static_cast<size_t>(b.page - 1)];
    Target t;
    t.page = b.page - 1;
    t.boxes = {FromPdfSpace(layout, {b.x0, b.y0, b.x1, b.y1})};
    t.text = TextUnder(layout, t.boxes[0]);
    t.reason = reason;
    targets.push_back(std::move(t));
    ++report.from_boxes;
  }
  report.detect_seconds = Since(t0);

  // 5. Boxes, marks and what verification must prove, per page.
  pdf::RedactionOptions options;
  options.check_pages = false;  // the written file is verified below, and failing pages flattened
  std::map<int, pdf::PageExpectation> expect;
  std::map<int, std::map<std::string, int>> marked;  // page -> folded text -> occurrences marked
  std::map<int, std::map<std::string, int>> ocr_marked;  // page -> folded OCR text -> occurrences marked
  std::set<int> image_pages_marked;
  for (auto& t : targets) {
    if (t.boxes.empty()) t.boxes = BoxesForSpan(layouts[static_cast<size_t>(t.page)], t.span);
    if (layouts[static_cast<size_t>(t.page)].has_images) image_pages_marked.insert(t.page);
    if (t.from_ocr) {
      std::string folded = pdf::FoldForSearch(t.text);
      if (folded.size() >= 2) ocr_marked[t.page][folded]++;
    }
    auto& e = expect[t.page];
    e.page = t.page;
    for (const auto& b : t.boxes) {
      options.marks.push_back({t.page, b, t.reason->label, t.reason->short_label});
      e.boxes.push_back(b);
    }
    e.labels.push_back(t.reason->label);
    e.labels.push_back(t.reason->short_label);
    std::string folded = pdf::FoldForSearch(t.text);
    if (!t.from_ocr && folded.size() >= 2) marked[t.page][folded]++;
  }
  // What OCR of each redacted image page may still read: the OCR'd strings
  // no more often than they appeared outside the boxes, and the text-layer
  // strings likewise.
  std::vector<pdf::PageExpectation> ocr_expect;
  for (int page : image_pages_marked) {
    pdf::PageExpectation e;
    e.page = page;
    auto it = ocr_layouts.find(page);
    const std::string before = it == ocr_layouts.end() ? std::string() : pdf::FoldForSearch(it->second.text);
    std::map<std::string, int> all = ocr_marked[page];
    for (const auto& [f, n] : marked[page]) all[f] += 0;
    for (const auto& [f, n] : all) {
      if (f.size() < 4) continue;  // OCR misreads short strings too often to judge them
      e.removed.push_back(f);
      e.allowed.push_back(std::max(0, pdf::CountFolded(before, f) - n));
    }
    if (!e.removed.empty()) ocr_expect.push_back(std::move(e));
  }
  report.marks = static_cast<int>(options.marks.size());
  for (auto& [page, e] : expect) {
    const std::string page_text = pdf::FoldForSearch(layouts[static_cast<size_t>(page)].text);
    for (const auto& [folded, count] : marked[page]) {
      e.removed.push_back(folded);
      e.allowed.push_back(std::max(0, pdf::CountFolded(page_text, folded) - count));
    }
  }
  std::vector<pdf::PageExpectation> expectations;
  for (auto& [page, e] : expect) expectations.push_back(std::move(e));
  layouts.clear();
  layouts.shrink_to_fit();

  // 6. Burn in, verify; a page that fails is flattened and everything checked again.
  const std::string tmp = request.out_path + ".unverified";
  for (int attempt = 0; attempt < 2; ++attempt) {
    t0 = Clock::now();
    auto outcome = pdf::RedactPdf(request.in_path, tmp, options);
    if (!outcome.ok()) return outcome.status();
    report.redact_seconds += Since(t0);
    report.changed_pages = outcome->pages;
    report.removed_items = outcome->removed;
    report.annotations_flattened = outcome->annotations_flattened;
    report.annotations_removed = outcome->annotations_removed;
    t0 = Clock::now();
    auto failures = pdf::VerifyRedactedPdf(tmp, expectations, threads);
    report.verify_seconds += Since(t0);
    if (!failures.ok()) {
      std::filesystem::remove(tmp);
      return failures.status();
    }
    report.failures = *failures;
    if (!ocr_expect.empty()) {
      t0 = Clock::now();
      SARDESK_ASSIGN_OR_RETURN(auto ocr_failures, VerifyByOcr(tmp, ocr_expect, threads));
      report.failures.insert(report.failures.end(), ocr_failures.begin(), ocr_failures.end());
      report.verify_seconds += Since(t0);
    }
    if (report.failures.empty()) {
      std::error_code ec;
      std::filesystem::rename(tmp, request.out_path, ec);
      if (ec) return Status::Internal("could not write " + request.out_path + ": " + ec.message());
      report.verified = true;
      return report;
    }
    // Flatten the failing pages that were redacted by the vector method.
    bool more = false;
    for (const auto& f : report.failures)
      if (f.page >= 0 && !options.flatten_pages.count(f.page)) {
        options.flatten_pages.insert(f.page);
        ++report.second_attempt_pages;
        more = true;
      }
    if (!more) break;
  }
  std::filesystem::remove(tmp);
  if (partial) *partial = report;
  const auto& f = report.failures.front();
  return Status(ErrorCode::kFailedPrecondition,
                "verification failed: " + (f.page >= 0 ? "page " + std::to_string(f.page + 1) : std::string("the file")) +
                    ": " + f.method + ": " + f.detail + "; nothing was written");
}

}  // namespace sardesk::redact
