// The HTTP API end to end: a real SQLite store in a temporary folder, the real
// services on a fixed clock, the server on a free local port and an httplib
// client talking to it. Each test checks one behaviour: the status code, the
// error code and message, and that a refused request changed nothing.
#include "api/http_api.h"

#include "api/test_sign_in.h"
#include "service/account_service.h"

#include <fstream>
#include <iterator>

#include "pdf/pdf_document.h"
#include "store/blob_store.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "case/case_json.h"
#include "case/enums.h"
#include "common/clock_source.h"
#include "service/admin_service.h"
#include "service/case_actions.h"
#include "service/case_service.h"
#include "service/context.h"
#include "store/sqlite_store.h"

namespace sardesk::api {
namespace {

using nlohmann::json;

constexpr char kActor[] = "X-Sardesk-User";

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);  // no access log in test output
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-api-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto opened = store::OpenSqliteStore((dir_ / "sardesk.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(*opened);
    ctx_.store = store_.get();
    ctx_.time = &time_;
    Status loaded = service::LoadContext(&ctx_);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    cases_ = std::make_unique<service::CaseService>(&ctx_);
    admin_ = std::make_unique<service::AdminService>(&ctx_);
    searches_ = std::make_unique<service::SearchService>(&ctx_, cases_.get());
    for (const auto& [name, role] :
         {std::pair{"ava", "ig_officer"}, std::pair{"cara", "ig_manager"}, std::pair{"ben", "ig_officer"}}) {
      auto user = admin_->PutUser({{"username", name}, {"display_name", name}, {"role", role}}, "setup");
      ASSERT_TRUE(user.ok()) << user.status().ToString();
    }

    blobs_ = store::MakeFileBlobStore((dir_ / "blobs").string());
    ingest_ = std::make_unique<service::IngestService>(&ctx_, cases_.get(), blobs_.get());
    api_ = std::make_unique<HttpApi>(cases_.get(), searches_.get(), admin_.get());
    api_->SetIngest(ingest_.get());
    redactions_ = std::make_unique<service::RedactionService>(&ctx_, cases_.get(), blobs_.get());
    qa_ = std::make_unique<service::QaService>(&ctx_, cases_.get(), redactions_.get());
    api_->SetRedaction(redactions_.get(), qa_.get());
    decisions_ = std::make_unique<service::DisclosureDecisionService>(&ctx_, cases_.get());
    safeguarding_ = std::make_unique<service::SafeguardingService>(&ctx_);
    api_->SetSafeguarding(decisions_.get(), safeguarding_.get());
    accounts_ = std::make_unique<service::AccountService>(&ctx_, auth::HashStrength::kMinimal);
    api_->SetAccounts(accounts_.get(), false);
    auto port = api_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    server_ = std::thread([this] { api_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_connection_timeout(5, 0);
    client_->set_read_timeout(10, 0);
    client_->set_write_timeout(10, 0);
    // The socket listens from Bind; this returns once Serve is accepting.
    auto health = client_->Get("/api/health");
    ASSERT_TRUE(health) << httplib::to_string(health.error());
    ASSERT_EQ(health->status, 200);
    // Every request is signed in (issue 8): client_ as ava, others by name.
    ASSERT_NO_FATAL_FAILURE(testing::SignInClient(*client_, *accounts_, "ava"));
    signed_in_ = std::make_unique<testing::SignedInClients>(port_, accounts_.get());
  }

  // A signed-in client for `who` (client_ for ava).
  httplib::Client& ClientFor(const std::string& who) { return who == "ava" ? *client_ : signed_in_->For(who); }

  void TearDown() override {
    if (api_) api_->Stop();
    if (server_.joinable()) server_.join();
    signed_in_.reset();
    client_.reset();
    api_.reset();
    accounts_.reset();
    safeguarding_.reset();
    decisions_.reset();
    qa_.reset();
    redactions_.reset();
    ingest_.reset();
    admin_.reset();
    cases_.reset();
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // Extra headers for client_ (signed in as ava): none; kept so that calls
  // read as who is acting.
  static httplib::Headers As(const std::string& who = "ava") {
    EXPECT_EQ(who, "ava") << "client_ is ava: use ClientFor(who)";
    return {};
  }

  httplib::Result PostJson(const std::string& path, const json& body, const std::string& who = "ava") {
    return ClientFor(who).Post(path.c_str(), body.dump(), "application/json");
  }
  httplib::Result PostText(const std::string& path, const std::string& body,
                           const std::string& content_type = "application/json") {
    return client_->Post(path.c_str(), As(), body, content_type.c_str());
  }

  // A valid new subject access request: the requester is the data subject.
  static json NewCase() {
    return {{"received", "2025-09-01"},
            {"channel", "email"},
            {"subject",
             {{"name", "Jane Doe"},
              {"dob", "1980-05-04"},
              {"addresses", json::array({{{"lines", "1 High Street, Anytown"}, {"postcode", "AB1 2CD"}}})}}},
            {"requester", {{"relationship", "self"}, {"email", "jane@example.org"}}},
            {"scope", {{"information_requested", "All the records you hold about me"}}}};
  }

  // Creates a request and returns its reference.
  std::string Create(const json& body = NewCase()) {
    auto res = PostJson("/api/cases", body);
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body, nullptr, false).value("reference", "");
  }

  static json Body(const httplib::Result& res) {
    if (!res) return json();
    return json::parse(res->body, nullptr, false);
  }

  json GetJson(const std::string& path, const std::string& who = "ava") {
    auto res = ClientFor(who).Get(path.c_str());
    EXPECT_TRUE(res);
    if (!res) return json();
    EXPECT_EQ(res->status, 200) << path << ": " << res->body;
    return Body(res);
  }

  std::int64_t CaseCount() { return GetJson("/api/cases").value("count", std::int64_t{-1}); }
  std::int64_t Version(const std::string& ref) {
    return GetJson("/api/cases/" + ref).value("version", std::int64_t{-1});
  }

  // Checks the status, the error code and that the message mentions each word.
  static void ExpectError(const httplib::Result& res, int status, const std::string& code,
                          const std::vector<std::string>& words = {}) {
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_NE(res->get_header_value("Content-Type").find("application/json"), std::string::npos);
    json body = Body(res);
    ASSERT_TRUE(body.is_object() && body.contains("error")) << res->body;
    EXPECT_EQ(body["error"].value("code", ""), code) << res->body;
    std::string message = body["error"].value("message", "");
    for (const auto& w : words) EXPECT_NE(message.find(w), std::string::npos) << "'" << w << "' not in: " << message;
  }

  // Sends raw bytes on a new connection and returns the first response
  // (status line, headers and a Content-Length body), or what arrived
  // before the server closed or 10 seconds passed.
  std::string RawExchange(const std::string& request) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    if (fd < 0) return "";
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string reply;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      size_t sent = 0;
      while (sent < request.size()) {
        ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      char buf[4096];
      for (;;) {
        size_t end = reply.find("\r\n\r\n");
        if (end != std::string::npos) {
          size_t length = 0;
          size_t at = reply.find("Content-Length: ");
          if (at != std::string::npos && at < end) length = std::stoul(reply.substr(at + 16));
          if (reply.size() >= end + 4 + length) break;
        }
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        reply.append(buf, static_cast<size_t>(n));
      }
    } else {
      ADD_FAILURE() << "cannot connect to the test server";
    }
    close(fd);
    return reply;
  }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_{};
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<service::SearchService> searches_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<service::IngestService> ingest_;
  std::unique_ptr<service::RedactionService> redactions_;
  std::unique_ptr<service::QaService> qa_;
  std::unique_ptr<service::DisclosureDecisionService> decisions_;
  std::unique_ptr<service::SafeguardingService> safeguarding_;
  std::unique_ptr<service::AccountService> accounts_;
  std::unique_ptr<HttpApi> api_;
  std::unique_ptr<testing::SignedInClients> signed_in_;
  int port_ = 0;
  std::thread server_;
  std::unique_ptr<httplib::Client> client_;
};

// --- Creating and reading requests -----------------------------------------

TEST_F(HttpApiTest, CreateReturnsTheCaseViewWith201) {
  auto res = PostJson("/api/cases", NewCase());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_NE(res->get_header_value("Content-Type").find("application/json"), std::string::npos);
  json c = Body(res);
  EXPECT_EQ(c["reference"], "SAR-2025-000001");
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["status"], "received");
  EXPECT_EQ(c["received"], "2025-09-01");
  EXPECT_EQ(c["subject"]["name"], "Jane Doe");
  EXPECT_EQ(c["history"][0]["by"], "ava");
  ASSERT_TRUE(c["clock"].is_object());
  EXPECT_EQ(c["clock"]["rule"], "one_calendar_month");
  EXPECT_EQ(c["clock"]["started"], false);  // waiting for identity evidence
  ASSERT_TRUE(c["checks"].is_object());
  EXPECT_EQ(c["checks"]["identity_verified"], false);
  EXPECT_FALSE(c["checks"]["blockers"].empty());
  ASSERT_TRUE(c["stage"].is_object());
  EXPECT_EQ(c["stage"]["name"], "validate");
  ASSERT_TRUE(c["next_actions"].is_array());
  EXPECT_FALSE(c["next_actions"].empty());
}

TEST_F(HttpApiTest, GetReturnsTheCreatedCase) {
  std::string ref = Create();
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["reference"], ref);
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["subject"]["dob"], "1980-05-04");
  EXPECT_TRUE(c.contains("clock") && c.contains("checks") && c.contains("stage") && c.contains("next_actions"));
}

