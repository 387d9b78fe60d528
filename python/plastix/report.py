"""HTML report of a run's output directory: `plastix report DIR` (or `python3 -m plastix.report DIR`) writes
DIR/report.html, one self-contained file that leads with the answer: what the experiment asks and what it found in
plain words (plastix.findings, and the recall story of memory runs), then the main figures (the memory figure, the
result tables' figures), the result tables with condition names, the recorded activity, the metrics, the run's
bookkeeping and the experiment file as run. PNG images are embedded as base64. `plastix run` writes it, with
DIR/figure.png (plastix.figures) and, for runs with a recall analysis, DIR/memory.png (plastix.story); for
runs with firing_pattern analyses, DIR/patterns.png (plastix.firing)."""
import base64
import html
import io
import math
import os
import sys
import tempfile

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402

from plastix import answers  # noqa: E402
from plastix import figures as overview_figure  # noqa: E402
from plastix import firing  # noqa: E402
from plastix import plots  # noqa: E402
from plastix import story  # noqa: E402
from plastix.findings import run_findings  # noqa: E402
from plastix.results import run_output  # noqa: E402

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 70em; }
h1 { font-size: 1.5em; } p.question { font-size: 1.05em; } ul.answer li { margin: 0.3em 0; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 1.5em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th { background: #eef; } td.k { text-align: left; font-family: monospace; }
figure { margin: 1em 0; } figcaption { font-size: 0.9em; color: #555; }
img { max-width: 100%; border: 1px solid #ddd; }
pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 0.85em; }
"""


def _num(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else f"{v:.6g}"
    return html.escape(str(v))


def _duration(seconds):
    """A duration in the unit a reader expects: s, min, h or days."""
    seconds = float(seconds or 0)
    for unit, size in (("days", 86400.0), ("h", 3600.0), ("min", 60.0)):
        if seconds >= 2 * size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def _png(fig):
    buf = io.BytesIO()
    plots.plain_text(fig)  # names with '$' are not matplotlib math
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _figure(caption, png):
    return (f"<figure><img alt='{html.escape(caption)}' src='data:image/png;base64,{png}'>"
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _table(name, table, labels):
    """A result table as HTML; a sweep's condition column shows the conditions' names."""
    cols = list(table)
    names = (labels or {}).get("condition")
    out = [f"<h3>{html.escape(name)}</h3><table><tr>"] + [f"<th>{html.escape(c)}</th>" for c in cols] + ["</tr>"]
    rows = len(table[cols[0]]) if cols else 0
    for i in range(rows):
        cells = []
        for c in cols:
            if c == "condition" and names is not None and i < len(names):
                cells.append(f"<td class='k'>{html.escape(str(names[i]))}</td>")
            else:
                cells.append(f"<td>{_num(float(table[c][i]))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return out


def _answer(run):
    """The plain-word findings: the experiment's curated answer (plastix.answers), the recall headlines of memory
    runs, then every other table's sentences (or, with no table, the rates and weight changes)."""
    lines, answered = answers.curated(run)  # the experiment's own answer first, where it has one
    lines = lines + (story.recall_headlines(run) if story.recall_tables(run) else [])
    return lines + run_findings(run, skip=set(story.recall_tables(run)) | answered)


def render(directory, memory_png=None):
    """The HTML text of the report of an output directory (memory_png: the path of the run's memory figure, drawn
    first when given)."""
    run = run_output(directory)
    s = run.summary
    title = f"plastix report: {s.get('experiment', '')}"
    out = [f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
           f"<style>{_STYLE}</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
    about = story.intro(os.path.join(directory, "experiment.toml"))
    out.append("<section id='answer'>")
    if about:
        out.append(f"<p class='question'>{html.escape(about)}</p>")
    answer = _answer(run)
    out.append("<h2>What it found</h2><ul class='answer'>")
    out += [f"<li>{html.escape(line.strip())}</li>" for line in answer] or ["<li>nothing to report: the run has no "
                                                                            "result tables and no rates</li>"]
    status = s.get("status", "complete")
    bio, wall = _duration(s.get("bio_time_s", 0)), _duration(s.get("wall_time_s", 0))
    out.append(f"</ul><p>{bio} of biological time in {wall} "
               "of wall-clock time, "
               f"seed {_num(s.get('seed'))}, status: {html.escape(str(status))}.</p>")
    if story.recall_tables(run):
        out.append("<details><summary>Every recall test</summary><ul>")
        out += [f"<li>{html.escape(line.strip())}</li>" for line in story.recall_story(run)]
        out.append("</ul></details>")
    out.append("</section>")
    main = []
    if memory_png and os.path.exists(memory_png):
        with open(memory_png, "rb") as f:
            main.append(_figure("Memory: spikes sorted by pattern, weights before and after, recall over time",
                                base64.b64encode(f.read()).decode("ascii")))
    patterns_png = os.path.join(directory, "patterns.png")
    if firing.traces(run) and os.path.exists(patterns_png):
        with open(patterns_png, "rb") as f:
            main.append(_figure("Firing patterns: the voltage of each neuron under the current step (shaded)",
                                base64.b64encode(f.read()).decode("ascii")))
    labels = getattr(run, "table_labels", {}) or {}
    for name, table in run.tables.items():
        if plots.table_kind(table, labels.get(name)) in plots.SUPPORT_TABLES:  # shown as tables only
            continue
        fig, ax = plt.subplots(figsize=(7, 3.8 * plots.table_height(table, labels.get(name))))
        plots.table_plot(ax, name, table, labels.get(name), plots.experiment_of(run))
        fig.tight_layout()
        main.append(_figure(f"Result: {name}", _png(fig)))
    if main:
        out.append("<h2>Main figures</h2>")
        out += main
    if run.tables:
        out.append("<h2>Result tables</h2>")
        for name, table in run.tables.items():
            out += _table(name, table, labels.get(name))
    activity = [(c, f) for c, f in plots.figures(run) if not c.startswith("Table: ")]
    fields = [(c, f) for c, f in activity if c.startswith("Receptive fields")]  # what a classify run learned
    activity = [(c, f) for c, f in activity if not c.startswith("Receptive fields")]
    if fields:
        out.append("<h2>Learned receptive fields</h2>")
        out += [_figure(caption, _png(fig)) for caption, fig in fields]
    if activity:
        out.append("<h2>Recorded activity</h2>")
        out += [_figure(caption, _png(fig)) for caption, fig in activity]
    if s.get("metrics"):
        out.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>")
        out += [f"<tr><td class='k'>{html.escape(k)}</td><td>{_num(v)}</td></tr>" for k, v in s["metrics"].items()]
        out.append("</table>")
    out.append("<h2>Run</h2><table>")
    for key in ("experiment", "seed", "version", "file", "dt_ms", "bio_time_s", "wall_time_s", "realtime_factor",
                "neuron_count", "synapse_count", "spike_count"):
        if key in s:
            out.append(f"<tr><td class='k'>{key}</td><td>{_num(s[key])}</td></tr>")
    out.append("</table>")
    if s.get("phases"):
        out.append("<table><tr><th>phase</th><th>duration [ms]</th></tr>")
        out += [f"<tr><td class='k'>{html.escape(p['name'])}</td><td>{_num(p['duration_ms'])}</td></tr>"
                for p in s["phases"]]
        out.append("</table>")
    path = os.path.join(directory, "experiment.toml")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            out.append(f"<h2>Experiment file</h2><pre>{html.escape(f.read())}</pre>")
    # Marks the page with how many figures decoded and where the answer and the first figure sit, for checks in a
    # headless browser (tests/python/test_report.py): the first screen must show the answer and a figure.
    out.append("<script>window.addEventListener('load', () => { const im = Array.from(document.images); "
               "const b = document.body; b.setAttribute('data-figures-loaded', im.filter(i => i.complete && "
               "i.naturalWidth > 0).length + '/' + im.length); const a = document.getElementById('answer'); "
               "b.setAttribute('data-answer-top', Math.round(a.getBoundingClientRect().top)); "
               "b.setAttribute('data-first-figure-top', im.length ? Math.round(im[0].getBoundingClientRect().top) "
               ": -1); b.setAttribute('data-screen-height', window.innerHeight); });</script>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _replace_atomically(directory, name, write):
    """Writes DIR/name through write(path of a temporary file in DIR), renamed into place; returns the path."""
    path = os.path.join(directory, name)
    stem, suffix = os.path.splitext(name)
    fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=suffix, dir=directory)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def write_report(directory):
    """Writes DIR/report.html (atomically: a temporary file renamed into place). Returns its path."""
    memory = os.path.join(directory, "memory.png")
    text = render(directory, memory if os.path.exists(memory) else None)

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)

    return _replace_atomically(directory, "report.html", write)


def write_all(directory):
    """What `plastix run` writes after the data: DIR/figure.png, DIR/memory.png (runs with a recall analysis; none
    otherwise) and DIR/report.html. Returns their paths."""
    run = run_output(directory)
    recorded = any((run.spikes, run.rates, run.states, run.weights, run.transmissions, run.tables))
    paths = []  # a run that recorded nothing has no overview figure (its report tells its metrics)
    if recorded:
        paths.append(_replace_atomically(directory, "figure.png",
                                         lambda tmp: overview_figure.overview(directory, tmp)))
    if story.recall_tables(run):
        paths.append(_replace_atomically(directory, "memory.png", lambda tmp: story.figure(run, tmp)))
    if firing.traces(run):
        paths.append(_replace_atomically(directory, "patterns.png", lambda tmp: firing.figure(run, tmp)))
    paths.append(write_report(directory))
    return paths


def main(argv):
    matplotlib.use("Agg")  # files only; importing this module leaves the backend alone (notebooks)
    args = argv[1:]
    quiet = "-q" in args
    everything = "--all" in args
    args = [a for a in args if a not in ("-q", "--all")]
    if len(args) != 1:
        print("usage: plastix report DIR   (python3 -m plastix.report [--all] [-q] DIR)", file=sys.stderr)
        return 2
    try:
        paths = write_all(args[0]) if everything else [write_report(args[0])]
    except (OSError, ValueError, KeyError) as e:
        print(f"plastix report: error: {e}", file=sys.stderr)
        return 1
    if not quiet:
        print("written:", ", ".join(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
