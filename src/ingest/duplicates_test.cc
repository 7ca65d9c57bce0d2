#include "ingest/duplicates.h"

#include <gtest/gtest.h>

#include "common/sha256.h"

namespace sardesk::ingest {
namespace {

const char* kLetter =
    "Dear Ms Smith, I am writing following our meeting on 12 March about the arrangements for contact "
    "between you and your children. We agreed that contact would take place every Saturday at the family "
    "centre, supervised by a family support worker, and that we would review the arrangement after six weeks. "
    "Please contact me if anything changes. Yours sincerely, the allocated social worker.";

PageFingerprint Print(std::int64_t doc, int page, const std::string& text) {
  return {doc, page, Sha256Hex(NormaliseForComparison(text)), SimHash(text), CountWords(text)};
}

TEST(NormaliseForComparison, IgnoresCaseAndSpacing) {
  EXPECT_EQ(NormaliseForComparison("  Dear   MS\nSmith "), "dear ms smith");
}

TEST(SimHash, CloseTextsAreClose) {
  std::string scanned_again = kLetter;
  scanned_again.replace(scanned_again.find("Saturday"), 8, "Saturdav");  // an OCR slip
  EXPECT_LE(HammingDistance(SimHash(kLetter), SimHash(scanned_again)), kNearDuplicateDistance);
  EXPECT_GT(HammingDistance(SimHash(kLetter), SimHash("Minutes of the child protection conference held on 3 May "
                                                        "with the school, the health visitor and the family present "
                                                        "to consider the plan and the next review date for the child")),
            kNearDuplicateDistance);
}

TEST(FindDuplicatePages, FindsExactRepeatsAcrossDocuments) {
  auto matches = FindDuplicatePages({Print(1, 0, kLetter), Print(1, 1, "Another page entirely about something else"),
                                     Print(2, 0, std::string("  ") + kLetter + "\n")});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].document_id, 2);
  EXPECT_EQ(matches[0].of_document, 1);
  EXPECT_EQ(matches[0].of_page, 0);
  EXPECT_EQ(matches[0].kind, "exact");
}

TEST(FindDuplicatePages, FindsNearRepeats) {
  std::string again = kLetter;
  again.replace(again.find("six weeks"), 9, "six  weeks.");
  again.replace(again.find("Ms Smith"), 8, "Ms Smyth");
  auto matches = FindDuplicatePages({Print(1, 0, kLetter), Print(3, 4, again)});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].kind, "near");
  EXPECT_EQ(matches[0].document_id, 3);
  EXPECT_EQ(matches[0].page_index, 4);
}

TEST(FindDuplicatePages, ShortAndBlankPagesAreNotNearDuplicates) {
  auto matches = FindDuplicatePages({Print(1, 0, "Page intentionally left blank"), Print(1, 1, "Page intentionally left blank."),
                                     Print(1, 2, ""), Print(1, 3, "")});
  EXPECT_TRUE(matches.empty());
}

}  // namespace
}  // namespace sardesk::ingest
