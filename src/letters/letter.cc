#include "letters/letter.h"

#include <algorithm>
#include <array>

namespace sardesk::letters {

namespace {

constexpr char kIcoContact[] =
    "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF. "
    "Telephone 0303 123 1113. Website ico.org.uk/make-a-complaint";

constexpr char kRightsNotice[] =
    "You have the right to complain to the Information Commissioner's Office (ICO), Wycliffe "
    "House, Water Lane, Wilmslow SK9 5AF, telephone 0303 123 1113, ico.org.uk/make-a-complaint, "
    "and the right to seek to enforce your right of access through a judicial remedy (the "
    "courts).";

const std::vector<KindInfo>& Kinds() {
  static const std::vector<KindInfo> kKinds = {
      {LetterKind::kAcknowledgement, "acknowledgement", "Acknowledgement with the date we will respond by", "", ""},
      {LetterKind::kIdRequest, "id_request", "Request for proof of identity or authority to act",
       "transition (to id_requested, when the request is just received)", "documents_needed (optional: what to send)"},
      {LetterKind::kClarification, "clarification", "Request for clarification (the clock pauses)", "clarify",
       "question (required)"},
      {LetterKind::kExtension, "extension", "Extension notice with reasons (only within the first month)", "extend",
       "months (1 or 2), reasons (required)"},
      {LetterKind::kRefusal, "refusal",
       "Refusal: manifestly unfounded or excessive, with the right to complain to the ICO and to the courts", "refuse",
       "ground (refused_manifestly_unfounded or refused_excessive), reasons, fee_offered"},
      {LetterKind::kNoDataHeld, "no_data_held", "No data held (closes the request)", "transition",
       "searches (optional: the searches made)"},
      {LetterKind::kReleaseCover, "release_cover", "Covering letter of the release", "",
       "details (optional: what is enclosed and how it is sent)"},
      {LetterKind::kComplaintAck, "complaint_ack", "Acknowledgement of a complaint or internal review", "",
       "complaint (its number; default the latest)"},
      {LetterKind::kComplaintOutcome, "complaint_outcome", "Outcome of a complaint or internal review",
       "complaint-update", "complaint (its number; default the latest), outcome (when not yet recorded)"},
  };
  return kKinds;
}

std::vector<FieldInfo> BuildFields() {
  return {
      {"council_name", "the council's name (settings: organisation)"},
      {"council_address", "the council's postal address (letter settings)"},
      {"council_phone", "the council's telephone number for requests (letter settings)"},
      {"council_email", "the council's email address for requests (letter settings)"},
      {"council_website", "the council's website (letter settings)"},
      {"letter_date", "the date of the letter"},
      {"reference", "the request's reference"},
      {"requester_name", "the name of the person we are writing to"},
      {"requester_address", "their postal address"},
      {"requester_email", "their email address"},
      {"data_subject_name", "the name of the person the information is about"},
      {"data_subject_dob", "their date of birth"},
      {"acting_for", "the data subject's name when someone asks on their behalf"},
      {"received_date", "the date the request was received"},
      {"information_requested", "what was asked for, in the requester's words"},
      {"clock_start_date", "the date the time limit started"},
      {"waiting_for", "what we need before the time limit starts (identity, authority, fee, clarification)"},
      {"due_date", "the date we will respond by"},
      {"first_month_end", "the end of the first month (the last day an extension can be notified)"},
      {"officer_name", "the name of the officer dealing with the request"},
      {"officer_email", "the officer's email address"},
      {"documents_needed", "the identity or authority documents we need"},
      {"clarification_question", "what we need the requester to clarify"},
      {"extension_months", "how many more months (in words)"},
      {"extension_reasons", "why the request is complex or numerous"},
      {"new_due_date", "the due date once extended"},
      {"refusal_ground", "the ground of refusal (manifestly unfounded or manifestly excessive)"},
      {"refusal_reasons", "why the request is refused"},
      {"fee_offered", "set when a reasonable fee was offered instead of refusing"},
      {"rights_notice", "the right to complain to the ICO and to seek a judicial remedy"},
      {"ico_contact", "the ICO's address, telephone and website"},
      {"searches_made", "the searches made (no data held)"},
      {"release_details", "what is enclosed and how it is sent"},
      {"release_format", "the format the requester asked for"},
      {"release_delivery", "how the information is delivered"},
      {"complaint_kind", "complaint or internal review"},
      {"complaint_received_date", "when the complaint was received"},
      {"complaint_summary", "what the complaint is about"},
      {"complaint_due_date", "when we will reply to the complaint"},
      {"complaint_outcome", "the outcome of the complaint"},
  };
}

std::string Trimmed(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = Trimmed(text.substr(start, end - start));
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

bool RequesterIsSubject(const casework::CaseRecord& r) {
  return r.requester.relationship == casework::Relationship::kSelf || Trimmed(r.requester.name).empty();
}

std::string RecipientName(const casework::CaseRecord& r) {
  return RequesterIsSubject(r) ? r.subject.name : r.requester.name;
}

std::vector<std::string> RecipientAddress(const casework::CaseRecord& r) {
  if (!Trimmed(r.requester.address).empty()) return Lines(r.requester.address);
  if (RequesterIsSubject(r) && !r.subject.addresses.empty()) {
    const auto& a = r.subject.addresses.front();
    std::vector<std::string> lines = Lines(a.lines);
    if (!Trimmed(a.postcode).empty()) lines.push_back(Trimmed(a.postcode));
    return lines;
  }
  return {};
}

std::string Join(const std::vector<std::string>& lines, const char* sep) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : sep) + l;
  return out;
}

const casework::Complaint* FindComplaint(const casework::CaseRecord& r, std::int64_t id) {
  if (r.complaints.empty()) return nullptr;
  if (id == 0) return &r.complaints.back();
  for (const auto& c : r.complaints)
    if (c.id == id) return &c;
  return nullptr;
}

std::string Months(int n) { return n == 1 ? "one month" : n == 2 ? "two months" : ""; }

std::string OptDate(const std::optional<Date>& d) { return d ? UkLongDate(*d) : ""; }

}  // namespace

