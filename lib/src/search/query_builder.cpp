#include "search/query_builder.h"

#include <algorithm>

#include "index/schema.h"
#include "kestrel/utf8.h"
#include "search/phrase_query.h"

namespace kestrel {
namespace {

// Bounds on query cost: clauses beyond these are ignored, so no query can be made arbitrarily
// expensive by typing more.
constexpr size_t kMaxClauses = 32;
constexpr size_t kPrefixExpansions = 12;
// How many typos a word absent from the index may have corrected, by its length in letters:
// Meilisearch's defaults (none below 5 letters: "ket" is a prefix, "iv" an abbreviation; one
// from 5; two from 9), where a typo on the first letter counts as two (Vocabulary::nearest).
// Before, words of 7 or 8 letters took two edits and the first letter could change: NFCorpus dev
// titles queries had "vaseline" corrected to "baseline", "dulse" to "pulse", "aricept" to "accept"
// and "curtain" to "sustain", and the clinic's "right" became "might". (Within the rules,
// "asparagus", absent from NFCorpus, still becomes "apparatus": two typos away, nine letters.)
constexpr size_t kMinLettersForOneTypo = 5;
constexpr size_t kMinLettersForTwoTypos = 9;

unsigned typos_allowed(std::string_view utf8_word) {
  auto letters = static_cast<size_t>(std::count_if(
      utf8_word.begin(), utf8_word.end(), [](char c) { return !is_utf8_continuation(c); }));
  return letters >= kMinLettersForTwoTypos ? 2 : letters >= kMinLettersForOneTypo ? 1 : 0;
}

std::vector<std::string> prefixed(const std::vector<std::string>& terms,
                                  const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(prefix + t);
  return out;
}

// Xapian::Query::MatchAll is one static object, and Xapian's reference counts are not atomic:
// every empty query copied it, so server threads raced on its count and freed it under each
// other (a crash within a second of 32 connections browsing; ThreadSanitizer shows the race).
// Each query builds its own match-all instead. The rule behind it: no Xapian object, not even a
// library static, is used by two threads (searcher.cpp, Snapshot).
Xapian::Query match_all() {
  return Xapian::Query(std::string());
}

// Whether every document with phrase `outer` also has phrase `inner`: `inner`'s terms are a run
// of `outer`'s ("depress" in "major depress disord").
bool contains_phrase(const std::vector<std::string>& outer, const std::vector<std::string>& inner) {
  return std::search(outer.begin(), outer.end(), inner.begin(), inner.end()) != outer.end();
}

// The names among `marks` that hold no other (and no repeat): the ones a synonym is made of.
std::vector<const std::vector<std::string>*> distinct_names(
    const std::vector<std::vector<std::string>>& marks) {
  std::vector<const std::vector<std::string>*> names;
  for (size_t i = 0; i < marks.size(); ++i) {
    bool redundant = false;
    for (size_t j = 0; j < marks.size() && !redundant; ++j) {
      bool same = marks[j] == marks[i];
      redundant = same ? j < i : contains_phrase(marks[i], marks[j]);
    }
    if (!redundant) names.push_back(&marks[i]);
  }
  return names;
}

}  // namespace

Xapian::Query QueryBuilder::facet_filter(Facet facet, const std::string& canonical_value) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(schema::facet_term(facet, canonical_value)), 0);
}

void QueryBuilder::push(Clause clause) {
  if (clause.query.empty() || clauses_.size() >= kMaxClauses) return;
  clause.or_with_previous =
      pending_or_ && !clause.negated && !clauses_.empty() && !clauses_.back().negated;
  clauses_.push_back(std::move(clause));
  pending_or_ = false;
}

