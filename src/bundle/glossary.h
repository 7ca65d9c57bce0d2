// The glossary of acronyms and care-system terms (resources/glossary.tsv,
// embedded at build time) and which of them occur in released pages. Plain
// values, no I/O.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::bundle {

struct GlossaryTerm {
  std::string term;     // as written in records: "LAC", "S47", "DoLS"
  std::string meaning;  // plain language
};

// Lines "TERM<TAB>meaning"; '#' comments and blank lines skipped. A line
// without a tab, or a term given twice, is refused with its line number.
Result<std::vector<GlossaryTerm>> ParseGlossary(const std::string& text);

// The maintained list shipped with sardesk.
const std::vector<GlossaryTerm>& BuiltInGlossary();

// The terms of `glossary` that occur in any of `texts` as a whole word, with
// the capitals as written ("LAC" matches "LAC" and "LACs", not "lac" or
// "BLACK"), sorted by term.
std::vector<GlossaryTerm> TermsUsed(const std::vector<GlossaryTerm>& glossary, const std::vector<std::string>& texts);

}  // namespace sardesk::bundle
