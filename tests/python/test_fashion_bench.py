"""The Fashion-MNIST bench scripts on tiny sizes (seconds): bench/fashion_sizes.py writes training stretches each
followed by an evaluation and reads one accuracy per evaluation back, its scaled images have the mean asked for, and
bench/diehl_cook_vs_brian2.py reads the network's parameters from experiments/fashion_stdp.toml."""
import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

FASHION = Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")


def load(source_dir, name):
    sys.path.insert(0, str(Path(source_dir) / "bench"))
    spec = importlib.util.spec_from_file_location(name, Path(source_dir) / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_brian2_bench_reads_the_network_of_the_experiment_file(source_dir):
    bench = load(source_dir, "diehl_cook_vs_brian2")
    p = bench.network_parameters(Path(source_dir) / "experiments" / "fashion_stdp.toml")
    assert p["n_input"] == 784 and p["dt"] == 0.5
    assert p["exc"]["theta_plus"] == 0.05 and p["exc"]["offset"] == 20.0 and p["exc"]["t_ref"] == 5.0
    assert p["stdp"]["a_plus"] == 0.01 and p["stdp"]["a_minus"] == 0.0001 and p["stdp"]["w_max"] == 1.0
    assert p["total"] == 30.0 and p["interval"] == 500.0
    assert (p["rate"], p["on"], p["off"]) == (63.75, 350.0, 150.0)
    assert p["w_ie"] == 17.0 and p["w_ei"] == 10.4


@pytest.mark.skipif(not FASHION.is_file(), reason="dataset-fashion-mnist is not installed")
def test_fashion_sizes_evaluates_after_each_stretch_of_training_on_images_scaled_to_one_mean(source_dir,
                                                                                             plastix_binary, tmp_path):
    out = tmp_path / "sizes"
    subprocess.run([sys.executable, str(Path(source_dir) / "bench" / "fashion_sizes.py"), "--plastix", plastix_binary,
                    "--neurons", "10", "--train", "20", "--evaluate-at", "10", "--label", "10", "--test", "10",
                    "--final-label", "20", "--final-test", "10", "--mean-intensity", "50", "--nice", "0",
                    "--output", str(out), "--figure", str(tmp_path / "sizes.png")], check=True, capture_output=True)
    rows = json.loads((out / "fashion_sizes.json").read_text())["rows"]
    assert [r["neurons"] for r in rows] == [10]
    assert rows[0]["trained"] == [10, 20]
    assert all(0.0 <= a <= 1.0 for a in rows[0]["accuracy"])
    assert rows[0]["bio_s"] == pytest.approx(0.5 * (20 + 10 + 10 + 20 + 10))  # training, then two evaluations
    with gzip.open(out / "data" / "train_images_20_mean50.csv.gz", "rt") as f:
        images = np.loadtxt(f, delimiter=",")
    assert images.shape == (20, 785)
    assert np.allclose(images[:, :784].mean(axis=1), 50.0, atol=0.5)  # rounded to whole intensity units
    combined = subprocess.run([sys.executable, str(Path(source_dir) / "bench" / "fashion_sizes.py"), "--combine",
                               str(out / "fashion_sizes.json")], check=True, capture_output=True, text=True).stdout
    assert "| 10 | 10: **" in combined
