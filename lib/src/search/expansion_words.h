// The words that best describe a set of documents: the expansion terms of pseudo-relevance
// feedback and of related articles.
//
// Xapian's Enquire::get_eset computes the same kind of weights, but every call re-reads each
// document's termlist (inflating it from the glass table) and looks up each of its terms'
// frequency: on the clinic index that was 58% of a default search (0.40 of 0.70 ms, in-process,
// 2026-11-26), and over shards one network round trip per term. This class keeps what it has
// read, per index revision, so a document or a term is read once, and computes the weights from
// integers.
//
// Belongs to one Searcher (one thread), like the Database it reads.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace kestrel {

// Whether expansion may choose `term`: body words only. Prefixed terms (titles, ids, facets)
// and one- or two-letter terms are noise.
bool is_body_word(const std::string& term);

// A document of the relevance set, and how much its words count (1: fully).
struct WeightedDocument {
  Xapian::docid id;
  double weight = 1.0;
};

// How a word's document frequency is asked: one look-up per word (a local index: a B-tree
// read each), or every unknown word of a call in one match (shards: each get_termfreq is a
// network round trip per shard, while a match returns every query term's merged statistics).
enum class FrequencyLookUp { kPerWord, kOneExchange };

class ExpansionWords {
 public:
  explicit ExpansionWords(FrequencyLookUp look_up = FrequencyLookUp::kPerWord);
  ~ExpansionWords();
  ExpansionWords(const ExpansionWords&) = delete;
  ExpansionWords& operator=(const ExpansionWords&) = delete;

  // How frequencies are asked from now on (the database this is used with changed kind).
  void set_look_up(FrequencyLookUp look_up) { look_up_ = look_up; }

  // The `count` body words that best describe `documents`, with their weights, best first;
  // never a word in `excluded` (the query's own terms), only body words. A document's weight
  // scales its words' share of the weight (all 1: exactly Xapian's get_eset).
  //
  // One index and its shards choose the same words: term frequencies are exact over all shards,
  // weights are rounded to 1e-9 (sums of the same statistics differ in the last bits between
  // layouts) and equal weights are ordered by the word.
  std::vector<std::pair<std::string, double>> best(const Xapian::Database& db,
                                                   const std::vector<WeightedDocument>& documents,
                                                   const std::unordered_set<std::string>& excluded,
                                                   size_t count);

  // Forgets everything read: the index moved to another revision (docids may now name other
  // documents, and frequencies have changed).
  void forget();

  // Roughly the bytes kept between calls; kept under a bound (expansion_words.cpp: a share of a
  // process-wide bound, so that memory does not grow with threads) plus what one call reads.
  size_t bytes_kept() const { return bytes_kept_; }

 private:
  struct Posting {
    uint32_t word;  // index into words_
    // The word's share of the document, BM25-style (see best()): fixed within a revision, so
    // worked out once when the document is read.
    double share;
  };
  struct DocumentWords {
    std::vector<Posting> postings;
  };
  const DocumentWords& words_of(const Xapian::Database& db, Xapian::docid document);
  uint32_t word_index(const std::string& word);
  uint64_t frequency_of(const Xapian::Database& db, uint32_t word);
  // Looks up the frequencies not yet known among `words` (kOneExchange: in one match).
  void look_up_frequencies(const Xapian::Database& db, const std::vector<uint32_t>& words);

  FrequencyLookUp look_up_;
  size_t bytes_kept_ = 0;  // roughly what documents_ and the word tables hold
  std::unordered_map<Xapian::docid, DocumentWords> documents_;
  std::vector<std::string> words_;
  std::vector<int64_t> frequencies_;  // -1: not looked up yet
  std::unordered_map<std::string, uint32_t> word_indexes_;
  // Per-call scratch, by word index, reused to spare allocation.
  std::vector<uint32_t> in_documents_;
  std::vector<double> wdf_share_;
  std::vector<uint32_t> touched_;
  std::vector<char> excluded_;  // by word index: a word of `excluded`, this call
};

}  // namespace kestrel
