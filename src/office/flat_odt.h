// Documents sardesk writes itself (letters, the bundle's front matter) as
// OpenDocument Flat XML (.fodt), for LibreOffice to turn into a tagged PDF or
// a Word document (office_converter.h). Headings become outline levels (H1,
// H2 tags), "- " lines list items (L, LI), the rest paragraphs (P), in
// reading order; the title and language go into the document's metadata and
// every paragraph's language. Plain values in, XML text out; no I/O.
#pragma once

#include <string>
#include <vector>

namespace sardesk::office {

struct TextBlock {
  enum class Kind { kHeading, kSubheading, kParagraph, kListItem };
  Kind kind = Kind::kParagraph;
  std::string text;       // UTF-8, one paragraph (no line breaks)
  bool new_page = false;  // starts a new page
};

struct FlatOdtDocument {
  std::string title;                                   // the PDF's and the Word document's title
  std::string language = "en";                         // ISO 639
  std::string country = "GB";                          // ISO 3166
  double font_pt = 12;                                 // body text; headings larger
  double page_width_cm = 21.0, page_height_cm = 29.7;  // A4
  double bottom_margin_cm = 2.5;                       // room for the bundle's page stamp
  std::vector<TextBlock> blocks;
};

// The document as Flat ODT XML. Characters XML cannot hold are dropped.
std::string WriteFlatOdt(const FlatOdtDocument& document);

// Plain text as sardesk writes it ('\n' between lines, blank lines between
// paragraphs, "- " before list items, '\f' for a new page) as blocks. With
// `first_line_heading`, the first non-empty line is a heading (on a new page
// when `new_page`); a short line standing alone before a paragraph, ending
// without a full stop, becomes a subheading.
std::vector<TextBlock> BlocksFromPlainText(const std::string& text, bool first_line_heading, bool new_page);

}  // namespace sardesk::office
