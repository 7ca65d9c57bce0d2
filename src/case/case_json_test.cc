// Specification of the JSON form of a request record: a lossless round trip,
// strict reading of untrusted input, and the limits of direct edits.
#include "case/case_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "case/json_reader.h"

namespace sardesk::casework {
namespace {

using nlohmann::json;

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

// A record with every field set to a non-default value, so that a field
// dropped by either direction of the codec shows up in the round trip.
CaseRecord FullRecord() {
  CaseRecord c;
  c.reference = "SAR-2025-000123";
  c.version = 7;
  c.received = D(2025, 3, 4);
  c.channel = Channel::kTelephone;
  c.verbatim_request = "I want everything social care holds about me from when I was in care.";
  c.verbatim_confirmed_on = D(2025, 3, 5);
  c.route = Route::kOtherDisclosure;
  c.disclosure_body = DisclosureBody::kPolice;
  c.legal_basis = "Schedule 2 paragraph 2 form signed by an inspector";
  c.split_from = "SAR-2025-000100";
  c.split_into = {"FOI-2025-000001", "EIR-2025-000002"};

  c.subject.name = "Kay O'Brien-Smith";
  c.subject.former_names = {"Kay Smith"};
  c.subject.aliases = {"Kaz"};
  c.subject.dob = D(1990, 7, 14);
  c.subject.deceased = true;
  c.subject.date_of_death = D(2024, 12, 1);
  c.subject.addresses = {{"1 High Street\nTown", "AB1 2CD", D(2010, 1, 1), D(2020, 1, 1)}};
  c.subject.identifiers = {{IdentifierKind::kNhsNumber, "943 476 5919"}};

  c.requester.relationship = Relationship::kSolicitor;
  c.requester.name = "Sam Jones";
  c.requester.organisation = "Jones & Co";
  c.requester.pr_basis = PrBasis::kAdoptiveParent;
  c.requester.email = "sam@jones.example";
  c.requester.phone = "01234 567890";
  c.requester.address = "2 Law Lane";

  c.competence = CompetenceAssessment{D(2025, 3, 6), "A. Social Worker", true, false, "Understands."};

  c.identity_required = false;
  c.identity_waiver_reason = "Known to the officer from a supported meeting";
  c.evidence = {{5, EvidenceParty::kRequester, EvidencePurpose::kProofOfAddress,
                 DocumentType::kUtilityBill, D(2025, 2, 1), "officer.a", D(2025, 3, 6), false,
                 "bill printed from the internet", "copy"}};
  c.id_requested_on = D(2025, 3, 5);

  c.scope = {"Children's social care file", false, {"Children's social care"}, D(2000, 1, 1),
             D(2008, 12, 31)};
  c.format = Format::kBraille;
  c.delivery = Delivery::kPost;
  c.reasonable_adjustments = "Large print covering letter";
  c.vulnerabilities = {Vulnerability::kCareLeaver, Vulnerability::kOther};
  c.support_contacts = {{"Pat Advocate", "Advocate", "pat@advocacy.example"}};

  c.assigned_officer = "officer.b";
  c.conflicts = {{"officer.c", D(2025, 3, 7), "Knows the family"}};

  c.status = CaseStatus::kQa;
  c.history = {{CaseStatus::kValidated, D(2025, 3, 8), "officer.b", "checks passed"}};
  c.outcome = Outcome::kDisclosedInPart;

  c.fee = {true, 2500, "extra copies", D(2025, 3, 9), D(2025, 3, 10)};
  c.clarifications = {{2, D(2025, 3, 11), "Which years?", D(2025, 3, 12), "2000 to 2008"}};
  c.extension = Extension{2, "Complex: 3,000 pages", D(2025, 3, 13), D(2025, 3, 13), "officer.b"};
  c.possible_repeat_of = {"SAR-2024-000050"};
  c.refusal = Refusal{Outcome::kRefusedExcessive, "Repeat of last month's request", true,
                      "You may complain to the ICO or apply to a court.", D(2025, 3, 14), "manager.a"};
  c.release = Release{D(2025, 3, 15), Delivery::kEncryptedEmail, "412 pages, redacted", Format::kLargePrint};
  c.exemptions_applied = {{"third_party", 12}};
  c.disclosures_without_consent = {{"Dr Who", "Health professional", "manager.a", D(2025, 3, 16)}};
  c.communications = {{3, "2025-03-05T10:15:00Z", Direction::kIncoming, CommMethod::kCall,
                       "Requester called to chase", "officer.b"}};
  c.complaints = {{4, ComplaintKind::kInternalReview, D(2025, 3, 17), "Too much redacted",
                   D(2025, 4, 14), "ICO-123", "Upheld in part", D(2025, 4, 10)}};
  c.search_tasks = {{5, "childrens", "Children's social care", "Pat Jones", "pat.jones@example.gov.uk",
                     D(2025, 3, 10), D(2025, 3, 17), SearchStatus::kEscalated, D(2025, 3, 18), D(2025, 3, 20),
                     D(2025, 3, 21), "pat.jones", "Paper file recalled from archive"}};
  c.next_item_id = 6;
  return c;
}

// The smallest record CaseFromJson accepts.
json MinimalJson() { return {{"reference", "SAR-2025-000001"}, {"status", "received"}}; }

std::string Message(const Result<CaseRecord>& r) { return r.status().message(); }

// Walks a JSON value and reports the path of the first null or empty list.
std::string FirstEmpty(const json& j, const std::string& path) {
  if (j.is_null()) return path;
  if (j.is_array() && j.empty()) return path;
  if (j.is_object() || j.is_array()) {
    size_t i = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++i) {
      std::string child = j.is_object() ? path + "." + it.key() : path + "[" + std::to_string(i) + "]";
      std::string found = FirstEmpty(*it, child);
      if (!found.empty()) return found;
    }
  }
  return "";
}

// ---------------------------------------------------------------- round trip

TEST(CaseJson, FullRecordFixtureLeavesNoFieldEmpty) {
  // Guards the round-trip test: every optional is set and every list has items.
  EXPECT_EQ(FirstEmpty(ToJson(FullRecord()), "$"), "");
}

TEST(CaseJson, RoundTripOfFullRecordGivesEqualJson) {
  json first = ToJson(FullRecord());
  auto back = CaseFromJson(first);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(ToJson(*back), first);
}

TEST(CaseJson, TheFormatSuppliedIsKeptAndDefaultsToElectronicForOlderRecords) {
  json j = ToJson(FullRecord());
  EXPECT_EQ(j["release"]["format"], "large_print");
  j["release"]["format"] = "accessible_pdf";
  auto back = CaseFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->release->format, Format::kAccessiblePdf);
  j["release"].erase("format");  // written before the format was recorded
  back = CaseFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->release->format, Format::kElectronic);
}

