#include "service/case_actions.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

using F = FieldType;

// Takes "id" out of the body for actions that address one item.
Result<std::int64_t> TakeId(json& body) {
  if (!body.is_object() || !body.contains("id") || !body["id"].is_number_integer())
    return Status::Invalid("id: the number of the item is required");
  std::int64_t id = body["id"].get<std::int64_t>();
  body.erase("id");
  return id;
}

std::vector<CaseAction> Build() {
  std::vector<CaseAction> a;
  a.push_back({"transition", "Move the request to another status (the workflow checks the move)",
               {{"to", F::kString, true, "target status, e.g. validated, searching, closed"},
                {"reason", F::kText, false, "why (required when sending back or withdrawing)"},
                {"outcome", F::kString, false, "outcome when closing, e.g. no_data_held, closed_no_id"},
                {"on", F::kDate, false, "date of the move (default today)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->Transition(r, b, u); }});
  a.push_back({"evidence", "Record an identity or authority document that was seen",
               {{"purpose", F::kString, true, "photo_id, proof_of_address or authority"},
                {"type", F::kString, true, "document type, e.g. passport, utility_bill, signed_consent"},
                {"party", F::kString, false, "subject or requester (default: whoever is asking)"},
                {"document_date", F::kDate, false, "date on the document (required for proof of address)"},
                {"seen_on", F::kDate, false, "when it was seen (default today)"},
                {"notes", F::kText, false, "notes"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->AddEvidence(r, b, u); }});
  a.push_back({"competence", "Record a child's competence assessment and consent",
               {{"competent", F::kBool, true, "whether the child understands their rights"},
                {"child_consents", F::kBool, false, "whether a competent child consents to a parent's request"},
                {"assessed_on", F::kDate, false, "date of assessment (default today)"},
                {"assessed_by", F::kString, false, "who assessed (default you)"},
                {"notes", F::kText, false, "notes"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->RecordCompetence(r, b, u); }});
  a.push_back({"clarify", "Ask the requester to clarify; the clock pauses until they answer",
               {{"question", F::kText, true, "what was asked"},
                {"requested_on", F::kDate, false, "when it was asked (default today)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->RequestClarification(r, b, u); }});
  a.push_back({"clarified", "Record the requester's answer to a clarification; the clock restarts",
               {{"id", F::kInt, true, "number of the clarification"},
                {"answered_on", F::kDate, false, "when the answer arrived (default today)"},
                {"answer_summary", F::kText, false, "what they said"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) -> Result<CaseView> {
                 json body = b;
                 auto id = TakeId(body);
                 if (!id.ok()) return id.status();
                 return sv.cases->AnswerClarification(r, *id, body, u);
               }});
  a.push_back({"extend", "Extend by one or two months (complex or numerous); only within the first month",
               {{"months", F::kInt, true, "1 or 2"},
                {"reasons", F::kText, true, "why the request is complex or numerous"},
                {"requester_told_on", F::kDate, true, "when the requester was told"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->RecordExtension(r, b, u); }});
  a.push_back({"fee", "Record a fee requested or received (manifestly unfounded or excessive requests, extra copies)",
               {{"required", F::kBool, false, "whether a fee is charged"},
                {"amount_pence", F::kInt, false, "amount in pence"},
                {"reason", F::kText, false, "why a fee is charged"},
                {"requested_on", F::kDate, false, "when it was asked for"},
                {"received_on", F::kDate, false, "when it was paid"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->RecordFee(r, b, u); }});
  a.push_back({"communicate", "Log a call, email, letter or meeting",
               {{"method", F::kString, true, "call, email, letter, meeting, portal"},
                {"summary", F::kText, true, "what was said"},
                {"direction", F::kString, false, "incoming, outgoing or internal"},
                {"at", F::kString, false, "when (ISO 8601; default now)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->AddCommunication(r, b, u); }});
  a.push_back({"assign", "Assign the request to an officer (reassigning needs an IG manager)",
               {{"officer", F::kString, true, "username of the officer"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->Assign(r, b, u); }});
  a.push_back({"conflict", "Declare that you know the data subject; a manager must reassign",
               {{"note", F::kText, false, "how you know them (kept in the audit trail)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->DeclareConflict(r, b, u); }});
  a.push_back({"split", "Split a mixed request: the non-personal part becomes an FOI or EIR request",
               {{"route", F::kString, true, "foi or eir"},
                {"information_requested", F::kText, true, "the non-personal information asked for"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->Split(r, b, u); }});
  a.push_back({"refuse", "Refuse as manifestly unfounded or excessive, with reasons and the rights notice",
               {{"ground", F::kString, true, "refused_manifestly_unfounded or refused_excessive"},
                {"reasons", F::kText, true, "why (at least a sentence)"},
                {"fee_offered", F::kBool, false, "whether a reasonable fee was offered instead"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->Refuse(r, b, u); }});
  a.push_back({"release", "Record the release to the requester",
               {{"outcome", F::kString, true, "disclosed_in_full, disclosed_in_part or withheld"},
                {"delivery", F::kString, false, "secure_download, encrypted_email, post, collection, supported_meeting"},
                {"details", F::kText, false, "what was supplied and how"},
                {"released_on", F::kDate, false, "date (default today)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->Release(r, b, u); }});
  a.push_back({"complaint", "Record a complaint, internal review or ICO case about the request",
               {{"kind", F::kString, false, "complaint, internal_review or ico"},
                {"received_on", F::kDate, true, "when it was received"},
                {"summary", F::kText, true, "what it is about"},
                {"due", F::kDate, false, "response due (default 20 working days, none for ICO)"},
                {"ico_reference", F::kString, false, "the ICO's case reference"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.cases->AddComplaint(r, b, u); }});
  a.push_back({"complaint-update", "Update or close a complaint, internal review or ICO case",
               {{"id", F::kInt, true, "number of the complaint"},
                {"summary", F::kText, false, "what it is about"},
                {"due", F::kDate, false, "response due"},
                {"ico_reference", F::kString, false, "the ICO's case reference"},
                {"outcome", F::kText, false, "the outcome"},
                {"closed_on", F::kDate, false, "when it was closed"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) -> Result<CaseView> {
                 json body = b;
                 auto id = TakeId(body);
                 if (!id.ok()) return id.status();
                 return sv.cases->UpdateComplaint(r, *id, body, u);
               }});
  a.push_back({"search", "Ask service areas to search for the data subject's records (form SAR1 to each single point of contact)",
               {{"areas", F::kStringList, true, "service area ids, e.g. childrens,adults"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.searches->SendSearchRequests(r, b, u); }});
  a.push_back({"search-answer", "Record a service area's answer: no records found, or records received",
               {{"id", F::kInt, true, "number of the search task"},
                {"outcome", F::kString, true, "no_records or records_received"},
                {"note", F::kText, false, "what they said or sent"},
                {"answered_on", F::kDate, false, "date of the answer (default today)"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.searches->RecordAnswer(r, b, u); }});
  a.push_back({"search-cancel", "Cancel a search task that is no longer needed",
               {{"id", F::kInt, true, "number of the search task"},
                {"reason", F::kText, true, "why"}},
               [](Services& sv, const std::string& r, const json& b, const std::string& u) { return sv.searches->Cancel(r, b, u); }});
  return a;
}

}  // namespace

const std::vector<CaseAction>& CaseActions() {
  static const std::vector<CaseAction> kActions = Build();
  return kActions;
}

const CaseAction* FindCaseAction(const std::string& name) {
  for (const auto& a : CaseActions())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace sardesk::service