const std::vector<KindInfo>& LetterKinds() { return Kinds(); }

const KindInfo& Info(LetterKind kind) {
  for (const auto& k : Kinds())
    if (k.kind == kind) return k;
  return Kinds().front();
}

std::string_view ToWire(LetterKind kind) { return Info(kind).wire; }

Result<LetterKind> ParseLetterKind(std::string_view wire) {
  for (const auto& k : Kinds())
    if (k.wire == wire) return k.kind;
  std::string all;
  for (const auto& k : Kinds()) all += (all.empty() ? "" : ", ") + std::string(k.wire);
  return Status::Invalid("kind: \"" + std::string(wire.substr(0, 40)) + "\" is not a letter; use one of " + all);
}

const std::vector<FieldInfo>& LetterFields() {
  static const std::vector<FieldInfo> kFields = BuildFields();
  return kFields;
}

const std::set<std::string>& FieldNames() {
  static const std::set<std::string> kNames = [] {
    std::set<std::string> s;
    for (const auto& f : LetterFields()) s.insert(f.name);
    return s;
  }();
  return kNames;
}

Status CheckLetterTemplate(const LetterTemplate& t) {
  if (Trimmed(t.subject).empty()) return Status::Invalid("subject: a letter needs a subject line");
  if (t.subject.find('\n') != std::string::npos || t.subject.find('\r') != std::string::npos)
    return Status::Invalid("subject: one line only");
  if (t.subject.size() > 300) return Status::Invalid("subject: at most 300 characters");
  if (Trimmed(t.body).empty()) return Status::Invalid("body: a letter needs a body");
  SARDESK_RETURN_IF_ERROR(CheckTemplate(t.subject, FieldNames(), "subject"));
  return CheckTemplate(t.body, FieldNames(), "body");
}

LetterTemplate LetterSettings::TemplateFor(LetterKind kind) const {
  auto it = edited.find(kind);
  return it == edited.end() ? DefaultTemplate(kind) : it->second;
}

std::string UkLongDate(Date d) {
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                          "July",    "August",   "September", "October", "November", "December"};
  return std::to_string(d.day()) + " " + kMonths.at(d.month() - 1) + " " + std::to_string(d.year());
}

std::string ComposedLetter::FullText() const {
  std::string out;
  for (const auto& l : letterhead) out += l + "\n";
  out += "\n" + date + "\n\n";
  out += recipient_name + "\n";
  for (const auto& l : recipient_address) out += l + "\n";
  out += "\nOur reference: " + reference + "\n\n";
  out += subject + "\n\n";
  out += body;
  if (!out.empty() && out.back() != '\n') out += "\n";
  return out;
}

