// Specification of the validation checks: identity (seed 002 8.3, seed 004
// Appendix One), authority to act, children and competence (seed 002 4.2),
// deceased subjects (seed 002 section 7) and fees.
#include "case/checks.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace sardesk::casework {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

const Date kReceived = D(2025, 6, 2);

Evidence Ev(EvidenceParty party, EvidencePurpose purpose, DocumentType type, Date seen,
            std::optional<Date> document_date = std::nullopt) {
  Evidence e;
  e.party = party;
  e.purpose = purpose;
  e.type = type;
  e.seen_on = seen;
  e.seen_by = "officer.a";
  e.document_date = document_date;
  return e;
}

Evidence Passport(EvidenceParty party, Date seen) {
  return Ev(party, EvidencePurpose::kPhotoId, DocumentType::kPassport, seen, D(2020, 1, 1));
}
Evidence Bill(EvidenceParty party, Date seen, Date dated) {
  return Ev(party, EvidencePurpose::kProofOfAddress, DocumentType::kUtilityBill, seen, dated);
}
Evidence Authority(DocumentType type, Date seen) {
  return Ev(EvidenceParty::kRequester, EvidencePurpose::kAuthority, type, seen);
}

// An adult asking for their own records, with no evidence yet.
CaseRecord SelfRequest() {
  CaseRecord r;
  r.reference = "SAR-2025-000001";
  r.received = kReceived;
  r.route = Route::kSar;
  r.subject.name = "Kay O'Brien";
  r.subject.dob = D(1980, 4, 1);
  r.requester.relationship = Relationship::kSelf;
  return r;
}

// Adds a passport and a recent utility bill for `party`, both seen on `seen`.
void AddIdentity(CaseRecord& r, EvidenceParty party, Date seen = D(2025, 6, 3)) {
  r.evidence.push_back(Passport(party, seen));
  r.evidence.push_back(Bill(party, seen, seen.AddDays(-20)));
}

// A parent with parental responsibility asking for a child born on `dob`,
// with the parent's own identity proved and evidence of PR.
CaseRecord ParentRequest(Date dob) {
  CaseRecord r = SelfRequest();
  r.subject.name = "Alex Child";
  r.subject.dob = dob;
  r.requester.relationship = Relationship::kParentalResponsibility;
  r.requester.name = "Pat Parent";
  r.requester.pr_basis = PrBasis::kMother;
  AddIdentity(r, EvidenceParty::kRequester);
  r.evidence.push_back(Authority(DocumentType::kParentalResponsibilityEvidence, D(2025, 6, 3)));
  return r;
}

// A representative asking for an adult subject, with their own identity proved.
CaseRecord RepresentativeRequest(Relationship rel) {
  CaseRecord r = SelfRequest();
  r.requester.relationship = rel;
  r.requester.name = "Sam Jones";
  AddIdentity(r, EvidenceParty::kRequester);
  return r;
}

CompetenceAssessment Assessment(bool competent, std::optional<bool> consents = std::nullopt) {
  return {D(2025, 6, 4), "A. Social Worker", competent, consents, ""};
}

std::string AllBlockers(const CaseChecks& c) {
  std::string all;
  for (const auto& b : c.blockers) all += b + " | ";
  return all;
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ------------------------------------------------------------ identity

TEST(Identity, SelfRequestWithPassportAndRecentBillIsVerifiedOnTheLaterSeenDate) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 3)));
  r.evidence.push_back(Bill(EvidenceParty::kSubject, D(2025, 6, 10), D(2025, 5, 20)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.identity_verified);
  EXPECT_EQ(c.identity_verified_on, D(2025, 6, 10));
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Identity, VerifiedOnTheLaterDateWhenPhotoIdIsSeenLast) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Bill(EvidenceParty::kSubject, D(2025, 6, 3), D(2025, 5, 20)));
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 12)));
  EXPECT_EQ(EvaluateChecks(r).identity_verified_on, D(2025, 6, 12));
}

