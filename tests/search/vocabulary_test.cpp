// Typo correction over the corpus's words: Meilisearch's count of typos (a swap is one, a first
// letter changed is two), the fewest typos first, then the most frequent word.
#include "search/vocabulary.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace kestrel;
using kestrel::testing::TempDir;

namespace {

struct VocabularyFixture {
  TempDir dir;
  Xapian::WritableDatabase db{dir / "words", Xapian::DB_CREATE};
  VocabularyFixture() {
    for (auto [word, frequency] :
         std::initializer_list<std::pair<const char*, unsigned>>{{"ketamine", 5},
                                                                 {"ketamines", 1},
                                                                 {"depression", 3},
                                                                 {"anxiety", 4},
                                                                 {"quercetin", 2},
                                                                 {"baseline", 4},
                                                                 {"dulce", 1},
                                                                 {"pulse", 9},
                                                                 {"melon", 2},
                                                                 {"meson", 5},
                                                                 {"mecon", 3},
                                                                 {"tamil", 2},
                                                                 {"tamel", 2},
                                                                 {"café", 2},
                                                                 {"right", 1},
                                                                 {"fight", 3}}) {
      db.add_spelling(word, frequency);
    }
    db.commit();
  }
};

}  // namespace

TEST_CASE("vocabulary: the nearest word, as Meilisearch counts typos", "[search]") {
  VocabularyFixture fixture;
  Vocabulary vocabulary(fixture.db);
  struct Row {
    const char* word;
    unsigned typos;
    const char* expected;
  };
  const Row rows[] = {
      {"ketamien", 1, "ketamine"},       // two letters swapped: one typo
      {"anxeity", 1, "anxiety"},         // the same, inside the word
      {"depresion", 1, "depression"},    // a letter missing
      {"depresssion", 1, "depression"},  // a letter too many
      {"quercitin", 1, "quercetin"},     // a letter replaced
      {"ketmn", 2, ""},                  // three away
      {"ketamine", 2, "ketamines"},      // the word itself is no correction
      {"vaseline", 1, ""},               // a first letter changed counts as two typos...
      {"vaseline", 2, "baseline"},       // ...which a longer word may have
      {"nxiety", 1, ""},                 // a letter put before the first
      {"nxiety", 2, "anxiety"},
      {"aketamine", 2, "ketamine"},  // the first letter dropped
      {"naxiety", 2, "anxiety"},     // the first two swapped
      {"dulse", 2, "dulce"},         // one typo beats two, however frequent "pulse" is
      {"mexon", 1, "meson"},         // equally near: the most frequent (not mecon, melon)...
      {"tamxl", 1, "tamel"},         // ...and among equals, byte order (not tamil)
      {"cafe", 1, "café"},           // a character is one letter, whatever its bytes
      {"cafè", 1, "café"},
      {"wight", 1, ""},  // right and fight are a first letter away
      {"", 2, ""},
      {"ketamien", 0, ""},
  };
  for (const Row& row : rows) {
    INFO(row.word << " within " << row.typos);
    CHECK(vocabulary.nearest(row.word, row.typos) == row.expected);
  }
}

TEST_CASE("vocabulary: an index without words corrects nothing", "[search]") {
  TempDir dir;
  Xapian::WritableDatabase empty(dir / "empty", Xapian::DB_CREATE);
  Vocabulary vocabulary(empty);
  CHECK(vocabulary.nearest("ketamien", 2).empty());
  CHECK(vocabulary.complete("ket", 5).empty());
}
