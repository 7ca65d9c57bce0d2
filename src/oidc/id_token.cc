#include "oidc/id_token.h"

#include <openssl/crypto.h>

namespace sardesk::oidc {

using nlohmann::json;

namespace {

constexpr size_t kMaxTokenBytes = 16 * 1024;

struct Parts {
  std::string header_b64, payload_b64, signature_b64;
};

Result<Parts> Split(const std::string& token) {
  if (token.empty() || token.size() > kMaxTokenBytes) return Status::Invalid("the ID token is missing or too large");
  size_t a = token.find('.');
  size_t b = a == std::string::npos ? a : token.find('.', a + 1);
  if (a == std::string::npos || b == std::string::npos || token.find('.', b + 1) != std::string::npos)
    return Status::Invalid("the ID token is not a signed JWT");
  return Parts{token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}

Result<json> DecodeJson(const std::string& b64, const char* what) {
  auto raw = Base64UrlDecode(b64);
  if (!raw.ok()) return Status::Invalid(std::string("the ID token's ") + what + " is not base64url");
  json j = json::parse(*raw, nullptr, false);
  if (!j.is_object()) return Status::Invalid(std::string("the ID token's ") + what + " is not a JSON object");
  return j;
}

bool IsInt(const json& claims, const char* key) { return claims.contains(key) && claims[key].is_number_integer(); }

bool Equal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status Fail(TokenProblem* problem, TokenProblem what, std::string message) {
  if (problem) *problem = what;
  return Status::Unauthenticated(std::move(message));
}

}  // namespace

Result<json> PeekHeader(const std::string& token) {
  SARDESK_ASSIGN_OR_RETURN(Parts p, Split(token));
  return DecodeJson(p.header_b64, "header");
}

Result<VerifiedToken> VerifyIdToken(const std::string& token, const std::vector<PublicKey>& keys,
                                    const IdTokenExpectations& expect, TokenProblem* problem) {
  if (problem) *problem = TokenProblem::kInvalid;
  auto parts = Split(token);
  if (!parts.ok()) return Fail(problem, TokenProblem::kInvalid, parts.status().message());
  auto header = DecodeJson(parts->header_b64, "header");
  if (!header.ok()) return Fail(problem, TokenProblem::kInvalid, header.status().message());
  const json& h = *header;
  std::string alg = h.contains("alg") && h["alg"].is_string() ? h["alg"].get<std::string>() : "";
  // The alg comes from the token, so only the asymmetric algs we expect are
  // accepted: "none" and HS256 (keyed with a public key) would be forgeries.
  if (alg != "RS256" && alg != "ES256")
    return Fail(problem, TokenProblem::kInvalid, "the ID token's signature algorithm is not accepted (RS256 or ES256 only)");
  if (h.contains("crit")) return Fail(problem, TokenProblem::kInvalid, "the ID token has critical extensions we do not support");
  std::string kid = h.contains("kid") && h["kid"].is_string() ? h["kid"].get<std::string>() : "";
  auto signature = Base64UrlDecode(parts->signature_b64);
  if (!signature.ok() || signature->empty())
    return Fail(problem, TokenProblem::kInvalid, "the ID token's signature is not base64url");
  const std::string signing_input = parts->header_b64 + "." + parts->payload_b64;
  const std::string wanted_kty = alg == "RS256" ? "RSA" : "EC";
  bool candidate = false, verified = false;
  for (const auto& key : keys) {
    if (key.kty() != wanted_kty || (!kid.empty() && key.kid() != kid)) continue;
    candidate = true;
    if (key.Verify(alg, signing_input, *signature)) {
      verified = true;
      break;
    }
  }
  if (!candidate) return Fail(problem, TokenProblem::kUnknownKey, "the ID token was signed with a key the identity provider does not publish");
  if (!verified) return Fail(problem, TokenProblem::kInvalid, "the ID token's signature is not valid");

  auto payload = DecodeJson(parts->payload_b64, "payload");
  if (!payload.ok()) return Fail(problem, TokenProblem::kInvalid, payload.status().message());
  const json& c = *payload;
  if (!c.contains("iss") || !c["iss"].is_string() || c["iss"].get<std::string>() != expect.issuer)
    return Fail(problem, TokenProblem::kInvalid, "the ID token was issued by another identity provider");
  bool audience = false;
  if (c.contains("aud") && c["aud"].is_string()) audience = c["aud"].get<std::string>() == expect.client_id;
  if (c.contains("aud") && c["aud"].is_array()) {
    for (const auto& a : c["aud"]) audience = audience || (a.is_string() && a.get<std::string>() == expect.client_id);
    // With several audiences the token must say it was issued to us.
    if (c["aud"].size() > 1 && !(c.contains("azp") && c["azp"].is_string() && c["azp"].get<std::string>() == expect.client_id))
      audience = false;
  }
  if (!audience) return Fail(problem, TokenProblem::kInvalid, "the ID token was issued for another application");
  if (!IsInt(c, "exp") || !IsInt(c, "iat")) return Fail(problem, TokenProblem::kInvalid, "the ID token has no exp or iat");
  const std::int64_t exp = c["exp"].get<std::int64_t>(), iat = c["iat"].get<std::int64_t>();
  if (exp + expect.leeway_seconds < expect.now) return Fail(problem, TokenProblem::kInvalid, "the ID token has expired");
  if (iat - expect.leeway_seconds > expect.now) return Fail(problem, TokenProblem::kInvalid, "the ID token was issued in the future: check the server's clock");
  if (iat + expect.max_age_seconds < expect.now) return Fail(problem, TokenProblem::kInvalid, "the ID token is too old");
  if (c.contains("nbf") && (!c["nbf"].is_number_integer() || c["nbf"].get<std::int64_t>() - expect.leeway_seconds > expect.now))
    return Fail(problem, TokenProblem::kInvalid, "the ID token is not valid yet");
  if (!c.contains("nonce") || !c["nonce"].is_string() || expect.nonce.empty() || !Equal(c["nonce"].get<std::string>(), expect.nonce))
    return Fail(problem, TokenProblem::kInvalid, "the ID token's nonce does not match this sign-in");
  if (problem) *problem = TokenProblem::kNone;
  return VerifiedToken{c};
}

}  // namespace sardesk::oidc
