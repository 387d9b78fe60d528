// The forward columns of a projection as construction produces them: rows by presynaptic neuron, each row ordered
// by delay, then post neuron (ties in their order of creation), the delay segments of each row, and the distinct
// delays. connect() (synapse/connectors.cpp) draws the connectivity straight into these columns (no list of
// synapses: construction's memory peak is the storage itself, docs/performance.md "Memory at scale"); a list of
// synapses (the `list` connector, rewiring, checkpoints) becomes rows through rows_from_entries.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "plastix/synapse/index_column.hpp"

namespace plastix {

struct synapse_entry {
  std::uint32_t pre = 0, post = 0;
  double weight = 0.0;        // [nS] or [pA]
  std::int32_t delay = 0;     // total delay [steps]
};

struct synapse_rows {
  std::vector<std::uint32_t> row_ptr;     // n_pre + 1: synapses of pre neuron j are [row_ptr[j], row_ptr[j + 1])
  index_column post;                      // per synapse
  std::vector<double> weight;             // per synapse [nS] or [pA]
  std::vector<std::uint32_t> seg_ptr;     // n_pre + 1: delay segments of each row
  std::vector<std::uint32_t> seg_begin;   // first synapse of each segment (+ sentinel: the synapse count)
  std::vector<std::int32_t> seg_delay;    // delay of each segment [steps]
  std::vector<std::int32_t> delay_values; // distinct delays, ascending [steps] ({0} when there is no synapse)
  // Storage shared out over MPI processes (connect_context::comm, projection::keep_onto): only the
  // synapses onto some post neurons, and where they sit in the whole projection — per segment the whole
  // projection's id of its first synapse — and its synapse count. Empty / 0 for a whole projection.
  bool kept_part = false;
  std::vector<std::uint32_t> whole_begin;
  std::size_t whole_size = 0;

  std::size_t size() const { return weight.size(); }
  // The synapses as a list, in storage order (tests and tools: 24 B per synapse).
  std::vector<synapse_entry> entries() const;
  // Opens the next row j (rows in order) at its first synapse: adds a segment wherever the delay changes within
  // the row's delays (already ascending), and records the distinct delays.
  void add_row_segments(std::uint32_t j, std::span<const std::int32_t> delays);
  // The same for a row with one delay.
  void add_row_segment(std::uint32_t j, std::int32_t delay);
  // Records delays among the distinct delays without adding segments (a process's share keeps the whole
  // projection's delay values: connect_context::comm); an empty list records the delay 0 (rate transmission).
  void note_delays(std::span<const std::int32_t> delays);
  // Rows opened in blocks (on threads): appends the segments of `part` — a block of the rows that follow those
  // joined so far, opened into a synapse_rows of their own with these row starts — and its delay values.
  void join_segments(const synapse_rows& part);
  // After the last row: the segments' prefix sums and sentinel.
  void close_segments();
};

// Rows from a list of synapses in any order (every index in range), stably ordered by (pre, delay, post). Releases
// the list once the columns are filled, before anything else is allocated.
synapse_rows rows_from_entries(std::vector<synapse_entry>&& entries, std::size_t n_pre, std::size_t n_post);
// Rows from a list already in storage order by (pre, delay) (rewiring puts a new synapse at the end of its
// segment; checkpoints keep their order), taken as it is; `delays`: the delay values to keep (every synapse's
// delay among them). Releases the list as rows_from_entries does.
synapse_rows rows_in_order(std::vector<synapse_entry>&& sorted, std::size_t n_pre, std::size_t n_post,
                           std::vector<std::int32_t> delays);

}  // namespace plastix
