#include "service/admin_service.h"
#include "service/ingest_service.h"

#include <gtest/gtest.h>

#include "service/demo_data.h"
#include "service/test_support.h"

namespace sardesk::service::testing {
namespace {

class AdminServiceTest : public ServiceTest {
 protected:
  // Three users (3 entries), then a case created, assigned and given
  // evidence (3 entries): 6 entries in all.
  std::string MakeHistory() {
    std::string ref = Create(SarBody()).record.reference;
    Ok(cases_->Assign(ref, {{"officer", "ava"}}, "ava"));
    Ok(cases_->AddEvidence(ref, {{"purpose", "photo_id"}, {"type", "passport"}}, "ava"));
    return ref;
  }

  AuditVerification Verify() {
    auto v = admin_->VerifyAudit();
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? *v : AuditVerification{};
  }

  static bool HasProblem(const AuditVerification& v, std::int64_t seq, const std::string& words) {
    for (const auto& p : v.problems)
      if (p.seq == seq && Contains(p.problem, words)) return true;
    return false;
  }

  static std::string Problems(const AuditVerification& v) {
    std::string out;
    for (const auto& p : v.problems) out += "[" + std::to_string(p.seq) + "] " + p.problem + "\n";
    return out;
  }
};

// --- Audit verification ---

TEST_F(AdminServiceTest, VerifyAuditAcceptsAnUntouchedTrail) {
  MakeHistory();
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << Problems(v);
  EXPECT_EQ(v.entries, 6);
  EXPECT_EQ(v.cases_checked, 1);
  EXPECT_TRUE(v.problems.empty());
}

TEST_F(AdminServiceTest, VerifyAuditOnAnEmptyRegister) {
  CloseServices();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  ASSERT_NO_FATAL_FAILURE(OpenServices());
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << Problems(v);
  EXPECT_EQ(v.entries, 0);
  EXPECT_EQ(v.cases_checked, 0);
}

TEST_F(AdminServiceTest, VerifyAuditAcceptsChangesMadeBySardeskItself) {
  // Timers and new holidays rewrite the list columns of a case without a
  // new version; that is not tampering.
  std::string ref = Create(SarNoIdBody()).record.reference;
  Ok(cases_->RequestClarification(ref, {{"question", "Which services?"}}, "ava"));
  ASSERT_TRUE(cases_->AddHoliday({{"region", "england-and-wales"}, {"date", "2025-10-10"}, {"title", "Extra"}}, "cara").ok());
  time_.Set(D("2025-09-20"));
  ASSERT_TRUE(cases_->RunTimers().ok());
  json body = SarBody();
  body["route"] = "foi";
  std::string foi = Create(body).record.reference;
  Ok(cases_->Split(ref, {{"route", "eir"}, {"information_requested", "Air quality data"}}, "ava"));
  ASSERT_TRUE(admin_->UpdateSettings({{"organisation", "Testshire Council"}}, "cara").ok());
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << Problems(v);
  EXPECT_EQ(v.cases_checked, 3);
  (void)foi;
}

TEST_F(AdminServiceTest, EditedEntryIsNamed) {
  MakeHistory();
  {
    RawDb raw(path_);
    raw.Exec("DROP TRIGGER audit_log_no_update");
    raw.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4");
    ASSERT_EQ(raw.Text("SELECT actor FROM audit_log WHERE seq = 4"), "mallory");
  }
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(HasProblem(v, 4, "edited")) << Problems(v);
  // Only the edited entry is blamed: its neighbours are intact.
  for (const auto& p : v.problems) EXPECT_EQ(p.seq, 4) << Problems(v);
}

TEST_F(AdminServiceTest, DeletedLastEntryIsFound) {
  MakeHistory();
  ASSERT_TRUE(admin_->PutUser({{"username", "dan"}, {"display_name", "Dan"}, {"role", "dpo"}}, "admin").ok());
  {
    RawDb raw(path_);
    ASSERT_EQ(raw.Int("SELECT MAX(seq) FROM audit_log"), 7);
    raw.Exec("DROP TRIGGER audit_log_no_delete");
    raw.Exec("DELETE FROM audit_log WHERE seq = 7");
  }
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.entries, 6);
  ASSERT_FALSE(v.problems.empty());
  EXPECT_TRUE(Contains(v.problems[0].problem, "end")) << Problems(v);
  EXPECT_TRUE(Contains(v.problems[0].problem, "head")) << Problems(v);
  EXPECT_TRUE(Contains(v.problems[0].problem, "7")) << Problems(v);
}

TEST_F(AdminServiceTest, DeletedMiddleEntryIsFound) {
  MakeHistory();
  {
    RawDb raw(path_);
    raw.Exec("DROP TRIGGER audit_log_no_delete");
    raw.Exec("DELETE FROM audit_log WHERE seq = 2");
  }
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(HasProblem(v, 3, "missing")) << Problems(v);
}

TEST_F(AdminServiceTest, CaseEditedOutsideSardeskIsFound) {
  std::string ref = MakeHistory();
  {
    RawDb raw(path_);
    raw.Exec("UPDATE cases SET document = json_set(document, '$.subject.name', 'Someone Else') WHERE reference = '" +
             ref + "'");
  }
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  ASSERT_EQ(v.problems.size(), 1u) << Problems(v);
  EXPECT_TRUE(Contains(v.problems[0].problem, "outside sardesk")) << Problems(v);
  EXPECT_TRUE(Contains(v.problems[0].problem, ref)) << Problems(v);
  EXPECT_EQ(v.problems[0].seq, 6);
}

TEST_F(AdminServiceTest, CasePointingAtAnOldEntryIsFound) {
  std::string ref = MakeHistory();
  {
    RawDb raw(path_);
    raw.Exec("UPDATE cases SET audit_seq = 4 WHERE reference = '" + ref + "'");
  }
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  ASSERT_FALSE(v.problems.empty());
  EXPECT_TRUE(Contains(v.problems[0].problem, "outside sardesk")) << Problems(v);
}

TEST_F(AdminServiceTest, DemoDataLoadsOnceAndVerifies) {
  auto loaded = LoadDemoData(*cases_, *searches_, *admin_, time_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_GT(*loaded, 0);
  auto again = LoadDemoData(*cases_, *searches_, *admin_, time_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << Problems(v);
  EXPECT_GE(v.cases_checked, *loaded);
}

// --- Settings ---

TEST_F(AdminServiceTest, SettingsPersistAcrossRestarts) {
  EXPECT_EQ(admin_->GetSettings().region, clock::Region::kEnglandAndWales);
  auto updated = admin_->UpdateSettings({{"region", "scotland"}, {"repeat_interval_days", 90}}, "cara");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(updated->region, clock::Region::kScotland);
  EXPECT_EQ(admin_->GetSettings().region, clock::Region::kScotland);

  ASSERT_NO_FATAL_FAILURE(Reopen());
  Settings s = admin_->GetSettings();
  EXPECT_EQ(s.region, clock::Region::kScotland);
  EXPECT_EQ(s.repeat_interval_days, 90);
  EXPECT_EQ(s.organisation, "Sardesk Demo Council");  // untouched fields keep their value
  // Scotland's St Andrew's Day holiday (Monday 1 December 2025) now counts.
  auto due = admin_->Deadline("2025-11-01", "", 0, 0);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->ToString(), "2025-12-02");
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'settings.update'"), 1);
}

TEST_F(AdminServiceTest, UploadLimitsAreSettingsThatBecomeIngestLimits) {
  auto updated = admin_->UpdateSettings(
      {{"upload_limits", {{"max_file_mib", 8}, {"max_image_megapixels", 20}, {"max_nesting", 2}}}}, "cara");
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  ASSERT_NO_FATAL_FAILURE(Reopen());
  Settings s = admin_->GetSettings();
  EXPECT_EQ(s.upload.max_file_mib, 8);
  EXPECT_EQ(s.upload.max_pages, 20000) << "untouched limits keep their default";
  IngestLimits limits = IngestLimitsFrom(s);
  EXPECT_EQ(limits.max_file_bytes, 8ll << 20);
  EXPECT_EQ(limits.max_image_pixels, 20'000'000);
  EXPECT_EQ(limits.max_nesting, 2);
  EXPECT_EQ(limits.archive.max_entry_bytes, 8ll << 20);
  EXPECT_EQ(admin_->UpdateSettings({{"upload_limits", {{"max_file_mib", 0}}}}, "cara").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->UpdateSettings({{"upload_limits", {{"max_bytes", 1}}}}, "cara").status().code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(AdminServiceTest, SettingsRegionChangesCaseDeadlines) {
  std::string ref = Create(SarNoIdBody("2025-09-01")).record.reference;
  Ok(cases_->RecordExtension(
      ref, {{"months", 2}, {"reasons", "Many records in many services"}, {"requester_told_on", kToday}}, "ava"));
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-12-01");
  ASSERT_TRUE(admin_->UpdateSettings({{"region", "scotland"}}, "cara").ok());
  EXPECT_EQ(Str(Get(ref).clock.due), "2025-12-02");
}

TEST_F(AdminServiceTest, UnknownSettingsFieldIsRefused) {
  auto r = admin_->UpdateSettings({{"colour", "blue"}}, "cara");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "colour")) << r.status().message();
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM settings"), 0);
}

TEST_F(AdminServiceTest, BadSettingsValuesAreRefused) {
  EXPECT_EQ(admin_->UpdateSettings({{"region", "wales"}}, "cara").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->UpdateSettings({{"repeat_interval_days", 0}}, "cara").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->UpdateSettings({{"stage_targets", {{"qa", 99}}}}, "cara").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->UpdateSettings({{"region", "scotland"}}, "").status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->GetSettings().region, clock::Region::kEnglandAndWales);
  EXPECT_EQ(admin_->GetSettings().repeat_interval_days, 365);
}

TEST_F(AdminServiceTest, StageTargetsArePatchedFieldByField) {
  auto r = admin_->UpdateSettings({{"stage_targets", {{"qa", 4}}}}, "cara");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->targets.qa, 4);
  EXPECT_EQ(r->targets.redact, 10);
}

// --- Users ---

TEST_F(AdminServiceTest, UsersAreListedAndAudited) {
  auto users = admin_->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].username, "ava");
  EXPECT_EQ((*users)[2].role, "ig_manager");
  EXPECT_TRUE((*users)[0].active);
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'user.put' AND actor = 'admin'"), 3);
}

