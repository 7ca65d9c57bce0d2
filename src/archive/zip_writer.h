// Writing zip archives in memory (for tests of hostile zips, and for bundles
// later). Not for untrusted input: names are written as given.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace sardesk::archive {

struct ZipMember {
  std::string path;   // written as given, even "../x" (tests need such names)
  std::string bytes;
  bool directory = false;
};

struct ZipOptions {
  std::string passphrase;  // non-empty: traditional PKWARE encryption
  bool store = false;      // no compression
};

Result<std::string> WriteZip(const std::vector<ZipMember>& members, const ZipOptions& options = {});

}  // namespace sardesk::archive
