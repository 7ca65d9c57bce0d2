// The request record: everything seed 004's log lists and seed 001's tracker
// holds. A plain value; the service layer owns persistence.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "case/enums.h"
#include "common/date.h"

namespace sardesk::casework {

struct Address {
  std::string lines;     // free text, one line per part
  std::string postcode;
  std::optional<Date> from;
  std::optional<Date> to;
};

struct Identifier {
  IdentifierKind kind = IdentifierKind::kOther;
  std::string value;
};

struct DataSubject {
  std::string name;                      // current full name
  std::vector<std::string> former_names; // maiden names, names in care
  std::vector<std::string> aliases;      // nicknames, other spellings
  std::optional<Date> dob;
  bool deceased = false;
  std::optional<Date> date_of_death;
  std::vector<Address> addresses;        // the first is the current one
  std::vector<Identifier> identifiers;
};

struct Requester {
  Relationship relationship = Relationship::kSelf;
  std::string name;            // empty when the requester is the subject
  std::string organisation;    // solicitor's firm, police force, CAFCASS...
  PrBasis pr_basis = PrBasis::kNone;
  std::string email;
  std::string phone;
  std::string address;
};

// Seed 002 4.2 / seed 001: a child from about 12 is presumed competent.
struct CompetenceAssessment {
  Date assessed_on;
  std::string assessed_by;
  bool competent = false;
  std::optional<bool> child_consents;  // to a parent's request, when competent
  std::string notes;
};

struct Evidence {
  std::int64_t id = 0;
  EvidenceParty party = EvidenceParty::kSubject;
  EvidencePurpose purpose = EvidencePurpose::kPhotoId;
  DocumentType type = DocumentType::kPassport;
  std::optional<Date> document_date;  // issue date; required for address proofs
  std::string seen_by;
  Date seen_on;
  bool accepted = true;
  std::string rejection_reason;
  std::string notes;
};

struct Scope {
  std::string information_requested;  // the requester's words, verbatim
  bool whole_file = true;
  std::vector<std::string> services;  // e.g. "Children's social care"
  std::optional<Date> date_from;
  std::optional<Date> date_to;
};

struct SupportContact {
  std::string name;
  std::string role;
  std::string contact;
};

struct Fee {
  bool required = false;
  std::int64_t amount_pence = 0;
  std::string reason;
  std::optional<Date> requested_on;
  std::optional<Date> received_on;
};

struct Clarification {
  std::int64_t id = 0;
  Date requested_on;
  std::string question;
  std::optional<Date> answered_on;
  std::string answer_summary;
};

struct Extension {
  int months = 0;  // 1 or 2
  std::string reasons;
  Date requester_told_on;
  Date recorded_on;
  std::string recorded_by;
};

struct Communication {
  std::int64_t id = 0;
  std::string at;  // ISO 8601 timestamp
  Direction direction = Direction::kOutgoing;
  CommMethod method = CommMethod::kEmail;
  std::string summary;
  std::string by;
};

struct Complaint {
  std::int64_t id = 0;
  ComplaintKind kind = ComplaintKind::kComplaint;
  Date received_on;
  std::string summary;
  std::optional<Date> due;  // internal reviews: 20 working days unless set
  std::string ico_reference;
  std::string outcome;
  std::optional<Date> closed_on;
};

struct ConflictDeclaration {
  std::string officer;
  Date declared_on;
  std::string note;
};

struct StatusChange {
  CaseStatus status = CaseStatus::kReceived;
  Date on;
  std::string by;
  std::string reason;
};

struct ExemptionUse {
  std::string code;   // from the exemption catalogue
  std::int64_t count = 0;
};

struct DisclosureWithoutConsent {
  std::string third_party;
  std::string reason;
  std::string decided_by;
  Date decided_on;
};

struct Refusal {
  Outcome ground = Outcome::kRefusedManifestlyUnfounded;
  std::string reasons;
  bool fee_offered = false;
  std::string rights_notice;  // the ICO and judicial remedy text given
  Date decided_on;
  std::string decided_by;
};

struct Release {
  Date released_on;
  Delivery delivery = Delivery::kSecureDownload;
  std::string details;  // what was supplied and how
  Format format = Format::kElectronic;  // the format supplied (seed 004's log)
};

// A request to one service area's single point of contact to search all its
// systems and paper files (seed 001 stage 2, form SAR1).
struct SearchTask {
  std::int64_t id = 0;
  std::string service_area;       // service area id
  std::string service_area_name;
  std::string contact_name;       // the single point of contact when sent
  std::string contact_email;
  Date sent_on;
  Date due;
  SearchStatus status = SearchStatus::kSent;
  std::optional<Date> reminded_on;
  std::optional<Date> escalated_on;
  std::optional<Date> answered_on;
  std::string answered_by;
  std::string note;  // the answer, or why it was cancelled
};

struct CaseRecord {
  std::string reference;  // e.g. SAR-2025-000123
  std::int64_t version = 0;

  // Receipt and route
  Date received;
  Channel channel = Channel::kEmail;
  std::string verbatim_request;  // for telephone / in person: as recorded
  std::optional<Date> verbatim_confirmed_on;
  Route route = Route::kSar;
  DisclosureBody disclosure_body = DisclosureBody::kNone;
  std::string legal_basis;  // for other disclosures: order, schedule, signed form
  std::string split_from;   // reference of the mixed request this came from
  std::vector<std::string> split_into;

  DataSubject subject;
  Requester requester;
  std::optional<CompetenceAssessment> competence;

  // Identity and authority
  bool identity_required = true;
  std::string identity_waiver_reason;  // why ID was not required
  std::vector<Evidence> evidence;
  std::optional<Date> id_requested_on;

  Scope scope;
  Format format = Format::kElectronic;
  Delivery delivery = Delivery::kSecureDownload;
  std::string reasonable_adjustments;
  std::vector<Vulnerability> vulnerabilities;
  std::vector<SupportContact> support_contacts;

  std::string assigned_officer;
  std::vector<ConflictDeclaration> conflicts;

  CaseStatus status = CaseStatus::kReceived;
  std::vector<StatusChange> history;
  Outcome outcome = Outcome::kNone;

  Fee fee;
  std::vector<Clarification> clarifications;
  std::optional<Extension> extension;
  std::vector<std::string> possible_repeat_of;  // references
  std::optional<Refusal> refusal;
  std::optional<Release> release;
  std::vector<ExemptionUse> exemptions_applied;
  std::vector<DisclosureWithoutConsent> disclosures_without_consent;
  std::vector<Communication> communications;
  std::vector<Complaint> complaints;
  std::vector<SearchTask> search_tasks;

  std::int64_t next_item_id = 1;  // ids of evidence, complaints, ...
  std::int64_t NextId() { return next_item_id++; }
};

}  // namespace sardesk::casework
