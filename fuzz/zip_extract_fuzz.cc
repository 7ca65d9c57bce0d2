// Fuzz target: a zip as uploaded, or found inside another zip or an email.
// Listing and extraction must never crash or exceed the limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "archive/zip_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sardesk::archive::Limits limits;
  limits.max_entries = 100;
  limits.max_entry_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  limits.ratio_floor_bytes = 64 << 10;
  auto zip = sardesk::archive::ZipFile::FromMemory(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)zip.List(limits);
  std::int64_t total = 0;
  sardesk::Status st = zip.Extract(limits, [&](const sardesk::archive::Entry&, std::string bytes) {
    total += static_cast<std::int64_t>(bytes.size());
    return sardesk::Status::Ok();
  });
  (void)st;
  if (total > limits.max_total_bytes) std::abort();  // the limit must hold
  (void)zip.ReadFile("mimetype", 100);
  return 0;
}
