#include "detect/detector.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "detect/identifiers.h"
#include "detect/huge_pages.h"
#include "detect/text.h"
#include "detect/unicode.h"
#include "detect/word_map.h"

namespace sardesk::detect {

namespace {

enum class Gender : std::uint8_t { kUnknown, kFemale, kMale };

// ---- the domain's cue words (folded) ---------------------------------------

struct RelationInfo {
  std::string_view name;  // how the reason names it
  Gender gender;
};

const WordMap<RelationInfo>& Relations() {
  static const auto* m = new WordMap<RelationInfo>{
      {"mother", {"mother", Gender::kFemale}}, {"mum", {"mother", Gender::kFemale}},
      {"mummy", {"mother", Gender::kFemale}}, {"mom", {"mother", Gender::kFemale}},
      {"mam", {"mother", Gender::kFemale}}, {"father", {"father", Gender::kMale}},
      {"dad", {"father", Gender::kMale}}, {"daddy", {"father", Gender::kMale}},
      {"stepfather", {"stepfather", Gender::kMale}}, {"stepdad", {"stepfather", Gender::kMale}},
      {"step-father", {"stepfather", Gender::kMale}}, {"step-dad", {"stepfather", Gender::kMale}},
      {"stepmother", {"stepmother", Gender::kFemale}}, {"stepmum", {"stepmother", Gender::kFemale}},
      {"step-mother", {"stepmother", Gender::kFemale}}, {"step-mum", {"stepmother", Gender::kFemale}},
      {"brother", {"brother", Gender::kMale}}, {"sister", {"sister", Gender::kFemale}},
      {"half-brother", {"brother", Gender::kMale}}, {"half-sister", {"sister", Gender::kFemale}},
      {"stepbrother", {"stepbrother", Gender::kMale}}, {"stepsister", {"stepsister", Gender::kFemale}},
      {"sibling", {"sibling", Gender::kUnknown}}, {"siblings", {"sibling", Gender::kUnknown}},
      {"aunt", {"aunt", Gender::kFemale}}, {"auntie", {"aunt", Gender::kFemale}},
      {"aunty", {"aunt", Gender::kFemale}}, {"uncle", {"uncle", Gender::kMale}},
      {"cousin", {"cousin", Gender::kUnknown}}, {"nan", {"grandmother", Gender::kFemale}},
      {"nana", {"grandmother", Gender::kFemale}}, {"nanna", {"grandmother", Gender::kFemale}},
      {"nanny", {"grandmother", Gender::kFemale}}, {"gran", {"grandmother", Gender::kFemale}},
      {"granny", {"grandmother", Gender::kFemale}}, {"grandmother", {"grandmother", Gender::kFemale}},
      {"grandma", {"grandmother", Gender::kFemale}}, {"grandfather", {"grandfather", Gender::kMale}},
      {"grandad", {"grandfather", Gender::kMale}}, {"granddad", {"grandfather", Gender::kMale}},
      {"grandpa", {"grandfather", Gender::kMale}}, {"grandparent", {"grandparent", Gender::kUnknown}},
      {"mgm", {"maternal grandmother", Gender::kFemale}}, {"pgm", {"paternal grandmother", Gender::kFemale}},
      {"mgf", {"maternal grandfather", Gender::kMale}}, {"pgf", {"paternal grandfather", Gender::kMale}},
      {"partner", {"partner", Gender::kUnknown}}, {"ex-partner", {"former partner", Gender::kUnknown}},
      {"boyfriend", {"boyfriend", Gender::kMale}}, {"girlfriend", {"girlfriend", Gender::kFemale}},
      {"husband", {"husband", Gender::kMale}}, {"wife", {"wife", Gender::kFemale}},
      {"fiance", {"fiancé", Gender::kUnknown}}, {"son", {"son", Gender::kMale}},
      {"daughter", {"daughter", Gender::kFemale}}, {"niece", {"niece", Gender::kFemale}},
      {"nephew", {"nephew", Gender::kMale}}, {"friend", {"friend", Gender::kUnknown}},
      {"friends", {"friend", Gender::kUnknown}}, {"neighbour", {"neighbour", Gender::kUnknown}},
      {"neighbor", {"neighbour", Gender::kUnknown}}, {"classmate", {"classmate", Gender::kUnknown}},
      {"peer", {"peer", Gender::kUnknown}}, {"lodger", {"lodger", Gender::kUnknown}},
      {"flatmate", {"flatmate", Gender::kUnknown}}, {"housemate", {"housemate", Gender::kUnknown}},
      {"referrer", {"referrer", Gender::kUnknown}}, {"victim", {"victim", Gender::kUnknown}},
      {"suspect", {"suspect", Gender::kUnknown}}, {"perpetrator", {"perpetrator", Gender::kUnknown}},
      {"witness", {"witness", Gender::kUnknown}}, {"relative", {"relative", Gender::kUnknown}},
      {"godmother", {"godmother", Gender::kFemale}}, {"godfather", {"godfather", Gender::kMale}},
      {"parent", {"parent", Gender::kUnknown}}, {"parents", {"parent", Gender::kUnknown}},
      // the short forms of hurried notes ("younger sib tyler", "mums bf")
      {"sib", {"sibling", Gender::kUnknown}}, {"sibs", {"sibling", Gender::kUnknown}},
      {"sis", {"sister", Gender::kFemale}}, {"bro", {"brother", Gender::kMale}},
      {"bf", {"boyfriend", Gender::kMale}}, {"gf", {"girlfriend", Gender::kFemale}},
      {"mate", {"friend", Gender::kUnknown}}, {"mates", {"friend", Gender::kUnknown}},
      {"grandson", {"grandson", Gender::kMale}}, {"granddaughter", {"granddaughter", Gender::kFemale}},
      {"ex", {"ex-partner", Gender::kUnknown}}, {"landlord", {"landlord", Gender::kUnknown}},
      {"landlady", {"landlady", Gender::kFemale}}, {"tenant", {"tenant", Gender::kUnknown}},
      {"caller", {"caller", Gender::kUnknown}},
      // "Person subject to allegation: Mark Kelleher": whoever the allegation is about.
      {"allegation", {"accused", Gender::kUnknown}},
      {"baby", {"baby", Gender::kUnknown}}, {"mate", {"friend", Gender::kUnknown}},
      {"mates", {"friend", Gender::kUnknown}}, {"pal", {"friend", Gender::kUnknown}},
      // what children call their family in the languages of the families councils serve
      {"mammy", {"mother", Gender::kFemale}}, {"ammu", {"mother", Gender::kFemale}},
      {"ammi", {"mother", Gender::kFemale}}, {"abba", {"father", Gender::kMale}},
      {"abbu", {"father", Gender::kMale}}, {"dadi", {"paternal grandmother", Gender::kFemale}},
      {"nani", {"maternal grandmother", Gender::kFemale}}, {"khala", {"aunt", Gender::kFemale}},
      {"chacha", {"uncle", Gender::kMale}}, {"chachi", {"aunt", Gender::kFemale}},
      {"mamu", {"uncle", Gender::kMale}}, {"phuppo", {"aunt", Gender::kFemale}},
      {"hooyo", {"mother", Gender::kFemale}}, {"aabo", {"father", Gender::kMale}},
      {"ayeeyo", {"grandmother", Gender::kFemale}}, {"awoowe", {"grandfather", Gender::kMale}},
      {"babcia", {"grandmother", Gender::kFemale}}, {"dziadek", {"grandfather", Gender::kMale}},
      {"babunia", {"grandmother", Gender::kFemale}}, {"bunica", {"grandmother", Gender::kFemale}},
      {"bunicul", {"grandfather", Gender::kMale}}, {"nain", {"grandmother", Gender::kFemale}},
      {"taid", {"grandfather", Gender::kMale}}, {"mamgu", {"grandmother", Gender::kFemale}},
      {"tadcu", {"grandfather", Gender::kMale}}, {"nonna", {"grandmother", Gender::kFemale}},
      {"nonno", {"grandfather", Gender::kMale}}, {"oma", {"grandmother", Gender::kFemale}},
      {"opa", {"grandfather", Gender::kMale}}, {"yiayia", {"grandmother", Gender::kFemale}},
      {"tata", {"father", Gender::kMale}}, {"papa", {"father", Gender::kMale}},
  };
  return *m;
}

enum class RoleKind : std::uint8_t { kNone, kProfessional, kPolice, kFoster };

const WordMap<RoleKind>& Roles() {
  static const auto* m = new WordMap<RoleKind>{
      {"gp", RoleKind::kProfessional}, {"doctor", RoleKind::kProfessional}, {"nurse", RoleKind::kProfessional},
      {"midwife", RoleKind::kProfessional}, {"visitor", RoleKind::kProfessional},
      {"teacher", RoleKind::kProfessional}, {"headteacher", RoleKind::kProfessional},
      {"senco", RoleKind::kProfessional}, {"dsl", RoleKind::kProfessional}, {"worker", RoleKind::kProfessional},
      {"manager", RoleKind::kProfessional}, {"adviser", RoleKind::kProfessional},
      {"advisor", RoleKind::kProfessional}, {"iro", RoleKind::kProfessional},
      {"practitioner", RoleKind::kProfessional}, {"psychologist", RoleKind::kProfessional},
      {"psychiatrist", RoleKind::kProfessional}, {"therapist", RoleKind::kProfessional},
      {"counsellor", RoleKind::kProfessional}, {"paediatrician", RoleKind::kProfessional},
      {"consultant", RoleKind::kProfessional}, {"mentor", RoleKind::kProfessional},
      {"tutor", RoleKind::kProfessional}, {"coordinator", RoleKind::kProfessional},
      {"co-ordinator", RoleKind::kProfessional}, {"solicitor", RoleKind::kProfessional},
      {"advocate", RoleKind::kProfessional}, {"guardian", RoleKind::kProfessional},
      {"chair", RoleKind::kProfessional}, {"interpreter", RoleKind::kProfessional},
      {"clinician", RoleKind::kProfessional}, {"camhs", RoleKind::kProfessional},
      {"principal", RoleKind::kProfessional}, {"caseworker", RoleKind::kProfessional},
      {"keyworker", RoleKind::kProfessional}, {"supervisor", RoleKind::kProfessional},
      {"cafcass", RoleKind::kProfessional}, {"sw", RoleKind::kProfessional}, {"hv", RoleKind::kProfessional},
      {"officer", RoleKind::kProfessional}, {"senco", RoleKind::kProfessional},
      {"dsp", RoleKind::kProfessional}, {"lead", RoleKind::kProfessional}, {"head", RoleKind::kProfessional},
      {"cpn", RoleKind::kProfessional}, {"idva", RoleKind::kProfessional}, {"isva", RoleKind::kProfessional},
      {"assistant", RoleKind::kProfessional}, {"receptionist", RoleKind::kProfessional},
      {"paramedic", RoleKind::kProfessional}, {"pharmacist", RoleKind::kProfessional},
      {"physiotherapist", RoleKind::kProfessional}, {"dentist", RoleKind::kProfessional},
      {"registrar", RoleKind::kProfessional}, {"magistrate", RoleKind::kProfessional},
      {"judge", RoleKind::kProfessional}, {"barrister", RoleKind::kProfessional},
      {"administrator", RoleKind::kProfessional}, {"secretary", RoleKind::kProfessional},
      {"warden", RoleKind::kProfessional}, {"director", RoleKind::kProfessional},
      {"deputy", RoleKind::kProfessional},
      {"probation", RoleKind::kProfessional}, {"yjs", RoleKind::kProfessional},
      {"amhp", RoleKind::kProfessional}, {"sn", RoleKind::kProfessional}, {"ddsl", RoleKind::kProfessional},
      {"mgr", RoleKind::kProfessional}, {"dn", RoleKind::kProfessional}, {"coach", RoleKind::kProfessional},
      {"reception", RoleKind::kProfessional}, {"hoy", RoleKind::kProfessional},
      {"paramedics", RoleKind::kProfessional}, {"staff", RoleKind::kProfessional}, {"pastoral", RoleKind::kProfessional}, {"edt", RoleKind::kProfessional}, {"ssw", RoleKind::kProfessional},
      {"ehcp", RoleKind::kProfessional}, {"lado", RoleKind::kProfessional}, {"yot", RoleKind::kProfessional},
      {"yos", RoleKind::kProfessional}, {"ta", RoleKind::kProfessional}, {"lsa", RoleKind::kProfessional},
      {"member", RoleKind::kProfessional}, {"office", RoleKind::kProfessional},
      {"ot", RoleKind::kProfessional}, {"salt", RoleKind::kProfessional}, {"physio", RoleKind::kProfessional},
      {"hr", RoleKind::kProfessional}, {"liaison", RoleKind::kProfessional}, {"hca", RoleKind::kProfessional},
      {"nyas", RoleKind::kProfessional}, {"duty", RoleKind::kProfessional}, {"clerk", RoleKind::kProfessional},
      {"interp", RoleKind::kProfessional}, {"mediator", RoleKind::kProfessional}, {"taker", RoleKind::kProfessional},
      {"ewo", RoleKind::kProfessional}, {"rsw", RoleKind::kProfessional}, {"facilitator", RoleKind::kProfessional},
      {"counsel", RoleKind::kProfessional}, {"om", RoleKind::kProfessional}, {"vlo", RoleKind::kProfessional},
      {"writer", RoleKind::kProfessional}, {"rgn", RoleKind::kProfessional}, {"rmn", RoleKind::kProfessional},
      {"rn", RoleKind::kProfessional},
      {"houseparent", RoleKind::kProfessional}, {"houseparents", RoleKind::kProfessional},
      {"housemother", RoleKind::kProfessional}, {"housefather", RoleKind::kProfessional},
      {"headmaster", RoleKind::kProfessional}, {"headmistress", RoleKind::kProfessional},
      {"matron", RoleKind::kProfessional}, {"imha", RoleKind::kProfessional}, {"imca", RoleKind::kProfessional},
      {"crht", RoleKind::kProfessional}, {"litem", RoleKind::kProfessional}, {"gal", RoleKind::kProfessional},
      {"aide", RoleKind::kProfessional}, {"reporter", RoleKind::kProfessional},
      {"interpreters", RoleKind::kProfessional}, {"fsw", RoleKind::kProfessional}, {"psw", RoleKind::kProfessional},
      {"nurses", RoleKind::kProfessional}, {"teachers", RoleKind::kProfessional},
      {"connexions", RoleKind::kProfessional}, {"leader", RoleKind::kProfessional},
      {"doctors", RoleKind::kProfessional}, {"midwives", RoleKind::kProfessional},
      {"police", RoleKind::kPolice}, {"pc", RoleKind::kPolice}, {"dc", RoleKind::kPolice},
      {"ds", RoleKind::kPolice}, {"di", RoleKind::kPolice}, {"dci", RoleKind::kPolice},
      {"sgt", RoleKind::kPolice}, {"sergeant", RoleKind::kPolice}, {"constable", RoleKind::kPolice},
      {"detective", RoleKind::kPolice}, {"inspector", RoleKind::kPolice}, {"pcso", RoleKind::kPolice},
      {"foster", RoleKind::kFoster}, {"carer", RoleKind::kFoster}, {"carers", RoleKind::kFoster},
      {"carer's", RoleKind::kFoster},
  };
  return *m;
}

struct TitleInfo {
  Gender gender;
  RoleKind role;
};

const WordMap<TitleInfo>& Titles() {
  static const auto* m = new WordMap<TitleInfo>{
      {"mr", {Gender::kMale, RoleKind::kNone}},        {"mrs", {Gender::kFemale, RoleKind::kNone}},
      {"ms", {Gender::kFemale, RoleKind::kNone}},      {"miss", {Gender::kFemale, RoleKind::kNone}},
      {"mx", {Gender::kUnknown, RoleKind::kNone}},     {"dr", {Gender::kUnknown, RoleKind::kProfessional}},
      {"prof", {Gender::kUnknown, RoleKind::kProfessional}},
      {"professor", {Gender::kUnknown, RoleKind::kProfessional}},
      {"rev", {Gender::kUnknown, RoleKind::kNone}},    {"revd", {Gender::kUnknown, RoleKind::kNone}},
      {"cllr", {Gender::kUnknown, RoleKind::kProfessional}},
      {"hhj", {Gender::kUnknown, RoleKind::kProfessional}},
      {"sir", {Gender::kMale, RoleKind::kNone}},       {"dame", {Gender::kFemale, RoleKind::kNone}},
      {"pc", {Gender::kUnknown, RoleKind::kPolice}},   {"dc", {Gender::kUnknown, RoleKind::kPolice}},
      {"ds", {Gender::kUnknown, RoleKind::kPolice}},   {"di", {Gender::kUnknown, RoleKind::kPolice}},
      {"dci", {Gender::kUnknown, RoleKind::kPolice}},  {"sgt", {Gender::kUnknown, RoleKind::kPolice}},
      {"insp", {Gender::kUnknown, RoleKind::kPolice}}, {"pcso", {Gender::kUnknown, RoleKind::kPolice}},
      {"nurse", {Gender::kUnknown, RoleKind::kProfessional}},
  };
  return *m;
}

bool InSet(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

// The word before a name in a family's nicknames: "Little Paddy" is the son,
// "Big Paddy" his father.
bool NicknameAdjective(std::string_view w) {
  return InSet(w, {"little", "big", "young", "old", "baby", "lil", "wee"});
}
bool YoungerAdjective(std::string_view w) { return InSet(w, {"little", "young", "baby", "lil", "wee"}); }

// A fixed vocabulary, hashed once: these are asked about every word.
#define SARDESK_WORD_SET(...)                          \
  static const WordSet* set = new WordSet{__VA_ARGS__}; \
  return *set

// Words between a cue and the name it describes ("her older brother Pawel").
const WordSet& FillerWords() {
  SARDESK_WORD_SET("her", "his", "their", "the", "a", "an", "my", "our", "your", "older", "younger", "elder",
                   "eldest", "oldest", "youngest", "maternal", "paternal", "little", "big", "new", "former",
                   "current", "birth", "biological", "twin", "half", "step", "ex", "is", "was", "named", "called",
                   "school", "health", "class", "family", "support", "social", "and", "of", "s", "best", "late",
                   // "Head of Year Mr Aldous", "Head of Care Mrs Storm"
                   "year", "care");
}

const WordSet& PlacePrepositionWords() {
  SARDESK_WORD_SET("in", "at", "from", "to", "near", "into", "towards", "via", "on", "off", "along", "around",
                   "outside", "inside", "through", "visit", "visited", "attends", "attend", "attended");
}

const WordSet& StreetSuffixWords() {
  SARDESK_WORD_SET("street", "road", "lane", "avenue", "close", "drive", "way", "grove", "gardens", "view",
                   "court", "crescent", "place", "terrace", "walk", "square", "hill", "rise", "mews", "row",
                   "parade", "vale", "fields", "meadows", "green", "park", "st", "rd", "ave", "estate", "wharf", "ct",
                   "cres", "gdns", "sq", "ln", "wlk", "range", "bargate",
                   "gate", "crossing", "heights", "cottages", "end", "highway", "boulevard", "circus", "croft",
                   "quay", "causeway", "wynd", "brae", "approach");
}

// The last word of a house's name: "Rose Cottage", "Rowan House", "Hill Farm".
const WordSet& DwellingWords() {
  SARDESK_WORD_SET("cottage", "house", "farm", "farmhouse", "lodge", "barn", "mill", "hall", "villa", "bungalow",
                   "manor", "grange", "cottages", "flats", "mansions", "chambers", "tower", "towers", "barns", "site");
}

const WordSet& OrgSuffixWords() {
  SARDESK_WORD_SET("school", "academy", "college", "hospital", "surgery", "centre", "center", "council", "team",
                   "service", "services", "unit", "primary", "nursery", "university", "clinic", "trust",
                   "church", "mosque", "club", "station", "practice", "house", "police", "road", "street", "yot", "office",
                   "county", "city", "borough", "court", "prison", "hub", "partnership", "project", "foundation", "acad",
                   // "(Avon Fire & Rescue)", "(Swindon Women's Aid)", "(Costa & Partners)", "(CMHT)"
                   "rescue", "aid", "partners", "solicitors", "llp", "ltd", "agency", "housing", "safeguarding",
                   "cmht", "association", "charity", "mediation");
}

// Words that open lines and headings but are never names here.
const WordSet& NeverNameWords() {
  SARDESK_WORD_SET("mum", "dad", "nan", "gran", "mr", "mrs", "ms", "miss", "dr", "monday", "tuesday",
                   "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
                   "april", "may", "june", "july", "august", "september", "october", "november", "december",
                   "i", "camhs", "nhs", "dob", "sgo", "marac", "dash", "dsl", "gp", "cp", "cin", "lac", "iro",
                   "sw", "psw", "fsw", "tm", "ig", "sar", "uk", "ok", "am", "pm", "asap", "ni", "aka", "a&e",
                   "police", "he", "she", "they", "we", "you", "it", "his", "her", "their", "christmas", "easter",
                   "eid", "ramadan", "diwali", "english", "british", "polish", "romanian", "somali", "urdu",
                   "punjabi", "arabic", "welsh", "irish", "scottish", "god", "allah",
                   // greetings and sign-offs that open a line before a name ("Hi Kwame,")
                   "hi", "hello", "dear", "thanks", "cheers", "regards", "morning", "afternoon",
                   // "I'm", "I'll": the writer
                   "mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "co", "hosp",
                   "pension", "pensions", "allowance", "credit", "benefit", "benefits", "universal",
                   "i'm", "i'll", "i've", "i'd", "we're", "they're", "you're", "he's", "she's", "it's", "that's",
                   "there's", "let's", "don't", "can't", "won't", "didn't", "isn't", "wasn't", "da", "dv",
                   // the apps and devices young people's records talk about
                   "whatsapp", "snapchat", "instagram", "facebook", "tiktok", "youtube", "xbox", "playstation",
                   "iphone", "ipad", "google", "amazon", "netflix", "fortnite", "roblox", "discord",
                   "minecraft", "insta", "twitter", "nokia", "samsung", "primark", "greggs", "tesco", "asda",
                   "sainsbury's", "argos", "lidl", "aldi",
                   // function words a cue may stand before ("Mum: The money comes on Thursday")
                   "the", "this", "that", "these", "those", "there", "here", "what", "when", "where", "why",
                   "how", "yes", "not", "and", "but", "then", "our", "your", "my", "sundays", "mondays",
                   "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "weekends",
                   // the abbreviations of case records that a gazetteer has as names ("MASH", "ESA")
                   "mash", "uti", "esa", "pip", "dla", "dwp", "hmrc", "nfa", "rhi", "dols", "mca", "asb", "abh",
                   "gbh", "ppn", "icpc", "rcpc", "cla", "ehc", "fgc", "ref", "st", "no", "rui", "xmas", "vm",
                   "imo", "qur'an", "quran", "bitesize", "elsa", "cait",
                   // heritage, not a name ("of Irish Traveller heritage")
                   "traveller", "travellers", "gypsy", "gypsies", "romany", "roma",
                   // languages interpreters are booked for, and the shorthand of notes
                   "sylheti", "sorani", "kurmanji", "cantonese", "mandarin", "tigrinya", "amharic", "pashto", "dari",
                   "farsi", "tamil", "gujarati", "bengali", "lingala", "yoruba", "igbo", "twi", "alzheimer",
                   "yr", "yrs", "mins", "abt", "approx", "obs", "ost", "iv", "paye", "ans", "leaver",
                   "hijab", "monzo", "barclays", "natwest", "santander", "nationwide",
                   // medicines a gazetteer has as names ("Restarted sertraline")
                   "sertraline", "fluoxetine", "citalopram", "mirtazapine", "diazepam", "olanzapine", "quetiapine",
                   "risperidone", "aripiprazole", "methadone", "buprenorphine", "paracetamol", "ibuprofen",
                   "codeine", "tramadol", "naloxone", "melatonin", "zopiclone", "pregabalin", "gabapentin",
                   "clozapine", "lorazepam", "amitriptyline", "venlafaxine", "propranolol", "espranor",
                   "subutex", "calpol");
}

bool MonthName(std::string_view w) {
  return w == "april" || w == "may" || w == "june" || w == "july" || w == "august";
}

// An email address of a public body (council, NHS, school, police,
// university): a professional's work address.
bool PublicBodyEmail(std::string_view e) {
  for (std::string_view d : {".gov.uk", ".nhs.uk", ".nhs.net", ".sch.uk", ".police.uk", ".ac.uk", ".cjsm.net",
                             ".gov.wales", ".gov.scot", ".hscni.net"})
    // "x@nhs.net" and "x@leeds.gov.uk" both: the domain part after '@' or '.'.
    if (e.size() > d.size() && e.compare(e.size() - d.size() + 1, d.size() - 1, d.substr(1)) == 0 &&
        (e[e.size() - d.size()] == '.' || e[e.size() - d.size()] == '@'))
      return true;
  // A school's, trust's or council's own domain ("hartsideacademy.org.uk").
  const std::size_t at = e.find('@');
  if (at == std::string_view::npos) return false;
  std::string domain;
  for (char c : e.substr(at + 1)) domain.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  // And a law firm's, a housing or care provider's, a charity's that works with
  // families ("thorntonlegal.co.uk", "bluebellhomecare.co.uk", "barnardos.org.uk").
  for (std::string_view w : {"academy", "school", "college", "council", "nhs", "police", "probation", "cafcass",
                             "legal", "law", "solicitor", "llp", "housing", "homecare", "healthcare", "barnardo",
                             "nspcc", "changegrowlive", "womensaid", "refuge", "victimsupport", "actionforchildren",
                             "childrenssociety", "mediation", "advocacy", "voiceability", "pohwer", "primary",
                             "infants", "juniors"})
    if (domain.find(w) != std::string::npos) return true;
  // "levenshulmehigh.org.uk": a high school's own domain.
  const std::size_t dot = domain.find('.');
  if (dot != std::string::npos && dot >= 4 && domain.compare(dot - 4, 4, "high") == 0) return true;
  return false;
}

// "Flat 2", "Plot 6", "caravan 11": the word before a unit's number.
bool UnitWord(std::string_view w) {
  return w == "flat" || w == "apartment" || w == "unit" || w == "room" || w == "plot" || w == "pitch" ||
         w == "caravan";
}

// The last word of an institution's name, never a surname: "Castle Newnham
// School" is a school even though "Newnham" is only a name.
const WordSet& InstitutionWords() {
  static const WordSet kWords = {"school",  "academy", "college",  "hospital",  "surgery", "centre",  "center",
                                 "council", "team",    "service",  "services",  "unit",    "primary", "nursery",
                                 "university", "clinic", "trust",  "practice",  "station", "prison",  "hub",
                                 "partnership", "project", "foundation", "mosque", "infirmary", "hospice",
                                 "institute", "agency", "association", "charity", "society", "department", "office",
                                 "care", "fair", "high", "general", "royal", "solicitors", "scale", "convent",
                                 "homecare", "support", "law", "lodge", "acad",
                                 "scheme", "pdu", "crc", "cic", "ltd", "limited", "plc", "llp"};
  return kWords;
}

// Two-letter abbreviations of case records a gazetteer has as names.
const WordSet& AbbreviationWords() {
  SARDESK_WORD_SET("uc", "pe", "hr", "re", "it", "tv", "id", "pa", "pr", "mp", "yp", "la", "eh", "mh", "ld", "sg",
                   "ed", "ae", "ft", "pt", "ss", "ct", "dt", "rr", "ic", "qa", "pp", "ps", "ot", "bp");
}
const WordSet& ColourWords() {
  SARDESK_WORD_SET("black", "white", "grey", "gray", "silver", "blue", "red", "green", "yellow", "orange", "purple",
                   "maroon", "navy", "gold", "bronze", "beige", "metallic", "burgundy");
}
const WordSet& CarMakeWords() {
  SARDESK_WORD_SET("vauxhall", "ford", "toyota", "volkswagen", "vw", "bmw", "audi", "mercedes", "nissan", "honda",
                   "kia", "hyundai", "peugeot", "renault", "citroen", "skoda", "seat", "fiat", "mazda", "volvo",
                   "lexus", "suzuki", "mitsubishi", "tesla", "dacia", "subaru", "jaguar", "land", "range");
}
// What a bank or a shop has: "her Santander account".
const WordSet& OwnedThingWords() {
  SARDESK_WORD_SET("account", "bank", "card", "app", "store", "shop", "branch", "hotel", "supermarket");
}

// Everything the small vocabularies above say about one word, found with one
// lookup: these are asked about nearly every word of every document.
struct WordKinds {
  const RelationInfo* relation = nullptr;
  const TitleInfo* title = nullptr;
  RoleKind role = RoleKind::kNone;
  bool never_name = false, filler = false, place = false, street = false, org = false, dwelling = false;
  // The small vocabularies NotANameShape asks about (see there).
  bool institution = false, abbreviation = false, colour = false, car_make = false, owned_thing = false,
       prison = false;

  bool Title(TitleInfo* out) const {
    if (title == nullptr) return false;
    *out = *title;
    return true;
  }
};

const WordKinds& KindsOf(std::string_view w) {
  static const WordKinds kNone;
  static const auto* all = [] {
    auto* m = new WordMap<WordKinds>;
    Relations().ForEach([&](std::string_view k, const RelationInfo& v) { m->Upsert(k).relation = &v; });
    Titles().ForEach([&](std::string_view k, const TitleInfo& v) { m->Upsert(k).title = &v; });
    Roles().ForEach([&](std::string_view k, RoleKind v) { m->Upsert(k).role = v; });
    NeverNameWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).never_name = true; });
    FillerWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).filler = true; });
    PlacePrepositionWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).place = true; });
    StreetSuffixWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).street = true; });
    OrgSuffixWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).org = true; });
    DwellingWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).dwelling = true; });
    InstitutionWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).institution = true; });
    AbbreviationWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).abbreviation = true; });
    ColourWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).colour = true; });
    CarMakeWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).car_make = true; });
    OwnedThingWords().ForEach([&](std::string_view k, bool) { m->Upsert(k).owned_thing = true; });
    for (std::string_view k : {"hmp", "hmyoi", "yoi"}) m->Upsert(k).prison = true;
    return m;
  }();
  const WordKinds* found = all->Find(w);
  return found == nullptr ? kNone : *found;
}

bool SentenceEndPunct(std::string_view text, const Token& t) {
  if (t.kind != Token::Kind::kPunct) return false;
  const char c = text[t.start];
  // "04.02.2024", "8.40": a full stop between digits ends nothing.
  if (c == '.' && t.end < text.size() && text[t.end] >= '0' && text[t.end] <= '9') return false;
  return c == '.' || c == '!' || c == '?';
}

bool NameChar(const Token& t, std::string_view text) {
  // A lone capital, the shape of an initial ("E." / "E"); "A" opening a
  // sentence without a full stop is the article ("A Bengali interpreter").
  if (!t.IsWord() || t.end - t.start != 1 || text[t.start] < 'A' || text[t.start] > 'Z') return false;
  if (text[t.start] == 'A' && t.after_break && !(t.end < text.size() && text[t.end] == '.')) return false;
  return true;
}

bool GenderFits(Gender a, Gender b);
bool PublicBodyEmail(std::string_view e);
bool UnitWord(std::string_view w);
bool WelshStreetWord(std::string_view w);

// ---- the document being read -----------------------------------------------

enum class NameClass : std::uint8_t { kNone, kStrong, kWeak, kUnknown, kKnown };

struct Mention {
  std::uint32_t start = 0, end = 0;
  std::size_t first_token = 0, last_token = 0;  // name words only (no title)
  int title = -1;                               // token index of the title
  std::string first, last;                      // folded; last empty for one word
  bool resolved = false;
  bool review = false;  // a person should decide whose it is
  Party party = Party::kThirdParty;
  std::string reason;
  std::string relation;  // "mother", or the professional's role
  Gender gender = Gender::kUnknown;
  int first_word = -1, last_word = -1;  // the tokens `first` and `last` were read from
};

// The reason given a name nothing in the case or the text explains.
constexpr const char* kUnaccounted = "a person not accounted for in the case (third party)";

