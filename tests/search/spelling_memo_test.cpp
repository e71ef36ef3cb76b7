// The spelling memo answers as Xapian's spelling table does, and asks it once per word.
#include "search/spelling_memo.h"

#include <catch2/catch.hpp>

#include "test_support.h"

using namespace kestrel;
using kestrel::testing::TempDir;

TEST_CASE("spelling memo: Xapian's suggestion, asked once per word and edit distance", "[search]") {
  TempDir dir;
  Xapian::WritableDatabase with_words(dir / "words", Xapian::DB_CREATE);
  with_words.add_spelling("ketamine");
  with_words.add_spelling("depression");
  with_words.commit();
  Xapian::WritableDatabase empty(dir / "empty", Xapian::DB_CREATE);

  SpellingMemo memo;
  CHECK(memo.suggest(with_words, "ketamien", 2) ==
        with_words.get_spelling_suggestion("ketamien", 2));
  CHECK(memo.suggest(with_words, "ketamien", 2) == "ketamine");
  CHECK(memo.suggest(with_words, "depresion", 1) == "depression");
  // Remembered: a database without a spelling table still gets the first answer...
  CHECK(memo.suggest(empty, "ketamien", 2) == "ketamine");
  // ...while a word or an edit distance not yet asked goes to the database given.
  CHECK(memo.suggest(empty, "ketamien", 1).empty());
  CHECK(memo.suggest(empty, "depresion", 2).empty());
}
