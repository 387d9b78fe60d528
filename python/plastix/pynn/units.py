"""PyNN's parameters on plastix: the types keep PyNN's names and units (ms, mV, nA, nF, uS, Hz) as their native
ones, and `quantity` writes a value with its unit into the plastix experiment (conversions are in the types'
plastix_* methods: cells.py, synapses.py, electrodes.py)."""
from pyNN.standardmodels import build_translations


def identity_translations(cls):
    """Translations that keep PyNN's names and units (the conversion to plastix is in the plastix_* methods)."""
    return build_translations(*[(name, name) for name in cls.default_parameters])


def quantity(value, unit):
    """A value in `unit` as plastix's experiment files write it: "20.0 ms"."""
    return f"{float(value)!r} {unit}"
