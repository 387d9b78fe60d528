// How the size of a weight change depends on the weight itself: one part shared by all spike-timing rules.
// A rule computes Δw = A+ · f+(w) · (its potentiation term) and Δw = −A− · f−(w) · (its depression term); the
// result is then clipped to [w_min, w_max] (hard bounds). Where f is 1 the amplitude is in weight units (nS or pA),
// where f carries the weight the amplitude is a plain number.
//   additive        f+ = 1,                 f− = 1                 (Song, Miller & Abbott 2000)
//   multiplicative  f+ = w_max − w,         f− = w − w_min         (soft bounds: dW/dt = η1·LTP·(Wmax − W) − η2·LTD·W;
//                                                                  Kistler & van Hemmen 2000; Rubin, Lee & Sompolinsky 2001)
//   gutig           f+ = (w_max − w)^μ,     f− = (w − w_min)^μ     (Gütig et al. 2003; μ = 0 additive, μ = 1 multiplicative)
//   power_law       f+ = w_ref^{1−μ} w^μ,   f− = w                 (Morrison, Aertsen & Diesmann 2007)
//   van_rossum      f+ = 1,                 f− = w                 (van Rossum, Bi & Turrigiano 2000)
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "plastix/spec/catalogue.hpp"
#include "plastix/spec/rules/weight_bounds.hpp"

namespace plastix {

struct weight_dependence {
  enum class kind { additive, multiplicative, gutig, power_law, van_rossum };
  kind type = kind::additive;
  double w_min = 0.0;  // lower bound [weight unit: nS or pA]
  double w_max = 1.0;  // upper bound [weight unit]
  double mu = 1.0;     // exponent (gutig, power_law) [1]
  double w_ref = 1.0;  // reference weight of the power law [weight unit]

  // The same for a kind known at compile time: loops over many synapses call with_kind once, outside the loop,
  // and use these inside it, so that they do not branch on the kind per synapse.
  template <kind K>
  double potentiation(double w) const {
    if constexpr (K == kind::multiplicative) return w_max - w;
    else if constexpr (K == kind::gutig) return std::pow(std::max(w_max - w, 0.0), mu);
    else if constexpr (K == kind::power_law) return std::pow(w_ref, 1.0 - mu) * std::pow(std::max(w, 0.0), mu);
    else return 1.0;  // additive, van_rossum
  }
  template <kind K>
  double depression(double w) const {
    if constexpr (K == kind::multiplicative) return w - w_min;
    else if constexpr (K == kind::gutig) return std::pow(std::max(w - w_min, 0.0), mu);
    else if constexpr (K == kind::power_law || K == kind::van_rossum) return w;
    else return 1.0;  // additive
  }
  // f(std::integral_constant<kind, type>{}): the kind as a compile-time constant.
  template <class F>
  decltype(auto) with_kind(F&& f) const {
    switch (type) {
      case kind::multiplicative: return f(std::integral_constant<kind, kind::multiplicative>{});
      case kind::gutig: return f(std::integral_constant<kind, kind::gutig>{});
      case kind::power_law: return f(std::integral_constant<kind, kind::power_law>{});
      case kind::van_rossum: return f(std::integral_constant<kind, kind::van_rossum>{});
      case kind::additive: break;
    }
    return f(std::integral_constant<kind, kind::additive>{});
  }
  double potentiation(double w) const {
    return with_kind([&](auto k) { return potentiation<decltype(k)::value>(w); });
  }
  double depression(double w) const {
    return with_kind([&](auto k) { return depression<decltype(k)::value>(w); });
  }
  double clip(double w) const { return std::clamp(w, w_min, w_max); }

  static const declaration<weight_dependence>& declare();
};

const std::vector<std::string>& weight_dependence_names();  // in kind order

// The keys of the weight dependence, a part of every spike-timing rule that has one (stdp, triplet).
inline const declaration<weight_dependence>& weight_dependence::declare() {
  using wd = weight_dependence;
  static const auto d =
      declaration<wd>("part", "weight_dependence", "how a weight change depends on the weight")
          .choice("weight_dependence", &wd::type, weight_dependence_names(),
                  "`additive` (amplitudes in weight units), `multiplicative` (soft bounds), `gutig` (exponent `mu`), "
                  "`power_law` (`mu`, `w_ref`), `van_rossum`")
          .weight("w_min", &wd::w_min, bounds::any(), "lower hard bound")
          .weight("w_max", &wd::w_max, bounds::any(), "upper hard bound")
          .number("mu", &wd::mu, bounds::any(), "exponent of `gutig` and `power_law`; >= 0")
          .weight("w_ref", &wd::w_ref, bounds::any(), "reference weight of `power_law`; > 0")
          .require(bounds_in_order<wd>)
          .require([](const wd& p) -> key_problem {
            if (p.type != kind::gutig && p.type != kind::power_law) return {};
            if (p.mu >= 0.0) return {};
            return {"mu", "mu must be >= 0, got " + format_value(p.mu, dimension::dimensionless)};
          })
          .require([](const wd& p) -> key_problem {
            if (p.type != kind::power_law || p.w_ref > 0.0) return {};
            return {"w_ref", "w_ref must be > 0, got " + format_value(p.w_ref, dimension::dimensionless)};
          });
  return d;
}

}  // namespace plastix
