#include "detect/detector.h"
#include "detect/lexicon.h"

#include <gtest/gtest.h>

#include <string>

namespace sardesk::detect {
namespace {

CaseContext Carter() {
  CaseContext c;
  c.subject = {"Ellie Carter", {"Ells"}, "2012-03-04", "14 Rosebank Gardens, Selby, YO8 4QP"};
  c.staff = {{"Iris Davies", "Social Worker"}, {"Jason Farah", "Practice Manager"}};
  return c;
}

// The proposal covering exactly `needle` (its first occurrence), if any.
const Proposal* Find(const Detection& d, std::string_view text, std::string_view needle, std::size_t nth = 0) {
  std::size_t pos = text.find(needle);
  for (std::size_t k = 0; k < nth && pos != std::string_view::npos; ++k) pos = text.find(needle, pos + 1);
  if (pos == std::string_view::npos) return nullptr;
  for (const auto& p : d.proposals)
    if (p.start == pos && p.end == pos + needle.size()) return &p;
  return nullptr;
}

// True if any redaction touches `needle`.
bool Redacted(const Detection& d, std::string_view text, std::string_view needle, std::size_t nth = 0) {
  std::size_t pos = text.find(needle);
  for (std::size_t k = 0; k < nth && pos != std::string_view::npos; ++k) pos = text.find(needle, pos + 1);
  if (pos == std::string_view::npos) return false;
  for (const auto& p : d.proposals)
    if (p.action == Action::kRedact && p.start < pos + needle.size() && p.end > pos) return true;
  return false;
}

Detection DetectIn(std::string_view text, const CaseContext& c = Carter()) { return Detector().Detect(text, c); }

TEST(Detector, KeepsTheSubjectsNamesAndAliases) {
  std::string_view text = "Ellie Carter was seen at school. Ells said she was fine.";
  auto d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Ellie Carter"), nullptr);
  EXPECT_EQ(Find(d, text, "Ellie Carter")->party, Party::kSubject);
  EXPECT_EQ(Find(d, text, "Ellie Carter")->action, Action::kKeep);
  EXPECT_FALSE(Redacted(d, text, "Ells"));
}

TEST(Detector, KeepsCouncilStaffFromTheDirectory) {
  std::string_view text = "Visit by Iris Davies. Agreed by Jason.";
  auto d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Iris Davies"), nullptr);
  EXPECT_EQ(Find(d, text, "Iris Davies")->party, Party::kProfessional);
  EXPECT_FALSE(Redacted(d, text, "Jason"));
}

TEST(Detector, KeepsProfessionalsByTheirRoleCues) {
  std::string_view text =
      "Referred to Dr Okafor. Seen by Nkechi Adeyemi (GP). Logged by Mrs Whitfield (Head Teacher). "
      "Health visitor Tamsin Rook visited.";
  auto d = DetectIn(text);
  for (auto name : {"Dr Okafor", "Nkechi Adeyemi", "Mrs Whitfield", "Tamsin Rook"}) {
    const Proposal* p = Find(d, text, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_EQ(p->party, Party::kProfessional) << name;
    EXPECT_EQ(p->action, Action::kKeep) << name;
  }
}

TEST(Detector, RelationshipCuesMakeThirdParties) {
  std::string_view text = "Ellie lives with her mother Dorota Carter and her partner Liam Hughes.";
  auto d = DetectIn(text);
  const Proposal* mum = Find(d, text, "Dorota Carter");
  ASSERT_NE(mum, nullptr);
  EXPECT_EQ(mum->party, Party::kThirdParty);
  EXPECT_EQ(mum->action, Action::kRedact);
  EXPECT_NE(mum->reason.find("mother"), std::string::npos);
  EXPECT_TRUE(Redacted(d, text, "Liam Hughes"));
  EXPECT_FALSE(Redacted(d, text, "Ellie"));
}

TEST(Detector, TitledSurnameSharedWithTheSubjectIsTheParent) {
  std::string_view text = "Mother Dorota Carter attended. Ms Carter was tearful; Ellie was quiet.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Ms Carter"));
  EXPECT_FALSE(Redacted(d, text, "Ellie"));
}

TEST(Detector, FirstNameAfterIntroductionIsTheSameThirdParty) {
  std::string_view text = "Present: Ellie Banks (sister). Later Ellie Banks left; then Ellie phoned.";
  CaseContext c = Carter();
  c.subject.name = "Maya Carter";
  c.subject.aliases = {};
  auto d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Ellie", 2));
  const Proposal* p = Find(d, text, "Ellie", 2);
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->reason.find("sister"), std::string::npos);
}

TEST(Detector, FindsCapitalisedFormFields) {
  std::string_view text = "Victim: HUGHES, Dorota\nSuspect: KOWALSKI, Marek  DOB unknown";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "HUGHES, Dorota"));
  EXPECT_TRUE(Redacted(d, text, "KOWALSKI, Marek"));
}

TEST(Detector, FindsLowercaseNamesInHurriedNotes) {
  std::string_view text = "Tomasz Nowak (uncle) visited. spoke to tomasz re contact.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "tomasz"));
}

TEST(Detector, FindsHyphenAndApostropheNames) {
  std::string_view text = "Her friend Anne-Marie O'Connor and Mr Ashworth-Lee called.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Anne-Marie O'Connor"));
  EXPECT_TRUE(Redacted(d, text, "Mr Ashworth-Lee"));
}

TEST(Detector, NamesThatAreOrdinaryWordsNeedACue) {
  std::string_view text = "Ellie showed joy at the visit and walked down the street. Her cousin Joy Frost rang.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "joy"));
  EXPECT_FALSE(Redacted(d, text, "street"));
  EXPECT_TRUE(Redacted(d, text, "Joy Frost"));
}

TEST(Detector, InitialAndSurname) {
  std::string_view text = "- Update: D. Carter (mother) is engaging with the course.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "D. Carter"));
}

TEST(Detector, OffsetsAreUtf8Bytes) {
  std::string_view text = "Zo\xC3\xAB said \xE2\x80\x94 her neighbour Łucja Wiśniewska shouted.";
  auto d = DetectIn(text);
  std::string_view name = "\xC5\x81ucja Wi\xC5\x9Bniewska";
  EXPECT_TRUE(Redacted(d, text, name));
  const Proposal* p = Find(d, text, name);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(text.substr(p->start, p->end - p->start), name);
}

TEST(Detector, ThirdPartyPhoneNamesItsOwner) {
  std::string_view text = "Mum was called on 07700 900123 but did not answer.";
  auto d = DetectIn(text);
  const Proposal* p = Find(d, text, "07700 900123");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->action, Action::kRedact);
  EXPECT_EQ(p->reason, "mother's mobile number");
}

TEST(Detector, SubjectsOwnIdentifiersAreKept) {
  std::string_view text = "Name: Ellie Carter\nDate of birth: 4 March 2012\nAddress: 14 Rosebank Gardens, Selby, YO8 4QP\n"
                          "Case discussed: Ellie Carter (NHS 943 476 5919)";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "4 March 2012"));
  EXPECT_FALSE(Redacted(d, text, "14 Rosebank Gardens"));
  EXPECT_FALSE(Redacted(d, text, "YO8 4QP"));
  EXPECT_FALSE(Redacted(d, text, "943 476 5919"));
}

TEST(Detector, ThirdPartyDateOfBirthAndAddressAreRedacted) {
  std::string_view text = "Brother Kai (born 27/09/2009) lives with his father at 7 Mill Lane, Thirsk.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "27/09/2009"));
  EXPECT_TRUE(Redacted(d, text, "7 Mill Lane, Thirsk"));
}

TEST(Detector, AddressesWithoutAHouseNumber) {
  std::string_view text =
      "Grandmother Ivy Stokes lives at Rose Cottage, Mill Lane, Ledbury. Her son moved to Flat 2, Rowan House, "
      "Kingsway, Luton. The uncle lives at Chapel Road, Barnstaple with his partner.";
  auto d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Rose Cottage, Mill Lane, Ledbury"), nullptr);
  EXPECT_EQ(Find(d, text, "Rose Cottage, Mill Lane, Ledbury")->label, Label::kAddress);
  EXPECT_TRUE(Redacted(d, text, "Rose Cottage, Mill Lane, Ledbury"));
  ASSERT_NE(Find(d, text, "Flat 2, Rowan House, Kingsway, Luton"), nullptr);
  EXPECT_TRUE(Redacted(d, text, "Flat 2, Rowan House, Kingsway, Luton"));
  ASSERT_NE(Find(d, text, "Chapel Road, Barnstaple"), nullptr);
  EXPECT_TRUE(Redacted(d, text, "Chapel Road, Barnstaple"));
}

TEST(Detector, AddressesWithDistrictsWelshStreetsAndHouseNames) {
  std::string_view text =
      "Police attended Flat 3, Tilgate Court, Furnace Green, Crawley RH10 6JD. Her uncle lives at The Paddocks, "
      "Mill Road, Stifford Clays with his wife. The flat at 14 Lon Ddewi, Ammanford was visited. Father believed "
      "to be at 112 Featherstall Road North, Oldham OL9 6QB.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Flat 3, Tilgate Court, Furnace Green, Crawley"));
  ASSERT_NE(Find(d, text, "Flat 3, Tilgate Court, Furnace Green, Crawley"), nullptr);
  ASSERT_NE(Find(d, text, "The Paddocks, Mill Road, Stifford Clays"), nullptr);
  ASSERT_NE(Find(d, text, "14 Lon Ddewi, Ammanford"), nullptr);
  ASSERT_NE(Find(d, text, "112 Featherstall Road North, Oldham"), nullptr);
}

TEST(Detector, LowercaseAddressesInNotes) {
  std::string_view text =
      "tc mgm. she has been stopping at mgm most wkends (flat 3 linden ct, dalton) and wants to go there. "
      "spoke to mum. she is ok.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "flat 3 linden ct, dalton"));
}

TEST(Detector, PlacesThatAreNotAddressesStayUnredacted) {
  // A street named without a cue, or a house word in an organisation, is not an address.
  std::string_view text = "We met in the cafe on Chapel Road. She attends Beech House, a day service in Exeter.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Chapel Road"));
  EXPECT_FALSE(Redacted(d, text, "Beech House"));
}

TEST(Detector, PlacesAreNotPeople) {
  std::string_view text =
      "Her brother lives in Luton and works for Leicester City Council. A Bengali interpreter attended. "
      "Mum Shannon Price was present. He was moved through France in a lorry.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Luton"));
  EXPECT_FALSE(Redacted(d, text, "Leicester City Council"));
  EXPECT_FALSE(Redacted(d, text, "Bengali"));
  EXPECT_FALSE(Redacted(d, text, "France"));
  EXPECT_TRUE(Redacted(d, text, "Shannon Price"));
}

TEST(Detector, TheRequestersAddressIsFoundWhereverItIsRepeated) {
  CaseContext c = Carter();
  c.subject.address = "Flat 6, Kempston House, 40 Ampthill Road, Bedford, MK42 9HL";
  std::string_view text = "Ellie has lived at Flat 6, Kempston House, 40 Ampthill Road, Bedford since May.";
  auto d = DetectIn(text, c);
  const Proposal* a = Find(d, text, "Flat 6, Kempston House, 40 Ampthill Road, Bedford");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->party, Party::kSubject);
  EXPECT_FALSE(Redacted(d, text, "Kempston"));
}

TEST(Detector, FormFieldsBelongToThePersonTheyDescribe) {
  std::string_view text =
      "NAME: CARTER, Ellie\nDOB: 04/03/2012\nNHS NO: 943 476 5919\n\nMOTHER: CARTER, Lisa   NI NO: JT 45 82 17 C\n";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "943 476 5919"));
  EXPECT_TRUE(Redacted(d, text, "JT 45 82 17 C"));
}

TEST(Detector, WorkContactsAndSignaturesAreProfessionals) {
  std::string_view text =
      "Any problems, my mobile until Friday is 07816 443092.\n\nThanks,\n\nHannah Clegg\nPersonal Adviser\n"
      "Tel: 01724 297481\nhannah.clegg@northlincs.gov.uk\n";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "07816 443092"));
  EXPECT_FALSE(Redacted(d, text, "Hannah Clegg"));
  EXPECT_FALSE(Redacted(d, text, "01724 297481"));
  EXPECT_FALSE(Redacted(d, text, "hannah.clegg@northlincs.gov.uk"));
}

