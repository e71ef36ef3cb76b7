// The query language, as tables: query text -> items (the reader), and query text -> the Xapian
// query built from them (get_description()), ordinary, odd and hostile input alike.
#include "search/query_syntax.h"

#include <xapian.h>

#include <catch2/catch.hpp>

#include "analysis/taxonomy.h"
#include "index/schema.h"
#include "search/query_builder.h"
#include "search/vocabulary.h"
#include "test_support.h"

using namespace kestrel;

namespace {

// Items as one line: [words:a b] [-phrase:x y] [condition:PTSD] [OR]
std::string describe(const std::vector<QueryItem>& items) {
  std::string out;
  for (const QueryItem& item : items) {
    if (!out.empty()) out += ' ';
    out += '[';
    if (item.negated) out += '-';
    switch (item.kind) {
      case ItemKind::kWords:
        out += "words:";
        break;
      case ItemKind::kPhrase:
        out += "phrase:";
        break;
      case ItemKind::kField:
        out += item.field + ":";
        break;
      case ItemKind::kOr:
        out += "OR";
        break;
    }
    out += std::string(item.text) + ']';
  }
  return out;
}

}  // namespace

TEST_CASE("query syntax: text -> items", "[search][query]") {
  struct Row {
    const char* text;
    const char* items;
  };
  const Row table[] = {
      {"", ""},
      {"   \t ", ""},
      {"ketamine", "[words:ketamine]"},
      {"ketamine  nasal spray", "[words:ketamine  nasal spray]"},
      {"\"nasal spray\" ketamine", "[phrase:nasal spray] [words:ketamine]"},
      {"ketamine -placebo", "[words:ketamine] [-words:placebo]"},
      {"-\"open label\" trial", "[-phrase:open label] [words:trial]"},
      {"+ketamine", "[words:+ketamine]"},
      {"anxiety OR ocd", "[words:anxiety] [OR] [words:ocd]"},
      {"a OR b c", "[words:a] [OR] [words:b] [words:c]"},
      {"ketamine AND ptsd NOT placebo", "[words:ketamine] [words:ptsd] [words:placebo]"},
      {"or and not", "[words:or and not]"},
      {"title:ketamine infusion", "[title:ketamine] [words:infusion]"},
      {"Condition:PTSD ketamine", "[condition:PTSD] [words:ketamine]"},
      {"condition:\"social anxiety disorder\" -placebo",
       "[condition:social anxiety disorder] [-words:placebo]"},
      {"-route:oral", "[-route:oral]"},
      {"colour:red", "[words:colour:red]"},
      {":ptsd", "[words::ptsd]"},
      {"source:", "[source:]"},
      // Odd and hostile input: unbalanced quotes, lone operators, quotes inside words.
      {"\"unclosed phrase", "[phrase:unclosed phrase]"},
      {"\"", "[phrase:]"},
      {"-", "[words:-]"},
      {"- -", "[words:- -]"},
      {"OR OR", "[OR] [OR]"},
      {"a\"b\"c", "[words:a] [phrase:b] [words:c]"},
      {"condition:\"", "[condition:]"},
      {"title:\"a\"\"b\"", "[title:a] [phrase:b]"},
  };
  for (const Row& row : table) {
    INFO("query: " << row.text);
    CHECK(describe(read_query(row.text)) == row.items);
  }
}

TEST_CASE("query syntax: offsets point at each item's text in the query", "[search][query]") {
  std::string text = "ketamine -\"open label\" condition:\"social anxiety\" or";
  for (const QueryItem& item : read_query(text)) {
    INFO(describe({item}));
    CHECK(text.substr(item.offset, item.text.size()) == item.text);
  }
}

namespace {

// A tiny index and taxonomy to build queries against: spelling knows "ketamine", "depression".
// (The in-memory backend has no spelling table: a glass database in a temporary directory.)
struct QueryFixture {
  testing::TempDir dir;
  Xapian::WritableDatabase db{dir / "db", Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS};
  Taxonomy taxonomy;
  Analyzer analyzer;

  QueryFixture() {
    // Each document is titled with its word, so that each word also matches as a title.
    for (const char* word : {"ketamine", "depression", "infusion", "placebo"}) {
      Xapian::Document doc;
      doc.add_term(analyzer.term_for_word(word));
      doc.add_term("S" + analyzer.term_for_word(word));
      doc.add_value(schema::spec(schema::Field::kTitleLength).slot, schema::title_length_value(1));
      db.add_document(doc);
      db.add_spelling(word);
    }
    // And one title holds the names the table's synonym rows match in titles.
    Xapian::Document titled;
    const char* title[] = {"plant",    "based",      "plantbased", "diet",      "nasal",
                           "spray",    "intranasal", "post",       "traumatic", "stress",
                           "disorder", "ptsd",       "anorexia",   "anxiety"};
    for (const char* word : title) titled.add_term("S" + analyzer.term_for_word(word));
    titled.add_value(schema::spec(schema::Field::kTitleLength).slot,
                     schema::title_length_value(std::size(title)));
    db.add_document(titled);
    db.commit();
    auto parsed = Taxonomy::parse(
        "condition:\n  detect_min_mentions: 2\n  values:\n"
        "    - value: PTSD\n      aliases: [post-traumatic stress disorder]\n"
        "    - value: anorexia\n      aliases: [anorexia nervosa, atypical anorexia]\n"
        "route:\n  detect_min_mentions: 0\n  values:\n"
        "    - value: intranasal\n      aliases: [nasal spray]\n"
        "source:\n  detect_min_mentions: 0\n  values:\n    - value: PubMed\n",
        "test taxonomy");
    INFO((parsed ? std::string() : parsed.error().message));
    REQUIRE(parsed.ok());
    taxonomy = std::move(parsed).value();
  }

