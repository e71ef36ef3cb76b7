#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "analysis/taxonomy.h"
#include "common/xapian_errors.h"
#include "index/document_builder.h"
#include "index/index_location.h"
#include "index/schema.h"
#include "kestrel/article.h"
#include "kestrel/indexer.h"

namespace kestrel {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string utc_now_iso() {
  std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

Result<Taxonomy> load_taxonomy(const IndexOptions& options) {
  std::string path = options.taxonomy_path;
  if (path.empty() && !options.corpus_paths.empty() && fs::is_directory(options.corpus_paths[0])) {
    std::string candidate = options.corpus_paths[0] + "/taxonomy.yaml";
    if (fs::exists(candidate)) path = candidate;
  }
  if (path.empty()) return Taxonomy();
  return Taxonomy::load(path);
}

// What the title field's mean length is computed from (search/title_field.h): the titles'
// lengths, summed. Written with every change: one pass over a value stream, which for a value in
// each of the 31,571 medcorpus articles (their ids) took 4 ms the first time and 1 ms after.
std::string total_title_length(const Xapian::Database& db) {
  const Xapian::valueno slot = schema::spec(schema::Field::kTitleLength).slot;
  uint64_t total = 0;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
    total += static_cast<uint64_t>(Xapian::sortable_unserialise(*it));
  return std::to_string(total);
}

void write_metadata(Xapian::WritableDatabase& db, const IndexOptions& options,
                    const Taxonomy& taxonomy) {
  std::string paths;
  for (const auto& p : options.corpus_paths) paths += (paths.empty() ? "" : "\n") + p;
  schema::write_versions(db);
  db.set_metadata(schema::meta::kCorpusPaths, paths);
  db.set_metadata(schema::meta::kBuildTime, utc_now_iso());
  db.set_metadata(schema::meta::kDocumentCount, std::to_string(db.get_doccount()));
  db.set_metadata(schema::meta::kTaxonomy, taxonomy.source_text());
  db.set_metadata(schema::meta::kTitleLengthTotal, total_title_length(db));
  db.set_metadata(schema::meta::kShard,
                  options.shard_count > 1
                      ? std::to_string(options.shard) + "/" + std::to_string(options.shard_count)
                      : std::string());
}

// What progress, rates and the flush thresholds count.
uint64_t text_bytes(const Article& article) {
  return article.title.size() + article.body.size();
}

// Xapian updates its spelling fragment tables on every add_spelling() call, which made spelling
// the largest cost of a rebuild. Writers sum the counts themselves and hand each distinct word
// to Xapian once per flush.
class SpellingBatch {
 public:
  void add(const BuiltDocument& built) {
    for (const auto& [word, count] : built.spelling_words) counts_[word] += count;
  }
  void flush_into(Xapian::WritableDatabase& db) {
    for (const auto& [word, count] : counts_) db.add_spelling(word, count);
    counts_.clear();
  }

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

// Remembers ids already read so a second article with the same id is rejected, naming both.
class IdRegistry {
 public:
  std::optional<Error> claim(const Article& article) {
    auto [it, inserted] = origins_.emplace(article.id, article.origin);
    if (inserted) return std::nullopt;
    return Error{ErrorCode::kParse, article.origin + ": duplicate id '" + article.id +
                                        "' (also in " + it->second + ")"};
  }

 private:
  std::unordered_map<std::string, std::string> origins_;
};

// A bounded queue between the corpus reader and one shard thread.
class ArticleQueue {
 public:
  explicit ArticleQueue(size_t capacity) : capacity_(capacity) {}
  void push(Article&& article) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(article));
    not_empty_.notify_one();
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // Empties the queue until it is closed, so that a producer never waits on a consumer that failed.
  void drain() {
    Article article;
    while (pop(article)) {
    }
  }
  bool pop(Article& article) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) return false;
    article = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<Article> queue_;
  size_t capacity_;
  bool closed_ = false;
};

struct RunState {
  const IndexOptions& options;
  const Taxonomy& taxonomy;
  std::string taxonomy_hash;
  IndexReport report;
  std::mutex mutex;  // guards report.rejected during a parallel rebuild
  std::unordered_set<std::string> origins_with_rejections;
  Clock::time_point started = Clock::now();

