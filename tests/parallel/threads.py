#!/usr/bin/python3
"""Threads inside a run (docs/parallel.md): ready experiments run with --threads 1, 2 and 3 give bitwise the same
results (scripts/compare-results: data.h5 and summary.json, tables included), and a run cut at a checkpoint with
one number of threads resumes with another to bitwise the same results.

  threads.py PLASTIX OUTROOT [--only NAME ...]

The runs: COBA + pair STDP on E→E (the network of bench/coba_stdp_vs_brian2.py, 100 ms), the same with triplet STDP
and delays of 0.1–2 ms, with a rule written as equations (traces, a per-synapse ODE reading v, a tick) and such delays,
calcium_stdp (a calcium rule; 3 points of its sweep), spine_turnover (structural plasticity), stp_train (short-term
plasticity), distal_reward (dopamine_stdp, 2 s), COBA + STDP with neurogenesis (200 neurons born at the start of
a second phase) and stdp_window (3 points of its sweep, with --jobs 2); each phase
shortened as in tests/checkpoint/resume_exact.py. Exit status 0 when every comparison is identical."""
import os
import sys
import time

from split_check import ROOT, arguments, compare, load, prepare, run

sys.path.insert(0, os.path.join(ROOT, "bench"))
coba_stdp = load("coba_stdp_vs_brian2", "bench/coba_stdp_vs_brian2.py")
coba_equations = load("coba_equations_vs_stdp", "bench/coba_equations_vs_stdp.py")

TRIPLET = ('  [[projection.plasticity]]\n  rule = "triplet"\n  a2_plus = 0.05\n  a3_plus = 0.05\n  a2_minus = 0.07\n'
           '  a3_minus = 0.0\n  w_min = "0 nS"\n  w_max = "12 nS"\n')

# A rule written as equations with pre and post traces, a per-synapse ODE that reads the post neuron's v every step
# and a tick: its on_pre and on_post split by target neuron; its ODE and tick by blocks of synapses.
EQUATIONS = """  [[projection.plasticity]]
  rule = "equations"
  label = "ode_rule"
  w_min = "0 nS"
  w_max = "10 nS"
  constants = { A = "0.001 nS", tau_z = "20 ms", tau = "20 ms" }
  synapse = { z = "0" }
  pre = { x = "0" }
  post = { y = "0" }
  equations = "dx/dt = -x/tau; dy/dt = -y/tau; dz/dt = ((v_post + 60*mV)/mV*0.1 - z)/tau_z"
  on_pre = "w -= A*y*z; x += 1"
  on_post = "w += A*x*(1 + z); y += 1"
  tick = "20 ms"
  on_tick = "z *= 0.9"
"""


def coba_file(out, rule):
    """COBA with plasticity on E→E: pair STDP, or triplet STDP or a rule written as equations (EQUATIONS, its
    variable z recorded) with delays of 0.1–2 ms (several delay slots)."""
    text = coba_stdp.with_stdp(coba_stdp.strip_monitors(open(os.path.join(ROOT, "experiments/coba.toml")).read()),
                               coba_stdp.STDP)
    if rule == "triplet":
        head, sep, tail = text.partition("  [[projection.plasticity]]")
        tail = tail[tail.index("\n[") + 1:] if "\n[" in tail else ""
        text = head + TRIPLET + "\n" + tail
        text = text.replace('delay = "0.1 ms"', 'delay = { uniform = ["0.1 ms", "2 ms"] }')
    if rule == "equations":  # a rule written as equations (docs/equations.md), with delays of 0.1–2 ms
        base = coba_stdp.strip_monitors(open(os.path.join(ROOT, "experiments/coba.toml")).read())
        text = coba_equations.with_table(base, EQUATIONS).replace('delay = "0.1 ms"',
                                                                  'delay = { uniform = ["0.1 ms", "2 ms"] }')
        text += ('\n[[monitor]]\ntype = "state"\nprojection = "ee"\nvariable = "z"\n'
                 'synapses = [0, 1000, 20000, 50000, 100000]\ninterval = "5 ms"\n')
    path = os.path.join(out, f"coba_{rule}.toml")
    with open(path, "w") as fh:
        fh.write(text)
    return path


# Neurogenesis (Aimone et al. 2009; docs/models/neurogenesis.md) in COBA + pair STDP, 1000 neurons: the last 200
# excitatory neurons are unborn for a first phase of 100 ms, then born at the start of the second (200 ms) with an
# extra current of 300 pA decaying with τ = 100 ms (they fire); their held-back synapses are wired in then (under MPI every
# process holds every synapse and wires in the same ones).
NEUROGENESIS = '  neurogenesis = { unborn = 200, young_current = "300 pA", tau_mature = "100 ms" }\n'
BIRTH_PHASES = ('\n[[phase]]\nname = "before_birth"\nduration = "100 ms"\n\n[[phase]]\nname = "after_birth"\n'
                'duration = "200 ms"\n  [[phase.birth]]\n  population = "exc"\n  count = 200\n')
