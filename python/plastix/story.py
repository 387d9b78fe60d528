"""What a memory experiment did, in plain words and one figure: `python3 -m plastix.story DIR`.

Reads a run with memory patterns and recall analyses ([[patterns]], [[analysis]] type = "recall"; the tables
`patterns_<set>`, `<table>` and `<table>_presentations`), prints what was stored, what was recalled from which cue
and how well, and writes DIR/memory.png: spike rasters with the neurons sorted by pattern, the weight matrix of the
first weights monitor before and after (sorted the same way), recall quality of every cue over time and each
recall table against its first column."""
import os
import sys

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plastix.figures import save_figure  # noqa: E402
from plastix.results import run_output  # noqa: E402

RECALL_COLUMNS = ("recall", "hit", "false_alarm", "false_recall")


def recall_tables(run):
    """Names of the per-phase recall tables of a run (those with a matching `<name>_presentations` table)."""
    return [n for n, t in run.tables.items()
            if all(c in t for c in RECALL_COLUMNS) and n + "_presentations" in run.tables]


def pattern_sets(run):
    """{set name: list of neuron arrays in cue order} from the `patterns_<set>` tables."""
    out = {}
    for name, t in run.tables.items():
        if name.startswith("patterns_") and list(t) == ["pattern", "neuron", "cue_order"]:
            k, n, o = (np.asarray(t[c], dtype=int) for c in ("pattern", "neuron", "cue_order"))
            out[name[len("patterns_"):]] = [n[k == p][np.argsort(o[k == p])] for p in range(k.max() + 1)] if len(k) else []
    return out


DEFAULT_RECALLED = 0.8  # recall that counts as recalled when the analysis sets no threshold
PARTLY_RECALLED = 0.3   # below this, a memory is told as not recalled


def intro(path):
    """What the experiment is about: the first paragraph of the comment that opens its file, up to the first line
    that describes the output ("Table ...", "Tables ...") rather than the question ("" without one)."""
    if not os.path.exists(path):
        return ""
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line[1:].strip() if line.startswith("#") else ""
            if not text or text.startswith(("Table ", "Table:", "Tables ", "Tables:", "Output")):
                break
            words.append(text)
    return " ".join(words)


def recall_thresholds(run):
    """{recall table: threshold} of the run's recall analyses that set `threshold` (from its experiment.toml)."""
    path = os.path.join(run.directory, "experiment.toml") if getattr(run, "directory", None) else ""
    if not path or not os.path.exists(path):
        return {}
    import tomllib

    try:
        with open(path, "rb") as f:
            doc = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    return {a.get("table", "recall"): float(a["threshold"]) for a in doc.get("analysis", [])
            if a.get("type") == "recall" and "threshold" in a}


def _word(q, recalled):
    if q >= recalled:
        return "recalled"
    if q >= min(PARTLY_RECALLED, recalled):
        return "partly recalled"
    return "not recalled"


def story(run):
    """The plain-language account of a run, as a list of lines: what ran, the question, then recall_story."""
    s = run.summary
    lines = [f"{s.get('experiment', 'experiment')}: {s.get('bio_time_s', 0):.1f} s simulated in "
             f"{s.get('wall_time_s', 0):.1f} s (seed {s.get('seed', '')})."]
    about = intro(os.path.join(run.directory, "experiment.toml"))
    if about:
        lines.append(about)
    return lines + recall_story(run)