TEST(CaseJson, RoundTripThroughTextKeepsValues) {
  auto parsed = ParseJsonText(ToJson(FullRecord()).dump());
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  auto back = CaseFromJson(*parsed);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->reference, "SAR-2025-000123");
  EXPECT_EQ(back->received, D(2025, 3, 4));
  EXPECT_EQ(back->channel, Channel::kTelephone);
  EXPECT_EQ(back->split_into, FullRecord().split_into);
  EXPECT_EQ(back->subject.aliases, std::vector<std::string>{"Kaz"});
  ASSERT_TRUE(back->competence.has_value());
  EXPECT_EQ(back->competence->child_consents, std::optional<bool>(false));
  ASSERT_EQ(back->evidence.size(), 1u);
  EXPECT_FALSE(back->evidence[0].accepted);
  EXPECT_EQ(back->evidence[0].document_date, D(2025, 2, 1));
  ASSERT_TRUE(back->extension.has_value());
  EXPECT_EQ(back->extension->months, 2);
  EXPECT_EQ(back->fee.amount_pence, 2500);
  EXPECT_EQ(back->status, CaseStatus::kQa);
  EXPECT_EQ(back->next_item_id, 6);
}

std::vector<std::string> Keys(const json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::string> SortedList(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(CaseJson, WritesEveryFieldOfTheRecord) {
  json j = ToJson(FullRecord());
  EXPECT_EQ(Keys(j),
            SortedList({"reference", "version", "received", "channel", "verbatim_request",
                        "verbatim_confirmed_on", "route", "disclosure_body", "legal_basis", "split_from",
                        "split_into", "subject", "requester", "competence", "identity_required",
                        "identity_waiver_reason", "evidence", "id_requested_on", "scope", "format",
                        "delivery", "reasonable_adjustments", "vulnerabilities", "support_contacts",
                        "assigned_officer", "conflicts", "status", "history", "outcome", "fee",
                        "clarifications", "extension", "possible_repeat_of", "refusal", "release",
                        "exemptions_applied", "disclosures_without_consent", "communications",
                        "complaints", "search_tasks", "next_item_id"}));
  EXPECT_EQ(Keys(j["subject"]), SortedList({"name", "former_names", "aliases", "dob", "deceased",
                                            "date_of_death", "addresses", "identifiers"}));
  EXPECT_EQ(Keys(j["requester"]), SortedList({"relationship", "name", "organisation", "pr_basis", "email",
                                              "phone", "address"}));
  EXPECT_EQ(Keys(j["evidence"][0]), SortedList({"id", "party", "purpose", "type", "document_date", "seen_by",
                                                "seen_on", "accepted", "rejection_reason", "notes"}));
  EXPECT_EQ(Keys(j["scope"]), SortedList({"information_requested", "whole_file", "services", "date_from",
                                          "date_to"}));
  EXPECT_EQ(Keys(j["fee"]), SortedList({"required", "amount_pence", "reason", "requested_on", "received_on"}));
}

TEST(CaseJson, DatesAreWrittenAsIsoDays) {
  json j = ToJson(FullRecord());
  EXPECT_EQ(j["received"], "2025-03-04");
  EXPECT_EQ(j["subject"]["dob"], "1990-07-14");
}

TEST(CaseJson, EnumsAreWrittenAsWireNames) {
  json j = ToJson(FullRecord());
  EXPECT_EQ(j["channel"], "telephone");
  EXPECT_EQ(j["requester"]["relationship"], "solicitor");
  EXPECT_EQ(j["status"], "qa");
  EXPECT_EQ(j["vulnerabilities"], json({"care_leaver", "other"}));
}

TEST(CaseJson, AbsentOptionalsAreWrittenAsNullAndReadBack) {
  CaseRecord c;
  c.reference = "SAR-2025-000002";
  c.subject.name = "Kay";  // required whenever a subject is written
  json j = ToJson(c);
  EXPECT_TRUE(j["competence"].is_null());
  EXPECT_TRUE(j["id_requested_on"].is_null());
  auto back = CaseFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_FALSE(back->competence.has_value());
  EXPECT_FALSE(back->id_requested_on.has_value());
  EXPECT_EQ(ToJson(*back), j);
}

TEST(CaseJson, MinimalRecordIsAccepted) {
  auto r = CaseFromJson(MinimalJson());
  ASSERT_TRUE(r.ok()) << Message(r);
  EXPECT_EQ(r->reference, "SAR-2025-000001");
  EXPECT_EQ(r->status, CaseStatus::kReceived);
}

// ------------------------------------------------------------ strict reading

TEST(CaseJson, UnknownNestedFieldIsRefusedWithItsPath) {
  json j = ToJson(FullRecord());
  j["subject"]["nickname"] = "Kaz";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(Message(r).find("unknown field"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("subject.nickname"), std::string::npos) << Message(r);
}

TEST(CaseJson, UnknownTopLevelFieldIsRefused) {
  json j = MinimalJson();
  j["colour"] = "blue";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("'colour'"), std::string::npos) << Message(r);
}

TEST(CaseJson, UnknownFieldInListItemNamesTheIndex) {
  json j = ToJson(FullRecord());
  j["evidence"][0]["colour"] = "blue";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("evidence[0].colour"), std::string::npos) << Message(r);
}

TEST(CaseJson, UnknownEnumValueIsRefusedListingValidValues) {
  json j = MinimalJson();
  j["channel"] = "carrier_pigeon";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  const std::string m = Message(r);
  EXPECT_NE(m.find("channel"), std::string::npos) << m;
  EXPECT_NE(m.find("carrier_pigeon"), std::string::npos) << m;
  for (const char* valid : {"letter", "email", "web_form", "telephone", "in_person", "social_media", "fax"})
    EXPECT_NE(m.find(valid), std::string::npos) << valid << " missing from: " << m;
}

TEST(CaseJson, UnknownEnumValueInNestedObjectNamesItsPath) {
  json j = MinimalJson();
  j["requester"] = {{"relationship", "cousin"}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("requester.relationship"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("parental_responsibility"), std::string::npos) << Message(r);
}

TEST(CaseJson, UnknownValueInEnumListIsRefused) {
  json j = MinimalJson();
  j["vulnerabilities"] = {"child", "unlucky"};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("vulnerabilities"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("care_leaver"), std::string::npos) << Message(r);
}

TEST(CaseJson, ImpossibleDateIsRefused) {
  json j = MinimalJson();
  j["received"] = "2025-02-30";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("received"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("2025-02-30"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("not a real date"), std::string::npos) << Message(r);
}

TEST(CaseJson, DateInAnotherFormatIsRefused) {
  json j = MinimalJson();
  j["subject"] = {{"name", "Kay"}, {"dob", "14/07/1990"}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject.dob"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("YYYY-MM-DD"), std::string::npos) << Message(r);
}

TEST(CaseJson, NameAtTheLimitIsAccepted) {
  json j = MinimalJson();
  j["subject"] = {{"name", std::string(kMaxName, 'a')}};
  auto r = CaseFromJson(j);
  ASSERT_TRUE(r.ok()) << Message(r);
  EXPECT_EQ(r->subject.name.size(), kMaxName);
}

TEST(CaseJson, OversizeStringIsRefused) {
  json j = MinimalJson();
  j["subject"] = {{"name", std::string(kMaxName + 1, 'a')}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject.name"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("too long"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("200"), std::string::npos) << Message(r);
}

TEST(CaseJson, OversizeFreeTextIsRefused) {
  json j = MinimalJson();
  j["verbatim_request"] = std::string(kMaxText + 1, 'x');
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("verbatim_request"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("too long"), std::string::npos) << Message(r);
}

TEST(CaseJson, OversizeListEntryIsRefused) {
  json j = MinimalJson();
  j["possible_repeat_of"] = {std::string(41, 'R')};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("possible_repeat_of"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("too long"), std::string::npos) << Message(r);
}

TEST(CaseJson, TooManyListItemsAreRefused) {
  json j = MinimalJson();
  j["subject"] = {{"name", "Kay"}, {"aliases", json(std::vector<std::string>(kMaxListItems + 1, "K"))}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject.aliases"), std::string::npos) << Message(r);
}

TEST(CaseJson, StringWhereNumberExpectedIsRefused) {
  json j = MinimalJson();
  j["version"] = "3";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("version"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("whole number"), std::string::npos) << Message(r);
}

TEST(CaseJson, FractionWhereWholeNumberExpectedIsRefused) {
  json j = MinimalJson();
  j["version"] = 1.5;
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("whole number"), std::string::npos) << Message(r);
}

TEST(CaseJson, NumberWhereStringExpectedIsRefused) {
  json j = MinimalJson();
  j["channel"] = 3;
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("channel: must be a string"), std::string::npos) << Message(r);
}

TEST(CaseJson, StringWhereBooleanExpectedIsRefused) {
  json j = MinimalJson();
  j["subject"] = {{"name", "Kay"}, {"deceased", "yes"}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject.deceased"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("true or false"), std::string::npos) << Message(r);
}

TEST(CaseJson, ScalarWhereObjectExpectedIsRefused) {
  json j = MinimalJson();
  j["subject"] = "Kay";
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject: must be an object"), std::string::npos) << Message(r);
}

TEST(CaseJson, ObjectWhereListExpectedIsRefused) {
  json j = MinimalJson();
  j["evidence"] = json::object();
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("evidence"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("list"), std::string::npos) << Message(r);
}

TEST(CaseJson, ScalarListItemWhereObjectExpectedIsRefused) {
  json j = MinimalJson();
  j["evidence"] = {"passport"};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("items must be objects"), std::string::npos) << Message(r);
}

TEST(CaseJson, NonObjectBodyIsRefused) {
  auto r = CaseFromJson(json::array());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("must be a JSON object"), std::string::npos) << Message(r);
}

TEST(CaseJson, MissingRequiredFieldIsRefused) {
  json j = MinimalJson();
  j.erase("reference");
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("reference: is required"), std::string::npos) << Message(r);
}

TEST(CaseJson, BlankRequiredStringIsRefused) {
  json j = MinimalJson();
  j["subject"] = {{"name", "   "}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("subject.name: must not be empty"), std::string::npos) << Message(r);
}

TEST(CaseJson, RequiredFieldInListItemIsNamedByIndex) {
  json j = MinimalJson();
  j["evidence"] = {{{"purpose", "photo_id"}, {"type", "passport"}}, {{"type", "passport"}}};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("evidence[1].purpose: is required"), std::string::npos) << Message(r);
}

TEST(CaseJson, NumberOutOfRangeIsRefused) {
  json j = ToJson(FullRecord());
  j["extension"]["months"] = 3;
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("extension.months"), std::string::npos) << Message(r);
  EXPECT_NE(Message(r).find("between 1 and 2"), std::string::npos) << Message(r);
}

