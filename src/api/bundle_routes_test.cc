// The bundle and release routes over real HTTP, on a server with only these
// routes (the sign-in gate and the access policy are tested in their own
// files), plus the check that docs/openapi.yaml describes them.
#include "api/bundle_routes.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/clock_source.h"
#include "pdf/pdf_document.h"
#include "service/admin_service.h"
#include "service/ingest_service.h"
#include "service/qa_service.h"
#include "service/redaction_service.h"
#include "store/sqlite_store.h"

namespace sardesk::api {

extern const char* const kOpenApiYaml;

namespace {

using nlohmann::json;

class BundleRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-bundle-api-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto opened = store::OpenSqliteStore((dir_ / "sardesk.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ctx_.store = store_.get();
    ctx_.time = &time_;
    ASSERT_TRUE(service::LoadContext(&ctx_).ok());
    cases_ = std::make_unique<service::CaseService>(&ctx_);
    admin_ = std::make_unique<service::AdminService>(&ctx_);
    for (const char* user : {"ava", "ben"})
      ASSERT_TRUE(admin_->PutUser({{"username", user}, {"display_name", user}, {"role", "ig_officer"}}, "setup").ok());
    blobs_ = store::MakeFileBlobStore((dir_ / "blobs").string());
    ingest_ = std::make_unique<service::IngestService>(&ctx_, cases_.get(), blobs_.get());
    redactions_ = std::make_unique<service::RedactionService>(&ctx_, cases_.get(), blobs_.get());
    qa_ = std::make_unique<service::QaService>(&ctx_, cases_.get(), redactions_.get());
    bundles_ = std::make_unique<service::BundleService>(&ctx_, cases_.get(), blobs_.get(), dir_.string());
    releases_ = std::make_unique<service::ReleaseService>(&ctx_, cases_.get(), bundles_.get());
    RegisterBundleRoutes(server_, [this]() { return bundles_.get(); }, [this]() { return releases_.get(); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(server_.is_running());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);

    auto created = cases_->Create({{"received", "2025-09-10"},
                                   {"channel", "email"},
                                   {"identity_required", false},
                                   {"identity_waiver_reason", "known to the service and verified in person"},
                                   {"subject", {{"name", "Ellie Carter"}, {"dob", "2009-03-14"}}},
                                   {"scope", {{"information_requested", "Everything"}}}},
                                  "ava");
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ref_ = created->record.reference;
    ASSERT_TRUE(cases_->Assign(ref_, {{"officer", "ava"}}, "ava").ok());
    for (const char* to : {"validated", "searching", "collating", "redacting"})
      ASSERT_TRUE(cases_->Transition(ref_, {{"to", to}}, "ava").ok()) << to;
    std::string note = (dir_ / "note.pdf").string();
    ASSERT_TRUE(pdf::WriteTextPdf(note, {"Case note about Ellie Carter.\nHer mother Dorota Carter visited."}).ok());
    ASSERT_TRUE(ingest_->Upload(ref_, {{"note.pdf", note}}, json::object(), "ava").ok());
    ASSERT_TRUE(ingest_->ProcessAll().ok());
    ASSERT_TRUE(redactions_->Propose(ref_, json::object(), "ava").ok());
    auto listed = redactions_->List(ref_, {});
    ASSERT_TRUE(listed.ok());
    for (const auto& r : (*listed)["redactions"])
      ASSERT_TRUE(redactions_->Decide(ref_, r["id"].get<std::int64_t>(), {{"decision", "accept"}}, "ava").ok());
    ASSERT_TRUE(redactions_->Apply(ref_, "ava").ok());
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  httplib::Result Post(const std::string& path, const json& body) {
    return client_->Post(path.c_str(), {{"X-Sardesk-User", "ava"}}, body.dump(), "application/json");
  }
  json Json(const httplib::Result& r) { return json::parse(r->body); }
  std::string OnCase() const { return "/api/cases/" + ref_; }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_;
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<service::IngestService> ingest_;
  std::unique_ptr<service::RedactionService> redactions_;
  std::unique_ptr<service::QaService> qa_;
  std::unique_ptr<service::BundleService> bundles_;
  std::unique_ptr<service::ReleaseService> releases_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
  std::string ref_;
};

TEST_F(BundleRoutesTest, BuildShowAndDownloadABundle) {
  auto built = Post(OnCase() + "/bundle", {{"order", "date"}});
  ASSERT_TRUE(built);
  ASSERT_EQ(built->status, 201) << built->body;
  json b = Json(built);
  EXPECT_EQ(b["order"], "date");
  auto shown = client_->Get((OnCase() + "/bundle/latest").c_str());
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_EQ(Json(shown)["current"], true);
  EXPECT_EQ(client_->Get((OnCase() + "/bundle/" + std::to_string(b["id"].get<int>())).c_str())->status, 200);
  EXPECT_EQ(client_->Get((OnCase() + "/bundle/99").c_str())->status, 404);
  auto pdf = client_->Get((OnCase() + "/bundle/latest/volumes/1.pdf").c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->body.rfind("%PDF", 0), 0u);
  EXPECT_EQ(client_->Get((OnCase() + "/bundle/latest/volumes/2.pdf").c_str())->status, 404);
  auto list = client_->Get((OnCase() + "/bundle").c_str());
  EXPECT_EQ(Json(list)["bundles"].size(), 1u);
  EXPECT_EQ(Post(OnCase() + "/bundle", {{"order", "alphabetical"}})->status, 400);
  EXPECT_EQ(client_->Post((OnCase() + "/bundle").c_str(), "{}", "application/json")->status, 400);  // no actor
}

TEST_F(BundleRoutesTest, ReleaseIsRefusedWithTheReasonThenMadeWithAPasswordOnce) {
  ASSERT_EQ(Post(OnCase() + "/bundle", json::object())->status, 201);
  json post = {{"route", "post"}, {"medium", "encrypted_media"}, {"tracking_reference", "RR1GB"}};
  auto blocked = Post(OnCase() + "/releases", {{"delivery", post}});
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 422);
  EXPECT_NE(blocked->body.find("QA has not passed"), std::string::npos) << blocked->body;
  EXPECT_EQ(Post(OnCase() + "/releases", {{"delivery", {{"route", "drone"}}}})->status, 400);

  ASSERT_TRUE(cases_->Transition(ref_, {{"to", "qa"}}, "ava").ok());
  ASSERT_TRUE(qa_->Sample(ref_, json::object(), "ben").ok());
  ASSERT_TRUE(qa_->Pass(ref_, json::object(), "ben").ok());
  auto made = Post(OnCase() + "/releases", {{"delivery", post}});
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 201) << made->body;
  EXPECT_EQ(made->get_header_value("Cache-Control"), "no-store");
  json r = Json(made);
  const std::string password = r["password"];
  auto file = client_->Get((OnCase() + "/releases/" + std::to_string(r["id"].get<int>()) + "/file").c_str(),
                           {{"X-Sardesk-User", "ava"}});
  ASSERT_TRUE(file);
  ASSERT_EQ(file->status, 200);
  {  // audited as a download with the release's id
    std::vector<audit::AuditEntry> entries;
    ASSERT_TRUE(store_->Read([&](store::Transaction& tx) -> Status {
                        auto read = tx.ReadAudit({"case_access", ref_, 0, 1000});
                        if (!read.ok()) return read.status();
                        entries = *read;
                        return Status::Ok();
                      }).ok());
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].action, "case.download");
    EXPECT_EQ(entries[0].actor, "ava");
    EXPECT_EQ(json::parse(entries[0].after)["release_id"], r["id"]);
  }
  auto saved = dir_ / "downloaded.pdf";
  std::ofstream(saved, std::ios::binary) << file->body;
  FILE* p = popen(("qpdf --requires-password '" + saved.string() + "' 2>/dev/null").c_str(), "r");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(WEXITSTATUS(pclose(p)), 0);
  auto delivered = Post(OnCase() + "/releases/" + std::to_string(r["id"].get<int>()) + "/deliveries",
                        {{"route", "supported_meeting"}, {"held_on", "2025-09-10"}, {"attendees", {"Ellie Carter"}}});
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->status, 201) << delivered->body;
  auto list = client_->Get((OnCase() + "/releases").c_str());
  ASSERT_TRUE(list);
  EXPECT_EQ(Json(list)["releases"][0]["deliveries"].size(), 2u);
  EXPECT_EQ(list->body.find(password), std::string::npos);
}

