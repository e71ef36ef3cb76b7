// The passage of an article's body that best matches a query, HTML-escaped, with the matched
// words wrapped in <mark>...</mark>.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "kestrel/analyzer.h"

namespace kestrel {

inline constexpr size_t kSnippetWords = 30;

// `terms` are the (stemmed) terms the query matches, synonyms included. Without a match the
// snippet is the body's opening words.
std::string make_snippet(std::string_view body, const std::unordered_set<std::string>& terms,
                         Analyzer& analyzer);

// Escapes & < > " ' for HTML text and attribute values.
void append_html_escaped(std::string_view text, std::string& out);

}  // namespace kestrel
