// plastix — the command line tool.
//   plastix run FILE [-o DIR] [--seed N] [--set key=value ...] [--start-from CHECKPOINT]
//   plastix resume CHECKPOINT [-o DIR]          (docs/checkpoints.md; checkpoint options as for run)
//   plastix check FILE [--set key=value ...]
//   plastix list [NAME]
//   plastix report DIR
// run and resume write figure.png, report.html (and memory.png for runs with a recall analysis) after the data,
// unless --no-report.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <charconv>
#include <csignal>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "plastix/core/communicator.hpp"
#include "plastix/core/error.hpp"
#include "plastix/core/printable.hpp"
#include "plastix/core/units.hpp"
#include "plastix/io/config.hpp"
#include "plastix/io/respecify.hpp"
#include "plastix/io/resume.hpp"
#include "plastix/record/checkpoint_file.hpp"
#include "plastix/record/output_dir.hpp"
#include "plastix/plasticity/rules.hpp"
#include "plastix/sim/experiment.hpp"
#include "plastix/sim/point_schedule.hpp"
#include "plastix/spec/catalogue_text.hpp"
#include "plastix/spec/models.hpp"
#include "plastix/spec/resources.hpp"
#include "plastix/sim/run_stopped.hpp"
#include "plastix/synapse/connectors.hpp"
#include "plastix/version.hpp"
#include "report_writer.hpp"
#include "stop_signal.hpp"
#include "world.hpp"

namespace {

// A progress bar with the real-time factor on a terminal; otherwise a plain line every 10 %.
class progress_printer {
 public:
  explicit progress_printer(bool quiet) : quiet_(quiet), tty_(isatty(fileno(stderr)) != 0) {}

  void operator()(const plastix::progress_info& p) {
    if (quiet_) return;
    const double factor = p.wall_time > 0.0 ? p.bio_time * 1e-3 / p.wall_time : 0.0;
    if (tty_) {
      constexpr int width = 30;
      const int filled = static_cast<int>(std::lround(p.fraction * width));
      std::fprintf(stderr, "\r[%s%s] %3d%%  %.2f s simulated  %.1f s wall  %.2fx real time  (%s)   ",
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   std::string(static_cast<std::size_t>(width - filled), '-').c_str(),
                   static_cast<int>(p.fraction * 100.0), p.bio_time * 1e-3, p.wall_time, factor,
                   plastix::printable(p.phase).c_str());
      if (p.fraction >= 1.0) std::fputc('\n', stderr);
    } else {
      const int decile = static_cast<int>(p.fraction * 10.0 + 1e-9);
      if (decile <= last_decile_) return;
      last_decile_ = decile;
      std::fprintf(stderr, "progress: %3d%%  %.2f s simulated  %.1f s wall  %.2fx real time  phase %s\n", decile * 10,
                   p.bio_time * 1e-3, p.wall_time, factor, plastix::printable(p.phase).c_str());
    }
    std::fflush(stderr);
    open_line_ = tty_ && p.fraction < 1.0;
  }

  // Ends a progress bar line cut short (a message follows).
  void end_line() {
    if (open_line_) std::fputc('\n', stderr);
    open_line_ = false;
  }

