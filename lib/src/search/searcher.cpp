#include "kestrel/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "analysis/taxonomy.h"
#include "common/xapian_errors.h"
#include "index/index_location.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "kestrel/utf8.h"
#include "search/document_cache.h"
#include "search/facet_column.h"
#include "search/facet_tally.h"
#include "search/filter_query.h"
#include "search/index_connection.h"
#include "search/query_builder.h"
#include "search/ranking.h"
#include "search/related.h"
#include "search/snippet.h"
#include "search/vocabulary.h"

namespace kestrel {
namespace {

Hit hit_from(const StoredArticle& stored) {
  Hit hit;
  hit.id = stored.id;
  hit.title = stored.title;
  hit.url = stored.url;
  hit.source = stored.source;
  hit.published = stored.published;
  hit.conditions = stored.conditions;
  hit.routes = stored.routes;
  return hit;
}

// Cuts a query at a word boundary below kMaxQueryBytes, never inside a UTF-8 sequence.
std::string_view bounded_query(std::string_view q) {
  if (q.size() <= kMaxQueryBytes) return q;
  size_t cut = q.rfind(' ', kMaxQueryBytes);
  if (cut == std::string_view::npos || cut < kMaxQueryBytes / 2) {
    cut = utf8_cut_point(q, kMaxQueryBytes);
  }
  return q.substr(0, cut);
}

// Facet values as a tree, depth first: each value followed by its children, siblings most
// frequent first. A value whose parent is not among them stands at the top.
std::vector<FacetCount> as_tree(std::vector<FacetCount> values) {
  std::sort(values.begin(), values.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  // Linear in the values: sources are an open facet and may have thousands.
  std::unordered_map<std::string_view, std::vector<size_t>> children;
  for (const FacetCount& v : values) children.try_emplace(v.value);
  std::vector<size_t> roots;
  for (size_t i = 0; i < values.size(); ++i) {
    auto parent = values[i].parent.empty() ? children.end() : children.find(values[i].parent);
    if (parent == children.end())
      roots.push_back(i);
    else
      parent->second.push_back(i);
  }
  std::vector<FacetCount> out;
  std::vector<bool> placed(values.size(), false);
  // Depth first, siblings in count order; taxonomy depth is bounded (with_ancestors stops at 16).
  std::vector<std::pair<size_t, int>> stack;
  for (auto r = roots.rbegin(); r != roots.rend(); ++r) stack.emplace_back(*r, 0);
  while (!stack.empty()) {
    auto [i, depth] = stack.back();
    stack.pop_back();
    if (placed[i] || depth > 16) continue;
    placed[i] = true;
    out.push_back(values[i]);
    const std::vector<size_t>& below = children[values[i].value];
    for (auto c = below.rbegin(); c != below.rend(); ++c) stack.emplace_back(*c, depth + 1);
  }
  for (size_t i = 0; i < values.size(); ++i)
    if (!placed[i]) out.push_back(values[i]);  // a cycle in a damaged taxonomy: flat, at the end
  return out;
}

}  // namespace

// What is derived from one index revision: immutable once built, and shared by every Searcher
// of the process that has that revision open, so that a server with many threads holds one
// facet column, not one per thread.
//
// The threading rule of lib: no Xapian object is used by two threads. Xapian's handles
// (Database, Query, Enquire, Stem, ...) share reference-counted internals whose counts are not
// atomic, so even copying one from two threads at once corrupts its count; that includes the
// library's own statics such as Xapian::Query::MatchAll. A Searcher, with its Database and
// Analyzer, belongs to one thread. What threads share is this snapshot, and it holds only plain
// C++ values (strings, vectors, maps) built once and never written again; the vocabulary, built
// lazily, is published through std::call_once; the spelling memo holds strings behind its mutex.
struct Snapshot {
  Taxonomy taxonomy;
  std::unique_ptr<FacetColumn> facets;
  SpellingMemo spelling;
  DocumentCache documents;
  // Built on first use (only suggestions need it), once, by whichever thread asks first.
  std::once_flag vocabulary_built;
  std::unique_ptr<Vocabulary> vocabulary;
};

// Snapshots by "generation path@revision". Entries are weak: a revision no Searcher has open
// is freed, and a stale entry is dropped the next time a snapshot is made.
class SnapshotCache {
 public:
  template <typename Build>
  Result<std::shared_ptr<Snapshot>> get(const std::string& key, Build build) {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      if (auto alive = it->second.lock()) return alive;
    }
    Result<std::shared_ptr<Snapshot>> made = build();
    if (!made) return made;
    std::erase_if(cache_, [](const auto& entry) { return entry.second.expired(); });
    cache_[key] = *made;
    return made;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<Snapshot>> cache_;
};

SnapshotCache& snapshots() {
  static SnapshotCache cache;
  return cache;
}

struct Searcher::Impl {
  IndexConnection connection;
  std::string dir;      // the index directory or the shards' addresses, for messages
  Xapian::Database db;  // the connection's database
  Analyzer analyzer;
  SnippetMaker snippets;
  ExpansionWords expansion_words;  // what feedback and related articles have read, this revision
  std::shared_ptr<Snapshot> snapshot;