TEST(Detector, MoreRolesAndGreetings) {
  std::string_view text =
      "Hi Ellie, I'm sorry I missed you. Regular carers Joy Okonkwo and Amara visit twice a day. Spoken to "
      "Harpreet Kaur, duty CPN. Referral to IDVA Stacey Moore. Rafi told teaching assistant Miss Kaur.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ellie"));
  EXPECT_FALSE(Redacted(d, text, "I'm"));
  EXPECT_FALSE(Redacted(d, text, "Joy Okonkwo"));
  EXPECT_FALSE(Redacted(d, text, "Harpreet Kaur"));
  EXPECT_FALSE(Redacted(d, text, "Stacey Moore"));
  EXPECT_FALSE(Redacted(d, text, "Miss Kaur"));
}

TEST(Detector, LowercaseNotesAndNicknames) {
  std::string_view text =
      "hv - mum shannon in, darren hill (\"dazza\") asleep upstairs. younger sib tyler (6) home off school. "
      "k says dazza grabbed her. tc mr okafor (DSL).";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "shannon"));
  ASSERT_NE(Find(d, text, "darren hill"), nullptr);
  EXPECT_TRUE(Redacted(d, text, "darren hill"));
  EXPECT_TRUE(Redacted(d, text, "dazza"));
  EXPECT_TRUE(Redacted(d, text, "dazza", 1));
  EXPECT_TRUE(Redacted(d, text, "tyler"));
  EXPECT_FALSE(Redacted(d, text, "okafor"));
  EXPECT_FALSE(Redacted(d, text, "asleep"));
}

TEST(Detector, PoliceReferencesPhonesAbroadAndSocialMedia) {
  std::string_view text =
      "Crime ref 13/4471/25 was given. The matter is recorded under 34/55819/23. Her father is on +48 512 338 907 "
      "and his Instagram is @tyreezy.c today.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "13/4471/25"));
  EXPECT_TRUE(Redacted(d, text, "34/55819/23"));
  EXPECT_TRUE(Redacted(d, text, "+48 512 338 907"));
  EXPECT_TRUE(Redacted(d, text, "@tyreezy.c"));
}

TEST(Detector, MonthsAndCompoundWordsAreNotNames) {
  std::string_view text = "Father not resident since Jan 25. Night-time wetting has reduced in Dec and she is full-time.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Jan"));
  EXPECT_FALSE(Redacted(d, text, "Night-time"));
  EXPECT_FALSE(Redacted(d, text, "Dec"));
  EXPECT_FALSE(Redacted(d, text, "full-time"));
}

TEST(Detector, OtherDatesAreNotPersonalData) {
  std::string_view text = "Meeting held on 12/05/2024.";
  auto d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "12/05/2024"));
}

TEST(Detector, PoliceOfficersGoToReview) {
  std::string_view text = "Officer: PC Gareth Lloyd";
  auto d = DetectIn(text);
  const Proposal* p = Find(d, text, "PC Gareth Lloyd");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->party, Party::kAmbiguous);
  EXPECT_EQ(p->action, Action::kReview);
}

TEST(Detector, UnknownPeopleAreThirdParties) {
  std::string_view text = "A neighbour, Kwabena Mensah, reported shouting.";
  auto d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Kwabena Mensah"));
}

TEST(Detector, FlagsSafeguardingContent) {
  auto d = DetectIn("Ellie disclosed that she has been self-harming.");
  ASSERT_EQ(d.flags.size(), 1u);
  EXPECT_EQ(d.flags[0].kind, FlagKind::kSelfHarm);
}

TEST(Detector, ReferenceNumbersFollowTheirOwner) {
  const std::string text =
      "Kelly Carter (mother) gave her crime reference 12/34567/19. Ellie's Mosaic ID 7788123 is on file. "
      "Police log number 4471-22 recorded. Case number CR-2019-0456 opened.";
  Detection d = DetectIn(text);
  const Proposal* mums = Find(d, text, "12/34567/19");
  ASSERT_NE(mums, nullptr);
  EXPECT_EQ(mums->label, Label::kOtherId);
  EXPECT_EQ(mums->action, Action::kRedact);
  EXPECT_EQ(mums->party, Party::kThirdParty);
  const Proposal* own = Find(d, text, "7788123");
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->action, Action::kKeep);
  EXPECT_EQ(own->party, Party::kSubject);
  // A police number nobody owns is about an investigation of others; a case
  // number nobody owns may be the requester's own file.
  const Proposal* police = Find(d, text, "4471-22");
  ASSERT_NE(police, nullptr);
  EXPECT_EQ(police->action, Action::kRedact);
  const Proposal* unowned = Find(d, text, "CR-2019-0456");
  ASSERT_NE(unowned, nullptr);
  EXPECT_EQ(unowned->action, Action::kReview);
}

TEST(Detector, AcronymsCarsPrisonsAndInstitutionsAreNotPeople) {
  const std::string text =
      "Do we have the NI number for the UC claim? During a PE lesson Sanjay from HR called. "
      "Mum DNAs the MoCA test. He is Urdu-speaking. Dad drives a grey Astra and is in HMP Parc. "
      "Her GP is at Werneth Medical Practice and she goes to Norbury High.";
  Detection d = DetectIn(text);
  for (std::string_view word : {"UC", "PE", "HR", "DNAs", "MoCA", "Urdu-speaking", "Astra", "Parc", "Werneth",
                                "Norbury"})
    EXPECT_FALSE(Redacted(d, text, word)) << word;
}

TEST(Detector, FamilyWordsInOtherLanguagesAreRelations) {
  const std::string text =
      "Ellie said Ammu was crying and Abba shouted. Nain Gwen Carter visited. "
      "Her grandmother Jahanara Khatun (\"Nani\") stays over; Nani cannot lift her.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ammu"));
  EXPECT_FALSE(Redacted(d, text, "Abba"));
  const Proposal* nain = Find(d, text, "Gwen Carter");
  ASSERT_NE(nain, nullptr);
  EXPECT_EQ(nain->party, Party::kThirdParty);
  // Used as her name, in quotes after her name, the word is a name.
  EXPECT_TRUE(Redacted(d, text, "Nani"));
  EXPECT_TRUE(Redacted(d, text, "Nani", 1));
}

TEST(Detector, APluralRoleNamesEveryoneInItsList) {
  const std::string text =
      "On shift: Iris Davies (shift lead), Tomasz Nowak, Aga Wolska. "
      "Regular carers Joy Okonkwo and Marta report Ellie is tired. Mum Kelly Carter and Dean Price came.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Tomasz Nowak"));
  EXPECT_FALSE(Redacted(d, text, "Aga Wolska"));
  EXPECT_FALSE(Redacted(d, text, "Joy Okonkwo"));
  EXPECT_FALSE(Redacted(d, text, "Marta"));
  // No plural role before this list: the man after the mother is not explained.
  EXPECT_TRUE(Redacted(d, text, "Dean Price"));
}

TEST(Detector, TwoCapitalsTakeTheOwnerOfThoseInitials) {
  const std::string text = "Plan: JF to refer Ellie to the outreach service. KC said no.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "JF"));  // Jason Farah, staff
}

TEST(Detector, PersonalNumbersFollowThePersonTheParagraphIsAbout) {
  const std::string text =
      "Adult at risk: Ellie Carter, 14 Rosebank Gardens. NHS no. 943 476 5919.\n\n"
      "Finance. Universal Credit in payment. NI number now received: JT 48 22 91 C. Ellie to get a new card.\n\n"
      "Uncle Dave Carter is on benefits. NI number: AB 12 34 56 C.\n\n"
      "Bank: Barclays, sort code 20-45-77, account no. 43918822.";
  Detection d = DetectIn(text);
  const Proposal* nhs = Find(d, text, "943 476 5919");
  ASSERT_NE(nhs, nullptr);
  EXPECT_EQ(nhs->party, Party::kSubject);
  const Proposal* ni = Find(d, text, "JT 48 22 91 C");
  ASSERT_NE(ni, nullptr);
  EXPECT_EQ(ni->party, Party::kSubject);
  EXPECT_TRUE(Redacted(d, text, "AB 12 34 56 C"));
  // Nobody named in its paragraph: a person decides.
  const Proposal* bank = Find(d, text, "43918822");
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->action, Action::kReview);
}

TEST(Detector, FamilyNicknamesWithBigAndLittle) {
  CaseContext c = Carter();
  c.subject.name = "Patrick Ward";
  c.subject.aliases = {"Paddy", "Little Paddy"};
  const std::string text = "Little Paddy came in with a black eye. He said \"Big Paddy done it\".";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Little Paddy"));
  EXPECT_TRUE(Redacted(d, text, "Big Paddy"));
}

TEST(Detector, ProfessionalsKnownFromEarlierOrFromTheirWorkplace) {
  const std::string text =
      "Referred by the school SENCo Mr Rich. Tom Rich said Ellie has little language.\n\n"
      "07/11 tc mrs kathleen ward, traveller ed service - she knows the family. "
      "Home carer Thuy Nguyen (Kindred Care) present.\n\n"
      "School - dropped off 8.40. Miss Chen said she had a good morning.\n\n"
      "Mum's friend Miss Pike came round after tea.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Tom Rich"));
  EXPECT_FALSE(Redacted(d, text, "mrs kathleen ward"));
  EXPECT_FALSE(Redacted(d, text, "Thuy Nguyen"));
  EXPECT_FALSE(Redacted(d, text, "Miss Chen"));
  // Not about school, and with a family cue: a third party.
  EXPECT_TRUE(Redacted(d, text, "Miss Pike"));
}

TEST(Detector, ALowercaseNameStopsAtAVerb) {
  CaseContext c = Carter();
  c.subject.name = "Kojo Mensah";
  c.subject.aliases = {};
  const std::string text = "04/06 call from youth worker - kojo seen in thornton heath w/ older male.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "kojo"));
  EXPECT_FALSE(Redacted(d, text, "seen"));
}

TEST(Detector, SaintsRoomsFunctionWordsAndTownsAfterBuildingsAreNotPeople) {
  CaseContext c = Carter();
  c.subject.name = "Wai Kuen Chan";
  c.subject.aliases = {"Kenny"};
  const std::string text =
      "School (St Thomas' CE Primary) contacted. Venue: Room 3. Mum: The money comes on Thursday. "
      "From Westcotes House, Leicester. Family in Co. Galway. Sees them most Sundays. ML has LPA for property. "
      "KC says JC is a good boy. Kenny said shak \"taxed\" him.";
  Detection d = DetectIn(text, c);
  for (std::string_view word : {"Thomas", "Room", "The", "Leicester", "Galway", "Sundays", "LPA", "KC", "taxed"})
    EXPECT_FALSE(Redacted(d, text, word)) << word;
}

TEST(Detector, WhoseNumberFromFieldLabelsPossessivesAndHealthParagraphs) {
  const std::string text =
      "Child NHS no: 943 476 5919\n\n"
      "Dad Mark Carter visited. Bursary paid to her Nationwide account, sort code 07-04-36.\n\n"
      "Health: Ellie saw her GP. Mum Kelly Carter came too. NHS no. 401 023 2137.\n\n"
      "Seen with baby Summer Carter, DOB 04.02.2024, NHS 450 557 7104.";
  Detection d = DetectIn(text);
  const Proposal* child = Find(d, text, "943 476 5919");
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->party, Party::kSubject);
  EXPECT_FALSE(Redacted(d, text, "401 023 2137"));
  EXPECT_TRUE(Redacted(d, text, "450 557 7104"));  // the baby's, across the date's full stops
}

TEST(Detector, AppositionsRolesInBracketsAndNicknamesAfterNames) {
  const std::string text =
      "On 8 Nov Ellie punched another pupil, Kai Maloney. Kai's dad, Mr Maloney, has reported it to police. "
      "Present: Yvonne Adu (children's community nurse). Referral from Sahra Abdi, carer with Bright Homecare. "
      "From: Paul Reed <p.reed@hartsideacademy.org.uk>. "
      "The nephew, Abdirahman Farah (\"Abdi\"), stays over. Abdi takes her pension card.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ellie"));
  EXPECT_FALSE(Redacted(d, text, "Nov"));
  const Proposal* dad = Find(d, text, "Mr Maloney");
  ASSERT_NE(dad, nullptr);
  EXPECT_EQ(dad->party, Party::kThirdParty);
  EXPECT_FALSE(Redacted(d, text, "Yvonne Adu"));
  EXPECT_FALSE(Redacted(d, text, "Sahra Abdi"));
  EXPECT_FALSE(Redacted(d, text, "Paul Reed"));
  EXPECT_FALSE(Redacted(d, text, "p.reed@hartsideacademy.org.uk"));
  EXPECT_TRUE(Redacted(d, text, "Abdi", 1));  // the nephew's nickname, not the carer's surname
  EXPECT_TRUE(Redacted(d, text, "Abdi", 2));
}

