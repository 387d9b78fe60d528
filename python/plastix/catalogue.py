"""The model catalogue: every neuron model, source, receptor, connector, rule ... with its keys (unit, default,
bounds, one line of documentation), presets and declared state, as declared once in C++ (spec/catalogue.hpp).

plastix.models() prints the families and their models (as `plastix list`); plastix.help("stdp") prints one model's
keys (as `plastix list stdp`). Experiment.add_population and add_rule check their keyword names here.
"""
import difflib

from plastix import _core
from plastix import units as _units
from plastix._core import PlastixError

# The catalogue's key types that are dimensions (key["type"] -> the dimensions a value may have).
_KEY_DIMENSIONS = {
    "time": (_units.DIMENSIONS["time"],), "voltage": (_units.DIMENSIONS["voltage"],),
    "rate": (_units.DIMENSIONS["frequency"],), "current": (_units.DIMENSIONS["current"],),
    "concentration": (_units.DIMENSIONS["concentration"],), "conductance": (_units.DIMENSIONS["conductance"],),
    "capacitance": (_units.DIMENSIONS["capacitance"],),
    # a weight is a conductance, a current or a plain number, by the receptor or rule it belongs to
    "weight": (_units.DIMENSIONS["conductance"], _units.DIMENSIONS["current"], _units.DIMENSIONS["dimensionless"]),
    "number": (_units.DIMENSIONS["dimensionless"],), "whole number": (_units.DIMENSIONS["dimensionless"],),
}


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
    with the closest key ("did you mean ...?") and where to read the keys; and, for a dict of keywords, when a
    value's dimension is not the key's (check_values)."""
    allowed = [k["name"] for k in model["keys"]] + (["preset"] if model["presets"] else []) + list(other_keys)
    for key in keywords:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" did you mean '{close[0]}'?" if close else f" expected one of: {', '.join(allowed)}"
        raise PlastixError(f"{what}: unknown key '{key}' for {model['family']} '{model['name']}';{hint} "
                           f"(plastix.help(\"{model['name']}\") lists its keys)")
    if isinstance(keywords, dict):
        check_values(what, model, keywords)


def check_values(what, model, values):
    """Raise PlastixError when a value's dimension is not its key's: a Quantity (20*mV for a time), a string with
    one unit ("20 mV") or a plain number given for a key with a dimension, or a Quantity for a plain-number key.
    Values whose dimension cannot be told here (distributions, lists, expressions) are left to the experiment
    reader, which checks everything again."""
    keys = {k["name"]: k for k in model["keys"]}
    for name, value in values.items():
        key = keys.get(name)
        allowed = _KEY_DIMENSIONS.get(key["type"]) if key else None
        if allowed is None:
            continue
        dim = _units.dimension_of(value)
        plain_key = allowed == (_units.DIMENSIONS["dimensionless"],)
        if dim is None or dim in allowed or (plain_key and not isinstance(value, _units.Quantity)):
            continue
        expected = " or ".join(_units.dimension_name(d) for d in allowed)
        unit = f" [{key['unit']}]" if key["unit"] else ""
        shown = f"{value} ({_units.dimension_name(dim)})" if isinstance(value, _units.Quantity) or isinstance(
            value, str) else f"the plain number {value!r}, without a unit"
        hint = (f"; write it with its unit: {value}*{key['unit']} (from plastix.units) or \"{value} {key['unit']}\""
                if dim == _units.DIMENSIONS["dimensionless"] and key["unit"] else "")
        raise PlastixError(f"{what}: key '{name}' is {expected}{unit}; got {shown}{hint}")