 private:
  bool quiet_, tty_, open_line_ = false;
  int last_decile_ = -1;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Text from the user (names, paths, messages), escaped for the terminal; see plastix::printable.
std::string shown(const std::string& text) { return plastix::printable(text); }

// The value of --seed: a whole number in the range experiment.seed accepts.
std::string seed_override(const std::string& text) {
  constexpr std::uint64_t max_seed = 9223372036854775807ull;  // as for experiment.seed in a file
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.front() == '-' || text.front() == '+' || ec != std::errc() ||
      end != text.data() + text.size() || value > max_seed)
    throw plastix::error("--seed: expected a whole number from 0 to " + std::to_string(max_seed) + ", got '" + text +
                         "'");
  return "experiment.seed=" + std::to_string(value);
}

// A path next to DIR, never in it: DIR + suffix.
std::string beside(const std::string& out_dir, const char* suffix) {
  std::filesystem::path p(out_dir);
  if (!p.has_filename()) p = p.parent_path();  // "results/x/"
  p += suffix;
  return p.string();
}

// Where the results of a run that stopped early go: next to DIR, never into it.
std::string incomplete_dir(const std::string& out_dir) { return beside(out_dir, ".incomplete"); }

// A run that stopped early (sim/run_stopped.hpp): its results up to the stop go to <DIR>.incomplete/; DIR is left
// as it was. Exit status 2 (a NaN or ±inf: an error) or 128 + the signal (Ctrl-C: 130).
int run_stopped_early(const plastix::run_stopped& stop, const std::string& out_dir,
                      const plastix::hdf5_options& options) {
  std::string saved;
  if (stop.results()) {
    const std::string partial = incomplete_dir(out_dir);
    try {
      plastix::write_results(*stop.results(), partial, options);
      saved = "; the results up to the stop are in " + shown(partial) + "/";
    } catch (const plastix::error& e) {
      saved = "; the results up to the stop could not be written: " + shown(e.what());
    }
  }
  const std::string previous = std::filesystem::exists(out_dir)
                                   ? "previous results in " + shown(out_dir) + " are intact"
                                   : "nothing was written to " + shown(out_dir);
  if (stop.interrupted()) {
    std::fprintf(stderr, "plastix: %s; %s%s\n", shown(stop.what()).c_str(), previous.c_str(), saved.c_str());
    const int signal = plastix::cli::stop_signal();
    return 128 + (signal ? signal : SIGINT);
  }
  std::fprintf(stderr, "plastix: error: %s\nplastix: %s%s\n", shown(stop.what()).c_str(), previous.c_str(),
               saved.c_str());
  return 2;
}

// The checkpoint options of `run` and `resume` (docs/checkpoints.md).
struct checkpoint_flags {
  std::string path;   // --checkpoint (default <DIR>.checkpoint.h5)
  std::string every;  // --checkpoint-every "10 min" (wall time) or "5 s bio" (biological time)
  bool at_end = false;
  std::int64_t stop_at_step = -1;  // --checkpoint-stop-at-step (tests)
};

// The options run and resume share.
struct run_flags {
  checkpoint_flags checkpoint;
  unsigned jobs = plastix::default_jobs();  // --jobs: points of a sweep at once
  unsigned threads = 1;                      // --threads: inside each run
  bool quiet = false;                        // -q
  bool report = true;                        // not --no-report
  bool compress = true;                      // not --no-compression (data.h5's large datasets gzip-compressed)
};

// --checkpoint-every: "<time>" of wall time or "<time> bio" of biological time (a whole number of steps).
plastix::checkpoint_options checkpoint_options_of(const checkpoint_flags& f, const std::string& out_dir, double dt) {
  plastix::checkpoint_options o;
  o.file = f.path.empty() ? beside(out_dir, ".checkpoint.h5") : f.path;
  o.at_end = f.at_end;
  o.stop_at_step = f.stop_at_step;
  if (!f.every.empty()) {
    std::string text = f.every;
    bool bio = false;
    if (text.size() > 3 && text.compare(text.size() - 3, 3, "bio") == 0) {
      bio = true;
      text.resize(text.size() - 3);
    }
    double period = 0.0;
    try {
      period = plastix::parse_quantity(text, plastix::dimension::time);
    } catch (const plastix::error& e) {
      throw plastix::error("--checkpoint-every: expected a time of wall clock (\"10 min\") or of biological time "
                           "(\"5 s bio\"), got '" + f.every + "': " + e.what());
    }
    if (!(period > 0.0)) throw plastix::error("--checkpoint-every: the period must be positive, got '" + f.every + "'");
    if (bio) o.every_steps = std::max<std::int64_t>(1, std::llround(period / dt));
    else o.every_wall = period / plastix::units::second;
  }
  return o;
}

// Runs spec (or resumes it from `resume`) and writes its results; a stop (Ctrl-C, a NaN) is reported as by
// run_stopped_early, with how to resume when a checkpoint was written.
int run_and_write(const plastix::experiment_spec& spec, const std::vector<std::string>& overrides,
                  const std::string& file, std::string out_dir, run_flags flags, const plastix::checkpoint* resume,
                  const std::shared_ptr<plastix::communicator>& world);

// MPI (docs/parallel.md): the processes of `mpirun -n K plastix run` compute one run together (spec.processes);
// each of them with --threads threads.
void share_among_processes(plastix::experiment_spec& spec, const std::shared_ptr<plastix::communicator>& world) {
  if (world->size() > 1) spec.processes = world;
}

int cmd_run(const std::string& file, std::string out_dir, const std::vector<std::string>& sets,
            const std::optional<std::string>& seed, const std::string& start_from, const run_flags& flags,
            const std::shared_ptr<plastix::communicator>& world) {
  std::vector<std::string> overrides = sets;
  if (seed) overrides.push_back(seed_override(*seed));
  if (!start_from.empty())  // a warm start: as experiment.start_from, from here rather than the file's directory
    overrides.push_back("experiment.start_from=" + std::filesystem::absolute(start_from).lexically_normal().string());
  // The memory checks count what one machine holds at once: its processes' shares, or a sweep's points at once.
  const auto processes = static_cast<std::size_t>(world->size());
  const plastix::machine_share share{processes, static_cast<std::size_t>(world->on_one_machine()),
                                     processes > 1 ? 1 : flags.jobs};
  plastix::experiment_spec spec = plastix::load_experiment(file, overrides, share);
  spec.threads = flags.threads;
  share_among_processes(spec, world);
  return run_and_write(spec, overrides, file, out_dir, flags, nullptr, world);
}

int cmd_resume(const std::string& checkpoint_file, std::string out_dir, run_flags flags,
               const std::shared_ptr<plastix::communicator>& world) {
  if (world->size() > 1)
    throw plastix::error("plastix resume under mpirun -n " + std::to_string(world->size()) +
                         ": checkpoints of a run shared among processes are not supported yet; resume it in one "
                         "process (without mpirun)");
  const auto started = std::chrono::steady_clock::now();
  const plastix::checkpoint c = plastix::read_checkpoint(checkpoint_file);
  const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  plastix::experiment_spec spec = plastix::resume_spec(c);
  spec.threads = flags.threads;  // any number: the results are the same (docs/parallel.md)
  if (flags.checkpoint.path.empty()) flags.checkpoint.path = checkpoint_file;  // further checkpoints replace this one
  if (!flags.quiet)
    std::fprintf(stderr, "plastix %s: resuming '%s' from %s at %s%st = %.10g ms (phase %s; read in %.2f s)\n",
                 plastix::version, shown(spec.name).c_str(), shown(checkpoint_file).c_str(),
                 shown(c.header.sweep_point).c_str(), c.header.sweep_point.empty() ? "" : ", ", c.header.time,
                 !c.header.phase.empty()        ? shown(c.header.phase).c_str()
                 : c.header.sweep_point.empty() ? "(end of the run)"
                                                : "(none)", read_s);
  return run_and_write(spec, c.header.overrides, c.header.file, out_dir, flags, &c, world);
}

// With MPI, rank 0 alone checks the output directory; the others learn its verdict (the same error on every rank).
// Ranks other than 0 get none.
std::optional<plastix::output_target> checked_output(const std::string& out_dir, std::uint64_t bytes,
                                                     plastix::communicator& world) {
  if (world.size() <= 1) return plastix::check_output_target(out_dir, bytes);
  std::vector<char> verdict;
  std::optional<plastix::output_target> target;
  if (world.rank() == 0) {
    try {
      target.emplace(plastix::check_output_target(out_dir, bytes));
    } catch (const plastix::error& e) {
      const std::string what = e.what();
      verdict.assign(what.begin(), what.end());
      if (verdict.empty()) verdict.push_back(' ');
    }
  }
  world.broadcast(verdict, 0);
  if (!verdict.empty()) throw plastix::error(std::string(verdict.begin(), verdict.end()));
  return target;
}

int run_and_write(const plastix::experiment_spec& spec, const std::vector<std::string>& overrides,
                  const std::string& file, std::string out_dir, run_flags flags, const plastix::checkpoint* resume,
                  const std::shared_ptr<plastix::communicator>& world) {
  // MPI: rank 0 prints and writes; the others compute (and stop) with it, silently.
  const bool root = world->rank() == 0;
  if (!root) flags.quiet = true;
  if (world->size() > 1) flags.jobs = 1;  // each point of a sweep is shared among the processes
  if (out_dir.empty()) {
    plastix::check_path_name(spec.name, spec.name_where,
                             "the output directory results/<experiment.name> when no -o DIR is given");
    out_dir = (std::filesystem::path("results") / spec.name).string();
  }
  // Before the run: an output directory that is not plastix's, not writable, too small or in use by another
  // run is an error now, not after hours (free space: the output size estimated from the monitors).
  const std::optional<plastix::output_target> target =
      checked_output(out_dir, plastix::estimate_output_bytes(spec), *world);
  if (!flags.quiet && !resume)
    std::fprintf(stderr, "plastix %s: running '%s' (seed %llu, dt %g ms)\n", plastix::version,
                 shown(spec.name).c_str(), static_cast<unsigned long long>(spec.seed), spec.dt);
  // Checkpoints: on request, and on Ctrl-C for every run.
  const bool checkpoints_asked = !flags.checkpoint.path.empty() || !flags.checkpoint.every.empty() ||
                                 flags.checkpoint.at_end || flags.checkpoint.stop_at_step >= 0;
  plastix::checkpoint_options ckpt = checkpoint_options_of(flags.checkpoint, out_dir, spec.dt);
  if (world->size() > 1) {  // not yet: a checkpoint would need the state of every rank (docs/parallel.md)
    if (checkpoints_asked)
      throw plastix::error("checkpoints of a run shared among processes (mpirun -n " + std::to_string(world->size()) +
                           ") are not supported yet: run without --checkpoint options, or in one process");
    ckpt.file.clear();  // Ctrl-C writes no checkpoint
  }
  if (!ckpt.file.empty() && !plastix::may_write_checkpoint(ckpt.file) && !checkpoints_asked)
    ckpt.file.clear();  // Ctrl-C then writes no checkpoint: the file there is not plastix's
  if (!ckpt.file.empty() && !plastix::may_write_checkpoint(ckpt.file))
    throw plastix::error("checkpoint '" + ckpt.file.string() + "': the file exists and is not a plastix checkpoint; "
                         "plastix does not overwrite it (choose another path with --checkpoint)");
  progress_printer printer(flags.quiet);
  if (!flags.quiet)
    ckpt.written = [&printer, file = ckpt.file](const plastix::checkpoint_header& h, double seconds) {
      std::error_code ec;
      const auto bytes = std::filesystem::file_size(file, ec);
      printer.end_line();
      std::fprintf(stderr, "plastix: checkpoint at t = %.10g ms written to %s (%.1f MB in %.2f s)\n", h.time,
                   shown(file.string()).c_str(), ec ? 0.0 : static_cast<double>(bytes) * 1e-6, seconds);
    };
  const plastix::respecify_fn respecify = plastix::respecify_file(file, overrides);
  // Ctrl-C or SIGTERM: the run stops at its next poll (within about a second) and nothing is written to out_dir.
  plastix::cli::catch_stop_signals();
  const auto stop = [] { return plastix::cli::stop_signal() != 0; };
  plastix::run_results results;
  try {
    results = spec.sweep ? plastix::run_sweep(spec, respecify, std::ref(printer), stop, ckpt, resume, flags.jobs)
                         : plastix::run_experiment(spec, std::ref(printer), stop, ckpt, resume);
    if (stop()) {  // a signal after the last poll: the run is complete, but the user asked to stop
      results.stop_reason = "interrupted at the end of the run";
      throw plastix::run_stopped(plastix::run_stopped::cause::interrupted, results.bio_time, results.stop_reason)
          .with_results(std::make_shared<plastix::run_results>(std::move(results)));
    }
  } catch (const plastix::run_stopped& stopped) {
    plastix::cli::release_stop_signals();  // a second Ctrl-C ends the process at once
    printer.end_line();
    if (!root) return stopped.interrupted() ? 128 + SIGINT : 2;  // rank 0 reports it and writes what there is
    const int status = run_stopped_early(stopped, out_dir, {.compress = flags.compress});
    std::error_code ec;
    if (stopped.interrupted() && !ckpt.file.empty() && std::filesystem::exists(ckpt.file, ec))
      std::fprintf(stderr, "plastix: the run was saved to the checkpoint %s; continue it with\n  plastix resume %s -o %s\n",
                   shown(ckpt.file.string()).c_str(), shown(ckpt.file.string()).c_str(), shown(out_dir).c_str());
    return status;
  } catch (const plastix::error& e) {
    if (world->size() <= 1) throw;
    printer.end_line();
    if (dynamic_cast<const plastix::shared_error*>(&e)) {  // every process meets it here: rank 0 says it, once
      if (root) std::fprintf(stderr, "plastix: error: %s\n", shown(e.what()).c_str());
      std::fflush(stderr);
      world->barrier();  // said before any process ends the run
      world->abort(2);
    }
    // MPI: an error in the run may be met by one process only, while the others wait for it in an exchange: every
    // process ends (MPI_Abort). Rank 0 prints it; another rank prints it only if rank 0 has not ended the run by then
    // (an error every rank meets is printed once).
    if (!root) std::this_thread::sleep_for(std::chrono::seconds(2));
    const std::string who = root ? "" : " (process " + std::to_string(world->rank()) + ")";
    std::fprintf(stderr, "plastix: error%s: %s\n", who.c_str(), shown(e.what()).c_str());
    std::fflush(stderr);
    world->abort(2);
  }
  plastix::cli::release_stop_signals();
  if (!root) return 0;
  plastix::write_results(results, *target, {.compress = flags.compress});
  if (!flags.quiet) {
    std::printf("%s: %.3g s simulated in %.3g s wall (%.2fx real time), %llu spikes, %llu synapses\n",
                shown(spec.name).c_str(), results.bio_time * 1e-3, results.wall_time,
                results.wall_time > 0 ? results.bio_time * 1e-3 / results.wall_time : 0.0,
                static_cast<unsigned long long>(results.spike_count),
                static_cast<unsigned long long>(results.synapse_count));
    for (const auto& [key, value] : results.metrics)
      if (key.rfind("rate_hz.", 0) == 0)
        std::printf("  mean rate %-12s %8.3f Hz\n", shown(key.substr(8)).c_str(), value);
    for (const auto& [name, tab] : results.tables)
      std::printf("  table %s: %zu rows (%s)\n", shown(name).c_str(), tab.data.empty() ? 0 : tab.data[0].size(),
                  shown(join(tab.columns)).c_str());
    std::printf("results written to %s/ (data.h5, summary.json)\n", shown(target->dir().string()).c_str());
  }
  if (!flags.report) return 0;
  if (!flags.quiet) std::printf("writing the figures and the report ...\n");
  if (plastix::cli::write_report({.dir = target->dir().string(), .with_figures = true, .quiet = flags.quiet}) != 0) {
    std::fprintf(stderr,
                 "plastix: the run's results are in %s/ (data.h5, summary.json), but its figures and report were "
                 "not written (see above); write them with\n  plastix report %s\n",
                 shown(target->dir().string()).c_str(), shown(target->dir().string()).c_str());
    return 3;
  }
  return 0;
}

int cmd_check(const std::string& file, const std::vector<std::string>& sets) {
  const plastix::experiment_spec spec = plastix::load_experiment(file, sets);
  const plastix::sweep_size size = plastix::check_sweep(spec, [&](const std::vector<std::string>& extra) {
    std::vector<std::string> all = sets;
    all.insert(all.end(), extra.begin(), extra.end());
    return plastix::load_experiment(file, all);
  });
  std::size_t neurons = 0;
  for (const auto& p : spec.network.populations) neurons += p.size;
  double duration = 0.0;
  for (const auto& ph : spec.phases) duration += ph.duration;
  std::printf("%s: ok — experiment '%s', %zu populations (%zu neurons), %zu projections, %zu monitors, %zu phases "
              "(%g s)\n",
              shown(file).c_str(), shown(spec.name).c_str(), spec.network.populations.size(), neurons,
              spec.network.projections.size(), spec.monitors.size(), spec.phases.size(), duration * 1e-3);
  if (spec.sweep) {
    const std::size_t conditions = spec.sweep->conditions.size();
    const std::string of = conditions > 0 ? " (" + std::to_string(conditions) + " conditions)" : "";
    std::printf("  sweep: %zu runs%s, %g s of biological time in all (%.3g h)\n", size.runs, of.c_str(),
                size.bio_time * 1e-3, size.bio_time / 3.6e6);
  }
  return 0;
}

// `plastix report DIR`: the figures and report of an existing output directory (report_writer.hpp).
int cmd_report(const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) throw plastix::error("plastix report: no such directory: " + dir);
  return plastix::cli::write_report({.dir = dir, .with_figures = true, .quiet = false});
}

