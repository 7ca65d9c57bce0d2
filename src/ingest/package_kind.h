// What a zip really is, from the names of its entries: a Word, Excel or
// OpenDocument file (whatever its extension says), or a plain archive of
// files. Pure.
#pragma once

#include <string>
#include <vector>

namespace sardesk::ingest {

// The office media type these entries make (e.g. a .docx's
// "word/document.xml"), or "" for a plain archive. `mimetype` is the content
// of the ODF "mimetype" entry when there is one.
std::string OfficeTypeFromEntries(const std::vector<std::string>& paths, const std::string& mimetype);

}  // namespace sardesk::ingest
