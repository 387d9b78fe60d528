"""The gallery of the ready experiments: docs/gallery.md with each one's main figure (docs/gallery/NAME.png, small)
and one line saying what it shows. One command regenerates it (`make gallery`):

    PYTHONPATH=python /usr/bin/python3 -m plastix.gallery [--plastix build/bin/plastix] [--results DIR] [--reuse]
                                                           [--only NAME ...]

runs every experiments/*.toml with the plastix tool into DIR/NAME (default results/gallery; --reuse keeps the runs
already there; --only NAME ... runs and redraws just those and keeps the page's other entries), draws each main
figure and writes the page. The main figure is the experiment's science: its result
tables drawn as plots.table_plot draws them (the STDP window, frequency curves per Δt, one small panel per condition,
recall against sleep phases ...), the learned receptive fields of a classify run, the voltage traces of a run with
firing_pattern analyses (plastix.firing), and the overview (plastix.figures) for a run without result tables. The
caption is the run's curated answer (plastix.answers), else its first finding."""
import argparse
import glob
import os
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plastix import answers, firing, plots, story  # noqa: E402
from plastix.figures import overview, save_figure  # noqa: E402
from plastix.findings import run_findings  # noqa: E402
from plastix.results import run_output  # noqa: E402

PAGE = "docs/gallery.md"
IMAGES = "docs/gallery"
MAX_BYTES = 100_000  # each image; the gallery lives in the repository
DPI = 60

# Result tables a main figure leaves out (they detail another table; the report lists them).
_DETAIL = ("classified", "neuron_labels", "choices_trials", "conditioned_response_psth", "scaling_weights")
# The tables that answer the question, in this order, where they are not the file's other tables in its order.
_MAIN = {"working_memory": ["time_course", "regimes"], "scaling_ttx": ["scaling_weights"]}


def ready_experiments(source_dir):
    """The names of the ready experiments: experiments/*.toml (not experiments/examples), sorted."""
    return sorted(os.path.splitext(os.path.basename(p))[0]
                  for p in glob.glob(os.path.join(source_dir, "experiments", "*.toml")))


def main_tables(run):
    """The result tables the main figure draws, in the run's order."""
    labels = getattr(run, "table_labels", {}) or {}
    recall = set(story.recall_tables(run))
    names = [n for n, t in run.tables.items()
             if n not in _DETAIL and n not in recall and plots.table_kind(t, labels.get(n)) not in plots.SUPPORT_TABLES
             and not (plots.table_kind(t, labels.get(n)) == "accuracy" and len(t["accuracy"]) < 2)]  # one point
    chosen = _MAIN.get(run.summary.get("experiment", ""))
    return [n for n in chosen if n in run.tables] if chosen and set(chosen) <= set(run.tables) else names


