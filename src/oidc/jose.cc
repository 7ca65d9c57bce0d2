#include "oidc/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace sardesk::oidc {

using nlohmann::json;

struct PublicKey::Impl {
  EVP_PKEY* key = nullptr;
  ~Impl() { EVP_PKEY_free(key); }
};

namespace {

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

EVP_PKEY* FromParams(const char* type, OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return nullptr;
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) <= 0) return nullptr;
  return key;
}

Result<EVP_PKEY*> RsaKey(const json& jwk) {
  if (!jwk.contains("n") || !jwk["n"].is_string() || !jwk.contains("e") || !jwk["e"].is_string())
    return Status::Invalid("an RSA key needs n and e");
  SARDESK_ASSIGN_OR_RETURN(std::string n, Base64UrlDecode(jwk["n"].get<std::string>()));
  SARDESK_ASSIGN_OR_RETURN(std::string e, Base64UrlDecode(jwk["e"].get<std::string>()));
  if (n.size() < 256 || n.size() > 1024 || e.empty() || e.size() > 8)
    return Status::Invalid("an RSA key must be 2048 to 8192 bits");
  std::unique_ptr<BIGNUM, BnFree> bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
  std::unique_ptr<BIGNUM, BnFree> bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
    return Status::Internal("cannot read an RSA key");
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  EVP_PKEY* key = params ? FromParams("RSA", params.get()) : nullptr;
  if (!key) return Status::Invalid("an RSA key could not be read");
  return key;
}

Result<EVP_PKEY*> EcKey(const json& jwk) {
  if (Str(jwk, "crv") != "P-256") return Status::Invalid("only P-256 EC keys are supported");
  if (!jwk.contains("x") || !jwk["x"].is_string() || !jwk.contains("y") || !jwk["y"].is_string())
    return Status::Invalid("an EC key needs x and y");
  SARDESK_ASSIGN_OR_RETURN(std::string x, Base64UrlDecode(jwk["x"].get<std::string>()));
  SARDESK_ASSIGN_OR_RETURN(std::string y, Base64UrlDecode(jwk["y"].get<std::string>()));
  if (x.size() != 32 || y.size() != 32) return Status::Invalid("a P-256 key has 32-byte coordinates");
  std::string point = "\x04" + x + y;
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    return Status::Internal("cannot read an EC key");
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  EVP_PKEY* key = params ? FromParams("EC", params.get()) : nullptr;  // checks the point is on the curve
  if (!key) return Status::Invalid("an EC key could not be read");
  return key;
}

bool DigestVerify(EVP_PKEY* key, std::string_view input, const unsigned char* sig, size_t sig_len) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(md.get(), sig, sig_len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return Status::Invalid("not base64url");
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int s = Sextet(c);
    if (s < 0) return Status::Invalid("not base64url");
    buffer = (buffer << 6) | static_cast<unsigned>(s);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string RandomUrlToken(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) std::abort();
  return Base64UrlEncode(raw);
}

std::string PkceChallenge(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

PublicKey::PublicKey(std::shared_ptr<Impl> impl, std::string kid, std::string kty)
    : impl_(std::move(impl)), kid_(std::move(kid)), kty_(std::move(kty)) {}

bool PublicKey::Verify(const std::string& alg, std::string_view signing_input, std::string_view signature) const {
  if (!impl_ || !impl_->key) return false;
  if (alg == "RS256" && kty_ == "RSA") {
    return DigestVerify(impl_->key, signing_input, reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
  }
  if (alg == "ES256" && kty_ == "EC") {
    if (signature.size() != 64) return false;
    const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
    std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw, 32, nullptr);
    BIGNUM* s = BN_bin2bn(raw + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
      BN_free(r);
      BN_free(s);
      return false;
    }
    unsigned char* der = nullptr;
    int der_len = i2d_ECDSA_SIG(sig.get(), &der);
    if (der_len <= 0) return false;
    bool ok = DigestVerify(impl_->key, signing_input, der, static_cast<size_t>(der_len));
    OPENSSL_free(der);
    return ok;
  }
  return false;
}

Result<std::vector<PublicKey>> ParseJwks(const json& jwks) {
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array())
    return Status::Invalid("the identity provider's key set has no keys");
  std::vector<PublicKey> keys;
  for (const auto& jwk : jwks["keys"]) {
    if (!jwk.is_object() || keys.size() >= 100) continue;
    if (jwk.contains("use") && Str(jwk, "use") != "sig") continue;
    std::string kty = Str(jwk, "kty");
    std::string kid = Str(jwk, "kid");
    Result<EVP_PKEY*> key = kty == "RSA" ? RsaKey(jwk) : kty == "EC" ? EcKey(jwk) : Result<EVP_PKEY*>(Status::Invalid("skip"));
    if (!key.ok()) continue;  // a key we cannot use is not one the token can name
    auto impl = std::make_shared<PublicKey::Impl>();
    impl->key = *key;
    keys.emplace_back(std::move(impl), kid, kty);
  }
  return keys;
}

}  // namespace sardesk::oidc
