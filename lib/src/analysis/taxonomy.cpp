#include "analysis/taxonomy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kestrel {

std::string fold_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
    else if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c + 32);
  }
  return out;
}

Result<Taxonomy> Taxonomy::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, path + ": cannot read the taxonomy"};
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

namespace {

// "taxonomy.yaml:12: reason", naming the line of `node`.
Error taxonomy_error(const std::string& origin, const YAML::Node& node, const std::string& reason) {
  return Error{ErrorCode::kParse,
               origin + ":" + std::to_string(node.Mark().line + 1) + ": " + reason};
}

// One entry of a facet's values list: value, parent, aliases, abbreviations.
Result<FacetValue> parse_value(const YAML::Node& item, const std::string& origin) {
  FacetValue value;
  for (const auto& field : item) {
    std::string key = field.first.as<std::string>();
    if (key == "value")
      value.value = field.second.as<std::string>();
    else if (key == "parent")
      value.parent = field.second.as<std::string>();
    else if (key == "aliases")
      value.aliases = field.second.as<std::vector<std::string>>();
    else if (key == "abbreviations")
      value.abbreviations = field.second.as<std::vector<std::string>>();
    else if (key == "cues")
      value.cues = field.second.as<std::vector<std::string>>();
    else if (key == "states_participants")
      value.states_participants = field.second.as<bool>();
    else
      return taxonomy_error(origin, field.first, "unknown key '" + key + "'");
  }
  if (value.value.empty()) return taxonomy_error(origin, item, "a value needs 'value'");
  // Control characters have no place in a name, and the index joins values with one.
  if (std::any_of(value.value.begin(), value.value.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return taxonomy_error(origin, item, "control character in value");
  }
  return value;
}

}  // namespace

Result<Taxonomy> Taxonomy::parse(std::string_view yaml, const std::string& origin) {
  Taxonomy taxonomy;
  taxonomy.source_ = std::string(yaml);
  auto fail = [&](const YAML::Node& node, const std::string& reason) {
    return taxonomy_error(origin, node, reason);
  };
  try {
    YAML::Node root = YAML::Load(taxonomy.source_);
    if (!root.IsMap())
      return Error{ErrorCode::kParse,
                   origin + ": expected the facets condition, route, source, study"};
    for (const auto& entry : root) {
      std::string name = entry.first.as<std::string>();
      auto facet = facet_from_name(name);
      if (!facet)
        return fail(entry.first, "unknown facet '" + name + "' (condition, route, source, study)");
      FacetTable& table = taxonomy.facets_[index(*facet)];
      const YAML::Node& body = entry.second;
      if (!body.IsMap())
        return fail(body, "facet '" + name + "': expected detect_min_mentions and values");
      for (const auto& field : body) {
        std::string key = field.first.as<std::string>();
        if (key == "detect_min_mentions") {
          table.detect_min_mentions = field.second.as<int>();
        } else if (key == "detect") {
          std::string how = field.second.as<std::string>();
          if (how != "every_value" && how != "one_value")
            return fail(field.second, "facet '" + name +
                                          "': 'detect' must be every_value or one_value, not '" +
                                          how + "'");
          table.detection = how == "one_value" ? Detection::kOneValue : Detection::kEveryValue;
        } else if (key != "values") {
          return fail(field.first, "facet '" + name + "': unknown key '" + key + "'");
        }
      }
      if (!body["values"] || !body["values"].IsSequence())
        return fail(body, "facet '" + name + "': 'values' must be a list");
      for (const auto& item : body["values"]) {
        Result<FacetValue> parsed = parse_value(item, origin);
        if (!parsed) return parsed.error();
        FacetValue& value = *parsed;
        for (const std::string& name_of_value : [&] {
               std::vector<std::string> all = value.aliases;
               all.push_back(value.value);
               all.insert(all.end(), value.abbreviations.begin(), value.abbreviations.end());
               return all;
             }()) {
          auto [it, inserted] = taxonomy.by_key_.emplace(fold_name(name_of_value),
                                                         std::pair(*facet, table.values.size()));
          if (!inserted && it->second.first == *facet && it->second.second != table.values.size()) {
            return fail(item, "'" + name_of_value + "' names two " + name + " values");
          }
        }
        table.values.push_back(std::move(value));
      }
      for (const FacetValue& value : table.values) {
        if (!value.parent.empty() && !taxonomy.find(*facet, value.parent)) {
          return Error{ErrorCode::kParse, origin + ": parent '" + value.parent + "' of '" +
                                              value.value + "' is not a " + name + " value"};
        }
      }
    }
  } catch (const YAML::Exception& e) {
    return Error{ErrorCode::kParse, origin + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
  taxonomy.build_phrases();
  return taxonomy;
}

const FacetValue* Taxonomy::find(Facet facet, std::string_view name) const {
  // by_key_ holds each folded name once, for the first facet that uses it; look a facet's own
  // values up directly when the shared key belongs to another facet.
  std::string key = fold_name(name);
  auto it = by_key_.find(key);
  // No facet has the name: the common case for sources, an open facet, whose values are looked
  // up for every search's facet counts.
  if (it == by_key_.end()) return nullptr;
  if (it->second.first == facet) return &values(facet)[it->second.second];
  for (const FacetValue& value : values(facet)) {
    if (fold_name(value.value) == key) return &value;
    for (const auto& alias : value.aliases)
      if (fold_name(alias) == key) return &value;
    for (const auto& abbreviation : value.abbreviations)
      if (fold_name(abbreviation) == key) return &value;
  }
  return nullptr;
}

std::vector<std::string> Taxonomy::with_ancestors(Facet facet, const std::string& value) const {
  std::vector<std::string> chain{value};
  const FacetValue* current = find(facet, value);
  while (current && !current->parent.empty() && chain.size() < 16) {
    current = find(facet, current->parent);
    if (!current || std::find(chain.begin(), chain.end(), current->value) != chain.end()) break;
    chain.push_back(current->value);
  }
  return chain;
}

void Taxonomy::build_phrases() {
  Analyzer analyzer;
  std::vector<Token> tokens;
  for (Facet facet : kAllFacets) {
    const auto& table = facets_[index(facet)];
    for (size_t i = 0; i < table.values.size(); ++i) {
      const FacetValue& value = table.values[i];
      enum Kind { kName, kAbbreviation, kCue };
      auto add = [&](const std::string& name, Kind kind) {
        tokens.clear();
        analyzer.analyze(name, 0, tokens);
        AliasPhrase phrase{
            facet, i, {}, kind == kAbbreviation ? name : std::string(), kind == kCue};
        for (const Token& token : tokens) {
          if (token.kind != TokenKind::kCompoundJoin) phrase.terms.push_back(token.term);
        }
        if (phrase.terms.empty()) return;
        bool duplicate = std::any_of(phrases_.begin(), phrases_.end(), [&](const AliasPhrase& p) {
          return p.facet == facet && p.value_index == i && p.terms == phrase.terms &&
                 p.exact_text == phrase.exact_text && p.cue == phrase.cue;
        });
        if (!duplicate) phrases_.push_back(std::move(phrase));
      };
      add(value.value, kName);
      for (const auto& alias : value.aliases) add(alias, kName);
      for (const auto& abbreviation : value.abbreviations) add(abbreviation, kAbbreviation);
      for (const auto& cue : value.cues) add(cue, kCue);
    }
  }
  // Longest phrases first, so match_at reports "social anxiety disorder" before "anxiety".
  std::stable_sort(
      phrases_.begin(), phrases_.end(),
      [](const AliasPhrase& a, const AliasPhrase& b) { return a.terms.size() > b.terms.size(); });
  for (size_t i = 0; i < phrases_.size(); ++i)
    phrases_by_first_term_.emplace(phrases_[i].terms[0], i);
}

void Taxonomy::match_at(const std::vector<Token>& tokens, size_t i, std::string_view text,
                        MatchFor use, std::vector<AliasMatch>& out) const {
  if (tokens[i].kind == TokenKind::kCompoundJoin) return;
  auto [begin, end] = phrases_by_first_term_.equal_range(tokens[i].term);
  std::vector<size_t> candidates;
  for (auto it = begin; it != end; ++it) candidates.push_back(it->second);
  std::sort(candidates.begin(), candidates.end());  // phrases_ order: longest first
  for (size_t index : candidates) {
    const AliasPhrase& phrase = phrases_[index];
    if (phrase.cue && use == MatchFor::kQuery) continue;
    // Walk the phrase's terms over consecutive word positions, stepping over compound joins.
    size_t t = i, matched = 0;
    while (t < tokens.size() && matched < phrase.terms.size()) {
      if (tokens[t].kind == TokenKind::kCompoundJoin) {
        ++t;
        continue;
      }
      if (tokens[t].term != phrase.terms[matched]) break;
      ++matched;
      ++t;
    }
    if (matched != phrase.terms.size()) continue;
    if (t < tokens.size() && tokens[t].kind == TokenKind::kCompoundJoin &&
        tokens[t].position == tokens[t - 1].position) {
      ++t;  // the join of a compound the phrase ends with belongs to the match
    }
    if (!phrase.exact_text.empty() && use == MatchFor::kText) {
      std::string_view written = text.substr(tokens[i].begin, tokens[t - 1].end - tokens[i].begin);
      if (written != phrase.exact_text) continue;
    }
    out.push_back(AliasMatch{&phrase, i, t - i});
  }
}

std::vector<const AliasPhrase*> Taxonomy::phrases_of(Facet facet, size_t value_index) const {
  std::vector<const AliasPhrase*> out;
  for (const AliasPhrase& phrase : phrases_) {
    if (phrase.facet == facet && phrase.value_index == value_index && !phrase.cue)
      out.push_back(&phrase);
  }
  return out;
}

namespace {

// Edits between two short strings, a swap of neighbours counting as one ("PTDS" is one from
// "PTSD"): the optimal string alignment distance.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

const FacetValue* Taxonomy::nearest(Facet facet, std::string_view name) const {
  std::string key = fold_name(name);
  const FacetValue* best = nullptr;
  size_t best_distance = std::max<size_t>(1, key.size() / 3) + 1;
  for (const FacetValue& value : values(facet)) {
    std::vector<std::string> names = value.aliases;
    names.push_back(value.value);
    names.insert(names.end(), value.abbreviations.begin(), value.abbreviations.end());
    for (const std::string& candidate : names) {
      size_t distance = edit_distance(key, fold_name(candidate));
      if (distance < best_distance) {
        best_distance = distance;
        best = &value;
      }
    }
  }
  return best;
}

}  // namespace kestrel