// The reason given initials that stand for someone of `party`.
const char* InitialsReason(Party party) {
  return party == Party::kSubject        ? "the requester's initials"
         : party == Party::kProfessional ? "a professional's initials"
                                         : "initials of a third party named in the record";
}

// How a reason names the owner of an identifier: "the requester", "a
// professional", "the mother", "a third party".
std::string WhoOf(const Mention& m) {
  if (m.party == Party::kSubject) return "the requester";
  if (m.party == Party::kProfessional) return "a professional";
  return m.relation.empty() ? "a third party" : "the " + m.relation;
}

struct Entity {
  std::string first, last;  // folded, either may be empty
  Party party;
  std::string relation;
  Gender gender;
};

// Copies `in` to `out` with ASCII capitals lowered, eight bytes at a time
// (bytes outside ASCII are copied as they are).
void LowerAscii(std::string_view in, char* out) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  std::size_t k = 0;
  for (; k + 8 <= in.size(); k += 8) {
    std::uint64_t x;
    std::memcpy(&x, in.data() + k, 8);
    const std::uint64_t low7 = x & ~kHigh;
    const std::uint64_t above_z = low7 + (0x7F - 'Z') * kOnes;    // high bit: byte > 'Z'
    const std::uint64_t from_a = low7 + (0x80 - 'A') * kOnes;     // high bit: byte >= 'A'
    const std::uint64_t upper = (from_a & ~above_z) & ~x & kHigh;  // ASCII 'A'..'Z'
    x |= upper >> 2;                                               // 0x80 >> 2 = 0x20
    std::memcpy(out + k, &x, 8);
  }
  for (; k < in.size(); ++k) {
    const auto c = static_cast<unsigned char>(in[k]);
    out[k] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
}

// Appends word `w` folded for lookup to *arena: ASCII without a call.
void AppendFolded(std::string_view w, std::string* arena) {
  const std::size_t at = arena->size();
  arena->append(w);
  unsigned char* p = reinterpret_cast<unsigned char*>(arena->data() + at);
  unsigned char high = 0;
  for (std::size_t k = 0; k < w.size(); ++k) {
    const unsigned char c = p[k];
    high |= c;
    p[k] = static_cast<unsigned char>(c | (static_cast<unsigned char>(c - 'A') < 26 ? 0x20 : 0));
  }
  if (high >= 0x80) {
    arena->resize(at);
    *arena += FoldForLookup(w);
  }
}

// Calls fn on each word of s, words being separated by spaces, commas and tabs.
template <typename Fn>
void ForEachWord(std::string_view s, Fn&& fn) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != '\t') ++j;
    if (j > i) fn(s.substr(i, j - i));
    i = j;
  }
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  ForEachWord(s, [&](std::string_view w) { out.push_back(FoldForLookup(w)); });
  return out;
}

// The per-document vectors, kept between documents on the same thread so
// that reading a document allocates little (their sizes follow the text).
struct Buffers {
  std::vector<Token> tokens;
  std::vector<std::string_view> folded;
  std::string fold_arena;
  std::vector<bool> covered, lex_done;
  std::vector<LexiconEntry> lex_cache;
  std::vector<const WordKinds*> kinds;
  std::vector<int> mention_of;
  std::vector<IdentifierMatch> ids;
  std::vector<Mention> mentions;
  std::vector<std::uint32_t> fold_ends;
  std::string context_arena;
  std::vector<std::string_view> context_views;
  std::vector<std::uint32_t> context_ends;
  std::vector<std::span<const std::string_view>> staff_words;
  std::vector<Entity> entities;
  WordMap<std::vector<std::size_t>> entities_by_first, entities_by_last;
  WordMap<bool> known;
};

Buffers& ThreadBuffers() {
  thread_local Buffers buffers;
  return buffers;
}

class Document {
 public:
  Document(std::string_view text, const CaseContext& ctx, const Lexicon& lex)
      : text_(text), ctx_(ctx), lex_(lex) {
    Buffers& b = ThreadBuffers();
    SwapBuffers(b);
    folded_.clear();
    mentions_.clear();
    ids_.clear();
    entities_.clear();
    entities_by_first_.Clear();
    entities_by_last_.Clear();
    known_.Clear();
    TokenizeInto(text, &tokens_);
    // The words folded without a string each: an ASCII word is a view of the
    // text in lower case; the rest are folded into one buffer, viewed once
    // it is complete. fold_arena_ holds the lower-case text, then the rest.
    ReserveLarge(fold_arena_, text.size() + text.size() / 16 + 16);
    fold_arena_.resize(text.size());
    LowerAscii(text, fold_arena_.data());
    ReserveLarge(folded_, tokens_.size());
    folded_.resize(tokens_.size());
    std::vector<std::uint32_t>& ends = b.fold_ends;
    ends.clear();
    for (const Token& t : tokens_) {
      if (t.IsWord() && t.non_ascii) {
        fold_arena_ += FoldForLookup(t.In(text_));
        ends.push_back(static_cast<std::uint32_t>(fold_arena_.size()));
      }
    }
    const std::string_view arena(fold_arena_);
    std::uint32_t from = static_cast<std::uint32_t>(text.size());
    std::size_t next_end = 0;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (!t.IsWord()) {
        folded_[i] = std::string_view();
      } else if (!t.non_ascii) {
        folded_[i] = arena.substr(t.start, t.end - t.start);
      } else {
        folded_[i] = arena.substr(from, ends[next_end] - from);
        from = ends[next_end++];
      }
    }
    covered_.assign(tokens_.size(), false);
    ReserveLarge(lex_cache_, tokens_.size());
    lex_cache_.resize(tokens_.size());
    lex_done_.assign(tokens_.size(), false);
    ReserveLarge(kinds_, tokens_.size());
    kinds_.assign(tokens_.size(), nullptr);
    ReserveLarge(mention_of_, tokens_.size());
    mention_of_.assign(tokens_.size(), -1);
    ReserveLarge(mentions_, tokens_.size() / 8 + 4);
    if (text.size() >= kHugePageBuffer / 8) {
      // A long document: its proposals, people and identifiers grow to
      // megabytes too (about one proposal in eight tokens).
      ReserveLarge(proposals_, tokens_.size() / 6);
      ReserveLarge(entities_, tokens_.size() / 16);
      ReserveLarge(ids_, tokens_.size() / 32);
    }
    LoadContext();
  }
  ~Document() {
    // The buffers go back for the next document, unless a huge document made
    // them huge: those are let go.
    if (tokens_.capacity() > (1u << 20)) return;
    SwapBuffers(ThreadBuffers());
  }
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  void SwapBuffers(Buffers& b) {
    tokens_.swap(b.tokens);
    folded_.swap(b.folded);
    fold_arena_.swap(b.fold_arena);
    covered_.swap(b.covered);
    lex_done_.swap(b.lex_done);
    lex_cache_.swap(b.lex_cache);
    kinds_.swap(b.kinds);
    mention_of_.swap(b.mention_of);
    ids_.swap(b.ids);
    mentions_.swap(b.mentions);
    context_arena_.swap(b.context_arena);
    context_views_.swap(b.context_views);
    staff_words_.swap(b.staff_words);
    entities_.swap(b.entities);
    entities_by_first_.Swap(b.entities_by_first);
    entities_by_last_.Swap(b.entities_by_last);
    known_.Swap(b.known);
  }

  Detection Run();

 private:
  void LoadContext();
  void FindAddresses();
  void FindNamedAddresses();
  void FindSubjectAddress();
  bool OwnerNearby(std::uint32_t at, Party* party, std::string* who) const;
  bool CallLogOwner(std::uint32_t end, Party* party, std::string* who) const;
  // Word i is followed, on its line, within three capitalised or
  // alphanumeric words ("Yaris", "A3", "Transit"), by a vehicle registration.
  bool MakeBeforeRegistration(std::size_t i) const {
    const std::uint32_t from = tokens_[i].end;
    auto it = std::lower_bound(ids_.begin(), ids_.end(), from,
                               [](const IdentifierMatch& a, std::uint32_t b) { return a.start < b; });
    if (it == ids_.end() || it->label != Label::kVehicle) return false;
    std::size_t k = i + 1;
    for (int words = 0; k < tokens_.size() && tokens_[k].start < it->start; ++k, ++words) {
      if (words >= 3 || tokens_[k].newline_before || mention_of_[k] >= 0) return false;
      if (!(tokens_[k].upper_initial || tokens_[k].kind == Token::Kind::kNumber ||
            (tokens_[k].IsWord() && tokens_[k].has_upper)))
        return false;
    }
    return k < tokens_.size() && tokens_[k].start == it->start && !tokens_[k].newline_before;
  }
  // "at the family home, 38 Clyde Terrace": the requester's home, whoever
  // else lived there.
  bool FamilyHomeBefore(std::uint32_t at) const {
    const std::size_t k = TokenAt(at);
    for (std::size_t b = k, words = 0; b > 0 && words < 3; --b) {
      const Token& t = tokens_[b - 1];
      if (!t.IsWord()) {
        if (t.IsPunct(text_, ',') || t.IsPunct(text_, ':') || t.IsPunct(text_, '(')) continue;
        return false;
      }
      ++words;
      // ("the former family home", where the father stayed: no longer theirs.)
      if (folded_[b - 1] == "home" && b >= 2 && tokens_[b - 2].IsWord() && folded_[b - 2] == "family")
        return !(b >= 3 && tokens_[b - 3].IsWord() && InSet(folded_[b - 3], {"former", "old", "previous", "ex"}));
    }
    return false;
  }
  bool IsDashToken(std::size_t k) const {
    const std::string_view t = tokens_[k].In(text_);
    return t == "-" || t == "\xE2\x80\x93" || t == "\xE2\x80\x94";
  }
  bool OwnerInParagraph(std::uint32_t at, std::uint32_t end, bool health, Party* party, std::string* who) const;
  bool InQuote(std::uint32_t at) const;
  bool QuotedNickname(std::size_t i) const;
  bool UnquotedNickname(std::size_t i) const;
  // Token k is a double quote, straight or curly.
  bool QuoteAt(std::size_t k) const {
    if (k >= tokens_.size() || tokens_[k].kind != Token::Kind::kPunct) return false;
    const std::string_view q = tokens_[k].In(text_);
    return q == "\"" || q == "\xE2\x80\x9C" || q == "\xE2\x80\x9D";
  }
  // Token k is the possessive "'s" the tokeniser splits off a word.
  bool PossessiveAt(std::size_t k) const {
    if (k >= tokens_.size() || tokens_[k].kind != Token::Kind::kPunct) return false;
    const std::string_view p = tokens_[k].In(text_);
    return p.size() >= 2 && (p.back() == 's' || p.back() == 'S') && (p[0] == '\'' || p[0] == '\xE2');
  }
  bool LowercaseNotes() const;
  bool ShoutedLine(std::size_t i) const;
  void AddInitials();
  void AddInitialsKey();
  void AddDeclaredInitials();
  void AddListedInitials();
  void SetInitials(std::size_t i, Party party, const std::string& reason);
  bool Abbreviation(std::size_t k) const;
  std::size_t CapitalRun(std::size_t j, std::size_t max_words, bool (WordKinds::*last_kind)) const;
  std::size_t StreetRun(std::size_t j, bool any_case) const;
  bool notes_ = false;  // written like hurried notes (LowercaseNotes)
  std::size_t TownAfter(std::size_t end) const;
  std::size_t TownSegment(std::size_t end) const;
  void AddAddress(std::size_t start, std::size_t end);
  void FindNameMentions();
  void FindMoreMentions();
  NameClass Classify(std::size_t i) const;
  NameClass ClassifyWord(std::size_t i) const;
  bool CapsSurname(std::size_t i) const;
  bool NotANameShape(std::size_t i) const;
  bool BrokenAcrossLines(std::size_t i) const;
  bool InstitutionAhead(std::size_t j) const;
  bool TeamAhead(std::size_t j) const;
  bool AfterInstitution(std::size_t first) const;
  std::size_t NamedInQuotes(std::size_t i) const;
  // Within four words before the mention, a word saying a name follows
  // ("known as", "aka", "roll as", "spelling", "record shows", "name").
  bool OtherNameCueBefore(const Mention& m) const {
    std::size_t k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
    for (int words = 0; k > 0 && words < 4; --k) {
      const Token& t = tokens_[k - 1];
      if (tokens_[k].newline_before) return false;
      if (!t.IsWord()) continue;
      ++words;
      if (InSet(folded_[k - 1], {"aka", "known", "as", "spelling", "shows", "name", "nee", "formerly", "alias"}))
        return true;
    }
    return false;
  }
  // Word token i is followed by what a bank or shop has ("Santander account").
  bool BusinessAt(std::size_t i) const {
    return i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && !tokens_[i + 1].has_upper &&
           tokens_[i + 1].space_before && !tokens_[i + 1].newline_before && K(i + 1).owned_thing;
  }
  mutable WordMap<bool> businesses_;  // words BusinessAt somewhere in the document
  mutable bool businesses_done_ = false;
  bool CuedBefore(std::size_t first, std::size_t last) const;
  bool AllegedAfter(const Mention& m, Mention* out) const;
  bool RelationJustBefore(const Mention& m) const;
  bool WeakAlone(std::size_t i, bool at_break) const;
  bool PersonSlot(std::size_t i) const;
  bool PlaceInContext(std::size_t i) const;
  bool PlaceElsewhere(std::size_t i) const;
  bool CuedRun(std::size_t first, std::size_t last) const;
  bool ShiftCrew(std::size_t k) const;
  bool SubjectHeading(std::uint32_t at) const;
  int LatestYear() const;
  void ScanDates() const;
  mutable int latest_year_ = -1;  // the latest year of any date in the record (-1: not looked)
  mutable bool places_found_ = false;
  mutable int record_year_ = -1;  // the same, not counting anyone's date of birth
  mutable bool child_field_ = false;  // "Name of child: <the requester>" (ScanDates sets it)
  mutable WordMap<bool> places_used_;
  bool AbroadInContext(std::size_t i) const;
  bool MonthAbbreviation(std::size_t i) const;
  bool ActsNext(std::size_t i) const;
  bool InList(std::size_t i) const;
  bool OrgAhead(std::size_t j) const;
  bool InBirthDateColumn(std::uint32_t at) const;
  // Token k ends a shift's staff label: "Handing over:", "Taking over:", "On duty:".
  bool StaffLabelAt(std::size_t k) const {
    if (k == 0 || k + 1 >= tokens_.size() || !tokens_[k + 1].IsPunct(text_, ':') || !tokens_[k - 1].IsWord())
      return false;
    const std::string_view w = folded_[k], before = folded_[k - 1];
    return (w == "over" && (before == "handing" || before == "taking" || before == "handover")) ||
           ((w == "duty" || w == "shift") && before == "on");
  }
  bool AgencyContacted(std::size_t to) const;
  // "Ó", "Ní", "Nic": an Irish surname's particle, with the surname after it
  // ("Declan Ó Briain", "Dr Ciara Ní Bhriain").
  // (Opening with "Ó", "N", "U" or "M": most words stop at this inlined test.)
  [[gnu::always_inline]] bool IrishParticle(std::size_t p) const {
    const char c = text_[tokens_[p].start];
    return (c == '\xC3' || c == 'N' || c == 'U' || c == 'M') && IrishParticleRest(p);
  }
  bool IrishParticleRest(std::size_t p) const {
    const Token& t = tokens_[p];
    const std::size_t len = t.end - t.start;
    if (len < 2 || len > 4 || p + 1 >= tokens_.size()) return false;
    return t.IsWord() && !t.newline_before &&
           InSet(t.In(text_), {"\xC3\x93", "N\xC3\xAD", "Nic", "U\xC3\xAD", "Ua", "Mhic"}) &&
           tokens_[p + 1].IsWord() && tokens_[p + 1].upper_initial && tokens_[p + 1].space_before &&
           !tokens_[p + 1].newline_before;
  }
  // The capitals of a mention's words: "DC" for "Delroy Campbell".
  std::string InitialsOf(const Mention& m) const {
    std::string out;
    for (std::size_t k = m.first_token; k <= m.last_token; ++k)
      if (tokens_[k].IsWord() && tokens_[k].upper_initial) out += text_[tokens_[k].start];
    return out;
  }
  // "supervised by Tanisha herself" after "sister Tanisha Sterling"; "by Mr
  // Mahmood's wife": a cue from the act does not reach this name.
  bool NamedBeforeOrOwner(const Mention& m) const {
    if (PossessiveAt(m.last_token + 1)) return true;
    return (!m.first.empty() && entities_by_first_.Find(m.first) != nullptr) ||
           (!m.last.empty() && entities_by_last_.Find(m.last) != nullptr);
  }
  bool LaterCue(Mention& m);
  // A blank line stands before token k: a new paragraph.
  bool ParagraphBreakBefore(std::size_t k) const {
    if (k == 0 || k >= tokens_.size() || !tokens_[k].newline_before) return false;
    const std::string_view gap = text_.substr(tokens_[k - 1].end, tokens_[k].start - tokens_[k - 1].end);
    return std::count(gap.begin(), gap.end(), '\n') >= 2;
  }
  // The identifier that starts at byte `at`, if one does (ids_ is in order of start).
  const IdentifierMatch* IdStartingAt(std::uint32_t at) const {
    auto id = std::lower_bound(ids_.begin(), ids_.end(), at,
                               [](const IdentifierMatch& a, std::uint32_t b) { return a.start < b; });
    return id != ids_.end() && id->start == at ? &*id : nullptr;
  }
  bool WriterOf(std::size_t k, Party* party, std::string* who) const;
  bool SubjectsEmail(std::string_view address, bool first_only = false) const;
  bool NothingButLabels(std::uint32_t from, std::uint32_t to) const;
  bool PronounMeansAdultSubject(std::uint32_t at) const;
  // A form's column gap before token i: a tab, three spaces, or two before
  // capitals ("YP: Karwan Rashid  HO ref R1190847").
  bool ColumnGap(std::size_t i) const {
    if (i == 0) return false;
    const std::string_view gap = text_.substr(tokens_[i - 1].end, tokens_[i].start - tokens_[i - 1].end);
    if (gap.find('\t') != std::string_view::npos || gap.size() >= 3) return true;
    return gap.size() == 2 && tokens_[i].all_upper;
  }
  bool Known(std::string_view folded) const { return known_.Contains(folded); }
  // What the vocabularies say about word token i, looked up once.
  const WordKinds& K(std::size_t i) const {
    if (kinds_[i] == nullptr) kinds_[i] = &KindsOf(folded_[i]);
    return *kinds_[i];
  }
  // Word token i is a cue: a relation, a role, or a word that is never a name.
  bool CueWord(std::size_t i) const {
    const WordKinds& k = K(i);
    return k.never_name || k.relation != nullptr || k.role != RoleKind::kNone;
  }
  // The lexicon's entry for word token i, looked up once.
  LexiconEntry Lex(std::size_t i) const {
    if (!lex_done_[i]) {
      lex_cache_[i] = lex_.LookupFolded(folded_[i]);
      lex_done_[i] = true;
    }
    return lex_cache_[i];
  }
  void AddMention(std::size_t first, std::size_t last, int title, bool caps_comma);
  void ResolveExplicit(Mention& m);
  void ResolveFromEntities(Mention& m);
  void Register(const Mention& m);
  bool CueBefore(const Mention& m, Mention* out) const;
  bool CueAfter(const Mention& m, Mention* out) const;
  bool ListCue(const Mention& m, Mention* out) const;
  bool SameAsTitledProfessional(Mention& m) const;
  bool SchoolLine(const Mention& m) const;
  bool ApplyCueWord(std::size_t i, Mention* out) const;
  bool Owner(std::uint32_t at, Party* party, std::string* who) const;
  Gender PossessiveBefore(std::size_t k) const;
  Gender GenderOf(const Mention& m) const;
  void AddIdentifierProposals();
  std::size_t TokenAt(std::uint32_t byte) const;
  bool SubjectIsChild() const;
  Gender SubjectGender() const;
  mutable Gender subject_gender_ = Gender::kUnknown;
  mutable bool subject_gender_known_ = false;

  std::string_view text_;
  const CaseContext& ctx_;
  const Lexicon& lex_;
  std::vector<Token> tokens_;
  std::vector<std::string_view> folded_;  // views of fold_arena_; empty for non-words
  std::string fold_arena_;
  std::vector<bool> covered_;
  mutable std::vector<LexiconEntry> lex_cache_;
  mutable std::vector<bool> lex_done_;
  mutable std::vector<const WordKinds*> kinds_;  // null: not looked up yet
  std::vector<int> mention_of_;
  std::vector<IdentifierMatch> ids_;
  std::vector<Mention> mentions_;
  std::vector<Entity> entities_;
  std::unordered_map<std::string, int> later_cue_;  // LaterCue's answers: a mention index, or -1
  std::unordered_map<std::string, std::vector<std::size_t>> full_names_;  // mentions by "first\x1flast"
  // Entities by folded first name and surname: keys are views of folded_.
  WordMap<std::vector<std::size_t>> entities_by_first_, entities_by_last_;
  // Folded names known from the context and the text: views of context_words_,
  // staff_words_ and folded_, which stay put while the document is read.
  WordMap<bool> known_;
  // The context's words, folded, in one buffer; the spans below view them.
  std::string context_arena_;
  std::vector<std::string_view> context_views_;
  std::vector<std::string_view> context_words_;  // the requester's name and aliases
  std::vector<std::span<const std::string_view>> staff_words_;  // one list per staff member
  std::string_view subj_first_, subj_last_;
  std::vector<std::string_view> subj_alias_lasts_;         // "nguyen" of the alias "Michael Nguyen"
  std::vector<std::string_view> subj_titled_alias_lasts_;  // "hassan" of the alias "Mr Hassan"
  std::vector<std::string_view> subj_aliases_;
  std::vector<std::string> subj_alias_phrases_;  // "little john"
  std::span<const std::string_view> subj_address_words_;
  std::vector<std::uint32_t> subject_address_ends_;  // where the requester's address was found
  std::vector<std::uint32_t> postcode_starts_;  // in order
  std::string subj_postcode_;
  CalendarDate subj_dob_;
  std::vector<Proposal> proposals_;
};

void Document::LoadContext() {
  // Every word of the context folded into one buffer; views are taken only
  // once the buffer is complete. Ranges of words: name, each alias, each
  // staff member, the address.
  std::vector<std::uint32_t>& ends = ThreadBuffers().context_ends;
  ends.clear();
  context_arena_.clear();
  auto split = [&](std::string_view s) {
    const std::size_t from = ends.size();
    ForEachWord(s, [&](std::string_view w) {
      AppendFolded(w, &context_arena_);
      ends.push_back(static_cast<std::uint32_t>(context_arena_.size()));
    });
    return std::pair<std::size_t, std::size_t>{from, ends.size()};
  };
  const auto name = split(ctx_.subject.name);
  std::vector<std::pair<std::size_t, std::size_t>> aliases, staff;
  for (const auto& a : ctx_.subject.aliases) aliases.push_back(split(a));
  for (const auto& s : ctx_.staff) staff.push_back(split(s.name));
  const auto address = split(ctx_.subject.address);
  context_views_.resize(ends.size());
  std::uint32_t from = 0;
  for (std::size_t k = 0; k < ends.size(); ++k) {
    context_views_[k] = std::string_view(context_arena_).substr(from, ends[k] - from);
    from = ends[k];
  }
  const std::span<const std::string_view> all(context_views_);
  auto words = [&](std::pair<std::size_t, std::size_t> r) { return all.subspan(r.first, r.second - r.first); };
  const auto subject_name = words(name);
  context_words_.assign(subject_name.begin(), subject_name.end());
  if (!subject_name.empty()) {
    subj_first_ = subject_name.front();
    if (subject_name.size() > 1) subj_last_ = subject_name.back();
  }
  for (const auto& r : aliases) {
    const auto aw = words(r);
    if (aw.empty()) continue;
    // "Little John": the whole phrase is the alias; "John" alone may be his father.
    if (aw.size() == 2 && NicknameAdjective(aw.front())) {
      subj_alias_phrases_.push_back(std::string(aw.front()) + " " + std::string(aw.back()));
      continue;
    }
    // "Mr Hassan": the requester known by a title and a surname; "Michael
    // Nguyen": by another surname ("Mr Nguyen").
    const bool titled = InSet(aw.front(), {"mr", "mrs", "ms", "miss", "mx", "dr"});
    if (aw.size() >= 2) (titled ? subj_titled_alias_lasts_ : subj_alias_lasts_).push_back(aw.back());
    if (!titled) subj_aliases_.push_back(aw.front());
    context_words_.insert(context_words_.end(), aw.begin() + (titled ? 1 : 0), aw.end());
  }
  staff_words_.clear();
  for (const auto& r : staff) staff_words_.push_back(words(r));
  for (const auto& w : context_words_) known_.Insert(w, true);
  for (const auto& sw : staff_words_)
    for (const auto& w : sw) known_.Insert(w, true);
  if (ctx_.subject.dob.size() == 10) {
    CalendarDate d;
    if (ParseDate(ctx_.subject.dob, &d)) subj_dob_ = d;
  }
  // The address's words, and its postcode (the last two words if they are one).
  subj_address_words_ = words(address);
  if (subj_address_words_.size() >= 2) {
    std::string pc = std::string(subj_address_words_[subj_address_words_.size() - 2]) + " " +
                     std::string(subj_address_words_.back());
    if (IsValidPostcode(pc)) subj_postcode_ = pc;
  }
}

// The requester's gender: from a titled mention of them, else their first
// name when the name lists give it to one sex only, else as the record's
// pronouns suggest (one set used at least twice as often as the other).
Gender Document::SubjectGender() const {
  if (subject_gender_known_) return subject_gender_;
  subject_gender_known_ = true;
  // "Mr Desmond Grant": a titled mention of the requester's first name (and
  // surname, if any) says it outright.
  for (const Mention& m : mentions_) {
    if (m.title < 0 || m.gender == Gender::kUnknown || m.first.empty()) continue;
    const bool first = m.first == subj_first_ ||
                       std::find(subj_aliases_.begin(), subj_aliases_.end(), m.first) != subj_aliases_.end();
    if (first && (m.last.empty() || m.last == subj_last_)) {
      subject_gender_ = m.gender;
      return subject_gender_;
    }
  }
  // A first name given only to girls or only to boys ("Dorothy", "Ewan").
  if (!subj_first_.empty()) {
    const LexiconEntry e = lex_.LookupFolded(subj_first_);
    if (e.female != e.male) {
      subject_gender_ = e.female ? Gender::kFemale : Gender::kMale;
      return subject_gender_;
    }
  }
  // The first pronoun after each mention of the requester's first name or alias.
  int he = 0, she = 0;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!tokens_[i].IsWord() || !tokens_[i].upper_initial) continue;
    const std::string_view w = folded_[i];
    if (w != subj_first_ && std::find(subj_aliases_.begin(), subj_aliases_.end(), w) == subj_aliases_.end()) continue;
    // (Fourteen tokens on, not counting a quotation passed over.)
    for (std::size_t j = i + 1, seen = 0; j < tokens_.size() && seen < 14; ++j, ++seen) {
      // "Peggy told me "our Kev has my card, he does the shopping"": a
      // pronoun in what the requester said is about someone else.
      if (QuoteAt(j)) {
        const std::size_t open = j;
        ++j;
        while (j < tokens_.size() && j < open + 40 && !QuoteAt(j)) ++j;
        continue;
      }
      if (!tokens_[j].IsWord()) continue;
      const std::string_view p = folded_[j];
      // "Shannon Doherty, who he met before his sentence": the one who
      // does the meeting is someone else.
      if ((p == "he" || p == "she") && tokens_[j - 1].IsWord() && InSet(folded_[j - 1], {"who", "whom", "that"}))
        break;
      if (p == "he" || p == "him" || p == "his" || p == "himself" || p == "he's") {
        ++he;
        break;
      }
      if (p == "she" || p == "her" || p == "hers" || p == "herself" || p == "she's") {
        ++she;
        break;
      }
    }
  }
  subject_gender_ = he >= 2 && he >= 2 * she ? Gender::kMale : she >= 2 && she >= 2 * he ? Gender::kFemale : Gender::kUnknown;
  return subject_gender_;
}

// A child now, or when the record was written: the latest date the record
// gives (other than the requester's birth) falls before their eighteenth
// birthday year ("19.11.74" in the file of a boy born in 1967).
bool Document::SubjectIsChild() const {
  if (subj_dob_.year == 0) return false;
  if (subj_dob_.year >= ctx_.current_year - 17) return true;
  ScanDates();
  return child_field_ || (record_year_ >= subj_dob_.year && record_year_ - subj_dob_.year <= 17);
}

std::size_t Document::TokenAt(std::uint32_t byte) const {
  auto it = std::lower_bound(tokens_.begin(), tokens_.end(), byte,
                             [](const Token& t, std::uint32_t b) { return t.end <= b; });
  return static_cast<std::size_t>(it - tokens_.begin());
}

// Addresses: a house number, up to four capitalised words ending in a street
// word ("135 Chapel Street"), then the town after a comma.
// The requester's own address wherever the text repeats it, in whatever case
// and however much of it ("Flat 6, Kempston House, 40 Ampthill Road" or
// "40 ampthill rd"): two or more of its words in order, one a house number or
// three words without one.
void Document::FindSubjectAddress() {
  const auto& sw = subj_address_words_;
  const std::size_t words = subj_postcode_.empty() ? sw.size() : sw.size() - 2;
  if (words < 2) return;
  const std::size_t n = tokens_.size();
  bool subject_has_number = false;
  for (std::size_t j = 0; j < words; ++j)
    subject_has_number = subject_has_number || (!sw[j].empty() && sw[j][0] >= '0' && sw[j][0] <= '9');
  // The first letters of the address's words: most tokens stop there.
  bool first_char[256] = {};
  for (std::size_t j = 0; j < words; ++j)
    if (!sw[j].empty()) first_char[static_cast<unsigned char>(sw[j][0])] = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (covered_[i] || tokens_[i].kind == Token::Kind::kPunct) continue;
    const unsigned char c0 = tokens_[i].kind == Token::Kind::kNumber ? static_cast<unsigned char>(text_[tokens_[i].start])
                                                                      : (folded_[i].empty() ? 0 : static_cast<unsigned char>(folded_[i][0]));
    if (!first_char[c0]) continue;
    const std::string_view here =
        tokens_[i].kind == Token::Kind::kNumber ? tokens_[i].In(text_) : std::string_view(folded_[i]);
    for (std::size_t j = 0; j + 1 < words; ++j) {
      if (sw[j].size() != here.size() || sw[j] != here) continue;
      std::size_t k = i, m = j, matched = 0, last = i;
      bool number = false;
      while (k < n && m < words) {
        const Token& t = tokens_[k];
        if (t.IsPunct(text_, ',')) {
          ++k;
          continue;
        }
        if (t.kind == Token::Kind::kPunct || (k > i && t.newline_before)) break;
        std::string_view w = t.kind == Token::Kind::kNumber ? t.In(text_) : std::string_view(folded_[k]);
        if (w != sw[m]) break;
        number = number || t.kind == Token::Kind::kNumber;
        ++matched;
        last = k;
        ++k;
        ++m;
      }
      // Many houses share a street and a town: with a house number in the
      // requester's address, the number must be among the words matched.
      if ((matched >= 2 && number) || (matched >= 3 && !subject_has_number && j == 0)) {
        AddAddress(i, last);
        subject_address_ends_.push_back(tokens_[last].end);
        i = last;
        break;
      }
    }
  }
}