  Status open(const IndexSource& source) {
    Status opened = connection.open(source);
    dir = connection.name();
    if (!opened) return opened;
    db = connection.db();
    expansion_words.set_look_up(connection.remote() ? FrequencyLookUp::kOneExchange
                                                    : FrequencyLookUp::kPerWord);
    return load_snapshot();
  }

  Status load_snapshot() {
    expansion_words.forget();
    Result<std::shared_ptr<Snapshot>> shared =
        snapshots().get(connection.content_key(), [&]() -> Result<std::shared_ptr<Snapshot>> {
          auto fresh = std::make_shared<Snapshot>();
          std::string yaml = db.get_metadata(schema::meta::kTaxonomy);
          if (!yaml.empty()) {
            Result<Taxonomy> taxonomy = Taxonomy::parse(yaml, dir + " (stored taxonomy)");
            if (!taxonomy) return Error{ErrorCode::kCorrupt, taxonomy.error().message};
            fresh->taxonomy = std::move(taxonomy).value();
          }
          // Remote shards serve no value streams: they count with match spies instead.
          if (!connection.remote()) fresh->facets = std::make_unique<FacetColumn>(db);
          return fresh;
        });
    if (!shared) return shared.error();
    snapshot = std::move(shared).value();
    return Status::Ok();
  }

  const Vocabulary& vocabulary() {
    std::call_once(snapshot->vocabulary_built,
                   [&] { snapshot->vocabulary = std::make_unique<Vocabulary>(db); });
    return *snapshot->vocabulary;
  }

  Result<bool> refresh() {
    Result<bool> refreshed = connection.refresh();
    if (!refreshed || !*refreshed) return refreshed;
    db = connection.db();
    if (Status loaded = load_snapshot(); !loaded) return loaded.error();
    return true;
  }

  // After a shard's connection failed: connect again, so that the next attempt starts afresh.
  // Never throws.
  Status reconnect() {
    try {
      Status reopened = connection.reconnect();
      if (!reopened) return reopened;
      db = connection.db();
      needs_reconnect = false;
      return load_snapshot();
    } catch (const Xapian::Error& e) {
      return from_xapian(e, dir);
    }
  }
  bool needs_reconnect = false;  // a shard's connection failed mid-conversation

  // Runs `work` (a call into Xapian) and turns what Xapian throws into an Error, recovering
  // where that is safe:
  //  - the indexer moved on so far that the open revision is gone: refresh and try again once;
  //  - a shard's connection broke, or its server lost the generation it had open (a rebuild
  //    removed it): connect again and try again once;
  //  - a shard too slow to answer within kRemoteTimeout: fail now (the server's 5 s promise),
  //    and connect afresh on the next call.
  template <typename T, typename Work>
  Result<T> guarded(Work work) {
    if (needs_reconnect) {
      if (Status reopened = reconnect(); !reopened) return reopened.error();
    }
    for (int attempt = 0;; ++attempt) {
      try {
        return work();
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt > 0) return from_xapian(e, dir);
        auto refreshed = refresh_guarded();
        if (!refreshed) return refreshed.error();
      } catch (const Xapian::NetworkTimeoutError& e) {
        needs_reconnect = true;
        return from_xapian(e, dir);
      } catch (const Xapian::Error& e) {
        // A shard's connection broke; or a database vanished under us: the generation a
        // shard's server had open, or a replica's old copy that xapian-replicate replaced.
        std::string_view type = e.get_type();
        bool vanished = type == "DatabaseOpeningError" || type == "DatabaseNotFoundError" ||
                        type == "DatabaseError";
        bool recoverable = connection.remote() ? type != "InvalidArgumentError" : vanished;
        if (!recoverable || attempt > 0) {
          if (connection.remote()) needs_reconnect = true;
          return from_xapian(e, dir);
        }
        if (connection.remote()) {
          if (Status reopened = reconnect(); !reopened) return reopened.error();
        } else if (auto refreshed = refresh_guarded(); !refreshed) {
          return refreshed.error();
        }
      } catch (const std::exception& e) {
        return Error{ErrorCode::kInternal, dir + ": " + e.what()};
      }
    }
  }