def recall_story(run):
    """What was stored, and what was recalled from which cue and how well (the file's recall thresholds, or
    DEFAULT_RECALLED), as a list of lines."""
    phases = [p["name"] for p in run.summary.get("phases", [])]
    lines = []
    sets = pattern_sets(run)
    for name, pats in sets.items():
        sizes = sorted({len(p) for p in pats})
        lines.append(f"Stored: {len(pats)} memories '{name}', each a pattern of {'/'.join(map(str, sizes))} neurons.")
    tables = recall_tables(run)
    if not tables:
        lines.append("No recall analysis in this run.")
        return lines
    lines.append("Recall is scored on the neurons that were not cued: 1 = the rest of the pattern fired and "
                 "nothing else, 0 = chance (only the cue fired).")
    thresholds = recall_thresholds(run)
    for name in tables:
        t, p = run.tables[name], run.tables[name + "_presentations"]
        recalled = thresholds.get(name, DEFAULT_RECALLED)
        source = "the file's threshold" if name in thresholds else "plastix's default; the file sets no threshold"
        first = list(t)[0]
        has_x = first not in ("t_s",) + RECALL_COLUMNS
        cued = np.asarray(p["cued"], dtype=int)
        sizes = [len(sets[k][int(j)]) for k in list(sets)[:1] for j in p["pattern"]] if sets else []
        cue = f" from cues of {cued.min()} neurons" if len(cued) else ""
        if sizes and len(cued):
            cue += f" ({100 * cued.mean() / np.mean(sizes):.0f} % of a pattern)"
        lines.append(f"{name}{cue}; a memory counts as recalled at recall >= {recalled:g} ({source}):")
        scored = []  # phase indices in table order (rows follow the order of first appearance)
        for ph in p["phase"]:
            if round(float(ph)) not in scored:
                scored.append(round(float(ph)))
        for i in range(len(t["recall"])):
            ph = scored[i] if i < len(scored) else -1
            label = phases[ph] if 0 <= ph < len(phases) else f"row {i + 1}"
            mine = np.asarray(p["phase"]) == ph
            good = int(np.sum(np.asarray(p["recall"])[mine] >= recalled))
            x = f"{first} = {t[first][i]:g}, " if has_x else ""
            q = float(t["recall"][i])
            lines.append(f"  {x}{label}: {_word(q, recalled)} ({good} of {int(mine.sum())} cues completed): "
                         f"recall {q:.2f}, {100 * t['hit'][i]:.0f} % of the missing neurons fired, false alarms "
                         f"{100 * t['false_alarm'][i]:.0f} %, another memory {100 * t['false_recall'][i]:.0f} %")
        if has_x:
            good = [i for i in range(len(t["recall"])) if t["recall"][i] >= recalled]
            lines.append(f"  -> recalled (recall >= {recalled:g}) first at {first} = {t[first][good[0]]:g}." if good
                         else f"  -> never recalled (recall >= {recalled:g}) over {first} = {t[first][0]:g} to "
                         f"{t[first][-1]:g}.")
    return lines


def recall_headlines(run):
    """One line per memory set and per recall table: what was stored, and whether and when it was recalled (the
    answer of a memory run; recall_story tells every test)."""
    sets = pattern_sets(run)
    lines = []
    for name, pats in sets.items():
        sizes = sorted({len(p) for p in pats})
        lines.append(f"Stored: {len(pats)} memories '{name}', each a pattern of {'/'.join(map(str, sizes))} neurons.")
    thresholds = recall_thresholds(run)
    for name in recall_tables(run):
        t, p = run.tables[name], run.tables[name + "_presentations"]
        recalled = thresholds.get(name, DEFAULT_RECALLED)
        q = np.asarray(t["recall"], dtype=float)
        cued = np.asarray(p["cued"], dtype=int)
        cue = f" from cues of {cued.min()} neurons" if len(cued) else ""
        rule = f"recalled = recall >= {recalled:g}" + ("" if name in thresholds else ", plastix's default")
        first = list(t)[0]
        if first in ("t_s",) + RECALL_COLUMNS or len(q) == 1:
            good = int(np.sum(np.asarray(p["recall"], dtype=float) >= recalled))
            lines.append(f"{name}{cue}: {_word(float(q.mean()), recalled)}, recall {q.mean():.2f} ({good} of "
                         f"{len(cued)} cues completed; {rule}).")
            continue
        xs = np.asarray(t[first], dtype=float)
        hit = np.flatnonzero(q >= recalled)
        when = (f"recalled first at {first} = {xs[hit[0]]:g}" if len(hit) else
                f"never recalled over {first} = {xs[0]:g} to {xs[-1]:g}")
        lines.append(f"{name}{cue}: {when} (recall {q[0]:.2f} at {first} = {xs[0]:g}, {q[-1]:.2f} at {xs[-1]:g}; "
                     f"best {q.max():.2f}; {rule}).")
    return lines


def _order(n, pats):
    """Neurons sorted by pattern (pattern 0 first), then the rest; and the boundaries between patterns."""
    seen, order, bounds = set(), [], []
    for pat in pats:
        for i in pat:
            if i not in seen:
                seen.add(i)
                order.append(i)
        bounds.append(len(order))
    order += [i for i in range(n) if i not in seen]
    return np.asarray(order, dtype=int), bounds


