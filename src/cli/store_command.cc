#include "cli/store_command.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>

#include "crypt/data_key.h"

namespace sardesk::cli {

using nlohmann::json;

namespace {

struct Options {
  std::string out;
  std::string sha;
  bool dry_run = false;
};

void Fail(int& exit_code, const std::string& message) {
  std::cerr << "sardesk: " << message << "\n";
  exit_code = 1;
}

}  // namespace

void AddStoreCommands(CLI::App& app, std::function<void()>& run, int& exit_code, StoreCommandServices services,
                      const std::string* actor, const bool* as_json) {
  auto opts = std::make_shared<Options>();

  auto* key = app.add_subcommand("key", "The data folder's encryption key (docs/storage.md)");
  key->require_subcommand(1);
  auto* generate = key->add_subcommand("generate", "Write a new random key to a file (mode 0600); never overwrites");
  generate->add_option("--out", opts->out, "Where to write it: outside the data folder")->required();
  generate->callback([&run, &exit_code, opts, as_json] {
    run = [&exit_code, opts, as_json] {
      Status st = crypt::WriteKeyFile(crypt::DataKey::Generate(), opts->out);
      if (!st.ok()) return Fail(exit_code, st.message());
      if (*as_json) std::cout << json{{"written", opts->out}}.dump(2) << "\n";
      else std::cout << "wrote a new key to " << opts->out << ": keep a copy somewhere safe, apart from backups of the data\n";
    };
  });

  auto* store = app.add_subcommand("store", "The data folder");
  store->require_subcommand(1);
  auto* encrypt = store->add_subcommand(
      "encrypt", "Encrypt a data folder written before encryption (also done on any open); safe to repeat");
  encrypt->callback([&run, &exit_code, services, as_json] {
    run = [&exit_code, services, as_json] {
      std::int64_t sealed = services.open_encrypted();
      (void)exit_code;
      if (*as_json) std::cout << json{{"encrypted", true}, {"files_sealed", sealed}}.dump(2) << "\n";
      else std::cout << "the data folder is encrypted (" << sealed << " stored files sealed now)\n";
    };
  });

  auto* exportcmd = store->add_subcommand("export", "Write a stored file, decrypted, to a file of your own (mode 0600)");
  exportcmd->add_option("sha256", opts->sha, "The stored file's SHA-256 (its name under DATA/blobs)")->required();
  exportcmd->add_option("--out", opts->out, "Where to write it; an existing file is not overwritten")->required();
  exportcmd->callback([&run, &exit_code, services, opts, as_json] {
    run = [&exit_code, services, opts, as_json] {
      auto bytes = services.blobs().Read(opts->sha, std::int64_t{8} << 30);
      if (!bytes.ok()) return Fail(exit_code, bytes.status().message());
      int fd = ::open(opts->out.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) return Fail(exit_code, "cannot create " + opts->out + ": " + std::strerror(errno));
      bool ok = ::write(fd, bytes->data(), bytes->size()) == static_cast<ssize_t>(bytes->size());
      ok = ::close(fd) == 0 && ok;
      if (!ok) return Fail(exit_code, "cannot write " + opts->out);
      if (*as_json) std::cout << json{{"written", opts->out}, {"bytes", bytes->size()}}.dump(2) << "\n";
      else std::cout << "wrote " << bytes->size() << " bytes to " << opts->out << "\n";
    };
  });

  auto* rotate = store->add_subcommand(
      "rotate-key",
      "Re-encrypt every stored file and database value with a new key (stop sardesk first); if interrupted, run it "
      "again with the same keys");
  rotate->add_option("--new-key-file", opts->out, "The new key (sardesk key generate --out PATH), outside the data folder")
      ->required();
  rotate->callback([&run, &exit_code, services, opts, as_json] {
    run = [&exit_code, services, opts, as_json] {
      auto done = services.rotate_key(opts->out);
      if (!done.ok()) return Fail(exit_code, done.status().message());
      if (*as_json) {
        std::cout << json{{"rotated", true},
                          {"resumed", done->resumed},
                          {"files_resealed", done->files_resealed},
                          {"files_already", done->files_already},
                          {"values_resealed", done->values_resealed},
                          {"new_key_file", opts->out}}
                         .dump(2)
                  << "\n";
        return;
      }
      std::cout << (done->resumed ? "finished an interrupted rotation: " : "rotated the key: ") << done->files_resealed
                << " stored files and " << done->values_resealed << " database values re-encrypted"
                << (done->files_already ? " (" + std::to_string(done->files_already) + " files done by the earlier run)" : "")
                << ".\nFrom now on give the new key: --key-file " << opts->out << " or SARDESK_KEY_FILE=" << opts->out
                << ". Keep the old key as long as backups made with it are kept.\n";
    };
  });

  auto* retention = app.add_subcommand("retention", "Destroy the documents of requests closed longer than the retention period");
  retention->require_subcommand(1);
  auto* rrun = retention->add_subcommand("run", "Destroy what is due (settings: retention_years, default 6)");
  rrun->add_flag("--dry-run", opts->dry_run, "Only list what is due");
  rrun->callback([&run, &exit_code, services, opts, actor, as_json] {
    run = [&exit_code, services, opts, actor, as_json] {
      auto report = services.retention().Run(opts->dry_run, *actor);
      if (!report.ok()) return Fail(exit_code, report.status().message());
      json items = json::array();
      for (const auto& i : report->due)
        items.push_back({{"reference", i.reference}, {"closed_on", i.closed_on}, {"retain_until", i.retain_until},
                         {"documents", i.documents}, {"files_removed", i.files_removed}, {"destroyed", i.destroyed}});
      if (*as_json) {
        std::cout << json{{"dry_run", opts->dry_run}, {"retention_years", report->retention_years},
                          {"today", report->today}, {"due", items}}
                         .dump(2)
                  << "\n";
        return;
      }
      if (report->due.empty()) std::cout << "nothing is due for destruction (" << report->retention_years << " years after closure)\n";
      for (const auto& i : report->due)
        std::cout << i.reference << "  closed " << i.closed_on << "  due " << i.retain_until << "  "
                  << (i.destroyed ? "destroyed: " + std::to_string(i.documents) + " documents, " +
                                        std::to_string(i.files_removed) + " files"
                                  : std::string("due (dry run)"))
                  << "\n";
    };
  });
}

}  // namespace sardesk::cli
