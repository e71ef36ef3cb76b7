// Reads benchmark inputs the same way for every engine: JSON Lines (plain or gzipped) with
// id/title/text, or NFCorpus-style "ID<TAB>TEXT" lines.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace kestrel::bench {

struct InputDocument {
  std::string id, title, text;
};

// Calls `each` for every document in `path` (.jsonl, .jsonl.gz or .tsv/.docs); returns the
// number of documents. Throws std::runtime_error when the file cannot be read.
size_t for_each_document(const std::string& path,
                         const std::function<void(const InputDocument&)>& each);

// "ID<TAB>QUERY" lines.
struct Query {
  std::string id, text;
};
std::vector<Query> read_queries(const std::string& path);

}  // namespace kestrel::bench
