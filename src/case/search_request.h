// Seed 001 stage 2: the search request (form SAR1) to a service area's single
// point of contact, its reminder and its escalation. Pure text from values.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "case/case_record.h"
#include "common/result.h"

namespace sardesk::casework {

// A service area of the council and who answers its searches. Configuration.
struct ServiceArea {
  std::string id;              // short slug, e.g. "childrens"
  std::string name;            // "Children's social care"
  std::string contact_name;    // single point of contact
  std::string contact_email;
  std::string director_name;   // service director, for escalation
  std::string director_email;
  std::vector<std::string> systems;  // "Mosaic", "paper files in the archive"...
  bool active = true;
};

nlohmann::json ToJson(const ServiceArea& area);
Result<ServiceArea> ServiceAreaFromJson(const nlohmann::json& j);

// What the messages need besides the case and the service area.
struct SearchMessageContext {
  std::string organisation;      // the council's name
  std::string officer_name;      // the IG officer handling the request
  std::string reply_to;          // the IG team's mailbox
};

struct SearchMessage {
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string subject;
  std::string body;
};

// Form SAR1: who the data subject is, identifiers, date range, scope, and the
// instruction to search every location, send everything and redact nothing.
SearchMessage SearchRequestMessage(const CaseRecord& record, const SearchTask& task, const ServiceArea& area,
                                   const SearchMessageContext& context);

// Sent when the deadline passes with no answer; the IG manager is copied.
SearchMessage SearchReminderMessage(const CaseRecord& record, const SearchTask& task, const ServiceArea& area,
                                    const SearchMessageContext& context, const std::string& ig_manager_email);

// Sent when the reminder is ignored: the head of compliance and the service
// director, the IG manager copied.
SearchMessage SearchEscalationMessage(const CaseRecord& record, const SearchTask& task, const ServiceArea& area,
                                      const SearchMessageContext& context, const std::string& head_of_compliance_email,
                                      const std::string& ig_manager_email);

}  // namespace sardesk::casework
