#include "detect/safeguarding.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace sardesk::detect {

namespace {

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s[0] == p[0] && s.compare(0, p.size(), p) == 0;
}

// The last five words of a sentence: views into the text, compared without
// regard to case only when a trigger asks (most words never are).
class Recent {
 public:
  void Clear() { count_ = next_ = last_ = 0; fenced_ = 0; }
  // A quotation or a semicolon opens a new clause: the words before it
  // still count for phrases ("taken "about 16" paracetamol") but no longer
  // negate what follows ("he had no more money "they hit me"").
  void Fence() { fenced_ = count_; }
  void Push(std::string_view word) {
    words_[next_] = word;
    last_ = next_;
    next_ = (next_ + 1) % words_.size();
    if (count_ < words_.size()) ++count_;
    else if (fenced_ > 0) --fenced_;  // the oldest fenced word fell out
  }
  // Whether one of the words pushed since the last fence is `lower`.
  bool HasSinceFence(std::string_view lower) const {
    // Words in push order are the count_ slots ending at last_.
    for (std::size_t k = fenced_; k < count_; ++k) {
      const std::size_t slot = (next_ + words_.size() - count_ + k) % words_.size();
      if (Same(words_[slot], lower)) return true;
    }
    return false;
  }
  // `lower` is in lower case.
  bool LastIs(std::string_view lower) const { return count_ && Same(words_[last_], lower); }
  std::string_view Last() const { return count_ ? words_[last_] : std::string_view{}; }
  bool Has(std::string_view lower) const {
    for (std::size_t k = 0; k < count_; ++k)
      if (Same(words_[k], lower)) return true;
    return false;
  }

 private:
  static bool Same(std::string_view word, std::string_view lower) {
    if (word.size() != lower.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      const char c = word[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != lower[i]) return false;
    }
    return true;
  }
  std::array<std::string_view, 5> words_{};
  std::size_t next_ = 0, last_ = 0, count_ = 0;
  std::size_t fenced_ = 0;  // how many of the oldest words are behind the fence
};

// One word that raises a flag by itself (matched as a prefix of the word).
struct Stem {
  std::string_view prefix;
  FlagKind kind;
};
constexpr std::array<Stem, 39> kStems = {{
    {"suicid", FlagKind::kSelfHarm},    {"self-harm", FlagKind::kSelfHarm}, {"selfharm", FlagKind::kSelfHarm},
    {"self-injur", FlagKind::kSelfHarm}, {"overdos", FlagKind::kSelfHarm},  {"ligature", FlagKind::kSelfHarm},
    {"self-poison", FlagKind::kSelfHarm}, {"abuse", FlagKind::kAbuse},      {"abused", FlagKind::kAbuse},
    {"abusive", FlagKind::kAbuse},      {"abuser", FlagKind::kAbuse},       {"neglect", FlagKind::kAbuse},
    {"assault", FlagKind::kAbuse},      {"raped", FlagKind::kAbuse},        {"rape", FlagKind::kAbuse},
    {"molest", FlagKind::kAbuse},       {"groom", FlagKind::kAbuse},        {"maltreat", FlagKind::kAbuse},
    {"punched", FlagKind::kAbuse},      {"kicked", FlagKind::kAbuse},       {"slapped", FlagKind::kAbuse},
    {"strangl", FlagKind::kAbuse},      {"choked", FlagKind::kAbuse},       {"beaten", FlagKind::kAbuse},
    {"marac", FlagKind::kAbuse},        {"fgm", FlagKind::kAbuse},          {"traffick", FlagKind::kAbuse},
    {"exploitation", FlagKind::kAbuse}, {"bruis", FlagKind::kAbuse},        {"battered", FlagKind::kAbuse},
    {"smacked", FlagKind::kAbuse},      {"shoved", FlagKind::kAbuse},       {"headbutt", FlagKind::kAbuse},
    {"paedophil", FlagKind::kAbuse},    {"indecent", FlagKind::kAbuse},     {"overdose", FlagKind::kSelfHarm},
    {"battering", FlagKind::kAbuse},    {"inflicted", FlagKind::kAbuse},
    {"self-inflict", FlagKind::kSelfHarm},
}};