QueryBuilder::Clause QueryBuilder::synonym_clause(const AliasPhrase& matched) {
  Clause clause;
  for (const AliasPhrase* phrase : taxonomy_.phrases_of(matched.facet, matched.value_index))
    clause.marks.push_back(phrase->terms);
  // The names weigh as one word, as Xapian's OP_SYNONYM and Lucene's SynonymQuery do: their
  // occurrences add up under one saturation and one idf. A name that holds another adds no
  // match, only a second count of the same words (Xapian 1.4 counts a phrase as often as its
  // rarest word), so it is left out; "depression" is then the one word "depress". OR'ed, each
  // name counted on its own, each of its words too, so "major depressive disorder" counted for
  // "depression" four times over: for the query "depression" the clinic's PTSD article, which
  // names MDD, scored 8.7 and the article titled "Ketamine Beyond Depression", which says it 14
  // times, 1.1.
  std::vector<Xapian::Query> names;
  for (const std::vector<std::string>* name : distinct_names(clause.marks))
    names.push_back(phrase_of(*name));
  const FacetValue& value = taxonomy_.values(matched.facet)[matched.value_index];
  // Articles tagged with the value in front matter match too, even if their text never names it.
  clause.query = Xapian::Query(Xapian::Query::OP_OR,
                               Xapian::Query(Xapian::Query::OP_SYNONYM, names.begin(), names.end()),
                               facet_filter(matched.facet, value.value));
  return clause;
}

// Tokens [first, last] as a phrase; a compound matches written apart ("post traumatic"),
// hyphenated or together ("posttraumatic"): the parts' phrase or the phrase with the join,
// weighed as one word (OP_SYNONYM). OR'ed, a compound weighed as its parts' words, each over the
// whole article, and its join on top: "plant-based" counted twice and every "plant" in the
// article too. As one word, NFCorpus dev nDCG@10 rose on all four sets (titles 0.3264 -> 0.3290,
// nontopic 0.3067 -> 0.3127, vid-titles 0.3011 -> 0.3088, vid-desc 0.3302 -> 0.3367), Recall@100
// within 0.0002.
QueryBuilder::Clause QueryBuilder::phrase_clause(const std::vector<Token>& tokens, size_t first,
                                                 size_t last, const std::string& prefix) {
  std::vector<std::string> parts, joined;
  bool has_compound = false;
  for (size_t i = first; i <= last; ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kCompoundJoin) {
      has_compound = true;
      joined.resize(joined.size() - std::min<size_t>(t.parts, joined.size()));
      joined.push_back(t.term);
    } else {
      parts.push_back(t.term);
      joined.push_back(t.term);
    }
  }
  Clause clause;
  if (parts.empty()) return clause;
  clause.marks = {parts};
  clause.query = phrase_of(prefixed(parts, prefix));
  if (has_compound) {
    clause.marks.push_back(joined);
    clause.query =
        Xapian::Query(Xapian::Query::OP_SYNONYM, clause.query, phrase_of(prefixed(joined, prefix)));
  }
  return clause;
}

QueryBuilder::Clause QueryBuilder::word_clause(const Token& token, size_t offset, bool prefix) {
  std::string term = token.term;
  unsigned typos = typos_allowed(token.word);
  if (!prefix && !token.is_number && typos > 0 && db_.get_termfreq(term) == 0) {
    std::string suggestion = vocabulary_().nearest(token.word, typos);
    if (!suggestion.empty()) {
      std::string corrected = analyzer_.term_for_word(suggestion);
      if (db_.get_termfreq(corrected) > 0) {
        term = corrected;
        corrections_.push_back(Correction{offset + token.begin, offset + token.end, suggestion});
      }
    }
  }
  Clause clause;
  clause.marks = {{term}};
  if (!prefix) {
    clause.query = Xapian::Query(term);
    return clause;
  }
  // As you type: the word so far, or any frequent word it begins.
  std::vector<Xapian::Query> alternatives{Xapian::Query(term)};
  for (const std::string& word : vocabulary_().complete(token.word, kPrefixExpansions)) {
    std::vector<std::string> completed{analyzer_.term_for_word(word)};
    if (std::find(clause.marks.begin(), clause.marks.end(), completed) != clause.marks.end())
      continue;
    clause.marks.push_back(completed);
    alternatives.emplace_back(completed[0]);
  }
  // One word being typed, however many it may become: weighed as one, as Xapian's QueryParser
  // weighs a partial word's expansions (OP_SYNONYM).
  clause.query = Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
  return clause;
}