void Document::FindAddresses() {
  FindSubjectAddress();
  const std::size_t n = tokens_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tokens_[i];
    if (t.kind != Token::Kind::kNumber || t.end - t.start > 4 || covered_[i]) continue;
    // "10:31 Mrs Hill rb": a time's minutes, not a house number.
    if (i >= 2 && tokens_[i - 1].IsPunct(text_, ':') && !t.space_before && tokens_[i - 2].kind == Token::Kind::kNumber)
      continue;
    std::size_t start = i;
    if (i >= 2 && folded_[i - 1].empty() == false &&
        UnitWord(folded_[i - 1]))
      start = i - 1;
    std::size_t j = i + 1;
    if (j < n && tokens_[j].IsWord() && !tokens_[j].space_before && tokens_[j].end - tokens_[j].start == 1) ++j;
    if (j < n && tokens_[j].IsPunct(text_, ',')) ++j;  // "Flat 3, Rose Court"
    // "Flat 2, 91 Anlaby Road": the flat, then the house number.
    if (start + 1 == i && j < n && tokens_[j].kind == Token::Kind::kNumber && tokens_[j].end - tokens_[j].start <= 4) ++j;
    const std::size_t street_end = StreetRun(j, notes_);
    if (!street_end) {
      // "lives on Plot 7", "her aunt's trailer on Plot 3": a Traveller site's
      // plot or pitch is where someone lives, even without the site's name.
      if (start + 1 == i && tokens_[start].upper_initial && !tokens_[start].all_upper &&
          (folded_[start] == "plot" || folded_[start] == "pitch") && t.end - t.start <= 3 &&
          !(i + 1 < n && tokens_[i + 1].IsWord() && !tokens_[i + 1].newline_before && tokens_[i + 1].upper_initial))
        AddAddress(start, i);
      continue;
    }
    const std::size_t end = TownAfter(street_end);
    AddAddress(start, end);
    i = end;
  }
  FindNamedAddresses();
}

// A street's name from token j on one line: capitalised words ending in a
// street word ("Mill Lane", "Featherstall Road North"), or after a Welsh one
// ("Heol y Felin", "Lôn Ddewi"); in lower-case notes, lower case too ("linden
// ct"). The index of its last word, or 0.
std::size_t Document::StreetRun(std::size_t j, bool any_case) const {
  const std::size_t n = tokens_.size();
  auto word = [&](std::size_t k) {
    const Token& w = tokens_[k];
    return w.IsWord() && (w.upper_initial || any_case) && !w.newline_before && !covered_[k];
  };
  if (j >= n || !word(j)) return 0;
  if (K(j).title != nullptr) return 0;  // "2 Mrs Hill": a person, not a street
  if (WelshStreetWord(folded_[j])) {
    // "Heol y Felin": the street word, a "y"/"yr" perhaps, then the name.
    std::size_t k = j + 1;
    if (k < n && tokens_[k].IsWord() && (folded_[k] == "y" || folded_[k] == "yr")) ++k;
    return k < n && word(k) && tokens_[k].upper_initial ? k : 0;
  }
  std::size_t words = 0, street_end = 0;
  for (std::size_t k = j; k < n && words < 6; ++k) {
    // "Riverside Travellers' Site": a plural's apostrophe inside the name.
    if (k > j && tokens_[k].IsPunct(text_, '\'') && !tokens_[k].space_before) continue;
    // "St Mary's Road": a saint's possessive inside the name.
    if (k > j && PossessiveAt(k) && !tokens_[k].space_before) continue;
    if (!word(k)) break;
    ++words;
    // "Meadow Lane Traveller Site": a site named after its lane runs on to its word.
    if (words >= 2 && (K(k).street || folded_[k] == "site" || (street_end != 0 && K(k).dwelling))) street_end = k;
  }
  // "Featherstall Road North"
  if (street_end && street_end + 1 < n && tokens_[street_end + 1].IsWord() && tokens_[street_end + 1].upper_initial &&
      InSet(folded_[street_end + 1], {"north", "south", "east", "west", "upper", "lower"}))
    ++street_end;
  return street_end;
}

bool WelshStreetWord(std::string_view w) {
  return w == "heol" || w == "lon" || w == "ffordd" || w == "stryd" || w == "rhodfa" || w == "cilgant" ||
         w == "clos" || w == "maes";
}

// ", Town" (one to three capitalised words) on the same line after token
// `end`: the town's last token, or `end` when there is none.
std::size_t Document::TownAfter(std::size_t end) const {
  const std::size_t n = tokens_.size();
  std::size_t town = TownSegment(end);
  // "Tilgate Court, Furnace Green, Crawley": a district, then the town, when
  // the next part is a known place or a postcode ends it.
  for (int more = 0; more < 2 && town != end; ++more) {
    const std::size_t next = TownSegment(town);
    if (next == town) break;
    const bool place = next == town + 2 && Lex(next).place;
    const bool postcode = next + 1 < n && std::binary_search(postcode_starts_.begin(), postcode_starts_.end(),
                                                              tokens_[next + 1].start);
    if (!place && !postcode) break;
    town = next;
  }
  return town;
}

// One ", Town" part after token `end`: its last token, or `end`.
std::size_t Document::TownSegment(std::size_t end) const {
  const std::size_t n = tokens_.size();
  if (end + 2 < n && tokens_[end + 1].IsPunct(text_, ',') && !tokens_[end + 2].newline_before) {
    std::size_t k = end + 2, town_end = 0;
    bool known = false;
    // An address typed in capitals has its town in capitals ("7 LADY MARGARET ROAD, SOUTHALL").
    const bool capitals = tokens_[end].all_upper;
    for (int c = 0; c < 3 && k < n; ++c, ++k) {
      const Token& w = tokens_[k];
      // In lower-case notes a known place may be in lower case ("linden ct, dalton").
      const bool cased = w.upper_initial || (notes_ && w.IsWord() && Lex(k).place);
      if (!w.IsWord() || !cased || (w.all_upper && !capitals) || w.newline_before || covered_[k]) break;
      if (Known(folded_[k])) known = true;
      // A name in the town ("Haywards Heath") only when a postcode ends it.
      if (known && !(k + 1 < n && std::binary_search(postcode_starts_.begin(), postcode_starts_.end(),
                                                      tokens_[k + 1].start)))
        continue;
      town_end = k;
    }
    // "27 Sefton Street, Liverpool 8": an old postal district's number.
    if (town_end && town_end + 1 < n && tokens_[town_end + 1].kind == Token::Kind::kNumber &&
        tokens_[town_end + 1].end - tokens_[town_end + 1].start <= 2 && !tokens_[town_end + 1].newline_before &&
        Lex(town_end).place && (town_end + 2 >= n || tokens_[town_end + 2].kind == Token::Kind::kPunct))
      return town_end + 1;
    if (town_end) return town_end;
  }
  return end;
}

void Document::AddAddress(std::size_t start, std::size_t end) {
  for (std::size_t k = start; k <= end; ++k) covered_[k] = true;
  IdentifierMatch m;
  m.start = tokens_[start].start;
  m.end = tokens_[end].end;
  m.label = Label::kAddress;
  m.kind = "address";
  ids_.push_back(m);
}

// Capitalised words from token j on one line, at most `max_words`, the last
// of them of the given kind (a street or a dwelling word): the index of that
// last word, or 0.
std::size_t Document::CapitalRun(std::size_t j, std::size_t max_words, bool (WordKinds::*last_kind)) const {
  std::size_t found = 0;
  for (std::size_t k = j, words = 0; k < tokens_.size() && words < max_words; ++k) {
    const Token& w = tokens_[k];
    if (!w.IsWord() || !w.upper_initial || covered_[k] || (k > j && (w.newline_before || !w.space_before))) break;
    ++words;
    if (K(k).*last_kind) found = k;
  }
  return found;
}

// Addresses without a house number: a house's name and its street ("Rose
// Cottage, Mill Lane, Ledbury"; "Flat 2, Rowan House, Kingsway"), or a street
// and its town after "lives at", "moved to", "Address:" ("lives at Mill Lane,
// Ledbury").
void Document::FindNamedAddresses() {
  const std::size_t n = tokens_.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || !t.upper_initial || t.all_upper || covered_[i]) continue;
    if (i > 0 && tokens_[i - 1].IsWord() && tokens_[i - 1].upper_initial && !covered_[i - 1] &&
        !tokens_[i].newline_before)
      continue;  // not the first word of a run
    // "Flat 2," or "Flat 2" before the house's name.
    std::size_t start = i;
    bool flat = false;
    if (i >= 2 && tokens_[i - 1].IsPunct(text_, ',') && i >= 3 && tokens_[i - 2].kind == Token::Kind::kNumber &&
        tokens_[i - 3].IsWord() && UnitWord(folded_[i - 3])) {
      start = i - 3;
      flat = true;
    } else if (i >= 2 && tokens_[i - 1].kind == Token::Kind::kNumber && tokens_[i - 2].IsWord() &&
               UnitWord(folded_[i - 2])) {
      start = i - 2;
      flat = true;
    }
    const std::size_t house = CapitalRun(i, 3, &WordKinds::dwelling);
    if (house != 0) {
      const bool comma = house + 2 < n && tokens_[house + 1].IsPunct(text_, ',') && !tokens_[house + 2].newline_before;
      const std::size_t street = comma ? CapitalRun(house + 2, 4, &WordKinds::street) : 0;
      // A one-word house name ("House") is not a name; two words are.
      const bool named = house > i;
      if (named && street > house + 2) {
        const std::size_t end = TownAfter(street);
        AddAddress(start, end);
        i = end;
        continue;
      }
      if (named && flat) {
        // "Flat 2, Rowan House, Kingsway, Luton": the block, then up to two places.
        std::size_t end = house;
        for (int c = 0; c < 2; ++c) {
          const std::size_t next = TownAfter(end);
          if (next == end) break;
          end = next;
        }
        AddAddress(start, end);
        i = end;
        continue;
      }
    }
    // "The Paddocks, Mill Road, Stifford Clays", "of Nab View, Ramsgreave Road,
    // Blackburn", "Address: Bryn Awel, Heol y Felin, Llandeilo": a house's name
    // (no dwelling word), its street and its town, after "The" or an address cue.
    {
      std::size_t h = i;
      while (h + 1 < n && h < i + 2 && tokens_[h + 1].IsWord() && tokens_[h + 1].upper_initial &&
             tokens_[h + 1].space_before && !tokens_[h + 1].newline_before && !covered_[h + 1])
        ++h;
      if (h + 2 < n && tokens_[h + 1].IsPunct(text_, ',') && !tokens_[h + 2].newline_before) {
        const std::size_t street = StreetRun(h + 2, false);
        std::size_t cue = i > 0 ? i - 1 : 0;
        if (i > 0 && tokens_[cue].IsPunct(text_, ':') && cue > 0) --cue;
        const bool cued = i > 0 && tokens_[cue].IsWord() &&
                          InSet(folded_[cue], {"at", "of", "address", "to", "from"});
        if (street > h + 2 && (folded_[i] == "the" || cued || flat)) {
          const std::size_t end = TownAfter(street);
          if (end != street) {
            AddAddress(start, end);
            i = end;
            continue;
          }
        }
      }
    }
    // A street and its town after an address cue.
    if (flat || i == 0) continue;
    std::size_t cue = i - 1;
    if (tokens_[cue].IsPunct(text_, ':') && cue > 0) --cue;
    if (!tokens_[cue].IsWord()) continue;
    const std::string_view c = folded_[cue];
    const bool lives = (c == "at" || c == "to" || c == "on") && cue > 0 &&
                       InSet(folded_[cue - 1], {"lives", "living", "live", "lived", "resides", "residing", "staying",
                                                "stays", "stayed", "moved", "moving", "move", "address", "home"});
    const bool after_at = (c == "at" || c == "to") && lives;
    // "lives on Hollinsend Road": the street someone lives on is where they live.
    const bool lives_on = c == "on" && lives;
    if (!after_at && !lives_on && c != "address") continue;
    const std::size_t street = CapitalRun(i, 4, &WordKinds::street);
    if (street <= i) continue;
    const std::size_t end = TownAfter(street);
    if (end == street && !lives_on) continue;  // a street alone may be anywhere in the town
    AddAddress(i, end);
    i = end;
  }
}

NameClass Document::Classify(std::size_t i) const {
  const NameClass c = ClassifyWord(i);
  // The shape and neighbours are looked at only for a word the lexicon took
  // for a name: most capitalised words are not.
  if (c == NameClass::kNone || c == NameClass::kKnown || !NotANameShape(i)) return c;
  return NameClass::kNone;
}

NameClass Document::ClassifyWord(std::size_t i) const {
  const Token& t = tokens_[i];
  if (!t.IsWord() || covered_[i] || !t.upper_initial) return NameClass::kNone;
  const std::string_view f = folded_[i];
  // "June Major", "April Jones": a month name before a surname is a first name.
  if (K(i).never_name && MonthName(f) && i + 1 < tokens_.size() && tokens_[i + 1].IsWord() &&
      tokens_[i + 1].upper_initial && !tokens_[i + 1].all_upper && tokens_[i + 1].space_before &&
      !tokens_[i + 1].newline_before && Lex(i + 1).name && !CueWord(i + 1))
    return NameClass::kWeak;
  // "her mum (Thu Nguyen)", "mum Sun Li": a day's abbreviation is a first
  // name after a relation or a bracket, before a name.
  if (K(i).never_name && (f == "thu" || f == "sun" || f == "sat") && i > 0 && i + 1 < tokens_.size() &&
      (tokens_[i - 1].IsPunct(text_, '(') || (tokens_[i - 1].IsWord() && K(i - 1).relation != nullptr)) &&
      tokens_[i + 1].IsWord() && tokens_[i + 1].upper_initial && tokens_[i + 1].space_before &&
      !tokens_[i + 1].newline_before && Lex(i + 1).name && !CueWord(i + 1))
    return NameClass::kWeak;
  if (f.size() < 2 || CueWord(i)) return NameClass::kNone;
  if (K(i).title != nullptr) return NameClass::kNone;
  // "her Parkinson's diagnosis", "Crohn's": a disease named after someone,
  // not "Mrs Parkinson's son" or "Jack Parkinson's car".
  if (PossessiveAt(i + 1) && InSet(f, {"parkinson", "crohn", "huntington", "asperger", "tourette", "hodgkin"}) &&
      !(i > 0 && tokens_[i - 1].IsWord() && (K(i - 1).title != nullptr || tokens_[i - 1].upper_initial)))
    return NameClass::kNone;
  // "on 14 Feb", "since Jan", "Nov 2023": a month, not Jan Kowalski.
  if (InSet(f, {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}) &&
      ((i > 0 && (tokens_[i - 1].kind == Token::Kind::kNumber ||
                  (tokens_[i - 1].IsWord() && InSet(folded_[i - 1], {"since", "in", "from", "until", "till", "by",
                                                                     "of", "early", "mid", "late", "end", "before",
                                                                     "after", "last", "next", "during"})))) ||
       (i + 1 < tokens_.size() && tokens_[i + 1].kind == Token::Kind::kNumber)))
    return NameClass::kNone;
  if (Known(f)) return NameClass::kKnown;
  LexiconEntry e = Lex(i);
  // A place or language that is nobody's name ("Pontypridd", "Vietnamese").
  if (e.place && !e.name) return NameClass::kNone;
  // "Reece HILL", "Emilija KAZLAUSKAITE": a surname in capitals after a first name.
  if (t.all_upper && i > 0 && tokens_[i - 1].IsWord() && tokens_[i - 1].upper_initial && !tokens_[i - 1].all_upper &&
      t.space_before && !t.newline_before && tokens_[i - 1].end - tokens_[i - 1].start > 1 &&
      Lex(i - 1).name && !CueWord(i - 1)) {
    if (e.name) return NameClass::kWeak;
    if (f.size() >= 4 && e.word_tier == 0) return NameClass::kUnknown;
  }
  if (t.all_upper) {
    // Capitals: a name only if the gazetteer says so (acronyms are not).
    if (e.OnlyName()) return NameClass::kStrong;
    // A line written all in capitals ("ONLY FRIEND DOINA FROM WORK"): a word
    // in no word list, of four letters or more, may be a name there too.
    if (e.name && !e.CommonWord(20)) return NameClass::kWeak;
    if (ShoutedLine(i)) return f.size() >= 4 && e.word_tier == 0 && !e.place ? NameClass::kUnknown : NameClass::kNone;
    return NameClass::kNone;
  }
  if (e.OnlyName()) return NameClass::kStrong;
  if (e.name) return NameClass::kWeak;
  if (e.word_tier == 0) return NameClass::kUnknown;
  return NameClass::kNone;
}

// Shapes and places no name takes, whatever the gazetteer says of the word:
// institutions' words, saints, units, the abbreviations of case records,
// an acronym's plural or mixed case ("DNAs", "MoCA"), a compound with a
// lowercase part ("Urdu-speaking", "ASF-funded"), a car after its colour
// ("a grey Astra"), a prison after HMP ("HMP Parc").
bool Document::NotANameShape(std::size_t i) const {
  const Token& t = tokens_[i];
  const std::string_view w = t.In(text_);
  // An institution's word is no name alone ("Hub", "Trust"); nor is a word
  // of three capitals or more with no vowel ("LPA", "CSC").
  const WordKinds& kinds = K(i);
  if (kinds.institution) return true;
  if (t.all_upper && w.size() >= 3 && w.find_first_of("AEIOUY") == std::string_view::npos) return true;
  if (BrokenAcrossLines(i)) return true;
  // "Lemmy (Rm 14)", "Rm 3 Chloe": a room's number.
  if (folded_[i] == "rm" && i + 1 < tokens_.size() && tokens_[i + 1].kind == Token::Kind::kNumber &&
      !tokens_[i + 1].newline_before)
    return true;
  // "St Thomas' CE Primary", "St Barnabas": a saint's name names a church or school.
  if (i > 0 && tokens_[i - 1].IsWord() && folded_[i - 1] == "st" && tokens_[i - 1].upper_initial &&
      !tokens_[i - 1].all_upper && t.space_before && !t.newline_before)
    return true;
  if (i > 1 && tokens_[i - 1].IsPunct(text_, '.') && folded_[i - 2] == "st" && tokens_[i - 2].upper_initial)
    return true;
  // "Tel", "REG:": the abbreviations of contact lines ("Reg" alone may be Reginald).
  if (InSet(folded_[i], {"tel", "mob", "addr"}) ||
      (folded_[i] == "reg" && (t.all_upper || (i + 1 < tokens_.size() && tokens_[i + 1].IsPunct(text_, ':')))))
    return true;
  // "(CR 20/114839/24)", "PNC 19/224871B": capitals that open a reference.
  if (t.all_upper && w.size() <= 4 && i + 1 < tokens_.size() && covered_[i + 1] &&
      tokens_[i + 1].kind == Token::Kind::kNumber && !tokens_[i + 1].newline_before) {
    const IdentifierMatch* id = IdStartingAt(tokens_[i + 1].start);
    if (id != nullptr && id->label == Label::kOtherId) return true;
  }
  // "NINO JK 44 81 92 C", "NHS 943 476 5919": the label of the number after it.
  if (t.all_upper && w.size() <= 5 && i + 1 < tokens_.size() && covered_[i + 1] && !tokens_[i + 1].newline_before) {
    const IdentifierMatch* id = IdStartingAt(tokens_[i + 1].start);
    if (id != nullptr && (id->label == Label::kNino || id->label == Label::kNhsNumber)) return true;
  }
  // "Ward: Elgar 2", "on Elgar ward": a hospital ward's name.
  if (i >= 2 && tokens_[i - 1].IsPunct(text_, ':') && tokens_[i - 2].IsWord() && folded_[i - 2] == "ward" &&
      !tokens_[i - 2].all_upper)
    return true;
  if (i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && folded_[i + 1] == "ward" && !tokens_[i + 1].has_upper)
    return true;
  // "Room 3", "Unit 4": a unit before its number.
  if (i + 1 < tokens_.size() && tokens_[i + 1].kind == Token::Kind::kNumber && UnitWord(folded_[i])) return true;
  // The two-letter abbreviations of case records ("UC claim", "PE lesson",
  // "HR for the trust"); "JJ" and "TJ" stay names.
  if (t.all_upper && w.size() == 2 && kinds.abbreviation) return true;
  // Three-letter abbreviations that are also names in the gazetteer ("ABE" interview, "EDD").
  if (t.all_upper && w.size() == 3 &&
      InSet(folded_[i], {"abe", "edd", "rha", "ico", "sen", "ppo", "dbs", "ndd", "asd", "cpp", "tac", "taf"}))
    return true;
  if (!t.all_upper && w.size() >= 3) {
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    const char last = w.back(), before = w[w.size() - 2];
    if (upper(last) && upper(before)) return true;                               // "MoCA"
    if (last == 's' && upper(before) && w.size() >= 4 && upper(w[w.size() - 3])) return true;  // "DNAs", "SIMs"
    const std::size_t hyphen = w.find('-');
    if (hyphen != std::string_view::npos && hyphen + 1 < w.size() && w[hyphen + 1] >= 'a' && w[hyphen + 1] <= 'z')
      return true;  // "Urdu-speaking"
  }
  // "DNA'd": an acronym made a verb.
  if (const std::size_t apos = w.find('\''); apos != std::string_view::npos && apos >= 2 && apos + 1 < w.size() &&
                                               w[apos - 1] >= 'A' && w[apos - 1] <= 'Z' && w[apos + 1] >= 'a' &&
                                               w[apos + 1] <= 'z' && w[apos - 2] >= 'A' && w[apos - 2] <= 'Z')
    return true;
  // "No sign of the Astra", "the Travelodge": a thing, not a person; "the
  // Kerrs" is a family.
  // "had a Nokia", "in an Audi": a thing one has is no person.
  if (i > 0 && tokens_[i - 1].IsWord() && (folded_[i - 1] == "a" || folded_[i - 1] == "an") &&
      !tokens_[i - 1].has_upper && !(i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && tokens_[i + 1].upper_initial))
    return true;
  // "AirPods", "PlayStation": a capital inside a word after three small
  // letters is a brand's ("McDonald", "DeShawn", "MacLeod" and "FitzGerald" stay names).
  if (!t.all_upper && t.upper_initial && w.size() >= 5 && !t.non_ascii) {
    std::size_t inner = 0;
    for (std::size_t c = 3; c + 1 < w.size() && inner == 0; ++c)
      if (w[c] >= 'A' && w[c] <= 'Z' && w[c - 1] >= 'a' && w[c - 1] <= 'z') inner = c;
    const std::string_view prefix = folded_[i].substr(0, inner);
    if (inner != 0 && prefix != "mac" && prefix != "fitz" && prefix != "van" && prefix != "von" && prefix != "del" &&
        prefix != "della" && prefix != "abu" && prefix != "ben")
      return true;
  }
  if (i > 0 && tokens_[i - 1].IsWord() && folded_[i - 1] == "the" && !tokens_[i - 1].has_upper &&
      !(i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && tokens_[i + 1].upper_initial)) {
    const std::string_view f = folded_[i];
    const bool family = f.size() > 3 && f.back() == 's' && lex_.LookupFolded(f.substr(0, f.size() - 1)).name;
    if (!family) return true;
  }
  // "her Santander account", "Monzo ref": a bank or a shop, not a person;
  // and so wherever else the document names it ("call Monzo with me").
  if (BusinessAt(i)) return true;
  if (tokens_[i].upper_initial) {
    if (!businesses_done_) {
      businesses_done_ = true;
      for (std::size_t k = 0; k + 1 < tokens_.size(); ++k) {
        // The things a business has all begin a, b, c, h or s: most words stop here.
        const std::string_view next = folded_[k + 1];
        if (next.size() < 3 || !(next[0] == 'a' || next[0] == 'b' || next[0] == 'c' || next[0] == 'h' ||
                                 next[0] == 's'))
          continue;
        if (tokens_[k].IsWord() && tokens_[k].upper_initial && BusinessAt(k)) businesses_.Insert(folded_[k], true);
      }
    }
    if (businesses_.Contains(folded_[i]) && !Known(folded_[i]) &&
        !(i > 0 && tokens_[i - 1].IsWord() && K(i - 1).title != nullptr))
      return true;
  }
  if (i > 0 && tokens_[i - 1].IsWord() && !tokens_[i - 1].newline_before) {
    const WordKinds& before = K(i - 1);
    if (before.prison) return true;
    // "Vauxhall Astra", "Toyota Prius": a model after its make.
    if (before.car_make && tokens_[i - 1].upper_initial) return true;
    if (before.colour && !tokens_[i - 1].has_upper) return true;
  }
  return false;
}

// "WILSON" in "WILSON, Anjali": any name, even one that is also a word ("GLASS").
bool Document::CapsSurname(std::size_t i) const {
  const std::string_view f = folded_[i];
  if (covered_[i] || f.size() < 2 || CueWord(i)) return false;
  if (Known(f)) return true;
  LexiconEntry e = Lex(i);
  return e.name || e.word_tier == 0;
}

// A lone capitalised word that is both a name and a word is taken as a name
// when the word is rare ("Josh"), when it is capitalised mid-sentence and not
// among the commonest words ("that Heath used"), or when it opens a sentence
// as the one doing something ("Heath arrived").
// "Jan", "Sept", "Dec" used as a month: before a number, or after "in",
// "since", "last"...
bool Document::MonthAbbreviation(std::size_t i) const {
  if (!InSet(folded_[i], {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}))
    return false;
  std::size_t next = i + 1;
  if (next < tokens_.size() && tokens_[next].IsPunct(text_, '.') && !tokens_[next].space_before) ++next;
  if (next < tokens_.size() && tokens_[next].kind == Token::Kind::kNumber) return true;
  return i > 0 && tokens_[i - 1].IsWord() &&
         InSet(folded_[i - 1], {"in", "since", "from", "until", "till", "by", "of", "last", "next", "early", "late",
                                "mid", "end", "before", "after", "during"});
}

// A word that is both a place and a name ("Luton", "Shannon") used as the
// place: after "in", "from", "near", "moved to", in a list of places, or
// naming something ("Bedford YOT", "a Bengali interpreter", "Edinburgh
// Postnatal Depression Scale").
// The identifier at byte `at` is a field's value on its own line ("Crime
// reference: …", "Merlin ref: …"), and a line within two of it opens with a
// label naming the requester ("Child: HASSAN, Amira", "Victim: Grace MENSAH").
bool Document::SubjectHeading(std::uint32_t at) const {
  const std::size_t k = TokenAt(at);
  std::size_t b = k;
  while (b > 0 && !tokens_[b].line_start) {
    --b;
    if (tokens_[b].kind == Token::Kind::kNumber || mention_of_[b] >= 0) return false;
  }
  if (b == k) return false;  // no label before it
  auto subject_label_line = [&](std::size_t s) {
    if (s + 2 >= tokens_.size() || !tokens_[s].IsWord() ||
        !InSet(folded_[s], {"child", "victim", "subject", "yp", "name", "client", "patient", "children"}))
      return false;
    std::size_t v = s + 1;
    if (!tokens_[v].IsPunct(text_, ':')) return false;
    ++v;
    return v < tokens_.size() && !tokens_[v].newline_before && mention_of_[v] >= 0 &&
           mentions_[static_cast<std::size_t>(mention_of_[v])].party == Party::kSubject;
  };
  // Two lines down and two lines up.
  int lines = 0;
  for (std::size_t j = k + 1; j < tokens_.size() && lines <= 2; ++j) {
    if (!tokens_[j].line_start) continue;
    if (ParagraphBreakBefore(j) || ++lines > 2) break;
    if (subject_label_line(j)) return true;
  }
  lines = 0;
  for (std::size_t j = b; j > 0 && lines < 2;) {
    --j;
    if (!tokens_[j].line_start) continue;
    if (ParagraphBreakBefore(j + 1) && j + 1 == b) break;
    ++lines;
    if (subject_label_line(j)) return true;
    if (ParagraphBreakBefore(j)) break;
  }
  return false;
}

// The latest year of any date the record gives, or 0.
int Document::LatestYear() const {
  ScanDates();
  return latest_year_;
}

// One pass over the record's dates: the latest of any (LatestYear) and the
// latest that is no one's birth ("DOB 14/08/1962", "born 3.4.99"), for
// SubjectIsChild.
void Document::ScanDates() const {
  if (latest_year_ >= 0) return;
  latest_year_ = record_year_ = 0;
  for (const IdentifierMatch& id : ids_) {
    if (id.label != Label::kDob || id.date.year > ctx_.current_year) continue;
    latest_year_ = std::max(latest_year_, id.date.year);
    if (id.date.year < 1900 || id.date == subj_dob_) continue;
    const std::size_t from = id.start > 14 ? id.start - 14 : 0;
    std::string before(text_.substr(from, id.start - from));
    for (char& c : before) c = static_cast<char>(c | 0x20);
    before.erase(std::remove(before.begin(), before.end(), '.'), before.end());
    if (before.find("dob") != std::string::npos || before.find("born") != std::string::npos ||
        before.find("birth") != std::string::npos)
      continue;
    record_year_ = std::max(record_year_, id.date.year);
  }
  // "Name of child: Joy Parker", "Child's name:", "Child:": a form about the
  // requester as a child, whatever its dates.
  for (std::size_t k = 0; k + 2 < tokens_.size(); ++k) {
    if (!tokens_[k].IsWord() || folded_[k] != "child") continue;
    std::size_t c = k + 1;
    if (PossessiveAt(c) || (tokens_[c].IsWord() && folded_[c] == "name")) ++c;
    if (c + 1 >= tokens_.size() || !tokens_[c].IsPunct(text_, ':')) continue;
    const bool labelled = tokens_[k].line_start ||
                          (k >= 2 && tokens_[k - 1].IsWord() && folded_[k - 1] == "of" && tokens_[k - 2].IsWord() &&
                           folded_[k - 2] == "name" && tokens_[k - 2].line_start);
    if (!labelled) continue;
    for (std::size_t j = c + 1; j < tokens_.size() && j < c + 5 && !tokens_[j].newline_before; ++j)
      if (tokens_[j].IsWord() && (folded_[j] == subj_first_ || (!subj_last_.empty() && folded_[j] == subj_last_))) {
        child_field_ = true;
        return;
      }
  }
}

// Token k is in the brackets of a residential log's handover heading with
// the shift's staff: "Late to Night  (DW / Ade)", "Night to Day (Ade / MB)".
bool Document::ShiftCrew(std::size_t k) const {
  // (Straight after the bracket or a slash: most names stop here.)
  if (k == 0 || !(tokens_[k - 1].IsPunct(text_, '(') || tokens_[k - 1].IsPunct(text_, '/') ||
                   tokens_[k - 1].IsPunct(text_, '&')))
    return false;
  std::size_t b = k;
  while (b > 0 && k - b < 8 && !tokens_[b].newline_before &&
         (tokens_[b - 1].IsWord() || tokens_[b - 1].IsPunct(text_, '/') || tokens_[b - 1].IsPunct(text_, '&')))
    --b;
  if (b == 0 || !tokens_[b - 1].IsPunct(text_, '(') || tokens_[b].newline_before) return false;
  bool shift = false, to = false;
  for (std::size_t j = b - 1; j > 0 && b - j < 6 && !tokens_[j].newline_before; --j) {
    const std::size_t w = j - 1;
    if (!tokens_[w].IsWord()) continue;
    shift = shift || InSet(folded_[w], {"night", "day", "late", "early", "sleep", "sleep-in", "waking", "morning",
                                        "evening", "handover"});
    to = to || folded_[w] == "to";
  }
  return shift && to;
}

// Tokens first..last, not yet a mention, have a cue before or after them.
bool Document::CuedRun(std::size_t first, std::size_t last) const {
  Mention probe;
  probe.first_token = first;
  probe.last_token = last;
  probe.start = tokens_[first].start;
  probe.end = tokens_[last].end;
  Mention cue;
  return CueBefore(probe, &cue) || CueAfter(probe, &cue);
}

// Another use of word i's word in the record is plainly the place.
// ("from Mali's adoptive parents": someone's, so a person, there and here.)
// The words used plainly as places are found in one pass, on first need.
bool Document::PlaceElsewhere(std::size_t i) const {
  if (PossessiveAt(i + 1)) return false;
  if (!places_found_) {
    places_found_ = true;
    for (std::size_t k = 0; k < tokens_.size(); ++k)
      if (tokens_[k].IsWord() && tokens_[k].upper_initial && !tokens_[k].all_upper && Lex(k).place &&
          !PossessiveAt(k + 1) && PlaceInContext(k))
        places_used_.Insert(folded_[k], true);
  }
  return places_used_.Contains(folded_[i]);
}

