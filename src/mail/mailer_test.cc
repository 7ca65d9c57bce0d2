#include "mail/mailer.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sardesk::mail {
namespace {

MailMessage Sample() {
  return {"sar@council.example", {"spoc@council.example"}, {"igmanager@council.example"},
          "Search request SAR-2025-000001", "Please search all locations.\nThank you."};
}

std::string TempDir() {
  std::string tmpl = ::testing::TempDir() + "mailXXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  return mkdtemp(buf.data());
}

TEST(CheckMessage, RefusesHeaderInjection) {
  MailMessage m = Sample();
  m.subject = "Hello\r\nBcc: attacker@evil.example";
  EXPECT_FALSE(CheckMessage(m).ok());
  m = Sample();
  m.to = {"spoc@council.example\r\nBcc: x@y.z"};
  EXPECT_FALSE(CheckMessage(m).ok());
}

TEST(CheckMessage, RefusesMissingAndMalformedRecipients) {
  MailMessage m = Sample();
  m.to.clear();
  EXPECT_NE(CheckMessage(m).message().find("recipient"), std::string::npos);
  m = Sample();
  m.cc = {"not an address"};
  EXPECT_NE(CheckMessage(m).message().find("not valid"), std::string::npos);
  EXPECT_TRUE(CheckMessage(Sample()).ok());
}

TEST(FormatMessage, WritesHeadersAndCrlfBody) {
  std::string text = FormatMessage(Sample(), "abc@council.example", "Wed, 10 Sep 2025 12:00:00 +0000");
  EXPECT_NE(text.find("To: spoc@council.example\r\n"), std::string::npos);
  EXPECT_NE(text.find("Cc: igmanager@council.example\r\n"), std::string::npos);
  EXPECT_NE(text.find("Message-ID: <abc@council.example>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\n\r\nPlease search all locations.\r\nThank you.\r\n"), std::string::npos);
}

TEST(FormatMessage, EncodesANonAsciiSubject) {
  MailMessage m = Sample();
  m.subject = "Siân";
  std::string text = FormatMessage(m, "a@b.c", "date");
  EXPECT_NE(text.find("Subject: =?UTF-8?B?U2nDom4=?="), std::string::npos) << text;
}

TEST(FileDropMailer, WritesOneEmlFilePerMessage) {
  std::string dir = TempDir();
  auto mailer = MakeFileDropMailer(dir);
  auto id1 = mailer->Send(Sample());
  auto id2 = mailer->Send(Sample());
  ASSERT_TRUE(id1.ok()) << id1.status().ToString();
  ASSERT_TRUE(id2.ok());
  EXPECT_NE(*id1, *id2);
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(e.path().extension(), ".eml");
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_NE(ss.str().find("Subject: Search request SAR-2025-000001"), std::string::npos);
    ++files;
  }
  EXPECT_EQ(files, 2);
  std::filesystem::remove_all(dir);
}

