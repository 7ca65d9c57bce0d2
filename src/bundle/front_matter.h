// The pages sardesk writes at the front of a disclosure bundle (seed 001
// stage 6, seed 002 9.2 and 9.4): what the bundle is, the distress warning,
// the index, the searches made, the categories of information, the
// exemptions applied, the glossary, where to find support, and an optional
// chronology. Plain text from plain values, no I/O: the bundle service turns
// each section into PDF pages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bundle/dates.h"
#include "bundle/glossary.h"

namespace sardesk::bundle {

struct SearchMade {
  std::string service_area;  // name
  std::string outcome;       // "Records received", "No records found"...
  std::string answered_on;   // YYYY-MM-DD or empty
  std::string note;          // what the service area said
};

struct ExemptionApplied {
  std::string name;         // "Third-party information"
  std::string label;        // as drawn in the boxes
  std::string explanation;  // plain language, from the council's catalogue
  std::int64_t count = 0;   // redactions resting on it
};

struct IndexEntry {
  std::string title;  // the document's name
  int volume = 1;
  int first_page = 0;  // in its volume, from 1
  int last_page = 0;
};

struct ChronologyEntry {
  Date date;
  std::string document;
  int page = 0;  // in the bundle, from 1
  int volume = 1;
  std::string line;
};

struct FrontMatterInput {
  std::string reference;
  std::string organisation;
  std::string subject_name;
  std::string built_on;  // YYYY-MM-DD
  int volumes = 1;
  bool safeguarding_flag = false;  // a safeguarding flag was raised on a released page
  bool care_leaver = false;
  std::vector<SearchMade> searches;
  std::vector<ExemptionApplied> exemptions;
  std::vector<GlossaryTerm> glossary;  // only the terms used
};

struct Section {
  std::string title;  // also the bookmark
  std::string text;   // '\n' between lines, '\f' between pages
};

// The sections before the index, in order: about this bundle (with the
// distress warning first when a flag was raised), searches, information we
// hold, exemptions, glossary (when any term is used), support.
std::vector<Section> FrontSections(const FrontMatterInput& in);

// The index: one line per entry with its pages (and volume when several).
Section IndexSection(const std::vector<IndexEntry>& entries, int volumes);

// The chronology (seed 002 9.2): one line per date found, oldest first.
Section ChronologySection(std::vector<ChronologyEntry> entries, int volumes);

}  // namespace sardesk::bundle
