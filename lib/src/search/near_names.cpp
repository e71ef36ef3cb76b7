#include "search/near_names.h"

#include <algorithm>
#include <set>
#include <string>

#include "kestrel/analytics.h"

namespace kestrel {
namespace {

// Letter trigrams of each word, padded (" ke", "ket", ..., "ne "), as a set.
std::set<std::string> trigrams(const std::string& normal) {
  std::set<std::string> out;
  size_t begin = 0;
  while (begin < normal.size()) {
    size_t end = normal.find(' ', begin);
    if (end == std::string::npos) end = normal.size();
    std::string word = " " + normal.substr(begin, end - begin) + " ";
    for (size_t i = 0; i + 3 <= word.size(); ++i) out.insert(word.substr(i, 3));
    begin = end + 1;
  }
  return out;
}

double similarity(const std::string& a, const std::set<std::string>& a_grams,
                  const std::string& b) {
  if (a.empty() || b.empty()) return 0;
  if (a.find(b) != std::string::npos || b.find(a) != std::string::npos) return 1;
  std::set<std::string> b_grams = trigrams(b);
  size_t shared = 0;
  for (const std::string& g : b_grams) shared += a_grams.count(g);
  return 2.0 * double(shared) / double(a_grams.size() + b_grams.size());
}

}  // namespace

std::vector<NearName> nearest_names(const Taxonomy& taxonomy, std::string_view text, unsigned limit,
                                    double minimum) {
  std::string normal = normal_query(text);
  std::set<std::string> grams = trigrams(normal);
  std::vector<NearName> out;
  for (Facet facet : kAllFacets) {
    for (const FacetValue& value : taxonomy.values(facet)) {
      NearName best{facet, value.value, value.value, 0};
      std::vector<const std::string*> names{&value.value};
      for (const std::string& alias : value.aliases) names.push_back(&alias);
      for (const std::string* name : names) {
        double s = similarity(normal, grams, normal_query(*name));
        if (s > best.similarity) {
          best.similarity = s;
          best.name = *name;
        }
      }
      if (best.similarity >= minimum) out.push_back(std::move(best));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const NearName& a, const NearName& b) {
    return a.similarity > b.similarity;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace kestrel
