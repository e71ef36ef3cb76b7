#include "search/filter_query.h"

#include "index/schema.h"
#include "search/query_builder.h"

namespace kestrel {
namespace {

// Every document. A fresh object, never Xapian::Query::MatchAll: that static's reference count
// is not atomic, and copying it from many threads crashed the server.
Xapian::Query everything() {
  return Xapian::Query(std::string());
}

Xapian::Query date_query(const Filter& filter) {
  Xapian::valueno slot = schema::spec(schema::Field::kPublished).slot;
  std::vector<Xapian::Query> bounds;
  if (!filter.from.empty()) {
    // s > x exactly when s >= x followed by a NUL, the least string after x.
    std::string from = filter.from_exclusive ? filter.from + '\0' : filter.from;
    bounds.emplace_back(Xapian::Query::OP_VALUE_GE, slot, from);
  }
  if (!filter.to.empty()) {
    Xapian::Query upto(Xapian::Query::OP_VALUE_LE, slot, filter.to);
    if (filter.to_exclusive)
      upto =
          Xapian::Query(Xapian::Query::OP_AND_NOT, upto,
                        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, filter.to, filter.to));
    bounds.push_back(upto);
  }
  // Dates are YYYY-MM-DD: every stored one is at least "0".
  if (bounds.empty()) bounds.emplace_back(Xapian::Query::OP_VALUE_GE, slot, std::string("0"));
  return Xapian::Query(Xapian::Query::OP_AND, bounds.begin(), bounds.end());
}

Xapian::Query query_of(const Filter& filter, const Taxonomy& taxonomy) {
  switch (filter.op) {
    case Filter::Op::kAll:
      return everything();
    case Filter::Op::kAnd:
    case Filter::Op::kOr: {
      std::vector<Xapian::Query> parts;
      for (const Filter& operand : filter.operands) parts.push_back(query_of(operand, taxonomy));
      // An empty OR matches nothing, as Xapian's empty query does.
      if (parts.empty()) return Xapian::Query();
      return Xapian::Query(
          filter.op == Filter::Op::kAnd ? Xapian::Query::OP_AND : Xapian::Query::OP_OR,
          parts.begin(), parts.end());
    }
    case Filter::Op::kNot:
      return Xapian::Query(Xapian::Query::OP_AND_NOT, everything(),
                           query_of(filter.operands.at(0), taxonomy));
    case Filter::Op::kFacetIs:
      return QueryBuilder::facet_filter(filter.facet,
                                        taxonomy.canonical(filter.facet, filter.value));
    case Filter::Op::kFacetAny:
      return Xapian::Query(Xapian::Query::OP_WILDCARD, schema::facet_term(filter.facet, ""));
    case Filter::Op::kPublished:
    case Filter::Op::kDated:
      return date_query(filter);
  }
  return Xapian::Query();
}

}  // namespace

Xapian::Query filter_query(const Filter& filter, const Taxonomy& taxonomy) {
  if (filter.op == Filter::Op::kAll) return Xapian::Query();
  Xapian::Query query = query_of(filter, taxonomy);
  // A filter that matches nothing must still filter: an empty query would read as "no filter".
  if (query.empty()) return Xapian::Query(Xapian::Query::OP_AND_NOT, everything(), everything());
  return query;
}

// The filter expression (empty: none) and every facet filter but `except`'s (kFacetCount: none
// excepted), AND'ed; empty when there is none.
Xapian::Query filter_of(const Xapian::Query& expression, const FacetArray<Xapian::Query>& filters,
                        size_t except) {
  std::vector<Xapian::Query> applied;
  if (!expression.empty()) applied.push_back(expression);
  for (size_t f = 0; f < kFacetCount; ++f) {
    if (f != except && !filters[f].empty()) applied.push_back(filters[f]);
  }
  if (applied.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_AND, applied.begin(), applied.end());
}

// `query` restricted by filter_of(expression, filters, except).
Xapian::Query filtered(const Xapian::Query& query, const Xapian::Query& expression,
                       const FacetArray<Xapian::Query>& filters, size_t except) {
  Xapian::Query filter = filter_of(expression, filters, except);
  if (filter.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace kestrel
