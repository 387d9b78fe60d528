"""The Python interface feels native (issue 20, item 4): quantities as objects (20*ms), errors at the Python call
that caused them, numpy wherever lists are, recordings that explain what is missing, no matplotlib backend forced
at import, Jupyter display, and <build>/python as one importable (and pip-installable) package."""
import inspect
import os
import subprocess
import sys

import numpy as np
import pytest

import plastix
import plastix_paths
from plastix.units import Hz, Quantity, mV, ms, nS, pA, second, uM
from plastix.recordings import MissingRecording
from plastix.results import run_output

PYTHON = "/usr/bin/python3"


# -- quantities ------------------------------------------------------------------------------------------------------
def test_a_quantity_is_written_in_the_unit_it_was_typed_in():
    assert str(20 * ms) == "20 ms"
    assert str(0.1 * second) == "0.1 s"
    assert str(-65 * mV) == "-65 mV"
    assert str(2.5e-7 * nS) == "2.5e-07 nS"
    assert (20 * ms).to_file_value() == "20 ms"
    assert (np.array([1.0, 2.5]) * nS).to_file_value() == ["1 nS", "2.5 nS"]
    assert ([1, 2] * ms).to_file_value() == ["1 ms", "2 ms"]


def test_products_and_quotients_carry_their_dimension_and_convert_exactly():
    assert str(2 * nS * (10 * mV)) == "20 pA"                # conductance × voltage is a current
    assert str(1 / (10 * ms)) == "100 Hz"                    # 1/time is a rate, in Hz
    assert (200 * ms) / second == pytest.approx(0.2, rel=1e-15)  # equal dimensions: a plain number
    assert 5 * Hz * (2 * second) == pytest.approx(10.0, rel=1e-15)
    assert (1.5 * second).to("ms") == pytest.approx(1500.0, rel=1e-15)
    assert (1.5 * second).to(ms) == pytest.approx(1500.0, rel=1e-15)
    assert str((3 * mV) / (2 * ms)) == "1.5 mV/ms"            # a compound unit, as equations read it
    assert (20 * ms + 1 * second).to("ms") == pytest.approx(1020.0, rel=1e-15)
    assert 1 * second > 999 * ms and 1 * second == 1000 * ms
    assert str((2 * mV) ** 2) == "4 mV^2"


def test_quantities_of_different_dimensions_do_not_mix():
    with pytest.raises(TypeError, match="cannot add 20 ms .a time. and 1 mV .a voltage."):
        20 * ms + 1 * mV
    with pytest.raises(TypeError, match="has a unit"):
        float(20 * ms)
    with pytest.raises(ValueError, match="a time.*in mV"):
        (20 * ms).to("mV")
    with pytest.raises(TypeError, match="has a unit"):
        np.asarray(np.array([1.0]) * ms)


def test_an_experiment_written_with_quantities_reads_and_runs_as_the_one_written_with_strings():
    def build(q):
        exp = plastix.Experiment(name="q", seed=3, dt=q(0.1 * ms, "0.1 ms"), duration=q(0.3 * second, "0.3 s"))
        exp.add_population("in", 20, "poisson", rate=q(40 * Hz, "40 Hz"))
        exp.add_population("out", 5, "lif", tau_m=q(20 * ms, "20 ms"), v_th=q(-50 * mV, "-50 mV"),
                           init={"v": {"uniform": [q(-60 * mV, "-60 mV"), q(-55 * mV, "-55 mV")]}})
        exp.add_receptor("out", "ampa", preset="ampa")
        exp.add_projection("in", "out", name="ff", receptor="ampa", weight=q(3 * nS, "3 nS"),
                           delay=q(1.5 * ms, "1.5 ms"),
                           plasticity={"rule": "stdp", "tau_plus": q(16.8 * ms, "16.8 ms"), "a_plus": 0.01,
                                       "tau_minus": q(33.7 * ms, "33.7 ms"), "a_minus": 0.005,
                                       "w_max": q(6 * nS, "6 nS")})
        exp.add_monitor("spikes", population="out")
        exp.add_monitor("weights", projection="ff", interval=q(100 * ms, "100 ms"))
        return exp

    with_quantities, with_strings = build(lambda q, s: q), build(lambda q, s: s)
    assert with_quantities.text == with_strings.text
    a, b = plastix.run(with_quantities), plastix.run(with_strings)
    assert a.spike_count == b.spike_count > 0
    assert np.array_equal(a.weights["ff"].values, b.weights["ff"].values)


