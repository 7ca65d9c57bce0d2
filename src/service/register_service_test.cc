#include "service/register_service.h"

#include <gtest/gtest.h>

#include "service/test_support.h"

namespace sardesk::service {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::RawDb;

class RegisterServiceTest : public testing::ServiceTest {
protected:
  void SetUp() override {
    testing::ServiceTest::SetUp();
    registers_ = std::make_unique<RegisterService>(ctx_.get());
  }
  void TearDown() override {
    registers_.reset();
    testing::ServiceTest::TearDown();
  }

  RegisterFilter Filter(std::multimap<std::string, std::string> params) {
    auto f = RegisterFilterFromQuery(params);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    return f.ok() ? *f : RegisterFilter{};
  }

  std::unique_ptr<RegisterService> registers_;
};

TEST_F(RegisterServiceTest, ListsOnePageWithTheRequestLogFields) {
  std::string june = Create(SarNoIdBody("2025-06-02")).record.reference;
  json solicitor = SarNoIdBody("2025-07-15");
  solicitor["requester"] = {{"relationship", "solicitor"},
                            {"name", "Sam Law"},
                            {"organisation", "Law & Co"}};
  std::string july = Create(solicitor).record.reference;
  Create(SarNoIdBody("2025-09-01"));

  auto page =
      registers_->List(Filter({{"from", "2025-07-01"}, {"limit", "1"}}));
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ((*page)["total"], 2);
  ASSERT_EQ((*page)["entries"].size(), 1u);

  auto found = registers_->List(Filter({{"q", july}}));
  ASSERT_TRUE(found.ok());
  ASSERT_EQ((*found)["total"], 1);
  const json &e = (*found)["entries"][0];
  EXPECT_EQ(e["reference"], july);
  EXPECT_EQ(e["received"], "2025-07-15");
  EXPECT_EQ(e["due"], ""); // the clock waits for the solicitor's authority
  EXPECT_EQ(e["subject_name"], "Jane Doe");
  EXPECT_EQ(e["requester"]["name"], "Sam Law");
  EXPECT_EQ(e["requester"]["organisation"], "Law & Co");
  EXPECT_EQ(e["information_requested"], "Everything you hold about me");
  EXPECT_TRUE(e["exemptions_applied"].is_array());
  EXPECT_TRUE(e["disclosures_without_consent"].is_array());

  auto to = registers_->List(Filter({{"to", "2025-06-30"}}));
  ASSERT_TRUE(to.ok());
  ASSERT_EQ((*to)["total"], 1);
  EXPECT_EQ((*to)["entries"][0]["reference"], june);
  auto due = Get(june).clock.due;
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*to)["entries"][0]["due"], due->ToString());
}

TEST_F(RegisterServiceTest, RefusesFiltersItCannotRead) {
  for (const auto &[key, value] :
       std::vector<std::pair<std::string, std::string>>{
           {"status", "nowhere"},
           {"route", "fax"},
           {"from", "2025-13-01"},
           {"to", "yesterday"},
           {"limit", "0"},
           {"limit", "501"},
           {"limit", "ten"},
           {"offset", "-1"},
           {"open", "maybe"},
           {"q", std::string(201, 'x')}}) {
    auto f = RegisterFilterFromQuery({{key, value}});
    ASSERT_FALSE(f.ok()) << key << "=" << value;
    EXPECT_EQ(f.status().code(), ErrorCode::kInvalidArgument) << key;
    EXPECT_TRUE(Contains(f.status().message(), key)) << f.status().message();
  }
}

TEST_F(RegisterServiceTest, CsvHasEveryMatchingRequestAndDefusesFormulas) {
  json hostile = SarNoIdBody("2025-08-01");
  hostile["scope"]["information_requested"] =
      "=HYPERLINK(\"http://x\"), and \"more\"";
  std::string ref = Create(hostile).record.reference;
  Create(SarNoIdBody("2025-08-02"));
  auto csv = registers_->Csv(Filter({{"limit", "1"}}),
                             "ava"); // the limit does not cut the export
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(
      csv->rfind("Reference,Type,Status,Date received,Date response due,", 0),
      0u)
      << *csv;
  std::size_t lines = 0;
  for (std::size_t at = 0; (at = csv->find("\r\n", at)) != std::string::npos;
       at += 2)
    ++lines;
  EXPECT_EQ(lines, 3u);
  EXPECT_TRUE(
      Contains(*csv, "\"'=HYPERLINK(\"\"http://x\"\"), and \"\"more\"\"\""))
      << *csv;
  EXPECT_TRUE(Contains(*csv, ref + ",sar,"));
}

