#include "pdf/content_stream.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <vector>

namespace sardesk::pdf {
namespace {

bool IsWhite(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0'; }
bool IsDelim(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
         c == '/' || c == '%';
}
bool IsRegular(char c) { return !IsWhite(c) && !IsDelim(c); }

struct Number {
  size_t start, length;
  double value;
};

// Walks the tokens of a content stream and calls on_tj with the numbers of
// each array that is the operand of TJ.
template <typename OnTj, typename OnOp>
void ScanOperators(std::string_view s, OnTj&& on_tj, OnOp&& on_op) {
  const size_t n = s.size();
  size_t i = 0;
  int array_depth = 0;
  std::vector<Number> current;   // numbers of the open top-level array
  std::vector<Number> finished;  // numbers of the last closed array, awaiting its operator
  bool have_finished = false;
  while (i < n) {
    char c = s[i];
    if (IsWhite(c)) {
      ++i;
    } else if (c == '%') {
      while (i < n && s[i] != '\n' && s[i] != '\r') ++i;
    } else if (c == '(') {
      int depth = 0;
      for (; i < n; ++i) {
        if (s[i] == '\\') {
          ++i;
        } else if (s[i] == '(') {
          ++depth;
        } else if (s[i] == ')' && --depth == 0) {
          ++i;
          break;
        }
      }
    } else if (c == '<') {
      if (i + 1 < n && s[i + 1] == '<') {
        i += 2;
      } else {
        while (i < n && s[i] != '>') ++i;
        ++i;
      }
    } else if (c == '>') {
      ++i;
    } else if (c == '[') {
      if (array_depth++ == 0) current.clear();
      have_finished = false;
      ++i;
    } else if (c == ']') {
      if (array_depth > 0 && --array_depth == 0) {
        finished.swap(current);
        have_finished = true;
      }
      ++i;
    } else if (c == '/') {
      ++i;
      while (i < n && IsRegular(s[i])) ++i;
    } else if (c == '{' || c == '}' || c == ')') {
      ++i;
    } else {
      size_t start = i;
      while (i < n && IsRegular(s[i])) ++i;
      std::string_view token = s.substr(start, i - start);
      const char first = token[0];
      if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
        if (array_depth == 1) {
          // Parse leniently: "-.5", "+3", "--2" (seen in the wild) all count.
          std::string buf(token);
          char* end = nullptr;
          double v = std::strtod(buf.c_str(), &end);
          if (end != buf.c_str()) current.push_back({start, token.size(), v});
        }
        continue;
      }
      // An operator.
      if (!on_op(token)) return;
      if (token == "TJ" && have_finished) on_tj(finished);
      have_finished = false;
      if (token == "BI") {
        // Inline image: its dictionary, then ID, binary data, and EI.
        size_t id = s.find("ID", i);
        if (id == std::string_view::npos) return;
        i = id + 3;
        while (i + 1 < n) {
          if (s[i] == 'E' && s[i + 1] == 'I' && IsWhite(s[i - 1]) && (i + 2 >= n || IsWhite(s[i + 2]))) {
            i += 2;
            break;
          }
          ++i;
        }
        if (i + 1 >= n) return;
      }
    }
  }
}

template <typename OnTj>
void ScanTjArrays(std::string_view s, OnTj&& on_tj) {
  ScanOperators(s, on_tj, [](std::string_view) { return true; });
}

long long Hundredths(double v) { return std::llround(v * 100.0); }

}  // namespace

std::set<long long> TjAdjustments(std::string_view content) {
  std::set<long long> out;
  ScanTjArrays(content, [&](const std::vector<Number>& nums) {
    for (const auto& x : nums) out.insert(Hundredths(x.value));
  });
  return out;
}

std::string BlurRemovedWidths(std::string_view content, const std::set<long long>& original,
                              const std::function<double()>& jitter, int* changed) {
  std::vector<std::pair<Number, double>> edits;
  ScanTjArrays(content, [&](const std::vector<Number>& nums) {
    for (const auto& x : nums)
      if (!original.count(Hundredths(x.value))) edits.push_back({x, x.value + jitter()});
  });
  if (changed) *changed = static_cast<int>(edits.size());
  if (edits.empty()) return std::string(content);
  std::string out;
  out.reserve(content.size() + edits.size() * 4);
  size_t at = 0;
  for (const auto& [num, value] : edits) {
    out.append(content.substr(at, num.start - at));
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.2f", value);
    out.append(buf);
    at = num.start + num.length;
  }
  out.append(content.substr(at));
  return out;
}

bool MayDrawMoreThanText(std::string_view content) {
  static const std::set<std::string_view> kDrawing = {"m", "l", "c", "v", "y", "re", "h", "S", "s", "f", "F", "f*",
                                                      "B", "B*", "b", "b*", "sh", "Do", "scn", "SCN", "BI", "d0",
                                                      "d1"};
  bool drawing = false;
  ScanOperators(content, [](const std::vector<Number>&) {}, [&](std::string_view op) {
    if (kDrawing.count(op)) drawing = true;
    return !drawing;
  });
  return drawing;
}

}  // namespace sardesk::pdf