Status CheckSendable(LetterKind kind, const LetterFacts& f) {
  if (!f.record) return Status::Internal("no request given");
  const casework::CaseRecord& r = *f.record;
  const LetterInputs& in = f.inputs;
  switch (kind) {
    case LetterKind::kAcknowledgement:
    case LetterKind::kIdRequest:
    case LetterKind::kReleaseCover:
    case LetterKind::kNoDataHeld:
      return Status::Ok();
    case LetterKind::kClarification:
      if (Trimmed(in.question).empty()) return Status::Invalid("question: say what the requester needs to clarify");
      return Status::Ok();
    case LetterKind::kExtension:
      if (in.months != 1 && in.months != 2) return Status::Invalid("months: an extension is 1 or 2 months");
      if (Trimmed(in.reasons).empty())
        return Status::Invalid("reasons: explain why the request is complex or numerous");
      if (!f.clock.started)
        return Status::Refused("an extension cannot be notified before the time limit starts (waiting for " +
                               f.clock.waiting_for + ")");
      if (!f.clock.unextended_due)
        return Status::Refused("only a subject access request can be extended by months");
      if (!clock::ExtensionAllowedOn(f.clock, f.today))
        return Status::Refused("an extension must be notified within the first month; that month ended on " +
                               UkLongDate(*f.clock.unextended_due) + ", so the request must be answered by " +
                               OptDate(f.clock.due));
      return Status::Ok();
    case LetterKind::kRefusal:
      if (in.ground != casework::Outcome::kRefusedManifestlyUnfounded &&
          in.ground != casework::Outcome::kRefusedExcessive)
        return Status::Invalid("ground: refused_manifestly_unfounded or refused_excessive");
      if (Trimmed(in.reasons).size() < 20)
        return Status::Invalid("reasons: explain the decision in a sentence or more; the ICO may ask for it");
      return Status::Ok();
    case LetterKind::kComplaintAck:
    case LetterKind::kComplaintOutcome: {
      const casework::Complaint* c = FindComplaint(r, in.complaint);
      if (!c)
        return in.complaint == 0 ? Status::Refused("record the complaint on the request first")
                                 : Status::NotFound("no complaint " + std::to_string(in.complaint) + " on " + r.reference);
      if (kind == LetterKind::kComplaintOutcome && Trimmed(c->outcome).empty() && Trimmed(in.outcome).empty())
        return Status::Invalid("outcome: say what the outcome of the complaint is");
      return Status::Ok();
    }
  }
  return Status::Ok();
}

