"""Hostile and broken inputs: one clear line each, the batch goes on, nothing written outside."""
from __future__ import annotations

import errno
import os
import socket

import pytest
from click.testing import CliRunner

from govclean import clean_page
from govclean.cli import main
from govclean.errors import InputError, OutputError
from govclean.inputs import iter_sources, read_source
from govclean.load import DEFAULT_MAX_BYTES
from govclean.segment import FLAT_MAX_DEPTH, LIBXML_MAX_DEPTH, flatten_markup, segment_html
from govclean.write import NAME_MAX_BYTES, RESERVED_NAMES, TEMP_PREFIX, atomic_write, output_names
from govclean.model import Document

from hostile import GOOD, deep, gzip_bomb, hostile_inputs, page, xxe

# What each refused input must say (everything else must give a Document).
REFUSED = {
    "empty.html": "empty file",
    "png.html": "binary file (a PNG image)",
    "pdf.html": "binary file (a PDF document)",
    "zip.html": "binary file (a ZIP archive)",
    "elf.html": "binary file (an ELF executable)",
    "truncated.html.gz": "broken gzip data (truncated)",
    "nul_heavy.html": "binary file (control bytes)",
    "gzip_bomb.html.gz": "gzip expands past the limit",
    "only_whitespace.html": "no text",
    "gzip_in_gzip.html.gz": "gzip inside gzip",
}


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kw)


def tree(path):
    """Every path below `path` (folders, files, links), relative."""
    out = set()
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            out.add(os.path.relpath(os.path.join(folder, name), path))
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    secret = tmp_path_factory.mktemp("secret") / "secret.txt"
    secret.write_text("TOP-SECRET-7d1f")
    return str(secret), hostile_inputs(str(secret))


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""
    def refuse(*a, **k):
        raise AssertionError("govclean tried to use the network")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_every_hostile_input_gives_a_document_or_one_clear_line(inputs, no_network):
    secret, cases = inputs
    for name, data in cases.items():
        if name == "long_line.html":
            continue  # its own test below (slow)
        try:
            doc = clean_page(data, filename=name)
        except InputError as exc:
            assert name in REFUSED, f"{name} refused: {exc}"
            assert str(exc).startswith(name + ": ") and REFUSED[name] in exc.message
            assert "\n" not in str(exc)
            continue
        assert name not in REFUSED, f"{name} was not refused"
        assert isinstance(doc, Document) and doc.title, name
        assert "\x00" not in doc.text + doc.title and "\x07" not in doc.text
        assert "TOP-SECRET" not in doc.text and "fetched" not in doc.text


def test_deep_nesting_keeps_all_text():
    """libxml2 drops everything past 2048 levels; the flat re-parse keeps it, in order."""
    for opener, closer in (("<div>", "</div>"), ("<span>", "</span>"), ("<div><b>", "</b></div>"),
                           ("<table><tr><td>", "</td></tr></table>"), ("<div>", "")):
        blocks = [b.text for b in segment_html(deep(100_000, opener, closer)).blocks]
        joined = "\n".join(blocks)
        before, inside, after = (joined.find(s) for s in ("Before the nest", "Deep inside", "After the nest"))
        assert -1 < before < inside < after, (opener, blocks[:5])


def test_nesting_just_past_libxml_limit_is_kept():
    text = "\n".join(b.text for b in segment_html(deep(LIBXML_MAX_DEPTH + 10)).blocks)
    assert "Deep inside" in text and "After the nest" in text


def test_normal_pages_are_not_flattened():
    """The flat re-parse is only for pages libxml2 gave up on: a page below the limit
    keeps its deep structure (block paths)."""
    blocks = segment_html(deep(FLAT_MAX_DEPTH + 100)).blocks
    deepest = max(b.path.count("/") for b in blocks)
    assert deepest > FLAT_MAX_DEPTH


def test_flatten_markup_bounds_depth_and_keeps_text():
    flat = flatten_markup("<div>" * 10 + "x<p>y</p>" + "</div>" * 10 + "z", 3)
    assert flat.count("<div>") == 3 and flat.count("</div>") == 3
    assert [c for c in flat if c in "xyz"] == ["x", "y", "z"]


