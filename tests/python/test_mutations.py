"""Mutation test of the experiment reader: the ready experiments (experiments/*.toml), each changed in small ways
a careless or hostile user might (a line deleted, a unit swapped, NaN/inf/huge/tiny/negative numbers, a value of the
wrong type, a population renamed so that projections point nowhere, the file cut at a random byte), go through
`plastix check`.

Every mutant must be answered, quickly and without a signal, by exit 0 (accepted) or exit 2 with an error that names
the file and line (`FILE:LINE:`); "internal error" never appears; NaN and infinities are always refused. The
accepted mutants (up to RUN_SAMPLE of them) are run with every phase cut to SHORT_PHASE: a run ends with exit 0 or
2, and what it writes (summary.json, data.h5) holds no NaN or infinity.

The mutants are drawn from a fixed seed: the same ones every time. About 300 `check` calls and a few dozen short
runs, two at a time: well under a minute on two cores.
"""
import concurrent.futures
import json
import math
import random
import re
import subprocess
import tomllib

import numpy as np
import pytest

import plastix_paths

MUTANTS_PER_FILE = 16
RUN_SAMPLE = 40  # at most this many accepted mutants run (about 0.1-0.5 s each)
CHECK_TIMEOUT = 30  # [s] per check; a hang is a failure
RUN_TIMEOUT = 120  # [s] per short run
SHORT_PHASE = "200 ms"

UNIT_SWAPS = {"ms": "Hz", "s": "Hz", "min": "Hz", "h": "mV", "day": "pA", "days": "pA", "Hz": "ms", "kHz": "ms",
              "mV": "pA", "pA": "mV", "nA": "mV", "nS": "mV", "pF": "nS"}
EDGE_NUMBERS = ["nan", "inf", "-inf", "1e300", "1e-300", "-1", "0"]
QUANTITY = re.compile(r'"(-?[0-9][0-9.e+-]*) ([A-Za-z\u00b5]+)"')
BARE_NUMBER = re.compile(r'(?m)^([ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*)(-?[0-9][0-9._e+-]*)(?=[ \t]*(#.*)?$)')
STRING_VALUE = re.compile(r'(?m)^([ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*)("[^"\n]*")')


def delete_line(rng, text):
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")]
    i = rng.choice(candidates)
    return "\n".join(lines[:i] + lines[i + 1:]), f"line {i + 1} deleted: {lines[i].strip()}"


def swap_unit(rng, text):
    matches = [m for m in QUANTITY.finditer(text) if m.group(2) in UNIT_SWAPS]
    m = rng.choice(matches)
    new = f'"{m.group(1)} {UNIT_SWAPS[m.group(2)]}"'
    return text[:m.start()] + new + text[m.end():], f"{m.group(0)} -> {new}"


def edge_number(rng, text):
    value = rng.choice(EDGE_NUMBERS)
    quantities = list(QUANTITY.finditer(text))
    numbers = list(BARE_NUMBER.finditer(text))
    if quantities and (not numbers or rng.random() < 0.6):
        m = rng.choice(quantities)
        new = f'"{value} {m.group(2)}"'
        return text[:m.start()] + new + text[m.end():], f"{m.group(0)} -> {new}"
    m = rng.choice(numbers)
    return text[:m.start(2)] + value + text[m.end(2):], f"{m.group(0).strip()} -> {value}"


def wrong_type(rng, text):
    numbers = list(BARE_NUMBER.finditer(text))
    strings = list(STRING_VALUE.finditer(text))
    if numbers and rng.random() < 0.5:
        m = rng.choice(numbers)
        new = rng.choice(['"many"', "[1, 2]", "true", "{ a = 1 }"])
        return text[:m.start(2)] + new + text[m.end(2):], f"{m.group(0).strip()} -> {new}"
    m = rng.choice(strings)
    new = rng.choice(["{ a = 1 }", "[1, 2]", "42", "false"])
    return text[:m.start(2)] + new + text[m.end(2):], f"{m.group(0).strip()} -> {new}"


def missing_reference(rng, text):
    """Renames one population where it is defined: the projections, monitors and stimuli naming it point nowhere."""
    lines = text.split("\n")
    header, candidates = None, []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            header = stripped
        elif header == "[[population]]" and re.match(r'name\s*=\s*"', stripped):
            candidates.append(i)
    i = rng.choice(candidates)
    lines[i] = re.sub(r'"([^"]*)"', r'"\1_renamed"', lines[i], count=1)
    return "\n".join(lines), f"population renamed at line {i + 1}: {lines[i].strip()}"


def truncate(rng, data):
    cut = rng.randrange(1, len(data))
    return data[:cut], f"cut after byte {cut} of {len(data)}"


OPERATORS = [delete_line, swap_unit, edge_number, wrong_type, missing_reference, truncate]


def make_mutants(source_dir, out_dir):
    """[(path, description)] for every ready experiment, drawn from a fixed seed."""
    mutants = []
    for original in sorted((source_dir / "experiments").glob("*.toml")):
        data = original.read_bytes()
        text = data.decode("utf-8")
        seen = set()
        for k in range(MUTANTS_PER_FILE):
            operator = OPERATORS[k % len(OPERATORS)]
            rng = random.Random(f"{original.stem}:{k}")
            try:
                if operator is truncate:
                    mutated, what = truncate(rng, data)
                else:
                    text_out, what = operator(rng, text)
                    mutated = text_out.encode("utf-8")
            except IndexError:  # nothing of that kind in this file
                continue
            if mutated == data or mutated in seen:
                continue
            seen.add(mutated)
            path = out_dir / f"{original.stem}-{k:02d}-{operator.__name__}.toml"
            path.write_bytes(mutated)
            mutants.append((path, f"{original.name}, {operator.__name__}: {what}"))
    return mutants


