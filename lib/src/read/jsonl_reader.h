// JSON Lines collections (.jsonl, .jsonl.gz): one article per line, as a JSON object whose keys
// are the article fields (read/article_fields.h), the body under "text".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kestrel/article.h"

namespace kestrel {

// One line; `file` and `line_number` name it in errors and give the default id ("c-7").
Result<Article> parse_json_line(std::string_view line, const std::string& file, size_t line_number);

// Reads every line of `path` (plain or gzipped) through `callbacks`; a bad line is rejected and
// the rest still read. `on_offset`, if set, is told every few hundred lines how many bytes of the
// file (compressed bytes for .gz) have been consumed.
void read_json_lines(const std::string& path, const ReadCallbacks& callbacks,
                     const std::function<void(uint64_t offset)>& on_offset);

}  // namespace kestrel