def test_flatten_markup_keeps_scripts_and_comments_whole():
    markup = "<div><script>if (a<b) { x = '<div>' }</script><!-- <div> --></div>"
    assert flatten_markup(markup, 1) == markup


def test_a_single_10mb_line_is_cleaned(inputs):
    """Cut at MAX_TEXT_CHARS (1,000,000) with a warning: 10 MB of text took 7-15 s."""
    from govclean.segment import MAX_TEXT_CHARS

    doc = clean_page(inputs[1]["long_line.html"], filename="long_line.html")
    assert MAX_TEXT_CHARS - 100 < len(doc.text) < MAX_TEXT_CHARS and doc.text.startswith("word")
    assert "MAX_TEXT_CHARS" in doc.extra["warnings"]


def test_entities_are_never_expanded_nor_fetched(inputs, no_network):
    secret, _ = inputs
    doc = clean_page(xxe(secret), filename="x.xhtml")
    assert "TOP-SECRET" not in doc.text
    assert "lollol" not in doc.text
    assert "&lol9;" in doc.text and "]>" not in doc.text
    assert doc.title == "Entity test"  # the DOCTYPE's subset does not push <head> into <body>


def test_size_limit_refuses_big_files(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(GOOD.encode() + b" " * 2000)
    with pytest.raises(InputError, match=r"larger than the limit of 1000 bytes \(--max-bytes\)"):
        read_source(next(iter_sources([str(big)])), max_bytes=1000)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip_bomb(3_000_000))
    with pytest.raises(InputError, match="gzip expands past the limit of 1000000"):
        clean_page(bomb.read_bytes(), filename="bomb.html.gz", max_bytes=1_000_000)


def test_default_limit_is_documented():
    limits = open(os.path.join(os.path.dirname(__file__), "..", "docs", "limits.md"), encoding="utf-8").read()
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert "**50 MiB**" in limits


# ---------------------------------------------------------------- a batch on disk


def write_batch(folder, cases):
    for name, data in cases.items():
        if name != "long_line.html":
            (folder / name).write_bytes(data)
    (folder / "good.html").write_text(GOOD, encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "good.html").write_text(GOOD, encoding="utf-8")


def test_a_hostile_batch_goes_on_and_writes_only_inside_the_output(tmp_path, inputs, no_network):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    write_batch(src, inputs[1])
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.html").write_text(GOOD)
    os.symlink(outside / "o.html", src / "link_out.html")  # a link out of the tree
    os.symlink(outside, src / "folder_out")
    os.symlink(src / "loop_b.html", src / "loop_a.html")  # a loop
    os.symlink(src / "loop_a.html", src / "loop_b.html")
    os.symlink(src / "missing.html", src / "dangling.html")
    os.symlink(src, src / "self")  # a folder loop: never descended into
    os.mkfifo(src / "fifo.html")  # would block a naive open()
    before = tree(tmp_path)

    # --dedup off: the good pages are copies of one article, each must get its own output
    result = run("clean", "--dedup", "off", "-f", "json", "-o", str(out), str(src))

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    expected = {name: words for name, words in REFUSED.items()}
    expected.update({"link_out.html": "symlink out of the input folder",
                     "folder_out": "symlink out of the input folder",
                     "loop_a.html": "symlink loop", "loop_b.html": "symlink loop",
                     "dangling.html": "broken symlink", "fifo.html": "not a regular file"})
    assert len(lines) == len(expected), lines
    for name, words in expected.items():
        line = next(line for line in lines if line.startswith(f"govclean: {src / name}: "))
        assert words in line, line
    written = tree(out)
    assert "good.json" in written and "sub/good.json" in written and "deep.json" in written
    assert not any(n.startswith(TEMP_PREFIX) for n in written)
    assert tree(tmp_path) - before == {"out"} | {"out/" + n for n in written}


