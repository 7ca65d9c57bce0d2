// SHA-256 of bytes, as lower-case hex. Adapter over OpenSSL's EVP interface.
#pragma once

#include <string>
#include <string_view>

namespace sardesk {

std::string Sha256Hex(std::string_view data);

}  // namespace sardesk
