"""Plots of recordings and result tables, one matplotlib Axes each. Every function takes a record as read by
plastix.results.run_output (dicts) or returned by plastix.run (objects with attributes), so the same plot works on a
run's output directory and on results in memory. Times in ms; units as recorded."""
import numpy as np

from . import published as published_data


def plain_text(fig):
    """Shows every text of the figure as written: names from experiment files (populations, tables, columns,
    conditions) may contain '$', which matplotlib would otherwise parse as math ("$\\frac{$" makes drawing fail).
    plastix's own labels use no math. Call it before tight_layout or savefig; returns fig."""
    for text in fig.findobj(lambda artist: hasattr(artist, "set_parse_math")):
        text.set_parse_math(False)
    return fig


def _get(record, key, default=None):
    if isinstance(record, dict):
        return record.get(key, default)
    return getattr(record, key, default)


# Kinds of result tables that support others (which neurons form each pattern, every single recall test): shown as
# tables in the report, not drawn as main figures or overview panels.
SUPPORT_TABLES = ("patterns", "recall_presentations")

# Units told by a column's name suffix (t_ms, freq_hz, t_h ...): the axis label writes them as "t [ms]".
_UNIT_SUFFIXES = {"ms": "ms", "s": "s", "h": "h", "days": "days", "hz": "Hz", "pa": "pA", "na": "nA", "mv": "mV",
                  "ns": "nS", "deg": "deg"}


def axis_label(column):
    """An axis label for a table column: its unit suffix as a unit in brackets ("t_h" → "t [h]", "freq_hz" →
    "freq [Hz]", "i_e_pA" → "i_e [pA]"); other names as written."""
    head, _, tail = str(column).rpartition("_")
    if head and tail.lower() in _UNIT_SUFFIXES:
        return f"{head} [{_UNIT_SUFFIXES[tail.lower()]}]"
    return str(column)


def measures_label(columns):
    """The label of an axis that several measures share: their names when three or fewer, else what they are, by
    kind ("rate [Hz], spikes": columns named ..._rate_... are rates in Hz, ..._spikes_... or ..._count_... counts;
    any other column by its name, with its unit suffix as a unit); more than three kinds: "values (see the legend)"."""
    if len(columns) <= 3:
        return ", ".join(columns)
    kinds = []
    for c in columns:
        words = str(c).lower().split("_")
        kind = ("rate [Hz]" if "rate" in words else "spikes" if "spikes" in words else
                "count" if "count" in words else axis_label(c))
        if kind not in kinds:
            kinds.append(kind)
    return ", ".join(kinds) if len(kinds) <= 3 else "values (see the legend)"


def bounded(values):
    """Whether a measure is a score or fraction within [-1, 1] (NaN ignored): such measures share an axis, counts,
    rates and weights beside them go on another."""
    v = np.abs(np.asarray(values, dtype=float))
    return bool(np.all(v[~np.isnan(v)] <= 1.0))


def raster(ax, spikes, title="", max_neurons=500):
    """Spike raster: senders over time (neurons >= max_neurons are left out)."""
    t, s = np.asarray(_get(spikes, "times")), np.asarray(_get(spikes, "senders"))
    keep = s < max_neurons
    ax.plot(t[keep], s[keep], "|", ms=2, color="k")
    ax.set_xlabel("time [ms]")
    ax.set_ylabel("neuron")
    ax.set_title(title or f"spikes: {_get(spikes, 'population', '')}", fontsize=9)
    return ax


def rates(ax, rate, title=""):
    """Population rate per bin [Hz]."""
    ax.plot(_get(rate, "times"), _get(rate, "rates"), color="C0", lw=1)
    ax.set_xlabel("time [ms]")
    ax.set_ylabel("rate [Hz]")
    ax.set_title(title or "population rate", fontsize=9)
    return ax


# What the indices of a state recording count, by its scope (data.h5 /state/NAME@scope; none: a population's neurons):
# (singular, plural).
_ELEMENTS = {"synapse": ("synapse", "synapses"), "pre": ("presynaptic neuron", "presynaptic neurons"),
             "neuron": ("post neuron", "post neurons"), "": ("neuron", "neurons")}


def state_elements(state, shown=5):
    """'synapses [0, 1]', 'presynaptic neurons [0, 1, 2]', 'neurons [3]' ...: what a state recording's indices are
    and the first `shown` of them, with the population or projection they belong to."""
    plural = _ELEMENTS.get(_get(state, "scope", "") or "", _ELEMENTS[""])[1]
    indices = np.asarray(_get(state, "neurons"))
    listed = ", ".join(str(int(i)) for i in indices[:shown]) + (", ..." if len(indices) > shown else "")
    target = _get(state, "population", "")
    return f"{plural} [{listed}]" + (f" of {target}" if target else "")


def state_traces(ax, state, title="", max_neurons=10):
    """Recorded state variable of the first max_neurons recorded elements (neurons, synapses or presynaptic
    neurons, by the recording's scope)."""
    values = np.asarray(_get(state, "values"))
    neurons = np.asarray(_get(state, "neurons"))
    singular = _ELEMENTS.get(_get(state, "scope", "") or "", _ELEMENTS[""])[0]
    for j in range(min(values.shape[1] if values.ndim == 2 else 0, max_neurons)):
        ax.plot(_get(state, "times"), values[:, j], lw=0.8, label=f"{singular} {neurons[j]}")
    ax.set_xlabel("time [ms]")
    ax.set_ylabel(f"{_get(state, 'variable', '')} [{_get(state, 'unit', '')}]")
    if 0 < len(neurons) <= 5:
        ax.legend(fontsize=7)
    ax.set_title(title or f"state: {_get(state, 'variable', '')}", fontsize=9)
    return ax


def weight_evolution(ax, weights, title="", max_lines=50):
    """Weights of up to max_lines recorded synapses over time (thin) and their mean (thick)."""
    t, w = np.asarray(_get(weights, "times")), np.asarray(_get(weights, "values"))
    if w.ndim == 2 and w.shape[1]:
        ax.plot(t, w[:, :max_lines], lw=0.5, alpha=0.6)
        ax.plot(t, w.mean(axis=1), color="k", lw=2, label="mean")
        ax.legend(fontsize=7)
    ax.set_xlabel("time [ms]")
    ax.set_ylabel(f"w [{_get(weights, 'unit', '')}]")
    ax.set_title(title or "weights", fontsize=9)
    return ax


def transmissions(ax, record, title="", max_pre=20):
    """Efficacy of each transmitted spike over time, one line per presynaptic neuron (up to max_pre)."""
    t, pre, eff = (np.asarray(_get(record, k)) for k in ("times", "pre", "efficacy"))
    for j in np.unique(pre)[:max_pre]:
        keep = pre == j
        ax.plot(t[keep], eff[keep], "o-", ms=3, lw=0.6)
    ax.set_xlabel("time [ms]")
    ax.set_ylabel(f"efficacy [{_get(record, 'unit', '')}]")
    ax.set_title(title or "transmitted efficacy", fontsize=9)
    return ax


