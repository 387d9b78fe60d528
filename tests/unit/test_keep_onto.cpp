// projection::keep_onto (storage shared out over MPI processes, sim/rank_split.hpp): a process keeps exactly the
// synapses onto its post neurons, in the whole projection's order, with their delays, weights and rule state; the
// delay slots stay; whole_id and whole_size name the synapses as the whole projection does.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "plastix/synapse/connectors.hpp"
#include "plastix/synapse/projection.hpp"
#include "plastix/synapse/rule.hpp"
#include "projection_check.hpp"
#include "spec_builders.hpp"

using namespace plastix;

namespace {

std::unique_ptr<population> make(const std::string& name, std::size_t n, std::uint32_t index) {
  auto spec = test::lif_population(name, n, {}, {test::conductance("exc", 5.0, 0.0)});
  return make_population(spec, index, 1);
}

// A rule whose per-synapse state is the synapse's id at construction: where each value went is visible.
class id_rule : public plasticity_rule {
 public:
  explicit id_rule(const projection& proj) : id_(*this, proj.size(), -1.0) {
    for (std::size_t s = 0; s < proj.size(); ++s) id_[s] = static_cast<double>(s);
  }
  const char* name() const override { return "id"; }
  bool splits_by_target() const override { return true; }
  void visit_state(state_visitor& v) override { visit_columns(v); }
  per_synapse<double> id_;
};

synapse_rows rows_with_several_delays(std::uint32_t n_pre, std::uint32_t n_post) {
  projection_spec ps = test::projection_between("a", "b", "exc", 1.0, 0.1);
  ps.connector.type = connector_spec::kind::fixed_probability;
  ps.connector.p = 0.3;
  ps.weight = distribution::uniform(0.0, 1.0);
  ps.delay = distribution::uniform(0.1, 1.0);  // 10 delays of 0.1 ms steps
  return connect(ps, {n_pre, n_post, false, 0, 11, 0.1});
}

}  // namespace

TEST(keep_onto, a_process_keeps_exactly_the_synapses_onto_its_neurons_with_their_ids_in_the_whole_projection) {
  auto a = make("a", 60, 0), b = make("b", 50, 1);
  projection whole("ab", *a, *b, 0, rows_with_several_delays(60, 50), 0);
  ASSERT_GT(whole.delay_slots(), 3u);
  for (const auto& [lo, hi] : {std::pair<std::uint32_t, std::uint32_t>{0, 17}, {17, 41}, {41, 50}, {20, 20}}) {
    projection part("ab", *a, *b, 0, rows_with_several_delays(60, 50), 0);
    auto* rule = new id_rule(part);
    part.add_rule(std::unique_ptr<plasticity_rule>(rule));
    part.keep_onto(lo, hi, {0, 0.1, 1});
    std::multiset<test::synapse_tuple> expected;
    std::vector<std::uint64_t> ids;  // the whole projection's ids of the kept synapses, in its order
    for (std::uint32_t s = 0; s < whole.size(); ++s) {
      const std::uint32_t i = whole.post_index()[s];
      if (i < lo || i >= hi) continue;
      expected.insert({whole.pre_of(s), i, whole.delay(s), whole.weights()[s]});
      ids.push_back(s);
    }
    test::expect_consistent(part, expected);  // rows, segments, transposed index, find()
    EXPECT_TRUE(part.kept_part());
    EXPECT_EQ(part.whole_size(), whole.size());
    EXPECT_EQ(part.delay_values(), whole.delay_values());  // the slots (pre traces, per-(pre, slot) state) stay
    ASSERT_EQ(part.size(), ids.size());
    for (std::uint32_t s = 0; s < part.size(); ++s) {
      ASSERT_EQ(part.whole_id(s), ids[s]) << "synapse " << s;  // kept in the whole projection's order
      EXPECT_EQ(part.post_index()[s], whole.post_index()[ids[s]]);
      EXPECT_EQ(part.weights()[s], whole.weights()[ids[s]]);
      EXPECT_EQ(part.delay(s), whole.delay(ids[s]));
      EXPECT_EQ(rule->id_[s], static_cast<double>(ids[s]));  // the rule's state followed its synapse
    }
    for (std::uint32_t i = 0; i < 50; ++i)  // every kept post neuron has all its synapses, the others none
      EXPECT_EQ(part.incoming(i).size(), i >= lo && i < hi ? whole.incoming(i).size() : 0u) << "post neuron " << i;
  }
}
