#include "plastix/core/linalg.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace plastix {

bool cholesky_psd(const square_matrix& a, square_matrix& l, double tolerance) {
  const std::size_t n = a.n;
  l = square_matrix(n);
  double scale = 0.0;
  for (std::size_t i = 0; i < n; ++i) scale = std::max(scale, std::abs(a(i, i)));
  const double eps = tolerance * std::max(scale, 1e-300);
  for (std::size_t j = 0; j < n; ++j) {
    double d = a(j, j);
    for (std::size_t k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
    if (d < -eps) return false;
    if (d <= eps) {
      // A (numerically) zero pivot: the rest of this column must vanish too, else a is indefinite.
      for (std::size_t i = j + 1; i < n; ++i) {
        double s = a(i, j);
        for (std::size_t k = 0; k < j; ++k) s -= l(i, k) * l(j, k);
        if (std::abs(s) > std::sqrt(eps) * std::sqrt(scale)) return false;
      }
      continue;
    }
    const double root = std::sqrt(d);
    l(j, j) = root;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = a(i, j);
      for (std::size_t k = 0; k < j; ++k) s -= l(i, k) * l(j, k);
      l(i, j) = s / root;
    }
  }
  return true;
}

symmetric_eigen eigen_symmetric(const square_matrix& input) {
  const std::size_t n = input.n;
  square_matrix a = input, v(n);
  for (std::size_t i = 0; i < n; ++i) v(i, i) = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, total = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) (i == j ? total : off) += a(i, j) * a(i, j);
    if (off <= 1e-30 * (total + off) || off == 0.0) break;
    for (std::size_t p = 0; p + 1 < n; ++p) {
      for (std::size_t q = p + 1; q < n; ++q) {
        const double apq = a(p, q);
        if (apq == 0.0) continue;
        // Rotation that zeroes a(p, q) (Golub & Van Loan, Algorithm 8.4.1).
        const double theta = (a(q, q) - a(p, p)) / (2.0 * apq);
        const double t = (theta >= 0.0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {
          const double akp = a(k, p), akq = a(k, q);
          a(k, p) = c * akp - s * akq;
          a(k, q) = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double apk = a(p, k), aqk = a(q, k);
          a(p, k) = c * apk - s * aqk;
          a(q, k) = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < n; ++k) {
          const double vkp = v(k, p), vkq = v(k, q);
          v(k, p) = c * vkp - s * vkq;
          v(k, q) = s * vkp + c * vkq;
        }
      }
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a(x, x) > a(y, y); });
  symmetric_eigen out;
  for (std::size_t k : order) {
    out.eigenvalues.push_back(a(k, k));
    std::vector<double> vec(n);
    for (std::size_t i = 0; i < n; ++i) vec[i] = v(i, k);
    out.eigenvectors.push_back(std::move(vec));
  }
  return out;
}

}  // namespace plastix
