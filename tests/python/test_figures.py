"""The ready STP experiment end to end: run it with the plastix tool, read its table from summary.json and its
transmission records from data.h5 with the Python package, and draw the figure (tables get a panel each)."""
import math
import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def stp_run(plastix_binary, source_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("stp") / "stp_train"
    subprocess.run([plastix_binary, "run", str(source_dir / "experiments" / "stp_train.toml"), "-o", str(out)],
                   check=True, capture_output=True, text=True)
    return out


def _recursion(u0, tau_rec, tau_fac, delta, n):
    a, u, x = [], u0, 1.0
    for _ in range(n):
        a.append(u * x / u0)
        x = 1 + (x - u * x - 1) * math.exp(-delta / tau_rec)
        u = u0 + (u * (1 - u0) * math.exp(-delta / tau_fac) if tau_fac > 0 else 0.0)
    return a


def test_stp_train_table_and_transmissions(stp_run, source_dir):
    sys.path.insert(0, str(source_dir / "python"))
    from plastix.results import run_output

    run = run_output(str(stp_run))
    table = run.tables["amplitudes"]
    assert list(table) == ["n", "depressing", "facilitating"]
    assert list(table["n"]) == list(range(1, 11))
    for got, want in zip(table["depressing"], _recursion(0.5, 800, 0, 50, 10)):
        assert got == pytest.approx(want, rel=1e-12)
    for got, want in zip(table["facilitating"], _recursion(0.03, 130, 530, 50, 10)):
        assert got == pytest.approx(want, rel=1e-12)
    dep = run.transmissions["depressing"]
    assert dep["unit"] == "nS" and dep["projection"] == "depressing"
    assert len(dep["times"]) == 10 and set(dep["pre"]) == {0}
    assert dep["efficacy"][0] == pytest.approx(4.0 * 0.5)  # w·U


def test_figures_draw_tables(stp_run, source_dir):
    env = dict(os.environ, PYTHONPATH=str(source_dir / "python"))
    done = subprocess.run([sys.executable, "-m", "plastix.figures", str(stp_run)], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert (stp_run / "figure.png").stat().st_size > 10000


def test_condition_tables_are_drawn_per_condition(source_dir):
    """A sweep table with conditions: each measure against the measuring time, one line per condition and measure
    (named by the condition labels); without a time column grouped bars, one tick per condition."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_plot

    table = {"condition": np.repeat([1.0, 2.0, 3.0], 4), "t_h": np.tile([1.0, 2.0, 4.0, 8.0], 3),
             "w_A": np.linspace(1, 2, 12), "w_B": np.linspace(1, 1.5, 12)}
    labels = {"condition": [n for n in ("weak", "strong", "capture") for _ in range(4)]}
    fig, ax = plt.subplots()
    table_plot(ax, "pathways", table, labels)
    lines = [l for l in ax.get_lines() if len(l.get_xdata())]  # the data (the others are legend keys)
    assert len(lines) == 6
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["weak", "strong", "capture", "w_A", "w_B"]
    assert [list(l.get_xdata()) for l in lines[:2]] == [[1, 2, 4, 8]] * 2
    assert [l.get_label() for l in lines] == ["weak: w_A", "weak: w_B", "strong: w_A", "strong: w_B",
                                              "capture: w_A", "capture: w_B"]
    assert ax.get_xlabel() == "t [h]"  # the unit of the column name written as a unit
    plt.close(fig)
    # A count (outside [-1, 1]) beside scores: the count on a right axis, the scores on the left.
    fig, ax = plt.subplots()
    table_plot(ax, "capacity", {"condition": np.repeat([1.0, 2.0], 3), "stored": np.tile([1.0, 8.0, 80.0], 2),
                                "recall": np.linspace(0.7, 0.3, 6), "recalled": np.array([1, 8, 35, 1, 8, 60.0])},
               {"condition": ["200 E"] * 3 + ["400 E"] * 3})
    twin = [a for a in fig.axes if a is not ax]
    assert len(twin) == 1 and twin[0].get_ylabel() == "recalled" and ax.get_ylabel() == "recall"
    assert [list(l.get_ydata()) for l in twin[0].get_lines()] == [[1, 8, 35], [1, 8, 60]]
    assert [t.get_text() for t in ax.get_legend().get_texts()][-1] == "recalled (right axis)"
    plt.close(fig)
    fig, ax = plt.subplots()
    table_plot(ax, "end", {"condition": np.array([1.0, 2.0]), "w": np.array([1.2, 1.9])},
               {"condition": ["weak", "strong"]})
    assert [t.get_text() for t in ax.get_xticklabels()] == ["weak", "strong"]
    assert len(ax.patches) == 2
    plt.close(fig)


def test_a_transitions_table_draws_both_probabilities_against_the_post_rate(source_dir):
    """experiments/stop_learning.toml's table: P(LTD) on the left axis, the rarer P(LTP) on the right, x the post rate
    (not the teacher rate, the table's first column)."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_plot

    table = {"teacher_hz": np.array([20.0, 40.0, 80.0]), "post_hz": np.array([17.0, 70.0, 140.0]),
             "p_ltp": np.array([0.0, 0.01, 0.03]), "p_ltd": np.array([0.0, 0.4, 0.0])}
    fig, ax = plt.subplots()
    table_plot(ax, "transitions", table)
    right = [a for a in fig.axes if a is not ax]
    assert len(right) == 1
    assert ax.get_xlabel() == "post rate [Hz]"
    assert list(ax.get_lines()[0].get_xdata()) == [17.0, 70.0, 140.0]
    assert list(ax.get_lines()[0].get_ydata()) == [0.0, 0.4, 0.0]
    assert list(right[0].get_lines()[0].get_ydata()) == [0.0, 0.01, 0.03]
    plt.close(fig)


def test_an_ocular_dominance_table_draws_one_histogram_per_condition_and_snapshot(source_dir):
    """experiments/ocular_dominance.toml's table: a grid of 7-class histograms, a row per condition (named on its
    first panel), a column per snapshot, the bars the class fractions."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_plot

    table = {"condition": np.array([1.0, 1.0, 2.0, 2.0]), "phase": np.array([0.0, 1.0, 0.0, 1.0]),
             "t_s": np.array([0.0, 1.0, 0.0, 1.0]), "odi_mean": np.array([0.0, 0.0, 0.0, -0.3]),
             "odi_sd": np.zeros(4), "w_contra": np.ones(4), "w_ipsi": np.ones(4)}
    for c in range(1, 8):
        table[f"class_{c}"] = np.array([1.0 if c == 4 else 0.0] * 3 + [1.0 if c == 5 else 0.0])
    fig, ax = plt.subplots()
    table_plot(ax, "ocular_dominance", table, {"condition": ["no MD", "no MD", "MD", "MD"]})
    panels = ax.child_axes
    assert len(panels) == 4
    assert [p.get_ylabel() for p in panels] == ["no MD", "", "MD", ""]
    assert [bar.get_height() for bar in panels[3].patches] == [0, 0, 0, 0, 1, 0, 0]
    assert "ODI -0.30" in panels[3].texts[0].get_text()
    plt.close(fig)


def test_synapse_rank_tables_of_several_conditions_draw_each_condition(source_dir):
    """A synapse_rank table stacked over sweep conditions (distal_reward_depletion): per condition, in one colour,
    the chosen synapse (solid), the others' mean (dashed) and 99th percentile (dotted), named by the condition."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_plot

    t = np.array([0.0, 10.0, 20.0])
    table = {"condition": np.repeat([1.0, 2.0], 3), "t_s": np.tile(t, 2), "w": np.array([1, 2, 4, 1, 1.2, 1.5]),
             "mean": np.array([1, 0.9, 0.8, 1, 0.95, 0.9]), "p90": np.ones(6), "p99": np.full(6, 1.5),
             "rank": np.array([1, 5, 1, 1, 9, 3.0])}
    fig, ax = plt.subplots()
    table_plot(ax, "weights", table, {"condition": ["control"] * 3 + ["depleted_10"] * 3, "w": ["mV"] * 6})
    lines = [l for l in ax.get_lines() if len(l.get_xdata())]
    assert [l.get_label() for l in lines] == [
        "control: chosen synapse", "control: others' mean", "control: others' p99",
        "depleted_10: chosen synapse", "depleted_10: others' mean", "depleted_10: others' p99"]
    assert list(lines[3].get_ydata()) == [1, 1.2, 1.5] and list(lines[3].get_xdata()) == list(t)
    assert lines[0].get_color() == lines[1].get_color() != lines[3].get_color()
    assert ax.get_xlabel() == "time [s]" and len(fig.axes) == 1
    assert ax.get_ylabel() == "w [mV]"  # the unit the table's labels of column w carry
    plt.close(fig)
    fig, ax = plt.subplots()
    table_plot(ax, "weights", {c: v[:3] for c, v in table.items() if c != "condition"}, {"w": ["nS"] * 3})
    assert ax.get_ylabel() == "w [nS]"
    plt.close(fig)


def test_many_measures_on_one_axis_are_labelled_by_kind_and_choices_are_drawn_against_trials(source_dir):
    """Six measures of a sweep share the left axis: it says what they are (rates in Hz, spikes), not nothing. A
    choices table: the correct fraction per block against the trials done, the switch marked, conditions named."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import measures_label, table_plot

    assert measures_label(["delay_rate_s1", "delay_population_spikes_s1", "spontaneous_rate_s1",
                           "reactivation_rate_s2"]) == "rate [Hz], spikes"
    assert measures_label(["a", "b"]) == "a, b"
    regimes = {"i_e_pA": np.array([15.6, 16.0, 16.4]), "spontaneous_rate_s1": np.ones(3), "delay_rate_s1": np.ones(3),
               "delay_population_spikes_s1": np.arange(3.0), "reactivation_rate_s2": np.ones(3)}
    fig, ax = plt.subplots()
    table_plot(ax, "regimes", regimes)  # a sweep axis and four measures (working_memory)
    assert ax.get_ylabel() == "rate [Hz], spikes"
    plt.close(fig)
    choices = {"condition": np.repeat([1.0, 2.0], 4), "block": np.tile([1.0, 2.0, 3.0, 4.0], 2),
               "phase": np.tile([1.0, 1.0, 2.0, 2.0], 2), "t_s": np.tile([0.5, 200.5, 400.5, 600.5], 2),
               "trials": np.full(8, 100.0), "correct": np.linspace(0.2, 0.9, 8), "a_wins": np.full(8, 0.5),
               "b_wins": np.full(8, 0.3), "a_count": np.ones(8), "b_count": np.ones(8)}
    fig, ax = plt.subplots()
    table_plot(ax, "choices", choices, {"condition": ["control"] * 4 + ["depleted_10"] * 4})
    correct = [l for l in ax.get_lines() if l.get_label().endswith(": correct")]
    assert [l.get_label() for l in correct] == ["control: correct", "depleted_10: correct"]
    assert list(correct[0].get_xdata()) == [100, 200, 300, 400]
    switch = [l for l in ax.get_lines() if list(l.get_xdata()) == [200, 200]]
    assert len(switch) == 1  # the reversal, at the end of the last learn block
    assert ax.get_xlabel().startswith("trials") and ax.get_ylabel()
    plt.close(fig)


def test_tagging_capture_table_labels_and_figure(plastix_binary, source_dir, tmp_path):
    """The conditions of tagging_capture.toml: the table has one row per condition and time, the condition names
    come back from summary.json, and the figure draws one line per condition and pathway. (The two 15 min LFS
    protocols are cut to 10 s here: the figure does not need them long.)"""
    out = tmp_path / "tagging"
    cut = ["--set", "phase.weak_lfs_A.duration=10 s", "--set", "phase.strong_lfs_A.duration=10 s"]
    subprocess.run([plastix_binary, "run", str(source_dir / "experiments" / "tagging_capture.toml"), "-o", str(out)]
                   + cut, check=True, capture_output=True, text=True)
    sys.path.insert(0, str(source_dir / "python"))
    from plastix.results import run_output
    run = run_output(str(out))
    table, labels = run.tables["pathways"], run.table_labels["pathways"]["condition"]
    assert list(table) == ["condition", "t_h", "w_A", "w_B"]
    assert len(labels) == 36 and labels[0] == "weak A" and labels[-1] == "strong LFS A"
    env = dict(os.environ, PYTHONPATH=str(source_dir / "python"))
    done = subprocess.run([sys.executable, "-m", "plastix.figures", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (out / "figure.png").stat().st_size > 10000


STATE_FILE = """[experiment]
duration = "100 ms"

[[population]]
name = "inp"
size = 4
model = "poisson"
rate = "40 Hz"

[[population]]
name = "exc"
size = 2
model = "lif"

  [[population.receptor]]
  name = "ampa"
  tau_decay = "5 ms"

[[projection]]
name = "ee"
pre = "inp"
post = "exc"
receptor = "ampa"
weight = "1 nS"

  [[projection.plasticity]]
  rule = "stdp"

  [[projection.plasticity]]
  rule = "calcium"

[[monitor]]
type = "state"
projection = "ee"
variable = "c"
synapses = [0, 5]

[[monitor]]
type = "state"
projection = "ee"
variable = "x_pre"

[[monitor]]
type = "state"
projection = "ee"
variable = "y_post"

[[monitor]]
type = "state"
population = "exc"
variable = "v"
neurons = [1]
"""


def test_state_recordings_carry_their_scope_and_panels_name_what_their_indices_count(plastix_binary, source_dir,
                                                                                     tmp_path):
    """A rule's state is recorded per synapse, per presynaptic or per post neuron (data.h5 /state/NAME@scope); the
    figure's panel title names the indices as such (not 'neurons' for synapse ids)."""
    (tmp_path / "state.toml").write_text(STATE_FILE)
    out = tmp_path / "out"
    subprocess.run([plastix_binary, "run", str(tmp_path / "state.toml"), "-o", str(out)], check=True,
                   capture_output=True, text=True)
    sys.path.insert(0, str(source_dir / "python"))
    from plastix.plots import state_elements
    from plastix.results import run_output

    run = run_output(str(out))
    c, x, y, v = (run.states[n] for n in ("ee_c", "ee_x_pre", "ee_y_post", "exc_v"))
    assert (c["scope"], x["scope"], y["scope"], v["scope"]) == ("synapse", "pre", "neuron", "")
    assert c["values"].shape == (len(c["times"]), 2) and x["values"].shape[1] == 4 and y["values"].shape[1] == 2
    assert state_elements(c) == "synapses [0, 5] of ee"
    assert state_elements(x) == "presynaptic neurons [0, 1, 2, 3] of ee"
    assert state_elements(y) == "post neurons [0, 1] of ee"
    assert state_elements(v) == "neurons [1] of exc"
    env = dict(os.environ, PYTHONPATH=str(source_dir / "python"))
    done = subprocess.run([sys.executable, "-m", "plastix.figures", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_many_conditions_get_one_small_panel_each_with_the_baseline(source_dir):
    """More than four conditions with a measuring time (tagging_capture): one small panel per condition, titled by
    its name, both pathways in each, on one y scale, and the baseline — the value an unstimulated pathway keeps —
    dashed."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_height, table_plot

    names = ["weak A", "strong A", "capture", "anisomycin", "weak LFS"]
    table = {"condition": np.repeat(np.arange(1.0, 6.0), 2), "t_h": np.tile([1.0, 8.0], 5),
             "w_A": np.array([1.7, 1.6, 2.2, 2.0, 2.2, 2.1, 1.8, 1.6, 1.5, 1.6]),
             "w_B": np.array([1.6, 1.6, 1.6, 1.6, 1.8, 1.8, 1.6, 1.6, 1.6, 1.6])}
    labels = {"condition": [n for n in names for _ in range(2)]}
    assert table_height(table, labels) == 2  # two rows of three panels
    fig, ax = plt.subplots()
    table_plot(ax, "pathways", table, labels)
    panels = ax.child_axes
    assert [p.get_title() for p in panels] == names
    assert len({p.get_ylim() for p in panels}) == 1
    dashed = [line for line in panels[0].get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and list(dashed[0].get_ydata()) == [1.6, 1.6]
    assert [line.get_label() for line in panels[2].get_lines()] == ["baseline", "w_A", "w_B"]
    assert "baseline 1.6" in ax.get_title()
    plt.close(fig)


def test_a_frequency_sweep_over_two_timings_draws_one_curve_per_timing(source_dir):
    """stdp_frequency's table (freq_hz, dt_ms, dw_rel): Δw against frequency, one line for pre before post and one
    for post before pre, in percent; not dt_ms drawn as a measure."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.plots import table_kind, table_plot

    table = {"freq_hz": np.repeat([0.1, 20.0, 50.0], 2), "dt_ms": np.tile([-10.0, 10.0], 3),
             "dw_rel": np.array([-0.3, 0.0, -0.35, 0.25, 0.7, 0.75])}
    assert table_kind(table) == "frequency"
    fig, ax = plt.subplots()
    table_plot(ax, "frequency", table)
    lines = {line.get_label(): line for line in ax.get_lines() if len(line.get_xdata()) == 3}
    assert set(lines) == {"Δt = +10 ms (pre before post)", "Δt = -10 ms (post before pre)"}
    assert list(lines["Δt = +10 ms (pre before post)"].get_ydata()) == pytest.approx([0.0, 25.0, 75.0])
    assert ax.get_xlabel() == "freq [Hz]" and ax.get_ylabel() == "Δw [%]"
    plt.close(fig)


def test_weights_recorded_at_start_and_end_are_points_and_many_synapses_a_percentile_band(tmp_path, source_dir):
    """The overview's weight panel: two samples are drawn as points (a line would invent a time course); more
    synapses than it draws are shown by their mean and percentiles, and the title says so."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.figures import _lines_with_mean

    fig, (a, b) = plt.subplots(2)
    note = _lines_with_mean(a, np.array([0.0, 1000.0]), np.array([[1.0, 2.0, 3.0], [1.5, 2.5, 3.5]]), 10,
                            "synapses")
    assert note == "3 synapses, sampled at start and end only"
    assert all(line.get_linestyle() == "None" and line.get_marker() == "o" for line in a.get_lines())
    note = _lines_with_mean(b, np.linspace(0, 1, 20), np.random.default_rng(1).random((20, 100)), 10, "synapses")
    assert note == "all 100 synapses"
    assert [line.get_label() for line in b.get_lines()] == ["mean", "99th percentile"]
    plt.close(fig)


def test_start_and_end_weights_of_a_skewed_distribution_are_drawn(source_dir):
    """Most synapses at the bound and a few far below it: the mean lies below the 10th percentile; the panel is
    drawn all the same (no negative error bar)."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.figures import _lines_with_mean

    w = np.full((2, 100), 5.0)
    w[:, :5] = -100.0  # 5 % far below: mean −0.25 < p10 = 5
    fig, ax = plt.subplots()
    assert _lines_with_mean(ax, np.array([0.0, 1.0]), w, 10, "synapses").startswith("all 100 synapses")
    plt.close(fig)


def test_a_memory_conditions_table_draws_old_and_new_recall_per_condition_and_the_synapses(source_dir):
    """experiments/disorders.toml's table: a panel of the old patterns' recall and one of the new ones' against the
    test, a line per condition, and a bar per condition of the synapses it ends with."""
    sys.path.insert(0, str(source_dir / "python"))
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from plastix.findings import table_findings
    from plastix.plots import table_kind, table_plot

    table = {"condition": np.array([1.0, 1.0, 2.0, 2.0]), "test": np.array([1.0, 2.0, 1.0, 2.0]),
             "recall_old": np.array([0.5, 0.6, 0.5, 0.4]), "recall_new": np.array([0.0, 0.6, 0.0, 0.2]),
             "false_recall_old": np.zeros(4), "synapses": np.array([100.0, 100.0, 60.0, 60.0])}
    labels = {"condition": ["control", "control", "alzheimer", "alzheimer"]}
    assert table_kind(table, labels) == "memory_conditions"
    fig, ax = plt.subplots()
    table_plot(ax, "disorders", table, labels)
    old, new, bars = ax.child_axes
    assert [line.get_label() for line in old.get_lines()[:2]] == ["control", "alzheimer"]
    assert list(new.get_lines()[1].get_ydata()) == [0.0, 0.2]
    assert [bar.get_height() for bar in bars.patches] == [100.0, 60.0]
    assert any("alzheimer" in line for line in table_findings("disorders", table, labels))
    plt.close(fig)