TEST(CaseJson, NegativeNumberIsRefused) {
  json j = MinimalJson();
  j["version"] = -1;
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("version: must be between 0"), std::string::npos) << Message(r);
}

TEST(CaseJson, HugeUnsignedNumberIsRefused) {
  json j = MinimalJson();
  j["version"] = std::uint64_t{18446744073709551615u};
  auto r = CaseFromJson(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(Message(r).find("version: must be between"), std::string::npos) << Message(r);
}

TEST(CaseJson, LargestSignedNumberIsAccepted) {
  json j = MinimalJson();
  j["version"] = std::uint64_t{9223372036854775807u};
  auto r = CaseFromJson(j);
  ASSERT_TRUE(r.ok()) << Message(r);
  EXPECT_EQ(r->version, INT64_MAX);
}

// ------------------------------------------------------------ direct edits

TEST(ApplyEditableFields, UpdatesEditableFields) {
  CaseRecord c = FullRecord();
  Status st = ApplyEditableFields(
      {{"route", "sar"}, {"scope", {{"whole_file", true}, {"services", json::array()}}},
       {"subject", {{"name", "Kay Smith"}, {"deceased", false}}}},
      &c);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(c.route, Route::kSar);
  EXPECT_TRUE(c.scope.whole_file);
  EXPECT_TRUE(c.scope.services.empty());
  EXPECT_EQ(c.subject.name, "Kay Smith");
  EXPECT_FALSE(c.subject.deceased);
}

TEST(ApplyEditableFields, LeavesFieldsNotMentionedAlone) {
  CaseRecord c = FullRecord();
  ASSERT_TRUE(ApplyEditableFields({{"format", "audio"}}, &c).ok());
  EXPECT_EQ(c.format, Format::kAudio);
  EXPECT_EQ(c.channel, Channel::kTelephone);
  EXPECT_EQ(c.reasonable_adjustments, "Large print covering letter");
}

TEST(ApplyEditableFields, NullClearsOptionalDate) {
  CaseRecord c = FullRecord();
  ASSERT_TRUE(ApplyEditableFields({{"verbatim_confirmed_on", nullptr}}, &c).ok());
  EXPECT_FALSE(c.verbatim_confirmed_on.has_value());
}

TEST(ApplyEditableFields, RefusesStatus) {
  CaseRecord c = FullRecord();
  Status st = ApplyEditableFields({{"status", "closed"}}, &c);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(st.message().find("status"), std::string::npos) << st.message();
  EXPECT_EQ(c.status, CaseStatus::kQa);
}

TEST(ApplyEditableFields, RefusesEvidence) {
  CaseRecord c = FullRecord();
  Status st = ApplyEditableFields({{"evidence", json::array()}}, &c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("evidence"), std::string::npos) << st.message();
  EXPECT_EQ(c.evidence.size(), 1u);
}

TEST(ApplyEditableFields, LeavesRecordUnchangedWhenARefusedFieldFollowsGoodOnes) {
  CaseRecord c = FullRecord();
  const json before = ToJson(c);
  Status st = ApplyEditableFields({{"route", "foi"}, {"reasonable_adjustments", "none"}, {"outcome", "withheld"}}, &c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("outcome"), std::string::npos) << st.message();
  EXPECT_EQ(ToJson(c), before);
}

TEST(ApplyEditableFields, LeavesRecordUnchangedWhenAValueIsBad) {
  CaseRecord c = FullRecord();
  const json before = ToJson(c);
  // route is read before format, so the copy has changed when format fails.
  Status st = ApplyEditableFields({{"route", "foi"}, {"format", "papyrus"}}, &c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("format"), std::string::npos) << st.message();
  EXPECT_EQ(ToJson(c), before);
}

TEST(ApplyEditableFields, LeavesRecordUnchangedWhenANestedFieldIsUnknown) {
  CaseRecord c = FullRecord();
  const json before = ToJson(c);
  Status st = ApplyEditableFields({{"subject", {{"name", "New Name"}, {"nickname", "K"}}}}, &c);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("subject.nickname"), std::string::npos) << st.message();
  EXPECT_EQ(ToJson(c), before);
}

