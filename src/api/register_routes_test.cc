// The register and report routes over real HTTP, on a server with only these
// routes (the sign-in gate and the access policy are tested in their own
// files).
#include "api/register_routes.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "api/route_support.h"
#include "common/clock_source.h"
#include "service/case_service.h"
#include "store/sqlite_store.h"

namespace sardesk::api {
namespace {

using nlohmann::json;

class RegisterRoutesTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "sardesk-register-api-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto opened = store::OpenSqliteStore((dir_ / "sardesk.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ctx_.store = store_.get();
    ctx_.time = &time_;
    ASSERT_TRUE(service::LoadContext(&ctx_).ok());
    cases_ = std::make_unique<service::CaseService>(&ctx_);
    registers_ = std::make_unique<service::RegisterService>(&ctx_);
    RegisterRegisterRoutes(server_, [this]() { return registers_.get(); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(server_.is_running());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    // Who is acting, as the gate in front of routing sets it.
    client_->set_default_headers({{kActorHeader, "ava"}});
    for (const char *name : {"Ellie Carter", "Sam Brook"}) {
      auto created =
          cases_->Create({{"received", "2025-09-01"},
                          {"channel", "email"},
                          {"identity_required", false},
                          {"identity_waiver_reason",
                           "known to the service and verified in person"},
                          {"subject", {{"name", name}}},
                          {"scope", {{"information_requested", "Everything"}}}},
                         "ava");
      ASSERT_TRUE(created.ok()) << created.status().ToString();
    }
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable())
      thread_.join();
    client_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_{};
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::RegisterService> registers_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(RegisterRoutesTest, ListsSearchesAndPages) {
  auto r = client_->Get("/api/register?q=ellie&limit=10");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json body = json::parse(r->body);
  EXPECT_EQ(body["total"], 1);
  EXPECT_EQ(body["entries"][0]["subject_name"], "Ellie Carter");
  auto page = client_->Get("/api/register?limit=1&offset=1");
  ASSERT_TRUE(page);
  EXPECT_EQ(json::parse(page->body)["entries"].size(), 1u);
}

TEST_F(RegisterRoutesTest, RefusesABadFilterWithAClearMessage) {
  auto r = client_->Get("/api/register?from=31/12/2025");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find(
                "from must be a date"),
            std::string::npos);
  auto csv = client_->Get("/api/register.csv?limit=many");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 400);
}

TEST_F(RegisterRoutesTest, ExportsCsvAsAnAttachment) {
  auto r = client_->Get("/api/register.csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(r->get_header_value("Content-Disposition").find("attachment"),
            std::string::npos);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_NE(r->body.find("Ellie Carter"), std::string::npos);
  EXPECT_NE(r->body.find("Sam Brook"), std::string::npos);
}

TEST_F(RegisterRoutesTest, TheCsvDownloadIsAuditedWithoutTheSearchText) {
  auto r = client_->Get("/api/register.csv?q=ellie");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  std::vector<audit::AuditEntry> entries;
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction &tx) -> Status {
                    auto read = tx.ReadAudit({});
                    if (!read.ok())
                      return read.status();
                    entries = *read;
                    return Status::Ok();
                  })
                  .ok());
  int downloads = 0;
  for (const auto &e : entries) {
    if (e.action != "register.download")
      continue;
    ++downloads;
    EXPECT_EQ(e.actor, "ava");
    json after = json::parse(e.after);
    EXPECT_EQ(after["rows"], 1);
    EXPECT_EQ(after["filtered_by_text"], true);
    EXPECT_EQ(e.after.find("ellie"), std::string::npos) << e.after;
  }
  EXPECT_EQ(downloads, 1);
  // Without someone acting, nothing leaves.
  httplib::Client anonymous("127.0.0.1", port_);
  auto refused = anonymous.Get("/api/register.csv");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
}

TEST_F(RegisterRoutesTest, ReportsTheMonths) {
  auto r = client_->Get("/api/reports?from=2025-08-01&to=2025-09-30");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json body = json::parse(r->body);
  ASSERT_EQ(body["months"].size(), 2u);
  EXPECT_EQ(body["months"][1]["received"], 2);
  EXPECT_EQ(client_->Get("/api/reports?from=2025-10-01&to=2025-09-01")->status,
            400);
}

} // namespace
} // namespace sardesk::api
