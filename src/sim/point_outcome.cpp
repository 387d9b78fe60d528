#include "point_outcome.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include "plastix/core/error.hpp"
#include "plastix/core/state_visitor.hpp"
#include "plastix/record/results_state.hpp"
#include "plastix/sim/run_stopped.hpp"

namespace plastix {

namespace {

// What ended the point.
enum class ending : std::uint8_t { computed, stopped, problems, error, internal };

// An outcome's parts, saved and loaded alike.
struct outcome {
  std::uint8_t how = static_cast<std::uint8_t>(ending::computed);
  std::vector<std::string> messages;  // the error's what(); each problem's, for problems
  bool interrupted = false;           // stopped: Ctrl-C (else a non-finite value)
  bool with_results = false;          // stopped: with the results up to the stop
  double time = 0.0;                  // stopped: when [ms]

  void visit(state_visitor& v, run_results& results, std::vector<std::vector<double>>& timed) {
    v.scalar("how", how);
    v.strings("messages", messages);
    v.flag("interrupted", interrupted);
    v.flag("with_results", with_results);
    v.scalar("time", time);
    if (how == static_cast<std::uint8_t>(ending::computed) || with_results) {
      const auto s = v.scope("results");
      visit_results(v, results);
    }
    v.nested("timed", timed);
  }
};

}  // namespace

std::vector<char> point_outcome(const std::function<void()>& compute, run_results& results,
                                std::vector<std::vector<double>>& timed) {
  outcome o;
  run_results partial;
  try {
    compute();
  } catch (const run_stopped& s) {
    o.how = static_cast<std::uint8_t>(ending::stopped);
    o.messages = {s.what()};
    o.interrupted = s.interrupted();
    o.time = s.time();
    o.with_results = static_cast<bool>(s.results());
    if (o.with_results) partial = *s.results();
  } catch (const problems& p) {
    o.how = static_cast<std::uint8_t>(ending::problems);
    for (const error& e : p.list()) o.messages.push_back(e.what());
  } catch (const error& e) {
    o.how = static_cast<std::uint8_t>(ending::error);
    o.messages = {e.what()};
  } catch (const std::exception& e) {
    o.how = static_cast<std::uint8_t>(ending::internal);
    o.messages = {e.what()};
  }
  state_archive archive;
  state_visitor saver(archive, false);
  o.visit(saver, o.with_results ? partial : results, timed);
  results = run_results{};
  timed.clear();
  return archive_bytes(archive);
}

void take_point_outcome(std::span<const char> bytes, run_results& results, std::vector<std::vector<double>>& timed) {
  state_archive archive = archive_from_bytes(bytes);
  state_visitor loader(archive, true);
  outcome o;
  {  // the ending first: it says what else is there
    state_visitor peek(archive, true);
    peek.scalar("how", o.how);
    peek.flag("with_results", o.with_results);
  }
  run_results partial;
  o.visit(loader, o.with_results ? partial : results, timed);
  const std::string message = o.messages.empty() ? std::string() : o.messages.front();
  switch (static_cast<ending>(o.how)) {
    case ending::computed: return;
    case ending::stopped: {
      run_stopped s(o.interrupted ? run_stopped::cause::interrupted : run_stopped::cause::nonfinite, o.time, message);
      if (!o.with_results) throw s;
      throw s.with_results(std::make_shared<run_results>(std::move(partial)));
    }
    case ending::problems: {
      std::vector<error> list;
      for (const std::string& m : o.messages) list.emplace_back(m);
      throw shared_error(problems(std::move(list)));  // every process merges the same outcome here
    }
    case ending::error: throw shared_error(error(message));
    case ending::internal: throw std::runtime_error(message);
  }
  throw error("internal: a sweep point's outcome is not one");
}

}  // namespace plastix
