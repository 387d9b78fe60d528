"""Threads inside a run (docs/parallel.md): plastix.run(exp, threads=N), plastix.Simulation(exp, threads=N) and
`plastix run --threads N` give bitwise the results of one thread; the number may change between two steps."""
import subprocess

import numpy as np
import pytest

import plastix
import plastix_paths

# COBA at a fifth of its size (800 + 200 neurons: ranges of 64 on both sides of each boundary) with pair STDP on E→E.
STDP = """
  [[projection.plasticity]]
  rule = "stdp"
  a_plus = 0.06
  a_minus = 0.063
  w_min = "0 nS"
  w_max = "12 nS"
"""


def coba_stdp(tmp_path):
    text = open(plastix_paths.SOURCE_DIR / "experiments" / "coba.toml").read()
    text = text.replace('name = "ee"\npre = "exc"\npost = "exc"\nreceptor = "exc"\nconnector = "fixed_probability"\n'
                        'p = 0.02\nautapses = false\nweight = "6 nS"\ndelay = "0.1 ms"\n',
                        'name = "ee"\npre = "exc"\npost = "exc"\nreceptor = "exc"\nconnector = "fixed_probability"\n'
                        'p = 0.02\nautapses = false\nweight = "6 nS"\ndelay = "0.1 ms"\n' + STDP, 1)
    assert STDP in text
    path = tmp_path / "coba_stdp.toml"
    path.write_text(text)
    return plastix.load_experiment(str(path), overrides=["experiment.duration=150 ms", "population.exc.size=800",
                                                         "population.inh.size=200"])


def test_python_runs_with_threads_bitwise_as_with_one(tmp_path):
    exp = coba_stdp(tmp_path)
    one, two = plastix.run(exp, threads=1), plastix.run(exp, threads=2)
    assert one.metrics == two.metrics
    assert np.array_equal(one.spikes["exc"].senders, two.spikes["exc"].senders)
    assert np.array_equal(one.spikes["exc"].times, two.spikes["exc"].times)
    with pytest.raises(plastix.PlastixError, match="threads: expected a whole number of at least 1"):
        plastix.run(exp, threads=0)


def test_a_simulation_may_change_its_threads_between_two_steps(tmp_path):
    exp = coba_stdp(tmp_path)
    whole = plastix.Simulation(exp)
    assert whole.threads == 1
    whole.run("150 ms")
    pieces = plastix.Simulation(exp, threads=3)
    assert pieces.threads == 3
    pieces.run("50 ms")
    pieces.threads = 2
    pieces.run("60 ms")
    pieces.threads = 1
    pieces.run("40 ms")
    assert np.array_equal(whole.weights("ee"), pieces.weights("ee"))
    assert whole.results().metrics == pieces.results().metrics
    with pytest.raises(plastix.PlastixError, match="threads"):
        pieces.threads = 0


def test_the_threads_option_takes_a_positive_number(plastix_binary, tmp_path):
    r = subprocess.run([plastix_binary, "run", str(plastix_paths.SOURCE_DIR / "experiments" / "coba.toml"), "-o",
                        str(tmp_path / "out"), "-q", "--threads", "0"], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "--threads" in r.stderr
    assert "--threads" in subprocess.run([plastix_binary, "run", "--help"], capture_output=True, text=True).stdout
    assert "--threads" in subprocess.run([plastix_binary, "resume", "--help"], capture_output=True, text=True).stdout
