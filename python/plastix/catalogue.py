"""The model catalogue: every neuron model, source, receptor, connector, rule ... with its keys (unit, default,
bounds, one line of documentation), presets and declared state, as declared once in C++ (spec/catalogue.hpp).

plastix.models() prints the families and their models (as `plastix list`); plastix.help("stdp") prints one model's
keys (as `plastix list stdp`). Experiment.add_population and add_rule check their keyword names here.
"""
import difflib

from plastix import _core
from plastix._core import PlastixError


def catalogue():
    """Every model of the catalogue: a list of dicts (family, name, doc, keys, presets, state)."""
    return _core.catalogue()


def models():
    """Print every family of the catalogue with its models and their declared state (as `plastix list`)."""
    print(_core.catalogue_overview() + '\nplastix.help("NAME") shows a model\'s keys, presets and state.')


def help(name):  # noqa: A001 (plastix.help("stdp") reads best)
    """Print the keys (type, default, bounds, doc), presets and state of the model `name` (as `plastix list NAME`);
    an unknown name raises PlastixError with the closest name."""
    print(_core.model_help(name), end="")


def find(family, name):
    """The catalogue's dict of model `name` of `family` ("neuron model", "lif"), or None."""
    for m in _core.catalogue():
        if m["family"] == family and m["name"] == name:
            return m
    return None


def check_keywords(what, model, keywords, other_keys=()):
    """Raise PlastixError when a keyword is neither a key of `model` (a catalogue dict) nor one of `other_keys`,
    with the closest key ("did you mean ...?") and where to read the keys."""
    allowed = [k["name"] for k in model["keys"]] + (["preset"] if model["presets"] else []) + list(other_keys)
    for key in keywords:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" did you mean '{close[0]}'?" if close else f" expected one of: {', '.join(allowed)}"
        raise PlastixError(f"{what}: unknown key '{key}' for {model['family']} '{model['name']}';{hint} "
                           f"(plastix.help(\"{model['name']}\") lists its keys)")