TEST(FileDropMailer, OnlySardesksUserMayReadTheMessages) {
  std::string dir = TempDir() + "/outbox";
  ASSERT_TRUE(MakeFileDropMailer(dir)->Send(Sample()).ok());
  EXPECT_EQ(std::filesystem::status(dir).permissions(), std::filesystem::perms::owner_all);
  for (const auto& e : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(e.status().permissions(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
}

TEST(FileDropMailer, RefusesABadMessageAndWritesNothing) {
  std::string dir = TempDir();
  MailMessage m = Sample();
  m.to.clear();
  EXPECT_FALSE(MakeFileDropMailer(dir)->Send(m).ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

// A minimal SMTP server on loopback that accepts one message.
class FakeSmtpServer {
 public:
  FakeSmtpServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 1);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeSmtpServer() {
    if (thread_.joinable()) thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  void Join() { thread_.join(); }
  std::vector<std::string> recipients;
  std::string data;

 private:
  void Serve() {
    int c = accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    auto say = [&](const std::string& s) { (void)!write(c, s.data(), s.size()); };
    say("220 fake ESMTP\r\n");
    std::string buf;
    bool in_data = false;
    char chunk[4096];
    for (;;) {
      ssize_t n = read(c, chunk, sizeof chunk);
      if (n <= 0) break;
      buf.append(chunk, static_cast<size_t>(n));
      for (;;) {
        if (in_data) {
          auto end = buf.find("\r\n.\r\n");
          if (end == std::string::npos) break;
          data = buf.substr(0, end + 2);
          buf.erase(0, end + 5);
          in_data = false;
          say("250 queued\r\n");
          continue;
        }
        auto eol = buf.find("\r\n");
        if (eol == std::string::npos) break;
        std::string line = buf.substr(0, eol);
        buf.erase(0, eol + 2);
        if (line.rfind("EHLO", 0) == 0) say("250-fake\r\n250 OK\r\n");
        else if (line.rfind("HELO", 0) == 0) say("250 OK\r\n");
        else if (line.rfind("MAIL FROM", 0) == 0) say("250 OK\r\n");
        else if (line.rfind("RCPT TO", 0) == 0) { recipients.push_back(line.substr(8)); say("250 OK\r\n"); }
        else if (line == "DATA") { in_data = true; say("354 go ahead\r\n"); }
        else if (line == "QUIT") { say("221 bye\r\n"); close(c); return; }
        else say("250 OK\r\n");
      }
    }
    close(c);
  }
  int fd_;
  int port_ = 0;
  std::thread thread_;
};

TEST(SmtpMailer, DeliversToEveryRecipientOverSmtp) {
  FakeSmtpServer server;
  SmtpOptions o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.timeout_seconds = 10;
  auto id = MakeSmtpMailer(o)->Send(Sample());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  server.Join();
  ASSERT_EQ(server.recipients.size(), 2u);
  EXPECT_EQ(server.recipients[0], "<spoc@council.example>");
  EXPECT_EQ(server.recipients[1], "<igmanager@council.example>");
  EXPECT_NE(server.data.find("Subject: Search request SAR-2025-000001"), std::string::npos);
  EXPECT_NE(server.data.find("Message-ID: <" + *id + ">"), std::string::npos);
}

TEST(SmtpMailer, ReportsAServerThatIsNotThere) {
  // Bind a port, then close it, so nothing listens there.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  SmtpOptions o;
  o.host = "127.0.0.1";
  o.port = ntohs(addr.sin_port);
  o.timeout_seconds = 5;
  auto id = MakeSmtpMailer(o)->Send(Sample());
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.status().message().find("did not accept"), std::string::npos);
}

}  // namespace
}  // namespace sardesk::mail

namespace sardesk::mail {
namespace {

TEST(FormatMessage, AttachesFilesAsBase64InMultipartMixed) {
  MailMessage m{"sar@council.example", {"ellie@example.org"}, {}, "Your records", "The file is attached.\n", {}};
  m.attachments.push_back({"SAR-1-records.pdf", "application/pdf", std::string("%PDF-1.7\n\x00\xff binary", 18)});
  std::string text = FormatMessage(m, "id1@council.example", "Thu, 03 Dec 2026 08:00:00 +0000");
  EXPECT_NE(text.find("Content-Type: multipart/mixed; boundary=\""), std::string::npos);
  EXPECT_NE(text.find("Content-Disposition: attachment; filename=\"SAR-1-records.pdf\"\r\n"), std::string::npos);
  EXPECT_NE(text.find("Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjcKAP8gYmluYXJ5\r\n"), std::string::npos);
  EXPECT_EQ(text.find("binary"), std::string::npos);  // only in base64
  EXPECT_EQ(text.substr(text.size() - 4), "--\r\n");
}

TEST(CheckMessage, RefusesAttachmentNamesAndTypesThatBreakHeaders) {
  MailMessage m{"sar@council.example", {"ellie@example.org"}, {}, "Your records", "x", {}};
  m.attachments.push_back({"a\r\nBcc: x@y.z", "application/pdf", "x"});
  EXPECT_FALSE(CheckMessage(m).ok());
  m.attachments[0] = {"a\".pdf", "application/pdf", "x"};
  EXPECT_FALSE(CheckMessage(m).ok());
  m.attachments[0] = {"a.pdf", "application/pdf; x=\"y\"", "x"};
  EXPECT_FALSE(CheckMessage(m).ok());
  m.attachments[0] = {"a.pdf", "application/pdf", "x"};
  EXPECT_TRUE(CheckMessage(m).ok());
}

}  // namespace
}  // namespace sardesk::mail
