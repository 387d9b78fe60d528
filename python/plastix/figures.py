"""Figures of a run's output directory. `python3 -m plastix.figures DIR` writes DIR/figure.png: spike rasters,
the population rates (one panel), recorded state traces, weights and transmitted efficacies over time, then one
panel per result table (plots.table_plot: the plot chosen for what the table holds)."""
import os
import sys

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plastix.plots import (SUPPORT_TABLES, experiment_of, plain_text, state_elements, table_height,  # noqa: E402
                           table_kind, table_plot)
from plastix.results import run_output  # noqa: E402


def time_unit(end_ms):
    """(divisor, unit) for a time axis that ends at end_ms: ms for runs up to 10 s, then s, h or days."""
    for divisor, unit, above in ((86400e3, "days", 10 * 86400e3), (3600e3, "h", 10 * 3600e3), (1e3, "s", 10e3)):
        if end_ms > above:
            return divisor, unit
    return 1.0, "ms"


def _rates_panel(ax, rates, scale):
    """Every population rate recording in one panel, one colour each."""
    for k, (name, d) in enumerate(rates):
        ax.plot(np.asarray(d["times"]) / scale, d["rates"], color=f"C{k % 10}", lw=1, label=name)
    ax.set_ylabel("rate [Hz]")
    if len(rates) > 1:
        ax.legend(fontsize=7, loc="upper right", ncol=min(len(rates), 4))
    names = ", ".join(name for name, _ in rates)
    ax.set_title(f"population rate{'s' if len(rates) > 1 else ''}: {names}", fontsize=9)


def _lines_with_mean(ax, t, values, max_lines, label):
    """The columns of values over time t: up to max_lines of them as thin lines; with more, their mean (black),
    the band of their 10th to 90th percentile and their 99th percentile (dashed) instead, which tell how the whole
    distribution moves. With three samples or fewer (recorded at the start and end only) points, not lines: a
    straight line between two samples would claim a time course that was not recorded. Returns the title's note
    on what is drawn."""
    values = values if values.ndim == 2 else values[:, None]
    n = values.shape[1]
    few = len(t) <= 3
    if n <= max_lines:
        for j in range(n):
            ax.plot(t, values[:, j], "o" if few else "-", ms=4, lw=1.0 if n == 1 else 0.8, alpha=0.8,
                    label=None if n > 5 else f"{j}")
        drawn = f"{n} {label}".strip()
    else:
        p10, p90, p99 = (np.nanpercentile(values, q, axis=1) for q in (10, 90, 99))
        if few:
            mean = np.nanmean(values, axis=1)  # may lie outside [p10, p90] in a skewed distribution: no bar then
            ax.errorbar(t, mean, yerr=[np.maximum(mean - p10, 0), np.maximum(p90 - mean, 0)], fmt="D", color="k",
                        ms=6, capsize=4, label="mean, 10th–90th percentile")
            ax.plot(t, p99, "v", color="C3", ms=6, label="99th percentile")
        else:
            ax.fill_between(t, p10, p90, color="0.8", label="10th–90th percentile")
            ax.plot(t, np.nanmean(values, axis=1), "-", color="k", lw=1.8, label="mean")
            ax.plot(t, p99, "--", color="C3", lw=1.0, label="99th percentile")
        ax.legend(fontsize=7, loc="best")
        drawn = f"all {n} {label}".replace("  ", " ").strip()
    if few:
        ax.set_xticks(t)
        ax.set_xlim(t.min() - 0.1 * (np.ptp(t) or 1), t.max() + 0.1 * (np.ptp(t) or 1))
    return drawn + (", sampled at start and end only" if few else "")


