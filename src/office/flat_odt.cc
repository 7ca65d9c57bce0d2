#include "office/flat_odt.h"

#include <locale>
#include <sstream>

namespace sardesk::office {
namespace {

// Escapes XML's special characters and drops control characters XML 1.0
// cannot hold (tabs become spaces).
std::string Escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\t':
        out += ' ';
        break;
      default:
        if (u >= 0x20 || c == '\n') out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(2);
  out << std::fixed << v;
  return out.str();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string WriteFlatOdt(const FlatOdtDocument& d) {
  const std::string lang = Escape(d.language), country = Escape(d.country);
  std::string x;
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
       "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
       "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
       "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
       "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
       "office:version=\"1.3\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n";
  x += "<office:meta><dc:title>" + Escape(d.title) + "</dc:title><dc:language>" + lang + "-" + country +
       "</dc:language><meta:generator>sardesk</meta:generator></office:meta>\n";
  x += "<office:font-face-decls><style:font-face style:name=\"DejaVu Sans\" svg:font-family=\"'DejaVu Sans'\" "
       "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "
       "style:font-family-generic=\"swiss\"/></office:font-face-decls>\n";
  const std::string body_pt = Num(d.font_pt) + "pt";
  x += "<office:styles>\n"
       "<style:default-style style:family=\"paragraph\"><style:paragraph-properties fo:margin-top=\"0cm\" "
       "fo:margin-bottom=\"" +
       Num(d.font_pt * 0.5 / 28.35) +
       "cm\" fo:line-height=\"125%\"/>"
       "<style:text-properties style:font-name=\"DejaVu Sans\" fo:font-size=\"" +
       body_pt + "\" fo:language=\"" + lang + "\" fo:country=\"" + country +
       "\"/></style:default-style>\n"
       "<style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>\n"
       "<style:style style:name=\"Text_20_body\" style:display-name=\"Text body\" style:family=\"paragraph\" "
       "style:parent-style-name=\"Standard\" style:class=\"text\"/>\n"
       "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\" "
       "style:parent-style-name=\"Standard\" style:default-outline-level=\"1\" style:class=\"text\">"
       "<style:paragraph-properties fo:keep-with-next=\"always\" fo:margin-top=\"0.3cm\"/>"
       "<style:text-properties fo:font-size=\"" +
       Num(d.font_pt * 1.5) +
       "pt\" fo:font-weight=\"bold\"/></style:style>\n"
       "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\" "
       "style:parent-style-name=\"Standard\" style:default-outline-level=\"2\" style:class=\"text\">"
       "<style:paragraph-properties fo:keep-with-next=\"always\" fo:margin-top=\"0.3cm\"/>"
       "<style:text-properties fo:font-size=\"" +
       Num(d.font_pt * 1.2) +
       "pt\" fo:font-weight=\"bold\"/></style:style>\n"
       "<style:style style:name=\"List_20_Paragraph\" style:display-name=\"List Paragraph\" style:family=\"paragraph\" "
       "style:parent-style-name=\"Standard\" style:class=\"list\"/>\n"
       "</office:styles>\n";
  x += "<office:automatic-styles>\n"
       "<style:style style:name=\"H1PageBreak\" style:family=\"paragraph\" style:parent-style-name=\"Heading_20_1\">"
       "<style:paragraph-properties fo:break-before=\"page\"/></style:style>\n"
       "<style:style style:name=\"PPageBreak\" style:family=\"paragraph\" style:parent-style-name=\"Text_20_body\">"
       "<style:paragraph-properties fo:break-before=\"page\"/></style:style>\n"
       "<text:list-style style:name=\"Bullets\"><text:list-level-style-bullet text:level=\"1\" text:bullet-char=\"•\">"
       "<style:list-level-properties text:list-level-position-and-space-mode=\"label-alignment\">"
       "<style:list-level-label-alignment text:label-followed-by=\"listtab\" fo:text-indent=\"-0.6cm\" "
       "fo:margin-left=\"1.2cm\"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>\n"
       "<style:page-layout style:name=\"Page\"><style:page-layout-properties fo:page-width=\"" +
       Num(d.page_width_cm) + "cm\" fo:page-height=\"" + Num(d.page_height_cm) +
       "cm\" fo:margin-top=\"2cm\" fo:margin-bottom=\"" + Num(d.bottom_margin_cm) +
       "cm\" fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/></style:page-layout>\n"
       "</office:automatic-styles>\n"
       "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"Page\"/>"
       "</office:master-styles>\n"
       "<office:body><office:text>\n";
  bool in_list = false;
  for (const auto& b : d.blocks) {
    const bool list = b.kind == TextBlock::Kind::kListItem;
    if (in_list && (!list || b.new_page)) {
      x += "</text:list>\n";
      in_list = false;
    }
    const std::string text = Escape(b.text);
    switch (b.kind) {
      case TextBlock::Kind::kHeading:
        x += "<text:h text:style-name=\"" + std::string(b.new_page ? "H1PageBreak" : "Heading_20_1") +
             "\" text:outline-level=\"1\">" + text + "</text:h>\n";
        break;
      case TextBlock::Kind::kSubheading:
        x += "<text:h text:style-name=\"Heading_20_2\" text:outline-level=\"2\">" + text + "</text:h>\n";
        break;
      case TextBlock::Kind::kParagraph:
        x += "<text:p text:style-name=\"" + std::string(b.new_page ? "PPageBreak" : "Text_20_body") + "\">" + text +
             "</text:p>\n";
        break;
      case TextBlock::Kind::kListItem:
        if (!in_list) {
          x += "<text:list text:style-name=\"Bullets\">\n";
          in_list = true;
        }
        x += "<text:list-item><text:p text:style-name=\"List_20_Paragraph\">" + text + "</text:p></text:list-item>\n";
        break;
    }
  }
  if (in_list) x += "</text:list>\n";
  x += "</office:text></office:body></office:document>\n";
  return x;
}

std::vector<TextBlock> BlocksFromPlainText(const std::string& text, bool first_line_heading, bool new_page) {
  // Lines grouped into paragraphs at blank lines; '\f' forces a new page.
  std::vector<std::vector<std::string>> paragraphs;
  std::vector<bool> breaks;
  std::vector<std::string> current;
  bool pending_break = false;
  auto flush = [&] {
    if (current.empty()) return;
    paragraphs.push_back(current);
    breaks.push_back(pending_break);
    pending_break = false;
    current.clear();
  };
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    for (;;) {
      size_t ff = line.find('\f');
      if (ff == std::string::npos) break;
      current.push_back(line.substr(0, ff));
      if (Trim(current.back()).empty()) current.pop_back();
      flush();
      pending_break = true;
      line = line.substr(ff + 1);
    }
    if (Trim(line).empty()) {
      flush();
      continue;
    }
    current.push_back(line);
  }
  flush();

