// SHA-256 of bytes, as lower-case hex, and random hex for unique names.
// Adapter over OpenSSL (EVP and RAND).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "common/result.h"

namespace sardesk {

std::string Sha256Hex(std::string_view data);
// The SHA-256 of a file; NotFound naming "the <what> file NAME" when it
// cannot be read.
Result<std::string> FileSha256Hex(const std::filesystem::path& path, std::string_view what);
// `bytes` random bytes as hex, for names that must not collide (not secrets).
std::string RandomHex(std::size_t bytes);

}  // namespace sardesk
