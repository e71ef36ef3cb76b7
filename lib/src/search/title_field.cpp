#include "search/title_field.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "index/schema.h"
#include "search/phrase_query.h"

namespace kestrel {
namespace {

// Xapian's BM25Weight defaults (k1 1, b 0.5, min_normlen 0.5), which weigh the body: the title
// is weighed by the same formula over its own length, not by parameters fitted to it.
constexpr double kK1 = 1.0;
constexpr double kB = 0.5;
constexpr double kMinNormalisedLength = 0.5;
// How much a clause found in the title weighs beside the same clause in the body: as much, as
// Elasticsearch's multi_match over fields of equal boost. Chosen by that rule, not fitted: the
// clinic's queries are a check, and NFCorpus has no title field. (Measured with the title
// weighed by Xapian's BM25 over the whole document's length, before TitleField: clinic default
// nDCG@5 0.905 -> 0.924, nDCG@10 0.924 -> 0.938; 0.5 and 2 gave 0.920 and 0.936.)
constexpr double kTitleMatchWeight = 1.0;
// Titles of more terms weigh as one of this many: the mapping's default. The longest clinic
// title has 19; a medcorpus title above 40 is rare.
constexpr size_t kLongestMapped = 64;

// BM25's weight of one occurrence, by the field's length over the mean length.
double occurrence_weight(double normalised_length) {
  double norm = std::max(normalised_length, kMinNormalisedLength);
  return (kK1 + 1) / (kK1 * (norm * kB + 1 - kB) + 1);
}

// A term's rarity as Xapian 1.4's BM25 has it without relevance judgements: the Robertson /
// Sparck Jones log((N - n + 0.5) / (n + 0.5)), which Xapian lifts to log(1 + ratio / 2) below
// log 2 so that a common term never weighs nothing or less.
double rarity(double fields, double holding) {
  double ratio = (fields - holding + 0.5) / (holding + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;
  return std::log(ratio);
}

// How many titles hold one of the names: each name's rarest term's count, summed. Exact for one
// word; otherwise an upper bound (a phrase may be rarer than its rarest word), which errs towards
// a lower weight. Counting exactly would take a match over the title postings per clause.
Xapian::doccount titles_holding(const Xapian::Database& db,
                                const std::vector<std::vector<std::string>>& names) {
  Xapian::doccount holding = 0;
  for (const std::vector<std::string>& name : names) {
    Xapian::doccount rarest = 0;
    for (size_t i = 0; i < name.size(); ++i) {
      Xapian::doccount count = db.get_termfreq(name[i]);
      rarest = i == 0 ? count : std::min(rarest, count);
    }
    holding += rarest;
  }
  return holding;
}

// The title-length slot's value for 1 to kLongestMapped terms, encoded once: the mapping of
// every clause's source has them all. Plain strings, so sharing them between threads is safe.
const std::vector<std::string>& mapped_lengths() {
  static const std::vector<std::string> kValues = [] {
    std::vector<std::string> values;
    for (size_t words = 1; words <= kLongestMapped; ++words)
      values.push_back(schema::title_length_value(words));
    return values;
  }();
  return kValues;
}

}  // namespace

TitleStatistics title_statistics(const std::vector<std::string>& totals,
                                 const Xapian::Database& db) {
  double total = 0;
  for (const std::string& part : totals) total += std::strtod(part.c_str(), nullptr);
  TitleStatistics titles;
  titles.titled = db.get_value_freq(schema::spec(schema::Field::kTitleLength).slot);
  titles.mean_length = titles.titled ? total / titles.titled : 0;
  return titles;
}

Xapian::Query TitleField::match(const std::vector<std::vector<std::string>>& names) const {
  if (names.empty() || titles_.mean_length <= 0) return Xapian::Query();
  const Xapian::doccount holding = std::min(titles_holding(db_, names), titles_.titled);
  if (holding == 0) return Xapian::Query();

  std::vector<Xapian::Query> written;
  for (const std::vector<std::string>& name : names) written.push_back(phrase_of(name));
  Xapian::Query in_title(Xapian::Query::OP_OR, written.begin(), written.end());

  // The rarity and the field's weight are in the mapped weights, not an OP_SCALE_WEIGHT over the
  // source: Xapian 1.4 hands a posting source the minimum weight it must reach in the scaled
  // domain, and the source compares it with its unscaled maximum (ExternalPostList::next), so a
  // source scaled by more than 1 stopped early and some articles lost their title match (a
  // factor below 1, as kLoneWordShare's in ranking.cpp, only stops it later than it could). Seen as
  // a sharded search ranking otherwise than the whole index ("citrus to reduce muscle fatigue": an
  // article titled "Muscle conditioning in late poliomyelitis" was 10.03 in one, under 8.5 in the
  // other).
  const double scale = kTitleMatchWeight * rarity(titles_.titled, holding);
  auto* by_length =
      new Xapian::ValueMapPostingSource(schema::spec(schema::Field::kTitleLength).slot);
  const std::vector<std::string>& lengths = mapped_lengths();
  for (size_t i = 0; i < lengths.size(); ++i) {
    by_length->add_mapping(
        lengths[i], scale * occurrence_weight(static_cast<double>(i + 1) / titles_.mean_length));
  }
  by_length->set_default_weight(
      scale * occurrence_weight(static_cast<double>(kLongestMapped) / titles_.mean_length));
  return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(by_length->release()), in_title);
}

}  // namespace kestrel
