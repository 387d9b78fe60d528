"""Parallel sweeps (docs/parallel.md): `plastix run --jobs N` and plastix.run(exp, jobs=N) run N points of a sweep at
once; a point that stops is reported as in a run one point after another, and Ctrl-C stops every running point."""
import json
import os
import subprocess

import h5py
import numpy as np
import pytest

import plastix
import plastix_paths
from test_runtime_guard import interrupt_after_start, long_run, runaway, write
from test_runtime_guard import runaway_sweep as sweep

@pytest.mark.parametrize("jobs", [1, 3])
def test_a_stopped_point_is_named_and_the_points_before_it_are_kept_for_any_number_of_jobs(plastix_binary,
                                                                                          tmp_path, jobs):
    out = tmp_path / f"sweep{jobs}"
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "sweep.toml", sweep(["100 s", "200 s", "10 ms",
                                                                                    "300 s", "400 s"])),
                        "-o", str(out), "-q", "--jobs", str(jobs), "--set", "experiment.duration=5 s"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "plastix: error: sweep point 3 of 5 (tau_w_s = 10 ms): a value became NaN or infinite" in r.stderr
    assert not out.exists()
    summary = json.loads((tmp_path / f"sweep{jobs}.incomplete" / "summary.json").read_text())
    assert summary["status"] == "stopped"
    assert summary["tables"]["grid"]["tau_w_s"] == [100.0, 200.0]  # the points before it, in order


def test_python_runs_a_sweep_with_jobs_bitwise_as_one_point_after_another(tmp_path):
    exp = plastix.load_experiment(write(tmp_path, "sweep.toml", sweep(["100 s", "200 s", "300 s", "400 s"])),
                                  overrides=["experiment.duration=1 s"])
    one, three = plastix.run(exp, jobs=1), plastix.run(exp, jobs=3)
    assert list(one.tables["grid"]["tau_w_s"]) == [100.0, 200.0, 300.0, 400.0]
    for column, values in one.tables["grid"].items():
        assert np.array_equal(values, three.tables["grid"][column]), column
    assert one.metrics == three.metrics
    with pytest.raises(plastix.PlastixError, match="jobs: expected a whole number of at least 1"):
        plastix.run(exp, jobs=0)


def test_the_jobs_option_takes_a_positive_number(plastix_binary, tmp_path):
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "sweep.toml", sweep(["100 s"])), "-o",
                        str(tmp_path / "out"), "-q", "--jobs", "0"], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "--jobs" in r.stderr
    assert "--jobs" in subprocess.run([plastix_binary, "run", "--help"], capture_output=True, text=True).stdout


LONG_SWEEP = """
[sweep]
table = "rates"
  [[sweep.axis]]
  key = "population.in.rate"
  values = ["20 Hz", "21 Hz", "22 Hz", "23 Hz"]
  unit = "Hz"
  column = "rate_hz"
  [[sweep.measure]]
  metric = "rate_hz.n"
  column = "rate"
"""


def test_ctrl_c_stops_every_running_point_of_a_parallel_sweep_and_saves_the_points_done(plastix_binary, tmp_path):
    out, ck = tmp_path / "out", tmp_path / "sweep.checkpoint.h5"
    status, seconds, _, err = interrupt_after_start(
        [plastix_binary, "run", write(tmp_path, "long.toml", long_run() + LONG_SWEEP), "-o", str(out), "--jobs", "2",
         "--checkpoint", str(ck)], "stderr:running 'long'")
    assert status == 130, err
    assert seconds < 2.0, err
    assert "sweep point 1 of 4 (rate_hz = 20 Hz): interrupted at t = " in err
    assert not out.exists()
    with h5py.File(ck, "r") as f:  # between two points: no point was done
        sweep_point = f.attrs["sweep_point"]
    assert (sweep_point.decode() if isinstance(sweep_point, bytes) else str(sweep_point)) == \
        "before sweep point 1 of 4"


def test_points_compiling_the_same_equations_at_once_share_the_cache_safely(plastix_binary, source_dir, tmp_path):
    """stop_learning's rules are written as equations: with an empty cache, three points compile the same sources at
    the same time; each compiles into files of its own thread and renames them into place."""
    outs = {}
    for jobs in (1, 3):
        cache = tmp_path / f"cache{jobs}"
        env = dict(os.environ, PLASTIX_CACHE_DIR=str(cache))
        outs[jobs] = tmp_path / f"out{jobs}"
        r = subprocess.run([plastix_binary, "run", str(source_dir / "experiments" / "stop_learning.toml"), "-q",
                            "-o", str(outs[jobs]), "--jobs", str(jobs)], capture_output=True, text=True, timeout=300,
                           env=env)
        assert r.returncode == 0, r.stderr
        names = sorted(os.listdir(cache))
        assert names and all(n.endswith((".cpp", ".so")) for n in names), names  # no temporary file left
    r = subprocess.run([str(source_dir / "scripts" / "compare-results"), str(outs[1]), str(outs[3])],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


DURATION_SWEEP = """
[sweep]
table = "runs"
  [[sweep.axis]]
  key = "experiment.duration"
  values = ["600 s", "1 s", "2 s"]
  unit = "s"
  column = "duration_s"
  [[sweep.measure]]
  metric = "rate_hz.n"
  column = "rate"
"""


def test_points_done_out_of_order_are_saved_on_ctrl_c_and_not_run_again_on_resume(plastix_binary, tmp_path):
    """With 2 jobs the two short points are done while the long first one runs; Ctrl-C saves them with the sweep
    (/state/sweep/finished), and the resumed sweep (1 job) runs the first point only, to the same results."""
    f = write(tmp_path, "long.toml", long_run() + DURATION_SWEEP)
    whole = tmp_path / "whole"
    r = subprocess.run([plastix_binary, "run", f, "-q", "-o", str(whole), "--jobs", "1"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    out, ck = tmp_path / "out", tmp_path / "out.checkpoint.h5"
    status, _, _, err = interrupt_after_start([plastix_binary, "run", f, "-o", str(out), "--jobs", "2"],
                                              "stderr:running 'long'")
    assert status == 130, err
    with h5py.File(ck, "r") as h:
        assert list(h["state/sweep/finished"][()]) == [1, 2]
        sweep_point = h.attrs["sweep_point"]
    assert (sweep_point.decode() if isinstance(sweep_point, bytes) else str(sweep_point)) == \
        "before sweep point 1 of 3"
    r = subprocess.run([plastix_binary, "resume", str(ck), "-q", "-o", str(out), "--jobs", "1"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    same = subprocess.run([str(plastix_paths.SOURCE_DIR / "scripts" / "compare-results"), str(whole), str(out)],
                          capture_output=True, text=True)
    assert same.returncode == 0, same.stdout
