#include "detect/safeguarding.h"

#include <gtest/gtest.h>

namespace sardesk::detect {
namespace {

std::vector<SafeguardingFlag> Flags(std::string_view text) { return FindSafeguardingFlags(text, Tokenize(text)); }

TEST(Safeguarding, SuicideAttemptRaisesSelfHarmWithItsSentence) {
  std::string_view text = "Seen at home. She has made suicide attempts in the past. Plan agreed.";
  auto flags = Flags(text);
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].kind, FlagKind::kSelfHarm);
  ASSERT_EQ(flags[0].sentences.size(), 1u);
  const auto& s = flags[0].sentences[0];
  EXPECT_EQ(text.substr(s.start, s.end - s.start), "She has made suicide attempts in the past.");
}

TEST(Safeguarding, OverdoseAndSelfHarmingAreSelfHarm) {
  EXPECT_EQ(Flags("Took an overdose of paracetamol.")[0].kind, FlagKind::kSelfHarm);
  EXPECT_EQ(Flags("Reports self harming at night")[0].kind, FlagKind::kSelfHarm);
}

TEST(Safeguarding, DomesticIncidentAndNeglectAreAbuse) {
  EXPECT_EQ(Flags("POLICE NOTIFICATION: DOMESTIC INCIDENT")[0].kind, FlagKind::kAbuse);
  EXPECT_EQ(Flags("Concerns of neglect were raised.")[0].kind, FlagKind::kAbuse);
}

TEST(Safeguarding, NegatedMentionRaisesNothing) {
  EXPECT_TRUE(Flags("There are no concerns of physical abuse.").empty());
  EXPECT_TRUE(Flags("She denies any self-harm.").empty());
}

TEST(Safeguarding, PlainWordsForViolenceAndDomesticAbuseRaiseAbuse) {
  for (std::string_view text : {"Rafi said dad hit mum with the remote.", "DA incident attended on 2 January.",
                                "He was seen to push her in the garden.", "Dazza grabbed her by the neck.",
                                "Bruising to his upper arm was noted.", "Risk of forced marriage.",
                                "Police believe he was trafficked.", "Concerns of CSE and county lines.",
                                "Referral to the IDVA made.", "Concern logged under adult safeguarding."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
}

TEST(Safeguarding, TakingTabletsAndCutsToTheArmRaiseSelfHarm) {
  for (std::string_view text : {"i took 6 paracetamol earlier", "Came in with cuts to her forearm.",
                                "L forearm - fresh superficial cuts.", "He has thought about \"ending it\".",
                                "SH had fresh scratches to her left forearm.",
                                "He said he wants to die.", "She has been hurting herself at night."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kSelfHarm) << text;
  }
}

TEST(Safeguarding, WholeWordsDoNotMatchInsideOtherWords) {
  EXPECT_TRUE(Flags("He hitched a lift and beaten eggs are on the menu at Dash Cafe.").size() <= 1);
  EXPECT_TRUE(Flags("A hitch in the plan; the Da Silva family moved.").empty());
  EXPECT_TRUE(Flags("There was no DA incident.").empty());
}

TEST(Safeguarding, SubstanceAbuseIsNotAbuseOfThePerson) { EXPECT_TRUE(Flags("History of substance abuse.").empty()); }

TEST(Safeguarding, ThoughtsOfSuicideInThePersonsOwnWords) {
  auto sea = Flags("He said in France he thought about walking into the sea so it would stop.");
  ASSERT_EQ(sea.size(), 1u);
  EXPECT_EQ(sea[0].kind, FlagKind::kSelfHarm);
  auto better = Flags("She said everyone would be better off without me.");
  ASSERT_EQ(better.size(), 1u);
  EXPECT_EQ(better[0].kind, FlagKind::kSelfHarm);
  EXPECT_TRUE(Flags("We walked to the river and fed the ducks.").empty());
}

TEST(Safeguarding, AdultEnquiriesAndProtectingChildrenFromAPartnerAreAbuse) {
  auto s42 = Flags("Discussed with the manager - s.42 enquiry to open.");
  ASSERT_EQ(s42.size(), 1u);
  EXPECT_EQ(s42[0].kind, FlagKind::kAbuse);
  auto safe = Flags("I need to show I can keep the kids safe from him.");
  ASSERT_EQ(safe.size(), 1u);
  EXPECT_EQ(safe[0].kind, FlagKind::kAbuse);
  EXPECT_TRUE(Flags("Housing enquiry number 4 made.").empty());
}

TEST(Safeguarding, AQuotationStartsANewClauseForNegation) {
  auto hit = Flags("He said when he had no more money \"they hit me with a metal pipe\".");
  ASSERT_EQ(hit.size(), 1u);
  EXPECT_EQ(hit[0].kind, FlagKind::kAbuse);
  EXPECT_TRUE(Flags("He said \"no one hit me\".").empty());
}

TEST(Safeguarding, LockedInAndPoliceProtectionAreAbuse) {
  auto locked = Flags("One time he locked me on the balcony all night.");
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0].kind, FlagKind::kAbuse);
  auto pp = Flags("Police used police protection and Tia went to her aunt.");
  ASSERT_EQ(pp.size(), 1u);
  EXPECT_EQ(pp[0].kind, FlagKind::kAbuse);
}

