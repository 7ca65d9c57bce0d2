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
  return {doc, page, Sha256Hex(NormaliseForComparison(text)), SimHash(text), CountWords(text), WordPairs(text)};
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

TEST(FindDuplicatePages, PagesOfTheSameFormWithDifferentDetailsAreNotDuplicates) {
  // Same template, different people and dates: similar, but not the same page.
  std::string a = "Contact record. Date: 3 March 2014. Worker: A Khan. Child: Tom. Venue: family centre. "
                  "Notes: Tom arrived with his mother, played with the train set, asked about his brother, "
                  "and was upset at the end of the session when it was time to leave. Next contact agreed for Saturday.";
  std::string b = "Contact record. Date: 17 June 2015. Worker: B Jones. Child: Amy. Venue: grandparents home. "
                  "Notes: Amy arrived late with her father, read a book with her grandmother, talked about "
                  "school, and settled well; she was happy to go home with her carer. Next contact to be confirmed.";
  EXPECT_TRUE(FindDuplicatePages({Print(1, 0, a), Print(2, 0, b)}).empty());
}

TEST(Jaccard, CountsSharedPairs) {
  EXPECT_DOUBLE_EQ(Jaccard(WordPairs("a b c d"), WordPairs("a b c d")), 1.0);
  EXPECT_DOUBLE_EQ(Jaccard(WordPairs("a b c"), WordPairs("x y z")), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(WordPairs("a b c"), WordPairs("a b x")), 1.0 / 3.0);
}

TEST(FindDuplicatePages, ShortAndBlankPagesAreNotNearDuplicates) {
  auto matches = FindDuplicatePages({Print(1, 0, "Page intentionally left blank"), Print(1, 1, "Page intentionally left blank."),
                                     Print(1, 2, ""), Print(1, 3, "")});
  EXPECT_TRUE(matches.empty());
}

}  // namespace
}  // namespace sardesk::ingest