TEST(Detector, StreetsCarsBanksAndAcronymVerbsAreNotPeople) {
  const std::string text =
      "Seen near Crossfield Lane and at Cheetham Hill Rd. He drives a silver Vauxhall Astra. "
      "Paid into her Santander account. Mum DNA'd the clinic. Rang MASH. "
      "Father, Tunde Lane, has not lived at home. Dolly Lane visited.";
  Detection d = DetectIn(text);
  for (std::string_view word : {"Crossfield", "Cheetham", "Astra", "Santander", "DNA'd", "MASH"})
    EXPECT_FALSE(Redacted(d, text, word)) << word;
  EXPECT_TRUE(Redacted(d, text, "Tunde Lane"));
  EXPECT_TRUE(Redacted(d, text, "Dolly Lane"));
}

TEST(Detector, NicknamesInsideNamesHandlesStreetsLivedOnAndPncNumbers) {
  const std::string text =
      "MK's nan, Kathleen \"Kitty\" Doran, rang at 10:00. Nan Sheila Shea (lives on Hollinsend Road) rang. "
      "Snapchat username for Rhys: rhyzzy_y03. Probation officer Ms Tamsin Grey, PNC ref 24/118873Q.";
  Detection d = DetectIn(text);
  const Proposal* kitty = Find(d, text, "Kathleen \"Kitty\" Doran");
  ASSERT_NE(kitty, nullptr);
  EXPECT_EQ(kitty->action, Action::kRedact);
  const Proposal* road = Find(d, text, "Hollinsend Road");
  ASSERT_NE(road, nullptr);
  EXPECT_EQ(road->label, Label::kAddress);
  EXPECT_TRUE(Redacted(d, text, "rhyzzy_y03"));
  EXPECT_FALSE(Redacted(d, text, "Ms Tamsin Grey"));
  EXPECT_TRUE(Redacted(d, text, "24/118873Q"));
}

TEST(Detector, ThingsAfterTheAndAChildsCarRide) {
  const std::string text =
      "Ellie got into a silver Vauxhall Astra, reg KX19 LBN, at the end of the road. No sign of the Astra later. "
      "The LA applies for an order. Case No: PE24C00187.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Astra", 1));
  EXPECT_FALSE(Redacted(d, text, "LA"));
  EXPECT_FALSE(Redacted(d, text, "Case No"));
  // A child drives no car: the registration is the driver's.
  EXPECT_TRUE(Redacted(d, text, "KX19 LBN"));
}

TEST(Detector, SchoolStaffResidentialStaffAndSignaturesAreProfessionals) {
  const std::string text =
      "He told Mr Major and Mrs Hussain at school about the bruise. Head of Year Mr Aldous says attendance is 61%. "
      "Name: Mr Hamza Qureshi    Role: Head of Year 8\n"
      "Staff: RW (Rob Wakefield), TC. RW used a calm voice.\n"
      "Cleaned and dressed by school nurse Sister Anne Cobb.\n"
      "Kind regards,\nDebbie\nReception Team\n\n"
      "Person subject to allegation: Mark Kelleher, PE teacher. Mr Kelleher is alleged to have grabbed Ellie.\n"
      "Her uncle Mr Dean Carter was at home.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Mr Major", "Mrs Hussain", "Mr Aldous", "Mr Hamza Qureshi", "RW", "Rob Wakefield",
                               "Anne Cobb", "Debbie"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_TRUE(Redacted(d, text, "Mr Kelleher"));
  EXPECT_TRUE(Redacted(d, text, "Mr Dean Carter"));
}

TEST(Detector, AnAdultsCarerWithNoMoreSaidGoesToReview) {
  CaseContext c = Carter();
  c.subject.name = "Owen Price";
  c.subject.dob = "1941-05-02";
  c.subject.aliases = {};
  const std::string text = "Two agency calls a day; carer Precious reports that he sometimes refuses meals.";
  Detection d = DetectIn(text, c);
  const Proposal* carer = Find(d, text, "Precious");
  ASSERT_NE(carer, nullptr);
  EXPECT_EQ(carer->action, Action::kReview);
}

TEST(Detector, AttendeeListsAgencyVoicesAndFamilyWordsFirst) {
  const std::string text =
      "Present: Gareth Rich (GR), DSL, Werneth Primary; Julie Pang (JP) sexual health nurse.\n"
      "R Clarke HV / J Finch SN\n"
      "Housing: Gavin Reid confirmed a secure tenancy.\n"
      "Health: Zara Price attended A&E.\n"
      "She spoke to mum, Agnieszka Nowak, through an interpreter.\n"
      "Police: Marius CARTER - arrested in 2024. Mrs Carter was not told.\n"
      "The youth worker saw him get into a black Golf, reg YD68 OPK.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Gareth Rich", "Julie Pang", "R Clarke", "J Finch", "Gavin Reid"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  for (std::string_view who : {"Zara Price", "Agnieszka Nowak", "Mrs Carter", "YD68 OPK"})
    EXPECT_TRUE(Redacted(d, text, who)) << who;
}

TEST(Detector, TheRequestersNameInAnotherOrderInBrackets) {
  CaseContext c = Carter();
  c.subject.name = "Lan Nguyen";
  c.subject.dob = "1964-07-03";
  c.subject.aliases = {};
  const std::string text = "Carer: Lan Nguyen (Nguyen Thi Lan), DOB 03/07/1964.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Nguyen Thi Lan"));
}

TEST(Detector, ASurnameTakesTheRelativeOfTheSameSexAndAReferenceIsNoRole) {
  const std::string text =
      "Zara lives with her mother, Lucy Grant. DC Sam Grant attended. "
      "He was convicted of assault against Ms Grant (police ref TVP/43210/23).\n"
      "fri 23:50 - call passed via police control. sgt wood attending.\n"
      "adults bridget lamb (mum) + johnny lamb aka \"jj\" (dad). kids in home.\n"
      "sat 09:15 - police update: johnny lamb arrested 04:00.\n";
  Detection d = DetectIn(text);
  const Proposal* ms = Find(d, text, "Ms Grant");
  ASSERT_NE(ms, nullptr);
  EXPECT_EQ(ms->action, Action::kRedact);
  EXPECT_TRUE(Redacted(d, text, "johnny lamb"));
}

TEST(Detector, InitialsKeysBracketedHeadingsAndPossessivesInAppositions) {
  const std::string text =
      "Staff key: LMc = Lorna McAllister (DSL); SR = Sam Rose (TA)\n"
      "14/09/2023 10:20 SR - Red mark on Ellie's left cheek. Passed to LMc.\n"
      "Ophthalmology (Mr Desai): no retinal haemorrhages.\n"
      "Interpreter (phone): Hoa, Vietnamese.\n"
      "On 04/03/2024 Mr Mark Lamb, Ellie's Year 3 teacher, noticed a burn.\n"
      "Visit with Lavinia (Roma community worker).";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Lorna McAllister", "SR", "LMc", "Mr Desai", "Hoa", "Mr Mark Lamb", "Lavinia"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_FALSE(Redacted(d, text, "SR", 1));
  EXPECT_FALSE(Redacted(d, text, "LMc", 1));
}

TEST(Detector, TheRequestersNamesTheOtherWayRoundAndShortInNotes) {
  CaseContext c = Carter();
  c.subject.name = "Florin Lacatus";
  c.subject.aliases = {};
  const std::string text =
      "EWO casework notes - LACATUS Florin - Yr 9\n"
      "12/09 - hv, no answer. left card.\n"
      "15/09 - flo back in school. spoke to him.\n";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "LACATUS Florin"));
  EXPECT_FALSE(Redacted(d, text, "flo"));
}

TEST(Detector, InitialsAndRoleInBracketsAliasesAndLowercaseRunOns) {
  const std::string text =
      "Present: Lowri Evans (LE, school nurse), Kelly Carter (KC, mother).\n"
      "KC said the boiler was fixed. LE to visit.\n"
      "Victim: Ellie CARTER (aka Ellie Brown), DOB 04/03/2012.\n"
      "Caller: Tracey, reception, Radford Health Centre. DN Sandra went out yesterday.\n";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Lowri Evans"));
  EXPECT_FALSE(Redacted(d, text, "LE", 1));
  EXPECT_TRUE(Redacted(d, text, "Kelly Carter"));
  EXPECT_TRUE(Redacted(d, text, "KC", 1));
  EXPECT_FALSE(Redacted(d, text, "Ellie Brown"));
  EXPECT_FALSE(Redacted(d, text, "Tracey"));
  EXPECT_FALSE(Redacted(d, text, "Sandra"));
}

TEST(Detector, NamesInLinesWrittenInCapitals) {
  const std::string text =
      "VICTIM: CARTER, Ellie  DOB: 04/03/2012\n"
      "4 ISOLATED? Y - ONLY FRIEND DOINA FROM WORK. HE CHECKS HER PHONE\n"
      "1 INJURY? Y - SWELLING L EYE, FINGER MARKS TO NECK\n";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "DOINA"));
  EXPECT_FALSE(Redacted(d, text, "FINGER"));
  EXPECT_FALSE(Redacted(d, text, "MARKS"));
  EXPECT_FALSE(Redacted(d, text, "SWELLING"));
}

TEST(Detector, BracketedListsAfterAPluralRoleAndAnOfficeInBrackets) {
  const std::string text =
      "Ambulance requested. Paramedics (Jason and Kerry) assessed him.\n"
      "Office (Ffion) to put an extra check call on.\n"
      "09:40 spoke to Ellie with Miss Nguyen (HOY), at her request.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Jason", "Kerry", "Ffion", "Miss Nguyen"}) EXPECT_FALSE(Redacted(d, text, who)) << who;
}

TEST(Detector, WorkersNamedByWhatTheyDid) {
  const std::string text =
      "CAMHS duty (Sarah Quist) contacted. CAMHS liaison (Bernadette Quigley) to see her.\n"
      "Children's Services EDT informed at 00:20, spoke to Callum Rae.\n"
      "Ellie sees her brother fortnightly, supervised by Bethan Rowlands.\n"
      "Mum was crying (translated by HCA Ewa Zielinska). Email Head of Year 11, Mr Leon Brady.\n"
      "Handing over: Craig & Jo   Taking over: Sam Ogunleye & Becca\n"
      "Jo rang college, spoke to Ms Harris. Becca stayed with Ellie.\n"
      "Mum rang, spoke to Aunt Mary. Contact with her sister Tanisha Reed, supervised by Tanisha herself.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Sarah Quist", "Bernadette Quigley", "Callum Rae", "Bethan Rowlands", "Ewa Zielinska",
                               "Mr Leon Brady", "Craig", "Sam Ogunleye", "Becca", "Ms Harris"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_TRUE(Redacted(d, text, "Aunt Mary"));
  EXPECT_TRUE(Redacted(d, text, "Tanisha", 1));
}

TEST(Detector, AFullNameTakesTheCueOfItsLaterMention) {
  const std::string text = "Invite Jo Pearce to the strategy meeting.\nHV Jo Pearce says Ellie was last seen in May.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Jo Pearce"));
  EXPECT_FALSE(Redacted(d, text, "Jo Pearce", 1));
}

TEST(Detector, AFormsColumnGapEndsAName) {
  const std::string text = "YP: Ellie Carter  HO ref R1190847  DOB 04/03/2012";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Ellie Carter"), nullptr);
  EXPECT_EQ(Find(d, text, "Ellie Carter")->party, Party::kSubject);
}

