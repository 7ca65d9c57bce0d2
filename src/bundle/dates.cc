#include "bundle/dates.h"

#include <chrono>
#include <regex>

namespace sardesk::bundle {
namespace {

const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

int MonthOf(std::string word) {
  if (word.size() < 3) return 0;
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int i = 0; i < 12; ++i)
    if (word.compare(0, 3, kMonths[i]) == 0) return i + 1;
  return 0;
}

bool Valid(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                     std::chrono::day(static_cast<unsigned>(d)))
      .ok();
}

int Year(const std::string& s) {
  int y = std::stoi(s);
  if (s.size() == 2) y += y < 50 ? 2000 : 1900;  // "12/03/19"
  return y;
}

std::string LineAround(const std::string& text, size_t at) {
  size_t b = text.rfind('\n', at);
  b = b == std::string::npos ? 0 : b + 1;
  size_t e = text.find('\n', at);
  if (e == std::string::npos) e = text.size();
  std::string line = text.substr(b, e - b);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.pop_back();
  size_t first = line.find_first_not_of(" \t");
  line = first == std::string::npos ? "" : line.substr(first);
  if (line.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xc0) == 0x80) --cut;  // keep UTF-8 whole
    line = line.substr(0, cut) + "...";
  }
  return line;
}

}  // namespace

std::vector<FoundDate> FindDates(const std::string& text) {
  static const std::regex pattern(
      R"((\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b)|(\b(\d{4})-(\d{2})-(\d{2})\b)|)"
      R"((\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b)|(\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b))",
      std::regex::optimize);
  std::vector<FoundDate> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    int y = 0, mo = 0, d = 0;
    if (m[1].matched) {
      d = std::stoi(m[2]);
      mo = std::stoi(m[3]);
      y = Year(m[4]);
    } else if (m[5].matched) {
      y = std::stoi(m[6]);
      mo = std::stoi(m[7]);
      d = std::stoi(m[8]);
    } else if (m[9].matched) {
      d = std::stoi(m[10]);
      mo = MonthOf(m[11]);
      y = std::stoi(m[12]);
    } else {
      mo = MonthOf(m[14]);
      d = std::stoi(m[15]);
      y = std::stoi(m[16]);
    }
    if (!Valid(y, mo, d)) continue;
    out.push_back({Date::FromYmd(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)),
                   LineAround(text, static_cast<size_t>(m.position(0)))});
  }
  return out;
}

}  // namespace sardesk::bundle
