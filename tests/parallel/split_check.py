"""What the checks of parallel runs share (sweep_jobs.py, threads.py, mpi.py): the source tree, loading a script as
a module, running a command, preparing a run (its output folder, file and shortened phases), comparing two output
directories bitwise (scripts/compare-results) and the command line `SCRIPT PLASTIX OUTROOT [--only NAME ...]`."""
import argparse
import importlib.util
import os
import subprocess
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(name, path):
    """The script at `path` (relative to the source tree) as a module named `name`."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def prepare(outroot, name, what, extra, fresh=True):
    """A fresh output folder OUTROOT/NAME (`fresh`; else the folder as it is), the experiment file (`what`: a ready
    experiment's name, or a function writing a file into the folder) and its `--set` arguments: `extra` after the
    phases shortened as in tests/checkpoint/resume_exact.py (ready experiments only)."""
    out = os.path.join(outroot, name)
    if fresh:
        subprocess.run(["rm", "-rf", out])
    os.makedirs(out, exist_ok=True)
    f = what(out) if callable(what) else os.path.join(ROOT, "experiments", what + ".toml")
    sets = []
    if not callable(what):
        with open(f, "rb") as fh:
            sets, _ = load("resume_exact", "tests/checkpoint/resume_exact.py").phase_overrides(tomllib.load(fh))
    return out, f, [x for s in sets + extra for x in ("--set", s)]


def compare(a, b):
    """(identical, the start of compare-results' report) for two output directories."""
    r = run([os.path.join(ROOT, "scripts/compare-results"), a, b])
    return r.returncode == 0, r.stdout.strip()[:600]


def arguments():
    ap = argparse.ArgumentParser()
    ap.add_argument("plastix")
    ap.add_argument("outroot")
    ap.add_argument("--only", nargs="*")
    return ap.parse_args()
