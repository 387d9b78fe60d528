// trace_bank: event-driven traces against a plain reference (a list of event times per entry, summed with std::exp),
// and the batch read (reader::read_all, used by the STDP rule) against the single read, bitwise.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/synapse/traces.hpp"

using namespace plastix;

namespace {

// Reference: all-to-all x(t) = Σ_events e^{−(t − t_k)/τ} over the events before step `step`; nearest: the last
// event's e^{−(t − t_last)/τ} alone; 0 without events.
double reference(const std::vector<std::int64_t>& events, std::int64_t step, double dt, double tau, pairing p) {
  double x = 0.0;
  for (std::int64_t e : events) {
    if (e >= step) break;
    const double d = std::exp(-static_cast<double>(step - e) * dt / tau);
    x = p == pairing::all_to_all ? x + d : d;
  }
  return x;
}

}  // namespace

TEST(traces, single_and_batch_reads_agree_with_reference) {
  constexpr std::size_t entries = 300;
  constexpr double dt = 0.1, tau_a = 20.0, tau_n = 7.5;  // [ms]
  trace_bank bank;
  bank.resize(entries);
  const std::size_t all = bank.add(tau_a, pairing::all_to_all);
  const std::size_t nearest = bank.add(tau_n, pairing::nearest);
  EXPECT_EQ(bank.add(tau_a, pairing::all_to_all), all);  // shared when asked again
  std::vector<std::vector<std::int64_t>> events(entries);
  random_stream rng(7, {purpose::user, 0, 0});
  std::vector<std::size_t> order(entries);  // a scattered order, as through a transposed index
  for (std::size_t k = 0; k < entries; ++k) order[k] = (k * 37) % entries;
  std::vector<double> batch(entries);
  std::size_t checked = 0;
  // Entries ≥ 250 never have an event; the others fire with probability 0.02 per step, some twice in one step.
  for (std::int64_t step = 0; step < 3000; ++step) {
    if (step % 97 == 0) {
      for (const std::size_t h : {all, nearest}) {
        const double tau = h == all ? tau_a : tau_n;
        const pairing p = h == all ? pairing::all_to_all : pairing::nearest;
        const auto reader = bank.read(h, step, dt);
        reader.read_all(entries, [&](std::size_t k) { return order[k]; }, batch.data());
        for (std::size_t k = 0; k < entries; ++k) {
          const std::size_t i = order[k];
          const double single = reader(i);
          EXPECT_EQ(batch[k], single) << "entry " << i << " step " << step;  // bitwise
          EXPECT_EQ(bank.value(h, i, step, dt), single);
          const double ref = reference(events[i], step, dt, tau, p);
          EXPECT_NEAR(single, ref, 1e-12 * (1.0 + ref)) << "entry " << i << " step " << step;
          if (i >= 250) EXPECT_EQ(single, 0.0);
          ++checked;
        }
      }
    }
    for (std::size_t i = 0; i < 250; ++i) {
      if (rng.uniform() < 0.02) {
        const int n = rng.uniform() < 0.1 ? 2 : 1;
        for (int r = 0; r < n; ++r) {
          bank.spike(i, step, dt);
          events[i].push_back(step);
        }
      }
    }
  }
  EXPECT_EQ(checked, 2u * entries * 31);
}
