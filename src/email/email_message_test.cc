#include "email/email_message.h"

#include <gtest/gtest.h>

namespace sardesk::email {
namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kPlain =
    "From: Pat Jones <pat@council.example>\r\n"
    "To: ig@council.example, \"Smith, Ava\" <ava@council.example>\r\n"
    "Cc: team@council.example\r\n"
    "Date: Tue, 9 Sep 2025 10:15:00 +0100\r\n"
    "Subject: =?ISO-8859-1?Q?Visit_note_=A3?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=ISO-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Visited the family on Monday. Cost =A35.\r\n";

const char* kWithAttachments =
    "From: pat@council.example\r\n"
    "To: ig@council.example\r\n"
    "Subject: Records for the SAR\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
    "\r\n"
    "--alt\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "Plain body here.\r\n"
    "--alt\r\n"
    "Content-Type: text/html\r\n"
    "\r\n"
    "<p>HTML body here.</p>\r\n"
    "--alt--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"report.pdf\"\r\n"
    "Content-Disposition: attachment; filename=\"report.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQKJWZha2U=\r\n"
    "--outer\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: someone@example.org\r\n"
    "Subject: Earlier message\r\n"
    "\r\n"
    "The forwarded text.\r\n"
    "--outer\r\n"
    "Content-Type: image/png\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "iVBORw0KGgo=\r\n"
    "--outer--\r\n";

TEST(ParseMessage, ReadsHeadersAndDecodesCharsets) {
  auto m = ParseMessage(kPlain);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->from, "Pat Jones <pat@council.example>");
  EXPECT_TRUE(Contains(m->to, "ig@council.example")) << m->to;
  EXPECT_TRUE(Contains(m->to, "ava@council.example")) << m->to;
  EXPECT_EQ(m->cc, "team@council.example");
  EXPECT_EQ(m->date, "Tue, 9 Sep 2025 10:15:00 +0100");
  EXPECT_EQ(m->subject, "Visit note \xC2\xA3");
  EXPECT_TRUE(Contains(m->body, "Cost \xC2\xA3" "5.")) << m->body;
  EXPECT_TRUE(m->attachments.empty());
}

TEST(ParseMessage, PrefersPlainTextAndReturnsAttachmentsDecoded) {
  auto m = ParseMessage(kWithAttachments);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->body, "Plain body here.");
  ASSERT_EQ(m->attachments.size(), 3u);
  EXPECT_EQ(m->attachments[0].filename, "report.pdf");
  EXPECT_EQ(m->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(m->attachments[0].bytes, "%PDF-1.4\n%fake");
  EXPECT_EQ(m->attachments[1].filename, "Earlier message.eml");
  EXPECT_EQ(m->attachments[1].content_type, "message/rfc822");
  EXPECT_TRUE(Contains(m->attachments[1].bytes, "The forwarded text.")) << m->attachments[1].bytes;
  auto inner = ParseMessage(m->attachments[1].bytes);
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->subject, "Earlier message");
  EXPECT_EQ(m->attachments[2].filename, "attachment-1.png");  // unnamed: named by its type
  EXPECT_EQ(m->attachments[2].bytes.substr(0, 4), "\x89PNG");
}

TEST(ParseMessage, TurnsAnHtmlOnlyBodyIntoText) {
  auto m = ParseMessage(
      "From: a@example.org\nSubject: html\nContent-Type: text/html\n\n"
      "<html><style>x{}</style><body><p>Hello <b>there</b></p><script>bad()</script></body></html>\n");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->body, "Hello there");
}

TEST(ParseMessage, RendersHeadersAttachmentsAndBodyAsText) {
  auto m = ParseMessage(kWithAttachments);
  ASSERT_TRUE(m.ok());
  std::string text = RenderText(*m);
  EXPECT_TRUE(Contains(text, "From: pat@council.example\n")) << text;
  EXPECT_TRUE(Contains(text, "Subject: Records for the SAR\n")) << text;
  EXPECT_TRUE(Contains(text, "Attachments: report.pdf, Earlier message.eml, attachment-1.png\n")) << text;
  EXPECT_TRUE(Contains(text, "\nPlain body here.")) << text;
}

TEST(ParseMessage, RefusesEmptyAndOversizedInput) {
  EXPECT_FALSE(ParseMessage("").ok());
  Limits limits;
  limits.max_bytes = 10;
  auto big = ParseMessage(kPlain, limits);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), ErrorCode::kTooLarge);
}

TEST(ParseMessage, ReadsWhatItCanOfDamagedMessages) {
  // Truncated in the middle of a base64 attachment, with no closing boundary.
  std::string cut = std::string(kWithAttachments).substr(0, std::string(kWithAttachments).find("JVBERi0x") + 6);
  auto m = ParseMessage(cut);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->subject, "Records for the SAR");
  auto junk = ParseMessage(std::string("\x00\x01\x02\xff", 4));
  ASSERT_FALSE(junk.ok());
  EXPECT_TRUE(Contains(junk.status().message(), "not a readable email")) << junk.status().message();
}

TEST(ParseMessage, StopsAtTheDepthAndPartLimits) {
  std::string deep = "From: a@example.org\nSubject: deep\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n";
  for (int i = 1; i < 60; ++i)
    deep += "--b" + std::to_string(i - 1) + "\nContent-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\n\n";
  deep += "--b59\nContent-Type: text/plain\n\nbottom\n";
  Limits limits;
  limits.max_depth = 10;
  auto m = ParseMessage(deep, limits);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->truncated);
  EXPECT_TRUE(Contains(RenderText(*m), "more parts than sardesk reads"));
}

}  // namespace
}  // namespace sardesk::email
