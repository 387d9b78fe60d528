#include "plastix/sim/finite_guard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plastix/core/finite.hpp"
#include "plastix/plasticity/equations.hpp"
#include "plastix/sim/run_stopped.hpp"

namespace plastix {

namespace {

std::string ms(double t) { return fmt::format("{:.10g} ms", t); }

// A non-finite value as "nan", "inf" or "-inf" (the sign of a NaN means nothing).
std::string text(double x) { return std::isnan(x) ? "nan" : fmt::format("{}", x); }

// "12 of 3200 neurons" / "1 of 3200 neurons"
std::string share(const nonfinite_count& c, std::size_t of, const char* what) {
  return fmt::format("{} of {} {}", c.count, of, what);
}

}  // namespace

finite_guard::finite_guard(const std::vector<std::unique_ptr<population>>& populations,
                           const std::vector<std::unique_ptr<projection>>& projections, double dt)
    : populations_(populations), projections_(projections), dt_(dt) {
  neuron_every_ = std::max<std::int64_t>(1, std::llround(1.0 / dt));  // 1 ms
  std::size_t neuron_values = 0, synapse_values = 0;
  for (const auto& pop : populations_) {
    columns_.clear();
    pop->state_columns(columns_);
    for (const auto& c : columns_) neuron_values += c.values.size();
  }
  for (const auto& proj : projections_) {
    if (proj->rules().empty()) continue;
    // the whole projection's values (MPI, storage shared out: the same checking interval on every process)
    synapse_values += proj->whole_size();
    for (const auto& rule : proj->rules())
      for (const synapse_column* c : rule->synapse_columns()) synapse_values += c->holds_doubles() ? proj->whole_size() : 0;
  }
  const std::size_t ratio = (synapse_values + std::max<std::size_t>(neuron_values, 1) - 1) / std::max<std::size_t>(neuron_values, 1);
  synapse_every_ = neuron_every_ * static_cast<std::int64_t>(std::max<std::size_t>(1, ratio));
  next_neurons_ = neuron_every_;
  next_synapses_ = synapse_every_;
  next_ = std::min(next_neurons_, next_synapses_);
}

bool finite_guard::columns_finite() const {
  if (!pool_ || pool_->size() < 2) {
    for (const auto& c : spans_)
      if (!all_finite(c)) return false;
    return true;
  }
  const std::size_t parts = pool_->size();
  auto& ok = ok_;
  ok.assign(parts * 64, 1);  // per thread, a cache line apart
  pool_->run([&](std::size_t k) {
    for (const auto& c : spans_) {
      const std::size_t from = c.size() * k / parts, to = c.size() * (k + 1) / parts;
      if (!all_finite(c.subspan(from, to - from))) {
        ok[k * 64] = 0;
        return;
      }
    }
  });
  for (std::size_t k = 0; k < parts; ++k)
    if (!ok[k * 64]) return false;
  return true;
}

void finite_guard::add_owned_neurons(std::size_t p, std::span<const double> column) const {
  if (p >= owned_neurons_.size() || column.size() != populations_[p]->size()) return spans_.push_back(column);
  const auto [begin, end] = owned_neurons_[p];
  spans_.push_back(column.subspan(begin, end - begin));
}

void finite_guard::add_owned_synapses(std::size_t j, std::span<const double> column) const {
  if (j >= owned_synapses_.size() || column.size() != projections_[j]->size()) return spans_.push_back(column);
  for (const auto& [begin, end] : owned_synapses_[j]) spans_.push_back(column.subspan(begin, end - begin));
}

bool finite_guard::neurons_finite() const {
  spans_.clear();
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    columns_.clear();
    populations_[p]->state_columns(columns_);  // none for spike sources
    for (const auto& c : columns_) add_owned_neurons(p, c.values);
  }
  return columns_finite();
}

bool finite_guard::synapses_finite(bool all) const {
  spans_.clear();
  for (std::size_t j = 0; j < projections_.size(); ++j) {
    const projection& proj = *projections_[j];
    if (proj.rules().empty() && !all) continue;  // weights without plasticity never change
    add_owned_synapses(j, proj.weights());
    for (const auto& rule : proj.rules())
      for (const synapse_column* c : rule->synapse_columns()) add_owned_synapses(j, c->doubles());
  }
  return columns_finite();
}

void finite_guard::check(std::int64_t step, bool all) {
  const bool neurons = all || step >= next_neurons_;
  const bool synapses = all || step >= next_synapses_;
  if ((neurons && !neurons_finite()) || (synapses && !synapses_finite(all)))
    // With storage shared out the diagnosis needs every process (set_combine): the caller asks for it (stop()).
    throw run_stopped(run_stopped::cause::nonfinite, static_cast<double>(step) * dt_, combine_ ? "" : diagnose(step));
  if (neurons) {
    last_neurons_ = step;
    next_neurons_ = step + neuron_every_;
  }
  if (synapses) {
    last_synapses_ = step;
    next_synapses_ = step + synapse_every_;
  }
  next_ = std::min(next_neurons_, next_synapses_);
}

std::string finite_guard::window(std::int64_t last_ok, std::int64_t step) const {
  const double t = static_cast<double>(step) * dt_;
  if (last_ok < 0) return step == 0 ? "in the initial values" : "between t = 0 ms and t = " + ms(t);
  if (last_ok == step) return "at t = " + ms(t);  // cannot happen: a check that passed saw it finite
  if (last_ok + 1 == step) return fmt::format("in the step from t = {} to t = {}", ms(t - dt_), ms(t));
  return fmt::format("between t = {} and t = {}", ms(static_cast<double>(last_ok) * dt_), ms(t));
}

