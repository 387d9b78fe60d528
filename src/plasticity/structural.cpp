// Structural plasticity (plasticity/structural.hpp; docs/models/structural.md).
#include "plastix/plasticity/structural.hpp"

#include "plastix/synapse/rule_context.hpp"

#include <algorithm>
#include <cstring>
#include <cmath>

#include "plastix/core/clock.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/random.hpp"
#include "plastix/core/thread_pool.hpp"
#include "plastix/synapse/rule.hpp"
#include "plastix/synapse/projection.hpp"

namespace plastix {

namespace {

// Whether one of the synapses onto a post neuron (their pre neurons ascending) comes from j (binary search).
bool holds(const incoming_view& in, std::uint32_t j) {
  std::size_t lo = 0, hi = in.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (in.pre(mid) < j) lo = mid + 1;
    else hi = mid;
  }
  return lo < in.size() && in.pre(lo) == j;
}

class structural_rule final : public plasticity_rule {
 public:
  structural_rule(const structural_params& p, projection& proj)
      : p_(p), object_(proj.stream_object()), born_(*this, proj.size(), 0) {
    const std::size_t n_post = proj.post().size(), n_pre = proj.pre().size();
    initial_target_ = n_post ? static_cast<double>(proj.size()) / static_cast<double>(n_post) : 0.0;
    target_ = p.target > 0.0 ? p.target : initial_target_;
    target_ = std::round(target_);
    const bool same = &proj.pre() == &proj.post();
    const double candidates = static_cast<double>(n_pre) - (same && !p.autapses ? 1.0 : 0.0);
    if (target_ > candidates)
      throw error("projection '" + proj.name() + "': rule 'structural' wants " + std::to_string(target_) +
                  " synapses per post neuron but there are only " + std::to_string(candidates) + " candidate pre neurons");
    if (!p.weight || !p.delay)
      throw error("projection '" + proj.name() + "': rule 'structural' needs the weight and delay distributions of new "
                  "synapses (fill_defaults copies the projection's)");
  }

  const char* name() const override { return structural_params::name; }
  // State per synapse: t_created [ms], when the synapse was created (0 for the initial synapses).
  int state_index(std::string_view name) const override { return name == "t_created" ? 0 : -1; }
  double state_value(const projection&, std::size_t, std::uint32_t s, const step_context& ctx) const override {
    return static_cast<double>(born_[s]) * ctx.dt;
  }
  // Every declared key may change (spec/param_changes.cpp) from the next slow step on; the distributions of new
  // synapses and the table stay those of the start (not declared keys); `target` = 0 means the initial in-degree
  // again; a new report_interval counts from the last report.
  bool set_params(projection&, const rule_params& p, const step_context& ctx) override {
    structural_params q = std::get<structural_params>(p);
    q.weight = p_.weight;
    q.delay = p_.delay;
    q.table = p_.table;
    p_ = std::move(q);
    target_ = std::round(p_.target > 0.0 ? p_.target : initial_target_);
    if (report_every_ > 0) {
      report_every_ = std::max<std::int64_t>(1, clock{ctx.dt}.steps(p_.report_interval));
      next_report_ = cohort_start_ + report_every_;
    }
    return true;
  }
  double slow_interval() const override { return p_.interval; }
  // No event hooks: its projection's delivery splits by target (threads; MPI processes, each holding every synapse
  // and rewiring alike: its declaration's rewires(), spec/catalogue.hpp).
  bool splits_by_target() const override { return true; }
  bool acts_on_step() const override { return false; }

