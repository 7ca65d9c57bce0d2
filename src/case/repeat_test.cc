// Specification of repeat-request detection (seed 002 10.8, seed 004): the
// same data subject asking again for a similar scope within an interval.
#include "case/repeat.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace sardesk::casework {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::FromYmd(y, m, d); }

DataSubject Subject(std::string name, std::optional<Date> dob) {
  DataSubject s;
  s.name = std::move(name);
  s.dob = dob;
  return s;
}

Scope WholeFile() { return Scope{"everything you hold about me", true, {}, std::nullopt, std::nullopt}; }

Scope Services(std::vector<std::string> services, std::optional<Date> from = std::nullopt,
               std::optional<Date> to = std::nullopt) {
  return Scope{"some records", false, std::move(services), from, to};
}

CaseRecord Request(std::string reference, Date received) {
  CaseRecord r;
  r.reference = std::move(reference);
  r.received = received;
  r.subject = Subject("Kay O'Brien", D(1980, 4, 1));
  r.scope = WholeFile();
  return r;
}

// ------------------------------------------------------------ names

TEST(NormaliseName, DropsPunctuationAndCase) {
  EXPECT_EQ(NormaliseName("O'Brien-Smith,  Kay"), "obrien smith kay");
}

TEST(NormaliseName, TrimsAndCollapsesSpaces) {
  EXPECT_EQ(NormaliseName("  Anne \t  Marie  "), "anne marie");
}

TEST(NormaliseName, KeepsDigits) { EXPECT_EQ(NormaliseName("Flat 2B"), "flat 2b"); }

TEST(NormaliseName, EmptyAndPunctuationOnlyGiveEmpty) {
  EXPECT_EQ(NormaliseName(""), "");
  EXPECT_EQ(NormaliseName(" - , . "), "");
}

TEST(NormaliseName, TypographicApostropheJoinsLikeAPlainOne) {
  EXPECT_EQ(NormaliseName("O\u2019Brien"), "obrien");
  EXPECT_EQ(NormaliseName("O\u2018Brien"), "obrien");
}

TEST(NormaliseName, KeepsNonAsciiLetters) { EXPECT_EQ(NormaliseName("Zo\u00eb Br\u00fcck"), "zo\u00eb br\u00fcck"); }

// ------------------------------------------------------------ same subject

TEST(SameSubject, SameNameAndDateOfBirth) {
  EXPECT_TRUE(SameSubject(Subject("Kay O'Brien", D(1980, 4, 1)), Subject("KAY OBRIEN", D(1980, 4, 1))));
}

TEST(SameSubject, MatchesOnAnAliasWithTheSameDateOfBirth) {
  DataSubject earlier = Subject("Katherine O'Brien", D(1980, 4, 1));
  earlier.aliases = {"Kay O'Brien"};
  EXPECT_TRUE(SameSubject(Subject("Kay O'Brien", D(1980, 4, 1)), earlier));
}

TEST(SameSubject, MatchesOnAFormerNameWithTheSameDateOfBirth) {
  DataSubject later = Subject("Kay Smith", D(1980, 4, 1));
  later.former_names = {"Kay O'Brien"};
  EXPECT_TRUE(SameSubject(later, Subject("Kay O'Brien", D(1980, 4, 1))));
}

TEST(SameSubject, DifferentDateOfBirthIsNotTheSamePerson) {
  EXPECT_FALSE(SameSubject(Subject("Kay O'Brien", D(1980, 4, 1)), Subject("Kay O'Brien", D(1980, 4, 2))));
}

TEST(SameSubject, DifferentDateOfBirthWinsOverASharedIdentifier) {
  DataSubject a = Subject("Kay O'Brien", D(1980, 4, 1));
  DataSubject b = Subject("Kay O'Brien", D(1981, 4, 1));
  a.identifiers = b.identifiers = {{IdentifierKind::kNhsNumber, "9434765919"}};
  EXPECT_FALSE(SameSubject(a, b));
}

TEST(SameSubject, SameDateOfBirthWithNoSharedNameIsNotTheSamePerson) {
  EXPECT_FALSE(SameSubject(Subject("Kay O'Brien", D(1980, 4, 1)), Subject("Sam Jones", D(1980, 4, 1))));
}

TEST(SameSubject, WithoutDatesOfBirthASharedIdentifierMatches) {
  DataSubject a = Subject("Kay O'Brien", std::nullopt);
  DataSubject b = Subject("K. Smith", std::nullopt);
  a.identifiers = {{IdentifierKind::kSocialCareId, "MOS-1234"}};
  b.identifiers = {{IdentifierKind::kNhsNumber, "9434765919"}, {IdentifierKind::kSocialCareId, "mos-1234"}};
  EXPECT_TRUE(SameSubject(a, b));
}

TEST(SameSubject, WithoutDatesOfBirthTheIdentifierKindMustMatch) {
  DataSubject a = Subject("Kay O'Brien", std::nullopt);
  DataSubject b = Subject("Kay O'Brien", std::nullopt);
  a.identifiers = {{IdentifierKind::kSocialCareId, "1234"}};
  b.identifiers = {{IdentifierKind::kEducationId, "1234"}};
  EXPECT_FALSE(SameSubject(a, b));
}