def weight_matrix(ax, weights, sample=-1, title=""):
    """Weight matrix (pre x post) of the recorded synapses at one sample (default the last); unrecorded pairs blank."""
    w = np.asarray(_get(weights, "values"))
    pre, post = np.asarray(_get(weights, "pre")), np.asarray(_get(weights, "post"))
    if w.ndim != 2 or not w.shape[0] or not len(pre):
        ax.set_title((title or "weight matrix") + " (empty)", fontsize=9)
        return ax
    m = np.full((int(pre.max()) + 1, int(post.max()) + 1), np.nan)
    m[pre, post] = w[sample]
    im = ax.imshow(m, aspect="auto", origin="lower", interpolation="nearest", cmap="viridis")
    ax.figure.colorbar(im, ax=ax, label=f"w [{_get(weights, 'unit', '')}]")
    ax.set_xlabel("post neuron")
    ax.set_ylabel("pre neuron")
    ax.set_title(title or f"weight matrix at t = {np.asarray(_get(weights, 'times'))[sample]:g} ms", fontsize=9)
    return ax


def weight_histogram(ax, weights, bins=40, title=""):
    """Distribution of the recorded weights at the first and the last sample."""
    w = np.asarray(_get(weights, "values"))
    if w.ndim == 2 and w.shape[0]:
        lo, hi = float(np.nanmin(w)), float(np.nanmax(w))
        edges = np.linspace(lo, hi if hi > lo else lo + 1e-9, bins + 1)
        ax.hist(w[0], bins=edges, alpha=0.5, label="first sample")
        ax.hist(w[-1], bins=edges, alpha=0.5, label="last sample")
        ax.legend(fontsize=7)
    ax.set_xlabel(f"w [{_get(weights, 'unit', '')}]")
    ax.set_ylabel("synapses")
    ax.set_title(title or "weight distribution", fontsize=9)
    return ax


def stdp_window(ax, table, x="dt_ms", y="dw_rel", title="STDP window"):
    """Relative weight change against Δt = t_post − t_pre (a sweep table), in percent when y is a fraction."""
    dx, dy = np.asarray(table[x]), np.asarray(table[y], dtype=float)
    scale, label = (100.0, "Δw [%]") if y.endswith("rel") else (1.0, y)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.plot(dx, dy * scale, "o-", ms=4, lw=1)
    ax.set_xlabel("Δt = t_post − t_pre [ms]" if x == "dt_ms" else x)
    ax.set_ylabel(label)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=9)
    return ax


def _relative_change_label(column):
    """Legend name of a relative weight change column: dw_rel -> "Δw", dw_rel_ap5 -> "Δw with ap5"."""
    rest = column.split("_rel", 1)[1].lstrip("_") if "_rel" in column else column
    return "Δw" + (f" with {rest.replace('_', ' ')}" if rest else "")


def frequency_curve(ax, table, x=None, title="weight change against pairing frequency", labels=None, published=()):
    """Weight change against pairing frequency: every column but x (default the first) as a line; a table with a
    dt_ms column (a sweep over frequency and Δt) gets one line per Δt, pre before post (Δt > 0) in red, post before
    pre in blue; with a condition column (names in labels), one line style per condition. `published`
    (plastix.published.Points): the paper's points beside them, measured ones as black-edged diamonds with their
    s.e.m., a paper's own model as crosses."""
    names = list(table)
    x = x or names[0]
    if "dt_ms" in names:
        dt = np.asarray(table["dt_ms"], dtype=float)
        conditions = [("", np.ones(len(dt), dtype=bool))]
        if "condition" in names and (labels or {}).get("condition"):
            names_of = list((labels or {})["condition"])
            conditions = [(f"{c}, ", np.array([n == c for n in names_of])) for c in dict.fromkeys(names_of)]
        for c in (c for c in names if c not in (x, "dt_ms", "condition")):
            scale = 100.0 if c.endswith("rel") else 1.0
            for j, (prefix, in_condition) in enumerate(conditions):
                for k, d in enumerate(sorted(set(dt), reverse=True)):
                    rows = (dt == d) & in_condition
                    order = "pre before post" if d > 0 else "post before pre" if d < 0 else "simultaneous"
                    ax.plot(np.asarray(table[x], dtype=float)[rows], np.asarray(table[c], dtype=float)[rows] * scale,
                            "o-" if j == 0 else "s--", ms=5, lw=1.4,
                            color="C3" if d > 0 else "C0" if d < 0 else f"C{k + 2}",
                            label=f"{prefix}Δt = {d:+g} ms ({order})")
            ax.set_ylabel("Δw [%]" if scale == 100.0 else c)
    else:
        measures = [c for c in names if c not in (x, "condition")]
        relative = all("rel" in c.split("_") for c in measures)
        conditions = [("", np.ones(len(np.asarray(table[x])), dtype=bool))]
        if "condition" in names and (labels or {}).get("condition"):
            names_of = list((labels or {})["condition"])
            conditions = [(c, np.array([n == c for n in names_of])) for c in dict.fromkeys(names_of)]
        for c in measures:
            scale = 100.0 if relative else 1.0
            name = _relative_change_label(c) if relative else c
            for condition, rows in conditions:
                label = name if not condition else condition if len(measures) == 1 else f"{condition}, {name}"
                ax.plot(np.asarray(table[x], dtype=float)[rows], np.asarray(table[c], dtype=float)[rows] * scale,
                        "o-", ms=4, lw=1.4, label=label)
        ax.set_ylabel("weight change Δw [%]" if relative else measures_label(measures))
    for p in published:
        if p.kind == "sign":  # only the sign is published: a marker per frequency along the top of the axes
            marks = {-1: ("v", "LTD"), 0: ("o", "no change"), 1: ("^", "LTP")}
            strip = ax.get_xaxis_transform()
            for sign, (marker, word) in marks.items():
                at = [v for v, s in zip(p.xs, p.signs) if s == sign]
                if at:
                    ax.plot(at, [0.93] * len(at), marker, transform=strip, ms=8, mfc="white", mec="black", mew=1.3,
                            zorder=5, label=f"{p.source}: {word}")
            continue
        color = "C3" if p.dt_ms > 0 else "C0"
        label = f"{p.source}, Δt = {p.dt_ms:+g} ms"
        if p.kind == "data":
            ax.errorbar(p.xs, 100.0 * np.asarray(p.means), yerr=100.0 * np.asarray(p.sems) if p.sems else None,
                        fmt="D", ms=6, mfc=color, mec="black", ecolor="0.3", elinewidth=1, capsize=2, zorder=5,
                        label=label)
        else:
            ax.plot(p.xs, 100.0 * np.asarray(p.means), "x", ms=7, mew=1.6, color=color, zorder=5, label=label)
    ax.axhline(0, color="0.6", lw=0.8)
    xs = np.asarray(table[x], dtype=float)
    if len(xs) and xs.min() >= 0.5 and xs.max() > 30 * xs.min():  # 1 Hz to 100 Hz: a log axis
        ax.set_xscale("log")
        from matplotlib.ticker import FuncFormatter, NullFormatter  # plain numbers: names are never drawn as math

        ticks = []  # the swept values, leaving out those too close to the last one labelled to be read
        for v in sorted(set(xs)):
            if not ticks or v / ticks[-1] >= 1.2:
                ticks.append(v)
        ax.set_xticks(ticks)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel(axis_label(x))
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=9)
    return ax


