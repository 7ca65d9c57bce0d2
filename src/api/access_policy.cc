#include "api/access_policy.h"

#include <algorithm>
#include <regex>

namespace sardesk::api {
namespace {

// Shorthands for the table.
constexpr std::uint32_t O = kIgOfficer, M = kIgManager, Q = kQaReviewer, C = kServiceAreaContact,
                        A = kSocialWorkerAdviser, D = kDpo, X = kAdministrator;
// Caseworkers change cases; case readers see them (an adviser only when shared).
constexpr std::uint32_t kCaseworkers = O | M;
constexpr std::uint32_t kCaseReaders = O | M | Q | A | D;

const std::string kRef = R"(([A-Za-z0-9-]{1,40}))";
const std::string kCase = "/api/cases/" + kRef;
const std::string kExampleCase = "/api/cases/SAR-2025-000001";

std::vector<RoutePolicy> Build() {
  std::vector<RoutePolicy> t;
  auto add = [&t](std::string method, std::string pattern, std::uint32_t roles, Scope scope, std::string example) {
    t.push_back({std::move(method), std::move(pattern), roles, scope, std::move(example), AuditAs::kView});
  };
  // How the route added last is audited, when it is not a view.
  auto audited_as = [&t](AuditAs audit) { t.back().audit = audit; };
  // Public: the service is up, its description, and signing in.
  add("GET", "/", 0, Scope::kPublic, "/");
  // The web application's files (no data in them; the data needs sign-in).
  add("GET", R"(/(?!api(?:/|$)).*)", 0, Scope::kPublic, "/app.js");
  add("GET", "/api/health", 0, Scope::kPublic, "/api/health");
  add("GET", "/api/openapi.yaml", 0, Scope::kPublic, "/api/openapi.yaml");
  add("POST", "/api/session", 0, Scope::kPublic, "/api/session");
  // Sign-in with the council's identity provider (docs/accounts.md).
  add("GET", "/api/session/methods", 0, Scope::kPublic, "/api/session/methods");
  add("GET", "/api/session/oidc/start", 0, Scope::kPublic, "/api/session/oidc/start");
  add("GET", "/api/session/oidc/callback", 0, Scope::kPublic, "/api/session/oidc/callback");
  // The requester portal's sign-in: a code by email, then the code.
  add("POST", "/api/portal/session/code", 0, Scope::kPublic, "/api/portal/session/code");
  add("POST", "/api/portal/session", 0, Scope::kPublic, "/api/portal/session");
  // The requester portal, for portal sessions only (roles 0: no staff role).
  const std::string portal_case = R"(/api/portal/requests/([A-Za-z0-9-]{1,40}))";
  const std::string example_portal_case = "/api/portal/requests/SAR-2025-000001";
  add("GET", "/api/portal/session", 0, Scope::kPortal, "/api/portal/session");
  add("DELETE", "/api/portal/session", 0, Scope::kPortal, "/api/portal/session");
  add("GET", "/api/portal/requests", 0, Scope::kPortal, "/api/portal/requests");
  add("POST", "/api/portal/requests", 0, Scope::kPortal, "/api/portal/requests");
  add("GET", R"(/api/portal/download/([A-Za-z0-9_-]{1,100}))", 0, Scope::kPortal, "/api/portal/download/1");
  add("GET", portal_case, 0, Scope::kPortalCase, example_portal_case);
  add("POST", portal_case + R"(/clarifications/(\d{1,15})/answer)", 0, Scope::kPortalCase,
      example_portal_case + "/clarifications/1/answer");
  add("POST", portal_case + "/documents", 0, Scope::kPortalCase, example_portal_case + "/documents");
  add("POST", portal_case + R"(/releases/(\d{1,15})/code)", 0, Scope::kPortalCase,
      example_portal_case + "/releases/1/code");
  add("POST", portal_case + R"(/releases/(\d{1,15})/link)", 0, Scope::kPortalCase,
      example_portal_case + "/releases/1/link");
  // The session itself.
  add("GET", "/api/session", kAllRoles, Scope::kSignedIn, "/api/session");
  add("DELETE", "/api/session", kAllRoles, Scope::kSignedIn, "/api/session");
  add("POST", "/api/session/sign-out-everywhere", kAllRoles, Scope::kSignedIn, "/api/session/sign-out-everywhere");
  // Reference data every screen needs.
  add("GET", "/api/reference", kAllRoles, Scope::kSignedIn, "/api/reference");
  add("GET", "/api/deadline", kAllRoles, Scope::kSignedIn, "/api/deadline?received=2025-09-01");
  add("GET", "/api/holidays", kAllRoles, Scope::kSignedIn, "/api/holidays");
  add("GET", "/api/service-areas", kAllRoles, Scope::kSignedIn, "/api/service-areas");
  add("GET", "/api/exemptions", kAllRoles, Scope::kSignedIn, "/api/exemptions");
  add("GET", "/api/settings", kAllRoles, Scope::kSignedIn, "/api/settings");
  // What a contact or an adviser sees of the register: their own work.
  add("GET", "/api/my/search-tasks", C, Scope::kGlobal, "/api/my/search-tasks");
  add("GET", "/api/my/cases", A, Scope::kGlobal, "/api/my/cases");
  // "Waiting on you" (issue 7): the service leaves out conflicted requests.
  add("GET", "/api/my/work", O | M | Q | D, Scope::kGlobal, "/api/my/work");
  // The register (an adviser or a contact lists only their own, above).
  add("GET", "/api/cases", O | M | Q | D, Scope::kGlobal, "/api/cases");
  add("GET", "/api/register", O | M | Q | D, Scope::kGlobal, "/api/register");
  add("GET", R"(/api/register\.csv)", O | M | Q | D, Scope::kGlobal, "/api/register.csv");
  add("GET", "/api/reports", O | M | Q | D, Scope::kGlobal, "/api/reports");
  add("POST", "/api/cases", kCaseworkers, Scope::kGlobal, "/api/cases");
  add("GET", kCase, kCaseReaders, Scope::kCase, kExampleCase);
  add("PATCH", kCase, kCaseworkers, Scope::kCase, kExampleCase);
  add("GET", kCase + "/audit", O | M | Q | D, Scope::kCase, kExampleCase + "/audit");
  add("GET", kCase + "/messages", kCaseworkers | D, Scope::kCase, kExampleCase + "/messages");
  add("GET", kCase + "/shares", kCaseworkers | D, Scope::kCase, kExampleCase + "/shares");
  add("POST", kCase + "/shares", kCaseworkers, Scope::kCase, kExampleCase + "/shares");
  add("POST", kCase + R"(/shares/([A-Za-z0-9._@-]{1,64})/remove)", kCaseworkers, Scope::kCase,
      kExampleCase + "/shares/sam.adviser/remove");
  // Documents: a contact uploads into a case that sent their area a search.
  add("GET", kCase + "/documents", kCaseReaders, Scope::kCase, kExampleCase + "/documents");
  add("POST", kCase + "/documents", kCaseworkers | C, Scope::kCase, kExampleCase + "/documents");
  add("POST", kCase + "/documents/(exclude|include)", kCaseworkers, Scope::kCase, kExampleCase + "/documents/exclude");
  add("POST", kCase + "/pages/(exclude|include)", kCaseworkers, Scope::kCase, kExampleCase + "/pages/include");
  add("GET", R"(/api/documents/(\d{1,15})/pages/(\d{1,6}))", kCaseReaders, Scope::kDocument, "/api/documents/1/pages/1");
  add("GET", R"(/api/documents/(\d{1,15})/pages/(\d{1,6})\.png)", kCaseReaders, Scope::kDocument,
      "/api/documents/1/pages/1.png");
  audited_as(AuditAs::kDownload);
  // Redaction: caseworkers decide; readers see.
  add("GET", kCase + "/redactions", kCaseReaders, Scope::kCase, kExampleCase + "/redactions");
  add("POST", kCase + "/redactions/propose", kCaseworkers, Scope::kCase, kExampleCase + "/redactions/propose");
  add("GET", kCase + "/redactions/progress", kCaseReaders, Scope::kCase, kExampleCase + "/redactions/progress");
  add("POST", kCase + "/redactions/add", kCaseworkers, Scope::kCase, kExampleCase + "/redactions/add");
  // A social worker adviser suggests; an officer decides (seed 001 stage 4).
  add("POST", kCase + "/redactions/suggest", kCaseworkers | A, Scope::kCase, kExampleCase + "/redactions/suggest");
  add("POST", kCase + R"(/redactions/(\d{1,15})/decide)", kCaseworkers, Scope::kCase,
      kExampleCase + "/redactions/1/decide");
  add("GET", kCase + "/redactions/rules", kCaseReaders, Scope::kCase, kExampleCase + "/redactions/rules");
  add("POST", kCase + "/redactions/rules", kCaseworkers, Scope::kCase, kExampleCase + "/redactions/rules");
  add("POST", kCase + "/redactions/apply", kCaseworkers, Scope::kCase, kExampleCase + "/redactions/apply");
  add("GET", kCase + "/redactions/documents", kCaseReaders, Scope::kCase, kExampleCase + "/redactions/documents");
  add("GET", kCase + R"(/redactions/documents/(\d{1,15})\.pdf)", kCaseReaders, Scope::kCase,
      kExampleCase + "/redactions/documents/1.pdf");
  audited_as(AuditAs::kDownload);
  add("GET", kCase + "/redactions/schedule", kCaseReaders, Scope::kCase, kExampleCase + "/redactions/schedule");
  audited_as(AuditAs::kDownload);
  // QA by a second person (the service refuses your own redactions).
  add("GET", kCase + "/qa", kCaseReaders, Scope::kCase, kExampleCase + "/qa");
  for (const char* step : {"sample", "pages", "redactions", "pass", "send-back"})
    add("POST", kCase + "/qa/" + step, O | M | Q, Scope::kCase, kExampleCase + "/qa/" + step);
  // Consent, staff concerns, safeguarding (the DPO signs off meetings).
  add("GET", kCase + "/consents", kCaseReaders, Scope::kCase, kExampleCase + "/consents");
  add("POST", kCase + "/consents", kCaseworkers, Scope::kCase, kExampleCase + "/consents");
  add("GET", kCase + "/staff-concerns", kCaseworkers | Q | D, Scope::kCase, kExampleCase + "/staff-concerns");
  add("POST", kCase + "/staff-concerns", kCaseworkers, Scope::kCase, kExampleCase + "/staff-concerns");
  add("POST", kCase + R"(/staff-concerns/(\d{1,15})/withdraw)", kCaseworkers, Scope::kCase,
      kExampleCase + "/staff-concerns/1/withdraw");
  add("GET", kCase + "/safeguarding", kCaseReaders, Scope::kCase, kExampleCase + "/safeguarding");
  add("POST", kCase + "/safeguarding/meetings", kCaseworkers | D, Scope::kCase, kExampleCase + "/safeguarding/meetings");
  // Letters (issue 6): templates are the council's; letters are casework.
  add("GET", "/api/letter-templates", O | M | Q | D | X, Scope::kGlobal, "/api/letter-templates");
  add("POST", "/api/letter-templates", M | X, Scope::kGlobal, "/api/letter-templates");
  add("GET", kCase + "/letters", kCaseReaders, Scope::kCase, kExampleCase + "/letters");
  add("POST", kCase + "/letters/preview", kCaseworkers, Scope::kCase, kExampleCase + "/letters/preview");
  add("POST", kCase + "/letters", kCaseworkers, Scope::kCase, kExampleCase + "/letters");
  add("GET", kCase + R"(/letters/(\d{1,15}))", kCaseReaders, Scope::kCase, kExampleCase + "/letters/1");
  add("GET", kCase + R"(/letters/(\d{1,15})\.pdf)", kCaseReaders, Scope::kCase, kExampleCase + "/letters/1.pdf");
  audited_as(AuditAs::kDownload);
  // The disclosure bundle and its release (issue 6): an adviser may read a
  // shared case's bundle but never builds or releases one.
  add("GET", kCase + "/bundle", kCaseReaders, Scope::kCase, kExampleCase + "/bundle");
  add("POST", kCase + "/bundle", kCaseworkers, Scope::kCase, kExampleCase + "/bundle");
  add("GET", kCase + "/bundle/progress", kCaseReaders, Scope::kCase, kExampleCase + "/bundle/progress");
  add("GET", kCase + R"(/bundle/(\d{1,15}|latest))", kCaseReaders, Scope::kCase, kExampleCase + "/bundle/latest");
  add("GET", kCase + R"(/bundle/(\d{1,15}|latest)/volumes/(\d{1,4})\.pdf)", kCaseReaders, Scope::kCase,
      kExampleCase + "/bundle/latest/volumes/1.pdf");
  audited_as(AuditAs::kDownload);
  add("GET", kCase + "/releases", kCaseReaders, Scope::kCase, kExampleCase + "/releases");
  add("POST", kCase + "/releases", kCaseworkers, Scope::kCase, kExampleCase + "/releases");
  add("POST", kCase + R"(/releases/(\d{1,15})/deliveries)", kCaseworkers, Scope::kCase,
      kExampleCase + "/releases/1/deliveries");
  add("GET", kCase + R"(/releases/(\d{1,15})/file)", kCaseworkers | D, Scope::kCase,
      kExampleCase + "/releases/1/file");
  audited_as(AuditAs::kByService);
  // The requester portal (docs/portal.md): officers link a request made on
  // paper or by telephone to a requester's portal account, and see what the
  // requester uploaded.
  add("POST", kCase + "/portal-link", kCaseworkers, Scope::kCase, kExampleCase + "/portal-link");
  add("GET", kCase + "/portal", kCaseworkers | D, Scope::kCase, kExampleCase + "/portal");
  add("GET", kCase + R"(/portal/uploads/(\d{1,15}))", kCaseworkers | D, Scope::kCase,
      kExampleCase + "/portal/uploads/1");
  audited_as(AuditAs::kByService);
  // Case actions. Extensions and refusals need a manager; a contact
  // answers their own area's search. Every other action: caseworkers.
  add("POST", kCase + "/(extend|refuse)", M, Scope::kCase, kExampleCase + "/extend");
  add("POST", kCase + "/(search-answer)", kCaseworkers | C, Scope::kCase, kExampleCase + "/search-answer");
  add("POST", kCase + "/([a-z-]{1,40})", kCaseworkers, Scope::kCase, kExampleCase + "/transition");
  // Council administration.
  add("POST", "/api/holidays", O | M | X, Scope::kGlobal, "/api/holidays");
  add("POST", "/api/service-areas", M | X, Scope::kGlobal, "/api/service-areas");
  add("POST", "/api/exemptions", M | X, Scope::kGlobal, "/api/exemptions");
  add("POST", R"(/api/exemptions/([a-z0-9_]{1,60})/remove)", M | X, Scope::kGlobal, "/api/exemptions/health/remove");
  add("PATCH", "/api/settings", M | X, Scope::kGlobal, "/api/settings");
  add("GET", "/api/settings/oidc", X, Scope::kGlobal, "/api/settings/oidc");
  add("PATCH", "/api/settings/oidc", X, Scope::kGlobal, "/api/settings/oidc");
  add("GET", "/api/users", M | D | X, Scope::kGlobal, "/api/users");
  add("POST", "/api/users", X, Scope::kGlobal, "/api/users");
  add("POST", R"(/api/users/([A-Za-z0-9._@-]{1,64})/password)", X, Scope::kGlobal, "/api/users/ava.officer/password");
  add("GET", "/api/audit/verify", M | D | X, Scope::kGlobal, "/api/audit/verify");
  add("POST", "/api/timers/run", M | X, Scope::kGlobal, "/api/timers/run");
  add("POST", "/api/mail/dispatch", M | X, Scope::kGlobal, "/api/mail/dispatch");
  return t;
}

struct Compiled {
  const RoutePolicy* policy;
  std::regex re;
};

const std::vector<Compiled>& CompiledPolicies() {
  static const std::vector<Compiled> kCompiled = [] {
    std::vector<Compiled> out;
    for (const auto& p : RoutePolicies()) out.push_back({&p, std::regex(p.pattern)});
    return out;
  }();
  return kCompiled;
}

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::uint32_t RoleBit(const std::string& role) {
  const auto& names = RoleNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == role) return 1u << i;
  return 0;
}

const std::vector<std::string>& RoleNames() {
  static const std::vector<std::string> kNames = {"ig_officer", "ig_manager", "qa_reviewer", "service_area_contact",
                                                   "social_worker_adviser", "dpo", "administrator"};
  return kNames;
}

const std::vector<RoutePolicy>& RoutePolicies() {
  static const std::vector<RoutePolicy> kTable = Build();
  return kTable;
}

std::optional<RouteMatch> FindRoute(const std::string& method, const std::string& path) {
  if (path.size() > 2048) return std::nullopt;
  for (const auto& c : CompiledPolicies()) {
    if (c.policy->method != method) continue;
    std::smatch m;
    if (!std::regex_match(path, m, c.re)) continue;
    RouteMatch out{c.policy, ""};
    if ((c.policy->scope == Scope::kCase || c.policy->scope == Scope::kDocument ||
         c.policy->scope == Scope::kPortalCase) &&
        m.size() > 1)
      out.subject = m[1];
    return out;
  }
  return std::nullopt;
}

Decision Authorise(const Principal& who, const RoutePolicy& policy, const CaseFacts& facts) {
  if (policy.scope == Scope::kPublic) return Decision::kAllow;
  std::uint32_t bit = RoleBit(who.role);
  if (bit == 0 || (policy.roles & bit) == 0) return Decision::kDenyRole;
  if (policy.scope != Scope::kCase && policy.scope != Scope::kDocument) return Decision::kAllow;
  // A request that does not exist is left to the route, which says 404;
  // no one learns more than that, and the roles above already passed.
  // Those who see only some cases learn nothing from a guess: 403 either way.
  if (!facts.exists) return (bit == kSocialWorkerAdviser || bit == kServiceAreaContact) ? Decision::kDenyCase : Decision::kAllow;
  if (Contains(facts.conflicted_officers, who.username)) return Decision::kDenyCase;
  if (bit == kSocialWorkerAdviser && !Contains(facts.shared_with, who.username)) return Decision::kDenyCase;
  if (bit == kServiceAreaContact && (who.service_area.empty() || !Contains(facts.search_areas, who.service_area)))
    return Decision::kDenyCase;
  return Decision::kAllow;
}

Decision AuthorisePortal(const RoutePolicy& policy, bool linked) {
  if (policy.scope == Scope::kPublic) return Decision::kAllow;
  if (!IsPortalScope(policy.scope)) return Decision::kDenyRole;
  if (policy.scope == Scope::kPortalCase && !linked) return Decision::kDenyCase;
  return Decision::kAllow;
}

}  // namespace sardesk::api
