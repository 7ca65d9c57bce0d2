#include "mail/mailer.h"

#include "common/email_address.h"

#include <curl/curl.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sardesk::mail {

namespace {

bool HasLineBreak(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

bool LooksLikeAddress(const std::string& a) { return IsEmailAddress(a); }

std::string Base64(const std::string& in) {
  static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += i + 1 < in.size() ? kTable[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// RFC 2047 encoded word for a non-ASCII subject.
std::string EncodeHeader(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return "=?UTF-8?B?" + Base64(s) + "?=";
  return s;
}

// "type/subtype" in RFC 2045 token characters.
bool IsMediaType(const std::string& t) {
  if (t.empty() || t.size() > 100) return false;
  size_t slash = t.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == t.size() || t.find('/', slash + 1) != std::string::npos)
    return false;
  for (unsigned char c : t)
    if (!(std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '+' || c == '_')) return false;
  return true;
}

// Base64 in lines of 76 characters (RFC 2045), CRLF after each.
std::string Base64Lines(const std::string& bytes) {
  std::string encoded = Base64(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

// A boundary that cannot occur in base64 or, checked, in the text.
std::string Boundary(const std::string& message_id, const std::string& body) {
  std::string b = "=_sardesk_" + Base64(message_id).substr(0, 24);
  while (body.find(b) != std::string::npos) b += "_";
  return b;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string RfcDateNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string NewMessageId(const std::string& from) {
  static std::atomic<unsigned long> counter{0};
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  std::string domain = from.substr(from.find('@') + 1);
  return "sardesk." + std::to_string(now) + "." + std::to_string(::getpid()) + "." +
         std::to_string(counter++) + "@" + domain;
}

class FileDropMailer : public Mailer {
 public:
  explicit FileDropMailer(std::string dir) : dir_(std::move(dir)) {}

  Result<std::string> Send(const MailMessage& m) override {
    SARDESK_RETURN_IF_ERROR(CheckMessage(m));
    std::error_code ec;
    // The messages are in clear (they are what is sent: docs/storage.md), so
    // only sardesk's user may read them: a folder made here is 0700, files 0600.
    if (!std::filesystem::exists(dir_, ec)) {
      std::filesystem::create_directories(dir_, ec);
      if (!ec) std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    }
    if (ec) return Status::Internal("cannot create the mail folder " + dir_ + ": " + ec.message());
    std::string id = NewMessageId(m.from);
    std::string name = id.substr(0, id.find('@'));
    auto final_path = std::filesystem::path(dir_) / (name + ".eml");
    auto tmp_path = std::filesystem::path(dir_) / (name + ".tmp");
    {
      const std::string text = FormatMessage(m, id, RfcDateNow());
      int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) return Status::Internal("cannot write to the mail folder " + dir_);
      bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      ok = ::close(fd) == 0 && ok;
      if (!ok) {
        std::filesystem::remove(tmp_path, ec);
        return Status::Internal("cannot write to the mail folder " + dir_);
      }
    }
    std::filesystem::rename(tmp_path, final_path, ec);
    if (ec) return Status::Internal("cannot write to the mail folder " + dir_ + ": " + ec.message());
    return id;
  }
  std::string Describe() const override { return "file drop to " + dir_; }

 private:
  std::string dir_;
};

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* s) const { curl_slist_free_all(s); }
};

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t room = size * nitems;
  size_t left = up->data->size() - up->offset;
  size_t n = left < room ? left : room;
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions o) : o_(std::move(o)) { curl_global_init(CURL_GLOBAL_DEFAULT); }

  Result<std::string> Send(const MailMessage& m) override {
    SARDESK_RETURN_IF_ERROR(CheckMessage(m));
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Status::Internal("cannot start the mail client");
    std::string id = NewMessageId(m.from);
    std::string text = FormatMessage(m, id, RfcDateNow());
    std::string url = "smtp://" + o_.host + ":" + std::to_string(o_.port);
    std::string from = "<" + m.from + ">";
    curl_slist* raw = nullptr;
    for (const auto& r : m.to) raw = curl_slist_append(raw, ("<" + r + ">").c_str());
    for (const auto& r : m.cc) raw = curl_slist_append(raw, ("<" + r + ">").c_str());
    std::unique_ptr<curl_slist, SlistDeleter> rcpt(raw);
    Upload up{&text};
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(curl.get(), CURLOPT_READFUNCTION, ReadChunk);
    curl_easy_setopt(curl.get(), CURLOPT_READDATA, &up);
    curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(o_.timeout_seconds));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    if (o_.starttls) curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!o_.username.empty()) {
      curl_easy_setopt(curl.get(), CURLOPT_USERNAME, o_.username.c_str());
      curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, o_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl.get());
    if (rc != CURLE_OK)
      return Status::Internal("the mail server at " + o_.host + ":" + std::to_string(o_.port) +
                              " did not accept the message: " + curl_easy_strerror(rc));
    return id;
  }
  std::string Describe() const override { return "SMTP via " + o_.host + ":" + std::to_string(o_.port); }

 private:
  SmtpOptions o_;
};

}  // namespace