  // refresh(), with shard failures recovered by connecting again.
  Result<bool> refresh_guarded() {
    try {
      return refresh();
    } catch (const Xapian::Error& e) {
      if (!connection.remote()) return from_xapian(e, dir);
      if (Status reopened = reconnect(); !reopened) return reopened.error();
      return true;
    }
  }

  Result<SearchResult> search(const SearchRequest& request);
  Result<std::vector<std::string>> suggest(std::string_view typed, unsigned limit);
  Result<ArticleView> article(std::string_view id);
  Result<std::vector<Hit>> related(std::string_view id, unsigned limit);
  Result<Xapian::docid> document_of(std::string_view id);
  Result<std::shared_ptr<const CachedDocument>> shown_document(Xapian::docid id);
  FacetArray<Xapian::Query> facet_filters(const SearchRequest& request) const;
  Xapian::MSet ranked_pass(const Xapian::Query& query, const SearchRequest& request, Tally& tally);
  const RankingBound* ranking_bound(const SearchRequest& request) const;
  MatchCount unranked_counts(const Xapian::Query& query, Tally& tally);
  std::vector<Xapian::MSet> oldest_first(const Xapian::Query& query, const SearchRequest& request);
  std::vector<SearchResult::YearCount> published_years(const Tally& tally, uint64_t matches) const;
  std::vector<FacetResult> facet_results(const FacetArray<ValueCounts>& counts,
                                         const SearchRequest& request) const;
  Result<Hit> hit_at(const Xapian::MSetIterator& it, const std::vector<HighlightPhrase>& highlights,
                     const SearchRequest& request);
  Status add_hits(const Xapian::MSet& mset, const BuiltQuery& built, const SearchRequest& request,
                  SearchResult& result);
};

// The request's facet filters, one query per facet with a selection (its values OR'ed), else empty.
FacetArray<Xapian::Query> Searcher::Impl::facet_filters(const SearchRequest& request) const {
  FacetArray<Xapian::Query> filters;
  for (Facet facet : kAllFacets) {
    const auto& values = request.filters[static_cast<size_t>(facet)];
    if (values.empty()) continue;
    std::vector<Xapian::Query> alternatives;
    for (const std::string& value : values) {
      alternatives.push_back(
          QueryBuilder::facet_filter(facet, snapshot->taxonomy.canonical(facet, value)));
    }
    filters[static_cast<size_t>(facet)] =
        Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  return filters;
}

namespace {

// The filter expression (empty: none) and every facet filter but `except`'s (kFacetCount: none
// excepted), AND'ed; empty when there is none.
Xapian::Query filter_of(const Xapian::Query& expression, const FacetArray<Xapian::Query>& filters,
                        size_t except) {
  std::vector<Xapian::Query> applied;
  if (!expression.empty()) applied.push_back(expression);
  for (size_t f = 0; f < kFacetCount; ++f) {
    if (f != except && !filters[f].empty()) applied.push_back(filters[f]);
  }
  if (applied.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_AND, applied.begin(), applied.end());
}

// `query` restricted by filter_of(expression, filters, except).
Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& expression,
                       const FacetArray<Xapian::Query>& filters, size_t except) {
  Xapian::Query filter = filter_of(expression, filters, except);
  if (filter.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

// The bound of every two-stage ranking (two_stage.h has the curve that chose it).
constexpr RankingBound kRankingBound;

}  // namespace

// The requested page, ranked, with `tally` counting the matches the matcher examines: all of
// them up to kExactCountBudget.
Xapian::MSet Searcher::Impl::ranked_pass(const Xapian::Query& query, const SearchRequest& request,
                                         Tally& tally) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  if (request.sort != SortOrder::kRelevance) {
    enquire.set_sort_by_value_then_relevance(schema::spec(schema::Field::kPublished).slot,
                                             request.sort == SortOrder::kDate);
  }
  tally.attach(enquire);
  // Oldest first takes its page from oldest_first(): this pass only counts.
  unsigned limit = request.sort == SortOrder::kDateOldest ? 0 : request.limit;
  return enquire.get_mset(request.offset, limit, kExactCountBudget);
}

// The page of oldest-first results: dated articles from the oldest, then the undated ones by
// relevance, as Meilisearch places documents without the sort attribute last. Xapian sorts an
// absent value before every date, so the two are ranked apart.
std::vector<Xapian::MSet> Searcher::Impl::oldest_first(const Xapian::Query& query,
                                                       const SearchRequest& request) {
  Xapian::valueno slot = schema::spec(schema::Field::kPublished).slot;
  Xapian::Query dated(Xapian::Query::OP_VALUE_GE, slot, std::string("0"));
  Xapian::Enquire by_date(db);
  by_date.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, dated));
  by_date.set_weighting_scheme(Xapian::BM25Weight());
  by_date.set_sort_by_value_then_relevance(slot, false);
  std::vector<Xapian::MSet> pages{by_date.get_mset(request.offset, request.limit)};
  Xapian::doccount shown = pages[0].size();
  if (shown >= request.limit) return pages;
  // The dated matches ran out on this page, so their count is exact: the undated ones follow.
  Xapian::doccount dated_total = pages[0].get_matches_estimated();
  Xapian::Enquire undated(db);
  undated.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, dated));
  undated.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::doccount skip = request.offset > dated_total ? request.offset - dated_total : 0;
  pages.push_back(undated.get_mset(skip, request.limit - shown));
  return pages;
}

