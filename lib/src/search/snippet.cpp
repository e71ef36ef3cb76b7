#include "search/snippet.h"

#include <algorithm>

#include "kestrel/article.h"

namespace kestrel {
namespace {

// Words shown before the first match, so that it reads in context.
constexpr uint32_t kLeadWords = 4;

}  // namespace

void SnippetMaker::resolve(const std::vector<HighlightPhrase>& phrases) {
  phrase_terms_.clear();
  phrase_groups_.clear();
  for (const HighlightPhrase& phrase : phrases) {
    std::vector<uint32_t> ids;
    for (const std::string& term : phrase.terms) {
      auto it = std::lower_bound(body_->terms.begin(), body_->terms.end(), term);
      if (it == body_->terms.end() || *it != term) break;
      ids.push_back(static_cast<uint32_t>(it - body_->terms.begin()));
    }
    if (ids.empty() || ids.size() != phrase.terms.size()) continue;
    phrase_terms_.push_back(std::move(ids));
    phrase_groups_.push_back(phrase.group);
  }
}

// How many words the phrase covers starting at `word`, or 0. A term matches a word, or a
// compound written together whose parts start there.
uint32_t SnippetMaker::match_length(uint32_t word, const std::vector<uint32_t>& terms) const {
  uint32_t at = word;
  for (uint32_t term : terms) {
    if (at < body_->words.size() && body_->words[at].term == term) {
      ++at;
      continue;
    }
    auto join = std::lower_bound(body_->joins.begin(), body_->joins.end(), at,
                                 [](const BodyJoin& j, uint32_t w) { return j.first_word < w; });
    bool joined = false;
    for (; join != body_->joins.end() && join->first_word == at; ++join) {
      if (join->term == term && at + join->parts <= body_->words.size()) {
        at += join->parts;
        joined = true;
        break;
      }
    }
    if (!joined) return 0;
  }
  return at - word;
}

void SnippetMaker::find_matches() {
  matches_.clear();
  if (phrase_terms_.empty()) return;
  // A word can start a match only if its term, or a join starting there, begins some phrase.
  std::vector<bool>& starts = starts_;
  starts.assign(body_->terms.size(), false);
  for (const auto& terms : phrase_terms_) starts[terms[0]] = true;
  auto join = body_->joins.begin();
  for (uint32_t w = 0; w < body_->words.size(); ++w) {
    while (join != body_->joins.end() && join->first_word < w) ++join;
    bool candidate = starts[body_->words[w].term];
    for (auto j = join; !candidate && j != body_->joins.end() && j->first_word == w; ++j)
      candidate = starts[j->term];
    if (!candidate) continue;
    for (size_t p = 0; p < phrase_terms_.size(); ++p) {
      if (uint32_t length = match_length(w, phrase_terms_[p]))
        matches_.push_back(Match{w, length, phrase_groups_[p]});
    }
  }
}

// The first word of the window of `window` words with the most distinct clauses, then the
// most matches, then the earliest.
uint32_t SnippetMaker::best_window_start(uint32_t window) const {
  if (matches_.empty()) return 0;
  std::vector<uint32_t> in_window;
  size_t distinct = 0, best_score = 0, first = 0;
  uint32_t best_start = matches_[0].first_word;
  for (size_t last = 0; last < matches_.size(); ++last) {
    uint32_t group = matches_[last].group;
    if (group >= in_window.size()) in_window.resize(group + 1, 0);
    if (in_window[group]++ == 0) ++distinct;
    while (matches_[last].first_word + matches_[last].words > matches_[first].first_word + window) {
      if (--in_window[matches_[first].group] == 0) --distinct;
      ++first;
    }
    size_t score = distinct * 1000 + (last - first + 1);
    if (score > best_score) {
      best_score = score;
      best_start = matches_[first].first_word;
    }
  }
  return best_start;
}

Snippet SnippetMaker::cut(uint32_t start, uint32_t window) const {
  Snippet snippet;
  if (body_->words.empty()) return snippet;
  start -= std::min(start, kLeadWords);
  uint32_t end = std::min<uint32_t>(static_cast<uint32_t>(body_->words.size()), start + window);
  uint32_t from = body_->words[start].begin, to = body_->words[end - 1].end;
  snippet.text.assign(body_->text.substr(from, to - from));
  std::replace(snippet.text.begin(), snippet.text.end(), '\n', ' ');
  snippet.cut_before = start > 0;
  snippet.cut_after = end < body_->words.size() || body_->words_cut;
  // A PDF's pages are separated by page breaks: the passage is on the page of its first match.
  if (body_->text.find(kPageBreak) != std::string_view::npos) {
    uint32_t at = from;
    for (const Match& m : matches_) {
      if (m.first_word >= start && m.first_word < end) {
        at = body_->words[m.first_word].begin;
        break;
      }
    }
    snippet.page = 1 + static_cast<uint32_t>(
                           std::count(body_->text.begin(), body_->text.begin() + at, kPageBreak));
    std::replace(snippet.text.begin(), snippet.text.end(), kPageBreak, ' ');
  }
  for (const Match& m : matches_) {
    if (m.first_word < start || m.first_word + m.words > end) continue;
    uint32_t begin = body_->words[m.first_word].begin - from;
    uint32_t stop = body_->words[m.first_word + m.words - 1].end - from;
    // Matches come in text order; one inside or overlapping the previous mark extends it.
    if (!snippet.marks.empty() && begin <= snippet.marks.back().end) {
      snippet.marks.back().end = std::max(snippet.marks.back().end, stop);
      continue;
    }
    snippet.marks.push_back(Snippet::Range{begin, stop});
  }
  return snippet;
}

Snippet SnippetMaker::make(const StoredBody& body, const std::vector<HighlightPhrase>& phrases,
                           unsigned words) {
  body_ = &body;
  resolve(phrases);
  find_matches();
  if (words == kWholeBody) return cut(0, static_cast<uint32_t>(body_->words.size()));
  return cut(best_window_start(words), words);
}

std::vector<Snippet::Range> SnippetMaker::marks_in(std::string_view text,
                                                   const std::vector<HighlightPhrase>& phrases,
                                                   Analyzer& analyzer) {
  title_tokens_.clear();
  analyzer.analyze(text, 0, title_tokens_);
  // The record outlives title_'s views of it until the next marks_in().
  title_record_ = encode_stored_body(text, title_tokens_);
  if (!decode_stored_body(title_record_, kSnippetScannedWords, title_))
    return {};  // a record written just above always decodes
  Snippet marked = make(title_, phrases, kWholeBody);
  // The snippet's text is the title from its first word to its last: shift the marks back.
  uint32_t lead = title_.words.empty() ? 0 : title_.words.front().begin;
  for (Snippet::Range& range : marked.marks) {
    range.begin += lead;
    range.end += lead;
  }
  return std::move(marked.marks);
}

}  // namespace kestrel
