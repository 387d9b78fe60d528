"""The command line tool as a user meets it: exit codes, messages naming file/line/key, atomic output."""
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

GOOD = """
[experiment]
name = "tiny"
seed = 3
duration = "200 ms"

[[population]]
name = "in"
size = 20
model = "poisson"
rate = "20 Hz"

[[population]]
name = "n"
size = 10
model = "lif"
  [[population.receptor]]
  name = "exc"
  tau_decay = "5 ms"
  e_rev = "0 mV"

[[projection]]
pre = "in"
post = "n"
receptor = "exc"
connector = "all_to_all"
weight = "3 nS"

[[monitor]]
type = "spikes"
population = "n"
"""


def run(binary, *args, cwd=None):
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def write(tmp_path, text, name="exp.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_run_writes_results_and_summary(plastix_binary, tmp_path):
    out = tmp_path / "out"
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(out)) == [".plastix-result", "data.h5", "experiment.toml", "figure.png", "report.html",
                                       "summary.json"]
    assert (out / ".plastix-result").read_text().startswith("plastix ")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["experiment"] == "tiny"
    assert summary["seed"] == 3
    assert summary["synapse_count"] == 200
    assert summary["spike_count"] > 0
    assert abs(summary["bio_time_s"] - 0.2) < 1e-9
    assert "rate_hz.n" in summary["metrics"]


def test_seed_and_set_override_and_reproducibility(plastix_binary, tmp_path):
    f = write(tmp_path, GOOD)
    outs = []
    for name, extra in (("a", []), ("b", []), ("c", ["--seed", "4"])):
        out = tmp_path / name
        r = run(plastix_binary, "run", f, "-o", str(out), "--set", "population.in.rate=30 Hz", *extra)
        assert r.returncode == 0, r.stderr
        outs.append(json.loads((out / "summary.json").read_text()))
    assert outs[0]["spike_count"] == outs[1]["spike_count"]
    assert outs[2]["seed"] == 4
    assert outs[0]["metrics"]["rate_hz.in"] > 25  # the override took effect (30 Hz, not 20 Hz)


BAD_CASES = [
    # (description, text transform, expected fragments of the message)
    ("syntax error", lambda t: t.replace('size = 20', 'size = = 20'), ["exp.toml:9", "column"]),
    ("unknown key", lambda t: t.replace('rate = "20 Hz"', 'rat = "20 Hz"'), ["exp.toml:11", "population.in.rat", "did you mean 'rate'"]),
    ("missing unit", lambda t: t.replace('weight = "3 nS"', 'weight = "3"'), ["exp.toml:", "weight", "nS"]),
    ("wrong unit", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "5 mV"'), ["exp.toml:", "tau_decay", "time"]),
    ("negative time constant", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "-5 ms"'),
     ["exp.toml:", "tau_decay"]),
    ("population of size 0", lambda t: t.replace("size = 10", "size = 0"), ["exp.toml:", "size"]),
    ("population too large", lambda t: t.replace("size = 10", "size = 10000000000000"), ["exp.toml:", "size", "memory"]),
    ("unknown population", lambda t: t.replace('pre = "in"', 'pre = "inp"'), ["exp.toml:", "inp", "in"]),
    # hardened input (tests/unit/test_input_limits.cpp has one test per limit)
    ("infinite parameter", lambda t: t.replace('tau_decay = "5 ms"', 'tau_decay = "inf ms"'),
     ["exp.toml:19", "tau_decay", "finite"]),
    ("nan weight", lambda t: t.replace('weight = "3 nS"', 'weight = "nan nS"'), ["exp.toml:27", "weight", "finite"]),
    ("duration of 1e300 ms", lambda t: t.replace('duration = "200 ms"', 'duration = "1e300 ms"'),
     ["exp.toml:5", "experiment.duration", "steps"]),
    ("dt larger than the run", lambda t: t.replace('duration = "200 ms"', 'duration = "200 ms"\ndt = "1 s"'),
     ["exp.toml:5", "no step"]),
    ("slash in a population name", lambda t: t.replace('name = "n"', 'name = "a/n"'),
     ["exp.toml:14", "not a valid name", "'/'"]),
    ("deep keys", lambda t: t + ".".join(["a"] * 30000) + " = 1\n", ["exp.toml:", "64 levels"]),
]


@pytest.mark.parametrize("description,transform,fragments", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_gives_one_clear_message_and_no_output(plastix_binary, tmp_path, description, transform, fragments):
    f = write(tmp_path, transform(GOOD))
    out = tmp_path / "out"
    for args in (["check", f], ["run", f, "-o", str(out)]):
        r = run(plastix_binary, *args)
        assert r.returncode != 0, f"{description}: exit status 0"
        message = r.stderr.strip()
        assert message.startswith("plastix: error:"), message
        for fragment in fragments:
            assert fragment in message, f"{description}: '{fragment}' not in: {message}"
        assert "Traceback" not in message and "terminate" not in message
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["exp.toml"], "no staging directories left behind"


def test_failed_run_keeps_previous_results(plastix_binary, tmp_path):
    out = tmp_path / "out"
    assert run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out)).returncode == 0
    before = (out / "summary.json").read_text()
    bad = write(tmp_path, GOOD.replace('weight = "3 nS"', 'weight = "3 parsecs"'), "bad.toml")
    assert run(plastix_binary, "run", bad, "-o", str(out)).returncode != 0
    assert (out / "summary.json").read_text() == before