def run_plastix(args, timeout):
    try:
        p = subprocess.run([str(plastix_paths.plastix_binary()), *args], capture_output=True, text=True,
                           errors="replace", timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", f"no answer within {timeout} s"


def run_all(jobs, timeout):
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda args: run_plastix(args, timeout), jobs))


def answer_problem(rc, out, err):
    """What is wrong with an answer of plastix, or None: a hang, a signal, an exit other than 0 or 2, an internal
    error."""
    if rc is None:
        return err
    if rc < 0 or rc >= 128:
        return f"killed by a signal (exit {rc}): {err.strip()[-300:]}"
    if "internal error" in out + err:
        return f"internal error (exit {rc}): {err.strip()[-300:]}"
    if rc not in (0, 2):
        return f"exit {rc}: {err.strip()[-300:]}"
    return None


@pytest.fixture(scope="module")
def checked(plastix_binary, source_dir, tmp_path_factory):
    """[(path, description, (rc, stdout, stderr))] of `plastix check` on every mutant."""
    mutants = make_mutants(source_dir, tmp_path_factory.mktemp("mutants"))
    assert len(mutants) >= 250, f"only {len(mutants)} mutants"
    answers = run_all([["check", str(path)] for path, _ in mutants], CHECK_TIMEOUT)
    return [(path, what, answer) for (path, what), answer in zip(mutants, answers)]


def report(failures):
    return f"{len(failures)} mutant(s):\n" + "\n".join(failures)


def test_every_mutant_is_answered_without_a_crash_a_hang_or_an_internal_error(checked):
    failures = []
    for path, what, (rc, out, err) in checked:
        problem = answer_problem(rc, out, err)
        if problem:
            failures.append(f"{path.name} ({what}): {problem}")
    assert not failures, report(failures)


def test_every_rejected_mutant_is_named_with_file_and_line(checked):
    failures = []
    for path, what, (rc, out, err) in checked:
        if rc == 2 and not re.search(re.escape(str(path)) + r":[1-9][0-9]*:", err):
            failures.append(f"{path.name} ({what}): {err.strip()[-300:]}")
    assert not failures, report(failures)


def test_every_non_finite_number_is_rejected(checked):
    """NaN and infinities are never valid parameters: `check` refuses them with file and line."""
    failures = []
    for path, what, (rc, out, err) in checked:
        if "edge_number" in path.name and re.search(r"-> \"?-?(nan|inf)\b", what) and rc != 2:
            failures.append(f"{path.name} ({what}): not refused (exit {rc})")
    assert not failures, report(failures)


def short_run_overrides(text):
    """--set options that make every phase of the experiment (of every run of a sweep) SHORT_PHASE long, or None for
    a text that Python's TOML reader does not read."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None
    phases = doc.get("phase")
    if isinstance(phases, list) and phases:
        return [f"--set=phase[{i}].duration={SHORT_PHASE}" for i in range(len(phases))]
    return [f"--set=experiment.duration={SHORT_PHASE}"]


def non_finite_in_summary(node, where="summary"):
    """Places in summary.json that hold a non-finite number: NaN and infinities are written as null (a null
    realtime_factor only means a run too short to time)."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if value is None and key != "realtime_factor":
                found.append(f"{where}.{key} = null")
            else:
                found += non_finite_in_summary(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += ([f"{where}[{i}] = null"] if value is None else non_finite_in_summary(value, f"{where}[{i}]"))
    elif isinstance(node, float) and not math.isfinite(node):
        found.append(f"{where} = {node}")
    return found


def non_finite_in_hdf5(path):
    """Datasets and attributes of data.h5 that hold NaN or an infinity."""
    import h5py

    found = []

    def visit(name, obj):
        for key, value in obj.attrs.items():
            a = np.asarray(value)
            if a.dtype.kind == "f" and not np.isfinite(a).all():
                found.append(f"{name}@{key}")
        if isinstance(obj, h5py.Dataset) and obj.dtype.kind == "f" and obj.size and not np.isfinite(obj[()]).all():
            found.append(name)

    with h5py.File(path, "r") as f:
        visit("/", f)
        f.visititems(visit)
    return found


def test_accepted_mutants_run_and_write_only_finite_numbers(checked, tmp_path_factory):
    runnable = []
    for path, what, (rc, _, _) in checked:
        if rc != 0:
            continue
        overrides = short_run_overrides(path.read_text(errors="replace"))
        if overrides is not None:
            runnable.append((path, what, overrides))
    assert runnable, "no accepted mutant to run"
    step = max(1, -(-len(runnable) // RUN_SAMPLE))
    sample = runnable[::step]
    out_root = tmp_path_factory.mktemp("runs")
    jobs = [["run", str(path), "-q", "-o", str(out_root / path.stem), *overrides] for path, _, overrides in sample]
    failures = []
    for (path, what, _), (rc, out, err) in zip(sample, run_all(jobs, RUN_TIMEOUT)):
        problem = answer_problem(rc, out, err)
        if problem:
            failures.append(f"{path.name} ({what}): run: {problem}")
            continue
        if rc != 0:
            continue
        out_dir = out_root / path.stem
        bad = non_finite_in_summary(json.loads((out_dir / "summary.json").read_text()))
        bad += [f"data.h5:{name}" for name in non_finite_in_hdf5(out_dir / "data.h5")]
        if bad:
            failures.append(f"{path.name} ({what}): exit 0 with non-finite numbers: {', '.join(bad[:5])}")
    assert not failures, report(failures)
