// Checks of a conditioned_response analysis (sim/conditioned_response.hpp) against the experiment.
#include <algorithm>

#include "plastix/core/error.hpp"
#include "plastix/core/suggest.hpp"
#include "validate_detail.hpp"

namespace plastix::validate_detail {

void check_conditioned_response(const experiment_spec& spec, const analysis_spec& a, std::size_t k) {
  const std::string key = key_or(a.where, "analysis[" + std::to_string(k) + "]");
  const auto fail = [&](const std::string& field, const std::string& message) {
    validate_detail::fail(a.where, key + "." + field, message);
  };
  monitor_named(spec, a, monitor_spec::kind::spikes, a.spikes, key, "spikes");
  const conditioned_response_keys& c = a.cr;
  if (!(c.first_cs >= c.baseline))
    fail("first_cs", "the first CS onset must leave room for the baseline window before it (first_cs >= baseline)");
  if (!(c.window_start < c.isi)) fail("window_start", "the CR window [window_start, isi) is empty");
  const double peak_end = c.peak_end > 0.0 ? c.peak_end : c.trial_interval - c.baseline;
  if (!(c.isi + c.baseline <= c.trial_interval) || !(peak_end + c.baseline <= c.trial_interval))
    fail("trial_interval", "a trial (up to isi and peak_end after CS onset) and the next trial's baseline window must "
                           "fit in trial_interval");
  if (!(peak_end >= c.bin)) fail("bin", "the PSTH needs at least one bin before peak_end");
  for (std::size_t j = 0; j < k; ++j)
    if (spec.analyses[j].type == analysis_spec::kind::conditioned_response)
      fail("type", "there are two conditioned_response analyses; at most one, since their metrics "
                   "(cr_probability_last, ...) have fixed names");
}

}  // namespace plastix::validate_detail
