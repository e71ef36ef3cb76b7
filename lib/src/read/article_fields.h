// The fields an article file declares — in Markdown front matter or as the keys of a JSON Lines
// object — and the rules their values must meet, written once for every reader.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/article.h"

namespace kestrel {

struct ArticleField {
  std::string_view name;                 // "title", as written in front matter and JSON
  std::string Article::*text = nullptr;  // a single value, or
  std::vector<std::string> Article::*list = nullptr;  // a list (one value reads as a list of one)
  // False for "text", the body: JSON Lines declares it; a Markdown body follows its front matter.
  bool in_front_matter = true;
};

// The field named `name`, or nullptr for a key no reader accepts.
const ArticleField* find_article_field(std::string_view name);

// Stores a declared value (trimmed) in `article`; for a list field, `value` is one more item.
void assign_field(const ArticleField& field, std::string_view value, Article& article);

// Why the declared value of `field` is not acceptable ("'published' is not a date (YYYY-MM-DD):
// '2014-13-01'"), or nullopt. The readers add where it was declared. Rules: an id is letters,
// digits and . _ ~ : # -, starting with a letter or digit, at most 200 bytes; `published` is a
// real calendar date; a url starts with http:// or https://; `participants` is a whole number
// from 1. An empty value is no value.
std::optional<std::string> invalid_field(const ArticleField& field, const Article& article);

}  // namespace kestrel
