#include "search/suggestions.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "index/schema.h"

namespace kestrel {

std::vector<std::string> suggestions(const Xapian::Database& db, const Taxonomy& taxonomy,
                                     Analyzer& analyzer, std::string_view text, unsigned limit,
                                     const VocabularyAccess& vocabulary) {
  size_t last_space = text.find_last_of(" \t");
  std::string head(last_space == std::string_view::npos ? "" : text.substr(0, last_space + 1));
  std::string_view last = last_space == std::string_view::npos ? text : text.substr(last_space + 1);
  std::vector<std::string> out;
  auto add = [&](std::string suggestion) {
    if (out.size() >= limit) return;
    std::string folded = fold_name(suggestion);
    for (const auto& existing : out)
      if (fold_name(existing) == folded) return;
    out.push_back(std::move(suggestion));
  };
  // Taxonomy names: the whole text typed so far, or its last word, begins one.
  std::vector<std::pair<uint64_t, std::string>> names;
  std::string whole = fold_name(text), tail = fold_name(last);
  for (Facet facet : kAllFacets) {
    if (facet == Facet::kSource) continue;  // sources are filters, not things people search for
    for (const FacetValue& value : taxonomy.values(facet)) {
      uint64_t weight = db.get_termfreq(schema::facet_term(facet, value.value));
      std::vector<std::string> all = value.aliases;
      all.insert(all.begin(), value.value);
      for (const std::string& name : all) {
        std::string folded = fold_name(name);
        if (!whole.empty() && folded.rfind(whole, 0) == 0 && folded != whole)
          names.emplace_back(weight + 1000000, name);
        else if (!tail.empty() && tail.size() >= 2 && folded.rfind(tail, 0) == 0 && folded != tail)
          names.emplace_back(weight, head + name);
      }
    }
  }
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [weight, name] : names) add(std::move(name));
  std::string normalised = analyzer.normalise_word(last);
  if (!normalised.empty()) {
    for (const std::string& word : vocabulary().complete(normalised, limit)) {
      if (word != normalised) add(head + word);
    }
  }
  return out;
}

}  // namespace kestrel
