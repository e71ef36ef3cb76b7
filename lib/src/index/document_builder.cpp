#include "index/document_builder.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "index/schema.h"
#include "index/stored_article.h"
#include "index/stored_body.h"

namespace kestrel {
namespace {

// Title and body share one position space; the gap keeps a phrase from matching across them.
constexpr uint32_t kBodyFirstPosition = 1000;

// Words shorter than this are not worth correcting and would only make corrections noisier.
constexpr size_t kMinSpellingWordBytes = 3;

// Values taken as declared (no taxonomy) are cut to fit Xapian's 245-byte term limit.
constexpr size_t kMaxFacetValueBytes = 200;

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += schema::kValueSeparator;
    out += v;
  }
  return out;
}

void add_unique(std::vector<std::string>& values, const std::string& value) {
  if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
}

}  // namespace

std::string stable_hash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

DocumentBuilder::DocumentBuilder(const Taxonomy& taxonomy, std::string taxonomy_hash)
    : taxonomy_(taxonomy), taxonomy_hash_(std::move(taxonomy_hash)) {}

std::string DocumentBuilder::content_hash(const Article& a) const {
  std::string all;
  all.reserve(a.title.size() + a.body.size() + 256);
  auto add = [&](std::string_view field) {
    all.append(field);
    all += '\0';
  };
  add(std::to_string(schema::kSchemaVersion) + "." + std::to_string(kAnalyzerVersion));
  add(taxonomy_hash_);
  for (const auto* field : {&a.id, &a.title, &a.body, &a.source, &a.url, &a.published, &a.origin})
    add(*field);
  for (const auto* list : {&a.authors, &a.conditions, &a.routes}) {
    for (const auto& item : *list) add(item);
    add("\x1e");
  }
  // Only when given, so that the articles indexed before these fields existed keep their hash
  // (and an incremental run does not rewrite them all).
  if (!(a.journal + a.doi + a.volume + a.pages).empty()) {
    for (const auto* field : {&a.journal, &a.doi, &a.volume, &a.pages}) add(*field);
  }
  return stable_hash(all);
}

Status DocumentBuilder::resolve_declared(const Article& article, Facet facet,
                                         std::vector<std::string>& values,
                                         std::string& new_source) const {
  std::vector<std::string> declared = facet == Facet::kCondition ? article.conditions
                                      : facet == Facet::kRoute   ? article.routes
                                      : article.source.empty()
                                          ? std::vector<std::string>{}
                                          : std::vector<std::string>{article.source};
  for (const std::string& name : declared) {
    if (name.empty()) continue;
    const FacetValue* value = taxonomy_.empty() ? nullptr : taxonomy_.find(facet, name);
    if (value) {
      add_unique(values, value->value);
      continue;
    }
    // Conditions and routes are the clinic's controlled vocabulary; journals are too many to list,
    // so a new source is a new facet value (indexing 20,000 medical articles rejected 19,994 of
    // them for their journal alone when sources were closed).
    if (taxonomy_.empty() || facet == Facet::kSource) {
      if (!taxonomy_.empty()) new_source = name.substr(0, kMaxFacetValueBytes);
      add_unique(values, name.substr(0, kMaxFacetValueBytes));
      continue;
    }
    std::string message = article.origin + ": " + std::string(facet_name(facet)) + " '" + name +
                          "' is not in the taxonomy";
    if (const FacetValue* nearest = taxonomy_.nearest(facet, name))
      message += " (did you mean '" + nearest->value + "'?)";
    return Error{ErrorCode::kParse, message};
  }
  return Status::Ok();
}