def _category_bars(ax, name, table, factors):
    """A table whose rows are categories (patterns; or the combinations of factor columns, e.g. recall × protein
    synthesis inhibited): one group of bars per row, one bar per other column, the rows named by their factors."""
    factors = [factors] if isinstance(factors, str) else factors
    measures = [c for c in table if c not in factors]
    rows = len(np.asarray(table[measures[0]]))
    names = [", ".join(f"{axis_label(f)} = {float(table[f][i]):g}" if len(factors) > 1 else f"{float(table[f][i]):g}"
                       for f in factors) for i in range(rows)]
    width = 0.8 / len(measures)
    for k, c in enumerate(measures):
        ax.bar(np.arange(rows) + (k - (len(measures) - 1) / 2) * width, np.asarray(table[c], dtype=float), width,
               label=c)
    ax.set_xticks(np.arange(rows))
    ax.set_xticklabels(names, fontsize=7, rotation=0 if len(factors) == 1 else 12)
    ax.set_xlabel(axis_label(factors[0]) if len(factors) == 1 else "")
    ax.set_ylabel(measures_label(measures))
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3, axis="y")
    ax.set_title(f"table: {name}", fontsize=9)
    return ax


def table_lines(ax, name, table):
    """Any result table: the first column on x, every other column as a line with markers; scores and fractions
    within [-1, 1] beside larger measures (rates, counts) go on their own axis, on the right."""
    names = list(table)
    if not names:
        ax.set_title(f"table: {name} (empty)", fontsize=9)
        return ax
    if len(names) == 1:
        x, x_label, ys = np.arange(1, len(table[names[0]]) + 1), "row", names
    else:
        x, x_label, ys = table[names[0]], axis_label(names[0]), names[1:]
    xs = np.asarray(x, dtype=float)
    factors = []  # the leading columns that name a row's category (2 or more values, repeated)
    for c in names[:-1]:
        if not 2 <= len(np.unique(np.asarray(table[c]))) < len(xs):
            break
        factors.append(c)
    if len(names) > 1 and (names[0] == "pattern" or names[0] in factors) and len(xs) <= 12:
        return _category_bars(ax, name, table, names[0] if names[0] == "pattern" else factors)
    # Unitless measures (u, a norm, a fraction) far smaller than quantities with a unit or counts (rates in Hz,
    # angles in deg, spikes) beside them: those on their own axis, on the right.
    measured = [c for c in ys if axis_label(c) != c or {"rate", "spikes", "count"} & set(c.split("_"))]
    right = [c for c in ys if c not in measured]
    top = lambda cols: max(float(np.nanmax(np.abs(np.asarray(table[c], dtype=float)))) for c in cols)  # noqa: E731
    if not measured or not right or top(right) > 0.2 * top(measured):
        right = []
    twin = ax.twinx() if right else None
    for k, c in enumerate(ys):
        (twin if c in right else ax).plot(x, table[c], "s--" if c in right else "o-", ms=4, lw=1, color=f"C{k % 10}",
                                          label=f"{c} (right axis)" if c in right else c)
    left = [c for c in ys if c not in right]
    ax.set_xlabel(x_label)
    units = {axis_label(c)[len(c.rpartition("_")[0]):] for c in left}  # " [Hz]" when every column has that unit
    shared = units.pop() if len(units) == 1 and all(axis_label(c) != c for c in left) else ""
    shared = ("rate" if shared and all("rate" in c for c in left) else "") + shared
    ax.set_ylabel(axis_label(left[0]) if len(left) == 1 else shared.strip() or measures_label(left))
    if twin is not None:
        twin.set_ylabel(", ".join(right) if len(right) <= 2 else "scores, fractions")
        twin.set_ylim(bottom=min(0.0, *(np.nanmin(np.asarray(table[c], dtype=float)) for c in right)))
        lines = ax.get_lines() + twin.get_lines()
        ax.legend(lines, [line.get_label() for line in lines], fontsize=7)
    elif len(ys) > 1:
        ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax.set_title(f"table: {name}" + (" (squares, dashed: right axis)" if twin is not None else ""), fontsize=9)
    return ax


def transitions_plot(ax, name, table):
    """Transition probabilities of binary synapses (a table with post_hz, p_ltp, p_ltd: experiments/stop_learning.toml)
    against the post rate; LTP on its own axis (right), as it is often much rarer."""
    ax.plot(table["post_hz"], table["p_ltd"], "s-", ms=4, lw=1, color="C0", label="LTD (1 → 0), left axis")
    right = ax.twinx()
    right.plot(table["post_hz"], table["p_ltp"], "o-", ms=4, lw=1, color="C3", label="LTP (0 → 1), right axis")
    ax.set_xlabel("post rate [Hz]")
    ax.set_ylabel("P(LTD)", color="C0")
    right.set_ylabel("P(LTP)", color="C3")
    ax.set_ylim(bottom=0)
    right.set_ylim(bottom=0)
    lines = ax.get_lines() + right.get_lines()
    ax.legend(lines, [line.get_label() for line in lines], fontsize=7)
    ax.grid(alpha=0.3)
    ax.set_title(f"{name}: synaptic transitions against the post rate", fontsize=9)
    return ax


# Columns of the recall analysis that count patterns or cues (drawn on a right axis beside the scores).
COUNT_COLUMNS = ("recalled", "recalled_strict", "presentations")