bool Document::PlaceInContext(std::size_t i) const {
  const std::size_t n = tokens_.size();
  if (i > 0 && tokens_[i - 1].IsWord()) {
    const std::string_view p = folded_[i - 1];
    if (InSet(p, {"in", "from", "near", "into", "towards", "via", "through", "around", "outside", "across",
                  "throughout", "lives", "living", "based", "county"}))
      return true;
    if ((p == "to" || p == "at") && !(i >= 2 && tokens_[i - 2].IsWord() &&
                                      InSet(folded_[i - 2], {"spoke", "speak", "speaking", "talked", "talk", "talking",
                                                             "said", "say", "says", "explained", "shouted", "looked",
                                                             "look", "looking", "smiled", "waved", "wrote", "write",
                                                             "sent", "introduced", "listened", "replied", "married",
                                                             "engaged", "close", "kind", "rude", "nice", "lie",
                                                             "lied", "swore", "laughed", "stared", "pointed"})))
      return true;
  }
  // "Co. Galway"
  if (i >= 2 && tokens_[i - 1].IsPunct(text_, '.') && tokens_[i - 2].IsWord() && folded_[i - 2] == "co") return true;
  // "Westcotes House, Leicester": a town after a building's name.
  if (i >= 2 && tokens_[i - 1].IsPunct(text_, ',') && tokens_[i - 2].IsWord() &&
      (K(i - 2).dwelling || K(i - 2).institution))
    return true;
  // ", Kent" after another place, or "Luton, Bedfordshire"; "Serbia and France".
  if (i >= 2 && (tokens_[i - 1].IsPunct(text_, ',') || folded_[i - 1] == "and" || folded_[i - 1] == "or") &&
      tokens_[i - 2].IsWord() &&
      (Lex(i - 2).place || K(i - 2).street || covered_[i - 2] || (Lex(i - 2).world_place && AbroadInContext(i - 2))))
    return true;
  if (i + 2 < n && tokens_[i + 1].IsPunct(text_, ',') && tokens_[i + 2].IsWord() && tokens_[i + 2].upper_initial &&
      Lex(i + 2).place && !Lex(i + 2).name)
    return true;
  // What follows names a service, a team or a language's speaker.
  if (i + 1 < n && tokens_[i + 1].IsWord() && tokens_[i + 1].space_before && !tokens_[i + 1].newline_before) {
    const Token& next = tokens_[i + 1];
    const WordKinds& k = K(i + 1);
    if (k.org || k.street || (k.role != RoleKind::kNone && !next.upper_initial) || next.all_upper) return true;
    if (next.upper_initial && Lex(i + 1).CommonWord(50) && !Lex(i + 1).name) return true;
  }
  return false;
}

// Word i, a name that is also a town abroad, is the town: straight after
// "in", "from", "near", "through" (not "in Maria's room"), or before ", "
// and a country ("Bielefeld, Germany"). Narrower than PlaceInContext: most
// such words are people's names first.
bool Document::AbroadInContext(std::size_t i) const {
  if (Known(folded_[i]) || PossessiveAt(i + 1)) return false;
  if (i > 0 && tokens_[i - 1].IsWord() &&
      InSet(folded_[i - 1], {"in", "from", "near", "through", "via", "across", "around", "outside", "towards"}))
    return true;
  return i + 2 < tokens_.size() && tokens_[i + 1].IsPunct(text_, ',') && tokens_[i + 2].IsWord() &&
         tokens_[i + 2].upper_initial && Lex(i + 2).place && !tokens_[i + 2].newline_before;
}

// A relation word one or two tokens before the name ("mum Kelly", "mum, Kelly").
bool Document::RelationJustBefore(const Mention& m) const {
  std::size_t k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
  for (int steps = 0; steps < 2 && k > 0; ++steps) {
    --k;
    if (tokens_[k].IsPunct(text_, ',') || tokens_[k].IsPunct(text_, ':')) continue;
    return tokens_[k].IsWord() && K(k).relation != nullptr && !tokens_[k].newline_before;
  }
  return false;
}

// "Mr Kelleher is alleged to have grabbed", "X allegedly hit": the person
// an allegation is about is not acting in any role the record gives them.
bool Document::AllegedAfter(const Mention& m, Mention* out) const {
  std::size_t k = m.last_token + 1;
  if (k < tokens_.size() && tokens_[k].IsWord() && (folded_[k] == "is" || folded_[k] == "was")) ++k;
  if (k >= tokens_.size() || !tokens_[k].IsWord() || tokens_[k].newline_before) return false;
  if (folded_[k] != "alleged" && folded_[k] != "allegedly") return false;
  out->party = Party::kThirdParty;
  out->relation = "accused";
  return true;
}

// A relation or role word stands before the words first..last ("Father,
// Tunde Lane"): they are a person.
bool Document::CuedBefore(std::size_t first, std::size_t last) const {
  Mention probe, cue;
  probe.first_token = first;
  probe.last_token = last;
  probe.start = tokens_[first].start;
  probe.end = tokens_[last].end;
  return CueBefore(probe, &cue);
}

// The capitalised words from token j on, on the same line, end in an
// institution's word: "Werneth Medical Practice", "Grays Family Hub",
// "Kettering General", "Harrow Lane Solicitors".
// "Santander vulnerable customer team", "Tesco security team": a word
// before a few lower-case words and a team is the organisation's name.
bool Document::TeamAhead(std::size_t j) const {
  for (std::size_t k = j; k < tokens_.size() && k < j + 3; ++k) {
    const Token& t = tokens_[k];
    if (!t.IsWord() || t.has_upper || t.newline_before) return false;
    if (InSet(folded_[k], {"team", "service", "services", "department", "helpline", "branch"})) return k > j;
    if (K(k).relation != nullptr || K(k).role != RoleKind::kNone || K(k).never_name) return false;
  }
  return false;
}

// "R calls him "Blade"", "goes by "Brixx"", "known as "Dizzy"", ""Kaz K"":
// one or two capitalised words in quotes after the words that give a name
// are someone's name. Returns the closing quote's token, or 0.
std::size_t Document::NamedInQuotes(std::size_t i) const {
  if (i < 2 || !tokens_[i].upper_initial || !QuoteAt(i - 1)) return 0;
  std::size_t close = i + 1;
  if (close < tokens_.size() && tokens_[close].IsWord() && tokens_[close].upper_initial && tokens_[close].space_before)
    ++close;
  if (!QuoteAt(close)) return 0;
  std::size_t b = i - 2;
  if (b > 0 && tokens_[b].IsWord() && InSet(folded_[b], {"him", "her", "them", "himself", "herself"})) --b;
  if (!tokens_[b].IsWord() ||
      !InSet(folded_[b], {"calls", "called", "call", "by", "as", "nicknamed", "named", "alias", "aka"}))
    return 0;
  for (std::size_t k = i; k < close; ++k)
    if (K(k).never_name || K(k).relation != nullptr || K(k).role != RoleKind::kNone) return 0;
  return close;
}

// "Harris Academy South Norwood": words straight after an institution's
// word (within three capitalised words) are its name.
bool Document::AfterInstitution(std::size_t first) const {
  for (std::size_t b = first; b > 0 && b + 3 > first; --b) {
    const Token& w = tokens_[b - 1];
    if (!w.IsWord() || !w.upper_initial || w.all_upper || !tokens_[b].space_before || tokens_[b].newline_before ||
        mention_of_[b - 1] >= 0 || K(b - 1).role != RoleKind::kNone || K(b - 1).title != nullptr)
      return false;
    if (K(b - 1).institution) return true;
  }
  return false;
}

// The byte at `at` is in a table's column (cells split by '|' or tabs) whose
// header, in a line above in the same table, says it holds dates of birth.
bool Document::InBirthDateColumn(std::uint32_t at) const {
  std::size_t line_start = text_.rfind('\n', at == 0 ? 0 : at - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::size_t line_end = text_.find('\n', at);
  if (line_end == std::string_view::npos) line_end = text_.size();
  const std::string_view line = text_.substr(line_start, line_end - line_start);
  const char sep = line.find('|') != std::string_view::npos ? '|' : line.find('\t') != std::string_view::npos ? '\t' : 0;
  if (sep == 0) return false;
  const std::size_t column = static_cast<std::size_t>(std::count(line.begin(), line.begin() + (at - line_start), sep));
  std::size_t end = line_start;  // the end of the line above, plus one
  for (int lines = 0; lines < 40 && end > 0; ++lines) {
    const std::size_t above_end = end - 1;  // the '\n' ending the line above
    std::size_t above_start = above_end == 0 ? 0 : text_.rfind('\n', above_end - 1);
    above_start = above_start == std::string_view::npos ? 0 : above_start + 1;
    const std::string_view above = text_.substr(above_start, above_end - above_start);
    end = above_start;
    if (above.find(sep) == std::string_view::npos) return false;  // the table ends
    std::size_t from = 0;
    for (std::size_t c = 0; c < column && from != std::string_view::npos; ++c) {
      from = above.find(sep, from);
      if (from != std::string_view::npos) ++from;
    }
    if (from == std::string_view::npos) continue;
    std::size_t to = above.find(sep, from);
    std::string cell(above.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from));
    for (char& c : cell) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (cell.find("dob") != std::string::npos || cell.find("d.o.b") != std::string::npos ||
        cell.find("date of birth") != std::string::npos || cell.find("born") != std::string::npos)
      return true;
  }
  return false;
}

bool Document::OrgAhead(std::size_t j) const {
  for (std::size_t k = j; k < tokens_.size() && k < j + 3; ++k) {
    const Token& t = tokens_[k];
    if (PossessiveAt(k)) continue;
    if (!t.IsWord() || !t.upper_initial || t.newline_before || !t.space_before || ColumnGap(k)) return false;
    if (K(k).org && !K(k).street &&
        !InSet(folded_[k], {"road", "street", "house", "court", "church", "station", "city", "county", "borough", "club"}))
      return true;
  }
  return false;
}

bool Document::InstitutionAhead(std::size_t j) const {
  for (std::size_t k = j; k < tokens_.size() && k < j + 4; ++k) {
    const Token& t = tokens_[k];
    // ("OKONKWO   Hospital no:": a form's next column is not the name's institution.)
    if (!t.IsWord() || !t.upper_initial || t.newline_before || !t.space_before || ColumnGap(k)) return false;
    if (K(k).institution) return true;
  }
  return false;
}

bool Document::WeakAlone(std::size_t i, bool at_break) const {
  LexiconEntry e = Lex(i);
  if (!e.name) return false;
  if (e.word_tier >= 50) return true;
  // ("in Maria's room": a possessive makes the word after "in" an owner.)
  if (!at_break)
    return (e.word_tier >= 35 && !(i > 0 && K(i - 1).place && !(PossessiveAt(i + 1) && !e.place))) ||
           PersonSlot(i);
  return e.word_tier >= 20 && ActsNext(i);
}

// Word i, capitalised inside a sentence, stands where a person stands: it
// does something ("Rich put it on the iron", "Will said"), owns something
// ("Crystal's flat", "Summer's number") or is what a person is done to ("met
// Will", "told Summer", "a boy called Storm"). Not after a determiner ("the
// Court said") and not a place.
bool Document::PersonSlot(std::size_t i) const {
  if (i == 0 || K(i).never_name || tokens_[i].newline_before) return false;
  const Token& before = tokens_[i - 1];
  if (!before.IsWord() || before.has_upper) return false;
  const std::string_view b = folded_[i - 1];
  if (InSet(b, {"the", "a", "an", "this", "that", "these", "those", "each", "every", "any", "some", "no"})) return false;
  // "met Hope", "told Summer": no place is met or told.
  if (InSet(b, {"met", "meet", "meets", "told", "tell", "tells", "asked", "follows", "followed", "called", "named",
                "hit", "punched", "kicked", "pushed", "slapped", "likes", "liked", "loves", "loved", "misses", "missed",
                "phoned", "texted", "messaged", "blames", "blamed", "trusts", "hugged"}))
    return true;
  if (Lex(i).place) return false;
  // "stayed at Crystal's flat", "if Summer's number".
  if (PossessiveAt(i + 1) && i + 2 < tokens_.size() && tokens_[i + 2].IsWord() && !tokens_[i + 2].has_upper &&
      !tokens_[i + 2].newline_before)
    return true;
  if (InSet(b, {"in", "at", "on", "of", "for", "from", "to", "by", "into"})) return false;
  return ActsNext(i);
}

// The next word is a verb the person does: "Tunde arrived", "Heath said".
bool Document::ActsNext(std::size_t i) const {
  if (i + 1 >= tokens_.size() || !tokens_[i + 1].IsWord() || tokens_[i + 1].has_upper) return false;
  const std::string_view v = folded_[i + 1];
  // "designated teacher", "allocated social worker": a role's adjective, not a verb.
  if (InSet(v, {"designated", "allocated", "qualified", "registered", "named", "appointed", "assigned"})) return false;
  return (v.size() > 4 && v.compare(v.size() - 2, 2, "ed") == 0) ||
         InSet(v, {"said", "told", "was", "has", "had", "came", "went", "says", "left", "is", "took", "made", "rang",
                   "got", "sent", "tells",
                   "gave", "felt", "thinks", "thought", "wants", "wanted", "ran", "hit", "saw", "met", "lives",
                   "stays", "knows", "needs", "goes", "gets", "takes", "comes", "slapped", "belts"});
}

// A word broken across lines in a scanned letter: "her hus-" / "band",
// "the above add-" / "ress". Neither half is a name.
bool Document::BrokenAcrossLines(std::size_t i) const {
  const Token& t = tokens_[i];
  if (t.newline_before && !t.upper_initial && i >= 2 && tokens_[i - 1].IsPunct(text_, '-') &&
      !tokens_[i - 1].space_before && tokens_[i - 2].IsWord())
    return true;
  return i + 2 < tokens_.size() && tokens_[i + 1].IsPunct(text_, '-') && !tokens_[i + 1].space_before &&
         tokens_[i + 2].newline_before && tokens_[i + 2].IsWord() && !tokens_[i + 2].upper_initial;
}

void Document::AddMention(std::size_t first, std::size_t last, int title, bool caps_comma) {
  // (Neither half of a word broken across lines is a name.)
  if (first == last && title < 0 && BrokenAcrossLines(first)) return;
  Mention m;
  m.first_token = first;
  m.last_token = last;
  m.title = title;
  m.start = title >= 0 ? tokens_[static_cast<std::size_t>(title)].start : tokens_[first].start;
  m.end = tokens_[last].end;
  // Name words, skipping initials and punctuation: the first, second and last.
  std::size_t count = 0, w_first = 0, w_second = 0, w_last = 0;
  for (std::size_t k = first; k <= last; ++k) {
    if (!tokens_[k].IsWord() || NameChar(tokens_[k], text_) || IrishParticle(k)) continue;
    if (count == 0) w_first = k;
    if (count == 1) w_second = k;
    w_last = k;
    ++count;
  }
  if (count == 0) return;
  auto set_first = [&](std::size_t k) {
    m.first = folded_[k];
    m.first_word = static_cast<int>(k);
  };
  auto set_last = [&](std::size_t k) {
    m.last = folded_[k];
    m.last_word = static_cast<int>(k);
  };
  if (caps_comma) {
    set_last(w_first);
    if (count > 1) set_first(w_second);
  } else if (count == 1) {
    if (title >= 0 || NameChar(tokens_[first], text_)) set_last(w_first);
    else set_first(w_first);
  } else {
    set_first(w_first);
    set_last(w_last);
  }
  if (title >= 0) {
    TitleInfo ti;
    if (K(static_cast<std::size_t>(title)).Title(&ti)) m.gender = ti.gender;
  }
  const int index = static_cast<int>(mentions_.size());
  for (std::size_t k = title >= 0 ? static_cast<std::size_t>(title) : first; k <= last; ++k) mention_of_[k] = index;
  mentions_.push_back(std::move(m));
}

void Document::FindNameMentions() {
  const std::size_t n = tokens_.size();
  std::vector<NameClass> cls(n, NameClass::kNone);
  for (std::size_t i = 0; i < n; ++i) cls[i] = Classify(i);
  std::size_t i = 0;
  while (i < n) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || covered_[i]) {
      ++i;
      continue;
    }
    // A title, with or without its full stop.
    int title = -1;
    std::size_t k = i;
    TitleInfo ti;
    if (t.upper_initial && K(i).Title(&ti)) {
      std::size_t next = i + 1;
      if (next < n && tokens_[next].IsPunct(text_, '.') && !tokens_[next].space_before) ++next;
      if (next < n && !tokens_[next].newline_before &&
          (cls[next] != NameClass::kNone || NameChar(tokens_[next], text_) || IrishParticle(next))) {
        title = static_cast<int>(i);
        k = next;
      }
    }
    // "Cc: Chauhan, Priya <priya.chauhan@stockport.gov.uk>": an address book's
    // surname, a comma, then the first name, before the email address.
    if (title < 0 && t.upper_initial && !t.all_upper && i + 3 < n && tokens_[i + 1].IsPunct(text_, ',') &&
        tokens_[i + 2].IsWord() && tokens_[i + 2].upper_initial && !tokens_[i + 2].newline_before &&
        tokens_[i + 3].IsPunct(text_, '<') && cls[i] != NameClass::kNone && cls[i + 2] != NameClass::kNone) {
      AddMention(i, i + 2, -1, true);
      i += 3;
      continue;
    }
    // "CARTER, Ellie": a surname in capitals, a comma, then the first name.
    // ("RAHMAN, MOHAMMED ALI": all in capitals when the surname is one the case knows.)
    if (title < 0 && t.all_upper && CapsSurname(i) && i + 2 < n && tokens_[i + 1].IsPunct(text_, ',') &&
        (!tokens_[i + 2].all_upper || Known(folded_[i])) && cls[i + 2] != NameClass::kNone &&
        !tokens_[i + 2].newline_before) {
      std::size_t last = i + 2;
      while (last + 1 < n && cls[last + 1] != NameClass::kNone && tokens_[last + 1].space_before &&
             !tokens_[last + 1].newline_before)
        ++last;
      // "TJ, Kenzie M, Storm, Bilal": a list of names, not a surname and its first name.
      const bool list = last + 2 < n && tokens_[last + 1].IsPunct(text_, ',') && !tokens_[last + 2].newline_before &&
                        cls[last + 2] != NameClass::kNone;
      if (!list) {
        AddMention(i, last, -1, true);
        i = last + 1;
        continue;
      }
    }
    // A run of name-like words (and initials) on one line.
    std::size_t first = k, last = k;
    bool any = false, strong = false, has_name = false;
    int weak_or_unknown = 0;
    std::size_t j = k;
    // "Declan Ó Briain", "Dr Ciara Ní Bhriain": an Irish surname's particle
    // and the capitalised word after it are one surname, listed or not.
    while (j < n) {
      const Token& w = tokens_[j];
      if (j > k && (w.newline_before || !w.space_before || ColumnGap(j))) break;
      if (IrishParticle(j)) {
        if (!any) first = j;
        any = strong = has_name = true;
        last = j + 1;
        j += 2;
        continue;
      }
      if (NameChar(w, text_) && j + 1 < n) {
        // An initial: "E. Carter" / "E Carter".
        std::size_t after = j + 1;
        if (tokens_[after].IsPunct(text_, '.') && !tokens_[after].space_before) ++after;
        if (after < n && (cls[after] != NameClass::kNone || IrishParticle(after)) && !tokens_[after].newline_before) {
          if (!any) first = j;
          any = true;
          last = after - 1;
          j = after;
          continue;
        }
        break;
      }
      if (cls[j] == NameClass::kNone) break;
      // "Mr Hamza Qureshi    Role: Head of Year": a field's label ends the name.
      // "Carer's assessment - Agnieszka Wood:": a surname after one first name stays.
      const bool surname_after_first = j == first + 1 && cls[first] != NameClass::kNone && Lex(j).name &&
                                       !K(j).never_name && K(j).role == RoleKind::kNone;
      if (any && j + 1 < n && tokens_[j + 1].IsPunct(text_, ':') && !tokens_[j + 1].space_before &&
          cls[j] != NameClass::kKnown && (Lex(j).CommonWord(40) || !Lex(j).name) && !surname_after_first)
        break;
      if (!any) first = j;
      any = true;
      last = j;
      if (cls[j] == NameClass::kStrong || cls[j] == NameClass::kKnown) strong = true;
      else ++weak_or_unknown;
      if (cls[j] != NameClass::kUnknown) has_name = true;
      ++j;
    }
    if (!any) {
      ++i;
      continue;
    }
    // "Kathleen "Kitty" Doran": a nickname in quotes inside the name.
    if (any && last + 4 < n && tokens_[last + 2].IsWord() && cls[last + 4] != NameClass::kNone &&
        !tokens_[last + 4].newline_before && QuoteAt(last + 1) && QuoteAt(last + 3)) {
      if (tokens_[last + 2].upper_initial) {
        last += 4;
        while (last + 1 < n && cls[last + 1] != NameClass::kNone && tokens_[last + 1].space_before &&
               !tokens_[last + 1].newline_before)
          ++last;
        j = last + 1;
        strong = strong || cls[last] == NameClass::kStrong || cls[last] == NameClass::kKnown;
        has_name = true;
      }
    }
    // "On 8 Nov Danny punched": a month after its day is no part of the name.
    if (first < last && first > 0 && tokens_[first - 1].kind == Token::Kind::kNumber &&
        (MonthName(folded_[first]) ||
         InSet(folded_[first], {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})))
      ++first;
    // Name words only: the run ends at the last name word.
    std::size_t words = 0;
    for (std::size_t m = first; m <= last; ++m)
      if (tokens_[m].IsWord() && !NameChar(tokens_[m], text_)) ++words;
    bool initial = NameChar(tokens_[first], text_);
    const bool at_break = tokens_[first].after_break && title < 0;
    const std::size_t next_tok = last + 1;
    const bool org_follows =
        (words >= 2 && (K(last).org || K(last).institution) &&
         (!strong || Lex(first).place || K(last).institution)) ||
        (next_tok < n && tokens_[next_tok].IsWord() && tokens_[next_tok].upper_initial && K(next_tok).org &&
         !ColumnGap(next_tok)) ||
        // "Avon Fire & Rescue", "Costa & Partners"
        (next_tok + 1 < n && tokens_[next_tok].IsPunct(text_, '&') && tokens_[next_tok + 1].IsWord() &&
         tokens_[next_tok + 1].upper_initial && K(next_tok + 1).org && !tokens_[next_tok + 1].newline_before) ||
        (InstitutionAhead(next_tok) && (!strong || words == 1 || Lex(first).place)) ||
        (words == 1 && title < 0 && !Known(folded_[first]) && TeamAhead(next_tok)) ||
        // "Mersey Family Mediation", "Wirral Women's Aid": a word before capitalised words ending in an organisation's.
        (words == 1 && title < 0 && !Known(folded_[first]) && OrgAhead(next_tok));
    // "from Pat Young", "to Will Reed": after "from" or "to", two or more words
    // that are all names and none a place or a street's word are a person.
    const bool person_after_to = [&] {
      if (words < 2 || first == 0 || !tokens_[first - 1].IsWord() ||
          !InSet(folded_[first - 1], {"from", "to", "with", "by", "for"}))
        return false;
      for (std::size_t w = first; w <= last; ++w)
        if (!tokens_[w].IsWord() || !Lex(w).name || Lex(w).place || K(w).street ||
            K(w).dwelling || K(w).org || K(w).institution)
          return false;
      return true;
    }();
    // ("in Maria's room": a name with a possessive is an owner, not a place.)
    const bool owner = PossessiveAt(last + 1) && Lex(first).name && !Lex(first).place;
    const bool place_before = first > 0 && tokens_[first - 1].IsWord() && K(first - 1).place &&
                              !strong && !person_after_to && !owner;
    // "down Green Lane" is a place; "with Dolly Lane" a person.
    const bool street_last = (words >= 2 && K(last).street && first > 0 && tokens_[first - 1].IsWord() &&
                              ((!strong && (K(first - 1).place || InSet(folded_[first - 1], {"down", "up"}))) ||
                               InSet(folded_[first - 1], {"near", "along", "down", "up", "off", "into", "via",
                                                          "towards", "in", "on", "outside", "around"}))) ||
                             // "Cheetham Hill Rd", "Park View Mews", "Crossfield Lane": a street's
                             // word no surname takes, or a street word after a word that is no name.
                             (words >= 2 && K(last).street &&
                              (InSet(folded_[last], {"road", "rd", "avenue", "ave", "drive", "crescent", "cres",
                                                     "terrace", "gardens", "gdns", "mews", "grove", "st", "ln",
                                                     "ct", "sq", "wlk"}) ||
                               (!Lex(first).name && !Known(folded_[first]) && title < 0 && !CuedBefore(first, last))));
    const bool org_before = title < 0 && AfterInstitution(first);
    bool accept = false;
    if (org_follows || street_last || org_before) {
      accept = false;
    } else if (words == 1 && title < 0 && !initial && MonthAbbreviation(first)) {
      accept = false;  // "since Jan 25", "in Dec"
    } else if (words == 1 && title < 0 && !initial && Lex(first).place && PlaceInContext(first)) {
      accept = false;  // "lives in Luton", "a Bengali interpreter", "Bedford YOT"
    } else if (words == 1 && title < 0 && !initial && Lex(first).place && !ActsNext(first) &&
               PlaceElsewhere(first)) {
      // "moved back to Aberdeen … sharing w/ Aberdeen": one word, one sense
      // in a record, unless a cue makes this one a person ("her friend Chelsea").
      accept = CuedRun(first, first);
    } else if (words == 1 && title < 0 && !initial && Lex(first).world_place && AbroadInContext(first)) {
      accept = false;  // "his father lives in Kaunas", "in Bielefeld, Germany"
    } else if (title >= 0 || initial) {
      accept = true;
    } else if (strong) {
      accept = true;
      // "During Ellie's visit": a capitalised common word opening the sentence is not part of the name.
      // A field naming a person is not a sentence: "From: Rose Kelly", "Mother: Rose Kelly"
      // (but "HW: Met Leah once" is).
      const bool field_value = first >= 2 && tokens_[first - 1].IsPunct(text_, ':') && tokens_[first - 2].IsWord() &&
                               (InSet(folded_[first - 2], {"from", "to", "cc", "name", "referrer", "sender", "signed",
                                                           "contact", "present", "attendees", "carer", "subject", "by"}) ||
                                K(first - 2).relation != nullptr || K(first - 2).role == RoleKind::kProfessional);
      // "23:40 Found JJ in the bathroom": a log's time opens a sentence too.
      const bool after_time = first >= 3 && tokens_[first - 1].kind == Token::Kind::kNumber &&
                              tokens_[first - 2].IsPunct(text_, ':') &&
                              tokens_[first - 3].kind == Token::Kind::kNumber && tokens_[first - 3].line_start;
      // ("Ray Bird had sent …", "Rose Fitzgerald" under "Yours faithfully":
      // a first name before the requester's family name is a relative's.)
      const bool family_name = words == 2 && last == first + 1 && !subj_last_.empty() && folded_[last] == subj_last_;
      // ("Photographed. - Joy Mwangi": a signature after the entry, not a sentence.)
      const bool signed_entry = first >= 2 && tokens_[first - 1].kind == Token::Kind::kPunct &&
                                (tokens_[first - 1].IsPunct(text_, '-') || tokens_[first - 1].In(text_) == "\xE2\x80\x93") &&
                                SentenceEndPunct(text_, tokens_[first - 2]);
      if ((at_break || after_time) && !field_value && words >= 2 && cls[first] == NameClass::kWeak &&
          !NicknameAdjective(folded_[first]) && !family_name && !signed_entry) {
        // (Not a name alone on its line: "Will Thornton" / "Head of Year 8" under "Thanks,".)
        const bool whole_line = tokens_[first].line_start && (last + 1 >= n || tokens_[last + 1].newline_before);
        // (Nor after a list's semicolon: "Present: Dilan; Will Thackeray (ESOL course leader)".)
        const bool listed = first > 0 && tokens_[first - 1].IsPunct(text_, ';');
        LexiconEntry e = Lex(first);
        if (e.CommonWord(20) && !whole_line && !listed) ++first;
      }
    } else if (words >= 2 && has_name && !place_before) {
      // "Safer Schools", "Third Party", "Border Force": common words only,
      // the first no one's first name, need a cue ("Will Reed", "Grace
      // Hill" open with one).
      bool common_only = !Lex(first).first_name && !NicknameAdjective(folded_[first]);  // ("Big Mark")
      for (std::size_t w = first; w <= last && common_only; ++w)
        if (tokens_[w].IsWord() && !NameChar(tokens_[w], text_) && !Lex(w).CommonWord(35)) common_only = false;
      accept = !common_only || CuedRun(first, last);
    } else if (words == 1 && cls[first] == NameClass::kUnknown && !place_before && !tokens_[first].all_upper &&
               (!at_break || ActsNext(first))) {
      accept = true;
    } else if (words == 1 && !tokens_[first].all_upper && WeakAlone(first, at_break)) {
      accept = true;
    } else if ((words >= 2 && !has_name && !place_before && !tokens_[first].all_upper) || words == 1) {
      // Names no list has ("Funmilayo Oyelaran (mother)") and a word that is
      // also a name ("Joy", "Heath"): only with a cue beside them.
      accept = CuedRun(first, last);
    }
    // "Auntie Joy", "Uncle Dev": a kinship word used as a title belongs to the name.
    if (accept && title < 0 && first > 0 && tokens_[first - 1].IsWord() && tokens_[first - 1].upper_initial &&
        !tokens_[first - 1].all_upper && !tokens_[first].after_break &&
        InSet(folded_[first - 1], {"auntie", "aunty", "aunt", "uncle", "nan", "nanny", "nana", "grandma", "grandad",
                                   "granny", "grandpa", "cousin"}))
      title = static_cast<int>(first - 1);
    if (accept) AddMention(first, last, title, false);
    i = j > i ? j : i + 1;
  }
}

// "Chase" in "Children present: Chase, Pawel": a list next to a name.
bool Document::InList(std::size_t i) const {
  if (i + 1 < tokens_.size() && tokens_[i + 1].IsWord() &&
      (K(i + 1).role != RoleKind::kNone || K(i + 1).org))
    return false;
  auto joiner = [&](std::size_t k) {
    return tokens_[k].IsPunct(text_, ',') || tokens_[k].IsPunct(text_, '&') || folded_[k] == "and";
  };
  if (i + 2 < tokens_.size() && joiner(i + 1) && !tokens_[i + 2].newline_before && mention_of_[i + 2] >= 0) return true;
  if (i >= 2 && joiner(i - 1) && !tokens_[i].newline_before && mention_of_[i - 2] >= 0) return true;
  return false;
}

// Words matching a name already established (any case), and lowercase names
// straight after a relationship word ("mum tina").
// Whether the document is written like hurried notes: a fair share of its
// sentences and lines open in lower case ("tc from mum", "spoke w/ k").
// Most words near token i on its line are in capitals: a form or a police
// notice copied in capitals, where capitals say nothing about names.
bool Document::ShoutedLine(std::size_t i) const {
  // Most capitals stand among ordinary words ("NHS no", "DOB:"): the next
  // word settles it cheaply before the line is counted.
  std::size_t next = i + 1;
  while (next < tokens_.size() && next < i + 4 && !tokens_[next].IsWord() && !tokens_[next].newline_before) ++next;
  if (next < tokens_.size() && tokens_[next].IsWord() && !tokens_[next].newline_before && !tokens_[next].all_upper &&
      tokens_[next].end - tokens_[next].start >= 2)
    return false;
  std::size_t words = 0, caps = 0;
  for (std::size_t k = i; k > 0 && i - k < 30; --k) {
    const Token& t = tokens_[k - 1];
    if (tokens_[k].newline_before) break;
    if (t.IsWord() && t.end - t.start >= 2) {
      ++words;
      caps += t.all_upper;
    }
  }
  for (std::size_t k = i + 1; k < tokens_.size() && k - i < 30 && !tokens_[k].newline_before; ++k) {
    const Token& t = tokens_[k];
    if (t.IsWord() && t.end - t.start >= 2) {
      ++words;
      caps += t.all_upper;
    }
  }
  return words >= 4 && caps * 10 >= words * 8;
}

