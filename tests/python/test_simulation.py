"""plastix.Simulation: runs continued step by step from Python (issue 19, item 4; docs/python.md).

A run in pieces of any sizes, with changes made between them, is bitwise the run of the file that declares the same
changes in its phases; a run saved and loaded mid-way goes on bitwise as the run never saved."""
import random

import numpy as np
import pytest

import plastix

BASE = """
[experiment]
name = "steps"
seed = 3
dt = "0.1 ms"

[[population]]
name = "input"
size = 40
model = "poisson"
rate = "10 Hz"

[[population]]
name = "exc"
size = 30
model = "lif"
c_m = "200 pF"
g_l = "10 nS"
e_l = "-60 mV"
v_th = "-50 mV"
v_reset = "-60 mV"
t_ref = "2 ms"
init = { v = { uniform = ["-60 mV", "-50 mV"] } }

  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"

[[projection]]
name = "ff"
pre = "input"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.3
weight = "2 nS"
delay = { uniform = ["1 ms", "3 ms"] }

  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "20 ms"
  tau_minus = "20 ms"
  a_plus = 0.02
  a_minus = 0.021
  w_min = "0 nS"
  w_max = "4 nS"

[[projection]]
name = "ee"
pre = "exc"
post = "exc"
receptor = "exc"
connector = "fixed_probability"
p = 0.1
autapses = false
weight = "1 nS"
delay = "2 ms"

  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "20 ms"
  tau_minus = "20 ms"
  a_plus = 0.01
  a_minus = 0.01
  w_min = "0 nS"
  w_max = "3 nS"

[[monitor]]
type = "spikes"
population = "exc"

[[monitor]]
type = "weights"
projection = "ff"
synapses = [0, 1, 2, 3, 4]
interval = "10 ms"

[[monitor]]
type = "state"
population = "exc"
variable = "v"
neurons = [0, 1]
interval = "1 ms"

[[monitor]]
type = "rate"
population = "exc"
bin = "10 ms"

[[table]]
name = "course"
  [[table.column]]
  name = "rate_hz"
  series = "rate.exc"

[[phase]]
name = "baseline"
duration = "100 ms"

[[phase]]
name = "train"
duration = "200 ms"
{train_extra}
  [[phase.stimulus]]
  population = "input"
  rate = "40 Hz"
  neurons = [0, 1, 2, 3, 4, 5, 6, 7]

[[phase]]
name = "test"
duration = "150 ms"
{test_extra}
"""


def experiment(tmp_path, train_extra="", test_extra="", name="steps.toml"):
    path = tmp_path / name
    path.write_text(BASE.replace("{train_extra}", train_extra).replace("{test_extra}", test_extra))
    return plastix.load_experiment(path)


def assert_same(a, b, tables=True):
    """Bitwise equal recordings, counts, metrics and tables."""
    assert a.spike_count == b.spike_count
    for kind, fields in (("spikes", ("times", "senders")), ("weights", ("times", "values")),
                         ("states", ("times", "values")), ("rates", ("times", "rates"))):
        ours, theirs = getattr(a, kind), getattr(b, kind)
        assert ours.keys() == theirs.keys(), kind
        for name, record in ours.items():
            for field in fields:
                assert np.array_equal(getattr(record, field), getattr(theirs[name], field), equal_nan=True), \
                    (kind, name, field)
    assert a.metrics == b.metrics
    if tables:
        assert a.tables.keys() == b.tables.keys()
        for name, t in a.tables.items():
            for column, values in t.items():
                assert np.array_equal(values, b.tables[name][column], equal_nan=True), (name, column)


def pieces(total_ms, rng, dt=0.1):
    """Random piece sizes [ms] (whole steps, some zero) that add up to total_ms."""
    steps = round(total_ms / dt)
    cuts = sorted(rng.sample(range(1, steps), 9)) + [steps]
    out, last = [0.0], 0
    for c in cuts:
        out.append((c - last) * dt)
        last = c
    return out


def test_a_run_in_pieces_of_random_sizes_is_bitwise_the_run_at_once(tmp_path):
    exp = experiment(tmp_path)
    whole = plastix.run(exp)
    sim = plastix.Simulation(exp)
    for ms in pieces(450.0, random.Random(1)):
        sim.run(f"{ms!r} ms")
    assert sim.t == pytest.approx(450.0)
    assert_same(sim.finish(), whole)


def test_seconds_as_numbers_and_exp_simulation_run_the_same(tmp_path):
    exp = experiment(tmp_path)
    sim = exp.simulation()
    sim.run(0.125).run(0.2).run("125 ms")
    assert sim.phase is None
    assert_same(sim.finish(), plastix.run(exp))