void QueryBuilder::add_text_run(std::string_view text, size_t offset, LastWord last_word,
                                bool negated) {
  std::vector<Token> tokens;
  analyzer_.analyze(text, 0, tokens);
  bool typing = last_word == LastWord::kBeingTyped;
  std::vector<AliasMatch> matches;
  for (size_t i = 0; i < tokens.size();) {
    const Token& token = tokens[i];
    bool last = i + 1 == tokens.size() || (tokens.back().kind == TokenKind::kCompoundJoin &&
                                           i + 1 + tokens.back().parts >= tokens.size());
    matches.clear();
    if (!taxonomy_.empty()) taxonomy_.match_at(tokens, i, text, MatchFor::kQuery, matches);
    // A synonym is taken as typed unless it is the word still being typed.
    if (!matches.empty() && !(typing && i + matches[0].token_count >= tokens.size() &&
                              matches[0].token_count == 1 && token.kind == TokenKind::kWord)) {
      Clause clause = synonym_clause(*matches[0].phrase);
      clause.negated = negated;
      push(std::move(clause));
      i += matches[0].token_count;
      continue;
    }
    if (token.kind == TokenKind::kCompoundPart) {
      size_t end = i;
      while (end + 1 < tokens.size() && tokens[end].kind != TokenKind::kCompoundJoin) ++end;
      Clause clause = phrase_clause(tokens, i, end, "");
      clause.negated = negated;
      push(std::move(clause));
      i = end + 1;
      continue;
    }
    // Stop words are kept only in a query of nothing else ("the who"), and in phrases.
    if (!Analyzer::is_stop_word(token.word)) {
      Clause clause = word_clause(token, offset, typing && last);
      clause.negated = negated;
      push(std::move(clause));
    } else if (!negated) {
      stop_words_.push_back(Clause{Xapian::Query(token.term), false, false, {{token.term}}});
    }
    ++i;
  }
}

void QueryBuilder::add_phrase(std::string_view text, bool negated) {
  std::vector<Token> tokens;
  analyzer_.analyze(text, 0, tokens);
  if (tokens.empty()) return;
  Clause clause = phrase_clause(tokens, 0, tokens.size() - 1, "");
  clause.negated = negated;
  push(std::move(clause));
}

void QueryBuilder::add_field(const std::string& field, std::string_view value, bool negated) {
  if (field == "title") {
    std::vector<Token> tokens;
    analyzer_.analyze(value, 0, tokens);
    if (tokens.empty()) return;
    // Title words are also marked where the body has them.
    Clause clause = phrase_clause(tokens, 0, tokens.size() - 1,
                                  std::string(schema::spec(schema::Field::kTitle).prefix));
    clause.negated = negated;
    clause.title_field = true;
    return push(std::move(clause));
  }
  std::optional<Facet> facet = facet_from_name(field);
  if (!facet) return;
  push(Clause{facet_filter(*facet, taxonomy_.canonical(*facet, value)), negated, false, {}});
}

void QueryBuilder::add_item(const QueryItem& item, LastWord last_word) {
  switch (item.kind) {
    case ItemKind::kWords:
      return add_text_run(item.text, item.offset, last_word, item.negated);
    case ItemKind::kPhrase:
      return add_phrase(item.text, item.negated);
    case ItemKind::kField:
      return add_field(item.field, item.text, item.negated);
    case ItemKind::kOr:
      pending_or_ = true;
      return;
  }
}

BuiltQuery QueryBuilder::build(std::string_view text, LastWord last_word) {
  clauses_.clear();
  corrections_.clear();
  stop_words_.clear();
  pending_or_ = false;
  std::vector<QueryItem> items = read_query(text);
  // Only a run of words at the very end can hold a word being typed.
  if (!ends_inside_word(text)) last_word = LastWord::kComplete;
  bool uses_operators = std::any_of(items.begin(), items.end(), [](const QueryItem& item) {
    return item.kind != ItemKind::kWords || item.negated;
  });
  for (size_t i = 0; i < items.size(); ++i) {
    bool final_run =
        i + 1 == items.size() && items[i].kind == ItemKind::kWords && !items[i].negated;
    add_item(items[i], final_run ? last_word : LastWord::kComplete);
  }
  bool has_positive =
      std::any_of(clauses_.begin(), clauses_.end(), [](const Clause& c) { return !c.negated; });
  if (!has_positive) {
    for (Clause& word : stop_words_) clauses_.push_back(std::move(word));
  }
  BuiltQuery built = combine(text);
  built.uses_operators = uses_operators;
  return built;
}

