"""A run's state stays true: slow or lost pages, inputs changing mid-run, --check after a
run, pages with no text, standard output that fails, stale temporary files, a stopped run."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

import govclean.batch as batch
import govclean.pool as pool
import govclean.corpus as corpus
from batchpages import page, write_pages
from govclean import cli
from govclean.batch import NO_TEXT
from govclean.pool import PAGE_TIMEOUT, too_slow
from govclean.errors import InputError
from hostile import GOOD
from safestate import run, snapshot, world

SHELL = ("<!DOCTYPE html><html><head><title></title><script>window.app={}</script></head>"
         "<body><div id=\"root\"></div><script src=\"app.js\"></script></body></html>")


# ------------------------------------------------------------------ item 16: slow pages


@pytest.fixture
def slow_pages(tmp_path, monkeypatch):
    """Pages that never finish: in Python (slow), in 'C code' that ignores the alarm
    (stuck), and one whose worker dies (killed); the rest are good."""
    real = corpus.clean_bytes

    def clean_bytes(data, source, *a, **k):
        name = os.path.basename(source.path or "")
        if name == "slow.html":
            time.sleep(3600)
        if name == "stuck.html":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(3600)
        if name == "killed.html":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, source, *a, **k)
    monkeypatch.setattr(corpus, "clean_bytes", clean_bytes)  # workers are forked: they see it
    monkeypatch.setattr(pool, "PAGE_TIMEOUT_GRACE", 0.5)
    top = world(tmp_path, pages=0)
    for n, name in enumerate(["a", "killed", "slow", "stuck", "z"]):
        (top / "in" / f"{name}.html").write_text(page(n * 11 + 3), encoding="utf-8")
    return top


@pytest.mark.parametrize("dedup", ["near", "off"])
def test_a_page_that_never_finishes_holds_back_and_loses_no_other(slow_pages, dedup):
    top = slow_pages
    before = snapshot(top)
    result = run("clean", "-j", "2", "--page-timeout", "1", "--dedup", dedup, "-o", top / "out",
                 top / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"govclean: {top / 'in' / name}.html: {too_slow(1)}" for name in ("killed", "slow", "stuck")]
    assert sorted(p.name for p in (top / "out").glob("*.txt")) == ["a.txt", "z.txt"]
    assert snapshot(top) == before


def test_a_slow_page_in_one_process_is_stopped_too(slow_pages):
    (slow_pages / "in" / "killed.html").unlink()
    (slow_pages / "in" / "stuck.html").unlink()  # one process cannot stop C code: see the docs
    result = run("clean", "-j", "1", "--page-timeout", "1", "-o", slow_pages / "out", slow_pages / "in")
    assert result.stderr.splitlines() == [f"govclean: {slow_pages / 'in' / 'slow.html'}: {too_slow(1)}"]
    assert sorted(p.name for p in (slow_pages / "out").glob("*.txt")) == ["a.txt", "z.txt"]


def test_a_page_out_of_time_is_not_recorded_so_the_next_run_tries_again(slow_pages, monkeypatch):
    run("clean", "-j", "2", "--page-timeout", "1", "-o", slow_pages / "out", slow_pages / "in")
    monkeypatch.undo()  # the pages are quick now
    result = run("clean", "-v", "-o", slow_pages / "out", slow_pages / "in")
    assert result.exit_code == 0
    assert sorted(p.name for p in (slow_pages / "out").glob("*.txt")) == [
        "a.txt", "killed.txt", "slow.txt", "stuck.txt", "z.txt"]


def test_the_cli_default_page_timeout_is_the_library_one():
    assert cli.PAGE_TIMEOUT == PAGE_TIMEOUT


# ------------------------------------------------------------------ item 14: inputs changing


def test_an_input_unreadable_for_a_moment_is_not_remembered_as_failing(tmp_path, monkeypatch):
    """The plan read it, the worker's read failed: the index must not keep that failure
    under the hash the plan saw, or the next run would skip a page that is fine."""
    top = world(tmp_path)
    real, reads = batch.read_source, {}

    def flaky(source, max_bytes):
        reads[source.name] = reads.get(source.name, 0) + 1
        if source.name.endswith("p1.html") and reads[source.name] == 2:
            raise InputError(source.name, "permission denied")
        return real(source, max_bytes)
    monkeypatch.setattr(batch, "read_source", flaky)
    first = run("clean", "-j", "1", "-o", top / "out", top / "in")
    assert first.stderr.splitlines() == [f"govclean: {top / 'in' / 'p1.html'}: permission denied"]
    monkeypatch.undo()
    again = run("clean", "-o", top / "out", top / "in")
    assert again.exit_code == 0 and again.stderr == ""
    run("clean", "-o", top / "fresh", top / "in")
    assert snapshot(top / "out", skip=".govclean") == snapshot(top / "fresh", skip=".govclean")


def test_inputs_rewritten_during_a_run_leave_an_index_a_rerun_trusts(tmp_path, monkeypatch):
    """Every read of a page rewrites it afterwards: the index must hold the hash of the bytes
    that were cleaned, so a re-run gives byte for byte what a fresh run gives."""
    top = world(tmp_path, pages=0)
    write_pages(top / "in", 6)
    real, version = batch.read_source, {}

    def rewriting(source, max_bytes):
        data = real(source, max_bytes)
        n = version[source.name] = version.get(source.name, 0) + 1
        with open(source.path, "w", encoding="utf-8") as fh:
            fh.write(page(100 + n * 10 + len(version)))
        return data
    monkeypatch.setattr(batch, "read_source", rewriting)
    run("clean", "-j", "1", "-o", top / "out", top / "in")
    monkeypatch.undo()
    run("clean", "-o", top / "out", top / "in")
    run("clean", "-o", top / "fresh", top / "in")
    assert snapshot(top / "out", skip=".govclean") == snapshot(top / "fresh", skip=".govclean")


# ------------------------------------------------------------------ items 11 and 15


def test_a_page_with_no_article_text_is_one_line_counted_and_writes_nothing(tmp_path):
    top = world(tmp_path, pages=2)
    (top / "in" / "shell.html").write_text(SHELL)
    result = run("clean", "-v", "-o", top / "out", top / "in")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"govclean: {top / 'in' / 'shell.html'}: {NO_TEXT}" in lines
    assert "1 page without article text, 1 failure" in lines[-1]
    assert not (top / "out" / "shell.txt").exists()
    stdout = run("clean", "-f", "jsonl", top / "in" / "shell.html")
    assert stdout.exit_code == 1 and stdout.stdout == ""


@pytest.mark.parametrize("args", [[], ["--dedup", "off"], ["-j", "2"], ["-f", "json"]])
def test_check_right_after_a_run_is_zero_whatever_the_inputs(tmp_path, args):
    top = world(tmp_path, pages=2)
    (top / "in" / "shell.html").write_text(SHELL)
    (top / "in" / "empty.html").write_bytes(b"")
    (top / "in" / "png.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (top / "in" / "copy.html").write_text(page(0), encoding="utf-8")  # a duplicate of p0
    assert run("clean", *args, "-o", top / "out", top / "in").exit_code == 1
    before = snapshot(top, skip="")
    check = run("clean", "--check", *args, "-o", top / "out", top / "in")
    assert check.exit_code == 0 and check.stdout == ""
    assert snapshot(top, skip="") == before


# ------------------------------------------------------------------ item 12: standard output


def govclean(*args):
    return [sys.executable, "-m", "govclean", *map(str, args)]


def test_a_full_standard_output_is_one_line_and_exit_1(tmp_path):
    top = world(tmp_path)
    with open("/dev/full", "w") as full:
        done = subprocess.run(govclean("clean", "-f", "jsonl", top / "in"), stdout=full,
                              stderr=subprocess.PIPE, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode() == "govclean: standard output: cannot write (No space left on device)\n"
    with open("/dev/full", "w") as full:
        inspected = subprocess.run(govclean("inspect", top / "in" / "p0.html"), stdout=full,
                                   stderr=subprocess.PIPE, timeout=120)
    assert inspected.returncode == 1 and inspected.stderr.startswith(b"govclean: standard output")


def test_a_closed_pipe_ends_quietly(tmp_path):
    top = world(tmp_path, pages=0)
    write_pages(top / "in", 40, paragraphs=30)  # far more than a pipe holds
    proc = subprocess.Popen(govclean("clean", "-f", "jsonl", "--dedup", "off", "-j", "1",
                                     top / "in"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(100)
    proc.stdout.close()  # `| head -c 100`
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == cli.EXIT_BROKEN_PIPE == 141
    assert err == b""


# ------------------------------------------------------------------ item 13: temporary files, stops


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_temporary_files_of_a_killed_run_are_cleared_and_no_others(tmp_path):
    top = world(tmp_path)
    out = top / "out"
    out.mkdir()
    stale = out / f".govclean-{dead_pid()}-0123456789abcdef.tmp"
    live = out / f".govclean-{os.getpid()}-fedcba9876543210.tmp"
    mine = out / ".govclean-notes.tmp"
    for path in (stale, live, mine):
        path.write_text("half a document")
    os.symlink(top / "outside" / "victim.txt", out / f".govclean-{dead_pid()}-00000000000000aa.tmp")
    run("clean", "-o", out, top / "in")
    assert not stale.exists() and live.exists() and mine.exists()
    assert (top / "outside" / "victim.txt").read_text() == "the user's own file\n"


def test_a_stopped_run_says_what_is_in_place(tmp_path, monkeypatch):
    top = world(tmp_path)
    out = top / "out"
    run("clean", "-o", out, top / "in")
    (top / "in" / "p2.html").write_text(GOOD, encoding="utf-8")  # its output must change
    real = os.replace

    def full(src, dst):
        if str(dst).endswith("p2.txt"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)
    monkeypatch.setattr(os, "replace", full)
    result = run("clean", "-o", out, top / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"govclean: {out / 'p2.txt'}: cannot write (No space left on device); stopped: 2 of 3 "
        "outputs in place (0 written by this run)"]


def test_an_interrupted_run_says_what_is_in_place(tmp_path, monkeypatch):
    top = world(tmp_path)
    out = top / "out"
    real = os.replace

    def interrupted(src, dst):
        if str(dst).endswith("p2.txt"):
            raise KeyboardInterrupt
        return real(src, dst)
    monkeypatch.setattr(os, "replace", interrupted)
    result = run("clean", "-j", "1", "-o", out, top / "in")
    assert result.exit_code == cli.EXIT_INTERRUPTED
    assert result.stderr.splitlines() == [
        "govclean: interrupted; 2 of 3 outputs in place (2 written by this run); the next run "
        "picks up where this one stopped"]
    assert sorted(p.name for p in out.iterdir()) == [".govclean", "p0.txt", "p1.txt"]


def test_temporary_files_are_not_looked_for_through_a_symlink_out_of_the_output(tmp_path):
    top = world(tmp_path)
    (top / "in" / "sub").mkdir()
    (top / "in" / "sub" / "s.html").write_text(page(60), encoding="utf-8")
    (top / "out").mkdir()
    os.symlink(top / "outside", top / "out" / "sub")
    theirs = top / "outside" / f".govclean-{dead_pid()}-0123456789abcdef.tmp"
    theirs.write_text("not govclean's to remove")
    before = snapshot(top)
    result = run("clean", "-o", top / "out", top / "in")
    assert result.exit_code == 1  # the write through the link is refused too
    assert "refused: a symlinked folder would lead outside the output folder" in result.stderr
    assert snapshot(top) == before


def test_a_second_read_of_other_bytes_is_not_cleaned(tmp_path):
    """Pass 2 (and a re-clean for the index's sake) names the hash it expects: bytes that
    changed since are not cleaned, so a document never pairs with another version's hash."""
    from govclean.batch import CHANGED, Settings, _clean_task, _task, sha256
    from govclean.inputs import iter_sources

    top = world(tmp_path, pages=1)
    source = next(iter_sources([str(top / "in")]))
    expected = sha256((top / "in" / "p0.html").read_bytes())
    same = _clean_task(_task(source, Settings(), spooled=False, blob=False, expect=expected))
    assert same.failure is None and same.content_hash == expected
    with open(top / "in" / "p0.html", "a", encoding="utf-8") as fh:  # same file, new bytes
        fh.write("<p>added while the batch ran</p>")
    changed = _clean_task(_task(source, Settings(), spooled=False, blob=False, expect=expected))
    assert changed.failure == CHANGED and changed.doc is None and changed.content_hash is None
