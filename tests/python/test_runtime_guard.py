"""Runs that must stop: a value that becomes NaN or infinite stops the run with an error naming it, and Ctrl-C stops
the command line tool and plastix.run in Python within a second. Either way the previous results in the output
directory are left as they were and the results up to the stop go next to it, to <DIR>.incomplete/."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import plastix_paths

# A linear rate neuron with plain Hebbian learning and no bound on the weights: they grow exponentially and
# overflow to inf after about 2.7 s.
RUNAWAY = """
[experiment]
name = "runaway"
seed = 7
dt = "1 ms"
duration = "60 s"

[[population]]
name = "input"
model = "rate_gaussian"
interval = "1 ms"
covariance = { groups = [5, 5], correlation = [0.7, 0.3], between = 0.1, sd = 1.0 }

[[population]]
name = "neuron"
size = 1
model = "rate"

[[projection]]
name = "input_neuron"
pre = "input"
post = "neuron"
weight = { uniform = [-0.5, 0.5] }
  [[projection.plasticity]]
  rule = "hebb"
  tau_w = "TAU_W"

[[monitor]]
type = "state"
population = "neuron"
variable = "y"
interval = "10 ms"
"""

# A small network that runs for hours unless it is stopped.
LONG = """
[experiment]
name = "long"
seed = 3
duration = "DURATION"

[[population]]
name = "in"
size = 20
model = "poisson"
rate = "20 Hz"

[[population]]
name = "n"
size = 10
model = "lif"
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"

[[projection]]
pre = "in"
post = "n"
receptor = "exc"
connector = "all_to_all"
weight = "3 nS"

[[monitor]]
type = "spikes"
population = "n"
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def runaway(tau_w="10 ms"):
    return RUNAWAY.replace("TAU_W", tau_w)


# The runaway Hebbian rule with an axis of learning time constants: 10 ms overflows (the
# third point), 100 s and more stay finite.
AXIS = """
[sweep]
table = "grid"
  [[sweep.axis]]
  key = "projection.input_neuron.plasticity.hebb.tau_w"
  values = [VALUES]
  unit = "s"
  column = "tau_w_s"
  [[sweep.measure]]
  metric = "mean_weight.input_neuron"
  column = "w"
"""


def runaway_sweep(values):
    """The runaway rule over a sweep of learning time constants (test_sweep_jobs.py, tests/parallel/mpi.py)."""
    return runaway() + AXIS.replace("VALUES", ", ".join(f'"{v}"' for v in values))


def long_run(duration="10000 s"):
    return LONG.replace("DURATION", duration)


def snapshot(directory):
    """Every file of a directory and its bytes."""
    return {name: (directory / name).read_bytes() for name in sorted(os.listdir(directory))}


@pytest.fixture
def previous(plastix_binary, tmp_path):
    """An output directory holding the results of an earlier run, and its contents."""
    out = tmp_path / "out"
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "short.toml", long_run("50 ms")), "-o", str(out), "-q"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return out, snapshot(out)


def python_env():
    env = dict(os.environ)
    path = [str(plastix_paths.SOURCE_DIR / "python"), str(plastix_paths.BUILD_DIR / "python")]
    env["PYTHONPATH"] = os.pathsep.join(path + [env["PYTHONPATH"]] if env.get("PYTHONPATH") else path)
    return env


def interrupt_after_start(command, started, env=None):
    """Starts `command`, waits for the line `started` on its stdout (or stderr) and 0.5 s more, sends SIGINT; returns
    (exit status, seconds from the signal to the exit, stdout, stderr)."""
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    stream = p.stdout if started.startswith("stdout:") else p.stderr
    line = stream.readline()
    assert started.split(":", 1)[1] in line, line
    time.sleep(0.5)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("the run went on after Ctrl-C")
    return p.returncode, time.monotonic() - t0, line + out if stream is p.stdout else out, line + err


def test_a_runaway_rule_stops_the_cli_run_naming_the_projection_and_keeps_its_results_next_to_dir(
        plastix_binary, tmp_path, previous):
    out, before = previous
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "runaway.toml", runaway()), "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "plastix: error: a value became NaN or infinite; the run was stopped at t = " in r.stderr
    assert "projection 'input_neuron', weight: w = inf at synapse" in r.stderr
    assert "became non-finite in the step from t = " in r.stderr
    assert f"previous results in {out} are intact" in r.stderr
    assert f"the results up to the stop are in {out}.incomplete/" in r.stderr
    assert snapshot(out) == before  # nothing written into DIR
    summary = json.loads((tmp_path / "out.incomplete" / "summary.json").read_text())
    assert summary["status"] == "stopped"
    assert summary["stop_reason"].startswith("a value became NaN or infinite")
    assert 0 < summary["bio_time_s"] < 60
    assert all(v is not None for v in summary["metrics"].values())  # no NaN (null) among the metrics kept
    # A slow learning rate stays finite over the same time: the run completes (exit 0, status complete).
    done = tmp_path / "done"
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "slow.toml", runaway("1000 s")), "-o", str(done),
                        "--set", "experiment.duration=3 s", "-q"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads((done / "summary.json").read_text())["status"] == "complete"


