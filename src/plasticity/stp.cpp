#include "plastix/plasticity/stp.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "plastix/core/error.hpp"
#include "plastix/plasticity/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

const std::vector<std::string>& stp_params::preset_names() {
  static const std::vector<std::string> names{"depressing", "facilitating"};
  return names;
}

stp_params stp_params::preset(const std::string& name) {
  if (name == "depressing") return stp_params{0.5, 800.0, 0.0};
  if (name == "facilitating") return stp_params{0.03, 130.0, 530.0};
  std::string list;
  for (const auto& n : preset_names()) list += (list.empty() ? "" : ", ") + n;
  throw error("unknown stp preset '" + name + "'; expected one of: " + list);
}

namespace {

class stp_rule final : public plasticity_rule {
 public:
  stp_rule(const stp_params& p, projection& proj)
      : p_(p), u_(proj.pre().size() * proj.delay_slots(), p.u), x_(u_.size(), 1.0), last_(u_.size(), never) {}

  const char* name() const override { return stp_params::name; }

  // u and x hold the values at the entry's last spike (before its release); advance them to this spike.
  double on_transmit(projection& proj, const pre_event& ev, const step_context& ctx) override {
    const std::size_t i = proj.pre_trace_entry(ev.pre, ev.slot);
    double u = p_.u, x = 1.0;  // first spike
    if (last_[i] != never) {
      const double interval = static_cast<double>(ctx.step - last_[i]) * ctx.dt;  // [ms]
      const double u_prev = u_[i], x_prev = x_[i];
      x = 1.0 + (x_prev - u_prev * x_prev - 1.0) * std::exp(-interval / p_.tau_rec);
      u = p_.tau_fac > 0.0 ? p_.u + u_prev * (1.0 - p_.u) * std::exp(-interval / p_.tau_fac) : p_.u;
    }
    u_[i] = u;
    x_[i] = x;
    last_[i] = ctx.step;
    return u * x;
  }

 private:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();
  stp_params p_;
  std::vector<double> u_, x_;        // per (pre neuron, delay slot), at its last spike [1]
  std::vector<std::int64_t> last_;   // step of that spike
};

}  // namespace

std::unique_ptr<plasticity_rule> make_stp(const stp_params& p, projection& proj) {
  return std::make_unique<stp_rule>(p, proj);
}

}  // namespace plastix
