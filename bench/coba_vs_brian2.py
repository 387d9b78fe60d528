#!/usr/bin/python3
"""The COBA benchmark (Brette et al. 2007, benchmark 1; Vogels & Abbott 2005) in plastix and in Brian2's C++
standalone mode, side by side, single-threaded.

    /usr/bin/python3 bench/coba_vs_brian2.py --plastix build/bin/plastix [--duration 10 | --quick] [--repeat 3]

plastix runs experiments/coba.toml: a copy without the state and rate monitors (the spike monitors stay, as Brian2
records all spikes too), with experiment.duration set by --set. Brian2 runs the same model written in Brian2's own
equations (the same integration method of v, --method: exponential Euler by default, or forward Euler; same
parameters, same distributions of initial state and connectivity, but not the
same random numbers: the two networks are statistically alike, not spike for spike), generated as a C++
standalone project, compiled by Brian2 (its default flags: -O3 -ffast-math -march=native) and run with OpenMP off.

Reported times, each the best of --repeat runs:
- whole run: the `plastix run` process (parse, build the network, simulate, write data.h5 and summary.json) and
  Brian2's compiled `main` (build the network, simulate, write results), compilation excluded;
  as wall-clock time and as CPU time (user + system, from getrusage of the child process).
- simulation loop: plastix: summary.json wall_time_s (network construction + simulation) minus the same for a
  one-step run; the CPU-time column likewise from the process CPU times. Brian2: the time Network::run records
  itself (results/last_run_info.txt), which without OpenMP is CPU time from std::clock().
- Brian2's code generation + compilation, for information.
The ratios Brian2/plastix use CPU time where both have it (robust on a shared machine): > 1 means plastix is faster.
"""

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
N_EXC, N_INH = 3200, 800


def strip_monitors(text, keep=("spikes",)):
    """The experiment text without the [[monitor]] tables whose type is not in keep."""
    blocks = re.split(r"(?m)^(?=\[\[monitor\]\])", text)
    out = [blocks[0]]
    for block in blocks[1:]:
        m = re.search(r'(?m)^\s*type\s*=\s*"(\w+)"', block)
        if m and m.group(1) in keep:
            out.append(block)
    return "".join(out)


def timed(cmd_or_fn, *args):
    """Run a command (list) or a function; return (result, wall [s], CPU of child processes [s])."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    if callable(cmd_or_fn):
        result = cmd_or_fn(*args)
    else:
        result = subprocess.run(cmd_or_fn, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, wall, cpu


def timed_plastix_runs(binary, exp, duration_s, workdir, repeat, threads=1):
    """`repeat` runs of `plastix run exp` for duration_s [s] and as many one-step runs (plastix refuses a 0 s run),
    which measure everything but the simulation loop. Returns (setups, runs), each a list of
    {"wall", "cpu", "sim" (summary wall_time_s), "summary"}; the runs write to workdir/plastix. threads > 1: each
    run with --threads. data.h5 is written uncompressed (--no-compression): the loop's CPU time is the difference of
    process CPU times, which includes writing the recorded spikes, and the peers write theirs raw (gzip took 15-20 %
    of a 10-20 s COBA run's CPU)."""
    def one(duration, out):
        cmd = [str(binary), "run", "--no-report", "--no-compression", str(exp), "-o", str(out), "-q",
               "--set", f"experiment.duration={duration!r} s"] + (["--threads", str(threads)] if threads > 1 else [])
        proc, wall, cpu = timed(cmd)
        if proc.returncode != 0:
            sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stdout}{proc.stderr}")
        summary = json.loads((out / "summary.json").read_text())
        return {"wall": wall, "cpu": cpu, "sim": summary["wall_time_s"], "summary": summary}

    setups = [one(0.0001, workdir / "plastix_setup") for _ in range(repeat)]
    runs = [one(duration_s, workdir / "plastix") for _ in range(repeat)]
    return setups, runs


def with_lif_key(text, line, experiment):
    """text with `line` (a key = value line) added to every lif population (no --set key reaches them all)."""
    text, n = re.subn(r'(?m)^(model[ \t]*=[ \t]*"lif")[ \t]*$', lambda m: m.group(1) + "\n" + line, text)
    if n == 0:
        sys.exit(f"{experiment}: found no lif population to add '{line}' to")
    return text


