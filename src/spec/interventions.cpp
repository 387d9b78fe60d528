// The kinds of interventions and the checks of an experiment's interventions (spec/interventions.hpp).
#include "plastix/spec/interventions.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <utility>
#include <variant>

#include "plastix/spec/experiment.hpp"
#include "plastix/spec/intervention_keys.hpp"

namespace plastix {

using kind = intervention_spec::kind;

const std::vector<std::string>& intervention_names() {
  static const std::vector<std::string> names{"block_receptor", "block_protein_synthesis", "voltage_clamp",
                                              "block_spikes",   "lesion",                  "block_plasticity",
                                              "block",          "block_nmda",              "anisomycin",
                                              "ttx"};
  return names;
}

intervention_spec::kind intervention_kind(const std::string& name) {
  if (name == "block" || name == "block_nmda") return kind::block_receptor;
  if (name == "anisomycin") return kind::block_protein_synthesis;
  if (name == "ttx") return kind::block_spikes;
  const auto& names = intervention_names();
  for (std::size_t k = 0; k <= static_cast<std::size_t>(kind::block_plasticity); ++k)
    if (names[k] == name) return static_cast<kind>(k);
  throw error("unknown intervention type '" + name + "'");
}

const char* intervention_name(intervention_spec::kind k) {
  return intervention_names()[static_cast<std::size_t>(k)].c_str();
}

const declaration<intervention_spec>& intervention_declaration(intervention_spec::kind k) {
  using I = intervention_spec;
  using enum intervention_spec::kind;
  const auto population = [](declaration<I> d, const char* doc) {
    return std::move(d.extra("population", value_type::choice, dimension::dimensionless, bounds::any(), doc));
  };
  const auto projection = [](declaration<I> d) {
    return std::move(d.extra("projection", value_type::choice, dimension::dimensionless, bounds::any(),
                             "the projection to act on (and its post population's receptor)"));
  };
  const auto neurons = [](declaration<I> d) {
    return std::move(d.extra("neurons", value_type::count, dimension::dimensionless, bounds::non_negative(),
                             "these neurons of the population, e.g. [0, 1, 2] (default: all)"));
  };
  const auto window = [](declaration<I> d) {
    return std::move(d.quantity("start", &I::start, dimension::time, bounds::non_negative(),
                                "start of the window, from the phase's start")
                         .extra("stop", value_type::quantity, dimension::time, bounds::non_negative(),
                                "end of the window, from the phase's start (default: the phase's end)"));
  };
  const char* every = "every projection onto this population (default, and without `projection`: the whole network)";
  static const auto block_receptor_d = window(projection(population(
      declaration<I>("intervention", "block_receptor",
                     "a fraction of a receptor blocked (AP5 on nmda, bicuculline on gaba_a); aliases block, block_nmda"),
      every)))
          .extra("receptor", value_type::choice, dimension::dimensionless, bounds::any(), "the receptor (default nmda)")
          .number("fraction", &I::fraction, bounds::fraction(), "blocked fraction");
  static const auto block_protein_synthesis_d = window(projection(population(
      declaration<I>("intervention", "block_protein_synthesis",
                     "anisomycin: protein synthesis blocked in the post neurons; alias anisomycin"),
      every)))
          .number("fraction", &I::fraction, bounds::fraction(), "blocked fraction");
  static const auto voltage_clamp_d =
      window(neurons(population(declaration<I>("intervention", "voltage_clamp", "v held at `voltage`; no spikes"),
                                "the population (required)")))
          .extra("voltage", value_type::quantity, dimension::voltage, bounds::any(), "the clamp voltage (required)");
  static const auto block_spikes_d = window(neurons(population(
      declaration<I>("intervention", "block_spikes", "TTX: the neurons emit no spikes; alias ttx"),
      "the population (required)")));
  static const auto lesion_d = window(population(
      declaration<I>("intervention", "lesion", "the population removed from the window's start to the end of the run"),
      "the population (required)"));
  static const auto block_plasticity_d = window(projection(population(
      declaration<I>("intervention", "block_plasticity", "learning switched off; transmission goes on"), every)));
  switch (k) {
    case block_receptor: return block_receptor_d;
    case block_protein_synthesis: return block_protein_synthesis_d;
    case voltage_clamp: return voltage_clamp_d;
    case block_spikes: return block_spikes_d;
    case lesion: return lesion_d;
    case block_plasticity: return block_plasticity_d;
  }
  return block_receptor_d;
}

namespace {

std::string format_number(double x) {
  std::ostringstream os;
  os << x;
  return os.str();
}

}  // namespace

void validate_interventions(const experiment_spec& spec) {
  for (const phase_spec& ph : spec.phases) {
    for (std::size_t k = 0; k < ph.interventions.size(); ++k) {
      const intervention_spec& iv = ph.interventions[k];
      auto fail = [&](const std::string& field, const std::string& message) {
        source_ref where = iv.where;
        where.key = (where.key.empty() ? "phase." + ph.name + ".intervention[" + std::to_string(k) + "]" : where.key) +
                    "." + field;
        throw error(where, std::string(intervention_name(iv.type)) + ": " + message);
      };
      // The blocks act on projections; the other kinds on neurons.
      const bool blocks = iv.type == kind::block_receptor || iv.type == kind::block_protein_synthesis ||
                          iv.type == kind::block_plasticity;
      if (!iv.population.empty() && !iv.projection.empty())
        fail("projection", "give one target, not both: population = \"...\" (every projection onto it) or "
                           "projection = \"...\"");
      const population_spec* pop = iv.population.empty() ? nullptr : find_population(spec, iv.population);
      if (!iv.population.empty() && !pop) fail("population", "no population named '" + iv.population + "'");
      const projection_spec* proj = nullptr;
      if (!iv.projection.empty()) {
        for (const projection_spec& p : spec.network.projections)
          if (p.name == iv.projection) proj = &p;
        if (!proj) fail("projection", "no projection named '" + iv.projection + "'");
        if (!blocks) fail("projection", "acts on neurons: give population = \"...\" instead of a projection");
      }
      if (!blocks && !pop) fail("population", "expected population = \"...\" (the neurons it acts on)");
      if (iv.type == kind::voltage_clamp && is_rate(pop->model))
        fail("population", "'" + iv.population + "' is a rate population; it has no voltage to clamp");
      if (iv.type == kind::voltage_clamp && is_source(pop->model))
        fail("population", "'" + iv.population + "' is a spike source; it has no voltage to clamp");
      if (!iv.neurons.empty() && iv.type != kind::voltage_clamp && iv.type != kind::block_spikes)
        fail("neurons", "only voltage_clamp and block_spikes act on listed neurons");
      for (std::uint32_t i : iv.neurons)
        if (pop && i >= pop->size)
          fail("neurons", "neuron " + std::to_string(i) + " is out of range for population '" + pop->name +
                              "' of size " + std::to_string(pop->size));
      if (iv.type == kind::block_receptor) {
        if (iv.receptor.empty()) fail("receptor", "expected a receptor name, e.g. \"nmda\"");
        // The receptor must exist on a targeted post population, or be a receptor that rules model (a preset name:
        // rules of projections onto spike sources read "nmda").
        const auto& presets = receptor_preset_names();
        bool known = std::find(presets.begin(), presets.end(), iv.receptor) != presets.end();
        for (const population_spec& p : spec.network.populations) {
          const bool targeted = pop ? &p == pop : proj ? p.name == proj->post : true;
          if (targeted)
            for (const receptor_params& r : p.receptors) known = known || r.name == iv.receptor;
        }
        if (!known) fail("receptor", "no receptor '" + iv.receptor + "' on the targeted populations (and not one of "
                                     "the presets ampa, nmda, gaba_a, gaba_b)");
      }
      if (iv.type == kind::block_plasticity) {
        // Something to block: a targeted projection with a learning rule (stp is transmission: never blocked).
        const auto onto = [&](const projection_spec& p) { return proj ? &p == proj : !pop || p.post == pop->name; };
        const auto learning = [](const rule_spec& r) { return !std::holds_alternative<stp_params>(r.params); };
        const bool learns = std::any_of(spec.network.projections.begin(), spec.network.projections.end(),
                                        [&](const projection_spec& p) {
                                          return onto(p) && std::any_of(p.plasticity.begin(), p.plasticity.end(),
                                                                        learning);
                                        });
        if (!learns)
          fail(proj ? "projection" : pop ? "population" : "type",
               std::string("no learning rule on ") +
                   (proj ? "projection '" + proj->name + "'"
                         : pop ? "the projections onto '" + pop->name + "'" : "any projection") +
                   " (short-term plasticity, stp, is not blocked): nothing to block");
      }
      if (blocks && !(iv.fraction >= 0.0 && iv.fraction <= 1.0))
        fail("fraction", "fraction must be in [0, 1], got " + format_number(iv.fraction));
      if (iv.type == kind::voltage_clamp && !std::isfinite(iv.voltage))
        fail("voltage", "expected a finite voltage, e.g. \"-70 mV\"");
      if (!(iv.start >= 0.0 && iv.start < ph.duration))
        fail("start", "start must be in [0, phase duration = " + format_number(ph.duration) + " ms), got " +
                          format_number(iv.start) + " ms");
      if (!(iv.stop > iv.start)) fail("stop", "stop must be after start (" + format_number(iv.start) + " ms), got " +
                                                  format_number(iv.stop) + " ms");
      if (iv.type == kind::lesion && !std::isinf(iv.stop))
        fail("stop", "a lesion lasts for the rest of the run; it has no stop");
    }
  }
}

}  // namespace plastix
