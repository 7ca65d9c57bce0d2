#include "case/case_json.h"

#include "case/json_reader.h"

namespace sardesk::casework {

using nlohmann::json;

namespace {

json Day(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }
json W(auto e) { return std::string(ToWire(e)); }

template <typename T, typename F>
json List(const std::vector<T>& items, F f) {
  json a = json::array();
  for (const auto& i : items) a.push_back(f(i));
  return a;
}

json ToJson(const Address& a) {
  return {{"lines", a.lines}, {"postcode", a.postcode}, {"from", Day(a.from)}, {"to", Day(a.to)}};
}
void ReadAddress(JsonReader& r, Address& a) {
  r.Str("lines", &a.lines, 500, true);
  r.Str("postcode", &a.postcode, 10);
  r.OptDay("from", &a.from);
  r.OptDay("to", &a.to);
}

json ToJson(const DataSubject& s) {
  return {{"name", s.name},
          {"former_names", s.former_names},
          {"aliases", s.aliases},
          {"dob", Day(s.dob)},
          {"deceased", s.deceased},
          {"date_of_death", Day(s.date_of_death)},
          {"addresses", List(s.addresses, [](const Address& a) { return ToJson(a); })},
          {"identifiers", List(s.identifiers, [](const Identifier& i) {
             return json{{"kind", W(i.kind)}, {"value", i.value}};
           })}};
}
void ReadSubject(JsonReader& r, DataSubject& s) {
  r.Str("name", &s.name, kMaxName, true);
  r.StrList("former_names", &s.former_names);
  r.StrList("aliases", &s.aliases);
  r.OptDay("dob", &s.dob);
  r.Bool("deceased", &s.deceased);
  r.OptDay("date_of_death", &s.date_of_death);
  r.ObjectList<Address>("addresses", &s.addresses, ReadAddress);
  r.ObjectList<Identifier>("identifiers", &s.identifiers, [](JsonReader& c, Identifier& i) {
    c.Enum("kind", &i.kind, true);
    c.Str("value", &i.value, 64, true);
  });
}

json ToJson(const Requester& q) {
  return {{"relationship", W(q.relationship)}, {"name", q.name}, {"organisation", q.organisation},
          {"pr_basis", W(q.pr_basis)}, {"email", q.email}, {"phone", q.phone}, {"address", q.address}};
}
void ReadRequester(JsonReader& r, Requester& q) {
  r.Enum("relationship", &q.relationship);
  r.Str("name", &q.name);
  r.Str("organisation", &q.organisation);
  r.Enum("pr_basis", &q.pr_basis);
  r.Str("email", &q.email);
  r.Str("phone", &q.phone, 40);
  r.Str("address", &q.address, 500);
}

json ToJson(const Scope& s) {
  return {{"information_requested", s.information_requested}, {"whole_file", s.whole_file},
          {"services", s.services}, {"date_from", Day(s.date_from)}, {"date_to", Day(s.date_to)}};
}
void ReadScope(JsonReader& r, Scope& s) {
  r.Text("information_requested", &s.information_requested);
  r.Bool("whole_file", &s.whole_file);
  r.StrList("services", &s.services);
  r.OptDay("date_from", &s.date_from);
  r.OptDay("date_to", &s.date_to);
}

json ToJson(const CompetenceAssessment& c) {
  return {{"assessed_on", c.assessed_on.ToString()}, {"assessed_by", c.assessed_by},
          {"competent", c.competent},
          {"child_consents", c.child_consents ? json(*c.child_consents) : json(nullptr)},
          {"notes", c.notes}};
}

}  // namespace

void ReadCompetence(JsonReader& r, CompetenceAssessment& c) {
  r.Day("assessed_on", &c.assessed_on, true);
  r.Str("assessed_by", &c.assessed_by, kMaxName, true);
  r.Bool("competent", &c.competent);
  r.OptBool("child_consents", &c.child_consents);
  r.Text("notes", &c.notes);
}

json ToJson(const Evidence& e) {
  return {{"id", e.id}, {"party", W(e.party)}, {"purpose", W(e.purpose)}, {"type", W(e.type)},
          {"document_date", Day(e.document_date)}, {"seen_by", e.seen_by},
          {"seen_on", e.seen_on.ToString()}, {"accepted", e.accepted},
          {"rejection_reason", e.rejection_reason}, {"notes", e.notes}};
}
void ReadEvidence(JsonReader& r, Evidence& e) {
  r.Int("id", &e.id, 0, INT64_MAX);
  r.Enum("party", &e.party);
  r.Enum("purpose", &e.purpose, true);
  r.Enum("type", &e.type, true);
  r.OptDay("document_date", &e.document_date);
  r.Str("seen_by", &e.seen_by);
  r.Day("seen_on", &e.seen_on);
  r.Bool("accepted", &e.accepted);
  r.Str("rejection_reason", &e.rejection_reason, 1000);
  r.Text("notes", &e.notes);
}

json ToJson(const Communication& c) {
  return {{"id", c.id}, {"at", c.at}, {"direction", W(c.direction)}, {"method", W(c.method)},
          {"summary", c.summary}, {"by", c.by}};
}
void ReadCommunication(JsonReader& r, Communication& c) {
  r.Int("id", &c.id, 0, INT64_MAX);
  r.Str("at", &c.at, 40);
  r.Enum("direction", &c.direction);
  r.Enum("method", &c.method, true);
  r.Text("summary", &c.summary, true);
  r.Str("by", &c.by);
}

json ToJson(const Complaint& c) {
  return {{"id", c.id}, {"kind", W(c.kind)}, {"received_on", c.received_on.ToString()},
          {"summary", c.summary}, {"due", Day(c.due)}, {"ico_reference", c.ico_reference},
          {"outcome", c.outcome}, {"closed_on", Day(c.closed_on)}};
}
void ReadComplaint(JsonReader& r, Complaint& c) {
  r.Int("id", &c.id, 0, INT64_MAX);
  r.Enum("kind", &c.kind);
  r.Day("received_on", &c.received_on, true);
  r.Text("summary", &c.summary, true);
  r.OptDay("due", &c.due);
  r.Str("ico_reference", &c.ico_reference, 64);
  r.Text("outcome", &c.outcome);
  r.OptDay("closed_on", &c.closed_on);
}

namespace {

const std::vector<std::string> kEditable = {
    "received", "channel", "verbatim_request", "verbatim_confirmed_on", "route",
    "disclosure_body", "legal_basis", "subject", "requester", "scope", "format", "delivery",
    "reasonable_adjustments", "vulnerabilities", "support_contacts", "identity_required",
    "identity_waiver_reason"};

void ReadEditable(JsonReader& r, CaseRecord& c) {
  r.Day("received", &c.received);
  r.Enum("channel", &c.channel);
  r.Text("verbatim_request", &c.verbatim_request);
  r.OptDay("verbatim_confirmed_on", &c.verbatim_confirmed_on);
  r.Enum("route", &c.route);
  r.Enum("disclosure_body", &c.disclosure_body);
  r.Text("legal_basis", &c.legal_basis);
  r.Object<DataSubject>("subject", &c.subject, ReadSubject);
  r.Object<Requester>("requester", &c.requester, ReadRequester);
  r.Object<Scope>("scope", &c.scope, ReadScope);
  r.Enum("format", &c.format);
  r.Enum("delivery", &c.delivery);
  r.Text("reasonable_adjustments", &c.reasonable_adjustments);
  r.EnumList("vulnerabilities", &c.vulnerabilities);
  r.ObjectList<SupportContact>("support_contacts", &c.support_contacts, [](JsonReader& s, SupportContact& v) {
    s.Str("name", &v.name, kMaxName, true);
    s.Str("role", &v.role);
    s.Str("contact", &v.contact, 300);
  });
  r.Bool("identity_required", &c.identity_required);
  r.Text("identity_waiver_reason", &c.identity_waiver_reason);
}

}  // namespace

const std::vector<std::string>& EditableFieldNames() { return kEditable; }

Status ApplyEditableFields(const json& j, CaseRecord* record) {
  Status st;
  CaseRecord copy = *record;
  JsonReader r(j, "", &st);
  ReadEditable(r, copy);
  r.Finish();
  if (!st.ok()) return st;
  *record = std::move(copy);
  return Status::Ok();
}

json ToJson(const CaseRecord& c) {
  json j;
  j["reference"] = c.reference;
  j["version"] = c.version;
  j["received"] = c.received.ToString();
  j["channel"] = W(c.channel);
  j["verbatim_request"] = c.verbatim_request;
  j["verbatim_confirmed_on"] = Day(c.verbatim_confirmed_on);
  j["route"] = W(c.route);
  j["disclosure_body"] = W(c.disclosure_body);
  j["legal_basis"] = c.legal_basis;
  j["split_from"] = c.split_from;
  j["split_into"] = c.split_into;
  j["subject"] = ToJson(c.subject);
  j["requester"] = ToJson(c.requester);
  j["competence"] = c.competence ? ToJson(*c.competence) : json(nullptr);
  j["identity_required"] = c.identity_required;
  j["identity_waiver_reason"] = c.identity_waiver_reason;
  j["evidence"] = List(c.evidence, [](const Evidence& e) { return ToJson(e); });
  j["id_requested_on"] = Day(c.id_requested_on);
  j["scope"] = ToJson(c.scope);
  j["format"] = W(c.format);
  j["delivery"] = W(c.delivery);
  j["reasonable_adjustments"] = c.reasonable_adjustments;
  j["vulnerabilities"] = List(c.vulnerabilities, [](Vulnerability v) { return W(v); });
  j["support_contacts"] = List(c.support_contacts, [](const SupportContact& s) {
    return json{{"name", s.name}, {"role", s.role}, {"contact", s.contact}};
  });
  j["assigned_officer"] = c.assigned_officer;
  j["conflicts"] = List(c.conflicts, [](const ConflictDeclaration& d) {
    return json{{"officer", d.officer}, {"declared_on", d.declared_on.ToString()}, {"note", d.note}};
  });
  j["status"] = W(c.status);
  j["history"] = List(c.history, [](const StatusChange& h) {
    return json{{"status", W(h.status)}, {"on", h.on.ToString()}, {"by", h.by}, {"reason", h.reason}};
  });
  j["outcome"] = W(c.outcome);
  j["fee"] = {{"required", c.fee.required}, {"amount_pence", c.fee.amount_pence},
              {"reason", c.fee.reason}, {"requested_on", Day(c.fee.requested_on)},
              {"received_on", Day(c.fee.received_on)}};
  j["clarifications"] = List(c.clarifications, [](const Clarification& q) {
    return json{{"id", q.id}, {"requested_on", q.requested_on.ToString()}, {"question", q.question},
                {"answered_on", Day(q.answered_on)}, {"answer_summary", q.answer_summary}};
  });
  j["extension"] = c.extension
                       ? json{{"months", c.extension->months}, {"reasons", c.extension->reasons},
                              {"requester_told_on", c.extension->requester_told_on.ToString()},
                              {"recorded_on", c.extension->recorded_on.ToString()},
                              {"recorded_by", c.extension->recorded_by}}
                       : json(nullptr);
  j["possible_repeat_of"] = c.possible_repeat_of;
  j["refusal"] = c.refusal ? json{{"ground", W(c.refusal->ground)}, {"reasons", c.refusal->reasons},
                                  {"fee_offered", c.refusal->fee_offered},
                                  {"rights_notice", c.refusal->rights_notice},
                                  {"decided_on", c.refusal->decided_on.ToString()},
                                  {"decided_by", c.refusal->decided_by}}
                           : json(nullptr);
  j["release"] = c.release ? json{{"released_on", c.release->released_on.ToString()},
                                  {"delivery", W(c.release->delivery)}, {"details", c.release->details},
                                  {"format", W(c.release->format)}}
                           : json(nullptr);
  j["exemptions_applied"] = List(c.exemptions_applied, [](const ExemptionUse& e) {
    return json{{"code", e.code}, {"count", e.count}};
  });
  j["disclosures_without_consent"] = List(c.disclosures_without_consent, [](const DisclosureWithoutConsent& d) {
    return json{{"third_party", d.third_party}, {"reason", d.reason}, {"decided_by", d.decided_by},
                {"decided_on", d.decided_on.ToString()}};
  });
  j["communications"] = List(c.communications, [](const Communication& m) { return ToJson(m); });
  j["complaints"] = List(c.complaints, [](const Complaint& m) { return ToJson(m); });
  j["search_tasks"] = List(c.search_tasks, [](const SearchTask& t) {
    return json{{"id", t.id}, {"service_area", t.service_area}, {"service_area_name", t.service_area_name},
                {"contact_name", t.contact_name}, {"contact_email", t.contact_email},
                {"sent_on", t.sent_on.ToString()}, {"due", t.due.ToString()}, {"status", W(t.status)},
                {"reminded_on", Day(t.reminded_on)}, {"escalated_on", Day(t.escalated_on)},
                {"answered_on", Day(t.answered_on)}, {"answered_by", t.answered_by}, {"note", t.note}};
  });
  j["next_item_id"] = c.next_item_id;
  return j;
}

Result<CaseRecord> CaseFromJson(const json& j) {
  Status st;
  CaseRecord c;
  JsonReader r(j, "", &st);
  r.Str("reference", &c.reference, 40, true);
  r.Int("version", &c.version, 0, INT64_MAX);
  ReadEditable(r, c);
  r.Str("split_from", &c.split_from, 40);
  r.StrList("split_into", &c.split_into, 40);
  r.OptObject<CompetenceAssessment>("competence", &c.competence, ReadCompetence);
  r.ObjectList<Evidence>("evidence", &c.evidence, ReadEvidence);
  r.OptDay("id_requested_on", &c.id_requested_on);
  r.Str("assigned_officer", &c.assigned_officer);
  r.ObjectList<ConflictDeclaration>("conflicts", &c.conflicts, [](JsonReader& s, ConflictDeclaration& d) {
    s.Str("officer", &d.officer, kMaxName, true);
    s.Day("declared_on", &d.declared_on, true);
    s.Text("note", &d.note);
  });
  r.Enum("status", &c.status, true);
  r.ObjectList<StatusChange>("history", &c.history, [](JsonReader& s, StatusChange& h) {
    s.Enum("status", &h.status, true);
    s.Day("on", &h.on, true);
    s.Str("by", &h.by);
    s.Text("reason", &h.reason);
  });
  r.Enum("outcome", &c.outcome);
  r.Object<Fee>("fee", &c.fee, [](JsonReader& s, Fee& f) {
    s.Bool("required", &f.required);
    s.Int("amount_pence", &f.amount_pence, 0, 100000000);
    s.Text("reason", &f.reason);
    s.OptDay("requested_on", &f.requested_on);
    s.OptDay("received_on", &f.received_on);
  });
  r.ObjectList<Clarification>("clarifications", &c.clarifications, [](JsonReader& s, Clarification& q) {
    s.Int("id", &q.id, 0, INT64_MAX);
    s.Day("requested_on", &q.requested_on, true);
    s.Text("question", &q.question);
    s.OptDay("answered_on", &q.answered_on);
    s.Text("answer_summary", &q.answer_summary);
  });
  r.OptObject<Extension>("extension", &c.extension, [](JsonReader& s, Extension& e) {
    std::int64_t months = 0;
    s.Int("months", &months, 1, 2, true);
    e.months = static_cast<int>(months);
    s.Text("reasons", &e.reasons, true);
    s.Day("requester_told_on", &e.requester_told_on, true);
    s.Day("recorded_on", &e.recorded_on, true);
    s.Str("recorded_by", &e.recorded_by);
  });
  r.StrList("possible_repeat_of", &c.possible_repeat_of, 40);
  r.OptObject<Refusal>("refusal", &c.refusal, [](JsonReader& s, Refusal& f) {
    s.Enum("ground", &f.ground, true);
    s.Text("reasons", &f.reasons, true);
    s.Bool("fee_offered", &f.fee_offered);
    s.Text("rights_notice", &f.rights_notice);
    s.Day("decided_on", &f.decided_on, true);
    s.Str("decided_by", &f.decided_by);
  });
  r.OptObject<Release>("release", &c.release, [](JsonReader& s, Release& v) {
    s.Day("released_on", &v.released_on, true);
    s.Enum("delivery", &v.delivery);
    s.Text("details", &v.details);
    s.Enum("format", &v.format);
  });
  r.ObjectList<ExemptionUse>("exemptions_applied", &c.exemptions_applied, [](JsonReader& s, ExemptionUse& e) {
    s.Str("code", &e.code, 64, true);
    s.Int("count", &e.count, 0, INT64_MAX);
  });
  r.ObjectList<DisclosureWithoutConsent>(
      "disclosures_without_consent", &c.disclosures_without_consent,
      [](JsonReader& s, DisclosureWithoutConsent& d) {
        s.Str("third_party", &d.third_party, kMaxName, true);
        s.Text("reason", &d.reason, true);
        s.Str("decided_by", &d.decided_by);
        s.Day("decided_on", &d.decided_on, true);
      });
  r.ObjectList<Communication>("communications", &c.communications, ReadCommunication);
  r.ObjectList<Complaint>("complaints", &c.complaints, ReadComplaint);
  r.ObjectList<SearchTask>("search_tasks", &c.search_tasks, [](JsonReader& s, SearchTask& t) {
    s.Int("id", &t.id, 0, INT64_MAX);
    s.Str("service_area", &t.service_area, 64, true);
    s.Str("service_area_name", &t.service_area_name);
    s.Str("contact_name", &t.contact_name);
    s.Str("contact_email", &t.contact_email);
    s.Day("sent_on", &t.sent_on, true);
    s.Day("due", &t.due, true);
    s.Enum("status", &t.status, true);
    s.OptDay("reminded_on", &t.reminded_on);
    s.OptDay("escalated_on", &t.escalated_on);
    s.OptDay("answered_on", &t.answered_on);
    s.Str("answered_by", &t.answered_by);
    s.Text("note", &t.note);
  });
  r.Int("next_item_id", &c.next_item_id, 1, INT64_MAX);
  r.Finish();
  if (!st.ok()) return st;
  return c;
}

}  // namespace sardesk::casework