TEST(Detector, MyNumberIsTheWritersOwn) {
  const std::string text =
      "From: Rose Kelly <rosiekelly1962@yahoo.co.uk>\n"
      "I live next door. My number is 01482 508331 please dont tell her it was me.\nRose\n\n"
      "From: Iris Davies\nMy mobile is 07700 900123.\n\n"
      "From: ellie.carter12@outlook.com\nMy number is 07700 900789.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "01482 508331"));
  EXPECT_TRUE(Redacted(d, text, "Rose Kelly"));
  EXPECT_FALSE(Redacted(d, text, "07700 900123"));
  ASSERT_NE(Find(d, text, "07700 900789"), nullptr);
  EXPECT_EQ(Find(d, text, "07700 900789")->party, Party::kSubject);
  const std::string letter =
      "Dear Miss Shah,\nPlease ring my mobile 07956 310224 any day.\nYours faithfully\nHyacinth Campbell (Mrs)";
  Detection l = DetectIn(letter);
  EXPECT_TRUE(Redacted(l, letter, "07956 310224"));
}

TEST(Detector, FieldsThatNameAPersonAndNumberedYoungPeople) {
  const std::string text =
      "Carer's assessment - Agnieszka Wood: Mrs Wood works 30 hours.\n"
      "Ellie in her room with Summer (YP2). Staff overheard Summer shouting.\n"
      "She is scared that her mum (Thu Carter) will find out.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Agnieszka Wood"), nullptr);
  EXPECT_TRUE(Redacted(d, text, "Summer"));
  EXPECT_TRUE(Redacted(d, text, "Summer", 1));
  ASSERT_NE(Find(d, text, "Thu Carter"), nullptr);
  EXPECT_EQ(Find(d, text, "Thu Carter")->party, Party::kThirdParty);
}

TEST(Detector, NamesThatAreTownsAbroadAreTownsAfterIn) {
  const std::string text =
      "Her father Andrius Kazlauskas lives in Kaunas. Older brother Aram is in Bielefeld, Germany. "
      "Her family live in Krakow.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Andrius Kazlauskas"));
  EXPECT_TRUE(Redacted(d, text, "Aram"));
  for (std::string_view place : {"Kaunas", "Bielefeld", "Germany", "Krakow"})
    EXPECT_FALSE(Redacted(d, text, place)) << place;
}

TEST(Detector, MoreWaysRecordsNameWorkers) {
  const std::string text =
      "He has since been seen by Ruth Adebayo, CAMHS LAC nurse.\n"
      "01:05 Rang EDT. Spoke to Gareth Hill who said hourly checks.\n"
      "- CAMHS SPA referral - spoke to Ellie Thorne there, urgent screening.\n"
      "Nurse in charge Grace Oyelaran agreed.\n"
      "Worker there is Kirsty, who has offered an appointment. Her dad is Mark Reid.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Ruth Adebayo", "Gareth Hill", "Ellie Thorne", "Grace Oyelaran", "Kirsty"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_TRUE(Redacted(d, text, "Mark Reid"));
}

TEST(Detector, TheRequestersOwnContactDetails) {
  const std::string text =
      "Adoptee: Ellie Carter, 14 Rosebank Gardens, Selby, YO8 4QP. Tel 07700 918332, email ellie.c79@gmail.com.\n"
      "Mum's email is sarah.carter@gmail.com.\n"
      "Caller: Mrs Dawn Hill, neighbour, 12 Rosebank Gardens, Selby YO8 4QP, mobile 07700 914382.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "07700 918332"));
  EXPECT_FALSE(Redacted(d, text, "ellie.c79@gmail.com"));
  EXPECT_TRUE(Redacted(d, text, "sarah.carter@gmail.com"));
  EXPECT_TRUE(Redacted(d, text, "07700 914382"));
}

TEST(Detector, HerAccountInAnAdultRequestersRecord) {
  CaseContext c;
  c.subject = {"Farida Begum", {}, "1990-04-18", "5 Kelvin Grove, Oldham, OL8 1SU"};
  c.staff = {{"Iris Davies", "Social Worker"}};
  const std::string text =
      "Farida was seen at home and she was well. Farida said she is worried. Farida said Shahid has her card. "
      "Her PIP goes into her Santander account, sort code 09-01-28, "
      "account 31904472. Santander vulnerable customer team to be contacted.\n\n"
      "Her sister Rehana visits daily. Rehana's mobile is 07700 900461.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "09-01-28"));
  EXPECT_FALSE(Redacted(d, text, "31904472"));
  EXPECT_FALSE(Redacted(d, text, "Santander", 1));
  EXPECT_TRUE(Redacted(d, text, "07700 900461"));
}

TEST(Detector, AddressesAbroadInPartsAndWardsAndSchoolsNames) {
  const std::string text =
      "His brother lives at 14 Ashe Street, Tralee, V92 KX27.\n"
      "I, Katarzyna Nowak, of Flat 3, Orton House, 112 Lincoln Road, Peterborough PE1 2SN, will say as follows.\n\n"
      "Ward: Elgar 2, Worcestershire Royal Hospital    NHS no: 485 777 3456\n"
      "Patient: CARTER, Ellie\n"
      "The Designated Safeguarding Lead at Harris Academy South Norwood, Ms Delia Hurst, advised mum. "
      "Please contact the clerk, Mrs Joanne Bell, on 0161 496 0712.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "V92 KX27"));
  ASSERT_NE(Find(d, text, "Flat 3, Orton House, 112 Lincoln Road, Peterborough"), nullptr);
  EXPECT_FALSE(Redacted(d, text, "Elgar"));
  EXPECT_FALSE(Redacted(d, text, "485 777 3456"));
  for (std::string_view who : {"Norwood", "Ms Delia Hurst", "Mrs Joanne Bell", "0161 496 0712"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
}

TEST(Detector, NamesNoListHasWithACueAndTheRequestersBirthName) {
  const std::string text =
      "Present: Funmilayo Oyelaran (mother); Marcus Brooks (step-father).\n"
      "Child: Ellie Carter (birth name Ellie-Rose Wood).\n"
      "His probation officer is Simon Tate, ref W2201487.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Funmilayo Oyelaran"));
  EXPECT_FALSE(Redacted(d, text, "Ellie-Rose Wood"));
  ASSERT_NE(Find(d, text, "W2201487"), nullptr);
  EXPECT_NE(Find(d, text, "W2201487")->party, Party::kProfessional);
}

TEST(Detector, TheRequestersOtherNamesAndABankNamedTwice) {
  const std::string text =
      "Victim: Ellie Carter (also known as Ellie Farah). On the school roll as Ellie Hassan. "
      "Her sister Ellie Smith came.\n"
      "Ellie said he kept her Monzo account card. Ellie will call Monzo with me on Friday.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ellie Farah"));
  EXPECT_FALSE(Redacted(d, text, "Ellie Hassan"));
  EXPECT_TRUE(Redacted(d, text, "Ellie Smith"));
  EXPECT_FALSE(Redacted(d, text, "Monzo", 1));
}

TEST(Detector, RolesWithWordsBetweenAndCallersWithARole) {
  const std::string text =
      "Caller: Tracey, reception, Radford Health Centre.\n"
      "Panel: Ruth Fairweather, Idris Bowen (community panel members).\n"
      "Discussed with DSL: Yes, Mrs Layla Haddad. Health visitor previously Ms Kaur.\n"
      "The social worker at the time, Miss E. Pennington, recorded it. Aisha Bello - Minute taker.\n"
      "The community mediator, Mrs Dumitrescu, came. Interp Ms Linh booked.\n"
      "Mr Stuart Major, designated teacher, Trinity Academy, said so. Caller: Kelly Marsh, neighbour.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Tracey", "Ruth Fairweather", "Idris Bowen", "Mrs Layla Haddad", "Ms Kaur",
                               "Miss E. Pennington", "Aisha Bello", "Mrs Dumitrescu", "Ms Linh", "Mr Stuart Major"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_TRUE(Redacted(d, text, "Kelly Marsh"));
}

TEST(Detector, InitialsGivenInBracketsAndNamesGivenInQuotes) {
  const std::string text =
      "Present: Lowri Evans (LE, school nurse), Agnieszka Nowak (AN, mother), mum's friend (MR).\n"
      "AN said the boiler was fixed. MR agreed. LE to visit.\n"
      "R calls him \"Blade\". DC Naylor thinks Blade is Tariq Mahmood. Kyle goes by \"Brixx\".";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "AN", 1));
  EXPECT_FALSE(Redacted(d, text, "LE", 1));
  EXPECT_TRUE(Redacted(d, text, "Blade"));
  EXPECT_TRUE(Redacted(d, text, "Blade", 1));
  EXPECT_TRUE(Redacted(d, text, "Brixx"));
}

TEST(Detector, TravellerSitesAsAddresses) {
  const std::string text =
      "MGM: Nora Ward, Plot 2, Meadow Lane Traveller Site, Grays.\n"
      "She went to her mother's pitch at Pitch 6, Riverside Travellers' Site, Leigh.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Plot 2, Meadow Lane Traveller Site, Grays"), nullptr);
  EXPECT_EQ(Find(d, text, "Plot 2, Meadow Lane Traveller Site, Grays")->action, Action::kRedact);
  ASSERT_NE(Find(d, text, "Pitch 6, Riverside Travellers' Site, Leigh"), nullptr);
}

TEST(Detector, AnAgencysHeadingBeforeWhatItsWorkerSaid) {
  const std::string text =
      "School: Will said Ellie has settled well.\nSite: Paul Lamb has agreed a ramp.\nHealth: Ellie said she was fine.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Will"));
  EXPECT_FALSE(Redacted(d, text, "Paul Lamb"));
  EXPECT_FALSE(Redacted(d, text, "Ellie", 1));
}

TEST(Detector, ALogsTimeOpensASentence) {
  const std::string text = "23:40 Found Ells in the bathroom. 23:50 Ells settled.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Ells"), nullptr);
  EXPECT_FALSE(Redacted(d, text, "Found"));
}

TEST(Detector, AFormsNextColumnIsNoInstitutionOfTheName) {
  const std::string text =
      "Patient: Miss Ellie CARTER   Hospital no: RT4-0088214   NHS no: 943 476 5919\nSister Ngozi Carter visited.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Miss Ellie CARTER"), nullptr);
  EXPECT_EQ(Find(d, text, "Miss Ellie CARTER")->party, Party::kSubject);
  EXPECT_FALSE(Redacted(d, text, "943 476 5919"));
}

TEST(Detector, ASurnameTheCaseKnowsBeforeGivenNamesAllInCapitals) {
  const std::string text = "PUPIL NAME: CARTER, ELLIE     YEAR/FORM: 10W\nMum Dawn Carter attended.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "CARTER, ELLIE"), nullptr);
  EXPECT_EQ(Find(d, text, "CARTER, ELLIE")->party, Party::kSubject);
  EXPECT_TRUE(Redacted(d, text, "Dawn Carter"));
}

TEST(Detector, TwoNameWordsAfterFromOrToAreAPerson) {
  const std::string text = "Diary sheets back from Pat Young, six incidents logged. A letter came from Rose Hill.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Pat Young"));
  EXPECT_FALSE(Redacted(d, text, "Rose Hill"));
  const std::string room = "She stayed in Maria's room. They met in London's parks.";
  Detection r = DetectIn(room);
  EXPECT_TRUE(Redacted(r, room, "Maria"));
  EXPECT_FALSE(Redacted(r, room, "London"));
}

TEST(Detector, IrishSurnameParticlesAndAnOffenderManager) {
  const std::string text =
      "OM: Declan \xC3\x93 Briain. Seen by Dr Ciara N\xC3\xAD Bhriain, who recorded a bruise.\nD. \xC3\x93 Briain";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Declan \xC3\x93 Briain"), nullptr);
  EXPECT_EQ(Find(d, text, "Declan \xC3\x93 Briain")->party, Party::kProfessional);
  ASSERT_NE(Find(d, text, "Dr Ciara N\xC3\xAD Bhriain"), nullptr);
  EXPECT_EQ(Find(d, text, "Dr Ciara N\xC3\xAD Bhriain")->party, Party::kProfessional);
  ASSERT_NE(Find(d, text, "D. \xC3\x93 Briain"), nullptr);
  EXPECT_EQ(Find(d, text, "D. \xC3\x93 Briain")->party, Party::kProfessional);
}

