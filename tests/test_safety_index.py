"""The index is read as untrusted input: it never steers a deletion out of -o, never
replaces what govclean did not write, never inflates without bound; a foreign or damaged
file at its path is named as such and left alone."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import zlib

import pytest

from govclean.index import open_index
from govclean.model import BLOB_MAX_BYTES, document_from_bytes
from safestate import run, snapshot, world
from batchpages import page

LEFT_OUTSIDE = ("left alone: the index names it as an output, but it is outside the output "
                "folder (a damaged or edited index)")
LEFT_CHANGED = "left alone: not the bytes govclean wrote there (changed since, or the index is wrong)"


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def tamper(out, sql, *args):
    db = sqlite3.connect(out / ".govclean" / "index.sqlite")
    db.execute(sql, args)
    db.commit()
    db.close()


@pytest.fixture
def ran(tmp_path):
    top = world(tmp_path)
    assert run("clean", "-o", top / "out", top / "in").exit_code == 0
    return top


@pytest.mark.parametrize("kind", ["relative", "absolute", "symlink"])
@pytest.mark.parametrize("trigger", ["input deleted", "format changed"])
def test_an_index_cannot_steer_a_deletion_out_of_the_output_folder(ran, kind, trigger):
    out, victim = ran / "out", ran / "outside" / "victim.txt"
    stored, shown = {"relative": ("../../outside/victim.txt", victim),
                     "absolute": (str(victim), victim),
                     "symlink": ("../link/victim.txt", out / "link" / "victim.txt")}[kind]
    if kind == "symlink":
        os.symlink(ran / "outside", out / "link")
    # the attacker even knows the victim's hash
    tamper(out, "UPDATE inputs SET output=?, output_hash=? WHERE path LIKE '%p0.html'",
           stored, sha(victim))
    before = snapshot(ran)
    if trigger == "input deleted":
        (ran / "in" / "p0.html").unlink()
        before = snapshot(ran)
        result = run("clean", "-o", out, ran / "in")
    else:
        result = run("clean", "-f", "json", "-o", out, ran / "in")
    assert result.exit_code == 0
    assert f"govclean: {shown}: {LEFT_OUTSIDE}" in result.stderr.splitlines()
    assert snapshot(ran) == before and victim.read_text() == "the user's own file\n"


def test_an_old_output_changed_by_hand_is_left_alone_with_one_line(ran):
    out = ran / "out"
    (out / "p0.txt").write_text("my notes on this page\n")
    (ran / "in" / "p0.html").unlink()
    result = run("clean", "-o", out, ran / "in")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"govclean: {out / 'p0.txt'}: {LEFT_CHANGED}"]
    assert (out / "p0.txt").read_text() == "my notes on this page\n"


def test_an_old_output_as_written_is_still_removed(ran):
    (ran / "in" / "p0.html").unlink()
    result = run("clean", "-o", ran / "out", ran / "in")
    assert result.exit_code == 0 and result.stderr == ""
    assert not (ran / "out" / "p0.txt").exists() and (ran / "out" / "p1.txt").exists()


def test_a_hidden_or_nul_output_name_in_the_index_is_refused(ran):
    out = ran / "out"
    index = out / ".govclean" / "index.sqlite"
    keep = sha(index)
    tamper(out, "UPDATE inputs SET output='index.sqlite', output_hash=? WHERE path LIKE '%p0.html'",
           keep)
    (ran / "in" / "p0.html").unlink()
    result = run("clean", "-o", out, ran / "in")
    assert f"govclean: {index}: {LEFT_OUTSIDE}" in result.stderr.splitlines()
    assert index.exists()


def test_a_document_blob_that_inflates_past_the_bound_is_refused_not_inflated(ran):
    bomb = zlib.compress(b"\0" * (BLOB_MAX_BYTES + (1 << 20)), 9)
    assert len(bomb) < BLOB_MAX_BYTES // 500  # a few hundred kB that would inflate to 201 MiB
    with pytest.raises(ValueError, match="inflates past"):
        document_from_bytes(bomb)
    out = ran / "out"
    fresh = ran / "fresh"
    tamper(out, "UPDATE inputs SET document=? WHERE path LIKE '%p0.html'", bomb)
    (ran / "in" / "p7.html").write_text(page(7), encoding="utf-8")  # the batch must be read
    result = run("clean", "-o", out, ran / "in")
    index = out / ".govclean" / "index.sqlite"
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"govclean: {index}: 1 damaged entries (not what govclean writes) ignored; their "
        "inputs were cleaned again"]
    run("clean", "-o", fresh, ran / "in")
    assert (out / "p0.txt").read_bytes() == (fresh / "p0.txt").read_bytes()


def test_rows_of_the_wrong_shape_are_ignored_and_said_once(ran):
    out = ran / "out"
    tamper(out, "UPDATE inputs SET stats='{not json' WHERE path LIKE '%p1.html'")
    tamper(out, "UPDATE inputs SET output=x'2e2e2f70322e747874' WHERE path LIKE '%p2.html'")  # a blob
    (ran / "in" / "p7.html").write_text(page(7), encoding="utf-8")
    result = run("clean", "-o", out, ran / "in")
    assert result.exit_code == 0
    assert len(result.stderr.splitlines()) == 1 and "damaged entries" in result.stderr
    assert {p.name for p in out.glob("*.txt")} == {"p0.txt", "p1.txt", "p2.txt", "p7.txt"}


def test_a_corrupt_index_is_reported_as_corrupt_and_nothing_changes(ran):
    index = ran / "out" / ".govclean" / "index.sqlite"
    db = sqlite3.connect(index)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(index.read_bytes())
    for offset in range(4096, len(data), 7):  # every page after the first: garbage
        data[offset] = 0xA5
    index.write_bytes(bytes(data))
    (ran / "in" / "p7.html").write_text(page(7), encoding="utf-8")
    before = snapshot(ran, skip="")
    result = run("clean", "-o", ran / "out", ran / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {index}: the index is corrupt (database disk image is malformed); remove it "
        "(the next run rebuilds it) or use --no-index"]
    assert snapshot(ran, skip="") == before


@pytest.mark.parametrize("tables", ["CREATE TABLE people (name TEXT)",
                                    "CREATE TABLE meta (key TEXT, value TEXT)",
                                    ""])
def test_a_foreign_sqlite_file_at_the_index_path_is_left_alone(tmp_path, tables):
    top = world(tmp_path)
    foreign = top / "other.sqlite"
    db = sqlite3.connect(foreign)
    for statement in [tables] if tables else []:
        db.execute(statement)
    db.execute("CREATE TABLE IF NOT EXISTS notes (text TEXT)")
    db.execute("INSERT INTO notes VALUES ('keep me')")
    db.commit()
    db.close()
    before = snapshot(top)
    result = run("clean", "--index", foreign, "-o", top / "out", top / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {foreign}: is not a govclean index (a SQLite database of another program); "
        "left alone: choose another file with --index, or --no-index"]
    assert snapshot(top) == before and not (top / "out").exists()


def test_a_file_that_is_not_sqlite_at_the_index_path_is_left_alone(tmp_path):
    top = world(tmp_path)
    notes = top / "notes.txt"
    notes.write_text("a text file, not a database, " * 200)
    before = snapshot(top)
    result = run("clean", "--index", notes, "-o", top / "out", top / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {notes}: is not a govclean index (not a SQLite file); left alone: choose "
        "another file with --index, or --no-index"]
    assert snapshot(top) == before


def test_runs_creating_one_index_at_once_both_get_it(tmp_path):
    for attempt in range(15):
        path = str(tmp_path / f"i{attempt}" / "index.sqlite")
        errors, start = [], threading.Barrier(3)

        def create():
            start.wait()
            try:
                open_index(path).close()
            except Exception as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
        threads = [threading.Thread(target=create) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_is_named_as_such(tmp_path):
    top = world(tmp_path)
    (top / "out").mkdir()
    os.chmod(top / "out", 0o555)
    try:
        result = run("clean", "-o", top / "out", top / "in")
    finally:
        os.chmod(top / "out", 0o755)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {top / 'out' / '.govclean' / 'index.sqlite'}: cannot create the index: the "
        f"folder {top / 'out'} is read-only; choose a writable --output or --index, or --no-index"]


def test_a_read_only_output_folder_is_named_as_such_simulated(tmp_path, monkeypatch):
    """As root every folder is writable: the refusal is simulated (EACCES, no W_OK)."""
    top = world(tmp_path)
    (top / "out").mkdir()
    real_makedirs, real_access = os.makedirs, os.access

    def makedirs(path, *a, **k):
        if str(path).startswith(str(top / "out")):
            raise PermissionError(13, "Permission denied", path)
        return real_makedirs(path, *a, **k)
    monkeypatch.setattr(os, "makedirs", makedirs)
    monkeypatch.setattr(os, "access", lambda p, m: False if str(p) == str(top / "out") and m & os.W_OK
                        else real_access(p, m))
    before = snapshot(top, skip="")
    result = run("clean", "-o", top / "out", top / "in")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {top / 'out' / '.govclean' / 'index.sqlite'}: cannot create the index: the "
        f"folder {top / 'out'} is read-only; choose a writable --output or --index, or --no-index"]
    assert snapshot(top, skip="") == before


def test_an_index_cannot_make_a_run_read_a_file_it_does_not_know(ran):
    """A forged entry names a secret file as an input not named this run, with a damaged
    document so that the run would clean it again: its bytes do not hash to what the entry
    says, so it is never cleaned into -o."""
    out = ran / "out"
    secret = ran / "outside" / "secret.html"
    secret.write_text(page(50).replace("</h1>", "</h1><p>TOP-SECRET-91ac TOP-SECRET-91ac</p>"),
                      encoding="utf-8")
    db = sqlite3.connect(out / ".govclean" / "index.sqlite")
    columns = [r[1] for r in db.execute("PRAGMA table_info(inputs)")]
    row = dict(zip(columns, db.execute("SELECT * FROM inputs WHERE path LIKE '%p0.html'").fetchone()))
    row.update(path="../../outside/secret.html", output="../secret.txt", document=b"damaged")
    db.execute(f"INSERT INTO inputs ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
               list(row.values()))
    db.commit()
    db.close()
    (ran / "in" / "p1.html").write_text(page(51), encoding="utf-8")
    before = snapshot(ran)
    result = run("clean", "-o", out, ran / "in" / "p1.html")  # a pre-commit hook's partial run
    assert result.exit_code == 0
    assert not (out / "secret.txt").exists()
    assert all("TOP-SECRET" not in p.read_text(encoding="utf-8") for p in out.rglob("*.txt"))
    assert snapshot(ran) == before
