// Small text helpers shared by the readers.
#pragma once

#include <string>
#include <string_view>

#include "kestrel/utf8.h"

namespace kestrel {

// `text` itself when it is valid UTF-8; otherwise its bytes decoded as Windows-1252.
std::string to_utf8(std::string_view text);

// Collapses runs of white space into one space (keeping paragraph breaks as "\n\n") and trims.
std::string tidy_whitespace(std::string_view text);

// The first non-empty line, trimmed.
std::string_view first_line(std::string_view text, size_t* end_of_line = nullptr);

// The file name without directories and without its extension(s) ".md", ".jsonl.gz", ...
std::string file_stem(const std::string& path);

std::string trim(std::string_view text);

}  // namespace kestrel

namespace kestrel {

// A usable article id from a file name: runs of characters other than letters, digits and
// . _ ~ : # - become one '-' ("My Article (v2)" -> "My-Article-v2").
std::string slugify(std::string_view name);

// The text's first sentence (up to ". ", a line break or about 150 bytes at a word boundary),
// for collections whose documents have no title.
std::string first_sentence(std::string_view text);

}  // namespace kestrel
