#include "case/search_request.h"

#include "case/json_reader.h"
#include "common/email_address.h"

namespace sardesk::casework {

using nlohmann::json;

json ToJson(const ServiceArea& a) {
  return {{"id", a.id}, {"name", a.name}, {"contact_name", a.contact_name}, {"contact_email", a.contact_email},
          {"director_name", a.director_name}, {"director_email", a.director_email}, {"systems", a.systems},
          {"active", a.active}};
}

Result<ServiceArea> ServiceAreaFromJson(const json& j) {
  Status st;
  ServiceArea a;
  JsonReader r(j, "", &st);
  r.Str("id", &a.id, 40, true);
  r.Str("name", &a.name, kMaxName, true);
  r.Str("contact_name", &a.contact_name, kMaxName, true);
  r.Str("contact_email", &a.contact_email, 254, true);
  r.Str("director_name", &a.director_name);
  r.Str("director_email", &a.director_email, 254);
  r.StrList("systems", &a.systems);
  r.Bool("active", &a.active);
  r.Finish();
  if (!st.ok()) return st;
  for (char c : a.id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return Status::Invalid("id: lower-case letters, digits, '-' and '_' only, e.g. childrens");
  auto email_ok = [](const std::string& e) { return IsEmailAddress(e); };
  if (!email_ok(a.contact_email)) return Status::Invalid("contact_email: not an email address");
  if (!a.director_email.empty() && !email_ok(a.director_email))
    return Status::Invalid("director_email: not an email address");
  return a;
}

namespace {

std::string DateOr(const std::optional<Date>& d, const char* otherwise) {
  return d ? d->ToString() : otherwise;
}

std::string Lines(const std::vector<std::string>& items, const char* none) {
  if (items.empty()) return std::string(none) + "\n";
  std::string out;
  for (const auto& i : items) out += "  - " + i + "\n";
  return out;
}

std::string SubjectDetails(const CaseRecord& r) {
  const auto& s = r.subject;
  std::string out;
  out += "Name:              " + s.name + "\n";
  out += "Former names:      " + (s.former_names.empty() ? std::string("none known") : "") + "\n";
  for (const auto& n : s.former_names) out += "  - " + n + "\n";
  out += "Other names used:  " + (s.aliases.empty() ? std::string("none known") : "") + "\n";
  for (const auto& n : s.aliases) out += "  - " + n + "\n";
  out += "Date of birth:     " + DateOr(s.dob, "not known") + "\n";
  out += "Addresses:         " + (s.addresses.empty() ? std::string("none given") : "") + "\n";
  for (const auto& a : s.addresses) {
    out += "  - " + a.lines + (a.postcode.empty() ? "" : ", " + a.postcode);
    if (a.from || a.to) out += " (" + DateOr(a.from, "?") + " to " + DateOr(a.to, "now") + ")";
    out += "\n";
  }
  out += "Identifiers:       " + (s.identifiers.empty() ? std::string("none known") : "") + "\n";
  for (const auto& i : s.identifiers) out += "  - " + std::string(Label(i.kind)) + ": " + i.value + "\n";
  return out;
}

std::string ScopeDetails(const CaseRecord& r) {
  const auto& sc = r.scope;
  std::string out;
  out += "Information requested (the requester's words):\n  " +
         (sc.information_requested.empty() ? std::string("all personal data held") : sc.information_requested) + "\n";
  out += "Scope:             " + std::string(sc.whole_file ? "everything held about the data subject" : "the services listed") + "\n";
  if (!sc.services.empty()) out += Lines(sc.services, "");
  out += "Date range:        " + DateOr(sc.date_from, "from the earliest record") + " to " +
         DateOr(sc.date_to, "today") + "\n";
  return out;
}

}  // namespace

SearchMessage SearchRequestMessage(const CaseRecord& r, const SearchTask& t, const ServiceArea& a,
                                   const SearchMessageContext& c) {
  SearchMessage m;
  m.to = {a.contact_email};
  m.subject = "Subject access request " + r.reference + ": search request to " + a.name + " (reply by " +
              t.due.ToString() + ")";
  std::string systems;
  for (const auto& s : a.systems) systems += "  - " + s + "\n";
  m.body =
      "SAR1: SEARCH REQUEST FOR PERSONAL INFORMATION\n"
      "=============================================\n\n"
      "Dear " + a.contact_name + ",\n\n"
      "The " + c.organisation + " has received a subject access request under the UK GDPR and the "
      "Data Protection Act 2018. As the single point of contact for " + a.name + ", please search "
      "for, and send to the Information Governance team, all personal information held about the "
      "person below by " + t.due.ToString() + ".\n\n"
      "Reference:         " + r.reference + "\n"
      "Request received:  " + r.received.ToString() + "\n\n"
      "THE DATA SUBJECT\n" + SubjectDetails(r) + "\n"
      "WHAT TO SEARCH FOR\n" + ScopeDetails(r) + "\n"
      "WHERE TO SEARCH\n"
      "Search every location where information about this person may be held:\n"
      "  - case management systems" + (a.systems.empty() ? std::string("") : ", including:\n" + systems) + (a.systems.empty() ? "\n" : "") +
      "  - paper files, archived files, handbooks and notebooks\n"
      "  - work mobile phones and tablets\n"
      "  - Microsoft Teams chats and channels, and email (including personal mailboxes of staff involved)\n"
      "  - shared drives, spreadsheets and databases\n\n"
      "WHAT TO SEND\n"
      "  - Send everything you find, including documents marked \"confidential\".\n"
      "  - Do not redact anything: the Information Governance team applies any exemptions.\n"
      "  - If you find no records, reply to say \"no records found\" after searching every location.\n"
      "  - Do not alter, destroy or withhold any record: it is a criminal offence to do so with the\n"
      "    intention of preventing disclosure (Data Protection Act 2018, section 173).\n\n"
      "If you cannot meet the deadline, tell us at once. A reminder is sent when the deadline passes,\n"
      "and an unanswered reminder is escalated to the head of compliance and the service director.\n\n"
      "Thank you,\n" + c.officer_name + "\nInformation Governance, " + c.organisation + "\n" +
      (c.reply_to.empty() ? "" : c.reply_to + "\n");
  return m;
}

SearchMessage SearchReminderMessage(const CaseRecord& r, const SearchTask& t, const ServiceArea& a,
                                    const SearchMessageContext& c, const std::string& ig_manager_email) {
  SearchMessage m;
  m.to = {a.contact_email};
  if (!ig_manager_email.empty()) m.cc = {ig_manager_email};
  m.subject = "Reminder: subject access request " + r.reference + ": search for " + a.name + " was due " +
              t.due.ToString();
  m.body = "Dear " + a.contact_name + ",\n\n"
           "We asked " + a.name + " on " + t.sent_on.ToString() + " to search for the personal information "
           "of the data subject of request " + r.reference + " and to reply by " + t.due.ToString() +
           ". We have not had an answer.\n\n"
           "Please send what you have found, or tell us that no records were found, now. The law gives us "
           "one calendar month to respond to the requester. If we do not hear from you, this will be "
           "escalated to the head of compliance and the service director.\n\n"
           "The IG manager is copied into this reminder.\n\n" +
           c.officer_name + "\nInformation Governance, " + c.organisation + "\n";
  return m;
}

SearchMessage SearchEscalationMessage(const CaseRecord& r, const SearchTask& t, const ServiceArea& a,
                                      const SearchMessageContext& c, const std::string& head_of_compliance_email,
                                      const std::string& ig_manager_email) {
  SearchMessage m;
  if (!head_of_compliance_email.empty()) m.to.push_back(head_of_compliance_email);
  if (!a.director_email.empty()) m.to.push_back(a.director_email);
  if (m.to.empty()) m.to.push_back(a.contact_email);
  if (!ig_manager_email.empty()) m.cc = {ig_manager_email};
  m.subject = "Escalation: subject access request " + r.reference + ": no answer from " + a.name;
  m.body = "Dear colleagues,\n\n"
           "On " + t.sent_on.ToString() + " the Information Governance team asked " + a.name +
           " (single point of contact: " + a.contact_name + ") to search for the personal information of the "
           "data subject of request " + r.reference + " by " + t.due.ToString() + ". A reminder was sent on " +
           DateOr(t.reminded_on, "(not recorded)") + " and has not been answered.\n\n"
           "The council must respond to the requester within the statutory time limit. Please make sure the "
           "search is completed and the records sent to Information Governance without further delay.\n\n" +
           c.officer_name + "\nInformation Governance, " + c.organisation + "\n";
  return m;
}

}  // namespace sardesk::casework
