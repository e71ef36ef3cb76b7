#include "search/related.h"

#include <cctype>
#include <cmath>
#include <vector>

#include "index/schema.h"

namespace kestrel {
namespace {

// How many of the article's words describe it.
constexpr Xapian::termcount kDescribingWords = 25;
// Enough to outrank the describing words' BM25 weights. On the clinic corpus the first related
// article shared a condition with the article for 11 of 17 articles with words alone, 16 of 17
// with the conditions (the 17th, on anorexia, is the only one of its condition).
constexpr double kConditionWeight = 100;

}  // namespace

Xapian::Query related_query(const Xapian::Database& db, ExpansionWords& expansion_words,
                            Xapian::docid article, std::string_view id,
                            const std::vector<std::string>& conditions) {
  std::vector<std::pair<std::string, double>> words =
      expansion_words.best(db, {WeightedDocument{article}}, {}, kDescribingWords);
  if (words.empty()) return Xapian::Query();
  std::vector<Xapian::Query> weighted;
  for (const auto& [word, weight] : words)
    weighted.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(word), weight);
  // Sharing a condition counts most: a visitor reading about OCD wants OCD articles before
  // others with similar wording. Each shared condition adds a fixed weight, more for a rare one
  // (idf), enough to outrank any wording.
  const Xapian::doccount documents = db.get_doccount();
  for (const std::string& condition : conditions) {
    std::string term = schema::facet_term(Facet::kCondition, condition);
    Xapian::doccount having = db.get_termfreq(term);
    if (having == 0) continue;
    double weight = kConditionWeight * std::log(1.0 + double(documents) / double(having));
    auto* source = new Xapian::FixedWeightPostingSource(weight);
    weighted.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(source->release()),
                          Xapian::Query(term));
  }
  return Xapian::Query(Xapian::Query::OP_AND_NOT,
                       Xapian::Query(Xapian::Query::OP_OR, weighted.begin(), weighted.end()),
                       Xapian::Query(schema::id_term(id)));
}

}  // namespace kestrel
