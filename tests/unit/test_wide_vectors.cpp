// The AVX-512 form of the neuron pass (core/wide_vectors.hpp, neuron/neuron_population.hpp) against the default
// form: the same populations, inputs and steps give bitwise the same state, receptor values and spikes, for every
// neuron model and integration method and each kind of receptor drive (one to three plain conductances, current
// and delta receptors through the buffered drive), whole and in parts (threads). Skipped where the CPU has no
// AVX-512 (then only the default form ever runs).
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plastix/core/random.hpp"
#include "plastix/core/wide_vectors.hpp"
#include "plastix/neuron/models.hpp"
#include "plastix/neuron/neuron_population.hpp"

using namespace plastix;

namespace {

receptor_params receptor(const std::string& name, receptor_kind kind, double tau, double e_rev) {
  receptor_params r;
  r.name = name;
  r.kind = kind;
  r.tau_decay = tau;
  r.e_rev = e_rev;
  return r;
}

// The receptor sets that select each drive of synaptic_input::with_drive.
std::vector<std::vector<receptor_params>> receptor_sets() {
  const auto exc = receptor("exc", receptor_kind::conductance, 5.0, 0.0);
  const auto inh = receptor("inh", receptor_kind::conductance, 10.0, -80.0);
  const auto slow = receptor("slow", receptor_kind::conductance, 100.0, -90.0);
  const auto cur = receptor("cur", receptor_kind::current, 2.0, 0.0);
  const auto jump = receptor("jump", receptor_kind::delta, 0.0, 0.0);
  receptor_params nmda = receptor_preset("nmda");
  return {{exc}, {exc, inh}, {exc, inh, slow}, {cur}, {exc, jump}, {nmda, inh}};
}

// Every value of the population's state as bits, and its spikes.
std::vector<std::uint64_t> state_bits(const population& pop) {
  std::vector<population::state_column> columns;
  pop.state_columns(columns);
  std::vector<std::uint64_t> bits;
  for (const auto& c : columns)
    for (double x : c.values) bits.push_back(std::bit_cast<std::uint64_t>(x));
  return bits;
}

// Runs `steps` steps of a default and a wide copy of a population (made by make(wide)) with the same random
// input on every receptor and i_ext, whole or in `parts` parts, and compares them after every step.
template <class Model>
void expect_same(const typename Model::params& p, const std::vector<receptor_params>& receptors, std::size_t parts,
                 const std::string& what) {
  constexpr std::size_t n = 203;  // not a multiple of a vector or of the pass's block of 64
  neuron_population<Model> narrow("a", n, 0, p, receptors), wide("b", n, 0, p, receptors);
  ASSERT_FALSE(narrow.set_wide(false));
  ASSERT_TRUE(wide.set_wide(true));
  random_stream rs(7, {purpose::init_state, 0, 0});
  for (std::size_t i = 0; i < n; ++i) {
    const double v = -70.0 + 25.0 * rs.uniform();  // some above threshold already
    narrow.set_state(0, i, v);
    wide.set_state(0, i, v);
  }
  const double dt = 0.1;
  std::size_t spikes = 0;
  for (std::int64_t k = 0; k < 400; ++k) {
    for (std::size_t r = 0; r < receptors.size(); ++r) {
      for (std::size_t j = 0; j < n / 4; ++j) {
        const auto i = static_cast<std::size_t>(rs.uniform() * n);
        const receptor_kind kind = receptors[r].kind;  // weights [mV], [pA], [nS]
        const double w = (kind == receptor_kind::delta ? 2.0 : kind == receptor_kind::current ? 400.0 : 20.0) *
                         rs.uniform();
        narrow.input().add(r, i, w);
        wide.input().add(r, i, w);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double current = 100.0 * rs.uniform();  // [pA]
      narrow.i_ext()[i] = current;
      wide.i_ext()[i] = current;
    }
    const step_context ctx{k, dt, 1};
    for (neuron_population<Model>* pop : {&narrow, &wide}) {
      if (parts > 1 && pop->begin_update(ctx)) {
        std::vector<std::vector<std::uint32_t>> spikes(parts);
        for (std::size_t q = 0; q < parts; ++q) pop->update_part(ctx, q * n / parts, (q + 1) * n / parts, spikes[q]);
        pop->end_update(spikes);
      } else {
        pop->update(ctx);
      }
    }
    ASSERT_EQ(narrow.spikes(), wide.spikes()) << what << ", step " << k;
    ASSERT_EQ(state_bits(narrow), state_bits(wide)) << what << ", step " << k;
    spikes += narrow.spikes().size();
  }
  EXPECT_GT(spikes, 0u) << what;  // the reset path ran too
}

template <class Model>
void expect_same_for_all_receptors(const typename Model::params& p, const std::string& what) {
  const auto sets = receptor_sets();
  for (std::size_t s = 0; s < sets.size(); ++s)
    for (std::size_t parts : {1, 3})
      expect_same<Model>(p, sets[s], parts, what + ", receptor set " + std::to_string(s) + ", parts " +
                                               std::to_string(parts));
}

}  // namespace

TEST(wide_vectors, a_population_runs_the_avx512_pass_where_the_cpu_has_it) {
  neuron_population<lif> pop("n", 10, 0, lif::params{}, {});
  EXPECT_EQ(pop.wide(), cpu_has_avx512());
  EXPECT_FALSE(pop.set_wide(false));
  EXPECT_FALSE(pop.wide());
}

TEST(wide_vectors, lif_gives_bitwise_the_same_state_and_spikes_with_and_without_avx512) {
  if (!cpu_has_avx512()) GTEST_SKIP() << "no AVX-512 on this CPU";
  for (lif_method method : lif::methods) {
    lif::params p;
    p.method = method;
    expect_same_for_all_receptors<lif>(p, "lif method " + std::to_string(static_cast<int>(method)));
  }
}

TEST(wide_vectors, adex_izhikevich_and_clopath_adex_give_bitwise_the_same_state_and_spikes_with_and_without_avx512) {
  if (!cpu_has_avx512()) GTEST_SKIP() << "no AVX-512 on this CPU";
  expect_same_for_all_receptors<adex>(adex::params{}, "adex");
  expect_same_for_all_receptors<adex_clopath>(adex_clopath::params{}, "adex_clopath");
  expect_same_for_all_receptors<izhikevich>(izhikevich::params{}, "izhikevich");
}
