#include "service/context.h"

#include "case/json_reader.h"
#include "common/email_address.h"

namespace sardesk::service {

using nlohmann::json;

json SettingsToJson(const Settings& s) {
  return {{"organisation", s.organisation},
          {"region", clock::RegionName(s.region)},
          {"repeat_interval_days", s.repeat_interval_days},
          {"extension_suggest_pages", s.extension_suggest_pages},
          {"narrow_scope_pages", s.narrow_scope_pages},
          {"bundle_volume_pages", s.bundle_volume_pages},
          {"stage_targets", {{"validate", s.targets.validate}, {"search", s.targets.search},
                             {"collate", s.targets.collate}, {"redact", s.targets.redact},
                             {"qa", s.targets.qa}, {"release", s.targets.release}}},
          {"search_deadline_days", s.search_deadline_days},
          {"escalation_days", s.escalation_days},
          {"mail_from", s.mail_from},
          {"ig_manager_email", s.ig_manager_email},
          {"head_of_compliance_email", s.head_of_compliance_email},
          {"mail_max_attachment_mib", s.mail_max_attachment_mib},
          {"session_lifetime_minutes", s.session_lifetime_minutes},
          {"session_idle_minutes", s.session_idle_minutes},
          {"retention_years", s.retention_years},
          {"upload_limits",
           {{"max_file_mib", s.upload.max_file_mib},
            {"max_pages", s.upload.max_pages},
            {"max_image_megapixels", s.upload.max_image_megapixels},
            {"max_zip_entries", s.upload.max_zip_entries},
            {"max_unzipped_mib", s.upload.max_unzipped_mib},
            {"max_zip_ratio", s.upload.max_zip_ratio},
            {"max_expanded_mib", s.upload.max_expanded_mib},
            {"max_nesting", s.upload.max_nesting},
            {"conversion_timeout_seconds", s.upload.conversion_timeout_seconds}}}};
}

Status ApplySettingsJson(const json& j, Settings* out) {
  Status st;
  Settings s = *out;
  casework::JsonReader r(j, "", &st);
  r.Str("organisation", &s.organisation);
  std::string region;
  r.Str("region", &region, 40);
  if (st.ok() && !region.empty()) {
    auto parsed = clock::ParseRegion(region);
    if (!parsed.ok()) return Status::Invalid("region: " + parsed.status().message());
    s.region = *parsed;
  }
  auto read_int = [&](casework::JsonReader& rr, const char* key, int* v, int min, int max) {
    std::int64_t n = *v;
    rr.Int(key, &n, min, max);
    *v = static_cast<int>(n);
  };
  read_int(r, "repeat_interval_days", &s.repeat_interval_days, 1, 3650);
  read_int(r, "extension_suggest_pages", &s.extension_suggest_pages, 1, 1000000);
  read_int(r, "narrow_scope_pages", &s.narrow_scope_pages, 1, 1000000);
  read_int(r, "bundle_volume_pages", &s.bundle_volume_pages, 50, 100000);
  read_int(r, "search_deadline_days", &s.search_deadline_days, 1, 60);
  read_int(r, "escalation_days", &s.escalation_days, 1, 60);
  read_int(r, "session_lifetime_minutes", &s.session_lifetime_minutes, 5, 7 * 24 * 60);
  read_int(r, "session_idle_minutes", &s.session_idle_minutes, 1, 24 * 60);
  read_int(r, "retention_years", &s.retention_years, 1, 100);
  read_int(r, "mail_max_attachment_mib", &s.mail_max_attachment_mib, 1, 100);
  r.Str("mail_from", &s.mail_from, 254);
  r.Str("ig_manager_email", &s.ig_manager_email, 254);
  r.Str("head_of_compliance_email", &s.head_of_compliance_email, 254);
  r.Object<clock::StageTargets>("stage_targets", &s.targets, [&](casework::JsonReader& t, clock::StageTargets& v) {
    read_int(t, "validate", &v.validate, 0, 60);
    read_int(t, "search", &v.search, 0, 60);
    read_int(t, "collate", &v.collate, 0, 60);
    read_int(t, "redact", &v.redact, 0, 60);
    read_int(t, "qa", &v.qa, 0, 60);
    read_int(t, "release", &v.release, 0, 60);
  });
  r.Object<Settings::UploadLimits>("upload_limits", &s.upload, [&](casework::JsonReader& u, Settings::UploadLimits& v) {
    read_int(u, "max_file_mib", &v.max_file_mib, 1, 65536);
    read_int(u, "max_pages", &v.max_pages, 1, 1000000);
    read_int(u, "max_image_megapixels", &v.max_image_megapixels, 1, 1000);
    read_int(u, "max_zip_entries", &v.max_zip_entries, 1, 1000000);
    read_int(u, "max_unzipped_mib", &v.max_unzipped_mib, 1, 1048576);
    read_int(u, "max_zip_ratio", &v.max_zip_ratio, 2, 100000);
    read_int(u, "max_expanded_mib", &v.max_expanded_mib, 1, 1048576);
    read_int(u, "max_nesting", &v.max_nesting, 1, 20);
    read_int(u, "conversion_timeout_seconds", &v.conversion_timeout_seconds, 5, 3600);
  });
  r.Finish();
  if (!st.ok()) return st;
  auto email_ok = [](const std::string& e) { return e.empty() || IsEmailAddress(e); };
  if (s.mail_from.empty() || !email_ok(s.mail_from)) return Status::Invalid("mail_from: not an email address");
  if (!email_ok(s.ig_manager_email)) return Status::Invalid("ig_manager_email: not an email address");
  if (!email_ok(s.head_of_compliance_email)) return Status::Invalid("head_of_compliance_email: not an email address");
  *out = s;
  return Status::Ok();
}

std::shared_ptr<const clock::HolidayCalendar> CalendarHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calendar_;
}

