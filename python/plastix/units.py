"""Quantities with units, as objects: `20*ms`, `5*Hz`, `-65*mV`, `np.linspace(0, 1, 5)*nS`.

    from plastix.units import ms, second, Hz, mV, nS, pA, pF, uM
    exp.add_population("exc", 100, "lif", tau_m=20*ms, v_th=-50*mV)

A Quantity is a number (or a numpy array) and a unit. Products and quotients carry their dimension (`nS*mV` is a
current, `1/ms` a rate); sums need equal dimensions; a quotient of equal dimensions is a plain number
(`(200*ms)/second == 0.2`). Wherever plastix takes a value with a unit it takes a Quantity or the string form
("20 ms"), and it checks the dimension against the key it is given to (a time for `tau_m`).

Dimensions follow plastix's internal units (docs/concepts.md): exponents of time [ms], voltage [mV], current [pA]
and concentration [uM]; a conductance is pA/mV (1 nS), a capacitance pA·ms/mV (1 pF), a rate 1/time (1 Hz is
1e-3 /ms). A quantity keeps the unit it was written in, so `0.1*second` is written to an experiment file as
"0.1 s", exactly what was typed.
"""
import numbers
import re

import numpy as np

# Exponents of (time, voltage, current, concentration).
_T, _V, _I, _C = (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)
_ONE = (0, 0, 0, 0)


def _mul(a, b):
    return tuple(x + y for x, y in zip(a, b))


def _div(a, b):
    return tuple(x - y for x, y in zip(a, b))


def _pow(a, n):
    return tuple(x * n for x in a)


_G = _div(_I, _V)            # conductance: pA/mV = nS
_CAP = _div(_mul(_I, _T), _V)  # capacitance: pA·ms/mV = pF
_F = _div(_ONE, _T)          # frequency

# Every unit an experiment file accepts (src/core/units.cpp and core/dims.cpp): symbol -> (dimension, value of one
# symbol in plastix's internal unit of that dimension).
UNITS = {
    "ms": (_T, 1.0), "s": (_T, 1000.0), "us": (_T, 1e-3), "min": (_T, 60000.0), "h": (_T, 3.6e6),
    "day": (_T, 8.64e7),
    "mV": (_V, 1.0), "V": (_V, 1000.0), "uV": (_V, 1e-3),
    "nS": (_G, 1.0), "pS": (_G, 1e-3), "uS": (_G, 1e3), "mS": (_G, 1e6),
    "pA": (_I, 1.0), "nA": (_I, 1e3), "uA": (_I, 1e6),
    "pF": (_CAP, 1.0), "nF": (_CAP, 1e3), "uF": (_CAP, 1e6),
    "Hz": (_F, 1.0), "kHz": (_F, 1e3),
    "uM": (_C, 1.0), "nM": (_C, 1e-3), "mM": (_C, 1e3),
}
# A rate's internal unit is Hz in experiment files but 1/ms in the dimension algebra: scale factors are taken
# relative to each dimension's reference unit below, so Hz and 1/ms convert correctly (1 Hz = 1e-3 /ms).
_REFERENCE = {_T: "ms", _V: "mV", _G: "nS", _I: "pA", _CAP: "pF", _F: "Hz", _C: "uM"}
# The dimensions experiment-file keys are declared with (the catalogue's key types).
DIMENSIONS = {"time": _T, "voltage": _V, "conductance": _G, "current": _I, "capacitance": _CAP,
              "frequency": _F, "concentration": _C, "dimensionless": _ONE}
_NAMES = {**{v: k for k, v in DIMENSIONS.items()}, _F: "rate"}  # as experiment files' messages say


def _coherent_scale(symbol):
    """The value of one `symbol` in coherent base units (ms, mV, pA, uM; a rate in 1/ms)."""
    dim, scale = UNITS[symbol]
    return scale * (1e-3 if dim == _F else 1.0)


def dimension_name(dim):
    """"a time", "a voltage", ... or the base-unit expression ("mV/ms") of any other dimension."""
    name = _NAMES.get(dim)
    if name == "dimensionless":
        return "a plain number"
    return f"a {name}" if name else f"a quantity in {_base_expression(dim)}"