def recall_plot(ax, name, table):
    """A recall table ([[analysis]] type = "recall"): the recall scores against its first column (or time)."""
    names = list(table)
    x = names[0] if names[0] not in ("recall", "hit", "false_alarm", "false_recall") else "t_s"
    for c in ("recall", "hit", "false_alarm", "false_recall"):
        ax.plot(table[x], table[c], "o-" if c == "recall" else "o--", ms=4, lw=1, label=c)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_ylim(-0.3, 1.05)
    ax.set_xlabel(x)
    ax.legend(fontsize=7, loc="upper left")
    ax.grid(alpha=0.3)
    ax.set_title(f"{name}: recall from partial cues (chance 0)", fontsize=9)
    if "recalled" in table:  # with a threshold: the number of patterns recalled, on its own axis
        count = ax.twinx()
        count.plot(table[x], table["recalled"], "s-", color="k", ms=4, lw=1.2, label="recalled (patterns)")
        if "recalled_strict" in table:  # with strict_hit: the patterns completed almost wholly
            count.plot(table[x], table["recalled_strict"], "D--", color="0.35", ms=3, lw=1,
                       label="recalled strictly (patterns)")
        if "presentations" in table:  # the patterns cued in each scored phase (at most the presentations)
            count.plot(table[x], table["presentations"], ":", color="0.5", lw=1, label="cues")
        count.set_ylim(bottom=0)
        count.set_ylabel("patterns")
        count.legend(fontsize=7, loc="upper right")
    return ax


def pattern_membership(ax, name, table):
    """A patterns_<set> table: which neurons belong to which pattern."""
    ax.plot(table["neuron"], table["pattern"], "s", ms=2)
    ax.set_xlabel("neuron")
    ax.set_ylabel("pattern")
    ax.set_title(f"{name}: neurons of each pattern", fontsize=9)
    return ax


def weight_scatter(ax, name, table, labels=None):
    """Weights after against before, one colour per condition (weight_scaling analyses; labels: the condition's
    name per row, as a sweep's tables have them), with the identity line."""
    c, x, y = (np.asarray(table[k], dtype=float) for k in ("condition", "w_before", "w_after"))
    for k in np.unique(c):
        keep = c == k
        first = int(np.argmax(keep))
        label = labels[first] if labels is not None and first < len(labels) else f"condition {int(k)}"
        ax.plot(x[keep], y[keep], "o", ms=2, alpha=0.6, label=label)
    if len(x):
        lim = [0, max(x.max(), y.max()) * 1.05]
        ax.plot(lim, lim, color="0.5", lw=0.8, ls="--", label="after = before")
    ax.set_xlabel("w before")
    ax.set_ylabel("w after")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax.set_title(f"{name}: weights after against before", fontsize=9)
    return ax


# More conditions than this with a measuring time are drawn as small multiples (plastix.condition_panels).
MAX_CONDITION_LINES = 4


def condition_time_column(table):
    """The measuring-time column of a sweep table with conditions: the first column after condition that varies
    within the first condition; None without one."""
    cond = np.asarray(table["condition"]).astype(int)
    if not len(cond):
        return None
    rest = [c for c in table if c != "condition"]
    return next((c for c in rest if len(np.unique(np.asarray(table[c])[cond == cond[0]])) > 1), None)


def table_height(table, labels=None):
    """How many panel heights a table's plot needs: the rows of small multiples of a sweep table with many
    conditions, else 1."""
    if table_kind(table, labels) != "conditions" or condition_time_column(table) is None:
        return 1
    conditions = len(set(np.asarray(table["condition"]).astype(int)))
    return 1 if conditions <= MAX_CONDITION_LINES else int(np.ceil(conditions / 3))


def condition_plot(ax, name, table, labels):
    """A sweep table with a "condition" column (names in labels): with a measuring-time column (the column after
    condition and the axes that varies within a condition), each measure against time, one colour per condition and
    one line style per measure (counts outside [-1, 1] beside scores within it on a right axis); without one, grouped
    bars (conditions on x, one bar per measure)."""
    names = list(table)
    cond = np.asarray(table["condition"]).astype(int)
    order = list(dict.fromkeys(cond))  # conditions in table order
    label_of = {c: (labels[i] if i < len(labels) else str(c)) for i, c in enumerate(cond)}
    rest = [c for c in names if c != "condition"]
    time = condition_time_column(table)
    if time is not None and len(order) > MAX_CONDITION_LINES:  # many conditions: one small panel each
        from plastix.condition_panels import condition_panels_plot
        return condition_panels_plot(ax, name, table, order, label_of, time, rest[rest.index(time) + 1:], axis_label)
    if time is not None:
        measures = rest[rest.index(time) + 1:]
        styles = ["-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (8, 3))]

        # Counts (a measure outside [-1, 1], or a count column that stays within it, e.g. recalled_strict = 0) beside
        # scores within it: the counts on their own axis, on the right.
        right = [m for m in measures if not bounded(table[m])] if any(bounded(table[m]) for m in measures) else []
        right += [m for m in measures if right and m in COUNT_COLUMNS and m not in right]
        twin = ax.twinx() if right else None
        for k, c in enumerate(order):
            rows = cond == c
            for j, m in enumerate(measures):
                (twin if m in right else ax).plot(
                    np.asarray(table[time])[rows], np.asarray(table[m])[rows], linestyle=styles[j % len(styles)],
                    marker="s" if m in right else "o", ms=3, lw=1, color=f"C{k % 10}", label=f"{label_of[c]}: {m}")
        # Legend: one entry per condition (colour) and one per measure (line style; square marker: right axis).
        handles = [ax.plot([], [], "-", color=f"C{k % 10}", lw=2)[0] for k in range(len(order))]
        handles += [ax.plot([], [], linestyle=styles[j % len(styles)], marker="s" if m in right else None, ms=3,
                            color="k", lw=1)[0] for j, m in enumerate(measures)]
        names_of = [f"{m} (right axis)" if m in right else m for m in measures]
        ax.legend(handles, [label_of[c] for c in order] + names_of, fontsize=6, loc="center left",
                  bbox_to_anchor=(1.08 if right else 1.01, 0.5))
        ax.set_xlabel(axis_label(time))
        x = np.asarray(table[time], dtype=float)
        if time.endswith("_hz") and x.min() > 0 and x.max() >= 20 * x.min():  # a frequency axis over decades
            from matplotlib.ticker import FuncFormatter, NullFormatter  # plain numbers: never drawn as math

            ax.set_xscale("log")
            ax.set_xticks(np.unique(x))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        left = [m for m in measures if m not in right]
        ax.set_ylabel(measures_label(left))
        if twin is not None:
            twin.set_ylabel(", ".join(right))
            twin.set_ylim(bottom=min(0.0, *(np.nanmin(np.asarray(table[m], dtype=float)) for m in right)))
        else:  # measures of different magnitudes (a rate and a weight) on one axis: a log scale keeps both readable
            values = np.concatenate([np.asarray(table[m], dtype=float) for m in measures]) if measures else np.array([])
            values = values[~np.isnan(values)]
            if len(values) and values.min() > 0 and values.max() > 100 * values.min():
                ax.set_yscale("log")
                from matplotlib.ticker import FuncFormatter, NullFormatter  # plain numbers: never drawn as math

                ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
                ax.yaxis.set_minor_formatter(NullFormatter())
    else:
        measures = rest
        width = 0.8 / max(1, len(measures))
        x = np.arange(len(order))
        for j, m in enumerate(measures):
            values = [np.asarray(table[m])[cond == c][0] for c in order]
            ax.bar(x + (j - (len(measures) - 1) / 2) * width, values, width, label=m)
        ax.set_xticks(x)
        ax.set_xticklabels([label_of[c] for c in order], rotation=20, ha="right", fontsize=7)
        ax.set_ylabel(measures_label(measures))
        ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    ax.set_title(f"table: {name} (per condition)", fontsize=9)
    return ax


def weight_unit_label(labels):
    """The weight axis of a synapse_rank table: "w [mV]" from the unit its labels carry for column w (one per row),
    "w" without one."""
    units = (labels or {}).get("w") or []
    return f"w [{units[0]}]" if units else "w"


def synapse_rank_plot(ax, name, table, labels=None):
    """A synapse_rank table: the chosen synapse's weight against the mean, 90th and 99th percentile of the others,
    its rank (1 = the largest) on a second, logarithmic axis."""
    t = table["t_s"]
    ax.plot(t, table["w"], "-", color="C3", lw=1.6, label="chosen synapse")
    for c, style in (("mean", "C0"), ("p90", "C1"), ("p99", "C2")):
        ax.plot(t, table[c], "-", color=style, lw=0.9, label=f"others: {c}")
    ax.set_xlabel("time [s]")
    ax.set_ylabel(weight_unit_label(labels))
    ax.grid(alpha=0.3)
    rank = ax.twinx()
    rank.plot(t, table["rank"], ":", color="0.4", lw=0.9, label="rank (right)")
    rank.set_yscale("log")
    rank.invert_yaxis()
    from matplotlib.ticker import FuncFormatter, NullFormatter  # plain numbers: names are never drawn as math

    rank.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    rank.yaxis.set_minor_formatter(NullFormatter())
    rank.set_ylabel("rank (1 = largest)")
    lines = ax.get_legend_handles_labels()
    more = rank.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="center right")
    ax.set_title(f"{name}: one synapse against the others", fontsize=9)
    return ax