std::vector<SearchResult::YearCount> Searcher::Impl::published_years(const Tally& tally,
                                                                     uint64_t matches) const {
  std::vector<SearchResult::YearCount> out;
  for (auto [year, count] : tally.years(matches)) out.push_back({year, count});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  return out;
}

// The bound `request` is ranked under, or null when it is ranked exhaustively.
const RankingBound* Searcher::Impl::ranking_bound(const SearchRequest& request) const {
  // Two stages need our posting source, which a shard's xapian-tcpsrv cannot run.
  if (connection.remote()) return nullptr;
  switch (request.ranking) {
    case RankingPolicy::kExact:
      return nullptr;
    case RankingPolicy::kBounded:
      return &kRankingBound;
    case RankingPolicy::kAuto:
      break;
  }
  return db.get_doccount() > kBoundedFromDocuments ? &kRankingBound : nullptr;
}

// The total and the counts of `tally` over the matches of `query`, unranked, bounded like the
// ranked pass: for a facet with a selection, the query filtered by every other facet (disjunctive
// counts, so that choosing PTSD still shows what OCD would give); for a two-stage ranking, the
// whole query.
MatchCount Searcher::Impl::unranked_counts(const Xapian::Query& query, Tally& tally) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  tally.attach(enquire);
  return count_of(enquire.get_mset(0, 0, kExactCountBudget), tally);
}

std::vector<FacetResult> Searcher::Impl::facet_results(const FacetArray<ValueCounts>& counts,
                                                       const SearchRequest& request) const {
  std::vector<FacetResult> results;
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    std::set<std::string> selected;
    for (const std::string& value : request.filters[f])
      selected.insert(snapshot->taxonomy.canonical(facet, value));
    FacetResult result{facet, {}};
    for (const auto& [name, count] : counts[f]) {
      bool is_selected = selected.erase(name) > 0;
      result.values.push_back({name, count, is_selected, {}});
    }
    // A selected value that no match has (or that this index lacks) still shows, with 0.
    for (const std::string& name : selected) result.values.push_back({name, 0, true, {}});
    for (FacetCount& value : result.values) {
      if (const FacetValue* known = snapshot->taxonomy.find(facet, value.value))
        value.parent = known->parent;
    }
    result.values = as_tree(std::move(result.values));
    results.push_back(std::move(result));
  }
  return results;
}

