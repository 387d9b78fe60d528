"""The Python interface (plastix._core + plastix.experiment): building and running from Python matches the same
experiment run from its file and by the command line tool; recordings are zero-copy read-only views that keep
the results alive; mistakes raise plastix.PlastixError with the reader's file/key messages."""
import gc
import subprocess

import h5py
import numpy as np
import pytest

plastix = pytest.importorskip("plastix")
try:
    from plastix import _core  # noqa: F401
except ImportError as e:  # the module is part of the build: a missing one is a failure, not a skip
    pytest.fail(f"plastix._core not importable ({e}); PYTHONPATH must hold <source>/python and <build>/python")

SHORT = ["experiment.duration=100 ms"]


def coba_in_code():
    """experiments/coba.toml, built with the Python API."""
    exp = plastix.Experiment(name="coba", seed=42, dt="0.1 ms", duration="1 s")
    init = {"v": {"uniform": ["-60 mV", "-50 mV"]}, "g_exc": {"normal": ["40 nS", "15 nS"]},
            "g_inh": {"normal": ["200 nS", "120 nS"]}}
    for name, size in (("exc", 3200), ("inh", 800)):
        exp.add_population(name, size, "lif", c_m="200 pF", g_l="10 nS", e_l="-60 mV", v_th="-50 mV",
                           v_reset="-60 mV", t_ref="5 ms", init=init)
        exp.add_receptor(name, "exc", kind="conductance", tau_decay="5 ms", e_rev="0 mV")
        exp.add_receptor(name, "inh", kind="conductance", tau_decay="10 ms", e_rev="-80 mV")
    for name, pre, post, receptor, weight in (("ee", "exc", "exc", "exc", "6 nS"), ("ei", "exc", "inh", "exc", "6 nS"),
                                              ("ie", "inh", "exc", "inh", "67 nS"),
                                              ("ii", "inh", "inh", "inh", "67 nS")):
        extra = {"autapses": False} if pre == post else {}
        exp.add_projection(pre, post, name=name, receptor=receptor, connector="fixed_probability", p=0.02,
                           weight=weight, delay="0.1 ms", **extra)
    exp.add_monitor("spikes", population="exc")
    exp.add_monitor("spikes", population="inh")
    exp.add_monitor("rate", population="exc", bin="5 ms")
    exp.add_monitor("state", population="exc", variable="v", neurons=[0, 1, 2], interval="0.5 ms")
    return exp


@pytest.fixture(scope="module")
def coba_file_results(source_dir):
    return plastix.run(plastix.load_experiment(source_dir / "experiments" / "coba.toml", overrides=SHORT))


def test_code_file_and_cli_runs_are_bitwise_equal(coba_file_results, plastix_binary, source_dir, tmp_path):
    exp = coba_in_code()
    exp.set("experiment.duration", "100 ms")
    from_code = plastix.run(exp)
    out = tmp_path / "cli"
    subprocess.run([plastix_binary, "run", str(source_dir / "experiments" / "coba.toml"), "-q", "-o", str(out),
                    "--set", "experiment.duration=100 ms"], check=True, timeout=120)
    with h5py.File(out / "data.h5") as h5:
        for pop in ("exc", "inh"):
            cli_t, cli_s = h5[f"spikes/{pop}/times"][:], h5[f"spikes/{pop}/senders"][:]
            for res in (coba_file_results, from_code):
                assert len(res.spikes[pop].times) > 100
                assert np.array_equal(res.spikes[pop].times, cli_t)
                assert np.array_equal(res.spikes[pop].senders, cli_s)
        assert np.array_equal(coba_file_results.states["exc_v"].values, h5["state/exc_v/values"][:])
    assert from_code.metrics == coba_file_results.metrics
    assert coba_file_results.bio_time == pytest.approx(100.0)