def synapse_rank_conditions_plot(ax, name, table, labels, all_labels=None):
    """A synapse_rank table of several sweep conditions: per condition (one colour) the chosen synapse's weight
    (solid), the others' mean (dashed) and 99th percentile (dotted); the rank is in the table, not drawn. labels: the
    condition names (one per row); all_labels: every column's labels (the weight unit)."""
    import numpy as np
    cond = np.asarray(table["condition"])
    for k, c in enumerate(sorted(set(cond.tolist()))):
        rows = cond == c
        label = labels[int(np.argmax(rows))] if labels is not None else f"condition {c:g}"
        t = np.asarray(table["t_s"])[rows]
        ax.plot(t, np.asarray(table["w"])[rows], "-", color=f"C{k}", lw=1.6, label=f"{label}: chosen synapse")
        ax.plot(t, np.asarray(table["mean"])[rows], "--", color=f"C{k}", lw=0.9, label=f"{label}: others' mean")
        ax.plot(t, np.asarray(table["p99"])[rows], ":", color=f"C{k}", lw=0.9, label=f"{label}: others' p99")
    ax.set_xlabel("time [s]")
    ax.set_ylabel(weight_unit_label(all_labels))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=6, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(f"{name}: one synapse against the others (per condition)", fontsize=9)
    return ax


def condition_rows(table, labels, n, single=""):
    """(k, rows, label) for each sweep condition of a table of n rows, in condition order: k, the boolean mask of the
    condition's rows and its name (the labels' "condition" column; `single` when the table has one condition, else
    "condition c")."""
    import numpy as np

    cond = np.asarray(table["condition"], dtype=float) if "condition" in table else np.ones(n)
    names = (labels or {}).get("condition")  # one name per row
    for k, c in enumerate(sorted(set(cond))):
        rows = cond == c
        first = int(np.argmax(rows))
        fallback = single if len(set(cond)) == 1 else f"condition {c:g}"
        yield k, rows, names[first] if names and first < len(names) else fallback


def choices_plot(ax, name, table, labels=None):
    """A choices table (a two-choice task, per block of trials): the fraction of correct choices against the trials
    done (at each block's end), one line per sweep condition, and the first condition's fractions won by A and by B;
    a dotted line where the phase changes (the reversal: the rewarded action switches)."""
    import numpy as np

    trials = np.asarray(table["trials"], dtype=float)
    phase = np.asarray(table["phase"], dtype=float)
    for k, rows, label in condition_rows(table, labels, len(trials), ""):
        prefix = f"{label}: " if label else ""
        done = np.cumsum(trials[rows])  # trials done at each block's end
        ax.plot(done, np.asarray(table["correct"], dtype=float)[rows], "-", marker="os^Dv"[k % 5], color=f"C{k}",
                lw=1.6, ms=6 - min(k, 3), label=f"{prefix}correct")  # smaller markers later: equal lines show
        if k == 0:
            ax.plot(done, np.asarray(table["a_wins"], dtype=float)[rows], "--", color=f"C{k}", lw=0.8, alpha=0.7,
                    label=f"{prefix}A fires more")
            ax.plot(done, np.asarray(table["b_wins"], dtype=float)[rows], ":", color=f"C{k}", lw=0.8, alpha=0.7,
                    label=f"{prefix}B fires more")
            for j in range(1, len(phase[rows])):
                if phase[rows][j] != phase[rows][j - 1]:
                    ax.axvline(done[j - 1], color="0.3", lw=1.0, ls=":")
                    ax.text(done[j - 1], 1.0, " switch: the other action is rewarded", fontsize=7, va="top",
                            color="0.3")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("trials (at the end of each block)")
    ax.set_ylabel("fraction of the block's trials")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(f"{name}: correct choices per block (dotted: the rewarded action switches)", fontsize=9)
    return ax


