// The query for a name written as a sequence of terms: the term itself, or the terms as an exact
// phrase. Shared by the query builder and the title field, which match names the same way.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace kestrel {

inline Xapian::Query phrase_of(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

}  // namespace kestrel
