// The closed vocabularies of a request record, each with its wire name.
// Wire names are stable: the API, the CLI and stored records use them.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace sardesk::casework {

// X-macro lists: (Enumerator, "wire_name", "Plain English label").
#define SARDESK_CHANNELS(X)                      \
  X(kLetter, "letter", "Letter")                 \
  X(kEmail, "email", "Email")                    \
  X(kWebForm, "web_form", "Web form")            \
  X(kTelephone, "telephone", "Telephone (recorded verbatim and confirmed)") \
  X(kInPerson, "in_person", "In person (recorded verbatim and confirmed)")  \
  X(kSocialMedia, "social_media", "Social media") \
  X(kFax, "fax", "Fax")

#define SARDESK_ROUTES(X)                                                  \
  X(kSar, "sar", "Subject access request (UK GDPR Article 15)")            \
  X(kFoi, "foi", "Freedom of Information request")                         \
  X(kEir, "eir", "Environmental Information Regulations request")          \
  X(kLawEnforcement, "law_enforcement", "Law enforcement subject access (DPA 2018 Part 3)") \
  X(kOtherDisclosure, "other_disclosure", "Other disclosure (not a SAR)")

// For route other_disclosure (seed 003) and third-party requests (seed 004).
#define SARDESK_DISCLOSURE_BODIES(X)                               \
  X(kNone, "none", "Not applicable")                               \
  X(kPolice, "police", "Police (crime and taxation, Schedule 2)")  \
  X(kHmrc, "hmrc", "HMRC (assessment or collection of tax)")      \
  X(kCafcass, "cafcass", "CAFCASS")                                \
  X(kDbs, "dbs", "Disclosure and Barring Service")                 \
  X(kCourtOrder, "court_order", "Court order")                     \
  X(kLegalServices, "legal_services", "Council legal services")    \
  X(kOtherProfessional, "other_professional", "Other professional (health, school, probation)")

#define SARDESK_RELATIONSHIPS(X)                                                  \
  X(kSelf, "self", "The data subject")                                            \
  X(kParentalResponsibility, "parental_responsibility", "Person with parental responsibility") \
  X(kSolicitor, "solicitor", "Solicitor acting with signed consent")             \
  X(kAgent, "agent", "Other agent acting with signed consent")                   \
  X(kAttorney, "attorney", "Attorney (lasting or enduring power of attorney)")  \
  X(kDeputy, "deputy", "Court-appointed deputy")                                 \
  X(kOther, "other", "Other")

// Seed 002 appendix: who holds parental responsibility.
#define SARDESK_PR_BASES(X)                                                                \
  X(kNone, "none", "Not applicable")                                                       \
  X(kMother, "natural_mother", "The natural mother")                                       \
  X(kFatherMarried, "father_married", "Natural father married to the mother before or after the birth") \
  X(kFatherRegistered, "father_registered_birth", "Unmarried father who registered the birth from 1 December 2003") \
  X(kFatherAgreementOrOrder, "father_agreement_or_order", "Unmarried father by parental responsibility agreement or order") \
  X(kFatherGuardian, "father_guardian", "Unmarried father appointed guardian on the mother's death") \
  X(kCivilPartnerAtTreatment, "civil_partner_at_treatment", "Same-sex partner who was a civil partner at the time of treatment") \
  X(kSecondParentOrderOrAgreement, "second_parent_order_or_agreement", "Second parent by court order, agreement, civil partnership or joint registration") \
  X(kResidenceOrder, "residence_order", "Individual with a residence (child arrangements) order") \
  X(kAdoptiveParent, "adoptive_parent", "Adoptive parent")                                 \
  X(kSpecialGuardian, "special_guardian", "Special guardian (SGO)")                        \
  X(kLocalAuthorityCareOrder, "local_authority_care_order", "Local authority under a care order") \
  X(kEmergencyProtectionOrder, "emergency_protection_order", "Person with an emergency protection order")