def choice_trials_plot(ax, name, table, labels=None):
    """A choices_trials table: the fraction of correct choices over the last 20 trials, one line per condition."""
    import numpy as np

    t = np.asarray(table["t_s"], dtype=float)
    correct = np.asarray(table["correct"], dtype=float)
    for k, rows, label in condition_rows(table, labels, len(t), "correct"):
        x = correct[rows]
        mean = np.convolve(x, np.ones(20) / 20, mode="valid") if len(x) >= 20 else x
        ax.plot(t[rows][len(x) - len(mean):], mean, "-", color=f"C{k}", lw=1.2, label=label)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("time [s]")
    ax.set_ylabel("correct (last 20 trials)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title(f"{name}: correct choices, running mean of 20 trials", fontsize=9)
    return ax


def conditioned_response_plot(ax, name, table, labels=None):
    """A conditioned_response table (classical conditioning, per block of trials): the CR probability per block, one
    line per sweep condition, the phases (acquisition, extinction) parted by a dotted line; the CR peak time after CS
    onset on the right axis for blocks with CRs in at least 80 % of their trials."""
    import numpy as np

    block = np.asarray(table["block"], dtype=float)
    phase = np.asarray(table["phase"], dtype=float)
    prob = np.asarray(table["cr_probability"], dtype=float)
    peak = np.asarray(table["peak_ms"], dtype=float)
    right = ax.twinx()
    for k, rows, label in condition_rows(table, labels, len(block), ""):
        ax.plot(block[rows], prob[rows], "o-", color=f"C{k}", lw=1.6, ms=4, label=f"{label} CR probability".strip())
        shown = rows & (prob >= 0.8)
        right.plot(block[shown], peak[shown], "s--", color=f"C{k}", lw=0.8, ms=3, alpha=0.7,
                   label=f"{label} CR peak".strip())
        if k == 0:
            for j in range(1, int(rows.sum())):
                if phase[rows][j] != phase[rows][j - 1]:
                    ax.axvline(block[rows][j] - 0.5, color="0.5", lw=0.8, ls=":")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("block of trials")
    ax.set_ylabel("CR probability")
    right.set_ylabel("CR peak after CS onset [ms]")
    ax.grid(alpha=0.3)
    lines = ax.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="center left")
    ax.set_title(f"{name}: conditioned responses per block (dotted: extinction starts)", fontsize=9)
    return ax


def conditioned_response_psth_plot(ax, name, table, labels=None):
    """A conditioned_response_psth table: the output rate against time after CS onset, per condition in its first
    block (dotted) and in its block with the largest peak rate (solid); the US's time (isi_ms) dashed."""
    import numpy as np

    block = np.asarray(table["block"], dtype=float)
    t = np.asarray(table["t_ms"], dtype=float)
    rate = np.asarray(table["rate_hz"], dtype=float)
    for k, rows, label in condition_rows(table, labels, len(block), ""):
        blocks = sorted(set(block[rows]))
        best = max(blocks, key=lambda b: rate[rows & (block == b)].max())
        for b, style, lw in ((blocks[0], ":", 1.0), (best, "-", 1.6)):
            sel = rows & (block == b)
            ax.plot(t[sel], rate[sel], style, color=f"C{k}", lw=lw, label=f"{label} block {b:g}".strip())
        if "isi_ms" in table:
            isi = float(np.asarray(table["isi_ms"], dtype=float)[rows][0])
            ax.axvline(isi, color=f"C{k}", ls="--", lw=0.9, label=f"{label} US".strip())
    ax.set_xlabel("time after CS onset [ms]")
    ax.set_ylabel("output rate [Hz]")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title(f"{name}: output rate after CS onset, first block and the block of the largest response", fontsize=9)
    return ax


def accuracy_plot(ax, name, table):
    """A classify accuracy table: test accuracy against the number of training images (chance: 1/classes)."""
    ax.plot(table["trained"], np.asarray(table["accuracy"]) * 100.0, "o-", ms=5, lw=1)
    ax.set_ylim(0, 100)
    ax.set_xlabel("training images")
    ax.set_ylabel("test accuracy [%]")
    ax.grid(alpha=0.3)
    last = np.asarray(table["accuracy"])[-1] * 100.0 if len(table["accuracy"]) else float("nan")
    ax.set_title(f"{name}: test accuracy against training images (last: {last:.1f} %)", fontsize=9)
    return ax


def continual_plot(ax, name, table, conditions=None):
    """A classify continual table: the accuracy on each task against the tasks learned, one colour per condition;
    task 1 dashed, the later tasks thin, the mean over the tasks learned thick."""
    learned, task = np.asarray(table["learned"]), np.asarray(table["task"])
    acc = np.asarray(table["accuracy"]) * 100.0
    cond = np.asarray(table["condition"]) if "condition" in table else np.ones(len(learned))
    for k, c in enumerate(np.unique(cond)):
        rows = cond == c
        first = int(np.argmax(rows))  # labels: one name per row
        label = conditions[first] if conditions and first < len(conditions) else f"condition {c:g}"
        for j in np.unique(task[rows]):
            sel = rows & (task == j)
            style = dict(ls="--", lw=1.3, label=f"{label}: task 1") if j == 1 else dict(ls="-", lw=0.7, alpha=0.45)
            ax.plot(learned[sel], acc[sel], marker=".", color=f"C{k}", **style)
        steps = np.unique(learned[rows])
        mean = [acc[rows & (learned == s)].mean() for s in steps]
        ax.plot(steps, mean, "o-", color=f"C{k}", lw=2.2, label=f"{label}: mean over tasks learned")
    ax.set_ylim(0, 100)
    ax.set_xticks(np.unique(learned))
    ax.set_xlabel("tasks learned")
    ax.set_ylabel("test accuracy on a task [%]")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    ax.set_title(f"{name}: accuracy on each task after each task learned (thin: tasks 2, 3, ...)", fontsize=9)
    return ax


def confusion_plot(ax, name, table):
    """A classify confusion table: counts of (true, predicted) class after the most training, rows normalised."""
    trained = np.asarray(table["trained"])
    last = trained == trained.max() if len(trained) else trained
    t, p = np.asarray(table["true_label"])[last].astype(int), np.asarray(table["predicted"])[last].astype(int)
    c = np.asarray(table["count"])[last]
    n = int(max(t.max(), p.max())) + 1 if len(t) else 1
    m = np.zeros((n, n))
    m[t, p] = c
    frac = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    im = ax.imshow(frac * 100.0, cmap="Blues", vmin=0, vmax=100, origin="upper")
    for i in range(n):
        for j in range(n):
            if m[i, j]:
                ax.text(j, i, f"{int(m[i, j])}", ha="center", va="center", fontsize=6,
                        color="white" if frac[i, j] > 0.5 else "black")
    ax.figure.colorbar(im, ax=ax, label="% of the true class")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"{name}: confusion matrix (test images)", fontsize=9)
    return ax


def receptive_fields(ax, weights, labels=None, title=""):
    """The learned receptive fields: each post neuron's weights from a square input (the last sample) as an image,
    in a grid; labels (one class per post neuron, −1 none) are written in the corner of each."""
    w = np.asarray(_get(weights, "values"))
    pre, post = np.asarray(_get(weights, "pre")), np.asarray(_get(weights, "post"))
    n_pre, n_post = int(pre.max()) + 1, int(post.max()) + 1
    side = int(round(np.sqrt(n_pre)))
    m = np.zeros((n_pre, n_post))
    m[pre, post] = w[-1]
    cols = int(np.ceil(np.sqrt(n_post)))
    rows = int(np.ceil(n_post / cols))
    mosaic = np.full((rows * (side + 1), cols * (side + 1)), np.nan)
    for k in range(n_post):
        r, c = divmod(k, cols)
        mosaic[r * (side + 1):r * (side + 1) + side, c * (side + 1):c * (side + 1) + side] = m[:, k].reshape(side, side)
    im = ax.imshow(mosaic, cmap="hot_r", interpolation="nearest")
    ax.figure.colorbar(im, ax=ax, label=f"w [{_get(weights, 'unit', '')}]", fraction=0.04)
    if labels is not None:
        for k in range(min(n_post, len(labels))):
            r, c = divmod(k, cols)
            if labels[k] >= 0:
                ax.text(c * (side + 1) - 0.4, r * (side + 1) - 0.4, str(int(labels[k])), fontsize=7, color="white",
                        va="top", ha="left", bbox={"boxstyle": "square,pad=0.1", "fc": "tab:blue", "lw": 0})
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title or "receptive fields", fontsize=9)
    return ax


