#include "kestrel/citation.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kestrel {
namespace {

struct FormatSpec {
  std::string_view media_type, extension;
};
constexpr FormatSpec kSpecs[] = {{"application/x-research-info-systems", "ris"},
                                 {"application/x-bibtex", "bib"},
                                 {"application/vnd.citationstyles.csl+json", "json"}};

const FormatSpec& spec(CitationFormat format) {
  return kSpecs[static_cast<size_t>(format)];
}

// Line breaks and other control characters read as spaces: every format here is line-based or
// quotes its values.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out;
}

// "123-130" or "123–130" -> {"123", "130"}; "e41" -> {"e41", ""}.
std::pair<std::string, std::string> page_range(const std::string& pages) {
  for (std::string_view dash : {"–", "—", "-"}) {
    size_t at = pages.find(dash);
    if (at != std::string::npos && at > 0) {
      return {pages.substr(0, at), pages.substr(at + dash.size())};
    }
  }
  return {pages, ""};
}

// The publication: the journal when the article names one, else its source ("PubMed").
const std::string& container(const ArticleView& a) {
  return a.journal.empty() ? a.meta.source : a.journal;
}

std::string ris(const ArticleView& a) {
  std::string out;
  auto tag = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += std::string(name) + "  - " + one_line(value) + "\r\n";
  };
  tag("TY", a.journal.empty() ? "ELEC" : "JOUR");
  tag("TI", a.meta.title);
  for (const std::string& author : a.authors) tag("AU", author);
  // The journal as Zotero writes it (T2) and as older readers look for it (JF: bibutils takes a
  // lone T2 for the abbreviation); a page or report's source as its publisher.
  tag(a.journal.empty() ? "PB" : "T2", container(a));
  tag("JF", a.journal);
  if (a.meta.published.size() == 10) {
    tag("PY", a.meta.published.substr(0, 4));
    std::string date = a.meta.published;
    std::replace(date.begin(), date.end(), '-', '/');
    tag("DA", date);
  }
  tag("VL", a.volume);
  auto [first, last] = page_range(a.pages);
  tag("SP", first);
  tag("EP", last);
  tag("DO", a.doi);
  tag("UR", a.meta.url);
  tag("ID", a.meta.id);
  return out + "ER  - \r\n";
}

// LaTeX's special characters, so that BibTeX readers (pandoc's among them) read them as text.
std::string latex(std::string_view text) {
  std::string out;
  for (char c : one_line(text)) {
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '{':
      case '}':
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += '\\';
        out += c;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bibtex(const ArticleView& a) {
  std::string key = a.meta.id;
  for (char& c : key)
    if (c == '#' || c == '~') c = '-';  // the id's characters BibTeX keys do not take
  std::string out = std::string(a.journal.empty() ? "@misc{" : "@article{") + key + ",\n";
  auto field = [&](std::string_view name, const std::string& value) {
    if (!value.empty()) out += "  " + std::string(name) + " = {" + value + "},\n";
  };
  field("title", a.meta.title.empty() ? "" : "{" + latex(a.meta.title) + "}");  // case kept
  std::string authors;
  for (const std::string& author : a.authors) {
    authors += (authors.empty() ? "" : " and ") + std::string("{") + latex(author) + "}";
  }
  field("author", authors);
  field(a.journal.empty() ? "publisher" : "journal", latex(container(a)));
  if (a.meta.published.size() == 10) {
    field("year", a.meta.published.substr(0, 4));
    field("date", a.meta.published);
  }
  field("volume", latex(a.volume));
  auto [first, last] = page_range(a.pages);
  field("pages", last.empty() ? latex(first) : latex(first) + "--" + latex(last));
  // Identifiers are read verbatim; braces would end the field.
  auto verbatim = [](std::string text) {
    text.erase(
        std::remove_if(text.begin(), text.end(), [](char c) { return c == '{' || c == '}'; }),
        text.end());
    return one_line(text);
  };
  field("doi", verbatim(a.doi));
  field("url", verbatim(a.meta.url));
  return out + "}\n";
}

std::string csl_json(const ArticleView& a) {
  nlohmann::json item = {{"id", a.meta.id},
                         {"type", a.journal.empty() ? "webpage" : "article-journal"},
                         {"title", a.meta.title}};
  if (!a.authors.empty()) {
    nlohmann::json authors = nlohmann::json::array();
    // Names as the corpus writes them: CSL's "literal", not a guessed family and given name.
    for (const std::string& author : a.authors) authors.push_back({{"literal", author}});
    item["author"] = authors;
  }
  if (!container(a).empty())
    item[a.journal.empty() ? "publisher" : "container-title"] = container(a);
  if (a.meta.published.size() == 10) {
    const std::string& d = a.meta.published;
    item["issued"] = {
        {"date-parts",
         {{std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2))}}}};
  }
  if (!a.volume.empty()) item["volume"] = a.volume;
  if (!a.pages.empty()) item["page"] = a.pages;
  if (!a.doi.empty()) item["DOI"] = a.doi;
  if (!a.meta.url.empty()) item["URL"] = a.meta.url;
  return nlohmann::json::array({item}).dump(2, ' ', false,
                                            nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace

const std::vector<std::string>& citation_format_names() {
  static const std::vector<std::string> names{"ris", "bibtex", "csl-json"};
  return names;
}

std::optional<CitationFormat> citation_format_named(std::string_view name) {
  const auto& names = citation_format_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<CitationFormat>(i);
  return std::nullopt;
}

std::string citation(const ArticleView& article, CitationFormat format) {
  switch (format) {
    case CitationFormat::kRis:
      return ris(article);
    case CitationFormat::kBibtex:
      return bibtex(article);
    case CitationFormat::kCslJson:
      return csl_json(article);
  }
  return {};
}

std::string_view citation_media_type(CitationFormat format) {
  return spec(format).media_type;
}
std::string_view citation_extension(CitationFormat format) {
  return spec(format).extension;
}

}  // namespace kestrel
