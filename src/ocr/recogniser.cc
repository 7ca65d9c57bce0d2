#include "ocr/recogniser.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <new>
#include <utility>

namespace sardesk::ocr {
namespace {

// Tesseract's OpenMP parallel regions compete with our one-page-per-thread
// parallelism (measured ~2.5x slower with two pages at once). OMP_THREAD_LIMIT
// cannot be set from here: libgomp reads the environment when it is loaded,
// before main. Allowing no active parallel levels makes every region run on
// the calling thread instead. The symbol is looked up at run time so a
// Tesseract built without OpenMP needs nothing.
using SetMaxActiveLevels = void (*)(int);

SetMaxActiveLevels FindSetMaxActiveLevels() {
  static const SetMaxActiveLevels fn = [] {
    void* sym = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    return reinterpret_cast<SetMaxActiveLevels>(sym);
  }();
  return fn;
}

// Per thread in newer libgomp (an ICV of the implicit task), process-wide in
// older ones: calling it on every thread that recognises covers both.
void RunTesseractOnThisThreadOnly() {
  if (SetMaxActiveLevels fn = FindSetMaxActiveLevels()) fn(0);
}

void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

std::size_t CountCodePoints(const std::string& utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};

}  // namespace

struct Recogniser::Impl {
  OcrSettings settings;
  tesseract::TessBaseAPI api;
  ~Impl() { api.End(); }
};

Recogniser::Recogniser(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recogniser::~Recogniser() = default;

Result<std::unique_ptr<Recogniser>> Recogniser::Create(const OcrSettings& settings) {
  QuietLeptonica();
  RunTesseractOnThisThreadOnly();
  if (settings.language.empty() ||
      settings.language.find_first_not_of("abcdefghijklmnopqrstuvwxyz_+") != std::string::npos) {
    return Status::Invalid("the OCR language must be a Tesseract language code such as eng");
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->settings = settings;
    // Before Init, so that loading errors are not printed either.
    impl->api.SetVariable("debug_file", "/dev/null");
    const std::vector<std::string> names = {"debug_file"};
    const std::vector<std::string> values = {"/dev/null"};
    const char* datapath = settings.tessdata_dir.empty() ? nullptr : settings.tessdata_dir.c_str();
    if (impl->api.Init(datapath, settings.language.c_str(), tesseract::OEM_DEFAULT, nullptr, 0, &names,
                       &values, false) != 0) {
      return Status::Internal("OCR is not available: Tesseract's '" + settings.language +
                              "' language data could not be loaded (install tesseract-ocr-" +
                              settings.language + ")");
    }
    // As the tesseract command does by default: find the columns and blocks.
    impl->api.SetPageSegMode(tesseract::PSM_AUTO);
    return std::make_unique<Recogniser>(std::move(impl));
  } catch (const std::bad_alloc&) {
    return Status::Internal("OCR could not start: out of memory");
  } catch (const std::exception&) {
    return Status::Internal("OCR could not start");
  }
}

Result<OcrPage> Recogniser::Recognise(const GrayImage& image) {
  if (image.width <= 0 || image.height <= 0) return Status::Invalid("the page image is empty");
  const std::int64_t pixels = std::int64_t{image.width} * image.height;
  if (pixels > impl_->settings.max_pixels) {
    return Status::TooLarge("the page image is larger than the OCR limit of " +
                            std::to_string(impl_->settings.max_pixels) + " pixels");
  }
  if (image.bytes.size() != static_cast<std::uint64_t>(pixels)) {
    return Status::Invalid("the page image is damaged: its size does not match its dimensions");
  }
  RunTesseractOnThisThreadOnly();
  tesseract::TessBaseAPI& api = impl_->api;
  struct ClearAfter {
    tesseract::TessBaseAPI* api;  // outlives this guard
    ~ClearAfter() { api->Clear(); }
  } clear_after{&api};
  try {
    api.SetImage(reinterpret_cast<const unsigned char*>(image.bytes.data()), image.width, image.height, 1,
                 image.width);
    if (std::isfinite(image.dpi) && image.dpi > 0) {
      api.SetSourceResolution(static_cast<int>(std::clamp(std::lround(image.dpi), 70l, 2400l)));
    }
    if (api.Recognize(nullptr) != 0) return Status::Invalid("OCR could not read this page");

    OcrPage page;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    double weighted = 0;
    std::size_t characters = 0;
    int line = -1;
    if (it != nullptr) {
      do {
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
        if (it->Empty(tesseract::RIL_WORD)) continue;
        std::unique_ptr<char, TextDeleter> raw(it->GetUTF8Text(tesseract::RIL_WORD));
        if (raw == nullptr || raw.get()[0] == '\0') continue;
        OcrWord word;
        word.text = raw.get();
        if (!it->BoundingBox(tesseract::RIL_WORD, &word.x0, &word.y0, &word.x1, &word.y1)) continue;
        word.confidence = std::clamp(it->Confidence(tesseract::RIL_WORD), 0.0f, 100.0f);
        word.line = std::max(line, 0);
        const std::size_t n = CountCodePoints(word.text);
        weighted += static_cast<double>(word.confidence) * static_cast<double>(n);
        characters += n;
        if (!page.words.empty()) page.text += page.words.back().line == word.line ? ' ' : '\n';
        page.text += word.text;
        page.words.push_back(std::move(word));
      } while (it->Next(tesseract::RIL_WORD));
    }
    page.mean_confidence = characters == 0 ? 0 : weighted / static_cast<double>(characters);
    return page;
  } catch (const std::bad_alloc&) {
    return Status::Invalid("OCR ran out of memory on this page");
  } catch (const std::exception&) {
    return Status::Invalid("OCR could not read this page");
  }
}

}  // namespace sardesk::ocr
