// The keys of a conditioned_response analysis ([[analysis]] type = "conditioned_response"; sim/conditioned_response):
// when the trials of a classical conditioning experiment start and what counts as a conditioned response (CR).
// Trial k starts with the conditioned stimulus (CS) at c_k = first_cs + k·trial_interval; the unconditioned stimulus
// (US) comes `isi` after it. The output population's rate in [c_k + window_start, c_k + isi) above its rate in the
// `baseline` before c_k by at least `threshold` is a CR (eyeblink conditioning: Medina & Mauk 2000).
#pragma once
#include "plastix/spec/catalogue.hpp"

namespace plastix {

struct conditioned_response_keys {
  double isi = 0.0;             // CS–US interval [ms] (required)
  double trial_interval = 0.0;  // between CS onsets [ms] (required)
  double first_cs = 0.0;        // the first CS onset [ms]
  double window_start = 0.0;    // the CR window starts this long after CS onset [ms]
  double baseline = 100.0;      // the baseline window, just before CS onset [ms]
  double threshold = 10.0;      // a CR: window rate − baseline rate at least this [Hz]
  double bin = 10.0;            // PSTH bin: the CR peak time is the centre of the largest bin [ms]
  double peak_end = 0.0;        // the peak is searched in [window_start, peak_end) after CS onset (0: the trial,
                                // up to the next baseline window) [ms]

  static const declaration<conditioned_response_keys>& declare() {
    using p = conditioned_response_keys;
    static const auto d =
        declaration<p>("analysis", "conditioned_response_keys", "trial timing and CR criterion")
            .quantity("isi", &p::isi, dimension::time, bounds::positive(), "CS–US interval (required)")
            .quantity("trial_interval", &p::trial_interval, dimension::time, bounds::positive(),
                      "between CS onsets (required)")
            .quantity("first_cs", &p::first_cs, dimension::time, bounds::non_negative(), "the first CS onset")
            .quantity("window_start", &p::window_start, dimension::time, bounds::non_negative(),
                      "the CR window [window_start, isi) after CS onset")
            .quantity("baseline", &p::baseline, dimension::time, bounds::positive(),
                      "the baseline window just before CS onset")
            .quantity("threshold", &p::threshold, dimension::frequency, bounds::non_negative(),
                      "a CR: mean rate in the window above the baseline rate by at least this")
            .quantity("bin", &p::bin, dimension::time, bounds::positive(),
                      "PSTH bin; the CR peak time is the centre of its largest bin")
            .quantity("peak_end", &p::peak_end, dimension::time, bounds::non_negative(),
                      "the peak is searched up to this after CS onset (0: up to the next trial's baseline)");
    return d;
  }
};

}  // namespace plastix
