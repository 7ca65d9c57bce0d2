#include "case/checks.h"

#include <algorithm>

namespace sardesk::casework {

EvidenceParty IdentityParty(const CaseRecord& r) {
  return r.requester.relationship == Relationship::kSelf ? EvidenceParty::kSubject
                                                          : EvidenceParty::kRequester;
}

std::string EvidenceRejectionReason(const Evidence& e, const CaseRecord& r) {
  if (!DocumentServes(e.type, e.purpose))
    return std::string(Label(e.type)) + " is not accepted as " +
           std::string(Label(e.purpose)) + " (seed 004 Appendix One)";
  if (e.document_date && *e.document_date > e.seen_on)
    return "the document is dated after the day it was seen: check the dates";
  if (e.purpose == EvidencePurpose::kProofOfAddress) {
    if (!e.document_date) return "a proof of address needs its document date to check it is recent";
    Date limit = e.seen_on.AddMonthsClamped(-3);
    if (*e.document_date < limit)
      return "proof of address dated " + e.document_date->ToString() +
             " is older than three months on " + e.seen_on.ToString() +
             ": ask for one dated on or after " + limit.ToString();
  }
  if (e.purpose != EvidencePurpose::kAuthority && e.party != IdentityParty(r))
    return std::string("identity evidence must be for the ") +
           (IdentityParty(r) == EvidenceParty::kSubject ? "data subject" : "requester") +
           ", who is the person asking";
  return "";
}

namespace {

// Evidence counts only when it was accepted and still meets the rules today:
// right purpose, right party and, for an address, recent enough. A stale bill
// or a passport offered as proof of address never counts, whatever the flag.
bool Usable(const Evidence& e, const CaseRecord& r) {
  return e.accepted && EvidenceRejectionReason(e, r).empty();
}

// The day the first usable evidence of `purpose` was seen (the earliest proof suffices).
std::optional<Date> EarliestUsable(const CaseRecord& r, EvidenceParty party, EvidencePurpose purpose,
                                   const std::vector<DocumentType>& types = {}) {
  std::optional<Date> best;
  for (const Evidence& e : r.evidence) {
    if (e.purpose != purpose || !Usable(e, r)) continue;
    if (purpose != EvidencePurpose::kAuthority && e.party != party) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), e.type) == types.end()) continue;
    if (!best || e.seen_on < *best) best = e.seen_on;
  }
  return best;
}

// Identity needs two documents (seed 002 8.3): a photo ID and a different
// document proving the address (seed 004 Appendix One: a driving licence
// proves the address only "if not used for evidence of name"). Returns the
// day the first such pair was complete.
struct IdentityEvidence {
  bool photo = false;
  bool address = false;
  std::optional<Date> complete_on;
};
IdentityEvidence FindIdentity(const CaseRecord& r, EvidenceParty party) {
  IdentityEvidence out;
  for (const Evidence& p : r.evidence) {
    if (p.purpose != EvidencePurpose::kPhotoId || p.party != party || !Usable(p, r)) continue;
    out.photo = true;
    for (const Evidence& a : r.evidence) {
      if (a.purpose != EvidencePurpose::kProofOfAddress || a.party != party || !Usable(a, r)) continue;
      out.address = true;
      if (a.type == p.type) continue;  // one document cannot prove both
      Date when = std::max(p.seen_on, a.seen_on);
      if (!out.complete_on || when < *out.complete_on) out.complete_on = when;
    }
  }
  if (!out.address)
    for (const Evidence& a : r.evidence)
      if (a.purpose == EvidencePurpose::kProofOfAddress && a.party == party && Usable(a, r)) out.address = true;
  return out;
}

std::vector<DocumentType> AuthorityTypes(Relationship rel) {
  using D = DocumentType;
  switch (rel) {
    case Relationship::kParentalResponsibility:
      return {D::kParentalResponsibilityEvidence, D::kBirthCertificate, D::kAdoptionCertificate, D::kCourtOrder};
    case Relationship::kSolicitor:
    case Relationship::kAgent:
      return {D::kSignedConsent};
    case Relationship::kAttorney:
      return {D::kPowerOfAttorney};
    case Relationship::kDeputy:
      return {D::kDeputyshipOrder};
    case Relationship::kOther:
      return {D::kSignedConsent, D::kCourtOrder};
    case Relationship::kSelf:
      return {};
  }
  return {};
}

}  // namespace

