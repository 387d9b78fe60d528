"""The model catalogue in Python: plastix.models() and plastix.help() print what `plastix list` prints, and
Experiment.add_population checks its keyword names against the catalogue before writing the file."""
import subprocess

import pytest

plastix = pytest.importorskip("plastix")
try:
    from plastix import _core  # noqa: F401
except ImportError as e:
    pytest.fail(f"plastix._core not importable ({e}); PYTHONPATH must hold <source>/python and <build>/python")


def test_catalogue_lists_every_family_with_keys_units_and_state():
    entries = plastix.catalogue.catalogue()
    families = {m["family"] for m in entries}
    assert {"neuron model", "source", "receptor", "connector", "intervention"} <= families
    lif = plastix.catalogue.find("neuron model", "lif")
    keys = {k["name"]: k for k in lif["keys"]}
    assert keys["c_m"]["unit"] == "pF" and keys["c_m"]["default"] == "200 pF" and keys["c_m"]["bounds"] == "> 0 pF"
    assert [s["name"] for s in lif["state"]] == ["v"] and lif["state"][0]["unit"] == "mV"


def test_help_prints_the_keys_of_a_model_as_the_command_line_does(capsys, plastix_binary):
    plastix.help("adex")
    printed = capsys.readouterr().out
    assert "tau_w" in printed and "default 144 ms" in printed and "per neuron" in printed
    cli = subprocess.run([plastix_binary, "list", "adex"], capture_output=True, text=True)
    assert cli.returncode == 0 and cli.stdout == printed


def test_help_on_an_unknown_name_suggests_the_closest(plastix_binary):
    with pytest.raises(plastix.PlastixError, match="did you mean 'lif'"):
        plastix.help("lfi")
    cli = subprocess.run([plastix_binary, "list", "lfi"], capture_output=True, text=True)
    assert cli.returncode == 2 and "did you mean 'lif'" in cli.stderr and cli.stdout == ""


def test_models_prints_every_family(capsys):
    plastix.models()
    printed = capsys.readouterr().out
    for word in ("neuron model:", "lif", "adex_clopath", "connector:", "fixed_indegree", "v_t [mV]"):
        assert word in printed


def test_add_population_refuses_a_misspelled_key_with_a_suggestion():
    exp = plastix.Experiment(name="typo")
    with pytest.raises(plastix.PlastixError, match="unknown key 'tua_m'.*did you mean 'tau_m'"):
        exp.add_population("exc", 10, "lif", tua_m="20 ms")
    exp.add_population("exc", 10, "lif", tau_m="20 ms", init={"v": "-60 mV"})  # model keys and table keys pass
    assert "tau_m" in exp.text


def test_every_kind_of_an_experiment_file_is_in_the_catalogue_with_its_keys(capsys, plastix_binary):
    families = {m["family"] for m in plastix.catalogue.catalogue()}
    assert {"protocol", "monitor", "analysis", "table", "metric", "intrinsic", "neurogenesis"} <= families
    tetanus = {k["name"]: k for k in plastix.catalogue.find("protocol", "tetanus")["keys"]}
    assert tetanus["frequency"]["default"] == "100 Hz" and tetanus["frequency"]["bounds"] == "> 0 Hz"
    for name in ("theta_burst", "state", "recall", "metric", "intrinsic", "neurogenesis"):
        plastix.help(name)
        printed = capsys.readouterr().out
        cli = subprocess.run([plastix_binary, "list", name], capture_output=True, text=True)
        assert cli.returncode == 0 and cli.stdout == printed and "keys:" in printed


def test_monitors_protocols_and_analyses_refuse_a_misspelled_key_with_a_suggestion():
    exp = plastix.Experiment(name="typo")
    with pytest.raises(plastix.PlastixError, match="unknown key 'intervall'.*did you mean 'interval'"):
        exp.add_monitor("state", population="exc", variable="v", intervall="1 ms")
    with pytest.raises(plastix.PlastixError, match="unknown key 'pulse_frequncy'.*did you mean 'pulse_frequency'"):
        exp.add_protocol("tetanus", population="pre", pulse_frequncy="50 Hz")
    with pytest.raises(plastix.PlastixError, match="unknown key 'active_rat'.*did you mean 'active_rate'"):
        exp.add_analysis("overlap", spikes="gc", phases=["a", "b"], active_rat="5 Hz")