def run_plastix(binary, experiment, duration_s, workdir, drive_pa=0.0, repeat=1, method="exponential_euler"):
    exp = workdir / "coba_bench.toml"
    text = strip_monitors(Path(experiment).read_text())
    if drive_pa:
        text = with_lif_key(text, f'i_e = "{drive_pa!r} pA"', experiment)
    if method != "exponential_euler":
        text = with_lif_key(text, f'method = "{method}"', experiment)
    exp.write_text(text)

    setups, runs = timed_plastix_runs(binary, exp, duration_s, workdir, repeat)
    best = lambda rs, key: min(r[key] for r in rs)  # noqa: E731
    summary = runs[0]["summary"]
    m = summary["metrics"]
    return {
        "process_wall_s": best(runs, "wall"),
        "process_cpu_s": best(runs, "cpu"),
        "simulation_s": best(runs, "sim"),
        "setup_s": best(setups, "sim"),
        "loop_wall_s": best(runs, "sim") - best(setups, "sim"),
        "loop_cpu_s": best(runs, "cpu") - best(setups, "cpu"),
        "runs_simulation_s": [r["sim"] for r in runs],
        "rate_exc": m["rate_hz.exc"],
        "rate_inh": m["rate_hz.inh"],
        "spikes": summary["spike_count"],
        "synapses": summary["synapse_count"],
        "version": summary.get("version", "?"),
    }


