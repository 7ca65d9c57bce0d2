// The redaction-detection engine: finds personal data in one document, decides
// whose it is (the data subject, council staff, other professionals, third
// parties) and proposes redact, keep or review for each span, with the reason
// and the exemption it rests on. Pure: text and case context in, proposals out.
// A Detector is immutable after construction and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detect/lexicon.h"
#include "detect/proposal.h"
#include "detect/safeguarding.h"

namespace sardesk::detect {

struct DataSubject {
  std::string name;                  // "Ellie Carter"
  std::vector<std::string> aliases;  // nicknames, former names
  std::string dob;                   // YYYY-MM-DD, may be empty
  std::string address;               // one line, may be empty
};

struct StaffMember {
  std::string name;
  std::string role;  // "Social Worker"
};

// What the officer knows when the request is opened.
struct CaseContext {
  DataSubject subject;
  std::vector<StaffMember> staff;
  int current_year = 2025;  // to tell a child subject from an adult
};

struct Detection {
  std::vector<Proposal> proposals;  // in text order, not overlapping
  std::vector<SafeguardingFlag> flags;
};

class Detector {
 public:
  // *lexicon must outlive the detector.
  explicit Detector(const Lexicon* lexicon = &Lexicon::Builtin()) : lexicon_(lexicon) {}

  Detection Detect(std::string_view text, const CaseContext& context) const;

 private:
  const Lexicon* lexicon_;
};

}  // namespace sardesk::detect
