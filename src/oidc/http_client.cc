#include "oidc/http_client.h"

#include <curl/curl.h>

#include <mutex>

namespace sardesk::oidc {

namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};

struct Sink {
  std::string* out;
  size_t limit;
  bool too_large = false;
};

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t n = size * count;
  if (sink->out->size() + n > sink->limit) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->out->append(data, n);
  return n;
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(HttpClientOptions o) : o_(o) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<HttpResponse> Get(const std::string& url) override { return Perform(url, nullptr); }

  Result<HttpResponse> PostForm(const std::string& url, const std::map<std::string, std::string>& fields) override {
    std::string body;
    for (const auto& [k, v] : fields) {
      if (!body.empty()) body += '&';
      body += UrlEncode(k) + "=" + UrlEncode(v);
    }
    return Perform(url, &body);
  }

 private:
  Result<HttpResponse> Perform(const std::string& url, const std::string* form) {
    if (!AllowedProviderUrl(url))
      return Status::Invalid("the identity provider must be reached over https (http only on loopback)");
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Status::Internal("cannot start the HTTP client");
    HttpResponse res;
    Sink sink{&res.body, o_.max_response_bytes};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, o_.timeout_seconds);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_slist* raw = curl_slist_append(nullptr, "Accept: application/json");
    std::unique_ptr<curl_slist, SlistDeleter> headers(raw);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    if (form) {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
    }
    CURLcode rc = curl_easy_perform(c);
    if (sink.too_large) return Status::TooLarge("the identity provider's answer is too large");
    // The message names the failure, never the URL's query (which may hold a code).
    if (rc != CURLE_OK) return Status::Internal(std::string("cannot reach the identity provider: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
    char* ct = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) res.content_type = ct;
    return res;
  }

  HttpClientOptions o_;
};

bool StartsWith(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }

}  // namespace

std::unique_ptr<HttpClient> MakeCurlHttpClient(HttpClientOptions options) {
  return std::make_unique<CurlHttpClient>(options);
}

std::string UrlEncode(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool AllowedProviderUrl(const std::string& url) {
  if (url.size() > 2048) return false;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  if (StartsWith(url, "https://")) return url.size() > 8;
  for (const char* loopback : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
                               "http://[::1]:", "http://[::1]/"})
    if (StartsWith(url, loopback)) return true;
  return false;
}

}  // namespace sardesk::oidc