def test_missing_file_and_list(plastix_binary, tmp_path):
    r = run(plastix_binary, "run", str(tmp_path / "nope.toml"))
    assert r.returncode != 0 and "nope.toml" in r.stderr
    r = run(plastix_binary, "list")
    assert r.returncode == 0
    for word in ("lif", "adex", "izhikevich", "poisson", "ampa", "nmda", "fixed_probability"):
        assert word in r.stdout


def test_progress_lines_when_not_a_terminal(plastix_binary, tmp_path):
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(tmp_path / "o"))
    assert "progress: 100%" in r.stderr
    assert "real time" in r.stderr


def test_check_and_run_report_every_problem_with_its_line_and_write_nothing(plastix_binary, tmp_path):
    text = (GOOD.replace('seed = 3', 'seed = 3\ncolour = "red"')  # an unknown key
            .replace('pre = "in"', 'pre = "inn"')  # an unknown population
            + '\n[[population]]\nname = "m"\nsize = 2\nmodel = "lif"\nt_ref = "-2 ms"\n'  # a negative time constant
            + '\n[[monitor]]\ntype = "rate"\npopulation = "in"\nbin = "5 Hz"\n')  # a unit of the wrong kind
    f = write(tmp_path, text)
    lines = text.split("\n")
    line = {marker: next(i + 1 for i, l in enumerate(lines) if marker in l)
            for marker in ('colour', 'inn', 't_ref', 'bin = ')}
    out = tmp_path / "out"
    for args in (["check", f], ["run", f, "-o", str(out)]):
        r = run(plastix_binary, *args)
        assert r.returncode == 2, r.stderr
        assert r.stdout == ""
        errors = r.stderr.strip().split("\n")
        assert errors == [
            f"plastix: error: {f}:{line['colour']}: key 'experiment.colour': unknown key 'colour' in [experiment]; "
            "valid keys here: name, seed, dt, duration, start_from",
            f"plastix: error: {f}:{line['inn']}: key 'projection.inn_n.pre': pre 'inn' is not a population; "
            "did you mean 'in'?",
            f"plastix: error: {f}:{line['t_ref']}: key 'population.m.t_ref': t_ref must be >= 0 ms, got -2 ms",
            f"plastix: error: {f}:{line['bin = ']}: key 'monitor.in.bin': '5 Hz' has unit 'Hz' of the wrong kind; "
            "expected a time (e.g. \"20 ms\"; units ms, s, min, h, day, us)",
            "plastix: 4 problems found",
        ], r.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["exp.toml"]


def test_set_can_be_repeated_and_zero_duration_names_the_key_once(plastix_binary, tmp_path):
    f = write(tmp_path, GOOD)
    out = tmp_path / "o"
    r = run(plastix_binary, "run", f, "-o", str(out), "--set", "experiment.seed=9", "--set", "experiment.name=renamed")
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 9 and summary["experiment"] == "renamed"
    r = run(plastix_binary, "check", f, "--set", "experiment.duration=0 s")
    assert r.returncode != 0
    assert "key 'experiment.duration':" in r.stderr and "duration.duration" not in r.stderr