# -- errors at the Python call -------------------------------------------------------------------------------------
def test_a_value_of_the_wrong_dimension_raises_at_the_call_naming_the_key():
    exp = plastix.Experiment(name="e", duration="1 s")
    with pytest.raises(plastix.PlastixError, match=r"population 'a': key 'tau_m' is a time \[ms\]; got 20 mV "
                                                   r"\(a voltage\)"):
        exp.add_population("a", 2, "lif", tau_m=20 * mV)
    with pytest.raises(plastix.PlastixError, match=r"key 'tau_m' is a time \[ms\]; got the plain number 20, "
                                                   r"without a unit; write it with its unit: 20\*ms"):
        exp.add_population("a", 2, "lif", tau_m=20)
    with pytest.raises(plastix.PlastixError, match=r"key 'rate' is a rate \[Hz\]; got 5 ms"):
        exp.add_population("p", 2, "poisson", rate="5 ms")
    exp.add_population("a", 2, "lif", tau_m=20 * ms)
    with pytest.raises(plastix.PlastixError, match=r"key 'tau_plus' is a time \[ms\]; got 3 uM"):
        exp.add_projection("a", "a", name="aa").add_rule("aa", "stdp", tau_plus=3 * uM)
    with pytest.raises(plastix.PlastixError, match=r"key 'a_plus' is a plain number; got 1 pA"):
        exp.add_rule("aa", "stdp", a_plus=1 * pA)


def test_an_error_found_when_the_experiment_is_read_names_the_python_line_that_caused_it():
    exp = plastix.Experiment(name="lines", duration="100 ms")
    exp.add_population("a", 2, "poisson", rate=5 * Hz)
    exp.add_population("b", 2, "lif")
    exp.add_receptor("b", "ampa", preset="ampa")
    line = inspect.currentframe().f_lineno + 1
    exp.add_projection("a", "nowhere", receptor="ampa", weight=1 * nS)
    here = f"{__file__}:{line}"
    for call in (lambda: exp.spec, exp.check, lambda: plastix.run(exp)):
        with pytest.raises(plastix.PlastixError) as error:
            call()
        assert str(error.value).startswith(f"{here} (lines.toml:"), str(error.value)
        assert "post 'nowhere' is not a population" in str(error.value)
        assert error.value.problems[0]["python"] == here
        assert error.value.problems[0]["key"] == "projection.a_nowhere.post"


def test_errors_of_experiments_read_from_files_keep_the_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[experiment]\nname = "bad"\nduration = "1 s"\n\n[[population]]\nname = "a"\nsize = 2\n'
                    'model = "lif"\ntau_m = "20 mV"\n')
    with pytest.raises(plastix.PlastixError, match=r"bad.toml:9: key 'population.a.tau_m'"):
        plastix.load_experiment(path).check()


# -- numpy ---------------------------------------------------------------------------------------------------------
def test_numpy_arrays_and_scalars_are_taken_wherever_lists_and_numbers_are():
    exp = plastix.Experiment(name="np", seed=np.int64(4), duration=0.2 * second)
    exp.add_population("a", np.int32(3), "poisson", rate=np.float64(30.0) * Hz)
    exp.add_population("b", 2, "lif")
    exp.add_receptor("b", "ampa", preset="ampa")
    exp.add_projection("a", "b", name="ab", receptor="ampa", connector="list",
                       pairs=np.array([[0, 1], [1, 0], [2, 1]]), weights=np.array([1.0, 2.0, 3.0]) * nS,
                       delays=np.array([1.0, 2.0, 3.0]) * ms)
    exp.add_monitor("spikes", population="a", neurons=np.arange(2))
    spec = exp.spec
    assert spec.seed == 4 and spec.populations["a"] == 3
    assert "pairs = [[0, 1], [1, 0], [2, 1]]" in exp.text and 'weights = ["1 nS", "2 nS", "3 nS"]' in exp.text
    results = plastix.run(exp, jobs=np.int64(1))
    assert results.synapse_count == 3
    sim = exp.simulation()
    sim.run(50 * ms)
    assert sim.t == pytest.approx(50.0)
    with pytest.raises(plastix.PlastixError, match="expected a time; got 5 mV"):
        sim.run(5 * mV)