TEST(Safeguarding, LigaturesKnivesGrabbingAndShoutingAtAParent) {
  auto belt = Flags("Mehmet found Reb in the bathroom with a belt round his neck tied to the towel rail.");
  ASSERT_EQ(belt.size(), 1u);
  EXPECT_EQ(belt[0].kind, FlagKind::kSelfHarm);
  auto knife = Flags("He was standing in the road holding a kitchen knife to his own wrist.");
  ASSERT_EQ(knife.size(), 1u);
  EXPECT_EQ(knife[0].kind, FlagKind::kSelfHarm);
  auto grab = Flags("Staff saw Mr Young grab Neecy's arm in the garden.");
  ASSERT_EQ(grab.size(), 1u);
  EXPECT_EQ(grab[0].kind, FlagKind::kAbuse);
  auto shout = Flags("Millie whispered \"Jason shouts at mummy and throws the remote\".");
  ASSERT_EQ(shout.size(), 1u);
  EXPECT_EQ(shout[0].kind, FlagKind::kAbuse);
  EXPECT_TRUE(Flags("He grabbed his coat and shouted goodbye at the door.").empty());
}

TEST(Safeguarding, WishesToDieAndTabletsAcrossAQuotation) {
  for (std::string_view text : {"She said she had taken \"about 16\" paracetamol at 7pm.",
                                "She sometimes wishes she could go to sleep and not wake up.",
                                "He typed \"sometimes I think better I die in the sea\".",
                                "Told staff she wishes she was dead."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kSelfHarm) << text;
  }
  EXPECT_TRUE(Flags("He did not wake up until ten and missed the bus.").empty());
  // A quotation still ends a negation's reach.
  EXPECT_FALSE(Flags("He had no money left \"they hit me\".").empty());
}

TEST(Safeguarding, BeltMarksDraggingAndSexualImages) {
  for (std::string_view text : {"He had marks on his back like from a belt.", "Errol saw Delroy drag JJ by his arm.",
                                "Her ex shared a topless photo of her to a group chat.",
                                "She has sent him two photos in her underwear.", "He keeps asking her for nudes.",
                                "He has got a record for battering his ex.", "Police will consider a DVDS application.",
                                "Does Reece shout at mummy?", "Ty said \"Uncle Martin wants to kill Daddy\".",
                                "The council believes Ty is at risk of significant harm."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
  EXPECT_TRUE(Flags("Photos of the new bedroom were sent to mum. He wore a belt.").empty());
  EXPECT_TRUE(Flags("No intimate images were shared.").empty());
}

TEST(Safeguarding, HurtingSomeoneNamedWishingToBeDeadAndPastSince) {
  for (std::string_view text : {"There was lots of shouting and sometimes Ryan hurt Chantelle.",
                                "There were concerns about controlling behaviour.", "He has since completed a DAPP course."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
  for (std::string_view text : {"He said he'd be better off dead.", "She has had thoughts of cutting again.",
                                "She has not done it since her overdose in 2021."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kSelfHarm) << text;
  }
  EXPECT_TRUE(Flags("Address: 88 Marlowe Road, Gravesend DA12 5NX").empty());
  EXPECT_TRUE(Flags("No overdose since January.").empty());
  EXPECT_TRUE(Flags("He denies controlling behaviour.").empty());
}

TEST(Safeguarding, InflictedInjuriesOrdersAndBodilyHarm) {
  for (std::string_view text : {"The burn was more consistent with an inflicted contact burn.",
                                "A non-molestation order was made against him in 2021.",
                                "Index offence: ABH against former partner Shantelle Young.",
                                "He has a restraining order protecting Ms Young.",
                                "placed on the register under the category of Physical Injury."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
  auto self = Flags("The cuts looked self-inflicted.");
  ASSERT_EQ(self.size(), 1u);
  EXPECT_EQ(self[0].kind, FlagKind::kSelfHarm);
  EXPECT_TRUE(Flags("No injuries were seen and no order was made.").empty());
}

TEST(Safeguarding, SexualExploitationByVerbAndNappyRash) {
  for (std::string_view text : {"Mensah is believed to have sexually exploited Precious and others.",
                                "He was found alone, wet, hungry and with a severe napkin rash.",
                                "Nappy rash again at the visit."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
  EXPECT_TRUE(Flags("No nappy rash seen.").empty());
}

TEST(Safeguarding, NotWantingToBeAliveCuttingAgainAndJumpingFromABridge) {
  for (std::string_view text : {"Tahmid said to his brother that he \"doesn't want to be alive\".",
                                "- shes been cutting again since xmas, showed me her L forearm",
                                "Tiegan found on the Wearmouth Bridge by PC Hussain; she said she wanted to jump.",
                                "If he is \"sent back\" he would rather die."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kSelfHarm) << text;
  }
  EXPECT_TRUE(Flags("He wanted to jump on the trampoline.").empty());
  EXPECT_TRUE(Flags("She is glad to be alive after the crash.").empty());
}

TEST(Safeguarding, FearOfTheOneShoutingAndFalteringGrowth) {
  for (std::string_view text : {"Andrei is scared when \"Marius shouts and throws things\".",
                                "Faltering growth (weight below 0.4th centile)."}) {
    auto flags = Flags(text);
    ASSERT_EQ(flags.size(), 1u) << text;
    EXPECT_EQ(flags[0].kind, FlagKind::kAbuse) << text;
  }
  EXPECT_TRUE(Flags("The crowd was shouting at the match.").empty());
}

}  // namespace
}  // namespace sardesk::detect
