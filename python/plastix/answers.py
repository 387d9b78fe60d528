"""Curated answers: for ready experiments whose generic findings (plastix.findings) read as a list of numbers, one or
two sentences that answer the experiment's question in its own terms, with the numbers of the run. The report leads
with them (plastix.report) and the gallery uses the first as its caption (plastix.gallery). Each function takes the
run (plastix.results.run_output) and returns (sentences, tables it answers for, whose generic findings are left
out); it is chosen by the experiment's name (summary.json "experiment")."""
import numpy as np

from . import published


def _col(table, name):
    return np.asarray(table[name], dtype=float)


def _rows(run, table_name):
    """(table, condition names per row) of a sweep table."""
    table = run.tables[table_name]
    names = ((getattr(run, "table_labels", {}) or {}).get(table_name) or {}).get("condition") or []
    return table, names


def _at(table, names, condition, column, t=None, time="t_h"):
    """The value of column in the row of condition (at time t when given); NaN if absent."""
    for i, name in enumerate(names):
        if name == condition and (t is None or float(table[time][i]) == t):
            return float(table[column][i])
    return float("nan")


def tagging_capture(run):
    table, names = _rows(run, "pathways")
    base = 1.6  # w0 + gz·0.3: 30 % of the synapses start in the late-phase up state (tagging_capture.toml)
    pct = lambda w: f"{100 * w / base:.0f} %"  # noqa: E731
    strong = _at(table, names, "strong A", "w_A", 8.0)
    weak1, weak8 = _at(table, names, "weak A", "w_A", 1.0), _at(table, names, "weak A", "w_A", 8.0)
    captured = _at(table, names, "strong A, weak B 30 min later", "w_B", 8.0)
    aniso = _at(table, names, "strong A + anisomycin", "w_A", 8.0)
    lfs = _at(table, names, "strong LFS A", "w_A", 8.0)
    return ([f"Tagging and capture as Frey & Morris 1997: 8 h after a strong tetanus pathway A is at {pct(strong)} of "
             f"baseline (late LTP); a weak tetanus gives early LTP only ({pct(weak1)} at 1 h, {pct(weak8)} at 8 h); "
             f"a weak tetanus on B 30 min after the strong one on A is captured ({pct(captured)} at 8 h); anisomycin "
             f"blocks late LTP ({pct(aniso)}); a strong LFS leaves late LTD ({pct(lfs)}).",
             "The changes are smaller than in slices (there fEPSPs stay roughly 30–60 % above baseline for hours): "
             "late LTP is a switch of single synapses, 30 % of which start switched on, and a tetanus tags only part "
             "of them (docs/models/consolidation.md, magnitudes)."], {"pathways"})


def working_memory(run):
    t = run.tables["time_course"]
    ms, rate, u, u_other = _col(t, "t_ms"), _col(t, "rate_cued_hz"), _col(t, "u_cued"), _col(t, "u_other")
    cue = int(np.argmax(rate))
    later = ms > ms[cue] + 500
    delay = later & (rate < 2.0)
    reactivated = later & (rate > 3.0)
    lines = [f"The cued item is held by synaptic facilitation, not by firing: after the cue (rate {rate[cue]:.1f} Hz, "
             f"u {u[cue]:.2f}) the cued population falls silent ({np.mean(rate[delay]):.2f} Hz in the delay) while "
             f"its u stays raised ({np.min(u[delay]):.2f}–{np.max(u[delay]):.2f} against {np.mean(u_other):.2f} in "
             "the other populations)" if delay.any() else "The cued population's rate and u over time are in the "
                                                           "figure"]
    if reactivated.any():
        k = int(np.argmax(np.where(reactivated, rate, -1)))
        lines[0] += f"; a nonspecific input at {ms[k]:g} ms reactivates it alone ({rate[k]:.1f} Hz)."
    else:
        lines[0] += "."
    return lines, {"time_course"}


def neurogenesis(run):
    t, names = _rows(run, "overlap")
    inp = float(_col(t, "input")[0])
    c, n = (_at(t, names, k, "overlap") for k in ("control", "neurogenesis"))
    verdict = ("below the input's: the newborn cells separate the patterns" if n < inp else
               "still above the input's: no pattern separation in this run (it separates on average over seeds 1–8, "
               "docs/models/neurogenesis.md)")
    return ([f"Overlap of the representations of two similar patterns (inputs overlap {inp:.3f}): {c:.3f} without "
             f"neurogenesis, {n:.3f} with granule cells born while the second is learned — {verdict}."], set())