TEST_F(BundleRoutesTest, OpenApiDescribesEveryRoute) {
  const std::string yaml = std::string("\n") + kOpenApiYaml;
  const std::vector<std::pair<std::string, std::vector<std::string>>> routes = {
      {"/api/cases/{reference}/bundle", {"get", "post"}},
      {"/api/cases/{reference}/bundle/{bundle}", {"get"}},
      {"/api/cases/{reference}/bundle/{bundle}/volumes/{volume}.pdf", {"get"}},
      {"/api/cases/{reference}/releases", {"get", "post"}},
      {"/api/cases/{reference}/releases/{id}/deliveries", {"post"}},
      {"/api/cases/{reference}/releases/{id}/file", {"get"}},
  };
  for (const auto& [path, methods] : routes) {
    auto at = yaml.find("\n  " + path + ":\n");
    ASSERT_NE(at, std::string::npos) << path << " is not in docs/openapi.yaml";
    auto end = yaml.find("\n  /", at + 1);
    std::string block = yaml.substr(at, end == std::string::npos ? std::string::npos : end - at);
    for (const auto& m : methods) EXPECT_NE(block.find("\n    " + m + ":"), std::string::npos) << m << " " << path;
  }
  for (const char* schema : {"Bundle:", "BundleRequest:", "Release:", "ReleaseRequest:", "ReleaseDelivery:", "ReleaseDeliveryRecord:"})
    EXPECT_NE(yaml.find(std::string("\n    ") + schema), std::string::npos) << schema;
  for (const char* key : {"password:", "password_instruction:", "file_sha256:", "deliveries:", "current:",
                          "fingerprint:", "document_date:", "tracking_reference:", "id_checked:", "attendees:"})
    EXPECT_NE(yaml.find(key), std::string::npos) << key;
}

}  // namespace
}  // namespace sardesk::api
