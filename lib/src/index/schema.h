// What goes into a Kestrel index, in one table: every field's JSON name, term prefix, value slot,
// and how it is analysed. No other file spells a prefix, slot or metadata key.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "kestrel/facets.h"
#include "kestrel/result.h"

namespace kestrel::schema {

// Bump when the index layout changes; readers refuse an index of another version.
// 2: the body is stored after the metadata JSON instead of inside it.
// 3: the body, with its words' offsets and terms, in its own value slot (stored_body.h); the
//    metadata as length-prefixed fields instead of JSON (stored_article.h).
// 4: the study facet, the evidence rank and the participants stated (the stored record's format 2).
// 5: the title's length in terms, in a value slot, and their sum in the metadata (title_field.h).
inline constexpr int kSchemaVersion = 5;

enum class Field {
  kId,
  kTitle,
  kBody,
  kCondition,
  kRoute,
  kSource,
  kPublished,
  kContentHash,
  kOrigin,
  kStudy,
  kEvidence,     // the study design's rank in the taxonomy, for SortOrder::kEvidence
  kTitleLength,  // the title's terms, counted (title_length_value); absent without a title
};

inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

struct FieldSpec {
  Field field;
  std::string_view name;    // JSON and query-syntax name
  std::string_view prefix;  // Xapian term prefix; "" for the unprefixed body terms
  Xapian::valueno slot;     // value slot, or kNoSlot
  bool facet;               // boolean filter terms plus a slot counted for facets
  bool multi_valued;        // slot holds several values joined by kValueSeparator
  bool stemmed_text;        // analysed free text with positions
};

const FieldSpec& spec(Field field);
const FieldSpec& spec(Facet facet);

// Separates the values of a multi-valued slot; a taxonomy value has no control characters.
inline constexpr char kValueSeparator = '\x1f';

// The values of a multi-valued slot, in order, empty ones skipped (views into `joined`).
std::vector<std::string_view> split_values(std::string_view joined);

// The year of a stored date (YYYY-MM-DD, checked when indexed), or 0 when there is none.
int year_of(std::string_view date);

// How much a title word outweighs a body word: title terms are also indexed unprefixed with this
// within-document frequency, so a plain query ranks title matches higher (BM25 saturates it).
inline constexpr Xapian::termcount kTitleWdf = 3;

// The value of Field::kTitleLength for a title of `words` terms: Xapian's sortable encoding.
std::string title_length_value(size_t words);

// The boolean term that marks `value` of a facet ("XC:PTSD"). The colon keeps a value that
// starts with a capital letter from reading as a longer prefix.
std::string facet_term(Facet facet, std::string_view value);

// The unique term of an article id ("Qketamine-chronic-ptsd").
std::string id_term(std::string_view id);

// Records this program's schema and analyzer versions in `db`'s metadata.
void write_versions(Xapian::WritableDatabase& db);

// kIndexVersion ("DIR: index has schema version 1 and analyzer version 1; this program uses 2 and
// 1: run kestrel-index --rebuild") unless `db` was written with this program's versions.
Status check_versions(const Xapian::Database& db, const std::string& index_dir);

// Index metadata keys.
namespace meta {
inline constexpr const char* kSchemaVersion = "kestrel.schema_version";
inline constexpr const char* kAnalyzerVersion = "kestrel.analyzer_version";
inline constexpr const char* kCorpusPaths = "kestrel.corpus_paths";
inline constexpr const char* kBuildTime = "kestrel.build_time";
inline constexpr const char* kDocumentCount = "kestrel.document_count";
inline constexpr const char* kTaxonomy = "kestrel.taxonomy";
inline constexpr const char* kShard = "kestrel.shard";  // "2/3": shard 2 of 3; absent: whole
// The titles' lengths in terms, summed ("1234"): over the value slot's count (the titled
// articles), their mean. A sum, not a mean, so that shards add up to what the whole index has.
inline constexpr const char* kTitleLengthTotal = "kestrel.title_length_total";
}  // namespace meta

}  // namespace kestrel::schema
