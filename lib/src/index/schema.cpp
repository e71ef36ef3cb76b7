#include "index/schema.h"

#include <algorithm>
#include <array>

#include "kestrel/analyzer.h"

namespace kestrel::schema {
namespace {

// Slots are stored on disk: never renumber, only append (and bump kSchemaVersion).
constexpr std::array<FieldSpec, 12> kFields = {{
    // field                name           prefix  slot     facet  multi  text
    {Field::kId, "id", "Q", 0, false, false, false},
    {Field::kTitle, "title", "S", kNoSlot, false, false, true},
    {Field::kBody, "body", "", 7, false, false, true},  // slot: stored_body.h
    {Field::kCondition, "condition", "XC:", 1, true, true, false},
    {Field::kRoute, "route", "XR:", 2, true, true, false},
    {Field::kSource, "source", "XS:", 3, true, false, false},
    {Field::kPublished, "published", "", 4, false, false, false},
    {Field::kContentHash, "content_hash", "", 5, false, false, false},
    {Field::kOrigin, "origin", "", 6, false, false, false},
    {Field::kStudy, "study", "XT:", 8, true, false, false},
    {Field::kEvidence, "evidence", "", 9, false, false, false},
    {Field::kTitleLength, "title_length", "", 10, false, false, false},
}};

}  // namespace

const FieldSpec& spec(Field field) {
  return kFields[static_cast<size_t>(field)];
}

const FieldSpec& spec(Facet facet) {
  switch (facet) {
    case Facet::kCondition:
      return spec(Field::kCondition);
    case Facet::kRoute:
      return spec(Field::kRoute);
    case Facet::kSource:
      return spec(Field::kSource);
    case Facet::kStudy:
      return spec(Field::kStudy);
  }
  return spec(Field::kCondition);
}

std::vector<std::string_view> split_values(std::string_view joined) {
  std::vector<std::string_view> values;
  for (size_t start = 0; start <= joined.size();) {
    size_t stop = std::min(joined.find(kValueSeparator, start), joined.size());
    if (stop > start) values.push_back(joined.substr(start, stop - start));
    start = stop + 1;
  }
  return values;
}

int year_of(std::string_view date) {
  if (date.size() < 4) return 0;
  int year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return 0;
    year = year * 10 + (date[i] - '0');
  }
  return year;
}

std::string facet_term(Facet facet, std::string_view value) {
  std::string term(spec(facet).prefix);
  term.append(value);
  return term;
}

std::string title_length_value(size_t words) {
  return Xapian::sortable_serialise(static_cast<double>(words));
}

std::string id_term(std::string_view id) {
  std::string term(spec(Field::kId).prefix);
  term.append(id);
  return term;
}

void write_versions(Xapian::WritableDatabase& db) {
  db.set_metadata(meta::kSchemaVersion, std::to_string(kSchemaVersion));
  db.set_metadata(meta::kAnalyzerVersion, std::to_string(kAnalyzerVersion));
}

Status check_versions(const Xapian::Database& db, const std::string& index_dir) {
  std::string schema_version = db.get_metadata(meta::kSchemaVersion);
  std::string analyzer_version = db.get_metadata(meta::kAnalyzerVersion);
  if (schema_version == std::to_string(kSchemaVersion) &&
      analyzer_version == std::to_string(kAnalyzerVersion)) {
    return Status::Ok();
  }
  return Error{ErrorCode::kIndexVersion,
               index_dir + ": index has schema version " +
                   (schema_version.empty() ? "?" : schema_version) + " and analyzer version " +
                   (analyzer_version.empty() ? "?" : analyzer_version) + "; this program uses " +
                   std::to_string(kSchemaVersion) + " and " + std::to_string(kAnalyzerVersion) +
                   ": run kestrel-index --rebuild"};
}

}  // namespace kestrel::schema

namespace kestrel {

std::string_view facet_name(Facet facet) {
  return schema::spec(facet).name;
}

std::optional<Facet> facet_from_name(std::string_view name) {
  for (Facet facet : kAllFacets) {
    if (facet_name(facet) == name) return facet;
  }
  return std::nullopt;
}

}  // namespace kestrel