def _base_expression(dim):
    """The unit expression of a dimension in base units, as experiment files read it: "mV/ms", "1/ms", "pA*ms^2"."""
    up, down = [], []
    for base, e in zip(("ms", "mV", "pA", "uM"), dim):
        if e:
            (up if e > 0 else down).append(base if abs(e) == 1 else f"{base}^{abs(e)}")
    text = "*".join(up) or "1"
    return text + ("/" + "/".join(down) if down else "")


_UNIT_FACTOR = re.compile(r"^\s*([A-Za-z]+|1)\s*(?:\^\s*(-?\d+))?\s*$")


def unit_of(text):
    """(dimension, scale to coherent units) of a unit text, simple or compound: "ms", "mV/ms", "1/ms", "nS*ms",
    "pA*ms^2/mV" (the units data.h5 gives a recorded variable of a rule written as equations); raises ValueError for
    anything else."""
    dim, scale = _ONE, 1.0
    parts = re.split(r"([*/])", text.replace("·", "*"))
    op = "*"
    for k, part in enumerate(parts):
        if k % 2 == 1:
            op = part
            continue
        m = _UNIT_FACTOR.match(part)
        if not m or (m.group(1) != "1" and m.group(1) not in UNITS):
            raise ValueError(f"unknown unit {text!r}; units: {', '.join(UNITS)} and their products and quotients")
        n = int(m.group(2) or 1)
        d, f = (_ONE, 1.0) if m.group(1) == "1" else (UNITS[m.group(1)][0], _coherent_scale(m.group(1)))
        d, f = _pow(d, n), f ** n
        dim, scale = (_mul(dim, d), scale * f) if op == "*" else (_div(dim, d), scale / f)
    return dim, scale


