// The exemption catalogue: the reasons a redaction may rest on (seed 002
// section 10, seed 004 Appendix Two), each with the label drawn in the box,
// a short label for boxes too small for it, and a plain-language explanation
// for the requester. The defaults here are what a council starts with; the
// catalogue is an editable setting (service/exemption_catalogue.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sardesk::redact {

struct Exemption {
  std::string code;         // "third_party"
  std::string name;         // "Third-party information"
  std::string label;        // drawn in the box: "Third party information"
  std::string short_label;  // "3P"
  std::string explanation;  // for the covering letter and the schedule
  std::string basis;        // legal basis, for the schedule
};

// The catalogue a new installation starts with.
const std::vector<Exemption>& DefaultExemptions();

// The entry with `code` in `catalogue`, if any.
std::optional<Exemption> FindExemption(const std::vector<Exemption>& catalogue, std::string_view code);

// Codes every catalogue keeps: detection proposes them.
inline constexpr std::string_view kRequiredExemptions[] = {"third_party", "serious_harm"};

// Whether a council's catalogue can be used: codes of lower-case letters,
// digits and '_' (at most 60), unique; name, label and short label present
// (labels on one line; the short label at most 4 characters); the required
// codes kept. The message names the entry and the field.
Status ValidateCatalogue(const std::vector<Exemption>& catalogue);

}  // namespace sardesk::redact
