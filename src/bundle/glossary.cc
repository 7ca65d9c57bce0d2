#include "bundle/glossary.h"

#include <algorithm>
#include <set>

namespace sardesk::bundle {

namespace internal {
std::string_view BuiltInGlossaryText();
}

namespace {

bool WordChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80;
}

bool OccursAsWord(const std::string& text, const std::string& term) {
  for (size_t at = text.find(term); at != std::string::npos; at = text.find(term, at + 1)) {
    bool before_ok = at == 0 || !WordChar(text[at - 1]);
    size_t end = at + term.size();
    bool after_ok = end >= text.size() || !WordChar(text[end]);
    // A plural "LACs" still means the term.
    if (!after_ok && text[end] == 's' && (end + 1 >= text.size() || !WordChar(text[end + 1]))) after_ok = true;
    if (before_ok && after_ok) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<GlossaryTerm>> ParseGlossary(const std::string& text) {
  std::vector<GlossaryTerm> out;
  std::set<std::string> seen;
  size_t start = 0;
  int line_no = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 >= line.size())
      return Status::Invalid("glossary line " + std::to_string(line_no) + ": give the term, a tab, then its meaning");
    GlossaryTerm t{line.substr(0, tab), line.substr(tab + 1)};
    if (!seen.insert(t.term).second)
      return Status::Invalid("glossary line " + std::to_string(line_no) + ": " + t.term + " is already listed");
    out.push_back(std::move(t));
  }
  return out;
}

const std::vector<GlossaryTerm>& BuiltInGlossary() {
  static const std::vector<GlossaryTerm> glossary = [] {
    auto parsed = ParseGlossary(std::string(internal::BuiltInGlossaryText()));
    return parsed.ok() ? *parsed : std::vector<GlossaryTerm>{};  // checked by GlossaryTest.BuiltInParses
  }();
  return glossary;
}

std::vector<GlossaryTerm> TermsUsed(const std::vector<GlossaryTerm>& glossary, const std::vector<std::string>& texts) {
  std::vector<GlossaryTerm> out;
  for (const auto& t : glossary)
    for (const auto& text : texts)
      if (OccursAsWord(text, t.term)) {
        out.push_back(t);
        break;
      }
  std::sort(out.begin(), out.end(), [](const GlossaryTerm& a, const GlossaryTerm& b) { return a.term < b.term; });
  return out;
}

}  // namespace sardesk::bundle