TEST(Identity, NoEvidenceAsksForPhotoIdAndProofOfAddress) {
  CaseChecks c = EvaluateChecks(SelfRequest());
  EXPECT_FALSE(c.identity_verified);
  EXPECT_FALSE(c.identity_verified_on.has_value());
  EXPECT_TRUE(Contains(c.identity_missing, "photographic ID and a proof of address")) << c.identity_missing;
  EXPECT_TRUE(Contains(c.identity_missing, "data subject")) << c.identity_missing;
  EXPECT_TRUE(Contains(AllBlockers(c), "identity not verified")) << AllBlockers(c);
}

TEST(Identity, PhotoIdAloneIsNotEnough) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 3)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "proof of address")) << c.identity_missing;
  EXPECT_FALSE(Contains(c.identity_missing, "photographic")) << c.identity_missing;
}

TEST(Identity, ProofOfAddressAloneIsNotEnough) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Bill(EvidenceParty::kSubject, D(2025, 6, 3), D(2025, 5, 20)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "photographic ID for the data subject")) << c.identity_missing;
}

TEST(Identity, RejectedEvidenceDoesNotCount) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.evidence[0].accepted = false;
  r.evidence[0].rejection_reason = "expired";
  EXPECT_FALSE(EvaluateChecks(r).identity_verified);
}

TEST(Identity, EvidenceForTheWrongPartyDoesNotCount) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kRequester);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "data subject")) << c.identity_missing;
}

TEST(Identity, RepresentativeMustProveTheirOwnIdentity) {
  CaseRecord r = SelfRequest();
  r.requester.relationship = Relationship::kSolicitor;
  AddIdentity(r, EvidenceParty::kSubject);
  r.evidence.push_back(Authority(DocumentType::kSignedConsent, D(2025, 6, 3)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "the requester")) << c.identity_missing;
}

TEST(Identity, StaleBillMarkedAcceptedDoesNotVerify) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 3)));
  r.evidence.push_back(Bill(EvidenceParty::kSubject, D(2025, 6, 3), D(2025, 1, 10)));  // accepted = true
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "proof of address")) << c.identity_missing;
}

TEST(Identity, PassportRecordedAsProofOfAddressDoesNotVerify) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 3)));
  r.evidence.push_back(Ev(EvidenceParty::kSubject, EvidencePurpose::kProofOfAddress,
                          DocumentType::kPassport, D(2025, 6, 3), D(2025, 5, 1)));
  EXPECT_FALSE(EvaluateChecks(r).identity_verified);
}

TEST(Identity, OneDrivingLicenceCannotProveBothNameAndAddress) {
  // Seed 004 Appendix One: a licence proves address only "if not used for evidence of name".
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Ev(EvidenceParty::kSubject, EvidencePurpose::kPhotoId,
                          DocumentType::kPhotocardDrivingLicence, D(2025, 6, 3), D(2022, 1, 1)));
  r.evidence.push_back(Ev(EvidenceParty::kSubject, EvidencePurpose::kProofOfAddress,
                          DocumentType::kPhotocardDrivingLicence, D(2025, 6, 3), D(2025, 5, 1)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.identity_verified);
  EXPECT_TRUE(Contains(c.identity_missing, "cannot prove both name and address")) << c.identity_missing;
  EXPECT_TRUE(Contains(AllBlockers(c), "identity not verified")) << AllBlockers(c);
}

TEST(Identity, DrivingLicenceProvesAddressAlongsideAPassport) {
  CaseRecord r = SelfRequest();
  r.evidence.push_back(Passport(EvidenceParty::kSubject, D(2025, 6, 3)));
  r.evidence.push_back(Ev(EvidenceParty::kSubject, EvidencePurpose::kProofOfAddress,
                          DocumentType::kPhotocardDrivingLicence, D(2025, 6, 5), D(2025, 5, 1)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.identity_verified);
  EXPECT_EQ(c.identity_verified_on, D(2025, 6, 5));
}

TEST(Identity, EarliestCompleteSetGivesTheVerifiedDate) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject, D(2025, 6, 3));
  AddIdentity(r, EvidenceParty::kSubject, D(2025, 6, 20));  // a second set later on
  EXPECT_EQ(EvaluateChecks(r).identity_verified_on, D(2025, 6, 3));
}

