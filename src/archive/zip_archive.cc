#include "archive/zip_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <system_error>
#include <utility>

namespace sardesk::archive {
namespace {

constexpr std::int64_t kMiB = std::int64_t{1} << 20;
constexpr size_t kChunk = 64 * 1024;

struct ArchiveFree {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveFree>;

std::string MiB(std::int64_t bytes) {
  if (bytes >= kMiB) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= 1024) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// Names go into messages: keep them short and printable.
std::string Quoted(std::string_view name) {
  std::string out = "\"";
  for (char c : name.substr(0, 80)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  if (name.size() > 80) out += "...";
  return out + "\"";
}

Status Damaged() {
  return Status::Invalid("this zip is damaged or incomplete: ask the service area to send it again");
}
Status NotAZip() {
  return Status::Invalid("this zip is damaged or incomplete, or not a zip at all: ask the service area to send it again");
}
Status Encrypted() {
  return Status::Invalid("this zip is password protected: ask the service area for an unencrypted copy");
}
Status TooManyEntries(int max) {
  return Status::TooLarge("this zip holds more than " + std::to_string(max) +
                          " files and folders: ask the service area to send it in parts");
}
Status TooBig(std::int64_t max) {
  return Status::TooLarge("this zip expands to more than " + MiB(max) +
                          ": ask the service area to send it in parts");
}
Status Bomb(std::int64_t ratio) {
  return Status::TooLarge("this zip expands to more than " + std::to_string(ratio) +
                          " times its own size, as a \"zip bomb\" does: ask the service area to send the "
                          "files themselves or in smaller zips");
}

// One pass over the archive, calling on_header for each entry that is a
// file worth keeping; on_header may read the entry's data from `a`.
class Pass {
 public:
  Pass(const std::string& path, std::string_view bytes, bool in_memory) {
    a_.reset(archive_read_new());
    if (!a_) return;
    // The central directory is the zip's table of contents: a zip without
    // one is truncated, so the streaming reader (which would guess from
    // the local headers) is not enabled.
    archive_read_support_format_zip_seekable(a_.get());
    int rc = in_memory ? archive_read_open_memory(a_.get(), bytes.data(), bytes.size())
                       : archive_read_open_filename(a_.get(), path.c_str(), kChunk);
    open_ = rc == ARCHIVE_OK;
  }
  bool open() const { return a_ && open_; }
  struct archive* get() { return a_.get(); }

 private:
  ArchivePtr a_;
  bool open_ = false;
};

struct Source {
  const std::string& path;
  std::string_view bytes;
  bool in_memory;
  std::int64_t size() const {
    if (in_memory) return static_cast<std::int64_t>(bytes.size());
    std::error_code ec;
    auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::int64_t>(n);
  }
  std::string Head(size_t n) const {
    if (in_memory) return std::string(bytes.substr(0, n));
    std::ifstream in(path, std::ios::binary);
    std::string head(n, '\0');
    in.read(head.data(), static_cast<std::streamsize>(n));
    head.resize(static_cast<size_t>(in.gcount()));
    return head;
  }
};

// What each entry is, after the checks that need no decompression.
enum class Kind { kFile, kSkip };

Result<Kind> Inspect(struct archive_entry* entry, int index, const Limits& limits, Entry* out) {
  if (index >= limits.max_entries) return TooManyEntries(limits.max_entries);
  const char* name = archive_entry_pathname_utf8(entry);
  if (name == nullptr) name = archive_entry_pathname(entry);
  if (name == nullptr) return Damaged();
  auto type = archive_entry_filetype(entry);
  auto clean = CleanEntryPath(name);
  if (!clean.ok()) return clean.status();
  out->path = *clean;
  if (type == AE_IFDIR || out->path.empty()) return Kind::kSkip;
  if (type != AE_IFREG || IsJunk(out->path)) return Kind::kSkip;  // links, devices, clutter
  if (archive_entry_is_encrypted(entry)) return Encrypted();
  out->size = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
  if (out->size > limits.max_entry_bytes)
    return Status::TooLarge(Quoted(out->path) + " in this zip is larger than the limit of " +
                            MiB(limits.max_entry_bytes) + ": ask the service area to split it");
  return Kind::kFile;
}

// Reads the current entry's data, enforcing the limits on what comes out.
Status ReadData(struct archive* a, const Entry& entry, const Limits& limits, std::int64_t archive_bytes,
                std::int64_t* total, std::int64_t max_bytes, std::string* out) {
  std::array<char, kChunk> buf;
  for (;;) {
    la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
    if (n == 0) return Status::Ok();
    if (n < 0) {
      if (archive_read_has_encrypted_entries(a) > 0) return Encrypted();
      return Damaged();
    }
    *total += n;
    if (static_cast<std::int64_t>(out->size()) + n > max_bytes)
      return Status::TooLarge(Quoted(entry.path) + " in this zip is larger than the limit of " + MiB(max_bytes) +
                              ": ask the service area to split it");
    if (*total > limits.max_total_bytes) return TooBig(limits.max_total_bytes);
    if (*total > limits.ratio_floor_bytes && *total / std::max<std::int64_t>(archive_bytes, 1) > limits.max_ratio)
      return Bomb(limits.max_ratio);
    out->append(buf.data(), static_cast<size_t>(n));
  }
}

// Walks every entry; on_file gets each file that passed Inspect.
// Stops early, without error, once *done is true.
Status Walk(const Source& src, const Limits& limits,
            const std::function<Status(struct archive*, const Entry&)>& on_file, const bool* done = nullptr) {
  // A zip with no entries is only its end record, which libarchive refuses.
  if (src.Head(4) == std::string_view("PK\x05\x06", 4) && src.size() < 22 + 65536) return Status::Ok();
  Pass pass(src.path, src.bytes, src.in_memory);
  if (!pass.open()) return NotAZip();
  struct archive* a = pass.get();
  struct archive_entry* entry = nullptr;
  for (int index = 0; done == nullptr || !*done; ++index) {
    int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) return Status::Ok();
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      // Not "encrypted" here even if the flags say so: garbage sets them too.
      return index == 0 ? NotAZip() : Damaged();
    }
    Entry e;
    SARDESK_ASSIGN_OR_RETURN(Kind kind, Inspect(entry, index, limits, &e));
    if (kind == Kind::kFile) SARDESK_RETURN_IF_ERROR(on_file(a, e));
  }
  return Status::Ok();
}

}  // namespace

ZipFile ZipFile::FromPath(std::string path) {
  ZipFile z;
  z.path_ = std::move(path);
  return z;
}

ZipFile ZipFile::FromMemory(std::string_view bytes) {
  ZipFile z;
  z.bytes_ = bytes;
  z.in_memory_ = true;
  return z;
}

Result<std::vector<Entry>> ZipFile::List(const Limits& limits) const {
  Source src{path_, bytes_, in_memory_};
  const std::int64_t archive_bytes = src.size();
  std::vector<Entry> entries;
  std::int64_t declared = 0;
  SARDESK_RETURN_IF_ERROR(Walk(src, limits, [&](struct archive*, const Entry& e) -> Status {
    if (e.size > 0) declared += e.size;
    if (declared > limits.max_total_bytes) return TooBig(limits.max_total_bytes);
    if (declared > limits.ratio_floor_bytes && declared / std::max<std::int64_t>(archive_bytes, 1) > limits.max_ratio)
      return Bomb(limits.max_ratio);
    entries.push_back(e);
    return Status::Ok();
  }));
  return entries;
}

Status ZipFile::Extract(const Limits& limits, const FileFn& on_file) const {
  Source src{path_, bytes_, in_memory_};
  const std::int64_t archive_bytes = src.size();
  std::int64_t total = 0;
  return Walk(src, limits, [&](struct archive* a, const Entry& e) -> Status {
    std::string bytes;
    SARDESK_RETURN_IF_ERROR(ReadData(a, e, limits, archive_bytes, &total, limits.max_entry_bytes, &bytes));
    return on_file(e, std::move(bytes));
  });
}

Result<std::optional<std::string>> ZipFile::ReadFile(const std::string& path, std::int64_t max_bytes) const {
  Source src{path_, bytes_, in_memory_};
  Limits limits;  // only the file asked for is read, and only up to max_bytes
  limits.max_entry_bytes = std::numeric_limits<std::int64_t>::max();
  limits.max_total_bytes = std::numeric_limits<std::int64_t>::max();
  const std::int64_t archive_bytes = src.size();
  std::int64_t total = 0;
  std::optional<std::string> found;
  bool done = false;
  SARDESK_RETURN_IF_ERROR(Walk(src, limits, [&](struct archive* a, const Entry& e) -> Status {
    if (found || e.path != path) return Status::Ok();
    std::string bytes;
    SARDESK_RETURN_IF_ERROR(ReadData(a, e, limits, archive_bytes, &total, max_bytes, &bytes));
    found = std::move(bytes);
    done = true;
    return Status::Ok();
  }, &done));
  return found;
}

Result<std::string> CleanEntryPath(std::string_view raw) {
  auto traversal = [&] {
    return Status::Invalid("this zip holds an entry named " + Quoted(raw) +
                           " that points outside the zip, as malicious archives do: ask the service area to "
                           "make the zip again from the folder");
  };
  if (raw.empty()) return std::string();
  if (raw.front() == '/' || raw.front() == '\\') return traversal();
  if (raw.size() >= 2 && raw[1] == ':') return traversal();  // C:\ or C:x
  std::string out;
  size_t pos = 0;
  while (pos <= raw.size()) {
    size_t end = raw.find_first_of("/\\", pos);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view part = raw.substr(pos, end - pos);
    if (part == "..") return traversal();
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    pos = end + 1;
  }
  return out;
}

bool IsJunk(std::string_view path) {
  if (path.substr(0, 9) == "__MACOSX/") return true;
  auto slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return base == ".DS_Store" || base == "Thumbs.db" || base == "desktop.ini" || base.substr(0, 2) == "._" ||
         base.substr(0, 2) == "~$";
}

}  // namespace sardesk::archive
