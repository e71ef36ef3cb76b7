// Which terms Xapian's relevance-set expansion may suggest, for pseudo-relevance feedback and
// related articles alike: body words only. Prefixed terms (titles, ids, facets) and one- or
// two-letter terms are noise.
#pragma once

#include <xapian.h>

#include <cctype>
#include <string>

namespace kestrel {

struct BodyWords : Xapian::ExpandDecider {
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && !std::isupper(static_cast<unsigned char>(term[0]));
  }
};

}  // namespace kestrel