TEST(Identity, WaivedWithoutAReasonIsABlocker) {
  CaseRecord r = SelfRequest();
  r.identity_required = false;
  CaseChecks c = EvaluateChecks(r);
  ASSERT_EQ(c.blockers.size(), 1u) << AllBlockers(c);
  EXPECT_TRUE(Contains(c.blockers[0], "record why identity evidence is not needed")) << c.blockers[0];
}

TEST(Identity, WaivedWithAReasonCountsAsVerifiedOnReceipt) {
  CaseRecord r = SelfRequest();
  r.identity_required = false;
  r.identity_waiver_reason = "Known to the officer; seen in person at the supported meeting";
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.identity_verified);
  EXPECT_EQ(c.identity_verified_on, kReceived);
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(IdentityParty, SubjectForSelfRequesterForEveryoneElse) {
  CaseRecord r = SelfRequest();
  EXPECT_EQ(IdentityParty(r), EvidenceParty::kSubject);
  for (Relationship rel : {Relationship::kParentalResponsibility, Relationship::kSolicitor,
                           Relationship::kAgent, Relationship::kAttorney, Relationship::kDeputy,
                           Relationship::kOther}) {
    r.requester.relationship = rel;
    EXPECT_EQ(IdentityParty(r), EvidenceParty::kRequester) << ToWire(rel);
  }
}

// ------------------------------------------------------------ evidence rules

TEST(EvidenceRejectionReason, RecentBillIsAccepted) {
  EXPECT_EQ(EvidenceRejectionReason(Bill(EvidenceParty::kSubject, D(2025, 6, 15), D(2025, 5, 1)), SelfRequest()), "");
}

TEST(EvidenceRejectionReason, BillOlderThanThreeMonthsNamesTheCutOffDate) {
  std::string why = EvidenceRejectionReason(
      Bill(EvidenceParty::kSubject, D(2025, 6, 15), D(2025, 3, 14)), SelfRequest());
  EXPECT_TRUE(Contains(why, "older than three months")) << why;
  EXPECT_TRUE(Contains(why, "2025-03-14")) << why;
  EXPECT_TRUE(Contains(why, "on or after 2025-03-15")) << why;
}

TEST(EvidenceRejectionReason, BillDatedExactlyThreeMonthsBeforeIsAccepted) {
  EXPECT_EQ(EvidenceRejectionReason(Bill(EvidenceParty::kSubject, D(2025, 6, 15), D(2025, 3, 15)), SelfRequest()), "");
}

TEST(EvidenceRejectionReason, CutOffIsClampedToTheEndOfAShortMonth) {
  // Seen 31 May: three months earlier is 28 February.
  std::string why = EvidenceRejectionReason(
      Bill(EvidenceParty::kSubject, D(2025, 5, 31), D(2025, 2, 27)), SelfRequest());
  EXPECT_TRUE(Contains(why, "on or after 2025-02-28")) << why;
  EXPECT_EQ(EvidenceRejectionReason(Bill(EvidenceParty::kSubject, D(2025, 5, 31), D(2025, 2, 28)), SelfRequest()), "");
}

TEST(EvidenceRejectionReason, ProofOfAddressNeedsADocumentDate) {
  Evidence e = Ev(EvidenceParty::kSubject, EvidencePurpose::kProofOfAddress, DocumentType::kBankStatement,
                  D(2025, 6, 3));
  std::string why = EvidenceRejectionReason(e, SelfRequest());
  EXPECT_TRUE(Contains(why, "needs its document date")) << why;
}

