#include "api/static_files.h"

#include <httplib.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>

namespace sardesk::api {

namespace fs = std::filesystem;

const char kWebContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

namespace {

constexpr std::size_t kMaxPathLength = 1024;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// One path segment is safe when it is not empty, not hidden, not "." or "..",
// and only holds the characters the web build writes.
bool SafeSegment(std::string_view seg) {
  if (seg.empty() || seg.front() == '.') return false;
  for (char c : seg) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '@' || c == '+' || c == '~')) return false;
  }
  return true;
}

bool IsRegularFileInside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  fs::path canon_root = fs::canonical(root, ec);
  if (ec) return false;
  fs::path canon = fs::canonical(file, ec);
  if (ec) return false;
  auto rel = canon.lexically_relative(canon_root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

bool StaticFiles::Ready() const { return IsRegularFileInside(root_, root_ / "index.html"); }

std::optional<StaticFile> StaticFiles::Resolve(std::string_view url_path) const {
  if (url_path.empty() || url_path.front() != '/' || url_path.size() > kMaxPathLength) return std::nullopt;
  if (url_path == "/api" || StartsWith(url_path, "/api/")) return std::nullopt;
  std::string_view rest = url_path.substr(1);
  fs::path relative;
  bool valid = true;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (!SafeSegment(seg)) {
      valid = false;
      break;
    }
    relative /= std::string(seg);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  if (!valid) return std::nullopt;
  if (!relative.empty()) {
    fs::path file = root_ / relative;
    if (IsRegularFileInside(root_, file)) return StaticFile{file, ContentTypeFor(file), CacheControlFor(file)};
    // A missing asset (it has an extension) is a 404; any other address is
    // one of the application's own pages.
    if (relative.filename().has_extension()) return std::nullopt;
    // The requester portal (docs/portal.md) is an application of its own.
    fs::path portal_index = root_ / "portal" / "index.html";
    if (*relative.begin() == "portal" && IsRegularFileInside(root_, portal_index))
      return StaticFile{portal_index, ContentTypeFor(portal_index), CacheControlFor(portal_index)};
  }
  fs::path index = root_ / "index.html";
  if (!IsRegularFileInside(root_, index)) return std::nullopt;
  return StaticFile{index, ContentTypeFor(index), CacheControlFor(index)};
}

fs::path DefaultWebRoot() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return "web";
  return exe.parent_path() / "web";
}

std::string ContentTypeFor(const fs::path& file) {
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".webmanifest") return "application/manifest+json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::string CacheControlFor(const fs::path& file) {
  // esbuild's [hash]: eight upper-case letters or digits before the extension.
  std::string stem = file.stem().string();
  auto dash = stem.rfind('-');
  bool hashed = dash != std::string::npos && stem.size() - dash - 1 == 8;
  if (hashed) {
    for (std::size_t i = dash + 1; i < stem.size(); ++i) {
      auto u = static_cast<unsigned char>(stem[i]);
      if (!(std::isdigit(u) || std::isupper(u))) hashed = false;
    }
  }
  return hashed ? "public, max-age=31536000, immutable" : "no-cache";
}

bool SendStaticFile(const StaticFiles& files, std::string_view url_path, httplib::Response& res) {
  auto found = files.Resolve(url_path);
  std::string body;
  if (found) {
    std::ifstream in(found->file, std::ios::binary);
    if (!in) return false;
    body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) return false;
  }
  if (!found) return false;
  res.set_header("Cache-Control", found->cache_control);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  if (found->content_type.rfind("text/html", 0) == 0) {
    res.set_header("Content-Security-Policy", kWebContentSecurityPolicy);
    res.set_header("X-Frame-Options", "DENY");
  }
  res.set_content(std::move(body), found->content_type);
  return true;
}

void ServeStaticFiles(httplib::Server& server, const StaticFiles* files) {
  server.Get(R"(/(?!api(?:/|$)).*)", [files](const httplib::Request& req, httplib::Response& res) {
    if (!SendStaticFile(*files, req.path, res)) res.status = 404;  // the error handler writes the JSON body
  });
}

}  // namespace sardesk::api