TEST_F(AdminServiceTest, BadRoleIsRefused) {
  auto r = admin_->PutUser({{"username", "eve"}, {"display_name", "Eve"}, {"role", "wizard"}}, "admin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(r.status().message(), "role")) << r.status().message();
  EXPECT_EQ(admin_->ListUsers()->size(), 3u);
}

TEST_F(AdminServiceTest, BadUserFieldsAreRefused) {
  EXPECT_EQ(admin_->PutUser({{"username", "e ve"}, {"display_name", "Eve"}, {"role", "dpo"}}, "admin").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->PutUser({{"username", "eve"}, {"role", "dpo"}}, "admin").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      admin_->PutUser({{"username", "eve"}, {"display_name", "Eve"}, {"role", "dpo"}, {"age", 3}}, "admin").status().code(),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->PutUser({{"username", "eve"}, {"display_name", "Eve"}, {"role", "dpo"}}, "").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->ListUsers()->size(), 3u);
}

TEST_F(AdminServiceTest, PutUserUpdatesAnExistingUser) {
  ASSERT_TRUE(
      admin_->PutUser({{"username", "ben"}, {"display_name", "Ben B"}, {"role", "ig_manager"}}, "admin").ok());
  auto users = admin_->ListUsers();
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[1].display_name, "Ben B");
  EXPECT_EQ((*users)[1].role, "ig_manager");
}

