#include "plastix/sim/classify.hpp"

#include <algorithm>
#include <cmath>

#include "phase_stimuli.hpp"
#include "result_statistics.hpp"

namespace plastix {

namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// A presentation of an image in a phase: its window [from, to) in steps of the run, the data set and the image.
struct shown {
  std::int64_t from = 0, to = 0;
  std::size_t set = 0, image = 0;
};

// The presentations in phase p of the images of data set `only`, or of every data set (only = npos).
std::vector<shown> presented(const analysis_spec& a, const experiment_spec& spec,
                             const std::vector<std::vector<std::vector<std::uint32_t>>>& patterns,
                             const std::vector<image_set>& images, const std::vector<std::int64_t>& start,
                             std::size_t p, std::size_t only) {
  std::vector<shown> out;
  const std::int64_t delay = std::llround(a.delay / spec.dt);
  for (const stimulus_spec& st : spec.phases[p].stimuli) {
    std::size_t set = 0;
    while (set < spec.patterns.size() && spec.patterns[set].name != st.pattern.patterns) ++set;
    if (set == spec.patterns.size() || !spec.patterns[set].is_dataset() || (only != npos && set != only)) continue;
    for (const stimulus_window& w :
         stimulus_windows(spec, patterns, st, start[p + 1] - start[p], static_cast<std::uint32_t>(p), &images))
      out.push_back({start[p] + w.first + delay, start[p] + w.last, set, w.pattern});
  }
  std::sort(out.begin(), out.end(), [](const shown& x, const shown& y) { return x.from < y.from; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const shown& x, const shown& y) {
                          return x.from == y.from && x.set == y.set && x.image == y.image;
                        }),
            out.end());
  return out;
}

table& named(run_results& results, const std::string& name, const std::vector<std::string>& columns) {
  table& t = results.tables[name];
  t.columns = columns;
  t.data.assign(columns.size(), {});
  return t;
}

void add_row(table& t, const std::vector<double>& row) {
  for (std::size_t c = 0; c < row.size(); ++c) t.data[c].push_back(row[c]);
}

}  // namespace

std::vector<std::string> classify_tables(const analysis_spec& a) {
  std::vector<std::string> out = {a.table, a.table + "_confusion", a.table + "_labels", a.table + "_presentations",
                                  a.table + "_tasks"};
  if (a.table == "accuracy") out = {"accuracy", "confusion", "neuron_labels", "classified", "continual"};
  if (a.task_classes == 0) out.pop_back();
  return out;
}

