#include "archive/zip_writer.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace sardesk::archive {
namespace {

struct WriterFree {
  void operator()(struct archive* a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(struct archive_entry* e) const { archive_entry_free(e); }
};

la_ssize_t Append(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Status Failed(struct archive* a) {
  const char* why = archive_error_string(a);
  return Status::Internal(std::string("cannot write the zip: ") + (why ? why : "unknown error"));
}

}  // namespace

Result<std::string> WriteZip(const std::vector<ZipMember>& members, const ZipOptions& options) {
  std::unique_ptr<struct archive, WriterFree> a(archive_write_new());
  if (!a) return Status::Internal("cannot write the zip: out of memory");
  if (archive_write_set_format_zip(a.get()) != ARCHIVE_OK) return Failed(a.get());
  if (options.store && archive_write_set_options(a.get(), "zip:compression=store") != ARCHIVE_OK) return Failed(a.get());
  if (!options.passphrase.empty()) {
    if (archive_write_set_options(a.get(), "zip:encryption=zipcrypt") != ARCHIVE_OK) return Failed(a.get());
    if (archive_write_set_passphrase(a.get(), options.passphrase.c_str()) != ARCHIVE_OK) return Failed(a.get());
  }
  archive_write_set_bytes_in_last_block(a.get(), 1);
  std::string out;
  if (archive_write_open(a.get(), &out, nullptr, Append, nullptr) != ARCHIVE_OK) return Failed(a.get());
  for (const auto& m : members) {
    std::unique_ptr<struct archive_entry, EntryFree> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), m.path.c_str());
    archive_entry_set_filetype(e.get(), m.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e.get(), m.directory ? 0755 : 0644);
    archive_entry_set_size(e.get(), m.directory ? 0 : static_cast<la_int64_t>(m.bytes.size()));
    archive_entry_set_mtime(e.get(), 1'757'500'000, 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return Failed(a.get());
    if (!m.directory && !m.bytes.empty() &&
        archive_write_data(a.get(), m.bytes.data(), m.bytes.size()) != static_cast<la_ssize_t>(m.bytes.size()))
      return Failed(a.get());
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return Failed(a.get());
  return out;
}

}  // namespace sardesk::archive