def test_file_names_that_are_not_utf8(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    os.makedirs(os.fsencode(str(src)) + b"/d\xff", exist_ok=True)
    with open(os.fsencode(str(src)) + b"/d\xff/caf\xe9.html", "wb") as fh:
        fh.write(GOOD.encode())
    with open(os.fsencode(str(src)) + b"/bad\xfe.html", "wb") as fh:
        fh.write(b"")
    with open(os.fsencode(str(src)) + b"/new\nline.html", "wb") as fh:
        fh.write(b"")
    result = run("clean", "-f", "jsonl", "-o", str(out), str(src))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"govclean: {src}/bad\\xfe.html: empty file",
                                          f"govclean: {src}/new\\nline.html: empty file"]
    outputs = {p for p in tree(out) if not p.startswith(".govclean")}  # the batch index
    assert outputs == {"d_xff", "d_xff/caf_xe9.jsonl"}  # valid UTF-8 on every system


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    """Root reads anything, so the refusal is simulated where the file is opened."""
    (tmp_path / "a.html").write_text(GOOD)
    (tmp_path / "b.html").write_text(GOOD)
    real_open = os.open

    def deny(path, *a, **k):
        if str(path).endswith("a.html"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *a, **k)
    monkeypatch.setattr(os, "open", deny)
    result = run("clean", "-f", "jsonl", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"govclean: {tmp_path / 'a.html'}: permission denied\n"
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_for_real(tmp_path):
    (tmp_path / "a.html").write_text(GOOD)
    os.chmod(tmp_path / "a.html", 0)
    result = run("clean", str(tmp_path))
    assert result.stderr == f"govclean: {tmp_path / 'a.html'}: permission denied\n"


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.html").write_text(GOOD)
    (tmp_path / "ok.html").write_text(GOOD)
    real_scandir = os.scandir

    def deny(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", deny)
    result = run("clean", "-f", "jsonl", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"govclean: {tmp_path / 'locked'}: folder cannot be read (Permission denied)\n"
    assert len(result.stdout.splitlines()) == 1


# ---------------------------------------------------------------- output names


def docs(*relatives):
    return [Document(input=f"in/{i}/{r}", extra={"relative": r}) for i, r in enumerate(relatives)]


HOSTILE_NAMES = [
    "../../etc/passwd.html", "/etc/cron.d/x.html", "a/../../../b.html", "..", ".", "",
    "CON.html", "nul.txt.html", "Com1.html", "lpt9", "aux.tar.gz", "C:\\Windows\\win.ini.html",
    "\\\\server\\share\\x.html", "a:b*c?d|e<f>g\".html", "x" * 600 + ".html",
    "深" * 300 + ".html", "d/" * 400 + "deep.html", ".hidden.html", "trailing. .html",
    "tab\tnew\nline.html", "a.html", "A.HTML", "a.htm", "a.txt", "a.html.txt",
    "a/b.html", "a.txt/b.html", "stdin", "..\\..\\evil.html",
]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_names_never_escape_and_never_collide(fmt):
    names = output_names(docs(*HOSTILE_NAMES), fmt)
    keys = [n.casefold() for n in names]
    assert len(set(keys)) == len(keys)
    for name in names:
        assert name and not os.path.isabs(name) and "\\" not in name and ":" not in name
        parts = name.split("/")
        assert all(p and p not in (".", "..") and not p.startswith(".") for p in parts), name
        assert all(len(p.encode()) <= 255 for p in parts), name
        assert all(p.split(".")[0].lower() not in RESERVED_NAMES for p in parts), name
        assert len(name.encode()) <= 1300
    files = set(keys)
    for key in keys:  # no output is also a folder of another output
        parts = key.split("/")
        assert not any("/".join(parts[:n]) in files for n in range(1, len(parts)))


def test_output_names_resolve_collisions_whatever_the_order():
    forward = docs(*HOSTILE_NAMES)
    names = dict(zip((d.input for d in forward), output_names(forward, "text")))
    backward = list(reversed(forward))
    assert dict(zip((d.input for d in backward), output_names(backward, "text"))) == names


def test_output_names_are_readable_when_safe():
    assert output_names(docs("a.html", "sub/b.htm", "c.html.gz", "a.txt"), "markdown") == [
        "a.md", "sub/b.md", "c.md", "a.txt.md"]
    assert output_names(docs("CON.html", "x" * 300 + ".html"), "text")[0] == "_CON.txt"
    assert len(output_names(docs("x" * 300 + ".html"), "text")[0].encode()) <= NAME_MAX_BYTES + 4


def test_atomic_write_refuses_paths_outside_the_root(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError, match="outside the output folder"):
        atomic_write(str(out / ".." / "escaped.txt"), "x", root=str(out))
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", out / "sub")
    with pytest.raises(OutputError, match="symlinked folder"):
        atomic_write(str(out / "sub" / "x.txt"), "x", root=str(out))
    assert tree(tmp_path) == {"out", "out/sub", "elsewhere"}


# ---------------------------------------------------------------- failed writes


def enospc(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("where", ["replace", "write"])
def test_disk_full_gives_one_line_and_no_partial_files(tmp_path, monkeypatch, data_dir, where):
    out = tmp_path / "out"
    monkeypatch.setattr(os, where, enospc)
    # --no-index: this is about the outputs (an index is a whole SQLite file, not an output)
    result = run("clean", "--no-index", "-f", "json", "-o", str(out), str(data_dir / "cases"))
    assert result.exit_code == 1
    assert result.stderr == (f"govclean: {out / 'en_agency_page.json'}: cannot write "
                             "(No space left on device); stopped: 0 of 3 outputs in place (0 written by "
                             "this run)\n")
    assert tree(out) == set()


def test_read_only_output_folder(tmp_path, monkeypatch, data_dir):
    """Simulated (root writes anywhere): creating the temporary file fails with EROFS."""
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def read_only(path, flags, *a, **k):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", path)
        return real_open(path, flags, *a, **k)
    monkeypatch.setattr(os, "open", read_only)
    result = run("clean", "--no-index", "-o", str(out), str(data_dir / "cases" / "zh_wrapped_dump.txt"))
    assert result.exit_code == 1
    assert result.stderr == (f"govclean: {out / 'zh_wrapped_dump.txt'}: cannot write "
                             "(Read-only file system); stopped: 0 of 1 outputs in place (0 written by "
                             "this run)\n")
    assert tree(out) == set()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder_for_real(tmp_path, data_dir):
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o555)
    result = run("clean", "--no-index", "-o", str(out), str(data_dir / "cases" / "zh_wrapped_dump.txt"))
    assert result.exit_code == 1 and "Permission denied" in result.stderr
    assert tree(out) == set()


def test_outputs_have_the_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(str(tmp_path / "a.txt"), "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.txt"
    target.write_text("old")
    monkeypatch.setattr(os, "fsync", enospc)
    with pytest.raises(OutputError, match="a.txt: cannot write"):
        atomic_write(str(target), "new")
    assert target.read_text() == "old" and tree(tmp_path) == {"a.txt"}


# ---------------------------------------------------------------- decoding damaged pages


def test_a_truncated_utf8_page_with_a_stale_legacy_meta_stays_utf8():
    """A re-saved page (UTF-8 bytes, meta still gb2312) cut inside a character: one
    replacement character, not the whole page read as GBK mojibake."""
    from hostile import PROSE_ZH
    data = page(f"<p>{PROSE_ZH}</p>" * 3, charset="gb2312").encode("utf-8")
    cut = data[: data.rindex("完成".encode()) + 1]
    doc = clean_page(cut, filename="cut.html")
    assert doc.encoding == "utf-8" and PROSE_ZH in doc.text


def test_legacy_text_is_not_mistaken_for_damaged_utf8():
    from hostile import PROSE_ZH
    doc = clean_page(page(f"<p>{PROSE_ZH}</p>" * 3, charset="gbk").encode("gb18030") + b"\xff",
                     filename="gbk.html")
    assert doc.encoding == "gb18030" and PROSE_ZH in doc.text


# ---------------------------------------------------------------- fuzz (a short run)

# Inputs fuzzed inside the suite: ~6 s on one core; `python -m tests.fuzz --count N` for more.
FUZZ_COUNT = 1000


def test_fuzz_run_has_no_uncaught_exceptions(no_network):
    import io

    import fuzz

    report = fuzz.run(FUZZ_COUNT, seed=12345, out=io.StringIO())
    assert report["crash"] == 0, report["crashes"][:3]
    assert report["doc"] > FUZZ_COUNT // 2 and report["refused"] > 0  # it exercised both paths
