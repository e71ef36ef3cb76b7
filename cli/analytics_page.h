// What visitors look for, as one self-contained HTML page for the clinic's staff
// (kestrel-search --analytics DIR --html FILE): searches and the no-result rate per day as charts,
// the top queries, and each query that found nothing beside the taxonomy names and articles
// nearest it, so that a clinician sees which alias or article is missing. No script, no network:
// the charts are inline SVG with a table of the same figures.
#pragma once

#include <string>
#include <vector>

#include "kestrel/analytics.h"
#include "kestrel/searcher.h"

namespace kestrel::cli {

// For one query that found nothing: what the index has nearest it.
struct NoResultHelp {
  std::string query;
  std::vector<NearName> names;
  std::vector<Hit> articles;
};

std::string analytics_page(const AnalyticsReport& report, unsigned min_searches,
                           const std::vector<NoResultHelp>& help, const std::string& generated);

}  // namespace kestrel::cli
