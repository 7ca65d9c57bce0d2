// A plausible email address: something@something, no spaces, no characters
// that would break a mail header. Not a full RFC 5321 parser: it exists to
// catch typing mistakes and header injection.
#pragma once

#include <string_view>

namespace sardesk {

inline bool IsEmailAddress(std::string_view a) {
  auto at = a.find('@');
  return !a.empty() && a.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < a.size() &&
         a.find_first_of(" <>,;\"\r\n\t") == std::string_view::npos;
}

}  // namespace sardesk
