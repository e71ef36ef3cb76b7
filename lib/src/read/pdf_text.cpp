#include "read/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <ctime>
#include <memory>

namespace kestrel {
namespace {

std::string utf8(const poppler::ustring& text) {
  poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Poppler reports a damaged file's faults on stderr; the reader's rejection says it once instead.
void quiet(const std::string&, void*) {}

std::string iso_date(time_t when) {
  if (when == time_t(-1) || when <= 0) return {};
  std::tm tm{};
  if (!gmtime_r(&when, &tm)) return {};
  char out[11];
  return std::strftime(out, sizeof out, "%Y-%m-%d", &tm) == 10 ? std::string(out) : std::string();
}

// The text of the first <rdf:li> inside <dc:NAME> of an XMP packet, entities left as written
// (a fallback for PDFs whose information dictionary is empty).
std::string xmp_entry(const std::string& xmp, const std::string& name) {
  size_t open = xmp.find("<dc:" + name);
  if (open == std::string::npos) return {};
  size_t close = xmp.find("</dc:" + name, open);
  size_t li = xmp.find("<rdf:li", open);
  if (li == std::string::npos || li > close) return {};
  size_t begin = xmp.find('>', li);
  size_t end = xmp.find("</rdf:li>", li);
  if (begin == std::string::npos || end == std::string::npos || end < begin) return {};
  return xmp.substr(begin + 1, end - begin - 1);
}

bool has_words(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) > ' ' && c != '\x7f'; });
}

}  // namespace

Result<PdfText> read_pdf_text(std::string_view data) {
  if (data.substr(0, 5) != "%PDF-") return Error{ErrorCode::kParse, "not a PDF (no %PDF- header)"};
  if (data.size() > kMaxPdfBytes)
    return Error{ErrorCode::kParse, "larger than the " + std::to_string(kMaxPdfBytes >> 20) +
                                        " MiB limit for one PDF"};
  poppler::set_debug_error_function(&quiet, nullptr);
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(data.data(), static_cast<int>(data.size())));
  if (!doc) return Error{ErrorCode::kParse, "damaged or truncated PDF: poppler cannot open it"};
  if (doc->is_locked())
    return Error{ErrorCode::kParse, "encrypted PDF: it needs a password to read"};
  PdfText out;
  int pages = doc->pages();
  bool any_text = false;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    out.pages.push_back(page ? utf8(page->text()) : std::string());
    any_text = any_text || has_words(out.pages.back());
  }
  if (!any_text) {
    return Error{ErrorCode::kParse, pages == 0 ? "PDF without pages"
                                               : "no text in the PDF (a scanned image?): " +
                                                     std::to_string(pages) + " page(s)"};
  }
  out.title = utf8(doc->info_key("Title"));
  out.author = utf8(doc->info_key("Author"));
  out.created = iso_date(doc->info_date_t("CreationDate"));
  if (out.title.empty() || out.author.empty()) {
    std::string xmp = utf8(doc->metadata());
    if (out.title.empty()) out.title = xmp_entry(xmp, "title");
    if (out.author.empty()) out.author = xmp_entry(xmp, "creator");
  }
  return out;
}

}  // namespace kestrel
