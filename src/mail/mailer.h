// Outgoing mail behind one interface: a file drop (the default, and in tests)
// that writes each message as an .eml file, and SMTP through libcurl.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::mail {

struct MailMessage {
  std::string from;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string subject;
  std::string body;  // plain text, UTF-8
};

// Refuses header injection (CR or LF in an address or the subject), empty
// recipients and malformed addresses.
Status CheckMessage(const MailMessage& message);

// The message as RFC 5322 text with CRLF line ends. `date` is an RFC 5322
// date, `message_id` without angle brackets.
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
