"""docs/gallery.md (python/plastix/gallery.py, `make gallery`): every ready experiment has its entry, its image (small)
and a caption; the command's list of experiments is experiments/*.toml. Checked on the committed page and images and
on tiny tables: no experiment is rerun here."""
import os
import re
import sys

import pytest


# Ready experiments whose gallery entry is still to be made: reward_learning's run (three conditions of 1200 s of a
# 1000-neuron network) did not finish on the loaded build machine in session 13 (the page was written with
# `--leave-out reward_learning`). Run `make gallery` and empty this set; the test fails when an entry of this set
# exists or another entry is missing.
PENDING = {"reward_learning"}


@pytest.fixture(scope="module")
def gallery(source_dir):
    sys.path.insert(0, str(source_dir / "python"))
    from plastix import gallery as module
    return module


def test_the_gallery_command_lists_exactly_the_ready_experiments(gallery, source_dir):
    names = sorted(p.stem for p in (source_dir / "experiments").glob("*.toml"))
    assert gallery.ready_experiments(str(source_dir)) == names
    assert "coba" in names and "examples" not in names


def test_every_ready_experiment_has_an_entry_an_image_and_a_caption(gallery, source_dir):
    page = (source_dir / gallery.PAGE).read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\S+)\n\n(.+?)\n\n!\[", page, flags=re.M | re.S))
    assert not PENDING & set(sections), "an entry listed as pending exists: empty PENDING"
    for name in sorted(set(gallery.ready_experiments(str(source_dir))) - PENDING):
        assert name in sections, f"docs/gallery.md has no entry for {name}: run `make gallery`"
        assert sections[name].startswith(f"[`experiments/{name}.toml`]") and len(sections[name]) > 60, name
        image = source_dir / gallery.IMAGES / f"{name}.png"
        assert f"![{name}](gallery/{name}.png)" in page
        assert image.exists(), f"{image} is missing: run `make gallery`"
        assert 2000 < image.stat().st_size <= gallery.MAX_BYTES, name
    assert set(sections) | PENDING == set(gallery.ready_experiments(str(source_dir))), "entries of experiments gone"
    images = {p.stem for p in (source_dir / gallery.IMAGES).glob("*.png")}
    assert images == set(sections), "images of experiments that are gone"


def test_the_page_is_what_the_command_writes_for_its_captions(gallery, source_dir):
    page = (source_dir / gallery.PAGE).read_text(encoding="utf-8")
    entries = re.findall(r"^## (\S+)\n\n\[`experiments/\S+\.toml`\]\(\.\./experiments/\S+\.toml\): (.+?)\n\n!\[",
                         page, flags=re.M | re.S)
    assert gallery.markdown(entries) == page


class _Run:  # a run_output-like record of a tagging sweep: two conditions, one measuring time
    def __init__(self, experiment, tables, labels):
        self.summary = {"experiment": experiment, "seed": 1, "bio_time_s": 1.0}
        self.tables, self.table_labels = tables, labels
        self.spikes, self.rates, self.states, self.weights, self.transmissions = {}, {}, {}, {}, {}


def test_a_curated_answer_is_the_caption_and_replaces_the_generic_findings_of_its_table(gallery):
    import numpy as np
    from plastix import answers

    t = {"condition": np.array([1.0, 1.0, 2.0, 2.0]), "t_h": np.array([1.0, 8.0, 1.0, 8.0]),
         "w_A": np.array([1.69, 1.6, 2.56, 2.4]), "w_B": np.array([1.6, 1.6, 1.6, 1.6])}
    run = _Run("tagging_capture", {"pathways": t}, {"pathways": {"condition": ["weak A"] * 2 + ["strong A"] * 2}})
    lines, answered = answers.curated(run)
    assert answered == {"pathways"}
    assert "150 % of baseline" in lines[0] and "106 % at 1 h, 100 % at 8 h" in lines[0]
    assert gallery.caption(run) == lines[0]
    run.summary["experiment"] = "something_else"  # no curated answer: the first generic finding
    assert answers.curated(run) == ([], set()) and gallery.caption(run).startswith("pathways:")