TEST_F(HttpApiTest, ListIncludesTheCreatedCase) {
  std::string ref = Create();
  json list = GetJson("/api/cases");
  EXPECT_EQ(list["count"], 1);
  ASSERT_EQ(list["cases"].size(), 1u);
  EXPECT_EQ(list["cases"][0]["reference"], ref);
  EXPECT_EQ(list["cases"][0]["status"], "received");
  EXPECT_EQ(list["cases"][0]["subject_name"], "Jane Doe");
}

TEST_F(HttpApiTest, GetUnknownReferenceIs404) {
  ExpectError(client_->Get("/api/cases/SAR-2025-999999"), 404, "not_found", {"SAR-2025-999999"});
}

// --- Refused writes leave the register unchanged ---------------------------

TEST_F(HttpApiTest, WriteWithoutASessionIs401AndCreatesNothing) {
  httplib::Client anonymous("127.0.0.1", port_);
  ExpectError(anonymous.Post("/api/cases", NewCase().dump(), "application/json"), 401, "unauthenticated", {"sign in"});
  // Naming yourself in the old header is not signing in.
  ExpectError(anonymous.Post("/api/cases", {{kActor, "ava"}}, NewCase().dump(), "application/json"), 401,
              "unauthenticated");
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, MalformedJsonIs400) {
  ExpectError(PostText("/api/cases", R"({"subject": {"name": "Jane Doe")"), 400, "invalid_argument",
              {"not valid JSON"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, UnknownEnumValueIs400ListingValidValues) {
  json body = NewCase();
  body["channel"] = "pigeon";
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument",
              {"channel", "pigeon", "letter", "email", "web_form", "telephone"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, ImpossibleDateIs400) {
  json body = NewCase();
  body["received"] = "2025-02-30";
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument", {"received"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, OversizeFieldIs400) {
  json body = NewCase();
  body["subject"]["name"] = std::string(300, 'x');
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument", {"subject.name", "too long"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, BodyOverOneMebibyteIs413) {
  json body = NewCase();
  body["verbatim_request"] = std::string((1 << 20) + 10, 'x');
  ExpectError(PostJson("/api/cases", body), 413, "invalid_argument", {"too large"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, UploadQueuesFilesAndServesPages) {
  std::string ref = Create();
  std::string pdf_path = (dir_ / "letter.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(pdf_path, {"Dear Ms Smith, about contact on Saturday"}).ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string pdf_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  httplib::MultipartFormDataItems items = {{"file", pdf_bytes, "letter.pdf", "application/pdf"},
                                           {"file", "", "empty.pdf", "application/pdf"},
                                           {"service_area", "childrens", "", ""}};
  httplib::Headers headers = {{"X-Sardesk-User", "ava"}};
  auto res = client_->Post(("/api/cases/" + ref + "/documents").c_str(), headers, items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  json uploads = json::parse(res->body)["uploads"];
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(uploads[0]["status"], "queued");
  EXPECT_EQ(uploads[1]["status"], "failed");
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  auto list = client_->Get(("/api/cases/" + ref + "/documents").c_str());
  ASSERT_TRUE(list);
  json docs = json::parse(list->body);
  EXPECT_EQ(docs["documents"][0]["service_area"], "childrens");
  EXPECT_EQ(docs["volume"]["pages"], 1);
  std::string id = std::to_string(uploads[0]["document_id"].get<std::int64_t>());
  auto page = client_->Get(("/api/documents/" + id + "/pages/1").c_str());
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(json::parse(page->body)["text"].get<std::string>().find("Ms Smith"), std::string::npos);
  auto png = client_->Get(("/api/documents/" + id + "/pages/1.png?dpi=40").c_str());
  ASSERT_TRUE(png);
  EXPECT_EQ(png->status, 200);
  EXPECT_EQ(png->body.substr(0, 4), "\x89PNG");
  auto missing = client_->Get(("/api/documents/" + id + "/pages/9").c_str());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(HttpApiTest, ASinglePageIsExcludedAndIncludedAgain) {
  std::string ref = Create();
  std::string pdf_path = (dir_ / "file.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(pdf_path, {"Case note", "Police report", "Closing letter"}).ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string pdf_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto res = client_->Post(("/api/cases/" + ref + "/documents").c_str(), As("ava"),
                           httplib::MultipartFormDataItems{{"file", pdf_bytes, "file.pdf", "application/pdf"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const auto id = json::parse(res->body)["uploads"][0]["document_id"].get<std::int64_t>();
  ASSERT_TRUE(ingest_->ProcessAll().ok());

  ExpectError(PostJson("/api/cases/" + ref + "/pages/exclude", {{"document_id", id}, {"page", 2}}), 400,
              "invalid_argument", {"reason"});
  auto out = PostJson("/api/cases/" + ref + "/pages/exclude",
                      {{"document_id", id}, {"page", 2}, {"reason", "Police report: the police answer for it"}});
  ASSERT_TRUE(out);
  ASSERT_EQ(out->status, 200) << out->body;
  json docs = json::parse(out->body);
  EXPECT_EQ(docs["volume"]["pages"], 2);
  EXPECT_EQ(docs["documents"][0]["excluded_pages"][0]["page"], 2);
  EXPECT_EQ(docs["documents"][0]["eta_seconds"], 0);
  EXPECT_TRUE(GetJson("/api/documents/" + std::to_string(id) + "/pages/2")["excluded"].get<bool>());
  auto back = PostJson("/api/cases/" + ref + "/pages/include", {{"document_id", id}, {"page", 2}});
  ASSERT_TRUE(back);
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(json::parse(back->body)["volume"]["pages"], 3);
}

TEST_F(HttpApiTest, UploadMustBeMultipart) {
  std::string ref = Create();
  ExpectError(PostJson("/api/cases/" + ref + "/documents", json{{"file", "x"}}), 400, "invalid_argument", {"multipart"});
}

TEST_F(HttpApiTest, UnknownFieldIs400NamingIt) {
  json body = NewCase();
  body["favourite_colour"] = "blue";
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument", {"unknown field", "favourite_colour"});
  body.erase("favourite_colour");
  body["subject"]["shoe_size"] = 9;
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument", {"subject.shoe_size"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, WrongContentTypeIs400) {
  ExpectError(PostText("/api/cases", NewCase().dump(), "text/plain"), 400, "invalid_argument",
              {"application/json"});
  // "json" in a parameter does not make a JSON body.
  ExpectError(PostText("/api/cases", NewCase().dump(), "text/plain; note=json"), 400, "invalid_argument",
              {"application/json"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, JsonContentTypeWithCharsetIsAccepted) {
  auto res = PostText("/api/cases", NewCase().dump(), "application/json; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

TEST_F(HttpApiTest, DeeplyNestedJsonIs400) {
  std::string deep = std::string(100, '[') + std::string(100, ']');
  ExpectError(PostText("/api/cases", deep), 400, "invalid_argument", {"nests too deeply"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, BodyThatIsNotAnObjectIs400) {
  ExpectError(PostText("/api/cases", "[1, 2, 3]"), 400, "invalid_argument", {"JSON object"});
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, MultipartFormIsRefusedAsNotJson) {
  // httplib moves a form's parts out of the body; the empty body left
  // behind must not be read as an empty JSON object (it would record this).
  std::string ref = Create();
  httplib::MultipartFormDataItems form = {{"note", "I know them", "", ""}};
  ExpectError(client_->Post(("/api/cases/" + ref + "/conflict").c_str(), As(), form), 400, "invalid_argument",
              {"application/json"});
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["version"], 1);
  EXPECT_TRUE(c["conflicts"].empty());
}

TEST_F(HttpApiTest, ChunkedBodyIsRefusedWith411) {
  // httplib applies the 1 MiB limit only to a body with a Content-Length:
  // a chunked body is refused before any of it is read. (Only the headers
  // are sent here, so the refusal cannot come from reading a bad body.)
  std::string reply = RawExchange("POST /api/cases HTTP/1.1\r\nHost: localhost\r\nX-Sardesk-User: ava\r\n"
                                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << "[" << reply << "]";
  EXPECT_NE(reply.find("Content-Length header"), std::string::npos) << reply;
  EXPECT_EQ(CaseCount(), 0);
}

TEST_F(HttpApiTest, PostWithoutContentLengthIsRefusedWith411) {
  // Without the fix httplib waits for the connection to close to find the
  // end of the body (the read timeout: 30 seconds).
  std::string reply = RawExchange("POST /api/cases HTTP/1.1\r\nHost: localhost\r\nX-Sardesk-User: ava\r\n"
                                  "Content-Type: application/json\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << "[" << reply << "]";
  EXPECT_EQ(CaseCount(), 0);
  // A DELETE without Content-Length has no body (issue 8: browsers sign
  // out that way); it reaches routing, and there is no such route here.
  ExpectError(client_->Delete("/api/cases"), 404, "not_found");
}

TEST_F(HttpApiTest, TheActorHeaderDoesNotChangeWhoIsActing) {
  // Signed in as ava, claiming to be cara: the change is ava's.
  auto res = client_->Post("/api/cases", {{kActor, "cara"}}, NewCase().dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["history"][0]["by"], "ava");
}

TEST_F(HttpApiTest, ErrorMessageEchoingACutCharacterIsStillA400) {
  // The enum error quotes the first 60 bytes of the value, here half of "é".
  json body = NewCase();
  body["channel"] = std::string(59, 'a') + "\xC3\xA9";
  ExpectError(PostJson("/api/cases", body), 400, "invalid_argument", {"channel"});
  EXPECT_EQ(CaseCount(), 0);
}

// --- Updating --------------------------------------------------------------

TEST_F(HttpApiTest, PatchWithMatchingVersionUpdates) {
  std::string ref = Create();
  httplib::Headers h = As();
  h.emplace("If-Match", "\"1\"");
  auto res = client_->Patch(("/api/cases/" + ref).c_str(), h,
                            json{{"scope", {{"information_requested", "Only my housing file"}}}}.dump(),
                            "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json c = Body(res);
  EXPECT_EQ(c["version"], 2);
  EXPECT_EQ(c["scope"]["information_requested"], "Only my housing file");
  EXPECT_EQ(c["subject"]["name"], "Jane Doe");  // merge patch: the rest is kept
}

TEST_F(HttpApiTest, PatchWithStaleIfMatchIs409) {
  std::string ref = Create();
  httplib::Headers h = As();
  h.emplace("If-Match", "1");
  auto first = client_->Patch(("/api/cases/" + ref).c_str(), h,
                              json{{"scope", {{"information_requested", "Only my housing file"}}}}.dump(),
                              "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto stale = client_->Patch(("/api/cases/" + ref).c_str(), h,
                              json{{"scope", {{"information_requested", "Everything again"}}}}.dump(),
                              "application/json");
  ExpectError(stale, 409, "conflict", {"version 2", "reload"});
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["version"], 2);
  EXPECT_EQ(c["scope"]["information_requested"], "Only my housing file");
}

TEST_F(HttpApiTest, PatchWithMalformedIfMatchIs400) {
  std::string ref = Create();
  httplib::Headers h = As();
  h.emplace("If-Match", "W/\"1\"");
  ExpectError(client_->Patch(("/api/cases/" + ref).c_str(), h, json{{"channel", "letter"}}.dump(), "application/json"),
              400, "invalid_argument", {"If-Match"});
  EXPECT_EQ(Version(ref), 1);
}

TEST_F(HttpApiTest, PatchChangingStatusIs400) {
  std::string ref = Create();
  auto res = client_->Patch(("/api/cases/" + ref).c_str(), As(), json{{"status", "closed"}}.dump(), "application/json");
  ExpectError(res, 400, "invalid_argument", {"status"});
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["status"], "received");
}

// --- Actions ---------------------------------------------------------------

TEST_F(HttpApiTest, IllegalTransitionIs422WithTheReason) {
  std::string ref = Create();
  ExpectError(PostJson("/api/cases/" + ref + "/transition", {{"to", "searching"}}), 422, "not_allowed",
              {"cannot move to searching", "validated"});
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["version"], 1);
  EXPECT_EQ(c["status"], "received");
}

TEST_F(HttpApiTest, UnknownActionIs404) {
  std::string ref = Create();
  ExpectError(PostJson("/api/cases/" + ref + "/teleport", json::object()), 404, "not_found", {"teleport"});
  EXPECT_EQ(Version(ref), 1);
}

TEST_F(HttpApiTest, ActionOnUnknownCaseIs404) {
  ExpectError(PostJson("/api/cases/SAR-2025-999999/conflict", json::object()), 404, "not_found",
              {"SAR-2025-999999"});
}

TEST_F(HttpApiTest, EvidenceThenTransitionValidatesTheRequest) {
  std::string ref = Create();
  auto passport = PostJson("/api/cases/" + ref + "/evidence",
                           {{"purpose", "photo_id"}, {"type", "passport"}, {"seen_on", "2025-09-10"}});
  ASSERT_TRUE(passport);
  ASSERT_EQ(passport->status, 200) << passport->body;
  EXPECT_EQ(Body(passport)["evidence"][0]["accepted"], true);
  auto bill = PostJson("/api/cases/" + ref + "/evidence",
                       {{"purpose", "proof_of_address"}, {"type", "council_tax_bill"},
                        {"document_date", "2025-08-01"}, {"seen_on", "2025-09-10"}});
  ASSERT_TRUE(bill);
  ASSERT_EQ(bill->status, 200) << bill->body;
  EXPECT_EQ(Body(bill)["evidence"][1]["accepted"], true) << bill->body;

  auto moved = PostJson("/api/cases/" + ref + "/transition", {{"to", "validated"}});
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->status, 200) << moved->body;
  json c = Body(moved);
  EXPECT_EQ(c["status"], "validated");
  EXPECT_EQ(c["version"], 4);
  EXPECT_EQ(c["checks"]["identity_verified"], true);
  EXPECT_EQ(c["checks"]["identity_verified_on"], "2025-09-10");
  EXPECT_EQ(c["clock"]["started"], true);
  EXPECT_EQ(c["clock"]["due"], "2025-10-10");
  EXPECT_EQ(c["stage"]["name"], "search");
  EXPECT_EQ(GetJson("/api/cases/" + ref)["status"], "validated");
}

TEST_F(HttpApiTest, ActionWithoutTheCsrfTokenIs403AndChangesNothing) {
  std::string ref = Create();
  // ava's own cookie, with a forged token and with an empty one.
  for (const char* token : {"forged", ""}) {
    auto res = client_->Post(("/api/cases/" + ref + "/conflict").c_str(), {{api::kCsrfHeader, token}}, "{}",
                             "application/json");
    ExpectError(res, 403, "permission_denied", {"CSRF"});
  }
  EXPECT_EQ(Version(ref), 1);
}

TEST_F(HttpApiTest, ReassigningByAnOfficerIs403) {
  std::string ref = Create();
  auto first = PostJson("/api/cases/" + ref + "/assign", {{"officer", "ava"}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  ExpectError(PostJson("/api/cases/" + ref + "/assign", {{"officer", "cara"}}, "ava"), 403, "permission_denied",
              {"IG manager"});
  json c = GetJson("/api/cases/" + ref);
  EXPECT_EQ(c["assigned_officer"], "ava");
  EXPECT_EQ(c["version"], 2);
}

// --- Audit -----------------------------------------------------------------

TEST_F(HttpApiTest, CaseAuditListsEntriesInOrder) {
  std::string ref = Create();
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/assign", {{"officer", "ava"}}, "cara")->status, 200);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/communicate", {{"method", "call"}, {"summary", "Rang to confirm"}})->status,
            200);
  json audit = GetJson("/api/cases/" + ref + "/audit");
  ASSERT_TRUE(audit["entries"].is_array());
  ASSERT_EQ(audit["entries"].size(), 3u) << audit.dump();
  const json& e = audit["entries"];
  EXPECT_EQ(e[0]["action"], "case.create");
  EXPECT_EQ(e[0]["actor"], "ava");
  EXPECT_EQ(e[1]["action"], "case.assign");
  EXPECT_EQ(e[1]["actor"], "cara");
  EXPECT_EQ(e[2]["action"], "case.communication.add");
  EXPECT_EQ(e[2]["actor"], "ava");
  for (const auto& entry : e) {
    EXPECT_EQ(entry["entity"], "case");
    EXPECT_EQ(entry["entity_id"], ref);
  }
  EXPECT_LT(e[0]["seq"].get<std::int64_t>(), e[1]["seq"].get<std::int64_t>());
  EXPECT_LT(e[1]["seq"].get<std::int64_t>(), e[2]["seq"].get<std::int64_t>());
  // Views of the case (issue 8) are audited between the changes, in the
  // same chain, which verifies whole.
  EXPECT_EQ(GetJson("/api/audit/verify", "cara")["ok"], true);
  EXPECT_EQ(e[1]["after"]["assigned_officer"], "ava");
}

TEST_F(HttpApiTest, AuditOfUnknownCaseIs404) {
  ExpectError(client_->Get("/api/cases/SAR-2025-999999/audit"), 404, "not_found");
}

TEST_F(HttpApiTest, AuditVerifyIsOk) {
  Create();
  json v = GetJson("/api/audit/verify", "cara");
  EXPECT_EQ(v["ok"], true) << v.dump();
  EXPECT_TRUE(v["problems"].empty());
  EXPECT_GE(v["entries"].get<std::int64_t>(), 3);  // two users and a case
  EXPECT_EQ(v["cases_checked"], 1);
}

// --- Deadline calculator ---------------------------------------------------

TEST_F(HttpApiTest, DeadlineFromTheLastDayOfJanuaryIsTheLastDayOfFebruary) {
  json d = GetJson("/api/deadline?received=2025-01-31");
  EXPECT_EQ(d, json({{"due", "2025-02-28"}}));
}

TEST_F(HttpApiTest, DeadlineWithBadDateIs400) {
  ExpectError(client_->Get("/api/deadline?received=2025-02-30"), 400, "invalid_argument", {"received"});
  ExpectError(client_->Get("/api/deadline"), 400, "invalid_argument", {"received"});
}

TEST_F(HttpApiTest, DeadlineWithThreeMonthsExtensionIs400) {
  ExpectError(client_->Get("/api/deadline?received=2025-01-31&extension_months=3"), 400, "invalid_argument",
              {"extension_months"});
}

// --- Bank holidays ---------------------------------------------------------

TEST_F(HttpApiTest, HolidayDryRunReportsMovedCasesAndChangesNothing) {
  json foi = NewCase();
  foi["route"] = "foi";
  std::string ref = Create(foi);  // 20 working days: its due date moves
  ASSERT_EQ(ref, "FOI-2025-000001");
  json before = GetJson("/api/cases/" + ref);
  ASSERT_TRUE(before["clock"]["due"].is_string()) << before.dump();
  std::int64_t entries = GetJson("/api/audit/verify", "cara")["entries"].get<std::int64_t>();

  auto res = PostJson("/api/holidays?dry_run=true",
                      {{"region", "england-and-wales"}, {"date", "2025-09-15"}, {"title", "Special holiday"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json report = Body(res);
  EXPECT_EQ(report["dry_run"], true);
  ASSERT_EQ(report["moved_cases"].size(), 1u) << report.dump();
  EXPECT_EQ(report["moved_cases"][0]["reference"], ref);
  EXPECT_EQ(report["moved_cases"][0]["old_due"], before["clock"]["due"]);
  EXPECT_GT(report["moved_cases"][0]["new_due"].get<std::string>(), before["clock"]["due"].get<std::string>());

  json after = GetJson("/api/cases/" + ref);
  EXPECT_EQ(after["clock"]["due"], before["clock"]["due"]);
  EXPECT_EQ(after["version"], before["version"]);
  // The one view of the case above is audited (issue 8); the dry run is not.
  EXPECT_EQ(GetJson("/api/audit/verify", "cara")["entries"], entries + 1);
  json holidays = GetJson("/api/holidays?region=england-and-wales");
  for (const auto& h : holidays["holidays"]) EXPECT_NE(h["date"], "2025-09-15");
}

TEST_F(HttpApiTest, HolidayAddedForRealMovesTheDueDate) {
  json foi = NewCase();
  foi["route"] = "foi";
  std::string ref = Create(foi);
  std::string due = GetJson("/api/cases/" + ref)["clock"]["due"].get<std::string>();
  auto res = PostJson("/api/holidays",
                      {{"region", "england-and-wales"}, {"date", "2025-09-15"}, {"title", "Special holiday"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["dry_run"], false);
  EXPECT_GT(GetJson("/api/cases/" + ref)["clock"]["due"].get<std::string>(), due);
  bool listed = false;
  json holidays = GetJson("/api/holidays?region=england-and-wales");
  for (const auto& h : holidays["holidays"]) listed = listed || h["date"] == "2025-09-15";
  EXPECT_TRUE(listed);
  // The same day again clashes.
  ExpectError(PostJson("/api/holidays", {{"region", "england-and-wales"}, {"date", "2025-09-15"}, {"title", "Again"}}),
              409, "conflict", {"already"});
}

TEST_F(HttpApiTest, HolidaysForScotlandIncludeTheSecondOfJanuary) {
  json list = GetJson("/api/holidays?region=scotland");
  EXPECT_EQ(list["region"], "scotland");
  bool found = false;
  for (const auto& h : list["holidays"]) found = found || h["date"] == "2025-01-02";
  EXPECT_TRUE(found) << list.dump();
}

TEST_F(HttpApiTest, HolidaysForUnknownRegionIs400) {
  ExpectError(client_->Get("/api/holidays?region=atlantis"), 400, "invalid_argument", {"region", "scotland"});
}

// --- Reference data, description, health -----------------------------------

TEST_F(HttpApiTest, ReferenceListsTheEnums) {
  json ref = GetJson("/api/reference");
  ASSERT_TRUE(ref["enums"].is_object());
  bool pigeon = false, email = false;
  for (const auto& v : ref["enums"]["channel"]) {
    pigeon = pigeon || v["value"] == "pigeon";
    email = email || v["value"] == "email";
    EXPECT_FALSE(v.value("label", "").empty());
  }
  EXPECT_TRUE(email);
  EXPECT_FALSE(pigeon);
  for (const char* name : {"route", "status", "outcome", "relationship", "document_type"})
    EXPECT_FALSE(ref["enums"][name].empty()) << name;
  EXPECT_FALSE(ref["roles"].empty());
  EXPECT_FALSE(ref["document_types"].empty());
}

TEST_F(HttpApiTest, OpenApiDescriptionIsServed) {
  auto res = client_->Get("/api/openapi.yaml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("yaml"), std::string::npos);
  EXPECT_EQ(res->body.rfind("openapi: 3", 0), 0u) << res->body.substr(0, 200);
}

TEST_F(HttpApiTest, HealthAndIndexAnswer) {
  EXPECT_EQ(GetJson("/api/health"), json({{"status", "ok"}}));
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("/api/openapi.yaml"), std::string::npos);
}

TEST_F(HttpApiTest, UnknownEndpointIs404Json) {
  ExpectError(client_->Get("/api/nowhere"), 404, "not_found", {"no such endpoint", "/api/nowhere"});
  ExpectError(client_->Put("/api/cases", "{}", "application/json"), 404, "not_found", {"PUT /api/cases"});
}

TEST_F(HttpApiTest, UnknownEndpointWithUndecodableBytesIs404AndTheServerCarriesOn) {
  // %FF decodes to a byte that is not UTF-8; quoting it in the message must
  // not throw (in the error handler that would end the whole process).
  ExpectError(client_->Get("/api/%FF"), 404, "not_found", {"no such endpoint"});
  ExpectError(client_->Get(("/api/" + std::string(94, 'a') + "%C3%A9").c_str()), 404, "not_found");
  EXPECT_EQ(GetJson("/api/health")["status"], "ok");
}

TEST_F(HttpApiTest, ListWithBadParameterIs400) {
  ExpectError(client_->Get("/api/cases?limit=0"), 400, "invalid_argument", {"limit"});
  ExpectError(client_->Get("/api/cases?open=maybe"), 400, "invalid_argument", {"open"});
  ExpectError(client_->Get("/api/cases?status=lost"), 400, "invalid_argument", {"lost"});
}

// --- Server life cycle -----------------------------------------------------

TEST_F(HttpApiTest, StopBeforeServeMakesServeReturn) {
  HttpApi other(cases_.get(), searches_.get(), admin_.get());
  ASSERT_TRUE(other.Bind("127.0.0.1", 0).ok());
  other.Stop();
  std::promise<void> done;
  auto finished = done.get_future();
  std::thread t([&] {
    other.Serve();
    done.set_value();
  });
  bool returned = finished.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  if (!returned) other.Stop();  // the loop is running by now: end it so the test can finish
  t.join();
  EXPECT_TRUE(returned) << "Serve kept running after Stop";
}

// --- The description covers the API ----------------------------------------

// The text of a YAML block: from the line `key:` at `indent` spaces to the
// next line at the same or a smaller indent.
std::string YamlBlock(const std::string& yaml, const std::string& key, size_t indent) {
  std::string head = "\n" + std::string(indent, ' ') + key + ":\n";
  size_t start = yaml.find(head);
  if (start == std::string::npos) return "";
  size_t pos = start + head.size();
  while (pos < yaml.size()) {
    size_t eol = yaml.find('\n', pos);
    if (eol == std::string::npos) eol = yaml.size();
    std::string line = yaml.substr(pos, eol - pos);
    size_t lead = line.find_first_not_of(' ');
    if (lead != std::string::npos && line[lead] != '#' && lead <= indent) break;
    pos = eol + 1;
  }
  return yaml.substr(start, std::min(pos, yaml.size()) - start);
}

std::string Camel(const std::string& snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

class OpenApiTest : public HttpApiTest {
 protected:
  void SetUp() override {
    HttpApiTest::SetUp();
    auto res = client_->Get("/api/openapi.yaml");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    yaml_ = "\n" + res->body;
  }
  std::string yaml_;
};

TEST_F(OpenApiTest, EveryRouteIsDescribedWithItsMethods) {
  // Every route registered in http_api.cc, with its methods.
  const std::vector<std::pair<std::string, std::vector<std::string>>> routes = {
      {"/", {"get"}},
      {"/api/health", {"get"}},
      {"/api/openapi.yaml", {"get"}},
      {"/api/reference", {"get"}},
      {"/api/cases", {"get", "post"}},
      {"/api/cases/{reference}", {"get", "patch"}},
      {"/api/cases/{reference}/audit", {"get"}},
      {"/api/timers/run", {"post"}},
      {"/api/holidays", {"get", "post"}},
      {"/api/users", {"get", "post"}},
      {"/api/settings", {"get", "patch"}},
      {"/api/audit/verify", {"get"}},
      {"/api/deadline", {"get"}},
      {"/api/cases/{reference}/messages", {"get"}},
      {"/api/service-areas", {"get", "post"}},
      {"/api/mail/dispatch", {"post"}},
      {"/api/cases/{reference}/documents", {"get", "post"}},
      {"/api/cases/{reference}/documents/exclude", {"post"}},
      {"/api/cases/{reference}/documents/include", {"post"}},
      {"/api/cases/{reference}/pages/exclude", {"post"}},
      {"/api/cases/{reference}/pages/include", {"post"}},
      {"/api/documents/{document}/pages/{page}", {"get"}},
      {"/api/documents/{document}/pages/{page}.png", {"get"}},
      {"/api/cases/{reference}/redactions", {"get"}},
      {"/api/cases/{reference}/redactions/propose", {"post"}},
      {"/api/cases/{reference}/redactions/add", {"post"}},
      {"/api/cases/{reference}/redactions/{id}/decide", {"post"}},
      {"/api/cases/{reference}/redactions/rules", {"get", "post"}},
      {"/api/cases/{reference}/redactions/apply", {"post"}},
      {"/api/cases/{reference}/redactions/documents", {"get"}},
      {"/api/cases/{reference}/redactions/documents/{document}.pdf", {"get"}},
      {"/api/cases/{reference}/redactions/schedule", {"get"}},
      {"/api/cases/{reference}/qa", {"get"}},
      {"/api/cases/{reference}/qa/sample", {"post"}},
      {"/api/cases/{reference}/qa/pages", {"post"}},
      {"/api/cases/{reference}/qa/redactions", {"post"}},
      {"/api/cases/{reference}/qa/pass", {"post"}},
      {"/api/cases/{reference}/qa/send-back", {"post"}},
      {"/api/cases/{reference}/consents", {"get", "post"}},
      {"/api/cases/{reference}/staff-concerns", {"get", "post"}},
      {"/api/cases/{reference}/staff-concerns/{id}/withdraw", {"post"}},
      {"/api/cases/{reference}/safeguarding", {"get"}},
      {"/api/cases/{reference}/safeguarding/meetings", {"post"}},
      {"/api/exemptions", {"get", "post"}},
      {"/api/exemptions/{code}/remove", {"post"}},
      {"/api/session", {"get", "post", "delete"}},
      {"/api/session/sign-out-everywhere", {"post"}},
      {"/api/users/{username}/password", {"post"}},
      {"/api/cases/{reference}/shares", {"get", "post"}},
      {"/api/cases/{reference}/shares/{username}/remove", {"post"}},
      {"/api/my/cases", {"get"}},
      {"/api/my/search-tasks", {"get"}},
      {"/api/my/work", {"get"}},
  };
  ASSERT_NE(YamlBlock(yaml_, "paths", 0), "");
  for (const auto& [path, methods] : routes) {
    std::string block = YamlBlock(yaml_, path, 2);
    ASSERT_NE(block, "") << path << " is not in docs/openapi.yaml";
    for (const auto& m : methods) EXPECT_NE(block.find("\n    " + m + ":"), std::string::npos) << m << " " << path;
  }
}

TEST_F(OpenApiTest, EveryKeyOfTheDocumentListAndOfAPageIsDescribed) {
  std::string ref = Create();
  std::string pdf_path = (dir_ / "letter.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(pdf_path, {"Dear Ms Smith"}).ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string pdf_bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto res = client_->Post(("/api/cases/" + ref + "/documents").c_str(), As("ava"),
                           httplib::MultipartFormDataItems{{"file", pdf_bytes, "letter.pdf", "application/pdf"}});
  ASSERT_TRUE(res);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  std::string list_schema = YamlBlock(schemas, "DocumentList", 4);
  ASSERT_NE(list_schema, "");
  json docs = GetJson("/api/cases/" + ref + "/documents");
  ASSERT_FALSE(docs["documents"].empty());
  for (const auto& [key, value] : docs["documents"][0].items())
    EXPECT_NE(list_schema.find("\n              " + key + ":"), std::string::npos) << "document key " << key;
  for (const auto& [key, value] : docs["volume"].items())
    EXPECT_NE(list_schema.find("\n            " + key + ":"), std::string::npos) << "volume key " << key;
  std::string page_path = YamlBlock(yaml_, "/api/documents/{document}/pages/{page}", 2);
  ASSERT_NE(page_path, "");
  json page = GetJson("/api/documents/" + std::to_string(docs["documents"][0]["id"].get<std::int64_t>()) + "/pages/1");
  for (const auto& [key, value] : page.items())
    EXPECT_NE(page_path.find("\n                  " + key + ":"), std::string::npos) << "page key " << key;
}

TEST_F(OpenApiTest, EveryCaseActionIsDescribedWithItsFields) {
  // POST /api/cases/{reference}/{action}: one path per action of the catalogue.
  for (const auto& action : service::CaseActions()) {
    std::string path = "/api/cases/{reference}/" + action.name;
    std::string block = YamlBlock(yaml_, path, 2);
    ASSERT_NE(block, "") << path << " is not in docs/openapi.yaml";
    EXPECT_NE(block.find("\n    post:"), std::string::npos) << path;
    for (const auto& f : action.fields) {
      // YAML 1.1 reads a bare `on` as true, so that key is quoted.
      bool described = block.find(" " + f.name + ":") != std::string::npos ||
                       block.find(" '" + f.name + "':") != std::string::npos;
      EXPECT_TRUE(described) << path << " does not describe " << f.name;
    }
  }
}

TEST_F(OpenApiTest, EditableFieldsAreDescribed) {
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  ASSERT_NE(schemas, "");
  std::string fields = YamlBlock(schemas, "CaseFields", 4);
  ASSERT_NE(fields, "") << "no CaseFields schema";
  for (const auto& name : casework::EditableFieldNames())
    EXPECT_NE(fields.find("\n        " + name + ":"), std::string::npos) << name;
  EXPECT_NE(YamlBlock(schemas, "CaseCreate", 4).find("assigned_officer:"), std::string::npos);
  for (const char* s : {"CaseView", "CaseSummary", "Error", "AuditEntry", "Subject", "Requester", "Scope"})
    EXPECT_NE(YamlBlock(schemas, s, 4), "") << s;
}

TEST_F(OpenApiTest, EveryKeyOfTheCaseViewAndSummaryIsDescribed) {
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  std::string view_schemas = YamlBlock(schemas, "CaseFields", 4) + YamlBlock(schemas, "CaseRecord", 4) +
                             YamlBlock(schemas, "CaseView", 4);
  std::string ref = Create();
  json view = GetJson("/api/cases/" + ref);
  ASSERT_TRUE(view.is_object());
  for (const auto& [key, value] : view.items()) {
    EXPECT_NE(view_schemas.find(" " + key + ":"), std::string::npos) << "case view key " << key;
  }
  const std::vector<std::pair<std::string, std::string>> parts = {
      {"checks", "Checks"}, {"clock", "Clock"}, {"stage", "Stage"}, {"key_dates", "KeyDates"},
      {"subject", "Subject"}, {"requester", "Requester"}, {"scope", "Scope"}, {"fee", "Fee"}};
  for (const auto& [key, schema] : parts) {
    std::string block = YamlBlock(schemas, schema, 4);
    ASSERT_NE(block, "") << schema;
    for (const auto& [name, value] : view[key].items())
      EXPECT_NE(block.find(" " + name + ":"), std::string::npos) << key << "." << name << " not in " << schema;
  }
  std::string summary = YamlBlock(schemas, "CaseSummary", 4);
  json list = GetJson("/api/cases");
  ASSERT_FALSE(list["cases"].empty());
  for (const auto& [key, value] : list["cases"][0].items())
    EXPECT_NE(summary.find(" " + key + ":"), std::string::npos) << "summary key " << key;
}

TEST_F(OpenApiTest, EveryEnumIsDescribedWithItsWireValues) {
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  for (const auto& e : casework::EnumCatalogue()) {
    std::string block = YamlBlock(schemas, Camel(e.name), 4);
    ASSERT_NE(block, "") << "no schema " << Camel(e.name) << " for enum " << e.name;
    for (const auto& v : e.values)
      EXPECT_NE(block.find("\n        - " + v.wire + "\n"), std::string::npos) << e.name << ": " << v.wire;
  }
}

TEST_F(OpenApiTest, ErrorStatusesAndHeadersAreDescribed) {
  for (const char* code : {"invalid_argument", "permission_denied", "not_found", "conflict", "not_allowed", "internal"})
    EXPECT_NE(yaml_.find(code), std::string::npos) << code;
  for (const char* status : {"'400':", "'403':", "'404':", "'409':", "'411':", "'413':", "'422':", "'500':"})
    EXPECT_NE(yaml_.find(status), std::string::npos) << status;
  EXPECT_NE(yaml_.find("X-Sardesk-User"), std::string::npos);
  EXPECT_NE(yaml_.find("If-Match"), std::string::npos);
}

// --- Redaction and QA ------------------------------------------------------------

class RedactionApiTest : public HttpApiTest {
 protected:
  // A request with one read document naming the subject's mother; returns its id.
  std::int64_t Upload(const std::string& ref) {
    std::string pdf_path = (dir_ / "note.pdf").string();
    EXPECT_TRUE(pdf::WriteTextPdf(pdf_path, {"Case note about Jane Doe.\nJane lives with her mother Dorota Doe and "
                                             "her partner Liam Hughes.\nThe next line stays.",
                                             "Liam Hughes phoned again."})
                    .ok());
    std::ifstream in(pdf_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto res = client_->Post(("/api/cases/" + ref + "/documents").c_str(), As("ava"),
                             httplib::MultipartFormDataItems{{"file", bytes, "note.pdf", "application/pdf"}});
    EXPECT_TRUE(res);
    EXPECT_TRUE(ingest_->ProcessAll().ok());
    return res ? json::parse(res->body)["uploads"][0]["document_id"].get<std::int64_t>() : 0;
  }
  json Redactions(const std::string& ref, const std::string& query = "") {
    return GetJson("/api/cases/" + ref + "/redactions" + query);
  }
};

TEST_F(RedactionApiTest, ProposeDecideApplyAndTheSchedule) {
  std::string ref = Create();
  std::int64_t doc = Upload(ref);
  auto proposed = PostJson("/api/cases/" + ref + "/redactions/propose", json::object());
  ASSERT_TRUE(proposed);
  ASSERT_EQ(proposed->status, 200) << proposed->body;
  EXPECT_GT(Body(proposed)["added"].get<int>(), 0);
  json list = Redactions(ref, "?status=proposed&party=third_party");
  ASSERT_GT(list["count"].get<int>(), 0) << list.dump();
  std::int64_t mum = 0;
  for (const auto& r : list["redactions"])
    if (r["text"] == "Dorota Doe") mum = r["id"];
  ASSERT_NE(mum, 0) << list.dump(1);
  ExpectError(PostJson("/api/cases/" + ref + "/redactions/" + std::to_string(mum) + "/decide", {{"decision", "accept"}, {"exemption", "nope"}}),
              400, "invalid_argument", {"exemption catalogue"});
  auto decided = PostJson("/api/cases/" + ref + "/redactions/" + std::to_string(mum) + "/decide", {{"decision", "accept"}});
  ASSERT_TRUE(decided);
  ASSERT_EQ(decided->status, 200) << decided->body;
  EXPECT_EQ(Body(decided)["status"], "accepted");
  auto rule = PostJson("/api/cases/" + ref + "/redactions/rules", {{"text", "Liam Hughes"}, {"action", "keep"}});
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->status, 201) << rule->body;
  EXPECT_EQ(GetJson("/api/cases/" + ref + "/redactions/rules")["rules"].size(), 1u);
  auto page = PostJson("/api/cases/" + ref + "/redactions/add", {{"document_id", doc}, {"page", 2}, {"exemption", "third_party"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 201) << page->body;
  EXPECT_EQ(Body(page)["scope"], "page");
  // Everything else is disclosed.
  const json undecided = Redactions(ref, "?status=proposed");
  for (const auto& r : undecided["redactions"])
    ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/" + std::to_string(r["id"].get<std::int64_t>()) + "/decide",
                       {{"decision", "reject"}})->status, 200);

  auto applied = PostJson("/api/cases/" + ref + "/redactions/apply", json::object());
  ASSERT_TRUE(applied);
  ASSERT_EQ(applied->status, 200) << applied->body;
  EXPECT_EQ(Body(applied)["redacted"], 1);
  EXPECT_EQ(GetJson("/api/cases/" + ref + "/redactions/documents")["documents"][0]["state"], "redacted");
  auto pdf = client_->Get(("/api/cases/" + ref + "/redactions/documents/" + std::to_string(doc) + ".pdf").c_str());
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  auto opened = pdf::PdfDocument::OpenMemory(pdf->body);
  ASSERT_TRUE(opened.ok());
  auto text = (*opened)->ExtractText(0);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->text.find("Dorota"), std::string::npos) << text->text;
  EXPECT_NE(text->text.find("Liam Hughes"), std::string::npos) << text->text;

  json schedule = GetJson("/api/cases/" + ref + "/redactions/schedule");
  EXPECT_EQ(schedule["count"], 2);
  EXPECT_EQ(schedule["rows"][0]["exemption_label"], "Third party information");
  auto csv = client_->Get(("/api/cases/" + ref + "/redactions/schedule?format=csv").c_str());
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_NE(csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv->body.rfind("redaction_id,", 0), 0u) << csv->body;
  ExpectError(client_->Get(("/api/cases/" + ref + "/redactions/schedule?format=xml").c_str()), 400, "invalid_argument");
}

TEST_F(RedactionApiTest, TheRedactingOfficerCannotQaTheirOwnWork) {
  std::string ref = Create();
  std::int64_t doc = Upload(ref);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/add", {{"document_id", doc}, {"page", 1}, {"exemption", "third_party"}})->status, 201);
  ExpectError(PostJson("/api/cases/" + ref + "/qa/sample", json::object(), "ava"), 403, "permission_denied",
              {"cannot QA their own work"});
  auto sample = PostJson("/api/cases/" + ref + "/qa/sample", json::object(), "cara");
  ASSERT_TRUE(sample);
  ASSERT_EQ(sample->status, 201) << sample->body;
  EXPECT_EQ(Body(sample)["reviewer"], "cara");
  ExpectError(PostJson("/api/cases/" + ref + "/qa/sample", json::object(), "ben"), 409, "conflict");
  ExpectError(PostJson("/api/cases/" + ref + "/qa/pass", json::object(), "cara"), 422, "not_allowed", {"apply"});
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/apply", json::object(), "cara")->status, 200);
  auto page = PostJson("/api/cases/" + ref + "/qa/pages", {{"document_id", doc}, {"page", 2}}, "cara");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200) << page->body;
  ExpectError(PostJson("/api/cases/" + ref + "/qa/send-back", json::object(), "cara"), 400, "invalid_argument", {"reason"});
  auto back = PostJson("/api/cases/" + ref + "/qa/send-back", {{"reason", "page 2 names the partner"}}, "cara");
  ASSERT_TRUE(back);
  ASSERT_EQ(back->status, 200) << back->body;
  EXPECT_EQ(Body(back)["status"], "sent_back");
  json reviews = GetJson("/api/cases/" + ref + "/qa");
  EXPECT_TRUE(reviews["open"].is_null());
  EXPECT_EQ(reviews["reviews"].size(), 1u);
}

TEST_F(OpenApiTest, EveryKeyOfARedactionReviewAndScheduleIsDescribed) {
  std::string ref = Create();
  std::string pdf_path = (dir_ / "note.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(pdf_path, {"Jane lives with her mother Dorota Doe."}).ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto up = client_->Post(("/api/cases/" + ref + "/documents").c_str(), As("ava"),
                          httplib::MultipartFormDataItems{{"file", bytes, "note.pdf", "application/pdf"}});
  ASSERT_TRUE(up);
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  std::int64_t doc = json::parse(up->body)["uploads"][0]["document_id"];
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  auto expect_keys = [&](const json& object, const std::string& schema, const std::string& indent) {
    std::string block = YamlBlock(schemas, schema, 4);
    ASSERT_NE(block, "") << schema;
    for (const auto& [key, value] : object.items())
      EXPECT_NE(block.find("\n" + indent + key + ":"), std::string::npos) << schema << " key " << key;
  };
  json proposed = Body(PostJson("/api/cases/" + ref + "/redactions/propose", json::object()));
  expect_keys(proposed, "ProposeResult", "        ");
  json added = Body(PostJson("/api/cases/" + ref + "/redactions/add", {{"document_id", doc}, {"page", 1}, {"exemption", "third_party"}}));
  expect_keys(added, "Redaction", "        ");
  json list = GetJson("/api/cases/" + ref + "/redactions");
  expect_keys(list, "RedactionList", "        ");
  json rule = Body(PostJson("/api/cases/" + ref + "/redactions/rules", {{"text", "Dorota Doe"}, {"action", "redact"}}));
  expect_keys(rule, "RuleResult", "        ");
  expect_keys(rule["rule"], "RedactionRule", "        ");
  const json undecided = GetJson("/api/cases/" + ref + "/redactions?status=proposed");
  for (const auto& r : undecided["redactions"])
    ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/" + std::to_string(r["id"].get<std::int64_t>()) + "/decide",
                       {{"decision", "reject"}})->status, 200);
  json applied = Body(PostJson("/api/cases/" + ref + "/redactions/apply", json::object()));
  expect_keys(applied, "ApplyResult", "        ");
  ASSERT_FALSE(applied["documents"].empty()) << applied.dump();
  expect_keys(applied["documents"][0], "ApplyResult", "              ");
  json docs = GetJson("/api/cases/" + ref + "/redactions/documents");
  expect_keys(docs, "RedactedDocumentList", "        ");
  expect_keys(docs["documents"][0], "RedactedDocumentList", "              ");
  json schedule = GetJson("/api/cases/" + ref + "/redactions/schedule");
  expect_keys(schedule, "RedactionSchedule", "        ");
  ASSERT_FALSE(schedule["rows"].empty());
  expect_keys(schedule["rows"][0], "RedactionSchedule", "              ");
  json review = Body(PostJson("/api/cases/" + ref + "/qa/sample", json::object(), "cara"));
  expect_keys(review, "QaReview", "        ");
  expect_keys(review["pages"][0], "QaReview", "              ");
  expect_keys(GetJson("/api/cases/" + ref + "/qa"), "QaReviewList", "        ");
  json passed = Body(PostJson("/api/cases/" + ref + "/qa/pass", json::object(), "cara"));
  expect_keys(passed, "QaReview", "        ");
  auto pdf = client_->Get(("/api/cases/" + ref + "/redactions/schedule?format=pdf").c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->status, 200);
  EXPECT_NE(YamlBlock(yaml_, "/api/cases/{reference}/redactions/schedule", 2).find("application/pdf"), std::string::npos);
}

TEST_F(OpenApiTest, EveryKeyOfConsentConcernSafeguardingAndExemptionsIsDescribed) {
  std::string ref = Create();
  std::string schemas = YamlBlock(yaml_, "schemas", 2);
  auto expect_keys = [&](const json& object, const std::string& schema, const std::string& indent) {
    std::string block = YamlBlock(schemas, schema, 4);
    ASSERT_NE(block, "") << schema;
    for (const auto& [key, value] : object.items())
      EXPECT_NE(block.find("\n" + indent + key + ":"), std::string::npos) << schema << " key " << key;
  };
  json consent = Body(PostJson("/api/cases/" + ref + "/consents",
                               {{"name", "Dorota Doe"}, {"decision", "reasonable"}, {"reason", "Already known to the requester"}}));
  expect_keys(consent, "Consent", "        ");
  expect_keys(consent["changes"], "DecisionChanges", "        ");
  expect_keys(consent["changes"]["rule"], "DecisionChanges", "            ");
  expect_keys(GetJson("/api/cases/" + ref + "/consents"), "ConsentList", "        ");
  json concern = Body(PostJson("/api/cases/" + ref + "/staff-concerns",
                               {{"name", "Iris Davies"}, {"kind", "threats"}, {"reason", "Threats on file"}}));
  expect_keys(concern, "StaffConcern", "        ");
  expect_keys(concern["changes"], "DecisionChanges", "        ");
  expect_keys(GetJson("/api/cases/" + ref + "/staff-concerns"), "StaffConcernList", "        ");
  json withdrawn = Body(PostJson("/api/cases/" + ref + "/staff-concerns/" + std::to_string(concern["id"].get<std::int64_t>()) + "/withdraw",
                                 json::object()));
  expect_keys(withdrawn["changes"], "DecisionChanges", "        ");
  // A flagged document, so that the lists have items.
  std::string pdf_path = (dir_ / "note.pdf").string();
  ASSERT_TRUE(pdf::WriteTextPdf(pdf_path, {"Jane said she took an overdose."}).ok());
  std::ifstream in(pdf_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(client_->Post(("/api/cases/" + ref + "/documents").c_str(), As("ava"),
                            httplib::MultipartFormDataItems{{"file", bytes, "note.pdf", "application/pdf"}}));
  ASSERT_TRUE(ingest_->ProcessAll().ok());
  json unread = GetJson("/api/cases/" + ref + "/safeguarding");
  ASSERT_FALSE(unread["unchecked_documents"].empty());
  expect_keys(unread["unchecked_documents"][0], "Safeguarding", "              ");
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/propose", json::object())->status, 200);
  json meeting = Body(PostJson("/api/cases/" + ref + "/safeguarding/meetings",
                               {{"held_on", "2025-09-09"}, {"attendees", {"Cara"}}, {"outcome", "release"}}, "cara"));
  expect_keys(meeting, "SafeguardingMeeting", "        ");
  json shown = GetJson("/api/cases/" + ref + "/safeguarding");
  expect_keys(shown, "Safeguarding", "        ");
  ASSERT_FALSE(shown["flags"].empty());
  expect_keys(shown["flags"][0], "Safeguarding", "              ");
  json catalogue = GetJson("/api/exemptions");
  expect_keys(catalogue, "ExemptionCatalogue", "        ");
  expect_keys(catalogue["exemptions"][0], "Exemption", "        ");
}

TEST_F(RedactionApiTest, ReleaseIsGatedOnSafeguardingAndQa) {
  std::string ref = Create();
  // Along the workflow to QA (identity seen, an officer assigned).
  for (const json& e : {json{{"purpose", "photo_id"}, {"type", "passport"}},
                        json{{"purpose", "proof_of_address"}, {"type", "utility_bill"}, {"document_date", "2025-08-20"}}})
    ASSERT_EQ(PostJson("/api/cases/" + ref + "/evidence", e)->status, 200);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/assign", {{"officer", "ava"}})->status, 200);
  for (const char* to : {"validated", "searching", "collating", "redacting"})
    ASSERT_EQ(PostJson("/api/cases/" + ref + "/transition", {{"to", to}})->status, 200) << to;
  std::int64_t doc = Upload(ref);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/transition", {{"to", "qa"}})->status, 200);
  ExpectError(PostJson("/api/cases/" + ref + "/transition", {{"to", "ready_for_release"}}), 422, "not_allowed",
              {"cannot release yet", "detection has not read document"});
  json view = GetJson("/api/cases/" + ref);
  ASSERT_FALSE(view["release_blockers"].empty()) << view.dump();
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/propose", json::object())->status, 200);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/consents",
                     {{"name", "Dorota Doe"}, {"decision", "refused"}, {"reason", "Refused by letter"}})->status, 201);
  const json undecided = Redactions(ref, "?status=proposed");
  for (const auto& r : undecided["redactions"])
    ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/" + std::to_string(r["id"].get<std::int64_t>()) + "/decide",
                       {{"decision", "reject"}})->status, 200);
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/redactions/apply", json::object())->status, 200);
  ExpectError(PostJson("/api/cases/" + ref + "/transition", {{"to", "ready_for_release"}}), 422, "not_allowed",
              {"QA has not passed"});
  ASSERT_EQ(PostJson("/api/cases/" + ref + "/qa/sample", json::object(), "cara")->status, 201);
  json passed = Body(PostJson("/api/cases/" + ref + "/qa/pass", json::object(), "cara"));
  EXPECT_EQ(passed["case_status"], "ready_for_release") << passed.dump();
  json schedule = GetJson("/api/cases/" + ref + "/redactions/schedule");
  EXPECT_GE(schedule["count"].get<int>(), 1);
  for (const auto& row : schedule["rows"]) EXPECT_EQ(row["document_id"], doc);
  auto released = PostJson("/api/cases/" + ref + "/release", {{"outcome", "disclosed_in_part"}});
  ASSERT_TRUE(released);
  EXPECT_EQ(released->status, 200) << released->body;
}

TEST_F(HttpApiTest, TheExemptionCatalogueIsEditable) {
  auto added = PostJson("/api/exemptions", {{"code", "health_data"}, {"name", "Health data"}, {"label", "Withheld: health"},
                                            {"short_label", "HD"}, {"basis", "DPA 2018 Schedule 3"}}, "cara");
  ASSERT_TRUE(added);
  ASSERT_EQ(added->status, 200) << added->body;
  bool found = false;
  const json catalogue = GetJson("/api/exemptions");
  for (const auto& e : catalogue["exemptions"]) found = found || e["code"] == "health_data";
  EXPECT_TRUE(found);
  ExpectError(PostJson("/api/exemptions", {{"code", "third_party"}, {"short_label", "TOOLONG"}}, "cara"), 400,
              "invalid_argument", {"short_label"});
  ExpectError(PostJson("/api/exemptions/third_party/remove", json::object(), "cara"), 400, "invalid_argument",
              {"must stay in the catalogue"});
  auto removed = PostJson("/api/exemptions/health_data/remove", json::object(), "cara");
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 200) << removed->body;
  ExpectError(PostJson("/api/exemptions/health_data/remove", json::object(), "cara"), 404, "not_found");
}

}  // namespace
}  // namespace sardesk::api
