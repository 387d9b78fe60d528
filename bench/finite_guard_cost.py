#!/usr/bin/python3
"""Cost of the finite guard (src/sim/finite_guard.cpp) and of the stop check on COBA + pair STDP, counted in
instructions with callgrind (repeatable, unlike times on a shared machine):

    /usr/bin/python3 bench/finite_guard_cost.py --plastix build/bin/plastix [--baseline OLD/bin/plastix]
                                                [--duration 0.2] [--timing 10 --repeat 3]

The network is bench/coba_stdp_vs_brian2.py's (experiments/coba.toml with pair STDP on E→E, 4000 neurons, ≈ 205 000
plastic of ≈ 320 000 synapses). Each binary runs under `valgrind --tool=callgrind` with collection on only inside
simulation::run_phase (the simulation loop; parsing, building the network and writing are left out). Reported:

  - loop_Ir: instructions of the simulation loop;
  - guard_Ir: instructions spent inside finite_guard::check (inclusive: the scans of the state columns);
  - with --baseline (a plastix built without the guard, e.g. the parent commit): its loop_Ir and the difference,
    which also holds the cost of the per-step test of whether a check is due and of the stop check.

--timing N also times N s of biological time of each binary (best of --repeat, CPU time of the process); on a
shared machine the instruction counts are the figure to trust.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_stdp_vs_brian2 import STDP, with_stdp  # noqa: E402
from coba_vs_brian2 import strip_monitors, timed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def callgrind(binary, experiment, duration_s, workdir, tag):
    out = workdir / f"callgrind.{tag}.out"
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
           "--toggle-collect=plastix::simulation::run_phase*", str(binary), "run", "--no-report", str(experiment), "-q",
           "-o", str(workdir / f"out_{tag}"), "--set", f"experiment.duration={duration_s!r} s"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    annotate = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out)],
                              capture_output=True, text=True, check=True).stdout
    total = re.search(r"^\s*([\d,]+)\s+\(100\.0%\)\s+PROGRAM TOTALS", annotate, re.M)
    guard = re.search(r"^\s*([\d,]+)\s+\([\d. ]+%\)\s+\S*plastix::finite_guard::check\(", annotate, re.M)
    number = lambda m: int(m.group(1).replace(",", "")) if m else 0  # noqa: E731
    return {"loop_Ir": number(total), "guard_Ir": number(guard)}


def cpu_seconds(binary, experiment, duration_s, workdir, repeat):
    best = None
    for _ in range(repeat):
        cmd = [str(binary), "run", "--no-report", str(experiment), "-q", "-o", str(workdir / "timing"), "--set",
               f"experiment.duration={duration_s!r} s"]
        proc, wall, cpu = timed(cmd)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
        best = cpu if best is None else min(best, cpu)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary (with the guard)")
    ap.add_argument("--baseline", help="a plastix binary without the guard (e.g. built from the parent commit)")
    ap.add_argument("--experiment", default=str(ROOT / "experiments" / "coba.toml"), help="COBA experiment file")
    ap.add_argument("--duration", type=float, default=0.2, help="biological time under callgrind [s] (default 0.2)")
    ap.add_argument("--timing", type=float, default=0.0, help="also time this many s of biological time (default: no)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each binary; the best counts (default 3)")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind); the instruction counts need it")

    with tempfile.TemporaryDirectory(prefix="plastix_guard_cost_") as tmp:
        workdir = Path(tmp)
        experiment = workdir / "coba_stdp.toml"
        experiment.write_text(with_stdp(strip_monitors(Path(args.experiment).read_text()), STDP))
        result = {"duration_s": args.duration, "guard": callgrind(args.plastix, experiment, args.duration, workdir, "guard")}
        g = result["guard"]
        print(f"COBA + STDP, {args.duration:g} s, simulation loop under callgrind:")
        print(f"  with the guard:    {g['loop_Ir']:>15,} instructions, of which finite_guard::check "
              f"{g['guard_Ir']:,} ({100.0 * g['guard_Ir'] / g['loop_Ir']:.3f} %)")
        if args.baseline:
            b = callgrind(args.baseline, experiment, args.duration, workdir, "baseline")
            result["baseline"] = b
            diff = g["loop_Ir"] - b["loop_Ir"]
            result["difference_percent"] = 100.0 * diff / b["loop_Ir"]
            print(f"  without (baseline): {b['loop_Ir']:>14,} instructions; the guard adds {diff:,} "
                  f"({result['difference_percent']:+.3f} %)")
        if args.timing > 0:
            result["timing_s"] = args.timing
            result["guard_cpu_s"] = cpu_seconds(args.plastix, experiment, args.timing, workdir, args.repeat)
            print(f"  {args.timing:g} s of biological time, whole run, best CPU time of {args.repeat}: "
                  f"with the guard {result['guard_cpu_s']:.3f} s", end="")
            if args.baseline:
                result["baseline_cpu_s"] = cpu_seconds(args.baseline, experiment, args.timing, workdir, args.repeat)
                print(f", without {result['baseline_cpu_s']:.3f} s "
                      f"({100.0 * (result['guard_cpu_s'] / result['baseline_cpu_s'] - 1.0):+.1f} %)", end="")
            print()
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
