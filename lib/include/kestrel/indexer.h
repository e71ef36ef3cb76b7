// Building and updating a Kestrel index from a corpus.
//
// Layout of an index directory (the mechanism that keeps readers safe):
//   DIR/XAPIANDB   a Xapian stub file naming the live generation ("auto gen-000007"); readers
//                  open DIR and Xapian follows the stub
//   DIR/gen-N/     a complete Xapian glass database
//   DIR/.lock      held (flock) by the one writer for its whole run
//   DIR/live       a symbolic link to the live generation, moved right after the stub: the name
//                  xapian-replicate-server serves to replicas
// A rebuild writes a new generation beside the live one and publishes it by renaming a new stub
// over XAPIANDB: one atomic rename, so a reader sees the old index or the new one, never a mix,
// and a reader that has the old generation open keeps answering from it. An incremental run
// changes the live generation inside one Xapian transaction: Xapian commits a revision
// atomically (a kill -9 or a full disk leaves the previous revision), and readers pick it up with
// Database::reopen(). A reader tells cheaply that something newer exists by the stub's inode
// (new generation) and reopen() (new revision).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct IndexProgress {
  uint64_t articles_read = 0;
  uint64_t bytes_read = 0;   // of article text
  uint64_t input_done = 0;   // bytes of the input files as stored (compressed for .gz)
  uint64_t input_total = 0;  // their total size: input_done / input_total is the fraction done
};

struct IndexOptions {
  // Directories, article files or .jsonl/.jsonl.gz collections. Default: the clinic corpus.
  std::vector<std::string> corpus_paths = {"corpus"};
  std::string index_dir = "var/index";
  // The taxonomy; empty means "<first corpus directory>/taxonomy.yaml" when that exists, and no
  // taxonomy (facet values taken as declared, nothing detected) otherwise.
  std::string taxonomy_path;
  bool rebuild = false;     // build a new generation from scratch instead of updating
  bool strict = false;      // any rejected article fails the run and nothing is written
  bool check_only = false;  // read and validate the corpus; write nothing, take no lock
  // Threads that analyse and index during a rebuild, each into its own shard (merged at the
  // end). 0: one per core.
  unsigned threads = 0;
  // A shard writes out its buffered documents after this many documents or this many MB of
  // article text, whichever comes first: memory is bounded by these, whatever the corpus size.
  // Xapian's in-memory postings take about 12x the text they come from, so with two threads the
  // defaults keep a rebuild under about 1 GB.
  unsigned flush_documents = 20000;
  unsigned flush_megabytes = 24;
  // Sharding: with shard_count > 1, this run indexes only the articles that shard_of() puts in
  // shard `shard` (1 to shard_count) and removes the others, so an index directory per shard,
  // each updated by its own run, splits the corpus with every article in exactly one of them
  // (kestrel-index --shards N runs once per shard). The index records "k/N"; readers check it.
  unsigned shard = 0, shard_count = 0;
  // Called every few hundred articles from the reading thread; may be empty.
  std::function<void(const IndexProgress&)> on_progress;
};

struct IndexReport {
  uint64_t added = 0, updated = 0, removed = 0, unchanged = 0;
  std::vector<Error> rejected;  // each names the file (and line) and the reason
  // Indexed, but worth a look: each source the taxonomy does not list, once, with how many
  // articles name it ("new source 'BMJ Open' (not in the taxonomy): 12 articles, first a.md").
  std::vector<std::string> warnings;
  uint64_t documents = 0;   // in the index after the run
  uint64_t text_bytes = 0;  // of article text read
  double seconds = 0;
  double merge_seconds = 0;  // of `seconds`, spent compacting the rebuild's shards into one
  bool rebuilt = false;      // a new generation was built
  bool wrote = false;        // anything was written
  std::string revision;      // "7.3": generation 7, Xapian revision 3
};

// The shard (1 to `shards`) of an article: a stable hash of its id (64-bit FNV-1a), the same on
// every machine and in every version, so that incremental runs keep each article where it is.
unsigned shard_of(std::string_view article_id, unsigned shards);

// Updates (or with options.rebuild, rebuilds) the index. Errors: kLocked when another writer runs
// (nothing touched); kIndexVersion when the index needs --rebuild; kNotFound for a missing corpus
// path; kParse for a bad taxonomy; kInvalidArgument when options.strict and articles were
// rejected; kIo when writing fails (the published index is left as it was).
Result<IndexReport> update_index(const IndexOptions& options);

// Snapshots: the published index as one file, for backups and for moving an index between hosts.
struct SnapshotReport {
  uint64_t documents = 0;
  std::string revision;  // of the index copied, or of the generation published by a restore
  uint64_t bytes = 0;    // of the snapshot file
  double seconds = 0;
};

// Writes a consistent copy of the published index to `file`: one compacted file (Xapian's
// single-file format) of one revision, taken while searches and indexing go on (no lock is
// taken; a commit during the copy restarts it). Written beside `file` and renamed over it, so
// `file` is the old snapshot or the new one, never half of one. Errors: kNotFound (no index),
// kIndexVersion, kIo.
Result<SnapshotReport> write_snapshot(const std::string& index_dir, const std::string& file);

// Publishes a snapshot as `index_dir`'s new live generation, as a rebuild does: under the writer
// lock, expanded into a new generation, then one atomic rename of the stub; readers move to it
// as to any new generation. Errors: kNotFound (no file), kCorrupt (not a snapshot),
// kIndexVersion (written by another schema), kLocked (a writer runs), kIo.
Result<SnapshotReport> restore_snapshot(const std::string& file, const std::string& index_dir);

struct FacetValueCount {
  std::string value;
  uint64_t count = 0;
};

struct IndexStats {
  std::string index_dir;
  std::string revision;
  uint64_t documents = 0;
  uint64_t terms = 0;
  uint64_t disk_bytes = 0;
  std::string build_time;  // ISO 8601, UTC
  std::string corpus_paths;
  int schema_version = 0;
  int analyzer_version = 0;
  std::vector<std::pair<std::string, std::vector<FacetValueCount>>> facets;  // by facet name
};

// What the published index holds. kNotFound when there is none.
Result<IndexStats> index_stats(const std::string& index_dir);

}  // namespace kestrel