def test_set_between_pieces_equals_the_files_phase_set(tmp_path):
    declared = experiment(tmp_path, train_extra='''
  [[phase.set]]
  at = "73.4 ms"
  "projection.ff.plasticity[0].a_plus" = 0.05
  "population.exc.v_th" = "-52 mV"
''', name="declared.toml")
    whole = plastix.run(declared)
    sim = experiment(tmp_path).simulation()
    sim.run("100 ms").run("50 ms").run("23.4 ms")
    sim.set("projection.ff.plasticity[0].a_plus", 0.05)
    sim.set("population.exc.v_th", "-52 mV")
    sim.run("0.3 ms").run("276.3 ms")
    assert_same(sim.finish(), whole)
    assert whole.metrics != plastix.run(experiment(tmp_path)).metrics  # the change mattered


def test_a_set_in_an_earlier_phase_holds_in_later_phases_and_after_loading(tmp_path):
    declared = experiment(tmp_path, train_extra='''
  [[phase.set]]
  at = "20 ms"
  "population.exc.v_th" = "-53 mV"
''', name="declared.toml")
    whole = plastix.run(declared)
    sim = experiment(tmp_path).simulation()
    sim.run("120 ms").set("population.exc.v_th", "-53 mV").run("230 ms")
    sim.save(tmp_path / "mid.h5")  # in the phase after the change: the change is not state, it is applied again
    assert_same(plastix.load(tmp_path / "mid.h5").finish(), whole)
    assert_same(sim.finish(), whole)


def test_intervene_equals_the_files_intervention(tmp_path):
    declared = experiment(tmp_path, test_extra='''
  [[phase.intervention]]
  type = "block_plasticity"
  projection = "ff"
  start = "30 ms"
  stop = "80 ms"

  [[phase.intervention]]
  type = "block_spikes"
  population = "exc"
  neurons = [0, 1, 2]
  start = "40 ms"
''', name="declared.toml")
    whole = plastix.run(declared)
    sim = experiment(tmp_path).simulation()
    sim.run("330 ms").intervene("block_plasticity", projection="ff", duration="50 ms")
    sim.run("10 ms").intervene("block_spikes", population="exc", neurons=[0, 1, 2])
    sim.run("60 ms")
    assert_same(sim.finish(), whole)
    assert whole.spike_count != plastix.run(experiment(tmp_path)).spike_count  # the interventions mattered
    assert "block_spikes" in sim.text


def test_stimulate_equals_the_files_stimuli_with_a_window(tmp_path):
    # The train phase's 80 Hz stimulus comes after its own 40 Hz one, as stimulate appends it: on neurons 4-7 the
    # later one wins (rates do not add up).
    own = '  neurons = [0, 1, 2, 3, 4, 5, 6, 7]\n'
    assert BASE.count(own) == 1
    train_rate = '''
  [[phase.stimulus]]
  population = "input"
  rate = "80 Hz"
  neurons = [4, 5, 6, 7, 8, 9, 10, 11]
  start = "50 ms"
  stop = "150 ms"
'''
    experiment(tmp_path, test_extra='''
  [[phase.stimulus]]
  population = "exc"
  current = "150 pA"
  neurons = [0, 1]
  start = "30 ms"
  stop = "80 ms"

  [[phase.stimulus]]
  population = "input"
  rate = "60 Hz"
  start = "40 ms"
''', name="declared.toml")
    path = tmp_path / "declared.toml"
    path.write_text(path.read_text().replace(own, own + train_rate))
    whole = plastix.run(plastix.load_experiment(path))
    sim = experiment(tmp_path).simulation()
    sim.run("150 ms").stimulate("input", rate="80 Hz", neurons=[4, 5, 6, 7, 8, 9, 10, 11], duration="100 ms")
    sim.run("180 ms").stimulate("exc", current="150 pA", neurons=[0, 1], duration="50 ms")
    sim.run("10 ms").stimulate("input", rate="60 Hz")
    sim.run("110 ms")
    assert_same(sim.finish(), whole)
    assert whole.spike_count != plastix.run(experiment(tmp_path)).spike_count  # the stimuli mattered
    assert sim.text.count("[[phase.stimulus]]") == 4


