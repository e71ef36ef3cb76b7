#include "index/participants.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace kestrel {
namespace {

constexpr uint32_t kMaxParticipants = 99'999'999;
constexpr size_t kMaxWordsBetween = 3;  // "Seventy detoxified heroin-addicted patients"

// Normalised words (Token::word) that name the people a study enrolled.
constexpr std::array<std::string_view, 34> kPeople = {
    "patient",     "patients",   "participant", "participants", "subject",    "subjects",
    "adult",       "adults",     "individual",  "individuals",  "volunteer",  "volunteers",
    "veteran",     "veterans",   "woman",       "women",        "man",        "men",
    "person",      "persons",    "people",      "child",        "children",   "adolescent",
    "adolescents", "outpatient", "outpatients", "inpatient",    "inpatients", "users",
    "drinkers",    "smokers",    "cases",       "students"};

// Words that make the number before them measure something else: an age, a dose, a time, a part
// of a group ("29-year-old woman", "2 of 12 patients" reads 12, not 2).
constexpr std::array<std::string_view, 22> kNotACount = {
    "year", "years", "old",   "aged", "age",   "mg",     "kg",   "ml",
    "week", "weeks", "day",   "days", "month", "months", "hour", "hours",
    "dose", "doses", "times", "of",   "per",   "percent"};

constexpr std::array<std::string_view, 20> kUnits = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<std::string_view, 8> kTens = {"twenty", "thirty",  "forty",  "fifty",
                                                   "sixty",  "seventy", "eighty", "ninety"};

template <size_t N>
std::optional<size_t> index_of(const std::array<std::string_view, N>& words, std::string_view w) {
  auto it = std::find(words.begin(), words.end(), w);
  if (it == words.end()) return std::nullopt;
  return static_cast<size_t>(it - words.begin());
}

std::optional<uint32_t> digits_value(const Token& token) {
  if (!token.is_number || token.term.empty() || token.term.size() > 8) return std::nullopt;
  if (!std::all_of(token.term.begin(), token.term.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;  // "0.5"
  return static_cast<uint32_t>(std::stoul(token.term));
}

// The number that tokens[at] writes, looking back over a compound's parts for "forty-one".
std::optional<uint32_t> number_at(const std::vector<Token>& tokens, size_t at) {
  const Token& token = tokens[at];
  if (auto digits = digits_value(token)) return digits;
  if (auto unit = index_of(kUnits, token.word)) {
    if (at > 0 && token.kind == TokenKind::kCompoundPart &&
        tokens[at - 1].kind == TokenKind::kCompoundPart) {
      if (auto tens = index_of(kTens, tokens[at - 1].word))
        return static_cast<uint32_t>((*tens + 2) * 10 + *unit);
    }
    return static_cast<uint32_t>(*unit);
  }
  if (auto tens = index_of(kTens, token.word)) return static_cast<uint32_t>((*tens + 2) * 10);
  return std::nullopt;
}

bool plausible(uint32_t n) {
  return n >= 1 && n <= kMaxParticipants;
}

// The count written before the word for people at tokens[at], if any.
std::optional<uint32_t> count_before(const std::vector<Token>& tokens, size_t at) {
  size_t words = 0;
  for (size_t i = at; i-- > 0 && words <= kMaxWordsBetween;) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::kCompoundJoin) continue;
    if (auto n = number_at(tokens, i)) return n;
    if (index_of(kNotACount, token.word)) return std::nullopt;
    ++words;
  }
  return std::nullopt;
}

// "n = 41" or "N=41": the letter n, then '=' and nothing else before a number.
std::optional<uint32_t> n_equals(std::string_view text, const std::vector<Token>& tokens,
                                 size_t at) {
  if (tokens[at].word != "n" || at + 1 >= tokens.size()) return std::nullopt;
  uint32_t from = tokens[at].end, to = tokens[at + 1].begin;
  if (to < from || to > text.size()) return std::nullopt;
  std::string_view between = text.substr(from, to - from);
  if (std::count(between.begin(), between.end(), '=') != 1 ||
      !std::all_of(between.begin(), between.end(), [](char c) { return c == '=' || c == ' '; }))
    return std::nullopt;
  return digits_value(tokens[at + 1]);
}

}  // namespace

uint32_t stated_participants(std::string_view text, const std::vector<Token>& tokens) {
  size_t scanned = std::min(tokens.size(), kParticipantsScanTokens);
  uint32_t first_n_equals = 0;
  for (size_t i = 0; i < scanned; ++i) {
    if (index_of(kPeople, tokens[i].word)) {
      if (auto n = count_before(tokens, i); n && plausible(*n)) return *n;
    }
    if (first_n_equals == 0) {
      if (auto n = n_equals(text, tokens, i); n && plausible(*n)) first_n_equals = *n;
    }
  }
  return first_n_equals;
}

}  // namespace kestrel