// What hits and article pages show of document `id`: the revision's cached copy, else read from
// the index and kept. kCorrupt (with the message of decode_stored_article) for a record it did
// not write.
Result<std::shared_ptr<const CachedDocument>> Searcher::Impl::shown_document(Xapian::docid id) {
  if (std::shared_ptr<const CachedDocument> kept = snapshot->documents.find(id)) return kept;
  Xapian::Document doc = db.get_document(id);
  Result<StoredArticle> stored = decode_stored_article(doc.get_data());
  if (!stored) return stored.error();
  auto read = std::make_shared<CachedDocument>();
  read->article = std::move(stored).value();
  read->record = doc.get_value(schema::spec(schema::Field::kBody).slot);
  if (Status decoded = decode_stored_body(read->record, kSnippetScannedWords, read->body); !decoded)
    return decoded.error();
  return snapshot->documents.keep(id, std::move(read));
}

// The hit of a ranked document, with what the request asks of it, marking `highlights`.
Result<Hit> Searcher::Impl::hit_at(const Xapian::MSetIterator& it,
                                   const std::vector<HighlightPhrase>& highlights,
                                   const SearchRequest& request) {
  auto corrupt = [&](const Error& error) {
    return Error{ErrorCode::kCorrupt,
                 dir + ": document " + std::to_string(*it) + ": " + error.message};
  };
  Result<std::shared_ptr<const CachedDocument>> doc = shown_document(*it);
  if (!doc) return corrupt(doc.error());
  Hit hit = hit_from((*doc)->article);
  hit.score = it.get_weight();
  hit.snippet = snippets.make((*doc)->body, highlights, request.snippet_words);
  if (request.with_body) hit.body = std::string((*doc)->body.text);
  if (request.mark_titles) hit.title_marks = snippets.marks_in(hit.title, highlights, analyzer);
  return hit;
}

Status Searcher::Impl::add_hits(const Xapian::MSet& mset, const BuiltQuery& built,
                                const SearchRequest& request, SearchResult& result) {
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Result<Hit> hit = hit_at(it, built.highlights, request);
    if (!hit) return hit.error();
    result.hits.push_back(std::move(hit).value());
  }
  return Status::Ok();
}

Result<SearchResult> Searcher::Impl::search(const SearchRequest& request) {
  auto started = std::chrono::steady_clock::now();
  SearchResult result;
  result.query = std::string(request.query);
  const Vocabulary* vocabulary = request.mode == QueryMode::kPrefix ? &this->vocabulary() : nullptr;
  QueryBuilder builder(db, snapshot->taxonomy, snapshot->spelling, analyzer, vocabulary);
  BuiltQuery built = builder.build(bounded_query(request.query), request.mode == QueryMode::kPrefix
                                                                     ? LastWord::kBeingTyped
                                                                     : LastWord::kComplete);
  if (!built.corrected.empty()) result.corrected_query = built.corrected;

  // One ranked pass gives the page, the total and the counts of the facets without a selection
  // (over the same matches); each facet with a selection takes one more bounded pass.
  FacetArray<Xapian::Query> filters = facet_filters(request);
  Xapian::Query expression = filter_query(request.filter, snapshot->taxonomy);
  FacetArray<bool> unselected;
  for (size_t f = 0; f < kFacetCount; ++f) unselected[f] = filters[f].empty();
  const RankingBound* bound = ranking_bound(request);
  RankedQuery ranked =
      ranked_query(db, expansion_words, built, request.match, request.mode, bound);
  Xapian::Query query = ranked.query;
  result.matched_any_word = ranked.matched_any_word;
  auto tally = make_tally(snapshot->facets.get(), unselected);
  Xapian::MSet mset;
  MatchCount count;
  if (bound != nullptr && request.sort == SortOrder::kRelevance &&
      is_bounded(ranked.disjunction, *bound)) {
    // The page from two stages; the total and the counts from an unranked pass over the same
    // matches, bounded as the ranked pass bounds them.
    ranked.disjunction.filter = filter_of(expression, filters, kFacetCount);
    if (request.limit > 0)
      mset = bounded_page(db, ranked, *bound, request.offset, request.limit);
    count = unranked_counts(filtered(query, expression, filters, kFacetCount), *tally);
    result.ranking = Ranking::kBounded;
  } else {
    mset = ranked_pass(filtered(query, expression, filters, kFacetCount), request, *tally);
    count = count_of(mset, *tally);
  }
  if (ranked.feedback_bounded) result.ranking = Ranking::kBounded;
  if (count.total == 0 && count.exact && built.clauses > 1 && ranked.strict_all_words) {
    query = built.any_word;
    result.matched_any_word = true;
    tally = make_tally(snapshot->facets.get(), unselected);
    mset = ranked_pass(filtered(query, expression, filters, kFacetCount), request, *tally);
    count = count_of(mset, *tally);
  }
  result.total = count.total;
  result.exhaustive = count.exact;

  FacetArray<ValueCounts> counts;
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (unselected[f]) {
      counts[f] = tally->counts(facet, count.total);
      continue;
    }
    FacetArray<bool> only{};
    only[f] = true;
    std::unique_ptr<Tally> disjunctive = make_tally(snapshot->facets.get(), only);
    MatchCount others = unranked_counts(filtered(query, expression, filters, f), *disjunctive);
    counts[f] = disjunctive->counts(facet, others.total);
    result.exhaustive = result.exhaustive && others.exact;
  }
  result.facets = facet_results(counts, request);
  result.published_years = published_years(*tally, count.total);
  std::vector<Xapian::MSet> pages{mset};
  if (request.sort == SortOrder::kDateOldest)
    pages = oldest_first(filtered(query, expression, filters, kFacetCount), request);
  for (const Xapian::MSet& page : pages)
    if (Status added = add_hits(page, built, request, result); !added) return added.error();
  result.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::string& index_dir) {
  return open(IndexSource{index_dir, {}});
}