TEST(ApplyEditableFields, AcceptsEveryEditableFieldAsToJsonWritesIt) {
  CaseRecord source = FullRecord();
  json all = ToJson(source);
  json edit = json::object();
  for (const std::string& key : EditableFieldNames()) {
    ASSERT_TRUE(all.contains(key)) << key;
    edit[key] = all[key];
  }
  CaseRecord target;
  target.reference = "SAR-2025-000999";
  Status st = ApplyEditableFields(edit, &target);
  ASSERT_TRUE(st.ok()) << st.message();
  json after = ToJson(target);
  for (const std::string& key : EditableFieldNames()) EXPECT_EQ(after[key], all[key]) << key;
  EXPECT_EQ(target.reference, "SAR-2025-000999");
}

TEST(ApplyEditableFields, EditableNamesExcludeWorkflowFields) {
  const auto& names = EditableFieldNames();
  for (const char* locked : {"status", "evidence", "history", "outcome", "refusal", "release",
                             "reference", "version", "assigned_officer", "id_requested_on"})
    EXPECT_EQ(std::find(names.begin(), names.end(), locked), names.end()) << locked;
}

// ------------------------------------------------------------ text parsing

TEST(ParseJsonText, AcceptsAnObject) {
  auto r = ParseJsonText(R"({"a": [1, 2, {"b": "c"}]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)["a"][2]["b"], "c");
}

TEST(ParseJsonText, RejectsMalformedJson) {
  auto r = ParseJsonText(R"({"a": )");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("not valid JSON"), std::string::npos) << r.status().message();
}

