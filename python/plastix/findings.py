"""What a run found, in plain words: one or a few sentences per result table, chosen by the table's kind
(plots.table_kind, the classifier the figures use), and the run's rates and weight changes when it has no table.
The report (plastix.report) leads with these; memory runs add the recall story (plastix.story)."""
import numpy as np

from plastix.plots import table_kind

MAX_MEASURES = 3  # measures told per table (the table itself follows in the report)


def _g(v):
    """A number as a reader wants it: 3 significant digits, whole numbers from 1000 on, an exponent only for the
    very small and very large."""
    v = float(v)
    if not np.isfinite(v) or v == 0:
        return f"{v:g}"
    if abs(v) < 1e-3 or abs(v) >= 1e7:
        return f"{v:.3g}"
    if abs(v) >= 1000:
        return f"{v:.0f}"
    return f"{v:.3g}"


def _pct(v):
    return f"{100 * float(v):+.0f} %"


def _measure(column, v):
    """A value of a column, in percent for relative changes (columns named *_rel or *rel)."""
    return _pct(v) if column.endswith("rel") else _g(v)


def _columns(table, skip=()):
    return [c for c in table if c not in skip]


def _stdp_window(name, table):
    dt, y = np.asarray(table["dt_ms"], dtype=float), list(table)[1]
    dw = np.asarray(table[y], dtype=float)
    out = []
    if len(dw) and dw.max() > 0:
        k = int(np.argmax(dw))
        out.append(f"largest potentiation {_measure(y, dw[k])} at Δt = {dt[k]:+g} ms")
    if len(dw) and dw.min() < 0:
        k = int(np.argmin(dw))
        out.append(f"largest depression {_measure(y, dw[k])} at Δt = {dt[k]:+g} ms")
    if not out:
        return [f"{name}: no weight change at any Δt."]
    return [f"{name} (Δt = t_post − t_pre): " + "; ".join(out) + "."]


def _crossing(x, y):
    """Where y changes sign (first time), as text, or ""."""
    for i in range(1, len(y)):
        if (y[i - 1] < 0) != (y[i] < 0) and y[i - 1] != 0 and y[i] != 0:
            return f"; the sign changes between {_g(x[i - 1])} and {_g(x[i])}"
    return ""


def _curve(name, table, x):
    """Each measure against x (grouped by dt_ms when the table holds both pairing orders)."""
    xs = np.asarray(table[x], dtype=float)
    groups = [(None, np.ones(len(xs), dtype=bool))]
    if "dt_ms" in table and x != "dt_ms":
        dts = np.asarray(table["dt_ms"], dtype=float)
        groups = [(d, dts == d) for d in dict.fromkeys(dts)]
    lines = []
    for c in _columns(table, (x, "dt_ms"))[:MAX_MEASURES]:
        ys = np.asarray(table[c], dtype=float)
        for d, keep in groups:
            px, py = xs[keep], ys[keep]
            if not len(py):
                continue
            at = f" (Δt = {d:+g} ms)" if d is not None else ""
            if np.all(py == py[0]):
                lines.append(f"{name}: {c}{at} {_measure(c, py[0])} at every {x}.")
                continue
            hi, lo = int(np.argmax(py)), int(np.argmin(py))
            text = (f"{name}: {c}{at} from {_measure(c, py[0])} at {x} = {_g(px[0])} to {_measure(c, py[-1])} "
                    f"at {_g(px[-1])}")
            if hi not in (0, len(py) - 1):
                text += f"; largest {_measure(c, py[hi])} at {_g(px[hi])}"
            if lo not in (0, len(py) - 1):
                text += f"; smallest {_measure(c, py[lo])} at {_g(px[lo])}"
            lines.append(text + _crossing(px, py) + ".")
    return lines


def _conditions(name, table, labels):
    """Each measure per condition (its last row when a column varies within a condition), against the first
    condition (the control)."""
    cond = np.asarray(table["condition"]).astype(int)
    names = labels.get("condition") or []
    order = list(dict.fromkeys(cond))
    first_row = {k: int(np.argmax(cond == k)) for k in order}
    label = {k: (names[first_row[k]] if first_row[k] < len(names) else f"condition {k}") for k in order}
    varying = [c for c in _columns(table, ("condition",))
               if any(len(set(np.asarray(table[c])[cond == k])) > 1 for k in order)]
    x = varying[0] if varying else None
    measures = [c for c in _columns(table, ("condition", x))][:MAX_MEASURES]
    lines = []
    for c in measures:
        vals = {k: float(np.asarray(table[c], dtype=float)[np.flatnonzero(cond == k)[-1]]) for k in order}
        base = vals[order[0]]
        parts = []
        for i, k in enumerate(order):
            rel = ""
            if i and base != 0 and not c.endswith("rel") and np.isfinite(vals[k]):
                rel = f" ({(vals[k] / base - 1) * 100:+.0f} % against {label[order[0]]})"
            parts.append(f"{label[k]} {_measure(c, vals[k])}{rel}")
        at = ""
        if x is not None:
            last = np.asarray(table[x], dtype=float)[np.flatnonzero(cond == order[0])[-1]]
            at = f" at {x} = {_g(last)}"
        lines.append(f"{name}: {c}{at}: " + "; ".join(parts) + ".")
    return lines


