// Shared fixture for the service tests: a real SQLite file in a fresh temp
// folder, a FixedTime clock on Wednesday 10 September 2025, and three users
// (ava and ben, IG officers; cara, IG manager).
#pragma once

#include <sqlite3.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock_source.h"
#include "service/admin_service.h"
#include "service/search_service.h"
#include "service/case_service.h"
#include "store/sqlite_store.h"

namespace sardesk::service::testing {

using nlohmann::json;

inline Date D(const char* text) {
  auto d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

inline std::string Str(const std::optional<Date>& d) { return d ? d->ToString() : "(none)"; }

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A raw SQLite connection on the store's file, to tamper with it or look at
// it behind the store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
      ADD_FAILURE() << "cannot open " << path;
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // Runs sql and expects it to succeed.
  void Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "");
    sqlite3_free(err);
  }
  // The first column of the first row as text ("" when there is no row).
  std::string Text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot prepare " << sql << ": " << sqlite3_errmsg(db_);
      return "";
    }
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
      const unsigned char* p = sqlite3_column_text(s, 0);
      out = p ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3_finalize(s);
    return out;
  }
  std::int64_t Int(const std::string& sql) {
    std::string t = Text(sql);
    return t.empty() ? -1 : std::stoll(t);
  }

 private:
  sqlite3* db_ = nullptr;
};

inline std::string MakeTempDir(const char* prefix) {
  std::string tmpl = ::testing::TempDir() + prefix + "XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  char* dir = mkdtemp(buf.data());
  if (!dir) {
    ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    return "";
  }
  return dir;
}

class ServiceTest : public ::testing::Test {
 protected:
  static constexpr const char* kToday = "2025-09-10";  // a Wednesday

  void SetUp() override {
    dir_ = MakeTempDir("sardesk_service_");
    ASSERT_FALSE(dir_.empty());
    path_ = dir_ + "/sardesk.db";
    ASSERT_NO_FATAL_FAILURE(OpenServices());
    for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
             {"ava", "ig_officer"}, {"ben", "ig_officer"}, {"cara", "ig_manager"}}) {
      auto put = admin_->PutUser({{"username", user}, {"display_name", user}, {"role", role}}, "admin");
      ASSERT_TRUE(put.ok()) << put.status().ToString();
    }
  }

  void TearDown() override {
    CloseServices();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void OpenServices() {
    auto opened = store::OpenSqliteStore(path_);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ctx_ = std::make_unique<ServiceContext>();
    ctx_->store = store_.get();
    ctx_->time = &time_;
    Status st = LoadContext(ctx_.get());
    ASSERT_TRUE(st.ok()) << st.ToString();
    cases_ = std::make_unique<CaseService>(ctx_.get());
    admin_ = std::make_unique<AdminService>(ctx_.get());
    searches_ = std::make_unique<SearchService>(ctx_.get(), cases_.get());
  }

  void CloseServices() {
    searches_.reset();
    cases_.reset();
    admin_.reset();
    ctx_.reset();
    store_.reset();
  }

  // Closes everything and opens the same file again, as a restart would.
  void Reopen() {
    CloseServices();
    ASSERT_NO_FATAL_FAILURE(OpenServices());
  }

  // A self-made SAR about Jane Doe received on `received`.
  static json SarBody(const std::string& received = kToday) {
    return {{"received", received},
            {"channel", "email"},
            {"subject", {{"name", "Jane Doe"}, {"dob", "1980-04-01"}}},
            {"scope", {{"information_requested", "Everything you hold about me"}}}};
  }

  // A SAR whose identity evidence is waived, so the clock starts on receipt.
  static json SarNoIdBody(const std::string& received = kToday) {
    json b = SarBody(received);
    b["identity_required"] = false;
    b["identity_waiver_reason"] = "requester known to the service and verified in person";
    return b;
  }

  CaseView Create(const json& body, const std::string& actor = "ava") {
    auto r = cases_->Create(body, actor);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    return std::move(*r);
  }

  CaseView Get(const std::string& ref) {
    auto r = cases_->Get(ref);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    return std::move(*r);
  }

  // Runs an action expected to succeed.
  CaseView Ok(const Result<CaseView>& r) {
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return {};
    return *r;
  }

  CaseView Transition(const std::string& ref, const json& body, const std::string& actor = "ava") {
    return Ok(cases_->Transition(ref, body, actor));
  }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::string dir_;
  std::string path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ServiceContext> ctx_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<AdminService> admin_;
  std::unique_ptr<SearchService> searches_;
};

}  // namespace sardesk::service::testing