void classify_analysis(const analysis_spec& a, const experiment_spec& spec, run_results& results) {
  std::size_t set = 0;
  while (spec.patterns.at(set).name != a.patterns) ++set;
  const std::vector<image_set> images = load_datasets(spec);
  const auto patterns = realize_patterns(spec, &images);
  std::int32_t largest = 0;  // classes 0 .. the largest label of any data set
  for (const image_set& s : images)
    for (std::int32_t l : s.labels) largest = std::max(largest, l);
  const auto classes = static_cast<std::size_t>(largest) + 1;
  const auto label_of = [&](const shown& s) { return images[s.set].labels[s.image]; };
  const spike_record* spikes = nullptr;
  for (const spike_record& r : results.spikes)
    if (r.name == a.spikes) spikes = &r;
  if (!spikes) throw error(a.where, "classify: no spikes monitor named '" + a.spikes + "' was recorded");
  const std::size_t n = results.population_sizes.at(spikes->population);
  const std::vector<std::int64_t> start = phase_start_steps(spec);
  const auto phase_index = [&](const std::string& name) {
    std::size_t p = 0;
    while (p < spec.phases.size() && spec.phases[p].name != name) ++p;
    return p;
  };

  const std::vector<std::string> names = classify_tables(a);
  table& summary = named(results, names[0], {"trained", "labelled", "accuracy", "tested"});
  table& confusion = named(results, names[1], {"trained", "true_label", "predicted", "count"});
  table& neuron_labels = named(results, names[2], {"trained", "neuron", "label", "response"});
  table& classified = named(results, names[3], {"trained", "t_s", "image", "label", "predicted", "spikes"});
  table* tasks = a.task_classes > 0 ? &named(results, names[4], {"learned", "task", "accuracy", "tested"}) : nullptr;
  const std::size_t task_count = a.task_classes > 0 ? (classes + a.task_classes - 1) / a.task_classes : 0;
  std::vector<double> rates;
  for (std::size_t pair = 0; pair + 1 < a.phases.size(); pair += 2) {
    const std::size_t lp = phase_index(a.phases[pair]), tp = phase_index(a.phases[pair + 1]);
    // Images presented before the labelling phase, in phases the analysis does not list: the training.
    std::size_t trained = 0;
    for (std::size_t p = 0; p < lp; ++p)
      if (std::find(a.phases.begin(), a.phases.end(), spec.phases[p].name) == a.phases.end())
        trained += presented(a, spec, patterns, images, start, p, set).size();
    const double tr = static_cast<double>(trained);

    // Labelling: each neuron's mean rate per class; its label the class of the largest.
    std::vector<double> sum(n * classes, 0.0), count(classes, 0.0);
    for (const shown& s : presented(a, spec, patterns, images, start, lp, npos)) {
      if (s.to <= s.from || label_of(s) < 0) continue;
      rates_in_steps(*spikes, s.from, s.to, spec.dt, n, rates);
      const auto c = static_cast<std::size_t>(label_of(s));
      for (std::size_t i = 0; i < n; ++i) sum[i * classes + c] += rates[i];
      count[c] += 1.0;
    }
    std::vector<int> label(n, -1);
    std::vector<double> members(classes, 0.0);
    std::size_t labelled = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double best = 0.0;
      for (std::size_t c = 0; c < classes; ++c) {
        const double mean = count[c] > 0.0 ? sum[i * classes + c] / count[c] : 0.0;
        if (mean > best) {
          best = mean;
          label[i] = static_cast<int>(c);
        }
      }
      if (label[i] >= 0) {
        members[static_cast<std::size_t>(label[i])] += 1.0;
        ++labelled;
      }
      add_row(neuron_labels, {tr, static_cast<double>(i), static_cast<double>(label[i]), best});
    }

    // Test: the class whose labelled neurons respond most on average.
    std::vector<double> votes(classes), matrix(classes * classes, 0.0);
    std::vector<double> task_correct(task_count, 0.0), task_tested(task_count, 0.0);
    std::size_t correct = 0, tested = 0;
    for (const shown& s : presented(a, spec, patterns, images, start, tp, npos)) {
      if (s.to <= s.from || label_of(s) < 0) continue;
      rates_in_steps(*spikes, s.from, s.to, spec.dt, n, rates);
      std::fill(votes.begin(), votes.end(), 0.0);
      double fired = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        fired += rates[i];
        if (label[i] >= 0) votes[static_cast<std::size_t>(label[i])] += rates[i];
      }
      int predicted = -1;
      double best = 0.0;
      for (std::size_t c = 0; c < classes; ++c) {
        const double v = members[c] > 0.0 ? votes[c] / members[c] : 0.0;
        if (v > best) {
          best = v;
          predicted = static_cast<int>(c);
        }
      }
      const std::int32_t truth = label_of(s);
      ++tested;
      if (predicted == truth) ++correct;
      if (tasks) {
        const std::size_t task = static_cast<std::size_t>(truth) / a.task_classes;
        task_tested[task] += 1.0;
        if (predicted == truth) task_correct[task] += 1.0;
      }
      if (predicted >= 0)
        matrix[static_cast<std::size_t>(truth) * classes + static_cast<std::size_t>(predicted)] += 1.0;
      const double spike_count = fired * static_cast<double>(s.to - s.from) * spec.dt * 1e-3;
      add_row(classified, {tr, static_cast<double>(s.from) * spec.dt * 1e-3, static_cast<double>(s.image),
                           static_cast<double>(truth), static_cast<double>(predicted), std::round(spike_count)});
    }
    for (std::size_t t = 0; t < classes; ++t)
      for (std::size_t c = 0; c < classes; ++c)
        add_row(confusion, {tr, static_cast<double>(t), static_cast<double>(c), matrix[t * classes + c]});
    const double accuracy = tested > 0 ? static_cast<double>(correct) / static_cast<double>(tested) : 0.0;
    add_row(summary, {tr, static_cast<double>(labelled), accuracy, static_cast<double>(tested)});
    for (std::size_t task = 0; task < task_count; ++task)  // the tasks whose images the test phase shows
      if (task_tested[task] > 0.0)
        add_row(*tasks, {static_cast<double>(pair / 2 + 1), static_cast<double>(task + 1),
                         task_correct[task] / task_tested[task], task_tested[task]});
    results.metrics["accuracy." + names[0] + "." + spec.phases[tp].name] = accuracy;
    results.metrics["accuracy." + names[0]] = accuracy;
  }
}

}  // namespace plastix