// Seed 004 Appendix One, plus the authority documents seed 002 asks for.
// Purpose flags: P = photographic identity, I = identity, A = proof of address,
// U = authority to act.
#define SARDESK_DOCUMENT_TYPES(X)                                                                \
  X(kPassport, "passport", "Current signed passport")                                            \
  X(kResidencePermit, "residence_permit", "Home Office residence permit")                        \
  X(kPhotocardDrivingLicence, "photocard_driving_licence", "Current UK photocard driving licence") \
  X(kPaperDrivingLicence, "paper_driving_licence", "Current full UK driving licence (old version)") \
  X(kBenefitLetter, "benefit_letter", "Benefit book, card or DWP notification letter")          \
  X(kCisCertificate, "cis_certificate", "Building industry sub-contractor's certificate")       \
  X(kTaxNotification, "tax_notification", "Recent HMRC tax notification")                       \
  X(kFirearmsCertificate, "firearms_certificate", "Current firearms certificate")                \
  X(kBirthCertificate, "birth_certificate", "Birth certificate")                                 \
  X(kAdoptionCertificate, "adoption_certificate", "Adoption certificate")                        \
  X(kMarriageCertificate, "marriage_certificate", "Marriage certificate")                        \
  X(kDivorcePapers, "divorce_papers", "Divorce or annulment papers")                             \
  X(kAsylumRegistrationCard, "asylum_registration_card", "Application Registration Card (ARC), SAL1 or SAL2") \
  X(kGv3Form, "gv3_form", "GV3 form")                                                            \
  X(kHomeOfficeLetter, "home_office_letter", "Home Office letter IS KOS EX or KOS EX2")         \
  X(kPoliceRegistration, "police_registration", "Police registration document")                 \
  X(kForcesIdCard, "forces_id_card", "HM Forces identity card")                                  \
  X(kHomeVisitRecord, "home_visit_record", "Record of home visit")                               \
  X(kElectoralRegister, "electoral_register", "Electoral register confirmation")                 \
  X(kUtilityBill, "utility_bill", "Recent original utility bill (not a mobile phone bill)")      \
  X(kCouncilTaxBill, "council_tax_bill", "Council tax bill for the current year")                \
  X(kBankStatement, "bank_statement", "Bank, building society or credit union statement")       \
  X(kMortgageStatement, "mortgage_statement", "Recent mortgage statement")                       \
  X(kTenancyAgreement, "tenancy_agreement", "Council rent card or tenancy agreement")            \
  X(kCourtOrder, "court_order", "Court order")                                                   \
  X(kSignedConsent, "signed_consent", "Signed consent of the data subject")                      \
  X(kPowerOfAttorney, "power_of_attorney", "Lasting or enduring power of attorney")              \
  X(kDeputyshipOrder, "deputyship_order", "Court of Protection deputyship order")                \
  X(kParentalResponsibilityEvidence, "parental_responsibility_evidence", "Evidence of parental responsibility (birth certificate, PR agreement or order)") \
  X(kChildConsent, "child_consent", "Consent of a competent child")

#define SARDESK_EVIDENCE_PURPOSES(X)                          \
  X(kPhotoId, "photo_id", "Photographic identity")            \
  X(kProofOfAddress, "proof_of_address", "Proof of address")  \
  X(kAuthority, "authority", "Authority to act")

#define SARDESK_EVIDENCE_PARTIES(X)                       \
  X(kSubject, "subject", "The data subject")              \
  X(kRequester, "requester", "The requester")

#define SARDESK_STATUSES(X)                                  \
  X(kReceived, "received", "Received")                       \
  X(kIdRequested, "id_requested", "ID requested")            \
  X(kOnHold, "on_hold", "On hold")                           \
  X(kValidated, "validated", "Validated")                    \
  X(kSearching, "searching", "Searching")                    \
  X(kCollating, "collating", "Collating")                    \
  X(kRedacting, "redacting", "Redacting")                    \
  X(kQa, "qa", "Quality check")                              \
  X(kReadyForRelease, "ready_for_release", "Ready for release") \
  X(kReleased, "released", "Released")                       \
  X(kClosed, "closed", "Closed")                             \
  X(kRefused, "refused", "Refused")                          \
  X(kWithdrawn, "withdrawn", "Withdrawn")

#define SARDESK_OUTCOMES(X)                                                       \
  X(kNone, "none", "Not decided")                                                 \
  X(kDisclosedInFull, "disclosed_in_full", "Disclosed in full")                   \
  X(kDisclosedInPart, "disclosed_in_part", "Disclosed in part")                   \
  X(kWithheld, "withheld", "Withheld in full under an exemption")                 \
  X(kNoDataHeld, "no_data_held", "No data held")                                  \
  X(kRefusedManifestlyUnfounded, "refused_manifestly_unfounded", "Refused: manifestly unfounded") \
  X(kRefusedExcessive, "refused_excessive", "Refused: manifestly excessive")      \
  X(kWithdrawn, "withdrawn", "Withdrawn by the requester")                       \
  X(kClosedNoId, "closed_no_id", "Closed: identity not provided")                \
  X(kNotGenuine, "not_genuine", "Closed: not genuine or not compliant")          \
  X(kRoutedElsewhere, "routed_elsewhere", "Closed: handled under another route")        \
  X(kRoutineBusiness, "routine_business", "Closed: dealt with in the normal course of business")

#define SARDESK_VULNERABILITIES(X)                                 \
  X(kCareLeaver, "care_leaver", "Care leaver")                     \
  X(kChild, "child", "Child")                                      \
  X(kLacksCapacity, "lacks_capacity", "Adult who lacks capacity")  \
  X(kOther, "other", "Other vulnerability")

#define SARDESK_FORMATS(X)                                  \
  X(kElectronic, "electronic", "Electronic copy (PDF)")     \
  X(kPaper, "paper", "Paper copy")                          \
  X(kLargePrint, "large_print", "Large print")              \
  X(kAccessiblePdf, "accessible_pdf", "Accessible PDF (tagged, for screen readers)") \
  X(kBraille, "braille", "Braille")                         \
  X(kAudio, "audio", "Audio")                               \
  X(kViewInPerson, "view_in_person", "View in a supported meeting")