Result<Searcher> Searcher::open(const IndexSource& source) {
  auto impl = std::make_unique<Impl>();
  std::string name = source.shards.empty() ? source.index_dir : "shards";
  try {
    Status opened = impl->open(source);
    if (!opened) return opened.error();
  } catch (const Xapian::Error& e) {
    return from_xapian(e, impl->dir.empty() ? name : impl->dir);
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInternal, name + ": " + e.what()};
  }
  return Searcher(std::move(impl));
}

Result<SearchResult> Searcher::search(const SearchRequest& request) {
  if (request.limit > kMaxPageSize) {
    return Error{ErrorCode::kInvalidArgument,
                 "per_page must be between 0 and " + std::to_string(kMaxPageSize)};
  }
  if (request.offset > kMaxOffset) {
    return Error{ErrorCode::kInvalidArgument,
                 "results beyond the first " + std::to_string(kMaxOffset) + " are not served"};
  }
  return impl_->guarded<SearchResult>([&] { return impl_->search(request); });
}

Result<std::vector<std::string>> Searcher::suggest(std::string_view typed, unsigned limit) {
  return impl_->guarded<std::vector<std::string>>(
      [&]() -> Result<std::vector<std::string>> { return impl_->suggest(typed, limit); });
}

Result<std::vector<std::string>> Searcher::Impl::suggest(std::string_view typed, unsigned limit) {
  {
    std::string_view text = bounded_query(typed);
    size_t last_space = text.find_last_of(" \t");
    std::string head(last_space == std::string_view::npos ? "" : text.substr(0, last_space + 1));
    std::string_view last =
        last_space == std::string_view::npos ? text : text.substr(last_space + 1);
    std::vector<std::string> out;
    auto add = [&](std::string suggestion) {
      if (out.size() >= limit) return;
      std::string folded = fold_name(suggestion);
      for (const auto& existing : out)
        if (fold_name(existing) == folded) return;
      out.push_back(std::move(suggestion));
    };
    // Taxonomy names: the whole text typed so far, or its last word, begins one.
    const Taxonomy& taxonomy = snapshot->taxonomy;
    std::vector<std::pair<uint64_t, std::string>> names;
    std::string whole = fold_name(text), tail = fold_name(last);
    for (Facet facet : kAllFacets) {
      if (facet == Facet::kSource) continue;  // sources are filters, not things people search for
      for (const FacetValue& value : taxonomy.values(facet)) {
        uint64_t weight = db.get_termfreq(schema::facet_term(facet, value.value));
        std::vector<std::string> all = value.aliases;
        all.insert(all.begin(), value.value);
        for (const std::string& name : all) {
          std::string folded = fold_name(name);
          if (!whole.empty() && folded.rfind(whole, 0) == 0 && folded != whole)
            names.emplace_back(weight + 1000000, name);
          else if (!tail.empty() && tail.size() >= 2 && folded.rfind(tail, 0) == 0 &&
                   folded != tail)
            names.emplace_back(weight, head + name);
        }
      }
    }
    std::stable_sort(names.begin(), names.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [weight, name] : names) add(std::move(name));
    std::string normalised = analyzer.normalise_word(last);
    if (!normalised.empty()) {
      for (const std::string& word : vocabulary().complete(normalised, limit)) {
        if (word != normalised) add(head + word);
      }
    }
    return out;
  }
}