TEST(EvidenceRejectionReason, DocumentDatedAfterItWasSeenIsRefused) {
  std::string why = EvidenceRejectionReason(
      Bill(EvidenceParty::kSubject, D(2025, 6, 3), D(2025, 6, 4)), SelfRequest());
  EXPECT_TRUE(Contains(why, "dated after the day it was seen")) << why;
}

TEST(EvidenceRejectionReason, PassportAsProofOfAddressIsTheWrongPurpose) {
  Evidence e = Ev(EvidenceParty::kSubject, EvidencePurpose::kProofOfAddress, DocumentType::kPassport,
                  D(2025, 6, 3), D(2025, 6, 1));
  std::string why = EvidenceRejectionReason(e, SelfRequest());
  EXPECT_TRUE(Contains(why, "Current signed passport is not accepted as Proof of address")) << why;
}

TEST(EvidenceRejectionReason, UtilityBillAsPhotoIdIsTheWrongPurpose) {
  Evidence e = Ev(EvidenceParty::kSubject, EvidencePurpose::kPhotoId, DocumentType::kUtilityBill,
                  D(2025, 6, 3), D(2025, 6, 1));
  std::string why = EvidenceRejectionReason(e, SelfRequest());
  EXPECT_TRUE(Contains(why, "not accepted as Photographic identity")) << why;
}

TEST(EvidenceRejectionReason, BirthCertificateIsNotPhotographicId) {
  Evidence e = Ev(EvidenceParty::kSubject, EvidencePurpose::kPhotoId, DocumentType::kBirthCertificate,
                  D(2025, 6, 3));
  EXPECT_TRUE(Contains(EvidenceRejectionReason(e, SelfRequest()), "not accepted"));
}

TEST(EvidenceRejectionReason, SubjectIdentityForASelfRequestIsAccepted) {
  EXPECT_EQ(EvidenceRejectionReason(Passport(EvidenceParty::kSubject, D(2025, 6, 3)), SelfRequest()), "");
}

TEST(EvidenceRejectionReason, RequesterIdentityForASelfRequestIsTheWrongParty) {
  std::string why = EvidenceRejectionReason(Passport(EvidenceParty::kRequester, D(2025, 6, 3)), SelfRequest());
  EXPECT_TRUE(Contains(why, "must be for the data subject")) << why;
}

TEST(EvidenceRejectionReason, SubjectIdentityForARepresentativeIsTheWrongParty) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  std::string why = EvidenceRejectionReason(Passport(EvidenceParty::kSubject, D(2025, 6, 3)), r);
  EXPECT_TRUE(Contains(why, "must be for the requester")) << why;
}

TEST(EvidenceRejectionReason, AuthorityDocumentIsAcceptedWhateverTheParty) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  Evidence e = Authority(DocumentType::kSignedConsent, D(2025, 6, 3));
  e.party = EvidenceParty::kSubject;
  EXPECT_EQ(EvidenceRejectionReason(e, r), "");
}

TEST(EvidenceRejectionReason, PassportIsNotAuthorityToAct) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  Evidence e = Authority(DocumentType::kPassport, D(2025, 6, 3));
  EXPECT_TRUE(Contains(EvidenceRejectionReason(e, r), "not accepted as Authority to act"));
}

// ------------------------------------------------------------ authority

TEST(Authority, SelfRequestNeedsNone) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.authority_required);
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Authority, SolicitorWithSignedConsentIsAuthorised) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  r.evidence.push_back(Authority(DocumentType::kSignedConsent, D(2025, 6, 4)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.authority_required);
  EXPECT_TRUE(c.authority_verified);
  EXPECT_EQ(c.authority_verified_on, D(2025, 6, 4));
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Authority, SolicitorWithoutSignedConsentIsBlocked) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  r.evidence.push_back(Authority(DocumentType::kPowerOfAttorney, D(2025, 6, 4)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.authority_verified);
  EXPECT_TRUE(Contains(c.authority_missing, "Solicitor")) << c.authority_missing;
  EXPECT_TRUE(Contains(AllBlockers(c), "authority not verified")) << AllBlockers(c);
}

