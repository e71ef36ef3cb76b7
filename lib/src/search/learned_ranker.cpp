#include "search/learned_ranker.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <filesystem>

namespace kestrel {

extern const std::string_view kShippedRankerModel;  // ranker_model.cpp, generated

struct LearnedRanker::Booster {
  BoosterHandle handle = nullptr;
  ~Booster() {
    if (handle) XGBoosterFree(handle);
  }
};

namespace {

// XGBoosterPredict's option mask: plain scores, or each feature's contribution.
constexpr int kScores = 0, kContributions = 4;

struct Matrix {
  DMatrixHandle handle = nullptr;
  ~Matrix() {
    if (handle) XGDMatrixFree(handle);
  }
};

}  // namespace

LearnedRanker::LearnedRanker(std::unique_ptr<Booster> booster) : booster_(std::move(booster)) {}
LearnedRanker::LearnedRanker(LearnedRanker&&) noexcept = default;
LearnedRanker& LearnedRanker::operator=(LearnedRanker&&) noexcept = default;
LearnedRanker::~LearnedRanker() = default;

template <typename Read>
Result<LearnedRanker> LearnedRanker::make(const std::string& name, Read read) {
  auto booster = std::make_unique<Booster>();
  auto fail = [&](const std::string& why) {
    return Error{ErrorCode::kCorrupt, name + ": not a ranker model: " + why};
  };
  if (XGBoosterCreate(nullptr, 0, &booster->handle) != 0) return fail(XGBGetLastError());
  // One thread: a Searcher serves one request at a time, and the server has a Searcher a thread.
  XGBoosterSetParam(booster->handle, "nthread", "1");
  if (read(booster->handle) != 0) return fail(XGBGetLastError());
  bst_ulong features = 0;
  if (XGBoosterGetNumFeature(booster->handle, &features) != 0) return fail(XGBGetLastError());
  if (features != kRerankFeatureCount) {
    return fail("it takes " + std::to_string(features) + " features; this program computes " +
                std::to_string(kRerankFeatureCount) + " (retrain: benchmarks/ltr/run)");
  }
  return LearnedRanker(std::move(booster));
}

Result<LearnedRanker> LearnedRanker::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Error{ErrorCode::kNotFound, path + ": no ranker model there"};
  return make(path, [&](BoosterHandle handle) { return XGBoosterLoadModel(handle, path.c_str()); });
}

Result<LearnedRanker> LearnedRanker::shipped() {
  return make("the shipped ranker model", [](BoosterHandle handle) {
    return XGBoosterLoadModelFromBuffer(handle, kShippedRankerModel.data(),
                                        kShippedRankerModel.size());
  });
}

Result<std::vector<float>> LearnedRanker::predict(const std::vector<RerankFeatures>& rows,
                                                  int mask) const {
  if (rows.empty()) return std::vector<float>{};
  Matrix matrix;
  if (XGDMatrixCreateFromMat(rows[0].data(), rows.size(), kRerankFeatureCount, NAN,
                             &matrix.handle) != 0)
    return Error{ErrorCode::kInternal, std::string("ranker: ") + XGBGetLastError()};
  bst_ulong length = 0;
  const float* out = nullptr;
  if (XGBoosterPredict(booster_->handle, matrix.handle, mask, 0, 0, &length, &out) != 0)
    return Error{ErrorCode::kInternal, std::string("ranker: ") + XGBGetLastError()};
  return std::vector<float>(out, out + length);
}

Result<std::vector<float>> LearnedRanker::scores(const std::vector<RerankFeatures>& rows) const {
  return predict(rows, kScores);
}

Result<std::vector<std::vector<float>>> LearnedRanker::contributions(
    const std::vector<RerankFeatures>& rows) const {
  Result<std::vector<float>> flat = predict(rows, kContributions);
  if (!flat) return flat.error();
  std::vector<std::vector<float>> out;
  size_t width = kRerankFeatureCount + 1;  // and the bias
  for (size_t r = 0; r < rows.size(); ++r)
    out.emplace_back(flat->begin() + static_cast<long>(r * width),
                     flat->begin() + static_cast<long>((r + 1) * width));
  return out;
}

}  // namespace kestrel
