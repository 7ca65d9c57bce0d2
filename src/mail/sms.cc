#include "mail/sms.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

namespace sardesk::mail {

namespace {

constexpr size_t kMaxSmsBody = 480;  // three concatenated messages

class FileDropSms : public SmsSender {
 public:
  explicit FileDropSms(std::string dir) : dir_(std::move(dir)) {}

  Result<std::string> Send(const SmsMessage& message) override {
    SARDESK_RETURN_IF_ERROR(CheckSms(message));
    std::error_code ec;
    // In clear, like the mail drop (docs/storage.md): only sardesk's user may read it.
    if (!std::filesystem::exists(dir_, ec)) {
      std::filesystem::create_directories(dir_, ec);
      if (!ec) std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    }
    if (ec) return Status::Internal("cannot create the SMS drop folder: " + ec.message());
    auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    std::string id = std::to_string(now) + "-" + std::to_string(counter_.fetch_add(1));
    auto final_path = std::filesystem::path(dir_) / (id + ".sms");
    auto tmp_path = std::filesystem::path(dir_) / ("." + id + ".tmp");
    {
      const std::string text = "To: " + NormalisePhone(message.to) + "\n\n" + message.body + "\n";
      int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0) return Status::Internal("cannot write a text message to the drop folder");
      bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      ok = ::close(fd) == 0 && ok;
      if (!ok) return Status::Internal("cannot write a text message to the drop folder");
    }
    std::filesystem::rename(tmp_path, final_path, ec);
    if (ec) return Status::Internal("cannot move a text message into the drop folder: " + ec.message());
    return id;
  }

  std::string Describe() const override { return "SMS file drop in " + dir_; }

 private:
  std::string dir_;
  std::atomic<long long> counter_{0};
};

}  // namespace

std::string NormalisePhone(const std::string& number) {
  std::string out;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
    if (c == '+' && out.empty()) {
      out += c;
      continue;
    }
    if (c < '0' || c > '9') return "";
    out += c;
  }
  size_t digits = out.size() - (!out.empty() && out[0] == '+' ? 1 : 0);
  if (digits < 7 || digits > 15) return "";
  return out;
}

Status CheckSms(const SmsMessage& message) {
  if (NormalisePhone(message.to).empty()) return Status::Invalid("the telephone number is not valid");
  if (message.body.empty()) return Status::Invalid("a text message needs a body");
  if (message.body.size() > kMaxSmsBody) return Status::Invalid("a text message is at most 480 bytes");
  return Status::Ok();
}

std::unique_ptr<SmsSender> MakeFileDropSms(const std::string& dir) { return std::make_unique<FileDropSms>(dir); }

}  // namespace sardesk::mail