  void on_slow(projection& proj, const step_context& ctx) override {
    const std::int64_t now = ctx.step + 1;  // the slow step ends with this step
    if (report_every_ == 0) {
      report_every_ = std::max<std::int64_t>(1, clock{ctx.dt}.steps(p_.report_interval));
      next_report_ = report_every_;
      cohort_ = static_cast<double>(proj.size());
    }
    const double dt_slow = p_.interval;  // [ms]
    const double keep_fluct = p_.tau_fluct > 0.0 ? std::exp(-dt_slow / p_.tau_fluct) : 1.0;
    const double kick = p_.tau_fluct > 0.0 ? p_.sigma_fluct * std::sqrt(1.0 - keep_fluct * keep_fluct) : 0.0;
    const double p_create = 1.0 - std::exp(-dt_slow / p_.tau_create);
    const double log_median = std::log(p_.w_median);
    const double w_floor = 1e-12 * p_.w_median;
    auto w = proj.weights();
    const auto n_post = static_cast<std::uint32_t>(proj.post().size());
    const auto n_pre = static_cast<std::uint32_t>(proj.pre().size());
    const bool same = &proj.pre() == &proj.post();
    const std::vector<std::int32_t>& delays = proj.delay_values();
    // On the run's threads, a block of post neurons each: a neuron's synapses, weights and random stream are its
    // own; the changes are gathered per block and joined in block order, the order of one pass.
    struct changes {
      std::vector<std::uint32_t> removed;
      std::vector<synapse_entry> added;
    };
    std::vector<changes> found(blocks_for(ctx.pool, proj.size()));
    run_blocks(ctx.pool, n_post, proj.size(), [&](std::size_t from, std::size_t to, std::size_t block) {
      std::vector<std::uint32_t>& removed = found[block].removed;
      std::vector<synapse_entry>& added = found[block].added;
      std::vector<std::uint32_t> chosen;  // pre neurons of the synapses created onto i in this step
      for (auto i = static_cast<std::uint32_t>(from); i < to; ++i) {
        random_stream rs(ctx.seed, {purpose::structural, object_, i}, calls_ << 32);
        const auto synapses = proj.incoming(i);  // their pre neurons ascending (the CSR is pre-major)
        std::size_t k_after = synapses.size();
        for (std::uint32_t s : synapses) {
          double wi = w[s];
          if (p_.tau_fluct > 0.0) {
            const double y = std::log(std::max(wi, w_floor)) - log_median;
            wi = std::exp(log_median + y * keep_fluct + kick * rs.normal());
            w[s] = wi;
          }
          if (rs.uniform() < 1.0 - std::exp(-dt_slow * prune_rate(wi))) {
            removed.push_back(s);
            --k_after;
          }
        }
        const double missing = target_ - static_cast<double>(k_after);
        chosen.clear();
        for (double m = 0.0; m < missing; m += 1.0) {
          if (!(rs.uniform() < p_create)) continue;
          // A pre neuron not yet connected to i (the removed ones of this step included: they are still there).
          for (int attempt = 0; attempt < 1000; ++attempt) {
            const auto j = static_cast<std::uint32_t>(rs.below(n_pre));
            if (same && !p_.autapses && j == i) continue;
            if (holds(synapses, j)) continue;
            if (std::find(chosen.begin(), chosen.end(), j) != chosen.end()) continue;
            chosen.push_back(j);
            synapse_entry e;
            e.pre = j;
            e.post = i;
            e.weight = p_.weight->sample(rs);
            e.delay = nearest(delays, std::llround(p_.delay->sample(rs) / ctx.dt));
            added.push_back(e);
            break;
          }
        }
      }
    });
    std::vector<std::uint32_t> removed = std::move(found.front().removed);
    std::vector<synapse_entry> added = std::move(found.front().added);
    for (std::size_t b = 1; b < found.size(); ++b) {
      removed.insert(removed.end(), found[b].removed.begin(), found[b].removed.end());
      added.insert(added.end(), found[b].added.begin(), found[b].added.end());
    }
    ++calls_;
    // Bookkeeping before the ids change: removed synapses of the current cohort.
    for (std::uint32_t s : removed)
      if (born_[s] <= cohort_start_) lost_ += 1.0;
    created_ += static_cast<double>(added.size());
    removed_ += static_cast<double>(removed.size());
    if (!removed.empty() || !added.empty()) {
      born_.set_fresh(now);
      proj.rewire(removed, added, ctx);  // remaps born_ (and every other rule's per-synapse state)
    }
    if (now >= next_report_) report(proj, now, ctx.dt);
  }

