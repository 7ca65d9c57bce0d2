#include "service/demo_data.h"

namespace sardesk::service {

using nlohmann::json;

namespace {

template <typename T>
Status Check(const Result<T>& r) { return r.status(); }

}  // namespace

Result<int> LoadDemoData(CaseService& cases, SearchService& searches, AdminService& admin, const TimeSource& time) {
  auto existing = cases.List({});
  if (!existing.ok()) return existing.status();
  if (!existing->empty()) return 0;

  const std::string me = "demo-setup";
  for (const json& u : {json{{"username", "ava.officer"}, {"display_name", "Ava Okafor"}, {"role", "ig_officer"}},
                        json{{"username", "ben.officer"}, {"display_name", "Ben Hughes"}, {"role", "ig_officer"}},
                        json{{"username", "cara.manager"}, {"display_name", "Cara Singh"}, {"role", "ig_manager"}},
                        json{{"username", "dan.dpo"}, {"display_name", "Dan Price"}, {"role", "dpo"}},
                        // One of each other role of issue 8, so every screen can be tried.
                        json{{"username", "quinn.qa"}, {"display_name", "Quinn Adams"}, {"role", "qa_reviewer"}},
                        json{{"username", "priya.contact"}, {"display_name", "Priya Shah"}, {"role", "service_area_contact"},
                             {"service_area", "childrens"}},
                        json{{"username", "sam.adviser"}, {"display_name", "Sam Okoro"}, {"role", "social_worker_adviser"}},
                        json{{"username", "alex.admin"}, {"display_name", "Alex Morgan"}, {"role", "administrator"}}}) {
    SARDESK_RETURN_IF_ERROR(Check(admin.PutUser(u, me)));
  }

  for (const json& a : {json{{"id", "childrens"}, {"name", "Children's social care"}, {"contact_name", "Priya Shah"},
                              {"contact_email", "childrens.records@demo-council.invalid"}, {"director_name", "Director of Children's Services"},
                              {"director_email", "dcs@demo-council.invalid"}, {"systems", {"Mosaic", "Archived paper files"}}},
                        json{{"id", "adults"}, {"name", "Adult social care"}, {"contact_name", "Tom Reed"},
                              {"contact_email", "adults.records@demo-council.invalid"}, {"director_name", "Director of Adult Services"},
                              {"director_email", "das@demo-council.invalid"}, {"systems", {"Mosaic"}}},
                        json{{"id", "education"}, {"name", "Education and early help"}, {"contact_name", "Lena Ford"},
                              {"contact_email", "education.records@demo-council.invalid"}, {"systems", {"Capita One", "Early help module"}}}}) {
    SARDESK_RETURN_IF_ERROR(Check(searches.PutServiceArea(a, me)));
  }
  SARDESK_RETURN_IF_ERROR(Check(admin.UpdateSettings({{"mail_from", "sar@demo-council.invalid"},
                                                      {"ig_manager_email", "ig.manager@demo-council.invalid"},
                                                      {"head_of_compliance_email", "compliance@demo-council.invalid"}}, me)));

  Date today = time.Today();
  auto ago = [&](int days) { return today.AddDays(-days).ToString(); };
  int created = 0;
  auto make = [&](json body) -> Result<std::string> {
    auto v = cases.Create(body, "ava.officer");
    if (!v.ok()) return v.status();
    ++created;
    return v->record.reference;
  };

  // 1. A care leaver's request, validated and in search.
  SARDESK_ASSIGN_OR_RETURN(std::string r1, make({
      {"received", ago(12)}, {"channel", "email"}, {"assigned_officer", "ava.officer"},
      {"subject", {{"name", "Jordan Ellis"}, {"former_names", {"Jordan Marsh"}}, {"dob", "1994-03-12"},
                   {"addresses", {{{"lines", "14 Fairfield Road, Ashby"}, {"postcode", "AB1 2CD"}}}},
                   {"identifiers", {{{"kind", "social_care_id"}, {"value", "SC-104233"}}}}}},
      {"scope", {{"information_requested", "My whole care file from when I was in care, 1998 to 2012."},
                 {"whole_file", true}, {"services", {"Children's social care"}}}},
      {"vulnerabilities", {"care_leaver"}},
      {"support_contacts", {{{"name", "Leaving Care Team"}, {"role", "Personal adviser"}, {"contact", "01234 567890"}}}}}));
  SARDESK_RETURN_IF_ERROR(Check(cases.AddEvidence(r1, {{"purpose", "photo_id"}, {"type", "passport"}, {"seen_on", ago(11)}}, "ava.officer")));
  SARDESK_RETURN_IF_ERROR(Check(cases.AddEvidence(r1, {{"purpose", "proof_of_address"}, {"type", "council_tax_bill"}, {"document_date", ago(40)}, {"seen_on", ago(11)}}, "ava.officer")));
  SARDESK_RETURN_IF_ERROR(Check(cases.Transition(r1, {{"to", "validated"}, {"on", ago(11)}}, "ava.officer")));
  SARDESK_RETURN_IF_ERROR(Check(searches.SendSearchRequests(r1, {{"areas", {"childrens", "education"}}}, "ava.officer")));

  // 2. Waiting for ID for over a month: the timer puts it on hold.
  SARDESK_ASSIGN_OR_RETURN(std::string r2, make({
      {"received", ago(40)}, {"channel", "letter"}, {"assigned_officer", "ben.officer"},
      {"subject", {{"name", "Morgan Lee"}, {"dob", "1988-11-02"}}},
      {"scope", {{"information_requested", "Adult social care records about my mother's care assessments that mention me."}}}}));
  SARDESK_RETURN_IF_ERROR(Check(cases.Transition(r2, {{"to", "id_requested"}, {"on", ago(39)}}, "ben.officer")));

  // 3. A parent asking for a 13-year-old's records: competence needed.
  SARDESK_ASSIGN_OR_RETURN(std::string r3, make({
      {"received", ago(2)}, {"channel", "web_form"},
      {"subject", {{"name", "Riley Shaw"}, {"dob", today.AddDays(-13 * 365 - 40).ToString()}}},
      {"requester", {{"relationship", "parental_responsibility"}, {"name", "Sam Shaw"}, {"pr_basis", "natural_mother"}}},
      {"scope", {{"information_requested", "Records from the school nurse and early help team."}, {"whole_file", false},
                 {"services", {"Early help"}}}}}));
  (void)r3;

  // 4. A telephone request, recorded verbatim and awaiting confirmation.
  SARDESK_ASSIGN_OR_RETURN(std::string r4, make({
      {"received", ago(1)}, {"channel", "telephone"},
      {"verbatim_request", "I want everything you have about me from when I was fostered, I can't write it down."},
      {"subject", {{"name", "Taylor Brooks"}, {"dob", "1979-06-30"}}},
      {"reasonable_adjustments", "Cannot write: confirm by phone and offer a supported meeting."},
      {"vulnerabilities", {"care_leaver"}},
      {"format", "view_in_person"}, {"delivery", "supported_meeting"}}));
  (void)r4;

  // 5. Redaction stage, overdue.
  SARDESK_ASSIGN_OR_RETURN(std::string r5, make({
      {"received", ago(45)}, {"channel", "email"}, {"assigned_officer", "ava.officer"},
      {"subject", {{"name", "Casey Morgan"}, {"dob", "2001-01-15"}}},
      {"identity_required", false}, {"identity_waiver_reason", "Request made from the email address held on file, confirmed by the allocated worker."},
      {"scope", {{"information_requested", "Children's services file."}}}}));
  for (const char* s : {"validated", "searching", "collating", "redacting"})
    SARDESK_RETURN_IF_ERROR(Check(cases.Transition(r5, {{"to", s}, {"on", ago(44)}}, "ava.officer")));

  // 6. A mixed request split into SAR and FOI.
  SARDESK_ASSIGN_OR_RETURN(std::string r6, make({
      {"received", ago(5)}, {"channel", "email"},
      {"subject", {{"name", "Alex Carter"}, {"dob", "1990-08-08"}}},
      {"scope", {{"information_requested", "My records, and how many children the council placed out of area last year."}}}}));
  SARDESK_RETURN_IF_ERROR(Check(cases.Split(r6, {{"route", "foi"}, {"information_requested", "How many children were placed out of area last year."}}, "ava.officer")));

  // 7. Released, with a complaint.
  SARDESK_ASSIGN_OR_RETURN(std::string r7, make({
      {"received", ago(70)}, {"channel", "letter"}, {"assigned_officer", "ben.officer"},
      {"subject", {{"name", "Jamie Patel"}, {"dob", "1985-04-21"}}},
      {"identity_required", false}, {"identity_waiver_reason", "Known to the service; identity confirmed by the allocated social worker."}}));
  for (const char* s : {"validated", "searching", "collating", "redacting", "qa", "ready_for_release"})
    SARDESK_RETURN_IF_ERROR(Check(cases.Transition(r7, {{"to", s}, {"on", ago(60)}}, "ben.officer")));
  SARDESK_RETURN_IF_ERROR(Check(cases.Release(r7, {{"outcome", "disclosed_in_part"}, {"delivery", "secure_download"}, {"released_on", ago(45)}}, "ben.officer")));
  SARDESK_RETURN_IF_ERROR(Check(cases.AddComplaint(r7, {{"kind", "internal_review"}, {"received_on", ago(10)}, {"summary", "Believes pages about their foster placement are missing."}}, "ben.officer")));
  return created;
}

}  // namespace sardesk::service