def test_results_fields_and_shapes(coba_file_results):
    r = coba_file_results
    assert r.experiment == "coba" and r.seed == 42 and r.dt == pytest.approx(0.1)
    assert r.population_sizes == {"exc": 3200, "inh": 800}
    st = r.states["exc_v"]
    assert st.values.shape == (len(st.times), 3) and list(st.neurons) == [0, 1, 2] and st.unit == "mV"
    assert r.spikes["exc"].times.dtype == np.float64 and r.spikes["exc"].senders.dtype == np.uint32
    assert r.rates["exc"].rates.shape == r.rates["exc"].times.shape
    assert r.metrics["rate_hz.exc"] > 0
    assert "[experiment]" in r.file_text


def test_array_views_keep_results_alive(source_dir):
    res = plastix.run(plastix.load_experiment(source_dir / "experiments" / "coba.toml",
                                              ["experiment.duration=20 ms", "population.exc.size=400",
                                               "population.inh.size=100"]))
    times, values = res.spikes["exc"].times, res.states["exc_v"].values
    # views, not copies: the same buffer on every access, and read-only
    assert np.shares_memory(times, res.spikes["exc"].times)
    assert not times.flags.writeable and not times.flags.owndata
    with pytest.raises(ValueError):
        times[0] = 1.0
    expected_t, expected_v = times.copy(), values.copy()
    del res
    gc.collect()
    _ = [np.ones(10000) for _ in range(100)]  # reuse freed memory, if any had been freed
    assert np.array_equal(times, expected_t) and np.array_equal(values, expected_v)


def test_changing_parameters(source_dir):
    exp = plastix.load_experiment(source_dir / "experiments" / "coba.toml")
    assert exp.seed == 42 and exp.dt == pytest.approx(0.1)
    exp.seed = 7
    exp.dt = "0.05 ms"
    exp.set("population.exc.size", 100)
    spec = exp.spec
    assert spec.seed == 7 and spec.dt == pytest.approx(0.05) and spec.populations["exc"] == 100
    assert spec.duration == pytest.approx(1000.0)
    exp.set("experiment.duration", "2 s")
    assert exp.spec.duration == pytest.approx(2000.0)


def test_phase_durations():
    exp = plastix.Experiment(name="phases", seed=1)
    exp.add_population("src", 5, "poisson", rate="10 Hz")
    exp.add_monitor("spikes", population="src")
    exp.add_phase("baseline", "50 ms").add_phase("test", "30 ms")
    exp.set_duration("test", "70 ms")
    assert exp.spec.phases == [("baseline", 50.0), ("test", 70.0)]
    res = plastix.run(exp)
    assert res.bio_time == pytest.approx(120.0) and res.phases == [("baseline", 50.0), ("test", 70.0)]


def test_phase_set_writes_the_toml_of_the_file_and_runs_its_changes():
    """add_phase(set=...) writes set = { ... } (at the phase's start) or [[phase.set]] tables (with at); a learning
    rate set to zero in the second phase freezes the weights from then on."""
    exp = plastix.Experiment(name="critical", seed=2)
    exp.add_population("input", 20, "poisson", rate="50 Hz")
    exp.add_population("n", 5, "lif").add_receptor("n", "exc", tau_decay="5 ms", e_rev="0 mV")
    exp.add_projection("input", "n", receptor="exc", connector="all_to_all", weight="2 nS")
    exp.add_rule("input_n", "stdp", a_plus=0.05, a_minus=0.04, w_min="0 nS", w_max="4 nS")
    exp.add_monitor("weights", projection="input_n", interval="10 ms")
    exp.add_phase("critical", "200 ms")
    exp.add_phase("adult", "200 ms", set={"projection.input_n.plasticity[0].a_plus": 0.0,
                                          "projection.input_n.plasticity.stdp.a_minus": 0.0})
    exp.add_phase("late", "100 ms", set=[{"at": "50 ms", "population.n.i_e": "10 pA"}])
    text = exp.text
    assert 'set = { "projection.input_n.plasticity[0].a_plus" = 0.0' in text and "[[phase.set]]" in text
    res = plastix.run(exp)
    w = res.weights["input_n"]
    frozen = w.times >= 200.0
    assert not np.array_equal(w.values[0], w.values[frozen][0])  # learning in the critical phase
    assert all(np.array_equal(w.values[frozen][0], row) for row in w.values[frozen])  # none after
    with pytest.raises(plastix.PlastixError, match="phase 'bad': population.n.size: a population's size cannot"):
        exp.add_phase("bad", "1 ms", set={"population.n.size": 3})
        exp.spec


