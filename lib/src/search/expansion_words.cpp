#include "search/expansion_words.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>

namespace kestrel {
namespace {

// What is kept between calls, in bytes (roughly: postings, words and their table entries);
// beyond it everything is forgotten and read again. Every searching thread has its own, so the
// bound is the process's, shared out: each keeps at most kMaxBytesKeptAll / (how many there
// are), and never more than kMaxBytesKeptEach. A fixed 4 MB each held 225 MB of heap after 60 s
// of distinct questions on 250k passages at 64 threads (RSS 275 MB; 113 MB with 256 KB each),
// and would have held 256 MB at its plateau. 4 MB holds the clinic's whole vocabulary, or the
// words of about 2,000 passages; with 32 MB for the process, a server of 8 threads keeps that
// much per thread, one of 64 threads 512 KB each.
constexpr size_t kMaxBytesKeptAll = 32 << 20;
constexpr size_t kMaxBytesKeptEach = 4 << 20;
constexpr size_t kBytesPerWord = 96;      // table node, hash entry, frequency, scratch
constexpr size_t kBytesPerDocument = 64;  // map node and vector header

// Plain counters shared by every thread's ExpansionWords (no Xapian object is shared).
std::atomic<size_t> instances{0};

size_t max_bytes_kept() {
  return std::min(kMaxBytesKeptEach, kMaxBytesKeptAll / std::max<size_t>(instances.load(), 1));
}

}  // namespace

ExpansionWords::ExpansionWords(FrequencyLookUp look_up) : look_up_(look_up) {
  ++instances;
}
ExpansionWords::~ExpansionWords() {
  --instances;
}

bool is_body_word(const std::string& term) {
  return term.size() > 2 && !std::isupper(static_cast<unsigned char>(term[0]));
}

void ExpansionWords::forget() {
  bytes_kept_ = 0;
  documents_.clear();
  words_.clear();
  frequencies_.clear();
  word_indexes_.clear();
  in_documents_.clear();
  wdf_share_.clear();
  excluded_.clear();
}

uint32_t ExpansionWords::word_index(const std::string& word) {
  auto [it, added] = word_indexes_.try_emplace(word, static_cast<uint32_t>(words_.size()));
  if (added) {
    words_.push_back(word);
    frequencies_.push_back(-1);
    bytes_kept_ += word.size() + kBytesPerWord;
  }
  return it->second;
}

uint64_t ExpansionWords::frequency_of(const Xapian::Database& db, uint32_t word) {
  if (frequencies_[word] < 0) frequencies_[word] = db.get_termfreq(words_[word]);
  return static_cast<uint64_t>(frequencies_[word]);
}

void ExpansionWords::look_up_frequencies(const Xapian::Database& db,
                                         const std::vector<uint32_t>& words) {
  if (look_up_ == FrequencyLookUp::kPerWord) return;  // frequency_of() asks as it goes
  std::vector<uint32_t> unknown;
  for (uint32_t word : words)
    if (frequencies_[word] < 0 && !excluded_[word]) unknown.push_back(word);
  if (unknown.size() < 2) return;
  std::vector<Xapian::Query> terms;
  for (uint32_t word : unknown) terms.emplace_back(words_[word]);
  // The match itself is not run (no documents asked for); its statistics are what is wanted.
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  Xapian::MSet stats = enquire.get_mset(0, 0);
  for (uint32_t word : unknown) frequencies_[word] = stats.get_termfreq(words_[word]);
}

const ExpansionWords::DocumentWords& ExpansionWords::words_of(const Xapian::Database& db,
                                                              Xapian::docid document) {
  if (auto it = documents_.find(document); it != documents_.end()) return it->second;
  DocumentWords read;
  // A document's length is the sum of its terms' wdf: summed here rather than asked for, which
  // over shards is one round trip fewer per document.
  Xapian::termcount length = 0;
  std::vector<std::pair<uint32_t, Xapian::termcount>> wdfs;
  for (auto term = db.termlist_begin(document); term != db.termlist_end(document); ++term) {
    const std::string& name = *term;
    length += term.get_wdf();
    if (is_body_word(name)) wdfs.emplace_back(word_index(name), term.get_wdf());
  }
  // Each word's share, saturated by its within-document frequency and the document's length
  // (k = 1), as Xapian's default expansion weighs it.
  constexpr double k = 1.0;
  double length_ratio = static_cast<double>(length) / std::max(db.get_avlength(), 1.0);
  for (auto [word, wdf_read] : wdfs) {
    double wdf = std::max<Xapian::termcount>(wdf_read, 1);  // a boolean term's 0 counts as 1
    read.postings.push_back(Posting{word, (k + 1) * wdf / (k * length_ratio + wdf)});
  }
  bytes_kept_ += read.postings.size() * sizeof(Posting) + kBytesPerDocument;
  return documents_.emplace(document, std::move(read)).first->second;
}

// Each word's weight is what Xapian's default expansion scheme computes: the log of the
// Robertson/Sparck Jones relevance weight (how much likelier the word is in the documents than
// in the collection), times the word's share of each document, BM25-style saturated by its
// within-document frequency and the document's length (k = 1). A word with no positive weight
// is never chosen.
std::vector<std::pair<std::string, double>> ExpansionWords::best(
    const Xapian::Database& db, const std::vector<WeightedDocument>& documents,
    const std::unordered_set<std::string>& excluded, size_t count) {
  std::vector<std::pair<std::string, double>> best_words;
  if (documents.empty() || count == 0) return best_words;
  const double collection = static_cast<double>(db.get_doccount());
  const double relevant = static_cast<double>(documents.size());
  // Never forgotten midway: the words counted so far are indexes into what is kept.
  if (bytes_kept_ > max_bytes_kept()) forget();
  touched_.clear();
  for (const WeightedDocument& document : documents) {
    const DocumentWords& words = words_of(db, document.id);
    if (in_documents_.size() < words_.size()) {
      in_documents_.resize(words_.size(), 0);
      wdf_share_.resize(words_.size(), 0);
      excluded_.resize(words_.size(), 0);
    }
    for (const Posting& p : words.postings) {
      if (in_documents_[p.word]++ == 0) touched_.push_back(p.word);
      wdf_share_[p.word] += document.weight * p.share;
    }
  }
  // By index rather than by string: a hash of every candidate word was the loop's main cost.
  std::vector<uint32_t> marked;
  for (const std::string& term : excluded) {
    if (auto it = word_indexes_.find(term); it != word_indexes_.end()) {
      excluded_[it->second] = 1;
      marked.push_back(it->second);
    }
  }
  look_up_frequencies(db, touched_);
  std::vector<std::pair<uint32_t, double>> weighed;
  for (uint32_t word : touched_) {
    double r = in_documents_[word];
    double share = wdf_share_[word];
    in_documents_[word] = 0;
    wdf_share_[word] = 0;
    if (excluded_[word]) continue;
    double n = static_cast<double>(frequency_of(db, word));
    double odds =
        (r + 0.5) * (collection - n - relevant + r + 0.5) / ((n - r + 0.5) * (relevant - r + 0.5));
    // A word no likelier in the documents than elsewhere says nothing about them.
    if (odds <= 1) continue;
    double weight = std::round(std::log(odds) * share * 1e9) / 1e9;
    if (weight > 0) weighed.emplace_back(word, weight);
  }
  for (uint32_t word : marked) excluded_[word] = 0;
  auto better = [&](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : words_[a.first] < words_[b.first];
  };
  size_t kept = std::min(count, weighed.size());
  std::partial_sort(weighed.begin(), weighed.begin() + static_cast<ptrdiff_t>(kept), weighed.end(),
                    better);
  for (size_t i = 0; i < kept; ++i)
    best_words.emplace_back(words_[weighed[i].first], weighed[i].second);
  return best_words;
}

}  // namespace kestrel
