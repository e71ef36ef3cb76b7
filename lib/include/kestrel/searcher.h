// Searching a Kestrel index: ranked, faceted queries, suggestions and article look-up.
//
// Thread safety: a Searcher is not thread-safe (Xapian databases are not). Give each thread its
// own Searcher; opening one costs one database open. A server keeps one per worker thread.
//
// New revisions: refresh() checks cheaply (a stat of the index stub, then Xapian's reopen())
// whether the indexer has published something newer and switches to it; search() also recovers
// by itself when the indexer has moved on so far that the open revision is gone.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/facets.h"
#include "kestrel/filter.h"
#include "kestrel/result.h"

namespace kestrel {

enum class SortOrder {
  kRelevance,
  kDate,        // newest first; undated articles last, by relevance
  kDateOldest,  // oldest first; undated articles last too
  // Strongest evidence first: by study design, in the taxonomy's order (meta-analyses before
  // trials before case reports), then by relevance; articles of no known design last.
  kEvidence,
};
enum class QueryMode {
  kFull,    // the query as typed
  kPrefix,  // as you type: the last word is also matched as a prefix ("ketam" finds ketamine)
};

enum class MatchMode {
  // The default. A short query (at most kShortQueryClauses words, a synonym or a phrase counting
  // as one, stop words not at all: what a visitor types into a search box) ranks the articles
  // with every word first, then those with some of them; a longer one, a question, is matched as
  // kAnyWord. Both take pseudo-relevance feedback, whose words may match articles too. A query
  // with syntax (quotes, fields, OR, exclusions) is taken as written, like kAllWords when short,
  // and so is each as-you-type request (QueryMode::kPrefix), which skips the feedback probe.
  kAuto,
  kAllWords,  // every word must match; when that finds nothing, any word may (and the result says
              // so)
  kAnyWord,   // any word may match, more matching words rank higher, with pseudo-relevance feedback
};

// Measured on the NFCorpus dev split (nDCG@10 with dev.2-1-0.qrel, four query sets; figures in
// benchmarks/RESULTS.md): before feedback reached short queries, sending queries of up to 2
// clauses to all-words and longer ones to any-word beat all-words on all four sets. With every
// word first and feedback for short queries, titles went 0.300 -> 0.324; a cut-off of 1 gave
// 0.319 and 3 gave 0.320.
inline constexpr size_t kShortQueryClauses = 2;

// What orders the matches by relevance.
enum class Ranker {
  kBm25,  // BM25 with the title weighted, pseudo-relevance feedback: the engine's own order
  // The engine's top kRerankCandidates reordered by a model learned from judged queries
  // (LambdaMART over features of each candidate: benchmarks/ltr/, README "Learned ranking").
  // With relevance order only (other sorts are not reordered).
  kLearned,
};
// How many candidates it reorders. Measured by the five-fold cross-validation of benchmarks/ltr/
// (the model trained on each count's rows; nDCG@10 in its own average, titles / nontopic /
// vid-titles / vid-desc): 10: 0.369 / 0.366 / 0.363 / 0.364; 20: 0.374 / 0.387 / 0.377 / 0.372;
// 30: 0.371 / 0.384 / 0.385 / 0.375; 40: 0.366 / 0.383 / 0.382 / 0.363; 50: 0.366 / 0.376 /
// 0.381 / 0.368; 100: 0.359 / 0.368 / 0.364 / 0.371 (the default's order: 0.346 / 0.310 / 0.310 /
// 0.349). 30 has the best mean over the four sets: fewer weak candidates from deep in the list to
// promote, and a third of the stored bodies to read.
inline constexpr unsigned kRerankCandidates = 30;

// How a search was ranked by relevance.
enum class Ranking {
  kExhaustive,  // every match was scored
  // Two stages: the best few hundred candidates by the question's most informative words, then
  // those scored exactly with every word. A long question (more than a dozen words of its own)
  // on a large index is ranked so; an article that only its commoner words match may be
  // missed, and the order of what is shown is exact. README "Bounded ranking" has the figures.
  kBounded,
};

// What a request allows.
enum class RankingPolicy {
  kAuto,     // bounded for long questions on large indexes (more than kBoundedFromDocuments)
  kExact,    // always exhaustive: a reference, for evaluation
  kBounded,  // bounded for every long question, whatever the index's size: for evaluation
};

// Indexes of at most this many articles rank every question exhaustively under kAuto: the clinic's
// library, NFCorpus (3,193). Over 250k passages a 20-word question walks 23-97 ms of postings.
inline constexpr uint64_t kBoundedFromDocuments = 20'000;

// How the command line and the HTTP API spell each option's values, the default first:
// sort "relevance" | "date" | "oldest" | "evidence", mode "full" | "prefix", match "auto" | "all" |
// "any", ranking "auto" | "exact" | "bounded" (and a result's ranking "exhaustive" | "bounded"). A
// name parses to its value; any other string gives nullopt.
const std::vector<std::string>& sort_order_names();
const std::vector<std::string>& query_mode_names();
const std::vector<std::string>& match_mode_names();
const std::vector<std::string>& ranking_policy_names();
const std::vector<std::string>& ranker_names();  // "bm25" | "learned"
std::optional<Ranker> ranker_named(std::string_view name);
// Whether `model_path` holds a learned ranker's model this program can use: what
// Searcher::load_ranker would say, for programs to check their options at start-up.
Status check_ranker_model(const std::string& model_path);
// The learned ranker's features, in the order of Hit::features.
const std::vector<std::string>& ranker_feature_names();
const std::string& ranking_name(Ranking ranking);
std::optional<SortOrder> sort_order_named(std::string_view name);
std::optional<QueryMode> query_mode_named(std::string_view name);
std::optional<MatchMode> match_mode_named(std::string_view name);
std::optional<RankingPolicy> ranking_policy_named(std::string_view name);

inline constexpr unsigned kMaxPageSize = 100;
inline constexpr unsigned kMaxOffset = 10'000;  // deeper pages cost more than they are worth
inline constexpr size_t kMaxQueryBytes = 1024;  // longer queries are cut at a word boundary

inline constexpr unsigned kSnippetWords = 30;
inline constexpr unsigned kWholeBody = 0;  // as SearchRequest::snippet_words: the whole body

struct SearchRequest {
  std::string query;  // the visitor's text; empty browses everything
  // Facet selections, indexed by Facet: values of one facet are OR'ed, facets are AND'ed. Each
  // facet's counts ignore its own selection (disjunctive faceting, as the page shows them).
  FacetArray<std::vector<std::string>> filters;
  // A boolean filter (kestrel/filter.h) that restricts the matches and every count alike.
  Filter filter;
  SortOrder sort = SortOrder::kRelevance;
  QueryMode mode = QueryMode::kFull;
  MatchMode match = MatchMode::kAuto;
  RankingPolicy ranking = RankingPolicy::kAuto;
  unsigned offset = 0;  // at most kMaxOffset
  unsigned limit = 10;  // 0 (the total and counts only) to kMaxPageSize
  // What each hit carries besides its metadata. A snippet of about `snippet_words` words around
  // the best match, or kWholeBody: the whole body, every match marked (for an API caller who
  // asks for it; a page of long articles is large).
  unsigned snippet_words = kSnippetWords;
  bool mark_titles = false;  // Hit::title_marks: the query's words marked in titles too
  bool with_body = false;    // Hit::body: the article's text as written
  Ranker ranker = Ranker::kBm25;
  // Hit::features (and, with the learned ranker, Hit::contributions) for the first
  // kRerankCandidates hits: why each is where it is (kestrel-search --explain, the training data).
  bool explain = false;
};

// About 30 words of an article's body around its best match to the query, as plain text with
// the byte ranges of the matched words. Escaping and markup belong to whoever shows it: the JSON
// renders HTML with <mark> (kestrel/search_json.h), the command line bold text.
struct Snippet {
  struct Range {
    uint32_t begin = 0, end = 0;
  };
  std::string text;          // line breaks read as spaces
  std::vector<Range> marks;  // ascending, not overlapping
  bool cut_before = false;   // the body goes on before the text ("… " on the page)
  bool cut_after = false;    // and after it
  uint32_t page = 0;  // the page its best match is on (1 first), for a body with pages (a PDF's)
};

struct Hit {
  std::string id, title, url, source, published;
  std::vector<std::string> conditions, routes;
  std::string study;          // the study design, or empty
  std::string file;           // a PDF article: served at /files/ID.pdf; empty otherwise
  uint32_t participants = 0;  // people studied, as declared or stated in the text; 0: unknown
  double score = 0;
  Snippet snippet;
  std::vector<Snippet::Range> title_marks;  // when SearchRequest::mark_titles
  std::string body;                         // when SearchRequest::with_body
  // When SearchRequest::explain: the ranker's features (ranker_feature_names() order), and with
  // the learned ranker each feature's contribution to the score, then the model's bias. The
  // score is then the model's (BM25's for hits beyond kRerankCandidates).
  std::vector<float> features, contributions;
};

struct FacetCount {
  std::string value;
  uint64_t count = 0;  // a parent's count covers its children's articles
  bool selected = false;
  std::string parent;  // the taxonomy's parent value ("substance use disorders"), or empty
};

struct FacetResult {
  Facet facet;
  // As a tree, depth first: each value is followed by its children; siblings most frequent first.
  std::vector<FacetCount> values;
};

struct SearchResult {
  std::string query;
  std::optional<std::string> corrected_query;  // set when a misspelling was corrected
  bool matched_any_word = false;  // no article had every word: ranked by any of them instead
  // Matching articles: exact while the matches fit the engine's counting budget (some
  // thousands), else Xapian's estimate; `exhaustive` says which, for the total and the facet
  // counts alike ("about 41,000 results", as Algolia's exhaustiveNbHits does).
  uint64_t total = 0;
  bool exhaustive = true;
  Ranking ranking = Ranking::kExhaustive;  // how the hits were ranked (counts are as above)
  std::vector<Hit> hits;
  // Counts over the matching articles; each facet's counts ignore that facet's own filter, so
  // choosing PTSD still shows what each other condition would give.
  std::vector<FacetResult> facets;
  // Matching articles by publication year, ascending (undated ones left out); exact or estimated
  // as the facet counts are.
  struct YearCount {
    int year = 0;
    uint64_t count = 0;
  };
  std::vector<YearCount> published_years;
  double took_ms = 0;
};

struct ArticleView {
  Hit meta;  // snippet empty
  std::vector<std::string> authors;
  std::string journal, doi, volume, pages;  // for citing; empty when the corpus does not say
  std::string body;
};

// Where a Searcher reads: a local index directory, or the shards of one kestrel-index --shards
// run, each served by stock xapian-tcpsrv, searched as one index.
struct IndexSource {
  std::string index_dir;
  std::vector<std::string> shards;  // "host:port" each; when given, index_dir is not used
};

// A taxonomy name near some text: a facet value, or one of its aliases.
struct NearName {
  Facet facet = Facet::kCondition;
  std::string value;      // the facet value, as shown ("intranasal")
  std::string name;       // the value or the alias that came nearest ("esketamine spray")
  double similarity = 0;  // 0 to 1: letter trigrams shared (Dice); 1 when one holds the other
};

struct IndexInfo {
  uint64_t documents = 0;
  std::string revision;  // "generation.xapian_revision"; for shards, a label of their revisions
};

class Searcher {
 public:
  // Fails with kNotFound (no index), kIndexVersion (needs kestrel-index --rebuild) or kCorrupt.
  static Result<Searcher> open(const std::string& index_dir);
  // Shards as well: Xapian merges their term statistics, so ranking, totals and facet counts are
  // those of one index of the same articles. What remote databases lack in Xapian 1.4 is worked
  // around: facet counts use Xapian's ValueCountMatchSpy (exact within the same budget), and no
  // spelling correction is offered ("did you mean" needs the spelling tables, which the remote
  // protocol does not carry). A shard that is down or slower than 3 s fails the call with kIo
  // (the next call connects again); a shard whose generation a rebuild replaced is reconnected
  // to by refresh(), within about a second. Further errors: kInvalidArgument when the shards
  // are not every shard of one --shards run, each once.
  static Result<Searcher> open(const IndexSource& source);

  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  // Never throws. kInvalidArgument for an unknown facet value filter is not an error: it simply
  // matches nothing. Errors: kInvalidArgument (limit/offset out of range), kIo/kCorrupt.
  Result<SearchResult> search(const SearchRequest& request);