  double prune_rate(double w) const {  // r(w) [1/ms]
    const double r_max = 1.0 / p_.tau_prune;
    if (p_.w_width > 0.0) return r_max / (1.0 + std::exp((w - p_.w_prune) / p_.w_width));
    return w < p_.w_prune ? r_max : (w == p_.w_prune ? 0.5 * r_max : 0.0);
  }

  static std::int32_t nearest(const std::vector<std::int32_t>& values, std::int64_t d) {
    auto it = std::lower_bound(values.begin(), values.end(), d);
    if (it == values.end()) return values.back();
    if (it != values.begin() && d - *(it - 1) <= *it - d) --it;
    return *it;
  }

  void report(const projection& proj, std::int64_t now, double dt) {
    turnover_row row;
    row.t = static_cast<double>(now) * dt;
    row.synapses = static_cast<double>(proj.size());
    const double wanted = target_ * static_cast<double>(proj.post().size());
    row.synapses_rel = wanted > 0.0 ? row.synapses / wanted : 0.0;
    row.created = created_;
    row.removed = removed_;
    row.lost_fraction = cohort_ > 0.0 ? lost_ / cohort_ : 0.0;
    double fresh = 0.0, sum_w = 0.0;
    const auto w = proj.weights();
    for (std::size_t s = 0; s < born_.size(); ++s) {
      if (born_[s] > cohort_start_) fresh += 1.0;
      sum_w += w[s];
    }
    row.new_fraction = row.synapses > 0.0 ? fresh / row.synapses : 0.0;
    row.mean_weight = row.synapses > 0.0 ? sum_w / row.synapses : 0.0;
    rows_.push_back(row);
    cohort_start_ = now;
    cohort_ = row.synapses;
    created_ = removed_ = lost_ = 0.0;
    while (next_report_ <= now) next_report_ += report_every_;
  }


  // Checkpoints (rule.hpp).
  void visit_state(state_visitor& v) override {
    visit_columns(v);
    v.scalar("target", target_);
    v.scalar("calls", calls_);  // the position in the rule's random stream
    v.scalar("report_every", report_every_);
    v.scalar("next_report", next_report_);
    v.scalar("cohort_start", cohort_start_);
    v.scalar("cohort", cohort_);
    v.scalar("created", created_);
    v.scalar("removed", removed_);
    v.scalar("lost", lost_);
    static_assert(sizeof(turnover_row) == 8 * sizeof(double));
    std::vector<double> rows(rows_.size() * 8);
    if (!rows.empty()) std::memcpy(rows.data(), rows_.data(), rows.size() * sizeof(double));
    v.resizable("turnover_rows", rows);
    rows_.resize(rows.size() / 8);
    if (!rows.empty()) std::memcpy(rows_.data(), rows.data(), rows.size() * sizeof(double));
  }

 public:
  structural_params p_;
  std::uint32_t object_;
  double target_ = 0.0;
  double initial_target_ = 0.0;             // the initial mean in-degree (target = 0)
  std::uint64_t calls_ = 0;                 // slow steps done: the stream position
  per_synapse<std::int64_t> born_;          // step at which each synapse was created
  std::int64_t report_every_ = 0, next_report_ = 0, cohort_start_ = 0;  // [steps]
  double cohort_ = 0.0, created_ = 0.0, removed_ = 0.0, lost_ = 0.0;
  std::vector<turnover_row> rows_;
};

}  // namespace

std::unique_ptr<plasticity_rule> build_rule(const structural_params& p, rule_context& ctx) {
  return std::make_unique<structural_rule>(p, ctx.proj);
}

const std::vector<turnover_row>* structural_turnover(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const structural_rule*>(&rule);
  return r ? &r->rows_ : nullptr;
}

const structural_params* structural_parameters(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const structural_rule*>(&rule);
  return r ? &r->p_ : nullptr;
}

std::vector<std::int64_t> structural_birth_steps(const plasticity_rule& rule) {
  const auto* r = dynamic_cast<const structural_rule*>(&rule);
  return r ? r->born_.values() : std::vector<std::int64_t>{};
}

}  // namespace plastix
