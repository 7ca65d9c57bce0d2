// HTML (an uploaded page, an email's HTML body) as plain text for a text
// PDF: tags dropped, script and style content dropped, block elements and
// <br> as line breaks, table cells spaced apart, character references
// decoded. One linear pass with no tree, so no nesting depth can exhaust the
// stack, and nothing is ever fetched (no images, no styles). Pure.
#pragma once

#include <string>
#include <string_view>

namespace sardesk::ingest {

std::string HtmlToText(std::string_view html);

}  // namespace sardesk::ingest
