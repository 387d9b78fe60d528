"""Figures of a run's output directory. `python3 -m plastix.figures DIR` writes DIR/figure.png:
spike rasters, population rates, recorded state traces, weights and transmitted efficacies over time, one panel
each, then one panel per result table (first column on x, the other columns as lines with markers)."""
import os
import sys

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plastix.plots import plain_text, state_elements, table_plot  # noqa: E402
from plastix.results import run_output  # noqa: E402


def overview(directory, path=None, max_raster_neurons=500, raster_window_ms=2000.0, long_run_ms=20000.0):
    """Draw the overview figure of a run and save it (default DIR/figure.png). Returns the path. Spike rasters of a
    run longer than long_run_ms show its last raster_window_ms only (a raster of minutes is a solid band)."""
    run = run_output(directory)
    end_ms = max(run.summary.get("bio_time_s", 0) * 1e3, 1e-9)
    raster_from = end_ms - raster_window_ms if end_ms > long_run_ms else 0.0
    panels = [("raster", n, d) for n, d in run.spikes.items()]
    panels += [("rate", n, d) for n, d in run.rates.items()]
    panels += [("state", n, d) for n, d in run.states.items()]
    panels += [("weights", n, d) for n, d in run.weights.items()]
    panels += [("transmission", n, d) for n, d in run.transmissions.items()]
    time_panels = len(panels)
    panels += [("table", n, d) for n, d in run.tables.items()]
    if not panels:
        raise ValueError(f"{directory}: nothing was recorded, no figure to draw")
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 2.2 * len(panels) + 0.6), squeeze=False)
    for ax, (kind, name, d) in zip(axes[:, 0], panels):
        if kind == "raster":
            keep = (d["senders"] < max_raster_neurons) & (d["times"] >= raster_from)
            ax.plot(d["times"][keep], d["senders"][keep], "|", ms=2, color="k")
            ax.set_ylabel("neuron")
            shown = min(max_raster_neurons, run.population_size(d["population"]) or max_raster_neurons)
            window = f", last {raster_window_ms / 1e3:g} s" if raster_from > 0 else ""
            ax.set_title(f"spikes: {name} (first {shown} neurons{window})", fontsize=9)
            ax.set_xlim(raster_from, end_ms)
            continue
        elif kind == "rate":
            ax.plot(d["times"], d["rates"], color="C0", lw=1)
            ax.set_ylabel("rate [Hz]")
            ax.set_title(f"population rate: {name}", fontsize=9)
        elif kind == "state":
            ax.plot(d["times"], d["values"], lw=0.8)
            ax.set_ylabel(f"{d['variable']} [{d['unit']}]")
            if d["variable"] == "level":  # a [[modulator]]'s level: one value, no neurons
                ax.set_title(f"modulator level: {name}", fontsize=9)
            else:
                ax.set_title(f"state: {name}, {state_elements(d)}", fontsize=9)
        elif kind == "weights":
            ax.plot(d["times"], d["values"][:, :50], lw=0.6)
            ax.set_ylabel(f"w [{d['unit']}]")
            ax.set_title(f"weights: {name}", fontsize=9)
        elif kind == "transmission":
            for j in np.unique(d["pre"])[:20]:
                keep = d["pre"] == j
                ax.plot(d["times"][keep], d["efficacy"][keep], "o-", ms=3, lw=0.6)
            ax.set_ylabel(f"efficacy [{d['unit']}]")
            ax.set_title(f"transmitted efficacy: {name} (per presynaptic neuron)", fontsize=9)
        else:
            table_plot(ax, name, d, run.table_labels.get(name))
            continue
        ax.set_xlim(0, end_ms)
    if time_panels:
        axes[time_panels - 1, 0].set_xlabel("time [ms]")
    return save_figure(fig, run, path or os.path.join(directory, "figure.png"), dpi=110)


def save_figure(fig, run, path, dpi):
    """Titles fig with the run's experiment and seed, writes it to path and closes it; returns path. Names are
    shown as written, never as matplotlib math (plots.plain_text)."""
    fig.suptitle(f"{run.summary.get('experiment', '')} — seed {run.summary.get('seed', '')}", fontsize=10)
    plain_text(fig)
    fig.tight_layout()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
    return path


def main(argv):
    matplotlib.use("Agg")  # files only; importing this module leaves the backend alone (notebooks)
    if len(argv) != 2:
        print("usage: python3 -m plastix.figures DIR", file=sys.stderr)
        return 2
    try:
        print("figure written to", overview(argv[1]))
    except (OSError, ValueError, KeyError) as e:
        print(f"plastix.figures: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
