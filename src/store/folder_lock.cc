#include "store/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace sardesk::store {

Result<std::unique_ptr<FolderLock>> FolderLock::Take(const std::string& data_dir, const std::string& busy_message) {
  const std::string path = (std::filesystem::path(data_dir) / "sardesk.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Invalid("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return Status::Conflict(busy_message);
    return Status::Invalid("cannot lock " + path + ": " + std::strerror(err));
  }
  return std::make_unique<FolderLock>(fd);
}

FolderLock::~FolderLock() { ::close(fd_); }

}  // namespace sardesk::store