TEST_F(RegisterServiceTest, ReportCountsMonthsStagesPagesAndExemptions) {
  std::string june = Create(SarNoIdBody("2025-06-02")).record.reference;
  Transition(june, {{"to", "validated"}, {"on", "2025-06-04"}});
  Transition(june, {{"to", "withdrawn"},
                    {"on", "2025-06-10"},
                    {"reason", "the requester withdrew"}});
  std::string july = Create(SarNoIdBody("2025-07-15")).record.reference;
  Transition(july, {{"to", "validated"}, {"on", "2025-07-16"}});
  Create(SarNoIdBody("2025-09-01"));
  Create(SarNoIdBody("2025-03-03")); // before the range
  {
    RawDb db(path_);
    db.Exec("INSERT INTO documents (id, case_ref, filename, media_type, "
            "sha256, bytes, uploaded_by, uploaded_at, status, page_count)"
            " VALUES (1, '" +
            july +
            "', 'a.pdf', 'application/pdf', 'x', 1, 'ava', "
            "'2025-07-20T10:00:00Z', 'ready', 12),"
            " (2, '" +
            july +
            "', 'b.pdf', 'application/pdf', 'y', 1, 'ava', "
            "'2025-07-21T10:00:00Z', 'failed', 50)");
    for (const char *exemption : {"third_party", "third_party", "serious_harm"})
      db.Exec(std::string("INSERT INTO redactions (case_ref, document_id, "
                          "page_index, scope, boxes, category, exemption, "
                          "source, status, proposed_by, proposed_at)"
                          " VALUES ('") +
              july + "', 1, 0, 'page', '[]', 'page', '" + exemption +
              "', 'officer', 'accepted', 'ava', '2025-07-22')");
    db.Exec(
        "INSERT INTO redactions (case_ref, document_id, page_index, scope, "
        "boxes, category, exemption, source, status, proposed_by, proposed_at)"
        " VALUES ('" +
        july +
        "', 1, 0, 'page', '[]', 'page', 'legal_privilege', 'officer', "
        "'rejected', 'ava', '2025-07-22')");
  }

  auto r = registers_->Report("2025-06-01", "2025-09-30");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const json &report = *r;
  ASSERT_EQ(report["months"].size(), 4u);
  EXPECT_EQ(report["months"][0]["month"], "2025-06");
  EXPECT_EQ(report["received"], 3);
  std::vector<int> received;
  for (const auto &m : report["months"])
    received.push_back(m["received"].get<int>());
  EXPECT_EQ(received, (std::vector<int>{1, 1, 0, 1}));
  EXPECT_EQ(report["months"][0]["closed"], 1);
  EXPECT_EQ(report["months"][0]["closed_on_time"], 1);
  EXPECT_EQ(report["on_time_percent"], 100.0);
  EXPECT_EQ(report["months"][1]["pages"],
            12); // the failed document is not counted
  EXPECT_EQ(report["pages"], 12);
  // Validate: June took 2 days, July 1 day. Search: June's 6 days before
  // withdrawal.
  ASSERT_EQ(report["stages"].size(), 6u);
  EXPECT_EQ(report["stages"][0]["stage"], "validate");
  EXPECT_EQ(report["stages"][0]["average_days"], 1.5);
  EXPECT_EQ(report["stages"][0]["target_days"], 1);
  EXPECT_EQ(report["stages"][1]["average_days"], 6.0);
  EXPECT_TRUE(report["stages"][3]["average_days"].is_null());
  ASSERT_EQ(report["exemptions"].size(), 2u);
  EXPECT_EQ(report["exemptions"][0]["code"], "third_party");
  EXPECT_EQ(report["exemptions"][0]["count"], 2);
}

TEST_F(RegisterServiceTest, ReportRefusesABackwardsOrTooLongRange) {
  EXPECT_EQ(registers_->Report("2025-09-01", "2025-08-01").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(registers_->Report("2000-01-01", "2025-08-01").status().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(registers_->Report("not a date", "").status().code(),
            ErrorCode::kInvalidArgument);
  auto fine = registers_->Report("", ""); // the 12 months to today
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ((*fine)["months"].size(), 12u);
  EXPECT_EQ((*fine)["to"], kToday);
}

} // namespace
} // namespace sardesk::service
