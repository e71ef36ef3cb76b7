#include "kestrel/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <unordered_map>

#include "analysis/spelling_variants.h"

namespace kestrel {
namespace {

// Compounds longer than this ("doi.org/10.1111/nyas.12718") are left as separate words: their
// concatenation would be an unsearchable term.
constexpr size_t kMaxCompoundParts = 4;

// The stem cache is cleared when it grows past this, bounding memory on huge vocabularies while
// keeping the hit rate high on Zipf-distributed text.
constexpr size_t kMaxCachedStems = 200'000;

// Snowball's English stop word list.
constexpr std::string_view kStopWords[] = {
    "a",       "about",  "above",  "after",  "again",    "against",    "all",     "am",
    "an",      "and",    "any",    "are",    "as",       "at",         "be",      "because",
    "been",    "before", "being",  "below",  "between",  "both",       "but",     "by",
    "can",     "cannot", "could",  "did",    "do",       "does",       "doing",   "down",
    "during",  "each",   "few",    "for",    "from",     "further",    "had",     "has",
    "have",    "having", "he",     "her",    "here",     "hers",       "herself", "him",
    "himself", "his",    "how",    "i",      "if",       "in",         "into",    "is",
    "it",      "its",    "itself", "me",     "more",     "most",       "my",      "myself",
    "no",      "nor",    "not",    "of",     "off",      "on",         "once",    "only",
    "or",      "other",  "ought",  "our",    "ours",     "ourselves",  "out",     "over",
    "own",     "same",   "she",    "should", "so",       "some",       "such",    "than",
    "that",    "the",    "their",  "theirs", "them",     "themselves", "then",    "there",
    "these",   "they",   "this",   "those",  "through",  "to",         "too",     "under",
    "until",   "up",     "very",   "was",    "we",       "were",       "what",    "when",
    "where",   "which",  "while",  "who",    "whom",     "why",        "will",    "with",
    "would",   "you",    "your",   "yours",  "yourself", "yourselves", "s"};

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// U+2019 RIGHT SINGLE QUOTATION MARK and U+02BC MODIFIER LETTER APOSTROPHE, in UTF-8: the
// typographic apostrophes of "ketamine’s".
void plain_apostrophes(std::string& s) {
  for (std::string_view curly : {std::string_view("\xE2\x80\x99"), std::string_view("\xCA\xBC")}) {
    for (size_t at = s.find(curly); at != std::string::npos; at = s.find(curly, at + 1)) {
      s.replace(at, curly.size(), "'");
    }
  }
}

// "ptsd's" -> "ptsd", "patients'" -> "patients", "o'brien" -> "obrien", "don't" -> "dont".
void strip_apostrophes(std::string& s) {
  if (s.size() > 2 && s.compare(s.size() - 2, 2, "'s") == 0) s.resize(s.size() - 2);
  s.erase(std::remove(s.begin(), s.end(), '\''), s.end());
}

bool is_joiner(std::string_view segment) {
  // "-", "/", U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN. Not the en dash: "2–3 weeks" is a range.
  return segment == "-" || segment == "/" || segment == "\xE2\x80\x90" || segment == "\xE2\x80\x91";
}

}  // namespace

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> word_breaks;
  const icu::Normalizer2* nfkc_casefold = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  Xapian::Stem stemmer{"english"};
  std::unordered_map<std::string, std::string> stem_cache;

  Impl() {
    UErrorCode status = U_ZERO_ERROR;
    word_breaks.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd = icu::Normalizer2::getNFDInstance(status);
    nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || !word_breaks) {
      throw std::runtime_error(std::string("ICU initialisation failed: ") + u_errorName(status));
    }
  }

  std::string normalise(std::string_view raw) {
    std::string word;
    if (is_ascii(raw)) {
      word.assign(raw);
      for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString folded = nfkc_casefold->normalize(
          icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), raw.size())), status);
      icu::UnicodeString decomposed = nfd->normalize(folded, status);
      icu::UnicodeString bare;
      for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
        i += U16_LENGTH(c);
      }
      icu::UnicodeString composed = nfc->normalize(bare, status);
      if (U_FAILURE(status)) return {};
      composed.toUTF8String(word);
      plain_apostrophes(word);
    }
    strip_apostrophes(word);
    return word;
  }

  std::string term_for(const std::string& word, bool is_number) {
    if (is_number) {
      std::string number = word;
      number.erase(std::remove(number.begin(), number.end(), ','), number.end());  // "1,000"
      return number;
    }
    auto cached = stem_cache.find(word);
    if (cached != stem_cache.end()) return cached->second;
    std::string spelled = word;
    americanise(spelled);
    std::string term = stemmer(spelled);
    if (stem_cache.size() >= kMaxCachedStems) stem_cache.clear();
    stem_cache.emplace(word, term);
    return term;
  }

  void join_compound(std::vector<Token>& out, size_t chain_begin);
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

