// Outgoing mail behind one interface: a file drop (the default, and in tests)
// that writes each message as an .eml file, and SMTP through libcurl.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::mail {

// A file sent with a message (base64 in a multipart/mixed message).
struct MailAttachment {
  std::string filename;      // printable ASCII without quotes or backslashes, at most 200 characters
  std::string content_type;  // e.g. "application/pdf"
  std::string bytes;
};

struct MailMessage {
  std::string from;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string subject;
  std::string body;  // plain text, UTF-8
  std::vector<MailAttachment> attachments{};
};

// Refuses header injection (CR or LF in an address, the subject or an
// attachment's name or type), empty recipients, malformed addresses, and
// attachment names or types that do not fit in a MIME header.
Status CheckMessage(const MailMessage& message);

// The message as RFC 5322 text with CRLF line ends: text only, or
// multipart/mixed (the text, then each attachment in base64) when it has
// attachments. `date` is an RFC 5322 date, `message_id` without angle brackets.
std::string FormatMessage(const MailMessage& message, const std::string& message_id, const std::string& date);

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Sends one message; returns the Message-ID given to it.
  virtual Result<std::string> Send(const MailMessage& message) = 0;
  virtual std::string Describe() const = 0;
};

// Writes DIR/<time>-<n>.eml atomically (write then rename).
std::unique_ptr<Mailer> MakeFileDropMailer(const std::string& dir);

struct SmtpOptions {
  std::string host = "localhost";
  int port = 25;
  bool starttls = false;  // require STARTTLS
  std::string username;   // empty: no authentication
  std::string password;
  int timeout_seconds = 30;
};
std::unique_ptr<Mailer> MakeSmtpMailer(const SmtpOptions& options);

}  // namespace sardesk::mail