Result<Xapian::docid> Searcher::Impl::document_of(std::string_view id) {
  auto it = db.postlist_begin(schema::id_term(id));
  if (it == db.postlist_end(schema::id_term(id)))
    return Error{ErrorCode::kNotFound, "no article with id '" + std::string(id) + "'"};
  return *it;
}

Result<ArticleView> Searcher::article(std::string_view id) {
  return impl_->guarded<ArticleView>([&] { return impl_->article(id); });
}

Result<ArticleView> Searcher::Impl::article(std::string_view id) {
  Result<Xapian::docid> found = document_of(id);
  if (!found) return found.error();
  auto corrupt = [&](const Error& error) {
    return Error{ErrorCode::kCorrupt,
                 dir + ": article '" + std::string(id) + "': " + error.message};
  };
  Result<std::shared_ptr<const CachedDocument>> doc = shown_document(*found);
  if (!doc) return corrupt(doc.error());
  ArticleView view;
  view.authors = (*doc)->article.authors;
  view.body = std::string((*doc)->body.text);
  view.meta = hit_from((*doc)->article);
  return view;
}

Result<std::vector<Hit>> Searcher::related(std::string_view id, unsigned limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return Error{ErrorCode::kInvalidArgument, "limit must be 1 to " + std::to_string(kMaxPageSize)};
  return impl_->guarded<std::vector<Hit>>([&] { return impl_->related(id, limit); });
}

Result<std::vector<Hit>> Searcher::Impl::related(std::string_view id, unsigned limit) {
  Result<Xapian::docid> found = document_of(id);
  if (!found) return found.error();
  std::vector<Hit> hits;
  Result<StoredArticle> article = decode_stored_article(db.get_document(*found).get_data());
  if (!article)
    return Error{ErrorCode::kCorrupt,
                 dir + ": article '" + std::string(id) + "': " + article.error().message};
  Xapian::Query query = related_query(db, expansion_words, *found, id, article->conditions);
  if (query.empty()) return hits;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  // Every match is scored: Xapian 1.4.22's pruning (the matcher skipping documents whose
  // bound cannot reach the page) dropped the best related article for 3 of 3,000 medcorpus
  // articles, all among the last docids; a plain OR of 12 body words over that index shows it
  // too, and BM25 without length normalisation (b = 0) does not. Scoring all matches costs
  // p50 2.4 -> 3.7 ms on 30,000 articles and 4-7 -> 12 ms on 250k passages (in-process, 300
  // articles each): one request per article page.
  Xapian::MSet mset = enquire.get_mset(0, limit, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Result<StoredArticle> stored = decode_stored_article(it.get_document().get_data());
    if (!stored)
      return Error{ErrorCode::kCorrupt,
                   dir + ": document " + std::to_string(*it) + ": " + stored.error().message};
    Hit hit = hit_from(*stored);
    hit.score = it.get_weight();
    hits.push_back(std::move(hit));
  }
  return hits;
}

Result<bool> Searcher::refresh() {
  try {
    if (impl_->needs_reconnect) {
      if (Status reopened = impl_->reconnect(); !reopened) return reopened.error();
      return true;
    }
    return impl_->refresh_guarded();
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInternal, impl_->dir + ": " + e.what()};
  }
}

IndexInfo Searcher::info() const {
  return IndexInfo{impl_->db.get_doccount(), impl_->connection.revision()};
}

}  // namespace kestrel
