// The catalogue of actions on a request. One table drives the API route
// (POST /api/cases/{ref}/{name}), the command line (sardesk case NAME REF
// --field value) and the documentation, so the three cannot drift apart.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/case_service.h"
#include "service/search_service.h"

namespace sardesk::service {

enum class FieldType { kString, kText, kDate, kBool, kInt, kStringList };

// The services an action may call; all outlive the call.
struct Services {
  CaseService* cases;
  SearchService* searches;
};

struct ActionField {
  std::string name;
  FieldType type;
  bool required;
  std::string help;
};

struct CaseAction {
  std::string name;
  std::string summary;
  std::vector<ActionField> fields;
  std::function<Result<CaseView>(Services&, const std::string& reference, const nlohmann::json& body,
                                 const std::string& actor)>
      run;
};

const std::vector<CaseAction>& CaseActions();
const CaseAction* FindCaseAction(const std::string& name);

}  // namespace sardesk::service
