#include "cli/redaction_command.h"

#include "cli/command_support.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

namespace sardesk::cli {
namespace {

using nlohmann::json;

// "x0,y0,x1,y1" in points from the page's top-left.
json ParseBox(const std::string& text) {
  std::stringstream ss(text);
  std::string part;
  std::vector<double> v;
  while (std::getline(ss, part, ',')) {
    try {
      size_t used = 0;
      v.push_back(std::stod(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      throw Failure{"--box: give four numbers x0,y0,x1,y1 in points from the page's top-left"};
    }
  }
  if (v.size() != 4) throw Failure{"--box: give four numbers x0,y0,x1,y1 in points from the page's top-left"};
  return {{"x0", v[0]}, {"y0", v[1]}, {"x1", v[2]}, {"y1", v[3]}};
}

std::string S(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

void PrintRedaction(const json& r) {
  std::cout << r["id"] << "  document " << r["document_id"] << " page " << S(r, "page") << "  " << S(r, "status")
            << "  " << S(r, "category") << "  " << (r["party"] == "" ? "-" : S(r, "party")) << "  " << S(r, "exemption")
            << "  \"" << S(r, "text") << "\"" << (r["reason"] == "" ? "" : "  (" + S(r, "reason") + ")") << "\n";
}

void PrintReview(const json& r) {
  std::cout << "QA review " << r["id"] << " (round " << r["round"] << ") by " << S(r, "reviewer") << ": "
            << S(r, "status") << "; " << r["sample_size"] << " of " << r["bundle_pages"] << " pages drawn (seed "
            << S(r, "seed") << ")\n";
  for (const auto& p : r["pages"])
    std::cout << "  document " << p["document_id"] << " page " << p["page"]
              << (p["added_by"] == "sample" ? "" : "  (added by the reviewer)") << "\n";
  if (r["reason"] != "") std::cout << "  sent back: " << S(r, "reason") << "\n";
  if (r["note"] != "") std::cout << "  note: " << S(r, "note") << "\n";
}

// The options shared by `redaction add` and `qa redact`.
struct AddOptions {
  std::int64_t document = 0;
  int page = 0;
  std::string box, exemption, reason, party;
  bool whole_page = false, whole_document = false;
};

void AddBoxOptions(CLI::App* cmd, AddOptions* o) {
  cmd->add_option("--document", o->document, "Document id")->required();
  cmd->add_option("--page", o->page, "Page number, from 1 (not for --whole-document)")->check(CLI::Range(1, 1000000));
  auto* what = cmd->add_option_group("what", "What to redact (one of)");
  what->add_option("--box", o->box, "A box x0,y0,x1,y1 in points from the page's top-left (as page word boxes)");
  what->add_flag("--whole-page", o->whole_page, "Withhold the whole page");
  what->add_flag("--whole-document", o->whole_document, "Withhold the whole document");
  what->require_option(1);
  cmd->add_option("--exemption", o->exemption, "Exemption code from the catalogue, e.g. third_party")->required();
  cmd->add_option("--reason", o->reason, "Why, in words, for the schedule");
  cmd->add_option("--party", o->party, "Whose data: subject, third_party, professional or ambiguous");
}

json AddBody(const AddOptions& o) {
  json body = {{"document_id", o.document}, {"exemption", o.exemption}};
  if (!o.reason.empty()) body["reason"] = o.reason;
  if (!o.party.empty()) body["party"] = o.party;
  if (o.page) body["page"] = o.page;
  if (!o.box.empty()) body["box"] = ParseBox(o.box);
  body["scope"] = o.whole_document ? "document" : o.whole_page ? "page" : "box";
  return body;
}

}  // namespace

void AddRedactionCommands(CLI::App& app, std::function<void()>& run, int& exit_code, RedactionCommandServices services,
                          const std::string* actor, const bool* json_out) {
  auto svc = std::make_shared<RedactionCommandServices>(std::move(services));
  auto on = CommandRunner(run, exit_code);
  auto emit = OutputPrinter(json_out);

  auto* red = app.add_subcommand("redaction", "Redact a request's documents: proposals, decisions, rules, burn-in, schedule");
  red->require_subcommand(1);
  auto ref = std::make_shared<std::string>();

  // propose
  auto* propose = red->add_subcommand("propose", "Run detection over the request's documents and store its proposals");
  propose->add_option("--case", *ref, "Reference of the request")->required();
  auto staff = std::make_shared<std::vector<std::string>>();
  propose->add_option("--staff", *staff, "A member of council staff named in the records: \"Name=Role\" (repeat)");
  on(propose, [=] {
    json list = json::array();
    for (const auto& s : *staff) {
      auto eq = s.find('=');
      list.push_back({{"name", s.substr(0, eq)}, {"role", eq == std::string::npos ? "" : s.substr(eq + 1)}});
    }
    json r = Must(svc->redactions().Propose(*ref, {{"staff", list}}, *actor));
    emit(r, [&] {
      std::cout << r["added"] << " new proposals (" << r["review"] << " for review), " << r["already_proposed"]
                << " already proposed, over " << r["documents"] << " documents\n";
      for (const auto& f : r["flags"])
        std::cout << "  safeguarding: " << S(f, "flag") << " in document " << f["document_id"] << " page " << f["page"] << "\n";
    });
  });

  // list
  auto* list = red->add_subcommand("list", "The request's redactions, with filters");
  list->add_option("--case", *ref, "Reference of the request")->required();
  auto filter = std::make_shared<service::RedactionFilter>();
  list->add_option("--document", filter->document_id, "Only this document");
  list->add_option("--page", filter->page, "Only this page (from 1)")->check(CLI::Range(1, 1000000));
  list->add_option("--status", filter->status, "proposed, accepted or rejected");
  list->add_option("--party", filter->party, "subject, third_party, professional or ambiguous");
  list->add_option("--category", filter->category, "person, address, phone, ..., drawn, page, document, term");
  list->add_option("--source", filter->source, "detection, officer, rule or qa");
  on(list, [=] {
    json r = Must(svc->redactions().List(*ref, *filter));
    emit(r, [&] {
      for (const auto& x : r["redactions"]) PrintRedaction(x);
      std::cout << r["count"] << " redactions: " << r["by_status"]["proposed"] << " proposed, "
                << r["by_status"]["accepted"] << " accepted, " << r["by_status"]["rejected"] << " rejected\n";
    });
  });

  // decide
  auto* decide = red->add_subcommand("decide", "Accept or reject a redaction, optionally with another exemption or box");
  auto id = std::make_shared<std::int64_t>(0);
  decide->add_option("id", *id, "Redaction id")->required();
  decide->add_option("--case", *ref, "Reference of the request")->required();
  auto decision = std::make_shared<std::pair<bool, bool>>(false, false);
  auto* which = decide->add_option_group("decision", "The decision (one of)");
  which->add_flag("--accept", decision->first, "Redact it");
  which->add_flag("--reject", decision->second, "Disclose it");
  which->require_option(1);
  auto d_exemption = std::make_shared<std::string>(), d_box = std::make_shared<std::string>(),
       d_note = std::make_shared<std::string>();
  decide->add_option("--exemption", *d_exemption, "Another exemption code from the catalogue");
  decide->add_option("--box", *d_box, "A new box x0,y0,x1,y1 in points from the page's top-left");
  decide->add_option("--note", *d_note, "Why, for the record");
  on(decide, [=] {
    json body = {{"decision", decision->first ? "accept" : "reject"}};
    if (!d_exemption->empty()) body["exemption"] = *d_exemption;
    if (!d_box->empty()) body["box"] = ParseBox(*d_box);
    if (!d_note->empty()) body["note"] = *d_note;
    json r = Must(svc->redactions().Decide(*ref, *id, body, *actor));
    emit(r, [&] { PrintRedaction(r); });
  });

  // add
  auto* add = red->add_subcommand("add", "Draw a box, or withhold a whole page or document (accepted at once)");
  add->add_option("--case", *ref, "Reference of the request")->required();
  auto add_opts = std::make_shared<AddOptions>();
  AddBoxOptions(add, add_opts.get());
  on(add, [=] {
    json r = Must(svc->redactions().Add(*ref, AddBody(*add_opts), *actor));
    emit(r, [&] { PrintRedaction(r); });
  });

  // rule
  auto* rule = red->add_subcommand("rule", "Redact or keep a text wherever it occurs in the request; without --text, list the rules");
  rule->add_option("--case", *ref, "Reference of the request")->required();
  auto r_text = std::make_shared<std::string>(), r_action = std::make_shared<std::string>(),
       r_exemption = std::make_shared<std::string>(), r_reason = std::make_shared<std::string>();
  auto* text_opt = rule->add_option("--text", *r_text, "The text, e.g. a name (any case, any spacing)");
  auto* action_opt = rule->add_option("--action", *r_action, "redact or keep")->check(CLI::IsMember({"redact", "keep"}));
  text_opt->needs(action_opt);
  action_opt->needs(text_opt);
  rule->add_option("--exemption", *r_exemption, "For redact: the exemption code (default third_party)");
  rule->add_option("--reason", *r_reason, "Why, e.g. \"the allocated social worker\"");
  on(rule, [=] {
    if (r_text->empty()) {
      json r = Must(svc->redactions().Rules(*ref));
      emit(r, [&] {
        for (const auto& x : r["rules"])
          std::cout << x["id"] << "  " << S(x, "action") << "  \"" << S(x, "text") << "\"  " << S(x, "exemption") << "  by "
                    << S(x, "created_by") << "\n";
      });
      return;
    }
    json body = {{"text", *r_text}, {"action", *r_action}};
    if (!r_exemption->empty()) body["exemption"] = *r_exemption;
    if (!r_reason->empty()) body["reason"] = *r_reason;
    json r = Must(svc->redactions().AddRule(*ref, body, *actor));
    emit(r, [&] {
      std::cout << "rule " << r["rule"]["id"] << ": " << r["accepted"] << " accepted, " << r["added"] << " added, "
                << r["rejected"] << " rejected\n";
    });
  });

  // apply
  auto* apply = red->add_subcommand("apply", "Burn the accepted redactions into verified redacted copies");
  apply->add_option("--case", *ref, "Reference of the request")->required();
  apply->footer("Exit status 1 when a copy fails verification: the document, page and method are named and the copy is not kept.");
  on(apply, [=] {
    json r = Must(svc->redactions().Apply(*ref, *actor));
    emit(r, [&] {
      for (const auto& d : r["documents"]) {
        std::cout << d["document_id"] << "  " << S(d, "filename") << "  " << S(d, "state");
        if (d.contains("changed")) std::cout << (d["changed"].get<bool>() ? "  (new copy)" : "  (unchanged)");
        std::cout << "\n";
      }
      std::cout << r["redacted"] << " documents redacted and verified, " << r["unchanged"] << " unchanged\n";
    });
  });

  // documents and export
  auto* docs = red->add_subcommand("documents", "Which documents are redacted, still original, or need applying");
  docs->add_option("--case", *ref, "Reference of the request")->required();
  on(docs, [=] {
    json r = Must(svc->redactions().RedactedDocuments(*ref));
    emit(r, [&] {
      for (const auto& d : r["documents"])
        std::cout << d["document_id"] << "  " << S(d, "filename") << "  " << S(d, "state") << "  " << d["accepted"]
                  << " accepted redactions\n";
      std::cout << r["undecided"] << " proposals undecided\n";
    });
  });
  auto* exportcmd = red->add_subcommand("export", "Write a document's redacted copy to a file");
  exportcmd->add_option("--case", *ref, "Reference of the request")->required();
  auto e_doc = std::make_shared<std::int64_t>(0);
  auto e_out = std::make_shared<std::string>();
  exportcmd->add_option("--document", *e_doc, "Document id")->required();
  exportcmd->add_option("--out", *e_out, "Where to write the PDF")->required();
  on(exportcmd, [=] {
    std::string pdf = Must(svc->redactions().RedactedPdf(*ref, *e_doc));
    std::ofstream out(*e_out, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
    if (!out) throw Failure{"cannot write " + *e_out};
    emit(json{{"written", *e_out}, {"bytes", pdf.size()}}, [&] { std::cout << "wrote " << *e_out << "\n"; });
  });

  // schedule
  auto* schedule = red->add_subcommand("schedule", "The redaction schedule: every accepted redaction and its exemption");
  schedule->add_option("--case", *ref, "Reference of the request")->required();
  auto csv = std::make_shared<bool>(false);
  auto pdf_out = std::make_shared<std::string>();
  auto* csv_flag = schedule->add_flag("--csv", *csv, "Print CSV (for a spreadsheet)");
  schedule->add_option("--pdf", *pdf_out, "Write the schedule as a PDF to this file")->excludes(csv_flag);
  on(schedule, [=] {
    auto s = Must(svc->redactions().Schedule(*ref));
    if (*csv) {
      std::cout << service::ScheduleCsv(s);
      return;
    }
    if (!pdf_out->empty()) {
      std::string pdf = Must(service::SchedulePdf(s, svc->organisation ? svc->organisation() : std::string()));
      std::ofstream out(*pdf_out, std::ios::binary);
      out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
      if (!out) throw Failure{"cannot write " + *pdf_out};
      emit(json{{"written", *pdf_out}, {"bytes", pdf.size()}, {"count", s.rows.size()}},
           [&] { std::cout << "wrote " << *pdf_out << " (" << s.rows.size() << " redactions)\n"; });
      return;
    }
    json j = service::ScheduleJson(s);
    emit(j, [&] {
      for (const auto& r : j["rows"])
        std::cout << S(r, "filename") << " page " << S(r, "page") << "  " << S(r, "category") << "  "
                  << S(r, "exemption_label") << "  " << S(r, "source") << "  decided by " << S(r, "decided_by") << " "
                  << S(r, "decided_at") << "\n";
      std::cout << j["count"] << " redactions\n";
    });
  });

  // qa
  auto* qa = app.add_subcommand("qa", "The second officer's check of a redacted request (10% of pages at random)");
  qa->require_subcommand(1);
  auto* show = qa->add_subcommand("show", "The request's QA reviews");
  show->add_option("--case", *ref, "Reference of the request")->required();
  on(show, [=] {
    json r = Must(svc->qa().Reviews(*ref));
    emit(r, [&] {
      for (const auto& x : r["reviews"]) PrintReview(x);
      if (r["reviews"].empty()) std::cout << "no QA reviews yet\n";
    });
  });
  auto* sample = qa->add_subcommand("sample", "Start a QA review: draw 10% of the bundle's pages (one of every document at least)");
  sample->add_option("--case", *ref, "Reference of the request")->required();
  sample->footer("Refused for anyone who decided a redaction on the request: the redacting officer cannot QA their own work.");
  on(sample, [=] {
    json r = Must(svc->qa().Sample(*ref, json::object(), *actor));
    emit(r, [&] { PrintReview(r); });
  });
  auto* add_page = qa->add_subcommand("add-page", "Add a page to the open QA review");
  add_page->add_option("--case", *ref, "Reference of the request")->required();
  auto q_doc = std::make_shared<std::int64_t>(0);
  auto q_page = std::make_shared<int>(0);
  add_page->add_option("--document", *q_doc, "Document id")->required();
  add_page->add_option("--page", *q_page, "Page number, from 1")->required()->check(CLI::Range(1, 1000000));
  on(add_page, [=] {
    json r = Must(svc->qa().AddPage(*ref, {{"document_id", *q_doc}, {"page", *q_page}}, *actor));
    emit(r, [&] { PrintReview(r); });
  });
  auto* qa_redact = qa->add_subcommand("redact", "Add a redaction found missing in QA (apply again before passing)");
  qa_redact->add_option("--case", *ref, "Reference of the request")->required();
  auto qa_opts = std::make_shared<AddOptions>();
  AddBoxOptions(qa_redact, qa_opts.get());
  on(qa_redact, [=] {
    json r = Must(svc->qa().AddRedaction(*ref, AddBody(*qa_opts), *actor));
    emit(r, [&] { PrintRedaction(r); });
  });
  auto* pass = qa->add_subcommand("pass", "Pass the open QA review (a request in QA moves to ready for release)");
  pass->add_option("--case", *ref, "Reference of the request")->required();
  auto note = std::make_shared<std::string>();
  pass->add_option("--note", *note, "What was checked");
  on(pass, [=] {
    json body = json::object();
    if (!note->empty()) body["note"] = *note;
    json r = Must(svc->qa().Pass(*ref, body, *actor));
    emit(r, [&] { std::cout << "QA review " << r["id"] << " passed; the request is " << S(r, "case_status") << "\n"; });
  });
  auto* back = qa->add_subcommand("send-back", "Send the request back to the redacting officer with a reason");
  back->add_option("--case", *ref, "Reference of the request")->required();
  auto reason = std::make_shared<std::string>();
  back->add_option("--reason", *reason, "What must be put right")->required();
  on(back, [=] {
    json r = Must(svc->qa().SendBack(*ref, {{"reason", *reason}}, *actor));
    emit(r, [&] { std::cout << "QA review " << r["id"] << " sent back; the request is " << S(r, "case_status") << "\n"; });
  });
}

}  // namespace sardesk::cli
