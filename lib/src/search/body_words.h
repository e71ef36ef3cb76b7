// Xapian's relevance-set expansion, for pseudo-relevance feedback and related articles alike:
// which terms it may suggest (body words only: prefixed terms, for titles, ids and facets, and
// one- or two-letter terms are noise), and which it does suggest.
#pragma once

#include <xapian.h>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace kestrel {

struct BodyWords : Xapian::ExpandDecider {
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && !std::isupper(static_cast<unsigned char>(term[0]));
  }
};

// The `count` body words that best describe `rset`, with their expansion weights, best first.
// One index and its shards must choose the same words: term frequencies are exact (Xapian
// estimates them over several databases otherwise), weights are rounded to 1e-9 (sums of the
// same statistics differ in the last bits between layouts) and equal weights are ordered by the
// word (a near-tie at the last place chose different words in about one related-articles
// comparison in ten).
std::vector<std::pair<std::string, double>> best_body_words(Xapian::Enquire& enquire,
                                                            const Xapian::RSet& rset,
                                                            Xapian::termcount count);

}  // namespace kestrel