// Every family of the catalogue with its models and their state, or the keys, presets and state of model `name`
// (spec/catalogue_text.hpp).
int cmd_list(const std::string& name) {
  if (!name.empty()) {
    std::fputs(plastix::model_help(name).c_str(), stdout);
    return 0;
  }
  std::fputs(plastix::catalogue_overview().c_str(), stdout);
  std::printf("stimuli:        rate (spike sources), current (neurons), per phase\n");
  std::printf("\n`plastix list NAME` shows a model's keys, presets and state.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"plastix — a simulator of synaptic plasticity for learning and memory"};
  app.set_version_flag("--version", std::string("plastix ") + plastix::version);
  app.require_subcommand(1);

  std::string file, out_dir;
  std::vector<std::string> sets;
  std::optional<std::string> seed;  // checked by seed_override: CLI11 would turn -1 into 2^64 - 1
  run_flags flags;
  bool no_report = false, no_compression = false;
  checkpoint_flags& ckpt = flags.checkpoint;
  // The checkpoint options, --jobs, --threads, --no-report and --no-compression, shared by run and resume.
  const auto add_checkpoint_options = [&flags, &ckpt, &no_report, &no_compression](CLI::App* cmd) {
    cmd->add_flag("--no-report", no_report,
                  "write the data only (data.h5, summary.json), not figure.png, memory.png and report.html");
    cmd->add_flag("--no-compression", no_compression,
                  "store data.h5's datasets uncompressed (faster to write, larger; the values are the same)");
    cmd->add_option("--jobs", flags.jobs,
                    "points of a sweep run at once, each on a thread (default: the number of cores, " +
                        std::to_string(flags.jobs) + "); the results are the same for every N (docs/parallel.md)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--threads", flags.threads,
                    "threads inside each run (default 1); the results are the same for every N; with a sweep, "
                    "--jobs × --threads threads run at once (docs/parallel.md)")
        ->check(CLI::Range(1u, 1024u));
    cmd->add_option("--checkpoint", ckpt.path, "checkpoint file (default <DIR>.checkpoint.h5)");
    cmd->add_option("--checkpoint-every", ckpt.every,
                    "write a checkpoint every period of wall time (\"10 min\") or biological time (\"5 s bio\")");
    cmd->add_flag("--checkpoint-at-end", ckpt.at_end, "write a checkpoint when the run is done");
    cmd->add_option("--checkpoint-stop-at-step", ckpt.stop_at_step,
                    "(tests) write a checkpoint when the clock reaches this step, then stop as on Ctrl-C");
  };

  auto* run = app.add_subcommand("run", "run an experiment file and write DIR/data.h5, DIR/summary.json, its figures "
                                        "and DIR/report.html");
  run->add_option("file", file, "experiment file (TOML)")->required();
  run->add_option("-o,--output", out_dir, "output directory (default results/<experiment name>)");
  run->add_option("--seed", seed, "random seed (overrides experiment.seed)");
  run->add_option("--set", sets, "override a key of the file, e.g. --set population.exc.size=400")->allow_extra_args(false);
  run->add_flag("-q,--quiet", flags.quiet, "print nothing but errors");
  std::string start_from;
  run->add_option("--start-from", start_from,
                  "start from the weights of a trained network: a checkpoint of another experiment (a warm start)");
  add_checkpoint_options(run);

  std::string checkpoint_file;
  auto* resume = app.add_subcommand("resume", "continue a run from its checkpoint (bitwise as if never stopped)");
  resume->add_option("checkpoint", checkpoint_file, "checkpoint file (.h5) written by plastix run")->required();
  resume->add_option("-o,--output", out_dir, "output directory (default results/<experiment name>)");
  resume->add_flag("-q,--quiet", flags.quiet, "print nothing but errors");
  add_checkpoint_options(resume);

  auto* check = app.add_subcommand("check", "validate an experiment file without running it");
  check->add_option("file", file, "experiment file (TOML)")->required();
  check->add_option("--set", sets, "override a key of the file")->allow_extra_args(false);

  std::string list_name;
  auto* list = app.add_subcommand("list", "list every model of the catalogue, or the keys, presets and state of one");
  list->add_option("name", list_name, "a model, e.g. lif or stdp");

  std::string report_dir;
  auto* report = app.add_subcommand("report", "write DIR/report.html and the figures (figure.png, memory.png) of a "
                                              "run's output");
  report->add_option("dir", report_dir, "output directory of a run")->required();

  // MPI: under mpirun with K > 1 processes, the K processes share each run (world.hpp); a plastix built without MPI
  // refuses to run there (each process would compute the whole run and write the same directory).
  const std::shared_ptr<plastix::communicator> world = plastix::cli::start_world(argc, argv);
  if (const auto refusal = plastix::mpi_refusal(plastix::launched_processes([](const char* n) { return std::getenv(n); }),
                                                plastix::cli::built_with_mpi())) {
    const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");  // printed once, by the first process
    if (!rank) rank = std::getenv("PMI_RANK");
    if (!rank || std::string(rank) == "0") std::fprintf(stderr, "plastix: error: %s\n", refusal->c_str());
    return 2;
  }
  const bool root = world->rank() == 0;  // MPI: only rank 0 prints errors (every rank meets the same ones)
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {  // CLI11's messages quote the arguments: escape them as well
    std::ostringstream out, err;
    const int code = app.exit(e, out, err);
    if (!root) return code;
    std::fputs(shown(out.str()).c_str(), stdout);
    std::fputs(shown(err.str()).c_str(), stderr);
    return code;
  }
  flags.report = !no_report;
  flags.compress = !no_compression;
  try {
    if (run->parsed()) return cmd_run(file, out_dir, sets, seed, start_from, flags, world);
    if (resume->parsed()) return cmd_resume(checkpoint_file, out_dir, flags, world);
    if (check->parsed()) return cmd_check(file, sets);
    if (list->parsed()) return cmd_list(list_name);
    if (report->parsed()) return cmd_report(report_dir);
  } catch (const plastix::problems& all) {  // every problem of a file, one per line
    if (!root) return 2;
    for (const plastix::error& e : all.list()) std::fprintf(stderr, "plastix: error: %s\n", shown(e.what()).c_str());
    const std::size_t count = all.list().size() + all.left_out();
    if (all.left_out() > 0) std::fprintf(stderr, "plastix: ... and %zu more problems\n", all.left_out());
    std::fprintf(stderr, "plastix: %zu problems found\n", count);
    return 2;
  } catch (const plastix::error& e) {
    if (root) std::fprintf(stderr, "plastix: error: %s\n", shown(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {  // not one every rank meets: it ends every process of the run
    std::fprintf(stderr, "plastix: internal error%s: %s\n",
                 world->size() > 1 ? (" (process " + std::to_string(world->rank()) + ")").c_str() : "",
                 shown(e.what()).c_str());
    if (world->size() > 1) world->abort(3);
    return 3;
  }
  return 0;
}