TEST(Detector, WorkersByWhatTheyDidAndWhereTheRoleIsHeld) {
  const std::string text =
      "The DSL at the primary is Mr Will Hartley.\nMs Ewa Zielinska interpreted for Mr Kowalczyk. "
      "He was referred to Karolina Wisniewska at the drug and alcohol service. "
      "The morning carer from Bluebell Homecare, Agnieszka, could not get in. "
      "The care coordinator from 2018 (Kwame Mensah) has left. CAMHS crisis (Jas Sandhu) informed. "
      "Present: counsel for the mother, Ms Lyle.\nStorm Jenkins, his key person at nursery, reported it.";
  Detection d = DetectIn(text);
  for (std::string_view name : {"Mr Will Hartley", "Ms Ewa Zielinska", "Karolina Wisniewska", "Agnieszka",
                                "Kwame Mensah", "Jas Sandhu", "Ms Lyle", "Storm Jenkins"})
    EXPECT_FALSE(Redacted(d, text, name)) << name;
  EXPECT_TRUE(Redacted(d, text, "Mr Kowalczyk"));
  // A brother who interpreted is still a brother.
  const std::string brother = "Her brothers Yusuf (15) and Hamza (2). Yusuf interpreted at the first visit.";
  Detection b = DetectIn(brother);
  EXPECT_TRUE(Redacted(b, brother, "Yusuf", 1));
}

TEST(Detector, AChildFetchedFromSchoolAndAnAddressAfterAName) {
  const std::string text =
      "Asif already collects Aleena from school. Ellie wants to stay at her aunt's, Tina Bird, 23 Leagrave High "
      "Street, Luton.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Aleena"));
  EXPECT_TRUE(Redacted(d, text, "Tina Bird"));
  EXPECT_TRUE(Redacted(d, text, "23 Leagrave High Street, Luton"));
}

TEST(Detector, TheRequestersSexIsNotReadFromWhatSheSaid) {
  CaseContext c;
  c.subject = {"Margaret Wood", {"Peggy"}, "1939-06-21", "Flat 3, Alder House, Stanley Road, Worksop, S81 7HD"};
  c.staff = {{"Yvonne Castle", "Safeguarding Adults Officer"}};
  const std::string text =
      "Peggy told me \"our Kev has my card, he does the shopping\". Her son, Kevin Wood, arrived. "
      "Peggy is orientated and I believe she has capacity. Peggy said she was tired. Mrs Wood agreed to the referral.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Kevin Wood"));
  EXPECT_FALSE(Redacted(d, text, "Mrs Wood"));
}

TEST(Detector, AYoungAdultsMrsIsTheParentNamedBefore) {
  CaseContext c;
  c.subject = {"Katarzyna Zielinska", {"Kasia"}, "2007-04-11", "41 Albert Street, Boston, PE21 8RP"};
  c.staff = {{"Laura Greenwood", "Social Worker"}};
  c.current_year = 2026;
  const std::string text =
      "Kasia says she was told to leave. Kasia said she wants to stay. Mother Ewa Zielinska was spoken to. "
      "Mrs Zielinska said Kasia can come home.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mrs Zielinska"));
}

TEST(Detector, AttendanceListsInColumnsAndByInitials) {
  const std::string text =
      "PRESENT\n"
      "Mrs S. Ahmed          Health Visitor\n"
      "Mr Abdul Mannan        Father\n"
      "Mr Ali Hossain        Interpreter (Sylheti)\n"
      "Delroy Campbell (DC)      Father\n"
      "Kwame Mensah (KM)         Mother's partner\n"
      "Apologies: CO (mother)\n"
      "AP \xE2\x80\x93 key worker, Riverside supported accommodation\n"
      "BW \xE2\x80\x93 Virtual School\n\n"
      "Andrea Pacheco (AP) said Ellie manages her money. DC said he is unhappy. CO did not come. BW confirmed it.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Mrs S. Ahmed"));
  EXPECT_FALSE(Redacted(d, text, "Mr Ali Hossain"));
  EXPECT_TRUE(Redacted(d, text, "Mr Abdul Mannan"));
  ASSERT_NE(Find(d, text, "Delroy Campbell"), nullptr);
  EXPECT_EQ(Find(d, text, "Delroy Campbell")->party, Party::kThirdParty);
  ASSERT_NE(Find(d, text, "Kwame Mensah"), nullptr);
  EXPECT_EQ(Find(d, text, "Kwame Mensah")->reason, "the partner's name (third party)");
  EXPECT_TRUE(Redacted(d, text, "CO", 1));
  EXPECT_FALSE(Redacted(d, text, "Andrea Pacheco"));
  EXPECT_FALSE(Redacted(d, text, "AP", 1));
  EXPECT_TRUE(Redacted(d, text, "DC", 1));
  EXPECT_FALSE(Redacted(d, text, "BW", 1));
}

TEST(Detector, HeadingsThingsAndBrandsAreNoPeople) {
  const std::string text =
      "ENGLISH (Mrs A. Hope)\nEllie can write well.\nPHYSICAL EDUCATION (Mr G. Lamb)\nA natural footballer.\n"
      "He had a Nokia, AirPods and played Minecraft. NINO JK 44 81 92 C";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Mrs A. Hope"));
  EXPECT_FALSE(Redacted(d, text, "Mr G. Lamb"));
  EXPECT_FALSE(Redacted(d, text, "Nokia"));
  EXPECT_FALSE(Redacted(d, text, "AirPods"));
  EXPECT_FALSE(Redacted(d, text, "Minecraft"));
  EXPECT_EQ(Find(d, text, "NINO"), nullptr);
  // "McDonald" and "MacLeod" stay names.
  const std::string names = "Her friend Shona McDonald and his uncle Iain MacLeod visited.";
  Detection n = DetectIn(names);
  EXPECT_TRUE(Redacted(n, names, "Shona McDonald"));
  EXPECT_TRUE(Redacted(n, names, "Iain MacLeod"));
}

TEST(Detector, ContactDetailsUnderTheRequestersAddressAndAClientHeading) {
  CaseContext c;
  c.subject = {"Shabnam Akhtar", {}, "1991-03-14", "47 Brookfield Avenue, Rochdale, OL11 3PQ"};
  c.staff = {{"Lorraine Bradshaw", "Housing Officer"}};
  const std::string text =
      "Victim address: 47 Brookfield Avenue, Rochdale OL11 3PQ\nSafe contact number: 07723 418905\n"
      "Her sister Rukhsana can be reached.\n\nDetails checked with client:\nTel 07723 418906\n";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "07723 418905"));
  EXPECT_FALSE(Redacted(d, text, "07723 418906"));
  EXPECT_TRUE(Redacted(d, text, "Rukhsana"));
}

TEST(Detector, AFirmsPartnerSigningAndAnInspectorWhoIsNoPoliceOfficer) {
  const std::string text =
      "Seen on 19.11.74 by the N.S.P.C.C. Inspector, Mr R. Baxendale, after a complaint.\n\nYours sincerely\n\n"
      "Eleanor Fairweather\nPartner\ne.fairweather@fairweatherosei.co.uk\n";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Mr R. Baxendale"), nullptr);
  EXPECT_EQ(Find(d, text, "Mr R. Baxendale")->party, Party::kProfessional);
  EXPECT_FALSE(Redacted(d, text, "Eleanor Fairweather"));
  EXPECT_FALSE(Redacted(d, text, "e.fairweather@fairweatherosei.co.uk"));
  // A partner under a name with no letter's sign-off is a partner.
  const std::string list = "Household:\nJohn Smith\nPartner\n";
  Detection l = DetectIn(list);
  EXPECT_TRUE(Redacted(l, list, "John Smith"));
}

TEST(Detector, ARelativesSurnameWithTheOtherSex) {
  CaseContext c;
  c.subject = {"Ewan MacLeod", {}, "1990-05-01", "3 Glen Road, Inverness, IV2 4AA"};
  c.staff = {{"Fiona Grant", "AMHP"}};
  const std::string text =
      "Ewan said he was tired. Ewan told me he had taken tablets. Mrs MacLeod says Ewan has done this before. "
      "Mr MacLeod was calm.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mrs MacLeod"));
  EXPECT_FALSE(Redacted(d, text, "Mr MacLeod"));
}

TEST(Detector, APlotOnASiteIsAnAddress) {
  const std::string text = "Mrs Kitty Maughan (maternal nan, lives on Plot 7). The plot 4 lease ran out.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Plot 7"), nullptr);
  EXPECT_EQ(Find(d, text, "Plot 7")->action, Action::kRedact);
  EXPECT_FALSE(Redacted(d, text, "plot 4"));
}

TEST(Detector, ATownUsedAsAPlaceIsAPlaceThroughTheRecord) {
  const std::string text =
      "Her ex moved back to Aberdeen with their son. RP to discuss sharing w/ Aberdeen.\n"
      "Shannon lives in Luton. Her friend Shannon came. A letter from Mali's adoptive parents came for Mali.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Aberdeen", 1));
  EXPECT_TRUE(Redacted(d, text, "Shannon", 1));
  EXPECT_TRUE(Redacted(d, text, "Mali", 1));
}

TEST(Detector, AFirstNameBeforeTheFamilyNameAndAChildsAgeInBrackets) {
  CaseContext c;
  c.subject = {"Daniel Bird", {"Danny"}, "1998-02-01", "4 Lark Lane, Hull, HU5 2AB"};
  c.staff = {{"Bronwen Lloyd", "Shared Lives Carer"}};
  const std::string text =
      "Showed me the message - Ray Bird had sent his bank details, sort code 20-45-77, account 43918822.\n\n"
      "Yours faithfully,\n\nRose Bird\n\nSiblings - Delaney (10) and Storm (4).";
  Detection d = DetectIn(text, c);
  ASSERT_NE(Find(d, text, "Ray Bird"), nullptr);
  EXPECT_EQ(Find(d, text, "Ray Bird")->action, Action::kRedact);
  EXPECT_TRUE(Redacted(d, text, "20-45-77"));
  ASSERT_NE(Find(d, text, "Rose Bird"), nullptr);
  EXPECT_EQ(Find(d, text, "Rose Bird")->action, Action::kRedact);
  EXPECT_TRUE(Redacted(d, text, "Storm"));
}

TEST(Detector, LowerCaseTitlesAndATablesCells) {
  const std::string notes = "rang dex's mum ms lamb on the phone. mr lamb also has history of dv. miss the bus.";
  Detection n = DetectIn(notes);
  EXPECT_TRUE(Redacted(n, notes, "ms lamb"));
  EXPECT_TRUE(Redacted(n, notes, "mr lamb"));
  EXPECT_FALSE(Redacted(n, notes, "miss the"));
  const std::string table =
      "Name | Role / relationship | Contact\n"
      "Kerry-Ann Reid | Mum | 07825 330 917\n"
      "Mrs Grace Oduya | Headteacher / DSL, Ysgol Bryn Alyn | g.oduya@brynalyn.wrexham.sch.uk\n"
      "Nasra Warsame | School Nurse | -\n";
  Detection t = DetectIn(table);
  EXPECT_TRUE(Redacted(t, table, "Kerry-Ann Reid"));
  EXPECT_FALSE(Redacted(t, table, "Mrs Grace Oduya"));
  EXPECT_FALSE(Redacted(t, table, "Nasra Warsame"));
}

TEST(Detector, AFirmsSolicitorAServicesWorkerAndAnIndependentPerson) {
  const std::string text =
      "The number was passed to Ms Niamh Carroll of Carroll & Co, acting for Mr Smith.\n"
      "Mrs Rosie Lee from the Traveller Education Service will visit.\n"
      "Independent Person: Revd Gillian Armitage\nPlease correspond with the writer, Adaeze Nwosu, at the office.";
  Detection d = DetectIn(text);
  for (std::string_view name : {"Ms Niamh Carroll", "Mrs Rosie Lee", "Revd Gillian Armitage", "Adaeze Nwosu"})
    EXPECT_FALSE(Redacted(d, text, name)) << name;
  EXPECT_TRUE(Redacted(d, text, "Mr Smith"));
}

TEST(Detector, InitialsOnAStaffLineAreStaff) {
  const std::string text =
      "Staff: RW (Rob Wakefield), TC\nCal and OB (Ollie Bright) argued. TC moved OB to the kitchen.\n"
      "On call: BEP / consult TR (senior)";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "TC"));
  EXPECT_FALSE(Redacted(d, text, "TC", 1));
  EXPECT_FALSE(Redacted(d, text, "BEP"));
  EXPECT_TRUE(Redacted(d, text, "Ollie Bright"));
}

