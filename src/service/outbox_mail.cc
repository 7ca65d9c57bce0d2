#include "service/outbox_mail.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/sha256.h"

namespace sardesk::service {

using nlohmann::json;

json QueuedAttachment(const std::string& filename, const std::string& content_type, const std::string& path,
                      const std::string& sha256, std::int64_t bytes) {
  return {{"filename", filename}, {"content_type", content_type}, {"path", path}, {"sha256", sha256}, {"bytes", bytes}};
}

Result<mail::MailMessage> MailFromQueued(const json& j, std::int64_t max_attachment_bytes) {
  if (!j.is_object()) return Status::Internal("the queued message is damaged");
  mail::MailMessage m;
  try {
    m.from = j.value("from", "");
    m.to = j.value("to", std::vector<std::string>{});
    m.cc = j.value("cc", std::vector<std::string>{});
    m.subject = j.value("subject", "");
    m.body = j.value("body", "");
    for (const auto& a : j.value("attachments", json::array())) {
      const std::string path = a.at("path").get<std::string>();
      const std::string name = a.at("filename").get<std::string>();
      const auto size = a.at("bytes").get<std::int64_t>();
      if (size > max_attachment_bytes)
        return Status::TooLarge("the attachment " + name + " is larger than the email attachment limit");
      std::error_code ec;
      const auto on_disk = std::filesystem::file_size(path, ec);
      if (ec || static_cast<std::int64_t>(on_disk) != size)
        return Status::Internal("the attachment " + name + " is missing or has changed since the message was queued");
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (static_cast<std::int64_t>(bytes.size()) != size || Sha256Hex(bytes) != a.at("sha256").get<std::string>())
        return Status::Internal("the attachment " + name + " has changed since the message was queued");
      m.attachments.push_back({name, a.at("content_type").get<std::string>(), std::move(bytes)});
    }
  } catch (const json::exception&) {
    return Status::Internal("the queued message is damaged");
  }
  return m;
}

}  // namespace sardesk::service
