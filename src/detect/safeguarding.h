// Document-level safeguarding flags: content that must hold release until a
// safeguarding meeting (seed 001 stage 4): self-harm and abuse.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "detect/text.h"

namespace sardesk::detect {

enum class FlagKind : std::uint8_t { kSelfHarm, kAbuse };

inline std::string_view FlagName(FlagKind k) { return k == FlagKind::kSelfHarm ? "self_harm" : "abuse"; }

struct Sentence {
  std::uint32_t start = 0;  // byte offsets, end exclusive
  std::uint32_t end = 0;
};

struct SafeguardingFlag {
  FlagKind kind = FlagKind::kAbuse;
  std::vector<Sentence> sentences;  // the sentences that raised it, in order
};

// Flags raised by trigger words ("overdose", "self-harming", "domestic abuse",
// "neglect"...), unless the sentence negates them just before ("no concerns of
// abuse", "denies self-harm"). tokens must come from Tokenize(text).
std::vector<SafeguardingFlag> FindSafeguardingFlags(std::string_view text, const std::vector<Token>& tokens);

}  // namespace sardesk::detect
