"""docs/gallery.md (python/plastix/gallery.py, `make gallery`): every ready experiment has its entry, its image (small)
and a caption; the command's list of experiments is experiments/*.toml. Checked on the committed page and images and
on tiny tables: no experiment is rerun here."""
import os
import re
import sys

import pytest


# Ready experiments whose gallery entry is still to be made (`python3 -m plastix.gallery --leave-out NAME` writes
# the page without them); the test fails when an entry of this set exists or another entry is missing.
PENDING = set()


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


def test_frequency_figures_draw_the_published_points_and_the_answer_gives_each_conditions_rms_error(gallery):
    import matplotlib
    import numpy as np
    from matplotlib.figure import Figure
    from plastix import answers, plots, published

    points = published.for_table("stdp_frequency", "frequency")
    assert {p.dt_ms for p in points} == {10.0, -10.0} and all(len(p.xs) == len(p.means) == 5 for p in points)
    freq, dts = np.array(published.SJOSTROM_2001[0].xs * 2), np.repeat([10.0, -10.0], 5)
    exact = np.concatenate([published.SJOSTROM_2001[0].means, published.SJOSTROM_2001[1].means])
    # two conditions: one on the data exactly, one 0.1 above every point (RMS error 0.1)
    t = {"condition": np.repeat([1.0, 2.0], 10), "freq_hz": np.tile(freq, 2), "dt_ms": np.tile(dts, 2),
         "dw_rel": np.concatenate([exact, exact + 0.1])}
    labels = {"condition": ["exact"] * 10 + ["shifted"] * 10}
    assert published.rms_error(points, t, condition_rows=np.arange(20) < 10) == 0.0
    assert abs(published.rms_error(points, t, condition_rows=np.arange(20) >= 10) - 0.1) < 1e-12
    run = _Run("stdp_frequency", {"frequency": t}, {"frequency": labels})
    lines, answered = answers.curated(run)
    assert answered == {"frequency"} and "exact: -29 %" in lines[0] and "RMS error 0.000" in lines[0]
    assert "shifted" in lines[0] and "RMS error 0.100" in lines[0]
    ax = Figure().subplots()
    plots.table_plot(ax, "frequency", t, labels, plots.experiment_of(run))
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert sum("Sjöström et al. 2001" in x for x in legend) == 2  # the measured points, Δt = ±10 ms
    assert published.for_table("stdp_window", "stdp_window") == () and matplotlib  # nothing drawn where none is known


def test_ltp_ltd_figure_marks_dudek_and_bears_signs_and_the_answer_counts_the_agreements(gallery):
    import numpy as np
    from matplotlib.figure import Figure
    from plastix import answers, plots, published

    t = {"freq_hz": np.array([1.0, 3.0, 5.0, 10.0, 50.0]), "dw_rel": np.array([-0.2, -0.1, -0.05, 0.01, 0.3]),
         "dw_rel_ap5": np.zeros(5)}
    run = _Run("ltp_ltd_frequency", {"frequency": t}, {})
    lines, answered = answers.curated(run)
    assert answered == {"frequency"}
    assert "turns into LTP between 5 and 10 Hz" in lines[0] and "at 4 of 4 frequencies" in lines[0]
    assert "nothing changes at any frequency" in lines[1]
    t["dw_rel"] = np.array([-0.2, 0.1, 0.2, 0.3, 0.3])  # LTP at 3 Hz and at 10 Hz: two disagreements
    assert "at 2 of 4 frequencies" in answers.curated(run)[0][0]
    ax = Figure().subplots()
    plots.table_plot(ax, "frequency", t, {}, "ltp_ltd_frequency")
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert {"Δw", "Δw with ap5", "Dudek & Bear 1992: LTD", "Dudek & Bear 1992: no change",
            "Dudek & Bear 1992: LTP"} <= set(legend)
    assert ax.get_ylabel() == "weight change Δw [%]" and published.sign_of(0.049) == 0


def test_therapies_answer_gives_each_conditions_crossover_and_draws_one_line_per_condition(gallery):
    import numpy as np
    from matplotlib.figure import Figure
    from plastix import answers, plots

    f = np.tile([3.0, 5.0, 7.0, 10.0], 2)
    t = {"condition": np.repeat([1.0, 2.0], 4), "freq_hz": f,
         "dw_rel": np.array([-0.5, -0.4, 0.2, 1.0, -0.5, 0.3, 0.6, 1.0])}
    labels = {"condition": ["sham"] * 4 + ["anodal"] * 4}
    lines, answered = answers.curated(_Run("therapies", {"polarisation": t}, {"polarisation": labels}))
    assert answered == {"polarisation"}
    assert "sham: turns into LTP between 5 and 7 Hz; anodal: turns into LTP between 3 and 5 Hz" in lines[0]
    ax = Figure().subplots()
    plots.table_plot(ax, "polarisation", t, labels, "therapies")
    assert [x.get_text() for x in ax.get_legend().get_texts()] == ["sham", "anodal"]
    assert len(ax.get_lines()) == 3  # two conditions and the zero line


def test_the_reward_learning_answer_gives_each_conditions_learning_and_whether_it_relearns(gallery):
    import numpy as np
    from plastix import answers

    t = {"condition": np.repeat([1.0, 2.0], 4), "block": np.tile([1.0, 2.0, 3.0, 4.0], 2),
         "phase": np.tile([1.0, 1.0, 2.0, 2.0], 2), "t_s": np.tile([0.5, 200.5, 400.5, 600.5], 2),
         "trials": np.full(8, 100.0), "correct": np.array([0.5, 0.9, 0.1, 0.7, 0.3, 0.35, 0.3, 0.3]),
         "a_wins": np.full(8, 0.5), "b_wins": np.full(8, 0.3), "a_count": np.ones(8), "b_count": np.ones(8)}
    run = _Run("reward_learning", {"choices": t}, {"choices": {"condition": ["control"] * 4 + ["depleted_10"] * 4}})
    lines, answered = answers.curated(run)
    assert answered == {"choices"}
    assert ("control: A 50 % → best 90 % (last 90 %), after the switch B 10 % → best 70 % (last 70 %: relearns)"
            in lines[0])
    assert "depleted_10: A 30 % → best 35 % (last 35 %), after the switch B 30 % → best 30 % (last 30 %: does not " \
        "relearn)" in lines[0]


def test_redrawing_only_some_entries_keeps_the_others_captions_as_they_were(gallery, tmp_path):
    entries = [("alpha", "A caption: with a colon (and brackets)."), ("beta", "Another one.")]
    page = tmp_path / "gallery.md"
    page.write_text(gallery.markdown(entries), encoding="utf-8")
    assert gallery.page_entries(str(page)) == dict(entries)  # what --only keeps for the entries it does not redraw
    assert gallery.page_entries(str(tmp_path / "missing.md")) == {}
