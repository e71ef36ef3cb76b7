#include "kestrel/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>

#include "analysis/taxonomy.h"
#include "common/xapian_errors.h"
#include "index/index_location.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "kestrel/utf8.h"
#include "search/counting.h"
#include "search/document_cache.h"
#include "search/facet_tally.h"
#include "search/filter_query.h"
#include "search/index_connection.h"
#include "search/learned_ranker.h"
#include "search/near_names.h"
#include "search/query_builder.h"
#include "search/ranked_pass.h"
#include "search/ranking.h"
#include "search/related.h"
#include "search/rerank.h"
#include "search/snapshot.h"
#include "search/snippet.h"
#include "search/suggestions.h"
#include "search/title_field.h"

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
  hit.study = stored.study;
  hit.participants = stored.participants;
  hit.file = stored.file;
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

}  // namespace

struct Searcher::Impl {
  IndexConnection connection;
  std::string dir;      // the index directory or the shards' addresses, for messages
  Xapian::Database db;  // the connection's database
  Analyzer analyzer;
  SnippetMaker snippets;
  std::optional<LearnedRanker> ranker;  // Searcher::load_ranker
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
        shared_snapshot(connection.content_key(), [&]() -> Result<std::shared_ptr<Snapshot>> {
          auto fresh = std::make_shared<Snapshot>();
          std::string yaml = db.get_metadata(schema::meta::kTaxonomy);
          if (!yaml.empty()) {
            Result<Taxonomy> taxonomy = Taxonomy::parse(yaml, dir + " (stored taxonomy)");
            if (!taxonomy) return Error{ErrorCode::kCorrupt, taxonomy.error().message};
            fresh->taxonomy = std::move(taxonomy).value();
          }
          fresh->titles =
              title_statistics(connection.metadata_of_parts(schema::meta::kTitleLengthTotal), db);
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
  const RankingBound* ranking_bound(const SearchRequest& request) const;
  // The page of `ranked` restricted by `expression` and `filters`, with the total and the tally
  // of the facets without a selection over its matches: one ranked pass, or two stages and an
  // unranked count when `bound` bounds the query.
  struct PagePass {
    Xapian::MSet page;
    MatchCount count;
    std::unique_ptr<Tally> tally;
    bool bounded = false;
  };
  PagePass page_pass(RankedQuery& ranked, const Xapian::Query& expression,
                     const FacetArray<Xapian::Query>& filters, const SearchRequest& request,
                     const RankingBound* bound);
  using Ranked = RankedDocument;
  Result<Hit> hit_at(const Ranked& ranked, const std::vector<HighlightPhrase>& highlights,
                     const SearchRequest& request);
  Result<std::vector<Ranked>> ranked_list(const Xapian::MSet& mset, const BuiltQuery& built,
                                          const SearchRequest& request);
  Status add_hits(const std::vector<Ranked>& ranked, const BuiltQuery& built,
                  const SearchRequest& request, SearchResult& result);
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

// The bound of every two-stage ranking (two_stage.h has the curve that chose it).
constexpr RankingBound kRankingBound;

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
Result<Hit> Searcher::Impl::hit_at(const Ranked& ranked,
                                   const std::vector<HighlightPhrase>& highlights,
                                   const SearchRequest& request) {
  auto corrupt = [&](const Error& error) {
    return Error{ErrorCode::kCorrupt,
                 dir + ": document " + std::to_string(ranked.id) + ": " + error.message};
  };
  Result<std::shared_ptr<const CachedDocument>> doc = shown_document(ranked.id);
  if (!doc) return corrupt(doc.error());
  Hit hit = hit_from((*doc)->article);
  hit.score = ranked.score;
  hit.snippet = snippets.make((*doc)->body, highlights, request.snippet_words);
  if (request.with_body) hit.body = std::string((*doc)->body.text);
  if (request.mark_titles) hit.title_marks = snippets.marks_in(hit.title, highlights, analyzer);
  if (ranked.explained) {
    hit.features.assign(ranked.features.begin(), ranked.features.end());
    hit.contributions = ranked.contributions;
  }
  return hit;
}

// The page's documents in order: the matcher's, or with the learned ranker its first
// kRerankCandidates reordered by the model (rerank.h); with their features when asked for.
Result<std::vector<Searcher::Impl::Ranked>> Searcher::Impl::ranked_list(
    const Xapian::MSet& mset, const BuiltQuery& built, const SearchRequest& request) {
  std::vector<Ranked> list;
  for (auto it = mset.begin(); it != mset.end(); ++it) list.push_back({*it, it.get_weight()});
  bool learned = request.ranker == Ranker::kLearned && request.sort == SortOrder::kRelevance;
  if (!learned && !request.explain) return list;
  std::vector<std::string> terms;
  for (const HighlightPhrase& phrase : built.highlights)
    terms.insert(terms.end(), phrase.terms.begin(), phrase.terms.end());
  RerankRequest wanted{terms, learned ? &*ranker : nullptr, request.explain};
  Status reranked =
      rerank(list, wanted, db, analyzer, [this](Xapian::docid id) { return shown_document(id); });
  if (!reranked) return reranked.error();
  return list;
}

Status Searcher::Impl::add_hits(const std::vector<Ranked>& ranked, const BuiltQuery& built,
                                const SearchRequest& request, SearchResult& result) {
  for (const Ranked& document : ranked) {
    Result<Hit> hit = hit_at(document, built.highlights, request);
    if (!hit) return hit.error();
    result.hits.push_back(std::move(hit).value());
  }
  return Status::Ok();
}

Searcher::Impl::PagePass Searcher::Impl::page_pass(RankedQuery& ranked,
                                                   const Xapian::Query& expression,
                                                   const FacetArray<Xapian::Query>& filters,
                                                   const SearchRequest& request,
                                                   const RankingBound* bound) {
  FacetArray<bool> unselected;
  for (size_t f = 0; f < kFacetCount; ++f) unselected[f] = filters[f].empty();
  PagePass pass;
  pass.tally = make_tally(snapshot->facets.get(), unselected);
  Xapian::Query matches = filtered(ranked.query, expression, filters, kFacetCount);
  if (bound != nullptr && request.sort == SortOrder::kRelevance && ranked.bounded) {
    // The page from two stages; the total and the counts from an unranked pass over the same
    // matches, bounded as the ranked pass bounds them.
    ranked.disjunction.filter = filter_of(expression, filters, kFacetCount);
    if (request.limit > 0)
      pass.page = bounded_page(db, ranked, *bound, request.offset, request.limit);
    pass.count = unranked_counts(db, matches, *pass.tally);
    pass.bounded = true;
  } else {
    pass.page = ranked_pass(db, matches, request, *pass.tally);
    pass.count = count_of(pass.page, *pass.tally);
  }
  return pass;
}

Result<SearchResult> Searcher::Impl::search(const SearchRequest& request) {
  auto started = std::chrono::steady_clock::now();
  SearchResult result;
  result.query = std::string(request.query);
  QueryBuilder builder(
      db, snapshot->taxonomy, analyzer, [this]() -> const Vocabulary& { return vocabulary(); },
      snapshot->titles);
  BuiltQuery built = builder.build(bounded_query(request.query), request.mode == QueryMode::kPrefix
                                                                     ? LastWord::kBeingTyped
                                                                     : LastWord::kComplete);
  if (!built.corrected.empty()) result.corrected_query = built.corrected;

  // One ranked pass gives the page, the total and the counts of the facets without a selection
  // (over the same matches); each facet with a selection takes one more bounded pass.
  FacetArray<Xapian::Query> filters = facet_filters(request);
  Xapian::Query expression = filter_query(request.filter, snapshot->taxonomy);
  const RankingBound* bound = ranking_bound(request);
  RankedQuery ranked = ranked_query(db, expansion_words, built, request.match, request.mode, bound);
  result.matched_any_word = ranked.matched_any_word;
  // The learned ranker reorders the first kRerankCandidates: the pass ranks from the first, and
  // the page is cut from the reordered list.
  bool reranked = request.ranker == Ranker::kLearned && request.sort == SortOrder::kRelevance &&
                  request.limit > 0;
  SearchRequest from_first;
  if (reranked) {
    from_first = request;
    from_first.offset = 0;
    from_first.limit = std::max(kRerankCandidates, request.offset + request.limit);
  }
  const SearchRequest& passed = reranked ? from_first : request;
  PagePass pass = page_pass(ranked, expression, filters, passed, bound);
  if (pass.count.total == 0 && pass.count.exact && built.clauses > 1 && ranked.strict_all_words) {
    ranked = any_word_query(built, bound);
    result.matched_any_word = true;
    pass = page_pass(ranked, expression, filters, passed, bound);
  }
  if (pass.bounded || ranked.probe_candidates) result.ranking = Ranking::kBounded;
  const Xapian::Query& query = ranked.query;
  const MatchCount& count = pass.count;
  std::unique_ptr<Tally>& tally = pass.tally;
  const Xapian::MSet& mset = pass.page;
  result.total = count.total;
  result.exhaustive = count.exact;

  FacetArray<ValueCounts> counts;
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (filters[f].empty()) {
      counts[f] = tally->counts(facet, count.total);
      continue;
    }
    FacetArray<bool> only{};
    only[f] = true;
    std::unique_ptr<Tally> disjunctive = make_tally(snapshot->facets.get(), only);
    MatchCount others = unranked_counts(db, filtered(query, expression, filters, f), *disjunctive);
    counts[f] = disjunctive->counts(facet, others.total);
    result.exhaustive = result.exhaustive && others.exact;
  }
  result.facets = facet_results(counts, request, snapshot->taxonomy);
  result.published_years = published_years(*tally, count.total);
  std::vector<Xapian::MSet> pages{mset};
  if (request.sort == SortOrder::kDateOldest)
    pages = oldest_first(db, filtered(query, expression, filters, kFacetCount), request);
  for (const Xapian::MSet& page : pages) {
    Result<std::vector<Ranked>> list = ranked_list(page, built, request);
    if (!list) return list.error();
    if (reranked) {  // the requested page of the reordered list
      size_t from = std::min<size_t>(request.offset, list->size());
      size_t to = std::min<size_t>(from + request.limit, list->size());
      *list = std::vector<Ranked>(list->begin() + static_cast<long>(from),
                                  list->begin() + static_cast<long>(to));
    }
    if (Status added = add_hits(*list, built, request, result); !added) return added.error();
  }
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

Status check_ranker_model(const std::string& model_path) {
  Result<LearnedRanker> loaded = LearnedRanker::load(model_path);
  if (!loaded) return loaded.error();
  return Status::Ok();
}

Status Searcher::load_ranker(const std::string& model_path) {
  Result<LearnedRanker> loaded = LearnedRanker::load(model_path);
  if (!loaded) return loaded.error();
  impl_->ranker = std::move(loaded).value();
  return Status::Ok();
}

Result<SearchResult> Searcher::search(const SearchRequest& request) {
  if (request.ranker == Ranker::kLearned && !impl_->ranker) {
    Result<LearnedRanker> shipped = LearnedRanker::shipped();
    if (!shipped) return Error{ErrorCode::kInternal, shipped.error().message};
    impl_->ranker = std::move(shipped).value();
  }
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

Result<std::vector<NearName>> Searcher::nearest_names(std::string_view text, unsigned limit) {
  return impl_->guarded<std::vector<NearName>>([&]() -> Result<std::vector<NearName>> {
    return kestrel::nearest_names(impl_->snapshot->taxonomy, bounded_query(text), limit,
                                  kMinNameSimilarity);
  });
}

Result<std::vector<std::string>> Searcher::Impl::suggest(std::string_view typed, unsigned limit) {
  return suggestions(db, snapshot->taxonomy, analyzer, bounded_query(typed), limit,
                     [this]() -> const Vocabulary& { return vocabulary(); });
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
  const StoredArticle& stored = (*doc)->article;
  view.authors = stored.authors;
  view.journal = stored.journal;
  view.doi = stored.doi;
  view.volume = stored.volume;
  view.pages = stored.pages;
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