TEST(Authority, AttorneyWithPowerOfAttorneyIsAuthorised) {
  CaseRecord r = RepresentativeRequest(Relationship::kAttorney);
  r.evidence.push_back(Authority(DocumentType::kPowerOfAttorney, D(2025, 6, 4)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.authority_verified);
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Authority, AttorneyWithOnlySignedConsentIsBlocked) {
  CaseRecord r = RepresentativeRequest(Relationship::kAttorney);
  r.evidence.push_back(Authority(DocumentType::kSignedConsent, D(2025, 6, 4)));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.authority_verified);
  EXPECT_TRUE(Contains(c.authority_missing, "Attorney")) << c.authority_missing;
}

TEST(Authority, DeputyNeedsDeputyshipOrder) {
  CaseRecord r = RepresentativeRequest(Relationship::kDeputy);
  EXPECT_FALSE(EvaluateChecks(r).authority_verified);
  r.evidence.push_back(Authority(DocumentType::kDeputyshipOrder, D(2025, 6, 4)));
  EXPECT_TRUE(EvaluateChecks(r).authority_verified);
}

TEST(Authority, RejectedAuthorityDocumentDoesNotCount) {
  CaseRecord r = RepresentativeRequest(Relationship::kSolicitor);
  r.evidence.push_back(Authority(DocumentType::kSignedConsent, D(2025, 6, 4)));
  r.evidence.back().accepted = false;
  EXPECT_FALSE(EvaluateChecks(r).authority_verified);
}

TEST(Authority, ParentOfAnEightYearOldWithPrEvidenceIsFine) {
  CaseChecks c = EvaluateChecks(ParentRequest(D(2017, 1, 10)));
  EXPECT_EQ(c.subject_age, 8);
  EXPECT_TRUE(c.subject_is_child);
  EXPECT_TRUE(c.authority_verified);
  EXPECT_EQ(c.child_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Authority, ParentWithoutPrEvidenceIsBlocked) {
  CaseRecord r = ParentRequest(D(2017, 1, 10));
  r.evidence.pop_back();
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.authority_verified);
  EXPECT_TRUE(Contains(c.authority_missing, "Person with parental responsibility")) << c.authority_missing;
}

TEST(Authority, ParentalResponsibilityNeedsItsBasis) {
  CaseRecord r = ParentRequest(D(2017, 1, 10));
  r.requester.pr_basis = PrBasis::kNone;
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.authority_verified);
  EXPECT_TRUE(Contains(c.authority_missing, "basis of parental responsibility")) << c.authority_missing;
}

TEST(Authority, ParentalResponsibilityForAnAdultSubjectIsBlocked) {
  CaseRecord r = ParentRequest(D(2000, 1, 10));
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.subject_is_child);
  EXPECT_FALSE(c.authority_verified);
  EXPECT_TRUE(Contains(c.authority_missing, "adult")) << c.authority_missing;
  EXPECT_TRUE(Contains(c.authority_missing, "ends at 18")) << c.authority_missing;
  EXPECT_TRUE(Contains(AllBlockers(c), "authority not verified")) << AllBlockers(c);
}

TEST(Authority, ParentalResponsibilityEndsOnTheEighteenthBirthday) {
  // 18 on the day of receipt: an adult.
  EXPECT_FALSE(EvaluateChecks(ParentRequest(D(2007, 6, 2))).authority_verified);
  // 18 the day after receipt: still a child.
  EXPECT_TRUE(EvaluateChecks(ParentRequest(D(2007, 6, 3))).subject_is_child);
}

// ------------------------------------------------------------ children

