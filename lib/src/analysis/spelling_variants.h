// British to American spelling for words about to be stemmed, so that "generalised",
// "behavioural", "anaesthetic" and "randomisation" find "generalized", "behavioral", "anesthetic"
// and "randomization". The English stemmer alone keeps them apart ("generalis" vs "general").
#pragma once

#include <string>

namespace kestrel {

// Rewrites a lower-case ASCII word in place; leaves other words untouched.
void americanise(std::string& word);

}  // namespace kestrel
