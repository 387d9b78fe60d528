"""The firing patterns of a run with firing_pattern analyses ([[analysis]] type = "firing_pattern", table
`firing_patterns`; experiments/adex_firing_patterns.toml), in one figure: `python3 -m plastix.firing DIR` writes
DIR/patterns.png, one voltage trace panel per analysed neuron whose population has a state monitor of v, with the
class the analysis gave it, the spikes of a twin population `<name>_<model>` (the same neuron built in) marked
above the trace, and the current step shaded."""
import os
import sys

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from plastix.figures import save_figure  # noqa: E402
from plastix.results import run_output  # noqa: E402

TABLE = "firing_patterns"
SPIKE_TOP = 20.0  # [mV] spikes are drawn as strokes up to here (the recorded v is reset within the step)


def traces(run):
    """[(population, v state record, class label, spike times, twin name, twin spike times)] of the analysed
    neurons with a v trace, in table order."""
    labels = (getattr(run, "table_labels", {}) or {}).get(TABLE) or {}
    rows = list(zip(labels.get("condition") or [], labels.get("pattern") or []))
    states = {d["population"]: d for d in run.states.values() if d.get("variable") == "v"}
    spikes = {d["population"]: d["times"] for d in run.spikes.values()}
    out = []
    for name, pattern in rows:
        if name not in states:
            continue
        twin = next((m for m, _ in rows if m != name and m.startswith(name + "_") and m in spikes), None)
        out.append((name, states[name], pattern, spikes.get(name, np.array([])), twin,
                    spikes.get(twin, np.array([])) if twin else None))
    return out


def step_window(run):
    """(start, end) [ms] of the phase named "step", or None."""
    t = 0.0
    for p in run.summary.get("phases", []):
        if p["name"] == "step":
            return t, t + p["duration_ms"]
        t += p["duration_ms"]
    return None


def figure(run, path, dpi=110):
    """DIR/patterns.png: one panel per analysed neuron with a v trace (see the module's description)."""
    panels = traces(run)
    if not panels:
        raise ValueError(f"{run.directory}: no firing_pattern analysis of a population with a v trace")
    cols = 2 if len(panels) > 1 else 1
    rows = (len(panels) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(7 * cols, 2.6 * rows + 0.8), squeeze=False, sharex=True)
    window = step_window(run)
    for ax, (name, v, pattern, times, twin, twin_times) in zip(axes.flat, panels):
        t, values = np.asarray(v["times"]), np.asarray(v["values"], dtype=float)[:, 0]
        if window:
            ax.axvspan(*window, color="0.93", lw=0)
        ax.plot(t, values, color="C0", lw=1.0)
        before = np.clip(np.searchsorted(t, times) - 1, 0, max(len(t) - 1, 0))  # the sample before each spike
        ax.vlines(times, values[before] if len(values) else SPIKE_TOP, SPIKE_TOP, color="C0", lw=1.0)
        if twin is not None:
            ax.plot(twin_times, np.full(len(twin_times), SPIKE_TOP + 8), "v", color="C3", ms=4,
                    label=f"{twin} (built in)")
        ax.set_title(f"{name.replace('_', ' ')}: classified as {pattern}", fontsize=12)
        ax.set_ylabel("v [mV]", fontsize=11)
        ax.set_ylim(min(-80.0, values.min() - 2 if len(values) else -80.0), SPIKE_TOP + 16)
        ax.tick_params(labelsize=10)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    for ax in axes[-1, :]:
        ax.set_xlabel("time [ms]", fontsize=11)
    handles = [h for h in axes.flat[0].get_legend_handles_labels()[0]]
    if handles:
        fig.legend(handles, ["spikes of the built-in twin (▼)"], loc="upper right", fontsize=10, frameon=False)
    return save_figure(fig, run, path, dpi=dpi)


def main(argv):
    matplotlib.use("Agg")
    if len(argv) != 2:
        print("usage: python3 -m plastix.firing DIR", file=sys.stderr)
        return 2
    print("written:", figure(run_output(argv[1]), os.path.join(argv[1], "patterns.png")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