def test_a_stimulus_window_acts_as_a_phase_of_its_own(tmp_path):
    """[[phase.stimulus]] start/stop against the same stimulus in a phase cut out for it: the same spikes and
    weights (the phases' own tables and metrics differ)."""
    stimuli = '''
  [[phase.stimulus]]
  population = "exc"
  current = "150 pA"
  neurons = [0, 1]{window}

  [[phase.stimulus]]
  population = "input"
  rate = "60 Hz"
  neurons = [3, 4, 5]{window}
'''
    windowed = experiment(tmp_path, test_extra=stimuli.format(window='\n  start = "30 ms"\n  stop = "80 ms"'),
                          name="windowed.toml")
    text = BASE.replace("{train_extra}", "").replace('name = "test"\nduration = "150 ms"\n{test_extra}',
                        'name = "test_a"\nduration = "30 ms"\n\n[[phase]]\nname = "test_b"\nduration = "50 ms"\n'
                        + stimuli.format(window="") + '\n[[phase]]\nname = "test_c"\nduration = "70 ms"\n')
    assert "test_b" in text
    (tmp_path / "cut.toml").write_text(text)
    a, b = plastix.run(windowed), plastix.run(plastix.load_experiment(tmp_path / "cut.toml"))
    for name in a.spikes:
        assert np.array_equal(a.spikes[name].times, b.spikes[name].times)
        assert np.array_equal(a.spikes[name].senders, b.spikes[name].senders)
    for name in a.weights:
        assert np.array_equal(a.weights[name].values, b.weights[name].values)
    assert a.spike_count == b.spike_count != plastix.run(experiment(tmp_path)).spike_count


def test_stimulate_before_saving_is_in_the_checkpoint(tmp_path):
    exp = experiment(tmp_path)
    sim = exp.simulation()
    sim.run("120 ms").stimulate("input", rate="70 Hz", neurons=[1, 2, 3], duration="200 ms")
    sim.run("60 ms")
    sim.save(tmp_path / "stim.h5")
    loaded = plastix.load(tmp_path / "stim.h5")
    assert_same(loaded.finish(), sim.finish())


def test_stimulate_refuses_a_start_and_a_missing_or_double_value(tmp_path):
    sim = experiment(tmp_path).simulation()
    sim.run("10 ms")
    for kwargs in ({"rate": "5 Hz", "start": "1 ms"}, {}, {"rate": "5 Hz", "current": "1 pA"}):
        with pytest.raises(plastix.PlastixError):
            sim.stimulate("input", **kwargs)
    with pytest.raises(plastix.PlastixError, match="rate stimulus applies to poisson and regular sources"):
        sim.stimulate("exc", rate="5 Hz")
    assert "[[phase.stimulus]]" not in sim.text.split('name = "baseline"')[1].split("[[phase]]")[0]
    for window, message in (('start = "150 ms"', r"start must be in \[0, phase duration = 150 ms\)"),
                            ('start = "20 ms"\n  stop = "20 ms"', "stop must be after start")):
        stimulus = f'\n  [[phase.stimulus]]\n  population = "input"\n  rate = "5 Hz"\n  {window}\n'
        bad = experiment(tmp_path, test_extra=stimulus, name="bad.toml")
        with pytest.raises(plastix.PlastixError, match=message):
            plastix.run(bad)


def test_saving_and_loading_mid_run_goes_on_bitwise(tmp_path):
    exp = experiment(tmp_path)
    whole = plastix.run(exp)
    rng = random.Random(5)
    for k in range(3):
        ms = round(rng.uniform(0.0, 450.0), 1)
        sim = exp.simulation()
        sim.run(f"{ms!r} ms")
        sim.save(tmp_path / f"ck{k}.h5")
        loaded = plastix.load(tmp_path / f"ck{k}.h5")
        assert loaded.t == sim.t
        assert_same(loaded.finish(), whole)
        assert_same(sim.finish(), whole)  # saving changed nothing


def test_changes_made_before_saving_are_in_the_checkpoint(tmp_path):
    declared = experiment(tmp_path, train_extra='''
  [[phase.set]]
  at = "50 ms"
  "projection.ee.plasticity[0].a_minus" = 0.02

  [[phase.intervention]]
  type = "block_plasticity"
  projection = "ff"
  start = "50 ms"
  stop = "120 ms"
''', name="declared.toml")
    whole = plastix.run(declared)
    sim = experiment(tmp_path).simulation()
    sim.run("150 ms").set("projection.ee.plasticity[0].a_minus", 0.02)
    sim.intervene("block_plasticity", projection="ff", duration="70 ms")
    sim.run("33.3 ms").save(tmp_path / "ck.h5")
    loaded = plastix.load(tmp_path / "ck.h5")
    assert loaded.text == sim.text
    loaded.run("100 ms")
    assert_same(loaded.finish(), whole)


