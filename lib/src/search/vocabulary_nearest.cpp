// Vocabulary::nearest: typo correction over the corpus's words, as Meilisearch counts typos.
//
// Words with the typed word's first letter are found by walking the sorted words as a trie, one
// row of the edit-distance table per trie node, leaving a branch as soon as every cell of its
// row exceeds the typos allowed. A first letter changed costs two typos, so only a word one edit
// away can differ there: those few are looked up directly.
//
// It replaced Xapian's get_spelling_suggestion, which merges the word's n-gram lists from the
// spelling table and scores each candidate: on 250k passages a word absent from the index cost
// 4.5 ms mean and up to 16 ms (67 such words of the NFCorpus dev questions), and those words were
// the slow tail of one- and two-word searches (zingerone, glycotoxins, cellulite: 8-14 ms each,
// where known words take under 1 ms). This walk's figures are in the commit that brought it.
#include <algorithm>
#include <optional>

#include "kestrel/utf8.h"
#include "search/vocabulary.h"

namespace kestrel {

namespace {

// The length of the character starting at `begin` in `text` (a UTF-8 lead byte and its
// continuation bytes).
size_t character_length(std::string_view text, size_t begin) {
  size_t end = begin + 1;
  while (end < text.size() && is_utf8_continuation(text[end])) ++end;
  return end - begin;
}

// `text` cut into characters.
std::vector<std::string_view> characters(std::string_view text) {
  std::vector<std::string_view> out;
  for (size_t begin = 0; begin < text.size(); begin += out.back().size()) {
    out.push_back(text.substr(begin, character_length(text, begin)));
  }
  return out;
}

using Entry = std::pair<std::string, Xapian::termcount>;

// A candidate correction: fewer typos first, then the more frequent word, then byte order.
struct Candidate {
  const Entry* entry = nullptr;
  unsigned typos = 0;
  bool better_than(const Candidate& other) const {
    if (!other.entry) return true;
    if (typos != other.typos) return typos < other.typos;
    if (entry->second != other.entry->second) return entry->second > other.entry->second;
    return entry->first < other.entry->first;
  }
};

}  // namespace

class Vocabulary::NearestSearch {
 public:
  NearestSearch(const std::vector<Entry>& words, std::string_view word, unsigned typos)
      : words_(words),
        word_(word),
        letters_(characters(word)),
        typos_(typos),
        width_(letters_.size() + 1),
        // A prefix longer than the word by more than the typos allowed is left before its row.
        rows_((letters_.size() + typos + 2) * width_) {}

  std::string run() {
    with_same_first_letter();
    if (typos_ >= 2) with_first_letter_changed();
    return best_.entry ? best_.entry->first : std::string();
  }

 private:
  // The walk, from the words starting with the word's first letter. Row k of rows_ holds the
  // distance of the walk's prefix of k characters to each prefix of the word.
  void with_same_first_letter() {
    std::string_view first = letters_[0];
    auto lo = std::lower_bound(words_.begin(), words_.end(), first,
                               [](const Entry& e, std::string_view p) { return e.first < p; });
    size_t begin = lo - words_.begin();
    size_t end = group_end(begin, words_.size(), 0, first);
    for (size_t j = 0; j < width_; ++j) rows_[j] = static_cast<unsigned>(j);
    fill(1, {}, first);
    visit(begin, end, first.size(), 1, first);
  }

  // The words [lo, hi) share their first `depth` bytes, `length` characters whose last is
  // `last`; their row is filled.
  void visit(size_t lo, size_t hi, size_t depth, size_t length, std::string_view last) {
    if (lo < hi && words_[lo].first.size() == depth) {
      consider(&words_[lo], rows_[length * width_ + width_ - 1]);
      ++lo;
    }
    if ((length + 2) * width_ > rows_.size()) return;
    while (lo < hi) {
      std::string_view text = words_[lo].first;
      std::string_view letter = text.substr(depth, character_length(text, depth));
      size_t end = group_end(lo, hi, depth, letter);
      if (fill(length + 1, last, letter) <= typos_) {
        visit(lo, end, depth + letter.size(), length + 1, letter);
      }
      lo = end;
    }
  }

