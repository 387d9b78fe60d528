"""`plastix report DIR`: writes DIR/report.html with the summary, metrics, tables, every figure and the experiment
file; the page renders in headless Chromium (Debian's chromium) with its figures loaded, so the screenshot is not
blank."""
import os
import re
import shutil
import subprocess
import tempfile

import pytest

EXPERIMENT = """
[experiment]
name = "report_demo"
seed = 5
duration = "300 ms"

[[population]]
name = "in"
size = 40
model = "poisson"
rate = "30 Hz"

[[population]]
name = "n"
size = 20
model = "lif"
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"

[[projection]]
name = "ff"
pre = "in"
post = "n"
receptor = "exc"
connector = "all_to_all"
weight = { uniform = ["1 nS", "3 nS"] }
  [[projection.plasticity]]
  rule = "stdp"
  tau_plus = "20 ms"
  tau_minus = "20 ms"
  a_plus = 0.05
  a_minus = 0.05
  w_min = "0 nS"
  w_max = "4 nS"

[[monitor]]
type = "spikes"
population = "n"

[[monitor]]
type = "rate"
population = "n"
bin = "10 ms"

[[monitor]]
type = "state"
population = "n"
variable = "v"
neurons = [0, 1]

[[monitor]]
type = "weights"
projection = "ff"
interval = "10 ms"
"""


@pytest.fixture(scope="module")
def report_dir(plastix_binary, tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    (base / "exp.toml").write_text(EXPERIMENT)
    out = base / "out"
    subprocess.run([plastix_binary, "run", str(base / "exp.toml"), "-q", "-o", str(out)], check=True, timeout=120)
    done = subprocess.run([plastix_binary, "report", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out


def test_report_contents(report_dir):
    text = (report_dir / "report.html").read_text()
    images = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", text)
    assert len(images) >= 6  # raster, rate, state, weights, weight matrix, weight histogram
    assert all(len(i) > 2000 for i in images)
    for needle in ("report_demo", "rate_hz.n", "dw_rel.ff", "Experiment file", "[[projection.plasticity]]",
                   "Weight matrix: ff"):
        assert needle in text
    assert not [p for p in os.listdir(report_dir) if p.startswith(".report.")]


def test_report_of_missing_dir_fails(plastix_binary, tmp_path):
    done = subprocess.run([plastix_binary, "report", str(tmp_path / "nope")], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "nope" in done.stderr


def test_report_renders_in_headless_chromium(report_dir, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (scripts/install-deps installs it)")
    shot = tmp_path / "shot.png"
    profile = tempfile.mkdtemp(dir=tmp_path)
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={profile}", f"--screenshot={shot}", "--window-size=1200,2000",
                           "--hide-scrollbars", (report_dir / "report.html").as_uri()],
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    import matplotlib.image
    import numpy as np
    pixels = (matplotlib.image.imread(str(shot))[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
    colours = np.unique(pixels, axis=0)
    non_white = np.mean(np.any(pixels < 240, axis=1))
    # text alone gives grey antialiasing; the figures add the colour maps and line colours
    assert len(colours) > 200, f"{len(colours)} distinct colours: the page looks blank"
    assert non_white > 0.05
    blue_ish = np.sum((pixels[:, 2] > 150) & (pixels[:, 0] < 100))  # matplotlib's C0 / viridis
    assert blue_ish > 500
    # every figure decoded: the page's load handler counts the images with a natural width
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}", "--dump-dom",
                          (report_dir / "report.html").as_uri()], capture_output=True, text=True, timeout=90)
    loaded = re.search(r'data-figures-loaded="(\d+)/(\d+)"', dom.stdout)
    assert loaded, dom.stderr[-2000:]
    assert int(loaded.group(2)) >= 6 and loaded.group(1) == loaded.group(2)


def test_report_never_imports_modules_from_the_current_directory(plastix_binary, report_dir, tmp_path):
    # report.py imports base64; a base64.py where the user happens to stand must not be executed instead.
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "base64.py").write_text("import pathlib\npathlib.Path(__file__).with_name('executed').touch()\n"
                                    "raise SystemExit('the base64.py of the current directory was imported')\n")
    env = {**os.environ, "PYTHONPATH": ":" + os.environ.get("PYTHONPATH", "") + ":"}  # empty entries: also cwd
    done = subprocess.run([plastix_binary, "report", str(report_dir)], capture_output=True, text=True, timeout=120,
                          cwd=trap, env=env)
    assert done.returncode == 0, done.stderr
    assert not (trap / "executed").exists()


MATH_NAMES = EXPERIMENT.replace('name = "report_demo"', 'name = "$x_{$ run"')


def test_names_with_dollar_signs_are_drawn_as_written(plastix_binary, tmp_path):
    """matplotlib reads "$...$" as math: a name such as "$\\frac{$" made drawing fail. Population and projection names
    are plain identifiers (no '$'); the experiment's name, in every figure's title, may hold one and is shown as
    written."""
    (tmp_path / "exp.toml").write_text(MATH_NAMES)
    out = tmp_path / "out"
    r = subprocess.run([plastix_binary, "run", str(tmp_path / "exp.toml"), "-q", "-o", str(out)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    done = subprocess.run([plastix_binary, "report", str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = (out / "report.html").read_text()
    assert "plastix report: $x_{$ run" in text
    from plastix import figures
    assert os.path.getsize(figures.overview(str(out))) > 10000