// Words that raise a flag only as the whole word ("hit", not "hitch"),
// matched in lower case; "DA" and "DV" only in capitals (below).
struct Whole {
  std::string_view word;
  FlagKind kind;
};
constexpr std::array<Whole, 18> kWholeWords = {{
    {"hit", FlagKind::kAbuse},    {"hits", FlagKind::kAbuse},    {"hitting", FlagKind::kAbuse},
    {"pushed", FlagKind::kAbuse}, {"slavery", FlagKind::kAbuse}, {"cse", FlagKind::kAbuse},
    {"cce", FlagKind::kAbuse},    {"beat", FlagKind::kAbuse},    {"beating", FlagKind::kAbuse},
    {"whipped", FlagKind::kAbuse},  {"idva", FlagKind::kAbuse},    {"isva", FlagKind::kAbuse},
    {"refuge", FlagKind::kAbuse},   {"dvds", FlagKind::kAbuse},    {"abh", FlagKind::kAbuse},
    {"gbh", FlagKind::kAbuse},    {"dapp", FlagKind::kAbuse},
}};

// Two words in a row ("self harm", "domestic violence", "cut herself").
struct Pair {
  std::string_view first, second_prefix;
  FlagKind kind;
};
constexpr std::array<Pair, 50> kPairs = {{
    {"self", "harm", FlagKind::kSelfHarm},        {"cut", "herself", FlagKind::kSelfHarm},
    {"cut", "himself", FlagKind::kSelfHarm},      {"cutting", "herself", FlagKind::kSelfHarm},
    {"cutting", "himself", FlagKind::kSelfHarm},  {"cutting", "her", FlagKind::kSelfHarm},
    {"kill", "herself", FlagKind::kSelfHarm},     {"kill", "himself", FlagKind::kSelfHarm},
    {"kill", "myself", FlagKind::kSelfHarm},      {"hanging", "herself", FlagKind::kSelfHarm},
    {"hang", "himself", FlagKind::kSelfHarm},     {"domestic", "violen", FlagKind::kAbuse},
    {"domestic", "incident", FlagKind::kAbuse},   {"physical", "harm", FlagKind::kAbuse},
    {"sexual", "harm", FlagKind::kAbuse},         {"sexually", "harm", FlagKind::kAbuse},
    {"sexual", "exploit", FlagKind::kAbuse},      {"criminal", "exploit", FlagKind::kAbuse},
    {"coercive", "control", FlagKind::kAbuse},    {"non-accidental", "injur", FlagKind::kAbuse},
    {"dash", "risk", FlagKind::kAbuse},           {"emotional", "harm", FlagKind::kAbuse},
    {"forced", "marriage", FlagKind::kAbuse},     {"county", "lines", FlagKind::kAbuse},
    {"honour", "based", FlagKind::kAbuse},        {"sexual", "activit", FlagKind::kAbuse},
    {"push", "her", FlagKind::kAbuse},            {"push", "him", FlagKind::kAbuse},
    {"hurt", "herself", FlagKind::kSelfHarm},     {"hurt", "himself", FlagKind::kSelfHarm},
    {"hurt", "myself", FlagKind::kSelfHarm},      {"hurting", "herself", FlagKind::kSelfHarm},
    {"hurting", "himself", FlagKind::kSelfHarm},  {"to", "die", FlagKind::kSelfHarm},
    {"harm", "herself", FlagKind::kSelfHarm},     {"harm", "himself", FlagKind::kSelfHarm},
    {"adult", "safeguard", FlagKind::kAbuse},     {"financial", "abuse", FlagKind::kAbuse},
    {"significant", "harm", FlagKind::kAbuse},    {"physical", "injur", FlagKind::kAbuse},
    {"restraining", "order", FlagKind::kAbuse},   {"non-molestation", "order", FlagKind::kAbuse},
    {"off", "dead", FlagKind::kSelfHarm},         {"controlling", "behaviour", FlagKind::kAbuse},
    {"of", "cutting", FlagKind::kSelfHarm},       {"sexually", "exploit", FlagKind::kAbuse},
    {"nappy", "rash", FlagKind::kAbuse},          {"napkin", "rash", FlagKind::kAbuse},
    {"cutting", "again", FlagKind::kSelfHarm},    {"faltering", "growth", FlagKind::kAbuse},
}};

