// YAML front matter: the fields an article declares (article_fields.h), as a Markdown file's
// header or a PDF's sidecar (NAME.pdf.yaml) writes them.
#pragma once

#include <string>
#include <string_view>

#include "kestrel/article.h"
#include "kestrel/result.h"

namespace kestrel {

// Sets the fields `yaml` declares on `article` (a list field's items are appended). `first_line`
// is the line of `origin` on which `yaml` starts, so that a message names the line at fault
// ("corpus/a.md:3: front matter: 'published' is not a date ..."). Empty YAML declares nothing.
Status apply_front_matter(std::string_view yaml, const std::string& origin, int first_line,
                          Article& article);

}  // namespace kestrel
