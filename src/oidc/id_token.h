// Verifies an OpenID Connect ID token (a JWS in compact form): the
// signature against the provider's keys (RS256 or ES256 only; "none" and
// every HMAC alg are refused), then iss, aud (and azp), exp, iat and nonce.
// Pure apart from OpenSSL; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "oidc/jose.h"

namespace sardesk::oidc {

struct IdTokenExpectations {
  std::string issuer;     // exactly as the discovery document gives it
  std::string client_id;  // must be in aud
  std::string nonce;      // sent in the authorization request
  std::int64_t now = 0;   // unix seconds
  std::int64_t leeway_seconds = 120;  // clock skew allowed on exp, iat, nbf
  std::int64_t max_age_seconds = 3600;  // an iat older than this is refused
};

// What went wrong, so callers can tell "the keys may have rotated" from
// everything else. Messages never contain the token or its claims' values.
enum class TokenProblem { kNone, kUnknownKey, kInvalid };

struct VerifiedToken {
  nlohmann::json claims;
};

// The token's header, unverified: {"alg", "kid", ...}; an error when the
// token is not three base64url parts with a JSON header.
Result<nlohmann::json> PeekHeader(const std::string& token);

// Verifies `token`. On failure *problem says whether no key matched the
// token's kid (worth fetching the keys again, once).
Result<VerifiedToken> VerifyIdToken(const std::string& token, const std::vector<PublicKey>& keys,
                                    const IdTokenExpectations& expect, TokenProblem* problem = nullptr);

}  // namespace sardesk::oidc
