// Names that come from inside uploads (zip entries, email attachments) are
// untrusted bytes: any encoding, control characters, any length. These make
// them safe to store, show and put in JSON. Pure.
#pragma once

#include <string>
#include <string_view>

namespace sardesk::ingest {

// Valid UTF-8 (malformed bytes become U+FFFD), control characters replaced
// by '_', at most max_bytes long (cut on a character boundary), never
// empty. With keep_folders false, '/' and '\\' become '_' too (an
// attachment's name is a name, not a path).
std::string SafeFileName(std::string_view raw, bool keep_folders, size_t max_bytes = 255);

}  // namespace sardesk::ingest
