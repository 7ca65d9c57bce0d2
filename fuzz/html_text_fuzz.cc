// Fuzz target: HTML from an uploaded page or an email body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)sardesk::ingest::HtmlToText(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