  // The end of the run of words in [lo, hi) that have `letter` at byte `depth`, the first of
  // them at lo: galloping, as most runs are short beside their range.
  size_t group_end(size_t lo, size_t hi, size_t depth, std::string_view letter) const {
    // Compared byte by byte: a letter is one to four bytes, and memcmp's call was 43% of the
    // walk.
    auto in_group = [&](size_t i) {
      const std::string& text = words_[i].first;
      if (text.size() < depth + letter.size()) return false;
      for (size_t b = 0; b < letter.size(); ++b) {
        if (text[depth + b] != letter[b]) return false;
      }
      return true;
    };
    size_t step = 1, inside = lo;
    while (inside + step < hi && in_group(inside + step)) {
      inside += step;
      step *= 2;
    }
    size_t limit = std::min(hi, inside + step);
    return std::partition_point(words_.begin() + inside, words_.begin() + limit,
                                [&](const Entry& e) { return in_group(&e - words_.data()); }) -
           words_.begin();
  }

  // Row k, for the prefix of row k-1 extended by `letter` (optimal string alignment: insert,
  // delete, replace, or swap two adjacent characters); returns its smallest cell.
  unsigned fill(size_t k, std::string_view last, std::string_view letter) {
    const unsigned* row = &rows_[(k - 1) * width_];
    const unsigned* above = k >= 2 ? &rows_[(k - 2) * width_] : nullptr;
    unsigned* next = &rows_[k * width_];
    next[0] = row[0] + 1;
    unsigned smallest = next[0];
    for (size_t j = 1; j < width_; ++j) {
      unsigned cost = letters_[j - 1] == letter ? 0 : 1;
      unsigned cell = std::min({row[j] + 1, next[j - 1] + 1, row[j - 1] + cost});
      if (above && j > 1 && letters_[j - 1] == last && letters_[j - 2] == letter) {
        cell = std::min(cell, above[j - 2] + 1);
      }
      next[j] = cell;
      smallest = std::min(smallest, cell);
    }
    return smallest;
  }

  // The words one edit away whose first letter differs: the first letter replaced, dropped or
  // swapped with the second, or a letter put before it. Each costs two typos.
  void with_first_letter_changed() {
    std::string_view first = letters_[0];
    std::string_view rest = word_.substr(first.size());
    look_up(std::string(rest));
    if (letters_.size() > 1 && letters_[1] != first) {
      look_up(std::string(letters_[1]) + std::string(first) +
              std::string(rest.substr(letters_[1].size())));
    }
    // Every first letter the corpus has: the first of each run of words.
    for (size_t i = 0; i < words_.size();) {
      std::string_view text = words_[i].first;
      std::string_view letter = text.substr(0, character_length(text, 0));
      if (letter != first) {
        look_up(std::string(letter) + std::string(rest));
        look_up(std::string(letter) + std::string(word_));
      }
      i = group_end(i, words_.size(), 0, letter);
    }
  }

  void look_up(const std::string& text) {
    auto it = std::lower_bound(words_.begin(), words_.end(), text,
                               [](const Entry& e, const std::string& t) { return e.first < t; });
    if (it == words_.end() || it->first != text || text.empty()) return;
    if (characters(text)[0] == letters_[0]) return;  // the walk's
    consider(&*it, 2);
  }

  void consider(const Entry* entry, unsigned typos) {
    if (typos == 0 || typos > typos_) return;
    Candidate candidate{entry, typos};
    if (candidate.better_than(best_)) best_ = candidate;
  }

  const std::vector<Entry>& words_;
  std::string_view word_;
  std::vector<std::string_view> letters_;
  unsigned typos_;
  size_t width_;
  std::vector<unsigned> rows_;
  Candidate best_;
};

std::string Vocabulary::nearest(std::string_view word, unsigned typos) const {
  if (word.empty() || typos == 0) return {};
  return NearestSearch(words_, word, typos).run();
}

}  // namespace kestrel
