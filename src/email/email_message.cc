#include "email/email_message.h"

extern "C" {
#include <gmime/gmime.h>
}

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <utility>

#include "ingest/html_text.h"

namespace sardesk::email {
namespace {

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* p) const { g_mime_parser_options_free(p); }
};

void Silent(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    g_mime_init();
    // GMime reports through GLib's log; never let it reach stderr (the
    // messages can quote headers, that is, personal data).
    g_log_set_handler("gmime", static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
                      Silent, nullptr);
  });
}

void CountWarning(gint64, GMimeParserWarning, const gchar*, gpointer user_data) {
  ++static_cast<Message*>(user_data)->warnings;
}

std::string Take(char* s) {
  GCharPtr owned(s);
  return owned ? std::string(owned.get()) : std::string();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string Addresses(InternetAddressList* list) {
  if (list == nullptr || internet_address_list_length(list) == 0) return "";
  return Take(internet_address_list_to_string(list, nullptr, FALSE));
}

std::string ContentType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "application/octet-stream";
  return Lower(Take(g_mime_content_type_get_mime_type(type)));
}

// A name for an attachment its sender did not name, with the extension that
// tells the ingestion what it is.
std::string MadeUpName(const std::string& content_type, int number) {
  static constexpr std::pair<std::string_view, std::string_view> kExtensions[] = {
      {"application/pdf", ".pdf"},
      {"text/plain", ".txt"},
      {"text/html", ".html"},
      {"text/csv", ".csv"},
      {"text/rtf", ".rtf"},
      {"application/rtf", ".rtf"},
      {"image/png", ".png"},
      {"image/jpeg", ".jpg"},
      {"image/tiff", ".tif"},
      {"message/rfc822", ".eml"},
      {"application/msword", ".doc"},
      {"application/vnd.ms-excel", ".xls"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
      {"application/vnd.oasis.opendocument.text", ".odt"},
      {"application/vnd.oasis.opendocument.spreadsheet", ".ods"},
      {"application/zip", ".zip"},
  };
  std::string name = "attachment-" + std::to_string(number);
  for (const auto& [type, ext] : kExtensions)
    if (content_type == type) return name + std::string(ext);
  return name;
}

// Decoded bytes of a leaf part (base64 and quoted-printable undone).
std::string DecodedBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (content == nullptr) return "";
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (!out || g_mime_data_wrapper_write_to_stream(content, out.get()) < 0) return "";
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  if (array == nullptr || array->len == 0) return "";
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

std::string Serialised(GMimeObject* object) {
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (!out || g_mime_object_write_to_stream(object, nullptr, out.get()) < 0) return "";
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  if (array == nullptr || array->len == 0) return "";
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

bool IsSignature(const std::string& type) {
  return type == "application/pgp-signature" || type == "application/pkcs7-signature" ||
         type == "application/x-pkcs7-signature";
}

// Walks the MIME tree, sorting leaves into body text and attachments.
class Walker {
 public:
  Walker(const Limits& limits, Message* message) : limits_(limits), message_(message) {}

  void Walk(GMimeObject* object, int depth) {
    if (object == nullptr) return;
    if (++parts_ > limits_.max_parts || depth > limits_.max_depth) {
      message_->truncated = true;
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count; ++i) Walk(g_mime_multipart_get_part(multipart, i), depth + 1);
      return;
    }
    const std::string type = ContentType(object);
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return;
      const char* filename = g_mime_object_get_content_disposition_parameter(object, "filename");
      const char* subject = g_mime_message_get_subject(inner);
      std::string name = filename != nullptr && *filename != '\0'  ? std::string(filename)
                         : subject != nullptr && *subject != '\0' ? std::string(subject).substr(0, 100) + ".eml"
                                                                   : MadeUpName("message/rfc822", ++unnamed_);
      message_->attachments.push_back({name, "message/rfc822", Serialised(GMIME_OBJECT(inner))});
      return;
    }
    if (!GMIME_IS_PART(object) || IsSignature(type)) return;
    GMimePart* part = GMIME_PART(object);
    const char* filename = g_mime_part_get_filename(part);
    const bool attached = g_mime_part_is_attachment(part) || (filename != nullptr && *filename != '\0');
    if (!attached && GMIME_IS_TEXT_PART(object) && (type == "text/plain" || type == "text/html")) {
      std::string text = Take(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
      (type == "text/plain" ? plain_ : html_).push_back(std::move(text));
      return;
    }
    std::string name = filename != nullptr && *filename != '\0' ? std::string(filename) : MadeUpName(type, ++unnamed_);
    message_->attachments.push_back({std::move(name), type, DecodedBytes(part)});
  }

  // Plain text parts when there are any (an HTML alternative says the same).
  std::string Body() const {
    std::string body;
    const bool plain = !plain_.empty();
    for (const auto& part : plain ? plain_ : html_) {
      if (!body.empty()) body += "\n\n";
      body += plain ? part : ingest::HtmlToText(part);
    }
    return body;
  }

 private:
  const Limits& limits_;
  Message* message_;
  int parts_ = 0;
  int unnamed_ = 0;
  std::vector<std::string> plain_, html_;
};

}  // namespace

Result<Message> ParseMessage(std::string_view bytes, const Limits& limits) {
  if (bytes.empty()) return Status::Invalid("this email is empty (0 bytes)");
  if (static_cast<std::int64_t>(bytes.size()) > limits.max_bytes)
    return Status::TooLarge("this email is larger than the limit of " + std::to_string(limits.max_bytes >> 20) +
                            " MiB: ask the service area to send its attachments separately");
  InitOnce();
  Message message;
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  if (!stream) return Status::Internal("cannot read the email: out of memory");
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  if (!parser) return Status::Internal("cannot read the email: out of memory");
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  std::unique_ptr<GMimeParserOptions, ParserOptionsFree> options(g_mime_parser_options_new());
  g_mime_parser_options_set_warning_callback(options.get(), CountWarning, &message);
  GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!parsed) return Status::Invalid("this is not a readable email: ask the service area to save it again as .eml");

  GMimeMessage* m = parsed.get();
  message.from = Addresses(g_mime_message_get_from(m));
  message.to = Addresses(g_mime_message_get_to(m));
  message.cc = Addresses(g_mime_message_get_cc(m));
  const char* date = g_mime_object_get_header(GMIME_OBJECT(m), "Date");
  message.date = date != nullptr ? Trim(date) : "";
  const char* subject = g_mime_message_get_subject(m);
  message.subject = subject != nullptr ? Trim(subject) : "";

  Walker walker(limits, &message);
  walker.Walk(g_mime_message_get_mime_part(m), 0);
  message.body = walker.Body();
  return message;
}

std::string RenderText(const Message& message) {
  std::string out;
  auto line = [&](const char* name, const std::string& value) {
    if (!value.empty()) out += std::string(name) + ": " + value + "\n";
  };
  line("From", message.from);
  line("To", message.to);
  line("Cc", message.cc);
  line("Date", message.date);
  out += "Subject: " + (message.subject.empty() ? std::string("(no subject)") : message.subject) + "\n";
  if (!message.attachments.empty()) {
    out += "Attachments:";
    for (size_t i = 0; i < message.attachments.size(); ++i)
      out += (i ? ", " : " ") + message.attachments[i].filename;
    out += "\n";
  }
  if (message.truncated) out += "Note: this email has more parts than sardesk reads; the rest were left out.\n";
  out += "\n";
  out += message.body;
  return out;
}

}  // namespace sardesk::email