  // Whether this run indexes `article` (always, unless sharded).
  bool in_shard(const Article& article) const {
    return options.shard_count <= 1 || shard_of(article.id, options.shard_count) == options.shard;
  }
  void reject(const Error& error) {
    std::lock_guard lock(mutex);
    report.rejected.push_back(error);
  }
  // Keeps what a built document has to report: a source the taxonomy does not list.
  void note(const BuiltDocument& built, const Article& article) {
    if (built.new_source.empty()) return;
    std::lock_guard lock(mutex);
    auto [it, inserted] = new_sources.try_emplace(built.new_source, 0, article.origin);
    ++it->second.first;
    // Shard threads build articles in any order; the corpus is read in sorted path order, so the
    // smallest path is the first file that names the source, whichever thread got there first.
    if (article.origin < it->second.second) it->second.second = article.origin;
  }
  // The warnings of the run, into the report.
  void finish_warnings() {
    for (const auto& [source, seen] : new_sources) {
      report.warnings.push_back(
          "new source '" + source + "' (not in the taxonomy): " + std::to_string(seen.first) +
          (seen.first == 1 ? " article, in " : " articles, first in ") + seen.second);
    }
  }
  std::map<std::string, std::pair<uint64_t, std::string>>
      new_sources;  // source -> (articles, first origin)
  void progress(const Article& article) {
    report.text_bytes += text_bytes(article);
    ++articles_read;
  }
  void input_progress(uint64_t done, uint64_t total) {
    if (options.on_progress)
      options.on_progress(IndexProgress{articles_read, report.text_bytes, done, total});
  }
  uint64_t articles_read = 0;
};

// One shard of a rebuild, on its own thread: takes articles from its queue until it is closed and
// writes them, flushing every options.flush_documents documents or flush_megabytes of text.
std::optional<Error> write_shard(const std::string& path, ArticleQueue& queue, RunState& run) {
  const IndexOptions& options = run.options;
  try {
    // The shards are scratch space: no fsync until the compacted result is written.
    Xapian::WritableDatabase shard(
        path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
    DocumentBuilder builder(run.taxonomy, run.taxonomy_hash);
    SpellingBatch spellings;
    Article article;
    unsigned since_commit = 0;
    uint64_t text_since_commit = 0;
    const uint64_t flush_bytes = uint64_t{options.flush_megabytes} << 20;
    while (queue.pop(article)) {
      Result<BuiltDocument> built = builder.build(article);
      if (!built) {
        run.reject(built.error());
        continue;
      }
      run.note(*built, article);
      shard.add_document(built->document);
      spellings.add(*built);
      text_since_commit += text_bytes(article);
      if (++since_commit >= options.flush_documents || text_since_commit >= flush_bytes) {
        spellings.flush_into(shard);
        shard.commit();
        since_commit = 0;
        text_since_commit = 0;
      }
    }
    spellings.flush_into(shard);
    shard.commit();
    return std::nullopt;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, path);
  } catch (const std::exception& e) {
    // Nothing may escape a thread (that would terminate the process); report it instead.
    return Error{ErrorCode::kInternal, path + ": " + e.what()};
  }
}

// Reads the corpus into the shards' queues (closed at the end), rejecting duplicate ids. Article
// k of the reading order goes to shard k mod shards, so a rebuild of the same corpus numbers
// every document alike (the shards are compacted one after another): equal scores, which Xapian
// orders by docid, rank the same after every rebuild. From one shared queue, whichever thread
// was free took the next article: four rebuilds of NFCorpus dev gave titles nDCG@10 from 0.3295
// to 0.3303 for the same ranking, and a visitor's results could swap places after a rebuild.
Status feed(RunState& run, std::deque<ArticleQueue>& queues) {
  size_t next = 0;
  IdRegistry ids;
  Status read = read_corpus(
      run.options.corpus_paths,
      ReadCallbacks{.on_article =
                        [&](Article&& article) {
                          if (!run.in_shard(article)) return;
                          if (auto duplicate = ids.claim(article)) return run.reject(*duplicate);
                          run.progress(article);
                          queues[next++ % queues.size()].push(std::move(article));
                        },
                    .on_rejected = [&](const Error& error) { run.reject(error); },
                    .on_input_progress = [&](uint64_t done,
                                             uint64_t total) { run.input_progress(done, total); }});
  for (ArticleQueue& queue : queues) queue.close();
  return read;
}

// Compacts the shards into generation `generation`, writes its metadata and publishes it.
Status merge_and_publish(RunState& run, const IndexLocation& location,
                         const std::vector<std::string>& shard_paths, unsigned generation) {
  unsigned previous = location.live_generation();
  std::string target = location.generation_path(generation);
  auto merge_started = Clock::now();
  Xapian::Database shards;
  for (const auto& path : shard_paths) shards.add_database(Xapian::Database(path));
  shards.compact(target);
  run.report.merge_seconds = std::chrono::duration<double>(Clock::now() - merge_started).count();
  {
    Xapian::WritableDatabase db(target, Xapian::DB_OPEN);
    write_metadata(db, run.options, run.taxonomy);
    db.commit();
    run.report.documents = db.get_doccount();
    run.report.added = run.report.documents;
    run.report.revision = revision_name(generation, db.get_revision());
  }
  if (Status published = location.publish(generation); !published) return published;
  location.remove_stale(generation, previous);
  run.report.rebuilt = run.report.wrote = true;
  return Status::Ok();
}

Error strict_failure(const RunState& run) {
  return Error{ErrorCode::kInvalidArgument,
               std::to_string(run.report.rejected.size()) +
                   " article(s) rejected; --strict: index left as it was"};
}

// Builds the whole corpus into a new generation: one shard per thread (no locking between
// them), compacted into one database, then published.
Status rebuild(RunState& run, const IndexLocation& location) {
  unsigned threads =
      run.options.threads ? run.options.threads : std::max(1u, std::thread::hardware_concurrency());
  unsigned generation = location.newest_generation_on_disk() + 1;
  std::string build_dir = location.dir() + "/.build-" + std::to_string(generation);
  fs::remove_all(build_dir);
  fs::remove_all(location.generation_path(generation));
  fs::create_directories(build_dir);

  // All paths exist before the first thread starts: a push_back while a worker reads
  // shard_paths[t] would reallocate the vector under it (the long-hunted, load-dependent
  // "basic_string::_M_create" failure; found with helgrind).
  std::vector<std::string> shard_paths;
  for (unsigned t = 0; t < threads; ++t)
    shard_paths.push_back(build_dir + "/shard-" + std::to_string(t));
  constexpr size_t kQueuedArticles = 512;  // across all shards: bounds the memory read ahead
  std::deque<ArticleQueue> queues;
  for (unsigned t = 0; t < threads; ++t)
    queues.emplace_back(std::max<size_t>(kQueuedArticles / threads, 16));
  std::vector<std::optional<Error>> worker_errors(threads);
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      worker_errors[t] = write_shard(shard_paths[t], queues[t], run);
      if (worker_errors[t]) queues[t].drain();  // the reader must not block on a full queue
    });
  }
  Status read = feed(run, queues);
  for (auto& worker : workers) worker.join();

  Status status = read;
  for (auto& error : worker_errors)
    if (status && error) status = *error;
  if (status && run.options.strict && !run.report.rejected.empty()) status = strict_failure(run);
  if (status) status = merge_and_publish(run, location, shard_paths, generation);
  fs::remove_all(build_dir);
  return status;
}