# -- output directories: only plastix's own results are replaced, checked before the run ------------------------------
def snapshot(root):
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def test_a_directory_plastix_did_not_write_is_never_replaced(plastix_binary, tmp_path):
    thesis = tmp_path / "thesis"
    (thesis / "figures").mkdir(parents=True)
    (thesis / "chapter1.tex").write_text("two years of work")
    before = snapshot(thesis)
    long_run = GOOD.replace('duration = "200 ms"', 'duration = "1000 s"')  # refused before it starts: no wait
    start = time.monotonic()
    r = run(plastix_binary, "run", write(tmp_path, long_run), "-o", str(thesis))
    assert time.monotonic() - start < 10
    assert r.returncode == 2
    assert "thesis" in r.stderr and "which plastix did not write" in r.stderr, r.stderr
    assert "progress" not in r.stderr and "running" not in r.stderr, "the error comes before the run"
    assert snapshot(thesis) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml", "thesis"]


@pytest.mark.parametrize("name", ["/abs/victim", "../../escaped", "", ".", "..", "a/b", "\x1b[31mred"])
def test_experiment_names_that_are_not_plain_directory_names_are_refused(plastix_binary, tmp_path, name):
    work = tmp_path / "work"
    (work / "results" / "other").mkdir(parents=True)
    (work / "results" / "other" / "data.h5").write_text("another experiment's results")
    text = GOOD.replace('name = "tiny"', f'name = {json.dumps(name)}')
    r = run(plastix_binary, "run", write(tmp_path, text), cwd=work)
    assert r.returncode == 2, r.stderr
    assert "exp.toml:3: key 'experiment.name':" in r.stderr, r.stderr
    assert "results/<experiment.name>" in r.stderr and "-o DIR" in r.stderr
    assert "\x1b" not in r.stderr
    assert snapshot(work) == {"results": None, "results/other": None,
                              "results/other/data.h5": b"another experiment's results"}


def test_a_second_run_to_the_same_directory_fails_at_once(plastix_binary, tmp_path):
    out = tmp_path / "out"
    slow = write(tmp_path, GOOD.replace('duration = "200 ms"', 'duration = "1000 s"'), "slow.toml")
    first = subprocess.Popen([plastix_binary, "run", slow, "-q", "-o", str(out)], stderr=subprocess.PIPE, text=True)
    try:
        lock = tmp_path / ".out.lock"
        for _ in range(200):
            if lock.exists() and lock.read_text().strip() == str(first.pid):
                break
            time.sleep(0.05)
        r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out))
        assert r.returncode == 2
        assert f"another plastix process (pid {first.pid}) is writing it" in r.stderr, r.stderr
        assert first.poll() is None, "the first run goes on"
    finally:
        first.kill()  # like kill -9: the lock goes with the process
        first.wait()
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.toml", "out", "slow.toml"]


