// The spelling of each search option's values, in one table per option; the enum's value is its
// index in the table.
#include <algorithm>

#include "kestrel/searcher.h"

namespace kestrel {
namespace {

template <typename Enum>
std::optional<Enum> named(const std::vector<std::string>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<Enum>(it - names.begin());
}

}  // namespace

const std::vector<std::string>& sort_order_names() {
  static const std::vector<std::string> kNames = {"relevance", "date", "oldest",
                                                  "evidence"};  // SortOrder's order
  return kNames;
}

const std::vector<std::string>& query_mode_names() {
  static const std::vector<std::string> kNames = {"full", "prefix"};  // QueryMode's order
  return kNames;
}

const std::vector<std::string>& match_mode_names() {
  static const std::vector<std::string> kNames = {"auto", "all", "any"};  // MatchMode's order
  return kNames;
}

const std::vector<std::string>& ranking_policy_names() {
  static const std::vector<std::string> kNames = {"auto", "exact", "bounded"};  // RankingPolicy's
  return kNames;
}

const std::vector<std::string>& ranker_names() {
  static const std::vector<std::string> kNames = {"bm25", "learned"};  // Ranker's order
  return kNames;
}

std::optional<Ranker> ranker_named(std::string_view name) {
  return named<Ranker>(ranker_names(), name);
}

const std::string& ranking_name(Ranking ranking) {
  static const std::vector<std::string> kNames = {"exhaustive", "bounded"};  // Ranking's order
  return kNames[static_cast<size_t>(ranking)];
}

std::optional<SortOrder> sort_order_named(std::string_view name) {
  return named<SortOrder>(sort_order_names(), name);
}
std::optional<QueryMode> query_mode_named(std::string_view name) {
  return named<QueryMode>(query_mode_names(), name);
}
std::optional<MatchMode> match_mode_named(std::string_view name) {
  return named<MatchMode>(match_mode_names(), name);
}
std::optional<RankingPolicy> ranking_policy_named(std::string_view name) {
  return named<RankingPolicy>(ranking_policy_names(), name);
}

}  // namespace kestrel