struct IndexedArticle {
  std::string hash;
  std::string origin;
  bool seen = false;
};

std::unordered_map<std::string, IndexedArticle> read_indexed_articles(const Xapian::Database& db) {
  std::unordered_map<Xapian::docid, std::string> ids;
  std::unordered_map<std::string, IndexedArticle> articles;
  for (auto it = db.valuestream_begin(schema::spec(schema::Field::kId).slot);
       it != db.valuestream_end(0); ++it) {
    ids.emplace(it.get_docid(), *it);
  }
  for (auto it = db.valuestream_begin(schema::spec(schema::Field::kContentHash).slot);
       it != db.valuestream_end(0); ++it) {
    articles[ids[it.get_docid()]].hash = *it;
  }
  for (auto it = db.valuestream_begin(schema::spec(schema::Field::kOrigin).slot);
       it != db.valuestream_end(0); ++it) {
    articles[ids[it.get_docid()]].origin = *it;
  }
  return articles;
}

// What an incremental run would change in the live generation.
struct Changes {
  std::vector<BuiltDocument> documents;  // articles added or changed
  std::vector<std::string> removals;     // ids of articles gone from the corpus
  // The changes outgrew the flush thresholds: a rebuild is cheaper then, and keeps memory bounded.
  bool too_many = false;
};