bool Document::LowercaseNotes() const {
  std::size_t opens = 0, lower = 0;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.IsWord()) continue;
    const bool opening = t.line_start || (i > 0 && SentenceEndPunct(text_, tokens_[i - 1]));
    if (!opening) continue;
    ++opens;
    if (!t.has_upper) ++lower;
  }
  return lower >= 2 && lower * 5 >= opens;
}

void Document::FindMoreMentions() {
  const std::size_t found_first = mentions_.size();
  const bool notes = notes_;
  for (const auto& m : mentions_) {
    for (std::size_t k = m.first_token; k <= m.last_token; ++k)
      if (tokens_[k].IsWord() && !NameChar(tokens_[k], text_)) known_.Insert(folded_[k], true);
  }
  std::vector<std::string_view> family_nicknames;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || covered_[i] || mention_of_[i] >= 0 || BrokenAcrossLines(i)) continue;
    const std::string_view f = folded_[i];
    if (f.size() < 2) continue;
    bool take = false;
    if (CueWord(i)) {
      // "Jahanara Khatun ("Nani")": a family word in quotes after a name is
      // what she is called, here and wherever it comes again capitalised.
      if (K(i).relation == nullptr || !t.upper_initial || t.all_upper) continue;
      if (std::find(family_nicknames.begin(), family_nicknames.end(), f) == family_nicknames.end()) {
        if (!QuotedNickname(i)) continue;
        std::size_t before = i - 2;  // QuotedNickname: a quote at i - 1
        if (before > 0 && tokens_[before].IsPunct(text_, '(')) --before;
        if (mention_of_[before] < 0) continue;
        family_nicknames.push_back(f);
      }
      take = true;
    } else if (!t.has_upper && i > 0 && folded_[i - 1].size() >= 2 && folded_[i - 1].size() <= 4 &&
               folded_[i - 1][0] == 'm' && tokens_[i - 1].IsWord() && !tokens_[i - 1].has_upper &&
               InSet(folded_[i - 1], {"mr", "mrs", "ms", "miss"}) && !K(i).never_name && !K(i).filler &&
               f.size() >= 3 && (Known(f) || Lex(i).name || Lex(i).word_tier == 0)) {
      take = true;  // "rang dex's mum ms lamb", "mr lamb also has history": a title in lower case, then the name
    } else if (Known(f)) {
      if (t.upper_initial && !t.all_upper) {
        take = true;
      } else if (t.all_upper && f.size() >= 3) {
        take = true;  // "PIKE" after "Jordan PIKE": police style, surnames in capitals
      } else {
        LexiconEntry e = Lex(i);
        // "amber's" after "Amber Reed": a possessive makes even a common word the person.
        const bool possessive = PossessiveAt(i + 1) && !tokens_[i + 1].space_before;
        take = !e.CommonWord(35) || possessive;
      }
    } else if (t.upper_initial && !t.all_upper && Classify(i) != NameClass::kNone && InList(i) &&
               !AfterInstitution(i) && !InstitutionAhead(i + 1) &&
               // ("Mr Smith, Safer Schools": the first word of a longer capitalised phrase.)
               !(i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && tokens_[i + 1].upper_initial &&
                 !tokens_[i + 1].newline_before && mention_of_[i + 1] < 0)) {
      take = true;
    } else if (!t.has_upper && i > 0 &&
               (K(i - 1).relation != nullptr ||
                (i > 1 && tokens_[i - 1].IsPunct(text_, ',') && tokens_[i - 2].IsWord() &&
                 K(i - 2).relation != nullptr))) {
      // "her nan gulistan", "his gf, shannon price": in lower case after a
      // relation, a name, or a word in no English word list.
      LexiconEntry e = Lex(i);
      take = e.OnlyName() || (e.name && !e.CommonWord(20)) ||
             (e.word_tier == 0 && !e.place && f.size() >= 3 && !K(i).never_name &&
              f.find('\'') == std::string_view::npos && f.find("\xE2\x80\x99") == std::string_view::npos &&
              folded_[tokens_[i - 1].IsWord() ? i - 1 : i - 2] != "ex");
    } else if (notes && !t.has_upper && f.size() >= 3) {
      // Hurried notes in lower case: a word that is only ever a name
      // ("darren", "kayleigh"), not a place and in no English word list.
      LexiconEntry e = Lex(i);
      take = e.OnlyName() && !e.place && !K(i).never_name;
    }
    const bool nickname = !take && (QuotedNickname(i) || UnquotedNickname(i));
    if (nickname) take = true;
    const std::size_t quoted_end = take ? 0 : NamedInQuotes(i);
    if (quoted_end != 0) take = true;
    if (!take) continue;
    // "darren hill", "pat brennan": a lower-case name runs on over the name words after it.
    std::size_t last = quoted_end != 0 ? quoted_end - 1 : i;
    if (!t.has_upper) {
      for (std::size_t j = i + 1; j < tokens_.size() && j <= i + 2; ++j) {
        const Token& w = tokens_[j];
        if (ActsNext(j - 1)) break;  // "kayleigh came in"
        if (!w.IsWord() || w.has_upper || !w.space_before || w.newline_before || covered_[j] || mention_of_[j] >= 0 ||
            CueWord(j) || K(j).filler || K(j).place ||
            InSet(folded_[j], {"will", "may", "can", "might", "must", "shall", "would", "could", "should", "and",
                               "but", "not", "is", "was", "has", "had", "did", "does", "said", "says", "so", "as",
                               "for", "of", "to", "in", "on", "at", "with", "the", "a", "from", "by"}))
          break;
        if (!(Known(folded_[j]) || Lex(j).name)) break;
        // "amira proud of 4 stars", "bao fell off the sofa": a word that governs what
        // follows is no surname.
        if (!Known(folded_[j]) && Lex(j).CommonWord(50) && j + 1 < tokens_.size() && tokens_[j + 1].IsWord() &&
            InSet(folded_[j + 1], {"of", "to", "in", "on", "at", "with", "for", "the", "a", "about", "from", "off",
                                   "out", "up", "her", "him", "his", "it", "that"}))
          break;
        // "flo back in school", "kai home by 7": a name is not followed by these.
        if (!Known(folded_[j]) && InSet(folded_[j], {"back", "home", "out", "up", "down", "off", "over", "away", "again",
                                                     "today", "now", "here", "there", "still", "also", "late", "early"}))
          break;
        // "kojo seen in thornton heath": a common verb form ends the name.
        const std::string_view v = folded_[j];
        if (!Known(v) && Lex(j).CommonWord(40) && v.size() > 3 &&
            (v.ends_with("en") || v.ends_with("ed") || v.ends_with("ing")))
          break;
        last = j;
      }
    }
    // "mr gallagher": a title in lower case still belongs to the name.
    TitleInfo ti;
    const int title = !t.has_upper && i > 0 && tokens_[i - 1].IsWord() && !tokens_[i - 1].has_upper &&
                              K(i - 1).Title(&ti) && mention_of_[i - 1] < 0
                          ? static_cast<int>(i - 1)
                          : -1;
    AddMention(i, last, title, false);
    // Found in lower case once, or given in quotes, the name is known for the
    // rest ("says dazza grabbed her", "thinks Blade is Tariq Mahmood").
    for (std::size_t k = i; k <= last; ++k)
      if (!tokens_[k].has_upper || quoted_end != 0 || nickname) known_.Insert(folded_[k], true);
    i = last;
  }
  // Both passes found mentions in text order: merge them.
  std::inplace_merge(mentions_.begin(), mentions_.begin() + static_cast<std::ptrdiff_t>(found_first), mentions_.end(),
                     [](const Mention& a, const Mention& b) { return a.start < b.start; });
  std::fill(mention_of_.begin(), mention_of_.end(), -1);
  for (std::size_t m = 0; m < mentions_.size(); ++m) {
    const auto& me = mentions_[m];
    std::size_t from = me.title >= 0 ? static_cast<std::size_t>(me.title) : me.first_token;
    for (std::size_t k = from; k <= me.last_token; ++k) mention_of_[k] = static_cast<int>(m);
  }
}

// A nickname without quotes: after "aka" ("Yasin Dualeh (aka Skinny)"), or
// alone in brackets after a full name ("Patrick Ward (Paddy)", "Emeka Okafor
// (Meks)"), a capitalised word that is no role, relation, place or common word.
bool Document::UnquotedNickname(std::size_t i) const {
  const Token& t = tokens_[i];
  if (i < 2 || !t.IsWord() || !t.upper_initial || t.all_upper || K(i).never_name || K(i).relation != nullptr ||
      K(i).role != RoleKind::kNone || K(i).org || K(i).title != nullptr || Lex(i).place || Lex(i).world_place)
    return false;
  if (tokens_[i - 1].IsWord() && InSet(folded_[i - 1], {"aka", "alias"}) && !tokens_[i].newline_before) return true;
  if (!tokens_[i - 1].IsPunct(text_, '(') || i + 1 >= tokens_.size() || !tokens_[i + 1].IsPunct(text_, ')') ||
      mention_of_[i - 2] < 0 || Lex(i).CommonWord(20) || !Lex(i).name)
    return false;
  const Mention& named = mentions_[static_cast<std::size_t>(mention_of_[i - 2])];
  return named.last_token == i - 2 && named.last_token > named.first_token && named.title < 0;
}

// A nickname in quotes just after a name or a relation: darren hill
// ("dazza"), his mate – "dex" –.
bool Document::QuotedNickname(std::size_t i) const {
  if (i < 2 || !QuoteAt(i - 1) || !QuoteAt(i + 1)) return false;
  if (!tokens_[i].IsWord() || K(i).never_name) return false;
  std::size_t k = i - 2;
  // "known only as "Tiny"": after "as" or "called" even an ordinary word is a name.
  if (tokens_[k].IsWord() && InSet(folded_[k], {"as", "called", "nicknamed", "aka"}) && tokens_[i].upper_initial)
    return true;
  // "said "Yas" slapped him": a quoted name doing something.
  if (tokens_[i].upper_initial && !tokens_[i].all_upper && i + 2 < tokens_.size() && Lex(i).name &&
      !Lex(i).place && ActsNext(i + 1) && !tokens_[i + 2].newline_before)
    return true;
  // ""Storm" (Storm Docherty)", "a mate, "Tiny" (Marcus Bell)": the person's
  // name follows in brackets, whatever the word.
  if (tokens_[i].upper_initial && i + 3 < tokens_.size() && tokens_[i + 2].IsPunct(text_, '(') &&
      tokens_[i + 3].IsWord() && tokens_[i + 3].upper_initial && !tokens_[i + 3].all_upper && Lex(i + 3).name &&
      !K(i + 3).never_name && K(i + 3).relation == nullptr && K(i + 3).role == RoleKind::kNone)
    return true;
  if (Lex(i).CommonWord(20)) return false;
  const std::size_t before_punct = k;
  while (k > 0 && tokens_[k].kind == Token::Kind::kPunct && (tokens_[k].IsPunct(text_, '(') || tokens_[k].IsPunct(text_, ',') ||
                                                             tokens_[k].In(text_) == "\xE2\x80\x93" || tokens_[k].IsPunct(text_, '-')))
    --k;
  if (!tokens_[k].IsWord()) return false;
  // "known only as "Tiny"", "a man he called "Rebwar"", "aka "Shaz"".
  if (InSet(folded_[k], {"as", "called", "calls", "named", "nicknamed", "aka", "alias"})) return true;
  // After a name, set off by a bracket or a comma ("darren hill ("dazza")");
  // straight after it, a quoted word is what they did ("said shak "taxed" him").
  if (mention_of_[k] >= 0) return k != before_punct;
  return K(k).relation != nullptr;
}

// Reads one cue word into *out; false if the word is no cue.
bool Document::ApplyCueWord(std::size_t i, Mention* out) const {
  const std::string_view w = folded_[i];
  const RelationInfo* rel = K(i).relation;
  // "school nurse Sister Anne Cobb", "Ward sister Sister O'Neill": a nurse's title.
  // "the ward sister, Sinead O'Driscoll": the nurse in charge of a ward.
  if (w == "sister" && i > 0 && tokens_[i - 1].IsWord() && InSet(folded_[i - 1], {"ward", "nursing", "night", "charge"})) {
    out->party = Party::kProfessional;
    out->relation = "ward sister";
    return true;
  }
  if (w == "sister" && tokens_[i].upper_initial && !tokens_[i].all_upper && !tokens_[i].after_break &&
      i + 1 < tokens_.size() && tokens_[i + 1].IsWord() && tokens_[i + 1].upper_initial &&
      !tokens_[i + 1].newline_before) {
    out->party = Party::kProfessional;
    out->relation = "nursing sister";
    return true;
  }
  if (rel != nullptr) {
    out->party = Party::kThirdParty;
    out->relation = std::string(rel->name);
    out->gender = rel->gender;
    return true;
  }
  // "the N.S.P.C.C. Inspector", "Ofsted inspector": an inspector who is no police officer.
  if (w == "inspector" && i > 0) {
    std::string before;
    for (std::size_t b = tokens_[i].start, steps = 0; b > 0 && steps < 14; --b, ++steps)
      if (text_[b - 1] != '.' && text_[b - 1] != ' ') before.insert(before.begin(), static_cast<char>(text_[b - 1] | 0x20));
    if (before.size() >= 5 && (before.ends_with("nspcc") || before.ends_with("ofsted") || before.ends_with("rspcc"))) {
      out->party = Party::kProfessional;
      out->relation = "inspector";
      return true;
    }
  }
  // "his key person at nursery": the early years' word for a key worker.
  // "Independent Person: Revd Gillian Armitage": a complaint's independent person.
  if (w == "person" && i > 0 && (folded_[i - 1] == "key" || folded_[i - 1] == "independent")) {
    out->party = Party::kProfessional;
    out->relation = std::string(folded_[i - 1]) + " person";
    return true;
  }
  RoleKind role = K(i).role;
  if (role == RoleKind::kNone) return false;
  // A member of a panel is a professional; a family member is not.
  if (w == "member" && !(i > 0 && InSet(folded_[i - 1], {"panel", "independent", "board", "committee", "staff"})))
    return false;
  // "(office)": the school or team office; "Home Office" is an organisation, not a cue.
  if (w == "office" && !(i > 0 && tokens_[i - 1].IsPunct(text_, '(')) &&
      !(i + 1 < tokens_.size() && tokens_[i + 1].IsPunct(text_, '(')))  // "Office (Ffion)"
    return false;
  // Paid carers are professionals: "regular carers", "home carer", "carers from the agency".
  if ((w == "carer" || w == "carers") && i > 0 &&
      InSet(folded_[i - 1], {"regular", "home", "paid", "agency", "care", "day", "night", "morning", "evening",
                             "domiciliary", "support", "respite", "lunchtime", "two"})) {
    out->party = folded_[i - 1] == "respite" ? Party::kAmbiguous : Party::kProfessional;
    out->relation = "carer";
    return true;
  }
  // "carer with Bright Homecare", "carers from the agency": paid carers.
  if ((w == "carer" || w == "carers") && i + 2 < tokens_.size() && tokens_[i + 1].IsWord() &&
      InSet(folded_[i + 1], {"with", "from", "at"}) && tokens_[i + 2].IsWord() &&
      (tokens_[i + 2].upper_initial || InSet(folded_[i + 2], {"the", "an"}))) {
    out->party = Party::kProfessional;
    out->relation = "carer";
    return true;
  }
  // "a gang leader": no role.
  if (w == "leader" && i > 0 && InSet(folded_[i - 1], {"gang", "ring", "cult"})) return false;
  // "Sumaiya is also a young carer": a child who cares for family.
  // ("Referral to Young Carers (Tom Bird)": the service, in capitals.)
  if ((w == "carer" || w == "carers") && i > 0 && folded_[i - 1] == "young" && !tokens_[i].upper_initial) {
    out->party = Party::kThirdParty;
    out->relation = "young carer";
    return true;
  }
  // An adult's carer with no word saying more may be paid or family: a person decides.
  if ((w == "carer" || w == "carers") && !(i > 0 && folded_[i - 1] == "foster") && !SubjectIsChild() &&
      subj_dob_.year != 0) {
    out->party = Party::kAmbiguous;
    out->relation = "carer";
    return true;
  }
  // A carer is a foster carer only when the record says so; otherwise family.
  if ((w == "carer" || w == "carers") && !(i > 0 && folded_[i - 1] == "foster")) {
    out->party = Party::kThirdParty;
    out->relation = "carer";
    return true;
  }
  // "police officer": the officer is police.
  if (role == RoleKind::kProfessional && w == "officer" && i > 0 && folded_[i - 1] == "police") role = RoleKind::kPolice;
  if (role == RoleKind::kPolice) {
    out->party = Party::kAmbiguous;
    out->relation = "police officer";
  } else if (role == RoleKind::kFoster) {
    out->party = Party::kAmbiguous;
    out->relation = "foster carer";
  } else {
    out->party = Party::kProfessional;
    std::string r(tokens_[i].In(text_));
    if (i > 0 && tokens_[i - 1].IsWord() && tokens_[i - 1].upper_initial == tokens_[i].upper_initial &&
        !tokens_[i - 1].newline_before && K(i - 1).role == RoleKind::kNone && !K(i - 1).filler &&
        mention_of_[i - 1] < 0)
      r = std::string(tokens_[i - 1].In(text_)) + " " + r;
    else if (i > 0 && (folded_[i - 1] == "health" || folded_[i - 1] == "social" || folded_[i - 1] == "school" ||
                       folded_[i - 1] == "support" || folded_[i - 1] == "family"))
      r = std::string(tokens_[i - 1].In(text_)) + " " + r;
    out->relation = r;
  }
  return true;
}

// "mother Ewa Ahmed", "Father, Andrei", "Head Teacher Mrs X", "Victim: CARTER, Ellie".
bool Document::CueBefore(const Mention& m, Mention* out) const {
  std::size_t k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
  // "Ioana Popescu (married name Dumitru)", "Andreea HARTLEY (born Andreea
  // Popescu": the requester's other name, in brackets after hers.
  {
    std::size_t b = k;
    if (b >= 2 && tokens_[b - 1].IsWord() && folded_[b - 1] == "name" && tokens_[b - 2].IsWord() &&
        InSet(folded_[b - 2], {"married", "maiden", "birth", "former", "previous"}))
      b -= 2;
    else if (b >= 1 && tokens_[b - 1].IsWord() && InSet(folded_[b - 1], {"born", "formerly", "previously"}))
      b -= 1;
    if (b != k && b >= 2 && tokens_[b - 1].IsPunct(text_, '(') && mention_of_[b - 2] >= 0 &&
        mentions_[static_cast<std::size_t>(mention_of_[b - 2])].party == Party::kSubject &&
        mentions_[static_cast<std::size_t>(mention_of_[b - 2])].resolved) {
      out->party = Party::kSubject;
      out->relation = "the requester's other name";
      return true;
    }
  }
  if (ShiftCrew(k)) {
    out->party = Party::kProfessional;
    out->relation = "staff on shift";
    return true;
  }
  for (int steps = 0; steps < 5 && k > 0; ++steps) {
    if (tokens_[k].newline_before && !(k > 0 && tokens_[k - 1].IsPunct(text_, ':'))) return false;
    --k;
    const Token& t = tokens_[k];
    // "Head of Year 11, Mr Leon Carter": a year group's number after its word.
    if (t.kind == Token::Kind::kNumber && k > 0 && tokens_[k - 1].IsWord() && InSet(folded_[k - 1], {"year", "yr"}))
      continue;
    // "care coordinator from 2018 (Kwame Mensah)": since when, on the way to the role.
    if (t.kind == Token::Kind::kNumber && t.end - t.start == 4 && k > 1 && tokens_[k - 1].IsWord() &&
        InSet(folded_[k - 1], {"from", "since", "until", "till"})) {
      --k;
      continue;
    }
    if (t.kind == Token::Kind::kPunct) {
      if (t.IsPunct(text_, ',') || t.IsPunct(text_, ':') || t.IsPunct(text_, '(') ||
          (t.end - t.start >= 2 && (text_[t.start] == '\'' || text_[t.start] == '\xE2')))
        continue;
      // "Interpreter (phone): Hoa": a word in brackets between the role and the name.
      if (t.IsPunct(text_, ')') && k >= 2 && tokens_[k - 1].IsWord() && tokens_[k - 2].IsPunct(text_, '(') &&
          mention_of_[k - 1] < 0) {
        k -= 2;
        continue;
      }
      return false;
    }
    // "His key worker there, Mr Danny O'Hare", "Health visitor previously Ms
    // Kaur", "Discussed with DSL: Yes, Mrs Layla Haddad": words on the way to the role.
    if (t.IsWord() && InSet(folded_[k], {"there", "here", "previously", "formerly", "currently", "yes", "then", "now"}) &&
        mention_of_[k] < 0)
      continue;
    // "Support worker at Ashgrove: Marie Reid": where the role is.
    if (t.IsWord() && t.upper_initial && steps <= 2 && k >= 2 && tokens_[k - 1].IsWord() && folded_[k - 1] == "at" &&
        mention_of_[k] < 0 && K(k - 2).role == RoleKind::kProfessional) {
      --k;
      continue;
    }
    // "the named midwife for safeguarding, Harpreet Sandhu": what the role is for.
    if (t.IsWord() && steps <= 2 && k >= 2 && tokens_[k - 1].IsWord() && folded_[k - 1] == "for" &&
        mention_of_[k] < 0 && K(k).relation == nullptr && K(k - 2).role == RoleKind::kProfessional) {
      --k;
      continue;
    }
    // "(Hull DA service, Claire Munro)", "Bluebell Homecare (Bukola)": a
    // service's or agency's name just before, then its worker.
    // (Not a school or college people attend: "a friend from college, Jade".)
    if (t.IsWord() && mention_of_[k] < 0 && steps <= 2 && k + 1 < tokens_.size() &&
        (tokens_[k + 1].IsPunct(text_, ',') || tokens_[k + 1].IsPunct(text_, '(')) &&
        InSet(folded_[k], {"service", "services", "team", "homecare", "agency", "trust", "unit", "hub", "charity",
                           "partnership", "practice", "surgery", "clinic", "council", "department", "solicitors",
                           "association"})) {
      out->party = Party::kProfessional;
      out->relation = std::string(folded_[k]);
      return true;
    }
    // "Abdi told staff Ryan was at the railings": whom he told, then who
    // was there; not a member of staff called Ryan.
    if (t.IsWord() && InSet(folded_[k], {"staff", "workers", "carers"}) && k > 0 && tokens_[k - 1].IsWord() &&
        InSet(folded_[k - 1], {"told", "tells", "telling", "asked", "asks", "informed", "informs", "warned", "reminded",
                               "showed", "shows", "assured"}))
      return false;
    // "OT (Will Brennan)": a first name that is also a word, left out of the
    // name, between the bracket and the surname.
    if (steps == 0 && t.IsWord() && t.upper_initial && !t.all_upper && mention_of_[k] < 0 && Lex(k).name &&
        k > 0 && tokens_[k - 1].IsPunct(text_, '(') && !CueWord(k))
      continue;
    // "CAMHS crisis (Jas Sandhu)", "YOT intake: Sam": a service's own team after its name.
    if (t.IsWord() && t.end - t.start >= 6 && InSet(folded_[k], {"crisis", "outreach", "intake", "triage"}) &&
        mention_of_[k] < 0 && k > 0 &&
        tokens_[k - 1].IsWord() && K(k - 1).role != RoleKind::kNone && K(k - 1).relation == nullptr)
      continue;
    // "counsel for the mother, Ms Lyle", "solicitor for the father": the
    // professional acting for a family member, not the family member.
    if (t.IsWord() && K(k).relation != nullptr && k >= 3 && InSet(folded_[k - 1], {"the", "his", "her", "their"}) &&
        folded_[k - 2] == "for" && tokens_[k - 3].IsWord() && K(k - 3).role == RoleKind::kProfessional &&
        K(k - 3).relation == nullptr) {
      out->party = Party::kProfessional;
      out->relation = std::string(text_.substr(tokens_[k - 3].start, t.end - tokens_[k - 3].start));
      return true;
    }
    // "the social worker at the time, Miss E. Pennington".
    if (t.IsWord() && folded_[k] == "time" && k >= 2 && folded_[k - 1] == "the" && folded_[k - 2] == "at") {
      k -= 2;
      continue;
    }
    // "Panel: Ruth Fairweather, Idris Bowen": a panel's members.
    if (t.IsWord() && folded_[k] == "panel" && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, ':')) {
      out->party = Party::kProfessional;
      out->relation = "panel member";
      return true;
    }
    // "class teacher, Easton Primary, Mr Ryan Brook": the school's name between the role and the name.
    // "Designated Safeguarding Lead at Harris Academy South Norwood, Ms Delia Hurst": or "at" it.
    if (t.IsWord() && t.upper_initial && mention_of_[k] < 0 && k > 0 && K(k).role == RoleKind::kNone) {
      std::size_t b = k;
      bool institution = K(k).institution || K(k).org;
      while (b > 0 && tokens_[b - 1].IsWord() && tokens_[b - 1].upper_initial && mention_of_[b - 1] < 0 &&
             !tokens_[b].newline_before && b + 5 > k) {
        --b;
        institution = institution || K(b).institution || K(b).org;
      }
      // "The morning carer from Bluebell Homecare, Agnieszka": or "from" it.
      const bool at = b > 0 && (folded_[b - 1] == "at" || folded_[b - 1] == "from");
      if (institution && b > 0 && (tokens_[b - 1].IsPunct(text_, ',') || at)) {
        k = b;
        if (at) --k;
        continue;
      }
    }
    // "an appointment with Jess Carmody": appointments are with workers.
    if (t.IsWord() && folded_[k] == "with" && k > 0 && tokens_[k - 1].IsWord() &&
        InSet(folded_[k - 1], {"appointment", "appointments", "appt", "therapy", "counselling", "sessions"}) &&
        !NamedBeforeOrOwner(m)) {
      out->party = Party::kProfessional;
      out->relation = "worker";
      return true;
    }
    // "brother is Tomas": a relation said to be this person.
    if (t.IsWord() && (folded_[k] == "is" || folded_[k] == "was") && k >= 1 && tokens_[k - 1].IsWord() &&
        K(k - 1).relation != nullptr && ApplyCueWord(k - 1, out))
      return true;
    // "Staff: RW (Rob Wakefield)": initials just before the bracketed name are the same person.
    if (t.IsWord() && t.all_upper && t.end - t.start <= 3 && k + 1 < tokens_.size() &&
        tokens_[k + 1].IsPunct(text_, '(') && !CueWord(k))
      continue;
    if (!t.IsWord() || mention_of_[k] >= 0) return false;
    // "Taking over: Sam Ogunleye": the staff of a shift.
    if (StaffLabelAt(k)) {
      out->party = Party::kProfessional;
      out->relation = "staff on shift";
      return true;
    }
    // "Nurse in charge Grace Oyelaran": the role's qualifier.
    if (folded_[k] == "charge" && k >= 2 && folded_[k - 1] == "in" && K(k - 2).role != RoleKind::kNone &&
        ApplyCueWord(k - 2, out))
      return true;
    // "Worker there is Kirsty", "Her SW is Kirsty": a role said to be this person.
    if ((folded_[k] == "is" || folded_[k] == "was") && k >= 1) {
      std::size_t r = k - 1;
      if (r > 0 && InSet(folded_[r], {"there", "now", "today", "currently"})) --r;
      // "The DSL at the primary is Mr Will Hartley", "Her SW at Hackney is":
      // where the role is held, between the role and "is".
      for (std::size_t back = 0, p = r; back < 4 && p > 1 && tokens_[p].IsWord() && K(p).role == RoleKind::kNone &&
                                        mention_of_[p] < 0 && K(p).relation == nullptr;
           ++back) {
        if (folded_[p - 1] == "at" || folded_[p - 1] == "for" || folded_[p - 1] == "in") {
          r = p - 2;
          break;
        }
        // ("in children's services": a service's own words and its possessive.)
        if (PossessiveAt(p - 1) && p >= 2) {
          p -= 2;
          continue;
        }
        if (!tokens_[p - 1].IsWord() ||
            !(InSet(folded_[p - 1], {"the", "children", "adult", "adults", "social", "services", "service", "team",
                                     "care", "health", "mental"}) ||
              tokens_[p - 1].upper_initial))
          break;
        --p;
      }
      if (tokens_[r].IsWord() && K(r).role != RoleKind::kNone && K(r).relation == nullptr && !NamedBeforeOrOwner(m) &&
          ApplyCueWord(r, out))
        return true;
    }
    // "supervised by Bethan Rowlands", "Recorded by: Whitcombe, R": the
    // worker who did the record's work.
    // ("written with Millie by Mrs Ashworth": past whom it was written with.)
    std::size_t verb = k;
    if (folded_[k] == "by" && k > 3 && mention_of_[k - 1] >= 0 && folded_[k - 2] != "with") {
      const Mention& with = mentions_[static_cast<std::size_t>(mention_of_[k - 1])];
      const std::size_t w0 = with.title >= 0 ? static_cast<std::size_t>(with.title) : with.first_token;
      if (w0 >= 2 && folded_[w0 - 1] == "with") verb = w0 - 1;
    }
    if (folded_[k] == "by" && verb > 0 && tokens_[verb - 1].IsWord() && !NamedBeforeOrOwner(m) &&
        InSet(folded_[verb - 1], {"supervised", "recorded", "completed", "chaired", "authorised", "approved",
                                  "represented", "translated", "interpreted", "minuted", "prepared", "written", "typed",
                                  "countersigned", "facilitated", "transcribed", "logged", "report", "assessment",
                                  "assessed"})) {
      out->party = Party::kProfessional;
      out->relation = "worker";
      return true;
    }
    // "EDT informed at 00:20, spoke to Callum Rae": the agency just contacted.
    if (folded_[k] == "to" || folded_[k] == "with") {
      if (!NamedBeforeOrOwner(m) && AgencyContacted(k)) {
        out->party = Party::kProfessional;
        out->relation = "worker of an agency contacted";
        return true;
      }
    }
    // "Police: Marius POPESCU - arrested": the police's heading, not an officer.
    if (folded_[k] == "police" && t.line_start && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, ':'))
      return false;
    if (ApplyCueWord(k, out)) return true;
    // "Housing: Gavin Reid confirmed", "Health (Bethan Lloyd-Evans):": an
    // agency's heading at the start of its line names who speaks for it.
    // "Ophthalmology (Mr Desai):": a heading with a name in brackets and a colon
    // is that service speaking, whatever the service.
    if (t.line_start && t.upper_initial && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, '(') &&
        k + 2 == (m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token) &&
        m.last_token + 2 < tokens_.size() && tokens_[m.last_token + 1].IsPunct(text_, ')') &&
        tokens_[m.last_token + 2].IsPunct(text_, ':') && K(k).relation == nullptr && !CueWord(k) &&
        mention_of_[k] < 0) {
      out->party = Party::kProfessional;
      out->relation = std::string(t.In(text_));
      return true;
    }
    // "ENGLISH (Mrs A. Hope)", "PHYSICAL EDUCATION (Mr G. Lamb)": a heading in
    // capitals alone on its line with a name in brackets is a subject's or
    // service's section and who wrote it.
    if (t.all_upper && t.end - t.start >= 3 && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, '(') &&
        k + 2 == (m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token) &&
        m.last_token + 1 < tokens_.size() && tokens_[m.last_token + 1].IsPunct(text_, ')') &&
        (m.last_token + 2 >= tokens_.size() || tokens_[m.last_token + 2].newline_before) && mention_of_[k] < 0) {
      std::size_t h = k;
      bool heading = true;
      while (heading && !tokens_[h].line_start) {
        heading = h > 0 && tokens_[h - 1].IsWord() && tokens_[h - 1].all_upper && mention_of_[h - 1] < 0 && h + 4 > k;
        --h;
      }
      for (std::size_t x = h; heading && x <= k; ++x) heading = K(x).relation == nullptr && folded_[x] != "police";
      if (heading) {
        out->party = Party::kProfessional;
        out->relation = std::string(text_.substr(tokens_[h].start, t.end - tokens_[h].start));
        return true;
      }
    }
    // Only where the name is the agency's voice: "Health (Name):", or "Housing:
    // Name confirmed …" (not "Health: Zara attended A&E", the child).
    const bool voice =
        (tokens_[k + 1].IsPunct(text_, '(') && m.last_token + 2 < tokens_.size() &&
         tokens_[m.last_token + 1].IsPunct(text_, ')') && tokens_[m.last_token + 2].IsPunct(text_, ':')) ||
        [&] {
          // "Housing: Gavin Reid confirmed", "Site: Paul Lamb has agreed".
          std::size_t v = m.last_token + 1;
          if (v + 1 < tokens_.size() && tokens_[v].IsWord() && (folded_[v] == "has" || folded_[v] == "had")) ++v;
          return v < tokens_.size() && tokens_[v].IsWord() &&
                 InSet(folded_[v], {"confirmed", "confirms", "reported", "reports", "advised", "advises", "stated",
                                    "states", "noted", "notes", "shared", "informed", "said", "says", "agreed",
                                    "agrees"});
        }();
    if (voice && t.line_start && k + 1 < tokens_.size() &&
        (tokens_[k + 1].IsPunct(text_, ':') || tokens_[k + 1].IsPunct(text_, '(')) &&
        InSet(folded_[k], {"health", "housing", "school", "education", "police", "probation", "gp", "nursery",
                           "college", "camhs", "yot", "yjs", "site", "csc", "hospital", "midwifery"})) {
      out->party = folded_[k] == "police" ? Party::kAmbiguous : Party::kProfessional;
      out->relation = std::string(t.In(text_));
      return true;
    }
    if (!K(k).filler) return false;
  }
  return false;
}