SMALL = ["population.exc.size=800", "population.inh.size=200"]


def coba_neurogenesis_file(out, extra=""):
    """COBA + pair STDP on E→E with neurogenesis in the excitatory population (NEUROGENESIS, BIRTH_PHASES) and
    `extra` tables at the end; run it with SMALL."""
    text = open(coba_file(out, "stdp")).read()
    duration = 'duration = "1 s"\n'
    exc = 'name = "exc"\n'
    assert duration in text and exc in text
    text = text.replace(duration, "", 1).replace(exc, exc + NEUROGENESIS.lstrip(), 1)
    path = os.path.join(out, "coba_neurogenesis.toml")
    with open(path, "w") as fh:
        fh.write(text + BIRTH_PHASES + extra)
    return path


# The sweeps of calcium_stdp and stdp_window at 3 of their points (pairing intervals −20, 0 and 20 ms), 1 s each.
THREE_POINTS = ['sweep.axis[0].range=["-20 ms", "20 ms", "20 ms"]', "experiment.duration=1 s"]
# name: (file or a maker, extra overrides, jobs)
RUNS = {
    "coba_stdp": (lambda out: coba_file(out, "stdp"), ["experiment.duration=100 ms"], 1),
    "coba_triplet_delays": (lambda out: coba_file(out, "triplet"), ["experiment.duration=100 ms"], 1),
    "coba_equations_delays": (lambda out: coba_file(out, "equations"), ["experiment.duration=100 ms"], 1),
    "calcium_stdp": ("calcium_stdp", THREE_POINTS, 1),
    "spine_turnover": ("spine_turnover", [], 1),
    "stp_train": ("stp_train", [], 1),
    "stdp_window": ("stdp_window", THREE_POINTS, 2),
    "distal_reward": ("distal_reward", ["experiment.duration=2 s"], 1),
    "coba_neurogenesis": (coba_neurogenesis_file, SMALL, 1),
}
# Cut with one number of threads and resumed with another: (run, threads of the cut, of the resumed run, step).
RESUMED = [("coba_stdp", 2, 3, 600), ("spine_turnover", 3, 1, 1500)]


def main():
    a = arguments()
    failed, lines = 0, []
    for name, (what, extra, jobs) in RUNS.items():
        if a.only and name not in a.only:
            continue
        started = time.monotonic()
        out, f, args = prepare(a.outroot, name, what, extra)
        args += ["--jobs", str(jobs)]
        for threads in (1, 2, 3):
            r = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/threads{threads}", "--threads",
                     str(threads)] + args)
            if r.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL with --threads {threads}: rc {r.returncode}: {r.stderr.strip()[-400:]}")
                continue
            if threads > 1:
                same, diff = compare(f"{out}/threads1", f"{out}/threads{threads}")
                failed += not same
                lines.append(f"{name}: --threads {threads} " + ("identical to --threads 1" if same else "DIFFERS: " + diff))
        for run_name, cut, resumed, step in RESUMED:
            if run_name == name and os.path.exists(f"{out}/threads1/summary.json"):
                failed += resume_with_other_threads(a.plastix, f, args, out, cut, resumed, step, lines)
        lines.append(f"{name}: {time.monotonic() - started:.1f} s")
    print("\n".join(lines))
    print(f"{failed} failed")
    return 1 if failed else 0


def resume_with_other_threads(plastix, f, args, out, cut, resumed, step, lines):
    """Cut at `step` with --threads `cut`, resume with --threads `resumed`, compare with the whole run with one
    thread. Returns the number of failures."""
    tag = f"cut{cut}_resume{resumed}"
    ck = f"{out}/{tag}.checkpoint.h5"
    run([plastix, "run", "--no-report", f, "-q", "-o", f"{out}/{tag}_cut", "--threads", str(cut), "--checkpoint", ck,
         "--checkpoint-stop-at-step", str(step)] + args)
    if not os.path.exists(ck):
        lines.append(f"resume: FAIL: no checkpoint from --threads {cut} at step {step}")
        return 1
    r = run([plastix, "resume", "--no-report", ck, "-q", "-o", f"{out}/{tag}", "--threads", str(resumed)])
    if r.returncode != 0:
        lines.append(f"resume: FAIL: --threads {resumed}: rc {r.returncode}: {r.stderr.strip()[-400:]}")
        return 1
    same, diff = compare(f"{out}/threads1", f"{out}/{tag}")
    lines.append(f"resume: cut at step {step} with --threads {cut}, resumed with --threads {resumed}: " +
                 ("identical to --threads 1" if same else "DIFFERS: " + diff))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
