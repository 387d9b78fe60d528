#!/usr/bin/python3
"""Parallel sweeps (docs/parallel.md): ready sweeps run with --jobs 1, 2 and 3 give bitwise the same results
(scripts/compare-results: data.h5 and summary.json, tables included), and a sweep stopped at a checkpoint resumes
with another number of jobs to bitwise the same results.

  sweep_jobs.py PLASTIX OUTROOT [--only NAME ...]

The sweeps are shortened as in tests/checkpoint/resume_exact.py (each phase to at most 300 ms, a slow phase to at
most 4 slow steps), scaling_ttx also to its validation test's sizes. Exit status 0 when every comparison is
identical."""
import json
import os
import subprocess
import sys
import time
import tomllib

import h5py

from split_check import ROOT, arguments, compare, load, run

resume_exact = load("resume_exact", "tests/checkpoint/resume_exact.py")

# The sweeps and their extra overrides (tagging_capture: measuring times inside its shortened phase `late`;
# scaling_ttx: the sizes of tests/validation/test_homeostasis_experiments.cpp). assemblies: conditions × an axis.
SWEEPS = {
    "tagging_capture": ['sweep.times.values=["1 s", "2 s", "3 s", "4 s"]'],
    "scaling_ttx": ["population.exc.size=100", "population.inh.size=25"],
    "stdp_window": [],
    "assemblies": [],
}
# The sweep cut and resumed with other jobs.
RESUMED = "tagging_capture"


def main():
    a = arguments()
    failed, lines = 0, []
    for name, extra in SWEEPS.items():
        if a.only and name not in a.only:
            continue
        started = time.monotonic()
        f = os.path.join(ROOT, "experiments", name + ".toml")
        with open(f, "rb") as fh:
            doc = tomllib.load(fh)
        out = os.path.join(a.outroot, name)
        subprocess.run(["rm", "-rf", out])
        os.makedirs(out)
        sets, spans = resume_exact.phase_overrides(doc)
        args = [x for s in sets + extra for x in ("--set", s)]
        if run([a.plastix, "check", f] + args).returncode != 0:  # measuring times after the shortened run's end
            args = [x for s in extra for x in ("--set", s)]
            lines.append(f"{name}: at full length")
        for jobs in (1, 2, 3):
            r = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/jobs{jobs}", "--jobs", str(jobs)] + args)
            if r.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL with --jobs {jobs}: rc {r.returncode}: {r.stderr.strip()[-400:]}")
                continue
            if jobs > 1:
                same, diff = compare(f"{out}/jobs1", f"{out}/jobs{jobs}")
                failed += not same
                lines.append(f"{name}: --jobs {jobs} " + ("identical to --jobs 1" if same else "DIFFERS: " + diff))
        if name == RESUMED and os.path.exists(f"{out}/jobs1/summary.json"):
            first = resume_exact.first_point_ms(doc, spans)
            failed += resume_with_other_jobs(a.plastix, f, args, out, first, lines)
        lines.append(f"{name}: {time.monotonic() - started:.1f} s")
    print("\n".join(lines))
    print(f"{failed} failed")
    return 1 if failed else 0


def resume_with_other_jobs(plastix, f, args, out, first_ms, lines):
    """Cut inside the second point with --jobs 1 and resume with --jobs 3; cut with --jobs 2 (between two points,
    after the point that passes the step) and resume with --jobs 1. first_ms: the first point's length. Returns the
    number of failures."""
    with open(f"{out}/jobs1/summary.json") as fh:
        summary = json.load(fh)
    steps = int(round(summary["metrics"]["sweep_bio_time_s"] * 1e3 / summary["dt_ms"]))
    first = int(round(first_ms / summary["dt_ms"]))
    inside_second = first + 10  # ten steps into the second point
    failed = 0
    # (jobs of the cut, jobs of the resumed run, step, where the checkpoint must be: inside a point or between two)
    for cut_jobs, resume_jobs, step, where in ((1, 3, inside_second, "sweep point 2 of "),
                                               (2, 1, steps // 2, "before sweep point ")):
        tag = f"cut{cut_jobs}_resume{resume_jobs}"
        ck = f"{out}/{tag}.checkpoint.h5"
        run([plastix, "run", "--no-report", f, "-q", "-o", f"{out}/{tag}_cut", "--jobs", str(cut_jobs),
             "--checkpoint", ck, "--checkpoint-stop-at-step", str(step)] + args)
        if not os.path.exists(ck):
            failed += 1
            lines.append(f"resume: FAIL: no checkpoint from --jobs {cut_jobs} at step {step}")
            continue
        with h5py.File(ck, "r") as h:
            at = h.attrs["sweep_point"]
        at = at.decode() if isinstance(at, bytes) else str(at)
        if not at.startswith(where):
            failed += 1
            lines.append(f"resume: FAIL: the checkpoint of --jobs {cut_jobs} is at '{at}', expected '{where}...'")
        r = run([plastix, "resume", "--no-report", ck, "-q", "-o", f"{out}/{tag}", "--jobs", str(resume_jobs)])
        if r.returncode != 0:
            failed += 1
            lines.append(f"resume: FAIL: --jobs {resume_jobs}: rc {r.returncode}: {r.stderr.strip()[-400:]}")
            continue
        same, diff = compare(f"{out}/jobs1", f"{out}/{tag}")
        failed += not same
        lines.append(f"resume: cut with --jobs {cut_jobs} at step {step} of {steps}, resumed with --jobs "
                     f"{resume_jobs}: " + ("identical" if same else "DIFFERS: " + diff))
    return failed


if __name__ == "__main__":
    sys.exit(main())
