// Demo data for a first start: staff accounts and requests at every stage,
// dated relative to today. Fictional people only.
#pragma once

#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/search_service.h"

namespace sardesk::service {

// Loads the demo set when the register is empty; returns how many requests
// were created (0 when there was already data).
Result<int> LoadDemoData(CaseService& cases, SearchService& searches, AdminService& admin, const TimeSource& time);

}  // namespace sardesk::service
