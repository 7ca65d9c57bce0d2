#include "office/office_converter.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "ingest/package_kind.h"

extern char** environ;

namespace sardesk::office {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kOle = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

struct Format {
  std::string_view media_type;
  std::string_view extension;  // tells LibreOffice which import filter to use
  std::string_view noun;       // for messages
  bool zip;                    // OOXML and ODF files are zips
};

constexpr Format kFormats[] = {
    {"application/msword", "doc", "Word document", false},
    {"application/vnd.ms-excel", "xls", "Excel spreadsheet", false},
    {"application/rtf", "rtf", "RTF document", false},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word document", true},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel spreadsheet", true},
    {"application/vnd.oasis.opendocument.text", "odt", "OpenDocument text", true},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument spreadsheet", true},
};

const Format* FindFormat(const std::string& media_type) {
  for (const auto& f : kFormats)
    if (f.media_type == media_type) return &f;
  return nullptr;
}

std::string Noun(const Format& f) { return std::string(f.noun); }

Status PasswordProtected(const Format& f) {
  return Status::Invalid("this " + Noun(f) +
                         " is password protected: ask the service area for a copy without the password (or a PDF)");
}

Status Damaged(const Format& f) {
  return Status::Invalid("this " + Noun(f) + " is damaged or incomplete: ask the service area to send it again");
}

// UTF-16LE, as names are stored in an OLE compound file's directory.
std::string Utf16(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// Which of `needles` occur in the file (read in chunks, never whole).
std::vector<bool> FileContains(const std::string& path, const std::vector<std::string>& needles) {
  std::vector<bool> found(needles.size(), false);
  std::ifstream in(path, std::ios::binary);
  size_t overlap = 0;
  for (const auto& n : needles) overlap = std::max(overlap, n.size());
  std::string window;
  std::vector<char> chunk(1 << 20);
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    window.append(chunk.data(), got);
    for (size_t i = 0; i < needles.size(); ++i)
      if (!found[i] && window.find(needles[i]) != std::string::npos) found[i] = true;
    if (window.size() > overlap) window.erase(0, window.size() - overlap);
  }
  return found;
}

