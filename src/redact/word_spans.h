// From spans of a stored page's text to the words they touch and boxes over
// those words, and back from a box to the words under it. Works on the words
// and text stored when a document was read (PageRow: words in reading order,
// joined with spaces and line breaks), so a case's redactions are planned
// without opening the PDF. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/pdf_redact.h"
#include "redact/plan.h"

namespace sardesk::redact {

// A word as stored: its text and box (points from the page's top-left), and
// where it lies in the page text once located.
struct PageWord {
  std::string text;
  pdf::Rect box;
  std::uint32_t start = 0, end = 0;  // byte offsets into the page text
  bool located = false;              // false when the text does not hold it
};

// Finds each word in `text`, in order, from where the previous one ended.
// A word the text does not hold is left unlocated (and never covered).
void LocateWords(std::string_view text, std::vector<PageWord>* words);

// The whole words a span touches: a span covering part of a word covers the
// whole word ("Kel" covers "Kelly's").
struct CoveredWords {
  TextSpan span;                 // from the first word's start to the last word's end
  std::string text;              // the page text of that span
  std::vector<pdf::Rect> boxes;  // one per line, rounded outwards to whole points
};
std::optional<CoveredWords> CoverWords(std::string_view text, const std::vector<PageWord>& words, TextSpan span);

// The words whose centres lie in `box`, joined by spaces.
std::string WordsUnder(const std::vector<PageWord>& words, const pdf::Rect& box);

// Rounds a box outwards: x to whole points, y to half points (as BoxesForSpan).
pdf::Rect RoundOut(const pdf::Rect& box);

}  // namespace sardesk::redact
