// The taxonomy names nearest a query that found nothing, for the staff's report.
#include "search/near_names.h"

#include <catch2/catch.hpp>

using namespace kestrel;

TEST_CASE("near names: letter trigrams, and a name held whole", "[search]") {
  auto parsed = Taxonomy::parse(
      "condition:\n  detect_min_mentions: 2\n  values:\n"
      "    - value: PTSD\n      aliases: [post-traumatic stress disorder]\n"
      "    - value: depression\n      aliases: [major depressive disorder]\n"
      "    - value: OCD\n      aliases: [obsessive-compulsive disorder]\n"
      "route:\n  detect_min_mentions: 0\n  values:\n"
      "    - value: intranasal\n      aliases: [nasal spray, esketamine spray]\n"
      "source:\n  detect_min_mentions: 0\n  values:\n    - value: PubMed\n",
      "test taxonomy");
  REQUIRE(parsed.ok());
  const Taxonomy& taxonomy = *parsed;
  struct Row {
    const char* query;
    const char* value;  // the nearest value, or "" for none
    const char* name;   // through which of its names
  };
  const Row rows[] = {
      {"esketamine", "intranasal", "esketamine spray"},         // held whole by an alias
      {"Esketamine Spray!", "intranasal", "esketamine spray"},  // in normal form
      {"depresion", "depression", "depression"},                // a typo: most trigrams shared
      {"post traumatic stres", "PTSD", "post-traumatic stress disorder"},
      {"obsesive compulsive", "OCD", "obsessive-compulsive disorder"},
      {"xyzzyplugh", "", ""},  // nothing near
  };
  for (const Row& row : rows) {
    INFO(row.query);
    std::vector<NearName> near = nearest_names(taxonomy, row.query, 3, 0.3);
    if (std::string(row.value).empty()) {
      CHECK(near.empty());
      continue;
    }
    REQUIRE_FALSE(near.empty());
    CHECK(near[0].value == row.value);
    CHECK(near[0].name == row.name);
    for (size_t i = 1; i < near.size(); ++i) CHECK(near[i - 1].similarity >= near[i].similarity);
  }
  // One entry per value, at most `limit`.
  CHECK(nearest_names(taxonomy, "disorder", 2, 0.3).size() == 2);
}
