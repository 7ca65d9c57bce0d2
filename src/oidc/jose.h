// The JOSE pieces an ID token needs: base64url, a JSON Web Key Set of RSA
// and P-256 public keys, and RS256 / ES256 signature checks. Adapter over
// OpenSSL (libcrypto). Keys are immutable once read; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace sardesk::oidc {

std::string Base64UrlEncode(std::string_view bytes);
// Strict: only the base64url alphabet, no padding required or allowed
// beyond a trailing "="s; an error for anything else.
Result<std::string> Base64UrlDecode(std::string_view text);

// A random value of `bytes` bytes, base64url (state, nonce, PKCE verifier).
std::string RandomUrlToken(size_t bytes = 32);
// The PKCE S256 challenge: base64url(SHA-256(verifier)).
std::string PkceChallenge(const std::string& verifier);

// One public key from a JWKS ("kty": "RSA" or "EC" on P-256).
class PublicKey {
 public:
  struct Impl;
  explicit PublicKey(std::shared_ptr<Impl> impl, std::string kid, std::string kty);
  const std::string& kid() const { return kid_; }
  const std::string& kty() const { return kty_; }
  // Whether `signature` (JWS form: raw r||s for ES256) signs `signing_input`
  // under `alg` ("RS256" or "ES256"). False for any other alg or key type.
  bool Verify(const std::string& alg, std::string_view signing_input, std::string_view signature) const;

 private:
  std::shared_ptr<Impl> impl_;
  std::string kid_;
  std::string kty_;
};

// Reads {"keys": [...]}; keys of other types, uses ("use": "enc") or curves
// are skipped. An error when the document is not a key set at all.
Result<std::vector<PublicKey>> ParseJwks(const nlohmann::json& jwks);

}  // namespace sardesk::oidc
