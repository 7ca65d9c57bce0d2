#include "redact/word_spans.h"

#include <algorithm>
#include <cmath>

namespace sardesk::redact {

void LocateWords(std::string_view text, std::vector<PageWord>* words) {
  size_t cursor = 0;
  for (auto& w : *words) {
    w.located = false;
    if (w.text.empty()) continue;
    size_t at = text.find(w.text, cursor);
    if (at == std::string_view::npos) continue;
    w.start = static_cast<std::uint32_t>(at);
    w.end = static_cast<std::uint32_t>(at + w.text.size());
    w.located = true;
    cursor = w.end;
  }
}

pdf::Rect RoundOut(const pdf::Rect& b) {
  return {std::floor(b.x0), std::floor(b.y0 * 2) / 2, std::ceil(b.x1), std::ceil(b.y1 * 2) / 2};
}

std::optional<CoveredWords> CoverWords(std::string_view text, const std::vector<PageWord>& words, TextSpan span) {
  CoveredWords out;
  bool any = false;
  const PageWord* prev = nullptr;
  pdf::Rect cur;
  for (const auto& w : words) {
    if (!w.located || w.end <= span.start || w.start >= span.end) continue;
    if (!any) {
      out.span = {w.start, w.end};
      any = true;
    }
    out.span.start = std::min(out.span.start, w.start);
    out.span.end = std::max(out.span.end, w.end);
    bool new_line = false;
    if (prev) {
      // A line break between the words, or a jump in height, starts a new box.
      std::string_view between = prev->end <= w.start ? text.substr(prev->end, w.start - prev->end) : std::string_view();
      const float h = std::max(1.0f, w.box.y1 - w.box.y0);
      const float cy = (w.box.y0 + w.box.y1) / 2, py = (prev->box.y0 + prev->box.y1) / 2;
      new_line = between.find('\n') != std::string_view::npos || std::abs(cy - py) > h / 2;
    }
    if (!prev || new_line) {
      if (prev) out.boxes.push_back(RoundOut(cur));
      cur = w.box;
    } else {
      cur.x0 = std::min(cur.x0, w.box.x0);
      cur.y0 = std::min(cur.y0, w.box.y0);
      cur.x1 = std::max(cur.x1, w.box.x1);
      cur.y1 = std::max(cur.y1, w.box.y1);
    }
    prev = &w;
  }
  if (!any) return std::nullopt;
  out.boxes.push_back(RoundOut(cur));
  out.text = std::string(text.substr(out.span.start, out.span.end - out.span.start));
  return out;
}

std::string WordsUnder(const std::vector<PageWord>& words, const pdf::Rect& box) {
  std::string out;
  for (const auto& w : words) {
    const float cx = (w.box.x0 + w.box.x1) / 2, cy = (w.box.y0 + w.box.y1) / 2;
    if (cx < box.x0 || cx > box.x1 || cy < box.y0 || cy > box.y1) continue;
    if (!out.empty()) out += ' ';
    out += w.text;
  }
  return out;
}

}  // namespace sardesk::redact