class Quantity:
    """A value (a number or a numpy array) with a unit; see the module's doc. `q.value` and `q.unit` are the number
    and the symbol it was written in; `q.dim` its dimension; `q / ms` or `q.to("ms")` the number in another unit."""

    __array_ufunc__ = None  # numpy arrays defer to Quantity: np.array([1, 2]) * ms is a Quantity

    def __init__(self, value, unit="1"):
        if isinstance(unit, str) and unit in UNITS:
            self.value, self.unit, self.dim, self._scale = value, unit, UNITS[unit][0], _coherent_scale(unit)
        elif isinstance(unit, tuple) and len(unit) == 2:  # (dimension, scale to coherent units): a compound unit
            self.value, self.unit, self.dim, self._scale = value, None, unit[0], unit[1]
        elif unit == "1":
            self.value, self.unit, self.dim, self._scale = value, None, _ONE, 1.0
        elif isinstance(unit, str):  # a compound unit as data.h5 writes one ("mV/ms", "1/ms"): kept as written
            dim, scale = unit_of(unit)
            self.value, self.unit, self.dim, self._scale = value, unit, dim, scale
        else:
            raise ValueError(f"unknown unit {unit!r}; units: {', '.join(UNITS)}")
        if isinstance(self.value, (list, tuple)):
            self.value = np.asarray(self.value, dtype=float)

    # -- conversion ----------------------------------------------------------------------------------------------
    @property
    def coherent(self):
        """The value in coherent base units (ms, mV, pA, uM, nS, pF; a rate in 1/ms)."""
        return self.value * self._scale

    def to(self, unit):
        """The number in `unit` (a symbol such as "ms", or a Quantity such as ms); raises for another dimension."""
        other = unit if isinstance(unit, Quantity) else Quantity(1.0, unit)
        if other.dim != self.dim:
            raise ValueError(f"cannot express {self} ({dimension_name(self.dim)}) in {other.unit or other} "
                             f"({dimension_name(other.dim)})")
        if other.unit == self.unit and other.value == 1.0:
            return self.value
        return self.coherent / other.coherent

    def __float__(self):
        if self.dim != _ONE:
            raise TypeError(f"{self} has a unit: divide it by a unit (q / ms) or use q.to('ms') for a number")
        return float(self.coherent)

    def __array__(self, dtype=None, copy=None):
        if self.dim != _ONE:
            raise TypeError(f"{self} has a unit: divide it by a unit (q / ms) for a plain array")
        return np.asarray(self.coherent, dtype=dtype)

    def __len__(self):
        return len(self.value)

    def __getitem__(self, i):
        return self._same(self.value[i])

    def __iter__(self):
        return (self._same(v) for v in self.value)

    def _same(self, value):
        q = Quantity.__new__(Quantity)
        q.value, q.unit, q.dim, q._scale = value, self.unit, self.dim, self._scale
        return q

    # -- arithmetic ----------------------------------------------------------------------------------------------
    def __mul__(self, other):
        if isinstance(other, Quantity):
            return _make(self.value * other.value, _mul(self.dim, other.dim), self._scale * other._scale)
        if isinstance(other, (list, tuple)):
            other = np.asarray(other, dtype=float)
        if isinstance(other, (numbers.Number, np.ndarray, np.generic)):
            return self._same(self.value * other)
        return NotImplemented

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Quantity):
            return _make(self.value / other.value, _div(self.dim, other.dim), self._scale / other._scale)
        if isinstance(other, (numbers.Number, np.ndarray, np.generic)):
            return self._same(self.value / other)
        return NotImplemented

    def __rtruediv__(self, other):
        if isinstance(other, (list, tuple)):
            other = np.asarray(other, dtype=float)
        if isinstance(other, (numbers.Number, np.ndarray, np.generic)):
            return _make(other / self.value, _div(_ONE, self.dim), 1.0 / self._scale)
        return NotImplemented

    def __pow__(self, n):
        if not isinstance(n, numbers.Integral):
            raise TypeError("a quantity's power must be a whole number")
        return _make(self.value ** n, _pow(self.dim, n), self._scale ** n)

    def __neg__(self):
        return self._same(-self.value)

    def __pos__(self):
        return self

    def __abs__(self):
        return self._same(abs(self.value))

    def _in_my_unit(self, other, op):
        if not isinstance(other, Quantity):
            if self.dim == _ONE and isinstance(other, (numbers.Number, np.ndarray)):
                return other / self._scale
            raise TypeError(f"cannot {op} {self} ({dimension_name(self.dim)}) and {other!r} (a plain number)")
        if other.dim != self.dim:
            raise TypeError(f"cannot {op} {self} ({dimension_name(self.dim)}) and {other} "
                            f"({dimension_name(other.dim)})")
        return other.value if other._scale == self._scale else other.coherent / self._scale

    def __add__(self, other):
        return self._same(self.value + self._in_my_unit(other, "add"))

    __radd__ = __add__

    def __sub__(self, other):
        return self._same(self.value - self._in_my_unit(other, "subtract"))

    def __rsub__(self, other):
        return self._same(self._in_my_unit(other, "subtract") - self.value)

    def __eq__(self, other):
        try:
            return self.value == self._in_my_unit(other, "compare")
        except TypeError:
            return False

    def __ne__(self, other):
        eq = self.__eq__(other)
        return not eq if isinstance(eq, bool) else ~eq

    def __lt__(self, other):
        return self.value < self._in_my_unit(other, "compare")

    def __le__(self, other):
        return self.value <= self._in_my_unit(other, "compare")

    def __gt__(self, other):
        return self.value > self._in_my_unit(other, "compare")

    def __ge__(self, other):
        return self.value >= self._in_my_unit(other, "compare")

    __hash__ = None

    # -- text ----------------------------------------------------------------------------------------------------
    def unit_text(self):
        """The unit as an experiment file reads it: the symbol it was written in, else the base-unit expression."""
        if self.unit is not None:
            return self.unit
        ref = _REFERENCE.get(self.dim)
        if ref is not None:
            return ref
        return _base_expression(self.dim)

    def _number_in_unit_text(self):
        if self.unit is not None:
            return self.value
        ref = _REFERENCE.get(self.dim)
        return self.coherent / (_coherent_scale(ref) if ref else 1.0)

    def to_file_value(self):
        """The value as an experiment file takes it: "20 ms", or a list of such strings for an array."""
        number, unit = self._number_in_unit_text(), self.unit_text()
        if self.dim == _ONE:
            return number.tolist() if isinstance(number, np.ndarray) else _plain(number)
        if isinstance(number, np.ndarray):
            return [f"{_number(x)} {unit}" for x in number.ravel()]
        return f"{_number(number)} {unit}"

    def __str__(self):
        value = self.to_file_value()
        return value if isinstance(value, str) else f"{value}" if self.dim == _ONE else "[" + ", ".join(value) + "]"

    def __repr__(self):
        return f"Quantity({self})"

    def __format__(self, spec):
        if not spec:
            return str(self)
        return f"{format(self._number_in_unit_text(), spec)} {self.unit_text()}"

    def _repr_html_(self):
        return f"<code>{self}</code>"