// --- Deadline calculator ---

TEST_F(AdminServiceTest, DeadlineClampsToTheEndOfFebruary) {
  auto due = admin_->Deadline("2025-01-31", "", 0, 0);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  EXPECT_EQ(due->ToString(), "2025-02-28");
}

TEST_F(AdminServiceTest, DeadlineWithExtensionAndPause) {
  // 3 September + 2 months = 3 November; + 5 paused days = Saturday 8 November -> Monday 10.
  auto due = admin_->Deadline("2025-09-03", "england-and-wales", 1, 0);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->ToString(), "2025-11-03");
  due = admin_->Deadline("2025-09-03", "england-and-wales", 1, 5);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->ToString(), "2025-11-10");
  // Scotland's holiday is not England's.
  EXPECT_EQ(admin_->Deadline("2025-11-01", "england-and-wales", 0, 0)->ToString(), "2025-12-01");
  EXPECT_EQ(admin_->Deadline("2025-11-01", "scotland", 0, 0)->ToString(), "2025-12-02");
}

TEST_F(AdminServiceTest, DeadlineRefusesBadInput) {
  auto three = admin_->Deadline("2025-01-31", "", 3, 0);
  ASSERT_FALSE(three.ok());
  EXPECT_EQ(three.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(three.status().message(), "extension")) << three.status().message();
  EXPECT_EQ(admin_->Deadline("2025-01-31", "", -1, 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->Deadline("2025-02-30", "", 0, 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->Deadline("2025-01-31", "wales", 0, 0).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(admin_->Deadline("2025-01-31", "", 0, -1).status().code(), ErrorCode::kInvalidArgument);
}

// --- Reference data and holidays ---

TEST_F(AdminServiceTest, ReferenceDataListsEnumsRolesAndRegions) {
  json ref = admin_->ReferenceData();
  EXPECT_EQ(ref["roles"].size(), std::size(kRoles));
  EXPECT_EQ(ref["regions"].size(), 3u);
  ASSERT_TRUE(ref["enums"].contains("status"));
  EXPECT_EQ(ref["enums"]["status"].size(), 13u);
  bool passport_is_photo_id = false;
  for (const auto& d : ref["document_types"])
    if (d["value"] == "passport")
      for (const auto& p : d["serves"]) passport_is_photo_id |= p == "photo_id";
  EXPECT_TRUE(passport_is_photo_id);
}

TEST_F(AdminServiceTest, HolidaysIncludeOnesAddedByOfficers) {
  auto before = admin_->Holidays(clock::Region::kEnglandAndWales).size();
  ASSERT_TRUE(cases_->AddHoliday({{"region", "england-and-wales"}, {"date", "2025-10-10"}, {"title", "Extra"}}, "cara").ok());
  auto after = admin_->Holidays(clock::Region::kEnglandAndWales);
  EXPECT_EQ(after.size(), before + 1);
  bool found = false;
  for (const auto& h : after) found |= h.date == D("2025-10-10") && h.title == "Extra";
  EXPECT_TRUE(found);
}

// --- The exemption catalogue ---------------------------------------------------------

TEST_F(AdminServiceTest, TheCatalogueStartsWithTheDefaults) {
  auto list = admin_->Exemptions();
  EXPECT_EQ(list.size(), redact::DefaultExemptions().size());
  ASSERT_TRUE(redact::FindExemption(list, "third_party"));
  EXPECT_EQ(redact::FindExemption(list, "third_party")->short_label, "3P");
}

TEST_F(AdminServiceTest, ExemptionsAreAddedChangedAuditedAndKeptAcrossRestarts) {
  auto added = admin_->PutExemption({{"code", "health_data"},
                                     {"name", "Health data"},
                                     {"label", "Withheld: health data"},
                                     {"short_label", "HD"},
                                     {"explanation", "Health information whose disclosure a clinician advised against."},
                                     {"basis", "DPA 2018 Schedule 3 Part 2"}},
                                    "cara");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  EXPECT_TRUE(redact::FindExemption(*added, "health_data"));
  auto changed = admin_->PutExemption({{"code", "third_party"}, {"label", "Other person's information"}}, "cara");
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  auto tp = redact::FindExemption(*changed, "third_party");
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->label, "Other person's information");
  EXPECT_EQ(tp->short_label, "3P") << "fields not sent are kept";
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE entity = 'exemption' AND action = 'exemption.add'"), 1);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM audit_log WHERE entity = 'exemption' AND action = 'exemption.update' "
                    "AND before LIKE '%Third party information%' AND after LIKE '%Other person%'"),
            1);
  ASSERT_NO_FATAL_FAILURE(Reopen());
  auto after = admin_->Exemptions();
  EXPECT_TRUE(redact::FindExemption(after, "health_data"));
  EXPECT_EQ(redact::FindExemption(after, "third_party")->label, "Other person's information");
  auto removed = admin_->RemoveExemption("health_data", "cara");
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_FALSE(redact::FindExemption(*removed, "health_data"));
  EXPECT_FALSE(redact::FindExemption(admin_->Exemptions(), "health_data"));
}