// Token `to` is the "to" of "spoke to" (or "with" of "spoke with") after an
// agency was contacted earlier in the sentence: "Children's Services EDT
// informed at 00:20, spoke to Callum Rae"; "rang college, spoke to Ms Hart".
bool Document::AgencyContacted(std::size_t to) const {
  if (to == 0 || !tokens_[to - 1].IsWord() ||
      !InSet(folded_[to - 1], {"spoke", "spoken", "speaking", "talked", "discussed"}))
    return false;
  bool agency = false, contacted = false;
  int sentences = 0;
  for (std::size_t k = to - 1; k > 0 && k + 14 > to; --k) {
    const Token& t = tokens_[k - 1];
    if (tokens_[k].newline_before) break;
    // "Rang EDT. Spoke to Gareth Hill": one short sentence back.
    if (SentenceEndPunct(text_, t)) {
      if (++sentences > 1 || (agency && contacted)) break;
      continue;
    }
    if (!t.IsWord()) continue;
    const std::string_view w = folded_[k - 1];
    if (InSet(w, {"informed", "contacted", "rang", "called", "phoned", "emailed", "telephoned", "notified",
                  "referral", "referred"})) {
      contacted = true;
      continue;
    }
    if (mention_of_[k - 1] >= 0) {
      if (!contacted) return false;  // "rang Sarah, spoke to": the call was to her
      break;                         // "Jo rang college": the caller
    }
    if ((K(k - 1).role == RoleKind::kProfessional && K(k - 1).relation == nullptr) || K(k - 1).institution ||
             (K(k - 1).org && t.upper_initial) ||
             InSet(w, {"college", "school", "nursery", "police", "hospital", "surgery", "gp", "services", "ward"}))
      agency = true;
  }
  return agency && contacted;
}

// "Ellie Banks (sister)", "Jason Farah, Practice Manager", "Ewa, her mother,".
bool Document::CueAfter(const Mention& m, Mention* out) const {
  std::size_t k = m.last_token + 1;
  // "Nurse informed. - T. Kowalczyk CA", "- Joy Mwangi": a log entry signed
  // at its end by the carer or nurse who wrote it.
  {
    const std::size_t first = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
    std::size_t end = m.last_token + 1;
    // A role's abbreviation in capitals may follow ("CA", "RGN").
    if (end < tokens_.size() && !tokens_[end].newline_before && tokens_[end].IsWord() && tokens_[end].all_upper &&
        tokens_[end].end - tokens_[end].start <= 4)
      ++end;
    const bool line_ends = end >= tokens_.size() || tokens_[end].newline_before;
    if (line_ends && first >= 2 && !tokens_[first].newline_before &&
        (tokens_[first - 1].IsPunct(text_, '-') || tokens_[first - 1].In(text_) == "\xE2\x80\x93" ||
         tokens_[first - 1].In(text_) == "\xE2\x80\x94") &&
        SentenceEndPunct(text_, tokens_[first - 2]) && !tokens_[first - 1].newline_before && !NamedBeforeOrOwner(m)) {
      out->party = Party::kProfessional;
      out->relation = "writer of the entry";
      return true;
    }
  }
  if (k < tokens_.size() && tokens_[k].newline_before) {
    // A signature: the name alone on its line, the role on the next
    // ("Joanne Wood" / "Specialist Community Public Health Nurse").
    const std::size_t first = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
    // "Referrer name: Ms Gemma Hill" / "Referrer role/agency: Designated
    // Safeguarding Lead": a form's field of the role under the name's.
    if (first > 0 && tokens_[first - 1].IsPunct(text_, ':')) {
      std::size_t colon = k;
      while (colon < tokens_.size() && colon < k + 6 && !tokens_[colon].IsPunct(text_, ':') &&
             (colon == k || !tokens_[colon].newline_before))
        ++colon;
      bool role_label = false;
      for (std::size_t j = k; j < colon && j < tokens_.size(); ++j)
        role_label = role_label || (tokens_[j].IsWord() && InSet(folded_[j], {"role", "position", "designation",
                                                                               "job", "occupation", "agency"}));
      if (role_label && colon < tokens_.size() && tokens_[colon].IsPunct(text_, ':')) {
        for (std::size_t j = colon + 1; j < tokens_.size() && j < colon + 8 && !tokens_[j].newline_before; ++j) {
          Mention cue;
          if (tokens_[j].IsWord() && K(j).role != RoleKind::kNone && ApplyCueWord(j, &cue) &&
              cue.party == Party::kProfessional) {
            *out = cue;
            return true;
          }
        }
      }
    }
    if (!tokens_[first].line_start) return false;
    // "Yours sincerely / Eleanor Fairweather / Partner": a firm's partner
    // signing its letter, not anyone's partner.
    if (tokens_[k].IsWord() && (k + 1 >= tokens_.size() || tokens_[k + 1].newline_before) &&
        InSet(folded_[k], {"partner", "associate", "paralegal"})) {
      for (std::size_t b = first; b > 0 && b + 8 > first; --b)
        if (tokens_[b - 1].IsWord() && InSet(folded_[b - 1], {"sincerely", "faithfully", "regards"})) {
          out->party = Party::kProfessional;
          out->relation = std::string(folded_[k]) + " of the firm";
          return true;
        }
    }
    for (std::size_t j = k; j < tokens_.size() && j < k + 6; ++j) {
      if (j > k && tokens_[j].newline_before) break;
      if (!tokens_[j].IsWord() || mention_of_[j] >= 0) continue;
      Mention cue;
      if (K(j).role != RoleKind::kNone && ApplyCueWord(j, &cue) && cue.party == Party::kProfessional) {
        *out = cue;
        return true;
      }
      // "Debbie" / "Reception Team": a team's or service's name under it.
      if (j > k && tokens_[j].upper_initial && K(j).institution &&
          (j + 1 >= tokens_.size() || tokens_[j + 1].newline_before)) {
        out->party = Party::kProfessional;
        out->relation = std::string(text_.substr(tokens_[k].start, tokens_[j].end - tokens_[k].start));
        return true;
      }
    }
    return false;
  }
  if (k >= tokens_.size()) return false;
  // "Mr R. H. Bird, J.P.", "Mrs A. Chaudhary, JP": a magistrate.
  if (k + 1 < tokens_.size() && tokens_[k].IsPunct(text_, ',') && tokens_[k + 1].IsWord() &&
      !tokens_[k + 1].newline_before &&
      (folded_[k + 1] == "jp" ||
       (folded_[k + 1] == "j" && k + 3 < tokens_.size() && tokens_[k + 2].IsPunct(text_, '.') &&
        tokens_[k + 3].IsWord() && folded_[k + 3] == "p"))) {
    out->party = Party::kProfessional;
    out->relation = "magistrate";
    return true;
  }
  // "Mr Dyson the head", "Mrs Kaur the school nurse": a role in apposition.
  if (k + 1 < tokens_.size() && tokens_[k].IsWord() && folded_[k] == "the" && !NamedBeforeOrOwner(m)) {
    for (std::size_t j = k + 1; j < tokens_.size() && j < k + 3 && tokens_[j].IsWord() && !tokens_[j].newline_before;
         ++j) {
      if (K(j).relation != nullptr || mention_of_[j] >= 0) break;
      if (K(j).role == RoleKind::kProfessional) {
        out->party = Party::kProfessional;
        out->relation = std::string(folded_[j]);
        return true;
      }
    }
  }
  // "Rachel Hope of Mersey Family Mediation", "Sam Kerr of Leeds City
  // Council": someone of an organisation named in capitals.
  if (tokens_[k].IsWord() && folded_[k] == "of" && k + 1 < tokens_.size()) {
    std::size_t j = k + 1;
    if (tokens_[j].IsWord() && folded_[j] == "the") ++j;
    std::size_t last_org = 0;
    for (std::size_t q = j; q < tokens_.size() && q < j + 5 && tokens_[q].IsWord() && tokens_[q].upper_initial &&
                            !tokens_[q].newline_before && mention_of_[q] < 0;
         ++q)
      if (q > j && K(q).org && !K(q).street && !InSet(folded_[q], {"road", "street", "house", "court", "church"}))
        last_org = q;
    if (last_org != 0) {
      out->party = Party::kProfessional;
      out->relation = std::string(text_.substr(tokens_[j].start, tokens_[last_org].end - tokens_[j].start));
      return true;
    }
  }
  // "Owen Lamb (Youth Justice)", "(Leaving Care Team)", "(Avon Fire & Rescue)",
  // "(Swindon Women's Aid)", "(CMHT)": a service or firm in brackets.
  if (tokens_[k].IsPunct(text_, '(')) {
    for (std::size_t j = k + 1; j < tokens_.size() && j < k + 7 && !tokens_[j].newline_before &&
                                ((tokens_[j].IsWord() && tokens_[j].upper_initial) ||
                                 (j > k + 1 && (tokens_[j].IsPunct(text_, '&') || PossessiveAt(j))));
         ++j) {
      if (tokens_[j].IsWord() && j + 1 < tokens_.size() && tokens_[j + 1].IsPunct(text_, ')') &&
          InSet(folded_[j], {"justice", "service", "services", "team", "unit", "trust", "panel", "rescue", "aid",
                             "partners", "solicitors", "llp", "ltd", "agency", "safeguarding", "cmht", "association",
                             "charity", "project", "foundation", "partnership"})) {
        out->party = Party::kProfessional;
        out->relation = std::string(text_.substr(tokens_[k + 1].start, tokens_[j].end - tokens_[k + 1].start));
        return true;
      }
    }
  }
  // "Mr Hossain interpreted for the parents", "Ms Ewa Zielinska interpreted":
  // what only a worker does in a meeting.
  // (A first name alone may be a brother who interpreted for his mother.)
  if (tokens_[k].IsWord() && (m.title >= 0 || m.last_token > m.first_token) &&
      InSet(folded_[k], {"interpreted", "chaired", "minuted", "facilitated", "translated"}) && !NamedBeforeOrOwner(m)) {
    out->party = Party::kProfessional;
    out->relation = "worker";
    return true;
  }
  // "Mrs Hussain at school", "Mrs Carter at the school": someone there in their work.
  // ("Visit to Tobi at school", "saw Kian at school": a pupil seen there.)
  const std::size_t named_from = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
  const bool seen_there = m.title < 0 && named_from > 0 && tokens_[named_from - 1].IsWord() &&
                          InSet(folded_[named_from - 1], {"to", "saw", "seen", "see", "sees", "visited", "visit", "met",
                                                          "meet", "collected", "collect", "with"});
  if (tokens_[k].IsWord() && folded_[k] == "at" && k + 1 < tokens_.size()) {
    std::size_t j = k + 1;
    if (tokens_[j].IsWord() && folded_[j] == "the" && j + 1 < tokens_.size()) ++j;
    // "at the women's centre": someone's, on the way to the place.
    if (j + 2 < tokens_.size() && tokens_[j].IsWord() && PossessiveAt(j + 1)) j += 2;
    if (tokens_[j].IsWord() && !tokens_[j].newline_before && !seen_there &&
        InSet(folded_[j], {"school", "nursery", "college", "academy", "surgery", "practice", "clinic", "centre",
                           "center"})) {
      out->party = Party::kProfessional;
      out->relation = std::string(folded_[j]) + " staff";
      return true;
    }
    // "referred to Karolina Wiśniewska at the drug and alcohol service": a
    // service or team a few lower-case words on.
    if (folded_[j - 1] == "the") {
      for (std::size_t q = j; q < tokens_.size() && q < j + 5 && tokens_[q].IsWord() && !tokens_[q].newline_before &&
                              mention_of_[q] < 0 && K(q).relation == nullptr;
           ++q) {
        if (InSet(folded_[q], {"service", "services", "team", "unit", "project", "hub"})) {
          out->party = Party::kProfessional;
          out->relation = std::string(text_.substr(tokens_[j].start, tokens_[q].end - tokens_[j].start));
          return true;
        }
      }
    }
  }
  // "Name: Mr Hamza Qureshi    Role: Head of Year 8": the role field on the same line.
  if (tokens_[k].IsWord() && InSet(folded_[k], {"role", "position", "designation"}) && k + 1 < tokens_.size() &&
      tokens_[k + 1].IsPunct(text_, ':')) {
    for (std::size_t j = k + 2; j < tokens_.size() && j < k + 8 && !tokens_[j].newline_before; ++j) {
      Mention cue;
      if (tokens_[j].IsWord() && K(j).role != RoleKind::kNone && ApplyCueWord(j, &cue) &&
          cue.party == Party::kProfessional) {
        *out = cue;
        return true;
      }
    }
  }
  // "Ms Niamh Carroll of Carroll & Co", "Adaeze Nwosu of Hartley Bains LLP": a firm's.
  if (tokens_[k].IsWord() && folded_[k] == "of") {
    for (std::size_t j = k + 1; j < tokens_.size() && j <= k + 5 && !tokens_[j].newline_before; ++j) {
      if (tokens_[j].IsPunct(text_, '&')) continue;
      if (!tokens_[j].IsWord() || !tokens_[j].upper_initial) break;
      if (InSet(folded_[j], {"co", "llp", "ltd", "solicitors", "chambers", "partners", "associates"})) {
        out->party = Party::kProfessional;
        out->relation = std::string(text_.substr(tokens_[k + 1].start, tokens_[j].end - tokens_[k + 1].start));
        return true;
      }
    }
  }
  // "Mr Kent from the learning centre", "Ayesha from CAMHS": someone from an organisation.
  // ("Asif collects Aleena from school": not a child fetched from it.)
  auto fetched = [&] {
    const std::size_t before_name = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
    return before_name > 0 && tokens_[before_name - 1].IsWord() &&
           InSet(folded_[before_name - 1], {"collect", "collects", "collected", "collecting", "fetch", "fetches",
                                            "fetched", "pick", "picks", "picked", "bring", "brings", "brought", "take",
                                            "takes", "took", "walk", "walks", "walked", "drive", "drives", "drove",
                                            "excluded"});
  };
  // ("my friend Kian from school": a first name alone from "school" is a pupil;
  // "Mrs Patel from school" is staff.)
  const bool pupil = m.title < 0 && m.first_token == m.last_token && k + 1 < tokens_.size() &&
                     tokens_[k + 1].IsWord() && InSet(folded_[k + 1], {"school", "college", "nursery"});
  if (tokens_[k].IsWord() && folded_[k] == "from" && !fetched() && !pupil) {
    for (std::size_t j = k + 1; j < tokens_.size() && j <= k + 5; ++j) {
      if (!tokens_[j].IsWord() || tokens_[j].newline_before) break;
      if ((K(j).org && tokens_[j].upper_initial) || K(j).institution ||
          InSet(folded_[j], {"project", "programme", "charity", "service"}) ||
          (K(j).role == RoleKind::kProfessional && !K(j).relation && folded_[j] != "member")) {
        out->party = Party::kProfessional;
        out->relation = std::string(text_.substr(tokens_[k + 1].start, tokens_[j].end - tokens_[k + 1].start));
        return true;
      }
      // "from the learning centre": lower-case words on the way to an institution.
      // ("from the Traveller Education Service": a capitalised word of its name goes on.)
      if ((K(j).never_name && !K(j).filler && !tokens_[j].upper_initial) || K(j).relation != nullptr) break;
    }
  }
  // "Helen Kowalski <helen.kowalski@justice.gov.uk>": a public body's email beside the name.
  if (tokens_[k].IsPunct(text_, '<') || tokens_[k].IsPunct(text_, '(')) {
    // ids_ is in order of start: find the one just after the bracket.
    auto from = std::lower_bound(ids_.begin(), ids_.end(), tokens_[k].end,
                                 [](const IdentifierMatch& a, std::uint32_t b) { return a.start < b; });
    for (auto it = from; it != ids_.end() && it->start <= tokens_[k].end + 1; ++it) {
      const IdentifierMatch& id = *it;
      if (id.label != Label::kEmail) continue;
      if (PublicBodyEmail(text_.substr(id.start, id.end - id.start))) {
        out->party = Party::kProfessional;
        out->relation = "work email";
        return true;
      }
    }
  }
  // "Gareth Rich (GR), DSL", "Julie Pang (JP) sexual health nurse": the
  // initials in brackets, then the role.
  // "Agnieszka Nowak (AN, mother)", "Lowri Evans (LE, school nurse)": initials, then the role, in brackets.
  if (k + 4 < tokens_.size() && tokens_[k].IsPunct(text_, '(') && tokens_[k + 1].IsWord() &&
      tokens_[k + 1].all_upper && tokens_[k + 1].end - tokens_[k + 1].start <= 4 && tokens_[k + 2].IsPunct(text_, ',') &&
      !CueWord(k + 1)) {
    for (std::size_t j = k + 3; j < tokens_.size() && j < k + 7 && tokens_[j].IsWord() && !tokens_[j].newline_before;
         ++j) {
      Mention cue;
      if (ApplyCueWord(j, &cue)) {
        *out = cue;
        return true;
      }
    }
  }
  // ("Delroy Campbell (DC)      Father": his initials, not a detective constable's title.)
  if (k + 3 < tokens_.size() && tokens_[k].IsPunct(text_, '(') && tokens_[k + 1].IsWord() &&
      tokens_[k + 1].all_upper && tokens_[k + 1].end - tokens_[k + 1].start <= 4 && tokens_[k + 2].IsPunct(text_, ')') &&
      (!CueWord(k + 1) || InitialsOf(m) == tokens_[k + 1].In(text_))) {
    k += 3;
    if (tokens_[k].IsWord() && !tokens_[k].newline_before) {
      // In an attendance list the next column may give the relation:
      // "Folake Adeyemi (FA)       Mother".
      const bool column = ColumnGap(k);
      for (std::size_t j = k; j < tokens_.size() && j < k + 4 && tokens_[j].IsWord() && !tokens_[j].newline_before;
           ++j) {
        if (mention_of_[j] >= 0) break;
        Mention cue;
        // "Mother's partner": whose, then who.
        if (column && j == k && K(j).relation != nullptr && PossessiveAt(j + 1) && j + 2 < tokens_.size() &&
            tokens_[j + 2].IsWord() && K(j + 2).relation != nullptr && ApplyCueWord(j + 2, &cue)) {
          *out = cue;
          return true;
        }
        if ((K(j).role != RoleKind::kNone || (column && j < k + 2 && K(j).relation != nullptr)) &&
            ApplyCueWord(j, &cue) && GenderFits(cue.gender, m.gender)) {
          *out = cue;
          return true;
        }
      }
      return false;
    }
  }
  // "Mrs S. Ahmed          Health Visitor", "Mr Abdul Mannan        Father": an
  // attendance list's next column says who the person is.
  if (ColumnGap(k) && tokens_[k].IsWord() && !tokens_[k].newline_before) {
    for (std::size_t j = k; j < tokens_.size() && j < k + 3 && tokens_[j].IsWord() && !tokens_[j].newline_before;
         ++j) {
      if (mention_of_[j] >= 0) break;
      Mention cue;
      if ((K(j).role != RoleKind::kNone || (j == k && K(j).relation != nullptr)) && ApplyCueWord(j, &cue) &&
          GenderFits(cue.gender, m.gender)) {
        *out = cue;
        return true;
      }
    }
  }
  // "R Clarke HV / J Finch SN": a role's abbreviation straight after the name.
  if (tokens_[k].IsWord() && tokens_[k].all_upper && !tokens_[k].newline_before && K(k).role != RoleKind::kNone &&
      tokens_[k].end - tokens_[k].start <= 4) {
    Mention cue;
    if (ApplyCueWord(k, &cue)) {
      *out = cue;
      return true;
    }
  }
  // "Delaney (10) and Storm (4)": a child's age in brackets after the name.
  if (k + 2 < tokens_.size() && tokens_[k].IsPunct(text_, '(') && tokens_[k + 1].kind == Token::Kind::kNumber &&
      tokens_[k + 1].end - tokens_[k + 1].start <= 2 && tokens_[k + 2].IsPunct(text_, ')') &&
      !tokens_[k].newline_before) {
    // ("Mrs Yıldız (61)": an adult's age says nothing of who she is.)
    const int age = std::atoi(std::string(text_.substr(tokens_[k + 1].start, tokens_[k + 1].end - tokens_[k + 1].start)).c_str());
    if (age >= 18) return false;
    out->party = Party::kThirdParty;
    out->relation = "child";
    return true;
  }
  // "Summer (YP2)", "Kai (child 3)": another young person numbered in a home's or a family's log.
  if (k + 3 < tokens_.size() && tokens_[k].IsPunct(text_, '(') && tokens_[k + 1].IsWord() &&
      InSet(folded_[k + 1], {"yp", "child", "resident"}) && tokens_[k + 2].kind == Token::Kind::kNumber &&
      tokens_[k + 3].IsPunct(text_, ')')) {
    out->party = Party::kThirdParty;
    out->relation = "other young person";
    return true;
  }
  const bool paren = tokens_[k].IsPunct(text_, '(');
  // ("Mrs Grace Oduya | Headteacher / DSL": a table's next cell.)
  const bool apposition = tokens_[k].IsPunct(text_, ',') || tokens_[k].IsPunct(text_, '-') ||
                          tokens_[k].IsPunct(text_, '|') ||
                          tokens_[k].In(text_) == "\xE2\x80\x94" || tokens_[k].In(text_) == "\xE2\x80\x93";
  if (!paren && !apposition) return false;
  bool plain = true;  // no verb or clause word yet: an institution here is where they work
  for (int steps = 0; steps < (paren ? 5 : 6); ++steps) {
    ++k;
    if (k >= tokens_.size() || tokens_[k].newline_before) return false;
    const Token& t = tokens_[k];
    // "Reception/Y1 teacher": a slash or a year group on the way to the role.
    if (!paren && (t.IsPunct(text_, '/') || t.kind == Token::Kind::kNumber)) continue;
    // "(children's community nurse)": a possessive on the way to the role.
    if (PossessiveAt(k)) continue;
    // "Mr Mark Lamb, JJ's Year 3 teacher": someone's, on the way to the role.
    if (t.IsWord() && mention_of_[k] >= 0) {
      const Mention& owner = mentions_[static_cast<std::size_t>(mention_of_[k])];
      const std::size_t after = owner.last_token + 1;
      if (PossessiveAt(after)) {
        k = after;
        continue;
      }
    }
    if (!t.IsWord() || mention_of_[k] >= 0) return false;
    // "Tina Bird, 23 Leagrave High Street, Luton": where she lives, not where she works.
    if (covered_[k]) return false;
    // "Bianca Căldăraru (Reception)": a child's class, not the front desk.
    if (paren && steps == 0 && InSet(folded_[k], {"reception", "nursery"}) && k + 1 < tokens_.size() &&
        tokens_[k + 1].IsPunct(text_, ')'))
      return false;
    // "Ms Lau (interviewed with a Cantonese interpreter, Mr Jun Zhao)": the
    // role is the one she was seen with.
    if (paren && InSet(folded_[k], {"with", "through", "via", "using", "by", "without"})) return false;
    // "mrs kathleen ward, traveller ed service", "Thuy Nguyen (Kindred Care)".
    // ("Nasra Hussein - CAMHS Crisis Team", "Bethany Hill, Young Carers Project".)
    if (plain && steps > 0 && K(k).relation == nullptr &&
        (K(k).institution ||
         (K(k).org && t.upper_initial && !K(k).street &&
          InSet(folded_[k], {"team", "service", "services", "project", "unit", "hub", "trust", "agency", "charity",
                             "partnership", "foundation", "council"})))) {
      out->party = Party::kProfessional;
      out->relation = std::string(text_.substr(tokens_[m.last_token + 2].start, t.end - tokens_[m.last_token + 2].start));
      return true;
    }
    // "Mr Maloney, has reported it to police": a new clause, not an apposition;
    // "mum, Agnieszka Nowak, through an interpreter": a phrase about how, not who.
    if (!paren && (ActsNext(k - 1) || InSet(folded_[k], {"who", "which", "is", "was", "has", "had", "have", "said",
                                                          "says", "told", "went", "will", "would", "did", "through",
                                                          "with", "by", "via", "for", "after", "before", "when",
                                                          "while", "using", "without", "following", "because"})))
      return false;
    // "a teacher, Mrs Afua Boateng, that her mum's then partner …": a clause about someone else.
    if (folded_[k] == "that") return false;
    if (K(k).filler || K(k).place ||
        InSet(folded_[k], {"lives", "lived", "works", "worked", "and", "but", "not", "no", "goes", "go",
                           "attends"}))
      plain = false;
    // "(police ref TVP/43210/23)": a reference, not the person's role.
    if (k + 1 < tokens_.size() && tokens_[k + 1].IsWord() &&
        InSet(folded_[k + 1], {"ref", "reference", "number", "no", "log", "crime", "incident"}))
      return false;
    // "Bethany Hill, Young Carers Project": a word of an organisation's name.
    if (plain && t.upper_initial && !t.all_upper && OrgAhead(k + 1)) continue;
    if (ApplyCueWord(k, out)) {
      // "Mr Grant, his daughter Marcia Grant": the cue names the next person;
      // "jade, police were called": a new clause, not an apposition.
      if (!paren && k + 1 < tokens_.size() && tokens_[k + 1].IsWord() && !tokens_[k + 1].newline_before &&
          // ("Nasra Hussein - CAMHS Crisis Team": the cue opens a team's name.)
          !(out->party == Party::kProfessional && OrgAhead(k + 1)) &&
          // ("Ruth Adebayo, CAMHS LAC nurse": an acronym after the cue is no one.)
          ((tokens_[k + 1].upper_initial && K(k + 1).role == RoleKind::kNone &&
            (!tokens_[k + 1].all_upper || mention_of_[k + 1] >= 0)) ||
           InSet(folded_[k + 1], {"was", "were", "is", "are", "has", "have", "had", "called", "attended", "said",
                                  "came", "will", "would", "did", "do", "does", "arrived", "left", "took"})))
        return false;
      if (!GenderFits(out->gender, m.gender)) return false;
      // In brackets the whole of it names the role: "(Head Teacher)".
      if (paren && out->party == Party::kProfessional) {
        std::size_t close = k;
        while (close + 1 < tokens_.size() && close < k + 4 && !tokens_[close + 1].IsPunct(text_, ')')) ++close;
        if (close + 1 < tokens_.size() && tokens_[close + 1].IsPunct(text_, ')'))
          out->relation = std::string(text_.substr(tokens_[m.last_token + 2].start,
                                                   tokens_[close].end - tokens_[m.last_token + 2].start));
      }
      return true;
    }
    // An apposition may qualify the role: "Elspeth Grant, guidance teacher".
  }
  return false;
}

// "Regular carers Joy Okonkwo and Marta", "Staff on shift: Marcia Boateng
// (shift lead), Dylan Price, Aga Wolska": a plural role before a list names
// every member of it, as professionals.
bool Document::ListCue(const Mention& m, Mention* out) const {
  std::size_t k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
  int members = 0;
  while (members < 8) {
    // A joiner, then the mention before it (with its bracketed role).
    if (k == 0 || tokens_[k].newline_before) return false;
    --k;
    if (!(tokens_[k].IsPunct(text_, ',') || tokens_[k].IsPunct(text_, '&') || folded_[k] == "and")) {
      ++k;  // back on the first member
      break;
    }
    if (k == 0) return false;
    --k;
    if (tokens_[k].IsPunct(text_, ')')) {
      while (k > 0 && !tokens_[k].IsPunct(text_, '(') && !tokens_[k].newline_before) --k;
      if (k == 0 || !tokens_[k].IsPunct(text_, '(')) return false;
      --k;
    }
    if (mention_of_[k] < 0) return false;
    const Mention& before = mentions_[static_cast<std::size_t>(mention_of_[k])];
    k = before.title >= 0 ? static_cast<std::size_t>(before.title) : before.first_token;
    ++members;
  }
  if (members == 0) return false;
  // k is the first member's first token: the plural cue stands within three words before it.
  for (int steps = 0; steps < 4 && k > 0; ++steps) {
    if (tokens_[k].newline_before) return false;
    --k;
    if (!tokens_[k].IsWord()) {
      if (tokens_[k].IsPunct(text_, ':') || tokens_[k].IsPunct(text_, '(')) continue;  // "Paramedics (Jason and Kerry)"
      return false;
    }
    const std::string_view w = folded_[k];
    const bool plural_role = w.size() > 3 && w.back() == 's' && K(k).role == RoleKind::kProfessional;
    Mention cue;
    const bool label = StaffLabelAt(k) || (w == "panel" && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, ':'));
    const bool on_shift = label || (w == "shift" && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, ':'));
    if (w == "staff" || on_shift || plural_role) {
      out->party = Party::kProfessional;
      out->relation = label ? (w == "panel" ? "panel member" : "staff on shift") : std::string(tokens_[k].In(text_));
      return true;
    }
    // "carers Bogdan and Rahima Begum": what the carers are (paid, or to be decided) goes for all of them.
    if (w == "carers" && ApplyCueWord(k, &cue) && cue.party != Party::kThirdParty) {
      *out = cue;
      return true;
    }
  }
  return false;
}