def overview(directory, path=None, max_raster_neurons=500, raster_window_ms=2000.0, long_run_ms=20000.0,
             max_lines=10, dpi=110):
    """Draw the overview figure of a run and save it (default DIR/figure.png). Returns the path. Spike rasters of a
    run longer than long_run_ms show its last raster_window_ms only (a raster of minutes is a solid band). Every
    rate recording shares one panel; state and weight panels draw up to max_lines elements and their mean; result
    tables follow, one panel each (small multiples taller)."""
    run = run_output(directory)
    end_ms = max(run.summary.get("bio_time_s", 0) * 1e3, 1e-9)
    scale, unit = time_unit(end_ms)
    panels = [("raster", n, d) for n, d in run.spikes.items()]
    if run.rates:
        panels.append(("rates", "", list(run.rates.items())))
    panels += [("state", n, d) for n, d in run.states.items()]
    panels += [("weights", n, d) for n, d in run.weights.items()]
    panels += [("transmission", n, d) for n, d in run.transmissions.items()]
    time_panels = len(panels)
    panels += [("table", n, d) for n, d in run.tables.items()
               if table_kind(d, run.table_labels.get(n)) not in SUPPORT_TABLES]
    if not panels:
        raise ValueError(f"{directory}: nothing was recorded, no figure to draw")
    heights = [1.6 * table_height(d, run.table_labels.get(n)) if k == "table" else 1.0 for k, n, d in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 2.2 * sum(heights) + 0.8), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (kind, name, d) in zip(axes[:, 0], panels):
        if kind == "raster":
            # a long run: the last raster_window_ms before this population's last spike (not an empty window)
            last = float(np.max(d["times"])) if len(d["times"]) else end_ms
            raster_from = max(0.0, last - raster_window_ms) if end_ms > long_run_ms else 0.0
            keep = (d["senders"] < max_raster_neurons) & (d["times"] >= raster_from) & (d["times"] <= last + 1)
            ax.plot(d["times"][keep] / scale if raster_from == 0 else d["times"][keep], d["senders"][keep], "|",
                    ms=2, color="k")
            ax.set_ylabel("neuron")
            shown = min(max_raster_neurons, run.population_size(d["population"]) or max_raster_neurons)
            spiking = f"the last {raster_window_ms / 1e3:g} s of spikes" if last >= end_ms - 1 else \
                f"{raster_window_ms / 1e3:g} s up to its last spike"
            window = f", {spiking}" if raster_from > 0 else ""
            ax.set_title(f"spikes: {name} (first {shown} neurons{window})", fontsize=9)
            if raster_from > 0:  # the last seconds, in ms
                ax.set_xlim(raster_from, raster_from + raster_window_ms)
                ax.set_xlabel("time [ms]")
            else:
                ax.set_xlim(0, end_ms / scale)
            continue
        elif kind == "rates":
            _rates_panel(ax, d, scale)
        elif kind == "state":
            t = np.asarray(d["times"]) / scale
            what = _lines_with_mean(ax, t, np.asarray(d["values"], dtype=float), max_lines, "")
            ax.set_ylabel(f"{d['variable']} [{d['unit']}]")
            if d["variable"] == "level":  # a [[modulator]]'s level: one value, no neurons
                ax.set_title(f"modulator level: {name}", fontsize=9)
            else:
                ax.set_title(f"state: {name}, {state_elements(d)}" + (f" ({what})" if what else ""), fontsize=9)
        elif kind == "weights":
            t = np.asarray(d["times"]) / scale
            what = _lines_with_mean(ax, t, np.asarray(d["values"], dtype=float), max_lines, "synapses")
            ax.set_ylabel(f"w [{d['unit']}]")
            ax.set_title(f"weights: {name} ({what})", fontsize=9)
            if len(t) <= 3:
                ax.set_xlabel(f"time [{unit}]")
                continue
        elif kind == "transmission":
            for j in np.unique(d["pre"])[:20]:
                keep = d["pre"] == j
                ax.plot(d["times"][keep] / scale, d["efficacy"][keep], "o-", ms=3, lw=0.6)
            ax.set_ylabel(f"efficacy [{d['unit']}]")
            ax.set_title(f"transmitted efficacy: {name} (per presynaptic neuron)", fontsize=9)
        else:
            table_plot(ax, name, d, run.table_labels.get(name), experiment_of(run))
            continue
        ax.set_xlim(0, end_ms / scale)
    if time_panels:
        for ax in axes[:time_panels, 0]:
            if not ax.get_xlabel():
                ax.set_xlabel(f"time [{unit}]", fontsize=8)
    return save_figure(fig, run, path or os.path.join(directory, "figure.png"), dpi=dpi)


def save_figure(fig, run, path, dpi):
    """Titles fig with the run's experiment and seed, writes it to path and closes it; returns path. Names are
    shown as written, never as matplotlib math (plots.plain_text)."""
    height = fig.get_figheight()  # inches: the title sits 0.1 in below the top, the panels start 0.45 in below it
    plain_text(fig)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / height))  # before the title: tight_layout would make room for it again
    fig.suptitle(f"{run.summary.get('experiment', '')} — seed {run.summary.get('seed', '')}", fontsize=10,
                 y=1 - 0.1 / height, va="top")
    plain_text(fig)
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
