// The ready experiment ltp_ltd_frequency (Dudek & Bear 1992 with the calcium control rule of Shouval, Bear & Cooper
// 2002; shared/reference/models.md): 100 presynaptic pulses at 1–100 Hz onto a dendrite depolarized by their EPSPs,
// with saturating NMDA receptors, give LTD at 1–5 Hz and LTP at high frequency; under AP5 (NMDA block) the weight
// does not move; peak calcium orders baseline < LTD window < LTP window.
#include <gtest/gtest.h>

#include <cmath>

#include "plastix/io/config.hpp"
#include "plastix/plasticity/calcium_control.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/simulation.hpp"

#include "ready_experiment.hpp"

using namespace plastix;
using namespace plastix::validation;

namespace {

const std::string path = std::string(PLASTIX_SOURCE_DIR) + "/experiments/ltp_ltd_frequency.toml";

// Peak [Ca] of a projection in the first 3 s of the file's induction at `frequency` (peaks come with the first pulses).
double peak_calcium(const std::string& frequency, const std::string& projection) {
  const experiment_spec spec =
      load_experiment(path, {"protocol.tetanus.frequency=" + frequency, "phase.induction.duration=3 s"});
  simulation sim(spec);
  for (const phase_spec& ph : sim.spec().phases) sim.run_phase(ph);
  return calcium_control_peak_calcium(*sim.projection_named(projection).rules().front())[0];
}

}  // namespace

TEST(ltp_ltd_frequency, ltd_at_low_ltp_at_high_frequency_and_nothing_under_ap5) {
  const run_results r = run_ready("ltp_ltd_frequency");
  const table& t = r.tables.at("frequency");
  ASSERT_EQ(t.columns, (std::vector<std::string>{"freq_hz", "dw_rel", "dw_rel_ap5"}));
  ASSERT_EQ(t.data[0].size(), 8u);
  for (std::size_t k = 0; k < t.data[0].size(); ++k) {
    const double f = t.data[0][k], dw = t.data[1][k], ap5 = t.data[2][k];
    std::cout << "  " << f << " Hz: dw_rel " << dw << ", dw_rel_ap5 " << ap5 << "\n";
    // LTD at 1–5 Hz, still at 5 Hz as in the data: at least −10 % (measured −12 % at 1 Hz, −48 % at 3 Hz, −73 % at
    // 5 Hz after 100 pulses; Dudek & Bear: about −20 to −30 % after 900 pulses at 1–3 Hz).
    if (f <= 5.0) {
      EXPECT_LT(dw, -0.1) << f << " Hz";
    }
    // LTP at >= 10 Hz: at least +50 % (measured about +1.9 to +2.8: w saturates near Ω/λ = 1).
    if (f >= 10.0) {
      EXPECT_GT(dw, 0.5) << f << " Hz";
    }
    // AP5: no calcium, and w0 = Ω(0)/λ is the rule's fixed point; |Δw/w| below 1e-6 (Ω(0) − 0.25 ~ 1e−13).
    EXPECT_LT(std::fabs(ap5), 1e-6) << f << " Hz";
  }
}

TEST(ltp_ltd_frequency, peak_calcium_orders_baseline_ltd_and_ltp_windows) {
  const calcium_control_params p;
  const double ca_lfs = peak_calcium("1 Hz", "syn"), ca_hfs = peak_calcium("100 Hz", "syn");
  const double ca_ap5 = peak_calcium("100 Hz", "syn_ap5");
  EXPECT_EQ(ca_ap5, 0.0);  // baseline: no NMDA calcium
  // 1 Hz: one EPSP-paired pulse brings [Ca] to the lower edge of the LTD window (measured 0.347 µM, α1 = 0.35 µM);
  // the window's sigmoid edge (β1 = 80/µM) already pulls Ω well below its resting 0.25: depression.
  const auto sig = [](double x, double beta) { return 1.0 / (1.0 + std::exp(-beta * x)); };
  const auto omega = [&](double c) { return 0.25 + sig(c - p.alpha2, p.beta2) - 0.25 * sig(c - p.alpha1, p.beta1); };
  EXPECT_GT(ca_lfs, p.alpha1 - 0.01);
  EXPECT_LT(ca_lfs, p.alpha2);
  EXPECT_LT(omega(ca_lfs), 0.2);
  EXPECT_GT(ca_hfs, p.alpha2);
}
