#include "cli/safeguarding_command.h"

#include "cli/command_support.h"

#include <iostream>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

namespace sardesk::cli {
namespace {

using nlohmann::json;

std::string S(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

void PrintConsent(const json& c) {
  std::cout << c["id"] << "  " << S(c, "name") << "  " << S(c, "decision") << "  decided by " << S(c, "decided_by")
            << " on " << S(c, "decided_on") << (c["status"] == "current" ? "" : "  (" + S(c, "status") + ")") << "\n"
            << "    " << S(c, "reason") << "\n";
}

void PrintConcern(const json& c) {
  std::cout << c["id"] << "  " << S(c, "name") << (c["role"] == "" ? "" : " (" + S(c, "role") + ")") << "  "
            << S(c, "kind") << "  " << S(c, "status") << "  redacted under " << S(c, "exemption") << " while active\n"
            << "    " << S(c, "reason") << "\n";
}

void PrintBlockers(const json& blockers) {
  if (blockers.empty()) {
    std::cout << "nothing holds release back\n";
    return;
  }
  for (const auto& b : blockers) std::cout << "release blocked: " << b.get<std::string>() << "\n";
}

}  // namespace

void AddSafeguardingCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                             SafeguardingCommandServices services, const std::string* actor, const bool* json_out) {
  auto svc = std::make_shared<SafeguardingCommandServices>(std::move(services));
  auto on = CommandRunner(run, exit_code);
  auto emit = OutputPrinter(json_out);
  auto ref = std::make_shared<std::string>();

  // consent
  auto* consent = app.add_subcommand("consent", "Third parties' consent to disclosing their information");
  consent->require_subcommand(1);
  auto* c_list = consent->add_subcommand("list", "The request's consent decisions, oldest first");
  c_list->add_option("--case", *ref, "Reference of the request")->required();
  on(c_list, [=] {
    json r = Must(svc->decisions().Consents(*ref));
    emit(r, [&] {
      for (const auto& c : r["consents"]) PrintConsent(c);
      if (r["consents"].empty()) std::cout << "no consent decisions yet\n";
    });
  });
  auto* c_record = consent->add_subcommand(
      "record", "Record that a third party consented, refused, or that disclosing without consent is reasonable");
  c_record->add_option("--case", *ref, "Reference of the request")->required();
  auto c_body = std::make_shared<std::map<std::string, std::string>>();
  c_record->add_option("--name", (*c_body)["name"], "The third party, as named in the records")->required();
  c_record->add_option("--decision", (*c_body)["decision"], "consented, refused or reasonable")
      ->required()
      ->check(CLI::IsMember({"consented", "refused", "reasonable"}));
  c_record->add_option("--reason", (*c_body)["reason"], "Why (for reasonable: the circumstances weighed)")->required();
  c_record->add_option("--decided-by", (*c_body)["decided_by"], "Who decided (default: you)");
  c_record->add_option("--decided-on", (*c_body)["decided_on"], "When, YYYY-MM-DD (default today)");
  c_record->footer(
      "consented and reasonable lift the redactions of that name everywhere in the request; refused keeps them. "
      "The newest decision about a name replaces earlier rules on it.");
  on(c_record, [=] {
    json body = json::object();
    for (const auto& [k, v] : *c_body)
      if (!v.empty()) body[k] = v;
    json r = Must(svc->decisions().RecordConsent(*ref, body, *actor));
    emit(r, [&] {
      PrintConsent(r);
      const json& rule = r["changes"]["rule"];
      std::cout << "rule " << r["rule_id"] << ": " << rule["accepted"] << " redactions accepted, " << rule["added"]
                << " added, " << rule["rejected"] << " lifted\n";
    });
  });

  // staff-concern
  auto* concern = app.add_subcommand("staff-concern", "Safeguarding concerns about council staff named in the records");
  concern->require_subcommand(1);
  auto* s_list = concern->add_subcommand("list", "The request's staff concerns");
  s_list->add_option("--case", *ref, "Reference of the request")->required();
  on(s_list, [=] {
    json r = Must(svc->decisions().StaffConcerns(*ref));
    emit(r, [&] {
      for (const auto& c : r["staff_concerns"]) PrintConcern(c);
      if (r["staff_concerns"].empty()) std::cout << "no staff concerns\n";
    });
  });
  auto* s_record = concern->add_subcommand(
      "record", "Redact a member of staff's name everywhere in the request (history of violence or threats)");
  s_record->add_option("--case", *ref, "Reference of the request")->required();
  auto s_body = std::make_shared<std::map<std::string, std::string>>();
  s_record->add_option("--name", (*s_body)["name"], "The member of staff, as named in the records")->required();
  s_record->add_option("--role", (*s_body)["role"], "Their role, e.g. Social Worker");
  s_record->add_option("--kind", (*s_body)["kind"], "violence, threats, intimidation or other")
      ->required()
      ->check(CLI::IsMember({"violence", "threats", "intimidation", "other"}));
  s_record->add_option("--reason", (*s_body)["reason"], "The concern, e.g. the incident on record")->required();
  s_record->footer("Staff names are kept unless a concern is recorded; the name is redacted under serious_harm.");
  on(s_record, [=] {
    json body = json::object();
    for (const auto& [k, v] : *s_body)
      if (!v.empty()) body[k] = v;
    json r = Must(svc->decisions().RecordStaffConcern(*ref, body, *actor));
    emit(r, [&] {
      PrintConcern(r);
      std::cout << r["changes"]["rule"]["added"] << " occurrences redacted, " << r["changes"]["rule"]["accepted"]
                << " proposals accepted\n";
    });
  });
  auto* s_withdraw =
      concern->add_subcommand("withdraw", "Withdraw a staff concern: the name is no longer redacted by it");
  auto s_id = std::make_shared<std::int64_t>(0);
  auto s_reason = std::make_shared<std::string>();
  s_withdraw->add_option("id", *s_id, "Staff concern id")->required();
  s_withdraw->add_option("--case", *ref, "Reference of the request")->required();
  s_withdraw->add_option("--reason", *s_reason, "Why");
  on(s_withdraw, [=] {
    json body = json::object();
    if (!s_reason->empty()) body["reason"] = *s_reason;
    json r = Must(svc->decisions().WithdrawStaffConcern(*ref, *s_id, body, *actor));
    emit(r, [&] {
      PrintConcern(r);
      std::cout << r["changes"]["redactions_removed"] << " redactions removed, " << r["changes"]["redactions_reopened"]
                << " proposals to decide again\n";
    });
  });

  // safeguarding
  auto* sg =
      app.add_subcommand("safeguarding", "Safeguarding flags, the meeting release waits for, and release blockers");
  sg->require_subcommand(1);
  auto* show = sg->add_subcommand("show", "Flags by document and page, meetings, and what still blocks release");
  show->add_option("--case", *ref, "Reference of the request")->required();
  on(show, [=] {
    json r = Must(svc->safeguarding().Show(*ref));
    emit(r, [&] {
      for (const auto& f : r["flags"])
        std::cout << "flag: " << S(f, "flag") << " in document " << f["document_id"] << " (" << S(f, "filename")
                  << ") page " << f["page"] << (f["in_bundle"].get<bool>() ? "" : "  (not in the bundle)") << "\n";
      for (const auto& d : r["unchecked_documents"])
        std::cout << "not read by detection: document " << d["document_id"] << " (" << S(d, "filename") << ")\n";
      for (const auto& m : r["meetings"])
        std::cout << "meeting " << m["id"] << " on " << S(m, "held_on") << ": " << S(m, "outcome") << ", documents "
                  << m["documents"].dump() << "\n";
      PrintBlockers(r["release_blockers"]);
    });
  });
  auto* meeting = sg->add_subcommand("meeting", "Record a safeguarding case meeting and its outcome");
  meeting->add_option("--case", *ref, "Reference of the request")->required();
  auto m_held = std::make_shared<std::string>(), m_outcome = std::make_shared<std::string>(),
       m_notes = std::make_shared<std::string>();
  auto m_attendees = std::make_shared<std::vector<std::string>>();
  auto m_documents = std::make_shared<std::vector<std::int64_t>>();
  meeting->add_option("--held-on", *m_held, "Date of the meeting, YYYY-MM-DD")->required();
  meeting->add_option("--attendee", *m_attendees, "Who attended (repeat)")->required();
  meeting->add_option("--outcome", *m_outcome, "release, release_with_support, withhold_part or withhold_all")
      ->required()
      ->check(CLI::IsMember({"release", "release_with_support", "withhold_part", "withhold_all"}));
  meeting->add_option("--notes", *m_notes, "What was decided and why (required to withhold)");
  meeting->add_option("--document", *m_documents,
                      "A document the meeting considered (repeat; default: every flagged one)");
  meeting->footer(
      "withhold_all withholds the documents whole under serious_harm; withhold_part needs a serious_harm "
      "redaction on each before release.");
  on(meeting, [=] {
    json body = {{"held_on", *m_held}, {"attendees", *m_attendees}, {"outcome", *m_outcome}};
    if (!m_notes->empty()) body["notes"] = *m_notes;
    if (!m_documents->empty()) body["documents"] = *m_documents;
    json r = Must(svc->safeguarding().RecordMeeting(*ref, body, *actor));
    emit(r, [&] {
      std::cout << "meeting " << r["id"] << " recorded: " << S(r, "outcome") << ", documents " << r["documents"].dump()
                << "\n";
      if (!r["withheld_redactions"].empty())
        std::cout << r["withheld_redactions"].size() << " documents withheld in full (apply the redactions)\n";
      PrintBlockers(r["release_blockers"]);
    });
  });
}

}  // namespace sardesk::cli
