#include "cli/bundle_command.h"

#include "cli/command_support.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

namespace sardesk::cli {
namespace {

using nlohmann::json;

void PrintBundle(const json& b) {
  std::cout << "bundle " << b["id"] << " of " << b["reference"].get<std::string>() << ": " << b["pages"] << " pages in "
            << b["volumes"].size() << (b["volumes"].size() == 1 ? " volume" : " volumes") << ", order "
            << b["order"].get<std::string>() << ", built by " << b["built_by"].get<std::string>() << " at "
            << b["built_at"].get<std::string>();
  if (b["options"].value("format", "standard") != "standard")
    std::cout << ", format " << b["options"].value("format", "standard");
  if (b.contains("current")) std::cout << (b["current"].get<bool>() ? " (current)" : " (out of date: build again)");
  std::cout << "\n";
  for (const auto& v : b["volumes"])
    std::cout << "  volume " << v["volume"] << ": " << v["file"].get<std::string>() << "  " << v["pages"]
              << " pages  sha256 " << v["sha256"].get<std::string>() << "\n";
  for (const auto& d : b["documents"])
    std::cout << "  " << d["filename"].get<std::string>() << "  volume " << d["volume"] << ", pages "
              << d["first_page"] << "-" << d["last_page"] << (d["redacted"].get<bool>() ? "  (redacted)" : "") << "\n";
}

void PrintRelease(const json& r) {
  std::cout << "release " << r["id"] << " of bundle " << r["bundle_id"] << ": " << r["file"].get<std::string>() << " ("
            << (r["kind"] == "pdf" ? "AES-256 PDF" : "AES-256 zip") << ", sha256 " << r["file_sha256"].get<std::string>()
            << ") by " << r["created_by"].get<std::string>() << " at " << r["created_at"].get<std::string>() << "\n";
  for (const auto& d : r["deliveries"])
    std::cout << "  delivered by " << d["route"].get<std::string>() << " by " << d["delivered_by"].get<std::string>()
              << " at " << d["delivered_at"].get<std::string>() << "  " << d["details"].dump() << "\n";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{"cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The delivery options shared by release create and release deliver.
struct DeliveryOptions {
  std::string route, note, to, medium, tracking, collected_by, id_document, held_on;
  std::vector<std::string> attendees;
  bool id_checked = false, paper_copy = false;
  std::int64_t fee_pence = -1;

  void Add(CLI::App* cmd) {
    cmd->add_option("--route", route, "secure_download, encrypted_email, post, collection or supported_meeting")
        ->required()
        ->check(CLI::IsMember({"secure_download", "encrypted_email", "post", "collection", "supported_meeting"}));
    cmd->add_option("--note", note, "A note on the delivery");
    cmd->add_option("--to", to, "encrypted_email: the requester's address");
    cmd->add_option("--medium", medium, "post: encrypted_media or paper");
    cmd->add_option("--tracking", tracking, "post: the tracked post reference");
    cmd->add_option("--collected-by", collected_by, "collection: who collected");
    cmd->add_flag("--id-checked", id_checked, "collection: their identity was checked");
    cmd->add_option("--id-document", id_document, "collection: the document seen, e.g. passport");
    cmd->add_option("--held-on", held_on, "supported_meeting: the date, YYYY-MM-DD");
    cmd->add_option("--attendee", attendees, "supported_meeting: who attended (repeat)");
    cmd->add_flag("--paper-copy", paper_copy, "collection or meeting: a paper copy was handed over");
    cmd->add_option("--fee-pence", fee_pence, "A reasonable fee for paper copies, in pence");
  }

  json Body() const {
    json d = {{"route", route}};
    auto put = [&](const char* k, const std::string& v) {
      if (!v.empty()) d[k] = v;
    };
    put("note", note);
    put("to", to);
    put("medium", medium);
    put("tracking_reference", tracking);
    put("collected_by", collected_by);
    put("id_document", id_document);
    put("held_on", held_on);
    if (!attendees.empty()) d["attendees"] = attendees;
    if (route == "collection") d["id_checked"] = id_checked;
    if (paper_copy) d["paper_copy"] = true;
    if (fee_pence >= 0) d["fee_pence"] = fee_pence;
    return d;
  }
};

}  // namespace

void AddBundleCommands(CLI::App& app, std::function<void()>& run, int& exit_code, BundleCommandServices services,
                       const std::string* actor, const bool* json_out) {
  auto svc = std::make_shared<BundleCommandServices>(std::move(services));
  auto on = CommandRunner(run, exit_code);
  auto emit = OutputPrinter(json_out);
  auto ref = std::make_shared<std::string>();
  auto id = std::make_shared<std::int64_t>(0);

  // bundle
  auto* bundle = app.add_subcommand("bundle", "The disclosure bundle: one PDF (or volumes) of the redacted records");
  bundle->require_subcommand(1);
  auto* build = bundle->add_subcommand("build", "Build the bundle from the applied redactions");
  build->add_option("--case", *ref, "Reference of the request")->required();
  auto order = std::make_shared<std::string>("source");
  auto chronology = std::make_shared<bool>(false);
  auto letter_file = std::make_shared<std::string>();
  auto letter_id = std::make_shared<std::int64_t>(0);
  auto letter_generate = std::make_shared<bool>(false);
  build->add_option("--order", *order, "source (as collected, default) or date (oldest document first)")
      ->check(CLI::IsMember({"source", "date"}));
  build->add_flag("--chronology", *chronology, "Add a chronology of the dates in the records (seed 002 9.2)");
  build->add_option("--covering-letter", *letter_file, "A covering letter PDF to put first");
  build->add_option("--covering-letter-id", *letter_id, "A letter sent on the case (sardesk letter list) to put first");
  build->add_flag("--generate-covering-letter", *letter_generate, "Put the release covering letter, made now, first");
  auto format = std::make_shared<std::string>();
  build->add_option("--format", *format,
                    "standard, large_print (18pt front matter, records enlarged to A3, tagged) or accessible (a "
                    "tagged PDF for screen readers); default: the requester's preferred format on the case")
      ->check(CLI::IsMember({"standard", "large_print", "accessible"}));
  build->footer("Refused while redactions are undecided or not applied. Volumes above the council's "
                "bundle_volume_pages setting. Kept in DATA/cases/<reference>/bundles/ with their SHA-256.");
  on(build, [=] {
    json body = {{"order", *order}, {"chronology", *chronology}};
    if (*letter_id > 0) body["covering_letter_id"] = *letter_id;
    if (*letter_generate) body["covering_letter"] = "generate";
    if (!format->empty()) body["format"] = *format;
    std::string letter = letter_file->empty() ? "" : ReadFile(*letter_file);
    json b = Must(svc->bundles().Build(*ref, body, *actor, letter));
    emit(b, [&] { PrintBundle(b); });
  });
  auto* show = bundle->add_subcommand("show", "Show the latest bundle (or --id), and whether it is still current");
  show->add_option("--case", *ref, "Reference of the request")->required();
  show->add_option("--id", *id, "A bundle id (default the latest)");
  on(show, [=] {
    json b = Must(svc->bundles().Show(*ref, *id));
    emit(b, [&] { PrintBundle(b); });
  });
  auto* list = bundle->add_subcommand("list", "Every bundle built for the request, oldest first");
  list->add_option("--case", *ref, "Reference of the request")->required();
  on(list, [=] {
    json r = Must(svc->bundles().List(*ref));
    emit(r, [&] {
      for (const auto& b : r["bundles"]) PrintBundle(b);
      if (r["bundles"].empty()) std::cout << "no bundle built yet\n";
    });
  });
  auto* exp = bundle->add_subcommand("export", "Copy the bundle's volumes (checked against their hashes) to a folder");
  exp->add_option("--case", *ref, "Reference of the request")->required();
  exp->add_option("--id", *id, "A bundle id (default the latest)");
  auto out_dir = std::make_shared<std::string>();
  exp->add_option("--out", *out_dir, "The folder to copy to")->required();
  on(exp, [=] {
    json r = Must(svc->bundles().Export(*ref, *id, *out_dir, *actor));
    emit(r, [&] {
      for (const auto& f : r["files"])
        std::cout << f["file"].get<std::string>() << "  " << f["pages"] << " pages  sha256 "
                  << f["sha256"].get<std::string>() << "\n";
    });
  });

  // release
  auto* release = app.add_subcommand("release", "Release the bundle encrypted, and record how it was delivered");
  release->require_subcommand(1);
  auto* create = release->add_subcommand("create", "Encrypt the current bundle, record its delivery and release the request");
  create->add_option("--case", *ref, "Reference of the request")->required();
  auto delivery = std::make_shared<DeliveryOptions>();
  delivery->Add(create);
  auto outcome = std::make_shared<std::string>();
  auto released_on = std::make_shared<std::string>();
  auto bundle_id = std::make_shared<std::int64_t>(0);
  create->add_option("--outcome", *outcome, "disclosed_in_full or disclosed_in_part (default from the redactions)");
  create->add_option("--released-on", *released_on, "YYYY-MM-DD (default today)");
  create->add_option("--bundle", *bundle_id, "The bundle to release (default the latest)");
  create->footer("Refused while the release gate holds the request back (safeguarding, redactions, QA). The "
                 "password is printed once: give it by telephone or a separate message, never with the file.");
  on(create, [=] {
    json body = {{"delivery", delivery->Body()}};
    if (!outcome->empty()) body["outcome"] = *outcome;
    if (!released_on->empty()) body["released_on"] = *released_on;
    if (*bundle_id > 0) body["bundle_id"] = *bundle_id;
    json r = Must(svc->releases().Release(*ref, body, *actor));
    emit(r, [&] {
      PrintRelease(r);
      std::cout << "PASSWORD: " << r["password"].get<std::string>() << "\n" << r["password_instruction"].get<std::string>() << "\n";
    });
  });
  auto* deliver = release->add_subcommand("deliver", "Record a further delivery of a release (e.g. a meeting)");
  deliver->add_option("--case", *ref, "Reference of the request")->required();
  deliver->add_option("--release", *id, "The release id")->required();
  auto more = std::make_shared<DeliveryOptions>();
  more->Add(deliver);
  on(deliver, [=] {
    json d = Must(svc->releases().Deliver(*ref, *id, more->Body(), *actor));
    emit(d, [&] { std::cout << "delivery " << d["id"] << " by " << d["route"].get<std::string>() << " recorded\n"; });
  });
  auto* rlist = release->add_subcommand("list", "The request's releases and their deliveries");
  rlist->add_option("--case", *ref, "Reference of the request")->required();
  on(rlist, [=] {
    json r = Must(svc->releases().List(*ref));
    emit(r, [&] {
      for (const auto& x : r["releases"]) PrintRelease(x);
      if (r["releases"].empty()) std::cout << "not released yet\n";
    });
  });
}

}  // namespace sardesk::cli