def main_figure(directory, path, dpi=DPI):
    """Draws the run's main figure to path (see the module's description); returns path."""
    run = run_output(directory)
    labels = getattr(run, "table_labels", {}) or {}
    tables = main_tables(run)
    recall = story.recall_tables(run)
    fields = [(n, w) for n, w in run.weights.items() if plots.is_receptive_field_source(w)]
    if firing.traces(run):  # the voltage traces are the science; the table is in the report
        return firing.figure(run, path, dpi=dpi)
    if not tables and not recall:
        return overview(directory, path, max_raster_neurons=200, dpi=dpi)
    heights = ([1.0] if recall else []) + [plots.table_height(run.tables[n], labels.get(n)) for n in tables]
    heights += [2.0] if fields and "neuron_labels" in run.tables else []
    fig, axes = plt.subplots(len(heights), 1, figsize=(8, 3.2 * sum(heights) + 0.5), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    axes = list(axes[:, 0])
    if recall:
        story.recall_against(axes.pop(0), run, recall)
    for name in tables:
        plots.table_plot(axes.pop(0), name, run.tables[name], labels.get(name), plots.experiment_of(run))
    if axes:  # a classify run: the receptive fields with the neurons' labels
        t = run.tables["neuron_labels"]
        last = np.asarray(t["trained"]) == np.max(t["trained"])
        name, weights = fields[0]
        plots.receptive_fields(axes.pop(0), weights, np.asarray(t["label"])[last],
                               f"receptive fields: {name} (labels in the corner)")
    return save_figure(fig, run, path, dpi=dpi)


def caption(run):
    """One line saying what the run shows: its curated answer, else its first plain-word finding."""
    lines = answers.curated(run)[0]
    if not lines and story.recall_tables(run):  # what was stored, then how it was recalled
        lines = [" ".join(story.recall_headlines(run)[:2])]
    lines = lines or run_findings(run)
    return " ".join(lines[0].split()) if lines else "(no result tables)"


def markdown(entries):
    """The text of docs/gallery.md for [(name, caption)] in order."""
    out = ["# Gallery of the ready experiments", "",
           "Each ready experiment (`experiments/*.toml`) with its main figure and what it shows, from one run at the "
           "file's own seed. Regenerate with `make gallery` (runs every experiment, a few minutes; "
           "`python/plastix/gallery.py`). Models and papers: [models/](models/); every figure and the full report of "
           "a run: `build/bin/plastix run experiments/NAME.toml -o results/NAME` (`report.html`).", ""]
    for name, text in entries:
        out += [f"## {name}", "", f"[`experiments/{name}.toml`](../experiments/{name}.toml): {text}", "",
                f"![{name}](gallery/{name}.png)", ""]
    return "\n".join(out)


def _small_png(directory, path):
    """The main figure at the gallery's resolution, smaller until it fits MAX_BYTES."""
    for dpi in (DPI, 50, 40, 32):
        main_figure(directory, path, dpi=dpi)
        if os.path.getsize(path) <= MAX_BYTES:
            return path
    return path


def page_entries(page):
    """{name: caption} of the entries of an existing docs/gallery.md (empty when there is none)."""
    if not os.path.exists(page):
        return {}
    with open(page, encoding="utf-8") as f:
        lines = f.read().splitlines()
    entries = {}
    for k, line in enumerate(lines):
        if line.startswith("## ") and k + 2 < len(lines):
            entries[line[3:].strip()] = lines[k + 2].split("): ", 1)[-1]
    return entries


def build(source_dir, plastix, results, reuse=False, leave_out=(), only=()):
    """Runs (unless reused) and draws every ready experiment but those in leave_out (their entries are still to be
    made: tests/python/test_gallery.py lists them as pending); writes the images and the page. With `only`, runs and
    draws just those and keeps the other entries of the page as they are. Returns the page."""
    entries = []
    os.makedirs(os.path.join(source_dir, IMAGES), exist_ok=True)
    page = os.path.join(source_dir, PAGE)
    kept = page_entries(page) if only else {}
    for name in ready_experiments(source_dir):
        if name in leave_out:
            continue
        if only and name not in only:
            if name in kept:
                entries.append((name, kept[name]))
            continue
        out = os.path.join(results, name)
        if not (reuse and os.path.exists(os.path.join(out, "summary.json"))):
            print(f"gallery: running {name} ...", flush=True)
            subprocess.run([plastix, "run", os.path.join(source_dir, "experiments", f"{name}.toml"), "-o", out,
                            "-q"], check=True)
        _small_png(out, os.path.join(source_dir, IMAGES, f"{name}.png"))
        entries.append((name, caption(run_output(out))))
    with open(page, "w", encoding="utf-8") as f:
        f.write(markdown(entries))
    return page


def main(argv):
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser(prog="python3 -m plastix.gallery", description=__doc__.splitlines()[0])
    p.add_argument("--source", default=here, help="the plastix source tree (default: this package's)")
    p.add_argument("--plastix", default=os.path.join(here, "build", "bin", "plastix"))
    p.add_argument("--results", default=os.path.join(here, "results", "gallery"))
    p.add_argument("--reuse", action="store_true", help="draw the runs already in --results, run the others")
    p.add_argument("--leave-out", nargs="*", default=[], metavar="NAME",
                   help="experiments to leave out of the page (pending: listed in tests/python/test_gallery.py)")
    p.add_argument("--only", nargs="*", default=[], metavar="NAME",
                   help="run and draw only these experiments; the page keeps the other entries as they are")
    a = p.parse_args(argv[1:])
    unknown = set(a.only) - set(ready_experiments(a.source))
    if unknown:
        p.error(f"--only: not a ready experiment: {', '.join(sorted(unknown))}")
    matplotlib.use("Agg")  # files only; importing this module leaves the backend alone (notebooks)
    print("gallery written to", build(a.source, a.plastix, a.results, a.reuse, set(a.leave_out), set(a.only)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
