// HTML pages: the <title>, the meta description and the visible text of the body.
#pragma once

#include <string_view>

#include "kestrel/article.h"

namespace kestrel {

// Scripts, styles, navigation, headers, footers, forms and comments are dropped. A page without
// a <title> takes its first <h1> (or first line of text) as the title.
Result<Article> parse_html_article(std::string_view html, const std::string& origin);

}  // namespace kestrel
