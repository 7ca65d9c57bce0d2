#include "case/enums.h"

#include <vector>

namespace sardesk::casework {
namespace {

struct Row { std::string_view wire; std::string_view label; };

template <typename E, size_t N>
Result<E> ParseFrom(const std::array<Row, N>& rows, std::string_view wire, std::string_view type) {
  for (size_t i = 0; i < N; ++i)
    if (rows[i].wire == wire) return static_cast<E>(i);
  std::string valid;
  for (size_t i = 0; i < N; ++i) valid += (i ? ", " : "") + std::string(rows[i].wire);
  std::string shown(wire.substr(0, 60));
  return Status::Invalid("unknown " + std::string(type) + " '" + shown + "': use one of " + valid);
}

}  // namespace

#define SARDESK_ENUM_ROW(e, wire, label) Row{wire, label},
#define SARDESK_DEFINE_ENUM(Name, LIST)                                              \
  namespace {                                                                        \
  constexpr std::array k##Name##Rows{LIST(SARDESK_ENUM_ROW)};                        \
  }                                                                                  \
  std::string_view ToWire(Name v) { return k##Name##Rows.at(static_cast<size_t>(v)).wire; } \
  std::string_view Label(Name v) { return k##Name##Rows.at(static_cast<size_t>(v)).label; } \
  Result<Name> Parse##Name(std::string_view w) { return ParseFrom<Name>(k##Name##Rows, w, #Name); }

SARDESK_DEFINE_ENUM(Channel, SARDESK_CHANNELS)
SARDESK_DEFINE_ENUM(Route, SARDESK_ROUTES)
SARDESK_DEFINE_ENUM(DisclosureBody, SARDESK_DISCLOSURE_BODIES)
SARDESK_DEFINE_ENUM(Relationship, SARDESK_RELATIONSHIPS)
SARDESK_DEFINE_ENUM(PrBasis, SARDESK_PR_BASES)
SARDESK_DEFINE_ENUM(DocumentType, SARDESK_DOCUMENT_TYPES)
SARDESK_DEFINE_ENUM(EvidencePurpose, SARDESK_EVIDENCE_PURPOSES)
SARDESK_DEFINE_ENUM(EvidenceParty, SARDESK_EVIDENCE_PARTIES)
SARDESK_DEFINE_ENUM(CaseStatus, SARDESK_STATUSES)
SARDESK_DEFINE_ENUM(Outcome, SARDESK_OUTCOMES)
SARDESK_DEFINE_ENUM(Vulnerability, SARDESK_VULNERABILITIES)
SARDESK_DEFINE_ENUM(Format, SARDESK_FORMATS)
SARDESK_DEFINE_ENUM(Delivery, SARDESK_DELIVERIES)
SARDESK_DEFINE_ENUM(CommMethod, SARDESK_COMM_METHODS)
SARDESK_DEFINE_ENUM(Direction, SARDESK_DIRECTIONS)
SARDESK_DEFINE_ENUM(ComplaintKind, SARDESK_COMPLAINT_KINDS)
SARDESK_DEFINE_ENUM(IdentifierKind, SARDESK_IDENTIFIER_KINDS)
SARDESK_DEFINE_ENUM(SearchStatus, SARDESK_SEARCH_STATUSES)

bool DocumentServes(DocumentType t, EvidencePurpose p) {
  using D = DocumentType;
  switch (p) {
    case EvidencePurpose::kPhotoId:
      return t == D::kPassport || t == D::kResidencePermit || t == D::kPhotocardDrivingLicence ||
             t == D::kFirearmsCertificate || t == D::kAsylumRegistrationCard ||
             t == D::kPoliceRegistration || t == D::kForcesIdCard;
    case EvidencePurpose::kProofOfAddress:
      return t == D::kHomeVisitRecord || t == D::kElectoralRegister || t == D::kUtilityBill ||
             t == D::kCouncilTaxBill || t == D::kPhotocardDrivingLicence ||
             t == D::kPaperDrivingLicence || t == D::kBankStatement || t == D::kMortgageStatement ||
             t == D::kTenancyAgreement || t == D::kBenefitLetter || t == D::kCourtOrder;
    case EvidencePurpose::kAuthority:
      return t == D::kSignedConsent || t == D::kPowerOfAttorney || t == D::kDeputyshipOrder ||
             t == D::kParentalResponsibilityEvidence || t == D::kCourtOrder ||
             t == D::kChildConsent || t == D::kBirthCertificate || t == D::kAdoptionCertificate;
  }
  return false;
}

namespace {
template <size_t N>
EnumCatalogueEntry Entry(std::string name, const std::array<Row, N>& rows) {
  EnumCatalogueEntry e{std::move(name), {}};
  for (const Row& r : rows) e.values.push_back({std::string(r.wire), std::string(r.label)});
  return e;
}
}  // namespace

std::vector<EnumCatalogueEntry> EnumCatalogue() {
  return {Entry("channel", kChannelRows), Entry("route", kRouteRows),
          Entry("disclosure_body", kDisclosureBodyRows), Entry("relationship", kRelationshipRows),
          Entry("pr_basis", kPrBasisRows), Entry("document_type", kDocumentTypeRows),
          Entry("evidence_purpose", kEvidencePurposeRows), Entry("evidence_party", kEvidencePartyRows),
          Entry("status", kCaseStatusRows), Entry("outcome", kOutcomeRows),
          Entry("vulnerability", kVulnerabilityRows), Entry("format", kFormatRows),
          Entry("delivery", kDeliveryRows), Entry("comm_method", kCommMethodRows),
          Entry("direction", kDirectionRows), Entry("complaint_kind", kComplaintKindRows),
          Entry("identifier_kind", kIdentifierKindRows), Entry("search_status", kSearchStatusRows)};
}

}  // namespace sardesk::casework
