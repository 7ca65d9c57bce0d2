#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "api/http_api.h"
#include "api/static_files.h"
#include "case/json_reader.h"
#include "cli/detect_command.h"
#include "cli/account_command.h"
#include "cli/letter_command.h"
#include "cli/bundle_command.h"
#include "cli/redact_command.h"
#include "cli/redaction_command.h"
#include "cli/safeguarding_command.h"
#include "cli/store_command.h"
#include "oidc/http_client.h"
#include "service/admin_service.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/demo_data.h"
#include "service/search_service.h"
#include "case/search_request.h"
#include "mail/mailer.h"
#include "mail/sms.h"
#include "service/portal_service.h"
#include "service/ingest_service.h"
#include "crypt/data_key.h"
#include "store/blob_store.h"
#include "store/folder_lock.h"
#include "store/sqlite_store.h"

namespace sardesk::cli {

using nlohmann::json;

namespace {

// A user error: printed as one line, exit 1.
struct UserError {
  std::string message;
};

struct Globals {
  std::string data_dir = "./data";
  std::string key_file;  // --key-file; else SARDESK_KEY_FILE, SARDESK_KEY, the default key (docs/storage.md)
  std::string smtp_host;  // empty: messages are dropped as .eml files in DATA/outbox
  int smtp_port = 25;
  bool smtp_starttls = false;
  std::string actor;
  std::string today;
  bool json = false;
};

// The services over the data folder, opened on first use.
class Runtime {
 public:
  explicit Runtime(const Globals& g) : g_(g) {}

  void Open() {
    if (store_) return;
    std::error_code ec;
    std::filesystem::create_directories(g_.data_dir, ec);
    if (ec) throw UserError{"cannot create the data folder " + g_.data_dir + ": " + ec.message()};
    if (!g_.today.empty()) {
      auto d = Date::Parse(g_.today);
      if (!d.ok()) throw UserError{"--today: " + d.status().message()};
      time_ = std::make_unique<FixedTime>(*d);
    } else {
      time_ = std::make_unique<SystemTime>();
    }
    // Encryption at rest (issue 8): the key comes from outside the data folder.
    auto key = crypt::ResolveKey(g_.key_file, g_.data_dir, true);
    if (!key.ok()) throw UserError{key.status().message()};
    key_ = std::make_unique<crypt::DataKey>(key->key);
    auto opened = store::OpenSqliteStore((std::filesystem::path(g_.data_dir) / "sardesk.db").string(), key_.get());
    if (!opened.ok()) throw UserError{opened.status().message()};
    store_ = std::move(*opened);
    auto sealed = SealPlainBlobsOnce();
    if (!sealed.ok()) throw UserError{sealed.status().message()};
    sealed_at_open_ = *sealed;
    if (g_.smtp_host.empty()) {
      mailer_ = mail::MakeFileDropMailer((std::filesystem::path(g_.data_dir) / "outbox").string());
    } else {
      mail::SmtpOptions o;
      o.host = g_.smtp_host;
      o.port = g_.smtp_port;
      o.starttls = g_.smtp_starttls;
      if (const char* u = std::getenv("SARDESK_SMTP_USER")) o.username = u;
      if (const char* pw = std::getenv("SARDESK_SMTP_PASSWORD")) o.password = pw;
      mailer_ = mail::MakeSmtpMailer(o);
    }
    ctx_ = std::make_unique<service::ServiceContext>();
    ctx_->store = store_.get();
    ctx_->time = time_.get();
    ctx_->mailer = mailer_.get();
    Status st = service::LoadContext(ctx_.get());
    if (!st.ok()) throw UserError{st.message()};
    cases_ = std::make_unique<service::CaseService>(ctx_.get());
    admin_ = std::make_unique<service::AdminService>(ctx_.get());
    searches_ = std::make_unique<service::SearchService>(ctx_.get(), cases_.get());
    blobs_ = store::MakeEncryptedBlobStore((std::filesystem::path(g_.data_dir) / "blobs").string(), *key_,
                                           (std::filesystem::path(g_.data_dir) / "tmp" / "plain").string());
    ingest_ = std::make_unique<service::IngestService>(ctx_.get(), cases_.get(), blobs_.get(),
                                                       service::IngestLimitsFrom(ctx_->settings));
    redactions_ = std::make_unique<service::RedactionService>(ctx_.get(), cases_.get(), blobs_.get());
    qa_ = std::make_unique<service::QaService>(ctx_.get(), cases_.get(), redactions_.get());
    decisions_ = std::make_unique<service::DisclosureDecisionService>(ctx_.get(), cases_.get());
    safeguarding_ = std::make_unique<service::SafeguardingService>(ctx_.get());
    letters_ = std::make_unique<service::LetterService>(ctx_.get(), cases_.get(), blobs_.get());
    bundles_ = std::make_unique<service::BundleService>(ctx_.get(), cases_.get(), blobs_.get(), g_.data_dir);
    bundles_->SetCoveringLetterSource([this](const std::string& reference) {
      return letters_->RenderLetterPdf(reference, letters::LetterKind::kReleaseCover);
    });
    releases_ = std::make_unique<service::ReleaseService>(ctx_.get(), cases_.get(), bundles_.get());
    services_ = {cases_.get(), searches_.get()};
  }

  service::CaseService& cases() { Open(); return *cases_; }
  service::AdminService& admin() { Open(); return *admin_; }
  service::SearchService& searches() { Open(); return *searches_; }
  service::Services& services() { Open(); return services_; }
  service::IngestService& ingest() { Open(); return *ingest_; }
  service::RedactionService& redactions() { Open(); return *redactions_; }
  service::QaService& qa() { Open(); return *qa_; }
  service::DisclosureDecisionService& decisions() { Open(); return *decisions_; }
  service::SafeguardingService& safeguarding() { Open(); return *safeguarding_; }
  service::LetterService& letters() { Open(); return *letters_; }
  service::AccountService& accounts() {
    Open();
    if (!accounts_) accounts_ = std::make_unique<service::AccountService>(ctx_.get());
    return *accounts_;
  }
  service::BundleService& bundles() { Open(); return *bundles_; }
  service::ServiceContext* context() { Open(); return ctx_.get(); }
  service::ReleaseService& releases() { Open(); return *releases_; }
  // The requester portal (docs/portal.md); codes by text message go to DATA/sms.
  service::PortalService& portal(std::int64_t download_days = 7) {
    Open();
    if (!portal_) {
      sms_ = mail::MakeFileDropSms((std::filesystem::path(g_.data_dir) / "sms").string());
      service::PortalOptions options;
      options.release_download_days = download_days;
      portal_ = std::make_unique<service::PortalService>(ctx_.get(), cases_.get(), releases_.get(), blobs_.get(),
                                                         sms_.get(), auth::HashStrength::kInteractive, options);
    }
    return *portal_;
  }
  const TimeSource& time() { Open(); return *time_; }
  store::BlobStore& blobs() { Open(); return *blobs_; }
  service::RetentionService& retention() {
    Open();
    if (!retention_) retention_ = std::make_unique<service::RetentionService>(ctx_.get(), blobs_.get(), g_.data_dir);
    return *retention_;
  }
  // Blobs sealed by this process's open (a folder written before encryption).
  std::int64_t sealed_at_open() { Open(); return sealed_at_open_; }