def reconsolidation(run):
    t = run.tables["reconsolidation"]
    rec, psi, after = _col(t, "recall_hz"), _col(t, "protein_synthesis_inhibited"), _col(t, "memory_after")
    before = float(_col(t, "memory_before")[0])
    pick = lambda r, p: float(after[(rec > 0) == r][(psi[(rec > 0) == r] > 0) == p][0])  # noqa: E731
    return ([f"Recall makes the memory labile: with protein synthesis blocked after recall it falls from "
             f"{before:.2f} to {pick(True, True):.2f}; recall alone leaves it ({pick(True, False):.2f}), and so does "
             f"blocking synthesis without recall ({pick(False, True):.2f}) (Nader et al. 2000)."], {"reconsolidation"})


def bcm_selectivity(run):
    t = run.tables["responses"]
    before, after = _col(t, "response_before"), _col(t, "response_after")
    best = int(np.argmax(after))
    others = np.delete(after, best)
    return ([f"BCM makes the neuron selective: before learning it answers all {len(after)} patterns alike "
             f"({before.min():.2f}–{before.max():.2f}); after, pattern {int(_col(t, 'pattern')[best])} alone "
             f"({after[best]:.2f}; the others {others.max():.2f} at most)."], {"responses"})


def ocular_dominance(run):
    t, names = _rows(run, "ocular_dominance")
    phase, odi = _col(t, "phase"), _col(t, "odi_mean")
    parts = []
    for name in dict.fromkeys(names):
        rows = np.array([n == name for n in names])
        parts.append(f"{name} {' → '.join(f'{v:+.2f}' for v in odi[rows][np.argsort(phase[rows])])}")
    return (["Mean ocular dominance index at the start and the end of each phase (0 binocular, negative: toward the "
             "open eye): " + "; ".join(parts) + "."], {"ocular_dominance"})


def _classify(run):
    acc = run.tables["accuracy"]
    a, tested, trained = (float(_col(acc, c)[-1]) for c in ("accuracy", "tested", "trained"))
    classes = len(set(_col(run.tables["confusion"], "true_label").astype(int))) if "confusion" in run.tables else 10
    return ([f"Learned without labels by STDP: {100 * a:.1f} % of {int(tested)} held-out images classified correctly "
             f"after {int(trained)} training images (chance {100 / classes:.0f} %)."],
            {"accuracy", "classified", "neuron_labels", "confusion"})


def continual_digits(run):
    t, names = _rows(run, "continual")
    learned, task, acc = (_col(t, c) for c in ("learned", "task", "accuracy"))
    parts = []
    for name in dict.fromkeys(names):
        rows = np.array([n == name for n in names])
        end = rows & (learned == learned[rows].max())
        first = acc[rows & (task == 1)]
        parts.append(f"{name} {100 * first[0]:.0f} → {100 * first[-1]:.0f} % "
                     f"(mean over tasks {100 * acc[end].mean():.0f} %)")
    return (["Five tasks of two digits learned in sequence by STDP; the first task right after it and after all five: "
             + "; ".join(parts) + "."], {"continual"})


def oja_pca(run):
    t = run.tables["convergence"]
    angle, norm, ts = _col(t, "angle_deg"), _col(t, "norm_w"), _col(t, "t_s")
    close = ts[np.argmax(angle < 5)] if (angle < 5).any() else float("nan")
    return ([f"Oja's rule finds the first principal component: the angle between the weights and it falls from "
             f"{angle[0]:.0f}° to {angle[-1]:.1f}° (below 5° from {close:g} s) and the weight norm goes to "
             f"{norm[-1]:.2f}."], {"convergence"})


def stp_train(run):
    t = run.tables["amplitudes"]
    dep, fac = _col(t, "depressing"), _col(t, "facilitating")
    return ([f"In a 20 Hz train the depressing synapse's 10th response is {dep[-1]:.2f} of its first, the "
             f"facilitating synapse's {fac[-1]:.2f} times its first (Tsodyks & Markram)."], {"amplitudes"})


def distal_reward_depletion(run):
    t, names = _rows(run, "weights")
    ts, w, mean, rank = (_col(t, c) for c in ("t_s", "w", "mean", "rank"))
    parts = []
    for name in dict.fromkeys(names):
        rows = np.array([n == name for n in names])
        last = np.flatnonzero(rows)[np.argmax(ts[rows])]
        parts.append(f"{name}: {w[last]:.2f} mV (rank {int(rank[last])}; the others' mean {mean[last]:.2f} mV)")
    return (["With less dopamine per reward the rewarded synapse is singled out less: after the hour it ends at "
             + "; ".join(parts) + " (Izhikevich 2007; depletion as a mechanism, not the disease)."], {"weights"})


