// JSON form of the request record: the API's and the store's representation.
#pragma once

#include <nlohmann/json.hpp>

#include "case/case_record.h"
#include "case/json_reader.h"
#include "common/result.h"

namespace sardesk::casework {

nlohmann::json ToJson(const CaseRecord& record);
// Reads a whole stored record; refuses unknown fields and bad values.
Result<CaseRecord> CaseFromJson(const nlohmann::json& j);

// Applies the fields an officer may edit directly (receipt, route, subject,
// requester, scope, format, delivery, adjustments, vulnerability, support
// contacts, identity waiver) from `j` onto *record. Any other field, such as
// status or evidence, is refused: those change only through their actions.
Status ApplyEditableFields(const nlohmann::json& j, CaseRecord* record);

// The keys ApplyEditableFields accepts.
const std::vector<std::string>& EditableFieldNames();

// Item readers shared with the service's action payloads.
void ReadEvidence(JsonReader& r, Evidence& e);
void ReadCommunication(JsonReader& r, Communication& c);
void ReadComplaint(JsonReader& r, Complaint& c);
void ReadCompetence(JsonReader& r, CompetenceAssessment& c);
nlohmann::json ToJson(const Evidence& e);
nlohmann::json ToJson(const Communication& c);
nlohmann::json ToJson(const Complaint& c);

}  // namespace sardesk::casework
