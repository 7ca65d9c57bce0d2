#include "letters/letter.h"

#include <gtest/gtest.h>

namespace sardesk::letters {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class LetterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    record_.reference = "SAR-2025-000042";
    record_.received = D(2025, 9, 1);
    record_.subject.name = "Jane Doe";
    record_.subject.dob = D(1990, 4, 1);
    record_.subject.addresses.push_back({"12 Mill Lane\nTownley", "TN1 2AB", {}, {}});
    record_.scope.information_requested = "My records from when I was in care";
    facts_.record = &record_;
    facts_.today = D(2025, 9, 10);
    facts_.clock.started = true;
    facts_.clock.start = D(2025, 9, 1);
    facts_.clock.unextended_due = D(2025, 10, 1);
    facts_.clock.due = D(2025, 10, 1);
    facts_.council_name = "Townley Borough Council";
    facts_.letterhead = {"Town Hall\nHigh Street\nTownley TN1 1AA", "01234 567890", "sar@townley.gov.uk", ""};
    facts_.officer_name = "Ava Patel";
  }

  Result<ComposedLetter> Make(LetterKind kind) { return Compose(kind, DefaultTemplate(kind), facts_); }

  casework::CaseRecord record_;
  LetterFacts facts_;
};

TEST_F(LetterTest, EveryDefaultTemplateIsValid) {
  for (const auto& k : LetterKinds()) {
    Status st = CheckLetterTemplate(DefaultTemplate(k.kind));
    EXPECT_TRUE(st.ok()) << k.wire << ": " << st.ToString();
  }
}

TEST_F(LetterTest, KindsRoundTripTheirWireNames) {
  for (const auto& k : LetterKinds()) {
    auto parsed = ParseLetterKind(k.wire);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, k.kind);
  }
  auto bad = ParseLetterKind("love_letter");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Has(bad.status().message(), "acknowledgement"));
}

TEST_F(LetterTest, UkLongDates) {
  EXPECT_EQ(UkLongDate(D(2025, 9, 1)), "1 September 2025");
  EXPECT_EQ(UkLongDate(D(2024, 2, 29)), "29 February 2024");
  EXPECT_EQ(UkLongDate(D(2026, 12, 31)), "31 December 2026");
}

TEST_F(LetterTest, AcknowledgementGivesTheDueDate) {
  auto l = Make(LetterKind::kAcknowledgement);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "Dear Jane Doe")) << l->body;
  EXPECT_TRUE(Has(l->body, "We will reply by 1 October 2025.")) << l->body;
  EXPECT_TRUE(Has(l->body, "received your request for personal information on 1 September 2025"));
  EXPECT_TRUE(Has(l->subject, "SAR-2025-000042"));
  EXPECT_TRUE(Has(l->body, "Ava Patel"));
  EXPECT_TRUE(Has(l->body, "call us on 01234 567890 or email sar@townley.gov.uk.")) << l->body;
  std::string full = l->FullText();
  EXPECT_TRUE(Has(full, "Townley Borough Council\nTown Hall\nHigh Street\nTownley TN1 1AA\n")) << full;
  EXPECT_TRUE(Has(full, "10 September 2025")) << full;
  EXPECT_TRUE(Has(full, "Jane Doe\n12 Mill Lane\nTownley\nTN1 2AB\n")) << full;
  EXPECT_TRUE(Has(full, "Our reference: SAR-2025-000042")) << full;
}

TEST_F(LetterTest, TheSignOffUsesWhicheverContactDetailsTheCouncilGave) {
  facts_.letterhead.phone = "";
  EXPECT_TRUE(Has(Make(LetterKind::kAcknowledgement)->body, "questions, email us at sar@townley.gov.uk."));
  facts_.letterhead.email = "";
  EXPECT_TRUE(Has(Make(LetterKind::kAcknowledgement)->body, "questions, contact us."));
}

TEST_F(LetterTest, AcknowledgementBeforeTheClockStartsSaysWhatIsNeeded) {
  facts_.clock = {};
  facts_.clock.waiting_for = "identity";
  auto l = Make(LetterKind::kAcknowledgement);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "until we have identity")) << l->body;
  EXPECT_FALSE(Has(l->body, "We will reply by"));
}

