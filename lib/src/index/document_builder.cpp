#include "index/document_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <unordered_map>

#include "index/participants.h"
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

std::string DocumentBuilder::evidence_key(const std::vector<std::string>& study) const {
  // Unknown designs after every known one: a study the taxonomy does not rank is no evidence of
  // a rank.
  double rank = 1e9;
  if (!study.empty() && !taxonomy_.empty()) {
    if (const FacetValue* design = taxonomy_.find(Facet::kStudy, study[0]))
      rank = static_cast<double>(design - taxonomy_.values(Facet::kStudy).data());
  }
  return Xapian::sortable_serialise(rank);
}

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
  for (const auto* field :
       {&a.id, &a.title, &a.body, &a.source, &a.url, &a.published, &a.origin, &a.journal, &a.doi,
        &a.volume, &a.pages, &a.study, &a.participants, &a.file})
    add(*field);
  for (const auto* list : {&a.authors, &a.conditions, &a.routes}) {
    for (const auto& item : *list) add(item);
    add("\x1e");
  }
  return stable_hash(all);
}

Status DocumentBuilder::resolve_declared(const Article& article, Facet facet,
                                         std::vector<std::string>& values,
                                         std::string& new_source) const {
  auto one = [](const std::string& value) {
    return value.empty() ? std::vector<std::string>{} : std::vector<std::string>{value};
  };
  std::vector<std::string> declared = facet == Facet::kCondition ? article.conditions
                                      : facet == Facet::kRoute   ? article.routes
                                      : facet == Facet::kStudy   ? one(article.study)
                                                                 : one(article.source);
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
  // Detection::kOneValue facets: the first value (in the taxonomy's order) the title names, and
  // each value's mentions in the body.
  FacetArray<size_t> first_in_title;
  first_in_title.fill(SIZE_MAX);
  FacetArray<std::vector<int>> one_value_mentions;
  for (Facet facet : kAllFacets)
    one_value_mentions[static_cast<size_t>(facet)].assign(taxonomy_.values(facet).size(), 0);
  std::vector<AliasMatch> matches;
  auto scan = [&](const std::string& text, const std::vector<Token>& tokens, bool in_title) {
    for (size_t i = 0; i < tokens.size();) {
      matches.clear();
      taxonomy_.match_at(tokens, i, text, MatchFor::kText, matches);
      size_t step = 1;
      for (const AliasMatch& match : matches) {
        Facet facet = match.phrase->facet;
        size_t f = static_cast<size_t>(facet);
        int needed = taxonomy_.detect_min_mentions(facet);
        if (needed <= 0) continue;
        size_t index = match.phrase->value_index;
        const FacetValue& value = taxonomy_.values(facet)[index];
        // The longest match at a place counts; "social anxiety disorder" is not also "anxiety".
        if (step > 1 && match.token_count < step) continue;
        step = std::max(step, match.token_count);
        if (taxonomy_.detection(facet) == Detection::kOneValue) {
          if (in_title)
            first_in_title[f] = std::min(first_in_title[f], index);
          else
            ++one_value_mentions[f][index];
        } else if (in_title || ++body_mentions[&value] == needed) {
          add_unique(values[f], value.value);
        }
      }
      i += step;
    }
  };
  scan(title, title_tokens, true);
  scan(body, body_tokens, false);
  for (Facet facet : kAllFacets) {
    size_t f = static_cast<size_t>(facet);
    if (taxonomy_.detection(facet) != Detection::kOneValue || !values[f].empty()) continue;
    size_t chosen = first_in_title[f];
    if (chosen == SIZE_MAX) {
      const std::vector<int>& mentions = one_value_mentions[f];
      auto most = std::max_element(mentions.begin(), mentions.end());  // the first on a tie
      if (most != mentions.end() && *most >= taxonomy_.detect_min_mentions(facet))
        chosen = static_cast<size_t>(most - mentions.begin());
    }
    if (chosen != SIZE_MAX) values[f].push_back(taxonomy_.values(facet)[chosen].value);
  }
}

// Declared, or stated in the text of a study design whose numbers are its own (not a review's).
uint32_t DocumentBuilder::participants(const Article& article, const std::string& study) const {
  if (!article.participants.empty()) return static_cast<uint32_t>(std::stoul(article.participants));
  if (study.empty()) return 0;
  const FacetValue* design = taxonomy_.empty() ? nullptr : taxonomy_.find(Facet::kStudy, study);
  if (design && !design->states_participants) return 0;
  return stated_participants(article.body, body_tokens_);
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
  const std::vector<std::string>& study = values[static_cast<size_t>(Facet::kStudy)];
  doc.add_value(schema::spec(schema::Field::kEvidence).slot, evidence_key(study));
  if (!title_tokens_.empty()) {
    doc.add_value(schema::spec(schema::Field::kTitleLength).slot,
                  schema::title_length_value(title_tokens_.size()));
  }

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
                       article.pages,
                       study.empty() ? std::string() : study[0],
                       article.file,
                       participants(article, study.empty() ? std::string() : study[0])};
  if (!values[static_cast<size_t>(Facet::kSource)].empty())
    stored.source = values[static_cast<size_t>(Facet::kSource)][0];
  doc.set_data(stored.encode());
  doc.add_value(schema::spec(schema::Field::kBody).slot,
                encode_stored_body(article.body, body_tokens_));
  return built;
}

}  // namespace kestrel
