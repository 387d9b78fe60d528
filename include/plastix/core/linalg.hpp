// Small dense linear algebra for symmetric matrices (covariances of rate inputs, their principal components).
// Meant for matrices of up to a few hundred rows; row-major std::vector storage, no dependencies.
#pragma once
#include <cstddef>
#include <vector>

namespace plastix {

// A dense n×n matrix, row-major: m[i·n + j].
struct square_matrix {
  std::size_t n = 0;
  std::vector<double> m;
  square_matrix() = default;
  explicit square_matrix(std::size_t size) : n(size), m(size * size, 0.0) {}
  double& operator()(std::size_t i, std::size_t j) { return m[i * n + j]; }
  double operator()(std::size_t i, std::size_t j) const { return m[i * n + j]; }
};

// Lower-triangular L with L·Lᵀ = a, for a symmetric positive semidefinite a: pivots within `tolerance`·max|a_ii|
// of zero give zero columns (a singular but valid covariance). Returns false when a is not positive semidefinite
// (a pivot below −tolerance·max|a_ii|).
bool cholesky_psd(const square_matrix& a, square_matrix& l, double tolerance = 1e-10);

// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: eigenvalues in descending order, and
// eigenvectors[k] the unit eigenvector of eigenvalues[k].
struct symmetric_eigen {
  std::vector<double> eigenvalues;
  std::vector<std::vector<double>> eigenvectors;
};
symmetric_eigen eigen_symmetric(const square_matrix& a);

}  // namespace plastix