  // Completions for what is typed in a search box: taxonomy names first ("post" -> "post-traumatic
  // stress disorder"), then corpus words by frequency ("ket" -> "ketamine"). The words typed
  // before the last are kept: "ketamine for dep" -> "ketamine for depression".
  Result<std::vector<std::string>> suggest(std::string_view prefix, unsigned limit = 8);

  // The taxonomy names nearest `text`, most similar first, at most `limit`, none under
  // kMinNameSimilarity: what a search that found nothing may have meant, for the staff's
  // report ("esketamine" found nothing; "esketamine spray" names intranasal).
  static constexpr double kMinNameSimilarity = 0.3;
  Result<std::vector<NearName>> nearest_names(std::string_view text, unsigned limit = 3);

  // One article by id; kNotFound when absent.
  Result<ArticleView> article(std::string_view id);

  // The articles most like one article (its most distinctive words, searched for), best first,
  // itself excluded; hits without snippets. kNotFound when absent; kInvalidArgument when
  // `limit` is not 1 to kMaxPageSize.
  Result<std::vector<Hit>> related(std::string_view id, unsigned limit = 5);

  // Uses the learned ranker's model in `model_path` (as benchmarks/ltr/run writes one) instead of
  // the model this program was built with, which is loaded on the first search that asks for
  // the learned ranker. kNotFound when absent; kCorrupt, naming the file, when it is not such a
  // model.
  Status load_ranker(const std::string& model_path);

  // Switches to a newer published revision if there is one. Returns whether it switched.
  Result<bool> refresh();

  IndexInfo info() const;

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kestrel
