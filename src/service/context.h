// What every service shares: the store, the time, the holiday calendar and
// the council's settings. Owned by whoever starts sardesk (main, a test).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "clock/bank_holidays.h"
#include "clock/stage_targets.h"
#include "common/clock_source.h"
#include "mail/mailer.h"
#include "redact/exemptions.h"
#include "store/store.h"

namespace sardesk::service {

// Council-level settings, stored as JSON under the "council" key.
struct Settings {
  std::string organisation = "Sardesk Demo Council";
  clock::Region region = clock::Region::kEnglandAndWales;
  int repeat_interval_days = 365;     // a similar request within this is flagged
  int extension_suggest_pages = 500;  // seed 001 stage 3
  int narrow_scope_pages = 1000;
  int bundle_volume_pages = 2000;  // a disclosure bundle above this is split into volumes (issue 6)
  clock::StageTargets targets;
  // Searches by service areas (seed 001 stage 2).
  int search_deadline_days = 5;  // working days to answer
  int escalation_days = 2;       // working days after a reminder before escalating
  // Mail.
  std::string mail_from = "sar@sardesk.invalid";  // the IG team's mailbox
  std::string ig_manager_email;
  std::string head_of_compliance_email;
  int mail_max_attachment_mib = 10;  // above this, an encrypted release is not emailed (issue 6)
  // Signed-in sessions (issue 8): a fixed lifetime and an idle timeout.
  int session_lifetime_minutes = 600;
  int session_idle_minutes = 30;
  // Retention (issue 8): years after closure before a request's documents
  // are destroyed (docs/storage.md).
  int retention_years = 6;
  // What one upload may cost (issue 3). Read when sardesk starts: a running
  // server applies changes after a restart.
  struct UploadLimits {
    int max_file_mib = 512;           // one file as uploaded, or one file out of a zip or email
    int max_pages = 20000;            // one document
    int max_image_megapixels = 60;    // one image frame, or one page rendered for OCR
    int max_zip_entries = 10000;      // files and folders in one zip
    int max_unzipped_mib = 2048;      // all files of one zip, decompressed
    int max_zip_ratio = 100;          // decompressed bytes per byte of zip
    int max_expanded_mib = 4096;      // everything one upload's zips and emails expand to
    int max_nesting = 5;              // zips and emails inside zips and emails
    int conversion_timeout_seconds = 180;  // one LibreOffice conversion
  } upload;
};

nlohmann::json SettingsToJson(const Settings& s);
// Applies the fields present in `j` onto *s; refuses unknown fields.
Status ApplySettingsJson(const nlohmann::json& j, Settings* s);

// Thread-safe holder of the built-in calendar plus holidays added by officers.
class CalendarHolder {
 public:
  std::shared_ptr<const clock::HolidayCalendar> Get() const;
  void Set(std::shared_ptr<const clock::HolidayCalendar> calendar);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const clock::HolidayCalendar> calendar_ =
      std::make_shared<clock::HolidayCalendar>(clock::HolidayCalendar::BuiltIn());
};

// Thread-safe holder of the council's exemption catalogue (stored as JSON
// under the "exemptions" setting; the built-in defaults until edited).
class CatalogueHolder {
 public:
  std::shared_ptr<const std::vector<redact::Exemption>> Get() const;
  void Set(std::shared_ptr<const std::vector<redact::Exemption>> catalogue);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const std::vector<redact::Exemption>> catalogue_ =
      std::make_shared<std::vector<redact::Exemption>>(redact::DefaultExemptions());
};

nlohmann::json ExemptionJson(const redact::Exemption& e);
nlohmann::json ExemptionsToJson(const std::vector<redact::Exemption>& catalogue);
// Reads one entry strictly (unknown fields refused); fields absent keep the
// values already in *out.
Status ApplyExemptionJson(const nlohmann::json& j, redact::Exemption* out);
// Reads and validates a whole catalogue (redact::ValidateCatalogue).
Result<std::vector<redact::Exemption>> ExemptionsFromJson(const nlohmann::json& j);

struct ServiceContext {
  store::Store* store;      // not owned; outlives the services
  const TimeSource* time;   // not owned; outlives the services
  mail::Mailer* mailer = nullptr;  // not owned; null: mail stays queued
  CalendarHolder calendar;
  CatalogueHolder exemptions;  // changed through AdminService
  Settings settings;        // read at start; changed through AdminService
  std::mutex settings_mu;   // guards settings
};

// Loads the settings, the exemption catalogue and the added holidays from
// the store into `ctx`.
Status LoadContext(ServiceContext* ctx);

}  // namespace sardesk::service