def reward_learning(run):
    """Per condition: the correct fraction in the first, best and last block of each phase (learn: A rewarded;
    reversal: B rewarded), and whether the reversal was learned (its last block above half correct)."""
    t, names = _rows(run, "choices")
    phase, correct = _col(t, "phase"), _col(t, "correct")
    names = names or [""] * len(phase)
    parts = []
    for name in dict.fromkeys(names):
        rows = np.array([n == name for n in names])
        learn, reverse = correct[rows & (phase == 1)], correct[rows & (phase == 2)]
        if not len(learn) or not len(reverse):
            raise ValueError("a phase without blocks")
        verdict = "relearns" if reverse[-1] > 0.5 else "does not relearn"
        parts.append(f"{name}: A {100 * learn[0]:.0f} % → best {100 * learn.max():.0f} % (last "
                     f"{100 * learn[-1]:.0f} %), after the switch B {100 * reverse[0]:.0f} % → best "
                     f"{100 * reverse.max():.0f} % (last {100 * reverse[-1]:.0f} %: {verdict})")
    rpe = run.summary.get("experiment") == "reward_learning_rpe"
    source = ("Izhikevich 2007's task learned with a reward-prediction error, Frémaux et al. 2010" if rpe
              else "Izhikevich 2007's instrumental conditioning")
    return (["Correct choices per block of trials, from the first block of each phase to its best and last: "
             + "; ".join(parts) + f" ({source}; dopamine depletion as a mechanism, not the disease)."], {"choices"})


def _frequency_dw(t, rows, f, dt):
    """dw_rel [%] of a frequency table at frequency f [Hz] and Δt [ms] among rows (NaN if absent)."""
    at = rows & np.isclose(_col(t, "freq_hz"), f) & np.isclose(_col(t, "dt_ms"), dt)
    return 100.0 * float(_col(t, "dw_rel")[at][0]) if at.any() else float("nan")


def stdp_frequency(run):
    """Each condition's fit to the measured points (plastix.published) and the two regimes of the data."""
    t, names = _rows(run, "frequency")
    points = published.for_table(run.summary.get("experiment", ""), "frequency")
    groups = [(n, np.array([m == n for m in names])) for n in dict.fromkeys(names)] or [("", np.ones(
        len(_col(t, "dw_rel")), dtype=bool))]
    fits = []
    for name, rows in groups:
        fits.append(f"{name + ': ' if name else ''}{_frequency_dw(t, rows, 0.1, -10):+.0f} % at 0.1 Hz post before "
                    f"pre, {_frequency_dw(t, rows, 50, 10):+.0f} / {_frequency_dw(t, rows, 50, -10):+.0f} % at 50 Hz; "
                    f"RMS error {published.rms_error(points, t, condition_rows=rows):.3f}")
    source = points[0].source if points else "the data"
    return ([f"STDP depends on frequency as in {source}: at low frequency only post-before-pre pairing changes the "
             f"weight (depression), at 40–50 Hz both orders potentiate — " + "; ".join(fits)
             + " (RMS error in relative change against the measured points, mean ± s.e.m. drawn on the figure)."],
            {"frequency"})



def _crossover(f, dw):
    """Where a frequency curve (f ascending) first turns from LTD to LTP, in words."""
    turns = np.flatnonzero((dw[:-1] < 0) & (dw[1:] > 0))
    return (f"turns into LTP between {f[turns[0]]:g} and {f[turns[0] + 1]:g} Hz" if len(turns) else
            f"does not turn from LTD to LTP over {f.min():g}–{f.max():g} Hz")


def therapies(run):
    """The LTD-to-LTP crossover of each polarisation condition (experiments/therapies.toml)."""
    t, names = _rows(run, "polarisation")
    parts = []
    for name in dict.fromkeys(names):
        rows = np.array([n == name for n in names])
        f, dw = _col(t, "freq_hz")[rows], _col(t, "dw_rel")[rows]
        order = np.argsort(f)
        parts.append(f"{name}: {_crossover(f[order], dw[order])}")
    return ([f"A polarising current during induction moves the frequency at which LTD turns into LTP (calcium "
             f"control rule; anodal depolarises, cathodal hyperpolarises the dendrite): " + "; ".join(parts) + "."],
            {"polarisation"})