def _make(value, dim, scale):
    """A quantity from an operation: plain number when dimensionless."""
    if dim == _ONE:
        return value * scale
    q = Quantity.__new__(Quantity)
    q.value, q.unit, q.dim, q._scale = value, None, dim, scale
    # A product or quotient whose dimension has a reference unit is shown in it (nS*mV -> pA).
    return q


def _plain(x):
    return x.item() if hasattr(x, "item") else x


def _number(x):
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


_QUANTITY_TEXT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-zµ]+)\s*$")


def parse(text):
    """A Quantity from a string "20 ms" (None when the string is not a number and one unit this module knows)."""
    m = _QUANTITY_TEXT.match(text)
    if not m:
        return None
    unit = m.group(2).replace("µ", "u")
    unit = {"days": "day"}.get(unit, unit)
    if unit not in UNITS:
        return None
    return Quantity(float(m.group(1)), unit)


def dimension_of(value):
    """The dimension of a value given for a key: a Quantity's, a unit string's ("20 ms"), a plain number's (none),
    or None when it cannot be told here (a distribution, an expression)."""
    if isinstance(value, Quantity):
        return value.dim
    if isinstance(value, bool):
        return None
    if isinstance(value, (numbers.Number, np.generic)):
        return _ONE
    if isinstance(value, str):
        q = parse(value)
        return q.dim if q is not None else None
    return None


# The units as names: `from plastix.units import ms, mV, nS`. Brian2's long names too (second, msecond, hertz).
ms = msecond = Quantity(1.0, "ms")
second = Quantity(1.0, "s")
us = usecond = Quantity(1.0, "us")
minute = Quantity(1.0, "min")
hour = Quantity(1.0, "h")
day = Quantity(1.0, "day")
mV = mvolt = Quantity(1.0, "mV")
volt = Quantity(1.0, "V")
uV = uvolt = Quantity(1.0, "uV")
nS = nsiemens = Quantity(1.0, "nS")
pS = psiemens = Quantity(1.0, "pS")
uS = usiemens = Quantity(1.0, "uS")
mS = msiemens = Quantity(1.0, "mS")
pA = pamp = Quantity(1.0, "pA")
nA = namp = Quantity(1.0, "nA")
uA = uamp = Quantity(1.0, "uA")
pF = pfarad = Quantity(1.0, "pF")
nF = nfarad = Quantity(1.0, "nF")
uF = ufarad = Quantity(1.0, "uF")
Hz = hertz = Quantity(1.0, "Hz")
kHz = khertz = Quantity(1.0, "kHz")
uM = umolar = Quantity(1.0, "uM")
nM = nmolar = Quantity(1.0, "nM")
mM = mmolar = Quantity(1.0, "mM")

__all__ = ["Quantity", "unit_of",
           "ms", "msecond", "second", "us", "usecond", "minute", "hour", "day", "mV", "mvolt", "volt",
           "uV", "uvolt", "nS", "nsiemens", "pS", "psiemens", "uS", "usiemens", "mS", "msiemens", "pA", "pamp", "nA",
           "namp", "uA", "uamp", "pF", "pfarad", "nF", "nfarad", "uF", "ufarad", "Hz", "hertz", "kHz", "khertz",
           "uM", "umolar", "nM", "nmolar", "mM", "mmolar"]