def test_add_monitor_records_from_then_on_and_survives_loading(tmp_path):
    exp = experiment(tmp_path)
    whole = plastix.run(exp)
    sim = exp.simulation()
    sim.run("120 ms").add_monitor("weights", projection="ee", synapses=[0, 1], interval="5 ms", name="ee_late")
    sim.run("100 ms").save(tmp_path / "ck.h5")
    loaded = plastix.load(tmp_path / "ck.h5")
    a, b = sim.finish(), loaded.finish()
    w = a.weights["ee_late"]
    assert w.times[0] == pytest.approx(120.0) and w.times[-1] == pytest.approx(450.0)
    assert np.array_equal(w.values, b.weights["ee_late"].values)
    assert np.array_equal(a.spikes["exc"].times, whole.spikes["exc"].times)  # the run is the same


def test_weights_and_results_so_far_read_without_changing_the_run(tmp_path):
    exp = experiment(tmp_path)
    whole = plastix.run(exp)
    sim = exp.simulation()
    sim.run("137.2 ms")
    w = sim.weights("ff")
    r = sim.results()
    assert w.shape == (whole.metrics["synapses.ff"],)
    assert r.bio_time == pytest.approx(137.2)
    assert r.spikes["exc"].times.max() < 137.2
    assert "rate_hz.exc" in r.metrics and "dw_rel.ff" in r.metrics
    assert_same(sim.finish(), whole)


def test_write_makes_an_output_directory_that_reruns_the_same(tmp_path, plastix_binary):
    import subprocess
    sim = experiment(tmp_path).simulation()
    sim.run("150 ms").set("projection.ff.plasticity[0].a_plus", 0.03)
    sim.write(tmp_path / "out")
    assert (tmp_path / "out" / "data.h5").is_file()
    rerun = plastix.run(plastix.load_experiment(tmp_path / "out" / "experiment.toml"))
    assert_same(sim.results(), rerun)
    subprocess.run([plastix_binary, "check", str(tmp_path / "out" / "experiment.toml")], check=True,
                   capture_output=True)


def test_mistakes_raise_clear_errors_and_change_nothing(tmp_path):
    exp = experiment(tmp_path)
    sim = exp.simulation()
    sim.run("50 ms")
    with pytest.raises(plastix.PlastixError, match="tau_plux"):
        sim.set("projection.ff.plasticity[0].tau_plux", "10 ms")
    with pytest.raises(plastix.PlastixError, match="size cannot change"):
        sim.set("population.exc.size", 10)
    with pytest.raises(plastix.PlastixError, match="past the end"):
        sim.run("1 s")
    with pytest.raises(plastix.PlastixError):
        sim.intervene("block_plasticity", projection="nope")
    with pytest.raises(plastix.PlastixError, match="duration"):
        sim.run([1])
    with pytest.raises(plastix.PlastixError):
        sim.add_monitor("spikes", population="nobody")
    assert sim.t == pytest.approx(50.0)
    sim.run("400 ms")
    assert_same(sim.finish(), plastix.run(exp))
    with pytest.raises(plastix.PlastixError, match="finished"):
        sim.run("1 ms")


def test_a_sweep_is_not_a_simulation(source_dir):
    exp = plastix.load_experiment(source_dir / "experiments" / "stdp_window.toml")
    with pytest.raises(plastix.PlastixError, match="sweep"):
        exp.simulation()


def test_a_checkpoint_of_plastix_run_loads_as_a_simulation_with_the_earlier_phases_sets(tmp_path, plastix_binary):
    import subprocess
    exp = experiment(tmp_path, train_extra='''
  [[phase.set]]
  at = "20 ms"
  "population.exc.v_th" = "-53 mV"
''')
    whole = plastix.run(exp)
    for step in (2345, 3456):  # in the phase of the change, and in the phase after it
        ck = tmp_path / f"run{step}.checkpoint.h5"
        subprocess.run([plastix_binary, "run", str(tmp_path / "steps.toml"), "-o", str(tmp_path / "run"), "-q",
                        "--checkpoint", str(ck), "--checkpoint-stop-at-step", str(step)], capture_output=True)
        sim = plastix.load(ck)
        assert sim.t == pytest.approx(step / 10)
        assert_same(sim.finish(), whole)


def test_a_slow_phase_pauses_at_the_end_of_a_slow_step(tmp_path):
    slow = '''
[[phase]]
name = "consolidate"
duration = "2 s"
slow_step = "100 ms"
'''
    path = tmp_path / "slow.toml"
    path.write_text(BASE.replace("{train_extra}", "").replace("{test_extra}", slow))
    exp = plastix.load_experiment(path)
    whole = plastix.run(exp)
    sim = exp.simulation()
    sim.run("450 ms").run("130 ms")
    assert sim.t == pytest.approx(650.0)  # to the end of the slow step in which 580 ms falls
    sim.save(tmp_path / "ck.h5")
    sim.run("0.5 s")
    assert_same(sim.finish(), whole)
    assert_same(plastix.load(tmp_path / "ck.h5").finish(), whole)