FieldValues FieldValuesFor(LetterKind kind, const LetterFacts& f) {
  FieldValues v;
  if (!f.record) return v;
  const casework::CaseRecord& r = *f.record;
  const LetterInputs& in = f.inputs;
  v["council_name"] = f.council_name;
  v["council_address"] = Join(Lines(f.letterhead.address), ", ");
  v["council_phone"] = Trimmed(f.letterhead.phone);
  v["council_email"] = Trimmed(f.letterhead.email);
  v["council_website"] = Trimmed(f.letterhead.website);
  v["letter_date"] = UkLongDate(f.today);
  v["reference"] = r.reference;
  v["requester_name"] = Trimmed(RecipientName(r));
  v["requester_address"] = Join(RecipientAddress(r), ", ");
  v["requester_email"] = Trimmed(r.requester.email);
  v["data_subject_name"] = Trimmed(r.subject.name);
  v["data_subject_dob"] = OptDate(r.subject.dob);
  v["acting_for"] = RequesterIsSubject(r) ? "" : Trimmed(r.subject.name);
  v["received_date"] = UkLongDate(r.received);
  v["information_requested"] = Trimmed(r.scope.information_requested);
  v["clock_start_date"] = OptDate(f.clock.start);
  v["waiting_for"] = f.clock.started ? "" : f.clock.waiting_for;
  v["due_date"] = OptDate(f.clock.due);
  v["first_month_end"] = OptDate(f.clock.unextended_due);
  v["officer_name"] = Trimmed(f.officer_name);
  v["officer_email"] = Trimmed(f.officer_email);
  v["documents_needed"] = Trimmed(in.documents_needed);
  if (kind == LetterKind::kIdRequest && v["documents_needed"].empty())
    v["documents_needed"] =
        "- one document with your photograph, such as a current passport or photocard driving licence\n"
        "- one document that shows your current address and is no more than 3 months old, such as a "
        "utility bill, council tax bill or bank statement";
  std::string question = Trimmed(in.question);
  if (question.empty() && kind == LetterKind::kClarification && !r.clarifications.empty())
    question = r.clarifications.back().question;
  v["clarification_question"] = question;
  int months = in.months ? in.months : (r.extension ? r.extension->months : 0);
  v["extension_months"] = Months(months);
  std::string reasons = Trimmed(in.reasons);
  if (reasons.empty() && kind == LetterKind::kExtension && r.extension) reasons = r.extension->reasons;
  if (reasons.empty() && kind == LetterKind::kRefusal && r.refusal) reasons = r.refusal->reasons;
  v["extension_reasons"] = kind == LetterKind::kExtension ? reasons : "";
  v["refusal_reasons"] = kind == LetterKind::kRefusal ? reasons : "";
  v["new_due_date"] = in.new_due ? UkLongDate(*in.new_due) : (r.extension ? OptDate(f.clock.due) : "");
  casework::Outcome ground = in.ground != casework::Outcome::kNone ? in.ground
                             : r.refusal                           ? r.refusal->ground
                                                                   : casework::Outcome::kNone;
  v["refusal_ground"] = ground == casework::Outcome::kRefusedManifestlyUnfounded ? "manifestly unfounded"
                        : ground == casework::Outcome::kRefusedExcessive         ? "manifestly excessive"
                                                                                 : "";
  v["fee_offered"] = (in.fee_offered || (r.refusal && r.refusal->fee_offered)) ? "yes" : "";
  v["rights_notice"] = kRightsNotice;
  v["ico_contact"] = kIcoContact;
  v["searches_made"] = Trimmed(in.searches);
  if (kind == LetterKind::kNoDataHeld && v["searches_made"].empty()) {
    std::vector<std::string> areas;
    for (const auto& t : r.search_tasks)
      if (t.status != casework::SearchStatus::kCancelled) areas.push_back(t.service_area_name);
    if (!areas.empty()) v["searches_made"] = "We asked these services to search their systems and paper files: " +
                                             Join(areas, ", ") + ".";
  }
  v["release_details"] = Trimmed(in.details);
  if (v["release_details"].empty() && r.release) v["release_details"] = Trimmed(r.release->details);
  v["release_format"] = std::string(casework::Label(r.format));
  v["release_delivery"] = std::string(casework::Label(r.release ? r.release->delivery : r.delivery));
  if (const casework::Complaint* c = FindComplaint(r, in.complaint)) {
    v["complaint_kind"] = c->kind == casework::ComplaintKind::kInternalReview ? "request for an internal review"
                          : c->kind == casework::ComplaintKind::kIco          ? "complaint to the ICO"
                                                                              : "complaint";
    v["complaint_received_date"] = UkLongDate(c->received_on);
    v["complaint_summary"] = Trimmed(c->summary);
    v["complaint_due_date"] = OptDate(c->due);
    v["complaint_outcome"] = Trimmed(in.outcome).empty() ? Trimmed(c->outcome) : Trimmed(in.outcome);
  }
  return v;
}

Result<ComposedLetter> Compose(LetterKind kind, const LetterTemplate& t, const LetterFacts& f) {
  SARDESK_RETURN_IF_ERROR(CheckSendable(kind, f));
  FieldValues values = FieldValuesFor(kind, f);
  std::vector<std::string> missing_subject, missing_body;
  auto subject = RenderTemplate(t.subject, values, &missing_subject);
  auto body = RenderTemplate(t.body, values, &missing_body);
  std::vector<std::string> missing = missing_subject;
  for (const auto& m : missing_body)
    if (std::find(missing.begin(), missing.end(), m) == missing.end()) missing.push_back(m);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) {
      std::string description;
      for (const auto& fi : LetterFields())
        if (fi.name == m) description = fi.description;
      list += (list.empty() ? "" : "; ") + m + (description.empty() ? "" : " (" + description + ")");
    }
    return Status::Refused("the " + std::string(ToWire(kind)) + " letter cannot be filled in: no value for " + list);
  }
  if (!subject.ok()) return subject.status();
  if (!body.ok()) return body.status();
  ComposedLetter out;
  out.kind = kind;
  out.subject = *subject;
  out.body = *body;
  out.recipient_name = values["requester_name"];
  out.recipient_address = RecipientAddress(*f.record);
  out.date = values["letter_date"];
  out.reference = f.record->reference;
  out.letterhead.push_back(f.council_name);
  for (const auto& l : Lines(f.letterhead.address)) out.letterhead.push_back(l);
  std::vector<std::string> contact;
  if (!values["council_phone"].empty()) contact.push_back("Telephone " + values["council_phone"]);
  if (!values["council_email"].empty()) contact.push_back("Email " + values["council_email"]);
  if (!contact.empty()) out.letterhead.push_back(Join(contact, "   "));
  if (!values["council_website"].empty()) out.letterhead.push_back(values["council_website"]);
  return out;
}

}  // namespace sardesk::letters