std::string finite_guard::diagnose(std::int64_t step) const {
  std::vector<std::string> lines;
  for (const auto& pop : populations_) {
    columns_.clear();
    pop->state_columns(columns_);
    const std::vector<std::string> names = pop->variables();
    for (const auto& c : columns_) {
      const nonfinite_count n = count_nonfinite(c.values);
      if (n.count == 0) continue;
      const std::string& var = c.variable < names.size() ? names[c.variable] : "?";
      lines.push_back(fmt::format("population '{}', variable '{}': {} = {} at neuron {} ({} non-finite); it became "
                                  "non-finite {}",
                                  pop->name(), var, var, text(c.values[n.first]), n.first,
                                  share(n, c.values.size(), "neurons"), window(last_neurons_, step)));
    }
  }
  for (const auto& proj : projections_) {
    // What is non-finite in one per-synapse column: with storage shared out, over every process (set_combine).
    const auto find = [&](std::span<const double> values) {
      const nonfinite_count n = count_nonfinite(values);
      found f;
      f.count = n.count;
      if (n.count > 0) {
        const auto s = static_cast<std::uint32_t>(n.first);
        f = {n.count, proj->whole_id(s), values[s], proj->pre_of(s), proj->post_index()[s]};
      }
      return proj->kept_part() && combine_ ? combine_(f) : f;
    };
    const auto synapse = [](const found& f) {
      return fmt::format("synapse {} (pre neuron {} → post neuron {})", f.first, f.pre, f.post);
    };
    const auto of = [&](const found& f) { return fmt::format("{} of {} synapses", f.count, proj->whole_size()); };
    // Weights without plasticity are checked at the start and the end of each phase only; they never change.
    const std::int64_t last_ok = proj->rules().empty() ? -1 : last_synapses_;
    if (const found f = find(proj->weights()); f.count > 0)
      lines.push_back(fmt::format("projection '{}', weight: w = {} at {} ({} non-finite); it became non-finite {}",
                                  proj->name(), text(f.value), synapse(f), of(f), window(last_ok, step)));
    for (const auto& rule : proj->rules()) {
      const auto columns = rule->synapse_columns();
      for (std::size_t k = 0; k < columns.size(); ++k) {
        const std::span<const double> values = columns[k]->doubles();
        const found f = find(values);
        if (f.count == 0) continue;
        const std::string named = equations_column_name(*rule, k);
        const std::string variable = named.empty() ? fmt::format("per-synapse state variable {} of {}", k + 1, columns.size())
                                                   : fmt::format("per-synapse variable '{}'", named);
        lines.push_back(fmt::format("projection '{}', rule '{}', {}: {} at {} ({} non-finite); it became non-finite {}",
                                    proj->name(), rule->name(), variable, text(f.value), synapse(f), of(f),
                                    window(last_synapses_, step)));
      }
    }
  }
  std::string out = fmt::format("a value became NaN or infinite; the run was stopped at t = {}:",
                                ms(static_cast<double>(step) * dt_));
  for (const std::string& line : lines) out += "\n  " + line;
  out += "\n  (often a plasticity rule whose weights run away — a learning rate too large, no upper bound on the "
         "weights — or extreme parameter values)";
  return out;
}

void finite_guard::stop(std::int64_t step) const {
  throw run_stopped(run_stopped::cause::nonfinite, static_cast<double>(step) * dt_, diagnose(step));
}

std::string nonfinite_in_results(const run_results& r) {
  for (const auto& [name, value] : r.metrics)
    if (!std::isfinite(value)) return fmt::format("metric '{}' is {}", name, text(value));
  for (const auto& [name, t] : r.tables)
    for (std::size_t c = 0; c < t.data.size() && c < t.columns.size(); ++c)
      if (const nonfinite_count n = count_nonfinite(t.data[c]); n.count > 0)
        return fmt::format("table '{}', column '{}': row {} is {} ({} non-finite value{})", name, t.columns[c],
                           n.first + 1, text(t.data[c][n.first]), n.count, n.count == 1 ? "" : "s");
  for (const state_record& s : r.states)
    if (const nonfinite_count n = count_nonfinite(s.values); n.count > 0) {
      const std::size_t k = std::max<std::size_t>(1, s.neurons.size());
      return fmt::format("state monitor '{}' ({} of population '{}'): neuron {} is {} at t = {} ({} non-finite "
                         "value{})", s.name, s.variable, s.population, s.neurons.empty() ? 0 : s.neurons[n.first % k],
                         text(s.values[n.first]), ms(n.first / k < s.times.size() ? s.times[n.first / k] : 0.0), n.count,
                         n.count == 1 ? "" : "s");
    }
  for (const weight_record& w : r.weights)
    for (std::size_t i = 0; i < w.values.size(); ++i)
      if (std::isinf(w.values[i])) {
        const std::size_t k = std::max<std::size_t>(1, w.synapses.size());
        return fmt::format("weight monitor '{}': a weight is {} at t = {}", w.name, text(w.values[i]),
                           ms(i / k < w.times.size() ? w.times[i / k] : 0.0));
      }
  for (const rate_record& b : r.rates)
    if (const nonfinite_count n = count_nonfinite(b.rates); n.count > 0)
      return fmt::format("rate monitor '{}': the rate is {} in the bin from t = {}", b.name, text(b.rates[n.first]),
                         ms(b.times[n.first]));
  for (const transmission_record& m : r.transmissions)
    if (const nonfinite_count n = count_nonfinite(m.efficacy); n.count > 0)
      return fmt::format("transmission monitor '{}': an efficacy is {} at t = {}", m.name, text(m.efficacy[n.first]),
                         ms(m.times[n.first]));
  return "";
}

}  // namespace plastix