def test_staging_directories_of_killed_runs_are_removed_by_the_next_run(plastix_binary, tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = tmp_path / f".out.partial-{gone.pid}-0"  # what kill -9 during the write leaves
    stale.mkdir()
    (stale / ".plastix-result").write_text("plastix 0.1.0\n")
    (stale / "data.h5").write_bytes(b"\0" * 1000)
    kept = tmp_path / f".out.partial-{gone.pid}-1"  # looks like one, but holds a file plastix does not write
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [kept.name, "exp.toml", "out"]


def test_seed_must_be_a_whole_number(plastix_binary, tmp_path):
    f = write(tmp_path, GOOD)
    for seed in ("-1", "abc", "1.5", "18446744073709551615", ""):
        r = run(plastix_binary, "run", f, "--seed", seed, "-o", str(tmp_path / "o"))
        assert r.returncode == 2, (seed, r.stderr)
        assert f"--seed: expected a whole number from 0 to 9223372036854775807, got '{seed}'" in r.stderr
    assert not (tmp_path / "o").exists()


def test_names_are_printed_without_terminal_escape_sequences(plastix_binary, tmp_path):
    # Names with control characters are refused when the file is read; the message shows them escaped.
    evil = "\x1b]0;owned\x07\x1b[2J\u009b31m"
    text = GOOD.replace('name = "tiny"', f'name = {json.dumps(evil)}')
    r = run(plastix_binary, "run", write(tmp_path, text), "-o", str(tmp_path / "o"))
    assert r.returncode == 2, r.stderr
    for stream in (r.stdout, r.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\u009b" not in stream
    assert "\\x1b]0;owned\\a\\x1b[2J\\xc2\\x9b31m" in r.stderr, r.stderr
    assert not (tmp_path / "o").exists()
    text = GOOD.replace('name = "n"', 'name = "n\\u001b[5m"')
    r = run(plastix_binary, "check", write(tmp_path, text))
    assert r.returncode == 2 and "\x1b" not in r.stderr and "exp.toml:" in r.stderr, r.stderr
    r = run(plastix_binary, "run", write(tmp_path, GOOD), "--no-such-option\x1b[2J")
    assert r.returncode != 0 and "\x1b" not in r.stderr and "\\x1b[2J" in r.stderr


def full_disk_available():
    """Whether this machine lets a test mount a small tmpfs of its own (a private mount namespace)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


FULL_DISK = """
mount -t tmpfs -o size=2m tmpfs /mnt || exit 99
"$@" -q -o /mnt/out --set "experiment.duration=50 ms" || exit 98
avail_kb=$(df -k /mnt | awk 'NR == 2 {print $4}')
err=$(mktemp)
if [ "$FILL" = before ]; then head -c $((avail_kb - FREE_KB))k /dev/zero > /mnt/filler; fi
"$@" -o /mnt/out --set "experiment.duration=1 s" --set "experiment.dt=0.02 ms" 2> "$err" &
pid=$!
if [ "$FILL" = during ]; then
  # The free-space check before the run passes; the disk fills while the run goes (after its "running" line).
  until grep -q running "$err" || ! kill -0 $pid 2> /dev/null; do sleep 0.01; done
  head -c $((avail_kb - FREE_KB))k /dev/zero > /mnt/filler
fi
wait $pid
echo "exit $?"
cat "$err" >&2
rm -f "$err"
ls -A /mnt
cat /mnt/out/summary.json
"""


def on_full_disk(command, free_kb, env=None, fill="during"):
    """Runs the shell script FULL_DISK with command as "$@", in a private mount namespace: a previous result, then
    the same command again (1 s at dt 0.02 ms) with free_kb left on the 2 MB file system: filled while the run goes
    (fill="during", past the free-space check before the run) or before it starts (fill="before")."""
    return subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", FULL_DISK, "sh", *command],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {}), "FREE_KB": str(free_kb), "FILL": fill})


@pytest.mark.skipif(not full_disk_available(), reason="needs a private tmpfs (unshare --mount --map-root-user)")
@pytest.mark.parametrize("free_kb", [40, 400, 790, 830, 865])
def test_a_full_disk_is_an_error_not_a_crash(plastix_binary, source_dir, free_kb):
    # coba for 1 s at dt 0.02 ms writes about 876 KiB of data.h5: it fails at various points of the HDF5 file
    # (790-865 KiB free: when HDF5 flushes and closes it). The disk fills while the run goes, after the free-space
    # check before the run has passed. Exit 2 with the
    # reason, no segfault in HDF5's cleanup at exit (was exit 139), the previous result intact, nothing left over.
    r = on_full_disk([plastix_binary, "run", str(source_dir / "experiments" / "coba.toml")], free_kb)
    assert "exit 2\n" in r.stdout, r.stdout + r.stderr
    assert "cannot write results to '/mnt/out'" in r.stderr and "No space left on device" in r.stderr, r.stderr
    after = r.stdout.split("exit 2\n")[1]
    assert after.split("{")[0].split() == ["filler", "out"]
    assert '"bio_time_s": 0.05' in after


@pytest.mark.skipif(not full_disk_available(), reason="needs a private tmpfs (unshare --mount --map-root-user)")
def test_too_little_free_space_is_an_error_before_the_run(plastix_binary, source_dir):
    # coba for 1 s needs about 1 MB (estimated from its monitors); with 200 kB free it is refused before it starts.
    r = on_full_disk([plastix_binary, "run", str(source_dir / "experiments" / "coba.toml")], 200, fill="before")
    assert "exit 2\n" in r.stdout, r.stdout + r.stderr
    assert "cannot write results to '/mnt/out': the results need about" in r.stderr, r.stderr
    assert "running" not in r.stderr and "progress" not in r.stderr
    after = r.stdout.split("exit 2\n")[1]
    assert after.split("{")[0].split() == ["filler", "out"]
    assert '"bio_time_s": 0.05' in after


@pytest.mark.skipif(not full_disk_available(), reason="needs a private tmpfs (unshare --mount --map-root-user)")
def test_an_unwritable_output_directory_is_an_error_before_the_run(plastix_binary, tmp_path):
    slow = write(tmp_path, GOOD.replace('duration = "200 ms"', 'duration = "1000 s"'))
    script = 'mount -t tmpfs -o size=1m,ro tmpfs /mnt || exit 99; exec "$@"'
    start = time.monotonic()
    r = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", script, "sh", plastix_binary, "run", slow,
                        "-o", "/mnt/out"], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 10, "refused before the run"
    assert r.returncode == 2, r.stderr
    assert "cannot write results to '/mnt/out': cannot create files in '/mnt': Read-only file system" in r.stderr


def h5_datasets(path):
    """Every dataset of an HDF5 file, by name."""
    import h5py
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
    return out


@pytest.mark.parametrize("experiment, sets", [
    ("coba.toml", ['experiment.duration="300 ms"', "projection.ee.p=0.03"]),
    ("stdp_window.toml", ['experiment.duration="2 s"']),  # a sweep
])
def test_a_run_with_overrides_is_reproduced_bitwise_from_its_saved_experiment_file(plastix_binary, source_dir,
                                                                                   tmp_path, experiment, sets):
    first, again = tmp_path / "first", tmp_path / "again"
    args = [a for s in sets for a in ("--set", s)]
    r = run(plastix_binary, "run", str(source_dir / "experiments" / experiment), "-q", "--seed", "9", *args,
            "-o", str(first))
    assert r.returncode == 0, r.stderr
    saved = (first / "experiment.toml").read_text()
    assert "as run, with these overrides applied:" in saved
    for s in sets + ["experiment.seed=9"]:
        assert f"#   {s}\n" in saved
    assert "seed = 9" in saved
    summary = json.loads((first / "summary.json").read_text())
    assert summary["overrides"] == sets + ["experiment.seed=9"]
    r = run(plastix_binary, "run", str(first / "experiment.toml"), "-q", "-o", str(again))
    assert r.returncode == 0, r.stderr
    rerun = json.loads((again / "summary.json").read_text())
    assert rerun["overrides"] == [] and rerun["seed"] == 9
    for key in ("metrics", "tables", "spike_count", "synapse_count", "bio_time_s", "phases"):
        assert rerun[key] == summary[key], key
    a, b = h5_datasets(first / "data.h5"), h5_datasets(again / "data.h5")
    assert a.keys() == b.keys() and a
    for name in a:
        assert a[name].tobytes() == b[name].tobytes(), name


def test_no_compression_stores_the_same_values_uncompressed(plastix_binary, source_dir, tmp_path):
    import h5py
    coba = str(source_dir / "experiments" / "coba.toml")
    sets = ["--set", 'experiment.duration="2 s"', "--no-report", "-q"]
    r = run(plastix_binary, "run", coba, *sets, "-o", str(tmp_path / "gzip"))
    assert r.returncode == 0, r.stderr
    r = run(plastix_binary, "run", coba, *sets, "--no-compression", "-o", str(tmp_path / "plain"))
    assert r.returncode == 0, r.stderr
    a, b = h5_datasets(tmp_path / "gzip" / "data.h5"), h5_datasets(tmp_path / "plain" / "data.h5")
    assert a.keys() == b.keys() and a
    for name in a:
        assert a[name].tobytes() == b[name].tobytes(), name
    filters = {}
    for label in ("gzip", "plain"):
        with h5py.File(tmp_path / label / "data.h5", "r") as f:
            f.visititems(lambda name, obj, label=label: filters.setdefault(label, set()).add(obj.compression)
                         if isinstance(obj, h5py.Dataset) else None)
    assert "gzip" in filters["gzip"]  # the ~10^5 spike times of 2 s of COBA are large enough to be compressed
    assert filters["plain"] == {None}
