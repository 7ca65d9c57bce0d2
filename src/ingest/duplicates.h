// Finding duplicate pages: exact (same normalised text) and near (the same
// letter scanned twice, an email quoted again in a thread) by SimHash over
// word shingles. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sardesk::ingest {

// Lower case, whitespace collapsed, punctuation kept: the text that counts
// for "the same page".
std::string NormaliseForComparison(std::string_view text);

// 64-bit SimHash of the words and word pairs of the normalised text.
std::uint64_t SimHash(std::string_view text);
int HammingDistance(std::uint64_t a, std::uint64_t b);

// Pages with fewer words than this are never near-duplicates (blank pages,
// cover sheets would all match each other).
inline constexpr int kMinWordsForNearDuplicate = 30;
// Unrelated pages differ in about 32 of 64 bits (standard deviation 4); a
// page scanned again with a few OCR slips differs in a handful. Pages in the
// same form or template can also be close, hence the Jaccard check.
inline constexpr int kNearDuplicateDistance = 12;

struct PageFingerprint {
  std::int64_t document_id;
  int page_index;
  std::string text_sha256;   // of the normalised text
  std::uint64_t simhash;
  int words;
  std::vector<std::uint64_t> pairs;  // sorted hashes of word pairs (WordPairs)
};

// Sorted, unique hashes of the word pairs of the normalised text: near
// duplicates are confirmed by how many they share.
std::vector<std::uint64_t> WordPairs(std::string_view text);
// |a ∩ b| / |a ∪ b| of two sorted sets.
double Jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);
// Two pages are near duplicates when their SimHashes are close (cheap) and
// they share at least this share of word pairs (exact).
inline constexpr double kNearDuplicateJaccard = 0.8;

struct DuplicateMatch {
  std::int64_t document_id;
  int page_index;
  std::int64_t of_document;
  int of_page;
  std::string kind;  // "exact" or "near"
};

// Each page that repeats an earlier one (in the given order), with the first
// page it repeats.
std::vector<DuplicateMatch> FindDuplicatePages(const std::vector<PageFingerprint>& pages);

int CountWords(std::string_view text);

}  // namespace sardesk::ingest
