// A run that stopped before its end, with the results up to the stop (so that hours of simulation are not lost).
#pragma once
#include <memory>
#include <string>

#include "plastix/core/error.hpp"
#include "plastix/record/monitors.hpp"

namespace plastix {

// Thrown by simulation::run / run_phase when the finite guard finds a NaN or ±inf (sim/finite_guard.hpp) or when
// the stop check asks to stop (Ctrl-C: simulation::set_stop_check); run_experiment and run_sweep catch it, attach
// the results up to the stop (results.stop_reason = the message) and throw it on. `plastix run` writes those results
// next to the output directory, to <DIR>.incomplete/ (summary.json "status": "stopped"), never into DIR.
class run_stopped : public error {
 public:
  enum class cause { nonfinite, interrupted };

  run_stopped(cause why, double time, const std::string& message) : error(message), why_(why), time_(time) {}

  cause why() const { return why_; }
  bool interrupted() const { return why_ == cause::interrupted; }
  // Biological time at which the run stopped [ms] (for a sweep: in the point that stopped).
  double time() const { return time_; }
  // The results up to the stop; null until run_experiment or run_sweep has attached them.
  const std::shared_ptr<run_results>& results() const { return results_; }

  // The same stop with the results attached.
  run_stopped with_results(std::shared_ptr<run_results> results) const {
    run_stopped out = *this;
    out.results_ = std::move(results);
    return out;
  }
  // The same stop with a line of context before the message (e.g. the sweep point that stopped).
  run_stopped with_context(const std::string& context) const {
    run_stopped out(why_, time_, context + what());
    out.results_ = results_;
    return out;
  }

 private:
  cause why_;
  double time_;  // [ms]
  std::shared_ptr<run_results> results_;
};

}  // namespace plastix
