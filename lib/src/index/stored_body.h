// An article's body as the index keeps it for display: the text, and for every word its byte
// range and its term, so that a snippet is chosen and marked without analysing the text again.
// Re-analysing bodies (ICU word breaks, stemming through a string-keyed cache) and inflating them
// from Xapian's zlib-compressed document data were over a third of a search's time (perf on the
// clinic index, distinct searches: make_snippet 23.5%, get_data 7.5%, 2026-11-26). The record
// lives in a value slot (schema.cpp), which Xapian stores uncompressed, and is published in the
// same commit as the terms it lines up with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kestrel/analyzer.h"
#include "kestrel/result.h"

namespace kestrel {

struct BodyWord {
  uint32_t begin = 0, end = 0;  // byte range in the text
  uint32_t term = 0;            // index into StoredBody::terms
};

// A compound's parts written together ("posttraumatic" for "post-traumatic"): its term covers
// words [first_word, first_word + parts).
struct BodyJoin {
  uint32_t first_word = 0, parts = 0;
  uint32_t term = 0;
};

struct StoredBody {
  std::string_view text;
  std::vector<std::string_view> terms;  // distinct, sorted: find one with std::lower_bound
  std::vector<BodyWord> words;          // in text order; at most the `max_words` decoded
  std::vector<BodyJoin> joins;          // ordered by first_word
  bool words_cut = false;               // the body has more words than were decoded
};

// The record of `text`, whose tokens `analyze` produced (offsets relative to `text`).
std::string encode_stored_body(std::string_view text, const std::vector<Token>& tokens);

// Fills `out` (reusing its buffers) with views into `record`, decoding at most `max_words` words.
// kCorrupt when the record is not one encode_stored_body wrote.
Status decode_stored_body(std::string_view record, size_t max_words, StoredBody& out);

}  // namespace kestrel
