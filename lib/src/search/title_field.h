// The title as a field of its own: a clause found in the title is weighed by BM25 over the title
// alone, normalised by the title's length against the mean title, as Elasticsearch's multi_match
// weighs each field with its own length norm. Xapian 1.4 has one length per document (title and
// body together), so its BM25 cannot tell a five-word title naming the condition from an
// eighteen-word one that names it among others; a posting source over the title-length slot can.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace kestrel {

// What the title field is weighed by, derived once per index revision (Snapshot).
struct TitleStatistics {
  Xapian::doccount titled = 0;  // articles with a title of their own (the title-length slot's)
  double mean_length = 0;       // their titles' mean length in terms; 0 when none
};

// The statistics of `db` (all parts), from each part's schema::meta::kTitleLengthTotal (one per
// shard, or the index's alone).
TitleStatistics title_statistics(const std::vector<std::string>& totals,
                                 const Xapian::Database& db);

// Cheap to construct; holds a reference to the database. Not thread-safe (Xapian objects).
class TitleField {
 public:
  TitleField(const Xapian::Database& db, const TitleStatistics& titles)
      : db_(db), titles_(titles) {}

  // Documents whose title holds one of `names` (each a sequence of title-prefixed terms, a phrase
  // when longer than one), weighed as BM25 weighs one occurrence of a term of that rarity in a
  // field of the title's length. Empty when there are no names or no titles.
  Xapian::Query match(const std::vector<std::vector<std::string>>& names) const;

 private:
  const Xapian::Database& db_;
  TitleStatistics titles_;
};

}  // namespace kestrel
