// Fuzz target: an untrusted request body read as a new case and as a stored
// record. Must never crash, hang or leak, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "case/case_json.h"
#include "case/checks.h"
#include "case/json_reader.h"
#include "case/workflow.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = sardesk::casework::ParseJsonText(text);
  if (!parsed.ok()) return 0;
  sardesk::casework::CaseRecord record;
  if (sardesk::casework::ApplyEditableFields(*parsed, &record).ok()) {
    (void)sardesk::casework::EvaluateChecks(record);
    (void)sardesk::casework::NextActions(record);
  }
  auto stored = sardesk::casework::CaseFromJson(*parsed);
  if (stored.ok()) {
    auto again = sardesk::casework::CaseFromJson(sardesk::casework::ToJson(*stored));
    if (!again.ok()) __builtin_trap();  // what we write we must read back
  }
  return 0;
}