def run_brian2(duration_s, directory, drive_pa=0.0, seed=42, repeat=1, method="exponential_euler"):
    """The COBA network in Brian2's C++ standalone mode; returns timings and rates."""
    import brian2
    from brian2 import (Network, NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, nS, pA, pF,
                        prefs, set_device)

    set_device("cpp_standalone", directory=str(directory), build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = 0  # single-threaded, no OpenMP
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]  # the machine has 2 cores; compile politely
    defaultclock.dt = 0.1 * ms
    brian2.seed(seed)

    namespace = dict(c_m=200 * pF, g_l=10 * nS, e_l=-60 * mV, v_th=-50 * mV, v_reset=-60 * mV, e_exc=0 * mV,
                     e_inh=-80 * mV, tau_exc=5 * ms, tau_inh=10 * ms, w_exc=6 * nS, w_inh=67 * nS,
                     i_e=drive_pa * pA)
    eqs = """
    dv/dt = (g_l*(e_l - v) + g_exc*(e_exc - v) + g_inh*(e_inh - v) + i_e)/c_m : volt (unless refractory)
    dg_exc/dt = -g_exc/tau_exc : siemens
    dg_inh/dt = -g_inh/tau_inh : siemens
    """
    P = NeuronGroup(N_EXC + N_INH, eqs, threshold="v >= v_th", reset="v = v_reset", refractory=5 * ms,
                    method=method, namespace=namespace)
    P.v = "v_reset + rand()*(v_th - v_reset)"
    P.g_exc = "(40 + 15*randn())*nS"
    P.g_inh = "(200 + 120*randn())*nS"
    Pe, Pi = P[:N_EXC], P[N_EXC:]
    synapses = []
    for pre, post, target, weight, autapses in [(Pe, Pe, "g_exc", "w_exc", False), (Pe, Pi, "g_exc", "w_exc", True),
                                                (Pi, Pe, "g_inh", "w_inh", True), (Pi, Pi, "g_inh", "w_inh", False)]:
        S = Synapses(pre, post, on_pre=f"{target}_post += {weight}", delay=0.1 * ms, namespace=namespace)
        S.connect(j="k for k in sample(N_post, p=0.02)" + ("" if autapses else " if k != i"))
        synapses.append(S)
    M = SpikeMonitor(P)
    # An explicit Network: Brian2's magic run() collects only objects bound to names in the calling frame, and
    # would silently leave out the Synapses kept in a list.
    net = Network(P, M, *synapses)
    net.run(duration_s * brian2.second)

    _, build_s, _ = timed(lambda: device.build(directory=str(directory), compile=True, run=False, with_output=False))
    runs = []
    for _ in range(repeat):  # run the compiled binary again: same seed, same network, same spikes
        _, wall, cpu = timed(device.run, str(directory), False, [])
        runs.append({"wall": wall, "cpu": cpu, "loop": device._last_run_time})
    counts = M.count[:]
    return {
        "binary_wall_s": min(r["wall"] for r in runs),
        "binary_cpu_s": min(r["cpu"] for r in runs),
        "loop_cpu_s": min(r["loop"] for r in runs),
        "runs_loop_s": [r["loop"] for r in runs],
        "build_s": build_s,  # code generation + compilation
        "rate_exc": counts[:N_EXC].sum() / (N_EXC * duration_s),
        "rate_inh": counts[N_EXC:].sum() / (N_INH * duration_s),
        "spikes": int(counts.sum()),
        "synapses": sum(len(S) for S in synapses),
        "version": brian2.__version__,
    }


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary")
    ap.add_argument("--experiment", default=str(ROOT / "experiments" / "coba.toml"), help="COBA experiment file")
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s] (default 10)")
    ap.add_argument("--quick", action="store_true", help="1 s of biological time")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each simulator; the best is reported (default 3)")
    ap.add_argument("--drive", type=float, default=0.0, metavar="PA",
                    help="constant bias current i_e [pA] into every neuron (default 0, as in coba.toml); 200 pA "
                         "is the I = 20 mV variant of COBA used by some benchmark suites (BrainPy, brian2cuda)")
    ap.add_argument("--method", choices=["exponential_euler", "euler"], default="exponential_euler",
                    help="integration of v in both simulators (plastix's lif key `method`, Brian2's `method`); "
                         "plastix's conductances always decay exactly, Brian2's euler steps them by Euler too")
    ap.add_argument("--brian2-dir", help="Brian2 standalone project directory (default: a temporary one, removed)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    duration = 1.0 if args.quick else args.duration
    repeat = max(1, args.repeat)

    binary = Path(args.plastix)
    if not binary.is_file():
        sys.exit(f"no plastix binary at {binary}; build it first (make build)")

    work = Path(tempfile.mkdtemp(prefix="plastix_coba_bench_"))
    b2dir = Path(args.brian2_dir) if args.brian2_dir else work / "brian2"
    try:
        print(f"COBA, {duration:g} s of biological time, dt 0.1 ms, bias current {args.drive:g} pA, method "
              f"{args.method}, single-threaded, "
              f"best of {repeat}; CPU {cpu_model()}, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.2f}", flush=True)
        print("running plastix ...", flush=True)
        px = run_plastix(binary, args.experiment, duration, work, args.drive, repeat, args.method)
        print("running Brian2 (C++ standalone: generate, compile, run) ...", flush=True)
        b2 = run_brian2(duration, b2dir, args.drive, repeat=repeat, method=args.method)
    finally:
        if not args.brian2_dir:
            shutil.rmtree(work, ignore_errors=True)

    ratio_total = b2["binary_cpu_s"] / px["process_cpu_s"]
    ratio_total_wall = b2["binary_wall_s"] / px["process_wall_s"]
    ratio_loop = b2["loop_cpu_s"] / px["loop_cpu_s"] if px["loop_cpu_s"] > 0 else float("nan")

    print()
    print(f"plastix {px['version']}, Brian2 {b2['version']}")
    print(f"{'[s]':44s} {'plastix':>9s} {'Brian2':>9s} {'Brian2/plastix':>15s}")
    print(f"{'whole run, wall (no compilation)':44s} {px['process_wall_s']:9.3f} {b2['binary_wall_s']:9.3f} "
          f"{ratio_total_wall:15.2f}")
    print(f"{'whole run, CPU':44s} {px['process_cpu_s']:9.3f} {b2['binary_cpu_s']:9.3f} {ratio_total:15.2f}")
    print(f"{'simulation loop, CPU':44s} {px['loop_cpu_s']:9.3f} {b2['loop_cpu_s']:9.3f} {ratio_loop:15.2f}")
    print(f"{'simulation loop, wall':44s} {px['loop_wall_s']:9.3f} {'':>9s}")
    print(f"{'plastix network setup (one-step run), wall':44s} {px['setup_s']:9.3f}")
    print(f"{'Brian2 code generation + compilation':44s} {'':9s} {b2['build_s']:9.3f}")
    print()
    print(f"{'':44s} {'plastix':>9s} {'Brian2':>9s}")
    print(f"{'mean rate exc [Hz]':44s} {px['rate_exc']:9.3f} {b2['rate_exc']:9.3f}")
    print(f"{'mean rate inh [Hz]':44s} {px['rate_inh']:9.3f} {b2['rate_inh']:9.3f}")
    print(f"{'spikes':44s} {px['spikes']:9d} {b2['spikes']:9d}")
    print(f"{'synapses':44s} {px['synapses']:9d} {b2['synapses']:9d}")
    print()
    print(f"Brian2/plastix (CPU time): whole run {ratio_total:.2f}, simulation loop {ratio_loop:.2f} "
          f"(> 1: plastix is faster)")
    if max(px["rate_exc"], b2["rate_exc"]) < 1.0:
        print("note: the network fell silent after its initial transient (mean rate < 1 Hz): this run times mostly "
              "the neuron update, not spike delivery")
    if args.json:
        result = {"duration_s": duration, "drive_pa": args.drive, "method": args.method, "repeat": repeat,
                  "cpu": cpu_model(),
                  "plastix": px, "brian2": b2, "ratio_whole_cpu": ratio_total, "ratio_whole_wall": ratio_total_wall,
                  "ratio_loop_cpu": ratio_loop}
        Path(args.json).write_text(json.dumps(result, indent=2, default=float))


if __name__ == "__main__":
    main()
