#include "search/snippet.h"

#include <algorithm>
#include <vector>

namespace kestrel {

void append_html_escaped(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        // Control characters other than tab and newline would only garble the page.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
          out += ' ';
        else
          out += c;
    }
  }
}

namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Analysing a whole body for every hit made snippets the main cost of a search (about 2.5 ms a
// query on the clinic corpus). So the body is first scanned cheaply: each term's first letters
// are looked for at word starts (ASCII case folded), the span of about kSnippetWords words with
// the most distinct terms is chosen, and only the text around it is analysed.
std::string_view region_to_analyse(std::string_view whole_body,
                                   const std::unordered_set<std::string>& terms) {
  // Only the first megabyte is looked at, which keeps a hit's cost bounded on a huge article.
  constexpr size_t kMaxScannedBytes = 1u << 20;
  std::string_view body = whole_body.substr(0, kMaxScannedBytes);
  constexpr size_t kProbeBytes = 4;     // stems are not always prefixes of the word, their start is
  constexpr size_t kSpanBytes = 220;    // about kSnippetWords words of English
  constexpr size_t kMarginBytes = 320;  // analysed on each side of the chosen span
  constexpr size_t kMaxOccurrences = 4096;
  constexpr size_t kOpeningBytes = 1200;  // without any occurrence, the opening words
  std::string folded(body);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::string> probes;
  for (const std::string& term : terms) {
    std::string probe = term.substr(0, kProbeBytes);
    if (!probe.empty() && std::find(probes.begin(), probes.end(), probe) == probes.end())
      probes.push_back(probe);
  }
  std::vector<std::pair<size_t, size_t>> occurrences;  // (offset, probe index)
  for (size_t p = 0; p < probes.size() && occurrences.size() < kMaxOccurrences; ++p) {
    for (size_t at = folded.find(probes[p]);
         at != std::string::npos && occurrences.size() < kMaxOccurrences;
         at = folded.find(probes[p], at + 1)) {
      if (at == 0 || !is_ascii_alnum(folded[at - 1])) occurrences.emplace_back(at, p);
    }
  }
  auto around = [&](size_t from, size_t to) {
    size_t begin = from > kMarginBytes ? from - kMarginBytes : 0;
    size_t end = std::min(body.size(), to + kMarginBytes);
    // Whole words only: widen to the surrounding spaces.
    while (begin > 0 && body[begin - 1] != ' ' && body[begin - 1] != '\n') --begin;
    while (end < body.size() && body[end] != ' ' && body[end] != '\n') ++end;
    return body.substr(begin, end - begin);
  };
  if (occurrences.empty()) return around(0, std::min(body.size(), kOpeningBytes));
  std::sort(occurrences.begin(), occurrences.end());
  // Sliding span over the occurrences: most distinct probes, then most occurrences, then earliest.
  std::vector<int> in_span(probes.size(), 0);
  size_t distinct = 0, best_distinct = 0, best_count = 0, best_first = 0, best_last = 0, first = 0;
  for (size_t last = 0; last < occurrences.size(); ++last) {
    if (in_span[occurrences[last].second]++ == 0) ++distinct;
    while (occurrences[last].first - occurrences[first].first > kSpanBytes) {
      if (--in_span[occurrences[first].second] == 0) --distinct;
      ++first;
    }
    size_t count = last - first + 1;
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_distinct = distinct;
      best_count = count;
      best_first = occurrences[first].first;
      best_last = occurrences[last].first;
    }
  }
  return around(best_first, best_last);
}

}  // namespace

std::string make_snippet(std::string_view body, const std::unordered_set<std::string>& terms,
                         Analyzer& analyzer) {
  std::string_view scanned = region_to_analyse(body, terms);
  const size_t region_offset = static_cast<size_t>(scanned.data() - body.data());
  std::vector<Token> tokens;
  analyzer.analyze(scanned, 0, tokens);
  std::vector<const Token*> words;  // one per position: the compound join stands in for its parts
  std::vector<bool> matched;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kCompoundJoin) {
      // A compound whose joined form matched ("posttraumatic" for "post-traumatic") marks the
      // parts it follows.
      if (terms.count(t.term)) {
        for (size_t k = words.size() - std::min<size_t>(t.parts, words.size()); k < words.size();
             ++k)
          matched[k] = true;
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
  if (best_start > 0 || region_offset > 0) out += "… ";
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
  if (end < words.size() || region_offset + scanned.size() < body.size()) out += " …";
  // Line breaks inside a snippet read as spaces.
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

}  // namespace kestrel