# -- recordings ------------------------------------------------------------------------------------------------------
def _small_run():
    exp = plastix.Experiment(name="rec", duration="200 ms")
    exp.add_population("a", 4, "poisson", rate=50 * Hz)
    exp.add_population("b", 2, "lif")
    exp.add_receptor("b", "ampa", preset="ampa")
    exp.add_projection("a", "b", receptor="ampa", weight=2 * nS)
    exp.add_monitor("spikes", population="a", name="input_spikes")
    return exp


def test_a_recording_that_was_not_made_raises_a_message_that_says_how_to_make_it():
    results = plastix.run(_small_run())
    assert results.spikes["a"] is not None  # a population's name finds its one monitor
    assert np.array_equal(results.spikes["a"].times, results.spikes["input_spikes"].times)
    with pytest.raises(MissingRecording, match=r"spikes: nothing named 'b' was recorded \(recorded spikes: "
                                               r"'input_spikes'\); record it with exp.add_monitor\(\"spikes\", "
                                               r"population=\"b\"\)"):
        results.spikes["b"]
    with pytest.raises(KeyError):  # still a KeyError for code that expects one
        results.states["v"]
    with pytest.raises(plastix.PlastixError, match="add_monitor\\(\"weights\", projection=\"a_b\"\\)"):
        results.weights["a_b"]


def test_an_output_directory_explains_missing_recordings_too(tmp_path):
    plastix.run(_small_run()).write(str(tmp_path / "out"))
    out = run_output(str(tmp_path / "out"))
    assert len(out.spikes["input_spikes"]["times"]) > 0
    with pytest.raises(MissingRecording, match="nothing named 'b' was recorded"):
        out.spikes["b"]
    assert "input_spikes" in out._repr_html_()


def test_experiments_and_results_display_as_tables_in_jupyter():
    exp = _small_run()
    page = exp._repr_html_()
    assert "plastix.Experiment 'rec'" in page and "a → b" in page and "4 × poisson" in page
    broken = plastix.Experiment(name="broken", duration="1 s").add_projection("x", "y")
    assert "the experiment has no populations" in broken._repr_html_()
    page = plastix.run(exp)._repr_html_()
    assert "plastix.Results 'rec'" in page and "input_spikes" in page and "200 ms simulated" in page


# -- imports and the package -----------------------------------------------------------------------------------------
def test_importing_plastix_leaves_the_matplotlib_backend_alone():
    code = ("import matplotlib; matplotlib.use('svg'); import plastix, plastix.report, plastix.story, "
            "plastix.figures, plastix.plots; import matplotlib.pyplot as plt; print(matplotlib.get_backend())")
    out = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "svg"


def test_the_build_folder_holds_the_whole_package_importable_alone(tmp_path):
    build_python = plastix_paths.BUILD_DIR / "python"
    code = ("import plastix; from plastix.units import ms, Hz, nS; e = plastix.Experiment(name='x', duration=50*ms);"
            "e.add_population('p', 3, 'poisson', rate=20*Hz); print(plastix.__file__, plastix.run(e).neuron_count)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([PYTHON, "-P", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**env, "PYTHONPATH": str(build_python)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0].startswith(str(build_python)) and out.stdout.split()[1] == "3"


def test_pip_installs_the_build_folder_as_one_package_without_downloading(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run([PYTHON, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps",
                            "--no-cache-dir", "--no-index", "--target", str(target),
                            str(plastix_paths.BUILD_DIR / "python")], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([PYTHON, "-P", "-c", "import plastix; print(plastix.__file__, plastix.Results)"],
                         capture_output=True, text=True, cwd=tmp_path, env={**env, "PYTHONPATH": str(target)})
    assert out.returncode == 0, out.stderr
    assert str(target) in out.stdout and "plastix._core.Results" in out.stdout
