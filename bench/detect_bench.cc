// Detection speed: MB/s of case text through the detector on one core, and
// whether the time grows linearly with document size.
//   node ../shared/corpus/dev.js 5 20000 > /tmp/detect-corpus.jsonl
//   build/bench/detect_bench --corpus /tmp/detect-corpus.jsonl
//   build/bench/detect_bench --corpus FILE --document-kb 8192   (one document size only, for profiling)
// Without --corpus it runs on a small built-in record (a smoke test).
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "detect/detector.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Record {
  std::string text;
  sardesk::detect::CaseContext context;
};

std::vector<Record> Load(const char* path) {
  std::vector<Record> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text")) continue;
    Record r;
    r.text = j["text"].get<std::string>();
    const auto& s = j["context"]["subject"];
    r.context.subject.name = s.value("name", "");
    r.context.subject.dob = s.value("dob", "");
    r.context.subject.address = s.value("address", "");
    for (const auto& a : s["aliases"]) r.context.subject.aliases.push_back(a.get<std::string>());
    for (const auto& st : j["context"]["staff"]) r.context.staff.push_back({st.value("name", ""), st.value("role", "")});
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<Record> BuiltIn() {
  Record r;
  r.context.subject = {"Ellie Carter", {}, "2012-03-04", "14 Rosebank Gardens, Selby, YO8 4QP"};
  r.context.staff = {{"Iris Davies", "Social Worker"}};
  r.text =
      "Home visit by Iris Davies. Ellie lives with her mother Dorota Carter and brother Kai (born 27/09/2009). "
      "Ms Carter said her partner Liam Hughes had left. Mum can be reached on 07700 900123. Ellie's nan, "
      "Maureen Walsh, lives at 7 Mill Lane, Thirsk, YO7 1AB. Dr Okafor (GP) has seen Ellie. No concerns today.\n";
  return {r, r, r, r};
}

double SecondsFor(const sardesk::detect::Detector& d, const std::vector<Record>& recs, std::size_t* bytes,
                  std::size_t* spans) {
  auto t0 = Clock::now();
  for (const auto& r : recs) {
    auto det = d.Detect(r.text, r.context);
    *bytes += r.text.size();
    *spans += det.proposals.size();
  }
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const char* corpus = nullptr;
  std::size_t only_kb = 0;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--corpus") == 0) corpus = argv[i + 1];
    if (std::strcmp(argv[i], "--document-kb") == 0) only_kb = std::strtoul(argv[i + 1], nullptr, 10);
  }
  std::vector<Record> recs = corpus ? Load(corpus) : BuiltIn();
  if (recs.empty()) {
    std::fprintf(stderr, "detect_bench: no records in %s\n", corpus);
    return 1;
  }
  const sardesk::detect::Detector detector;
  std::size_t warm_bytes = 0, warm_spans = 0;
  SecondsFor(detector, {recs.front()}, &warm_bytes, &warm_spans);  // loads the lexicon

  std::size_t bytes = 0, spans = 0;
  if (only_kb > 0) {
    std::string all;
    for (const auto& r : recs) all += r.text + "\n";
    while (all.size() < (only_kb << 10)) all += all;
    const std::vector<Record> batch(3, Record{all.substr(0, only_kb << 10), recs.front().context});
    double t = SecondsFor(detector, batch, &bytes, &spans);
    std::printf("documents of %6zu KB, 3 runs: %.1f MB/s\n", only_kb, static_cast<double>(bytes) / 1e6 / t);
    return 0;
  }
  double secs = SecondsFor(detector, recs, &bytes, &spans);
  std::printf("records %zu, %.1f MB, %zu proposals, %.3f s: %.1f MB/s on one core\n", recs.size(),
              static_cast<double>(bytes) / 1e6,
              spans, secs, static_cast<double>(bytes) / 1e6 / secs);

  // Linearity: the same text joined into ever larger documents.
  std::string all;
  for (const auto& r : recs) all += r.text + "\n";
  while (all.size() < (8u << 20)) all += all;
  double first_rate = 0, last_rate = 0;
  for (std::size_t size : {std::size_t{16} << 10, std::size_t{256} << 10, std::size_t{2} << 20, std::size_t{8} << 20}) {
    Record big{all.substr(0, size), recs.front().context};
    std::vector<Record> batch(std::max<std::size_t>(1, (8u << 20) / size), big);
    std::size_t b = 0, s = 0;
    double t = SecondsFor(detector, batch, &b, &s);
    double rate = static_cast<double>(b) / 1e6 / t;
    std::printf("documents of %6zu KB: %.1f MB/s\n", size >> 10, rate);
    if (first_rate == 0) first_rate = rate;
    last_rate = rate;
  }
  const bool linear = last_rate >= 0.5 * first_rate;
  std::printf("linear in document size: %s (8 MB documents run at %.0f%% of the 16 KB rate)\n", linear ? "yes" : "NO",
              100 * last_rate / first_rate);
  // Only a real run judges linearity: the smoke run is too small and too noisy.
  return linear || !corpus ? 0 : 1;
}
