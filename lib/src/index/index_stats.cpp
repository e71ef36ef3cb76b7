#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "common/xapian_errors.h"
#include "index/index_location.h"
#include "index/schema.h"
#include "kestrel/indexer.h"

namespace kestrel {

Result<IndexStats> index_stats(const std::string& index_dir) {
  IndexLocation location(index_dir);
  unsigned generation = location.live_generation();
  if (generation == 0)
    return Error{ErrorCode::kNotFound, index_dir + ": no index here (run kestrel-index)"};
  try {
    Xapian::Database db(location.generation_path(generation));
    IndexStats stats;
    stats.index_dir = index_dir;
    stats.revision = revision_name(generation, db.get_revision());
    stats.documents = db.get_doccount();
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) ++stats.terms;
    stats.build_time = db.get_metadata(schema::meta::kBuildTime);
    stats.corpus_paths = db.get_metadata(schema::meta::kCorpusPaths);
    stats.schema_version = std::atoi(db.get_metadata(schema::meta::kSchemaVersion).c_str());
    stats.analyzer_version = std::atoi(db.get_metadata(schema::meta::kAnalyzerVersion).c_str());
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(location.generation_path(generation), ec)) {
      if (entry.is_regular_file(ec)) stats.disk_bytes += entry.file_size(ec);
    }
    for (Facet facet : kAllFacets) {
      std::vector<FacetValueCount> counts;
      std::string prefix = schema::facet_term(facet, "");
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        counts.push_back({(*it).substr(prefix.size()), it.get_termfreq()});
      }
      std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
      stats.facets.emplace_back(std::string(facet_name(facet)), std::move(counts));
    }
    return stats;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, index_dir);
  }
}

}  // namespace kestrel