constexpr std::array<std::string_view, 9> kNegations = {"no", "not", "denies", "denied", "nil", "without",
                                                        "never", "none", "neither"};
// "substance abuse" and "drug abuse" are about the person's own use, not abuse of them.
constexpr std::array<std::string_view, 5> kNotAbuse = {"substance", "drug", "alcohol", "solvent", "cannabis"};

bool SentenceEnd(std::string_view text, const Token& t) {
  if (t.kind != Token::Kind::kPunct) return false;
  const char c = text[t.start];
  return c == '.' || c == '!' || c == '?';
}

// Words a flag can rest on besides the stems and the pairs' second words.
constexpr std::array<std::string_view, 17> kNearWords = {
    "arm",  "arms",   "wrist",  "wrists",  "thighs",      "legs",    "life",  "throat",
    "neck", "violen", "forearm", "tablets", "paracetamol", "pills", "hair", "cuts", "cut",
};
// An image and what makes it sexual: "shared a topless photo", "sent him
// two photos in her underwear", "intimate images".
constexpr std::array<std::string_view, 12> kImageWords = {
    "photo", "photos", "photograph", "photographs", "pic", "pics", "picture", "pictures", "image", "images",
    "video", "videos",
};
constexpr std::array<std::string_view, 8> kSexualImageWords = {
    "topless", "nude", "naked", "underwear", "explicit", "intimate", "sexual", "indecent",
};
// Words the rules below rest on, besides the lists above.
constexpr std::array<std::string_view, 12> kMoreNearWords = {"dead",  "belt",   "belts",    "drag",
                                                              "nudes", "alive",  "jump",     "shouts",
                                                              "shouting", "screaming", "throws", "screams"};
// Places a person jumps from ("she said she wanted to jump", on the bridge).
constexpr std::array<std::string_view, 9> kJumpPlaces = {"bridge", "roof", "window", "cliff", "balcony",
                                                         "motorway", "railway", "flyover", "ledge"};
// Fear of the one shouting ("scared when Marius shouts and throws things").
constexpr std::array<std::string_view, 5> kFear = {"scared", "frightened", "afraid", "terrified", "petrified"};

int LetterIndex(char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return c >= 'a' && c <= 'z' ? c - 'a' : -1;
}

// Index of a word's first n letters (any case), or -1 when it is shorter or
// they are not all letters.
int Gram(std::string_view w, std::size_t n) {
  if (w.size() < n) return -1;
  int k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int l = LetterIndex(w[i]);
    if (l < 0) return -1;
    k = k * 26 + l;
  }
  return k;
}

// Whether a word may trigger, from its first three letters (three-letter
// words) or four (longer ones): rules out almost every other word at once,
// "for" and "three" included, so the full check runs on few words.
[[gnu::always_inline]] inline bool MayTrigger(std::string_view word) {
  struct Filter {
    std::vector<bool> three = std::vector<bool>(26 * 26 * 26), four = std::vector<bool>(26 * 26 * 26 * 26);
    // A whole word, or (prefix) any word it begins.
    void Add(std::string_view w, bool prefix) {
      if (w.size() == 3) {
        three[static_cast<std::size_t>(Gram(w, 3))] = true;
        if (prefix)
          for (int x = 0; x < 26; ++x) four[static_cast<std::size_t>(Gram(w, 3) * 26 + x)] = true;
      } else if (w.size() >= 4 && Gram(w, 4) >= 0) {
        four[static_cast<std::size_t>(Gram(w, 4))] = true;
      }
    }
  };
  static const Filter* filter = [] {
    auto* f = new Filter;
    for (const auto& s : kStems) f->Add(s.prefix, true);
    for (const auto& p : kPairs) f->Add(p.second_prefix, p.second_prefix.size() > 3);
    for (auto w : kNearWords) f->Add(w, w == "violen");
    for (auto w : kImageWords) f->Add(w, false);
    for (auto w : kSexualImageWords) f->Add(w, false);
    for (auto w : kMoreNearWords) f->Add(w, false);
    for (const auto& w : kWholeWords) f->Add(w.word, false);
    return f;
  }();
  if (word.size() == 3) {
    const int k = Gram(word, 3);
    return k >= 0 && filter->three[static_cast<std::size_t>(k)];
  }
  const int k = Gram(word, 4);
  if (k >= 0) return filter->four[static_cast<std::size_t>(k)];
  // "FGM-IS": three letters, then a hyphen or a digit.
  const int k3 = Gram(word, 3);
  return k3 >= 0 && filter->three[static_cast<std::size_t>(k3)];
}

