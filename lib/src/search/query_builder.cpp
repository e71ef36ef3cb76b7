#include "search/query_builder.h"

#include <algorithm>
#include <cctype>

#include "index/schema.h"

namespace kestrel {
namespace {

// Bounds on query cost: clauses beyond these are ignored, so no query can be made arbitrarily
// expensive by typing more.
constexpr size_t kMaxClauses = 32;
constexpr size_t kPrefixExpansions = 12;
// Words shorter than this are never "corrected": "ket" is a prefix, "iv" an abbreviation.
constexpr size_t kMinCorrectedWordBytes = 5;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::vector<std::string> prefixed(const std::vector<std::string>& terms, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(prefix + t);
  return out;
}

Xapian::Query phrase_of(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

// Xapian::Query::MatchAll is one static object, and Xapian's reference counts are not atomic:
// every empty query copied it, so server threads raced on its count and freed it under each
// other (a crash within a second of 32 connections browsing; ThreadSanitizer shows the race).
// Each query builds its own match-all instead. The rule behind it: no Xapian object, not even a
// library static, is used by two threads (searcher.cpp, Snapshot).
Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace

Xapian::Query QueryBuilder::facet_filter(Facet facet, const std::string& canonical_value) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::facet_term(facet, canonical_value)), 0);
}

void QueryBuilder::push(Xapian::Query query, bool negated) {
  if (query.empty() || clauses_.size() >= kMaxClauses) return;
  bool or_previous = pending_or_ && !negated && !clauses_.empty() && !clauses_.back().negated;
  clauses_.push_back(Clause{std::move(query), negated, or_previous});
  pending_or_ = false;
}

