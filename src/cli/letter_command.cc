#include "cli/letter_command.h"

#include "cli/command_support.h"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

namespace sardesk::cli {
namespace {

using nlohmann::json;

// What a letter needs, as options shared by preview and send.
struct LetterOptions {
  std::string kind;
  std::string route;
  std::string question, reasons, ground, documents_needed, searches, details, outcome;
  int months = 0;
  std::int64_t complaint = 0;
  bool fee_offered = false;

  json Body() const {
    json b = {{"kind", kind}};
    if (!route.empty()) b["route"] = route;
    auto put = [&b](const char* key, const std::string& v) {
      if (!v.empty()) b[key] = v;
    };
    put("question", question);
    put("reasons", reasons);
    put("ground", ground);
    put("documents_needed", documents_needed);
    put("searches", searches);
    put("details", details);
    put("outcome", outcome);
    if (months) b["months"] = months;
    if (complaint) b["complaint"] = complaint;
    if (fee_offered) b["fee_offered"] = true;
    return b;
  }
};

void AddLetterOptions(CLI::App* cmd, LetterOptions& o, bool with_route) {
  cmd->add_option("--kind", o.kind, "The letter (see `sardesk letter kinds`)")->required();
  if (with_route)
    cmd->add_option("--route", o.route, "post (default), email or hand")->check(CLI::IsMember({"post", "email", "hand"}));
  cmd->add_option("--question", o.question, "clarification: what the requester needs to clarify");
  cmd->add_option("--months", o.months, "extension: 1 or 2")->check(CLI::Range(1, 2));
  cmd->add_option("--reasons", o.reasons, "extension or refusal: why");
  cmd->add_option("--ground", o.ground, "refusal: refused_manifestly_unfounded or refused_excessive");
  cmd->add_flag("--fee-offered", o.fee_offered, "refusal: a reasonable fee was offered instead");
  cmd->add_option("--documents-needed", o.documents_needed, "id_request: the documents to send (default: the usual two)");
  cmd->add_option("--searches", o.searches, "no_data_held: the searches made");
  cmd->add_option("--details", o.details, "release_cover: what is enclosed and how it is sent");
  cmd->add_option("--complaint", o.complaint, "complaint letters: the complaint's number (default the latest)");
  cmd->add_option("--outcome", o.outcome, "complaint_outcome: the outcome (closes the complaint)");
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Failure{"cannot write " + path};
  out << bytes;
  if (!out.flush()) throw Failure{"cannot write " + path};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void PrintRow(const store::LetterRow& r) {
  std::cout << r.id << "  " << r.sent_at << "  " << r.kind << "  " << r.route << " to " << r.recipient << "  by "
            << r.sent_by << "\n    " << r.subject << "\n";
}

}  // namespace

void AddLetterCommands(CLI::App& app, std::function<void()>& run, int& exit_code,
                       std::function<service::LetterService&()> letters, const std::string* actor, const bool* json_out) {
  auto svc = std::make_shared<std::function<service::LetterService&()>>(std::move(letters));
  auto on = CommandRunner(run, exit_code);
  auto emit = OutputPrinter(json_out);
  auto ref = std::make_shared<std::string>();

  auto* letter = app.add_subcommand("letter", "Letters to the requester: preview, send, list; the council's templates");
  letter->require_subcommand(1);

  auto* kinds = letter->add_subcommand("kinds", "The letters sardesk writes and what each needs");
  on(kinds, [=] {
    json out = json::array();
    for (const auto& k : letters::LetterKinds())
      out.push_back({{"kind", std::string(k.wire)}, {"label", std::string(k.label)}, {"action", std::string(k.action)},
                     {"inputs", std::string(k.inputs)}});
    emit(out, [&] {
      for (const auto& k : out) {
        std::cout << k["kind"].get<std::string>() << "  " << k["label"].get<std::string>() << "\n";
        if (!k["inputs"].get<std::string>().empty()) std::cout << "    needs: " << k["inputs"].get<std::string>() << "\n";
        if (!k["action"].get<std::string>().empty())
          std::cout << "    sending it records the case action: " << k["action"].get<std::string>() << "\n";
      }
    });
  });

  auto* fields = letter->add_subcommand("fields", "The fields a template can use, as {{name}}");
  on(fields, [=] {
    json out = json::array();
    for (const auto& f : letters::LetterFields()) out.push_back({{"name", f.name}, {"description", f.description}});
    emit(out, [&] {
      for (const auto& f : letters::LetterFields()) std::cout << "{{" << f.name << "}}  " << f.description << "\n";
    });
  });

  auto p_opts = std::make_shared<LetterOptions>();
  auto p_pdf = std::make_shared<std::string>();
  auto* preview = letter->add_subcommand("preview", "Show a letter as it would be sent today (nothing changes)");
  preview->add_option("--case", *ref, "Reference of the request")->required();
  AddLetterOptions(preview, *p_opts, true);
  preview->add_option("--pdf", *p_pdf, "Also write the letter as a PDF to this file");
  auto p_format = std::make_shared<std::string>();
  auto p_out = std::make_shared<std::string>();
  preview->add_option("--format", *p_format, "With --out: the file's format, pdf or docx (a Word document made by "
                                             "LibreOffice)")
      ->check(CLI::IsMember({"pdf", "docx"}));
  preview->add_option("--out", *p_out, "Write the letter in --format (default pdf) to this file");
  on(preview, [=] {
    auto& s = (*svc)();
    letters::ComposedLetter l = Must(s.Preview(*ref, p_opts->Body(), *actor));
    json inputs = p_opts->Body();
    inputs.erase("kind");
    inputs.erase("route");
    if (!p_pdf->empty()) WriteFile(*p_pdf, Must(s.RenderLetterPdf(*ref, l.kind, inputs, *actor)));
    if (!p_out->empty())
      WriteFile(*p_out, *p_format == "docx" ? Must(s.RenderLetterDocx(*ref, l.kind, inputs, *actor))
                                            : Must(s.RenderLetterPdf(*ref, l.kind, inputs, *actor)));
    emit(service::ComposedLetterJson(l), [&] { std::cout << l.FullText(); });
  });

  auto s_opts = std::make_shared<LetterOptions>();
  auto* send = letter->add_subcommand("send", "Send a letter: record its case action, keep the PDF, log it, email it");
  send->add_option("--case", *ref, "Reference of the request")->required();
  AddLetterOptions(send, *s_opts, true);
  send->footer(
      "clarification pauses the clock, extension records the extension (only within the first month), refusal "
      "refuses the request, no_data_held closes it, complaint_outcome with --outcome closes the complaint. A letter "
      "whose action the workflow refuses is not sent.");
  on(send, [=] {
    store::LetterRow r = Must((*svc)().Send(*ref, s_opts->Body(), *actor));
    emit(service::LetterRowJson(r), [&] {
      std::cout << "letter " << r.id << " sent " << (r.route == "email" ? "by email" : r.route == "hand" ? "by hand" : "by post")
                << " to " << r.recipient << ": " << r.subject << "\n"
                << "PDF " << r.pdf_bytes << " bytes, SHA-256 " << r.pdf_sha256 << "\n";
    });
  });

  auto* list = letter->add_subcommand("list", "The letters sent on a request, oldest first");
  list->add_option("--case", *ref, "Reference of the request")->required();
  on(list, [=] {
    auto rows = Must((*svc)().List(*ref));
    json out = json::array();
    for (const auto& r : rows) out.push_back(service::LetterRowJson(r));
    emit(json{{"letters", out}}, [&] {
      for (const auto& r : rows) PrintRow(r);
      if (rows.empty()) std::cout << "no letters sent\n";
    });
  });

  auto show_id = std::make_shared<std::int64_t>(0);
  auto show_pdf = std::make_shared<std::string>();
  auto* show = letter->add_subcommand("show", "One sent letter's text; --pdf writes the PDF as sent");
  show->add_option("id", *show_id, "Letter number")->required();
  show->add_option("--case", *ref, "Reference of the request")->required();
  show->add_option("--pdf", *show_pdf, "Write the PDF as sent to this file (checked against its hash)");
  auto show_format = std::make_shared<std::string>();
  auto show_out = std::make_shared<std::string>();
  show->add_option("--format", *show_format, "With --out: pdf (as sent) or docx (a Word document of the text as sent)")
      ->check(CLI::IsMember({"pdf", "docx"}));
  show->add_option("--out", *show_out, "Write the letter in --format (default pdf) to this file");
  on(show, [=] {
    auto& s = (*svc)();
    store::LetterRow r = Must(s.Find(*ref, *show_id));
    if (!show_pdf->empty()) WriteFile(*show_pdf, Must(s.ReadPdf(*ref, *show_id)));
    if (!show_out->empty())
      WriteFile(*show_out, *show_format == "docx" ? Must(s.ReadDocx(*ref, *show_id)) : Must(s.ReadPdf(*ref, *show_id)));
    emit(service::LetterRowJson(r, true), [&] {
      PrintRow(r);
      std::cout << "\n" << r.text;
    });
  });

  // templates
  auto* tmpl = letter->add_subcommand("template", "The council's letter templates (the built-in ones until edited)");
  tmpl->require_subcommand(1);
  auto* t_list = tmpl->add_subcommand("list", "Every letter's template, and whether the council has edited it");
  on(t_list, [=] {
    json s = Must((*svc)().SettingsJson());
    emit(s["templates"], [&] {
      for (const auto& t : s["templates"])
        std::cout << t["kind"].get<std::string>() << (t["edited"].get<bool>() ? "  (edited)" : "  (built-in)") << "  "
                  << t["subject"].get<std::string>() << "\n";
    });
  });
  auto t_kind = std::make_shared<std::string>();
  auto* t_show = tmpl->add_subcommand("show", "One template's subject and body");
  t_show->add_option("kind", *t_kind, "The letter, e.g. acknowledgement")->required();
  on(t_show, [=] {
    json s = Must((*svc)().SettingsJson());
    for (const auto& t : s["templates"])
      if (t["kind"] == *t_kind)
        return emit(t, [&] {
          std::cout << "Subject: " << t["subject"].get<std::string>() << "\n\n" << t["body"].get<std::string>();
        });
    throw Failure{letters::ParseLetterKind(*t_kind).status().message()};
  });
  auto t_subject = std::make_shared<std::string>(), t_body = std::make_shared<std::string>(),
       t_body_file = std::make_shared<std::string>();
  auto* t_set = tmpl->add_subcommand("set", "Replace a template (checked: every {{field}} must be known)");
  t_set->add_option("kind", *t_kind, "The letter, e.g. acknowledgement")->required();
  t_set->add_option("--subject", *t_subject, "The subject line (default: keep the current one)");
  auto* body_opt = t_set->add_option("--body", *t_body, "The body text");
  t_set->add_option("--body-file", *t_body_file, "Read the body from this file (UTF-8 text)")->excludes(body_opt);
  t_set->footer("Fields: {{name}}; sections: {{#if name}}...{{else}}...{{/if}}. See `sardesk letter fields`.");
  on(t_set, [=] {
    auto& s = (*svc)();
    json current;
    json settings = Must(s.SettingsJson());
    for (const auto& t : settings["templates"])
      if (t["kind"] == *t_kind) current = t;
    if (current.is_null()) throw Failure{letters::ParseLetterKind(*t_kind).status().message()};
    json body = {{"kind", *t_kind},
                 {"subject", t_subject->empty() ? current["subject"] : json(*t_subject)},
                 {"body", !t_body_file->empty() ? json(ReadFile(*t_body_file))
                          : t_body->empty()      ? current["body"]
                                                 : json(*t_body)}};
    Must(s.SetTemplate(body, *actor));
    emit(json{{"kind", *t_kind}, {"edited", true}}, [&] { std::cout << "the " << *t_kind << " template is saved\n"; });
  });
  auto* t_reset = tmpl->add_subcommand("reset", "Go back to the built-in template");
  t_reset->add_option("kind", *t_kind, "The letter, e.g. acknowledgement")->required();
  on(t_reset, [=] {
    Must((*svc)().ResetTemplate(*t_kind, *actor));
    emit(json{{"kind", *t_kind}, {"edited", false}},
         [&] { std::cout << "the " << *t_kind << " letter uses the built-in template again\n"; });
  });

  auto head = std::make_shared<std::map<std::string, std::string>>();
  auto* letterhead = letter->add_subcommand("letterhead", "The council's address and contact details on every letter");
  letterhead->add_option("--address", (*head)["address"], "Postal address; separate lines with \\n or new lines");
  letterhead->add_option("--phone", (*head)["phone"], "Telephone number for requests");
  letterhead->add_option("--email", (*head)["email"], "Email address for requests (default: the mail_from setting)");
  letterhead->add_option("--website", (*head)["website"], "Website");
  on(letterhead, [=] {
    auto& s = (*svc)();
    json body = json::object();
    for (const auto& [k, v] : *head) {
      if (v.empty()) continue;
      std::string value = v;
      for (std::size_t p; (p = value.find("\\n")) != std::string::npos;) value.replace(p, 2, "\n");
      body[k] = value;
    }
    if (!body.empty()) Must(s.SetLetterhead(body, *actor));
    json current = Must(s.SettingsJson())["letterhead"];
    emit(current, [&] {
      for (const auto& k : {"address", "phone", "email", "website"})
        std::cout << k << ": " << current[k].get<std::string>() << "\n";
    });
  });
}

}  // namespace sardesk::cli