// A negation ("no", "denies", "not"...) among the sentence's last five words.
bool Negated(const Recent& recent) {
  for (auto n : kNegations)
    if (recent.HasSinceFence(n)) return true;
  return false;
}

bool SameLower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != lower[i]) return false;
  }
  return true;
}

// Phrases made of common words, which the trigram filter lets by: checked
// only after the word that makes them rare ("police protection", "s.42
// enquiry", "better off dead", "walking into the sea").
[[gnu::noinline]] void Uncommon(std::string_view text, const Token& t, const Recent& recent, bool raised[2]) {
  const std::string_view w = t.In(text);
  auto raise = [&](FlagKind k) {
    if (!Negated(recent)) raised[static_cast<int>(k)] = true;
  };
  switch (w.size()) {
    case 3:
    case 5:
    case 6:
    case 7:
      // "walking into the sea", "jumped off the bridge", "in front of a train".
      if ((recent.LastIs("the") || recent.LastIs("a")) &&
          (SameLower(w, "sea") || SameLower(w, "river") || SameLower(w, "bridge") || SameLower(w, "train") ||
           SameLower(w, "traffic")) &&
          (recent.Has("into") || recent.Has("off") || recent.Has("front") || recent.Has("under")) &&
          (recent.Has("walk") || recent.Has("walking") || recent.Has("walked") || recent.Has("jump") ||
           recent.Has("jumping") || recent.Has("jumped") || recent.Has("throw") || recent.Has("throwing") ||
           recent.Has("step") || recent.Has("stepping")))
        raise(FlagKind::kSelfHarm);
      if (w.size() == 7 && SameLower(w, "enquiry") && t.start >= 2) {
        // A section 42 enquiry is into abuse or neglect of an adult: "s.42 enquiry".
        const std::size_t from = t.start >= 14 ? t.start - 14 : 0;
        if (text.substr(from, t.start - from).find("42") != std::string_view::npos) raise(FlagKind::kAbuse);
      }
      break;
    case 4:
      if (recent.LastIs("off") && SameLower(w, "dead") && recent.Has("better")) raise(FlagKind::kSelfHarm);
      break;
    default:
      break;
  }
  // "Jason shouts at mummy", "he was screaming at mum": at a parent, in front of the child.
  if (recent.LastIs("at") && w.size() >= 3 && w.size() <= 6 &&
      (SameLower(w, "mum") || SameLower(w, "mummy") || SameLower(w, "mam") || SameLower(w, "mom") ||
       SameLower(w, "mother")) &&
      (recent.Has("shout") || recent.Has("shouts") || recent.Has("shouted") || recent.Has("shouting") ||
       recent.Has("scream") || recent.Has("screams") ||
       recent.Has("screamed") || recent.Has("screaming") || recent.Has("yells") || recent.Has("yelled") ||
       recent.Has("yelling")))
    raise(FlagKind::kAbuse);
  switch (w.size()) {
    case 9:
      if (SameLower(w, "enquiries") && t.start >= 2) {
        const std::size_t from = t.start >= 14 ? t.start - 14 : 0;
        if (text.substr(from, t.start - from).find("42") != std::string_view::npos) raise(FlagKind::kAbuse);
      }
      break;
    case 10:
      if (recent.LastIs("police") && SameLower(w, "protection")) raise(FlagKind::kAbuse);
      break;
    default:
      break;
  }
}

