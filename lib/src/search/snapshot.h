// What a searcher derives from one index revision (taxonomy, facet column, caches), shared by
// every Searcher of the process that has that revision open.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "analysis/taxonomy.h"
#include "kestrel/result.h"
#include "search/document_cache.h"
#include "search/facet_column.h"
#include "search/title_field.h"
#include "search/vocabulary.h"

namespace kestrel {

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
// lazily, is published through std::call_once.
struct Snapshot {
  Taxonomy taxonomy;
  TitleStatistics titles;
  std::unique_ptr<FacetColumn> facets;
  DocumentCache documents;
  // Built on first use (completions and typo correction need it), once, by whichever thread
  // asks first.
  std::once_flag vocabulary_built;
  std::unique_ptr<Vocabulary> vocabulary;
};

// The snapshot of the revision named `key` ("generation path@revision", IndexConnection's
// content_key): the one some Searcher already holds, else `build`'s, kept for the next Searcher.
// Entries are weak: a revision no Searcher has open is freed. Thread-safe.
Result<std::shared_ptr<Snapshot>> shared_snapshot(
    const std::string& key, const std::function<Result<std::shared_ptr<Snapshot>>()>& build);

}  // namespace kestrel