def test_errors_name_file_and_key(source_dir):
    assert issubclass(plastix.PlastixError, ValueError)
    exp = plastix.Experiment(name="bad", duration="1 s")
    with pytest.raises(plastix.PlastixError, match=r"key 'tau_m' is a time"):  # checked at the call
        exp.add_population("exc", 10, "lif", tau_m=5)
    exp.add_population("exc", 10, "lif").add_projection("exc", "nowhere", weight="1 nS")
    # found when read: the Python line of the call, then the line of exp.text
    with pytest.raises(plastix.PlastixError, match=r"test_python_api\.py:\d+ \(bad\.toml:\d+\): key "
                                                   r"'projection\.exc_nowhere\.post'"):
        exp.spec
    exp = plastix.Experiment(name="bad2", duration="10 ms")
    with pytest.raises(plastix.PlastixError, match="did you mean 'tau_m'"):  # checked against the catalogue at once
        exp.add_population("exc", 10, "lif", tua_m="20 ms")
    path = source_dir / "experiments" / "coba.toml"
    with pytest.raises(plastix.PlastixError, match=r"coba\.toml.*projection\.ee\.weight"):
        plastix.load_experiment(path, ["projection.ee.weight=5 ms"]).spec
    with pytest.raises(plastix.PlastixError, match="cannot open"):
        plastix.load_experiment(source_dir / "experiments" / "no_such_file.toml")
    # the same message as the command line tool
    with pytest.raises(plastix.PlastixError) as info:
        plastix.load_experiment(path, ["population.exc.size=-3"]).spec
    with pytest.raises(plastix.PlastixError) as direct:
        plastix._core.load_experiment(str(path), ["population.exc.size=-3"])
    assert str(info.value) == str(direct.value)
    with pytest.raises(plastix.PlastixError, match="has no \\[sweep\\]"):
        plastix.run_sweep(plastix.load_experiment(path))
    with pytest.raises(TypeError):
        plastix.Experiment().add_population("x", 3, "lif", tau_m=object()).text


def test_every_problem_of_a_file_is_in_one_error_with_its_file_line_and_key(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[experiment]\nduration = "100 ms"\ncolour = "red"\n\n'
                    '[[population]]\nname = "a"\nsize = 3\nmodel = "lif"\nt_ref = "-2 ms"\n\n'
                    '[[population]]\nname = "b"\nsize = 3\nmodel = "lif"\nv_th = "5 ms"\n')
    for read in (lambda: plastix.load_experiment(path).spec, lambda: plastix.load_experiment(path).check()):
        with pytest.raises(plastix.PlastixError) as info:
            read()
        assert isinstance(info.value, ValueError)
        problems = info.value.problems
        assert [(p["line"], p["key"]) for p in problems] == [
            (3, "experiment.colour"), (9, "population.a.t_ref"), (15, "population.b.v_th")]
        assert all(p["file"] == str(path) for p in problems)
        assert "t_ref must be >= 0 ms" in problems[1]["message"]
        lines = str(info.value).split("\n")
        assert len(lines) == 3 and lines[1].startswith(f"{path}:9: key 'population.a.t_ref': ")
    path.write_text('[experiment]\nduration = "100 ms"\n\n[[population]]\nname = "a"\nsize = 0\nmodel = "lif"\n')
    with pytest.raises(plastix.PlastixError) as one:  # a single problem: the same attribute, one entry
        plastix.load_experiment(path).spec
    assert [(p["line"], p["key"]) for p in one.value.problems] == [(6, "population.a.size")]