#define SARDESK_DELIVERIES(X)                                       \
  X(kSecureDownload, "secure_download", "Secure download")          \
  X(kEncryptedEmail, "encrypted_email", "Encrypted email")          \
  X(kPost, "post", "Recorded post (encrypted media or paper)")      \
  X(kCollection, "collection", "Collection in person")              \
  X(kSupportedMeeting, "supported_meeting", "Supported meeting")

#define SARDESK_COMM_METHODS(X)                       \
  X(kCall, "call", "Telephone call")                  \
  X(kEmail, "email", "Email")                         \
  X(kLetter, "letter", "Letter")                      \
  X(kMeeting, "meeting", "Meeting")                   \
  X(kPortal, "portal", "Requester portal")            \
  X(kSystem, "system", "Recorded by sardesk")

#define SARDESK_DIRECTIONS(X)                 \
  X(kIncoming, "incoming", "From the requester") \
  X(kOutgoing, "outgoing", "To the requester")   \
  X(kInternal, "internal", "Internal note")

#define SARDESK_COMPLAINT_KINDS(X)                                  \
  X(kComplaint, "complaint", "Complaint")                           \
  X(kInternalReview, "internal_review", "Internal review")          \
  X(kIco, "ico", "Information Commissioner's Office case")

#define SARDESK_IDENTIFIER_KINDS(X)                              \
  X(kSocialCareId, "social_care_id", "Social care system ID")    \
  X(kNhsNumber, "nhs_number", "NHS number")                      \
  X(kNiNumber, "ni_number", "National Insurance number")         \
  X(kEducationId, "education_id", "Unique pupil number")         \
  X(kOther, "other", "Other identifier")

// A search request to a service area (seed 001 stage 2).
#define SARDESK_SEARCH_STATUSES(X)                                       \
  X(kSent, "sent", "Sent, waiting for the service area")                 \
  X(kReminded, "reminded", "Reminder sent (IG manager copied)")           \
  X(kEscalated, "escalated", "Escalated to the head of compliance and the service director") \
  X(kNoRecords, "no_records", "No records found")                        \
  X(kRecordsReceived, "records_received", "Records received")            \
  X(kCancelled, "cancelled", "Cancelled")

#define SARDESK_DECLARE_ENUM(Name, LIST)                                \
  enum class Name {                                                     \
    LIST(SARDESK_ENUM_MEMBER)                                           \
  };                                                                    \
  std::string_view ToWire(Name v);                                      \
  std::string_view Label(Name v);                                       \
  Result<Name> Parse##Name(std::string_view wire);                      \
  template <> struct EnumInfo<Name> {                                   \
    static constexpr std::string_view kTypeName = #Name;                \
    static Result<Name> Parse(std::string_view w) { return Parse##Name(w); } \
  };

#define SARDESK_ENUM_MEMBER(e, wire, label) e,

template <typename E> struct EnumInfo;

SARDESK_DECLARE_ENUM(Channel, SARDESK_CHANNELS)
SARDESK_DECLARE_ENUM(Route, SARDESK_ROUTES)
SARDESK_DECLARE_ENUM(DisclosureBody, SARDESK_DISCLOSURE_BODIES)
SARDESK_DECLARE_ENUM(Relationship, SARDESK_RELATIONSHIPS)
SARDESK_DECLARE_ENUM(PrBasis, SARDESK_PR_BASES)
SARDESK_DECLARE_ENUM(DocumentType, SARDESK_DOCUMENT_TYPES)
SARDESK_DECLARE_ENUM(EvidencePurpose, SARDESK_EVIDENCE_PURPOSES)
SARDESK_DECLARE_ENUM(EvidenceParty, SARDESK_EVIDENCE_PARTIES)
SARDESK_DECLARE_ENUM(CaseStatus, SARDESK_STATUSES)
SARDESK_DECLARE_ENUM(Outcome, SARDESK_OUTCOMES)
SARDESK_DECLARE_ENUM(Vulnerability, SARDESK_VULNERABILITIES)
SARDESK_DECLARE_ENUM(Format, SARDESK_FORMATS)
SARDESK_DECLARE_ENUM(Delivery, SARDESK_DELIVERIES)
SARDESK_DECLARE_ENUM(CommMethod, SARDESK_COMM_METHODS)
SARDESK_DECLARE_ENUM(Direction, SARDESK_DIRECTIONS)
SARDESK_DECLARE_ENUM(ComplaintKind, SARDESK_COMPLAINT_KINDS)
SARDESK_DECLARE_ENUM(IdentifierKind, SARDESK_IDENTIFIER_KINDS)
SARDESK_DECLARE_ENUM(SearchStatus, SARDESK_SEARCH_STATUSES)

// Which purposes a document can serve (seed 004 Appendix One).
bool DocumentServes(DocumentType type, EvidencePurpose purpose);

// Every wire name and label of an enum, for the reference-data endpoint.
struct EnumEntry { std::string wire; std::string label; };
struct EnumCatalogueEntry { std::string name; std::vector<EnumEntry> values; };
std::vector<EnumCatalogueEntry> EnumCatalogue();

}  // namespace sardesk::casework