void DocumentBuilder::detect(const std::string& title, const std::vector<Token>& title_tokens,
                             const std::string& body, const std::vector<Token>& body_tokens,
                             FacetArray<std::vector<std::string>>& values) const {
  std::unordered_map<const FacetValue*, int> body_mentions;
  std::vector<AliasMatch> matches;
  auto scan = [&](const std::string& text, const std::vector<Token>& tokens, bool in_title) {
    for (size_t i = 0; i < tokens.size();) {
      matches.clear();
      taxonomy_.match_at(tokens, i, text, /*any_case=*/false, matches);
      size_t step = 1;
      for (const AliasMatch& match : matches) {
        Facet facet = match.phrase->facet;
        int needed = taxonomy_.detect_min_mentions(facet);
        if (needed <= 0) continue;
        const FacetValue& value = taxonomy_.values(facet)[match.phrase->value_index];
        // The longest match at a place counts; "social anxiety disorder" is not also "anxiety".
        if (step > 1 && match.token_count < step) continue;
        step = std::max(step, match.token_count);
        if (in_title || ++body_mentions[&value] == needed)
          add_unique(values[static_cast<size_t>(facet)], value.value);
      }
      i += step;
    }
  };
  scan(title, title_tokens, true);
  scan(body, body_tokens, false);
}

Result<BuiltDocument> DocumentBuilder::build(const Article& article) {
  FacetArray<std::vector<std::string>> values;
  std::string new_source;
  for (Facet facet : kAllFacets) {
    Status status =
        resolve_declared(article, facet, values[static_cast<size_t>(facet)], new_source);
    if (!status) return status.error();
  }
  title_tokens_.clear();
  body_tokens_.clear();
  // A title taken from the body is display text only: its words are the body's.
  if (!article.title_from_body) analyzer_.analyze(article.title, 0, title_tokens_);
  analyzer_.analyze(article.body, kBodyFirstPosition, body_tokens_);
  if (!taxonomy_.empty()) detect(article.title, title_tokens_, article.body, body_tokens_, values);

  BuiltDocument built;
  built.id = article.id;
  built.new_source = std::move(new_source);
  built.content_hash = content_hash(article);
  Xapian::Document& doc = built.document;
  const std::string title_prefix(schema::spec(schema::Field::kTitle).prefix);
  for (const Token& token : title_tokens_) {
    doc.add_posting(title_prefix + token.term, token.position);
    doc.add_posting(token.term, token.position, schema::kTitleWdf);
  }
  for (const Token& token : body_tokens_) doc.add_posting(token.term, token.position);
  for (const auto* tokens : {&title_tokens_, &body_tokens_}) {
    for (const Token& token : *tokens) {
      if (!token.is_number && token.word.size() >= kMinSpellingWordBytes)
        ++built.spelling_words[token.word];
    }
  }

  doc.add_boolean_term(schema::id_term(article.id));
  for (Facet facet : kAllFacets) {
    std::vector<std::string> expanded;
    for (const std::string& value : values[static_cast<size_t>(facet)]) {
      for (const std::string& v : taxonomy_.empty() ? std::vector<std::string>{value}
                                                    : taxonomy_.with_ancestors(facet, value)) {
        add_unique(expanded, v);
      }
    }
    for (const std::string& value : expanded)
      doc.add_boolean_term(schema::facet_term(facet, value));
    doc.add_value(schema::spec(facet).slot, join(expanded));
    values[static_cast<size_t>(facet)] = std::move(expanded);
  }
  doc.add_value(schema::spec(schema::Field::kId).slot, article.id);
  doc.add_value(schema::spec(schema::Field::kPublished).slot, article.published);
  doc.add_value(schema::spec(schema::Field::kContentHash).slot, built.content_hash);
  doc.add_value(schema::spec(schema::Field::kOrigin).slot, article.origin);

  StoredArticle stored{article.id,
                       article.title,
                       article.url,
                       article.source,
                       article.published,
                       article.authors,
                       values[static_cast<size_t>(Facet::kCondition)],
                       values[static_cast<size_t>(Facet::kRoute)],
                       article.journal,
                       article.doi,
                       article.volume,
                       article.pages};
  if (!values[static_cast<size_t>(Facet::kSource)].empty())
    stored.source = values[static_cast<size_t>(Facet::kSource)][0];
  doc.set_data(stored.encode());
  doc.add_value(schema::spec(schema::Field::kBody).slot,
                encode_stored_body(article.body, body_tokens_));
  return built;
}

}  // namespace kestrel