Xapian::Query QueryBuilder::synonym_query(const AliasPhrase& matched) {
  std::vector<Xapian::Query> alternatives;
  for (const AliasPhrase* phrase : taxonomy_.phrases_of(matched.facet, matched.value_index)) {
    alternatives.push_back(phrase_of(phrase->terms));
  }
  const FacetValue& value = taxonomy_.values(matched.facet)[matched.value_index];
  // Articles tagged with the value in front matter match too, even if their text never names it.
  alternatives.push_back(facet_filter(matched.facet, value.value));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

// Tokens [first, last] as a phrase; a compound matches written apart ("post traumatic"),
// hyphenated or together ("posttraumatic"): the parts' phrase OR the phrase with the join.
Xapian::Query QueryBuilder::phrase_query(const std::vector<Token>& tokens, size_t first, size_t last,
                                         const std::string& prefix) {
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
  if (parts.empty()) return Xapian::Query();
  Xapian::Query by_parts = phrase_of(prefixed(parts, prefix));
  if (!has_compound) return by_parts;
  return Xapian::Query(Xapian::Query::OP_OR, by_parts, phrase_of(prefixed(joined, prefix)));
}

Xapian::Query QueryBuilder::word_query(const Token& token, size_t offset, bool prefix) {
  std::string term = token.term;
  if (!prefix && !token.is_number && token.word.size() >= kMinCorrectedWordBytes && db_.get_termfreq(term) == 0) {
    // Two edits turn many short words into others ("delta" -> "beta"); allow them only for
    // longer words.
    unsigned edits = token.word.size() <= 6 ? 1 : 2;
    std::string suggestion = db_.get_spelling_suggestion(token.word, edits);
    if (!suggestion.empty()) {
      std::string corrected = analyzer_.term_for_word(suggestion);
      if (db_.get_termfreq(corrected) > 0) {
        term = corrected;
        corrections_.push_back(Correction{offset + token.begin, offset + token.end, suggestion});
      }
    }
  }
  if (!prefix || !vocabulary_) return Xapian::Query(term);
  // As you type: the word so far, or any frequent word it begins.
  std::vector<Xapian::Query> alternatives{Xapian::Query(term)};
  std::unordered_set<std::string> seen{term};
  for (const std::string& word : vocabulary_->complete(token.word, kPrefixExpansions)) {
    std::string completed = analyzer_.term_for_word(word);
    if (seen.insert(completed).second) alternatives.emplace_back(completed);
  }
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

void QueryBuilder::add_text_run(std::string_view text, size_t offset, bool prefix_last, bool negated) {
  std::vector<Token> tokens;
  analyzer_.analyze(text, 0, tokens);
  std::vector<AliasMatch> matches;
  for (size_t i = 0; i < tokens.size();) {
    const Token& token = tokens[i];
    bool last_word = i + 1 == tokens.size() ||
                     (tokens.back().kind == TokenKind::kCompoundJoin && i + 1 + tokens.back().parts >= tokens.size());
    matches.clear();
    if (!taxonomy_.empty()) taxonomy_.match_at(tokens, i, text, /*any_case=*/true, matches);
    // A synonym is taken as typed unless it is the word still being typed.
    if (!matches.empty() && !(prefix_last && i + matches[0].token_count >= tokens.size() && matches[0].token_count == 1 &&
                              token.kind == TokenKind::kWord)) {
      push(synonym_query(*matches[0].phrase), negated);
      i += matches[0].token_count;
      continue;
    }
    if (token.kind == TokenKind::kCompoundPart) {
      size_t last = i;
      while (last + 1 < tokens.size() && tokens[last].kind != TokenKind::kCompoundJoin) ++last;
      push(phrase_query(tokens, i, last, ""), negated);
      i = last + 1;
      continue;
    }
    bool stop = Analyzer::is_stop_word(token.word);
    // Stop words are kept only in a query of nothing else ("the who"), and in phrases.
    if (!stop) push(word_query(token, offset, prefix_last && last_word), negated);
    else if (!negated) stop_words_.emplace_back(token.term);
    ++i;
  }
}

void QueryBuilder::add_phrase(std::string_view text, bool negated) {
  std::vector<Token> tokens;
  analyzer_.analyze(text, 0, tokens);
  if (tokens.empty()) return;
  push(phrase_query(tokens, 0, tokens.size() - 1, ""), negated);
}

bool QueryBuilder::add_field(std::string_view field, std::string_view value, bool negated) {
  if (field == "title") {
    std::vector<Token> tokens;
    analyzer_.analyze(value, 0, tokens);
    if (!tokens.empty()) {
      push(phrase_query(tokens, 0, tokens.size() - 1, std::string(schema::spec(schema::Field::kTitle).prefix)), negated);
    }
    return true;
  }
  auto facet = facet_from_name(field);
  if (!facet) return false;
  push(facet_filter(*facet, taxonomy_.canonical(*facet, value)), negated);
  return true;
}

BuiltQuery QueryBuilder::build(std::string_view text, QueryMode mode) {
  clauses_.clear();
  corrections_.clear();
  stop_words_.clear();
  pending_or_ = false;
  bool prefix_mode = mode == QueryMode::kPrefix && !text.empty() && !is_space(text.back()) && text.back() != '"';

  // Plain words are gathered into runs so multi-word synonyms ("nasal spray") are seen whole.
  size_t run_begin = std::string_view::npos, run_end = 0;
  auto flush_run = [&](bool prefix_last) {
    if (run_begin != std::string_view::npos) {
      add_text_run(text.substr(run_begin, run_end - run_begin), run_begin, prefix_last, false);
    }
    run_begin = std::string_view::npos;
  };

  size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) { ++i; continue; }
    bool negated = false;
    size_t item_begin = i;
    if ((text[i] == '-' || text[i] == '+') && i + 1 < text.size() && !is_space(text[i + 1])) {
      negated = text[i] == '-';
      ++i;
    }
    if (text[i] == '"') {
      flush_run(false);
      size_t close = text.find('"', i + 1);  // an unbalanced quote runs to the end
      size_t end = close == std::string_view::npos ? text.size() : close;
      add_phrase(text.substr(i + 1, end - i - 1), negated);
      i = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
    std::string_view word = text.substr(i, end - i);
    if (word == "OR" && !negated) {
      flush_run(false);
      pending_or_ = true;
      i = end;
      continue;
    }
    if ((word == "AND" || word == "NOT") && !negated) {
      flush_run(false);
      i = end;
      continue;
    }
    size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      std::string field(word.substr(0, colon));
      for (char& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (field == "title" || facet_from_name(field)) {
        std::string_view value = word.substr(colon + 1);
        if (end < text.size() && text[end] == '"' && value.empty()) {  // condition:"social anxiety"
          size_t close = text.find('"', end + 1);
          size_t stop = close == std::string_view::npos ? text.size() : close;
          value = text.substr(end + 1, stop - end - 1);
          end = close == std::string_view::npos ? text.size() : close + 1;
        }
        flush_run(false);
        add_field(field, value, negated);
        i = end;
        continue;
      }
    }
    if (negated) {
      flush_run(false);
      add_text_run(word, i, false, true);
      i = end;
      continue;
    }
    if (pending_or_) flush_run(false);
    if (run_begin == std::string_view::npos) run_begin = item_begin;
    run_end = end;
    i = end;
  }
  flush_run(prefix_mode);
  bool has_positive = std::any_of(clauses_.begin(), clauses_.end(), [](const Clause& c) { return !c.negated; });
  if (!has_positive) {
    for (auto& word : stop_words_) clauses_.push_back(Clause{std::move(word), false, false});
  }

  BuiltQuery built;
  std::vector<Xapian::Query> groups, exclusions;
  for (Clause& clause : clauses_) {
    if (clause.negated) exclusions.push_back(std::move(clause.query));
    else if (clause.or_with_previous && !groups.empty()) groups.back() = Xapian::Query(Xapian::Query::OP_OR, groups.back(), clause.query);
    else groups.push_back(std::move(clause.query));
  }
  built.clauses = groups.size();
  // Text with nothing searchable in it ("!!!", a lone "-") matches nothing; only a blank query
  // (or one of exclusions only) browses everything.
  bool blank = std::all_of(text.begin(), text.end(), is_space);
  if (groups.empty() && exclusions.empty() && !blank) {
    built.all_words = built.any_word = Xapian::Query();  // matches nothing
    return built;
  }
  Xapian::Query all = groups.empty() ? match_all() : Xapian::Query(Xapian::Query::OP_AND, groups.begin(), groups.end());
  Xapian::Query any = groups.empty() ? match_all() : Xapian::Query(Xapian::Query::OP_OR, groups.begin(), groups.end());
  if (!exclusions.empty()) {
    Xapian::Query excluded(Xapian::Query::OP_OR, exclusions.begin(), exclusions.end());
    all = Xapian::Query(Xapian::Query::OP_AND_NOT, all, excluded);
    any = Xapian::Query(Xapian::Query::OP_AND_NOT, any, excluded);
  }
  built.all_words = all;
  built.any_word = any;
  for (auto it = all.get_unique_terms_begin(); it != all.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z')) built.highlight_terms.insert(term);
    // Title-prefixed terms highlight their plain form in the body too.
    std::string_view title_prefix = schema::spec(schema::Field::kTitle).prefix;
    if (term.rfind(title_prefix, 0) == 0) built.highlight_terms.insert(term.substr(title_prefix.size()));
  }
  // Excluded words are not highlighted.
  for (const auto& excluded : exclusions) {
    for (auto it = excluded.get_unique_terms_begin(); it != excluded.get_unique_terms_end(); ++it) built.highlight_terms.erase(*it);
  }
  if (!corrections_.empty()) {
    std::string corrected(text);
    std::sort(corrections_.begin(), corrections_.end(), [](const auto& a, const auto& b) { return a.begin > b.begin; });
    for (const auto& c : corrections_) corrected.replace(c.begin, c.end - c.begin, c.replacement);
    built.corrected = corrected;
  }
  return built;
}

}  // namespace kestrel