def test_stdp_window_sweep_and_write(source_dir, tmp_path):
    exp = plastix.load_experiment(source_dir / "experiments" / "stdp_window.toml",
                                  ['sweep.axis[0].range=["-20 ms", "20 ms", "20 ms"]', "experiment.duration=15 s"])
    res = plastix.run_sweep(exp)
    table = res.tables["stdp_window"]
    assert list(table) == ["dt_ms", "dw_rel"]
    assert list(table["dt_ms"]) == [-20.0, 0.0, 20.0]
    assert table["dw_rel"][0] < 0 < table["dw_rel"][2]
    res.write(str(tmp_path / "out"))
    from plastix.results import run_output
    back = run_output(str(tmp_path / "out"))
    assert np.array_equal(back.tables["stdp_window"]["dw_rel"], table["dw_rel"])


def test_write_replaces_only_plastix_results_and_writes_next_to_them(source_dir, tmp_path):
    res = plastix.run(plastix.load_experiment(source_dir / "experiments" / "coba.toml", SHORT))
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(plastix.PlastixError, match="'notes.txt', which plastix did not write"):
        res.write(str(mine))
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    (tmp_path / ".out.lock").write_text("")  # left by a killed run: not held, so no obstacle
    res.write(str(tmp_path / "out"))
    res.write(str(tmp_path / "out"))  # its own result is replaced
    res.write(str(tmp_path / "out.incomplete"))  # and a name next to it works as well
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "out", "out.incomplete"]


FAILED_WRITE = """
import sys
import h5py
import numpy as np
import plastix
res = plastix.run(plastix.load_experiment(sys.argv[1], ["experiment.duration=1 s"]))
try:
    res.write("/mnt/out")
    print("written")
except plastix.PlastixError as e:
    print("PlastixError:", e)
with h5py.File(sys.argv[2] + "/after.h5", "w") as f:  # the same HDF5 library, in the same process
    f["x"] = np.arange(1000.0)
with h5py.File(sys.argv[2] + "/after.h5", "r") as f:
    print("h5py read", f["x"][-1])
res.write(sys.argv[2] + "/out")
print("written again")
"""


@pytest.mark.parametrize("free_kb", [300, 860])
def test_after_a_failed_write_the_process_stays_usable(source_dir, tmp_path, free_kb):
    """On a full disk (a private 2 MB tmpfs), write raises PlastixError; then h5py and plastix write files as usual
    in the same process (a failed HDF5 close used to leave the library broken: the next h5py write crashed)."""
    import os
    import shutil
    import sys
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "true"], capture_output=True) \
        if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("needs a private tmpfs (unshare --mount --map-root-user)")
    script = ('mount -t tmpfs -o size=2m tmpfs /mnt || exit 99; avail=$(df -k /mnt | awk \'NR == 2 {print $4}\'); '
              f'head -c $((avail - {free_kb}))k /dev/zero > /mnt/filler; exec "$@"')
    r = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", sys.executable, "-c",
                        FAILED_WRITE, str(source_dir / "experiments" / "coba.toml"), str(tmp_path)],
                       capture_output=True, text=True, timeout=300, env=dict(os.environ))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "PlastixError: cannot write results to '/mnt/out'" in r.stdout and "No space left on device" in r.stdout
    assert "h5py read 999.0" in r.stdout and "written again" in r.stdout
    assert (tmp_path / "out" / "data.h5").stat().st_size > 100000


