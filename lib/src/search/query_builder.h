// Turns what a visitor types into a Xapian query, through the same Analyzer the indexer used.
// Syntax, none of which a visitor needs to know: words (all required), "quoted phrases",
// -word and -"phrase" to exclude, OR between two words or phrases, title:word, and
// condition:/route:/source: followed by a facet value (quoted if it has spaces). Taxonomy names
// expand into all their synonyms (multi-word ones as phrases); a word missing from the index is
// corrected through the spelling dictionary. Never throws on any input.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>

#include "kestrel/analyzer.h"
#include "kestrel/searcher.h"
#include "analysis/taxonomy.h"
#include "search/vocabulary.h"

namespace kestrel {

struct BuiltQuery {
  Xapian::Query all_words;  // every clause required: the normal query
  Xapian::Query any_word;   // any clause: the fallback when all_words matches nothing
  size_t clauses = 0;       // positive clauses; 0 means browse (match all, minus exclusions)
  std::string corrected;    // the query with corrections applied, or empty
  std::unordered_set<std::string> highlight_terms;
};

// Cheap to construct; holds references only. Not thread-safe (uses the caller's Analyzer).
class QueryBuilder {
 public:
  // `vocabulary` may be null when mode is kFull.
  QueryBuilder(const Xapian::Database& db, const Taxonomy& taxonomy, Analyzer& analyzer,
               const Vocabulary* vocabulary)
      : db_(db), taxonomy_(taxonomy), analyzer_(analyzer), vocabulary_(vocabulary) {}

  BuiltQuery build(std::string_view text, QueryMode mode);

  // The query for one facet value as a filter: its term, boolean (adds no weight).
  static Xapian::Query facet_filter(Facet facet, const std::string& canonical_value);

 private:
  struct Clause {
    Xapian::Query query;
    bool negated = false;
    bool or_with_previous = false;
  };
  struct Correction {
    size_t begin, end;
    std::string replacement;
  };

  void add_text_run(std::string_view text, size_t offset, bool prefix_last, bool negated);
  void add_phrase(std::string_view text, bool negated);
  bool add_field(std::string_view field, std::string_view value, bool negated);
  void push(Xapian::Query query, bool negated);

  Xapian::Query word_query(const Token& token, size_t offset, bool prefix);
  Xapian::Query synonym_query(const AliasPhrase& phrase);
  Xapian::Query phrase_query(const std::vector<Token>& tokens, size_t first, size_t last,
                             const std::string& prefix);

  const Xapian::Database& db_;
  const Taxonomy& taxonomy_;
  Analyzer& analyzer_;
  const Vocabulary* vocabulary_;

  std::vector<Clause> clauses_;
  std::vector<Correction> corrections_;
  bool pending_or_ = false;
  std::vector<Xapian::Query> stop_words_;  // used only when the query has nothing else
};

}  // namespace kestrel
