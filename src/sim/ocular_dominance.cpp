#include "plastix/sim/ocular_dominance.hpp"

#include <algorithm>
#include <cmath>

#include "plastix/synapse/projection.hpp"

namespace plastix {

ocular_dominance_snapshot ocular_dominance_now(const projection& proj, std::uint32_t first_eye, double t_ms) {
  const std::size_t n = proj.post().size();
  ocular_dominance_snapshot s{t_ms, std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  const auto w = proj.weights();
  const auto post = proj.post_index();
  const auto n_pre = static_cast<std::uint32_t>(proj.pre().size());
  for (std::uint32_t j = 0; j < n_pre; ++j) {
    std::vector<double>& eye = j < first_eye ? s.w_contra : s.w_ipsi;
    for (std::uint32_t k = proj.row_begin(j); k < proj.row_end(j); ++k) eye[post[k]] += w[k];
  }
  return s;
}

double ocular_dominance_index(double w_contra, double w_ipsi) {
  const double total = w_contra + w_ipsi;
  return total > 0.0 ? (w_contra - w_ipsi) / total : 0.0;
}

int ocular_dominance_class(double odi) {
  return 1 + std::clamp(static_cast<int>(std::floor((1.0 - odi) * 3.5)), 0, 6);
}

void ocular_dominance_analysis(const analysis_spec& a, const std::vector<ocular_dominance_snapshot>& snapshots,
                               run_results& results) {
  table t;
  t.columns = {"phase", "t_s", "odi_mean", "odi_sd", "w_contra", "w_ipsi"};
  for (int c = 1; c <= 7; ++c) t.columns.push_back("class_" + std::to_string(c));
  t.data.resize(t.columns.size());
  for (std::size_t k = 0; k < snapshots.size(); ++k) {
    const ocular_dominance_snapshot& s = snapshots[k];
    const std::size_t n = s.w_contra.size();
    double sum = 0.0, sum_sq = 0.0, contra = 0.0, ipsi = 0.0;
    std::vector<double> classes(7, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double odi = ocular_dominance_index(s.w_contra[i], s.w_ipsi[i]);
      sum += odi;
      sum_sq += odi * odi;
      contra += s.w_contra[i];
      ipsi += s.w_ipsi[i];
      classes[static_cast<std::size_t>(ocular_dominance_class(odi) - 1)] += 1.0;
    }
    const double count = std::max<double>(1.0, static_cast<double>(n));
    const double mean = sum / count;
    const double row[] = {static_cast<double>(k), s.t_ms * 1e-3, mean,
                          std::sqrt(std::max(0.0, sum_sq / count - mean * mean)), contra / count, ipsi / count};
    for (std::size_t c = 0; c < 6; ++c) t.data[c].push_back(row[c]);
    for (std::size_t c = 0; c < 7; ++c) t.data[6 + c].push_back(classes[c] / count);
  }
  if (!snapshots.empty()) {
    results.metrics["odi_mean_start"] = t.data[2].front();
    results.metrics["odi_mean_end"] = t.data[2].back();
  }
  results.tables[a.table] = std::move(t);
}

}  // namespace plastix
