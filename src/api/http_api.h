// The JSON HTTP API (docs/openapi.yaml): translates requests into service
// calls and Status codes into HTTP statuses, in one place. Adapter over
// cpp-httplib; its headers stay in http_api.cc.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "service/account_service.h"
#include "service/oidc_service.h"
#include "service/admin_service.h"
#include "service/bundle_service.h"
#include "service/release_service.h"
#include "service/portal_service.h"
#include "service/case_service.h"
#include "service/disclosure_decisions.h"
#include "service/letter_service.h"
#include "service/ingest_service.h"
#include "service/qa_service.h"
#include "service/redaction_service.h"
#include "service/register_service.h"
#include "service/safeguarding_service.h"
#include "service/search_service.h"
#include "service/work_list_service.h"

namespace sardesk::api {

// The HTTP status for an error code (the one mapping in the project).
int HttpStatusFor(ErrorCode code);

class HttpApi {
 public:
  // The services must outlive the server.
  HttpApi(service::CaseService* cases, service::SearchService* searches, service::AdminService* admin);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Adds the document routes (upload, list, pages); must outlive the server.
  void SetIngest(service::IngestService* ingest);
  // Adds the redaction and QA routes (issue 5); both must outlive the server.
  void SetRedaction(service::RedactionService* redactions, service::QaService* qa);
  // Adds the consent, staff concern and safeguarding routes (issue 5); both
  // must outlive the server.
  void SetSafeguarding(service::DisclosureDecisionService* decisions, service::SafeguardingService* safeguarding);
  // Turns on the letter routes (issue 6, api/letter_routes.h); must outlive the server.
  void SetLetters(service::LetterService* letters);
  // Turns on the bundle and release routes (issue 6, api/bundle_routes.h);
  // both must outlive the server.
  void SetBundles(service::BundleService* bundles, service::ReleaseService* releases);
  // Turns on the requester portal (docs/portal.md, api/portal_routes.h);
  // must outlive the server.
  void SetPortal(service::PortalService* portal);
  // The register and its reports (issue 7).
  void SetRegister(service::RegisterService* registers);
  // "Waiting on you" (issue 7): GET /api/my/work.
  void SetWorkList(service::WorkListService* work);

  // Serves the web application's files from `dir` at every path outside
  // /api (docs/web.md); without it, / is a short start page.
  void SetWebRoot(const std::string& dir);

  // Turns on sign-in (issue 8): every route but the public ones needs a
  // session, and the access policy decides who may call what. Until this
  // is called only the public routes answer. `accounts` must outlive the
  // server; `secure_cookies` when clients reach it over TLS.
  void SetAccounts(service::AccountService* accounts, bool secure_cookies);
  // Sign-in with the council's identity provider (docs/accounts.md).
  void SetOidc(service::OidcService* oidc);

  // Binds host:port (port 0 picks a free one); returns the bound port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); call after Bind.
  void Serve();
  void Stop();

 private:
  struct Members;
  std::unique_ptr<Members> m_;
};

}  // namespace sardesk::api
