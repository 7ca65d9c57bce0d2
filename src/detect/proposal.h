// What the detector proposes for one span of text, and the vocabularies it
// uses. Labels follow the annotated corpus (shared/corpus/README.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sardesk::detect {

enum class Label : std::uint8_t {
  kPerson, kAddress, kPostcode, kPhone, kEmail, kDob, kNhsNumber, kNino,
  kBank, kVehicle, kOtherId,
};

// Whose data it is.
enum class Party : std::uint8_t {
  kSubject,       // the requester's own data: disclose
  kThirdParty,    // family, partners, other children, neighbours, referrers
  kProfessional,  // council staff and other professionals acting in role
  kAmbiguous,     // police officers, foster carers: an officer decides
};

enum class Action : std::uint8_t { kRedact, kKeep, kReview };

// The exemption a redaction rests on (DPA 2018); none for what is disclosed.
enum class Exemption : std::uint8_t {
  kNone,
  kThirdParty,   // Schedule 2 Part 3 para 16: information about other individuals
  kSeriousHarm,  // Schedule 3 Part 3 paras 7-8: social work data, serious harm test
};

struct Proposal {
  std::uint32_t start = 0;  // UTF-8 byte offsets, end exclusive
  std::uint32_t end = 0;
  Label label = Label::kPerson;
  Party party = Party::kThirdParty;
  Action action = Action::kRedact;
  Exemption exemption = Exemption::kThirdParty;
  std::string reason;  // short, for the officer: "mother's mobile number"
};

inline std::string_view LabelName(Label l) {
  switch (l) {
    case Label::kPerson: return "PERSON";
    case Label::kAddress: return "ADDRESS";
    case Label::kPostcode: return "POSTCODE";
    case Label::kPhone: return "PHONE";
    case Label::kEmail: return "EMAIL";
    case Label::kDob: return "DOB";
    case Label::kNhsNumber: return "NHS_NUMBER";
    case Label::kNino: return "NINO";
    case Label::kBank: return "BANK";
    case Label::kVehicle: return "VEHICLE";
    case Label::kOtherId: return "OTHER_ID";
  }
  return "OTHER_ID";
}

inline std::string_view PartyName(Party p) {
  switch (p) {
    case Party::kSubject: return "subject";
    case Party::kThirdParty: return "third_party";
    case Party::kProfessional: return "professional";
    case Party::kAmbiguous: return "ambiguous";
  }
  return "ambiguous";
}

inline std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kRedact: return "redact";
    case Action::kKeep: return "keep";
    case Action::kReview: return "review";
  }
  return "review";
}

inline std::string_view ExemptionName(Exemption e) {
  switch (e) {
    case Exemption::kNone: return "none";
    case Exemption::kThirdParty: return "third_party";
    case Exemption::kSeriousHarm: return "serious_harm";
  }
  return "none";
}

}  // namespace sardesk::detect