void CalendarHolder::Set(std::shared_ptr<const clock::HolidayCalendar> calendar) {
  std::lock_guard<std::mutex> lock(mu_);
  calendar_ = std::move(calendar);
}

std::shared_ptr<const std::vector<redact::Exemption>> CatalogueHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return catalogue_;
}

void CatalogueHolder::Set(std::shared_ptr<const std::vector<redact::Exemption>> catalogue) {
  std::lock_guard<std::mutex> lock(mu_);
  catalogue_ = std::move(catalogue);
}

json ExemptionJson(const redact::Exemption& e) {
  return {{"code", e.code},   {"name", e.name},           {"label", e.label},
          {"short_label", e.short_label}, {"explanation", e.explanation}, {"basis", e.basis}};
}

json ExemptionsToJson(const std::vector<redact::Exemption>& catalogue) {
  json out = json::array();
  for (const auto& e : catalogue) out.push_back(ExemptionJson(e));
  return out;
}

Status ApplyExemptionJson(const json& j, redact::Exemption* out) {
  redact::Exemption e = *out;
  SARDESK_RETURN_IF_ERROR(casework::ReadObject(j, [&](casework::JsonReader& r) {
    r.Str("code", &e.code, 60);
    r.Str("name", &e.name);
    r.Str("label", &e.label, 80);
    r.Str("short_label", &e.short_label, 4);
    r.Str("explanation", &e.explanation, 4000);
    r.Str("basis", &e.basis, 400);
  }));
  *out = e;
  return Status::Ok();
}

Result<std::vector<redact::Exemption>> ExemptionsFromJson(const json& j) {
  if (!j.is_array()) return Status::Invalid("exemptions: must be a list of entries");
  if (j.size() > 200) return Status::Invalid("exemptions: at most 200 entries");
  std::vector<redact::Exemption> out;
  for (const auto& item : j) {
    redact::Exemption e;
    SARDESK_RETURN_IF_ERROR(ApplyExemptionJson(item, &e));
    out.push_back(std::move(e));
  }
  SARDESK_RETURN_IF_ERROR(redact::ValidateCatalogue(out));
  return out;
}

Status LoadContext(ServiceContext* ctx) {
  return ctx->store->Read([&](store::Transaction& tx) -> Status {
    auto council = tx.GetSetting("council");
    if (!council.ok()) return council.status();
    if (*council) {
      auto parsed = casework::ParseJsonText(**council);
      if (!parsed.ok()) return Status::Internal("stored settings are not valid JSON");
      std::lock_guard<std::mutex> lock(ctx->settings_mu);
      SARDESK_RETURN_IF_ERROR(ApplySettingsJson(*parsed, &ctx->settings));
    }
    auto exemptions = tx.GetSetting("exemptions");
    if (!exemptions.ok()) return exemptions.status();
    if (*exemptions) {
      auto parsed = casework::ParseJsonText(**exemptions, 4u << 20);
      if (!parsed.ok()) return Status::Internal("the stored exemption catalogue is not valid JSON");
      auto catalogue = ExemptionsFromJson(*parsed);
      if (!catalogue.ok()) return Status::Internal("the stored exemption catalogue is damaged: " + catalogue.status().message());
      ctx->exemptions.Set(std::make_shared<const std::vector<redact::Exemption>>(std::move(*catalogue)));
    }
    auto rows = tx.ListHolidays();
    if (!rows.ok()) return rows.status();
    auto calendar = std::make_shared<clock::HolidayCalendar>(clock::HolidayCalendar::BuiltIn());
    for (const auto& h : *rows) {
      auto region = clock::ParseRegion(h.region);
      auto date = Date::Parse(h.date);
      if (!region.ok() || !date.ok()) return Status::Internal("a stored holiday is malformed: " + h.date);
      calendar->Add({*region, *date, h.title});
    }
    ctx->calendar.Set(calendar);
    return Status::Ok();
  });
}

}  // namespace sardesk::service
