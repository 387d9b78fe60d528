// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011). A number is a pure function of
// (seed, stream key, position), so results do not depend on evaluation order or thread count.
#pragma once
#include <algorithm>
#include <array>
#include <vector>
#include <cstdint>
#include <string>
#include <string_view>

#include "plastix/core/state_visitor.hpp"
namespace plastix {

// What a random stream is used for; keeps streams for different purposes independent.
enum class purpose : std::uint8_t {
  connect = 1, weight = 2, delay = 3, init_state = 4, poisson = 5, noise = 6, structural = 7, user = 8,
  stimulus = 9,  // stimulus sequences (order of presented patterns, Gaussian input samples)
  plasticity = 10,  // stochastic plasticity (tag switches of tag_trigger), keyed by projection and synapse
  patterns = 11,     // random memory patterns ([[patterns]]), keyed by pattern set and pattern
  presentation = 12,  // random order of presented patterns (phase stimuli), keyed by phase
  reward = 13         // delays of rewards ([[modulator.reward]]), keyed by modulator and condition
};

// Identifies one stream: purpose, the object it belongs to (population or projection index) and an id
// inside that object (neuron or row).
struct stream_key {
  purpose what = purpose::user;
  std::uint32_t object = 0;  // < 2^24
  std::uint32_t id = 0;
};

// A stream object (< 2^24) from a name: 24-bit FNV-1a hash, e.g. of a projection's name, so that a rule's streams
// are keyed by its projection.
std::uint32_t stream_object(std::string_view name);

// Distinct stream objects for the projections of a network, by name: stream_object(name), except that a name whose
// hash collides with an earlier one's takes the next free value, so that no two projections share random streams.
// (Networks without a collision keep the streams of stream_object(name).)
std::vector<std::uint32_t> stream_objects(const std::vector<std::string>& names);

// The Philox4x32-10 bijection of a 128-bit counter under a 64-bit key.
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter, std::uint64_t key);

// Uniform double in [0, 1) at one position of one stream, without any state.
double uniform_at(std::uint64_t seed, stream_key key, std::uint64_t position);

// A sequential view of one stream: each call advances the position.
class random_stream {
 public:
  random_stream(std::uint64_t seed, stream_key key, std::uint64_t position = 0)
      : seed_(seed), key_(key), position_(position) {}

  std::uint64_t next_u64();
  double uniform();                            // [0, 1)
  double uniform(double lo, double hi);        // [lo, hi)
  double normal();                             // standard normal (Box-Muller)
  double normal(double mean, double sd) { return mean + sd * normal(); }
  double exponential(double mean);             // mean > 0
  std::uint64_t below(std::uint64_t n);        // uniform integer in [0, n), n > 0, unbiased
  std::uint64_t position() const { return position_; }
  // Checkpoints: the position and what is buffered from the last block (a spare normal, unused words).
  void visit_state(state_visitor& v) {
    v.scalar("position", position_);
    std::vector<std::uint32_t> buffer(buffer_.begin(), buffer_.end());
    v.fixed("buffer", buffer);
    std::copy(buffer.begin(), buffer.end(), buffer_.begin());
    std::int32_t buffered = buffered_;
    v.scalar("buffered", buffered);
    buffered_ = buffered;
    v.scalar("spare_normal", spare_normal_);
    v.flag("has_spare", has_spare_);
  }

 private:
  std::array<std::uint32_t, 4> block();
  std::uint64_t seed_;
  stream_key key_;
  std::uint64_t position_;
  std::array<std::uint32_t, 4> buffer_{};
  int buffered_ = 0;  // unused 32-bit words left in buffer_
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

// The first m entries of a uniformly random permutation of 0..n−1 (partial Fisher–Yates), in drawn order.
std::vector<std::uint32_t> shuffled_prefix(std::size_t n, std::size_t m, random_stream& rs);

}  // namespace plastix
