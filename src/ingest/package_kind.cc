#include "ingest/package_kind.h"

#include <algorithm>

namespace sardesk::ingest {

std::string OfficeTypeFromEntries(const std::vector<std::string>& paths, const std::string& mimetype) {
  auto has = [&](const char* path) { return std::find(paths.begin(), paths.end(), path) != paths.end(); };
  if (has("[Content_Types].xml")) {
    if (has("word/document.xml")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (has("xl/workbook.xml")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (has("ppt/presentation.xml")) return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  }
  if (has("mimetype")) {
    if (mimetype == "application/vnd.oasis.opendocument.text") return mimetype;
    if (mimetype == "application/vnd.oasis.opendocument.spreadsheet") return mimetype;
    if (mimetype == "application/vnd.oasis.opendocument.presentation") return mimetype;
  }
  return "";
}

}  // namespace sardesk::ingest
