"""HTML report of a run's output directory: `plastix report DIR` (or `python3 -m plastix.report DIR`) writes
DIR/report.html, one self-contained file: the run's summary, metrics, result tables, every figure of plastix.plots
(PNG images embedded as base64) and the experiment file as run."""
import base64
import html
import io
import math
import os
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from plastix import plots  # noqa: E402
from plastix.results import run_output  # noqa: E402

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 70em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 1.5em; }
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


def _png(fig):
    buf = io.BytesIO()
    plots.plain_text(fig)  # names with '$' are not matplotlib math
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def render(directory):
    """The HTML text of the report of an output directory."""
    run = run_output(directory)
    s = run.summary
    title = f"plastix report: {s.get('experiment', '')}"
    out = [f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
           f"<style>{_STYLE}</style></head><body>", f"<h1>{html.escape(title)}</h1>"]
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
    if s.get("metrics"):
        out.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>")
        out += [f"<tr><td class='k'>{html.escape(k)}</td><td>{_num(v)}</td></tr>" for k, v in s["metrics"].items()]
        out.append("</table>")
    for name, table in run.tables.items():
        cols = list(table)
        out.append(f"<h2>Table: {html.escape(name)}</h2><table><tr>")
        out += [f"<th>{html.escape(c)}</th>" for c in cols]
        out.append("</tr>")
        rows = len(table[cols[0]]) if cols else 0
        for i in range(rows):
            out.append("<tr>" + "".join(f"<td>{_num(float(table[c][i]))}</td>" for c in cols) + "</tr>")
        out.append("</table>")
    figures = plots.figures(run)
    if figures:
        out.append("<h2>Figures</h2>")
        for caption, fig in figures:
            out.append(f"<figure><img alt='{html.escape(caption)}' src='data:image/png;base64,{_png(fig)}'>"
                       f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    path = os.path.join(directory, "experiment.toml")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            out.append(f"<h2>Experiment file</h2><pre>{html.escape(f.read())}</pre>")
    # Marks the page with how many figures decoded, for checks in a headless browser (tests/python/test_report.py).
    out.append("<script>window.addEventListener('load', () => { const im = Array.from(document.images); "
               "document.body.setAttribute('data-figures-loaded', im.filter(i => i.complete && i.naturalWidth > 0)"
               ".length + '/' + im.length); });</script>")
    out.append("</body></html>\n")
    return "\n".join(out)


def write_report(directory):
    """Writes DIR/report.html (atomically: a temporary file renamed into place). Returns its path."""
    text = render(directory)
    path = os.path.join(directory, "report.html")
    fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".html", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def main(argv):
    if len(argv) != 2:
        print("usage: plastix report DIR   (python3 -m plastix.report DIR)", file=sys.stderr)
        return 2
    try:
        print("report written to", write_report(argv[1]))
    except (OSError, ValueError, KeyError) as e:
        print(f"plastix report: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
