"""plastix.story end to end: a run with exactly known recall (20 LIF neurons without recurrent input, driven by
currents: the cue drives the first half of a pattern and, when `complete`, a second stimulus the whole pattern)
is told in plain words — what was stored, which cues were completed and how well — and drawn into memory.png."""
import os
import subprocess
import sys

import pytest

EXPERIMENT = """
[experiment]
dt = "0.1 ms"

[[population]]
name = "ctx"
size = 20
model = "lif"
  [[population.receptor]]
  name = "exc"
  kind = "current"

[[projection]]
pre = "ctx"
post = "ctx"
receptor = "exc"
connector = "all_to_all"
weight = "0 pA"

[[patterns]]
name = "mem"
population = "ctx"
neurons = [[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]]

[[monitor]]
type = "spikes"
population = "ctx"

[[monitor]]
type = "weights"
projection = "ctx_ctx"
interval = "100 ms"

[[phase]]
name = "test"
duration = "400 ms"
  [[phase.stimulus]]
  population = "ctx"
  current = "1 nA"
  patterns = "mem"
  pattern = "cycle"
  fraction = 0.5
  on = "100 ms"
  off = "100 ms"
{completion}
[[analysis]]
type = "recall"
patterns = "mem"
column = "sleep_phases"
values = [2]
"""

COMPLETION = """  [[phase.stimulus]]
  population = "ctx"
  current = "1 nA"
  patterns = "mem"
  pattern = "cycle"
  on = "100 ms"
  off = "100 ms"
"""


def _run(plastix_binary, tmp_path, complete):
    path = tmp_path / "recall.toml"
    path.write_text(EXPERIMENT.format(completion=COMPLETION if complete else ""))
    out = tmp_path / ("complete" if complete else "cue_only")
    subprocess.run([plastix_binary, "run", str(path), "-o", str(out)], check=True, capture_output=True, text=True)
    return out


@pytest.mark.parametrize("complete", [True, False])
def test_story_tells_what_was_stored_and_recalled(plastix_binary, source_dir, tmp_path, complete):
    out = _run(plastix_binary, tmp_path, complete)
    env = dict(os.environ, PYTHONPATH=str(source_dir / "python"))
    done = subprocess.run([sys.executable, "-m", "plastix.story", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Stored: 2 memories 'mem', each a pattern of 6 neurons." in text
    assert ("recall from cues of 3 neurons (50 % of a pattern); a memory counts as recalled at recall >= 0.8 "
            "(plastix's default; the file sets no threshold):") in text
    if complete:
        assert "sleep_phases = 2, test: recalled (2 of 2 cues completed): recall 1.00, 100 % of the missing" in text
        assert "-> recalled (recall >= 0.8) first at sleep_phases = 2." in text
    else:
        assert "sleep_phases = 2, test: not recalled (0 of 2 cues completed): recall 0.00, 0 % of the missing" in text
        assert "-> never recalled" in text
    assert (out / "memory.png").stat().st_size > 10000


def test_story_uses_the_files_own_recall_threshold(plastix_binary, source_dir, tmp_path):
    path = tmp_path / "recall.toml"
    path.write_text(EXPERIMENT.format(completion=COMPLETION) + "threshold = 0.5\n")
    out = tmp_path / "out"
    subprocess.run([plastix_binary, "run", str(path), "-q", "-o", str(out)], check=True, capture_output=True)
    sys.path.insert(0, str(source_dir / "python"))
    from plastix.results import run_output
    from plastix.story import recall_headlines, recall_story

    run = run_output(str(out))
    assert "a memory counts as recalled at recall >= 0.5 (the file's threshold):" in "\n".join(recall_story(run))
    assert recall_headlines(run) == [
        "Stored: 2 memories 'mem', each a pattern of 6 neurons.",
        "recall from cues of 3 neurons: recalled, recall 1.00 (2 of 2 cues completed; recalled = recall >= 0.5)."]
    # plastix run drew the memory figure and put the headlines first in the report
    text = (out / "report.html").read_text()
    assert (out / "memory.png").stat().st_size > 10000
    assert text.index("recall from cues of 3 neurons: recalled") < text.index("Memory: spikes sorted by pattern")


def test_figures_draw_recall_and_pattern_tables(plastix_binary, source_dir, tmp_path):
    out = _run(plastix_binary, tmp_path, True)
    sys.path.insert(0, str(source_dir / "python"))
    from plastix.results import run_output
    from plastix.story import pattern_sets, recall_tables

    run = run_output(str(out))
    assert recall_tables(run) == ["recall"]
    assert [list(p) for p in pattern_sets(run)["mem"]] == [[0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15]]
    env = dict(os.environ, PYTHONPATH=str(source_dir / "python"))
    done = subprocess.run([sys.executable, "-m", "plastix.figures", str(out)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