  // Xapian's description, with the title field's weighing (title_field.h, pinned by the
  // searcher's ranking tests) written "TITLE" before what it filters.
  std::string description(const std::string& text, LastWord last_word = LastWord::kComplete) {
    Vocabulary vocabulary(db);
    // Four one-word titles and one of 14 terms.
    QueryBuilder builder(
        db, taxonomy, analyzer, [&]() -> const Vocabulary& { return vocabulary; },
        title_statistics({"18"}, db));
    std::string described = builder.build(text, last_word).all_words.get_description();
    const std::string weighing = "PostingSource(Xapian::ValueMapPostingSource(slot=10)) FILTER ";
    for (size_t at; (at = described.find(weighing)) != std::string::npos;)
      described.replace(at, weighing.size(), "TITLE ");
    return described;
  }
};

}  // namespace

TEST_CASE("query syntax: text -> Xapian query", "[search][query]") {
  QueryFixture fixture;
  struct Row {
    const char* text;
    const char* query;
  };
  const Row table[] = {
      {"", "Query(<alldocuments>)"},
      {"ketamine", "Query((ketamin OR (TITLE Sketamin)))"},
      {"ketamine depression",
       "Query(((ketamin OR (TITLE Sketamin)) AND (depress OR (TITLE Sdepress))))"},
      {"the ketamine", "Query((ketamin OR (TITLE Sketamin)))"},
      // A clause that no title holds has no title match: no title says "the" or "who".
      {"the who", "Query((the AND who))"},
      {"ketamine -placebo", "Query(((ketamin OR (TITLE Sketamin)) AND_NOT placebo))"},
      {"-placebo", "Query((<alldocuments> AND_NOT placebo))"},
      {"\"ketamine infusion\"",
       "Query(((ketamin PHRASE 2 infus) OR (TITLE (Sketamin PHRASE 2 Sinfus))))"},
      // A compound is one word written three ways: apart, hyphenated or joined.
      {"plant-based diet",
       "Query(((((plant PHRASE 2 base) SYNONYM plantbas) OR (TITLE ((Splant PHRASE 2 Sbase) OR "
       "Splantbas))) AND (diet OR (TITLE Sdiet))))"},
      {"anxiety OR depression ketamine",
       "Query((((anxieti OR (TITLE Sanxieti)) OR (depress OR (TITLE Sdepress))) AND (ketamin OR "
       "(TITLE Sketamin))))"},
      {"title:ketamine", "Query(Sketamin)"},
      {"condition:ptsd", "Query(0 * XC:PTSD)"},
      // A taxonomy name: every name of the value, and the articles tagged with it.
      {"nasal spray",
       "Query(((((nasal PHRASE 2 spray) SYNONYM intranas) OR 0 * XR:intranasal) OR (TITLE "
       "((Snasal PHRASE 2 Sspray) OR Sintranas))))"},
      {"post-traumatic stress disorder",
       "Query(((((post PHRASE 4 traumat PHRASE 4 stress PHRASE 4 disord) SYNONYM ptsd) "
       "OR 0 * XC:PTSD) OR (TITLE ((Spost PHRASE 4 Straumat PHRASE 4 Sstress PHRASE 4 "
       "Sdisord) OR Sptsd))))"},
      // A name that holds another adds no match: anorexia's two longer names drop out. Each
      // clause also matches in the title, as a field of its own (with_title_match).
      {"anorexia", "Query(((anorexia OR 0 * XC:anorexia) OR (TITLE Sanorexia)))"},
      {"PTSD -ketamine",
       "Query((((((post PHRASE 4 traumat PHRASE 4 stress PHRASE 4 disord) SYNONYM ptsd) "
       "OR 0 * XC:PTSD) OR (TITLE ((Spost PHRASE 4 Straumat PHRASE 4 Sstress PHRASE 4 "
       "Sdisord) OR Sptsd))) AND_NOT ketamin))"},
      {"ketamin depresion",
       "Query(((ketamin OR (TITLE Sketamin)) AND (depress OR (TITLE Sdepress))))"},
      // Nothing searchable matches nothing; hostile input still gives a query.
      {"!!!", "Query()"},
      {"\"", "Query()"},
      {"-", "Query()"},
      {"OR", "Query()"},
      {"title:", "Query()"},
      {"condition:\"\"", "Query(0 * XC:)"},
  };
  for (const Row& row : table) {
    INFO("query: " << row.text);
    CHECK(fixture.description(row.text) == row.query);
  }
}

TEST_CASE("query syntax: a word being typed weighs as one word with its completions",
          "[search][query]") {
  // As Xapian's QueryParser weighs a partial word's expansions: an article with two of the
  // completions does not count the typed word twice.
  QueryFixture fixture;
  CHECK(fixture.description("ketamine inf", LastWord::kBeingTyped) ==
        "Query(((ketamin OR (TITLE Sketamin)) AND ((inf SYNONYM infus) OR (TITLE (Sinf OR "
        "Sinfus)))))");
  CHECK(fixture.description("ketamine inf", LastWord::kComplete) ==
        "Query(((ketamin OR (TITLE Sketamin)) AND inf))");
}
