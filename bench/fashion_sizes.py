#!/usr/bin/python3
"""Fashion-MNIST at the sizes of Diehl & Cook (2015, Front Comput Neurosci 9:99): the network of
experiments/fashion_stdp.toml with 100, 400 and 1600 excitatory neurons, trained on up to a full epoch, its test
accuracy after each stretch of training images, and the time it took.

    /usr/bin/python3 bench/fashion_sizes.py --plastix build/bin/plastix [--neurons 100 400 1600] [--train 60000]
        [--evaluate-at 1000 5000 20000] [--label 1000] [--test 10000] [--output DIR]

Each size is one `plastix run` of a file written from experiments/fashion_stdp.toml: its populations, projections,
monitors and data sets as they are, its phases replaced by training stretches `train_k` (the training images in
order, plasticity on, θ+ as in the file) each followed by an evaluation: `label_k` (the last --label training images
again, all of them when fewer; plasticity blocked, θ+ = 0: thresholds frozen as Diehl & Cook fix them for testing)
and `test_k` (the first --test images of the test file, the same). The classify analysis gives one accuracy per
evaluation (table `accuracy`: trained, labelled, accuracy, tested). Evaluations come after the --evaluate-at image
counts and at the end (--train; the last labels --final-label images and tests --final-test).

Printed: one row per size and evaluation (trained images, accuracy) and one per size with the run's wall-clock and
CPU time, its simulated time, and the training time: the CPU time of the run times the share of the simulated time
spent training (label and test phases cost about as much per simulated second: the same spikes, no plasticity).
The table is also written as Markdown (DIR/fashion_sizes.md) and JSON (DIR/fashion_sizes.json), each run's output
under DIR/n<size>.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from coba_vs_brian2 import cpu_model  # noqa: E402
from diehl_cook_vs_brian2 import network_parameters  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def stimulus(p, images, first, end):
    return ("  [[phase.stimulus]]\n  population = \"input\"\n"
            f"  rate = \"{p['rate']!r} Hz\"\n  patterns = \"{images}\"\n  pattern = \"cycle\"\n"
            f"  range = [{first}, {end}]\n  on = \"{p['on']!r} ms\"\n  off = \"{p['off']!r} ms\"\n")


def phase(name, seconds, theta_plus, blocked):
    text = (f"[[phase]]\nname = \"{name}\"\nduration = \"{seconds!r} s\"\n"
            f"set = {{ \"population.exc.constants.theta_plus\" = \"{theta_plus!r} mV\" }}\n")
    if blocked:
        text += "  [[phase.intervention]]\n  type = \"block_plasticity\"\n  projection = \"input_exc\"\n"
    return text


def schedule(experiment, evaluate_at, train, label, test, final_label, final_test):
    """The experiment text with its phases and analyses replaced by training stretches and evaluations (the last one
    labels final_label images and tests final_test)."""
    text = Path(experiment).read_text()
    p = network_parameters(experiment)
    period_s = (p["on"] + p["off"]) / 1000.0
    blocks = re.split(r"(?m)^(?=\[)", text)
    kept = [b for b in blocks if not b.startswith(("[[phase]]", "[[analysis]]"))]
    out, pairs, done = ["".join(kept).rstrip() + "\n\n"], [], 0
    points = sorted({n for n in evaluate_at if 0 < n < train} | {train})
    for k, upto in enumerate(points, start=1):
        if upto == train:
            label, test = final_label, final_test
        label = min(label, upto)  # after fewer training images than --label: all of them
        out.append(phase(f"train_{k}", (upto - done) * period_s, p["exc"]["theta_plus"], False)
                   + stimulus(p, "train_images", done, upto) + "\n")
        out.append(phase(f"label_{k}", label * period_s, 0.0, True)
                   + stimulus(p, "train_images", upto - label, upto) + "\n")
        out.append(phase(f"test_{k}", test * period_s, 0.0, True) + stimulus(p, "test_images", 0, test) + "\n")
        pairs += [f"label_{k}", f"test_{k}"]
        done = upto
    out.append("[[analysis]]\ntype = \"classify\"\npatterns = \"train_images\"\nspikes = \"exc\"\n"
               f"phases = {json.dumps(pairs)}\n")
    return "".join(out), train * period_s


def equalized_csv(idx_path, count, mean, out_file):
    """The first `count` images of an IDX file (and their labels) as a CSV file (gzip), each image scaled so that the
    mean of its pixels is `mean` (rounded to whole intensity units; a blank image stays blank)."""
    import gzip
    import io

    import numpy as np

    if out_file.exists():
        return out_file
    with gzip.open(idx_path, "rb") as f:
        images = np.frombuffer(f.read(), dtype=np.uint8, offset=16)[:count * 784].reshape(-1, 784).astype(float)
    labels_path = str(idx_path).replace("images-idx3", "labels-idx1")
    with gzip.open(labels_path, "rb") as f:
        labels = np.frombuffer(f.read(), dtype=np.uint8, offset=8)[:len(images)]
    means = images.mean(axis=1, keepdims=True)
    scaled = np.rint(images * np.where(means > 0, mean / np.maximum(means, 1e-12), 1.0)).astype(np.int64)
    text = io.StringIO()
    np.savetxt(text, np.concatenate([scaled, labels[:, None].astype(np.int64)], axis=1), fmt="%d", delimiter=",")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_file, "wt", compresslevel=3) as f:
        f.write(text.getvalue())
    return out_file


def run_size(binary, text, n, train, test, out_dir, nice, extra):
    out_dir.mkdir(parents=True, exist_ok=True)
    exp = out_dir / f"fashion_n{n}.toml"
    exp.write_text(text)
    cmd = (["nice", "-n", str(nice)] if nice else []) + [
        str(binary), "run", "--no-report", "-q", str(exp), "-o", str(out_dir / f"n{n}"),
        "--set", f"population.exc.size={n}", "--set", f"population.inh.size={n}",
        "--set", f"patterns.train_images.count={train}", "--set", f"patterns.test_images.count={test}"] + extra
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"plastix failed ({' '.join(cmd)}):\n{proc.stdout}{proc.stderr}")
    summary = json.loads((out_dir / f"n{n}" / "summary.json").read_text())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return summary, wall, cpu


def markdown(rows):
    """One row per size: accuracy after each evaluation (training images: accuracy), training time, run time."""
    lines = ["| excitatory neurons | test accuracy after N training images | simulated (training) | training time "
             "(CPU) | whole run: CPU, wall |", "|---|---|--:|--:|--:|"]
    for r in rows:
        curve = ", ".join(f"{int(t)}: **{100 * a:.1f} %**" for t, a in zip(r["trained"], r["accuracy"]))
        lines.append(f"| {r['neurons']} | {curve} | {r['train_bio_s']:.0f} s | {r['train_cpu_s'] / 60:.1f} min | "
                     f"{r['cpu_s'] / 60:.1f} min, {r['wall_s'] / 60:.1f} min |")
    return "\n".join(lines)


def draw(rows, path):
    """Accuracy [%] against training images (log axis), one line per size; chance dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.4))
    for r in rows:
        ax.plot(r["trained"], [100 * a for a in r["accuracy"]], "o-", label=f"{r['neurons']} neurons")
    ax.axhline(10, color="0.6", ls="--", lw=1, label="chance")
    ax.set_xscale("log")
    ax.set_xlabel("training images")
    ax.set_ylabel("test accuracy [%]")
    ax.set_ylim(0, 100)
    ax.set_title("Fashion-MNIST, Diehl & Cook network, no labels in training", fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plastix", default=str(ROOT / "build" / "bin" / "plastix"), help="plastix binary")
    ap.add_argument("--experiment", default=str(ROOT / "experiments" / "fashion_stdp.toml"))
    ap.add_argument("--neurons", type=int, nargs="+", default=[100, 400, 1600], help="excitatory layer sizes")
    ap.add_argument("--train", type=int, default=60000, help="training images, in order (default 60000: an epoch)")
    ap.add_argument("--evaluate-at", type=int, nargs="*", default=[1000, 5000, 20000],
                    help="also evaluate after these many training images (default 1000 5000 20000)")
    ap.add_argument("--label", type=int, default=2000, help="images labelled at each evaluation (default 2000)")
    ap.add_argument("--test", type=int, default=2000, help="test images at each evaluation (default 2000)")
    ap.add_argument("--final-label", type=int, default=10000,
                    help="images labelled at the last evaluation (default 10000: Diehl & Cook's last 10 000)")
    ap.add_argument("--final-test", type=int, default=10000, help="test images at the last evaluation (default 10000)")
    ap.add_argument("--mean-intensity", type=float, default=0.0,
                    help="> 0: present every image scaled to this mean pixel intensity (0–255 units), from CSV copies "
                         "written to DIR/data (default 0: the images as they are)")
    ap.add_argument("--output", default="results/fashion_sizes", help="output directory")
    ap.add_argument("--combine", nargs="+", metavar="JSON",
                    help="run nothing: the table and figure of the rows of these fashion_sizes.json files")
    ap.add_argument("--figure", help="also draw the accuracy against training images, one line per size, to this PNG")
    ap.add_argument("--nice", type=int, default=10, help="run plastix at this niceness (default 10; 0: as is)")
    args = ap.parse_args()
    if args.combine:
        rows = sorted((r for f in args.combine for r in json.loads(Path(f).read_text())["rows"]),
                      key=lambda r: r["neurons"])
        print(markdown(rows))
        if args.figure:
            draw(rows, args.figure)
        return
    if max(args.label, args.final_label) > args.train:
        sys.exit("--label and --final-label must not exceed --train")
    binary = Path(args.plastix)
    if not binary.is_file():
        sys.exit(f"no plastix binary at {binary}; build it first (make build)")
    out_dir = Path(args.output)
    text, train_s = schedule(args.experiment, args.evaluate_at, args.train, args.label, args.test, args.final_label,
                             args.final_test)
    tests = max(args.test, args.final_test)
    extra = []
    if args.mean_intensity > 0:
        p = network_parameters(args.experiment)
        test_path = p["path"].replace("train-images", "t10k-images")
        for name, path, count in (("train_images", p["path"], args.train), ("test_images", test_path, tests)):
            csv = equalized_csv(path, count, args.mean_intensity,
                                out_dir / "data" / f"{name}_{count}_mean{args.mean_intensity:g}.csv.gz")
            extra += ["--set", f"patterns.{name}.path={csv.resolve()}", "--set", f"patterns.{name}.full_scale=255"]
    print(f"Fashion-MNIST, Diehl & Cook network: {args.train} training images, evaluations after "
          f"{sorted({n for n in args.evaluate_at if 0 < n < args.train} | {args.train})}, label {args.label}, test "
          f"{args.test} (the last: {args.final_label}, {args.final_test}), mean intensity "
          f"{args.mean_intensity or 'as in the file'}; CPU {cpu_model()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f}",
          flush=True)
    rows = []
    for n in args.neurons:
        summary, wall, cpu = run_size(binary, text, n, args.train, tests, out_dir, args.nice, extra)
        acc = summary["tables"]["accuracy"]
        bio = summary["bio_time_s"]
        row = {"neurons": n, "trained": acc["trained"], "accuracy": acc["accuracy"], "wall_s": wall, "cpu_s": cpu,
               "bio_s": bio, "train_bio_s": train_s, "train_cpu_s": cpu * train_s / bio}
        rows.append(row)
        curve = ", ".join(f"{int(t)}: {100 * a:.1f} %" for t, a in zip(acc["trained"], acc["accuracy"]))
        print(f"{n:5d} excitatory neurons: accuracy after {curve}; run {wall:.0f} s wall, {cpu:.0f} s CPU for "
              f"{bio:.0f} s simulated; training ≈ {row['train_cpu_s']:.0f} s CPU for {train_s:.0f} s simulated",
              flush=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "fashion_sizes.json").write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
    (out_dir / "fashion_sizes.md").write_text(markdown(rows) + "\n")
    if args.figure:
        draw(rows, args.figure)
    print(markdown(rows))


if __name__ == "__main__":
    main()