  std::vector<TextBlock> out;
  bool heading_done = !first_line_heading;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const auto& lines = paragraphs[p];
    bool page = breaks[p];
    auto emit = [&](TextBlock::Kind kind, const std::string& t) {
      out.push_back({kind, Trim(t), page || (out.empty() && new_page)});
      page = false;
    };
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string l = Trim(lines[i]);
      if (!heading_done) {
        emit(TextBlock::Kind::kHeading, l);
        heading_done = true;
        continue;
      }
      if (l.rfind("- ", 0) == 0 || l.rfind("* ", 0) == 0) {
        emit(TextBlock::Kind::kListItem, l.substr(2));
        continue;
      }
      if (!out.empty() && out.back().kind == TextBlock::Kind::kListItem && lines[i].rfind("  ", 0) == 0) {
        out.back().text += " " + l;  // an indented continuation of a list item
        continue;
      }
      // Each line of a paragraph stays a paragraph of its own: the text
      // sardesk writes puts one statement (or one address line) per line.
      emit(lines.size() == 1 && p + 1 < paragraphs.size() && l.size() <= 60 && l.back() != '.' && l.back() != ':' &&
                   l.back() != ',' && first_line_heading
               ? TextBlock::Kind::kSubheading
               : TextBlock::Kind::kParagraph,
           l);
    }
  }
  return out;
}

}  // namespace sardesk::office
