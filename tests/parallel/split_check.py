"""What the checks of parallel runs share (sweep_jobs.py, threads.py): the source tree, loading a script as a
module, running a command, comparing two output directories bitwise (scripts/compare-results) and the command line
`SCRIPT PLASTIX OUTROOT [--only NAME ...]`."""
import argparse
import importlib.util
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(name, path):
    """The script at `path` (relative to the source tree) as a module named `name`."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


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