def ltp_ltd_frequency(run):
    """The frequency at which LTD turns into LTP, the signs against Dudek & Bear 1992 and the AP5 control."""
    t = run.tables["frequency"]
    f, dw = _col(t, "freq_hz"), _col(t, "dw_rel")
    lines = []
    low = np.argmin(dw)
    shape = f"LTD at low frequency (largest {100 * dw[low]:+.0f} % at {f[low]:g} Hz) " + _crossover(f, dw)
    for signs in (p for p in published.for_table(run.summary.get("experiment", ""), "frequency") if p.kind == "sign"):
        pairs = published.sign_agreement(signs, t)
        words = {-1: "LTD", 0: "no change", 1: "LTP"}
        agree = sum(published.sign_of(v) == s for _, s, v in pairs)
        detail = "; ".join(f"{x:g} Hz: {100 * v:+.0f} % (data: {words[s]})" for x, s, v in pairs)
        shape += (f"; the sign agrees with {signs.source} at {agree} of {len(pairs)} frequencies ({detail}; "
                  f"|Δw| < {100 * published.NO_CHANGE_BELOW:g} % counts as no change)")
    lines.append(f"Calcium control of plasticity (Shouval, Bear & Cooper 2002): {shape}.")
    if "dw_rel_ap5" in t:
        lines.append(f"With the NMDA receptors blocked (AP5) nothing changes at any frequency (largest |Δw| "
                     f"{100 * np.max(np.abs(_col(t, 'dw_rel_ap5'))):.1f} %), as in the data.")
    return lines, {"frequency"}


# The class each pattern of adex_firing_patterns.toml has in Naud et al. 2008 (Fig. 4), by population name.
_PUBLISHED_PATTERNS = {"tonic": "tonic", "adapting": "adapting", "initial_burst": "initial burst",
                       "bursting": "regular bursting", "delayed_accelerating": "delayed accelerating",
                       "delayed_bursting": "delayed regular bursting", "transient": "transient",
                       "irregular": "irregular"}


def adex_firing_patterns(run):
    t = run.tables["firing_patterns"]
    labels = (getattr(run, "table_labels", {}) or {}).get("firing_patterns") or {}
    names, classes = labels["condition"], labels["pattern"]
    row = {n: i for i, n in enumerate(names)}
    columns = [c for c in t if c != "condition"]
    parts, published, identical, twins = [], 0, 0, 0
    for name, expected in _PUBLISHED_PATTERNS.items():
        if name not in row:
            continue
        i = row[name]
        published += classes[i] == expected
        spikes, latency = int(t["spikes"][i]), float(t["latency_ms"][i])
        parts.append(f"{classes[i]} ({spikes} spike{'s' if spikes != 1 else ''}, first at {latency:.1f} ms)")
        twin = row.get(name + "_adex")
        if twin is not None:
            twins += 1
            identical += all(np.array_equal(t[c][i], t[c][twin], equal_nan=True) for c in columns)
    return ([f"AdEx written as equations in the file gives the firing patterns of Naud et al. 2008 under a current "
             f"step, {published} of {len(parts)} classified as published: " + "; ".join(parts) + ".",
             f"The built-in adex with the same values gives the same table row in {identical} of {twins} patterns "
             "(the same spike times: the written model performs the built-in's operations)."], {"firing_patterns"})

_CURATED = {"distal_reward_depletion": distal_reward_depletion, "tagging_capture": tagging_capture, "working_memory": working_memory, "neurogenesis": neurogenesis,
            "reconsolidation": reconsolidation, "bcm_selectivity": bcm_selectivity,
            "ocular_dominance": ocular_dominance, "digits_stdp": _classify, "fashion_stdp": _classify,
            "continual_digits": continual_digits,
            "oja_pca": oja_pca, "stp_train": stp_train, "stdp_frequency": stdp_frequency,
            "clopath_frequency": stdp_frequency, "adex_firing_patterns": adex_firing_patterns,
            "ltp_ltd_frequency": ltp_ltd_frequency, "therapies": therapies,
            "reward_learning": reward_learning, "reward_learning_rpe": reward_learning}


def curated(run):
    """(sentences, tables answered) of the run's experiment, or ([], set()) when it has none or its tables are not
    the ones the answer reads (a changed file)."""
    answer = _CURATED.get(run.summary.get("experiment", ""))
    if answer is None:
        return [], set()
    try:
        return answer(run)
    except (KeyError, IndexError, ValueError):
        return [], set()
