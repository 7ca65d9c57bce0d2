#include "ingest/html_text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace sardesk::ingest {
namespace {

char LowerChar(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerChar(a[i]) != LowerChar(b[i])) return false;
  return true;
}

// Position of "</name" (any case) at or after `from`, or npos.
size_t FindClosing(std::string_view html, size_t from, std::string_view name) {
  for (size_t pos = html.find("</", from); pos != std::string_view::npos; pos = html.find("</", pos + 2)) {
    if (IEquals(html.substr(pos + 2, name.size()), name)) return pos;
  }
  return std::string_view::npos;
}

void AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the reference starting at html[pos] == '&'; returns the length
// consumed, or 0 when it is not one (the '&' is then kept as it is).
size_t DecodeReference(std::string_view html, size_t pos, std::string* out) {
  static constexpr std::pair<std::string_view, std::uint32_t> kNamed[] = {
      {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},      {"apos", '\''},
      {"nbsp", ' '},      {"pound", 0xA3},     {"euro", 0x20AC},    {"copy", 0xA9},     {"reg", 0xAE},
      {"ndash", 0x2013},  {"mdash", 0x2014},   {"lsquo", 0x2018},   {"rsquo", 0x2019},  {"ldquo", 0x201C},
      {"rdquo", 0x201D},  {"hellip", 0x2026},  {"bull", 0x2022},    {"middot", 0xB7},   {"eacute", 0xE9},
      {"egrave", 0xE8},   {"aacute", 0xE1},    {"uuml", 0xFC},      {"ouml", 0xF6},     {"auml", 0xE4},
      {"ccedil", 0xE7},   {"deg", 0xB0},       {"frac12", 0xBD},    {"times", 0xD7},    {"shy", 0xAD},
  };
  size_t end = html.find(';', pos + 1);
  if (end == std::string_view::npos || end - pos > 12) return 0;
  std::string_view name = html.substr(pos + 1, end - pos - 1);
  if (name.size() >= 2 && name[0] == '#') {
    std::uint32_t cp = 0;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 7) return 0;
    for (char c : digits) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(c)) ? LowerChar(c) - 'a' + 10
                                                                    : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
    }
    AppendUtf8(cp, out);
    return end - pos + 1;
  }
  for (const auto& [n, cp] : kNamed)
    if (name == n) {
      AppendUtf8(cp, out);
      return end - pos + 1;
    }
  return 0;
}

// How many line breaks a tag makes: 2 (a blank line) around paragraphs,
// 1 around lines, 0 inside a line.
int BreaksFor(std::string_view tag) {
  static constexpr std::string_view kParagraphs[] = {"p",  "h1", "h2", "h3",         "h4",      "h5",     "h6",
                                                     "ul", "ol", "hr", "blockquote", "table",   "section", "article"};
  static constexpr std::string_view kLines[] = {"br", "div", "li", "tr", "dt", "dd", "header", "footer", "address",
                                                "title", "pre"};
  if (std::find(std::begin(kParagraphs), std::end(kParagraphs), tag) != std::end(kParagraphs)) return 2;
  if (std::find(std::begin(kLines), std::end(kLines), tag) != std::end(kLines)) return 1;
  return 0;
}

// Ends the text so far with at least `n` line breaks (spaces aside).
void Break(std::string* raw, int n) {
  int have = 0;
  for (auto it = raw->rbegin(); it != raw->rend() && have < n && (*it == '\n' || *it == ' '); ++it)
    if (*it == '\n') ++have;
  for (; have < n; ++have) *raw += '\n';
}

// Collapses runs of spaces, trims lines and keeps at most one blank line.
std::string Tidy(const std::string& raw) {
  std::string out;
  std::string line;
  int blank = 1;  // no blank lines at the start
  auto end_line = [&] {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.empty()) {
      if (blank++ == 0) out += '\n';
    } else {
      out += line;
      out += '\n';
      blank = 0;
    }
    line.clear();
  };
  for (char c : raw) {
    if (c == '\n') {
      end_line();
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      if (!line.empty() && line.back() != ' ') line += ' ';
    } else {
      line += c;
    }
  }
  end_line();
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string raw;
  raw.reserve(html.size() / 2);
  bool pre = false;
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '&') {
      size_t used = DecodeReference(html, i, &raw);
      if (used == 0) raw += '&';
      i += used == 0 ? 1 : used;
      continue;
    }
    if (c != '<') {
      if (!pre && (c == '\n' || c == '\r' || c == '\t')) c = ' ';
      raw += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    size_t name_start = i + 1;
    const bool closing = name_start < html.size() && html[name_start] == '/';
    if (closing) ++name_start;
    size_t name_end = name_start;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    if (name_end == name_start && (name_start >= html.size() || (html[name_start] != '!' && html[name_start] != '?'))) {
      raw += '<';  // a bare "<" in text, as in "a < b"
      ++i;
      continue;
    }
    std::string tag(html.substr(name_start, name_end - name_start));
    std::transform(tag.begin(), tag.end(), tag.begin(), LowerChar);
    // The end of the tag, skipping '>' inside quoted attribute values.
    size_t end = name_end;
    char quote = 0;
    while (end < html.size() && (quote != 0 || html[end] != '>')) {
      if (quote != 0 && html[end] == quote) quote = 0;
      else if (quote == 0 && (html[end] == '"' || html[end] == '\'')) quote = html[end];
      ++end;
    }
    i = end == html.size() ? end : end + 1;
    if (!closing && (tag == "script" || tag == "style" || tag == "template")) {
      size_t close = FindClosing(html, i, tag);
      if (close == std::string_view::npos) break;
      size_t close_end = html.find('>', close);
      i = close_end == std::string_view::npos ? html.size() : close_end + 1;
      continue;
    }
    if (tag == "pre") pre = !closing;
    if (tag == "td" || tag == "th") raw += "  ";
    if (int n = BreaksFor(tag); n > 0) Break(&raw, n);
    if (tag == "li" && !closing) raw += "- ";
  }
  return Tidy(raw);
}

}  // namespace sardesk::ingest