def _conditioned_response(name, table, labels):
    cond = np.asarray(table["condition"]).astype(int) if "condition" in table else np.zeros(len(table["block"]), int)
    names = (labels or {}).get("condition") or []
    lines = []
    for k in dict.fromkeys(cond):
        rows = np.flatnonzero(cond == k)
        who = f" ({names[rows[0]]})" if rows[0] < len(names) else ""
        p = np.asarray(table["cr_probability"], dtype=float)[rows]
        peak = np.asarray(table["peak_ms"], dtype=float)[rows]
        best = int(np.argmax(p))
        lines.append(f"{name}{who}: conditioned responses in {100 * p[0]:.0f} % of the trials of the first block, "
                     f"{100 * p[best]:.0f} % at best (block {int(table['block'][rows[best]])}, peak "
                     f"{_g(peak[best])} ms after CS onset), {100 * p[-1]:.0f} % in the last block.")
    return lines


def _choices(name, table, labels):
    c = np.asarray(table["correct"], dtype=float)
    return [f"{name}: correct choices {100 * c[0]:.0f} % in the first block, {100 * c[-1]:.0f} % in the last."]


def _transitions(name, table):
    post = np.asarray(table["post_hz"], dtype=float)
    ltp, ltd = np.asarray(table["p_ltp"], dtype=float), np.asarray(table["p_ltd"], dtype=float)
    return [f"{name}: LTD most likely at a post rate of {_g(post[int(np.argmax(ltd))])} Hz "
            f"(P = {_g(ltd.max())}), LTP at {_g(post[int(np.argmax(ltp))])} Hz (P = {_g(ltp.max())})."]


def _synapse_rank(name, table):
    return [f"{name}: the chosen synapse ends at rank {int(table['rank'][-1])} (w = {_g(table['w'][-1])}, "
            f"mean of all {_g(table['mean'][-1])})."]


def _scatter(name, table, labels):
    cond = np.asarray(table["condition"]).astype(int)
    names = (labels or {}).get("condition") or []
    before, after = (np.asarray(table[c], dtype=float) for c in ("w_before", "w_after"))
    parts = []
    for k in dict.fromkeys(cond):
        keep = cond == k
        first = int(np.argmax(keep))
        who = names[first] if first < len(names) else f"condition {k}"
        ratio = after[keep].sum() / before[keep].sum() if before[keep].sum() else float("nan")
        parts.append(f"{who} ×{_g(ratio)}")
    return [f"{name}: total weight after / before: " + "; ".join(parts) + "."]


def _continual(name, table, labels):
    """Per condition: task 1 after learning it and at the end, and the mean over the tasks learned at the end."""
    learned, task = np.asarray(table["learned"]), np.asarray(table["task"])
    acc = np.asarray(table["accuracy"]) * 100.0
    cond = np.asarray(table["condition"]) if "condition" in table else np.ones(len(learned))
    names = labels.get("condition") or []
    out = []
    for c in np.unique(cond):
        rows = cond == c
        last = rows & (learned == learned[rows].max())
        first = acc[rows & (task == 1)]
        at = int(np.argmax(rows))  # labels: one name per row
        who = names[at] if at < len(names) else f"condition {c:g}"
        out.append(f"{name}, {who}: task 1 {first[0]:.1f} % after learning it, {first[-1]:.1f} % after "
                   f"{int(learned[rows].max())} tasks; mean over the tasks learned at the end "
                   f"{acc[last].mean():.1f} %.")
    return out


def table_findings(name, table, labels=None):
    """Plain-word sentences about one result table (none for tables that only support others)."""
    labels = labels or {}
    names = list(table)
    if not names or not len(table[names[0]]):
        return [f"{name}: empty."]
    kind = table_kind(table, labels)
    if kind in ("patterns", "recall", "recall_presentations", "conditioned_response_psth", "choice_trials",
                "synapse_rank_conditions", "confusion"):
        return []  # told by the story (recall) or by the table they detail
    if kind == "stdp_window":
        return _stdp_window(name, table)
    if kind == "accuracy":
        return [f"{name}: test accuracy {100 * float(a):.1f} % of {int(n)} images after {int(t)} training images"
                for t, a, n in zip(table["trained"], table["accuracy"], table["tested"])]
    if kind == "continual":
        return _continual(name, table, labels)
    if kind in ("conditions", "memory_conditions"):
        return _conditions(name, table, labels)
    if kind == "conditioned_response":
        return _conditioned_response(name, table, labels)
    if kind == "choices":
        return _choices(name, table, labels)
    if kind == "transitions":
        return _transitions(name, table)
    if kind == "synapse_rank":
        return _synapse_rank(name, table)
    if kind == "weight_scatter":
        return _scatter(name, table, labels)
    if len(names) == 1:
        return [f"{name}: {names[0]} = " + ", ".join(_g(v) for v in table[names[0]][:8]) + "."]
    return _curve(name, table, names[0])


def run_findings(run, skip=()):
    """Sentences about every result table of a run but those in skip; without tables, its mean rates and weight
    changes."""
    lines = []
    labels = getattr(run, "table_labels", {}) or {}
    for name, table in run.tables.items():
        if name not in skip:
            lines += table_findings(name, table, labels.get(name))
    if run.tables:
        return lines
    metrics = run.summary.get("metrics", {})
    rates = [f"{k[len('rate_hz.'):]} {_g(v)} Hz" for k, v in metrics.items() if k.startswith("rate_hz.")]
    if rates:
        lines.append("Mean rates: " + ", ".join(rates) + ".")
    changes = [f"{k[len('dw_rel.'):]} {_pct(v)}" for k, v in metrics.items() if k.startswith("dw_rel.")]
    if changes:
        lines.append("Mean weight change per projection: " + ", ".join(changes) + ".")
    return lines