 private:
  // Seals blobs written before encryption, once per data folder (a setting
  // records it), so later opens do not scan the document folder.
  Result<std::int64_t> SealPlainBlobsOnce() {
    std::optional<std::string> done;
    SARDESK_RETURN_IF_ERROR(store_->Read([&](store::Transaction& tx) -> Status {
      SARDESK_ASSIGN_OR_RETURN(done, tx.GetSetting("encryption.blobs_sealed"));
      return Status::Ok();
    }));
    if (done) return std::int64_t{0};
    SARDESK_ASSIGN_OR_RETURN(std::int64_t n, store::SealPlainBlobs((std::filesystem::path(g_.data_dir) / "blobs").string(), *key_));
    SARDESK_RETURN_IF_ERROR(store_->Write([&](store::Transaction& tx) { return tx.PutSetting("encryption.blobs_sealed", "1"); }));
    return n;
  }

  const Globals& g_;
  std::unique_ptr<crypt::DataKey> key_;
  std::int64_t sealed_at_open_ = 0;
  std::unique_ptr<service::RetentionService> retention_;  // issue 8
  std::unique_ptr<service::AccountService> accounts_;  // made on first use: it hashes a decoy password
  std::unique_ptr<TimeSource> time_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<service::ServiceContext> ctx_;
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<service::SearchService> searches_;
  service::Services services_{};
  std::unique_ptr<mail::Mailer> mailer_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<service::IngestService> ingest_;
  std::unique_ptr<service::RedactionService> redactions_;
  std::unique_ptr<service::QaService> qa_;
  std::unique_ptr<service::DisclosureDecisionService> decisions_;
  std::unique_ptr<service::SafeguardingService> safeguarding_;
  std::unique_ptr<service::LetterService> letters_;  // issue 6
  std::unique_ptr<service::BundleService> bundles_;   // issue 6
  std::unique_ptr<service::ReleaseService> releases_; // issue 6
  std::unique_ptr<mail::SmsSender> sms_;                 // the requester portal (issue 8)
  std::unique_ptr<service::PortalService> portal_;
};

template <typename T>
T Unwrap(Result<T> r) {
  if (!r.ok()) throw UserError{r.status().message()};
  return std::move(r).value();
}

// A look at a request, or a copy of it, from the command line is audited as
// the API's gate audits it (issue 8, docs/accounts.md): case.view or
// case.download, the command instead of the route, before the command runs;
// no audit, no access. Commands that change a request audit the change.
struct CliAccess {
  const char* command;  // the subcommands, space separated
  const char* subject;  // the option naming the request, or "document" for a document id
  const char* copies;   // an option that writes a copy (a download), or ""
};
constexpr CliAccess kCliAccess[] = {
    {"case show", "reference", ""},
    {"case history", "reference", ""},
    {"page", "document", "--png"},
    {"letter show", "--case", "--out"},
    {"letter list", "--case", ""},
    {"bundle show", "--case", ""},
    {"bundle list", "--case", ""},
    {"bundle export", "--case", "--out"},
    {"redaction export", "--case", "--out"},
    {"redaction schedule", "--case", "--pdf"},
    {"qa show", "--case", ""},
    {"safeguarding show", "--case", ""},
};

std::string ParsedCommand(const CLI::App& app) {
  std::string path;
  const CLI::App* at = &app;
  for (;;) {
    auto subs = at->get_subcommands();
    if (subs.empty()) return path;
    at = subs.front();
    path += (path.empty() ? "" : " ") + at->get_name();
  }
}

void AuditCaseAccess(CLI::App& app, Runtime& rt, const Globals& g) {
  const std::string command = ParsedCommand(app);
  const CliAccess* entry = nullptr;
  for (const auto& a : kCliAccess)
    if (command == a.command) entry = &a;
  if (entry == nullptr) return;
  CLI::App* sub = &app;
  while (!sub->get_subcommands().empty()) sub = sub->get_subcommands().front();
  const CLI::Option* subject = sub->get_option_no_throw(entry->subject);
  if (subject == nullptr || subject->count() == 0) return;
  const std::string value = subject->as<std::string>();
  Result<service::CaseAccessFacts> facts = Status::NotFound("");
  if (std::string_view(entry->subject) == "document") {
    std::int64_t id = 0;
    try {
      id = std::stoll(value);
    } catch (const std::exception&) {
      return;  // the command says what is wrong with it
    }
    facts = rt.accounts().DocumentAccess(id);
  } else {
    facts = rt.accounts().CaseAccess(value);
  }
  if (!facts.ok() || !facts->exists) return;  // the command reports the missing request
  const CLI::Option* copies = *entry->copies ? sub->get_option_no_throw(entry->copies) : nullptr;
  const bool download = copies != nullptr && copies->count() > 0;
  Status st = rt.accounts().RecordAccess(facts->reference, download ? "case.download" : "case.view",
                                         "cli: " + command, g.actor);
  if (!st.ok()) throw UserError{"the access could not be audited, so it is refused: " + st.message()};
}

json ParseBodyOption(const std::string& text) {
  if (text.empty()) return json::object();
  std::string content = text;
  if (text == "-") {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    content = ss.str();
  } else if (text[0] == '@') {
    std::ifstream in(text.substr(1), std::ios::binary);
    if (!in) throw UserError{"--body: cannot read " + text.substr(1)};
    std::stringstream ss;
    ss << in.rdbuf();
    content = ss.str();
  }
  auto parsed = casework::ParseJsonText(content);
  if (!parsed.ok()) throw UserError{"--body: " + parsed.status().message()};
  if (!parsed->is_object()) throw UserError{"--body: must be a JSON object"};
  return *parsed;
}

std::string Str(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "-";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

void PrintCase(const json& v) {
  std::cout << v["reference"].get<std::string>() << "  " << Str(v, "status") << "  (" << Str(v, "route") << ")\n";
  std::cout << "  Data subject:  " << Str(v["subject"], "name") << ", born " << Str(v["subject"], "dob") << "\n";
  std::cout << "  Received:      " << Str(v, "received") << " by " << Str(v, "channel") << "\n";
  std::cout << "  Officer:       " << (v["assigned_officer"].get<std::string>().empty() ? "unassigned" : v["assigned_officer"].get<std::string>()) << "\n";
  const json& c = v["clock"];
  if (c["started"].get<bool>())
    std::cout << "  Due:           " << Str(c, "due") << (c["overdue"].get<bool>() ? "  OVERDUE" : "")
              << (c["paused_now"].get<bool>() ? "  (paused for clarification)" : "") << "\n";
  else
    std::cout << "  Due:           clock not started (waiting for " << Str(c, "waiting_for") << ")\n";
  std::cout << "  Stage:         " << Str(v["stage"], "name") << ", due " << Str(v["stage"], "due")
            << (v["stage"]["overdue"].get<bool>() ? "  OVERDUE" : "") << "\n";
  for (const auto& b : v["checks"]["blockers"]) std::cout << "  To validate:   " << b.get<std::string>() << "\n";
  if (!v["possible_repeat_of"].empty()) std::cout << "  Possible repeat of: " << v["possible_repeat_of"].dump() << "\n";
  std::cout << "  Next:";
  for (const auto& a : v["next_actions"]) std::cout << " " << a["to"].get<std::string>() << (a["allowed"].get<bool>() ? "" : "(blocked)");
  std::cout << "\n";
  for (const auto& b : v["release_blockers"]) std::cout << "  Release blocked: " << b.get<std::string>() << "\n";
}

void Emit(const Globals& g, const json& j, const std::function<void()>& human) {
  if (g.json) std::cout << j.dump(2) << "\n";
  else human();
}

void EmitCase(const Globals& g, const service::CaseView& v) {
  json j = service::ViewToJson(v);
  Emit(g, j, [&] { PrintCase(j); });
}

std::string DefaultActor() {
  for (const char* var : {"SARDESK_USER", "USER"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "cli";
}

std::atomic<bool> g_stop{false};
std::condition_variable g_stop_cv;
std::mutex g_stop_mu;
api::HttpApi* g_server = nullptr;

void OnSignal(int) {
  g_stop = true;
  if (g_server) g_server->Stop();
  g_stop_cv.notify_all();
}

// Adds the options of one catalogue action to a subcommand; values are
// collected into *values and converted to JSON by their declared type.
void AddActionOptions(CLI::App* sub, const service::CaseAction& action, std::map<std::string, std::string>* values) {
  for (const auto& f : action.fields) {
    std::string flag = "--" + f.name;
    for (auto& ch : flag) if (ch == '_') ch = '-';
    sub->add_option(flag, (*values)[f.name], f.help + (f.required ? " (required)" : ""));
  }
}

json ActionBody(const service::CaseAction& action, const std::map<std::string, std::string>& values, json body) {
  for (const auto& f : action.fields) {
    auto it = values.find(f.name);
    if (it == values.end() || it->second.empty()) continue;
    const std::string& v = it->second;
    std::string flag = f.name;
    for (auto& ch : flag) if (ch == '_') ch = '-';
    switch (f.type) {
      case service::FieldType::kBool:
        if (v == "true" || v == "yes") body[f.name] = true;
        else if (v == "false" || v == "no") body[f.name] = false;
        else throw UserError{"--" + flag + ": use true or false"};
        break;
      case service::FieldType::kInt: {
        if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
          throw UserError{"--" + flag + ": must be a whole number"};
        body[f.name] = std::stoll(v);
        break;
      }
      case service::FieldType::kStringList: {
        json items = json::array();
        std::stringstream ss(v);
        std::string item;
        while (std::getline(ss, item, ','))
          if (!item.empty()) items.push_back(item);
        body[f.name] = items;
        break;
      }
      default:
        body[f.name] = v;
    }
  }
  return body;
}

}  // namespace

int RunCli(int argc, char** argv) {
  // Dates are the council's: UK local time unless TZ says otherwise.
  if (!std::getenv("TZ")) setenv("TZ", "Europe/London", 0);
  tzset();
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S%z %l %v");
  Globals g;
  g.actor = DefaultActor();
  CLI::App app{"sardesk: subject access requests from receipt to release"};
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--data", g.data_dir, "Data folder (default ./data)");
  app.add_option("--key-file", g.key_file,
                 "Encryption key file, outside the data folder, mode 0600 (default $SARDESK_KEY_FILE, $SARDESK_KEY, "
                 "else ~/.config/sardesk/data.key, made on first use; docs/storage.md)");
  app.add_option("--as", g.actor, "Who is acting; recorded in the audit trail (default $SARDESK_USER or $USER)");
  app.add_option("--today", g.today, "Treat this date (YYYY-MM-DD) as today, for scripts and tests");
  app.add_flag("--json", g.json, "Print JSON for programs to read");
  if (const char* h = std::getenv("SARDESK_SMTP_HOST")) g.smtp_host = h;
  app.add_option("--smtp-host", g.smtp_host, "Send mail through this SMTP server (default: write .eml files to DATA/outbox; env SARDESK_SMTP_HOST)");
  app.add_option("--smtp-port", g.smtp_port, "SMTP port (default 25)")->check(CLI::Range(1, 65535));
  app.add_flag("--smtp-starttls", g.smtp_starttls, "Require STARTTLS (credentials from SARDESK_SMTP_USER and SARDESK_SMTP_PASSWORD)");
  Runtime rt(g);
  std::function<void()> run;

  // serve
  auto* serve = app.add_subcommand("serve", "Run the HTTP API and the background timers");
  std::string host = "127.0.0.1";
  int port = 8080;
  bool demo = false;
  int timer_seconds = 3600;
  std::int64_t portal_download_days = 7;
  serve->add_option("--host", host, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", port, "Port (default 8080; 0 picks a free port)")->check(CLI::Range(0, 65535));
  serve->add_flag("--demo", demo, "Load demo data when the register is empty");
  bool behind_tls = false;
  serve->add_flag("--behind-tls", behind_tls,
                  "Users reach sardesk over HTTPS (a reverse proxy): Secure cookies and HSTS (docs/accounts.md)");
  std::string web_dir;
  serve->add_option("--web", web_dir, "Folder of the web application (default: web beside the sardesk executable; docs/web.md)");
  serve->add_option("--timer-interval", timer_seconds, "Seconds between timer runs (default 3600)")->check(CLI::Range(1, 86400));
  serve->add_option("--portal-download-days", portal_download_days,
                    "Days after a release that the requester portal offers its download (default 7)")
      ->check(CLI::Range(1, 90));
  serve->callback([&] {
    run = [&] {
      auto& cases = rt.cases();  // opens (and makes) the data folder
      // One server per data folder, and no key rotation under it.
      auto folder_lock = Unwrap(store::FolderLock::Take(
          g.data_dir, "another sardesk serve, or a key rotation, is using the data folder " + g.data_dir));
      auto& admin = rt.admin();
      if (demo) {
        int n = Unwrap(service::LoadDemoData(cases, rt.searches(), admin, rt.time()));
        if (n > 0) spdlog::info("loaded {} demo requests", n);
        // Demo staff sign in with the demo password (docs/accounts.md).
        Unwrap(rt.accounts().SetMissingPasswords(service::kDemoPassword, "demo-setup"));
      }
      auto& searches = rt.searches();
      api::HttpApi server(&cases, &searches, &admin);
      auto& ingest = rt.ingest();
      auto requeued = ingest.RequeueInterrupted();
      if (requeued.ok() && *requeued > 0) spdlog::info("resuming {} documents interrupted by a restart", *requeued);
      ingest.StartWorkers(2);
      server.SetIngest(&ingest);
      server.SetRedaction(&rt.redactions(), &rt.qa());
      server.SetSafeguarding(&rt.decisions(), &rt.safeguarding());
      server.SetLetters(&rt.letters());
      server.SetBundles(&rt.bundles(), &rt.releases());
      server.SetPortal(&rt.portal(portal_download_days));
      service::RegisterService registers(rt.context());
      server.SetRegister(&registers);
      service::WorkListService work_list(rt.context());
      server.SetWorkList(&work_list);
      server.SetWebRoot(web_dir.empty() ? api::DefaultWebRoot().string() : web_dir);
      server.SetAccounts(&rt.accounts(), behind_tls);
      // Sign-in with the council's identity provider, when an administrator
      // has set it up (docs/accounts.md).
      auto oidc_http = oidc::MakeCurlHttpClient();
      service::OidcService oidc_sign_in(rt.context(), &rt.accounts(), oidc_http.get());
      if (Status loaded = oidc_sign_in.Load(); !loaded.ok()) throw UserError{loaded.message()};
      if (const char* secret = std::getenv("SARDESK_OIDC_CLIENT_SECRET")) oidc_sign_in.SetClientSecretOverride(secret);
      server.SetOidc(&oidc_sign_in);
      int bound = Unwrap(server.Bind(host, port));
      g_server = &server;
      std::signal(SIGINT, OnSignal);
      std::signal(SIGTERM, OnSignal);
      std::string last_retention_day;
      std::thread timers([&] {
        std::unique_lock<std::mutex> lock(g_stop_mu);
        while (!g_stop) {
          lock.unlock();
          auto search_report = searches.RunTimers();
          if (!search_report.ok()) spdlog::error("search timers: {}", search_report.status().message());
          else if (!search_report->steps.empty()) spdlog::info("search timers: {} reminders or escalations", search_report->steps.size());
          auto dispatched = searches.DispatchMail();
          if (dispatched.ok() && dispatched->failed > 0) spdlog::warn("mail: {} messages could not be sent yet", dispatched->failed);
          auto report = cases.RunTimers();
          if (!report.ok()) spdlog::error("timers: {}", report.status().message());
          // Retention, once a day (docs/storage.md); references only in the log.
          if (const std::string day = rt.time().Today().ToString(); day != last_retention_day) {
            last_retention_day = day;
            auto destroyed = rt.retention().Run(false, "system");
            if (!destroyed.ok()) spdlog::error("retention: {}", destroyed.status().message());
            else if (!destroyed->due.empty()) spdlog::info("retention: destroyed the documents of {} closed requests", destroyed->due.size());
          }
          else if (!report->moves.empty() || !report->failures.empty())
            spdlog::info("timers moved {} requests; {} could not be moved", report->moves.size(), report->failures.size());
          lock.lock();
          g_stop_cv.wait_for(lock, std::chrono::seconds(timer_seconds), [] { return g_stop.load(); });
        }
      });
      std::cout << "sardesk listening on http://" << host << ":" << bound << std::endl;
      server.Serve();
      g_stop = true;
      g_stop_cv.notify_all();
      timers.join();
      ingest.StopWorkers();
      g_server = nullptr;
    };
  });

  // case ...
  auto* casecmd = app.add_subcommand("case", "Record and work on requests");
  casecmd->require_subcommand(1);

  auto* cnew = casecmd->add_subcommand("new", "Record a new request");
  std::string subject, dob, received, channel, route, relationship, requester, information, officer, body_text;
  cnew->add_option("--subject", subject, "Data subject's full name");
  cnew->add_option("--dob", dob, "Data subject's date of birth, YYYY-MM-DD");
  cnew->add_option("--received", received, "Date received, YYYY-MM-DD (default today)");
  cnew->add_option("--channel", channel, "letter, email, web_form, telephone, in_person, social_media, fax");
  cnew->add_option("--route", route, "sar, foi, eir, law_enforcement, other_disclosure");
  cnew->add_option("--relationship", relationship, "Requester's relationship: self, parental_responsibility, solicitor, agent, attorney, deputy, other");
  cnew->add_option("--requester", requester, "Requester's name when not the data subject");
  cnew->add_option("--information", information, "What was asked for, in the requester's words");
  cnew->add_option("--officer", officer, "Assign to this officer (username)");
  cnew->add_option("--body", body_text, "Further fields as a JSON object (or @FILE, or - for stdin); see docs/openapi.yaml");
  cnew->callback([&] {
    run = [&] {
      json body = ParseBodyOption(body_text);
      if (!subject.empty() || !dob.empty()) {
        json s = body.value("subject", json::object());
        if (!subject.empty()) s["name"] = subject;
        if (!dob.empty()) s["dob"] = dob;
        body["subject"] = s;
      }
      if (!received.empty()) body["received"] = received;
      if (!channel.empty()) body["channel"] = channel;
      if (!route.empty()) body["route"] = route;
      if (!relationship.empty() || !requester.empty()) {
        json q = body.value("requester", json::object());
        if (!relationship.empty()) q["relationship"] = relationship;
        if (!requester.empty()) q["name"] = requester;
        body["requester"] = q;
      }
      if (!information.empty()) {
        json sc = body.value("scope", json::object());
        sc["information_requested"] = information;
        body["scope"] = sc;
      }
      if (!officer.empty()) body["assigned_officer"] = officer;
      EmitCase(g, Unwrap(rt.cases().Create(body, g.actor)));
    };
  });

  std::string ref;
  auto* cshow = casecmd->add_subcommand("show", "Show one request with its clock, checks and next actions");
  cshow->add_option("reference", ref, "Reference, e.g. SAR-2025-000123")->required();
  cshow->callback([&] { run = [&] { EmitCase(g, Unwrap(rt.cases().Get(ref))); }; });

  service::CaseFilter filter;
  auto* clist = casecmd->add_subcommand("list", "List requests, nearest deadline first");
  clist->add_option("--status", filter.status, "Only this status");
  clist->add_option("--officer", filter.officer, "Only this officer's");
  clist->add_option("--search", filter.text, "Reference or data subject name contains");
  clist->add_flag("--open", filter.open_only, "Only open requests");
  clist->add_flag("--overdue", filter.overdue_only, "Only requests past their statutory or stage deadline");
  clist->add_option("--limit", filter.limit, "At most this many (default 500)")->check(CLI::Range(1, 5000));
  clist->callback([&] {
    run = [&] {
      auto views = Unwrap(rt.cases().List(filter));
      json items = json::array();
      for (const auto& v : views) items.push_back(service::SummaryJson(v));
      Emit(g, json{{"cases", items}, {"count", items.size()}}, [&] {
        for (const auto& s : items)
          std::cout << s["reference"].get<std::string>() << "  " << Str(s, "status") << "  due " << Str(s, "due")
                    << (s["overdue"].get<bool>() ? " OVERDUE" : "") << "  stage " << Str(s, "stage") << " due "
                    << Str(s, "stage_due") << (s["stage_overdue"].get<bool>() ? " OVERDUE" : "") << "  "
                    << Str(s, "subject_name") << "\n";
        std::cout << items.size() << " requests\n";
      });
    };
  });

  std::string patch_text;
  std::int64_t expected_version = -1;
  auto* cupdate = casecmd->add_subcommand("update", "Change editable fields (subject, requester, scope, format...)");
  cupdate->add_option("reference", ref, "Reference")->required();
  cupdate->add_option("--body", patch_text, "Fields to change as a JSON object (or @FILE, or -)")->required();
  cupdate->add_option("--version", expected_version, "Refuse unless the request is still at this version");
  cupdate->callback([&] {
    run = [&] {
      std::optional<std::int64_t> ev;
      if (expected_version >= 0) ev = expected_version;
      EmitCase(g, Unwrap(rt.cases().Update(ref, ParseBodyOption(patch_text), ev, g.actor)));
    };
  });

  auto* chistory = casecmd->add_subcommand("history", "The audit trail of one request");
  chistory->add_option("reference", ref, "Reference")->required();
  chistory->callback([&] {
    run = [&] {
      auto entries = Unwrap(rt.cases().History(ref));
      json items = json::array();
      for (const auto& e : entries)
        items.push_back({{"seq", e.seq}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                         {"before", json::parse(e.before, nullptr, false)}, {"after", json::parse(e.after, nullptr, false)}});
      Emit(g, json{{"entries", items}}, [&] {
        for (const auto& e : entries) std::cout << e.seq << "  " << e.at << "  " << e.actor << "  " << e.action << "\n";
      });
    };
  });

  // One subcommand per catalogue action.
  std::map<std::string, std::map<std::string, std::string>> action_values;
  std::map<std::string, std::string> action_bodies;
  for (const auto& action : service::CaseActions()) {
    auto* sub = casecmd->add_subcommand(action.name, action.summary);
    sub->add_option("reference", ref, "Reference")->required();
    AddActionOptions(sub, action, &action_values[action.name]);
    sub->add_option("--body", action_bodies[action.name], "Fields as a JSON object (or @FILE, or -)");
    const service::CaseAction* a = &action;
    sub->callback([&, a] {
      run = [&, a] {
        json body = ActionBody(*a, action_values[a->name], ParseBodyOption(action_bodies[a->name]));
        EmitCase(g, Unwrap(a->run(rt.services(), ref, body, g.actor)));
      };
    });
  }

  // audit verify
  auto* audit = app.add_subcommand("audit", "The audit trail");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "Check the hash chain: detects edited or deleted entries");
  int verify_exit = 0;
  verify->callback([&] {
    run = [&] {
      auto v = Unwrap(rt.admin().VerifyAudit());
      json problems = json::array();
      for (const auto& p : v.problems) problems.push_back({{"seq", p.seq}, {"problem", p.problem}});
      Emit(g, json{{"ok", v.ok}, {"entries", v.entries}, {"cases_checked", v.cases_checked}, {"problems", problems}}, [&] {
        if (v.ok) std::cout << "audit trail intact: " << v.entries << " entries, " << v.cases_checked << " requests checked\n";
        for (const auto& p : v.problems) std::cout << "entry " << p.seq << ": " << p.problem << "\n";
      });
      if (!v.ok) {
        std::cerr << "sardesk: the audit trail has been tampered with (" << v.problems.size() << " problems)\n";
        verify_exit = 1;
      }
    };
  });

  // deadline
  auto* deadline = app.add_subcommand("deadline", "Compute a one-calendar-month SAR deadline");
  std::string d_received, d_region;
  int d_ext = 0, d_paused = 0;
  deadline->add_option("--received", d_received, "Date the clock starts, YYYY-MM-DD")->required();
  deadline->add_option("--region", d_region, "england-and-wales, scotland or northern-ireland (default: the council's)");
  deadline->add_option("--extension-months", d_ext, "0, 1 or 2");
  deadline->add_option("--paused-days", d_paused, "Days paused waiting for clarification");
  deadline->callback([&] {
    run = [&] {
      Date due = Unwrap(rt.admin().Deadline(d_received, d_region, d_ext, d_paused));
      Emit(g, json{{"due", due.ToString()}}, [&] { std::cout << due.ToString() << "\n"; });
    };
  });

  // holiday
  auto* holiday = app.add_subcommand("holiday", "Bank holidays");
  holiday->require_subcommand(1);
  auto* hadd = holiday->add_subcommand("add", "Add a newly announced bank holiday and show which open requests it moves");
  std::string h_region, h_date, h_title;
  bool h_dry = false;
  hadd->add_option("--region", h_region, "england-and-wales, scotland or northern-ireland")->required();
  hadd->add_option("--date", h_date, "YYYY-MM-DD")->required();
  hadd->add_option("--title", h_title, "Name of the holiday")->required();
  hadd->add_flag("--dry-run", h_dry, "Only show which requests it would move");
  hadd->callback([&] {
    run = [&] {
      auto impacts = Unwrap(rt.cases().AddHoliday({{"region", h_region}, {"date", h_date}, {"title", h_title}}, g.actor, h_dry));
      json items = json::array();
      for (const auto& i : impacts) items.push_back({{"reference", i.reference}, {"old_due", i.old_due}, {"new_due", i.new_due}});
      Emit(g, json{{"dry_run", h_dry}, {"moved_cases", items}}, [&] {
        std::cout << (h_dry ? "would move " : "moved ") << impacts.size() << " open requests\n";
        for (const auto& i : impacts) std::cout << "  " << i.reference << ": " << i.old_due << " -> " << i.new_due << "\n";
      });
    };
  });
  auto* hlist = holiday->add_subcommand("list", "List bank holidays");
  hlist->add_option("--region", h_region, "Region (default: the council's)");
  hlist->callback([&] {
    run = [&] {
      auto region = h_region.empty() ? rt.admin().GetSettings().region : Unwrap(clock::ParseRegion(h_region));
      json items = json::array();
      for (const auto& h : rt.admin().Holidays(region)) items.push_back({{"date", h.date.ToString()}, {"title", h.title}});
      Emit(g, json{{"region", clock::RegionName(region)}, {"holidays", items}}, [&] {
        for (const auto& h : items) std::cout << h["date"].get<std::string>() << "  " << h["title"].get<std::string>() << "\n";
      });
    };
  });

  // user
  auto* user = app.add_subcommand("user", "Staff accounts and roles");
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "Add or update a user");
  std::string u_name, u_display, u_role, u_email;
  bool u_inactive = false;
  uadd->add_option("--username", u_name, "Login name")->required();
  uadd->add_option("--name", u_display, "Full name")->required();
  uadd->add_option("--role", u_role, "ig_officer, ig_manager, qa_reviewer, service_area_contact, social_worker_adviser, dpo, administrator")->required();
  uadd->add_option("--email", u_email, "Email address");
  std::string u_area;
  uadd->add_option("--service-area", u_area, "A service-area contact's service area (its id)");
  uadd->add_flag("--inactive", u_inactive, "Mark the account inactive");
  uadd->callback([&] {
    run = [&] {
      json body = {{"username", u_name}, {"display_name", u_display}, {"role", u_role}, {"email", u_email}, {"active", !u_inactive}};
      if (!u_area.empty()) body["service_area"] = u_area;
      auto u = Unwrap(rt.admin().PutUser(body, g.actor));
      Emit(g, json{{"username", u.username}, {"display_name", u.display_name}, {"role", u.role}, {"email", u.email}, {"active", u.active}},
           [&] { std::cout << "saved " << u.username << " (" << u.role << ")\n"; });
    };
  });
  auto* ulist = user->add_subcommand("list", "List users");
  ulist->callback([&] {
    run = [&] {
      auto users = Unwrap(rt.admin().ListUsers());
      json items = json::array();
      for (const auto& u : users)
        items.push_back({{"username", u.username}, {"display_name", u.display_name}, {"role", u.role}, {"email", u.email}, {"active", u.active}});
      Emit(g, json{{"users", items}}, [&] {
        for (const auto& u : users) std::cout << u.username << "  " << u.role << "  " << u.display_name << (u.active ? "" : "  (inactive)") << "\n";
      });
    };
  });

  // settings
  auto* settings = app.add_subcommand("settings", "The council's settings (region, repeat interval, stage targets)");
  settings->require_subcommand(1);
  settings->add_subcommand("show", "Show the settings")->callback([&] {
    run = [&] {
      json j = service::SettingsToJson(rt.admin().GetSettings());
      Emit(g, j, [&] { std::cout << j.dump(2) << "\n"; });
    };
  });
  std::string settings_body;
  auto* sset = settings->add_subcommand("set", "Change settings");
  sset->add_option("--body", settings_body, "Settings to change as JSON, e.g. '{\"region\":\"scotland\"}'")->required();
  sset->callback([&] {
    run = [&] {
      json j = service::SettingsToJson(Unwrap(rt.admin().UpdateSettings(ParseBodyOption(settings_body), g.actor)));
      Emit(g, j, [&] { std::cout << j.dump(2) << "\n"; });
    };
  });

  // exemption catalogue
  auto* exemption = app.add_subcommand("exemption", "The council's exemption catalogue: the labels drawn in redaction boxes and their legal bases");
  exemption->require_subcommand(1);
  auto print_catalogue = [&](const std::vector<redact::Exemption>& list) {
    json j = {{"exemptions", service::ExemptionsToJson(list)}};
    Emit(g, j, [&] {
      for (const auto& e : list)
        std::cout << e.code << "  \"" << e.label << "\" (" << e.short_label << ")  " << e.basis << "\n";
    });
  };
  exemption->add_subcommand("list", "List the exemptions")->callback([&] {
    run = [&] { print_catalogue(rt.admin().Exemptions()); };
  });
  auto* eset = exemption->add_subcommand("set", "Add an exemption, or change the fields given of an existing one");
  std::map<std::string, std::string> e_fields;
  eset->add_option("--code", e_fields["code"], "Code, e.g. third_party (lower-case letters, digits, _)")->required();
  eset->add_option("--name", e_fields["name"], "Name, e.g. \"Third-party information\"");
  eset->add_option("--label", e_fields["label"], "Label drawn in the box, e.g. \"Third party information\"");
  eset->add_option("--short-label", e_fields["short_label"], "Label for small boxes, at most 4 characters, e.g. 3P");
  eset->add_option("--explanation", e_fields["explanation"], "Plain-language explanation for the requester");
  eset->add_option("--basis", e_fields["basis"], "Legal basis, e.g. \"DPA 2018 Schedule 2 Part 3 paragraph 16\"");
  eset->callback([&] {
    run = [&] {
      json body = json::object();
      for (const auto& [k, v] : e_fields)
        if (!v.empty() || k == "code") body[k] = v;
      print_catalogue(Unwrap(rt.admin().PutExemption(body, g.actor)));
    };
  });
  auto* eremove = exemption->add_subcommand("remove", "Remove an exemption no redaction, rule or concern rests on");
  std::string e_code;
  eremove->add_option("--code", e_code, "Code of the exemption")->required();
  eremove->callback([&] { run = [&] { print_catalogue(Unwrap(rt.admin().RemoveExemption(e_code, g.actor))); }; });

  // timers
  auto* timers = app.add_subcommand("timers", "Background timers");
  timers->require_subcommand(1);
  timers->add_subcommand("run", "Run the ID-request timers now (On hold after a month, Closed after three)")->callback([&] {
    run = [&] {
      auto search_report = Unwrap(rt.searches().RunTimers());
      auto report = Unwrap(rt.cases().RunTimers());
      json moves = json::array();
      for (const auto& m : report.moves)
        moves.push_back({{"reference", m.reference}, {"from", m.from}, {"to", m.to}, {"reason", m.reason}});
      json failures = json::array();
      for (const auto& f : report.failures) failures.push_back({{"reference", f.reference}, {"message", f.message}});
      for (const auto& f : search_report.failures) failures.push_back({{"reference", f.reference}, {"message", f.message}});
      json steps = json::array();
      for (const auto& st : search_report.steps)
        steps.push_back({{"reference", st.reference}, {"task", st.task_id}, {"service_area", st.service_area}, {"action", st.action}});
      Emit(g, json{{"moves", moves}, {"search_steps", steps}, {"failures", failures}}, [&] {
        for (const auto& st : search_report.steps)
          std::cout << "  " << st.reference << ": search by " << st.service_area << " " << st.action << "\n";
        std::cout << report.moves.size() << " requests moved\n";
        for (const auto& f : report.failures) std::cout << "  could not move " << f.reference << ": " << f.message << "\n";
        for (const auto& m : report.moves) std::cout << "  " << m.reference << ": " << m.from << " -> " << m.to << " (" << m.reason << ")\n";
      });
    };
  });

  // service areas
  auto* areas = app.add_subcommand("service-area", "Service areas and their single points of contact");
  areas->require_subcommand(1);
  auto* aadd = areas->add_subcommand("add", "Add or update a service area");
  std::string a_id, a_name, a_contact, a_email, a_director, a_director_email, a_systems;
  bool a_inactive = false;
  aadd->add_option("--id", a_id, "Short id, e.g. childrens")->required();
  aadd->add_option("--name", a_name, "Name, e.g. \"Children's social care\"")->required();
  aadd->add_option("--contact-name", a_contact, "Single point of contact")->required();
  aadd->add_option("--contact-email", a_email, "Their email address")->required();
  aadd->add_option("--director-name", a_director, "Service director (for escalation)");
  aadd->add_option("--director-email", a_director_email, "Service director's email address");
  aadd->add_option("--systems", a_systems, "Systems to search, comma-separated");
  aadd->add_flag("--inactive", a_inactive, "Mark the service area inactive");
  aadd->callback([&] {
    run = [&] {
      json systems = json::array();
      std::stringstream ss(a_systems);
      std::string item;
      while (std::getline(ss, item, ','))
        if (!item.empty()) systems.push_back(item);
      auto area = Unwrap(rt.searches().PutServiceArea({{"id", a_id}, {"name", a_name}, {"contact_name", a_contact},
                                                       {"contact_email", a_email}, {"director_name", a_director},
                                                       {"director_email", a_director_email}, {"systems", systems},
                                                       {"active", !a_inactive}}, g.actor));
      Emit(g, casework::ToJson(area), [&] { std::cout << "saved " << area.id << " (" << area.name << ")\n"; });
    };
  });
  areas->add_subcommand("list", "List service areas")->callback([&] {
    run = [&] {
      auto list = Unwrap(rt.searches().ListServiceAreas());
      json items = json::array();
      for (const auto& a : list) items.push_back(casework::ToJson(a));
      Emit(g, json{{"service_areas", items}}, [&] {
        for (const auto& a : list) std::cout << a.id << "  " << a.name << "  " << a.contact_name << " <" << a.contact_email << ">\n";
      });
    };
  });

  // messages and mail
  auto* cmessages = casecmd->add_subcommand("messages", "Messages sent about one request (search requests, reminders...)");
  cmessages->add_option("reference", ref, "Reference")->required();
  cmessages->callback([&] {
    run = [&] {
      (void)Unwrap(rt.cases().Get(ref, false));
      auto rows = Unwrap(rt.searches().Messages(ref));
      json items = json::array();
      for (const auto& r : rows) {
        json m = json::parse(r.message, nullptr, false);
        items.push_back({{"id", r.id}, {"created_at", r.created_at}, {"status", r.status}, {"attempts", r.attempts},
                         {"last_error", r.last_error}, {"sent_at", r.sent_at}, {"message", m}});
      }
      Emit(g, json{{"messages", items}}, [&] {
        for (const auto& m : items)
          std::cout << m["id"] << "  " << m["status"].get<std::string>() << "  " << m["message"].value("subject", "") << "\n";
      });
    };
  });
  auto* mailcmd = app.add_subcommand("mail", "Outgoing mail");
  mailcmd->require_subcommand(1);
  mailcmd->add_subcommand("send", "Send queued messages now")->callback([&] {
    run = [&] {
      auto r = Unwrap(rt.searches().DispatchMail());
      Emit(g, json{{"sent", r.sent}, {"failed", r.failed}}, [&] {
        std::cout << r.sent << " sent, " << r.failed << " could not be sent (kept in the queue)\n";
      });
    };
  });

  // documents
  auto* ingestcmd = app.add_subcommand("ingest", "Add files to a request and turn them into pages");
  std::string i_case, i_area;
  std::int64_t i_task = 0;
  std::vector<std::string> i_files;
  ingestcmd->add_option("--case", i_case, "Reference of the request")->required();
  ingestcmd->add_option("--service-area", i_area, "The service area that sent them");
  ingestcmd->add_option("--task", i_task, "The search task they answer");
  ingestcmd->add_option("files", i_files, "Files to add")->required();
  ingestcmd->callback([&] {
    run = [&] {
      std::vector<service::UploadFile> files;
      for (const auto& f : i_files) files.push_back({f, f});
      json provenance = json::object();
      if (!i_area.empty()) provenance["service_area"] = i_area;
      if (i_task) provenance["search_task_id"] = i_task;
      auto results = Unwrap(rt.ingest().Upload(i_case, files, provenance, g.actor));
      Status processed = rt.ingest().ProcessAll();
      if (!processed.ok()) throw UserError{processed.message()};
      json docs = Unwrap(rt.ingest().Documents(i_case));
      json uploads = json::array();
      int failed = 0;
      for (const auto& r : results) {
        uploads.push_back({{"document_id", r.document_id}, {"filename", r.filename}, {"status", r.status}, {"error", r.error}});
      }
      // This upload's documents: the files given and what came out of their
      // zips and emails (parents come before their children).
      std::set<std::int64_t> mine;
      for (const auto& r : results)
        if (r.document_id) mine.insert(r.document_id);
      for (const auto& d : docs["documents"])
        if (mine.count(d["parent_id"].get<std::int64_t>())) mine.insert(d["id"].get<std::int64_t>());
      for (const auto& d : docs["documents"])
        if (mine.count(d["id"].get<std::int64_t>()) && d["status"] == "failed") ++failed;
      for (const auto& r : results)
        if (r.document_id == 0) ++failed;
      Emit(g, json{{"uploads", uploads}, {"documents", docs["documents"]}, {"volume", docs["volume"]}}, [&] {
        for (const auto& d : docs["documents"]) {
          if (!mine.count(d["id"].get<std::int64_t>())) continue;
          std::cout << d["id"] << "  " << d["filename"].get<std::string>() << "  " << d["status"].get<std::string>()
                    << "  " << d["page_count"] << " pages" << (d["error"].get<std::string>().empty() ? "" : "  " + d["error"].get<std::string>()) << "\n";
        }
        for (const auto& r : results)
          if (r.document_id == 0) std::cout << "-  " << r.filename << "  failed  " << r.error << "\n";
        const auto& v = docs["volume"];
        std::cout << "case total: " << v["pages"] << " pages, " << v["duplicate_pages"] << " duplicates, "
                  << v["pages_after_duplicates"] << " after duplicates" << (v["suggestion"] == "" ? "" : "  suggestion: " + v["suggestion"].get<std::string>()) << "\n";
      });
      if (failed > 0) {
        std::cerr << "sardesk: " << failed << " of " << results.size() << " files could not be used (see the errors above)\n";
        verify_exit = 1;
      }
    };
  });
  auto* docscmd = app.add_subcommand("documents", "The documents of a request, its page count and duplicates");
  std::string d_case;
  std::int64_t d_id = 0;
  std::string d_reason;
  docscmd->add_option("--case", d_case, "Reference of the request")->required();
  docscmd->add_option("--exclude", d_id, "Exclude this document from the bundle (needs --reason)");
  docscmd->add_option("--include", d_id, "Put an excluded document back");
  docscmd->add_option("--reason", d_reason, "Why it is out of scope (e.g. a police report another body answers for)");
  docscmd->callback([&] {
    run = [&] {
      json docs;
      if (docscmd->count("--exclude")) docs = Unwrap(rt.ingest().Exclude(d_case, {{"id", d_id}, {"reason", d_reason}}, g.actor));
      else if (docscmd->count("--include")) docs = Unwrap(rt.ingest().Include(d_case, {{"id", d_id}}, g.actor));
      else docs = Unwrap(rt.ingest().Documents(d_case));
      Emit(g, docs, [&] {
        for (const auto& d : docs["documents"])
          std::cout << d["id"] << "  " << d["filename"].get<std::string>() << "  " << d["status"].get<std::string>() << "  "
                    << d["page_count"] << " pages" << (d["excluded"].get<bool>() ? "  EXCLUDED: " + d["exclusion_reason"].get<std::string>() : "")
                    << (d["duplicate_of"].get<std::int64_t>() ? "  duplicate of " + std::to_string(d["duplicate_of"].get<std::int64_t>()) : "")
                    << (d["status"] == "processing" && d["eta_seconds"].is_number()
                            ? "  " + std::to_string(d["pages_done"].get<std::int64_t>()) + " read, about " +
                                  std::to_string(d["eta_seconds"].get<std::int64_t>()) + " s left"
                            : "")
                    << "\n";
        for (const auto& d : docs["documents"])
          for (const auto& p : d["excluded_pages"])
            std::cout << "  document " << d["id"] << " page " << p["page"] << " EXCLUDED: " << p["reason"].get<std::string>()
                      << "\n";
        const auto& v = docs["volume"];
        std::cout << v["pages"] << " pages, " << v["duplicate_pages"] << " duplicate pages, " << v["pages_after_duplicates"]
                  << " after duplicates, " << v["excluded_pages"] << " excluded\n";
      });
    };
  });
  auto* pagecmd = app.add_subcommand("page", "One page of a document: its text and word boxes, or a PNG; or exclude it");
  std::int64_t p_doc = 0;
  int p_page = 1, p_dpi = 100;
  std::string p_png, p_case, p_reason;
  bool p_excluding = false, p_including = false;
  pagecmd->add_option("document", p_doc, "Document id")->required();
  pagecmd->add_option("page", p_page, "Page number, from 1")->required()->check(CLI::Range(1, 1000000));
  pagecmd->add_option("--png", p_png, "Write the page as a PNG to this file");
  pagecmd->add_option("--dpi", p_dpi, "Resolution of the PNG (default 100)")->check(CLI::Range(20, 300));
  auto* p_exclude =
      pagecmd->add_flag("--exclude", p_excluding, "Leave this page out of the bundle (needs --case and --reason)");
  auto* p_include = pagecmd->add_flag("--include", p_including, "Put an excluded page back (needs --case)");
  p_exclude->excludes(p_include);
  auto* p_case_opt = pagecmd->add_option("--case", p_case, "Reference of the request the document belongs to");
  p_exclude->needs(p_case_opt);
  p_include->needs(p_case_opt);
  pagecmd->add_option("--reason", p_reason, "Why the page is out of scope");
  pagecmd->callback([&] {
    run = [&] {
      if (p_excluding || p_including) {
        json body = {{"document_id", p_doc}, {"page", p_page}};
        if (p_excluding) body["reason"] = p_reason;
        json docs = Unwrap(p_excluding ? rt.ingest().ExcludePage(p_case, body, g.actor)
                                       : rt.ingest().IncludePage(p_case, body, g.actor));
        Emit(g, docs, [&] {
          std::cout << "document " << p_doc << " page " << p_page << (p_excluding ? " excluded" : " included")
                    << "; " << docs["volume"]["pages"] << " pages, " << docs["volume"]["excluded_pages"]
                    << " excluded\n";
        });
        return;
      }
      if (!p_png.empty()) {
        std::string png = Unwrap(rt.ingest().RenderPage(p_doc, p_page - 1, p_dpi));
        std::ofstream out(p_png, std::ios::binary);
        out.write(png.data(), static_cast<std::streamsize>(png.size()));
        if (!out) throw UserError{"cannot write " + p_png};
        Emit(g, json{{"written", p_png}, {"bytes", png.size()}}, [&] { std::cout << "wrote " << p_png << "\n"; });
        return;
      }
      json page = Unwrap(rt.ingest().Page(p_doc, p_page - 1));
      Emit(g, page, [&] {
        if (page["excluded"].get<bool>()) std::cout << "EXCLUDED: " << page["exclusion_reason"].get<std::string>() << "\n";
        if (!page["ocr_confidence"].is_null()) std::cout << "(read by OCR, confidence " << page["ocr_confidence"] << ")\n";
        std::cout << page["text"].get<std::string>() << "\n";
      });
    };
  });

  // reference data
  app.add_subcommand("reference", "The vocabularies: channels, routes, document types, statuses, outcomes...")->callback([&] {
    run = [&] {
      json j = rt.admin().ReferenceData();
      Emit(g, j, [&] {
        for (auto it = j["enums"].begin(); it != j["enums"].end(); ++it) {
          std::cout << it.key() << ":\n";
          for (const auto& v : it.value()) std::cout << "  " << v["value"].get<std::string>() << "  " << v["label"].get<std::string>() << "\n";
        }
      });
    };
  });

  AddDetectCommand(app, run, verify_exit);  // detect: its exit status shares verify_exit
  AddRedactCommand(app, run, verify_exit, &g.json);
  AddRedactionCommands(app, run, verify_exit, {[&rt]() -> service::RedactionService& { return rt.redactions(); },
                                               [&rt]() -> service::QaService& { return rt.qa(); },
                                               [&rt]() { return rt.admin().GetSettings().organisation; }},
                       &g.actor, &g.json);
  AddSafeguardingCommands(app, run, verify_exit,
                          {[&rt]() -> service::DisclosureDecisionService& { return rt.decisions(); },
                           [&rt]() -> service::SafeguardingService& { return rt.safeguarding(); }},
                          &g.actor, &g.json);
  AddAccountCommands(app, run, verify_exit, [&rt]() -> service::AccountService& { return rt.accounts(); }, &g.actor,
                     &g.json);
  AddLetterCommands(app, run, verify_exit, [&rt]() -> service::LetterService& { return rt.letters(); }, &g.actor, &g.json);
  AddBundleCommands(app, run, verify_exit,
                    {[&rt]() -> service::BundleService& { return rt.bundles(); },
                     [&rt]() -> service::ReleaseService& { return rt.releases(); }},
                    &g.actor, &g.json);

  AddStoreCommands(app, run, verify_exit,
                   {[&rt]() -> service::RetentionService& { return rt.retention(); },
                    [&rt]() { return rt.sealed_at_open(); },
                    [&rt]() -> store::BlobStore& { return rt.blobs(); },
                    [&g](const std::string& new_key_file) -> Result<store::KeyRotationReport> {
                      // Not through Runtime::Open: a half-rotated folder must still be reachable.
                      auto lock = store::FolderLock::Take(
                          g.data_dir, "sardesk serve is running on the data folder " + g.data_dir +
                                          ": stop it before rotating the key");
                      if (!lock.ok()) return lock.status();
                      auto current = crypt::ResolveKey(g.key_file, g.data_dir, false);
                      if (!current.ok()) return current.status();
                      auto next = crypt::ReadKeyFile(new_key_file, g.data_dir);
                      if (!next.ok()) return Status::Invalid("--new-key-file: " + next.status().message());
                      return store::RotateDataKey(g.data_dir, current->key, *next);
                    }},
                   &g.actor, &g.json);

  // demo
  auto* democmd = app.add_subcommand("demo", "Demo data");
  democmd->require_subcommand(1);
  democmd->add_subcommand("load", "Load demo staff and requests into an empty register")->callback([&] {
    run = [&] {
      int n = Unwrap(service::LoadDemoData(rt.cases(), rt.searches(), rt.admin(), rt.time()));
      Unwrap(rt.accounts().SetMissingPasswords(service::kDemoPassword, "demo-setup"));
      Emit(g, json{{"created", n}}, [&] {
        std::cout << (n ? "loaded " + std::to_string(n) + " demo requests" : std::string("the register already has requests: nothing loaded")) << "\n";
      });
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (!run) return 2;
  try {
    AuditCaseAccess(app, rt, g);
    run();
  } catch (const UserError& e) {
    std::cerr << "sardesk: " << e.message << "\n";
    return 1;
  }
  return verify_exit;
}

}  // namespace sardesk::cli