TEST(ParseJsonText, RejectsTrailingGarbage) {
  auto r = ParseJsonText(R"({"a": 1} x)");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not valid JSON"), std::string::npos);
}

TEST(ParseJsonText, RejectsEmptyText) {
  auto r = ParseJsonText("");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not valid JSON"), std::string::npos);
}

TEST(ParseJsonText, RejectsBodyOverTheLimit) {
  auto r = ParseJsonText(R"({"a": "0123456789"})", 10);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too large"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("10 bytes"), std::string::npos) << r.status().message();
}

TEST(ParseJsonText, AcceptsBodyExactlyAtTheLimit) {
  const std::string text = R"({"a":1})";
  EXPECT_TRUE(ParseJsonText(text, text.size()).ok());
}

TEST(ParseJsonText, RejectsDeepNesting) {
  std::string text = std::string(33, '[') + std::string(33, ']');
  auto r = ParseJsonText(text);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nests too deeply"), std::string::npos) << r.status().message();
}

TEST(ParseJsonText, AcceptsNestingAtTheLimit) {
  std::string text = std::string(32, '[') + std::string(32, ']');
  EXPECT_TRUE(ParseJsonText(text).ok());
}

TEST(ParseJsonText, BracketsInsideStringsDoNotCountAsNesting) {
  std::string text = R"({"a": ")" + std::string(100, '[') + R"(\"{{{"})";
  auto r = ParseJsonText(text);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)["a"].get<std::string>().size(), 104u);
}

// ------------------------------------------------------------ enums

TEST(Enums, EveryStatusWireNameParsesBack) {
  for (int i = 0; i <= static_cast<int>(CaseStatus::kWithdrawn); ++i) {
    auto s = static_cast<CaseStatus>(i);
    auto parsed = ParseCaseStatus(ToWire(s));
    ASSERT_TRUE(parsed.ok()) << ToWire(s);
    EXPECT_EQ(*parsed, s);
  }
}

TEST(Enums, ParseRefusesUnknownNameListingValidOnes) {
  auto r = ParseOutcome("lost");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown Outcome 'lost'"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("closed_no_id"), std::string::npos);
}

TEST(Enums, WireNamesAreCaseSensitive) { EXPECT_FALSE(ParseRoute("SAR").ok()); }

}  // namespace
}  // namespace sardesk::casework