// The clause, plus the same names found in the title as a title match of their own: every way
// the clause can be written (a word, its synonyms' phrases, a compound apart or joined) over the
// title's terms, weighed as one field (TitleField). A title word was already counted kTitleWdf
// times in the body's terms; what this adds is the title as a field with its own statistics and
// its own length, so that an article whose title names the condition outranks one whose body
// says it often, and a short title naming it outranks a long one naming it among others.
Xapian::Query QueryBuilder::with_title_match(const Clause& clause) const {
  if (clause.title_field || clause.marks.empty()) return clause.query;
  const std::string title_prefix(schema::spec(schema::Field::kTitle).prefix);
  std::vector<std::vector<std::string>> names;
  for (const std::vector<std::string>* terms : distinct_names(clause.marks))
    names.push_back(prefixed(*terms, title_prefix));
  Xapian::Query in_title = title_field_.match(names);
  if (in_title.empty()) return clause.query;
  return Xapian::Query(Xapian::Query::OP_OR, clause.query, in_title);
}

// Clauses -> the all-words and any-word queries, the terms to highlight and the corrected text.
BuiltQuery QueryBuilder::combine(std::string_view text) {
  BuiltQuery built;
  std::vector<Xapian::Query> groups, exclusions;
  std::vector<std::vector<std::string>> excluded;
  for (Clause& clause : clauses_) {
    if (clause.negated) {
      exclusions.push_back(std::move(clause.query));
      excluded.insert(excluded.end(), clause.marks.begin(), clause.marks.end());
      continue;
    }
    clause.query = with_title_match(clause);
    // Clauses OR'ed together count as one for the snippet's choice of window.
    auto group = static_cast<uint32_t>(
        clause.or_with_previous && !groups.empty() ? groups.size() - 1 : groups.size());
    for (std::vector<std::string>& terms : clause.marks)
      built.highlights.push_back(HighlightPhrase{std::move(terms), group});
    if (clause.or_with_previous && !groups.empty())
      groups.back() = Xapian::Query(Xapian::Query::OP_OR, groups.back(), clause.query);
    else
      groups.push_back(std::move(clause.query));
  }
  // Excluded words are not highlighted.
  built.highlights.erase(std::remove_if(built.highlights.begin(), built.highlights.end(),
                                        [&](const HighlightPhrase& p) {
                                          return std::find(excluded.begin(), excluded.end(),
                                                           p.terms) != excluded.end();
                                        }),
                         built.highlights.end());
  built.clauses = groups.size();
  // Text with nothing searchable in it ("!!!", a lone "-") matches nothing; only a blank query
  // (or one of exclusions only) browses everything.
  bool blank = std::all_of(text.begin(), text.end(), is_query_space);
  if (groups.empty() && exclusions.empty() && !blank) {
    built.all_words = built.any_word = Xapian::Query();  // matches nothing
    built.highlights.clear();
    return built;
  }
  Xapian::Query all = groups.empty()
                          ? match_all()
                          : Xapian::Query(Xapian::Query::OP_AND, groups.begin(), groups.end());
  Xapian::Query any = groups.empty()
                          ? match_all()
                          : Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
  if (!exclusions.empty()) {
    built.excluded = Xapian::Query(Xapian::Query::OP_OR, exclusions.begin(), exclusions.end());
    all = Xapian::Query(Xapian::Query::OP_AND_NOT, all, built.excluded);
    any = Xapian::Query(Xapian::Query::OP_AND_NOT, any, built.excluded);
  }
  built.all_words = all;
  built.any_word = any;
  built.any_word_clauses = std::move(groups);
  if (!corrections_.empty()) {
    std::string corrected(text);
    std::sort(corrections_.begin(), corrections_.end(),
              [](const auto& a, const auto& b) { return a.begin > b.begin; });
    for (const auto& c : corrections_) corrected.replace(c.begin, c.end - c.begin, c.replacement);
    built.corrected = corrected;
  }
  return built;
}

}  // namespace kestrel
