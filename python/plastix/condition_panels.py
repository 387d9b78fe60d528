"""Small multiples of a sweep table with many conditions and a measuring time: one small panel per condition (named
by it), every measure against time in each, on a shared y axis, with the baseline — the value a measure keeps when
nothing changes it (an unstimulated pathway) — dashed. Drawn like the per-protocol panels of Frey & Morris 1997
(Nature 385:533–536) for experiments/tagging_capture.toml: weak and strong pathway per protocol, baseline shown."""
import numpy as np

# Line colours of the measures (pathway A red, B blue, as the tetanised and the test pathway of slice figures).
_COLOURS = ["C3", "C0", "C2", "C1", "C4", "C5"]


def baseline(table, cond, time, measures):
    """The value that at least two (condition, measure) series keep unchanged at every measuring time, the most
    common one (e.g. the weight of a pathway no protocol stimulates); None when no such value exists."""
    values = []
    for c in dict.fromkeys(cond):
        rows = cond == c
        for m in measures:
            v = np.asarray(table[m], dtype=float)[rows]
            if len(v) > 1 and np.all(v == v[0]) and not np.isnan(v[0]):
                values.append(round(float(v[0]), 9))
    if not values:
        return None
    value, count = max(((v, values.count(v)) for v in set(values)), key=lambda vc: vc[1])
    return value if count >= 2 else None


def grid_shape(conditions, columns=3):
    """(rows, columns) of the small multiples for a number of conditions."""
    cols = min(columns, conditions)
    return int(np.ceil(conditions / cols)), cols


def condition_panels_plot(ax, name, table, order, label_of, time, measures, axis_label):
    """Draws the small multiples into ax (an Axes whose frame is hidden): order, the conditions in table order;
    label_of, their names; time, the measuring-time column; measures, the columns drawn in each panel."""
    cond = np.asarray(table["condition"]).astype(int)
    rows, cols = grid_shape(len(order))
    ax.set_axis_off()
    values = np.concatenate([np.asarray(table[m], dtype=float) for m in measures])
    values = values[~np.isnan(values)]
    lo, hi = (float(values.min()), float(values.max())) if len(values) else (0.0, 1.0)
    pad = 0.08 * (hi - lo if hi > lo else 1.0)
    base = baseline(table, cond, time, measures)
    t_all = np.asarray(table[time], dtype=float)
    for k, c in enumerate(order):
        r, q = divmod(k, cols)
        w, h = 1.0 / cols, 1.0 / rows
        sub = ax.inset_axes([q * w + 0.14 * w, 1.0 - (r + 1) * h + 0.16 * h, 0.82 * w, 0.68 * h])
        sel = cond == c
        if base is not None:
            sub.axhline(base, color="0.45", lw=0.9, ls="--", label="baseline")
        for j, m in enumerate(measures):
            sub.plot(t_all[sel], np.asarray(table[m], dtype=float)[sel], "o-", ms=3, lw=1.3,
                     color=_COLOURS[j % len(_COLOURS)], label=m)
        sub.set_ylim(lo - pad, hi + pad)
        sub.set_xlim(0, t_all.max() * 1.05 if len(t_all) else 1)
        sub.set_title(label_of[c], fontsize=7.5)
        sub.tick_params(labelsize=6.5)
        sub.grid(alpha=0.3)
        if q == 0:
            common = "w" if all(m.startswith("w") for m in measures) else "value"
            sub.set_ylabel(axis_label(measures[0]) if len(measures) == 1 else common, fontsize=7)
        else:
            sub.set_yticklabels([])
        if r == rows - 1 or k + cols >= len(order):
            sub.set_xlabel(axis_label(time), fontsize=7)
        if k == 0:
            sub.legend(fontsize=6, loc="best")
    ax.set_title(f"{name}: per condition" + (f" (dashed: baseline {base:g})" if base is not None else ""),
                 fontsize=9)
    return ax
