#include "redact/plan.h"

#include <algorithm>
#include <cmath>

namespace sardesk::redact {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
char Fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsWordByte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

// Matches term (already trimmed) at text[at]; returns the end or npos.
size_t MatchAt(std::string_view text, size_t at, std::string_view term) {
  size_t i = at, j = 0;
  while (j < term.size()) {
    if (i >= text.size()) return std::string_view::npos;
    if (IsSpace(term[j])) {
      if (!IsSpace(text[i])) return std::string_view::npos;
      while (j < term.size() && IsSpace(term[j])) ++j;
      while (i < text.size() && IsSpace(text[i])) ++i;
      continue;
    }
    if (Fold(text[i]) != Fold(term[j])) return std::string_view::npos;
    ++i;
    ++j;
  }
  return i;
}

}  // namespace

std::vector<TextSpan> FindTerm(std::string_view text, std::string_view term) {
  while (!term.empty() && IsSpace(term.front())) term.remove_prefix(1);
  while (!term.empty() && IsSpace(term.back())) term.remove_suffix(1);
  std::vector<TextSpan> out;
  if (term.empty()) return out;
  const bool word_start = IsWordByte(term.front()), word_end = IsWordByte(term.back());
  for (size_t at = 0; at < text.size(); ++at) {
    if (Fold(text[at]) != Fold(term[0])) continue;
    if (word_start && at > 0 && IsWordByte(text[at - 1])) continue;
    size_t end = MatchAt(text, at, term);
    if (end == std::string_view::npos) continue;
    if (word_end && end < text.size() && IsWordByte(text[end])) continue;
    out.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(end)});
    at = end - 1;
  }
  return out;
}

std::vector<pdf::Rect> BoxesForSpan(const pdf::PageLayout& layout, TextSpan span) {
  std::vector<pdf::Rect> boxes;
  bool open = false;
  pdf::Rect cur;
  float line_y = 0, last_x1 = 0;
  for (const auto& c : layout.chars) {
    if (c.offset < span.start || c.offset >= span.end) continue;
    const float cy = (c.box.y0 + c.box.y1) / 2, h = c.box.y1 - c.box.y0;
    const bool new_line = open && (std::abs(cy - line_y) > h / 2 || c.box.x0 < last_x1 - h);
    if (new_line) {
      boxes.push_back(cur);
      open = false;
    }
    if (!open) {
      cur = c.box;
      line_y = cy;
      open = true;
    } else {
      cur.x0 = std::min(cur.x0, c.box.x0);
      cur.y0 = std::min(cur.y0, c.box.y0);
      cur.x1 = std::max(cur.x1, c.box.x1);
      cur.y1 = std::max(cur.y1, c.box.y1);
    }
    last_x1 = c.box.x1;
  }
  if (open) boxes.push_back(cur);
  for (auto& b : boxes) {
    b.x0 = std::floor(b.x0);
    b.x1 = std::ceil(b.x1);
    b.y0 = std::floor(b.y0 * 2) / 2;
    b.y1 = std::ceil(b.y1 * 2) / 2;
  }
  return boxes;
}

std::string TextUnder(const pdf::PageLayout& layout, const pdf::Rect& box) {
  std::string out;
  std::uint32_t next = 0;
  for (const auto& c : layout.chars) {
    float cx = (c.box.x0 + c.box.x1) / 2, cy = (c.box.y0 + c.box.y1) / 2;
    if (cx < box.x0 || cx > box.x1 || cy < box.y0 || cy > box.y1) continue;
    if (!out.empty() && c.offset != next) out += ' ';
    out += layout.text.substr(c.offset, c.length);
    next = c.offset + c.length;
  }
  return out;
}

pdf::Rect FromPdfSpace(const pdf::PageLayout& layout, const pdf::Rect& r) {
  const float* m = layout.to_layout;
  float xs[4], ys[4];
  const float px[4] = {r.x0, r.x1, r.x0, r.x1}, py[4] = {r.y0, r.y0, r.y1, r.y1};
  for (int i = 0; i < 4; ++i) {
    xs[i] = m[0] * px[i] + m[2] * py[i] + m[4];
    ys[i] = m[1] * px[i] + m[3] * py[i] + m[5];
  }
  return {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4), *std::max_element(xs, xs + 4),
          *std::max_element(ys, ys + 4)};
}

}  // namespace sardesk::redact