std::string Analyzer::term_for_word(std::string_view normalised_word) {
  std::string word(normalised_word);
  bool is_number = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',';
  });
  return impl_->term_for(word, is_number);
}

std::string Analyzer::normalise_word(std::string_view text) {
  return impl_->normalise(text);
}

bool Analyzer::is_stop_word(std::string_view word) {
  return std::find(std::begin(kStopWords), std::end(kStopWords), word) != std::end(kStopWords);
}

// Turns the words out[chain_begin..] into compound parts followed by their join: "post" and
// "traumatic" of "post-traumatic" become parts, and "posttraumatic" is added after them.
void Analyzer::Impl::join_compound(std::vector<Token>& out, size_t chain_begin) {
  size_t parts = out.size() - chain_begin;
  if (parts < 2 || parts > kMaxCompoundParts) return;
  bool all_numbers =
      std::all_of(out.begin() + chain_begin, out.end(), [](const Token& t) { return t.is_number; });
  size_t joined_bytes = 0;
  for (size_t i = chain_begin; i < out.size(); ++i) joined_bytes += out[i].word.size();
  if (all_numbers || joined_bytes > kMaxWordBytes) return;
  Token join;
  for (size_t i = chain_begin; i < out.size(); ++i) {
    out[i].kind = TokenKind::kCompoundPart;
    join.word += out[i].word;
  }
  join.term = term_for(join.word, false);
  join.position = out.back().position;
  join.begin = out[chain_begin].begin;
  join.end = out.back().end;
  join.kind = TokenKind::kCompoundJoin;
  join.parts = static_cast<uint8_t>(parts);
  out.push_back(std::move(join));
}

uint32_t Analyzer::analyze(std::string_view text, uint32_t first_position,
                           std::vector<Token>& out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return first_position;
  icu::BreakIterator& breaks = *impl_->word_breaks;
  breaks.setText(utext, status);

  uint32_t position = first_position;
  size_t chain_begin = out.size();  // first token of the compound being read
  int32_t chain_joiner_end = -1;    // where a joiner right after the last word ends
  int32_t last_word_end = -1;
  auto finish_chain = [&] {
    impl_->join_compound(out, chain_begin);
    chain_begin = out.size();
    chain_joiner_end = -1;
  };

  int32_t start = breaks.first();
  for (int32_t end = breaks.next(); end != icu::BreakIterator::DONE;
       start = end, end = breaks.next()) {
    std::string_view segment = text.substr(start, end - start);
    int32_t rule = breaks.getRuleStatus();
    if (rule <
        UBRK_WORD_NONE_LIMIT) {  // not a word: a joiner continues a compound, anything else ends it
      if (is_joiner(segment) && start == last_word_end && chain_joiner_end < 0)
        chain_joiner_end = end;
      else
        finish_chain();
      continue;
    }
    if (segment.size() > kMaxWordBytes) {
      finish_chain();
      continue;
    }
    Token token;
    token.is_number = rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT;
    token.word = impl_->normalise(segment);
    if (token.word.empty()) continue;
    if (chain_joiner_end != start) finish_chain();
    chain_joiner_end = -1;
    token.term = impl_->term_for(token.word, token.is_number);
    token.position = position++;
    token.begin = static_cast<uint32_t>(start);
    token.end = static_cast<uint32_t>(end);
    out.push_back(std::move(token));
    last_word_end = end;
  }
  finish_chain();
  utext_close(utext);
  return position;
}

}  // namespace kestrel
