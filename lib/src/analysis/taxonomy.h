// The facet taxonomy (corpus/taxonomy.yaml): canonical values, aliases, abbreviations and parents.
// Immutable once loaded; safe to share between threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kestrel/analyzer.h"
#include "kestrel/facets.h"
#include "kestrel/result.h"

namespace kestrel {

struct FacetValue {
  std::string value;                       // canonical, as shown to users: "PTSD"
  std::string parent;                      // canonical parent value, or empty
  std::vector<std::string> aliases;        // matched regardless of case
  std::vector<std::string> abbreviations;  // matched in texts only when written exactly so
  // Words that describe the value in a text without naming it ("randomly assigned" for a
  // randomised trial): detected in texts only, never a query's synonym or a name to filter by.
  std::vector<std::string> cues;
  // False for a study design whose text's numbers of patients are other studies' (a review's,
  // a blog's): no participants are taken from its text.
  bool states_participants = true;
};

// How the values of a facet are detected in a text.
enum class Detection {
  kEveryValue,  // each value named often enough (a condition, a route)
  // One value per article (a study design): the one its title names, the first in the list when
  // it names several; else the one its text names most often, at least detect_min_mentions
  // times, the first in the list on a tie. A declared value is kept and nothing detected.
  kOneValue,
};

// What a match is for: a query matches names in any case; a text matches abbreviations only as
// written and cues as well.
enum class MatchFor { kQuery, kText };

// One way of naming a facet value, analysed into terms: "post-traumatic stress disorder" ->
// [post, traumat, stress, disord].
struct AliasPhrase {
  Facet facet;
  size_t value_index;              // into Taxonomy::values(facet)
  std::vector<std::string> terms;  // consecutive positions
  std::string exact_text;          // for abbreviations: the spelling a text must use
  bool cue = false;                // FacetValue::cues: texts only
};

// A run of tokens that names a facet value.
struct AliasMatch {
  const AliasPhrase* phrase;
  size_t first_token;  // index into the token vector
  size_t token_count;  // tokens covered, including compound joins inside the run
};

class Taxonomy {
 public:
  Taxonomy() = default;  // empty: no values, nothing detected, every declared value accepted

  // `origin` names the text in error messages.
  static Result<Taxonomy> parse(std::string_view yaml, const std::string& origin);
  static Result<Taxonomy> load(const std::string& path);

  bool empty() const { return source_.empty(); }
  const std::string& source_text() const { return source_; }  // the YAML, stored in the index

  const std::vector<FacetValue>& values(Facet facet) const { return facets_[index(facet)].values; }
  int detect_min_mentions(Facet facet) const { return facets_[index(facet)].detect_min_mentions; }
  Detection detection(Facet facet) const { return facets_[index(facet)].detection; }

  // The canonical value that `name` denotes (the value itself, an alias or an abbreviation, in
  // any case, with any punctuation), or nullptr.
  const FacetValue* find(Facet facet, std::string_view name) const;

  // The canonical value whose name (value, alias or abbreviation) is closest to `name` in edits
  // of its folded form, for "did you mean" ("PTDS" -> PTSD); nullptr when none is within a
  // third of the name's length.
  const FacetValue* nearest(Facet facet, std::string_view name) const;

  // The canonical name of what `name` denotes, or `name` itself when the taxonomy does not know
  // it (a value declared without a taxonomy, or one a filter names that matches nothing).
  std::string canonical(Facet facet, std::string_view name) const {
    const FacetValue* known = find(facet, name);
    return known ? known->value : std::string(name);
  }

  // `value` followed by its parent, grandparent, ... (canonical names).
  std::vector<std::string> with_ancestors(Facet facet, const std::string& value) const;

  // Every alias phrase that starts at tokens[i], longest first. `text` is what the tokens were
  // analysed from; for MatchFor::kText abbreviations must appear in it exactly as written in the
  // taxonomy (a visitor typing "iv" means IV; a text's "iv" may be a roman numeral) and cues
  // match too.
  void match_at(const std::vector<Token>& tokens, size_t i, std::string_view text, MatchFor use,
                std::vector<AliasMatch>& out) const;

  // All phrases naming facet value `value_index` (its cues left out).
  std::vector<const AliasPhrase*> phrases_of(Facet facet, size_t value_index) const;

 private:
  struct FacetTable {
    std::vector<FacetValue> values;
    int detect_min_mentions = 0;
    Detection detection = Detection::kEveryValue;
  };
  static size_t index(Facet facet) { return static_cast<size_t>(facet); }
  void build_phrases();

  std::string source_;
  FacetArray<FacetTable> facets_;
  std::vector<AliasPhrase> phrases_;
  std::unordered_multimap<std::string, size_t> phrases_by_first_term_;
  std::unordered_map<std::string, std::pair<Facet, size_t>> by_key_;  // folded name -> value
};

// Lower-case letters and digits only: "Post-Traumatic Stress" -> "posttraumaticstress".
std::string fold_name(std::string_view name);

}  // namespace kestrel
