// Turns the items of a query (query_syntax.h) into a Xapian query, through the same Analyzer the
// indexer used. Taxonomy names expand into all their synonyms (multi-word ones as phrases); a word
// missing from the index is corrected through the spelling dictionary. Never throws on any input.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/taxonomy.h"
#include "kestrel/analyzer.h"
#include "search/query_syntax.h"
#include "search/snippet.h"
#include "search/title_field.h"
#include "search/vocabulary.h"

namespace kestrel {

struct BuiltQuery {
  Xapian::Query all_words;  // every clause required: the normal query
  Xapian::Query any_word;   // any clause: the fallback when all_words matches nothing
  // any_word's parts: its clauses, OR'ed, and the exclusions (OR'ed; empty: none) it is
  // AND_NOT'ed with. Empty clauses when the query browses or matches nothing.
  std::vector<Xapian::Query> any_word_clauses;
  Xapian::Query excluded;
  size_t clauses = 0;     // positive clauses; 0 means browse (match all, minus exclusions)
  std::string corrected;  // the query with corrections applied, or empty
  std::vector<HighlightPhrase> highlights;  // what snippets mark, by clause
  // The query uses the syntax (a quoted phrase, a field, OR, an exclusion): it is taken as
  // written, with no expansion.
  bool uses_operators = false;
};

// Whether the query's last word is complete, or still being typed (then it is also a prefix:
// "ketam" finds ketamine).
enum class LastWord { kComplete, kBeingTyped };

// Cheap to construct; holds references only. Not thread-safe (uses the caller's Analyzer).
class QueryBuilder {
 public:
  // `vocabulary` is asked for only when a word is absent from the index or being typed.
  // `titles`: the index's (title_statistics), for TitleField.
  QueryBuilder(const Xapian::Database& db, const Taxonomy& taxonomy, Analyzer& analyzer,
               VocabularyAccess vocabulary, const TitleStatistics& titles)
      : db_(db),
        taxonomy_(taxonomy),
        analyzer_(analyzer),
        vocabulary_(std::move(vocabulary)),
        title_field_(db, titles) {}

  BuiltQuery build(std::string_view text, LastWord last_word);

  // The query for one facet value as a filter: its term, boolean (adds no weight).
  static Xapian::Query facet_filter(Facet facet, const std::string& canonical_value);

 private:
  struct Clause {
    Xapian::Query query;
    bool negated = false;
    bool or_with_previous = false;
    // The body's form of its terms, as the phrases a snippet marks: one term for a word (and
    // one for each completion of a word being typed), several for a synonym or quoted phrase.
    std::vector<std::vector<std::string>> marks;
    bool title_field = false;  // title:word, already a title clause
  };
  struct Correction {
    size_t begin, end;
    std::string replacement;
  };

  void add_item(const QueryItem& item, LastWord last_word);
  void add_text_run(std::string_view text, size_t offset, LastWord last_word, bool negated);
  void add_phrase(std::string_view text, bool negated);
  void add_field(const std::string& field, std::string_view value, bool negated);
  void push(Clause clause);
  BuiltQuery combine(std::string_view text);
  Xapian::Query with_title_match(const Clause& clause) const;

  Clause word_clause(const Token& token, size_t offset, bool prefix);
  Clause synonym_clause(const AliasPhrase& phrase);
  Clause phrase_clause(const std::vector<Token>& tokens, size_t first, size_t last,
                       const std::string& prefix);

  const Xapian::Database& db_;
  const Taxonomy& taxonomy_;
  Analyzer& analyzer_;
  VocabularyAccess vocabulary_;
  TitleField title_field_;

  std::vector<Clause> clauses_;
  std::vector<Correction> corrections_;
  bool pending_or_ = false;
  std::vector<Clause> stop_words_;  // used only when the query has nothing else
};

}  // namespace kestrel
