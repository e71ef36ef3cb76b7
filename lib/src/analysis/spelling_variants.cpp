#include "analysis/spelling_variants.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace kestrel {
namespace {

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Words whose "-our" is British: the rule cannot be general ("four", "hour", "journal", "source").
constexpr std::array<std::string_view, 24> kOurStems = {
    "behaviour", "colour",  "favour",  "flavour", "honour",  "humour",    "labour",  "neighbour",
    "rumour",    "tumour",  "vapour",  "odour",   "harbour", "vigour",    "rigour",  "armour",
    "endeavour", "fervour", "candour", "savour",  "clamour", "splendour", "parlour", "valour"};

// "-ise" words that are spelled so in American English too, so "-is-" must not become "-iz-".
constexpr std::array<std::string_view, 47> kIseWords = {
    "advertis",  "advis",    "aris",       "chastis",   "compris",  "compromis", "demis",
    "despis",    "devis",    "disguis",    "enterpris", "excis",    "exercis",   "expertis",
    "franchis",  "improvis", "merchandis", "nois",      "otherwis", "paradis",   "pois",
    "prais",     "premis",   "promis",     "rais",      "revis",    "ris",       "supervis",
    "surmis",    "surpris",  "televis",    "treatis",   "wis",      "clockwis",  "concis",
    "precis",    "cruis",    "bruis",      "anis",      "mortis",   "valis",     "vis",
    "circumcis", "incis",    "likewis",    "cerebris",  "pennywis"};

// Greek and Latin "ae"/"oe" spellings of medical words, by prefix.
constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kClassicalPrefixes = {{
    {"anaesth", "anesth"},
    {"haem", "hem"},
    {"haematolog", "hematolog"},
    {"anaemi", "anemi"},
    {"leukaem", "leukem"},
    {"ischaem", "ischem"},
    {"paediatr", "pediatr"},
    {"orthopaed", "orthoped"},
    {"oesophag", "esophag"},
    {"oedem", "edem"},
    {"oestr", "estr"},
    {"foet", "fet"},
    {"diarrhoe", "diarrhe"},
    {"gynaecolog", "gynecolog"},
    {"coeliac", "celiac"},
    {"dyspnoe", "dyspne"},
    {"aetiolog", "etiolog"},
    {"faec", "fec"},
    {"caesar", "cesar"},
    {"hypoglycaem", "hypoglycem"},
    {"hyperglycaem", "hyperglycem"},
    {"septicaem", "septicem"},
}};

// Doubled "l" before a suffix in British English ("modelling", "signalling", "labelled").
constexpr std::array<std::string_view, 10> kDoubleLStems = {
    "modell",   "signall", "labell", "travell",  "cancell",
    "counsell", "fuell",   "levell", "channell", "tunnell"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kWholeWords = {{
    {"programme", "program"},
    {"programmes", "programs"},
    {"centre", "center"},
    {"centres", "centers"},
    {"fibre", "fiber"},
    {"fibres", "fibers"},
    {"litre", "liter"},
    {"litres", "liters"},
    {"catalogue", "catalog"},
}};

// "-ise", "-ised", "-ising", "-isation", ... -> "-ize", ...; "-yse" -> "-yze".
void americanise_ise(std::string& word) {
  static constexpr std::array<std::string_view, 9> kSuffixes = {
      "isations", "isation", "ising", "ised", "ises", "iser", "isers", "ise", "isable"};
  for (std::string_view suffix : kSuffixes) {
    if (!ends_with(word, suffix) || word.size() < suffix.size() + 3) continue;
    std::string_view root(word.data(), word.size() - suffix.size() + 2);  // up to "...is"
    if (std::find(kIseWords.begin(), kIseWords.end(), root) != kIseWords.end()) return;
    // "-yse" (analyse, paralyse, catalyse, dialyse) becomes "-yze" like "-ise" becomes "-ize".
    word[word.size() - suffix.size() + 1] = 'z';
    return;
  }
  static constexpr std::array<std::string_view, 5> kYseSuffixes = {"yse", "ysed", "yses", "ysing",
                                                                   "yser"};
  for (std::string_view suffix : kYseSuffixes) {
    if (ends_with(word, suffix) && word.size() >= suffix.size() + 3 &&
        (ends_with(std::string_view(word).substr(0, word.size() - suffix.size() + 1), "ly"))) {
      word[word.size() - suffix.size() + 1] = 'z';
      return;
    }
  }
}

}  // namespace

void americanise(std::string& word) {
  if (word.size() < 4) return;
  for (const auto& [british, american] : kWholeWords) {
    if (word == british) {
      word = american;
      return;
    }
  }
  for (std::string_view stem : kOurStems) {
    if (starts_with(word, stem)) {
      word.erase(stem.size() - 2, 1);  // "behaviour..." -> "behavior..."
      return;
    }
  }
  for (const auto& [british, american] : kClassicalPrefixes) {
    if (starts_with(word, british)) {
      word.replace(0, british.size(), american);
      break;
    }
  }
  for (std::string_view stem : kDoubleLStems) {
    if (starts_with(word, stem) && word.size() > stem.size()) {
      word.erase(stem.size() - 1, 1);  // "modelling" -> "modeling"
      return;
    }
  }
  americanise_ise(word);
}

}  // namespace kestrel