TEST(Detector, AReferenceInTheHeadingOfANoticeAboutTheRequester) {
  const std::string text =
      "POLICE NOTIFICATION\nCrime reference: 4401877/24\nChild: CARTER, Ellie   DOB 04/03/2012\n\n"
      "Her uncle was arrested (crime ref 13/4471/25).";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "4401877/24"), nullptr);
  EXPECT_EQ(Find(d, text, "4401877/24")->party, Party::kSubject);
  EXPECT_TRUE(Redacted(d, text, "13/4471/25"));
}

TEST(Detector, TheRequestersSurnameAloneIsTheRequester) {
  const std::string text =
      "Mrs Edna Carter (paternal grandmother) rang. Carter up late again and would not eat. "
      "Her aunt Susan Reed (n\xC3\xA9" "e Carter) visited.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Mrs Edna Carter"));
  EXPECT_FALSE(Redacted(d, text, "Carter up"));
  EXPECT_TRUE(Redacted(d, text, "Carter)"));
}

TEST(Detector, AChildWhenTheRecordWasWritten) {
  CaseContext c;
  c.subject = {"Patrick McGinley", {"Paddy"}, "1967-03-14", "12 Ordsall Lane, Salford, M5 3LW"};
  c.staff = {{"Margaret Tierney", "Child Care Officer"}};
  c.current_year = 2026;
  const std::string text =
      "Received into care on 19.11.74. The boy said his mother had gone away.\nLetter to Mr McGinley c/o his brother.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mr McGinley"));
  // An adult's own file that gives other people's dates of birth only.
  CaseContext a;
  a.subject = {"Marian Lamb", {}, "1966-01-30", "28 Jubilee Crescent, Wolverhampton, WV10 8RT"};
  a.staff = {{"Kirsty Robertson", "Welfare Rights Officer"}};
  a.current_year = 2026;
  const std::string adult = "Winston's DOB 14/08/1962. Mrs Lamb has MS and she has had four falls.";
  Detection e = DetectIn(adult, a);
  EXPECT_FALSE(Redacted(e, adult, "Mrs Lamb"));
}

TEST(Detector, ADateInBracketsAfterANameYearsBeforeTheRecord) {
  const std::string text =
      "Letter of 12/02/2024. Your children Ewan Fraser (11/07/2013) and Isla Fraser (04/12/2017) are doing well. "
      "Ellie met her worker Iris Davies (12/02/2024).";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "04/12/2017"));
  EXPECT_TRUE(Redacted(d, text, "11/07/2013"));
  EXPECT_FALSE(Redacted(d, text, "12/02/2024", 1));
}

TEST(Detector, TheNumberThatRangTheRequesterIsSomeoneElses) {
  const std::string text = "Ellie hid the phone in a sock drawer and was getting calls from 07380 552914.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "07380 552914"));
}

TEST(Detector, TheNumberOfThePersonWhoseNumberTheSentenceSaysItIs) {
  const std::string text = "Ellie asked if Jack's number can go on her approved contacts list (07700 900552).";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "07700 900552"));
}

TEST(Detector, AWordThatIsANameWherePeopleStandInASentence) {
  const std::string text =
      "At group Ellie met Will, who has two years clean. She told Summer about it. "
      "They stayed at Crystal's flat. She says a man called Ray kept dropping her home. "
      "The Court said no. She was in Hope Valley and at Grace Church.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Will"));
  EXPECT_TRUE(Redacted(d, text, "Summer"));
  EXPECT_TRUE(Redacted(d, text, "Crystal"));
  EXPECT_TRUE(Redacted(d, text, "Ray"));
  EXPECT_FALSE(Redacted(d, text, "Court"));
  EXPECT_FALSE(Redacted(d, text, "Hope"));
  EXPECT_FALSE(Redacted(d, text, "Grace"));
}

TEST(Detector, AFieldAfterByNamesTheWholeName) {
  const std::string text =
      "Concern raised by: Joy Nwosu, support worker, Horizons Supported Living.\n"
      "Ellie has had no money. She told Joy she gets 10 pounds.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Joy Nwosu"));
  EXPECT_FALSE(Redacted(d, text, "Joy", 1));
}

TEST(Detector, AServiceOrFirmInBracketsAfterANameAndOrganisationsWithAnAmpersand) {
  const std::string text =
      "Present: Deniz Yildiz (Avon Fire & Rescue); Tomas Quinlan (CMHT); Mohammed Iqbal (Barclays Safeguarding); "
      "Becky Swann (Swindon Women's Aid); Ms Daniela Costa (Costa & Partners). Fire to revisit. "
      "Ellie's friend Kayla Reid (Year 9) came too.";
  Detection d = DetectIn(text);
  for (std::string_view who : {"Deniz Yildiz", "Tomas Quinlan", "Mohammed Iqbal", "Becky Swann", "Ms Daniela Costa"})
    EXPECT_FALSE(Redacted(d, text, who)) << who;
  EXPECT_FALSE(Redacted(d, text, "Avon Fire"));
  EXPECT_FALSE(Redacted(d, text, "Fire", 1));
  EXPECT_TRUE(Redacted(d, text, "Kayla Reid"));
}

TEST(Detector, AClassInBracketsAndARoleSomeoneWasSeenWithAreNoRoles) {
  const std::string text =
      "On roll: Marius Caldararu (Y8), Bianca Caldararu (Reception).\n"
      "The mother, Mei Lau (interviewed with a Cantonese interpreter, Mr Jun Zhao), opposes this.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Bianca Caldararu"));
  EXPECT_TRUE(Redacted(d, text, "Mei Lau"));
  EXPECT_FALSE(Redacted(d, text, "Mr Jun Zhao"));
}

TEST(Detector, CommonWordPhrasesThatOpenWithNoFirstNameNeedACue) {
  const std::string text =
      "I passed the details to PC Imran Qureshi, Safer Schools Officer. Disclosure of Third Party Material. "
      "Border Force have no record. She rang the Front Door. Her uncle Will Reed and Grace Hill came. "
      "He says Big Mark is a friend.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Safer"));
  EXPECT_FALSE(Redacted(d, text, "Third Party"));
  EXPECT_FALSE(Redacted(d, text, "Border Force"));
  EXPECT_FALSE(Redacted(d, text, "Front Door"));
  EXPECT_TRUE(Redacted(d, text, "Will Reed"));
  EXPECT_TRUE(Redacted(d, text, "Grace Hill"));
  EXPECT_TRUE(Redacted(d, text, "Big Mark"));
  EXPECT_TRUE(Lexicon::Builtin().Lookup("Will").first_name);
  EXPECT_FALSE(Lexicon::Builtin().Lookup("Third").first_name);
}

TEST(Detector, AFirstNameFromSchoolIsAPupilATitledOneStaff) {
  const std::string text = "I go swimming with Kian from school on Saturdays. Mrs Patel from school rang.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Kian"));
  EXPECT_FALSE(Redacted(d, text, "Mrs Patel"));
}

TEST(Detector, MonthsAfterADayDiseasesAfterAPersonAndTheShorthandOfNotes) {
  std::string text =
      "He rang me on 2 Feb. Leanne attended on 20 Feb with her mother. Cutting since Xmas. "
      "Not leaving VM per RK. No treatment needed imo. Both parents RUI. Since her Parkinson's diagnosis she is slower.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Feb"));
  EXPECT_FALSE(Redacted(d, text, "Feb", 1));
  EXPECT_FALSE(Redacted(d, text, "Xmas"));
  EXPECT_FALSE(Redacted(d, text, "VM"));
  EXPECT_FALSE(Redacted(d, text, "imo"));
  EXPECT_FALSE(Redacted(d, text, "RUI"));
  EXPECT_FALSE(Redacted(d, text, "Parkinson"));
  text = "Jan Kowalski came on 3 March. Mrs Parkinson said no.";
  d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Jan Kowalski"));
  EXPECT_TRUE(Redacted(d, text, "Mrs Parkinson"));
}

TEST(Detector, AFirstNameAloneIsTheThirdPartyNamedInFullNotAStaffMemberItShortens) {
  CaseContext c = Carter();
  c.staff.push_back({"Steven Holloway", "Team Manager"});
  const std::string text =
      "She disclosed that mum's partner, Steve Hope, drinks heavily. Steve has a previous for assault. "
      "Pat lives in Horbury and has been helping.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Steve Hope"));
  EXPECT_TRUE(Redacted(d, text, "Steve", 1));
  EXPECT_TRUE(Redacted(d, text, "Pat"));
  const std::string more = "Can't come Saturday as Ray needs the car. Mum says Dean comes most days.";
  d = DetectIn(more, c);
  EXPECT_TRUE(Redacted(d, more, "Ray"));
  EXPECT_TRUE(Redacted(d, more, "Dean"));
  EXPECT_FALSE(Redacted(d, more, "comes"));
  const std::string staff_text = "Steve agreed the plan at supervision.";
  d = DetectIn(staff_text, c);
  EXPECT_FALSE(Redacted(d, staff_text, "Steve"));
}

TEST(Detector, ANameAloneOnItsLineKeepsACommonWordFirstName) {
  const std::string text = "Can you forward this to his social worker?\n\nThanks,\nWill\nWill Thornton\nHead of Year 8\n";
  Detection d = DetectIn(text);
  const Proposal* p = Find(d, text, "Will Thornton");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->party, Party::kProfessional);
  const std::string listed = "Present: Dilan; Will Thackeray (ESOL tutor). Mr Thackeray will mark it.";
  d = DetectIn(listed);
  EXPECT_FALSE(Redacted(d, listed, "Will Thackeray"));
  EXPECT_FALSE(Redacted(d, listed, "Mr Thackeray"));
  const std::string sentence = "Saw Dilan alone at Costa.";
  d = DetectIn(sentence);
  EXPECT_FALSE(Redacted(d, sentence, "Saw"));
}

TEST(Detector, WorkersOfAnOrganisationRolesForSomethingAndDirectLines) {
  const std::string text =
      "We met Rachel Hope of Mersey Family Mediation. The headteacher then, Mrs Angela Woodward, had a plan. "
      "Contact the named midwife for safeguarding, Harpreet Sandhu, on 0118 322 7741. "
      "The contact there is Kate Oduya, and her direct line is 020 8123 4567. Ellie's mum Jo Smith of Church Road came.";
  Detection d = DetectIn(text);
  for (std::string_view kept : {"Rachel Hope", "Mersey", "Mrs Angela Woodward", "Harpreet Sandhu", "0118 322 7741",
                                "020 8123 4567"})
    EXPECT_FALSE(Redacted(d, text, kept)) << kept;
  EXPECT_TRUE(Redacted(d, text, "Jo Smith"));
}

TEST(Detector, AQuotedNicknameBeforeTheNameInBracketsAndBirthDatesInATablesColumn) {
  std::string text =
      "Kayleigh's boyfriend \"Storm\" (Storm Docherty) was outside the gate. A mate, \"Tiny\" (Marcus Bell), "
      "has been sleeping there. Ellie agreed Tiny will be gone by the weekend.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Storm"));
  EXPECT_TRUE(Redacted(d, text, "Tiny"));
  EXPECT_TRUE(Redacted(d, text, "Tiny", 1));
  text =
      "Name | Relationship | DOB | Address\nRahela Begum | Mother | 03/08/1978 | Same\n\n"
      "Visit | Date\nHome visit | 03/08/2024\n";
  d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "03/08/1978"));
  EXPECT_FALSE(Redacted(d, text, "03/08/2024"));
  text = "ID\tName\tRelationship\tDate of birth\nR-1\tDarius Kazlauskas\tBrother\t02/02/1993\n";
  d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "02/02/1993"));
}

TEST(Detector, ANameBesideALawFirmsOrCareProvidersEmail) {
  const std::string text =
      "Cc: Ms Rebecca Thornton <r.thornton@thorntonlegal.co.uk>\n\nMs Thornton will lodge the claim. "
      "Dad wrote from Dave Smith <dave.smith@gmail.com> again.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ms Rebecca Thornton"));
  EXPECT_FALSE(Redacted(d, text, "r.thornton@thorntonlegal.co.uk"));
  EXPECT_FALSE(Redacted(d, text, "Ms Thornton"));
  EXPECT_TRUE(Redacted(d, text, "Dave Smith"));
  const std::string school = "To: Rachel Okonjo <r.okonjo@levenshulmehigh.org.uk>\nCc: Yvonne Li\n";
  d = DetectIn(school);
  EXPECT_FALSE(Redacted(d, school, "Rachel Okonjo"));
}

