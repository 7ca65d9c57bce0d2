#include "redact/exemptions.h"

namespace sardesk::redact {

const std::vector<Exemption>& DefaultExemptions() {
  static const std::vector<Exemption> kCatalogue = {
      {"third_party", "Third-party information", "Third party information", "3P",
       "Information about other people (family members, other children, neighbours and others) has been removed "
       "because they have not consented and it would not be reasonable to disclose it without their consent.",
       "DPA 2018 Schedule 2 Part 3 paragraph 16"},
      {"serious_harm", "Serious harm", "Withheld: serious harm", "SH",
       "Information has been withheld because disclosing it would be likely to cause serious harm to the physical "
       "or mental health of you or another person.",
       "DPA 2018 Schedule 3 Part 3 paragraphs 7 and 8"},
      {"social_work_prejudice", "Prejudice to social work", "Withheld: social work", "SW",
       "Information has been withheld because disclosing it would be likely to prejudice the carrying out of social "
       "work.",
       "DPA 2018 Schedule 3 Part 3"},
      {"crime_taxation", "Crime and taxation", "Withheld: crime prevention", "CR",
       "Information has been withheld because disclosing it would be likely to prejudice the prevention or "
       "detection of crime or the apprehension or prosecution of offenders.",
       "DPA 2018 Schedule 2 Part 1 paragraph 2"},
      {"legal_privilege", "Legal professional privilege", "Redacted following legal advice", "LP",
       "Information has been withheld because it is covered by legal professional privilege: advice from, or "
       "communications with, lawyers.",
       "DPA 2018 Schedule 2 Part 4 paragraph 19"},
      {"confidential_reference", "Confidential reference", "Withheld: confidential reference", "CF",
       "A reference given in confidence has been withheld.", "DPA 2018 Schedule 2 Part 4 paragraph 24"},
      {"regulatory", "Regulatory activity", "Withheld: regulatory activity", "RG",
       "Information has been withheld because disclosing it would be likely to prejudice a regulatory function "
       "such as an investigation.",
       "DPA 2018 Schedule 2 Part 2 paragraphs 7 to 9"},
      {"national_security", "National security", "Withheld: national security", "NS",
       "Information has been withheld to safeguard national security.", "DPA 2018 section 26"},
      {"research_statistics", "Research and statistics", "Withheld: research", "RS",
       "Information held only for research or statistics has been withheld.",
       "DPA 2018 Schedule 2 Part 6 paragraph 27"},
      {"human_fertilisation", "Human fertilisation and embryology", "Withheld: fertilisation records", "HF",
       "Information about human fertilisation and embryology treatment has been withheld, as the law requires.",
       "DPA 2018 Schedule 4 paragraph 2"},
      {"not_requester_data", "Not your personal data", "Not your personal data", "NP",
       "This part of the record is not information about you, so it does not fall within a subject access request.",
       "UK GDPR Article 15"},
      {"out_of_scope", "Outside the request", "Outside the request", "OS",
       "This part of the record falls outside the scope of your request as agreed with you.", "UK GDPR Article 15"},
  };
  return kCatalogue;
}

Status ValidateCatalogue(const std::vector<Exemption>& catalogue) {
  if (catalogue.size() > 200) return Status::Invalid("exemptions: at most 200 entries");
  auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
  auto one_line = [](const std::string& s) { return s.find_first_of("\r\n") == std::string::npos; };
  for (size_t i = 0; i < catalogue.size(); ++i) {
    const Exemption& e = catalogue[i];
    const std::string where = "exemption " + (e.code.empty() ? "#" + std::to_string(i + 1) : "\"" + e.code.substr(0, 60) + "\"");
    if (e.code.empty() || e.code.size() > 60 ||
        e.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      return Status::Invalid(where + ": code: lower-case letters, digits and '_' only, at most 60");
    for (size_t j = 0; j < i; ++j)
      if (catalogue[j].code == e.code) return Status::Invalid(where + ": code: appears twice; codes must be unique");
    if (blank(e.name)) return Status::Invalid(where + ": name: must not be empty");
    if (blank(e.label) || !one_line(e.label)) return Status::Invalid(where + ": label: give the words drawn in the box, on one line");
    if (e.label.size() > 80) return Status::Invalid(where + ": label: at most 80 characters (it is drawn in the box)");
    if (blank(e.short_label) || !one_line(e.short_label) || e.short_label.size() > 4)
      return Status::Invalid(where + ": short_label: 1 to 4 characters, for boxes too small for the label");
    if (e.name.size() > 200 || e.explanation.size() > 4000 || e.basis.size() > 400)
      return Status::Invalid(where + ": name, explanation or basis is too long");
  }
  for (std::string_view code : kRequiredExemptions)
    if (!FindExemption(catalogue, code))
      return Status::Invalid("exemptions: \"" + std::string(code) +
                             "\" must stay in the catalogue: detection proposes redactions under it");
  return Status::Ok();
}

std::optional<Exemption> FindExemption(const std::vector<Exemption>& catalogue, std::string_view code) {
  for (const auto& e : catalogue)
    if (e.code == code) return e;
  return std::nullopt;
}

}  // namespace sardesk::redact
