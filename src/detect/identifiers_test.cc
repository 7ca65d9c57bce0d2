#include "detect/identifiers.h"

#include <gtest/gtest.h>

#include <string>

namespace sardesk::detect {
namespace {

// The single identifier found in text, as "LABEL:text", or "none".
std::string Only(std::string_view text) {
  auto found = FindIdentifiers(text);
  if (found.empty()) return "none";
  std::string out;
  for (const auto& m : found) {
    if (!out.empty()) out += "|";
    out += std::string(LabelName(m.label)) + ":" + std::string(text.substr(m.start, m.end - m.start));
  }
  return out;
}

TEST(NhsNumber, AcceptsAValidCheckDigit) { EXPECT_TRUE(IsValidNhsNumber("9434765919")); }

TEST(NhsNumber, RejectsAWrongCheckDigit) { EXPECT_FALSE(IsValidNhsNumber("9434765918")); }

TEST(NhsNumber, IsFoundSpacedHyphenatedOrRunTogether) {
  EXPECT_EQ(Only("NHS 943 476 5919."), "NHS_NUMBER:943 476 5919");
  EXPECT_EQ(Only("NHS no 943-476-5919"), "NHS_NUMBER:943-476-5919");
  EXPECT_EQ(Only("NHS: 9434765919"), "NHS_NUMBER:9434765919");
}

TEST(NhsNumber, TenDigitsInsideALongerReferenceAreNotOne) {
  EXPECT_EQ(Only("Crime ref 5400017622/25, both parents"), "OTHER_ID:5400017622/25");
}

TEST(NhsNumber, TenDigitsFailingTheCheckAreNotAnNhsNumber) { EXPECT_EQ(Only("ref 943 476 5918"), "none"); }

TEST(NhsNumber, AfterItsCueAMistypedCheckDigitIsStillOne) {
  EXPECT_EQ(Only("NHS No 402 118 9031"), "NHS_NUMBER:402 118 9031");
}

TEST(BankDetails, ShortFormsOfSortCodeAndAccount) {
  // "07-04-36" reads as a date; after "s/c" it is a sort code.
  EXPECT_EQ(Only("Nationwide, s/c 07-04-36 a/c 21559043."), "BANK:07-04-36|BANK:21559043");
  EXPECT_EQ(Only("sort code 30-94-57, acc 41186023"), "BANK:30-94-57|BANK:41186023");
}

TEST(ReferenceNumbers, AnAgencysFileNumberNeedsNoCue) {
  EXPECT_EQ(Only("legacy file LCC/CF/0088214."), "OTHER_ID:LCC/CF/0088214");
  EXPECT_EQ(Only("an allegation against Jason: HP/23/58871. Agreed"), "OTHER_ID:HP/23/58871");
  EXPECT_EQ(Only("at the address on 27/12 (log LP-271223-0451), reported"), "OTHER_ID:LP-271223-0451");
  EXPECT_EQ(Only("1. NP-20250114-0237 - sexual activity."), "OTHER_ID:NP-20250114-0237");
  EXPECT_EQ(Only("COVID-19 in 2020-21"), "none");
  EXPECT_EQ(Only("room AB-12-34"), "none");
  EXPECT_EQ(Only("open 24/7 and w/c 1234"), "none");
}

TEST(NiNumber, AcceptsAllocatedPrefixes) {
  EXPECT_TRUE(IsValidNino("AB123456C"));
  EXPECT_TRUE(IsValidNino("JT482019A"));
}

TEST(NiNumber, RejectsForbiddenPrefixesAndSuffixes) {
  EXPECT_FALSE(IsValidNino("GB123456A"));  // not allocated
  EXPECT_FALSE(IsValidNino("DA123456A"));  // D never first
  EXPECT_FALSE(IsValidNino("AO123456A"));  // O never second
  EXPECT_FALSE(IsValidNino("AB123456E"));  // suffix A-D only
}

TEST(NiNumber, IsFoundCompactOrSpaced) {
  EXPECT_EQ(Only("NI: JT482019A"), "NINO:JT482019A");
  EXPECT_EQ(Only("NI JT 48 20 19 A given"), "NINO:JT 48 20 19 A");
  EXPECT_EQ(Only("NI number JT 482019 A checked"), "NINO:JT 482019 A");
}

TEST(Postcode, IsFoundWithOrWithoutASpaceInAnyCase) {
  EXPECT_EQ(Only("Bideford, DN14 4DL"), "POSTCODE:DN14 4DL");
  EXPECT_EQ(Only("at dn144dl today"), "POSTCODE:dn144dl");
  EXPECT_EQ(Only("London SW1A 1AA"), "POSTCODE:SW1A 1AA");
  EXPECT_EQ(Only("M1 1AE"), "POSTCODE:M1 1AE");
}

TEST(Postcode, RejectsInwardLettersNeverUsed) { EXPECT_FALSE(IsValidPostcode("DN14 4CI")); }

TEST(Phone, FindsUkMobilesAndLandlinesInTheirUsualForms) {
  EXPECT_EQ(Only("mobile 07700 900123"), "PHONE:07700 900123");
  EXPECT_EQ(Only("call 07700900123"), "PHONE:07700900123");
  EXPECT_EQ(Only("on +44 7700 900123"), "PHONE:+44 7700 900123");
  EXPECT_EQ(Only("on +44 (0)7700 900123"), "PHONE:+44 (0)7700 900123");
  EXPECT_EQ(Only("tel (01392) 382000"), "PHONE:(01392) 382000");
  EXPECT_EQ(Only("tel 0117 496 0123"), "PHONE:0117 496 0123");
}

TEST(Phone, TooFewDigitsIsNotAPhone) { EXPECT_EQ(Only("room 01234"), "none"); }

TEST(Email, FindsTheWholeAddress) {
  EXPECT_EQ(Only("email jess.balogun12@mailbox.co.uk."), "EMAIL:jess.balogun12@mailbox.co.uk");
}

TEST(Date, ParsesTheFormsCaseRecordsUse) {
  CalendarDate d;
  ASSERT_TRUE(ParseDate("8 December 2013", &d));
  EXPECT_EQ(d, (CalendarDate{2013, 12, 8}));
  ASSERT_TRUE(ParseDate("27/09/1999", &d));
  EXPECT_EQ(d, (CalendarDate{1999, 9, 27}));
  ASSERT_TRUE(ParseDate("08.12.13", &d));
  EXPECT_EQ(d, (CalendarDate{2013, 12, 8}));
  ASSERT_TRUE(ParseDate("2013-12-08", &d));
  ASSERT_TRUE(ParseDate("8th Dec 2013", &d));
  EXPECT_FALSE(ParseDate("31/02/2013", &d));
}

TEST(Bank, FindsSortCodeAndAccountNumber) {
  EXPECT_EQ(Only("sort code 12-34-56 account 12345678"), "BANK:12-34-56|BANK:12345678");
}

TEST(Vehicle, FindsCurrentRegistrations) { EXPECT_EQ(Only("drives AB12 CDE"), "VEHICLE:AB12 CDE"); }

TEST(ReferenceNumber, IsFoundAfterItsCueWords) {
  EXPECT_EQ(Only("Crime ref: 12/34567/19 was given."), "OTHER_ID:12/34567/19");
  EXPECT_EQ(Only("Mosaic ID 1234567"), "OTHER_ID:1234567");
  EXPECT_EQ(Only("case number CR-2019-0456."), "OTHER_ID:CR-2019-0456");
  EXPECT_EQ(Only("Police incident no. 4411 of 3rd"), "OTHER_ID:4411");
  EXPECT_EQ(Only("Her CRN is 55120934"), "OTHER_ID:55120934");
}

TEST(ReferenceNumber, NeedsACueAndFourDigits) {
  EXPECT_EQ(Only("Referral made to MARAC 2019."), "none");
  EXPECT_EQ(Only("ref to school nurse"), "none");
  EXPECT_EQ(Only("the case was closed in 2019"), "none");
  EXPECT_EQ(Only("case no 123"), "none");
  EXPECT_EQ(Only("reference 943 476 5919"), "NHS_NUMBER:943 476 5919");  // an NHS number stays one
}

TEST(SocialMedia, QuotedNamesAfterThePlatform) {
  EXPECT_EQ(Only("Snapchat account \"dee_carlz99\" linked to transfers"), "OTHER_ID:dee_carlz99");
  EXPECT_EQ(Only("her Instagram, @tyreezy.c."), "OTHER_ID:@tyreezy.c");
  // A quoted word, or a quoted code with no platform named, is not one.
  EXPECT_EQ(Only("he said \"fine\" on Snapchat"), "none");
  EXPECT_EQ(Only("the form said \"ab_12\" somewhere"), "none");
}

TEST(ReferenceNumber, PrisonAndHospitalNumbers) {
  EXPECT_EQ(Only("prison no. A7731DK today"), "OTHER_ID:A7731DK");
  EXPECT_EQ(Only("hospital number RAE4471902 given"), "OTHER_ID:RAE4471902");
}

TEST(Postcode, IrishEircodesWithTheirSpace) {
  EXPECT_EQ(Only("14 Ashe Street, Tralee, V92 KX27."), "POSTCODE:V92 KX27");
  EXPECT_EQ(Only("Dublin D6W XY12"), "POSTCODE:D6W XY12");
  EXPECT_EQ(Only("on the A12 3456 road"), "none");
}

TEST(ReferenceNumber, PluralAndPoliceCues) {
  EXPECT_EQ(Only("incident refs GMP-24-0077312 and more"), "OTHER_ID:GMP-24-0077312");
  EXPECT_EQ(Only("(occurrence NC-24-061873)"), "OTHER_ID:NC-24-061873");
  EXPECT_EQ(Only("arrested (CR 20/114839/24)"), "OTHER_ID:20/114839/24");
}

TEST(ReferenceNumber, CertificateAndTaxReferencesInDigitGroups) {
  EXPECT_EQ(Only("to confirm DBS certificate no. 001784522319 and supply"), "OTHER_ID:001784522319");
  EXPECT_EQ(Only("self-employed (tree work, UTR 88314 20576)"), "OTHER_ID:88314 20576");
  EXPECT_EQ(Only("case ref 44710 2 children"), "OTHER_ID:44710");
}

TEST(Vehicle, OlderFormatsAfterARegCue) {
  EXPECT_EQ(Only("a red Cortina reg B472 KFV - Roy saw it"), "VEHICLE:B472 KFV");
  EXPECT_EQ(Only("registration number KFV 472B."), "VEHICLE:KFV 472B");
  EXPECT_EQ(Only("Flat B472 KFV building"), "none");
}

TEST(Vehicle, OlderFormatsAfterACarOrDriverNearby) {
  EXPECT_EQ(Only("He come in a car, a green Cortina, the number was PWB 418M, Ron wrote it down"), "VEHICLE:PWB 418M");
  EXPECT_EQ(Only("Room PWB 418M is booked"), "none");
  EXPECT_EQ(Only("SUSPECT VEHICLE: BLACK BMW 320D FN16 UWK"), "VEHICLE:FN16 UWK");
  EXPECT_EQ(Only("VEHICLE OF INTEREST GREY AUDI A3 VRM KX19 LMW."), "VEHICLE:KX19 LMW");
}

TEST(Vehicle, NorthernIrishFormatAfterACue) {
  EXPECT_EQ(Only("in his car (black Audi A3, NFZ 4821) to parties"), "VEHICLE:NFZ 4821");
  EXPECT_EQ(Only("see the BIZ 2024 report"), "none");
}

TEST(Vehicle, LowerCaseRegistrationInHurriedNotes) {
  EXPECT_EQ(Only("says ryan drives black corsa fy16 wbn."), "VEHICLE:fy16 wbn");
  EXPECT_EQ(Only("ref ab12 cde in the notes"), "none");
}

TEST(Vehicle, PartialRegistrations) {
  EXPECT_EQ(Only("Partial plate \"KM71\", red hatchback"), "VEHICLE:KM71");
  EXPECT_EQ(Only("I got part of the reg, WU19-something."), "VEHICLE:WU19");
  EXPECT_EQ(Only("a grey Corsa, part reg YH68, driven by"), "VEHICLE:YH68");
  EXPECT_EQ(Only("part of the group in room KM71"), "none");
}

TEST(Dates, DayMonthYearWithHyphensAndAMonthsName) {
  EXPECT_EQ(Only("DOB: 29-JAN-2007 |"), "DOB:29-JAN-2007");
  EXPECT_EQ(Only("born 3-Mar-1999."), "DOB:3-Mar-1999");
  EXPECT_NE(Only("seen 29-JANE-2007"), "DOB:29-JANE-2007");
}

TEST(SocialMedia, UnquotedNamesAfterThePlatformAndTheirRepeats) {
  EXPECT_EQ(Only("His Snapchat is rich.kidd99 and he posts daily."), "OTHER_ID:rich.kidd99");
  EXPECT_EQ(Only("Contacts her on Instagram (kyle.rich_pboro)."), "OTHER_ID:kyle.rich_pboro");
  // The same name over each quoted message is found again.
  EXPECT_EQ(Only("A Snapchat group; the account is kaylz.xo.\nkaylz.xo: \"lol\""),
            "OTHER_ID:kaylz.xo|OTHER_ID:kaylz.xo");
  // Not a section number, a web address, a file or a word with capitals.
  EXPECT_EQ(Only("Snapchat messages led to a s.42 enquiry; see gov.uk and notes.docx, Snap.Chat."), "none");
  // Without a platform nearby, no name is guessed.
  EXPECT_EQ(Only("The file rich.kidd99 was saved."), "none");
}

TEST(ReferenceNumber, HospitalIncidentCourtAndCardNumbers) {
  EXPECT_EQ(Only("MRN NM1187520"), "OTHER_ID:NM1187520");
  EXPECT_EQ(Only("security attended (Datix IR-2024-00412)"), "OTHER_ID:IR-2024-00412");
  EXPECT_EQ(Only("indictment no. T20237041"), "OTHER_ID:T20237041");
  EXPECT_EQ(Only("carer ID CR-55817"), "OTHER_ID:CR-55817");
  EXPECT_EQ(Only("Previous badge no. BB07124458 expired"), "OTHER_ID:BB07124458");
  EXPECT_EQ(Only("Mum's Blue Badge HA22817730 is used"), "OTHER_ID:HA22817730");
  EXPECT_EQ(Only("the badge was renewed"), "none");
}

}  // namespace
}  // namespace sardesk::detect
