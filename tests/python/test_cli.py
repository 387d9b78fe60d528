"""The command line tool as a user meets it: exit codes, messages naming file/line/key, atomic output."""
import json
import os
import subprocess

import pytest

GOOD = """
[experiment]
name = "tiny"
seed = 3
duration = "200 ms"

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


def run(binary, *args, cwd=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_run_writes_results_and_summary(plastix_binary, tmp_path):
    out = tmp_path / "out"
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(out)) == ["data.h5", "experiment.toml", "summary.json"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["experiment"] == "tiny"
    assert summary["seed"] == 3
    assert summary["synapse_count"] == 200
    assert summary["spike_count"] > 0
    assert abs(summary["bio_time_s"] - 0.2) < 1e-9
    assert "rate_hz.n" in summary["metrics"]


def test_seed_and_set_override_and_reproducibility(plastix_binary, tmp_path):
    f = write(tmp_path, GOOD)
    outs = []
    for name, extra in (("a", []), ("b", []), ("c", ["--seed", "4"])):
        out = tmp_path / name
        r = run(plastix_binary, "run", f, "-o", str(out), "--set", "population.in.rate=30 Hz", *extra)
        assert r.returncode == 0, r.stderr
        outs.append(json.loads((out / "summary.json").read_text()))
    assert outs[0]["spike_count"] == outs[1]["spike_count"]
    assert outs[2]["seed"] == 4
    assert outs[0]["metrics"]["rate_hz.in"] > 25  # the override took effect (30 Hz, not 20 Hz)


BAD_CASES = [
    # (description, text transform, expected fragments of the message)
    ("syntax error", lambda t: t.replace('size = 20', 'size = = 20'), ["exp.toml:9", "column"]),
    ("unknown key", lambda t: t.replace('rate = "20 Hz"', 'rat = "20 Hz"'), ["exp.toml:11", "population.in.rat", "did you mean 'rate'"]),
    ("missing unit", lambda t: t.replace('weight = "3 nS"', 'weight = "3"'), ["exp.toml:", "weight", "nS"]),
    ("wrong unit", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "5 mV"'), ["exp.toml:", "tau_decay", "time"]),
    ("negative time constant", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "-5 ms"'),
     ["exp.toml:", "tau_decay"]),
    ("population of size 0", lambda t: t.replace("size = 10", "size = 0"), ["exp.toml:", "size"]),
    ("population too large", lambda t: t.replace("size = 10", "size = 10000000000000"), ["exp.toml:", "size", "memory"]),
    ("unknown population", lambda t: t.replace('pre = "in"', 'pre = "inp"'), ["exp.toml:", "inp", "in"]),
    # hardened input (tests/unit/test_input_limits.cpp has one test per limit)
    ("infinite parameter", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "inf ms"'),
     ["exp.toml:19", "tau_decay", "finite"]),
    ("nan weight", lambda t: t.replace('weight = "3 nS"', 'weight = "nan nS"'), ["exp.toml:27", "weight", "finite"]),
    ("duration of 1e300 ms", lambda t: t.replace('duration = "200 ms"', 'duration = "1e300 ms"'),
     ["exp.toml:5", "experiment.duration", "steps"]),
    ("dt larger than the run", lambda t: t.replace('duration = "200 ms"', 'duration = "200 ms"\ndt = "1 s"'),
     ["exp.toml:5", "no step"]),
    ("slash in a population name", lambda t: t.replace('name = "n"', 'name = "a/n"'),
     ["exp.toml:14", "not a valid name", "'/'"]),
    ("deep keys", lambda t: t + ".".join(["a"] * 30000) + " = 1\n", ["exp.toml:", "64 levels"]),
]


@pytest.mark.parametrize("description,transform,fragments", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_gives_one_clear_message_and_no_output(plastix_binary, tmp_path, description, transform, fragments):
    f = write(tmp_path, transform(GOOD))
    out = tmp_path / "out"
    for args in (["check", f], ["run", f, "-o", str(out)]):
        r = run(plastix_binary, *args)
        assert r.returncode != 0, f"{description}: exit status 0"
        message = r.stderr.strip()
        assert message.startswith("plastix: error:"), message
        for fragment in fragments:
            assert fragment in message, f"{description}: '{fragment}' not in: {message}"
        assert "Traceback" not in message and "terminate" not in message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["exp.toml"], "no staging directories left behind"


def test_failed_run_keeps_previous_results(plastix_binary, tmp_path):
    out = tmp_path / "out"
    assert run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out)).returncode == 0
    before = (out / "summary.json").read_text()
    bad = write(tmp_path, GOOD.replace('weight = "3 nS"', 'weight = "3 parsecs"'), "bad.toml")
    assert run(plastix_binary, "run", bad, "-o", str(out)).returncode != 0
    assert (out / "summary.json").read_text() == before


def test_missing_file_and_list(plastix_binary, tmp_path):
    r = run(plastix_binary, "run", str(tmp_path / "nope.toml"))
    assert r.returncode != 0 and "nope.toml" in r.stderr
    r = run(plastix_binary, "list")
    assert r.returncode == 0
    for word in ("lif", "adex", "izhikevich", "poisson", "ampa", "nmda", "fixed_probability"):
        assert word in r.stdout


def test_progress_lines_when_not_a_terminal(plastix_binary, tmp_path):
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(tmp_path / "o"))
    assert "progress: 100%" in r.stderr
    assert "real time" in r.stderr


def test_set_can_be_repeated_and_zero_duration_names_the_key_once(plastix_binary, tmp_path):
    f = write(tmp_path, GOOD)
    out = tmp_path / "o"
    r = run(plastix_binary, "run", f, "-o", str(out), "--set", "experiment.seed=9", "--set", "experiment.name=renamed")
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 9 and summary["experiment"] == "renamed"
    r = run(plastix_binary, "check", f, "--set", "experiment.duration=0 s")
    assert r.returncode != 0
    assert "key 'experiment.duration':" in r.stderr and "duration.duration" not in r.stderr
