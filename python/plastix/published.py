"""Published data that ready experiments reproduce, drawn on their figures beside the simulated values (mean ± s.e.m.
where the paper gives it) and compared in their reports. Chosen by the experiment's name (summary.json "experiment")
and the result table's name; the numbers are those written in the experiment files' headers, with their sources."""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Points:
    source: str   # the paper and figure
    x: str        # the table column the points lie along (e.g. "freq_hz")
    dt_ms: float  # the pairing interval the points belong to [ms] (tables with a dt_ms column)
    xs: tuple     # values of x
    means: tuple  # the measured change, relative (0.14 = +14 %)
    sems: tuple = ()  # s.e.m. of each mean (empty: not given)
    kind: str = "data"  # "data" (measured) or "model" (the paper's own simulation)


# Sjöström, Turrigiano & Nelson 2001, Neuron 32:1149, Fig. 1D (visual cortex L5; 60 pairings; the points Pfister &
# Gerstner 2006 and Clopath et al. 2010 fitted).
_SJOSTROM = "Sjöström et al. 2001, Fig. 1D"
_SJOSTROM_FREQ = (0.1, 10.0, 20.0, 40.0, 50.0)
SJOSTROM_2001 = (
    Points(_SJOSTROM, "freq_hz", 10.0, _SJOSTROM_FREQ, (-0.04, 0.14, 0.29, 0.53, 0.56), (0.05, 0.10, 0.14, 0.11, 0.26)),
    Points(_SJOSTROM, "freq_hz", -10.0, _SJOSTROM_FREQ, (-0.29, -0.41, -0.34, 0.56, 0.75),
           (0.08, 0.11, 0.10, 0.32, 0.19)),
)
# Clopath, Büsing, Vasilaki & Gerstner 2010, Nat Neurosci 13:344, Fig. 2b: the paper's own simulation of the protocol.
CLOPATH_2010_MODEL = (
    Points("Clopath et al. 2010, Fig. 2b (their model)", "freq_hz", 10.0, _SJOSTROM_FREQ,
           (0.01, 0.04, 0.17, 0.48, 0.67), kind="model"),
    Points("Clopath et al. 2010, Fig. 2b (their model)", "freq_hz", -10.0, _SJOSTROM_FREQ,
           (-0.28, -0.40, -0.40, 0.19, 0.76), kind="model"),
)


@dataclass(frozen=True)
class Signs:
    """Where a paper states only the sign of the change (no numbers given here): +1 LTP, -1 LTD, 0 no net change."""
    source: str
    x: str        # the table column the frequencies lie along
    xs: tuple     # values of x
    signs: tuple  # +1, -1 or 0 at each x
    kind: str = "sign"


# Dudek & Bear 1992, PNAS 89:4363 (CA1, 900 pulses): LTD at 1-3 Hz, no net change at 10 Hz, LTP at 50 Hz (the text
# of the paper; the values of its Fig. 2 are not carried here, so only the signs are compared).
DUDEK_BEAR_1992 = (Signs("Dudek & Bear 1992", "freq_hz", (1.0, 3.0, 10.0, 50.0), (-1, -1, 0, 1)),)
# |Δw| below this (relative) counts as "no net change" when a simulated value is compared with a sign.
NO_CHANGE_BELOW = 0.05

PUBLISHED = {
    ("stdp_frequency", "frequency"): SJOSTROM_2001,
    ("clopath_frequency", "frequency"): SJOSTROM_2001 + CLOPATH_2010_MODEL,
    ("ltp_ltd_frequency", "frequency"): DUDEK_BEAR_1992,
}


def for_table(experiment, table_name):
    """The published points for an experiment's result table (an empty tuple when there are none)."""
    return PUBLISHED.get((experiment, table_name), ())


def sign_of(value):
    """+1, -1 or 0 (|value| < NO_CHANGE_BELOW) of a relative change."""
    return 0 if abs(value) < NO_CHANGE_BELOW else (1 if value > 0 else -1)


def sign_agreement(signs, table, column="dw_rel"):
    """[(x, published sign, simulated value)] at the x of `signs` (a Signs) found in the table."""
    xs, values = np.asarray(table[signs.x], dtype=float), np.asarray(table[column], dtype=float)
    return [(x, sign, float(values[np.isclose(xs, x)][0])) for x, sign in zip(signs.xs, signs.signs)
            if np.isclose(xs, x).any()]


def rms_error(points, table, column="dw_rel", condition_rows=None):
    """Root-mean-square difference between the table's values and the measured points (kind "data") at the same x
    and dt_ms; condition_rows (a boolean mask) restricts the rows to one condition. NaN when no point is matched."""
    x_all = np.asarray(table[points[0].x], dtype=float) if points else np.array([])
    dt_all = np.asarray(table["dt_ms"], dtype=float) if "dt_ms" in table else np.zeros(len(x_all))
    mask = np.ones(len(x_all), dtype=bool) if condition_rows is None else np.asarray(condition_rows)
    values = np.asarray(table[column], dtype=float) if points else np.array([])
    diffs = []
    for p in (p for p in points if p.kind == "data"):
        for x, mean in zip(p.xs, p.means):
            rows = mask & np.isclose(x_all, x) & np.isclose(dt_all, p.dt_ms)
            if rows.any():
                diffs.append(values[rows][0] - mean)
    return float(np.sqrt(np.mean(np.square(diffs)))) if diffs else float("nan")
