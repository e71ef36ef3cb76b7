// The query language a visitor may type, read without analysing anything: text -> items. The
// builder (query_builder.h) turns items into a Xapian query.
//
//   ketamine depression      words: every one required (a run, so "nasal spray" is seen whole)
//   "nasal spray"            a phrase; an unbalanced quote runs to the end
//   -placebo  -"open label"  excluded; "+word" is the word
//   anxiety OR ocd           either; binds the clauses on each side of it
//   AND, NOT                 ignored as words (NOT is no operator: use -word)
//   title:ketamine           a word or phrase in the title
//   condition:PTSD  route:"nasal spray"  source:PubMed
//                            a facet value; quoted when it has spaces
// Field names are matched without regard to case; any other "x:y" is a word.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kestrel {

enum class ItemKind : uint8_t {
  kWords,   // a run of plain words, analysed together
  kPhrase,  // "quoted words"
  kField,   // field:value
  kOr,      // the OR operator between the items around it
};

struct QueryItem {
  ItemKind kind;
  bool negated = false;
  std::string_view
      text;  // the words, the phrase's inside, or the field's value (a view into the query)
  size_t offset = 0;  // where `text` starts in the query, for corrections
  std::string field;  // kField only: "title", "condition", "route", "source" or "study"
  bool operator==(const QueryItem&) const = default;
};

// Never fails: any text reads as some items (possibly none).
std::vector<QueryItem> read_query(std::string_view text);

// Whether the last item of `text` is a word still being typed: not ended by a space or a quote.
bool ends_inside_word(std::string_view text);

bool is_query_space(char c);

}  // namespace kestrel
