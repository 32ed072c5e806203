"""The folder walk: no recursion limit, the walk's decision holds at the read (a file
swapped for a symlink is refused), crawler names sniffed, companion folders skipped."""
from __future__ import annotations

import os

from batchpages import page
from hostile import GOOD
from govclean.batch import Settings, run_batch
from govclean.inputs import SWAPPED, iter_sources
from govclean.report import Failure
from safestate import run, snapshot, world

SECRET = "TOP-SECRET-4b2e"


def test_a_file_swapped_for_a_symlink_after_the_walk_is_not_followed(tmp_path):
    top = world(tmp_path)
    secret = top / "outside" / "secret.html"
    secret.write_text(page(40).replace("</h1>", f"</h1><p>{SECRET} {SECRET}</p>"), encoding="utf-8")
    sources = list(iter_sources([str(top / "in")]))
    os.unlink(top / "in" / "p1.html")
    os.symlink(secret, top / "in" / "p1.html")  # swapped between the walk and the read
    os.rename(top / "in" / "p2.html", top / "in" / "old.tmp")  # and one replaced by another file
    (top / "in" / "p2.html").write_text(page(2), encoding="utf-8")
    before = snapshot(top)
    for jobs in (1, 2):
        out = top / "out" / str(jobs)
        summary = run_batch(sources, Settings(output=str(out), jobs=jobs))
        assert summary.failures == [Failure(str(top / "in" / "p1.html"), SWAPPED),
                                    Failure(str(top / "in" / "p2.html"), SWAPPED)]
        assert summary.written == 1
        assert all(SECRET not in p.read_text(encoding="utf-8") for p in out.rglob("*.txt"))
    assert snapshot(top) == before


def test_a_walked_symlink_inside_the_tree_is_still_read(tmp_path):
    top = world(tmp_path)
    os.symlink("p0.html", top / "in" / "z-link.html")
    os.symlink(top / "outside" / "victim.txt", top / "in" / "out-link.html")
    result = run("clean", "-o", top / "out", top / "in")
    assert result.stderr.splitlines() == [
        f"govclean: {top / 'in' / 'out-link.html'}: symlink out of the input folder, not followed"]
    assert sorted(p.name for p in (top / "out").glob("*.txt")) == ["p0.txt", "p1.txt", "p2.txt"]


def test_fifteen_hundred_nested_folders_are_just_a_long_path(tmp_path):
    top = world(tmp_path)
    folder = top / "in" / "deep"
    folder.mkdir()
    for _ in range(1500):  # os.makedirs would recurse
        folder = folder / "d"
        os.mkdir(folder)
    (folder / "bottom.html").write_text(page(41), encoding="utf-8")
    (top / "in" / "zz.html").write_text(page(42), encoding="utf-8")
    try:
        before = snapshot(top)
        result = run("clean", "--dedup", "off", "-o", top / "out", top / "in")
        assert result.exit_code == 0 and result.stderr == ""
        outputs = sorted(os.path.relpath(p, top / "out") for p in (top / "out").rglob("*.txt"))
        assert len(outputs) == 5 and "zz.txt" in outputs
        assert [o for o in outputs if o.endswith("bottom.txt")][0].startswith("deep-")
        assert snapshot(top) == before
    finally:
        remove_deep(folder, top / "in")  # shutil.rmtree (pytest's clean-up) recurses


def remove_deep(bottom, top):
    """Remove a deep chain of folders from its bottom up, without recursion."""
    for name in os.listdir(bottom):
        os.unlink(bottom / name)
    while bottom != top:
        os.rmdir(bottom)
        bottom = bottom.parent


CRAWLER_PAGES = ["view.jsp?id=1", "index.html?page=2", "list.aspx", "show.do", "page.htm.1",
                 "index.php", "article"]
NOT_PAGES = {"style.css": "body { color: red }", "logo.png": "\x89PNG....",
             "notes.1": "plain words, no markup", "feed.do": "{\"json\": true}"}


