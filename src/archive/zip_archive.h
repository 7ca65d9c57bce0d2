// Reading zip archives sent by service areas: the only place libarchive is
// read from. Every zip is hostile: names that climb out of the archive,
// encrypted entries, more entries or more bytes than the limits, and
// compression ratios of a "zip bomb" are refused with a message the officer
// can act on, before or while anything is decompressed. Directories, links
// and operating-system junk (__MACOSX/, .DS_Store, Thumbs.db) are skipped.
// Nesting of zips inside zips is counted by the caller, which sees each
// extracted zip as a new document.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace sardesk::archive {

struct Limits {
  int max_entries = 10'000;                         // files and folders in one zip
  std::int64_t max_entry_bytes = 512ll << 20;       // one file, decompressed
  std::int64_t max_total_bytes = 2ll << 30;         // all files, decompressed
  std::int64_t max_ratio = 100;                     // decompressed bytes per byte of zip...
  std::int64_t ratio_floor_bytes = 16ll << 20;      // ...checked once this much came out
};

struct Entry {
  std::string path;        // inside the archive: '/'-separated, no "." or ".." parts
  std::int64_t size = -1;  // as declared in the zip (may lie), -1 when unknown
};

// A zip on disk or in memory; each call reads it afresh. Not thread-safe
// to share, cheap to copy.
class ZipFile {
 public:
  static ZipFile FromPath(std::string path);
  // `bytes` must outlive the ZipFile.
  static ZipFile FromMemory(std::string_view bytes);

  // The files in the archive, in archive order, after every check that the
  // listing allows (names, encryption, entry count, declared sizes).
  Result<std::vector<Entry>> List(const Limits& limits) const;

  // Decompresses each file in turn and hands it to `on_file`; stops at the
  // first error (its own or on_file's). Byte limits are enforced on what
  // really comes out, whatever the zip declares.
  using FileFn = std::function<Status(const Entry& entry, std::string bytes)>;
  Status Extract(const Limits& limits, const FileFn& on_file) const;

  // The bytes of the file at `path` (exact match), or nullopt when absent.
  Result<std::optional<std::string>> ReadFile(const std::string& path, std::int64_t max_bytes) const;

 private:
  ZipFile() = default;
  std::string path_;
  std::string_view bytes_;
  bool in_memory_ = false;
};

// The archive path made safe, or an error when it is absolute or climbs out
// of the archive ("../x", "C:\x"). Backslashes count as separators; "./"
// parts are dropped. Pure; exposed for tests.
Result<std::string> CleanEntryPath(std::string_view raw);

// True for entries that are operating-system clutter, not records.
bool IsJunk(std::string_view path);

}  // namespace sardesk::archive
