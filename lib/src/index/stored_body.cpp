#include "index/stored_body.h"

#include <algorithm>
#include <unordered_map>

#include "index/record_codec.h"

namespace kestrel {
namespace {

using record::put_bytes;
using record::put_number;
using record::Reader;

// The record, all numbers as LEB128 varints:
//   format byte, text size, text,
//   term count, then each term's size and bytes (sorted),
//   join count, then each join's first word (delta from the previous one), parts, term,
//   word count, then each word's gap from the previous word's end, its length, its term.
// Joins come before words so that decoding only the first words still finds every join.
constexpr char kFormat = 1;

Error corrupt(const std::string& what) {
  return Error{ErrorCode::kCorrupt, "stored body: " + what};
}

Status read_text(Reader& in, std::string_view& text) {
  char format = 0;
  if (!in.byte(format) || format != kFormat) return corrupt("unknown format");
  if (!in.bytes(text)) return corrupt("text cut short");
  return Status::Ok();
}

}  // namespace

std::string encode_stored_body(std::string_view text, const std::vector<Token>& tokens) {
  std::vector<std::string_view> terms;
  for (const Token& t : tokens) terms.push_back(t.term);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  std::unordered_map<std::string_view, uint32_t> term_index;
  for (size_t i = 0; i < terms.size(); ++i) term_index.emplace(terms[i], static_cast<uint32_t>(i));

  std::string out;
  out.reserve(text.size() + tokens.size() * 4 + 64);
  out += kFormat;
  put_bytes(text, out);
  put_number(terms.size(), out);
  for (std::string_view term : terms) {
    put_bytes(term, out);
  }
  std::string words;
  size_t word_count = 0, join_count = 0;
  std::string joins;
  uint32_t previous_end = 0, previous_join = 0;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kCompoundJoin) {
      uint32_t first = static_cast<uint32_t>(word_count - std::min<size_t>(t.parts, word_count));
      put_number(first - previous_join, joins);
      put_number(word_count - first, joins);
      put_number(term_index[t.term], joins);
      previous_join = first;
      ++join_count;
      continue;
    }
    put_number(t.begin - std::min(previous_end, t.begin), words);
    put_number(t.end - t.begin, words);
    put_number(term_index[t.term], words);
    previous_end = t.end;
    ++word_count;
  }
  put_number(join_count, out);
  out += joins;
  put_number(word_count, out);
  out += words;
  return out;
}

Status decode_stored_body(std::string_view data, size_t max_words, StoredBody& out) {
  out.terms.clear();
  out.words.clear();
  out.joins.clear();
  out.words_cut = false;
  Reader in(data);
  Status status = read_text(in, out.text);
  if (!status) return status;
  uint32_t count = 0;
  if (!in.number(count)) return corrupt("no term count");
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view term;
    if (!in.bytes(term)) return corrupt("terms cut short");
    out.terms.push_back(term);
  }
  if (!in.number(count)) return corrupt("no join count");
  for (uint32_t i = 0, first = 0; i < count; ++i) {
    uint32_t delta = 0, parts = 0, term = 0;
    if (!in.number(delta) || !in.number(parts) || !in.number(term))
      return corrupt("joins cut short");
    first += delta;
    if (term >= out.terms.size()) return corrupt("a join's term is out of range");
    out.joins.push_back(BodyJoin{first, parts, term});
  }
  if (!in.number(count)) return corrupt("no word count");
  out.words_cut = count > max_words;
  uint32_t previous_end = 0;
  for (uint32_t i = 0; i < count && i < max_words; ++i) {
    uint32_t gap = 0, length = 0, term = 0;
    if (!in.number(gap) || !in.number(length) || !in.number(term))
      return corrupt("words cut short");
    uint64_t begin = uint64_t{previous_end} + gap, end = begin + length;
    if (end > out.text.size()) return corrupt("a word lies outside the text");
    if (term >= out.terms.size()) return corrupt("a word's term is out of range");
    out.words.push_back(BodyWord{static_cast<uint32_t>(begin), static_cast<uint32_t>(end), term});
    previous_end = static_cast<uint32_t>(end);
  }
  return Status::Ok();
}

}  // namespace kestrel