// Whether one of `words` (lower case) is among the up to 30 words before
// token i in its sentence (from token `first`).
bool SentenceHas(std::string_view text, const std::vector<Token>& tokens, std::size_t first, std::size_t i,
                 std::span<const std::string_view> words) {
  const std::size_t from = i > first + 30 ? i - 30 : first;
  for (std::size_t k = from; k < i; ++k) {
    if (tokens[k].kind != Token::Kind::kWord) continue;
    const std::string_view w = tokens[k].In(text);
    for (auto x : words)
      if (SameLower(w, x)) return true;
  }
  return false;
}

}  // namespace

std::vector<SafeguardingFlag> FindSafeguardingFlags(std::string_view text, const std::vector<Token>& tokens) {
  SafeguardingFlag flags[2] = {{FlagKind::kSelfHarm, {}}, {FlagKind::kAbuse, {}}};
  std::size_t sentence_first = 0;  // token index where the current sentence starts
  Recent recent;  // the sentence's words so far, last five
  bool raised[2] = {false, false};
  auto close_sentence = [&](std::size_t last_token) {
    if (sentence_first < tokens.size() && (raised[0] || raised[1])) {
      Sentence s{tokens[sentence_first].start, tokens[last_token].end};
      for (int k = 0; k < 2; ++k)
        if (raised[k]) flags[k].sentences.push_back(s);
    }
    raised[0] = raised[1] = false;
    recent.Clear();
  };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (i > sentence_first && t.newline_before && t.line_start) {
      close_sentence(i - 1);
      sentence_first = i;
    }
    // A quotation or a semicolon opens a new clause: "he had no more money
    // "they hit me"" is not negated by the "no" before it.
    if (t.kind == Token::Kind::kPunct &&
        (text[t.start] == '"' || text[t.start] == ';' || t.In(text) == "\xE2\x80\x9C" ||
         t.In(text) == "\xE2\x80\x9D"))
      recent.Fence();
    if (t.kind == Token::Kind::kWord) {
      // "DA", "DV": domestic abuse, in capitals only.
      // ("DA12 5NX": a Dartford postcode.)
      if (t.end - t.start == 2 && t.all_upper && (t.In(text) == "DA" || t.In(text) == "DV") && !Negated(recent) &&
          !(i + 1 < tokens.size() && tokens[i + 1].kind == Token::Kind::kNumber && !tokens[i + 1].space_before))
        raised[static_cast<int>(FlagKind::kAbuse)] = true;
      // "thought about ending it", "end it all": a two-letter word no trigram finds.
      if (t.end - t.start == 2 && (text[t.start] | 0x20) == 'i' && (text[t.start + 1] | 0x20) == 't' &&
          (recent.LastIs("ending") || recent.LastIs("end")) && !Negated(recent))
        raised[static_cast<int>(FlagKind::kSelfHarm)] = true;
      // Short words no filter passes: "locked me on the balcony all night",
      // "keep the kids safe from him" (a parent protecting children from a partner).
      if (t.end - t.start <= 4 && (recent.LastIs("locked") || recent.LastIs("from"))) {
        const std::string_view w = t.In(text);
        if (w == "me" || w == "him" || w == "her" || w == "them") {
          if (recent.LastIs("locked")) raised[static_cast<int>(FlagKind::kAbuse)] = true;
          else if (w != "me" && recent.Has("safe") && !Negated(recent)) raised[static_cast<int>(FlagKind::kAbuse)] = true;
        }
      }
      // "wishes she could go to sleep and not wake up": a wish to die, which
      // the "not" in it does not negate ("did not wake up till ten" has no sleep).
      if (t.end - t.start == 2 && (text[t.start] | 0x20) == 'u' && (text[t.start + 1] | 0x20) == 'p' &&
          recent.LastIs("wake") && (recent.Has("not") || recent.Has("never")) && recent.Has("sleep"))
        raised[static_cast<int>(FlagKind::kSelfHarm)] = true;
      // "Uncle Martin wants to kill Daddy", "said he would kill her": a threat to
      // kill someone else ("kill herself" is the self-harm pair below).
      if (t.end - t.start <= 6 && recent.LastIs("kill")) {
        const std::string_view v = t.In(text);
        if (SameLower(v, "him") || SameLower(v, "her") || SameLower(v, "you") || SameLower(v, "me") ||
            SameLower(v, "mum") || SameLower(v, "mummy") || SameLower(v, "dad") || SameLower(v, "daddy") ||
            SameLower(v, "them"))
          if (!Negated(recent)) raised[static_cast<int>(FlagKind::kAbuse)] = true;
      }
      // "better off without me": "without" is no negation here.
      if (t.end - t.start == 2 && (text[t.start] | 0x20) == 'm' && (text[t.start + 1] | 0x20) == 'e' &&
          recent.LastIs("without") && recent.Has("off") && recent.Has("better"))
        raised[static_cast<int>(FlagKind::kSelfHarm)] = true;
      // "sometimes Ryan hurt Chantelle": hurting someone named.
      if (t.upper_initial && !t.after_break && recent.LastIs("hurt") && !Negated(recent))
        raised[static_cast<int>(FlagKind::kAbuse)] = true;
      if (!MayTrigger(t.In(text))) {
        // Only after "a", "the", "off" or "police", or for "enquiry": the phrases Uncommon knows.
        const std::string_view last = recent.Last();
        const char l0 = last.empty() ? 0 : static_cast<char>(last[0] | 0x20);
        if ((last.size() == 1 && l0 == 'a') || (last.size() == 2 && l0 == 'a') ||
            (last.size() == 3 && (l0 == 't' || l0 == 'o')) || (last.size() == 6 && l0 == 'p') ||
            (text[t.start] | 0x20) == 'e')
          Uncommon(text, t, recent, raised);
        // Not a trigger, but it may be the word a trigger follows ("no", "self", "domestic").
        recent.Push(t.In(text));
        // "has not done since her overdose": a negation does not reach past "since".
        if (t.end - t.start == 5 && SameLower(t.In(text), "since")) recent.Fence();
        if (SentenceEnd(text, t)) close_sentence(i);
        continue;
      }
      // The word in lower case, on the stack (no trigger is longer).
      char lower[40];
      const std::string_view raw = t.In(text);
      const std::size_t len = std::min(raw.size(), sizeof lower);
      for (std::size_t c = 0; c < len; ++c)
        lower[c] = raw[c] >= 'A' && raw[c] <= 'Z' ? static_cast<char>(raw[c] + 32) : raw[c];
      const std::string_view w(lower, len);
      auto raise = [&](FlagKind k) {
        if (k == FlagKind::kAbuse)
          for (auto s : kNotAbuse)
            if (recent.LastIs(s)) return;
        if (!Negated(recent)) raised[static_cast<int>(k)] = true;
      };
      for (const auto& s : kStems)
        if (StartsWith(w, s.prefix)) raise(s.kind);
      // "cut her arms", "ending his life", "by the throat": a word and one shortly before it.
      auto recently = [&](std::initializer_list<std::string_view> words) {
        for (auto x : words)
          if (recent.Has(x)) return true;
        return false;
      };
      for (const auto& x : kWholeWords)
        if (w == x.word) raise(x.kind);
      if ((w == "arm" || w == "arms" || w == "wrist" || w == "wrists" || w == "thighs" || w == "legs" ||
           w == "forearm") &&
          recently({"cut", "cuts", "cutting", "scratched", "scratching", "scratches", "burned", "burning", "burns"}))
        raise(FlagKind::kSelfHarm);
      if ((w == "tablets" || w == "paracetamol" || w == "pills") &&
          recently({"took", "taken", "take", "taking", "swallowed"}))
        raise(FlagKind::kSelfHarm);
      // "L forearm – fresh superficial cuts"
      if ((w == "cuts" || w == "cut") && recently({"forearm", "arm", "arms", "wrist", "wrists", "thighs", "legs"}))
        raise(FlagKind::kSelfHarm);
      // "a belt round his neck", "a cord around her neck": a ligature.
      if (w == "neck" && recently({"round", "around"}) &&
          recently({"belt", "cord", "rope", "scarf", "lace", "laces", "shoelace", "tie", "tied", "ligature", "wire"}))
        raise(FlagKind::kSelfHarm);
      else if ((w == "neck" || w == "hair") && recently({"by", "grabbed", "held", "squeezed", "pulled"}))
        raise(FlagKind::kAbuse);
      // "saw Mr Young grab Neecy's arm": a hand laid on someone.
      if ((w == "arm" || w == "arms" || w == "wrist" || w == "wrists") &&
          recently({"grab", "grabbed", "grabbing", "grabs", "twisted", "yanked"}))
        raise(FlagKind::kAbuse);
      // "holding a kitchen knife to his own wrist"; "held a knife to her throat".
      if ((w == "wrist" || w == "wrists" || w == "throat" || w == "neck" || w == "arm") &&
          recently({"knife", "blade", "razor", "scissors"}))
        raise(recently({"own", "himself", "herself"}) ? FlagKind::kSelfHarm : FlagKind::kAbuse);
      if (w == "life" && recently({"end", "ending", "ended", "take", "taking", "took"})) raise(FlagKind::kSelfHarm);
      // "better I die", "I just want to die", "wish I was dead".
      // ("he would rather die")
      if (w == "die" && (recent.LastIs("i") || recent.LastIs("just") || recent.LastIs("rather")) &&
          recently({"better", "want", "wish", "wished", "rather", "should", "hope"}))
        raise(FlagKind::kSelfHarm);
      if (w == "dead" && (recent.LastIs("was") || recent.LastIs("were") || recent.LastIs("be")) &&
          recently({"wish", "wished", "wishes", "rather", "better", "want", "wants", "wanted"}))
        raise(FlagKind::kSelfHarm);
      // "drag JJ by his arm", "dragged her by the hair".
      if ((w == "arm" || w == "arms" || w == "hair") && recently({"drag", "dragged", "dragging", "drags"}))
        raise(FlagKind::kAbuse);
      // "marks on his back like from a belt", "hit him with a belt": the
      // marking word may be further back than the last five words.
      static constexpr std::array<std::string_view, 11> kBeltMarks = {
          "mark", "marks", "welts", "welt", "hit", "hits", "whipped", "lashed", "beat", "beats", "strapped"};
      if ((w == "belt" || w == "belts") && SentenceHas(text, tokens, sentence_first, i, kBeltMarks))
        raise(FlagKind::kAbuse);
      if (w == "nudes") raise(FlagKind::kAbuse);
      // "doesn't want to be alive": the negation is the point.
      if (w == "alive" && recent.LastIs("be") && recently({"want", "wants", "wanted", "wish", "wishes"}))
        raised[static_cast<int>(FlagKind::kSelfHarm)] = true;
      if (w == "jump" && recently({"want", "wants", "wanted", "threatened", "threatening", "tried", "trying"}) &&
          SentenceHas(text, tokens, sentence_first, i, kJumpPlaces))
        raise(FlagKind::kSelfHarm);
      if ((w == "shouts" || w == "shouting" || w == "screaming" || w == "screams" || w == "throws") &&
          SentenceHas(text, tokens, sentence_first, i, kFear))
        raise(FlagKind::kAbuse);
      // An image and what makes it sexual, either way round, in one sentence.
      const bool image = std::find(kImageWords.begin(), kImageWords.end(), w) != kImageWords.end();
      const bool sexual = std::find(kSexualImageWords.begin(), kSexualImageWords.end(), w) != kSexualImageWords.end();
      if ((image && SentenceHas(text, tokens, sentence_first, i, kSexualImageWords)) ||
          (sexual && SentenceHas(text, tokens, sentence_first, i, kImageWords)))
        raise(FlagKind::kAbuse);
      if (w == "throat" && recently({"by", "grabbed", "held", "squeezed"})) raise(FlagKind::kAbuse);

      if (StartsWith(w, "violen") && !recently({"no", "non"})) raise(FlagKind::kAbuse);
      for (const auto& p : kPairs)
        if (StartsWith(w, p.second_prefix) && recent.LastIs(p.first)) raise(p.kind);
      recent.Push(t.In(text));
    }
    if (SentenceEnd(text, t)) {
      close_sentence(i);
      sentence_first = i + 1;
    }
  }
  if (!tokens.empty()) close_sentence(tokens.size() - 1);
  std::vector<SafeguardingFlag> out;
  for (auto& f : flags)
    if (!f.sentences.empty()) out.push_back(std::move(f));
  return out;
}

}  // namespace sardesk::detect
