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
// page scanned again with a few OCR slips differs in a handful.
inline constexpr int kNearDuplicateDistance = 8;

struct PageFingerprint {
  std::int64_t document_id;
  int page_index;
  std::string text_sha256;   // of the normalised text
  std::uint64_t simhash;
  int words;
};

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
