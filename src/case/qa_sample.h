// Seed 001 stage 5: the second officer checks 10% of the pages at random.
// The sample is reproducible: the same bundle and seed give the same pages,
// and the seed comes from the case reference (and the QA round), so anyone
// can show later which pages were drawn and why. Pure.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace sardesk::casework {

struct BundlePage {
  std::int64_t document_id = 0;
  int page_index = 0;  // 0-based
  friend bool operator==(const BundlePage&, const BundlePage&) = default;
  friend auto operator<=>(const BundlePage&, const BundlePage&) = default;
};

// The seed of round `round` (from 1) of QA on `reference`: FNV-1a 64 of the
// reference, then of "#round" for later rounds.
std::uint64_t QaSeed(std::string_view reference, std::int64_t round);

// `percent` of the bundle's pages (rounded up), and at least one page of
// every document, drawn with `seed`; sorted by document and page. The same
// inputs always give the same sample, on any platform.
std::vector<BundlePage> SampleForQa(std::vector<BundlePage> bundle, std::uint64_t seed, int percent = 10);

}  // namespace sardesk::casework
