// What poppler reads from a PDF in this process: each page's text and the document information.
// The corpus reader calls it in a child process with a time and memory bound (pdf_reader.h); the
// PDF fuzzer calls it directly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kestrel/result.h"

namespace kestrel {

struct PdfText {
  std::vector<std::string> pages;  // UTF-8, one per page, in order
  // The document information dictionary's entries (or XMP's dc:title and dc:creator when the
  // dictionary has none); empty when absent.
  std::string title, author;
  std::string created;  // YYYY-MM-DD, from CreationDate; empty when absent
};

// A PDF larger than this is not read (a scanned book, or a mistake).
inline constexpr size_t kMaxPdfBytes = 64u << 20;

// kParse with the reason, for messages that name the file: "not a PDF", "damaged or truncated",
// "encrypted", "no text (a scanned image?)". Never throws.
Result<PdfText> read_pdf_text(std::string_view data);

}  // namespace kestrel