TEST_F(LetterTest, AThirdPartyRequesterIsAddressedAndTheSubjectNamed) {
  record_.requester.relationship = casework::Relationship::kSolicitor;
  record_.requester.name = "Ms R Khan";
  record_.requester.organisation = "Khan & Co";
  record_.requester.address = "Khan & Co Solicitors\n1 Court Road\nTownley TN2 3CD";
  auto l = Make(LetterKind::kIdRequest);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "Dear Ms R Khan"));
  EXPECT_TRUE(Has(l->body, "about Jane Doe, please also send proof that you can act for them")) << l->body;
  EXPECT_EQ(l->recipient_address, (std::vector<std::string>{"Khan & Co Solicitors", "1 Court Road", "Townley TN2 3CD"}));
}

TEST_F(LetterTest, IdRequestListsTheDefaultDocumentsOrTheOfficersOwn) {
  auto l = Make(LetterKind::kIdRequest);
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(Has(l->body, "photocard driving licence"));
  EXPECT_FALSE(Has(l->body, "act for them"));
  facts_.inputs.documents_needed = "- your birth certificate";
  auto own = Make(LetterKind::kIdRequest);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(Has(own->body, "- your birth certificate"));
  EXPECT_FALSE(Has(own->body, "photocard"));
}

TEST_F(LetterTest, ClarificationNeedsTheQuestionAndSaysTheClockPauses) {
  auto none = Make(LetterKind::kClarification);
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(Has(none.status().message(), "question"));
  facts_.inputs.question = "Which years were you in foster care?";
  auto l = Make(LetterKind::kClarification);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "Which years were you in foster care?"));
  EXPECT_TRUE(Has(l->body, "paused the time limit"));
}

TEST_F(LetterTest, ExtensionWithinTheFirstMonthGivesReasonsAndTheNewDate) {
  facts_.inputs.months = 2;
  facts_.inputs.reasons = "Your records run to 4,000 pages across three services.";
  facts_.inputs.new_due = D(2025, 12, 1);
  auto l = Make(LetterKind::kExtension);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "We need two months more")) << l->body;
  EXPECT_TRUE(Has(l->body, "4,000 pages"));
  EXPECT_TRUE(Has(l->body, "We will now reply by 1 December 2025."));
  EXPECT_TRUE(Has(l->body, "ico.org.uk"));
}

TEST_F(LetterTest, ExtensionOnTheLastDayOfTheFirstMonthIsAllowed) {
  facts_.today = D(2025, 10, 1);
  facts_.inputs.months = 1;
  facts_.inputs.reasons = "Several requests at once.";
  facts_.inputs.new_due = D(2025, 11, 3);
  EXPECT_TRUE(Make(LetterKind::kExtension).ok());
}

TEST_F(LetterTest, ExtensionAfterTheFirstMonthIsRefusedWithTheReason) {
  facts_.today = D(2025, 10, 2);
  facts_.inputs.months = 2;
  facts_.inputs.reasons = "Your records run to 4,000 pages.";
  auto l = Make(LetterKind::kExtension);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(Has(l.status().message(), "within the first month")) << l.status().message();
  EXPECT_TRUE(Has(l.status().message(), "1 October 2025")) << l.status().message();
}

TEST_F(LetterTest, ExtensionBeforeTheClockStartsIsRefused) {
  facts_.clock.started = false;
  facts_.clock.waiting_for = "identity";
  facts_.inputs.months = 1;
  facts_.inputs.reasons = "Complex.";
  auto l = Make(LetterKind::kExtension);
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(Has(l.status().message(), "waiting for identity"));
}

TEST_F(LetterTest, ExtensionNeedsMonthsAndReasons) {
  facts_.inputs.reasons = "Complex.";
  EXPECT_TRUE(Has(Make(LetterKind::kExtension).status().message(), "months"));
  facts_.inputs.months = 3;
  EXPECT_TRUE(Has(Make(LetterKind::kExtension).status().message(), "1 or 2"));
  facts_.inputs.months = 1;
  facts_.inputs.reasons = " ";
  EXPECT_TRUE(Has(Make(LetterKind::kExtension).status().message(), "reasons"));
}

TEST_F(LetterTest, RefusalStatesGroundReasonsAndBothRights) {
  facts_.inputs.ground = casework::Outcome::kRefusedExcessive;
  facts_.inputs.reasons = "This repeats your request of last month, answered in full.";
  facts_.inputs.fee_offered = true;
  auto l = Make(LetterKind::kRefusal);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "because it is manifestly excessive"));
  EXPECT_TRUE(Has(l->body, "answered in full"));
  EXPECT_TRUE(Has(l->body, "Information Commissioner's Office"));
  EXPECT_TRUE(Has(l->body, "judicial remedy"));
  EXPECT_TRUE(Has(l->body, "reasonable fee"));
}

