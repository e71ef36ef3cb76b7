// Turns an Article into the Xapian document the schema describes: analysed title and body,
// facet values (declared, resolved through the taxonomy, plus detected, plus their parents),
// value slots and the stored data a hit is rendered from.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "analysis/taxonomy.h"
#include "kestrel/analyzer.h"
#include "kestrel/article.h"

namespace kestrel {

struct BuiltDocument {
  Xapian::Document document;
  std::string id;
  std::string content_hash;
  std::map<std::string, Xapian::termcount> spelling_words;  // for the spelling dictionary
  // A source the taxonomy does not know: indexed as declared, a new facet value to warn about.
  std::string new_source;
};

// Thread-compatible: one per thread (it owns an Analyzer). The taxonomy must outlive it.
class DocumentBuilder {
 public:
  // `taxonomy_hash` changes when the taxonomy does, so every article's hash changes with it.
  DocumentBuilder(const Taxonomy& taxonomy, std::string taxonomy_hash);

  // Fails when a declared condition, route or study design is not in the taxonomy; the message
  // names the article and suggests the nearest value. Sources are open: an unknown one is indexed
  // as declared and reported in BuiltDocument::new_source.
  Result<BuiltDocument> build(const Article& article);

  // The hash build() would store, without analysing anything: lets an incremental run skip
  // unchanged articles cheaply.
  std::string content_hash(const Article& article) const;

 private:
  Status resolve_declared(const Article& article, Facet facet, std::vector<std::string>& values,
                          std::string& new_source) const;
  void detect(const std::string& title, const std::vector<Token>& title_tokens,
              const std::string& body, const std::vector<Token>& body_tokens,
              FacetArray<std::vector<std::string>>& values) const;
  uint32_t participants(const Article& article, const std::string& study) const;
  // The evidence slot's value: the design's place in the taxonomy, sortable.
  std::string evidence_key(const std::vector<std::string>& study) const;

  const Taxonomy& taxonomy_;
  std::string taxonomy_hash_;
  Analyzer analyzer_;
  std::vector<Token> title_tokens_, body_tokens_;
};

// 64-bit FNV-1a as 16 hex digits: stable across runs and machines, unlike std::hash.
std::string stable_hash(std::string_view text);

}  // namespace kestrel
