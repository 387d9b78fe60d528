#!/usr/bin/python3
"""MPI across processes (docs/parallel.md): ready experiments run with `mpirun -n K plastix run` for K = 1, 2 and 3
give bitwise the same results as a plain run in one process (scripts/compare-results: data.h5 and summary.json,
tables included). A network of COBA neurons with rules that split by target neuron is distributed (each process
updates its neurons); spine_turnover (structural plasticity) runs replicated and says so, once. An error in the
description stops every process with the message printed once; --threads and checkpoints are refused.

  mpi.py PLASTIX OUTROOT --mpirun MPIEXEC [--only NAME ...]

The runs (reduced as in threads.py): COBA + pair STDP on E→E (100 ms), COBA + triplet STDP with delays of 0.1–2 ms,
COBA + a rule written as equations (threads.EQUATIONS) with such delays, COBA (1000 neurons, 1.1 s) with the calcium
rule and state and weight monitors, calcium_stdp (3 points of its sweep; one post neuron), spine_turnover and
stdp_window (3 points of its sweep). Exit status 0 when every comparison is identical and every check holds."""
import os
import subprocess
import sys
import time

from split_check import compare, load, prepare, run

threads = load("threads", "tests/parallel/threads.py")

CALCIUM = ('  [[projection.plasticity]]\n  rule = "calcium"\n  preset = "DP"\n  w0 = "2 nS"\n  w1 = "10 nS"\n'
           '  up_fraction = 0.5\n')
MONITORS = ('\n[[monitor]]\ntype = "state"\npopulation = "exc"\nvariable = "v"\nneurons = [0, 100, 500, 799]\n'
            'interval = "5 ms"\n\n[[monitor]]\ntype = "weights"\nname = "ee_every_50ms"\nprojection = "ee"\n'
            'interval = "50 ms"\n')


DOPAMINE = ('  [[projection.plasticity]]\n  rule = "dopamine_stdp"\n  modulator = "dopamine"\n  a_plus = 0.1\n'
            '  a_minus = 0.15\n  tau_c = "200 ms"\n  eta = 5.0\n  baseline = "0.002 uM"\n  w_min = "0 nS"\n'
            '  w_max = "12 nS"\n  update_interval = "100 ms"\n')
REWARD = ('\n[[modulator]]\nname = "dopamine"\ntau = "200 ms"\n  [[modulator.reward]]\n  pre = "exc"\n  pre_neuron = 0\n'
          '  post = "exc"\n  post_neuron = 16\n  window = "20 ms"\n  delay_min = "10 ms"\n  delay_max = "100 ms"\n'
          '  amount = "0.5 uM"\n')


def coba_file_with(out, name, plasticity, extra):
    """COBA with `plasticity` on E→E instead of pair STDP, and `extra` tables after the network."""
    text = open(threads.coba_file(out, "stdp")).read()
    head, sep, tail = text.partition("  [[projection.plasticity]]")
    tail = tail[tail.index("\n[") + 1:] if "\n[" in tail else ""
    path = os.path.join(out, name + ".toml")
    with open(path, "w") as fh:
        fh.write(head + plasticity + "\n" + tail + extra)
    return path


SMALL = ["population.exc.size=800", "population.inh.size=200"]
# name: (file or a maker, extra overrides, whether it is distributed)
RUNS = {
    "coba_stdp": (lambda out: threads.coba_file(out, "stdp"), ["experiment.duration=100 ms"], True),
    "coba_triplet_delays": (lambda out: threads.coba_file(out, "triplet"), ["experiment.duration=100 ms"], True),
    "coba_equations_delays": (lambda out: threads.coba_file(out, "equations"), ["experiment.duration=100 ms"], True),
    "coba_calcium_monitors": (lambda out: coba_file_with(out, "coba_calcium", CALCIUM, MONITORS),
                              SMALL + ["experiment.duration=1100 ms"], True),
    # the three-factor rule: on_transmit brings a spike's synapses up to now on every process, slow hooks after a
    # gathering, rewards from spikes of neurons owned by different processes
    "coba_dopamine": (lambda out: coba_file_with(out, "coba_dopamine", DOPAMINE, REWARD + MONITORS),
                      SMALL + ["experiment.duration=1100 ms"], True),
    "calcium_stdp": ("calcium_stdp", threads.THREE_POINTS, True),
    "spine_turnover": ("spine_turnover", [], False),
    "stdp_window": ("stdp_window", threads.THREE_POINTS, None),
}
REPLICATED = "every process computes the whole run"


def mpirun(a, k):
    """The launcher's command for k processes (as root, as in CI: --allow-run-as-root; 3 processes on 2 cores)."""
    cmd = [a.mpirun, "-n", str(k), "--oversubscribe"]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd


def arguments():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("plastix")
    ap.add_argument("outroot")
    ap.add_argument("--mpirun", default="mpirun")
    ap.add_argument("--only", nargs="*")
    return ap.parse_args()


def check_runs(a, lines):
    failed = 0
    for name, (what, extra, distributed) in RUNS.items():
        if a.only and name not in a.only:
            continue
        started = time.monotonic()
        out, f, args = prepare(a.outroot, name, what, extra)
        r = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/plain"] + args)
        if r.returncode != 0:
            lines.append(f"{name}: FAIL in one process: rc {r.returncode}: {r.stderr.strip()[-400:]}")
            failed += 1
            continue
        for k in (1, 2, 3):
            r = run(mpirun(a, k) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/ranks{k}"] + args)
            if r.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL with {k} processes: rc {r.returncode}: {r.stderr.strip()[-600:]}")
                continue
            said = r.stderr.count(REPLICATED)
            if k > 1 and distributed is not None and said != (0 if distributed else 1):
                failed += 1
                lines.append(f"{name}: FAIL with {k} processes: expected it to run " +
                             ("distributed" if distributed else "replicated, saying so once") +
                             f"; stderr: {r.stderr.strip()[-400:]}")
            same, diff = compare(f"{out}/plain", f"{out}/ranks{k}")
            failed += not same
            lines.append(f"{name}: {k} processes " + ("identical to one" if same else "DIFFER: " + diff) +
                         ("" if k == 1 or distributed is None else " (distributed)" if distributed else
                          " (replicated)"))
        lines.append(f"{name}: {time.monotonic() - started:.1f} s")
    return failed


def check_errors(a, lines):
    """An error stops every process, printed once; what is not supported under MPI is refused before the run."""
    failed = 0
    out = os.path.join(a.outroot, "errors")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    f = threads.coba_file(out, "stdp")
    cases = [
        ("a bad --set", ["--set", "population.exc.size=-4"], "error", 2),
        ("--threads 2", ["--threads", "2"], "not supported yet", 2),
        ("a checkpoint option", ["--checkpoint-at-end"], "not supported yet", 2),
    ]
    for what, extra, message, status in cases:
        r = run(mpirun(a, 2) + [a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/x",
                                "--set", "experiment.duration=20 ms"] + extra)
        lines_said = [line for line in r.stderr.splitlines() if line.startswith("plastix: error")]
        ok = r.returncode != 0 and len(lines_said) == 1 and message in lines_said[0] and not os.path.exists(f"{out}/x")
        failed += not ok
        lines.append(f"errors: {what} under mpirun -n 2: " + ("refused once, nothing written" if ok else
                     f"FAIL: rc {r.returncode}, stderr {r.stderr.strip()[-600:]}"))
    return failed


def main():
    a = arguments()
    lines = []
    failed = check_runs(a, lines)
    if not a.only or "errors" in a.only:
        failed += check_errors(a, lines)
    print("\n".join(lines))
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