std::string Head(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

Status CheckOle(const std::string& path, const Format& f) {
  // A password-protected .docx/.xlsx is an OLE file holding the encrypted
  // package; an Outlook message has __substg1.0_ streams.
  auto found = FileContains(path, {Utf16("EncryptedPackage"), Utf16("__substg1.0_")});
  if (found[0]) return PasswordProtected(f);
  if (found[1])
    return Status::Invalid("this is an Outlook .msg message, which no Debian library reads: ask for it to be saved "
                           "as .eml (or printed to PDF) and upload that");
  return Status::Ok();
}

Status CheckZip(const std::string& path, const Format& f, const Limits& limits) {
  auto zip = archive::ZipFile::FromPath(path);
  auto entries = zip.List(limits.unpacked);
  if (!entries.ok()) {
    if (entries.status().code() == ErrorCode::kTooLarge)
      return Status::TooLarge("this " + Noun(f) + " unpacks to more than sardesk allows (" +
                              entries.status().message() + ")");
    if (entries.status().message().find("password") != std::string::npos) return PasswordProtected(f);
    return Damaged(f);
  }
  std::vector<std::string> paths;
  for (const auto& e : *entries) paths.push_back(e.path);
  std::string mimetype;
  if (std::find(paths.begin(), paths.end(), "mimetype") != paths.end()) {
    auto m = zip.ReadFile("mimetype", 200);
    if (m.ok() && m->has_value()) mimetype = **m;
  }
  std::string actual = ingest::OfficeTypeFromEntries(paths, mimetype);
  if (actual.empty()) return Status::Invalid("this file is named as a " + Noun(f) + " but is not one: ask the service area to send it again");
  if (f.extension == "odt" || f.extension == "ods") {
    auto manifest = zip.ReadFile("META-INF/manifest.xml", 4 << 20);
    if (!manifest.ok()) return Damaged(f);
    if (manifest->has_value() && (*manifest)->find("encryption-data") != std::string::npos) return PasswordProtected(f);
  }
  return Status::Ok();
}

// A folder removed with everything in it when this goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& parent) {
    std::string pattern = (fs::path(parent.empty() ? fs::temp_directory_path().string() : parent) /
                           "sardesk-office-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string FileUrl(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string url = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

// Defence in depth for the private profile: no macros, no links fetched
// on behalf of untrusted documents.
constexpr const char* kProfileSettings =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"MacroSecurityLevel\" "
    "oor:op=\"fuse\"><value>3</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"DisableMacrosExecution\" "
    "oor:op=\"fuse\"><value>true</value></prop></item>\n"
    "<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop "
    "oor:name=\"BlockUntrustedRefererLinks\" oor:op=\"fuse\"><value>true</value></prop></item>\n"
    "</oor:items>\n";

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnActions() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnActions() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
};

enum class Outcome { kExited, kTimedOut };

// Runs argv in its own process group with `env`, output to `log`; kills the
// whole group when it outlives the timeout.
Result<Outcome> Run(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log,
                    int timeout_seconds, int* exit_status) {
  SpawnActions s;
  posix_spawn_file_actions_addopen(&s.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&s.actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&s.actions, STDOUT_FILENO, STDERR_FILENO);
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &defaults);
  posix_spawnattr_setpgroup(&s.attr, 0);
  posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &s.actions, &s.attr, args.data(), envp.data());
  if (rc != 0)
    return Status::Refused("cannot start LibreOffice (" + argv[0] + ": " + std::strerror(rc) +
                           "): install it with script/bootstrap");

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    siginfo_t info{};
    // WNOWAIT: the exited leader stays a zombie, so its group id cannot be
    // reused before the group is cleaned up below.
    int waited = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
    if (waited == 0 && info.si_pid == pid) break;
    if (waited < 0 && errno == ECHILD) {  // reaped elsewhere (SIGCHLD ignored): judge by the output
      *exit_status = 0;
      return Outcome::kExited;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      int ignored = 0;
      waitpid(pid, &ignored, 0);
      return Outcome::kTimedOut;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(-pid, SIGKILL);  // anything the program left behind in its group
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return Outcome::kExited;
}

std::vector<std::string> ChildEnvironment(const std::string& home) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view v(*e);
    if (v.substr(0, 5) == "HOME=" || v.substr(0, 7) == "TMPDIR=") continue;
    env.emplace_back(v);
  }
  env.push_back("HOME=" + home);
  env.push_back("TMPDIR=" + home);
  return env;
}

}  // namespace

bool IsOfficeType(const std::string& media_type) { return FindFormat(media_type) != nullptr; }

Status CheckDocument(const std::string& path, const std::string& media_type, const Limits& limits) {
  const Format* f = FindFormat(media_type);
  if (f == nullptr) return Status::Invalid(media_type + " is not an office document type");
  std::string head = Head(path, 8);
  if (head.empty()) return Status::Invalid("this " + Noun(*f) + " is empty (0 bytes): ask the service area to send it again");
  if (head == kOle) return CheckOle(path, *f);
  if (f->zip) {
    if (head.substr(0, 2) != "PK") return Damaged(*f);
    return CheckZip(path, *f, limits);
  }
  if (f->extension == "rtf" && head.substr(0, 5) != "{\\rtf") return Damaged(*f);
  if (f->extension != "rtf") return Damaged(*f);  // .doc and .xls are OLE files
  return Status::Ok();
}

