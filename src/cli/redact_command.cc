#include "cli/redact_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/detect_command.h"
#include "redact/file_redaction.h"

namespace sardesk::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSideFileBytes = 16 << 20;

bool ReadSmallFile(const std::string& path, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  if (out->size() > kMaxSideFileBytes) {
    *error = path + " is larger than 16 MiB";
    return false;
  }
  return true;
}

bool ParseBoxes(const json& j, std::vector<redact::HandBox>* out, std::string* error) {
  const json& list = j.is_object() && j.contains("boxes") ? j["boxes"] : j;
  if (!list.is_array()) {
    *error = "the boxes file must hold a JSON array of {page, x0, y0, x1, y1, reason}";
    return false;
  }
  int n = 0;
  for (const auto& b : list) {
    ++n;
    redact::HandBox box;
    if (!b.is_object() || !b.contains("page") || !b["page"].is_number_integer()) {
      *error = "box " + std::to_string(n) + ": needs an integer \"page\" (from 1)";
      return false;
    }
    box.page = b["page"].get<int>();
    for (const char* k : {"x0", "y0", "x1", "y1"}) {
      if (!b.contains(k) || !b[k].is_number()) {
        *error = "box " + std::to_string(n) + ": needs a number \"" + k + "\" in PDF points";
        return false;
      }
    }
    box.x0 = b["x0"].get<float>();
    box.y0 = b["y0"].get<float>();
    box.x1 = b["x1"].get<float>();
    box.y1 = b["y1"].get<float>();
    if (b.contains("reason")) {
      if (!b["reason"].is_string()) {
        *error = "box " + std::to_string(n) + ": \"reason\" must be an exemption code such as third_party";
        return false;
      }
      box.reason = b["reason"].get<std::string>();
    }
    out->push_back(box);
  }
  return true;
}

json ReportJson(const redact::FileRedactionReport& r) {
  json changed = json::array();
  for (const auto& p : r.changed_pages)
    changed.push_back({{"page", p.page + 1}, {"method", p.method}, {"why", p.why}, {"boxes", p.marks}});
  json failures = json::array();
  for (const auto& f : r.failures)
    failures.push_back({{"page", f.page >= 0 ? json(f.page + 1) : json(nullptr)}, {"method", f.method}, {"detail", f.detail}});
  json flags = json::array();
  for (const auto& f : r.flags) flags.push_back({{"flag", f.flag}, {"page", f.page}});
  return {{"pages", r.pages},
          {"boxes", r.marks},
          {"from_detection", r.from_detection},
          {"from_terms", r.from_terms},
          {"from_boxes", r.from_boxes},
          {"review_proposals", r.review_proposals},
          {"changed_pages", changed},
          {"removed", r.removed_items},
          {"annotations_flattened", r.annotations_flattened},
          {"annotations_removed", r.annotations_removed},
          {"safeguarding_flags", flags},
          {"verified", r.verified},
          {"verification_failures", failures},
          {"pages_flattened_after_failed_check", r.second_attempt_pages},
          {"ocr_pages", r.ocr_pages},
          {"seconds",
           {{"read", r.layout_seconds}, {"ocr", r.ocr_seconds}, {"detect", r.detect_seconds}, {"redact", r.redact_seconds},
            {"verify", r.verify_seconds}}}};
}

}  // namespace

void AddRedactCommand(CLI::App& app, std::function<void()>& run, int& exit_code, const bool* json_out) {
  struct Options {
    std::string in, out, context, terms, boxes;
    int threads = 2;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("redact", "Redact one PDF outside any case, and prove the redactions hold");
  cmd->add_option("in", o->in, "The PDF to redact")->required();
  cmd->add_option("--out", o->out, "Where to write the redacted PDF (written only if it passes verification)")->required();
  cmd->add_option("--context", o->context,
                  "Case context JSON ({subject, staff}, as shared/corpus/README.md): run detection and apply its "
                  "redact proposals");
  cmd->add_option("--terms", o->terms, "File of strings to redact wherever they occur, one per line, any case");
  cmd->add_option("--boxes", o->boxes,
                  "JSON array of {page (from 1), x0, y0, x1, y1 (PDF points, origin bottom-left), reason}");
  cmd->add_option("--threads", o->threads, "Threads for reading and checking pages (default 2)")
      ->check(CLI::Range(1, 64));
  cmd->footer(
      "Reasons are exemption codes: third_party (default), serious_harm, social_work_prejudice, crime_taxation,\n"
      "legal_privilege, confidential_reference, regulatory, national_security, research_statistics,\n"
      "human_fertilisation, not_requester_data, out_of_scope.\n"
      "Exit status 1 when the input cannot be used or the output fails verification (the page and the method\n"
      "that recovered text are named, and nothing is written).");
  cmd->callback([&run, &exit_code, o, json_out] {
    run = [&exit_code, o, json_out] {
      auto fail = [&](const std::string& message) {
        std::cerr << "sardesk: " << message << "\n";
        exit_code = 1;
      };
      redact::FileRedactionRequest req;
      req.in_path = o->in;
      req.out_path = o->out;
      req.threads = o->threads;
      std::string text, error;
      if (!o->context.empty()) {
        if (!ReadSmallFile(o->context, &text, &error)) return fail(error);
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return fail(o->context + " is not a JSON object");
        req.context = ContextFromJson(j.contains("context") ? j["context"] : j);
      }
      if (!o->terms.empty()) {
        if (!ReadSmallFile(o->terms, &text, &error)) return fail(error);
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (line.find_first_not_of(" \t") != std::string::npos) req.terms.push_back(line);
        }
      }
      if (!o->boxes.empty()) {
        if (!ReadSmallFile(o->boxes, &text, &error)) return fail(error);
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded()) return fail(o->boxes + " is not JSON");
        if (!ParseBoxes(j, &req.boxes, &error)) return fail(o->boxes + ": " + error);
      }
      redact::FileRedactionReport partial;
      auto report = redact::RedactFile(req, &partial);
      if (!report.ok()) {
        if (*json_out && !partial.failures.empty()) std::cout << ReportJson(partial).dump(2) << "\n";
        return fail(report.status().message());
      }
      if (*json_out) {
        std::cout << ReportJson(*report).dump(2) << "\n";
        return;
      }
      int flattened = 0;
      for (const auto& p : report->changed_pages) flattened += p.method == "flattened";
      std::cout << "redacted " << report->marks << " boxes on " << report->changed_pages.size() << " of "
                << report->pages << " pages (" << flattened << " flattened); verified: nothing recoverable\n";
      for (const auto& f : report->flags)
        std::cout << "safeguarding flag " << f.flag << " on page " << f.page
                  << ": hold a safeguarding meeting before release\n";
      if (report->review_proposals)
        std::cout << report->review_proposals << " detections need a person to decide and were not applied\n";
      std::cout << "written " << o->out << "\n";
    };
  });
}

}  // namespace sardesk::cli