def test_docs_stdp_script_runs(source_dir, tmp_path, monkeypatch):
    """The plain script of docs/python.md, with a coarser sweep and fewer pairings to stay fast."""
    import re
    text = (source_dir / "docs" / "python.md").read_text()
    script = re.search(r"## The STDP window in a plain script\s+```python\n(.*?)```", text, re.S).group(1)
    for old, new in (('["-100 ms", "100 ms", "5 ms"]', '["-50 ms", "50 ms", "50 ms"]'), ('"61 s"', '"11 s"'),
                     ("n=60", "n=10")):
        assert old in script
        script = script.replace(old, new)
    import matplotlib
    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(script, "docs/python.md", "exec"), scope)
    table = scope["results"].tables["stdp_window"]
    assert list(table["dt_ms"]) == [-50.0, 0.0, 50.0]
    assert table["dw_rel"][0] < 0 < table["dw_rel"][2]
    assert (tmp_path / "stdp_window.png").stat().st_size > 5000


def test_phases_stimuli_rules_and_plots_in_memory():
    """A network built in code with phase stimuli, a plastic projection (add_rule) and weight monitors; the plots
    draw straight from the Results in memory."""
    exp = plastix.Experiment(name="induction", seed=2)
    exp.add_population("input", 20, "poisson", rate="0 Hz")
    exp.add_population("n", 5, "lif").add_receptor("n", "exc", tau_decay="5 ms", e_rev="0 mV")
    exp.add_projection("input", "n", receptor="exc", connector="all_to_all", weight="2 nS")
    exp.add_rule("input_n", "stdp", tau_plus="20 ms", tau_minus="20 ms", a_plus=0.05, a_minus=0.04,
                 w_min="0 nS", w_max="4 nS")
    exp.add_monitor("spikes", population="input").add_monitor("weights", projection="input_n", interval="10 ms")
    exp.add_phase("silent", "100 ms").add_phase("drive", "200 ms", stimuli=[{"population": "input", "rate": "50 Hz"}])
    res = plastix.run(exp)
    t = res.spikes["input"].times
    assert len(t) > 50 and t.min() >= 100.0  # the input fires only in the drive phase
    w = res.weights["input_n"]
    assert w.values.shape == (len(w.times), 100) and not np.array_equal(w.values[0], w.values[-1])
    assert res.metrics["synapses.input_n"] == 100

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from plastix import plots
    figs = plots.figures(res)
    assert [title for title, _ in figs] == ["Spikes: input", "Weights: input_n", "Weight matrix: input_n",
                                            "Weight distribution: input_n"]
    for _, f in figs:
        plt.close(f)


def test_a_rule_written_as_equations_is_built_in_code_and_runs(tmp_path, monkeypatch):
    """add_rule(..., "equations", ...) takes the rule's tables and texts (docs/equations.md) and the run compiles it
    into a temporary cache folder."""
    monkeypatch.setenv("PLASTIX_CACHE_DIR", str(tmp_path / "cache"))
    exp = plastix.Experiment(name="eq", seed=3)
    exp.add_population("input", 20, "poisson", rate="40 Hz")
    exp.add_population("n", 5, "lif").add_receptor("n", "exc", tau_decay="5 ms", e_rev="0 mV")
    exp.add_projection("input", "n", receptor="exc", connector="all_to_all", weight="2 nS")
    exp.add_rule("input_n", "equations", label="pair_stdp", w_min="0 nS", w_max="4 nS",
                 constants={"A_plus": "0.05 nS", "A_minus": "0.04 nS", "tau": "20 ms"},
                 pre={"x": "0"}, post={"y": "0"}, equations="dx/dt = -x/tau; dy/dt = -y/tau",
                 on_pre="w -= A_minus*y; x += 1", on_post="w += A_plus*x; y += 1")
    exp.add_monitor("weights", projection="input_n", interval="10 ms")
    exp.add_phase("drive", "200 ms")
    res = plastix.run(exp)
    w = res.weights["input_n"]
    assert not np.array_equal(w.values[0], w.values[-1])
    assert w.values.min() >= 0.0 and w.values.max() <= 4.0
    assert any(p.suffix == ".so" for p in (tmp_path / "cache").iterdir())