def is_receptive_field_source(weights):
    """Whether a weights record comes from a square input (an image) with every pair recorded."""
    pre, post = np.asarray(_get(weights, "pre")), np.asarray(_get(weights, "post"))
    if not len(pre) or np.asarray(_get(weights, "values")).ndim != 2:
        return False
    n_pre, n_post = int(pre.max()) + 1, int(post.max()) + 1
    side = int(round(np.sqrt(n_pre)))
    return side * side == n_pre and side >= 4 and len(pre) == n_pre * n_post


def ocular_dominance_plot(ax, name, table, labels=None):
    """An ocular_dominance table: the 7-class ocular dominance histogram (Hubel & Wiesel; 1 = contralateral eye
    only, 7 = ipsilateral only) of each snapshot (the start, then the end of each phase run), one row of small
    histograms per sweep condition, the mean ODI written on each."""
    import numpy as np

    phase = np.asarray(table["phase"], dtype=float)
    conditions = list(condition_rows(table, labels, len(phase), ""))
    columns = int(max(np.sum(rows) for _, rows, _ in conditions))
    ax.set_axis_off()
    classes = np.arange(1, 8)
    import matplotlib

    colours = matplotlib.colormaps["coolwarm"](np.linspace(0.0, 1.0, 7))  # blue: contralateral … red: ipsilateral
    titles = ["start"] + [f"end of phase {k}" for k in range(1, columns)]
    for k, rows, label in conditions:
        fractions = np.array([np.asarray(table[f"class_{c}"], dtype=float)[rows] for c in classes]).T
        odi = np.asarray(table["odi_mean"], dtype=float)[rows]
        for j in range(len(odi)):
            w, h = 1.0 / columns, 1.0 / len(conditions)
            sub = ax.inset_axes([j * w + 0.12 * w, 1.0 - (k + 1) * h + 0.22 * h, 0.8 * w, 0.62 * h])
            sub.bar(classes, fractions[j], color=colours, width=0.8)
            sub.set_ylim(0, 1.05)
            sub.set_xticks(classes)
            sub.tick_params(labelsize=6)
            sub.text(0.03, 0.95, f"ODI {odi[j]:+.2f}", transform=sub.transAxes, fontsize=6, va="top")
            if k == 0:
                sub.set_title(titles[j] if j < len(titles) else f"snapshot {j}", fontsize=7)
            if j == 0:
                sub.set_ylabel(label, fontsize=7)
            if k == len(conditions) - 1:
                sub.set_xlabel("OD class (1 contra … 7 ipsi)", fontsize=6)
    ax.set_title(f"{name}: ocular dominance histograms per condition and phase", fontsize=9)
    return ax


def memory_conditions_plot(ax, name, table, labels=None):
    """A sweep table of memory tests per condition (experiments/disorders.toml: columns condition, test,
    recall_old, recall_new, ..., synapses): three panels side by side — the recall of the old and of the new
    patterns against the test, one line per condition, and the synapses each condition ends with (bars)."""
    x_name = [c for c in table if c != "condition"][0]
    x = np.asarray(table[x_name], dtype=float)
    conditions = list(condition_rows(table, labels, len(x), ""))
    ax.set_axis_off()
    panels = [("recall_old", "recall of the old patterns"), ("recall_new", "recall of the new patterns")]
    for j, (column, title) in enumerate(panels):
        sub = ax.inset_axes([j * 0.36 + 0.05, 0.14, 0.28, 0.72])
        for k, rows, label in conditions:
            sub.plot(x[rows], np.asarray(table[column], dtype=float)[rows], "o-", ms=3, lw=1.2, color=f"C{k % 10}",
                     label=label)
        sub.axhline(0, color="0.6", lw=0.8)
        sub.set_ylim(-0.1, 1.0)
        sub.set_xlabel(x_name, fontsize=7)
        sub.tick_params(labelsize=6)
        sub.grid(alpha=0.3)
        sub.set_title(title, fontsize=8)
        if j == 0:
            sub.set_ylabel("recall (chance 0)", fontsize=7)
            sub.legend(fontsize=5, loc="upper left")
    bars = ax.inset_axes([0.79, 0.14, 0.2, 0.72])
    if "synapses" in table:
        values = [np.asarray(table["synapses"], dtype=float)[rows][-1] for _, rows, _ in conditions]
        bars.bar(range(len(values)), values, color=[f"C{k % 10}" for k, _, _ in conditions])
        bars.set_xticks(range(len(values)))
        bars.set_xticklabels([label for _, _, label in conditions], rotation=40, ha="right", fontsize=5)
        bars.tick_params(labelsize=6)
        bars.set_title("synapses at the end", fontsize=8)
    ax.set_title(f"{name}: recall per condition", fontsize=9)
    return ax