Status CheckMessage(const MailMessage& m) {
  if (!LooksLikeAddress(m.from)) return Status::Invalid("the sender address '" + m.from.substr(0, 80) + "' is not valid");
  if (m.to.empty()) return Status::Invalid("a message needs at least one recipient");
  for (const auto* list : {&m.to, &m.cc})
    for (const auto& a : *list)
      if (!LooksLikeAddress(a)) return Status::Invalid("the address '" + a.substr(0, 80) + "' is not valid");
  if (HasLineBreak(m.subject)) return Status::Invalid("a subject cannot contain line breaks");
  if (m.subject.size() > 400) return Status::Invalid("the subject is too long");
  for (const auto& a : m.attachments) {
    if (a.filename.empty() || a.filename.size() > 200)
      return Status::Invalid("an attachment needs a name of 1 to 200 characters");
    for (unsigned char c : a.filename)
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '/')
        return Status::Invalid("the attachment name '" + a.filename.substr(0, 80) +
                               "' may hold only printable ASCII without quotes, slashes or backslashes");
    if (!IsMediaType(a.content_type))
      return Status::Invalid("the attachment type '" + a.content_type.substr(0, 80) + "' is not a media type");
  }
  return Status::Ok();
}

std::string FormatMessage(const MailMessage& m, const std::string& message_id, const std::string& date) {
  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + Join(m.to) + "\r\n";
  if (!m.cc.empty()) out += "Cc: " + Join(m.cc) + "\r\n";
  out += "Subject: " + EncodeHeader(m.subject) + "\r\n";
  out += "Date: " + date + "\r\n";
  out += "Message-ID: <" + message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  std::string boundary;
  if (!m.attachments.empty()) {
    boundary = Boundary(message_id, m.body);
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a message in MIME format.\r\n--" + boundary + "\r\n";
  }
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  // Normalise line ends to CRLF.
  for (size_t i = 0; i < m.body.size(); ++i) {
    char c = m.body[i];
    if (c == '\r') continue;
    if (c == '\n') out += "\r\n";
    else out += c;
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  if (m.attachments.empty()) return out;
  for (const auto& a : m.attachments) {
    out += "--" + boundary + "\r\n";
    out += "Content-Type: " + a.content_type + "; name=\"" + a.filename + "\"\r\n";
    out += "Content-Disposition: attachment; filename=\"" + a.filename + "\"\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(a.bytes);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

std::unique_ptr<Mailer> MakeFileDropMailer(const std::string& dir) { return std::make_unique<FileDropMailer>(dir); }
std::unique_ptr<Mailer> MakeSmtpMailer(const SmtpOptions& options) { return std::make_unique<SmtpMailer>(options); }

}  // namespace sardesk::mail