def test_crawler_names_holding_html_are_cleaned_and_the_rest_counted(tmp_path):
    top = tmp_path
    (top / "in").mkdir()
    for n, name in enumerate(CRAWLER_PAGES):
        (top / "in" / name).write_text(page(n * 3 + 1), encoding="utf-8")
    for name, text in NOT_PAGES.items():
        (top / "in" / name).write_text(text, encoding="latin-1")
    result = run("clean", "-v", "-o", top / "out", top / "in")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert sorted(line for line in lines if ": skipped (" in line) == [
        f"{top / 'in' / 'feed.do'}: skipped (not a page (no HTML in its first bytes))",
        f"{top / 'in' / 'logo.png'}: skipped (not a page (by its name))",
        f"{top / 'in' / 'notes.1'}: skipped (not a page (no HTML in its first bytes))",
        f"{top / 'in' / 'style.css'}: skipped (not a page (by its name))"]
    assert len([line for line in lines
                if ": written to " in line or ": folded into " in line]) == len(CRAWLER_PAGES)
    assert lines[-1].startswith(f"govclean: {len(CRAWLER_PAGES)} inputs read, ")
    assert "4 skipped as not pages, 0 failures" in lines[-1]


def test_a_browser_companion_folder_is_skipped_and_said_with_v(tmp_path):
    top = tmp_path
    saved = top / "in"
    (saved / "a_files").mkdir(parents=True)
    (saved / "a.html").write_text(GOOD, encoding="utf-8")  # not a near duplicate of c.html
    (saved / "a_files" / "frame.html").write_text(page(4), encoding="utf-8")
    (saved / "a_files" / "ad.htm").write_text(page(7), encoding="utf-8")
    (saved / "b_files").mkdir()  # no b.html beside it: an ordinary folder
    (saved / "b_files" / "c.html").write_text(page(10), encoding="utf-8")
    result = run("clean", "-v", "-o", top / "out", saved)
    assert result.exit_code == 0
    assert f"{saved / 'a_files'}{os.sep}: skipped (the browser's companion folder of a.html " \
           "(Save as), not read)" in result.stderr.splitlines()
    assert sorted(os.path.relpath(p, top / "out") for p in (top / "out").rglob("*.txt")) == [
        "a.txt", os.path.join("b_files", "c.txt")]
    assert run("clean", "-o", top / "out2", saved).stderr == ""  # said only with -v


def test_a_file_is_read_whole_whatever_its_size(tmp_path):
    """The first read asks for the file's size (and a byte more), later ones READ_CHUNK:
    files around both sizes come back whole, and one past max_bytes is refused."""
    from govclean.errors import GovcleanError
    from govclean.inputs import READ_CHUNK, read_source

    for size in (0, 1, 4095, READ_CHUNK - 1, READ_CHUNK, READ_CHUNK + 3, 2 * READ_CHUNK + 1):
        path = tmp_path / f"p{size}.txt"
        data = bytes(i % 251 for i in range(size))
        path.write_bytes(data)
        [source] = iter_sources([str(path)])
        assert read_source(source, 4 * READ_CHUNK) == data, size
    [big] = iter_sources([str(tmp_path / f"p{2 * READ_CHUNK + 1}.txt")])
    try:
        got = read_source(big, READ_CHUNK)
    except GovcleanError as exc:
        got = exc.message
    assert isinstance(got, str) and got  # refused with its one line, not read


def test_walked_names_relative_to_the_folder_are_relpaths_whatever_its_spelling(tmp_path, monkeypatch):
    """inputs._relative slices the walk's paths where os.path.relpath normalised them: the
    same names for every way of writing the folder (trailing, doubled and dot separators,
    a '..' through it, relative or absolute) and for names that hold dots."""
    for sub in ("", "a", "a/b..", "a/b../c d"):
        (tmp_path / "in" / sub).mkdir(parents=True, exist_ok=True)
        for name in ("x.html", "y...txt", "z..txt"):
            (tmp_path / "in" / sub / name).write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    spellings = ["in", "in/", "in//", "./in", "in/.", "in/./", "in/../in", "./in/a/..",
                 str(tmp_path / "in"), str(tmp_path) + "//in/", str(tmp_path / "in" / "a" / "..")]
    seen = set()
    for top in spellings:
        sources = list(iter_sources([top]))
        assert len(sources) == 12
        for s in sources:
            assert s.relative == os.path.relpath(s.path, top).replace(os.sep, "/")
        seen.add(tuple(s.relative for s in sources))
    assert len(seen) == 1


def test_an_archive_is_sniffed_even_when_reads_come_back_short(tmp_path, monkeypatch):
    import io
    import tarfile

    from govclean import sniff

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("page.html")
        info.size = len(GOOD.encode())
        tar.addfile(info, io.BytesIO(GOOD.encode()))
    (tmp_path / "pages.dat").write_bytes(buf.getvalue())
    real = os.read
    monkeypatch.setattr(sniff.os, "read", lambda fd, n: real(fd, min(n, 100)))
    assert sniff.sniff(str(tmp_path / "pages.dat")) == sniff.TAR  # 'ustar' is at byte 257