void Document::ResolveExplicit(Mention& m) {
  // "Beth" for Bethany: a short form the full name begins with.
  auto short_form = [](std::string_view f, std::string_view full) {
    return f.size() >= 3 && full.size() > f.size() && full.compare(0, f.size(), f) == 0;
  };
  auto is_subject_first = [&](std::string_view f) {
    if (f.empty()) return false;
    if (f == subj_first_ || (m.last.empty() && short_form(f, subj_first_))) return true;
    return std::find(subj_aliases_.begin(), subj_aliases_.end(), f) != subj_aliases_.end();
  };
  // "Lan Nguyen (Nguyen Thi Lan)", "Mai Nguyen (Nguyen Thi Mai on my
  // passport)": the requester's name in another order, in brackets after it.
  std::size_t open = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
  // "(aka Grace Boateng)", "(née Carter)", "(formerly Lucy Mahmood)": said outright to be the same person.
  bool said_same = false;
  if (open >= 2 && tokens_[open - 1].IsWord() && InSet(folded_[open - 1], {"aka", "nee", "formerly"})) {
    --open;
    said_same = true;
  }
  // "(birth name Ellie-Rose Wood)".
  if (open >= 3 && tokens_[open - 1].IsWord() && folded_[open - 1] == "name" && tokens_[open - 2].IsWord() &&
      InSet(folded_[open - 2], {"birth", "maiden", "previous", "former"})) {
    open -= 2;
    said_same = true;
  }
  if (open >= 2 && tokens_[open - 1].IsPunct(text_, '(') && mention_of_[open - 2] >= 0 && !m.last.empty()) {
    const Mention& before = mentions_[static_cast<std::size_t>(mention_of_[open - 2])];
    const bool shares = said_same ||
                        std::find(context_words_.begin(), context_words_.end(), m.first) != context_words_.end() ||
                        std::find(context_words_.begin(), context_words_.end(), m.last) != context_words_.end();
    if (before.resolved && before.party == Party::kSubject && shares) {
      m.resolved = true;
      m.party = Party::kSubject;
      m.reason = "the requester's own name";
      return;
    }
  }
  // "Abdirahman Farah ("Abdi")": a nickname in brackets is the person just named.
  // "Patrick Ward (Paddy)": without quotes too.
  const bool quoted_in_brackets = m.first_token >= 3 && QuoteAt(m.first_token - 1) &&
                                  tokens_[m.first_token - 2].IsPunct(text_, '(');
  const bool in_brackets = m.first_token >= 2 && tokens_[m.first_token - 1].IsPunct(text_, '(') &&
                           m.first_token + 1 < tokens_.size() && tokens_[m.first_token + 1].IsPunct(text_, ')');
  if (m.first_token == m.last_token && m.title < 0 && (quoted_in_brackets || in_brackets)) {
    const std::size_t named = m.first_token - (quoted_in_brackets ? 3 : 2);
    if (mention_of_[named] >= 0) {
      const Mention& before = mentions_[static_cast<std::size_t>(mention_of_[named])];
      if (before.resolved) {
        m.resolved = true;
        m.party = before.party;
        m.relation = before.relation;
        m.gender = before.gender;
        m.reason = before.reason;
        return;
      }
    }
  }
  // "Little Paddy", "Big John": a family nickname. The younger one named
  // after the requester is the requester; the older one is a relative.
  if (NicknameAdjective(m.first) && !m.last.empty() && m.last_word == m.first_word + 1) {
    const std::string phrase = m.first + " " + m.last;
    const bool alias = std::find(subj_alias_phrases_.begin(), subj_alias_phrases_.end(), phrase) !=
                       subj_alias_phrases_.end();
    bool named_after = is_subject_first(m.last);
    for (const auto& a : subj_alias_phrases_)
      named_after = named_after || (a.size() > m.last.size() && a.ends_with(" " + m.last));
    if (alias || (named_after && YoungerAdjective(m.first))) {
      m.resolved = true;
      m.party = Party::kSubject;
      m.reason = "the requester's own name";
      return;
    }
    if (named_after) {
      m.resolved = true;
      m.party = Party::kThirdParty;
      m.relation = "relative";
      m.reason = "a relative known by a family nickname (third party)";
      return;
    }
  }
  // "LACATUS Florin": the requester's names the other way round.
  if (!m.first.empty() && !m.last.empty() && m.first == subj_last_ && is_subject_first(m.last)) {
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's own name";
    return;
  }
  // The subject by first name (with the subject's surname or none).
  if (is_subject_first(m.first) && (m.last.empty() || m.last == subj_last_)) {
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's own name";
    return;
  }
  // "(also known as Amina Farah)", "(on the school roll as Yusuf Hassan)",
  // "Home Office record shows Karwan Ahmed": the requester's first name under
  // another surname, where the text says it is another name for them.
  if (!m.first.empty() && !m.last.empty() && is_subject_first(m.first) && OtherNameCueBefore(m)) {
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's other name";
    return;
  }
  // Council staff from the directory.
  for (std::size_t si = 0; si < ctx_.staff.size(); ++si) {
    const auto& s = ctx_.staff[si];
    const auto& sw = staff_words_[si];
    if (sw.empty()) continue;
    const std::string_view sf = sw.front();
    const std::string_view sl = sw.size() > 1 ? sw.back() : std::string_view();
    // ("mum's partner, Steve Hope … Steve has a previous": not Steven Holloway, the manager.)
    auto someone_else = [&] {
      const std::vector<std::size_t>* same = entities_by_first_.Find(m.first);
      if (same == nullptr) return false;
      return std::any_of(same->begin(), same->end(), [&](std::size_t e) {
        const Entity& other = entities_[e];
        return other.party == Party::kThirdParty && !other.last.empty() && other.last != sl &&
               other.last.size() >= 3 && lex_.LookupFolded(other.last).name;
      });
    };
    bool match = (!m.first.empty() && m.first == sf && (m.last.empty() || m.last == sl) &&
                  !(m.last.empty() && someone_else())) ||
                 (!m.first.empty() && m.last.empty() && m.title < 0 && short_form(m.first, sf) && !someone_else()) ||
                 (m.first.empty() && !m.last.empty() && m.last == sl && (m.last != subj_last_ || m.title >= 0));
    if (match) {
      m.resolved = true;
      m.party = Party::kProfessional;
      m.relation = s.role;
      m.reason = "council staff acting in role (" + s.role + ")";
      return;
    }
  }
  // Titles that are roles: Dr, PC.
  if (m.title >= 0) {
    TitleInfo ti;
    if (K(static_cast<std::size_t>(m.title)).Title(&ti) && ti.role != RoleKind::kNone) {
      m.resolved = true;
      m.party = ti.role == RoleKind::kPolice ? Party::kAmbiguous : Party::kProfessional;
      m.relation = ti.role == RoleKind::kPolice ? "police officer" : std::string(tokens_[static_cast<std::size_t>(m.title)].In(text_));
      m.reason = ti.role == RoleKind::kPolice ? "police officer: decide whether acting in role"
                                              : "professional acting in role (" + m.relation + ")";
      return;
    }
  }
  Mention cue;
  // A "(GP)" after the name beats a word before it; a role before it ("PC")
  // is police. An allegation before or after beats a role ("Person subject to
  // allegation: Mark Kelleher, PE teacher"; "Mr Kelleher is alleged to have").
  // "mum, Agnieszka Nowak": a family word just before the name beats anything after it.
  Mention before;
  const bool cued_before = CueBefore(m, &before);
  const bool found = [&] {
    const bool accused = cued_before && before.relation == "accused";
    // ("Caller: Tracey, reception, Radford Health Centre": a caller or referrer
    // is no family word; the role after says who they are.)
    const bool family_first = cued_before && before.party == Party::kThirdParty && RelationJustBefore(m) &&
                              before.relation != "caller" && before.relation != "referrer";
    if (accused) {
      cue = before;
      return true;
    }
    if (AllegedAfter(m, &cue)) return true;
    if (family_first) {
      cue = before;
      return true;
    }
    if (CueAfter(m, &cue)) return true;
    if (cued_before) {
      cue = before;
      return true;
    }
    return ListCue(m, &cue);
  }();
  if (found) {
    m.resolved = true;
    m.party = cue.party;
    m.relation = cue.relation;
    if (m.gender == Gender::kUnknown) m.gender = cue.gender;
    if (cue.party == Party::kThirdParty) m.reason = "the " + cue.relation + "'s name (third party)";
    else if (cue.party == Party::kProfessional) m.reason = "professional acting in role (" + cue.relation + ")";
    else if (cue.party == Party::kSubject) m.reason = cue.relation;
    else m.reason = cue.relation + ": decide whether acting in role";
  }
}

bool GenderFits(Gender a, Gender b) { return a == Gender::kUnknown || b == Gender::kUnknown || a == b; }

// "Tom Rich said …" after "the school SENCo Mr Rich": a full name with no
// cue of its own whose surname only a titled professional has had so far.
bool Document::SameAsTitledProfessional(Mention& m) const {
  if (m.last.empty() || m.last == subj_last_) return false;
  const std::vector<std::size_t>* found = entities_by_last_.Find(m.last);
  if (found == nullptr) return false;
  const Entity* match = nullptr;
  for (std::size_t e : *found) {
    const Entity& en = entities_[e];
    if (en.party != Party::kProfessional) return false;
    if (en.first.empty() || en.first == m.first) match = &en;
  }
  if (match == nullptr) return false;
  m.resolved = true;
  m.party = Party::kProfessional;
  m.relation = match->relation;
  m.reason = "professional acting in role (" + match->relation + ")";
  return true;
}

void Document::ResolveFromEntities(Mention& m) {
  auto adopt = [&](const Entity& e) {
    m.resolved = true;
    m.party = e.party;
    m.relation = e.relation;
    if (e.party == Party::kSubject) m.reason = "the requester's own name";
    else if (e.party == Party::kThirdParty)
      m.reason = e.relation.empty() ? "a third party named earlier" : "the " + e.relation + "'s name (third party)";
    else if (e.party == Party::kProfessional) m.reason = "professional acting in role (" + e.relation + ")";
    else m.reason = e.relation + ": decide whether acting in role";
  };
  // The entities with this first name or surname, most recent first.
  auto with = [&](const WordMap<std::vector<std::size_t>>& index, const std::string& key) {
    static const std::vector<std::size_t> kNone;
    const std::vector<std::size_t>* found = index.Find(key);
    return found == nullptr ? std::cref(kNone) : std::cref(*found);
  };
  // By first name: "Ellie" after "Ellie Banks (sister)".
  if (!m.first.empty()) {
    const std::vector<std::size_t>& found = with(entities_by_first_, m.first);
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
      const Entity& e = entities_[*it];
      if (m.last.empty() || e.last.empty() || e.last == m.last) {
        adopt(e);
        return;
      }
    }
  }
  // "N. Carter": someone whose first name starts with N.
  const bool has_initial = NameChar(tokens_[m.first_token], text_);
  const char initial = has_initial ? static_cast<char>(text_[tokens_[m.first_token].start] + 32) : 0;
  if (has_initial) {
    const std::vector<std::size_t>& found = with(entities_by_last_, m.last);
    for (auto it = found.rbegin(); it != found.rend(); ++it)
      if (!entities_[*it].first.empty() && entities_[*it].first[0] == initial) {
        adopt(entities_[*it]);
        return;
      }
    if (m.last == subj_last_ && !subj_first_.empty() && subj_first_[0] != initial) {
      m.resolved = true;
      m.party = Party::kThirdParty;
      m.relation = "relative";
      m.reason = "shares the subject's surname but not the initial (third party)";
      return;
    }
  }
  // By surname: "Ms Carter" is the family member called Carter who is not the subject.
  const std::string& surname = m.last.empty() ? m.first : m.last;
  // An adult requester is "Mr Grant" in their own file when the title fits
  // the person the record is about ("he", "his" throughout).
  // "the Stoica family", "Subject: Stoica family": the requester's family name.
  if (!surname.empty() && surname == subj_last_ && m.title < 0 && (m.first.empty() || m.last.empty()) &&
      m.last_token + 1 < tokens_.size() && tokens_[m.last_token + 1].IsWord() &&
      InSet(folded_[m.last_token + 1], {"family", "household", "families", "case"})) {
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's family name";
    return;
  }
  // (Not a young adult's: "Mrs Zielińska" in a 17-year-old's file is the
  // mother named before, "Mother Ewa Zielińska".)
  const bool young_adult = subj_dob_.year != 0 && subj_dob_.year > ctx_.current_year - 25;
  auto parent_named = [&] {
    const std::vector<std::size_t>& found = with(entities_by_last_, surname);
    return std::any_of(found.begin(), found.end(), [&](std::size_t e) {
      return entities_[e].party == Party::kThirdParty && entities_[e].gender == m.gender;
    });
  };
  // ("Mrs Chaudhry senior" is the requester's mother-in-law.)
  const bool generation = m.last_token + 1 < tokens_.size() && tokens_[m.last_token + 1].IsWord() &&
                          InSet(folded_[m.last_token + 1], {"senior", "snr", "sr", "junior", "jnr", "jr"});
  // The surname of another name the requester goes by: "Mr Hassan" when the
  // case gives that very name; "Mr Nguyen" for "Michael Nguyen" as for the
  // requester's own surname, unless a relative of that sex bears it ("Mr
  // Byrne", the husband whose name a married woman took).
  auto in = [&](const std::vector<std::string_view>& v) {
    return !surname.empty() && surname != subj_last_ && std::find(v.begin(), v.end(), surname) != v.end();
  };
  const bool titled_alias = in(subj_titled_alias_lasts_) && GenderFits(m.gender, SubjectGender());
  const bool alias_surname = in(subj_alias_lasts_) && !parent_named();
  if (!surname.empty() && m.title >= 0 && m.first.empty() && !SubjectIsChild() && subj_dob_.year != 0 &&
      !generation &&
      (titled_alias ||
       ((surname == subj_last_ || alias_surname) && m.gender != Gender::kUnknown && m.gender == SubjectGender() &&
        !(young_adult && folded_[static_cast<std::size_t>(m.title)] != "miss" && parent_named())))) {
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's own name";
    return;
  }
  // "Rich up late again", "Rich and Wood had a scrap": the requester's
  // surname alone, untitled, is the requester (a children's home names its
  // children so); relatives come with a title or a first name.
  if (!surname.empty() && surname == subj_last_ && m.title < 0 && m.first_token == m.last_token &&
      !tokens_[m.first_token].all_upper && !has_initial &&
      !(m.first_token > 0 && tokens_[m.first_token - 1].IsWord() &&
        InSet(folded_[m.first_token - 1], {"nee", "born", "formerly"}))) {  // "(née Lamb)"
    m.resolved = true;
    m.party = Party::kSubject;
    m.reason = "the requester's own name";
    return;
  }
  if (!surname.empty() && (m.first.empty() || m.last.empty())) {
    const std::vector<std::size_t>& found = with(entities_by_last_, surname);
    // The most recent of that surname and the same sex ("Ms Grant" is Lucy
    // Grant, the mother, not DC Grant); then anyone whose sex does not clash.
    for (int pass = 0; pass < 2; ++pass) {
      // ("Mr Fraser" in a man's own file is no relative of unknown sex,
      // "Isobel Fraser": only one known to be a man could be meant.)
      if (pass == 1 && surname == subj_last_ && m.title >= 0 && m.gender != Gender::kUnknown && !SubjectIsChild())
        break;
      for (auto it = found.rbegin(); it != found.rend(); ++it) {
        const Entity& e = entities_[*it];
        // The requester's surname is the family's: "Mrs Popescu" is not the
        // officer who happens to share it.
        if (surname == subj_last_ && e.party != Party::kThirdParty) continue;
        // "Mr Fraser" is no child of the family ("Ruairí Fraser (8)").
        if (m.title >= 0 && (e.relation == "child" || e.relation == "baby" || e.relation == "other young person"))
          continue;
        const bool fits = pass == 0 ? m.gender != Gender::kUnknown && e.gender == m.gender
                                    : GenderFits(e.gender, m.gender);
        if (e.party != Party::kSubject && fits) {
          adopt(e);
          return;
        }
      }
    }
    if (surname == subj_last_) {
      if (has_initial) {
        m.resolved = true;
        m.review = true;
        m.party = Party::kSubject;
        m.reason = "the requester's initial and surname, or a relative's: check";
        return;
      }
      if (m.title >= 0 && SubjectIsChild()) {
        m.resolved = true;
        m.party = Party::kThirdParty;
        m.relation = "parent";
        m.reason = "shares the child's surname: probably a parent (third party)";
      } else if (m.title >= 0 && m.gender != Gender::kUnknown && SubjectGender() != Gender::kUnknown &&
                 m.gender != SubjectGender()) {
        // "Mrs MacLeod says Ewan has …": the requester is a man.
        m.resolved = true;
        m.party = Party::kThirdParty;
        m.relation = "relative";
        m.reason = "shares the requester's surname but not their sex: a relative (third party)";
      } else if (generation) {
        // "Mrs Chaudhry senior", "Mr Doherty junior": another generation.
        m.resolved = true;
        m.party = Party::kThirdParty;
        m.relation = "relative";
        m.reason = "the requester's surname, of another generation: a relative (third party)";
      } else {
        m.resolved = true;
        m.party = Party::kSubject;
        m.reason = "the requester's own name";
      }
      return;
    }
  }
  // "Miss Chen said he had a good morning" under "School –": children call
  // their teachers Miss. A Miss with no first name and no family cue, or a
  // Mr, Mrs or Ms whose surname no one else in the record has, on a line
  // about school, is the teacher.
  if (m.title >= 0 && m.first.empty() && SchoolLine(m) &&
      (folded_[static_cast<std::size_t>(m.title)] == "miss" ||
       (InSet(folded_[static_cast<std::size_t>(m.title)], {"mr", "mrs", "ms"}) && surname != subj_last_ &&
        entities_by_last_.Find(surname) == nullptr && entities_by_first_.Find(surname) == nullptr))) {
    m.resolved = true;
    m.party = Party::kProfessional;
    m.relation = "school staff";
    m.reason = "professional acting in role (school staff, by context)";
    return;
  }
  m.resolved = true;
  m.party = Party::kThirdParty;
  m.reason = kUnaccounted;
}

bool Document::SchoolLine(const Mention& m) const {
  // The mention's own line, up to 600 bytes either side.
  std::size_t from = text_.rfind('\n', m.start);
  from = from == std::string_view::npos ? 0 : from;
  if (m.start - from > 600) from = m.start - 600;
  std::size_t to = text_.find('\n', m.end);
  to = to == std::string_view::npos ? text_.size() : to;
  if (to - m.end > 600) to = m.end + 600;
  for (std::size_t k = TokenAt(static_cast<std::uint32_t>(from)); k < tokens_.size() && tokens_[k].start < to; ++k)
    if (tokens_[k].IsWord() && InSet(folded_[k], {"school", "class", "classroom", "teacher", "lesson", "lessons",
                                                  "playground", "gate", "pupil", "pupils", "assembly", "register",
                                                  "reception", "nursery", "homework", "academy", "primary",
                                                  "attendance", "timetable", "exclusion", "detention"}))
      return true;
  return false;
}

// "KM said", "TJ and BH argued": capitals standing for someone the record
// names in full (the requester, a member of staff, anyone resolved), taken as
// that person when only one person has those initials.
void Document::AddInitials() {
  struct Owner {
    Party party;
    std::string reason;
    bool clash = false;
  };
  // Most documents have no two capitals standing alone: look before building anything.
  // Two capitals the gazetteer took for a name ("KA": a name somewhere) and
  // nothing explained are initials too.
  auto open = [&](std::size_t i) {
    if (mention_of_[i] < 0) return true;
    const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[i])];
    return m.first_token == i && m.last_token == i && m.title < 0 && m.reason == kUnaccounted;
  };
  bool any = false;
  for (std::size_t i = 0; i < tokens_.size() && !any; ++i)
    any = tokens_[i].IsWord() && tokens_[i].all_upper && tokens_[i].end - tokens_[i].start == 2 && !covered_[i] &&
          open(i) && !CueWord(i);
  if (!any) return;
  std::unordered_map<std::string, Owner> by_initials;
  auto note = [&](std::string_view first, std::string_view last, Party party, std::string reason) {
    if (first.empty() || last.empty()) return;
    std::string key{first[0], last[0]};
    auto [it, added] = by_initials.try_emplace(key, Owner{party, std::move(reason)});
    if (!added && it->second.party != party) it->second.clash = true;
  };
  note(subj_first_, subj_last_, Party::kSubject, "the requester's initials");
  for (const auto& a : subj_aliases_)
    if (a != subj_first_) note(a, subj_last_, Party::kSubject, "the requester's initials");  // "KC" for Kenny Chan
  for (const auto& sw : staff_words_)
    if (sw.size() >= 2) note(sw.front(), sw.back(), Party::kProfessional, "a member of staff's initials");
  for (const auto& e : entities_) note(e.first, e.last, e.party, InitialsReason(e.party));
  if (by_initials.empty()) return;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || !t.all_upper || t.end - t.start != 2 || covered_[i] || !open(i)) continue;
    if (CueWord(i) || K(i).title != nullptr || K(i).street || K(i).org || NotANameShape(i)) continue;
    if (Lex(i).CommonWord(35)) continue;  // "ID", "OK", "TV": words and abbreviations
    std::string key(folded_[i]);
    auto it = by_initials.find(key);
    if (it == by_initials.end() || it->second.clash) continue;
    SetInitials(i, it->second.party, it->second.reason);
  }
}

// "Agnieszka Nowak (AN, mother)", "mum (MR)": initials given in brackets
// after a name or a family word stand for that person wherever they recur,
// even when they spell a word, a title or a role ("AN", "MR", "TA").
void Document::AddDeclaredInitials() {
  struct Declared {
    std::string_view key;
    Party party;
    std::string reason;
  };
  std::vector<Declared> declared;
  for (std::size_t k = 1; k + 2 < tokens_.size(); ++k) {
    if (!tokens_[k].IsPunct(text_, '(')) continue;
    const Token& in = tokens_[k + 1];
    if (!in.IsWord() || !in.all_upper || in.end - in.start < 2 || in.end - in.start > 3) continue;
    if (!tokens_[k + 2].IsPunct(text_, ')') && !tokens_[k + 2].IsPunct(text_, ',')) continue;
    const std::string_view key = folded_[k + 1];
    if (mention_of_[k - 1] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k - 1])];
      if (m.first.empty() || m.last.empty() || m.last_token != k - 1 || m.first[0] != key[0] ||
          m.last[0] != key.back())
        continue;
      declared.push_back({key, m.party, InitialsReason(m.party)});
    } else if (tokens_[k - 1].IsWord() && K(k - 1).relation != nullptr && K(k + 1).role == RoleKind::kNone) {
      declared.push_back({key, Party::kThirdParty, "initials of the " + std::string(K(k - 1).relation->name) +
                                                       " (third party)"});
    }
  }
  if (declared.empty()) return;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || !t.all_upper || t.end - t.start < 2 || t.end - t.start > 3 || covered_[i]) continue;
    if (mention_of_[i] >= 0 && mentions_[static_cast<std::size_t>(mention_of_[i])].first_token != i) continue;
    const Declared* found = nullptr;
    bool clash = false;
    for (const Declared& d : declared) {
      if (d.key != folded_[i]) continue;
      if (found != nullptr && found->party != d.party) clash = true;
      found = &d;
    }
    if (found != nullptr && !clash) SetInitials(i, found->party, found->reason);
  }
}

// "LM – IRO (chair)", "AP – key worker, Riverside", "BW – Virtual School",
// "CO (mother)": an attendance list that gives each person's initials and
// role. The initials stand for that person wherever they are used, and so
// does a full name with those initials that nothing else explained
// ("Andrea Pacheco (AP) said …").
void Document::AddListedInitials() {
  struct Listed {
    std::string key;
    Party party;
    std::string reason;
    bool clash = false;
  };
  std::vector<Listed> listed;
  auto initials = [&](std::size_t i) {
    const Token& t = tokens_[i];
    return t.IsWord() && t.all_upper && t.end - t.start >= 2 && t.end - t.start <= 3 && !covered_[i];
  };
  auto dash = [&](std::size_t i) {
    const std::string_view d = tokens_[i].In(text_);
    return d == "-" || d == "\xE2\x80\x93" || d == "\xE2\x80\x94";
  };
  // Most records have no initials at all: look before anything else.
  std::vector<std::size_t> candidates;
  // ("DSL", "GP", "DC": roles and titles are no one's initials.)
  for (std::size_t i = 0; i < tokens_.size(); ++i)
    if (initials(i) && K(i).role == RoleKind::kNone && K(i).title == nullptr) candidates.push_back(i);
  if (candidates.empty()) return;
  auto add = [&](std::string key, Party party, std::string reason) {
    for (Listed& l : listed)
      if (l.key == key) {
        if (l.party != party) l.clash = true;
        return;
      }
    listed.push_back({std::move(key), party, std::move(reason)});
  };
  // "Staff: RW (Rob Wakefield), TC", "On call: BEP / consult TR": initials
  // on a line that lists the staff on duty.
  // ("Oak lounge. Staff: RW (Rob Wakefield), TC": the label may stand mid-line.)
  auto staff_line = [&](std::size_t i) {
    for (std::size_t b = i; b > 0 && i - b < 16; --b) {
      if (b < i && tokens_[b + 1].newline_before) return false;
      const std::size_t w = b - 1;
      if (!tokens_[w].IsWord() || w + 1 >= i || !tokens_[w + 1].IsPunct(text_, ':')) continue;
      if (InSet(folded_[w], {"staff", "staffing"})) return true;
      if (InSet(folded_[w], {"duty", "call", "shift"}) && w > 0 && folded_[w - 1] == "on") return true;
    }
    return false;
  };
  for (std::size_t i : candidates)
    if (i + 1 < tokens_.size() && !tokens_[i].line_start && K(i).role == RoleKind::kNone &&
        K(i).title == nullptr && !K(i).never_name && !K(i).abbreviation && (staff_line(i) || ShiftCrew(i)))
      add(std::string(tokens_[i].In(text_)), Party::kProfessional, InitialsReason(Party::kProfessional));
  for (std::size_t i : candidates) {
    if (i + 2 >= tokens_.size()) break;
    if (!(tokens_[i].line_start || (i > 0 && (tokens_[i - 1].IsPunct(text_, ',') ||
                                                                tokens_[i - 1].IsPunct(text_, ':') ||
                                                                tokens_[i - 1].IsPunct(text_, ';')))))
      continue;
    if (K(i).role != RoleKind::kNone || K(i).title != nullptr) continue;  // "IRO – chair", "DC …"
    const std::string key(tokens_[i].In(text_));
    // "CO (mother)": a relation in brackets.
    if (tokens_[i + 1].IsPunct(text_, '(') && i + 3 < tokens_.size() && tokens_[i + 2].IsWord() &&
        K(i + 2).relation != nullptr && tokens_[i + 3].IsPunct(text_, ')')) {
      add(key, Party::kThirdParty, "initials of the " + std::string(K(i + 2).relation->name) + " (third party)");
      continue;
    }
    // ("NFA - victim withdrew": no one's initials.)
    if (!dash(i + 1) || tokens_[i + 2].newline_before || K(i).never_name || K(i).abbreviation) continue;
    for (std::size_t j = i + 2; j < tokens_.size() && j < i + 6 && tokens_[j].IsWord() && !tokens_[j].newline_before;
         ++j) {
      if (mention_of_[j] >= 0) break;
      if (K(j).relation != nullptr) {
        if (j == i + 2) add(key, Party::kThirdParty, "initials of the " + std::string(K(j).relation->name) + " (third party)");
        break;
      }
      Mention cue;
      if ((K(j).role != RoleKind::kNone && ApplyCueWord(j, &cue)) ||
          (tokens_[j].upper_initial && (K(j).institution || K(j).org))) {
        const Party party = K(j).role == RoleKind::kNone ? Party::kProfessional : cue.party;
        add(key, party, InitialsReason(party));
        break;
      }
    }
  }
  if (listed.empty()) return;
  auto find = [&](std::string_view key) -> const Listed* {
    for (const Listed& l : listed)
      if (l.key == key && !l.clash) return &l;
    return nullptr;
  };
  for (Mention& m : mentions_) {
    if (m.reason != kUnaccounted || m.first.empty() || m.last.empty() || m.title >= 0) continue;
    const Listed* l = find(InitialsOf(m));
    if (l == nullptr) continue;
    m.party = l->party;
    m.reason = l->party == Party::kThirdParty ? l->reason
                                               : std::string("professional acting in role (listed with their initials)");
    for (Entity& e : entities_)
      if (e.first == m.first && e.last == m.last) e.party = m.party;
  }
  for (std::size_t i : candidates) {
    if (mention_of_[i] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[i])];
      if (m.first_token != i || m.last_token != i || m.title >= 0 || m.reason != kUnaccounted) continue;
    } else if (K(i).role != RoleKind::kNone || K(i).title != nullptr || NotANameShape(i)) {
      continue;
    }
    const Listed* l = find(tokens_[i].In(text_));
    if (l != nullptr) SetInitials(i, l->party, l->reason);
  }
}

// Token i stands for someone of `party`: the mention it already is takes
// that party, or a new one-token mention is made.
void Document::SetInitials(std::size_t i, Party party, const std::string& reason) {
  if (mention_of_[i] >= 0) {
    Mention& taken = mentions_[static_cast<std::size_t>(mention_of_[i])];
    taken.party = party;
    taken.reason = reason;
    taken.review = false;
    return;
  }
  Mention m;
  m.start = tokens_[i].start;
  m.end = tokens_[i].end;
  m.first_token = m.last_token = i;
  m.resolved = true;
  m.party = party;
  m.reason = reason;
  mention_of_[i] = static_cast<int>(mentions_.size());
  mentions_.push_back(std::move(m));
}

// "Staff key: LMc = Lorna McAllister (DSL); SR = Sam Rose (TA)": initials
// defined in the record stand for that person wherever they are used.
void Document::AddInitialsKey() {
  struct Key {
    std::string_view text;
    Party party;
    std::string reason;
  };
  if (text_.find('=') == std::string_view::npos) return;  // no key in this record
  std::vector<Key> keys;
  auto initials_shape = [&](std::size_t i) {
    const Token& t = tokens_[i];
    if (!t.IsWord() || !t.upper_initial || t.end - t.start < 2 || t.end - t.start > 4) return false;
    int upper = 0;
    for (char c : t.In(text_)) upper += c >= 'A' && c <= 'Z';
    return upper >= 2;
  };
  for (std::size_t i = 0; i + 2 < tokens_.size(); ++i) {
    if (!tokens_[i + 1].IsPunct(text_, '=') || mention_of_[i + 2] < 0 || !initials_shape(i)) continue;
    const Mention& who = mentions_[static_cast<std::size_t>(mention_of_[i + 2])];
    keys.push_back({tokens_[i].In(text_), who.party, InitialsReason(who.party)});
  }
  if (keys.empty()) return;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!initials_shape(i) || covered_[i]) continue;
    const std::string_view text = tokens_[i].In(text_);
    const auto key = std::find_if(keys.begin(), keys.end(), [&](const Key& k) { return k.text == text; });
    if (key == keys.end()) continue;
    if (mention_of_[i] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[i])];
      if (m.first_token != i || m.last_token != i || m.title >= 0) continue;
    }
    SetInitials(i, key->party, key->reason);
  }
}

void Document::Register(const Mention& m) {
  if (!m.first.empty() && m.first_word >= 0)
    entities_by_first_.Upsert(folded_[static_cast<std::size_t>(m.first_word)]).push_back(entities_.size());
  if (!m.last.empty() && m.last_word >= 0)
    entities_by_last_.Upsert(folded_[static_cast<std::size_t>(m.last_word)]).push_back(entities_.size());
  entities_.push_back(Entity{m.first, m.last, m.party, m.relation, m.gender});
}

// "her" or "his" just before token k (within five words): whose the thing is.
Gender Document::PossessiveBefore(std::size_t k) const {
  for (std::size_t b = k; b > 0 && b + 6 > k; --b) {
    if (!tokens_[b - 1].IsWord()) continue;
    if (folded_[b - 1] == "her") return Gender::kFemale;
    if (folded_[b - 1] == "his") return Gender::kMale;
  }
  return Gender::kUnknown;
}

Gender Document::GenderOf(const Mention& m) const {
  if (m.gender != Gender::kUnknown) return m.gender;
  return m.party == Party::kSubject ? SubjectGender() : Gender::kUnknown;
}

bool Document::Owner(std::uint32_t at, Party* party, std::string* who) const {
  std::size_t k = TokenAt(at);
  // "paid to her Nationwide account": not the man named before it.
  const Gender possessive = PossessiveBefore(k);
  for (int steps = 0; steps < 25 && k > 0; ++steps) {
    if (tokens_[k].newline_before && steps > 0) return false;
    --k;
    const Token& t = tokens_[k];
    if (SentenceEndPunct(text_, t) && !(k > 0 && NameChar(tokens_[k - 1], text_)) && !Abbreviation(k)) return false;
    if (mention_of_[k] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k])];
      // "if Summer's number can go on his contacts list (07700 …)": the
      // person whose number it says it is, whoever "his" is.
      const std::size_t after = m.last_token + 1;
      const bool says_whose = PossessiveAt(after) && after + 1 < tokens_.size() && tokens_[after + 1].IsWord() &&
                              InSet(folded_[after + 1], {"number", "mobile", "phone", "email", "landline", "tel"});
      if (!says_whose && !GenderFits(possessive, GenderOf(m))) {
        k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
        continue;
      }
      *party = m.party;
      *who = WhoOf(m);
      return true;
    }
    // "Child NHS no:", "YP mobile:": a field label naming the requester.
    if (t.IsWord() && t.line_start && InSet(folded_[k], {"child", "yp", "client", "patient", "requester"}) &&
        (folded_[k] != "child" || SubjectIsChild())) {
      *party = Party::kSubject;
      *who = "the requester";
      return true;
    }
    if (t.IsWord()) {
      const RelationInfo* rel = K(k).relation;
      // "REFERRER TEL:" names a role in the form, not whose number it is.
      // "Eleanor Fairweather / Partner / e.fairweather@…": the title under a
      // professional's signature, not anyone's partner.
      if (rel != nullptr && t.line_start && k + 1 < tokens_.size() && tokens_[k + 1].newline_before && k > 0 &&
          mention_of_[k - 1] >= 0 &&
          mentions_[static_cast<std::size_t>(mention_of_[k - 1])].party == Party::kProfessional) {
        const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k - 1])];
        *party = m.party;
        *who = WhoOf(m);
        return true;
      }
      if (rel != nullptr && rel->name != std::string_view("referrer") && rel->name != std::string_view("caller")) {
        *party = Party::kThirdParty;
        *who = "the " + std::string(rel->name);
        return true;
      }
    }
  }
  return false;
}

