// Who may call which route, in one place (issue 8). Every route the server
// answers has an entry: method, path pattern, the roles allowed, and the
// check on the case the route touches. A request no entry matches is
// refused. Pure: the facts about a case come in as values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sardesk::api {

// Role bits; the role names are the sign-in contract's.
enum Role : std::uint32_t {
  kIgOfficer = 1u << 0,
  kIgManager = 1u << 1,
  kQaReviewer = 1u << 2,
  kServiceAreaContact = 1u << 3,
  kSocialWorkerAdviser = 1u << 4,
  kDpo = 1u << 5,
  kAdministrator = 1u << 6,
};
inline constexpr std::uint32_t kAllRoles = 0x7f;

// The role bit for a role name; 0 for an unknown name.
std::uint32_t RoleBit(const std::string& role);
// Every role name, in the contract's order.
const std::vector<std::string>& RoleNames();

// What a route touches, and so what is checked beyond the role.
enum class Scope {
  kPublic,    // no sign-in (health, the API description, sign-in itself)
  kSignedIn,  // any signed-in user; nothing case-specific
  kGlobal,    // the roles only
  kCase,      // the case named by the first path group
  kDocument,  // the case of the document named by the first path group
  // The requester portal (docs/portal.md): a portal session, never a staff
  // one; no staff role passes these (their roles are 0).
  kPortal,      // a signed-in requester; nothing case-specific
  kPortalCase,  // a request linked to the requester's account, named by the first path group
};

inline bool IsPortalScope(Scope s) { return s == Scope::kPortal || s == Scope::kPortalCase; }

// How the gate audits a GET on a case (issue 8: every view and download).
enum class AuditAs {
  kView,       // case.view: the request, its lists, a page's text
  kDownload,   // case.download: a file leaves the server
  kByService,  // the service records the download with what it knows (which file)
};

struct RoutePolicy {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // an ECMAScript regex over the whole path
  std::uint32_t roles = 0;
  Scope scope = Scope::kGlobal;
  std::string example;  // a path this pattern matches, for the tests
  AuditAs audit = AuditAs::kView;
};

// The whole table.
const std::vector<RoutePolicy>& RoutePolicies();

// The entry for a request, and the case or document id from its path.
struct RouteMatch {
  const RoutePolicy* policy = nullptr;
  std::string subject;  // the reference or document id; empty for other scopes
};
std::optional<RouteMatch> FindRoute(const std::string& method, const std::string& path);

// What the server knows about the case a request touches.
struct CaseFacts {
  bool exists = false;
  std::string reference;
  std::vector<std::string> conflicted_officers;  // declared a conflict of interest
  std::vector<std::string> shared_with;          // social worker advisers
  std::vector<std::string> search_areas;         // service areas sent a search task
};

struct Principal {
  std::string username;
  std::string role;
  std::string service_area;  // a service-area contact's area
};

enum class Decision { kAllow, kDenyRole, kDenyCase };

// Whether `who` may make a request matched to `policy` on a case with
// these facts (ignored for scopes other than kCase and kDocument).
Decision Authorise(const Principal& who, const RoutePolicy& policy, const CaseFacts& facts);

// Whether a signed-in requester may make a request matched to `policy`:
// only portal routes, and on a portal case route only a request linked to
// their account (`linked`; a guessed reference is refused the same way).
Decision AuthorisePortal(const RoutePolicy& policy, bool linked);

}  // namespace sardesk::api
