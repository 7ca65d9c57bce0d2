// What protects a release in transit: a password made per release, stored
// only as a salted slow hash, and an AES-256 zip for bundles in several
// volumes (libarchive; WinZip AE-2, which 7-Zip, WinZip and macOS's Archive
// Utility open). Adapter over OpenSSL and libarchive. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::bundle {

// A new password from the operating system's CSPRNG: five groups of five
// letters and digits without look-alikes (no 0/O, 1/l/I), about 128 bits,
// easy to read out over the telephone.
Result<std::string> NewReleasePassword();

// "pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>", salted per password.
Result<std::string> HashReleasePassword(const std::string& password);
// Whether `password` is the one `stored` was made from (constant time).
bool ReleasePasswordMatches(const std::string& password, const std::string& stored);

struct ArchiveFile {
  std::string name;  // a plain file name, no folders
  std::string path;  // where its bytes are
};

// Writes a zip of `files` encrypted with AES-256 under `password` to `out_path`.
Status WriteEncryptedZip(const std::vector<ArchiveFile>& files, const std::string& password,
                         const std::string& out_path);

// For tests and checks: the names and bytes of an encrypted zip's files,
// read with `password`; an error when the password is wrong.
struct ArchiveContent {
  std::string name;
  std::string bytes;
};
Result<std::vector<ArchiveContent>> ReadEncryptedZip(const std::string& path, const std::string& password);

}  // namespace sardesk::bundle
