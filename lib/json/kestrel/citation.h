// An article as a citation, in the formats reference managers import: RIS (Zotero's, EndNote's,
// Mendeley's), BibTeX (LaTeX, pandoc) and CSL-JSON (citeproc, Zotero). Built from what the article
// has (title, authors, journal or source, date, volume, pages, DOI, URL); a field it lacks is left
// out, never invented. Shared by the server (/api/articles/{id}/cite) and kestrel-search --cite.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/searcher.h"

namespace kestrel {

enum class CitationFormat { kRis, kBibtex, kCslJson };

// "ris", "bibtex", "csl-json", in the enum's order.
const std::vector<std::string>& citation_format_names();
std::optional<CitationFormat> citation_format_named(std::string_view name);

// The citation's text, and how to serve it: its media type and a file extension.
std::string citation(const ArticleView& article, CitationFormat format);
std::string_view citation_media_type(CitationFormat format);
std::string_view citation_extension(CitationFormat format);

}  // namespace kestrel
