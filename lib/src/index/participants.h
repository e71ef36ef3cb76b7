// How many people a study's text says it studied, as PubMed's readers look for it in an abstract:
// "41 patients were randomised", "Seventy detoxified heroin-addicted patients", "(n = 41)".
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kestrel/analyzer.h"

namespace kestrel {

// Only the opening words are read: an abstract states its own numbers there, and the rest of a
// paper quotes other studies' numbers.
inline constexpr size_t kParticipantsScanTokens = 400;

// The first number of people the opening of `text` states, from its tokens (Analyzer::analyze
// of `text`, any first position): a number or a number word ("seventy", "forty-one") at most three
// words before a word for people ("patients", "adults", "participants"), none of the words
// between measuring something else ("29-year-old woman" states an age, not one participant);
// else the first "n = 41". 0 when the text states none. Numbers outside 1 to 99,999,999 are not
// counts of people.
uint32_t stated_participants(std::string_view text, const std::vector<Token>& tokens);

}  // namespace kestrel