CaseChecks EvaluateChecks(const CaseRecord& r) {
  CaseChecks c;
  // Identity.
  if (!r.identity_required) {
    c.identity_verified = true;
    c.identity_verified_on = r.received;
    if (r.identity_waiver_reason.empty())
      c.blockers.push_back("record why identity evidence is not needed, or require it");
  } else {
    EvidenceParty party = IdentityParty(r);
    IdentityEvidence id = FindIdentity(r, party);
    if (id.complete_on) {
      c.identity_verified = true;
      c.identity_verified_on = id.complete_on;
    } else {
      std::string who = party == EvidenceParty::kSubject ? "the data subject" : "the requester";
      if (!id.photo && !id.address) c.identity_missing = "photographic ID and a proof of address for " + who;
      else if (!id.photo) c.identity_missing = "photographic ID for " + who;
      else if (!id.address) c.identity_missing = "a proof of address (no older than three months) for " + who;
      else c.identity_missing = "a second document proving the address of " + who +
                                ": one document cannot prove both name and address";
      c.blockers.push_back("identity not verified: needs " + c.identity_missing);
    }
  }

  // Age of the subject on the day of receipt.
  if (r.subject.dob) {
    c.subject_age = r.subject.dob->YearsUntil(r.received);
    c.subject_is_child = *c.subject_age < 18;
  }

  // Authority to act for someone else.
  Relationship rel = r.requester.relationship;
  c.authority_required = rel != Relationship::kSelf;
  if (c.authority_required) {
    auto when = EarliestUsable(r, EvidenceParty::kRequester, EvidencePurpose::kAuthority, AuthorityTypes(rel));
    if (rel == Relationship::kParentalResponsibility && r.requester.pr_basis == PrBasis::kNone) {
      c.authority_missing = "the basis of parental responsibility (seed 002 appendix)";
    } else if (rel == Relationship::kParentalResponsibility && c.subject_age && *c.subject_age >= 18) {
      c.authority_missing = "the subject was an adult when the request was made: parental "
                            "responsibility ends at 18, so a signed consent or other authority is needed";
    } else if (!when) {
      c.authority_missing = "evidence of authority for a " + std::string(Label(rel));
    } else {
      c.authority_verified = true;
      c.authority_verified_on = when;
    }
    if (!c.authority_verified) c.blockers.push_back("authority not verified: needs " + c.authority_missing);
  }

  // Children (seed 002 4.2, seed 001): competence from about 12.
  if (c.subject_is_child) {
    const auto& comp = r.competence;
    int age = *c.subject_age;
    if (rel == Relationship::kSelf) {
      if (age < kAgePresumedCompetent && !(comp && comp->competent))
        c.child_issue = "the child is under 12: record a competence assessment finding them "
                        "able to understand their rights before responding to them directly";
      else if (comp && !comp->competent)
        c.child_issue = "the competence assessment found the child not able to make the "
                        "request; a person with parental responsibility may act for them";
    } else if (rel == Relationship::kParentalResponsibility) {
      if (age >= kAgePresumedCompetent && !comp)
        c.child_issue = "the child is 12 or over: assess their competence and, if competent, "
                        "seek their consent to the parent's request";
      else if (comp && comp->competent && comp->child_consents != true)
        c.child_issue = comp->child_consents == false
                            ? "the competent child has refused consent to the parent's request"
                            : "the competent child's consent to the parent's request is not recorded";
    }
    if (!c.child_issue.empty()) c.blockers.push_back(c.child_issue);
  }

  // Requests made by telephone or in person are recorded verbatim and the
  // record confirmed with the requester (seed 004; equality duties).
  if (r.channel == Channel::kTelephone || r.channel == Channel::kInPerson) {
    if (r.verbatim_request.find_first_not_of(" \t\r\n") == std::string::npos)
      c.blockers.push_back("record the request verbatim as the requester said it");
    else if (!r.verbatim_confirmed_on)
      c.blockers.push_back("confirm the recorded request with the requester and note the date");
  }

  // Deceased subjects: not a SAR (seed 002 section 7).
  if (r.subject.deceased && (r.route == Route::kSar || r.route == Route::kLawEnforcement)) {
    c.deceased_issue = "the data subject has died: the right of access covers living people "
                       "only; change the route (FOI or other disclosure) or close the request "
                       "as handled under another route";
    c.blockers.push_back(c.deceased_issue);
  }

  // Fee (only for manifestly unfounded or excessive requests, or extra copies).
  if (r.fee.required && !r.fee.received_on) {
    c.fee_outstanding = true;
    c.blockers.push_back("the fee requested has not been received");
  }
  return c;
}

}  // namespace sardesk::casework
