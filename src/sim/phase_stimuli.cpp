#include "phase_stimuli.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "plastix/core/clock.hpp"
#include "plastix/core/random.hpp"
#include "plastix/stimulus/patterns.hpp"

namespace plastix {

std::vector<std::vector<std::vector<std::uint32_t>>> realize_patterns(const experiment_spec& spec,
                                                                      const std::vector<image_set>* images) {
  std::vector<std::vector<std::vector<std::uint32_t>>> out;
  for (std::size_t k = 0; k < spec.patterns.size(); ++k) {
    const pattern_set_spec& p = spec.patterns[k];
    if (p.is_dataset()) {
      out.emplace_back(images ? images->at(k).count : 0);
      continue;
    }
    std::size_t n = 0;
    for (const population_spec& pop : spec.network.populations)
      if (pop.name == p.population) n = pop.size;
    out.push_back(draw_patterns(p, n, spec.seed, static_cast<std::uint32_t>(k)));
  }
  return out;
}

std::vector<image_set> load_datasets(const experiment_spec& spec) {
  std::vector<image_set> out(spec.patterns.size());
  for (std::size_t k = 0; k < spec.patterns.size(); ++k) {
    const pattern_set_spec& p = spec.patterns[k];
    if (!p.is_dataset()) continue;
    out[k] = load_images(p, spec.file);
    const population_spec* pop = find_population(spec, p.population);
    if (pop && pop->size != out[k].pixels())
      throw error(p.where, "data set '" + p.name + "' has images of " + std::to_string(out[k].rows) + "×" +
                               std::to_string(out[k].cols) + " = " + std::to_string(out[k].pixels()) +
                               " pixels; population '" + pop->name + "' has " + std::to_string(pop->size) +
                               " neurons (one per pixel)");
    for (const phase_spec& ph : spec.phases)
      for (const stimulus_spec& s : ph.stimuli) {
        if (s.pattern.patterns != p.name) continue;
        const bool fixed = s.pattern.order == pattern_stimulus::order_kind::fixed;
        const std::size_t needed = fixed ? s.pattern.pattern + 1 : s.pattern.range_end;
        if (needed > out[k].count)
          throw error(s.where, "data set '" + p.name + "' has " + std::to_string(out[k].count) + " images (0 to " +
                                   std::to_string(out[k].count - 1) + "); the stimulus presents image " +
                                   std::to_string(needed - 1));
        if (!s.pattern.classes.empty() && images_of_classes(s.pattern, out[k]).empty())
          throw error(s.where, "data set '" + p.name + "' has no image of the stimulus's classes in its range");
      }
  }
  return out;
}

std::vector<std::size_t> images_of_classes(const pattern_stimulus& s, const image_set& images) {
  std::vector<std::size_t> out;
  if (s.classes.empty()) return out;
  const std::size_t end = s.range_end > 0 ? std::min(s.range_end, images.count) : images.count;
  for (std::size_t k = s.range_end > 0 ? s.range_first : 0; k < end; ++k)
    if (std::find(s.classes.begin(), s.classes.end(), images.labels[k]) != s.classes.end()) out.push_back(k);
  return out;
}

std::vector<stimulus_window> stimulus_windows(const experiment_spec& spec,
                                              const std::vector<std::vector<std::vector<std::uint32_t>>>& patterns,
                                              const stimulus_spec& s, std::int64_t steps, std::uint32_t phase_index,
                                              const std::vector<image_set>* images) {
  // The stimulus's window [start, stop) inside the phase, in steps: a plain stimulus is on throughout it, a pattern
  // stimulus's presentations are cut to it.
  const clock clk{spec.dt};
  const std::int64_t from = std::min(steps, clk.steps(s.start));
  const std::int64_t to = std::isinf(s.stop) ? steps : std::min(steps, clk.steps(s.stop));
  if (s.pattern.patterns.empty()) return {{from, to, 0, s.neurons}};
  std::size_t set = 0;
  while (set < spec.patterns.size() && spec.patterns[set].name != s.pattern.patterns) ++set;
  if (set == spec.patterns.size()) throw error(s.where, "no [[patterns]] set named '" + s.pattern.patterns + "'");
  const auto& pats = patterns.at(set);
  std::vector<std::size_t> chosen;
  if (!s.pattern.classes.empty()) {
    if (!images) throw error(s.where, "internal: the images of data set '" + s.pattern.patterns + "' are not loaded");
    chosen = images_of_classes(s.pattern, images->at(set));
  }
  std::vector<stimulus_window> out;
  for (const presentation& p : presentations(s.pattern, pats.size(), steps, spec.dt, spec.seed, phase_index, chosen)) {
    const std::vector<std::uint32_t>& neurons = pats.at(p.pattern);
    const std::size_t c = cue_size(neurons.size(), s.pattern.fraction);
    const std::int64_t first = std::max(p.first, from), last = std::min(p.last, to);
    if (first >= last) continue;
    out.push_back({first, last, p.pattern, {neurons.begin(), neurons.begin() + static_cast<std::ptrdiff_t>(c)}});
  }
  return out;
}

phase_stimuli::phase_stimuli(const experiment_spec& spec,
                             const std::vector<std::vector<std::vector<std::uint32_t>>>& patterns,
                             const std::vector<image_set>& images, const phase_spec& phase, std::int64_t steps,
                             std::uint32_t phase_index, population_of find)
    : steps_(steps) {
  for (const stimulus_spec& s : phase.stimuli) {
    population& pop = find(s.population);
    if (s.type == stimulus_spec::kind::current && pop.is_source())
      throw error(s.where, "a current cannot be injected into spike source '" + pop.name() + "'");
    const image_set* set_images = nullptr;
    for (std::size_t k = 0; k < spec.patterns.size(); ++k)
      if (!s.pattern.patterns.empty() && spec.patterns[k].name == s.pattern.patterns && spec.patterns[k].is_dataset())
        set_images = &images.at(k);
    items_.push_back({&s, &pop, set_images, stimulus_windows(spec, patterns, s, steps, phase_index, &images), -1});
    if (!s.varies()) continue;
    item& it = items_.back();
    varying_ = true;
    it.applied.assign(pop.size(), 0.0);
    const clock clk{spec.dt};
    it.from = std::min(steps, clk.steps(s.start));
    it.interval = s.noise_interval > 0.0 ? std::max<std::int64_t>(1, clk.steps(s.noise_interval)) : 1;
    const auto index = static_cast<std::uint32_t>(items_.size() - 1);
    it.stream = (1u << 23) | ((phase_index & 0x7FFu) << 12) | (index & 0xFFFu);  // apart from rate inputs' objects
  }
}

double phase_stimuli::varying_current(const item& it, std::uint32_t i, std::int64_t step, double t,
                                      std::uint64_t seed) const {
  const stimulus_spec& s = *it.spec;
  double current = s.value;  // [pA]
  if (s.current_sd != 0.0) {
    const auto k = static_cast<std::uint64_t>((step - it.from) / it.interval);
    const stream_key key{purpose::stimulus, it.stream, i};
    const double u1 = uniform_at(seed, key, 2 * k), u2 = uniform_at(seed, key, 2 * k + 1);
    current += s.current_sd * std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  if (s.sine_amplitude != 0.0)
    current += s.sine_amplitude * std::sin(2.0 * std::numbers::pi * s.sine_frequency * 1e-3 * t +
                                           s.sine_phase * std::numbers::pi / 180.0);
  return current;
}

// Brings a varying stimulus's current to `step`; `write`: into i_ext (else only into `applied`: resume_drive).
void phase_stimuli::set_varying(item& it, std::int64_t step, const step_context& ctx, bool write) {
  auto& i_ext = it.pop->i_ext();
  const auto put = [&](std::uint32_t i, double current) {
    if (write) i_ext[i] += current - it.applied[i];
    it.applied[i] = current;
  };
  if (it.active < 0) return;  // off: apply() took its current out
  const std::int64_t k = (step - it.from) / it.interval;
  if (it.spec->sine_amplitude == 0.0 && k == it.held) return;  // the noise holds its values
  it.held = k;
  const double t = static_cast<double>(step - it.from) * ctx.dt;  // [ms] since the stimulus's start
  const auto& neurons = it.windows[static_cast<std::size_t>(it.active)].neurons;
  if (neurons.empty()) {
    for (std::uint32_t i = 0; i < it.applied.size(); ++i) put(i, varying_current(it, i, step, t, ctx.seed));
  } else {
    for (std::uint32_t i : neurons) put(i, varying_current(it, i, step, t, ctx.seed));
  }
}

void phase_stimuli::drive(std::int64_t step, const step_context& ctx) {
  if (!varying_) return;
  for (item& it : items_)
    if (it.spec->varies()) set_varying(it, step, ctx, true);
}

void phase_stimuli::resume_drive(std::int64_t step, const step_context& ctx) {
  if (!varying_ || step <= 0) return;
  for (item& it : items_) {
    if (!it.spec->varies() || it.active < 0) continue;
    const stimulus_window& w = it.windows[static_cast<std::size_t>(it.active)];
    if (w.first <= step - 1 && step - 1 < w.last) set_varying(it, step - 1, ctx, false);
  }
}

std::int64_t phase_stimuli::next_change(std::int64_t step) const {
  std::int64_t next = steps_;
  for (const item& it : items_)
    for (const stimulus_window& w : it.windows) {
      if (w.first > step) next = std::min(next, w.first);
      if (w.last > step) next = std::min(next, w.last);
    }
  return std::max(next, step + 1);
}

void phase_stimuli::continue_from(const phase_stimuli& before) {
  for (std::size_t k = 0; k < before.items_.size() && k < items_.size(); ++k) {
    items_[k].active = before.items_[k].active;
    items_[k].applied = before.items_[k].applied;
    items_[k].held = before.items_[k].held;
  }
}

void phase_stimuli::apply(std::int64_t step, const step_context& ctx) {
  std::vector<population*> refresh, was_on;  // populations whose rate overrides change; those that had some
  for (item& it : items_) {
    std::ptrdiff_t now = -1;
    if (step < steps_)
      for (std::size_t w = 0; w < it.windows.size(); ++w)
        if (it.windows[w].first <= step && step < it.windows[w].last) now = static_cast<std::ptrdiff_t>(w);
    if (it.spec->type == stimulus_spec::kind::rate && it.active >= 0) was_on.push_back(it.pop);
    if (now == it.active) continue;
    if (it.spec->type == stimulus_spec::kind::rate) {
      refresh.push_back(it.pop);
    } else if (it.spec->varies()) {  // its current out now; drive() puts the new window's in at this step
      auto& i_ext = it.pop->i_ext();
      for (std::size_t i = 0; i < it.applied.size(); ++i) {
        i_ext[i] -= it.applied[i];
        it.applied[i] = 0.0;
      }
      it.held = -1;
    } else {  // currents add up: take the old window's current out, put the new one's in
      auto& i_ext = it.pop->i_ext();
      const auto add = [&](std::ptrdiff_t w, double sign) {
        if (w < 0) return;
        const auto& neurons = it.windows[static_cast<std::size_t>(w)].neurons;
        if (neurons.empty()) {
          for (double& x : i_ext) x += sign * it.spec->value;
        } else {
          for (std::uint32_t i : neurons) i_ext[i] += sign * it.spec->value;
        }
      };
      add(it.active, -1.0);
      add(now, 1.0);
    }
    it.active = now;
  }
  // Rate overrides do not add up: clear the population's overrides (when it had any) and set those of its
  // stimuli that are on, in file order.
  std::sort(refresh.begin(), refresh.end());
  refresh.erase(std::unique(refresh.begin(), refresh.end()), refresh.end());
  for (population* pop : refresh) {
    if (std::find(was_on.begin(), was_on.end(), pop) != was_on.end()) pop->clear_rate(ctx);
    for (const item& it : items_) {
      if (it.pop != pop || it.spec->type != stimulus_spec::kind::rate || it.active < 0) continue;
      const stimulus_window& w = it.windows[static_cast<std::size_t>(it.active)];
      if (!it.images) {
        pop->set_rate(w.neurons, it.spec->value, ctx);
        continue;
      }
      // A data set's image: neuron i at value·intensity_i/full_scale [Hz] (Diehl & Cook 2015's rate coding).
      const float* image = it.images->image(w.pattern);
      const double per_unit = it.spec->value / it.images->full_scale;  // [Hz per intensity unit]
      for (std::uint32_t i = 0; i < it.images->pixels(); ++i) {
        const std::uint32_t one[1] = {i};
        pop->set_rate(one, per_unit * static_cast<double>(image[i]), ctx);
      }
    }
  }
}

}  // namespace plastix
