#include "api/static_files.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <chrono>
#include <thread>
#include <vector>

namespace sardesk::api {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("sardesk-static-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "web";
    fs::create_directories(root_ / "assets");
    Write(root_ / "index.html", "<!DOCTYPE html><title>sardesk</title>");
    Write(root_ / "app-AB12CD34.js", "console.log(1)");
    Write(root_ / "assets" / "bold-b542beb274-v2.woff2", "font");
    Write(base_ / "secret.txt", "outside the root");
    Write(root_ / ".hidden", "hidden");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, PortalAddressesGetThePortalsOwnIndexHtml) {
  fs::create_directories(root_ / "portal");
  Write(root_ / "portal" / "index.html", "<!DOCTYPE html><title>portal</title>");
  StaticFiles files(root_);
  for (const char* path : {"/portal", "/portal/sign-in", "/portal/requests/SAR-2026-000001"}) {
    auto f = files.Resolve(path);
    ASSERT_TRUE(f) << path;
    EXPECT_EQ(f->file, root_ / "portal" / "index.html") << path;
  }
  auto officer = files.Resolve("/cases/SAR-2026-000001");
  ASSERT_TRUE(officer);
  EXPECT_EQ(officer->file, root_ / "index.html");
  EXPECT_FALSE(files.Resolve("/portal/missing.js"));
}

TEST_F(StaticFilesTest, ServesAFileWithItsTypeAndCachePolicy) {
  StaticFiles files(root_);
  auto js = files.Resolve("/app-AB12CD34.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->file, root_ / "app-AB12CD34.js");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js->cache_control, "public, max-age=31536000, immutable");
  auto font = files.Resolve("/assets/bold-b542beb274-v2.woff2");
  ASSERT_TRUE(font);
  EXPECT_EQ(font->content_type, "font/woff2");
  EXPECT_EQ(font->cache_control, "no-cache");
}

TEST_F(StaticFilesTest, ApplicationAddressesGetIndexHtml) {
  StaticFiles files(root_);
  for (const char* path : {"/", "/cases/SAR-2026-000001", "/new", "/cases/SAR-1/documents/4/pages/2"}) {
    auto f = files.Resolve(path);
    ASSERT_TRUE(f) << path;
    EXPECT_EQ(f->file, root_ / "index.html") << path;
    EXPECT_EQ(f->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(f->cache_control, "no-cache");
  }
}

TEST_F(StaticFilesTest, MissingAssetIsNotTheApplication) {
  StaticFiles files(root_);
  EXPECT_FALSE(files.Resolve("/app-OLDHASH1.js"));
  EXPECT_FALSE(files.Resolve("/assets/missing.css"));
}

TEST_F(StaticFilesTest, ApiPathsAreNeverServed) {
  StaticFiles files(root_);
  EXPECT_FALSE(files.Resolve("/api"));
  EXPECT_FALSE(files.Resolve("/api/cases"));
  EXPECT_TRUE(files.Resolve("/apiary"));  // only the /api folder is reserved
}

TEST_F(StaticFilesTest, RefusesPathsThatLeaveTheRoot) {
  StaticFiles files(root_);
  for (const std::string& path : std::vector<std::string>{"/../secret.txt", "/assets/../../secret.txt", "/..", "/.hidden", "/assets\\..\\x",
                           std::string("/index.html\0x", 13), "relative", "", "//etc/passwd"})
    EXPECT_FALSE(files.Resolve(path)) << path;
  EXPECT_FALSE(files.Resolve("/" + std::string(2000, 'a')));
}

TEST_F(StaticFilesTest, RefusesALinkThatPointsOutside) {
  fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
  StaticFiles files(root_);
  EXPECT_FALSE(files.Resolve("/link.txt"));
}

TEST_F(StaticFilesTest, NothingWithoutIndexHtml) {
  StaticFiles files(base_ / "not-built");
  EXPECT_FALSE(files.Ready());
  EXPECT_FALSE(files.Resolve("/"));
  EXPECT_FALSE(files.Resolve("/cases/SAR-1"));
  EXPECT_TRUE(StaticFiles(root_).Ready());
}

TEST(DefaultWebRoot, IsBesideTheExecutable) {
  fs::path exe = fs::read_symlink("/proc/self/exe");
  EXPECT_EQ(DefaultWebRoot(), exe.parent_path() / "web");
}

TEST(ContentType, ByExtension) {
  EXPECT_EQ(ContentTypeFor("a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.unknown"), "application/octet-stream");
}

TEST(CacheControl, OnlyHashedNamesAreImmutable) {
  EXPECT_EQ(CacheControlFor("main-7QXK2M4Z.css"), "public, max-age=31536000, immutable");
  EXPECT_EQ(CacheControlFor("index.html"), "no-cache");
  EXPECT_EQ(CacheControlFor("main-abcdefgh.css"), "no-cache");
  EXPECT_EQ(CacheControlFor("main-ABCDEFG.css"), "no-cache");
}

TEST_F(StaticFilesTest, ServerSendsFilesHeadersAndFallback) {
  StaticFiles files(root_);
  httplib::Server server;
  server.Get("/api/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  ServeStaticFiles(server, &files);
  int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  httplib::Client client("127.0.0.1", port);

  auto page = client.Get("/cases/SAR-2026-000001");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body, "<!DOCTYPE html><title>sardesk</title>");
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), kWebContentSecurityPolicy);
  EXPECT_EQ(page->get_header_value("X-Content-Type-Options"), "nosniff");

  auto js = client.Get("/app-AB12CD34.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");

  auto api = client.Get("/api/health");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->body, "{}");
  auto unknown_api = client.Get("/api/nothing");
  ASSERT_TRUE(unknown_api);
  EXPECT_EQ(unknown_api->status, 404);
  auto escape = client.Get("/../secret.txt");
  ASSERT_TRUE(escape);
  EXPECT_EQ(escape->status, 404);
  EXPECT_EQ(escape->body.find("outside the root"), std::string::npos);

  server.stop();
  t.join();
}

}  // namespace
}  // namespace sardesk::api
