#include "search/body_words.h"

#include <algorithm>
#include <cmath>

namespace kestrel {

std::vector<std::pair<std::string, double>> best_body_words(Xapian::Enquire& enquire,
                                                            const Xapian::RSet& rset,
                                                            Xapian::termcount count) {
  BodyWords body_words;
  // Twice as many as wanted, so that words tied with the last one are all seen.
  Xapian::ESet candidates =
      enquire.get_eset(count * 2, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &body_words);
  std::vector<std::pair<std::string, double>> words;
  for (auto it = candidates.begin(); it != candidates.end(); ++it)
    words.emplace_back(*it, std::round(it.get_weight() * 1e9) / 1e9);
  std::sort(words.begin(), words.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (words.size() > count) words.resize(count);
  return words;
}

}  // namespace kestrel
