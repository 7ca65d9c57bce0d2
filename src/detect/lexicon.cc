#include "detect/lexicon.h"

#include <string>

#include "detect/unicode.h"

namespace sardesk::detect {

extern const char kLexiconData[];
extern const std::size_t kLexiconSize;

const Lexicon& Lexicon::Builtin() {
  static const Lexicon* lexicon = new Lexicon(std::string_view(kLexiconData, kLexiconSize));
  return *lexicon;
}

Lexicon::Lexicon(std::string_view data) {
  entries_.Reserve(data.size() / 12);
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t eol = data.find('\n', pos);
    if (eol == std::string_view::npos) eol = data.size();
    std::string_view line = data.substr(pos, eol - pos);
    pos = eol + 1;
    std::size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos) continue;
    std::size_t t2 = line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) continue;
    LexiconEntry e;
    int flags = 0;
    for (char ch : line.substr(t1 + 1, t2 - t1 - 1))
      if (ch >= '0' && ch <= '9') flags = flags * 10 + (ch - '0');
    e.name = (flags & 1) != 0;
    e.place = (flags & 2) != 0;
    e.world_place = (flags & 4) != 0;
    e.female = (flags & 8) != 0;
    e.male = (flags & 16) != 0;
    e.first_name = (flags & 32) != 0;
    int tier = 0;
    for (char ch : line.substr(t2 + 1)) {
      if (ch >= '0' && ch <= '9') tier = tier * 10 + (ch - '0');
    }
    e.word_tier = static_cast<std::uint8_t>(tier > 255 ? 255 : tier);
    entries_.Insert(line.substr(0, t1), e);
  }
}

LexiconEntry Lexicon::Find(std::string_view key) const {
  const LexiconEntry* found = entries_.Find(key);
  return found == nullptr ? LexiconEntry{} : *found;
}

LexiconEntry Lexicon::Lookup(std::string_view word) const { return LookupFolded(FoldForLookup(word)); }

LexiconEntry Lexicon::LookupFolded(std::string_view key) const {
  LexiconEntry whole = Find(key);
  if (whole.name || whole.word_tier || whole.place) return whole;
  // Compound names: a name if every part is one ("Ashworth-Lee"), or the part
  // after an O'/D'/Mc prefix is ("O'Connor").
  std::size_t apos = key.find('\'');
  if (apos != std::string::npos && apos <= 2) {
    LexiconEntry rest = Find(std::string_view(key).substr(apos + 1));
    if (rest.name) return LexiconEntry{true, 0, false, false};
  }
  if (key.find('-') != std::string::npos) {
    std::string_view k(key);
    bool all_names = true, all_words = true, short_part = false;
    std::size_t start = 0;
    while (start <= k.size()) {
      std::size_t dash = k.find('-', start);
      if (dash == std::string_view::npos) dash = k.size();
      if (dash - start < 3) short_part = true;  // "In-Reach", "Co-op"
      const LexiconEntry part = Find(k.substr(start, dash - start));
      if (!part.name) all_names = false;
      if (!part.CommonWord(35)) all_words = false;
      start = dash + 1;
    }
    // "Summers-Brown", "Hill-Wood": every part a surname, even when each is
    // also a word. "night-time", "full-time": a compound of common words.
    if (all_names && !(all_words && short_part))
      return LexiconEntry{true, static_cast<std::uint8_t>(all_words ? 35 : 0), false};
    if (all_words) return LexiconEntry{false, 35, false};
  }
  return whole;
}

}  // namespace sardesk::detect