TEST(Children, ParentOfAThirteenYearOldWithoutCompetenceAssessmentIsBlocked) {
  CaseChecks c = EvaluateChecks(ParentRequest(D(2012, 1, 10)));
  EXPECT_EQ(c.subject_age, 13);
  EXPECT_TRUE(c.authority_verified);
  EXPECT_TRUE(Contains(c.child_issue, "12 or over")) << c.child_issue;
  EXPECT_TRUE(Contains(c.child_issue, "assess their competence")) << c.child_issue;
  EXPECT_TRUE(Contains(AllBlockers(c), "assess their competence")) << AllBlockers(c);
}

TEST(Children, ParentOfATwelveYearOldAlsoNeedsTheAssessment) {
  CaseChecks c = EvaluateChecks(ParentRequest(D(2013, 6, 2)));  // 12 on the day of receipt
  EXPECT_EQ(c.subject_age, 12);
  EXPECT_FALSE(c.child_issue.empty());
}

TEST(Children, CompetentChildConsentingToTheParentIsFine) {
  CaseRecord r = ParentRequest(D(2012, 1, 10));
  r.competence = Assessment(true, true);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.child_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Children, CompetentChildRefusingIsBlocked) {
  CaseRecord r = ParentRequest(D(2012, 1, 10));
  r.competence = Assessment(true, false);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(Contains(c.child_issue, "refused consent")) << c.child_issue;
  EXPECT_TRUE(Contains(AllBlockers(c), "refused consent")) << AllBlockers(c);
}

TEST(Children, CompetentChildWhoseConsentIsNotRecordedIsBlocked) {
  CaseRecord r = ParentRequest(D(2012, 1, 10));
  r.competence = Assessment(true);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(Contains(c.child_issue, "consent to the parent's request is not recorded")) << c.child_issue;
}

TEST(Children, ChildAssessedAsNotCompetentLeavesTheParentToAct) {
  CaseRecord r = ParentRequest(D(2012, 1, 10));
  r.competence = Assessment(false);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.child_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Children, ChildUnderTwelveAskingForThemselvesNeedsACompetenceAssessment) {
  CaseRecord r = SelfRequest();
  r.subject.dob = D(2015, 1, 10);  // 10
  AddIdentity(r, EvidenceParty::kSubject);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.subject_age, 10);
  EXPECT_TRUE(Contains(c.child_issue, "under 12")) << c.child_issue;
  EXPECT_TRUE(Contains(AllBlockers(c), "competence assessment")) << AllBlockers(c);
}

TEST(Children, ChildUnderTwelveFoundCompetentMayAskForThemselves) {
  CaseRecord r = SelfRequest();
  r.subject.dob = D(2015, 1, 10);
  AddIdentity(r, EvidenceParty::kSubject);
  r.competence = Assessment(true);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.child_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Children, ChildOfTwelveAskingForThemselvesIsPresumedCompetent) {
  CaseRecord r = SelfRequest();
  r.subject.dob = D(2013, 6, 2);
  AddIdentity(r, EvidenceParty::kSubject);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.subject_age, 12);
  EXPECT_EQ(c.child_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Children, ChildFoundNotCompetentCannotAskForThemselves) {
  CaseRecord r = SelfRequest();
  r.subject.dob = D(2011, 1, 10);  // 14
  AddIdentity(r, EvidenceParty::kSubject);
  r.competence = Assessment(false);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(Contains(c.child_issue, "not able to make the request")) << c.child_issue;
}

TEST(Children, AgeIsTakenOnTheDayOfReceipt) {
  CaseRecord r = SelfRequest();
  r.subject.dob = D(2013, 6, 3);  // turns 12 the day after receipt
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.subject_age, 11);
  EXPECT_TRUE(Contains(c.child_issue, "under 12")) << c.child_issue;
}

TEST(Children, UnknownDateOfBirthGivesNoAge) {
  CaseRecord r = SelfRequest();
  r.subject.dob.reset();
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.subject_age.has_value());
  EXPECT_FALSE(c.subject_is_child);
}

// ------------------------------------------------------------ deceased, fee

