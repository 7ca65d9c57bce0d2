// Outgoing text messages (SMS) behind one interface, beside the mailer: a
// file drop that writes each message as a small text file (the default, and
// in tests). A council's SMS gateway would be one more implementation.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace sardesk::mail {

struct SmsMessage {
  std::string to;    // a telephone number: digits, optionally a leading +
  std::string body;  // plain text, UTF-8, at most 480 bytes
};

// Refuses an empty or malformed number, an empty body and one too long.
Status CheckSms(const SmsMessage& message);
// The number with spaces, hyphens and brackets removed; empty when what is
// left is not a plausible number (7 to 15 digits, optionally a leading +).
std::string NormalisePhone(const std::string& number);

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // Sends one message; returns an id given to it.
  virtual Result<std::string> Send(const SmsMessage& message) = 0;
  virtual std::string Describe() const = 0;
};

// Writes DIR/<time>-<n>.sms atomically (write then rename): "To: <number>",
// a blank line, then the body.
std::unique_ptr<SmsSender> MakeFileDropSms(const std::string& dir);

}  // namespace sardesk::mail
