#include "bundle/front_matter.h"

#include <algorithm>

namespace sardesk::bundle {
namespace {

std::string Pages(int first, int last) {
  return first == last ? "page " + std::to_string(first)
                       : "pages " + std::to_string(first) + " to " + std::to_string(last);
}

std::string Times(std::int64_t n) { return n == 1 ? "once" : std::to_string(n) + " times"; }

constexpr char kDistressWarning[] =
    "PLEASE READ THIS FIRST\n"
    "Some of the records in this bundle describe events that you may find upsetting to read. You may want to read "
    "them at a time and place where you feel safe, and with someone you trust beside you. You do not have to read "
    "everything at once. If you would prefer to go through the records with one of our officers, we can arrange a "
    "meeting (you may bring a relative, friend or support worker). The support organisations listed at the end of "
    "these pages can also help.\n\n";

}  // namespace

std::vector<Section> FrontSections(const FrontMatterInput& in) {
  std::vector<Section> out;

  std::string about;
  if (in.safeguarding_flag) about += kDistressWarning;
  about += "Your personal information\n";
  about += "Reference: " + in.reference + "\n";
  if (!in.subject_name.empty()) about += "Information about: " + in.subject_name + "\n";
  about += "Prepared by " + in.organisation + " on " + in.built_on + "\n\n";
  about += "This bundle holds copies of the records " + in.organisation +
           " holds about you, given under your right of access (Article 15 of the UK General Data Protection "
           "Regulation and the Data Protection Act 2018). Every page carries the reference above and its page "
           "number.";
  if (in.volumes > 1)
    about += " Because of its size, the bundle comes in " + std::to_string(in.volumes) +
             " volumes; each volume is numbered from page 1, and the index gives the volume of each document.";
  about += "\n\nSome information has been removed (redacted). Where this is so, a box shows the reason. The "
           "section \"Why some information was removed\" explains each reason in plain language.\n\n"
           "The pages that follow explain where we searched, what kinds of information we hold and why, and the "
           "words and abbreviations used in the records. The index lists each document and where to find it.";
  out.push_back({in.safeguarding_flag ? "Please read this first" : "About this bundle", about});

  std::string searches = "Where we searched\n\n";
  if (in.searches.empty()) {
    searches += "The records were collected by the information governance team from the council's systems.\n";
  } else {
    searches += "We asked each of these services to search all of its electronic systems and paper files for "
                "information about you:\n\n";
    for (const auto& s : in.searches) {
      searches += "- " + s.service_area + ": " + s.outcome;
      if (!s.answered_on.empty()) searches += " (answered " + s.answered_on + ")";
      searches += "\n";
      if (!s.note.empty()) searches += "  " + s.note + "\n";
    }
  }
  out.push_back({"Where we searched", searches});

  std::string held =
      "The information we hold about you\n\n"
      "You have the right to know what information about you we use, what we use it for and why, where it came "
      "from, who can see it, and how long we keep it.\n\n";
  std::vector<std::string> areas;
  for (const auto& s : in.searches)
    if (s.outcome.find("No records") == std::string::npos) areas.push_back(s.service_area);
  if (areas.empty()) areas.push_back(in.organisation);
  for (const auto& a : areas) {
    held += "- " + a + "\n";
    held += "  What: case records, assessments, plans, meeting notes, letters and emails about you.\n";
    held += "  Why: to provide services to you and your family, and to meet the council's legal duties "
            "(for example under the Children Act 1989 or the Care Act 2014).\n";
    held += "  Where from: you, your family, council staff and partner organisations such as health, schools "
            "and the police.\n";
    held += "  Who can see it: council staff who need it for their work, and partner organisations where the law "
            "allows or requires sharing.\n";
    held += "  How long we keep it: as the council's retention schedule sets for these records (for example, "
            "children's social care records are usually kept until the person is 75, or for 75 years for adopted "
            "and looked after children).\n\n";
  }
  out.push_back({"The information we hold about you", held});

  std::string ex = "Why some information was removed\n\n";
  if (in.exemptions.empty()) {
    ex += "Nothing was removed from the records in this bundle.\n";
  } else {
    ex += "The law allows, and sometimes requires, us to remove some information before we give you a copy. Each "
          "box in the records shows its reason. The reasons used in this bundle are:\n\n";
    for (const auto& e : in.exemptions) {
      ex += "- " + e.name + " (boxes marked \"" + e.label + "\"), used " + Times(e.count) + ".\n";
      if (!e.explanation.empty()) ex += "  " + e.explanation + "\n";
      ex += "\n";
    }
  }
  out.push_back({"Why some information was removed", ex});

  if (!in.glossary.empty()) {
    std::string g = "Words and abbreviations used in the records\n\n";
    for (const auto& t : in.glossary) g += t.term + ": " + t.meaning + "\n";
    out.push_back({"Words and abbreviations", g});
  }

  std::string support = "Support\n\n";
  support += "Reading your records can bring back difficult memories. You can ask us for a meeting to go through "
             "them with an officer, and you may bring someone with you for support. These organisations can also "
             "help:\n\n";
  if (in.care_leaver)
    support += "Because you were in care, your leaving care team or personal adviser can also support you while "
               "you read your records.\n\n";
  support += "- NAPAC, the National Association for People Abused in Childhood: https://napac.org.uk/\n";
  support += "- The Care Leavers' Association, a charity for care leavers and post-care adults: "
             "https://www.careleavers.com/\n";
  support += "- Samaritans, any time, free: telephone 116 123\n\n";
  support += "If you are unhappy with how we handled your request, you can ask us for an internal review and you "
             "can complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113).\n";
  out.push_back({"Support", support});
  return out;
}

Section IndexSection(const std::vector<IndexEntry>& entries, int volumes) {
  std::string text = "Index\n\n";
  int n = 0;
  for (const auto& e : entries) {
    text += std::to_string(++n) + ". " + e.title + " - ";
    if (volumes > 1) text += "volume " + std::to_string(e.volume) + ", ";
    text += Pages(e.first_page, e.last_page) + "\n";
  }
  return {"Index", text};
}

Section ChronologySection(std::vector<ChronologyEntry> entries, int volumes) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ChronologyEntry& a, const ChronologyEntry& b) { return a.date < b.date; });
  std::string text = "Chronology\n\nThe dates found in the records, oldest first, with where to find them.\n\n";
  for (const auto& e : entries) {
    text += e.date.ToString() + "  " + e.document + ", ";
    if (volumes > 1) text += "volume " + std::to_string(e.volume) + ", ";
    text += "page " + std::to_string(e.page) + ": " + e.line + "\n";
  }
  if (entries.empty()) text += "No dates were found in the records.\n";
  return {"Chronology", text};
}

}  // namespace sardesk::bundle
