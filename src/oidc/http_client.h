// The HTTP client sardesk uses to talk to an identity provider: GET and a
// form POST, with a timeout and a response size limit. Adapter over
// libcurl (the only place its HTTP side appears). Abstract so tests can
// record calls; the libcurl one is thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/result.h"

namespace sardesk::oidc {

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Get(const std::string& url) = 0;
  // POSTs fields as application/x-www-form-urlencoded.
  virtual Result<HttpResponse> PostForm(const std::string& url, const std::map<std::string, std::string>& fields) = 0;
};

struct HttpClientOptions {
  long timeout_seconds = 10;
  size_t max_response_bytes = 1 << 20;  // discovery, keys and tokens are small
};

std::unique_ptr<HttpClient> MakeCurlHttpClient(HttpClientOptions options = {});

// Percent-encodes for a query string or form body (RFC 3986 unreserved kept).
std::string UrlEncode(const std::string& value);

// Whether `url` may be used to reach a provider: https, or http only to
// loopback (127.0.0.1, [::1], localhost), for tests and local proxies.
bool AllowedProviderUrl(const std::string& url);

}  // namespace sardesk::oidc