TEST(Detector, AFormsRoleFieldUnderTheNamesField) {
  const std::string text =
      "Referrer name: Ms Gemma Hill\nReferrer role/agency: Designated Safeguarding Lead, Bankside Primary School\n"
      "Contact no: 0113 496 0732\nParent name: Joanne Carter\nRelationship to child: Mother\n";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ms Gemma Hill"));
  EXPECT_FALSE(Redacted(d, text, "0113 496 0732"));
  EXPECT_TRUE(Redacted(d, text, "Joanne Carter"));
}

TEST(Detector, AChildVisitedAtSchoolIsAPupilATitledAdultThereIsStaff) {
  const std::string text =
      "Tobi has cerebral palsy.\n- Visit to Tobi at school each summer term.\n- Mrs Hussain at school to update.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Tobi"));
  EXPECT_TRUE(Redacted(d, text, "Tobi", 1));
  EXPECT_FALSE(Redacted(d, text, "Mrs Hussain"));
}

TEST(Detector, ATeamsNameAfterANameAnAdultsAgeAndAClauseAboutSomeoneElse) {
  std::string text =
      "Attendees:\nNasra Hussein - CAMHS Crisis Team\nPresent: mum; Bethany Hill, Young Carers Project; Sophie Ward.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Nasra Hussein"));
  EXPECT_FALSE(Redacted(d, text, "Bethany Hill"));
  EXPECT_TRUE(Redacted(d, text, "Sophie Ward"));
  text = "Ellie told a teacher, Mrs Afua Boateng, that her mum's partner hit her.";
  d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Mrs Afua Boateng"));
  CaseContext c;
  c.subject = {"Gulsen Yildiz", {}, "1963-05-02", "4 Oak Road, Luton"};
  c.staff = {{"Amy Lowe", "Social Worker"}};
  c.current_year = 2026;
  text = "Summary of concern\nMrs Yildiz (61) has COPD and limited mobility. Her grandson Emre (9) visits.";
  d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Mrs Yildiz"));
  EXPECT_TRUE(Redacted(d, text, "Emre"));
}

TEST(Detector, AYoungCarerIsFamilyAndRoleAbbreviationsAndPluralsInBrackets) {
  CaseContext c;
  c.subject = {"Rehana Miah", {}, "1980-01-01", "4 Oak Road, Luton"};
  c.staff = {{"Farzana Ali", "Social Worker"}};
  c.current_year = 2026;
  const std::string text =
      "Present: Tom Keenan (FSW). Referral to District Nurses (Alison Mensah) re turning. "
      "Sumaiya is also a young carer.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Tom Keenan"));
  EXPECT_FALSE(Redacted(d, text, "Alison Mensah"));
  EXPECT_TRUE(Redacted(d, text, "Sumaiya"));
  const std::string leader = "We met Tom Wray (ESOL course leader). The gang leader, Jay Reid, was there.";
  d = DetectIn(leader, c);
  EXPECT_FALSE(Redacted(d, leader, "Tom Wray"));
  EXPECT_TRUE(Redacted(d, leader, "Jay Reid"));
  const std::string where = "Support worker at Ashgrove: Marie Reid. Friend at Ashgrove: Kim Lee.";
  d = DetectIn(where, c);
  EXPECT_FALSE(Redacted(d, where, "Marie Reid"));
  EXPECT_TRUE(Redacted(d, where, "Kim Lee"));
}

TEST(Detector, AnAddressBooksSurnameFirstAndAConnexionsAdviser) {
  const std::string text =
      "Cc: Chauhan, Priya <priya.chauhan@stockport.gov.uk>\n"
      "Present: Lucy Trinder (Connexions PA). Lucy has lined up a place. Her sons Martin and Pa (Patrick) came.";
  Detection d = DetectIn(text);
  const Proposal* p = Find(d, text, "Chauhan, Priya");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->party, Party::kProfessional);
  EXPECT_FALSE(Redacted(d, text, "Lucy Trinder"));
  EXPECT_FALSE(Redacted(d, text, "Lucy", 1));
  EXPECT_TRUE(Redacted(d, text, "Patrick"));
}

TEST(Detector, NicknamesWithoutQuotesAfterAkaOrInBracketsAfterAFullName) {
  const std::string text =
      "Her son Patrick Ward (Paddy) is in Mullingar. Paddy rang. The line is run by Yasin Dualeh (aka Skinny), 19. "
      "He owes Skinny money. Her social worker Kerry Wood (Kez) visited. Grandmother Irena Nowak (Kaunas) calls.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Paddy"));
  EXPECT_TRUE(Redacted(d, text, "Paddy", 1));
  EXPECT_TRUE(Redacted(d, text, "Skinny"));
  EXPECT_TRUE(Redacted(d, text, "Skinny", 1));
  EXPECT_FALSE(Redacted(d, text, "Kez"));
  EXPECT_FALSE(Redacted(d, text, "Kaunas"));
}

TEST(Detector, CareLogEntriesSignedByTheirWritersAndAWardSister) {
  const std::string text =
      "14/02/24 21:50 Checked wrist, no swelling. Nurse informed. - T. Kowalczyk CA\n"
      "15/02/24 08:20 Bruise to forearm photographed. - Joy Mwangi\n"
      "Her daughter told the ward sister, Sinead O'Driscoll, that she was worried.\n"
      "The social worker in children's services is Daniel Asante.\n"
      "Visitors today - Mum";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "T. Kowalczyk"));
  EXPECT_FALSE(Redacted(d, text, "Joy Mwangi"));
  EXPECT_FALSE(Redacted(d, text, "Sinead O'Driscoll"));
  EXPECT_FALSE(Redacted(d, text, "Daniel Asante"));
}

TEST(Detector, AnOlderWomansFirstNameSaysHerSexWhenTheRecordsPronounsMislead) {
  CaseContext c;
  c.subject = {"Dorothy Young", {"Dot"}, "1937-09-21", "15 Meadowbank Road, Rotherham, S61 2JW"};
  c.staff = {{"Olumide Adeyemi", "Social Worker"}};
  c.current_year = 2026;
  const std::string text =
      "Transfers were made from Mrs Young's current account (sort code 30-94-57, account 01837265). "
      "Grandson Jordan Young moved in with Dorothy after splitting up with his partner. "
      "Dorothy said his friends call. Dot said his car is outside.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Mrs Young"));
  EXPECT_FALSE(Redacted(d, text, "01837265"));
  EXPECT_TRUE(Redacted(d, text, "Jordan Young"));
  const Lexicon& lex = Lexicon::Builtin();
  EXPECT_TRUE(lex.Lookup("Dorothy").female);
  EXPECT_TRUE(lex.Lookup("Ewan").male);
  EXPECT_FALSE(lex.Lookup("Jordan").female || lex.Lookup("Jordan").male);
}

TEST(Detector, AnAdultRequesterByTheSurnameOfAnotherNameTheyGoBy) {
  CaseContext c;
  c.subject = {"Abdullahi Hassan Farah", {"Abdi", "Mr Hassan"}, "1961-07-27", "Flat 14, Trinity House, Bristol"};
  c.staff = {{"Beth Osei", "Social Worker"}};
  c.current_year = 2026;
  std::string text = "Abdullahi (known to some agencies as Mr Hassan) lives alone. Mr Hassan agreed to the plan.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Mr Hassan"));
  EXPECT_FALSE(Redacted(d, text, "Mr Hassan", 1));

  c.subject = {"Nguyen Van Minh", {"Minh", "Michael Nguyen"}, "1940-12-11", "31 Brockley Rise, London"};
  text = "Minh says he is happy here and he likes the food. Mr Nguyen came to the UK in 1980. "
         "His daughter Nguyen Thi Lan visits.";
  d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "Mr Nguyen"));
  EXPECT_TRUE(Redacted(d, text, "Nguyen Thi Lan"));

  // A married name: the husband and his mother bear it too.
  c.subject = {"Niamh O'Connell", {"Niamh Byrne"}, "1990-08-12", "16 St Brigid's Terrace, Liverpool"};
  text = "Niamh left Declan Byrne in May. I don't want Mr Byrne picking them up, she said.";
  d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mr Byrne"));
}

TEST(Detector, AFormNamingTheRequesterAsTheChildMakesATitledSurnameAParent) {
  CaseContext c;
  c.subject = {"Joy Parker", {}, "1997-09-14", "50 Grange Close, Bideford, NE23 4RJ"};
  c.staff = {{"Leo Rahman", "Social Worker"}};
  c.current_year = 2026;
  const std::string text =
      "CHILD AND FAMILY ASSESSMENT\nName of child: Joy Parker\n\n"
      "Joy lives with her mother and brother Riley (born 01/04/2012).\n"
      "Mrs Parker presents as a caring parent but has struggled since her relationship ended.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mrs Parker"));
}

TEST(Detector, TheRequestersSurnameWithSeniorIsAnotherGeneration) {
  CaseContext c;
  c.subject = {"Yasmin Chaudhry", {}, "1975-01-01", "4 Oak Road, Bradford"};
  c.staff = {{"Naomi Fletcher", "Social Worker"}};
  c.current_year = 2026;
  const std::string text = "Since Mrs Chaudhry senior fell in January, Yasmin has done it all. Mrs Chaudhry is tired.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Mrs Chaudhry"));
  EXPECT_FALSE(Redacted(d, text, "Mrs Chaudhry", 1));
}

TEST(Detector, AMansOwnFileIsNotAboutHisChildOrAnUntitledRelative) {
  CaseContext c;
  c.subject = {"Euan Fraser", {}, "1986-10-12", "Flat 4, Drovers Court, Warwick Road, Carlisle, CA1 2JT"};
  c.staff = {{"Kirsty Bell", "Family Court Adviser"}};
  c.current_year = 2026;
  const std::string text =
      "Children: Ruairi Fraser (9) and Aoife Fraser (6)\nApplicant father: Euan Fraser\n"
      "Support from Isobel Fraser helps. Mr Fraser seeks overnight time with both children.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Ruairi Fraser"));
  ASSERT_NE(Find(d, text, "Mr Fraser"), nullptr);
  EXPECT_EQ(Find(d, text, "Mr Fraser")->party, Party::kSubject);
}

TEST(Detector, AShiftsStaffInTheHandoverHeading) {
  const std::string text =
      "Late to Night  (DW / Ade)\n22:15 Ellie asked for the spare key. Ade stayed with her. DW rang on-call.\n"
      "Oak lounge. Staff: RW (Rob Wakefield), TC\nHer friends (Mia / Jo) came to tea.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Ade"));
  EXPECT_FALSE(Redacted(d, text, "Ade", 1));
  EXPECT_FALSE(Redacted(d, text, "DW", 1));
  EXPECT_FALSE(Redacted(d, text, "TC"));
  EXPECT_TRUE(Redacted(d, text, "Mia"));
}

TEST(Detector, AnInstitutionsNameAtTheVeryStartBeforeAName) {
  // The words before the name run back to the first token of the text.
  const std::string text = "Harris Academy, Ms Delia Hurst said Ellie was settled.";
  Detection d = DetectIn(text);
  ASSERT_NE(Find(d, text, "Ms Delia Hurst"), nullptr);
  const std::string only = "Bluebell Homecare, Agnieszka";
  Detection o = DetectIn(only);
  EXPECT_NE(Find(o, only, "Agnieszka"), nullptr);
}

TEST(Detector, OlderAndRarerRolesAreProfessionals) {
  const std::string text =
      "Headmaster: T. Glyn Morgan, M.A.\nGuardian ad litem: Rosemary Tremlett (GALRO Panel)\n"
      "Ruth Summers, IMHA\nRang crisis line and spoke to Gemma (CRHT). The headmistress, Miss Cairns, was pleased. "
      "Ellie's aunt Noreen Tate visited.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "T. Glyn Morgan"));
  EXPECT_FALSE(Redacted(d, text, "Rosemary Tremlett"));
  EXPECT_FALSE(Redacted(d, text, "Ruth Summers"));
  EXPECT_FALSE(Redacted(d, text, "Gemma"));
  EXPECT_FALSE(Redacted(d, text, "Miss Cairns"));
  EXPECT_TRUE(Redacted(d, text, "Noreen Tate"));
}