def table_kind(table, labels=None):
    """What a result table holds, told by its columns (labels: {column: [name per row]}, as a sweep's tables have
    them): "accuracy", "confusion" (classify analyses), "synapse_rank", "synapse_rank_conditions",
    "conditioned_response", "conditioned_response_psth", "ocular_dominance", "choices", "choice_trials",
    "weight_scatter", "memory_conditions" (recall of old and new patterns per condition), "conditions" (a sweep's
    conditions), "patterns", "recall",
    "recall_presentations", "transitions", "stdp_window", "frequency", "continual" (accuracy per task after each task
    learned, classify with task_classes) or "lines". One classifier serves the
    figures (table_plot) and the report's plain-word findings (plastix.findings)."""
    names = list(table)
    has = lambda *cols: all(c in names for c in cols)  # noqa: E731
    if names == ["trained", "labelled", "accuracy", "tested"]:
        return "accuracy"
    if names == ["trained", "true_label", "predicted", "count"]:
        return "confusion"
    if names == ["t_s", "w", "mean", "p90", "p99", "rank"]:
        return "synapse_rank"
    if names == ["condition", "t_s", "w", "mean", "p90", "p99", "rank"]:
        return "synapse_rank_conditions"
    if has("block", "phase", "cr_probability", "peak_ms"):
        return "conditioned_response"
    if has("phase", "odi_mean", "class_1", "class_7"):
        return "ocular_dominance"
    if has("block", "t_ms", "rate_hz"):
        return "conditioned_response_psth"
    if has("block", "phase", "t_s", "correct", "a_wins", "b_wins"):
        return "choices"
    if has("t_s", "block", "a_count", "b_count", "correct"):
        return "choice_trials"
    if names == ["condition", "w_before", "w_after"]:
        return "weight_scatter"
    if has("condition", "recall_old", "recall_new"):
        return "memory_conditions"
    if ("condition" in (labels or {}) and len(names) >= 3 and names[1].startswith(("frequency", "freq_"))):
        return "frequency"  # a frequency sweep per condition (stdp_frequency's two triplet sets, therapies)
    if has("learned", "task", "accuracy", "tested"):
        return "continual"
    if "condition" in (labels or {}) and len(names) >= 2 and len(table["condition"]):
        return "conditions"
    if names == ["pattern", "neuron", "cue_order"]:
        return "patterns"
    if has("cued", "recall"):
        return "recall_presentations"
    if has("recall", "hit", "false_alarm", "false_recall"):
        return "recall"
    if has("post_hz", "p_ltp", "p_ltd"):
        return "transitions"
    if names and names[0] == "dt_ms" and len(names) >= 2:
        return "stdp_window"
    if names and names[0].startswith(("frequency", "freq_")) and len(names) >= 2:
        return "frequency"
    return "lines"


def recall_presentations_plot(ax, name, table):
    """A recall table per presentation: the recall of every cue over time."""
    ax.plot(table["t_s"], table["recall"], "o", ms=4)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_ylim(-0.3, 1.05)
    ax.set_xlabel(axis_label("t_s"))
    ax.set_ylabel("recall")
    ax.grid(alpha=0.3)
    ax.set_title(f"{name}: recall of every cue over time", fontsize=9)
    return ax


def experiment_of(run):
    """The experiment's name of a run (summary.json "experiment"; "" when unknown)."""
    return (getattr(run, "summary", None) or {}).get("experiment", "")


def table_plot(ax, name, table, labels=None, experiment=""):
    """The fitting plot of a result table, chosen by table_kind: the STDP window for dt_ms tables, frequency
    curves (with the published points they reproduce: plastix.published), the chosen synapse against the others,
    recall scores, pattern membership, lines or bars per condition for a sweep's conditions, lines otherwise."""
    labels = labels or {}
    names = list(table)
    published = published_data.for_table(experiment, name)
    draw = {
        "accuracy": lambda: accuracy_plot(ax, name, table),
        "confusion": lambda: confusion_plot(ax, name, table),
        "continual": lambda: continual_plot(ax, name, table, labels.get("condition")),
        "synapse_rank": lambda: synapse_rank_plot(ax, name, table, labels),
        "synapse_rank_conditions": lambda: synapse_rank_conditions_plot(ax, name, table, labels.get("condition"),
                                                                        labels),
        "conditioned_response": lambda: conditioned_response_plot(ax, name, table, labels),
        "ocular_dominance": lambda: ocular_dominance_plot(ax, name, table, labels),
        "conditioned_response_psth": lambda: conditioned_response_psth_plot(ax, name, table, labels),
        "choices": lambda: choices_plot(ax, name, table, labels),
        "choice_trials": lambda: choice_trials_plot(ax, name, table, labels),
        "weight_scatter": lambda: weight_scatter(ax, name, table, labels.get("condition")),
        "conditions": lambda: condition_plot(ax, name, table, labels.get("condition")),
        "memory_conditions": lambda: memory_conditions_plot(ax, name, table, labels),
        "patterns": lambda: pattern_membership(ax, name, table),
        "recall": lambda: recall_plot(ax, name, table),
        "recall_presentations": lambda: recall_presentations_plot(ax, name, table),
        "transitions": lambda: transitions_plot(ax, name, table),
        "stdp_window": lambda: stdp_window(ax, table, "dt_ms", names[1], title=f"{name}: STDP window"),
        "frequency": lambda: frequency_curve(ax, table, names[1] if names[0] == "condition" else names[0],
                                             title=f"{name}: weight change against frequency", labels=labels,
                                             published=published),
    }
    return draw.get(table_kind(table, labels), lambda: table_lines(ax, name, table))()


def figures(run, max_raster_neurons=500):
    """Every figure for a run (an output directory's run_output or plastix.Results), as (title, Figure) pairs."""
    import matplotlib.pyplot as plt

    out = []

    def fig(title, draw, size=(8, 3)):
        f, ax = plt.subplots(figsize=size)
        draw(ax)
        plain_text(f)
        f.tight_layout()
        out.append((title, f))

    for name, rec in run.spikes.items():
        fig(f"Spikes: {name}", lambda ax, r=rec, n=name: raster(ax, r, f"spikes: {n}", max_raster_neurons))
    for name, rec in run.rates.items():
        fig(f"Population rate: {name}", lambda ax, r=rec, n=name: rates(ax, r, f"population rate: {n}"))
    for name, rec in run.states.items():
        fig(f"State: {name}", lambda ax, r=rec, n=name: state_traces(ax, r, f"state: {n}"))
    for name, rec in run.weights.items():
        fig(f"Weights: {name}", lambda ax, r=rec, n=name: weight_evolution(ax, r, f"weights: {n}"))
        fig(f"Weight matrix: {name}", lambda ax, r=rec, n=name: weight_matrix(ax, r, title=f"weight matrix: {n}"),
            size=(6, 4.5))
        fig(f"Weight distribution: {name}", lambda ax, r=rec, n=name: weight_histogram(ax, r, title=f"weights: {n}"),
            size=(6, 3))
    for name, rec in getattr(run, "transmissions", {}).items():
        fig(f"Transmission: {name}", lambda ax, r=rec, n=name: transmissions(ax, r, f"transmitted efficacy: {n}"))
    labelled = [t for t in run.tables.values() if list(t) == ["trained", "neuron", "label", "response"]]
    for name, rec in run.weights.items():  # a classify analysis: the learned receptive fields with their labels
        if labelled and is_receptive_field_source(rec):
            t = labelled[0]
            last = np.asarray(t["trained"]) == np.max(t["trained"])
            neuron_labels = np.asarray(t["label"])[last]
            fig(f"Receptive fields: {name}",
                lambda ax, r=rec, n=name, lab=neuron_labels: receptive_fields(
                    ax, r, lab, f"receptive fields: {n} (each post neuron's input weights; its label in the corner)"),
                size=(7, 7))
    table_labels = getattr(run, "table_labels", {})
    for name, table in run.tables.items():
        fig(f"Table: {name}", lambda ax, t=table, n=name: table_plot(ax, n, t, table_labels.get(n), experiment_of(run)),
            size=(6, 3.5))
    return out
