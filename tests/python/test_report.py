"""`plastix run` writes, after the data, DIR/figure.png and DIR/report.html (and `plastix report DIR` writes them
again): the report leads with the answer (the question from the file's opening comment, the findings in plain
words), then the main figures, the result tables, the recorded activity, the metrics and the experiment file; the
page renders in headless Chromium (Debian's chromium) with its figures loaded and the answer and a figure on its
first screen. A writer that fails leaves the data and says so with a non-zero exit."""
import os
import re
import shutil
import subprocess
import tempfile

import pytest

EXPERIMENT = """# A small plastic network for the report's tests.
# Table `after`: nothing.

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
    done = subprocess.run([plastix_binary, "run", str(base / "exp.toml"), "-o", str(out)], capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "written: " in done.stdout and "report.html" in done.stdout
    return out


def test_a_run_writes_its_figure_and_report_and_no_memory_figure_without_recall(report_dir):
    assert sorted(os.listdir(report_dir)) == [".plastix-result", "data.h5", "experiment.toml", "figure.png",
                                              "report.html", "summary.json"]
    assert (report_dir / "figure.png").stat().st_size > 10000


def test_the_report_leads_with_the_question_and_the_findings(report_dir):
    text = (report_dir / "report.html").read_text()
    order = [text.index(k) for k in ("A small plastic network for the report", "What it found",
                                     "Mean rates: in ", "Recorded activity", "Metrics", "<h2>Run</h2>",
                                     "Experiment file")]
    assert order == sorted(order)
    assert "Table `after`" not in text.split("What it found")[0]  # the output notes are not the question


def test_no_report_writes_the_data_only(plastix_binary, tmp_path):
    (tmp_path / "exp.toml").write_text(EXPERIMENT)
    out = tmp_path / "out"
    done = subprocess.run([plastix_binary, "run", str(tmp_path / "exp.toml"), "-q", "--no-report", "-o", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(out)) == [".plastix-result", "data.h5", "experiment.toml", "summary.json"]


def test_a_failing_report_writer_keeps_the_data_and_exits_non_zero(plastix_binary, tmp_path):
    (tmp_path / "exp.toml").write_text(EXPERIMENT)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "sitecustomize.py").write_text("raise SystemExit('no figures today')\n")
    out = tmp_path / "out"
    done = subprocess.run([plastix_binary, "run", str(tmp_path / "exp.toml"), "-q", "-o", str(out)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(broken)})
    assert done.returncode == 3
    assert "no figures today" in done.stderr
    assert "the run's results are in" in done.stderr and f"plastix report {out}" in done.stderr
    assert {"data.h5", "summary.json"} <= set(os.listdir(out)) and "report.html" not in os.listdir(out)


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


def test_the_first_screen_shows_the_answer_and_a_figure(report_dir, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (scripts/install-deps installs it)")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}", "--window-size=1280,800",
                          "--dump-dom", (report_dir / "report.html").as_uri()], capture_output=True, text=True,
                         timeout=90)
    place = {k: int(re.search(rf'data-{k}="(-?\d+)"', dom.stdout).group(1))
             for k in ("answer-top", "first-figure-top", "screen-height")}
    assert 0 <= place["answer-top"] < place["first-figure-top"] < place["screen-height"], place


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
    assert r.returncode == 0, r.stderr  # the run writes the figures and the report
    text = (out / "report.html").read_text()
    assert "plastix report: $x_{$ run" in text
    from plastix import figures
    assert os.path.getsize(figures.overview(str(out))) > 10000
