#include "case/qa_sample.h"

#include <algorithm>
#include <limits>
#include <string>

namespace sardesk::casework {
namespace {

// SplitMix64: small, fast and the same everywhere (std:: distributions are
// not specified bit for bit, so they could differ between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0, without modulo bias.
  std::size_t Below(std::size_t n) {
    const std::uint64_t bound = static_cast<std::uint64_t>(n);
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                                std::numeric_limits<std::uint64_t>::max() % bound;
    std::uint64_t x = Next();
    while (x >= limit) x = Next();
    return static_cast<std::size_t>(x % bound);
  }

 private:
  std::uint64_t state_;
};

std::uint64_t Fnv1a(std::uint64_t h, std::string_view bytes) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

}  // namespace

std::uint64_t QaSeed(std::string_view reference, std::int64_t round) {
  std::uint64_t h = Fnv1a(0xcbf29ce484222325ull, reference);
  if (round > 1) h = Fnv1a(h, "#" + std::to_string(round));
  return h;
}

std::vector<BundlePage> SampleForQa(std::vector<BundlePage> bundle, std::uint64_t seed, int percent) {
  std::sort(bundle.begin(), bundle.end());
  bundle.erase(std::unique(bundle.begin(), bundle.end()), bundle.end());
  if (bundle.empty()) return {};
  percent = std::clamp(percent, 1, 100);
  const std::size_t target = (bundle.size() * static_cast<std::size_t>(percent) + 99) / 100;
  Rng rng(seed);
  std::vector<bool> taken(bundle.size(), false);
  std::vector<BundlePage> out;
  // One page of every document.
  for (std::size_t first = 0; first < bundle.size();) {
    std::size_t last = first;
    while (last < bundle.size() && bundle[last].document_id == bundle[first].document_id) ++last;
    std::size_t pick = first + rng.Below(last - first);
    taken[pick] = true;
    out.push_back(bundle[pick]);
    first = last;
  }
  // Then the rest of the share, from the pages not yet drawn.
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < bundle.size(); ++i)
    if (!taken[i]) rest.push_back(i);
  for (std::size_t i = 0; out.size() < target && i < rest.size(); ++i) {
    std::size_t j = i + rng.Below(rest.size() - i);
    std::swap(rest[i], rest[j]);
    out.push_back(bundle[rest[i]]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sardesk::casework