namespace {

// Runs LibreOffice on `input` (copied into a private folder as
// document.<extension>) with `--convert-to convert_to`, and copies the
// result (document.<out_extension>) to `output`. `noun` names the document
// in messages; `check_output` tells a good result from a bad one.
Status RunConversion(const std::string& input, std::string_view extension, const std::string& convert_to,
                     std::string_view out_extension, const std::string& noun, const std::string& output,
                     const Limits& limits, bool untrusted) {
  TempDir dir(limits.work_dir);
  if (dir.path().empty()) return Status::Internal("cannot make a temporary folder for LibreOffice");
  const fs::path root(dir.path());
  const fs::path document = root / ("document." + std::string(extension));
  std::error_code ec;
  fs::create_directories(root / "out", ec);
  if (!ec) fs::create_directories(root / "profile" / "user", ec);
  if (!ec) fs::copy_file(input, document, ec);
  if (ec) return Status::Internal("cannot prepare the conversion: " + ec.message());
  {
    std::ofstream settings(root / "profile" / "user" / "registrymodifications.xcu");
    settings << kProfileSettings;
  }
  std::vector<std::string> argv = {limits.soffice,
                                   "-env:UserInstallation=" + FileUrl((root / "profile").string()),
                                   "--headless",
                                   "--norestore",
                                   "--nolockcheck",
                                   "--nodefault",
                                   "--nologo",
                                   "--convert-to",
                                   convert_to,
                                   "--outdir",
                                   (root / "out").string(),
                                   document.string()};
  int exit_status = 0;
  SARDESK_ASSIGN_OR_RETURN(Outcome outcome, Run(argv, ChildEnvironment(dir.path()), (root / "log.txt").string(),
                                                limits.timeout_seconds, &exit_status));
  if (outcome == Outcome::kTimedOut)
    return Status::Invalid("LibreOffice took longer than " + std::to_string(limits.timeout_seconds) +
                           " seconds to convert this " + noun + ", so it was stopped" +
                           (untrusted ? ": ask the service area for a PDF" : ""));
  const fs::path result = root / "out" / ("document." + std::string(out_extension));
  auto size = fs::file_size(result, ec);
  const std::string magic = out_extension == "pdf" ? "%PDF-" : "PK";
  if (ec || size == 0 || exit_status != 0 || Head(result.string(), magic.size()) != magic) {
    if (!untrusted) return Status::Internal("LibreOffice could not convert the " + noun + " sardesk wrote");
    std::string log = Head((root / "log.txt").string(), 8192);
    if (log.find("assword") != std::string::npos)
      return Status::Invalid("this " + noun +
                             " is password protected: ask the service area for a copy without the password (or a PDF)");
    return Status::Invalid("LibreOffice could not convert this " + noun +
                           ": it may be damaged or password protected: ask the service area for a PDF or a new copy");
  }
  if (static_cast<std::int64_t>(size) > limits.max_output_bytes)
    return Status::TooLarge("this " + noun + " makes a file larger than the limit of " +
                            std::to_string(limits.max_output_bytes >> 20) + " MiB" +
                            (untrusted ? ": ask the service area to split it" : ""));
  fs::copy_file(result, output, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::Internal("cannot keep the converted file: " + ec.message());
  return Status::Ok();
}

}  // namespace

Status ConvertToPdf(const std::string& input, const std::string& media_type, const std::string& output,
                    const Limits& limits) {
  SARDESK_RETURN_IF_ERROR(CheckDocument(input, media_type, limits));
  const Format& f = *FindFormat(media_type);
  return RunConversion(input, f.extension, "pdf", "pdf", Noun(f), output, limits, true);
}

std::string TaggedPdfFilter() {
  // LibreOffice 7.4 reads filter options as JSON on the command line.
  return "pdf:writer_pdf_Export:{\"UseTaggedPDF\":{\"type\":\"boolean\",\"value\":\"true\"},"
         "\"ExportBookmarks\":{\"type\":\"boolean\",\"value\":\"true\"},"
         "\"DisplayPDFDocumentTitle\":{\"type\":\"boolean\",\"value\":\"true\"},"
         "\"SelectPdfVersion\":{\"type\":\"long\",\"value\":\"0\"}}";
}

Status ConvertFlatOdt(const std::string& fodt, WrittenFormat format, const std::string& output, const Limits& limits) {
  TempDir dir(limits.work_dir);
  if (dir.path().empty()) return Status::Internal("cannot make a temporary folder for LibreOffice");
  const fs::path source = fs::path(dir.path()) / "source.fodt";
  {
    std::ofstream out(source, std::ios::binary);
    out << fodt;
    if (!out) return Status::Internal("cannot write the document for LibreOffice");
  }
  if (format == WrittenFormat::kTaggedPdf)
    return RunConversion(source.string(), "fodt", TaggedPdfFilter(), "pdf", "document", output, limits, false);
  return RunConversion(source.string(), "fodt", "docx:MS Word 2007 XML", "docx", "document", output, limits, false);
}

}  // namespace sardesk::office
