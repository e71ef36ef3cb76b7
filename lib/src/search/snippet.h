// The passage of an article's body that best matches a query, cut from the body the index stores
// with its words' terms (index/stored_body.h): no analysis and no inflating at search time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "index/stored_body.h"
#include "kestrel/searcher.h"

namespace kestrel {

// What a query marks: a word's term, or a synonym's terms in a row ("alcohol use disorder" is
// marked where the three words stand together, never a lone "use"). `group` is the query clause
// it came from: the window chosen shows as many clauses as it can.
struct HighlightPhrase {
  std::vector<std::string> terms;
  uint32_t group = 0;
};

// The words of a body a snippet looks at: decode_stored_body's `max_words` for snippets. Only the
// first words are looked at, which bounds a hit's cost on a huge article (the earlier byte scan
// looked at the first megabyte, about this many words of English).
inline constexpr size_t kSnippetScannedWords = 150000;

// Reuses its buffers from one hit to the next. Not thread-safe: one per Searcher.
class SnippetMaker {
 public:
  // The snippet of a decoded body (its first kSnippetScannedWords words): about `words` words
  // (kWholeBody: all of them) around the best match; without a match, the body's opening words.
  Snippet make(const StoredBody& body, const std::vector<HighlightPhrase>& phrases,
               unsigned words = kSnippetWords);

  // The matches of `phrases` in a short text that has no stored record (a title), found by
  // analysing it with `analyzer`.
  std::vector<Snippet::Range> marks_in(std::string_view text,
                                       const std::vector<HighlightPhrase>& phrases,
                                       Analyzer& analyzer);

 private:
  struct Match {
    uint32_t first_word, words, group;
  };
  void resolve(const std::vector<HighlightPhrase>& phrases);
  uint32_t match_length(uint32_t word, const std::vector<uint32_t>& terms) const;
  void find_matches();
  uint32_t best_window_start(uint32_t window) const;
  Snippet cut(uint32_t start, uint32_t window) const;

  const StoredBody* body_ = nullptr;  // the body of the make() under way
  // The phrases in this body's term numbers; phrases with a term the body lacks are left out.
  std::vector<std::vector<uint32_t>> phrase_terms_;
  std::vector<uint32_t> phrase_groups_;
  std::vector<Match> matches_;
  std::vector<bool> starts_;  // by term number: some phrase begins with it
  std::vector<Token> title_tokens_;
  std::string title_record_;
  StoredBody title_;
};

}  // namespace kestrel
