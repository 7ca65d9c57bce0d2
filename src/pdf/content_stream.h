// Pure helpers over PDF content-stream bytes (no MuPDF): used to keep the
// width of redacted text out of the redacted file.
//
// When text is removed from a line, the text after it must stay where it was,
// so the writer puts a positioning number in the TJ array equal to the width
// of what was removed (in thousandths of a text-space unit). That number lets
// anyone who knows the font narrow the removed words down to a few candidates
// (glyph-position de-redaction). BlurRemovedWidths finds the numbers that the
// redaction created and moves the following text right by a random amount.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace sardesk::pdf {

// Every number inside a TJ array, in hundredths, rounded.
std::set<long long> TjAdjustments(std::string_view content);

// Returns `content` with each TJ array number that is not in `original`
// (hundredths, as TjAdjustments gives) replaced by itself plus `jitter()`.
// Strings, comments and inline image data are left byte for byte.
// `changed`, when given, receives the count of numbers replaced.
std::string BlurRemovedWidths(std::string_view content, const std::set<long long>& original,
                              const std::function<double()>& jitter, int* changed = nullptr);

// False only when `content` certainly draws nothing but text: no path
// painting, shading, pattern colour, XObject, inline image or Type 3 glyph
// operator. Used to skip a page's drawing analysis when it cannot matter.
bool MayDrawMoreThanText(std::string_view content);

}  // namespace sardesk::pdf
