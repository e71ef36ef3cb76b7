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

// The mean title length in terms: the titles' lengths summed, from each part's
// schema::meta::kTitleLengthTotal (one per shard, or the index's alone), over the titled
// articles of `db` (all parts). 0 when there are no titles.
double mean_title_length(const std::vector<std::string>& totals, const Xapian::Database& db);

// Cheap to construct; holds a reference to the database. Not thread-safe (Xapian objects).
class TitleField {
 public:
  // `mean_length`: the index's mean title length in terms (schema::meta::kTitleLengthMean).
  TitleField(const Xapian::Database& db, double mean_length) : db_(db), mean_length_(mean_length) {}

  // Documents whose title holds one of `names` (each a sequence of title-prefixed terms, a phrase
  // when longer than one), weighed as BM25 weighs one occurrence of a term of that rarity in a
  // field of the title's length. Empty when there are no names or no titles.
  Xapian::Query match(const std::vector<std::vector<std::string>>& names) const;

 private:
  const Xapian::Database& db_;
  double mean_length_;
};

}  // namespace kestrel
