// From things to redact (a term, a detected span, a box given by hand) to
// boxes on a page. Pure: works on a page's extracted layout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/pdf_redact.h"

namespace sardesk::redact {

struct TextSpan {
  std::uint32_t start = 0, end = 0;  // UTF-8 byte offsets into the page text, end exclusive
};

// Every occurrence of `term` in `text`: case-insensitive (ASCII letters),
// any run of spaces or line breaks in the text matching any run of spaces in
// the term, and not inside a longer word ("Ann" does not match "Annual").
std::vector<TextSpan> FindTerm(std::string_view text, std::string_view term);

// Boxes covering the characters of `span`, one per line, rounded outwards to
// whole points (so a box does not give away the exact width of its text).
std::vector<pdf::Rect> BoxesForSpan(const pdf::PageLayout& layout, TextSpan span);

// The text of the characters whose centres lie in `box`, words separated by spaces.
std::string TextUnder(const pdf::PageLayout& layout, const pdf::Rect& box);

// Maps a rectangle in PDF user space (origin at the bottom-left of the
// MediaBox, as the file's own coordinates) to the layout's coordinates.
pdf::Rect FromPdfSpace(const pdf::PageLayout& layout, const pdf::Rect& r);

}  // namespace sardesk::redact
