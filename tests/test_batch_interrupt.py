"""Safe interruption: a batch killed mid-way leaves no partial file, and the next run finishes it."""
from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from batchpages import tree, write_pages

# Enough pages that the batch is still running when the first outputs appear (~10 ms each).
PAGES = 240
# Outputs that must exist before the signal is sent: past the first index commit
# (batch.COMMIT_EVERY), so the kill lands with some inputs indexed and some not.
KILL_AFTER = 80
# Upper bound of any one govclean run here (seconds): the test fails rather than hangs.
RUN_TIMEOUT = 120


def govclean(*args):
    return [sys.executable, "-m", "govclean", *map(str, args)]


def interruptible():
    """Ctrl-C's default in the child: a shell starts a background job (`cmd &` without job
    control, as a CI script may run the suite) with SIGINT ignored, the child inherits that,
    and Python then never raises KeyboardInterrupt, as a nohup'd command should not."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_outputs(proc, out, count):
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for _ in out.rglob("*.md")) >= count:
            return True
        time.sleep(0.005)
    return False


@pytest.mark.parametrize("signum, jobs", [(signal.SIGTERM, 1), (signal.SIGINT, 2)])
def test_an_interrupted_run_is_finished_by_the_next_one(tmp_path, signum, jobs):
    """Streaming (--dedup off): outputs appear while the batch runs; kill it among them."""
    saved = tmp_path / "saved"
    write_pages(saved, PAGES, paragraphs=30)
    out = tmp_path / "out"
    proc = subprocess.Popen(govclean("clean", "--dedup", "off", "-f", "markdown", "-j", jobs,
                                     "-o", out, saved),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible)
    try:
        assert wait_for_outputs(proc, out, KILL_AFTER), "the batch ended before it could be interrupted"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    written = tree(out)
    assert 0 < len(written) < PAGES  # stopped mid-batch
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]  # no partial file
    db = sqlite3.connect(out / ".govclean" / "index.sqlite")
    indexed = db.execute("SELECT count(*) FROM inputs").fetchone()[0]
    db.close()
    assert 0 < indexed < PAGES

    resumed = subprocess.run(govclean("clean", "--dedup", "off", "-v", "-f", "markdown", "-j", jobs,
                                      "-o", out, saved),
                             capture_output=True, timeout=RUN_TIMEOUT)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert b"skipped as unchanged" in resumed.stderr and b" 0 skipped" not in resumed.stderr

    reference = tmp_path / "reference"
    subprocess.run(govclean("clean", "--dedup", "off", "-q", "-f", "markdown", "-j", jobs,
                            "-o", reference, saved), check=True, timeout=RUN_TIMEOUT)
    assert tree(out) == tree(reference)
    assert len(tree(reference)) == PAGES


# Corpus mode writes once the whole batch is cleaned: signals sent at these moments after
# the run has opened its index (Python started, handlers in place: a loaded machine can take
# longer than the delay just to start the interpreter) land in the first pass (nothing
# written yet) or among the writes; either way the next run must give exactly what an
# uninterrupted run gives.
CORPUS_KILL_DELAYS = (0.5, 2.0)


@pytest.mark.parametrize("delay", CORPUS_KILL_DELAYS)
def test_an_interrupted_corpus_run_is_finished_by_the_next_one(tmp_path, delay):
    saved = tmp_path / "saved"
    write_pages(saved, PAGES // 2, paragraphs=30)
    out = tmp_path / "out"
    proc = subprocess.Popen(govclean("clean", "-f", "markdown", "-j", 2, "-o", out, saved),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=interruptible)
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not (out / ".govclean").exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=RUN_TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode in (0, 130), err.decode()
    assert b"Traceback" not in err
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    subprocess.run(govclean("clean", "-q", "-f", "markdown", "-j", 2, "-o", out, saved),
                   check=True, timeout=RUN_TIMEOUT)
    reference = tmp_path / "reference"
    subprocess.run(govclean("clean", "-q", "-f", "markdown", "-j", 2, "-o", reference, saved),
                   check=True, timeout=RUN_TIMEOUT)
    assert tree(out) == tree(reference)