// Reads the corpus and builds the articles whose content hash differs from the indexed one.
Status collect_changes(RunState& run, std::unordered_map<std::string, IndexedArticle>& indexed,
                       Changes& changes) {
  const IndexOptions& options = run.options;
  DocumentBuilder builder(run.taxonomy, run.taxonomy_hash);
  IdRegistry ids;
  uint64_t changed_text = 0;
  auto on_article = [&](Article&& article) {
    if (changes.too_many || !run.in_shard(article)) return;
    if (auto duplicate = ids.claim(article)) return run.reject(*duplicate);
    run.progress(article);
    auto known = indexed.find(article.id);
    if (known != indexed.end()) {
      known->second.seen = true;
      if (known->second.hash == builder.content_hash(article)) {
        ++run.report.unchanged;
        return;
      }
    }
    Result<BuiltDocument> built = builder.build(article);
    if (!built) return run.reject(built.error());
    run.note(*built, article);
    ++(known == indexed.end() ? run.report.added : run.report.updated);
    changed_text += text_bytes(article);
    changes.documents.push_back(std::move(built).value());
    changes.too_many = changes.documents.size() > options.flush_documents ||
                       changed_text > (uint64_t{options.flush_megabytes} << 20);
  };
  return read_corpus(
      options.corpus_paths,
      ReadCallbacks{.on_article = on_article,
                    .on_rejected = [&](const Error& error) { run.reject(error); },
                    .on_file_done =
                        [&](const std::string& origin, bool had_rejections) {
                          if (had_rejections) run.origins_with_rejections.insert(origin);
                        },
                    .on_input_progress = [&](uint64_t done,
                                             uint64_t total) { run.input_progress(done, total); }});
}

// Articles indexed before and not seen now. One whose file could not be read this time is kept:
// a malformed edit must not delete what was indexed before.
std::vector<std::string> vanished(const RunState& run,
                                  const std::unordered_map<std::string, IndexedArticle>& indexed) {
  std::vector<std::string> removals;
  for (const auto& [id, article] : indexed) {
    if (!article.seen && !run.origins_with_rejections.count(article.origin)) removals.push_back(id);
  }
  return removals;
}

enum class UpdateOutcome { kDone, kNeedsRebuild };

