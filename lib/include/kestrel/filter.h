// Boolean filters over an article's facet values and publication date, written in Meilisearch's
// filter syntax, which front-end developers already know:
//
//   condition = PTSD                     a facet value (a taxonomy alias works, case ignored)
//   "condition" = "substance use disorders"   names and values may be quoted ('...' or "...")
//   route != oral                        any article without that value
//   condition IN [PTSD, OCD]             one of several values; NOT IN: none of them
//   published >= 2020                    dates: 2020, 2020-06 or 2020-06-15; a partial date
//   published 2018 TO 2020                is its whole span, so "> 2020" starts in 2021 and
//                                        "2018 TO 2020" ends on 2020-12-31
//   route EXISTS, route NOT EXISTS       has a value or not (IS EMPTY / IS NOT EMPTY alike)
//   NOT x, x AND y, x OR y, ( )          NOT binds tightest, then AND, then OR
//
// Keywords are read in any case. Filterable attributes: condition, route, source, published.
// A value of a facet that no article has matches nothing; it is not an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kestrel/facets.h"
#include "kestrel/result.h"

namespace kestrel {

struct Filter {
  enum class Op {
    kAll,        // no restriction: every article
    kAnd,        // every operand
    kOr,         // any operand
    kNot,        // not its one operand
    kFacetIs,    // `facet` has `value`
    kFacetAny,   // `facet` has some value
    kPublished,  // published within [from, to]
    kDated,      // published is set
  };
  Op op = Op::kAll;
  std::vector<Filter> operands;  // kAnd and kOr: one or more; kNot: exactly one
  Facet facet = Facet::kCondition;
  std::string value;
  // kPublished: ISO date bounds, compared as strings (dates are stored as YYYY-MM-DD); either may
  // be empty for no bound. An exclusive bound excludes the date itself.
  std::string from, to;
  bool from_exclusive = false, to_exclusive = false;

  static Filter all_of(std::vector<Filter> operands);
  static Filter any_of(std::vector<Filter> operands);
  static Filter negation(Filter operand);
  static Filter facet_is(Facet facet, std::string value);
};

// Parses one expression. kInvalidArgument with the position of the fault ("at 1:12: expected a
// value after `=`") for anything malformed, an unknown attribute or a date that is not one.
// Bounded: at most kMaxFilterBytes of text and kMaxFilterDepth nested parentheses or NOTs.
Result<Filter> parse_filter(std::string_view expression);

inline constexpr size_t kMaxFilterBytes = 8192;
inline constexpr size_t kMaxFilterDepth = 32;

// The expression back in the syntax parse_filter reads, fully parenthesised: for logs and tests.
std::string describe(const Filter& filter);

}  // namespace kestrel
