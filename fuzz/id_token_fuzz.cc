// Fuzz target: what an identity provider (or someone posing as one) sends
// at sign-in: an ID token, or a JSON Web Key Set. Must never crash and
// never accept a token, whatever the bytes (no key here can sign one).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "oidc/id_token.h"
#include "oidc/jose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sardesk::oidc;
  static const std::vector<PublicKey> keys = [] {
    auto set = nlohmann::json::parse(R"({"keys":[{"kty":"EC","crv":"P-256","kid":"ec-1",
      "x":"LBbsH7CFe56rzyQlx3oNfUhQVthp0lzaSo4XjBYjuc0","y":"rxF8e0sbyzm-kxHAuok6iE2ijLisqNCSTp_gDob0O0s"}]})");
    auto parsed = ParseJwks(set);
    return parsed.ok() ? *parsed : std::vector<PublicKey>{};
  }();
  std::string text(reinterpret_cast<const char*>(data), size);
  IdTokenExpectations expect{"https://login.example", "client", "nonce", 1700000000};
  if (VerifyIdToken(text, keys, expect).ok()) std::abort();  // forged: nobody holds the key
  (void)PeekHeader(text);
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_discarded()) (void)ParseJwks(json);
  (void)Base64UrlDecode(text);
  return 0;
}
