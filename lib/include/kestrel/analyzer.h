// The one analysis pipeline of Kestrel, shared by indexing and querying:
//   ICU word boundaries over UTF-8 -> normalise each word (NFKC, case fold, accents removed,
//   typographic apostrophes, possessives) -> British to American spelling -> Xapian's English
//   stemmer -> terms with positions and byte offsets.
// A word indexed is found when typed the same way into a query because both go through here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel {

// Bump when the terms produced for some input change: an index built with another analyzer
// version must be rebuilt.
inline constexpr int kAnalyzerVersion = 1;

enum class TokenKind : uint8_t {
  kWord,          // an ordinary word or number
  kCompoundPart,  // one part of a hyphen- or slash-joined compound ("post" of "post-traumatic")
  kCompoundJoin,  // the parts written together ("posttraumatic"), after its parts
};

struct Token {
  std::string term;       // what is indexed: the stem ("traumat"), or the number ("0.5")
  std::string word;       // the normalised word before stemming ("traumatic")
  uint32_t position = 0;  // word position; a join shares its last part's position
  uint32_t begin = 0;     // byte offsets of the word in the analysed text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  uint8_t parts = 0;  // for a kCompoundJoin: how many kCompoundPart tokens precede it
  bool is_number = false;
};

// Not thread-safe: it owns an ICU break iterator, a stemmer and a stem cache. Create one per
// thread; construction costs a few microseconds.
class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Appends the tokens of `text` to `out`, numbering positions from `first_position`. Returns the
  // position after the last token, so fields can be analysed one after another with a gap.
  // Invalid UTF-8 is read as U+FFFD; words longer than kMaxWordBytes are dropped.
  uint32_t analyze(std::string_view text, uint32_t first_position, std::vector<Token>& out);

  // The term for one already-normalised word, as analyze() would produce it.
  std::string term_for_word(std::string_view normalised_word);

  // The normalised form of `text` taken as one word (lower case, no accents): "Généralisé" ->
  // "generalise". Used for prefixes typed as you go, which must not be stemmed.
  std::string normalise_word(std::string_view text);

  // English stop words ("the", "of"): indexed, so phrases match, but dropped from queries that
  // have other words.
  static bool is_stop_word(std::string_view word);

  static constexpr size_t kMaxWordBytes = 64;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kestrel
