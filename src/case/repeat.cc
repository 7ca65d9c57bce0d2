#include "case/repeat.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace sardesk::casework {

std::string NormaliseName(std::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(name[i]);
    // Typographic apostrophes U+2018 and U+2019 (E2 80 98 / E2 80 99 in UTF-8)
    // join like a plain one, so a name typed in a word processor still matches.
    if (ch == 0xE2 && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(name[i + 2]) == 0x98 || static_cast<unsigned char>(name[i + 2]) == 0x99)) {
      i += 2;
      continue;
    }
    if (std::isalnum(ch) || ch >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(ch));
    } else if (ch == '\'' || ch == 0x60) {
      // apostrophes join: O'Brien -> obrien
    } else {
      space = true;
    }
  }
  return out;
}

namespace {
std::set<std::string> AllNames(const DataSubject& s) {
  std::set<std::string> names;
  auto add = [&](const std::string& n) {
    std::string k = NormaliseName(n);
    if (!k.empty()) names.insert(k);
  };
  add(s.name);
  for (const auto& n : s.former_names) add(n);
  for (const auto& n : s.aliases) add(n);
  return names;
}
}  // namespace

bool SameSubject(const DataSubject& a, const DataSubject& b) {
  if (a.dob && b.dob) {
    if (*a.dob != *b.dob) return false;
    auto na = AllNames(a);
    for (const auto& n : AllNames(b))
      if (na.count(n)) return true;
    return false;
  }
  for (const auto& x : a.identifiers)
    for (const auto& y : b.identifiers)
      if (x.kind == y.kind && !x.value.empty() && NormaliseName(x.value) == NormaliseName(y.value)) return true;
  return false;
}

bool SimilarScope(const Scope& a, const Scope& b) {
  bool services = a.whole_file || b.whole_file;
  if (!services) {
    for (const auto& s : a.services)
      for (const auto& t : b.services)
        if (NormaliseName(s) == NormaliseName(t)) services = true;
  }
  if (!services) return false;
  // Date ranges: an open end overlaps everything on that side.
  if (a.date_to && b.date_from && *a.date_to < *b.date_from) return false;
  if (b.date_to && a.date_from && *b.date_to < *a.date_from) return false;
  return true;
}

bool IsPossibleRepeat(const CaseRecord& later, const CaseRecord& earlier, int interval_days) {
  if (later.reference == earlier.reference) return false;
  if (earlier.received > later.received) return false;
  if (later.received.days() - earlier.received.days() > interval_days) return false;
  return SameSubject(later.subject, earlier.subject) && SimilarScope(later.scope, earlier.scope);
}

}  // namespace sardesk::casework
