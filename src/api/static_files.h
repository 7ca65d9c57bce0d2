// The officer's web application (docs/web.md): the files that the web build
// writes to a folder, served at every path outside /api. A path that names
// no file gets index.html, so the application's own addresses (/cases/X)
// load the application. Read-only after construction; thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace httplib {
class Server;
struct Response;
}

namespace sardesk::api {

// What to send for one path.
struct StaticFile {
  std::filesystem::path file;  // inside the root
  std::string content_type;
  std::string cache_control;
};

class StaticFiles {
 public:
  // root: the folder holding index.html (it need not exist yet).
  explicit StaticFiles(std::filesystem::path root);

  // The file for a request path such as "/app-3F2A1B9C.js" or "/cases/SAR-1".
  // Paths under /api, paths that try to leave the root (.., backslashes, NUL,
  // hidden names, links that point outside) and a missing index.html give
  // nullopt. A missing file whose name has an extension gives nullopt too,
  // so a stale asset is a 404 rather than the application's HTML.
  std::optional<StaticFile> Resolve(std::string_view url_path) const;

  // True when the folder holds index.html.
  bool Ready() const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// The folder "web" beside the running executable, where the build puts the
// application (build/sardesk serves build/web); "web" when that is unknown.
std::filesystem::path DefaultWebRoot();

// The media type for a file name, by its extension.
std::string ContentTypeFor(const std::filesystem::path& file);

// "no-cache" for index.html and any name without an esbuild content hash;
// a year, immutable, for hashed names such as app-3F2A1B9C.js.
std::string CacheControlFor(const std::filesystem::path& file);

// The Content-Security-Policy sent with the application: its own origin only,
// no inline script or style attributes, images also from blob: (page renders).
extern const char kWebContentSecurityPolicy[];

// Sends the file for `url_path` with its type, cache and security headers;
// false (nothing sent) when there is none.
bool SendStaticFile(const StaticFiles& files, std::string_view url_path, httplib::Response& res);

// Serves `files` at every GET path outside /api on `server` (for a missing
// file: 404 in the API's error shape). `files` must outlive the server.
void ServeStaticFiles(httplib::Server& server, const StaticFiles* files);

}  // namespace sardesk::api