def test_a_stopped_sweep_names_the_point_with_its_axis_values(plastix_binary, tmp_path):
    text = runaway() + """
[sweep]
table = "grid"
  [[sweep.axis]]
  key = "projection.input_neuron.plasticity.hebb.tau_w"
  values = ["100 s", "10 ms"]
  unit = "s"
  column = "tau_w_s"
  [[sweep.measure]]
  metric = "mean_weight.input_neuron"
  column = "w"
"""
    out = tmp_path / "sweep"
    r = subprocess.run([plastix_binary, "run", write(tmp_path, "sweep.toml", text), "-o", str(out), "-q",
                        "--set", "experiment.duration=5 s"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "plastix: error: sweep point 2 of 2 (tau_w_s = 10 ms): a value became NaN or infinite" in r.stderr
    assert not out.exists()
    summary = json.loads((tmp_path / "sweep.incomplete" / "summary.json").read_text())
    assert summary["status"] == "stopped"
    assert summary["tables"]["grid"]["tau_w_s"] == [100.0]  # the point before it


def test_ctrl_c_stops_a_cli_run_with_exit_130_and_leaves_the_previous_results_intact(plastix_binary, tmp_path,
                                                                                    previous):
    out, before = previous
    status, seconds, _, err = interrupt_after_start(
        [plastix_binary, "run", write(tmp_path, "long.toml", long_run()), "-o", str(out)], "stderr:running 'long'")
    assert status == 130, err
    assert seconds < 2.0, err
    assert "plastix: interrupted at t = " in err
    assert f"previous results in {out} are intact" in err
    assert snapshot(out) == before
    summary = json.loads((tmp_path / "out.incomplete" / "summary.json").read_text())
    assert summary["status"] == "stopped"
    assert summary["stop_reason"].startswith("interrupted at t = ")


PYTHON_RUN = """
import sys
import plastix
exp = plastix.Experiment.from_file(sys.argv[1])
print("started", flush=True)
plastix.run(exp)
print("finished", flush=True)
"""


def test_ctrl_c_raises_keyboard_interrupt_in_python_within_a_second(tmp_path):
    script = write(tmp_path, "run.py", PYTHON_RUN)
    status, seconds, out, err = interrupt_after_start(
        [sys.executable, script, write(tmp_path, "long.toml", long_run())], "stdout:started", env=python_env())
    assert "KeyboardInterrupt" in err, err
    assert status != 0
    assert "finished" not in out
    assert seconds < 2.0, err


def test_a_runaway_rule_raises_run_stopped_in_python_with_the_results_up_to_the_stop(tmp_path):
    plastix = pytest.importorskip("plastix")
    exp = plastix.Experiment.from_file(write(tmp_path, "runaway.toml", runaway()))
    with pytest.raises(plastix.RunStopped) as caught:
        plastix.run(exp)
    e = caught.value
    assert isinstance(e, plastix.PlastixError)
    assert "projection 'input_neuron', weight: w = inf" in str(e)
    assert 0 < e.time_ms < 60000
    assert e.results.stop_reason == str(e)
    assert e.results.bio_time == e.time_ms
    assert len(e.results.states) == 1


def test_a_run_in_another_thread_is_not_polled_for_signals_and_completes(tmp_path):
    import threading

    plastix = pytest.importorskip("plastix")
    exp = plastix.Experiment.from_file(write(tmp_path, "short.toml", long_run("300 ms")))
    done = {}
    thread = threading.Thread(target=lambda: done.setdefault("results", plastix.run(exp)))
    thread.start()
    thread.join(timeout=60)
    assert done["results"].bio_time == pytest.approx(300.0)
    assert done["results"].stop_reason == ""


def test_the_results_of_a_stopped_run_are_written_uncompressed_with_no_compression(plastix_binary, tmp_path):
    import h5py
    # The run-away of above, slower (it stops after ~10 s), recording the 10 inputs every step: > 65 536 values.
    text = runaway("50 ms").replace('population = "neuron"\nvariable = "y"\ninterval = "10 ms"',
                                    'population = "input"\nvariable = "x"\ninterval = "1 ms"')
    compression = {}
    for label, flags in (("gzip", []), ("plain", ["--no-compression"])):
        out = tmp_path / label
        r = subprocess.run([plastix_binary, "run", write(tmp_path, "runaway.toml", text), "-o", str(out), "-q",
                            "--no-report", *flags], capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, r.stderr
        with h5py.File(tmp_path / f"{label}.incomplete" / "data.h5", "r") as f:
            values = f["state/input_x/values"]
            assert values.size > 65536
            compression[label] = values.compression
    assert compression == {"gzip": "gzip", "plain": None}