TEST(Deceased, SarForADeceasedSubjectIsBlocked) {
  CaseRecord r = RepresentativeRequest(Relationship::kOther);
  r.evidence.push_back(Authority(DocumentType::kCourtOrder, D(2025, 6, 3)));
  r.subject.deceased = true;
  r.subject.date_of_death = D(2024, 11, 1);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(Contains(c.deceased_issue, "has died")) << c.deceased_issue;
  EXPECT_TRUE(Contains(c.deceased_issue, "living people")) << c.deceased_issue;
  ASSERT_EQ(c.blockers.size(), 1u) << AllBlockers(c);
  EXPECT_EQ(c.blockers[0], c.deceased_issue);
}

TEST(Deceased, LawEnforcementAccessForADeceasedSubjectIsBlocked) {
  CaseRecord r = SelfRequest();
  r.route = Route::kLawEnforcement;
  r.subject.deceased = true;
  EXPECT_FALSE(EvaluateChecks(r).deceased_issue.empty());
}

TEST(Deceased, FoiRequestAboutADeceasedPersonIsNotBlocked) {
  CaseRecord r = RepresentativeRequest(Relationship::kOther);
  r.evidence.push_back(Authority(DocumentType::kCourtOrder, D(2025, 6, 3)));
  r.subject.deceased = true;
  r.route = Route::kFoi;
  CaseChecks c = EvaluateChecks(r);
  EXPECT_EQ(c.deceased_issue, "");
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Fee, RequiredAndNotReceivedBlocks) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.fee.required = true;
  r.fee.amount_pence = 1000;
  r.fee.requested_on = D(2025, 6, 3);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_TRUE(c.fee_outstanding);
  ASSERT_EQ(c.blockers.size(), 1u) << AllBlockers(c);
  EXPECT_TRUE(Contains(c.blockers[0], "fee")) << c.blockers[0];
}

TEST(Fee, ReceivedFeeDoesNotBlock) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.fee.required = true;
  r.fee.received_on = D(2025, 6, 5);
  CaseChecks c = EvaluateChecks(r);
  EXPECT_FALSE(c.fee_outstanding);
  EXPECT_TRUE(c.blockers.empty()) << AllBlockers(c);
}

TEST(Checks, EveryProblemIsListedAsABlocker) {
  CaseRecord r = ParentRequest(D(2012, 1, 10));
  r.evidence.clear();
  r.subject.deceased = true;
  r.fee.required = true;
  CaseChecks c = EvaluateChecks(r);
  // identity, authority, child, deceased, fee
  EXPECT_EQ(c.blockers.size(), 5u) << AllBlockers(c);
}

}  // namespace
}  // namespace sardesk::casework

namespace sardesk::casework {
namespace {

TEST(VerbatimRequest, TelephoneRequestWithoutVerbatimRecordIsBlocked) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.channel = Channel::kTelephone;
  CaseChecks c = EvaluateChecks(r);
  EXPECT_NE(AllBlockers(c).find("verbatim"), std::string::npos) << AllBlockers(c);
}

TEST(VerbatimRequest, InPersonRequestNeedsConfirmation) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.channel = Channel::kInPerson;
  r.verbatim_request = "I want my care file";
  EXPECT_NE(AllBlockers(EvaluateChecks(r)).find("confirm the recorded request"), std::string::npos);
  r.verbatim_confirmed_on = r.received;
  EXPECT_TRUE(EvaluateChecks(r).blockers.empty()) << AllBlockers(EvaluateChecks(r));
}

TEST(VerbatimRequest, WrittenRequestsNeedNoVerbatimRecord) {
  CaseRecord r = SelfRequest();
  AddIdentity(r, EvidenceParty::kSubject);
  r.channel = Channel::kLetter;
  EXPECT_TRUE(EvaluateChecks(r).blockers.empty()) << AllBlockers(EvaluateChecks(r));
}

}  // namespace
}  // namespace sardesk::casework
