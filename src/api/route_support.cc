#include "api/route_support.h"

#include <spdlog/spdlog.h>

#include <cctype>

#include "api/http_api.h"
#include "case/json_reader.h"

namespace sardesk::api {

using nlohmann::json;

namespace {

// application/json or a +json type, ignoring parameters such as charset.
bool IsJsonMediaType(std::string ct) {
  ct = ct.substr(0, ct.find(';'));
  while (!ct.empty() && (ct.back() == ' ' || ct.back() == '\t')) ct.pop_back();
  for (auto& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ct == "application/json" || (ct.size() > 5 && ct.compare(ct.size() - 5, 5, "+json") == 0);
}

// Whether text is well-formed UTF-8 without control characters.
bool IsPrintableUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t more = (c >= 0xc2 && c <= 0xdf) ? 1 : (c >= 0xe0 && c <= 0xef) ? 2 : (c >= 0xf0 && c <= 0xf4) ? 3 : 0;
    if (more == 0 || s.size() - i <= more) return false;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    // Overlong forms, surrogates and code points above U+10FFFF.
    if ((c == 0xe0 && b1 < 0xa0) || (c == 0xed && b1 > 0x9f) || (c == 0xf0 && b1 < 0x90) || (c == 0xf4 && b1 > 0x8f))
      return false;
    for (size_t k = 1; k <= more; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += more + 1;
  }
  return true;
}

}  // namespace

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  // Messages can echo what the caller sent (a path, a cut value): replace
  // bytes that are not UTF-8 rather than throw, which would end the process
  // when it happens in the error handler (outside httplib's exception guard).
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Status& st) {
  if (st.code() == ErrorCode::kInternal) spdlog::error("internal error: {}", st.message());
  SendJson(res, HttpStatusFor(st.code()),
           {{"error", {{"code", ErrorCodeName(st.code())}, {"message", st.message()}}}});
}

Result<json> Body(const httplib::Request& req) {
  // httplib moves a multipart form into req.files and leaves req.body empty:
  // that is a body too, and not JSON.
  bool has_body = !req.body.empty() || !req.files.empty() || req.is_multipart_form_data();
  if (!has_body) return json::object();
  auto ct = req.get_header_value("Content-Type");
  if (!ct.empty() && !IsJsonMediaType(ct)) return Status::Invalid("send the body as application/json");
  // httplib reads up to the upload limit; JSON bodies have a smaller one.
  if (req.body.size() > kMaxJsonBody) return Status::TooLarge("the request body is too large (at most 1 MiB)");
  return casework::ParseJsonText(req.body, kMaxJsonBody);
}

// Who is acting: the signed-in person, whom the gate in front of routing
// (session_routes.cc) puts in this header after removing any a client sent.
Result<std::string> Actor(const httplib::Request& req) {
  std::string actor = req.get_header_value(kActorHeader);
  if (actor.empty()) return Status::Invalid(std::string("say who is acting: send the ") + kActorHeader + " header");
  if (actor.size() > 64) return Status::Invalid(std::string(kActorHeader) + " is too long");
  // The name goes into the record and the audit trail, which are JSON.
  if (!IsPrintableUtf8(actor))
    return Status::Invalid(std::string(kActorHeader) + " must be plain text (UTF-8, no control characters)");
  return actor;
}

std::string CookieValue(const std::string& cookie_header, const std::string& name) {
  size_t pos = 0;
  while (pos < cookie_header.size()) {
    size_t end = cookie_header.find(';', pos);
    if (end == std::string::npos) end = cookie_header.size();
    std::string part = cookie_header.substr(pos, end - pos);
    size_t a = part.find_first_not_of(' ');
    if (a != std::string::npos) part = part.substr(a);
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == name) return part.substr(eq + 1);
    pos = end + 1;
  }
  return "";
}

std::string StrictSessionCookie(const std::string& name, const std::string& token, bool secure, bool clear) {
  std::string c = name + "=" + (clear ? "" : token) + "; HttpOnly; SameSite=Strict; Path=/";
  if (clear) c += "; Max-Age=0";
  if (secure) c += "; Secure";
  return c;
}

bool ChangesState(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace sardesk::api
