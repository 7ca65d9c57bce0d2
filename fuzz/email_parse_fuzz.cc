// Fuzz target: an email (.eml) as sent by a service area, or attached to
// another. Must never crash, hang or print, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "email/email_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sardesk::email::Limits limits;
  limits.max_bytes = 1 << 20;
  limits.max_parts = 200;
  auto message = sardesk::email::ParseMessage(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (message.ok()) (void)sardesk::email::RenderText(*message);
  return 0;
}
