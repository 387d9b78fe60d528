// Parameters of the rate populations: checks and the covariance generator (spec/neurons/rate.hpp).
#include "plastix/spec/neurons/rate.hpp"

#include <fmt/format.h>

#include <cmath>

namespace plastix {

namespace {

// What both rate sources declare: the time between new rates and the rate shown, x.
template <class P>
declaration<P>& rate_source(declaration<P>& d, const char* interval_doc, const char* x_doc) {
  return d.quantity("interval", &P::interval, dimension::time, bounds::positive(), interval_doc)
      .state("x", state_scope::per_neuron, dimension::dimensionless, x_doc);
}

// The check of a rate source's interval (also not infinite); "" when it holds.
std::string interval_problem(double interval) {
  if (interval > 0.0 && std::isfinite(interval)) return "";
  return fmt::format("interval must be > 0 ms, got {} ms", interval);
}

}  // namespace

const declaration<rate_unit_params>& rate_unit_params::declare() {
  using P = rate_unit_params;
  static const auto d =
      declaration<P>("neuron model", "rate", "rate unit: tau dy/dt = -y + f(h + bias), h the summed weighted input")
          .quantity("tau", &P::tau, dimension::time, bounds::non_negative(), "time constant (0 = instantaneous)")
          .choice("transfer", &P::f, {"linear", "relu", "sigmoid"}, "the transfer function f")
          .number("gain", &P::gain, bounds::positive(), "slope of f")
          .number("threshold", &P::threshold, bounds::any(), "threshold of relu and sigmoid")
          .number("y_max", &P::y_max, bounds::positive(), "sigmoid: maximal output")
          .number("bias", &P::bias, bounds::any(), "added to the input")
          .state("y", state_scope::per_neuron, dimension::dimensionless, "output rate")
          .state("h", state_scope::per_neuron, dimension::dimensionless, "summed weighted input");
  return d;
}

const declaration<rate_patterns_source_params>& rate_patterns_source_params::declare() {
  using P = rate_patterns_source_params;
  static const auto d = [] {
    declaration<P> d("source", "rate_patterns", "rate patterns shown one after another");
    d.extra("patterns", value_type::number, dimension::dimensionless, bounds::any(),
            "one list of rates per pattern, e.g. [[1, 0, 0], [0, 1, 1]]; sets the size");
    rate_source(d, "presentation time of each pattern", "the rate shown")
        .choice("order", &P::order, {"random", "cycle"}, "order of the patterns");
    return d;
  }();
  return d;
}

const declaration<rate_gaussian_source_params>& rate_gaussian_source_params::declare() {
  using P = rate_gaussian_source_params;
  static const auto d = [] {
    declaration<P> d("source", "rate_gaussian", "zero-mean Gaussian rates with a given covariance, resampled");
    d.extra("covariance", value_type::number, dimension::dimensionless, bounds::any(),
            "a matrix [[1, 0.5], [0.5, 1]] or a generator { groups = [5, 5], correlation = [0.8, 0.4], "
            "between = 0, sd = 1 }; sets the size");
    return rate_source(d, "time between samples", "the current sample");
  }();
  return d;
}

std::string validate_params(const rate_unit_params& p) {
  const auto problems = rate_unit_params::declare().problems(p);
  if (problems.empty()) return "";
  if (problems.front().key == "tau") return problems.front().message + " (0 = instantaneous)";
  return problems.front().message;
}

std::string validate_params(const rate_patterns_source_params& p) {
  if (p.patterns.empty()) return "patterns must hold at least one pattern, e.g. patterns = [[1, 0], [0, 1]]";
  for (std::size_t k = 0; k < p.patterns.size(); ++k) {
    if (p.patterns[k].size() != p.patterns[0].size()) {
      return fmt::format("patterns must all have the same length: pattern {} has {} values, pattern 0 has {}", k,
                         p.patterns[k].size(), p.patterns[0].size());
    }
    for (double v : p.patterns[k])
      if (!std::isfinite(v)) return fmt::format("patterns must be finite numbers; pattern {} holds {}", k, v);
  }
  return interval_problem(p.interval);
}

std::size_t rate_gaussian_size(const rate_gaussian_source_params& p) {
  if (!p.covariance.empty()) return p.covariance.size();
  std::size_t n = 0;
  for (std::size_t s : p.groups.sizes) n += s;
  return n;
}

square_matrix rate_gaussian_covariance(const rate_gaussian_source_params& p) {
  const std::size_t n = rate_gaussian_size(p);
  square_matrix c(n);
  if (!p.covariance.empty()) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n && j < p.covariance[i].size(); ++j) c(i, j) = p.covariance[i][j];
    return c;
  }
  std::vector<std::size_t> group(n);
  for (std::size_t g = 0, i = 0; g < p.groups.sizes.size(); ++g)
    for (std::size_t k = 0; k < p.groups.sizes[g]; ++k) group[i++] = g;
  const double var = p.groups.sd * p.groups.sd;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double r = i == j ? 1.0
                       : group[i] == group[j] ? (group[i] < p.groups.correlation.size() ? p.groups.correlation[group[i]] : 0.0)
                                              : p.groups.between;
      c(i, j) = var * r;
    }
  }
  return c;
}

std::string validate_params(const rate_gaussian_source_params& p) {
  if (std::string e = interval_problem(p.interval); !e.empty()) return e;
  if (!p.covariance.empty()) {
    const std::size_t n = p.covariance.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (p.covariance[i].size() != n)
        return fmt::format("covariance must be a square matrix: row {} has {} values for {} rows", i,
                           p.covariance[i].size(), n);
      for (std::size_t j = 0; j < n; ++j) {
        const double v = p.covariance[i][j];
        if (!std::isfinite(v)) return fmt::format("covariance must hold finite numbers; element [{}][{}] is {}", i, j, v);
        if (j < i && std::abs(v - p.covariance[j][i]) > 1e-12 * (std::abs(v) + std::abs(p.covariance[j][i])))
          return fmt::format("covariance must be symmetric: element [{}][{}] = {} but [{}][{}] = {}", i, j, v, j, i,
                             p.covariance[j][i]);
      }
      if (p.covariance[i][i] < 0.0)
        return fmt::format("covariance must have variances >= 0 on its diagonal; element [{}][{}] is {}", i, i,
                           p.covariance[i][i]);
    }
  } else {
    const rate_correlated_groups& g = p.groups;
    if (g.sizes.empty()) return "covariance must be a matrix or a generator such as { groups = [5, 5], correlation = [0.8, 0.4] }";
    for (std::size_t s : g.sizes)
      if (s == 0) return "covariance: every group size must be > 0";
    if (g.correlation.size() != g.sizes.size())
      return fmt::format("covariance: expected one correlation per group ({}), got {}", g.sizes.size(), g.correlation.size());
    for (double r : g.correlation)
      if (!(r >= -1.0 && r <= 1.0)) return fmt::format("covariance: correlations must be in [-1, 1], got {}", r);
    if (!(g.between >= -1.0 && g.between <= 1.0))
      return fmt::format("covariance: between must be in [-1, 1], got {}", g.between);
    if (!(g.sd >= 0.0) || !std::isfinite(g.sd)) return fmt::format("covariance: sd must be >= 0, got {}", g.sd);
  }
  square_matrix l;
  if (!cholesky_psd(rate_gaussian_covariance(p), l))
    return "covariance is not positive semidefinite, so it is not the covariance of any input; check the "
           "correlations (e.g. a negative between-group correlation that is too strong)";
  return "";
}

}  // namespace plastix
