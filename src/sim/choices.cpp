#include "plastix/sim/choices.hpp"

#include <string>

#include "plastix/core/error.hpp"

namespace plastix {

namespace {

// Whether `r`'s group is the group (population, neurons) given.
bool same_group(const std::string& pop, const std::vector<std::uint32_t>& neurons, const std::string& other_pop,
                const std::vector<std::uint32_t>& other_neurons) {
  return pop == other_pop && neurons == other_neurons;
}

}  // namespace

choice_tables choices_tables(const std::vector<reward_trial>& trials, const modulator_spec& m, double dt,
                             std::uint32_t trials_per_block) {
  const reward_condition* first = nullptr;
  for (const reward_condition& r : m.rewards)
    if (r.by_groups() && r.amount > 0.0 && !first) first = &r;
  choice_tables out;
  out.blocks.columns = {"block", "phase", "t_s", "trials", "correct", "a_wins", "b_wins", "a_count", "b_count"};
  out.blocks.data.resize(out.blocks.columns.size());
  out.trials.columns = {"t_s", "block", "a_count", "b_count", "correct"};
  out.trials.data.resize(out.trials.columns.size());
  if (!first) return out;
  std::uint32_t in_block = 0, last_phase = 0;
  double sums[5] = {};  // correct, a_wins, b_wins, a_count, b_count
  auto close_block = [&] {
    if (in_block == 0) return;
    auto& d = out.blocks.data;
    for (int c = 0; c < 5; ++c) d[4 + c].push_back(sums[c] / in_block);
    d[3].push_back(in_block);
    in_block = 0;
    for (double& s : sums) s = 0.0;
  };
  for (const reward_trial& t : trials) {
    const reward_condition& r = m.rewards.at(t.condition);
    if (!(r.amount > 0.0)) continue;  // a punishment (a dip below the baseline): not a choice of its own
    const bool swapped = !same_group(r.group, r.group_neurons, first->group, first->group_neurons) &&
                         same_group(r.group, r.group_neurons, first->versus, first->versus_neurons);
    const double a = swapped ? t.versus_count : t.count, b = swapped ? t.count : t.versus_count;
    if (in_block > 0 && (t.phase != last_phase || (trials_per_block > 0 && in_block == trials_per_block))) close_block();
    const double t_s = static_cast<double>(t.step) * dt * 1e-3;
    if (in_block == 0) {
      out.blocks.data[0].push_back(static_cast<double>(out.blocks.data[0].size() + 1));
      out.blocks.data[1].push_back(t.phase + 1.0);
      out.blocks.data[2].push_back(t_s);
    }
    last_phase = t.phase;
    ++in_block;
    sums[0] += t.rewarded;
    sums[1] += a > b;
    sums[2] += b > a;
    sums[3] += a;
    sums[4] += b;
    for (auto [column, value] : {std::pair{0, t_s}, {1, static_cast<double>(out.blocks.data[0].size())}, {2, a},
                                 {3, b}, {4, t.rewarded ? 1.0 : 0.0}})
      out.trials.data[static_cast<std::size_t>(column)].push_back(value);
  }
  close_block();
  return out;
}

void choices_analysis(const analysis_spec& a, const experiment_spec& spec, const std::vector<reward_trial>& trials,
                      run_results& results) {
  const modulator_spec* m = nullptr;
  for (const modulator_spec& x : spec.modulators)
    if (x.name == a.modulator) m = &x;
  if (!m) throw error(a.where, "choices: there is no modulator named '" + a.modulator + "'");
  choice_tables t = choices_tables(trials, *m, spec.dt, a.trials_per_block);
  const auto& correct = t.blocks.data[4];
  results.metrics["trials"] = static_cast<double>(trials.size());
  if (!correct.empty()) {
    results.metrics["correct_first"] = correct.front();
    results.metrics["correct_last"] = correct.back();
  }
  results.tables[a.table] = std::move(t.blocks);
  results.tables[a.table + "_trials"] = std::move(t.trials);
}

}  // namespace plastix
