// A queued message (an outbox row's JSON) as the mail to send. Attachments
// are queued by reference - {"filename", "content_type", "path", "sha256",
// "bytes"} - and read when the message is sent, checked against their
// SHA-256 and the size recorded, so a large file is not copied into the
// database and a changed file is never sent.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "mail/mailer.h"

namespace sardesk::service {

// The queued form of a file to attach (its bytes stay on disk).
nlohmann::json QueuedAttachment(const std::string& filename, const std::string& content_type, const std::string& path,
                                const std::string& sha256, std::int64_t bytes);

// The message to send; an error when the JSON is damaged or an attachment
// is missing, changed or larger than `max_attachment_bytes`.
Result<mail::MailMessage> MailFromQueued(const nlohmann::json& message, std::int64_t max_attachment_bytes);

}  // namespace sardesk::service
