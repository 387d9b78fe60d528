#!/usr/bin/python3
"""COBA with pair STDP on the excitatory→excitatory synapses, in plastix and in Brian2's C++ standalone mode, side
by side, single-threaded.

    /usr/bin/python3 bench/coba_stdp_vs_brian2.py --plastix build/bin/plastix [--duration 10 | --quick] [--repeat 3]

The network is experiments/coba.toml (the benchmark of bench/coba_vs_brian2.py; 4000 neurons, ≈ 205 000 E→E of
≈ 320 000 synapses) with additive pair STDP, all-to-all pairing, on the projection `ee`:

    on a pre spike (when it reaches the synapse, after the 0.1 ms delay):  w -= a_minus * y_post,  x_pre += 1
    on a post spike:                                                      w += a_plus  * x_pre,  y_post += 1
    w clipped to [w_min, w_max]; x_pre, y_post decay with tau_plus, tau_minus; the spike is transmitted with the
    weight before its own update; a pre arrival and a post spike in the same step: pre first.

plastix: a copy of coba.toml without the state and rate monitors, with a [[projection.plasticity]] table (rule
"stdp") on `ee` and a weight monitor of `ee` at the end of the run (its weights are written once, as Brian2's
standalone run writes all its arrays at the end).
Brian2: the same model, the plastic synapses written in Brian2's documented idiom (Song, Miller & Abbott 2000
example): per-synapse traces apre, apost `(event-driven)`, on_pre "g_exc_post += w; w = clip(w - a_minus*apost,
w_min, w_max); apre += 1", on_post "w = clip(w + a_plus*apre, w_min, w_max); apost += 1" (Brian2 runs the pre
pathway before the post pathway). tests/python/test_brian2_stdp.py checks on small networks that these two
definitions give the same weights to 1e-9 (observed ~1e-12). A per-neuron-trace version would be faster in Brian2
but is not the same model: a trace kept in the NeuronGroup jumps when the neuron spikes, not when its spike
reaches the synapse 0.1 ms later.

The two networks are statistically alike, not spike for spike (different random numbers, as in
bench/coba_vs_brian2.py). Times and their definitions as in bench/coba_vs_brian2.py: each the best of --repeat
runs; whole run = the `plastix run` process / Brian2's compiled main (compilation excluded); simulation loop =
plastix's run minus a one-step run (CPU time of the process), Brian2's own Network::run time (CPU time without
OpenMP). Ratios Brian2/plastix from CPU times: > 1 means plastix is faster.

--threads N (N > 1): plastix runs with --threads N and Brian2 with OpenMP on N threads
(prefs.devices.cpp_standalone.openmp_threads = N); Brian2 then records its loop time as wall-clock time
(omp_get_wtime), so the loop ratio compares wall-clock times (plastix: summary.json wall_time_s of the run minus
that of the one-step run), and the whole-run ratio the processes' wall-clock times.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_vs_brian2 import N_EXC, N_INH, cpu_model, strip_monitors, timed, timed_plastix_runs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Pair STDP on E→E. Initial weight 6 nS; amplitudes in nS (additive), 1 % of the initial weight per pair;
# a_minus·tau_minus > a_plus·tau_plus, the usual slight bias towards depression (Song, Miller & Abbott 2000).
# In 10 s at ≈ 18 Hz the weights spread to a s.d. of ≈ 0.9 nS (mean |Δw| ≈ 0.55 nS, 9 % of the initial weight),
# their mean stays within 0.2 % of 6 nS (causal pre→post pairs in the network offset the depression bias), and
# the rates stay at ≈ 18–19 Hz, as without plasticity.
STDP = dict(tau_plus=20.0, tau_minus=20.0, a_plus=0.06, a_minus=0.063, w_min=0.0, w_max=12.0)  # ms, nS


def plasticity_table(p):
    return (
        "  [[projection.plasticity]]\n"
        '  rule = "stdp"\n'
        f'  tau_plus = "{p["tau_plus"]!r} ms"\n'
        f'  tau_minus = "{p["tau_minus"]!r} ms"\n'
        f'  a_plus = {p["a_plus"]!r}\n'
        f'  a_minus = {p["a_minus"]!r}\n'
        '  pairing = "all_to_all"\n'
        '  weight_dependence = "additive"\n'
        f'  w_min = "{p["w_min"]!r} nS"\n'
        f'  w_max = "{p["w_max"]!r} nS"\n'
    )


def with_stdp(text, p, projection="ee"):
    """The experiment text with pair STDP on `projection` and a weight monitor of it (end of run)."""
    blocks = re.split(r"(?m)^(?=\[)", text)
    out, found = [], False
    for block in blocks:
        out.append(block)
        if block.startswith("[[projection]]") and re.search(rf'(?m)^name\s*=\s*"{projection}"\s*$', block):
            out.append(plasticity_table(p) + "\n")
            found = True
    if not found:
        sys.exit(f"no projection named '{projection}' in the experiment file")
    out.append(f'[[monitor]]\ntype = "weights"\nname = "{projection}"\nprojection = "{projection}"\n')
    return "".join(out)


def weight_stats(w, w0, p):
    w = np.asarray(w, dtype=float)
    return {
        "w_mean": float(w.mean()),
        "w_sd": float(w.std()),
        "w_change_mean": float(w.mean() - w0),
        "w_abs_change_mean": float(np.abs(w - w0).mean()),
        "at_w_min": float(np.mean(w <= p["w_min"])),
        "at_w_max": float(np.mean(w >= p["w_max"])),
    }


def run_plastix(binary, experiment, duration_s, workdir, p, repeat=1, threads=1):
    import h5py

    exp = workdir / "coba_stdp_bench.toml"
    exp.write_text(with_stdp(strip_monitors(Path(experiment).read_text()), p))

    setups, runs = timed_plastix_runs(binary, exp, duration_s, workdir, repeat, threads)
    best = lambda rs, key: min(r[key] for r in rs)  # noqa: E731
    summary = runs[-1]["summary"]
    m = summary["metrics"]
    with h5py.File(workdir / "plastix" / "data.h5", "r") as f:
        w_end = f["weights"]["ee"]["values"][-1]
    return {
        "process_wall_s": best(runs, "wall"),
        "process_cpu_s": best(runs, "cpu"),
        "setup_s": best(setups, "sim"),
        "loop_wall_s": best(runs, "sim") - best(setups, "sim"),
        "loop_cpu_s": best(runs, "cpu") - best(setups, "cpu"),
        "runs_cpu_s": [r["cpu"] for r in runs],
        "rate_exc": m["rate_hz.exc"],
        "rate_inh": m["rate_hz.inh"],
        "spikes": summary["spike_count"],
        "synapses": summary["synapse_count"],
        "plastic_synapses": int(len(w_end)),
        "version": summary.get("version", "?"),
        **weight_stats(w_end, 6.0, p),
    }


def run_brian2(duration_s, directory, p, seed=42, repeat=1, threads=1):
    """COBA with pair STDP on E→E in Brian2's C++ standalone mode; returns timings, rates and weight statistics."""
    import brian2
    from brian2 import (Network, NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, nS, pF, prefs,
                        set_device)

    set_device("cpp_standalone", directory=str(directory), build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0  # 0: single-threaded, no OpenMP
    prefs.devices.cpp_standalone.extra_make_args_unix = ["-j2"]
    defaultclock.dt = 0.1 * ms
    brian2.seed(seed)

    namespace = dict(c_m=200 * pF, g_l=10 * nS, e_l=-60 * mV, v_th=-50 * mV, v_reset=-60 * mV, e_exc=0 * mV,
                     e_inh=-80 * mV, tau_exc=5 * ms, tau_inh=10 * ms, w_exc=6 * nS, w_inh=67 * nS,
                     tau_plus=p["tau_plus"] * ms, tau_minus=p["tau_minus"] * ms, a_plus=p["a_plus"] * nS,
                     a_minus=p["a_minus"] * nS, w_min=p["w_min"] * nS, w_max=p["w_max"] * nS)
    eqs = """
    dv/dt = (g_l*(e_l - v) + g_exc*(e_exc - v) + g_inh*(e_inh - v))/c_m : volt (unless refractory)
    dg_exc/dt = -g_exc/tau_exc : siemens
    dg_inh/dt = -g_inh/tau_inh : siemens
    """
    P = NeuronGroup(N_EXC + N_INH, eqs, threshold="v >= v_th", reset="v = v_reset", refractory=5 * ms,
                    method="exponential_euler", namespace=namespace)
    P.v = "v_reset + rand()*(v_th - v_reset)"
    P.g_exc = "(40 + 15*randn())*nS"
    P.g_inh = "(200 + 120*randn())*nS"
    Pe, Pi = P[:N_EXC], P[N_EXC:]

    stdp_model = """
    w : siemens
    dapre/dt = -apre/tau_plus : 1 (event-driven)
    dapost/dt = -apost/tau_minus : 1 (event-driven)
    """
    stdp_pre = """
    g_exc_post += w
    w = clip(w - a_minus*apost, w_min, w_max)
    apre += 1
    """
    stdp_post = """
    w = clip(w + a_plus*apre, w_min, w_max)
    apost += 1
    """
    S_ee = Synapses(Pe, Pe, model=stdp_model, on_pre=stdp_pre, on_post=stdp_post, delay=0.1 * ms,
                    namespace=namespace)
    S_ee.connect(j="k for k in sample(N_post, p=0.02) if k != i")
    S_ee.w = "w_exc"
    synapses = [S_ee]
    for pre, post, target, weight, autapses in [(Pe, Pi, "g_exc", "w_exc", True), (Pi, Pe, "g_inh", "w_inh", True),
                                                (Pi, Pi, "g_inh", "w_inh", False)]:
        S = Synapses(pre, post, on_pre=f"{target}_post += {weight}", delay=0.1 * ms, namespace=namespace)
        S.connect(j="k for k in sample(N_post, p=0.02)" + ("" if autapses else " if k != i"))
        synapses.append(S)
    M = SpikeMonitor(P)
    net = Network(P, M, *synapses)  # explicit: the Synapses in a list would escape magic collection
    net.run(duration_s * brian2.second)

    _, build_s, _ = timed(lambda: device.build(directory=str(directory), compile=True, run=False, with_output=False))
    runs = []
    for _ in range(repeat):  # the compiled binary again: same seed, same network, same spikes
        _, wall, cpu = timed(device.run, str(directory), False, [])
        runs.append({"wall": wall, "cpu": cpu, "loop": device._last_run_time})
    counts = M.count[:]
    return {
        "binary_wall_s": min(r["wall"] for r in runs),
        "binary_cpu_s": min(r["cpu"] for r in runs),
        "loop_cpu_s": min(r["loop"] for r in runs),
        "runs_loop_s": [r["loop"] for r in runs],
        "build_s": build_s,
        "rate_exc": counts[:N_EXC].sum() / (N_EXC * duration_s),
        "rate_inh": counts[N_EXC:].sum() / (N_INH * duration_s),
        "spikes": int(counts.sum()),
        "synapses": sum(len(S) for S in synapses),
        "plastic_synapses": len(S_ee),
        "version": brian2.__version__,
        **weight_stats(np.asarray(S_ee.w[:] / nS), 6.0, p),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary")
    ap.add_argument("--experiment", default=str(ROOT / "experiments" / "coba.toml"), help="COBA experiment file")
    ap.add_argument("--duration", type=float, default=10.0, help="biological time [s] (default 10)")
    ap.add_argument("--quick", action="store_true", help="1 s of biological time")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each simulator; the best is reported (default 3)")
    ap.add_argument("--a-plus", type=float, default=STDP["a_plus"], help=f"[nS] (default {STDP['a_plus']})")
    ap.add_argument("--a-minus", type=float, default=STDP["a_minus"], help=f"[nS] (default {STDP['a_minus']})")
    ap.add_argument("--only", choices=["plastix", "brian2"], help="run one simulator only")
    ap.add_argument("--brian2-dir", help="Brian2 standalone project directory (default: a temporary one, removed)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    ap.add_argument("--threads", type=int, default=1,
                    help="plastix --threads N beside Brian2 with OpenMP on N threads; times compared as wall-clock "
                         "(default 1: single-threaded, CPU time)")
    args = ap.parse_args()
    duration = 1.0 if args.quick else args.duration
    threads = max(1, args.threads)
    repeat = max(1, args.repeat)
    p = dict(STDP, a_plus=args.a_plus, a_minus=args.a_minus)

    binary = Path(args.plastix)
    if args.only != "brian2" and not binary.is_file():
        sys.exit(f"no plastix binary at {binary}; build it first (make build)")

    work = Path(tempfile.mkdtemp(prefix="plastix_coba_stdp_bench_"))
    b2dir = Path(args.brian2_dir) if args.brian2_dir else work / "brian2"
    px = b2 = None
    try:
        print(f"COBA + pair STDP on E→E (tau± {p['tau_plus']:g}/{p['tau_minus']:g} ms, a+ {p['a_plus']:g} nS, "
              f"a− {p['a_minus']:g} nS, w in [{p['w_min']:g}, {p['w_max']:g}] nS), {duration:g} s of biological "
              f"time, dt 0.1 ms, {'single-threaded' if threads == 1 else f'{threads} threads'}, best of {repeat}; CPU {cpu_model()}, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)
        if args.only != "brian2":
            print("running plastix ...", flush=True)
            px = run_plastix(binary, args.experiment, duration, work, p, repeat, threads)
        if args.only != "plastix":
            print("running Brian2 (C++ standalone: generate, compile, run) ...", flush=True)
            b2 = run_brian2(duration, b2dir, p, repeat=repeat, threads=threads)
    finally:
        if not args.brian2_dir:
            shutil.rmtree(work, ignore_errors=True)

    empty = {}
    a, b = px or empty, b2 or empty

    def cell(d, key, f="9.3f"):
        return format(d[key], f) if key in d else f"{'—':>9s}"

    def ratio(x, y):
        return f"{y / x:15.2f}" if px and b2 and x > 0 else f"{'':15s}"

    print()
    print(f"plastix {a.get('version', '—')}, Brian2 {b.get('version', '—')}")
    print(f"{'[s]':44s} {'plastix':>9s} {'Brian2':>9s} {'Brian2/plastix':>15s}")
    if px and b2:
        print(f"{'whole run, wall (no compilation)':44s} {cell(a, 'process_wall_s')} {cell(b, 'binary_wall_s')} "
              f"{ratio(a['process_wall_s'], b['binary_wall_s'])}")
        print(f"{'whole run, CPU':44s} {cell(a, 'process_cpu_s')} {cell(b, 'binary_cpu_s')} "
              f"{ratio(a['process_cpu_s'], b['binary_cpu_s'])}")
        if threads == 1:
            print(f"{'simulation loop, CPU':44s} {cell(a, 'loop_cpu_s')} {cell(b, 'loop_cpu_s')} "
                  f"{ratio(a['loop_cpu_s'], b['loop_cpu_s'])}")
        else:  # Brian2's loop time is wall-clock time with OpenMP
            print(f"{'simulation loop, wall':44s} {cell(a, 'loop_wall_s')} {cell(b, 'loop_cpu_s')} "
                  f"{ratio(a['loop_wall_s'], b['loop_cpu_s'])}")
    else:
        print(f"{'whole run, wall (no compilation)':44s} {cell(a, 'process_wall_s')} {cell(b, 'binary_wall_s')}")
        print(f"{'whole run, CPU':44s} {cell(a, 'process_cpu_s')} {cell(b, 'binary_cpu_s')}")
        print(f"{'simulation loop, CPU':44s} {cell(a, 'loop_cpu_s')} {cell(b, 'loop_cpu_s')}")
    print(f"{'plastix network setup (one-step run), wall':44s} {cell(a, 'setup_s')}")
    print(f"{'Brian2 code generation + compilation':44s} {'':9s} {cell(b, 'build_s')}")
    print()
    print(f"{'':44s} {'plastix':>9s} {'Brian2':>9s}")
    print(f"{'mean rate exc [Hz]':44s} {cell(a, 'rate_exc')} {cell(b, 'rate_exc')}")
    print(f"{'mean rate inh [Hz]':44s} {cell(a, 'rate_inh')} {cell(b, 'rate_inh')}")
    print(f"{'spikes':44s} {cell(a, 'spikes', '9d')} {cell(b, 'spikes', '9d')}")
    print(f"{'synapses':44s} {cell(a, 'synapses', '9d')} {cell(b, 'synapses', '9d')}")
    print(f"{'plastic synapses (E→E)':44s} {cell(a, 'plastic_synapses', '9d')} {cell(b, 'plastic_synapses', '9d')}")
    print(f"{'E→E weight at the end: mean [nS] (start 6)':44s} {cell(a, 'w_mean')} {cell(b, 'w_mean')}")
    print(f"{'E→E weight at the end: s.d. [nS]':44s} {cell(a, 'w_sd')} {cell(b, 'w_sd')}")
    print(f"{'E→E mean |w_end − w_start| [nS]':44s} {cell(a, 'w_abs_change_mean')} {cell(b, 'w_abs_change_mean')}")
    print(f"{'E→E fraction at w_min':44s} {cell(a, 'at_w_min', '9.5f')} {cell(b, 'at_w_min', '9.5f')}")
    print(f"{'E→E fraction at w_max':44s} {cell(a, 'at_w_max', '9.5f')} {cell(b, 'at_w_max', '9.5f')}")
    ratios = {}
    if px and b2:
        kind = "cpu" if threads == 1 else "wall"  # with OpenMP, Brian2 records wall-clock loop time
        whole = ("process_cpu_s", "binary_cpu_s") if threads == 1 else ("process_wall_s", "binary_wall_s")
        r_whole = b[whole[1]] / a[whole[0]]
        r_loop = b["loop_cpu_s"] / a[f"loop_{kind}_s"] if a[f"loop_{kind}_s"] > 0 else float("nan")
        ratios = {f"ratio_whole_{kind}": r_whole, f"ratio_loop_{kind}": r_loop}
        print()
        print(f"Brian2/plastix ({'CPU' if threads == 1 else 'wall-clock'} time): whole run {r_whole:.2f}, "
              f"simulation loop {r_loop:.2f} (> 1: plastix is faster)")
    for name, d in (("plastix", a), ("Brian2", b)):
        if d and not 1.0 <= d["rate_exc"] <= 100.0:
            print(f"warning: {name}'s excitatory rate {d['rate_exc']:.2f} Hz is outside 1–100 Hz: the network fell "
                  f"silent or ran away; pick other amplitudes (--a-plus, --a-minus)")
    if args.json:
        result = {"duration_s": duration, "repeat": repeat, "threads": threads, "cpu": cpu_model(), "stdp": p,
                  "plastix": px, "brian2": b2, **ratios}
        Path(args.json).write_text(json.dumps(result, indent=2, default=float))


if __name__ == "__main__":
    main()
