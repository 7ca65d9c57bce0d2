#include "cli/detect_command.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "detect/detector.h"

namespace sardesk::cli {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxLineBytes = 64u << 20;  // one record; a whole case file fits

std::string StringField(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}


json DetectionToJson(const json& id, const detect::Detection& d) {
  json spans = json::array();
  for (const auto& p : d.proposals)
    spans.push_back({{"start", p.start}, {"end", p.end}, {"label", detect::LabelName(p.label)},
                     {"party", detect::PartyName(p.party)}, {"action", detect::ActionName(p.action)},
                     {"reason", p.reason}, {"exemption", detect::ExemptionName(p.exemption)}});
  json flags = json::array();
  json sentences = json::array();
  for (const auto& f : d.flags) {
    flags.push_back(detect::FlagName(f.kind));
    for (const auto& s : f.sentences)
      sentences.push_back({{"flag", detect::FlagName(f.kind)}, {"start", s.start}, {"end", s.end}});
  }
  return json{{"id", id}, {"spans", spans}, {"flags", flags}, {"flag_sentences", sentences}};
}

// Reads every line of in and writes one result line each; a line that is not
// a record is reported with its number and skipped. Returns the failure count.
int RunBatch(std::istream& in, std::ostream& out) {
  const detect::Detector detector;
  std::string line;
  int line_no = 0, failures = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.size() > kMaxLineBytes) {
      std::cerr << "sardesk: line " << line_no << ": longer than " << kMaxLineBytes << " bytes, skipped\n";
      ++failures;
      continue;
    }
    json rec = json::parse(line, nullptr, false);
    if (rec.is_discarded() || !rec.is_object() || !rec.contains("text") || !rec["text"].is_string()) {
      std::cerr << "sardesk: line " << line_no << ": not a JSON object with a \"text\" string, skipped\n";
      ++failures;
      continue;
    }
    const json id = rec.contains("id") ? rec["id"] : json(line_no);
    const std::string& text = rec["text"].get_ref<const std::string&>();
    detect::CaseContext ctx = ContextFromJson(rec.contains("context") ? rec["context"] : json::object());
    out << DetectionToJson(id, detector.Detect(text, ctx)).dump(-1, ' ', false, json::error_handler_t::replace)
        << '\n';
  }
  return failures;
}

}  // namespace

void AddDetectCommand(CLI::App& app, std::function<void()>& run, int& exit_code) {
  auto* cmd = app.add_subcommand("detect", "Propose redactions: third-party personal data and safeguarding flags");
  auto in_path = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  cmd->add_option("--batch", *in_path,
                  "JSON lines {\"id\", \"context\", \"text\"} to read (- for standard input)")
      ->required();
  cmd->add_option("--out", *out_path, "Where to write one {\"id\", \"spans\", \"flags\"} line per input (- for standard output)")
      ->required();
  cmd->footer(
      "Each span: {start, end (UTF-8 byte offsets, end exclusive), label, party (subject, third_party,\n"
      "professional, ambiguous), action (redact, keep, review), reason, exemption}.\n"
      "Flags: self_harm, abuse; flag_sentences gives the sentences that raised them.");
  cmd->callback([&run, &exit_code, in_path, out_path] {
    run = [&exit_code, in_path, out_path] {
      std::ifstream in_file;
      std::istream* in = &std::cin;
      if (*in_path != "-") {
        in_file.open(*in_path, std::ios::binary);
        if (!in_file) {
          std::cerr << "sardesk: cannot read " << *in_path << "\n";
          exit_code = 1;
          return;
        }
        in = &in_file;
      }
      std::ofstream out_file;
      std::ostream* out = &std::cout;
      if (*out_path != "-") {
        out_file.open(*out_path, std::ios::binary | std::ios::trunc);
        if (!out_file) {
          std::cerr << "sardesk: cannot write " << *out_path << "\n";
          exit_code = 1;
          return;
        }
        out = &out_file;
      }
      int failures = RunBatch(*in, *out);
      out->flush();
      if (!*out) {
        std::cerr << "sardesk: writing " << *out_path << " failed\n";
        exit_code = 1;
      } else if (failures) {
        exit_code = 1;
      }
    };
  });
}

detect::CaseContext ContextFromJson(const nlohmann::json& j) {
  detect::CaseContext c;
  if (!j.is_object()) return c;
  auto s = j.find("subject");
  if (s != j.end() && s->is_object()) {
    c.subject.name = StringField(*s, "name");
    c.subject.dob = StringField(*s, "dob");
    c.subject.address = StringField(*s, "address");
    auto a = s->find("aliases");
    if (a != s->end() && a->is_array())
      for (const auto& x : *a)
        if (x.is_string()) c.subject.aliases.push_back(x.get<std::string>());
  }
  auto st = j.find("staff");
  if (st != j.end() && st->is_array())
    for (const auto& x : *st)
      if (x.is_object()) c.staff.push_back({StringField(x, "name"), StringField(x, "role")});
  return c;
}

}  // namespace sardesk::cli
