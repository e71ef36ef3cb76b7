// PDF articles: text page by page, metadata from the document information with the first page as
// the fallback, a DOI found in the text, and a sidecar NAME.pdf.yaml that overrides or adds any
// field as front matter does.
#pragma once

#include <string>

#include "kestrel/article.h"
#include "kestrel/result.h"

namespace kestrel {

// A PDF is read in a child process that may use this much memory and time; past either, or when
// poppler crashes on a hostile file, the PDF is rejected and the indexer goes on.
inline constexpr size_t kPdfMemoryLimitBytes = size_t{1} << 30;
inline constexpr int kPdfTimeLimitSeconds = 20;

// The article in the PDF at `path`, found in the corpus folder `root`, or kParse naming the file
// and the reason ("x.pdf: encrypted PDF: it needs a password to read"). Article::file is the
// PDF's canonical path, for serving; a PDF that is a symlink to a file outside `root` is refused,
// so that the server never serves a file from outside the corpus.
Result<Article> read_pdf_article(const std::string& path, const std::string& root);

}  // namespace kestrel