def recall_against(ax, run, tables):
    """Every recall table in one panel: the recall score (solid) and the fraction of missing neurons recalled (hit,
    dashed) against the first table's axis (sleep phases, patterns stored ...), one colour per table; a table of one
    test (e.g. the intact network) as a dotted level."""
    x = None
    for k, name in enumerate(tables):
        t = run.tables[name]
        first = list(t)[0]
        xs = np.asarray(t[first] if first not in ("t_s",) + RECALL_COLUMNS else t["t_s"], dtype=float)
        if len(xs) == 1:
            ax.axhline(float(t["recall"][0]), color=f"C{k}", ls=":", lw=1.5,
                       label=f"{name}: recall {float(t['recall'][0]):.2f} (one test)")
            continue
        x = x or (first if first not in RECALL_COLUMNS else "t_s")
        ax.plot(xs, t["recall"], "o-", ms=5, lw=1.6, color=f"C{k}", label=f"{name}: recall")
        ax.plot(xs, t["hit"], "s--", ms=3, lw=0.8, color=f"C{k}", alpha=0.7, label=f"{name}: hit")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.set_ylim(-0.3, 1.05)
    ax.set_xlabel((x or "t_s").replace("_", " "))
    ax.set_ylabel("recall (chance 0)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.set_title(f"recall from partial cues against {(x or 't_s').replace('_', ' ')}", fontsize=9)


def figure(run, path):
    """DIR/memory.png: rasters sorted by pattern, weight matrix before/after, recall over time and per table."""
    sets = pattern_sets(run)
    pats = next(iter(sets.values())) if sets else []
    tables = recall_tables(run)
    weights = next(iter(run.weights.values()), None)
    rows = len(run.spikes) + (1 if weights is not None else 0) + (2 if tables else 0)
    fig = plt.figure(figsize=(10, 2.6 * max(rows, 1) + 0.6))
    grid = fig.add_gridspec(max(rows, 1), 2)
    r = 0
    t_end = run.summary.get("bio_time_s", 0)
    for name, d in run.spikes.items():
        ax = fig.add_subplot(grid[r, :])
        n = run.population_size(d["population"]) or int(d["senders"].max() + 1 if len(d["senders"]) else 1)
        order, bounds = _order(n, pats)
        rank = np.empty(n, dtype=int)
        rank[order] = np.arange(n)
        ax.plot(d["times"] * 1e-3, rank[d["senders"]], "|", ms=1.5, color="k")
        for b in bounds if len(bounds) <= 20 else ():  # more patterns: the lines would hide the spikes
            ax.axhline(b - 0.5, color="C1", lw=0.5)
        ax.set_xlim(0, t_end)
        ax.set_ylabel("neuron (by pattern)")
        ax.set_title(f"spikes: {name}; neurons sorted by pattern (orange lines between patterns)", fontsize=9)
        r += 1
    if weights is not None:
        w, pre, post = weights["values"], weights["pre"], weights["post"]
        n = int(max(pre.max(), post.max()) + 1) if len(pre) else 1
        order, bounds = _order(n, pats)
        rank = np.empty(n, dtype=int)
        rank[order] = np.arange(n)
        vmax = float(np.nanmax(w)) if w.size else 1.0
        for c, (k, label) in enumerate(((0, "before"), (-1, "after"))):
            ax = fig.add_subplot(grid[r, c])
            m = np.full((n, n), np.nan)
            if w.ndim == 2 and w.shape[0]:
                m[rank[pre], rank[post]] = w[k]
            im = ax.imshow(m, origin="lower", interpolation="nearest", cmap="viridis", vmin=0, vmax=vmax)
            t = weights["times"][k] * 1e-3 if len(weights["times"]) else 0
            ax.set_title(f"weights {label} (t = {t:g} s) [{weights['unit']}]", fontsize=9)
            ax.set_xlabel("post (by pattern)")
            ax.set_ylabel("pre (by pattern)")
            fig.colorbar(im, ax=ax)
        r += 1
    if tables:
        ax = fig.add_subplot(grid[r, :])
        for k, name in enumerate(tables):
            p = run.tables[name + "_presentations"]
            ax.plot(p["t_s"], p["recall"], "o", ms=4, color=f"C{k}", label=name)
        ax.axhline(0, color="0.6", lw=0.8)
        ax.set_xlim(0, t_end)
        ax.set_ylim(-0.3, 1.05)
        ax.set_xlabel("time [s]")
        ax.set_ylabel("recall")
        ax.legend(fontsize=7)
        ax.set_title("recall quality of every cue over time (chance = 0)", fontsize=9)
        r += 1
        recall_against(fig.add_subplot(grid[r, :]), run, tables)
        r += 1
    return save_figure(fig, run, path, dpi=100)


def main(argv):
    matplotlib.use("Agg")  # files only; importing this module leaves the backend alone (notebooks)
    if len(argv) != 2:
        print("usage: python3 -m plastix.story DIR", file=sys.stderr)
        return 2
    try:
        run = run_output(argv[1])
        print("\n".join(story(run)))
        print("figure written to", figure(run, os.path.join(argv[1], "memory.png")))
    except (OSError, ValueError, KeyError) as e:
        print(f"plastix.story: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
