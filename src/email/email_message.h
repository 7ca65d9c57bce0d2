// Reading emails (RFC 5322 .eml files) sent as records: the only place GMime
// appears. A message becomes its headers, a text body (text/plain preferred,
// else HTML turned into text) and its attachments with their decoded bytes.
// An attached email (message/rfc822) is returned whole as an attachment, so
// the caller treats it as a new document and counts nesting itself. Every
// message is hostile: size and part limits apply, and nothing is ever
// printed (GMime's warnings are counted, not logged). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sardesk::email {

struct Limits {
  std::int64_t max_bytes = 64ll << 20;  // the whole message
  int max_parts = 2'000;                // MIME parts walked
  int max_depth = 32;                   // multiparts inside multiparts
};

struct Attachment {
  std::string filename;      // as the sender named it (raw: may be any bytes), or made up
  std::string content_type;  // e.g. "application/pdf", lower case
  std::string bytes;         // decoded
};

struct Message {
  std::string from, to, cc, date, subject;  // decoded, UTF-8 where the sender said which charset
  std::string body;                         // text, UTF-8
  std::vector<Attachment> attachments;
  int warnings = 0;                         // oddities GMime reported and worked around
  bool truncated = false;                   // parts past max_parts or max_depth were left out
};

// Parses `bytes` as one message. Fails only when there is no message at all
// (or it is over max_bytes); damaged parts are read as well as they can be.
Result<Message> ParseMessage(std::string_view bytes, const Limits& limits = {});

// The message as the text of its PDF: a header block, the attachment list,
// then the body.
std::string RenderText(const Message& message);

}  // namespace sardesk::email