TEST_F(LetterTest, RefusalNeedsAGroundAndReasons) {
  facts_.inputs.reasons = "This repeats your request of last month.";
  EXPECT_TRUE(Has(Make(LetterKind::kRefusal).status().message(), "ground"));
  facts_.inputs.ground = casework::Outcome::kRefusedManifestlyUnfounded;
  facts_.inputs.reasons = "no";
  EXPECT_TRUE(Has(Make(LetterKind::kRefusal).status().message(), "reasons"));
}

TEST_F(LetterTest, NoDataHeldListsTheServicesSearched) {
  casework::SearchTask t;
  t.service_area_name = "Children's social care";
  record_.search_tasks.push_back(t);
  t.service_area_name = "Adult social care";
  record_.search_tasks.push_back(t);
  auto l = Make(LetterKind::kNoDataHeld);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "do not hold any personal information about you"));
  EXPECT_TRUE(Has(l->body, "Children's social care, Adult social care"));
  EXPECT_TRUE(Has(l->body, "judicial remedy"));
}

TEST_F(LetterTest, ReleaseCoverCarriesTheDetails) {
  facts_.inputs.details = "The file is a PDF of 212 pages, sent by secure download.";
  auto l = Make(LetterKind::kReleaseCover);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "212 pages"));
  EXPECT_TRUE(Has(l->body, "redacted"));
}

TEST_F(LetterTest, ComplaintLettersNeedAComplaint) {
  auto l = Make(LetterKind::kComplaintAck);
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(Has(l.status().message(), "record the complaint"));
  casework::Complaint c;
  c.id = 7;
  c.kind = casework::ComplaintKind::kInternalReview;
  c.received_on = D(2025, 9, 8);
  c.summary = "Pages about my brother were missing.";
  c.due = D(2025, 10, 6);
  record_.complaints.push_back(c);
  auto ack = Make(LetterKind::kComplaintAck);
  ASSERT_TRUE(ack.ok()) << ack.status().ToString();
  EXPECT_TRUE(Has(ack->body, "request for an internal review"));
  EXPECT_TRUE(Has(ack->body, "8 September 2025"));
  EXPECT_TRUE(Has(ack->body, "We will reply by 6 October 2025."));
  facts_.inputs.complaint = 8;
  EXPECT_EQ(Make(LetterKind::kComplaintAck).status().code(), ErrorCode::kNotFound);
}

TEST_F(LetterTest, ComplaintOutcomeNeedsAnOutcome) {
  casework::Complaint c;
  c.id = 3;
  c.received_on = D(2025, 9, 8);
  c.summary = "Slow reply.";
  record_.complaints.push_back(c);
  facts_.inputs.complaint = 3;
  auto none = Make(LetterKind::kComplaintOutcome);
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(Has(none.status().message(), "outcome"));
  facts_.inputs.outcome = "We upheld your complaint and apologise for the delay.";
  auto l = Make(LetterKind::kComplaintOutcome);
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_TRUE(Has(l->body, "We upheld your complaint"));
  EXPECT_TRUE(Has(l->body, "ico.org.uk"));
}

TEST_F(LetterTest, MissingValuesAreNamedWithTheirDescriptions) {
  facts_.officer_name = "";
  record_.subject.name = "";
  auto l = Make(LetterKind::kAcknowledgement);
  ASSERT_FALSE(l.ok());
  const std::string m = l.status().message();
  EXPECT_TRUE(Has(m, "requester_name (the name of the person we are writing to)")) << m;
  EXPECT_TRUE(Has(m, "officer_name (the name of the officer dealing with the request)")) << m;
}

TEST_F(LetterTest, AnEditedTemplateIsUsedAndChecked) {
  LetterSettings s;
  s.edited[LetterKind::kAcknowledgement] = {"Ack {{reference}}", "Hello {{requester_name}}, due {{due_date}}."};
  auto l = Compose(LetterKind::kAcknowledgement, s.TemplateFor(LetterKind::kAcknowledgement), facts_);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->body, "Hello Jane Doe, due 1 October 2025.");
  EXPECT_EQ(s.TemplateFor(LetterKind::kRefusal).subject, DefaultTemplate(LetterKind::kRefusal).subject);
  Status bad = CheckLetterTemplate({"Ack", "Hello {{requestor_name}}"});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Has(bad.message(), "{{requestor_name}}"));
  EXPECT_FALSE(CheckLetterTemplate({"", "body"}).ok());
  EXPECT_FALSE(CheckLetterTemplate({"two\nlines", "body"}).ok());
}

}  // namespace
}  // namespace sardesk::letters