TEST(SameSubject, WithoutDatesOfBirthOrIdentifiersANameAloneIsNotEnough) {
  EXPECT_FALSE(SameSubject(Subject("Kay O'Brien", std::nullopt), Subject("Kay O'Brien", std::nullopt)));
}

TEST(SameSubject, EmptyIdentifierValuesDoNotMatch) {
  DataSubject a = Subject("Kay", std::nullopt);
  DataSubject b = Subject("Kay", std::nullopt);
  a.identifiers = b.identifiers = {{IdentifierKind::kOther, ""}};
  EXPECT_FALSE(SameSubject(a, b));
}

// ------------------------------------------------------------ similar scope

TEST(SimilarScope, WholeFileOverlapsAnyService) {
  EXPECT_TRUE(SimilarScope(WholeFile(), Services({"Housing"})));
  EXPECT_TRUE(SimilarScope(Services({"Housing"}), WholeFile()));
}

TEST(SimilarScope, SharedServiceOverlaps) {
  EXPECT_TRUE(SimilarScope(Services({"Housing", "Children's social care"}),
                           Services({"childrens social care"})));
}

TEST(SimilarScope, DifferentServicesDoNotOverlap) {
  EXPECT_FALSE(SimilarScope(Services({"Housing"}), Services({"Adult social care"})));
}

TEST(SimilarScope, DisjointDateRangesDoNotOverlap) {
  Scope a = Services({"Housing"}, D(2000, 1, 1), D(2005, 12, 31));
  Scope b = Services({"Housing"}, D(2006, 1, 1), D(2010, 12, 31));
  EXPECT_FALSE(SimilarScope(a, b));
  EXPECT_FALSE(SimilarScope(b, a));
}

TEST(SimilarScope, WholeFileWithDisjointDatesDoesNotOverlap) {
  Scope a = WholeFile();
  a.date_to = D(1999, 12, 31);
  Scope b = WholeFile();
  b.date_from = D(2000, 1, 1);
  EXPECT_FALSE(SimilarScope(a, b));
}

TEST(SimilarScope, RangesSharingOneDayOverlap) {
  Scope a = Services({"Housing"}, D(2000, 1, 1), D(2005, 12, 31));
  Scope b = Services({"Housing"}, D(2005, 12, 31), D(2010, 12, 31));
  EXPECT_TRUE(SimilarScope(a, b));
}

TEST(SimilarScope, OpenEndedRangeOverlapsLaterDates) {
  Scope a = Services({"Housing"}, D(2000, 1, 1), std::nullopt);
  Scope b = Services({"Housing"}, D(2020, 1, 1), D(2021, 1, 1));
  EXPECT_TRUE(SimilarScope(a, b));
}

// ------------------------------------------------------------ repeats

TEST(IsPossibleRepeat, SameSubjectAndScopeWithinTheInterval) {
  EXPECT_TRUE(IsPossibleRepeat(Request("SAR-2", D(2025, 6, 2)), Request("SAR-1", D(2025, 3, 1)), 180));
}

TEST(IsPossibleRepeat, NotOutsideTheInterval) {
  EXPECT_FALSE(IsPossibleRepeat(Request("SAR-2", D(2025, 6, 2)), Request("SAR-1", D(2024, 6, 1)), 180));
}

TEST(IsPossibleRepeat, TheIntervalIncludesItsLastDay) {
  CaseRecord later = Request("SAR-2", D(2025, 6, 30));
  EXPECT_TRUE(IsPossibleRepeat(later, Request("SAR-1", D(2025, 6, 1)), 29));
  EXPECT_FALSE(IsPossibleRepeat(later, Request("SAR-1", D(2025, 5, 31)), 29));
}

TEST(IsPossibleRepeat, NotARepeatOfItself) {
  EXPECT_FALSE(IsPossibleRepeat(Request("SAR-1", D(2025, 6, 2)), Request("SAR-1", D(2025, 6, 2)), 180));
}

TEST(IsPossibleRepeat, NotWhenTheEarlierRequestWasReceivedLater) {
  EXPECT_FALSE(IsPossibleRepeat(Request("SAR-2", D(2025, 6, 2)), Request("SAR-1", D(2025, 6, 3)), 180));
}

TEST(IsPossibleRepeat, NotForADifferentSubject) {
  CaseRecord earlier = Request("SAR-1", D(2025, 5, 1));
  earlier.subject = Subject("Sam Jones", D(1975, 1, 1));
  EXPECT_FALSE(IsPossibleRepeat(Request("SAR-2", D(2025, 6, 2)), earlier, 180));
}

TEST(IsPossibleRepeat, NotForADifferentScope) {
  CaseRecord earlier = Request("SAR-1", D(2025, 5, 1));
  earlier.scope = Services({"Housing"});
  CaseRecord later = Request("SAR-2", D(2025, 6, 2));
  later.scope = Services({"Adult social care"});
  EXPECT_FALSE(IsPossibleRepeat(later, earlier, 180));
}

}  // namespace
}  // namespace sardesk::casework
