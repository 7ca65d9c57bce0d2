// The letter routes over real HTTP, on a server with only these routes (the
// sign-in gate and the access policy are tested in their own files), plus
// the check that docs/openapi.yaml describes them.
#include "api/letter_routes.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "common/clock_source.h"
#include "common/sha256.h"
#include "pdf/pdf_document.h"
#include "service/admin_service.h"
#include "store/sqlite_store.h"

namespace sardesk::api {

extern const char* const kOpenApiYaml;

namespace {

using nlohmann::json;

class LetterRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sardesk-letter-api-XXXXXX").string();
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
    ASSERT_TRUE(admin_->PutUser({{"username", "ava"}, {"display_name", "Ava Patel"}, {"role", "ig_officer"}}, "setup").ok());
    blobs_ = store::MakeFileBlobStore((dir_ / "blobs").string());
    letters_ = std::make_unique<service::LetterService>(&ctx_, cases_.get(), blobs_.get());
    RegisterLetterRoutes(server_, [this]() { return letters_.get(); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(server_.is_running());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    // A Word download runs LibreOffice: over 4 s under ASan, past the client's
    // default 5 s read timeout when CI runs tests side by side.
    client_->set_read_timeout(60, 0);
    auto created = cases_->Create({{"received", "2025-09-10"},
                                   {"channel", "email"},
                                   {"identity_required", false},
                                   {"identity_waiver_reason", "known to the service and verified in person"},
                                   {"subject", {{"name", "Jane Doe"}, {"dob", "1980-05-04"}}},
                                   {"requester", {{"address", "1 High Street\nAnytown AB1 2CD"}}},
                                   {"scope", {{"information_requested", "Everything"}}}},
                                  "ava");
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ref_ = created->record.reference;
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
    client_.reset();
    letters_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  httplib::Result Post(const std::string& path, const json& body) {
    return client_->Post(path.c_str(), {{"X-Sardesk-User", "ava"}}, body.dump(), "application/json");
  }
  json Json(const httplib::Result& r) { return json::parse(r->body); }

  FixedTime time_{Date::FromYmd(2025, 9, 10)};
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  service::ServiceContext ctx_;
  std::unique_ptr<service::CaseService> cases_;
  std::unique_ptr<service::AdminService> admin_;
  std::unique_ptr<store::BlobStore> blobs_;
  std::unique_ptr<service::LetterService> letters_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
  std::string ref_;
};

TEST_F(LetterRoutesTest, PreviewSendListShowAndDownload) {
  auto preview = Post("/api/cases/" + ref_ + "/letters/preview", {{"kind", "acknowledgement"}});
  ASSERT_TRUE(preview);
  ASSERT_EQ(preview->status, 200) << preview->body;
  EXPECT_NE(Json(preview)["body"].get<std::string>().find("We will reply by 10 October 2025."), std::string::npos);
  EXPECT_EQ(Json(client_->Get(("/api/cases/" + ref_ + "/letters").c_str()))["count"], 0);

  auto sent = Post("/api/cases/" + ref_ + "/letters", {{"kind", "acknowledgement"}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 201) << sent->body;
  json letter = Json(sent);
  EXPECT_EQ(letter["sent_by"], "ava");
  EXPECT_NE(letter["text"].get<std::string>().find("1 High Street"), std::string::npos);

  json list = Json(client_->Get(("/api/cases/" + ref_ + "/letters").c_str()));
  ASSERT_EQ(list["count"], 1);
  EXPECT_EQ(list["letters"][0]["id"], letter["id"]);
  EXPECT_FALSE(list["letters"][0].contains("text"));

  std::string id = std::to_string(letter["id"].get<std::int64_t>());
  json shown = Json(client_->Get(("/api/cases/" + ref_ + "/letters/" + id).c_str()));
  EXPECT_EQ(shown["text"], letter["text"]);

  auto pdf = client_->Get(("/api/cases/" + ref_ + "/letters/" + id + ".pdf").c_str());
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(Sha256Hex(pdf->body), letter["pdf_sha256"]);
  auto doc = pdf::PdfDocument::OpenMemory(pdf->body);
  ASSERT_TRUE(doc.ok());
  EXPECT_NE((*doc)->ExtractText(0)->text.find("Dear Jane Doe"), std::string::npos);
}

TEST_F(LetterRoutesTest, ASentLetterDownloadsAsAWordDocument) {
  auto sent = Post("/api/cases/" + ref_ + "/letters", {{"kind", "acknowledgement"}});
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 201) << sent->body;
  std::string id = std::to_string(Json(sent)["id"].get<std::int64_t>());
  EXPECT_EQ(client_->Get(("/api/cases/" + ref_ + "/letters/" + id + "?format=rtf").c_str())->status, 400);
  auto anonymous = client_->Get(("/api/cases/" + ref_ + "/letters/" + id + "?format=docx").c_str());
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 400);  // a download names who takes it
  auto docx = client_->Get(("/api/cases/" + ref_ + "/letters/" + id + "?format=docx").c_str(), {{"X-Sardesk-User", "ava"}});
  ASSERT_TRUE(docx);
  ASSERT_EQ(docx->status, 200) << docx->body;
  // Audited as a download, with the letter's id (the path does not show it is a file).
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
  EXPECT_EQ(json::parse(entries[0].after)["letter_id"], std::stoll(id));
  EXPECT_EQ(json::parse(entries[0].after)["format"], "docx");
  EXPECT_EQ(docx->get_header_value("Content-Type"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_NE(docx->get_header_value("Content-Disposition").find(".docx"), std::string::npos);
  EXPECT_EQ(docx->body.substr(0, 2), "PK");  // a zip (its contents are tested with the letter service)
}

TEST_F(LetterRoutesTest, ErrorsMapToStatuses) {
  auto no_actor = client_->Post(("/api/cases/" + ref_ + "/letters").c_str(), R"({"kind":"acknowledgement"})", "application/json");
  ASSERT_TRUE(no_actor);
  EXPECT_EQ(no_actor->status, 400);
  auto bad_kind = Post("/api/cases/" + ref_ + "/letters", {{"kind", "poem"}});
  EXPECT_EQ(bad_kind->status, 400);
  auto late = Post("/api/cases/" + ref_ + "/letters", {{"kind", "complaint_ack"}});
  EXPECT_EQ(late->status, 422);
  EXPECT_NE(Json(late)["error"]["message"].get<std::string>().find("record the complaint"), std::string::npos);
  EXPECT_EQ(client_->Get(("/api/cases/" + ref_ + "/letters/99.pdf").c_str())->status, 404);
  EXPECT_EQ(client_->Get("/api/cases/SAR-2099-000001/letters")->status, 404);
}

TEST_F(LetterRoutesTest, ExtensionAndRefusalLettersNeedAManagerWhenSignedIn) {
  const std::string path = "/api/cases/" + ref_ + "/letters";
  json body = {{"kind", "extension"}, {"months", 1}, {"reasons", "Records from three services."}};
  auto officer = client_->Post(path.c_str(), {{"X-Sardesk-User", "ava"}, {"X-Sardesk-Role", "ig_officer"}}, body.dump(),
                               "application/json");
  ASSERT_TRUE(officer);
  EXPECT_EQ(officer->status, 403) << officer->body;
  EXPECT_FALSE(cases_->Get(ref_, false)->record.extension);
  auto ack = client_->Post(path.c_str(), {{"X-Sardesk-User", "ava"}, {"X-Sardesk-Role", "ig_officer"}},
                           R"({"kind":"acknowledgement"})", "application/json");
  EXPECT_EQ(ack->status, 201) << ack->body;
  auto manager = client_->Post(path.c_str(), {{"X-Sardesk-User", "ava"}, {"X-Sardesk-Role", "ig_manager"}}, body.dump(),
                               "application/json");
  EXPECT_EQ(manager->status, 201) << manager->body;
  EXPECT_TRUE(cases_->Get(ref_, false)->record.extension);
}

TEST_F(LetterRoutesTest, TemplatesAreListedSetAndReset) {
  json all = Json(client_->Get("/api/letter-templates"));
  EXPECT_EQ(all["templates"].size(), letters::LetterKinds().size());
  EXPECT_FALSE(all["fields"].empty());

  auto bad = Post("/api/letter-templates", {{"kind", "acknowledgement"}, {"subject", "Hi"}, {"body", "{{nope}}"}});
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("{{nope}}"), std::string::npos);

  auto set = Post("/api/letter-templates", {{"kind", "acknowledgement"}, {"subject", "Hi {{reference}}"}, {"body", "Due {{due_date}}."}});
  ASSERT_EQ(set->status, 200) << set->body;
  auto preview = Post("/api/cases/" + ref_ + "/letters/preview", {{"kind", "acknowledgement"}});
  EXPECT_EQ(Json(preview)["body"], "Due 10 October 2025.");

  auto head = Post("/api/letter-templates", {{"letterhead", {{"phone", "01234 567890"}}}});
  ASSERT_EQ(head->status, 200) << head->body;
  EXPECT_EQ(Json(head)["letterhead"]["phone"], "01234 567890");

  auto reset = Post("/api/letter-templates", {{"kind", "acknowledgement"}, {"reset", true}});
  ASSERT_EQ(reset->status, 200) << reset->body;
  json after_reset = Json(reset);
  for (const auto& t : after_reset["templates"])
    if (t["kind"] == "acknowledgement") {
      EXPECT_FALSE(t["edited"].get<bool>());
    }
}

// The text of a YAML block: from `key:` at `indent` spaces to the next line
// at the same or a smaller indent.
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
    if (lead != std::string::npos && lead <= indent) break;
    pos = eol + 1;
  }
  return yaml.substr(start, pos - start);
}

TEST_F(LetterRoutesTest, OpenApiDescribesEveryLetterRouteAndKey) {
  const std::string yaml = std::string("\n") + kOpenApiYaml;
  const std::vector<std::pair<std::string, std::vector<std::string>>> routes = {
      {"/api/letter-templates", {"get", "post"}},
      {"/api/cases/{reference}/letters", {"get", "post"}},
      {"/api/cases/{reference}/letters/preview", {"post"}},
      {"/api/cases/{reference}/letters/{id}", {"get"}},
      {"/api/cases/{reference}/letters/{id}.pdf", {"get"}},
  };
  for (const auto& [path, methods] : routes) {
    std::string block = YamlBlock(yaml, path, 2);
    ASSERT_NE(block, "") << path << " is not in docs/openapi.yaml";
    for (const auto& m : methods) EXPECT_NE(block.find("\n    " + m + ":"), std::string::npos) << m << " " << path;
  }
  std::string schemas = YamlBlock(yaml, "schemas", 2);
  auto sent = Post("/api/cases/" + ref_ + "/letters", {{"kind", "acknowledgement"}});
  ASSERT_EQ(sent->status, 201);
  std::string letter_schema = YamlBlock(schemas, "Letter", 4);
  ASSERT_NE(letter_schema, "");
  json sent_json = Json(sent);
  for (const auto& [key, value] : sent_json.items())
    EXPECT_NE(letter_schema.find("\n        " + key + ":"), std::string::npos) << "Letter key " << key;
  std::string preview_schema = YamlBlock(schemas, "LetterPreview", 4);
  ASSERT_NE(preview_schema, "");
  json preview = Json(Post("/api/cases/" + ref_ + "/letters/preview", {{"kind", "acknowledgement"}}));
  for (const auto& [key, value] : preview.items())
    EXPECT_NE(preview_schema.find("\n        " + key + ":"), std::string::npos) << "LetterPreview key " << key;
  std::string settings_schema = YamlBlock(schemas, "LetterTemplates", 4);
  ASSERT_NE(settings_schema, "");
  json all = Json(client_->Get("/api/letter-templates"));
  for (const auto& [key, value] : all.items())
    EXPECT_NE(settings_schema.find("\n        " + key + ":"), std::string::npos) << "LetterTemplates key " << key;
  for (const auto& [key, value] : all["templates"][0].items())
    EXPECT_NE(settings_schema.find("\n              " + key + ":"), std::string::npos) << "template key " << key;
  std::string request_schema = YamlBlock(schemas, "LetterRequest", 4);
  ASSERT_NE(request_schema, "");
  for (const char* key : {"kind", "route", "question", "months", "reasons", "ground", "fee_offered", "documents_needed",
                          "searches", "details", "complaint", "outcome"})
    EXPECT_NE(request_schema.find(std::string("\n        ") + key + ":"), std::string::npos) << "LetterRequest key " << key;
}

}  // namespace
}  // namespace sardesk::api
