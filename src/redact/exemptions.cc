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

std::optional<Exemption> FindExemption(const std::vector<Exemption>& catalogue, std::string_view code) {
  for (const auto& e : catalogue)
    if (e.code == code) return e;
  return std::nullopt;
}

}  // namespace sardesk::redact
