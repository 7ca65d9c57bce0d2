// The name gazetteer and English word frequencies the detector consults,
// embedded at build time (see make_lexicon.js). Immutable once built, so one
// instance is shared by every thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "detect/word_map.h"

namespace sardesk::detect {

struct LexiconEntry {
  bool name = false;         // a first name or surname somewhere in the world
  std::uint8_t word_tier = 0;  // 0: not an English word; 10 (commonest) ... 70 (rare)
  bool place = false;        // a town, county or nation of the UK or Ireland, a country, capital or language
  bool world_place = false;  // a name that is also a town or region elsewhere in the world ("Krakow", "Bielefeld")
  bool female = false;       // a first name given to girls, not boys ("Dorothy")
  bool male = false;         // a first name given to boys, not girls ("Ewan")
  bool first_name = false;   // a first name on either list ("Jordan", "Will"; not "Third")

  // A name that is not also an ordinary word ("Krzysztof", "Okonkwo").
  bool OnlyName() const { return name && (word_tier == 0 || word_tier > 50); }
  bool CommonWord(int max_tier = 50) const { return word_tier != 0 && word_tier <= max_tier; }
};

class Lexicon {
 public:
  // The embedded lexicon, parsed on first use.
  static const Lexicon& Builtin();

  // Builds from "key\tname\ttier\n" lines; *data must outlive the lexicon.
  explicit Lexicon(std::string_view data);

  // key must already be folded (FoldForLookup).
  LexiconEntry Find(std::string_view key) const;
  // Folds the word, and tries the parts of "Ashworth-Lee" and "O'Connor".
  LexiconEntry Lookup(std::string_view word) const;
  // The same for a word already folded.
  LexiconEntry LookupFolded(std::string_view key) const;

 private:
  WordMap<LexiconEntry> entries_;
};

}  // namespace sardesk::detect
