#include "ingest/duplicates.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cctype>
#include <unordered_map>

namespace sardesk::ingest {

std::string NormaliseForComparison(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

namespace {
// FNV-1a, 64 bit: fast and well spread for short strings.
std::uint64_t Fnv(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}
}  // namespace

int CountWords(std::string_view text) {
  int n = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    bool sp = std::isspace(c) != 0;
    if (!sp && !in_word) ++n;
    in_word = !sp;
  }
  return n;
}

std::uint64_t SimHash(std::string_view text) {
  std::string norm = NormaliseForComparison(text);
  auto words = Words(norm);
  std::array<int, 64> votes{};
  auto add = [&](std::uint64_t h) {
    for (int b = 0; b < 64; ++b) votes[static_cast<size_t>(b)] += (h >> b) & 1 ? 1 : -1;
  };
  // Words and word pairs: pairs keep the order, words keep a few changed
  // words (OCR slips, a corrected date) from moving the hash far.
  for (size_t i = 0; i < words.size(); ++i) {
    add(Fnv(words[i]));
    if (i + 1 < words.size()) {
      std::string pair(words[i]);
      pair += ' ';
      pair += words[i + 1];
      add(Fnv(pair));
    }
  }
  std::uint64_t h = 0;
  for (int b = 0; b < 64; ++b)
    if (votes[static_cast<size_t>(b)] > 0) h |= (1ull << b);
  return h;
}

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

std::vector<std::uint64_t> WordPairs(std::string_view text) {
  std::string norm = NormaliseForComparison(text);
  auto words = Words(norm);
  std::vector<std::uint64_t> out;
  out.reserve(words.size());
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string pair(words[i]);
    pair += ' ';
    pair += words[i + 1];
    out.push_back(Fnv(pair));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++both;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

std::vector<DuplicateMatch> FindDuplicatePages(const std::vector<PageFingerprint>& pages) {
  std::vector<DuplicateMatch> out;
  std::unordered_map<std::string, size_t> first_exact;
  std::vector<size_t> originals;  // pages that repeat nothing, for near matching
  for (size_t i = 0; i < pages.size(); ++i) {
    const auto& p = pages[i];
    if (p.words > 0) {
      auto [it, inserted] = first_exact.emplace(p.text_sha256, i);
      if (!inserted) {
        const auto& o = pages[it->second];
        out.push_back({p.document_id, p.page_index, o.document_id, o.page_index, "exact"});
        continue;
      }
    }
    if (p.words < kMinWordsForNearDuplicate) continue;
    // Comparing with every original is a popcount each: about 50 ms for a
    // 10,000-page case, simpler and exact compared with banding.
    size_t best = SIZE_MAX;
    double best_share = kNearDuplicateJaccard;
    for (size_t o : originals) {
      if (HammingDistance(p.simhash, pages[o].simhash) > kNearDuplicateDistance) continue;
      double share = Jaccard(p.pairs, pages[o].pairs);
      if (share >= best_share) {
        best_share = share;
        best = o;
      }
    }
    if (best != SIZE_MAX) {
      const auto& o = pages[best];
      out.push_back({p.document_id, p.page_index, o.document_id, o.page_index, "near"});
    } else {
      originals.push_back(i);
    }
  }
  return out;
}

}  // namespace sardesk::ingest
