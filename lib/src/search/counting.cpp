#include "search/counting.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>

namespace kestrel {
namespace {

// Facet values as a tree, depth first: each value followed by its children, siblings most
// frequent first. A value whose parent is not among them stands at the top.
std::vector<FacetCount> as_tree(std::vector<FacetCount> values) {
  std::sort(values.begin(), values.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  // Linear in the values: sources are an open facet and may have thousands.
  std::unordered_map<std::string_view, std::vector<size_t>> children;
  for (const FacetCount& v : values) children.try_emplace(v.value);
  std::vector<size_t> roots;
  for (size_t i = 0; i < values.size(); ++i) {
    auto parent = values[i].parent.empty() ? children.end() : children.find(values[i].parent);
    if (parent == children.end())
      roots.push_back(i);
    else
      parent->second.push_back(i);
  }
  std::vector<FacetCount> out;
  std::vector<bool> placed(values.size(), false);
  // Depth first, siblings in count order; taxonomy depth is bounded (with_ancestors stops at 16).
  std::vector<std::pair<size_t, int>> stack;
  for (auto r = roots.rbegin(); r != roots.rend(); ++r) stack.emplace_back(*r, 0);
  while (!stack.empty()) {
    auto [i, depth] = stack.back();
    stack.pop_back();
    if (placed[i] || depth > 16) continue;
    placed[i] = true;
    out.push_back(values[i]);
    const std::vector<size_t>& below = children[values[i].value];
    for (auto c = below.rbegin(); c != below.rend(); ++c) stack.emplace_back(*c, depth + 1);
  }
  for (size_t i = 0; i < values.size(); ++i)
    if (!placed[i]) out.push_back(values[i]);  // a cycle in a damaged taxonomy: flat, at the end
  return out;
}

// Study designs as the taxonomy lists them, strongest evidence first (as PubMed lists article
// types in a fixed order), not by count; designs it does not know after them, by count.
void in_evidence_order(std::vector<FacetCount>& values, const Taxonomy& taxonomy) {
  const std::vector<FacetValue>& designs = taxonomy.values(Facet::kStudy);
  auto place = [&](const FacetCount& v) {
    const FacetValue* known = taxonomy.find(Facet::kStudy, v.value);
    return known ? static_cast<size_t>(known - designs.data()) : designs.size();
  };
  std::stable_sort(values.begin(), values.end(),
                   [&](const FacetCount& a, const FacetCount& b) { return place(a) < place(b); });
}

}  // namespace

MatchCount unranked_counts(const Xapian::Database& db, const Xapian::Query& query, Tally& tally) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  tally.attach(enquire);
  return count_of(enquire.get_mset(0, 0, kExactCountBudget), tally);
}

std::vector<FacetResult> facet_results(const FacetArray<ValueCounts>& counts,
                                       const SearchRequest& request, const Taxonomy& taxonomy) {
  std::vector<FacetResult> results;
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    std::set<std::string> selected;
    for (const std::string& value : request.filters[f])
      selected.insert(taxonomy.canonical(facet, value));
    FacetResult result{facet, {}};
    for (const auto& [name, count] : counts[f]) {
      bool is_selected = selected.erase(name) > 0;
      result.values.push_back({name, count, is_selected, {}});
    }
    // A selected value that no match has (or that this index lacks) still shows, with 0.
    for (const std::string& name : selected) result.values.push_back({name, 0, true, {}});
    for (FacetCount& value : result.values) {
      if (const FacetValue* known = taxonomy.find(facet, value.value)) value.parent = known->parent;
    }
    result.values = as_tree(std::move(result.values));
    if (facet == Facet::kStudy) in_evidence_order(result.values, taxonomy);
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<SearchResult::YearCount> published_years(const Tally& tally, uint64_t matches) {
  std::vector<SearchResult::YearCount> out;
  for (auto [year, count] : tally.years(matches)) out.push_back({year, count});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  return out;
}

}  // namespace kestrel