// Applies the corpus's changes to the live generation in one Xapian transaction, or says that a
// rebuild should be done instead (Changes::too_many).
Result<UpdateOutcome> update_in_place(RunState& run, const IndexLocation& location) {
  unsigned generation = location.live_generation();
  Xapian::WritableDatabase db(location.generation_path(generation), Xapian::DB_OPEN);
  auto indexed = read_indexed_articles(db);
  Changes changes;
  if (Status read = collect_changes(run, indexed, changes); !read) return read.error();
  if (changes.too_many) return UpdateOutcome::kNeedsRebuild;
  if (run.options.strict && !run.report.rejected.empty()) return strict_failure(run);
  changes.removals = vanished(run, indexed);
  run.report.removed = changes.removals.size();
  if (!changes.documents.empty() || !changes.removals.empty()) {
    db.begin_transaction();
    SpellingBatch spellings;
    for (const BuiltDocument& built : changes.documents) {
      db.replace_document(schema::id_term(built.id), built.document);
      spellings.add(built);
    }
    spellings.flush_into(db);
    for (const std::string& id : changes.removals) db.delete_document(schema::id_term(id));
    write_metadata(db, run.options, run.taxonomy);
    db.commit_transaction();
    run.report.wrote = true;
  }
  run.report.documents = db.get_doccount();
  run.report.revision = revision_name(generation, db.get_revision());
  if (Status linked = location.link_live(generation); !linked) return linked.error();
  return UpdateOutcome::kDone;
}

Status check_corpus(RunState& run) {
  DocumentBuilder builder(run.taxonomy, run.taxonomy_hash);
  IdRegistry ids;
  return read_corpus(
      run.options.corpus_paths,
      ReadCallbacks{.on_article =
                        [&](Article&& article) {
                          if (!run.in_shard(article)) return;
                          if (auto duplicate = ids.claim(article)) return run.reject(*duplicate);
                          run.progress(article);
                          Result<BuiltDocument> built = builder.build(article);
                          if (!built) return run.reject(built.error());
                          run.note(*built, article);
                          ++run.report.documents;
                        },
                    .on_rejected = [&](const Error& error) { run.reject(error); },
                    .on_input_progress = [&](uint64_t done,
                                             uint64_t total) { run.input_progress(done, total); }});
}

}  // namespace

unsigned shard_of(std::string_view article_id, unsigned shards) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char c : article_id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return shards == 0 ? 1 : static_cast<unsigned>(hash % shards) + 1;
}

Result<IndexReport> update_index(const IndexOptions& options) {
  if (options.shard_count > 1 && (options.shard < 1 || options.shard > options.shard_count))
    return Error{ErrorCode::kInvalidArgument,
                 "shard must be 1 to " + std::to_string(options.shard_count)};
  Result<Taxonomy> taxonomy = load_taxonomy(options);
  if (!taxonomy) return taxonomy.error();
  RunState run{options, *taxonomy, stable_hash(taxonomy->source_text()), {}, {}, {}};
  auto finish = [&](Status status) -> Result<IndexReport> {
    if (!status) return status.error();
    run.finish_warnings();
    run.report.seconds = std::chrono::duration<double>(Clock::now() - run.started).count();
    return std::move(run.report);
  };
  try {
    if (options.check_only) return finish(check_corpus(run));
    Result<WriterLock> lock = WriterLock::acquire(options.index_dir);
    if (!lock) return lock.error();
    IndexLocation location(options.index_dir);
    if (options.rebuild || location.live_generation() == 0) return finish(rebuild(run, location));
    Xapian::Database live(location.generation_path(location.live_generation()));
    if (Status versions = schema::check_versions(live, location.dir()); !versions)
      return versions.error();
    Result<UpdateOutcome> updated = update_in_place(run, location);
    if (!updated) return updated.error();
    if (*updated == UpdateOutcome::kNeedsRebuild) {
      RunState fresh{options, *taxonomy, run.taxonomy_hash, {}, {}, {}};
      Status rebuilt = rebuild(fresh, location);
      run.report = std::move(fresh.report);
      run.new_sources = std::move(fresh.new_sources);
      return finish(rebuilt);
    }
    return finish(Status::Ok());
  } catch (const Xapian::Error& e) {
    return from_xapian(e, options.index_dir);
  } catch (const std::filesystem::filesystem_error& e) {
    return Error{ErrorCode::kIo, e.what()};
  } catch (const std::exception& e) {
    return Error{ErrorCode::kInternal, std::string("unexpected error: ") + e.what()};
  }
}

}  // namespace kestrel
