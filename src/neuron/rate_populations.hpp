// Rate populations (private to the library; built by make_population): rate units and rate sources.
#pragma once
#include <cstdint>
#include <vector>

#include "plastix/neuron/population.hpp"
#include "plastix/neuron/rate.hpp"

namespace plastix {

// Rate units: y = f(h) or τ dy/dt = −y + f(h), with h the input rate projections added before update().
class rate_unit_population final : public population {
 public:
  rate_unit_population(std::string name, std::size_t n, std::uint32_t index, const rate_unit::params& p);
  const char* model_name() const override { return rate_unit::name; }
  bool is_rate() const override { return true; }
  std::span<const double> rates() const override { return y_; }
  std::span<double> rate_input() override { return input_sum_; }
  void update(const step_context& ctx) override;

  std::vector<std::string> variables() const override { return {"y", "h"}; }
  void state_columns(std::vector<state_column>& out) const override {
    out.push_back({0, y_});
    out.push_back({1, h_});
  }
  double sample(int variable_id, std::size_t neuron) const override;
  void set_state(int variable_id, std::size_t neuron, double value) override;
  const rate_unit::params& params() const { return p_; }

 protected:
  void visit_model_state(state_visitor& v) override {
    v.fixed("y", y_);
    v.fixed("h", h_);
    v.fixed("input_sum", input_sum_);
  }
  // Silenced (block_spikes, lesion): y = 0 this step; with τ > 0, y relaxes from 0 once the block ends.
  void silence_rate(std::uint32_t i) override { y_[i] = 0.0; }

 private:
  rate_unit::params p_;
  std::vector<double> y_;          // output [1]
  std::vector<double> h_;          // total input of the last step, bias included [1]
  std::vector<double> input_sum_;  // Σ w·x added by rate projections in the current step [1]
  double decay_ = 0.0, decay_dt_ = -1.0;  // e^{−dt/τ} for dt = decay_dt_
};

// Shared part of the rate sources: an output column x, no input.
class rate_source_population : public population {
 public:
  rate_source_population(std::string name, std::size_t n, std::uint32_t index);
  bool is_source() const override { return true; }
  bool is_rate() const override { return true; }
  std::span<const double> rates() const override { return x_; }
  std::vector<std::string> variables() const override { return {"x"}; }
  void state_columns(std::vector<state_column>& out) const override { out.push_back({0, x_}); }
  double sample(int variable_id, std::size_t neuron) const override;
  void set_state(int variable_id, std::size_t neuron, double value) override;

 protected:
  void visit_model_state(state_visitor& v) override {
    v.fixed("x", x_);
    v.scalar("current", current_);
  }
  // Silenced (block_spikes, lesion): x = 0 this step; the presentation is shown again from the next step on
  // (current_ = −1), so that a neuron whose block ends shows the value of the presentation under way.
  void silence_rate(std::uint32_t i) override {
    x_[i] = 0.0;
    current_ = -1;
  }
  // The presentation (sample) index of this step, and whether it changed since the last call.
  bool next_presentation(const step_context& ctx, double interval, std::uint64_t& k);
  std::vector<double> x_;  // output [1]
  std::int64_t current_ = -1;
};

class rate_patterns_population final : public rate_source_population {
 public:
  rate_patterns_population(std::string name, std::size_t n, std::uint32_t index, rate_patterns_source::params p);
  const char* model_name() const override { return rate_patterns_source::name; }
  void update(const step_context& ctx) override;

 private:
  rate_patterns_source::params p_;
};

class rate_gaussian_population final : public rate_source_population {
 public:
  rate_gaussian_population(std::string name, std::size_t n, std::uint32_t index, rate_gaussian_source::params p);
  const char* model_name() const override { return rate_gaussian_source::name; }
  void update(const step_context& ctx) override;

 private:
  rate_gaussian_source::params p_;
  square_matrix l_;        // Cholesky factor of the covariance
  std::vector<double> z_;  // scratch: standard normal sample
};

}  // namespace plastix
