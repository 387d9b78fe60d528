#!/usr/bin/python3
"""Exact resumption (docs/checkpoints.md): for every ready experiment (experiments/*.toml, experiments/examples/*.toml)
on reduced durations, a run interrupted at a random step (a checkpoint, then a stop as on Ctrl-C) and resumed gives
results bitwise identical to the uninterrupted run (scripts/compare-results: data.h5 and summary.json).

  resume_exact.py PLASTIX OUTROOT [--seed N] [--only NAME ...] [--cuts K]

Each phase is shortened to at most 300 ms (a slow phase to at most 4 slow steps); each experiment is cut at K random
steps (default 2), one of them inside a slow phase when it has one; a sweep is cut on its own clock (the steps of
all its points), one cut between its first two points. Exit status 0 when every cut resumed bitwise identically."""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNITS = {"ms": 1.0, "s": 1e3, "min": 6e4, "h": 3.6e6, "day": 8.64e7, "days": 8.64e7}


def ms(text):
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*([a-z]+)\s*", str(text))
    return float(m.group(1)) * UNITS[m.group(2)] if m and m.group(2) in UNITS else None


def phase_overrides(doc):
    """--set overrides shortening every phase; the phases' (start, end, slow) in ms after shortening."""
    sets, spans, t = [], [], 0.0
    for k, ph in enumerate(doc.get("phase", [])):
        name = ph.get("name", f"[{k}]")
        dur = ms(ph.get("duration", "0 ms")) or 0.0
        slow = ms(ph["slow_step"]) if "slow_step" in ph else None
        limit = 4 * slow if slow else 300.0
        if dur > limit:
            dur = limit
            key = f"phase.{name}.duration" if "name" in ph else f"phase[{k}].duration"
            sets.append(f"{key}={dur:g} ms")
        spans.append((t, t + dur, slow))
        t += dur
    total = ms(doc.get("experiment", {}).get("duration", "0 ms")) or 0.0
    if not spans and total > 3000.0:  # one phase given as experiment.duration
        sets.append("experiment.duration=3 s")
    return sets, spans


def full_spans(doc):
    """The phases' (start, end, slow) in ms, not shortened."""
    spans, t = [], 0.0
    for ph in doc.get("phase", []):
        dur = ms(ph.get("duration", "0 ms")) or 0.0
        spans.append((t, t + dur, ms(ph["slow_step"]) if "slow_step" in ph else None))
        t += dur
    return spans


def first_point_ms(doc, spans):
    """The biological time of a sweep's first point [ms]: its phases (the first condition's, the sweep's `phases`, or
    all of them) after shortening."""
    phases = doc.get("phase", [])
    by_name = {ph.get("name"): e - s for ph, (s, e, _) in zip(phases, spans)}
    sw = doc["sweep"]
    conds = sw.get("condition", [])
    names = (conds[0].get("phases") if conds else None) or sw.get("phases")
    if not names:
        if spans:
            return spans[-1][1]
        return min(3000.0, ms(doc.get("experiment", {}).get("duration", "0 ms")) or 0.0)
    return sum(by_name.get(n, 0.0) for n in names)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plastix")
    ap.add_argument("outroot")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--cuts", type=int, default=2)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = []
    for d in ("experiments", "experiments/examples"):
        files += sorted(os.path.join(ROOT, d, f) for f in os.listdir(os.path.join(ROOT, d)) if f.endswith(".toml"))
    failed, lines = 0, []
    for f in files:
        name = os.path.basename(f)[:-5]
        if a.only and name not in a.only:
            continue
        started = time.monotonic()
        with open(f, "rb") as fh:
            doc = tomllib.load(fh)
        out = os.path.join(a.outroot, name)
        subprocess.run(["rm", "-rf", out])
        os.makedirs(out)
        sets, spans = phase_overrides(doc)
        args = [x for s in sets for x in ("--set", s)]
        if args and run([a.plastix, "check", f] + args).returncode != 0:
            # windows or measuring times after the shortened run's end: run it at full length
            lines.append(f"{name}: at full length (shortened, its metric windows or measuring times fall after the end)")
            args, spans = [], full_spans(doc)
        full = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/full"] + args)
        if full.returncode != 0:
            lines.append(f"{name}: SKIP, the shortened run fails: {full.stderr.strip().splitlines()[-1:]}")
            continue
        with open(f"{out}/full/summary.json") as fh:
            summary = json.load(fh)
        dt = summary["dt_ms"]
        metrics = summary.get("metrics", {})
        sweep = "sweep_bio_time_s" in metrics  # a sweep's clock: the steps of all its points
        steps = int(round((metrics["sweep_bio_time_s"] if sweep else summary["bio_time_s"]) * 1e3 / dt))
        cuts = sorted(rng.sample(range(1, steps), min(a.cuts, steps - 1))) if steps > 1 else []
        if sweep and cuts:  # one cut between the first two points (the end of the first point)
            first = first_point_ms(doc, spans)
            if 0 < first < steps * dt:
                cuts[0] = int(round(first / dt))
        slow = [(s, e, sl) for s, e, sl in spans if sl]
        if slow and cuts:  # one cut inside a slow phase, before its last slow step (a checkpoint falls at the end of
            s, e, sl = slow[0]  # a slow step; one due in the last step of the run is not taken: the run is done)
            cuts[-1] = rng.randrange(int(s / dt) + 1, max(int(s / dt) + 2, int((e - sl) / dt)))
        for k in cuts:
            ck = f"{out}/cut{k}.checkpoint.h5"
            # --jobs 1: a sweep's points one after another, so that the cut falls inside the point at step k (with
            # more jobs a sweep is cut between two points only); the resumed run uses the default jobs
            cut = run([a.plastix, "run", "--no-report", f, "-q", "-o", f"{out}/cut{k}", "--checkpoint", ck,
                       "--jobs", "1", "--checkpoint-stop-at-step", str(k)] + args)
            if not os.path.exists(ck):
                failed += 1
                lines.append(f"{name}: FAIL at step {k}: no checkpoint (rc {cut.returncode}): {cut.stderr.strip()[-300:]}")
                continue
            res = run([a.plastix, "resume", "--no-report", ck, "-q", "-o", f"{out}/resumed{k}"])
            if res.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL at step {k}: resume rc {res.returncode}: {res.stderr.strip()[-300:]}")
                continue
            cmp = run([os.path.join(ROOT, "scripts/compare-results"), f"{out}/full", f"{out}/resumed{k}"])
            if cmp.returncode != 0:
                failed += 1
                lines.append(f"{name}: FAIL at step {k} of {steps}: differs: {cmp.stdout.strip()[:400]}")
            else:
                lines.append(f"{name}: ok at step {k} of {steps}")
        lines.append(f"{name}: {time.monotonic() - started:.1f} s")
    print("\n".join(lines))
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