// Nobody named in the identifier's own sentence: the person the paragraph
// was last about, when that is the requester or a professional ("His mobile
// is …" after a sentence about the requester; a signature's phone number).
// A third party or nobody found leaves it a third party's.
bool Document::CallLogOwner(std::uint32_t end, Party* party, std::string* who) const {
  std::size_t k = TokenAt(end);
  while (k < tokens_.size() && tokens_[k].start < end) ++k;
  auto same_line = [&](std::size_t j) { return j < tokens_.size() && !tokens_[j].newline_before; };
  auto skip_brackets = [&](std::size_t j) {
    if (!same_line(j) || !tokens_[j].IsPunct(text_, '(')) return j;
    for (std::size_t q = j + 1; q < j + 8 && same_line(q); ++q)
      if (tokens_[q].IsPunct(text_, ')')) return q + 1;
    return j;
  };
  k = skip_brackets(k);
  if (!same_line(k) || !IsDashToken(k) || !same_line(k + 1)) return false;
  ++k;
  if (mention_of_[k] < 0) return false;
  const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k])];
  if (m.party != Party::kProfessional) {
    *party = m.party;
    *who = WhoOf(m);
    return true;
  }
  std::size_t j = skip_brackets(m.last_token + 1);
  if (!same_line(j) || !tokens_[j].IsWord() || folded_[j] != "to" || !same_line(j + 1)) return false;
  ++j;
  if (mention_of_[j] >= 0) {
    const Mention& to = mentions_[static_cast<std::size_t>(mention_of_[j])];
    *party = to.party;
    *who = WhoOf(to);
    return true;
  }
  if (tokens_[j].IsWord() && K(j).relation != nullptr) {
    *party = Party::kThirdParty;
    *who = "the " + std::string(K(j).relation->name);
    return true;
  }
  return false;
}

bool Document::OwnerNearby(std::uint32_t at, Party* party, std::string* who) const {
  std::size_t k = TokenAt(at);
  // "His mobile is …": a possessive just before may point one sentence back.
  bool pronoun = false;
  for (std::size_t b = k; b > 0 && b + 6 > k; --b) {
    if (!tokens_[b - 1].IsWord()) continue;
    // "my mobile is …" in the worker's own note or email: the writer's.
    // "please contact me on …": the writer's own line.
    const bool writer = (folded_[b - 1] == "my" ||
                         (folded_[b - 1] == "me" && b >= 2 && tokens_[b - 2].IsWord() &&
                          InSet(folded_[b - 2], {"contact", "call", "ring", "phone", "email", "reach", "text"}))) &&
                        !InQuote(tokens_[b - 1].start);
    if (writer) {
      if (!WriterOf(k, party, who)) {
        *party = Party::kProfessional;
        *who = "a professional";
      }
      return true;
    }
    if (InSet(folded_[b - 1], {"his", "her", "their"})) pronoun = true;
  }
  const Gender possessive = PossessiveBefore(k);
  int crossed = 0;
  for (int steps = 0; steps < 80 && k > 0; ++steps) {
    if (ParagraphBreakBefore(k)) return false;
    --k;
    // Field lines ("NHS NO: …" under "NAME: …") carry on; a finished sentence ends the search.
    if (SentenceEndPunct(text_, tokens_[k]) && !(k > 0 && NameChar(tokens_[k - 1], text_)) && !Abbreviation(k)) {
      if (!pronoun || crossed == 2) return false;
      ++crossed;
      continue;
    }
    if (mention_of_[k] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k])];
      // "her account" is not the man's named just before.
      if (!GenderFits(possessive, GenderOf(m))) {
        k = m.title >= 0 ? static_cast<std::size_t>(m.title) : m.first_token;
        continue;
      }
      if (m.party != Party::kSubject && m.party != Party::kProfessional) return false;
      *party = m.party;
      *who = WhoOf(m);
      return true;
    }
    if (tokens_[k].IsWord() && K(k).relation != nullptr && folded_[k] != "referrer" && folded_[k] != "caller")
      return false;
    // "Details checked with client:" over the lines of details: the requester's.
    if (tokens_[k].IsWord() && k + 1 < tokens_.size() && tokens_[k + 1].IsPunct(text_, ':') &&
        InSet(folded_[k], {"client", "patient", "requester", "yp"})) {
      *party = Party::kSubject;
      *who = "the requester";
      return true;
    }
  }
  return false;
}

// The person named nearest before the identifier in its paragraph, passing
// over professionals ("assessment by Dr Qureshi. NHS number now issued: …"),
// or else the person who opens the next sentence ("NI number received: …
// Shilan to request a new card").
bool Document::OwnerInParagraph(std::uint32_t at, std::uint32_t end, bool health, Party* party,
                                std::string* who) const {
  auto take = [&](const Mention& m) {
    *party = m.party;
    *who = WhoOf(m);
    return true;
  };
  // An NHS number in a paragraph that names the requester is the
  // requester's: the paragraph is about their health ("GP is Dr Brennan.
  // NHS no. …").
  std::size_t k = TokenAt(at);
  const Mention* nearest = nullptr;
  for (int steps = 0; steps < 150 && k > 0; ++steps) {
    if (ParagraphBreakBefore(k)) break;
    --k;
    if (mention_of_[k] < 0) continue;
    const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k])];
    if (m.party == Party::kProfessional) continue;
    if (!health || m.party == Party::kSubject) return take(m);
    if (nearest == nullptr) nearest = &m;
  }
  if (nearest != nullptr) return take(*nearest);
  k = TokenAt(end);
  while (k < tokens_.size() && tokens_[k].start < end) ++k;
  for (int steps = 0; steps < 12 && k < tokens_.size(); ++steps, ++k) {
    if (ParagraphBreakBefore(k)) return false;
    if (mention_of_[k] >= 0) {
      const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[k])];
      return m.party == Party::kSubject && take(m);
    }
  }
  return false;
}

// "her"/"his" just before the identifier fits an adult requester, whose
// record it is, and the requester is named in the paragraph.
bool Document::PronounMeansAdultSubject(std::uint32_t at) const {
  if (subj_dob_.year == 0 || SubjectIsChild()) return false;
  const std::size_t k = TokenAt(at);
  // "her Santander account, sort code 09-01-28, account 31904472": up to
  // eight words back in the sentence, past the numbers of the details.
  Gender possessive = Gender::kUnknown;
  for (std::size_t b = k, words = 0; b > 0 && words < 8 && possessive == Gender::kUnknown; --b) {
    const Token& t = tokens_[b - 1];
    if (SentenceEndPunct(text_, t) || tokens_[b].newline_before) break;
    if (!t.IsWord()) continue;
    ++words;
    if (folded_[b - 1] == "her") possessive = Gender::kFemale;
    if (folded_[b - 1] == "his") possessive = Gender::kMale;
  }
  if (possessive == Gender::kUnknown || possessive != SubjectGender()) return false;
  for (std::size_t j = k; j > 0 && j + 200 > k; --j) {
    const std::size_t i = j - 1;
    if (ParagraphBreakBefore(i + 1)) return false;
    if (mention_of_[i] >= 0 && mentions_[static_cast<std::size_t>(mention_of_[i])].party == Party::kSubject) return true;
  }
  return false;
}

// An email address whose name part holds the requester's first name or
// surname ("mai.nguyen04@outlook.com").
// With `first_only`, only the first name or an alias counts: family members
// share the surname ("sarah.carter@…" is not Ellie Carter's).
bool Document::SubjectsEmail(std::string_view address, bool first_only) const {
  const std::string local = FoldForLookup(address.substr(0, address.find('@')));
  auto holds = [&](std::string_view w) { return w.size() >= 3 && local.find(w) != std::string::npos; };
  if (holds(subj_first_)) return true;
  for (std::string_view a : subj_aliases_)
    if (holds(a)) return true;
  return !first_only && holds(subj_last_);
}

// Between bytes `from` and `to` stand only punctuation and the words of a
// contact line ("Tel", "email", "mob"), all on one line.
// Or on the next line, a field's label ending in a colon ("OL11 3PQ /
// Safe contact number: 07723 …").
bool Document::NothingButLabels(std::uint32_t from, std::uint32_t to) const {
  bool next_line = false, colon = false;
  for (std::size_t k = TokenAt(from); k < tokens_.size() && tokens_[k].start < to; ++k) {
    if (tokens_[k].start < from) continue;
    if (tokens_[k].newline_before) {
      // (A child's home address heads a parent's letter: the lines under it are the parent's.)
      if (next_line || SubjectIsChild()) return false;
      next_line = true;
    }
    colon = tokens_[k].IsPunct(text_, ':');
    if (tokens_[k].IsWord() &&
        !InSet(folded_[k], {"tel", "telephone", "phone", "mob", "mobile", "email", "e-mail", "contact", "home", "own",
                            "no", "number", "landline", "safe", "preferred", "main", "best"}))
      return false;
  }
  return !next_line || colon;
}

// Who wrote the message that token k is in, when the text says: the sender
// on the nearest "From:" line above it, or the name signed under "Yours
// faithfully" (or "Regards", "Thanks") below it. A neighbour's "my number
// is …" is the neighbour's, not a worker's.
bool Document::WriterOf(std::size_t k, Party* party, std::string* who) const {
  auto person_on_line = [&](std::size_t from) {
    for (std::size_t j = from; j < tokens_.size(); ++j) {
      if (j > from && tokens_[j].newline_before) return false;
      if (mention_of_[j] >= 0) {
        const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[j])];
        *party = m.party;
        *who = WhoOf(m);
        return true;
      }
    }
    return false;
  };
  // The header is near: a message longer than this says "my" of its writer
  // without one (and the search stays linear in the document).
  for (std::size_t j = k; j > 0 && j + 3000 > k; --j) {
    const std::size_t i = j - 1;
    if (!tokens_[i].line_start || !tokens_[i].IsWord() || folded_[i] != "from") continue;
    if (i + 1 < tokens_.size() && tokens_[i + 1].IsPunct(text_, ':')) {
      if (person_on_line(i + 2)) return true;
      // No name, only an address: a public body's is a worker's.
      for (std::size_t e = i + 2; e < tokens_.size() && !tokens_[e].newline_before; ++e) {
        const IdentifierMatch* id = IdStartingAt(tokens_[e].start);
        if (id != nullptr && id->label == Label::kEmail) {
          const std::string_view address = text_.substr(id->start, id->end - id->start);
          if (PublicBodyEmail(address)) {
            *party = Party::kProfessional;
            *who = "a professional";
          } else if (SubjectsEmail(address)) {
            *party = Party::kSubject;
            *who = "the requester";
          } else {
            *party = Party::kThirdParty;
            *who = "a third party";
          }
          return true;
        }
      }
      return false;
    }
  }
  // A sign-off below: the name on its line or the next.
  for (std::size_t j = k; j < tokens_.size() && j < k + 600; ++j) {
    if (!tokens_[j].line_start || !tokens_[j].IsWord()) continue;
    if (folded_[j] == "from" && j + 1 < tokens_.size() && tokens_[j + 1].IsPunct(text_, ':')) return false;
    if (!InSet(folded_[j], {"yours", "regards", "thanks", "love", "signed", "sincerely"})) continue;
    std::size_t next = j + 1;
    while (next < tokens_.size() && !tokens_[next].newline_before) ++next;
    if (next < tokens_.size() && person_on_line(next)) return true;
    return false;
  }
  return false;
}

// Whether the byte at `at` is inside double quotes on its line: a quoted
// "my" is the speaker's, not the writer's.
bool Document::InQuote(std::uint32_t at) const {
  std::size_t line = text_.rfind('\n', at);
  line = line == std::string_view::npos ? 0 : line + 1;
  if (at - line > 2000) line = at - 2000;  // a very long line: look back a paragraph's worth
  int quotes = 0;
  for (std::size_t i = line; i < at; ++i) {
    if (text_[i] == '"') ++quotes;
    else if (text_.compare(i, 3, "\xE2\x80\x9C") == 0 || text_.compare(i, 3, "\xE2\x80\x9D") == 0) ++quotes;
  }
  return quotes % 2 == 1;
}

// The full stop at token k ends "no.", "tel.", "ref.", not a sentence.
bool Document::Abbreviation(std::size_t k) const {
  return k > 0 && tokens_[k].IsPunct(text_, '.') && tokens_[k - 1].IsWord() && !tokens_[k].space_before &&
         InSet(folded_[k - 1], {"no", "tel", "ref", "mob", "approx", "dept", "st", "co", "nos", "ext"});
}

void Document::AddIdentifierProposals() {
  // "Flat 3, Orton House, 112 Lincoln Road": a building and its street found
  // as two addresses are one, as a person reads it.
  for (std::size_t a = 0; a + 1 < ids_.size();) {
    IdentifierMatch& first = ids_[a];
    const IdentifierMatch& second = ids_[a + 1];
    const std::string_view gap =
        second.start >= first.end ? text_.substr(first.end, second.start - first.end) : std::string_view("x");
    if (first.label == Label::kAddress && second.label == Label::kAddress && (gap == ", " || gap == "," || gap == " ")) {
      first.end = second.end;
      ids_.erase(ids_.begin() + static_cast<std::ptrdiff_t>(a) + 1);
      continue;
    }
    ++a;
  }
  Party last_address_party = Party::kThirdParty;
  std::string last_address_who;
  std::uint32_t last_address_end = 0;
  std::uint32_t last_subject_address_end = 0;
  // A social media name seen again ("kaylz.xo: "…"" over each quoted
  // message) is the account it was the first time: index of its proposal.
  std::vector<std::pair<std::string_view, std::size_t>> handles_seen;
  for (const auto& id : ids_) {
    Proposal p;
    p.start = id.start;
    p.end = id.end;
    p.label = id.label;
    std::string kind(id.kind);
    Party party = Party::kThirdParty;
    std::string who;
    bool owned = false;
    if (kind == "social media name") {
      const std::string_view h = text_.substr(id.start, id.end - id.start);
      auto seen = std::find_if(handles_seen.begin(), handles_seen.end(), [&](const auto& e) { return e.first == h; });
      if (seen != handles_seen.end() && seen->second < proposals_.size()) {
        const Proposal& first = proposals_[seen->second];
        p.party = first.party;
        p.action = first.action;
        p.exemption = first.exemption;
        p.reason = first.reason;
        proposals_.push_back(std::move(p));
        continue;
      }
      handles_seen.emplace_back(h, proposals_.size());
    }
    if (id.label == Label::kDob) {
      // Only dates of birth are personal data here; other dates are events.
      std::size_t k = TokenAt(id.start);
      bool cue = false;
      for (int steps = 0; steps < 5 && k > 0 && !cue; ++steps) {
        if (tokens_[k].newline_before && steps > 0) break;
        --k;
        const std::string_view w = folded_[k];
        cue = w == "born" || w == "dob" || w == "birth" || w == "b" || w == "birthday" || w == "d.o.b";
        if (tokens_[k].IsPunct(text_, '.') || tokens_[k].IsPunct(text_, ':') || tokens_[k].IsPunct(text_, '(')) {
          if (k > 0 && tokens_[k].IsPunct(text_, '.') && tokens_[k - 1].kind == Token::Kind::kWord &&
              folded_[k - 1] == "b") {
            cue = true;
          }
          continue;
        }
      }
      const bool subject_dob = subj_dob_.year != 0 && id.date == subj_dob_;
      // "Isla Fraser (04/12/2017)", "Abdirahman Warsame  19.08.2020": a
      // date in brackets or the next column straight after a person's name,
      // years before the record's latest date, is when they were born.
      if (!cue && !subject_dob && id.date.year != 0) {
        const std::size_t at = TokenAt(id.start);
        std::size_t name = at;
        if (at >= 2 && tokens_[at - 1].IsPunct(text_, '(')) name = at - 2;
        else if (at >= 1 && ColumnGap(at) && !tokens_[at].newline_before) name = at - 1;
        if (name != at && mention_of_[name] >= 0 &&
            mentions_[static_cast<std::size_t>(mention_of_[name])].last_token == name &&
            id.date.year + 1 < LatestYear())
          cue = true;
      }
      // "Rahela Begum | Mother | 03/08/1978 |" under a "DOB" column's header.
      if (!cue && !subject_dob && id.date.year != 0) cue = InBirthDateColumn(id.start);
      if (!cue && !subject_dob) continue;
      kind = "date of birth";
      if (subject_dob) {
        party = Party::kSubject;
        who = "the requester";
        owned = true;
      }
    }
    if ((id.label == Label::kAddress || id.label == Label::kPostcode) && !owned) {
      std::string folded = FoldForLookup(text_.substr(id.start, id.end - id.start));
      auto words = SplitWords(folded);
      if (id.label == Label::kPostcode) {
        std::string pc = folded;
        pc.erase(std::remove(pc.begin(), pc.end(), ' '), pc.end());
        std::string sp = subj_postcode_;
        sp.erase(std::remove(sp.begin(), sp.end(), ' '), sp.end());
        if (!sp.empty() && pc == sp) {
          party = Party::kSubject;
          who = "the requester";
          owned = true;
        } else if (last_address_end && id.start >= last_address_end && id.start - last_address_end <= 3) {
          party = last_address_party;
          who = last_address_who;
          owned = true;
        }
      } else if (FamilyHomeBefore(id.start)) {
        party = Party::kSubject;
        who = "the requester";
        owned = true;
      } else if ((words.size() >= 2 && subj_address_words_.size() >= 2 && words[0] == subj_address_words_[0] &&
                  words[1] == subj_address_words_[1]) ||
                 std::find(subject_address_ends_.begin(), subject_address_ends_.end(), id.end) !=
                     subject_address_ends_.end()) {
        party = Party::kSubject;
        who = "the requester";
        owned = true;
      }
    }
    if (!owned && id.label == Label::kEmail) {
      // A work address of a public body is a professional's.
      if (PublicBodyEmail(text_.substr(id.start, id.end - id.start))) {
        party = Party::kProfessional;
        who = "a professional";
        owned = true;
      }
    }
    if (!owned && id.label == Label::kPhone) {
      // "work mobile 07700 …", "Tel (office):": a professional's line.
      const std::size_t k = TokenAt(id.start);
      for (std::size_t b = k; b > 0 && b + 4 > k; --b)
        if (tokens_[b - 1].IsWord() &&
            InSet(folded_[b - 1], {"work", "office", "duty", "switchboard", "team", "direct", "ext", "extension"})) {
          party = Party::kProfessional;
          who = "a professional";
          owned = true;
          break;
        }
    }
    if (!owned) {
      // "07482 660195 (Sumi's own mobile)", "(mum's)": the owner named just after it.
      std::size_t k = TokenAt(id.end);
      while (k < tokens_.size() && tokens_[k].start < id.end) ++k;
      if (k + 2 < tokens_.size() && tokens_[k].IsPunct(text_, '(') && !tokens_[k + 1].newline_before) {
        const std::size_t who_tok = k + 1;
        const bool possessive = tokens_[k + 2].kind == Token::Kind::kPunct && tokens_[k + 2].end - tokens_[k + 2].start >= 2;
        if (possessive && mention_of_[who_tok] >= 0) {
          const Mention& m = mentions_[static_cast<std::size_t>(mention_of_[who_tok])];
          party = m.party;
          who = WhoOf(m);
          owned = true;
        } else if (possessive && tokens_[who_tok].IsWord() && K(who_tok).relation != nullptr) {
          party = Party::kThirdParty;
          who = "the " + std::string(K(who_tok).relation->name);
          owned = true;
        }
      }
    }
    // A call log: "IN 01942 862207 (landline) - Mrs Pauline Ashworth": the
    // caller named after the dash; "OUT 07862 114503 - Faith Adjei (FSW) to
    // mum": the worker rang out, to the number's owner.
    if (!owned && id.label == Label::kPhone) owned = CallLogOwner(id.end, &party, &who);
    // "niamh.oconnell90@gmail.com", "jordanmb04@outlook.com": the requester's
    // first name or alias in the address's name part.
    if (!owned && id.label == Label::kEmail && SubjectsEmail(text_.substr(id.start, id.end - id.start), true)) {
      party = Party::kSubject;
      who = "the requester";
      owned = true;
    }
    // "… Chester CH2 1NQ. Tel 07700 918332": a contact detail straight after
    // the requester's own address, on its line, is the requester's too.
    if (!owned && last_subject_address_end != 0 && id.start > last_subject_address_end &&
        id.start - last_subject_address_end <= 24 && NothingButLabels(last_subject_address_end, id.start)) {
      party = Party::kSubject;
      who = "the requester";
      owned = true;
    }
    if (!owned) owned = Owner(id.start, &party, &who);
    // "her Monzo account", "ring her mobile" in an adult requester's record,
    // with no one of her sex named in the sentence: the requester's.
    if (!owned && PronounMeansAdultSubject(id.start)) {
      party = Party::kSubject;
      who = "the requester";
      owned = true;
    }
    if (!owned) owned = OwnerNearby(id.start, &party, &who);
    // "getting calls from 07380 552914", "texts from 07…": the number that
    // rang the requester is someone else's.
    if (owned && party == Party::kSubject && id.label == Label::kPhone) {
      const std::size_t k = TokenAt(id.start);
      if (k >= 2 && tokens_[k - 1].IsWord() && folded_[k - 1] == "from" && tokens_[k - 2].IsWord() &&
          InSet(folded_[k - 2], {"calls", "call", "texts", "text", "messages", "message", "contact", "rang", "phoned",
                                 "ringing", "calling", "texting"})) {
        owned = false;
        party = Party::kThirdParty;
        who.clear();
      }
    }
    const bool personal_number =
        id.label == Label::kNhsNumber || id.label == Label::kNino || id.label == Label::kBank;
    if (!owned && personal_number) {
      // An NHS, NI or bank number alone in its sentence: the person the
      // paragraph is about, or a person decides.
      owned = OwnerInParagraph(id.start, id.end, id.label == Label::kNhsNumber, &party, &who);
      if (!owned) {
        p.party = Party::kAmbiguous;
        p.action = Action::kReview;
        p.exemption = Exemption::kThirdParty;
        p.reason = "a " + kind + " with nobody named near it: decide whose it is";
        proposals_.push_back(std::move(p));
        continue;
      }
    }
    // A professional's own car is no business of a case record: a registration
    // near a worker's name is someone else's.
    if (owned && party == Party::kProfessional && id.label == Label::kVehicle) owned = false;
    // A child drives no car: a registration near the child's name is the driver's.
    if (owned && party == Party::kSubject && id.label == Label::kVehicle && SubjectIsChild()) owned = false;
    // A crime or PNC number is never a professional's own: the officer
    // named beside it only holds the case.
    // Nor is any case or reference number: "his probation officer is Simon
    // Tate, ref W2201487" is the father's reference, held by the officer.
    if (owned && party == Party::kProfessional && id.label == Label::kOtherId) owned = false;
    // Nor an officer's: "DC Osei to confirm whether MY (PNC 19/224871B) has bail".
    if (owned && party == Party::kAmbiguous && id.label == Label::kOtherId && kind == "police reference") owned = false;
    // "Crime reference: 4401877/24 / Child: HASSAN, Amira": a reference in
    // the heading of a notice about the requester is the requester's.
    if (!owned && id.label == Label::kOtherId && SubjectHeading(id.start)) {
      party = Party::kSubject;
      who = "the requester";
      owned = true;
    }
    if (!owned && id.label == Label::kOtherId && kind == "police reference") {
      // A crime number belongs to an investigation of other people: redacted
      // unless the sentence says it is the requester's.
      p.party = Party::kThirdParty;
      p.action = Action::kRedact;
      p.exemption = Exemption::kThirdParty;
      p.reason = "a police reference about other people";
      proposals_.push_back(std::move(p));
      continue;
    }
    if (!owned && id.label == Label::kOtherId && kind == "reference number") {
      // A case or crime number with nobody named before it may be the
      // requester's own file: a person decides.
      p.party = Party::kAmbiguous;
      p.action = Action::kReview;
      p.exemption = Exemption::kThirdParty;
      p.reason = "a case or reference number: decide whose it is";
      proposals_.push_back(std::move(p));
      continue;
    }
    if (!owned) {
      party = Party::kThirdParty;
      who = "";
    }
    if (id.label == Label::kAddress) {
      last_address_party = party;
      last_address_who = who;
      last_address_end = id.end;
    }
    // (A postcode the requester shares with the neighbour whose address it
    // ends is no sign that what follows is the requester's.)
    if (party == Party::kSubject &&
        (id.label == Label::kAddress ||
         (id.label == Label::kPostcode && !(last_address_end != 0 && id.start >= last_address_end &&
                                            id.start - last_address_end <= 3 && last_address_party != Party::kSubject))))
      last_subject_address_end = id.end;
    p.party = party;
    if (party == Party::kSubject) {
      p.action = Action::kKeep;
      p.exemption = Exemption::kNone;
      p.reason = "the requester's own " + kind;
    } else if (party == Party::kProfessional) {
      p.action = Action::kKeep;
      p.exemption = Exemption::kNone;
      p.reason = "a professional's work " + kind;
    } else if (party == Party::kAmbiguous) {
      p.action = Action::kReview;
      p.exemption = Exemption::kThirdParty;
      p.reason = kind + " of " + who.substr(who.rfind(' ') + 1);
    } else {
      p.action = Action::kRedact;
      p.exemption = Exemption::kThirdParty;
      if (who.empty() || who == "a third party") p.reason = "third party's " + kind;
      else p.reason = who.substr(4) + "'s " + kind;
    }
    proposals_.push_back(std::move(p));
  }
}

// A full name with no cue where it first appears takes what a later
// mention of the same full name says ("Invite Jo Pearce …" then "HV Jo
// Pearce says …"). ResolveExplicit changes only the mention it is given.
// Each full name is looked for once: a name with no cue anywhere after its
// first unaccounted mention has none after any later one either, and one
// found is registered when its own turn comes (so earlier ones never ask).
bool Document::LaterCue(Mention& m) {
  const std::size_t self = static_cast<std::size_t>(&m - mentions_.data());
  auto cued = [&](std::size_t i, Mention* probe) {
    *probe = mentions_[i];
    ResolveExplicit(*probe);
    return probe->resolved;
  };
  Mention probe;
  int found = -1;
  if (mentions_.size() <= 128) {
    // A short document: looking through its mentions costs less than an index.
    for (std::size_t i = self + 1; i < mentions_.size() && found < 0; ++i)
      if (mentions_[i].first == m.first && mentions_[i].last == m.last && cued(i, &probe)) found = static_cast<int>(i);
  } else {
    auto key = [](const Mention& x) { return x.first + '\x1f' + x.last; };
    if (full_names_.empty()) {
      // Every full name's mentions, in order, gathered once.
      for (std::size_t i = 0; i < mentions_.size(); ++i)
        if (!mentions_[i].first.empty() && !mentions_[i].last.empty()) full_names_[key(mentions_[i])].push_back(i);
    }
    auto [it, added] = later_cue_.try_emplace(key(m), -1);
    if (added)
      for (std::size_t i : full_names_[it->first])
        if (i > self && cued(i, &probe)) {
          it->second = static_cast<int>(i);
          break;
        }
    found = it->second;
    if (found >= 0 && !added) cued(static_cast<std::size_t>(found), &probe);
  }
  if (found < 0) return false;
  m.resolved = true;
  m.party = probe.party;
  m.relation = probe.relation;
  m.gender = probe.gender;
  m.review = probe.review;
  m.reason = probe.reason;
  return true;
}

Detection Document::Run() {
  ids_ = FindIdentifiers(text_);
  for (const auto& id : ids_)
    if (id.label == Label::kPostcode) postcode_starts_.push_back(id.start);
  // Tokens inside identifiers are not names ("jessica.balogun12@...").
  for (const auto& id : ids_) {
    for (std::size_t k = TokenAt(id.start); k < tokens_.size() && tokens_[k].start < id.end; ++k) covered_[k] = true;
  }
  notes_ = LowercaseNotes();
  FindAddresses();
  std::sort(ids_.begin(), ids_.end(), [](const IdentifierMatch& a, const IdentifierMatch& b) { return a.start < b.start; });
  FindNameMentions();
  FindMoreMentions();
  // Pass 1: what the context and the cues say; pass 2: the rest, by reference.
  for (auto& m : mentions_) {
    ResolveExplicit(m);
    if (!m.resolved && !m.first.empty() && !m.last.empty()) {
      // A full name seen before keeps what was learnt about it.
      const std::vector<std::size_t>* found = entities_by_first_.Find(m.first);
      if (found != nullptr)
        for (std::size_t e : *found)
          if (entities_[e].last == m.last) {
            ResolveFromEntities(m);
            break;
          }
    }
    if (m.resolved || (!m.first.empty() && !m.last.empty())) {
      if (!m.resolved && !SameAsTitledProfessional(m) && !LaterCue(m)) {
        m.resolved = true;
        m.party = Party::kThirdParty;
        m.reason = kUnaccounted;
      }
      Register(m);
    }
  }
  for (auto& m : mentions_) {
    if (m.resolved) continue;
    ResolveFromEntities(m);
  }
  AddListedInitials();
  AddInitials();
  AddInitialsKey();
  AddDeclaredInitials();
  for (auto& m : mentions_) {
    // "In France a man took his phone", "an address in Shrewsbury": a lone
    // word that is a place, where a place goes, with nothing saying it is
    // someone, is the place, whichever pass took it.
    if (m.reason == kUnaccounted && m.title < 0 && m.first_token == m.last_token && !m.review &&
        Lex(m.first_token).place && !PossessiveAt(m.first_token + 1) && PlaceInContext(m.first_token))
      continue;
    // "son Imran's Toyota Yaris BD19 KWX", "Silver Ford Transit WU16 OJC":
    // the make and model just before a registration.
    if (m.reason == kUnaccounted && m.title < 0 && MakeBeforeRegistration(m.last_token)) continue;
    Proposal p;
    p.start = m.start;
    p.end = m.end;
    p.label = Label::kPerson;
    p.party = m.party;
    p.reason = std::move(m.reason);  // nothing reads a mention's reason from here on
    if (m.review) {
      p.action = Action::kReview;
      p.exemption = Exemption::kThirdParty;
      proposals_.push_back(std::move(p));
      continue;
    }
    switch (m.party) {
      case Party::kThirdParty:
        p.action = Action::kRedact;
        p.exemption = Exemption::kThirdParty;
        break;
      case Party::kAmbiguous:
        p.action = Action::kReview;
        p.exemption = Exemption::kThirdParty;
        break;
      default:
        p.action = Action::kKeep;
        p.exemption = Exemption::kNone;
    }
    proposals_.push_back(std::move(p));
  }
  AddIdentifierProposals();
  std::sort(proposals_.begin(), proposals_.end(),
            [](const Proposal& a, const Proposal& b) { return a.start < b.start; });
  Detection d;
  d.proposals = std::move(proposals_);
  d.flags = FindSafeguardingFlags(text_, tokens_);
  return d;
}

}  // namespace

Detection Detector::Detect(std::string_view text, const CaseContext& context) const {
  Document doc(text, context, *lexicon_);
  return doc.Run();
}

}  // namespace sardesk::detect