TEST(Detector, ACallLogNamesTheCallerAfterTheNumber) {
  CaseContext c;
  c.subject = {"Kayla Ashworth", {}, "2010-02-01", "3 Elm Road, Wigan, WN1 1AA"};
  c.staff = {{"Faith Adjei", "Family Support Worker"}, {"Nadia Rehman", "Social Worker"}};
  const std::string text =
      "05/03 08:55 IN 01942 862207 (landline) - Mrs Pauline Ashworth, nan, worried. NR\n"
      "06/03 09:05 OUT 07862114503 - Faith Adjei (FSW) to mum. No answer. FA\n";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "01942 862207"));
  EXPECT_TRUE(Redacted(d, text, "07862114503"));
  EXPECT_FALSE(Redacted(d, text, "Faith Adjei"));
}

TEST(Detector, ASocialMediaNameSeenAgainIsTheSameAccount) {
  CaseContext c;
  c.subject = {"Amira Hassan", {"Mira"}, "2012-05-01", ""};
  c.staff = {{"Jo Baines", "Social Worker"}};
  const std::string text =
      "The group was set up by Kayla Hughes whose Snapchat account is kaylz.xo.\n"
      "kaylz.xo: \"mira thinks shes sooo nice lol\"\n";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "kaylz.xo"));
  EXPECT_TRUE(Redacted(d, text, "kaylz.xo", 1));
  EXPECT_FALSE(Redacted(d, text, "mira"));
}

TEST(Detector, TheFamilyHomeIsTheRequestersUnlessFormer) {
  CaseContext c;
  c.subject = {"Aisha Nur", {}, "1988-05-01", ""};
  c.staff = {{"Jo Baines", "Social Worker"}};
  const std::string text =
      "I visited at the family home, 38 Clyde Terrace, Bellshill. The father remains at the former family home, "
      "63 Bankfield Road, Huddersfield.";
  Detection d = DetectIn(text, c);
  EXPECT_FALSE(Redacted(d, text, "38 Clyde Terrace, Bellshill"));
  EXPECT_TRUE(Redacted(d, text, "63 Bankfield Road, Huddersfield"));
}

TEST(Detector, AWordThatIsAPlaceWhereAPlaceGoesIsThePlace) {
  const std::string text =
      "He travelled via Russia and France. In France a man called Binh took his phone. At Shrewsbury they were met.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "France"));
  EXPECT_FALSE(Redacted(d, text, "France", 1));
  EXPECT_FALSE(Redacted(d, text, "Shrewsbury"));
  EXPECT_TRUE(Redacted(d, text, "Binh"));
}

TEST(Detector, AMakeAndModelBeforeARegistrationIsNotAPerson) {
  const std::string text =
      "Vehicles: son Imran Akhtar's Toyota Yaris BD19 KWX; 1. Black Audi A3 LR19 XKP - registered keeper Dean Cole; "
      "Silver Ford Transit WU16 OJC.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Toyota"));
  EXPECT_FALSE(Redacted(d, text, "Audi"));
  EXPECT_FALSE(Redacted(d, text, "Ford"));
  EXPECT_TRUE(Redacted(d, text, "BD19 KWX"));
  EXPECT_TRUE(Redacted(d, text, "Dean Cole"));
}

TEST(Detector, MagistratesRepresentativesRolesInAppositionAndServicesInBrackets) {
  const std::string text =
      "Bench: Mr R. H. Bird, J.P. (Chairman); Mrs A. Chaudhary, JP.\nMother present, represented by Mr T. Iqbal of "
      "the law centre. I went up to see Mr Dyson the head. Present: Owen Lamb (Youth Justice). "
      "Her uncle Mr Tariq Shah came too.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Mr R. H. Bird"));
  EXPECT_FALSE(Redacted(d, text, "Mrs A. Chaudhary"));
  EXPECT_FALSE(Redacted(d, text, "Mr T. Iqbal"));
  EXPECT_FALSE(Redacted(d, text, "Mr Dyson"));
  EXPECT_FALSE(Redacted(d, text, "Owen Lamb"));
  EXPECT_TRUE(Redacted(d, text, "Mr Tariq Shah"));
}

TEST(Detector, AnAddressInCapitalsKeepsItsTownAndAnOldPostalDistrict) {
  const std::string text =
      "UNCLE (MR GURDEV DHILLON OF 7 LADY MARGARET ROAD, SOUTHALL) VISITS.\n"
      "She resided with her parents at 27 Sefton Street, Liverpool 8. Mr Jones (GP) at 4 High Street, Leeds.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "7 LADY MARGARET ROAD, SOUTHALL"));
  EXPECT_TRUE(Redacted(d, text, "27 Sefton Street, Liverpool 8"));
}

TEST(Detector, AWordBrokenAcrossLinesIsNoName) {
  const std::string text =
      "I write further to my visit to the above add-\nress, where I saw Mrs Danuta Nowak. Since her hus-\n"
      "band Jerzy went back she is known to them follow-\ning a disturbance.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "ress"));
  EXPECT_FALSE(Redacted(d, text, "hus"));
  EXPECT_FALSE(Redacted(d, text, "ing a"));
  EXPECT_TRUE(Redacted(d, text, "Mrs Danuta Nowak"));
  EXPECT_TRUE(Redacted(d, text, "Jerzy"));
}

TEST(Detector, TheRequestersOtherNameInBracketsAndAWordNameInBrackets) {
  CaseContext c;
  c.subject = {"Andreea Hartley", {}, "1990-01-26", ""};
  c.staff = {{"Jo Baines", "Social Worker"}};
  const std::string text =
      "Andreea HARTLEY (born Andreea Popescu in Bucharest) was adopted. Her mother Elena Popescu died.\n"
      "OT (Will Brennan) assessed the stairs.";
  Detection d = DetectIn(text, c);
  ASSERT_NE(Find(d, text, "Andreea Popescu"), nullptr);
  EXPECT_EQ(Find(d, text, "Andreea Popescu")->party, Party::kSubject);
  EXPECT_EQ(Find(d, text, "Andreea Popescu")->reason, "the requester's other name");
  EXPECT_TRUE(Redacted(d, text, "Elena Popescu"));
  EXPECT_FALSE(Redacted(d, text, "Brennan"));
}

TEST(Detector, WhomSomeoneToldIsNotTheNameAfterIt) {
  const std::string text = "14:20 Abdi Warsame told staff Ryan was at the front railings. Staff Kelly Marsh checked CCTV.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Ryan"));
  EXPECT_FALSE(Redacted(d, text, "Kelly Marsh"));
}

TEST(Detector, RoomsMedicinesBanksAndNotesShorthandAreNotNames) {
  const std::string text =
      "22:10 Lemmy (Rm 14) back late. Hourly obs started. Restarted sertraline. Paid to Monzo s/c 04-00-04. "
      "She is a care leaver. Agreed to start OST. Photo of her in her hijab. His friend Darren Pike (Rm 9) left.";
  Detection d = DetectIn(text);
  for (const char* word : {"Rm", "obs", "sertraline", "Monzo", "leaver", "OST", "hijab"})
    EXPECT_FALSE(Redacted(d, text, word)) << word;
  EXPECT_TRUE(Redacted(d, text, "Darren Pike"));
}

TEST(Detector, AWordListedAfterANameThatOpensAnInstitutionIsNotAName) {
  const std::string text =
      "GP: Dr Hannah Bird, Welby Medical Practice. cc: Nicola Payne, Early Help Team Manager; Mrs A. Wood, "
      "Brooke Weston Academy. To remain at Woodhouse Lodge. Present: Sam Okafor, Tayo Bello.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Welby"));
  EXPECT_FALSE(Redacted(d, text, "Early"));
  EXPECT_FALSE(Redacted(d, text, "Brooke"));
  EXPECT_FALSE(Redacted(d, text, "Woodhouse"));
  EXPECT_TRUE(Redacted(d, text, "Tayo Bello"));
}

TEST(Detector, AWordGivenInQuotesAsANicknameIsThatPersonAfterwards) {
  CaseContext c;
  c.subject = {"Tyrese Wood", {}, "2010-01-01", ""};
  c.staff = {{"Jo Baines", "Social Worker"}};
  const std::string text =
      "The second male was known as \"Rich\". Tyrese said Rich was there. Rich kept giving him vodka. "
      "He is rich in friends.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "Rich"));
  EXPECT_TRUE(Redacted(d, text, "Rich", 1));
  EXPECT_TRUE(Redacted(d, text, "Rich", 2));
  EXPECT_FALSE(Redacted(d, text, "rich"));
}

TEST(Detector, ADoubleBarrelledSurnameOfWordsIsStillASurname) {
  const std::string text =
      "Chloe Summers-Brown came to the office. Then Kayla Hill-Wood came. Mental Health In-Reach Team. "
      "It was a full-time job.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "Chloe Summers-Brown"));
  EXPECT_TRUE(Redacted(d, text, "Kayla Hill-Wood"));
  EXPECT_FALSE(Redacted(d, text, "In-Reach"));
  EXPECT_FALSE(Redacted(d, text, "full-time"));
  const Lexicon& lex = Lexicon::Builtin();
  EXPECT_TRUE(lex.Lookup("Summers-Brown").name);
}

TEST(Detector, ALowerCaseTitleBeforeAWordInNoWordListIsAName) {
  const std::string text = "tc from neighbour at no. 4, mrs stanislawa kaczmarek. heard shouting. mrs nowicka rang.";
  Detection d = DetectIn(text);
  EXPECT_TRUE(Redacted(d, text, "mrs stanislawa kaczmarek"));
  EXPECT_TRUE(Redacted(d, text, "mrs nowicka"));
}

TEST(Detector, RoleLabelsTimesAndSaintsInStreets) {
  const std::string text =
      "HV: Grace Okafor\nReporter: Calum Struthers\nInterpreters: Mrs Ayse Kaplan (Turkish)\n"
      "10:31 Mrs Hill rang back. Her aunt lives at 4 St Mary's Road, Leeds.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Grace Okafor"));
  EXPECT_FALSE(Redacted(d, text, "Calum Struthers"));
  EXPECT_FALSE(Redacted(d, text, "Mrs Ayse Kaplan"));
  ASSERT_NE(Find(d, text, "4 St Mary's Road, Leeds"), nullptr);
  EXPECT_EQ(Find(d, text, "4 St Mary's Road, Leeds")->label, Label::kAddress);
  for (const Proposal& p : d.proposals) EXPECT_NE(text.substr(p.start, p.end - p.start), "31 Mrs Hill");
}

TEST(Detector, AnAgencysWorkerNamedJustAfterItButNotAFriendFromCollege) {
  const std::string text =
      "IDVA referral (Hull DA service, Claire Munro), urgent. Carers from Bluebell Homecare (Bukola) came. "
      "His friend from college, Jade Turner, stayed over.";
  Detection d = DetectIn(text);
  EXPECT_FALSE(Redacted(d, text, "Claire Munro"));
  EXPECT_FALSE(Redacted(d, text, "Bukola"));
  EXPECT_TRUE(Redacted(d, text, "Jade Turner"));
}

TEST(Detector, ALowerCaseNameAfterARelationEvenIfNoListHasIt) {
  CaseContext c;
  c.subject = {"Dilan Yildiz", {}, "2010-01-01", ""};
  c.staff = {{"Jo Baines", "Social Worker"}};
  const std::string text =
      "dilan said going to see her nan gulistan in diyarbakir. her mum hevin rang school. his gf, shannon price, 19. "
      "FMPO granted ex parte. letter from birth mother rec'd today. mum doesn't want contact.";
  Detection d = DetectIn(text, c);
  EXPECT_TRUE(Redacted(d, text, "gulistan"));
  EXPECT_TRUE(Redacted(d, text, "hevin"));
  EXPECT_TRUE(Redacted(d, text, "shannon price"));
  EXPECT_FALSE(Redacted(d, text, "parte"));
  EXPECT_FALSE(Redacted(d, text, "rec'd"));
  EXPECT_FALSE(Redacted(d, text, "doesn't"));
}

}  // namespace
}  // namespace sardesk::detect
