#include "snippet.h"

#include <algorithm>
#include <vector>

namespace kestrel {

void append_html_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default:
        // Control characters other than tab and newline would only garble the page.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') out += ' ';
        else out += c;
    }
  }
}

std::string make_snippet(std::string_view body, const std::unordered_set<std::string>& terms,
                         Analyzer& analyzer) {
  // Long bodies: only the first megabyte is looked at, which keeps a hit's cost bounded.
  constexpr size_t kMaxScannedBytes = 1u << 20;
  std::string_view scanned = body.substr(0, kMaxScannedBytes);
  std::vector<Token> tokens;
  analyzer.analyze(scanned, 0, tokens);
  std::vector<const Token*> words;  // one per position: the compound join stands in for its parts
  std::vector<bool> matched;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kCompoundJoin) {
      // A compound whose joined form matched ("posttraumatic" for "post-traumatic") marks the
      // parts it follows.
      if (terms.count(t.term)) {
        for (size_t k = words.size() - std::min<size_t>(t.parts, words.size()); k < words.size(); ++k) matched[k] = true;
      }
      continue;
    }
    words.push_back(&t);
    matched.push_back(terms.count(t.term) > 0);
  }
  if (words.empty()) return {};

  // The window of kSnippetWords words with the most distinct matched terms, then most matches.
  size_t best_start = 0;
  long best_score = -1;
  for (size_t start = 0; start < words.size(); ++start) {
    if (start > 0 && !matched[start]) continue;  // windows worth having start at a match
    std::unordered_set<std::string_view> distinct;
    long count = 0;
    for (size_t k = start; k < std::min(words.size(), start + kSnippetWords); ++k) {
      if (matched[k]) {
        distinct.insert(words[k]->term);
        ++count;
      }
    }
    long score = static_cast<long>(distinct.size()) * 100 + count;
    if (score > best_score) {
      best_score = score;
      best_start = start;
    }
  }
  // Start a few words before the first match, so it reads in context.
  if (best_start > 0) best_start -= std::min<size_t>(best_start, 4);
  size_t end = std::min(words.size(), best_start + kSnippetWords);

  std::string out;
  if (best_start > 0) out += "… ";
  size_t cursor = words[best_start]->begin;
  for (size_t k = best_start; k < end; ++k) {
    append_html_escaped(scanned.substr(cursor, words[k]->begin - cursor), out);
    std::string_view word = scanned.substr(words[k]->begin, words[k]->end - words[k]->begin);
    if (matched[k]) {
      out += "<mark>";
      append_html_escaped(word, out);
      out += "</mark>";
    } else {
      append_html_escaped(word, out);
    }
    cursor = words[k]->end;
  }
  if (end < words.size() || scanned.size() < body.size()) out += " …";
  // Line breaks inside a snippet read as spaces.
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

}  // namespace kestrel