TEST_F(AdminServiceTest, BadExemptionsAreRefusedAndChangeNothing) {
  auto refused = [&](const json& body, const std::string& words) {
    auto r = admin_->PutExemption(body, "cara");
    ASSERT_FALSE(r.ok()) << body.dump();
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument) << r.status().ToString();
    EXPECT_TRUE(Contains(r.status().message(), words)) << r.status().message();
  };
  refused({{"code", "new_one"}, {"name", "New"}, {"short_label", "NW"}}, "label");
  refused({{"code", "third_party"}, {"label", ""}}, "label");
  refused({{"code", "third_party"}, {"short_label", "THIRD"}}, "short_label");
  refused({{"code", "Bad Code"}, {"name", "x"}, {"label", "x"}, {"short_label", "x"}}, "code");
  refused({{"code", "third_party"}, {"colour", "red"}}, "colour");
  refused({{"label", "no code"}}, "code");
  auto third = admin_->RemoveExemption("third_party", "cara");
  ASSERT_FALSE(third.ok());
  EXPECT_TRUE(Contains(third.status().message(), "must stay in the catalogue")) << third.status().message();
  EXPECT_EQ(admin_->RemoveExemption("nope", "cara").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(admin_->Exemptions().size(), redact::DefaultExemptions().size());
  RawDb raw(path_);
  EXPECT_EQ(raw.Int("SELECT COUNT(*) FROM settings WHERE key = 'exemptions'"), 0);
}

}  // namespace
}  // namespace sardesk::service::testing
