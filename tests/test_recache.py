"""Compiled patterns kept between runs: the same patterns re compiles, found where they were kept."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from govclean import recache

pytestmark = pytest.mark.skipif(recache.cache_path() is None, reason="not CPython 3.11+")

PATTERNS = [(r"[\u4e00-\u9fff]+\s*[:：]", 0), (r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})", re.I),
            (rb"<meta[^>]+charset", re.I), (r"(?i)^\s*(?:published|updated)\b", 0)]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A cache file of its own, writing allowed, and re's cache emptied before and after."""
    path = tmp_path / "__pycache__" / "patterns.test.1.stamp.marshal"
    monkeypatch.setattr(recache, "_path", [str(path)])
    monkeypatch.setattr(recache, "_loaded", set())
    monkeypatch.setattr(recache, "_facts", {})
    monkeypatch.setattr(recache, "_new_facts", set())
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    re.purge()
    yield path
    re.purge()


def test_kept_patterns_are_the_patterns_re_compiles(kept):
    for pattern, flags in PATTERNS:
        re.compile(pattern, flags)
    assert recache.save() >= len(PATTERNS) and kept.is_file()
    re.purge()
    recache._loaded.clear()
    assert recache.load() >= len(PATTERNS)
    for pattern, flags in PATTERNS:
        key = (type(pattern), pattern, int(flags))
        loaded = re._cache[key]  # put there by load, found by re.compile
        assert re.compile(pattern, flags) is loaded
        assert loaded == re._compiler.compile(pattern, int(flags))  # flags, pattern and code alike
        assert loaded.groupindex == re._compiler.compile(pattern, int(flags)).groupindex
    assert re.compile(PATTERNS[1][0], PATTERNS[1][1]).match("5.3").group("month") == "3"


def test_nothing_new_writes_nothing_and_new_patterns_are_added(kept):
    re.compile(PATTERNS[0][0])
    recache.save()
    stamp = os.stat(kept).st_mtime_ns
    assert recache.save() == 0 and os.stat(kept).st_mtime_ns == stamp  # nothing new
    re.compile(PATTERNS[3][0])
    assert recache.save() == 1
    re.purge()
    recache._loaded.clear()
    recache.load()
    assert (str, PATTERNS[0][0], 0) in re._cache and (str, PATTERNS[3][0], 0) in re._cache


def test_a_damaged_cache_is_ignored_and_bytecode_settings_are_obeyed(kept, monkeypatch):
    kept.parent.mkdir()
    kept.write_bytes(b"\x00 not marshal data")
    assert recache.load() == 0
    import marshal
    kept.write_bytes(marshal.dumps(([("a+", 0, (0, [1, 2, 3], 0, {}, ()))], {})))  # code _sre refuses
    assert recache.load() == 0 and (str, "a+", 0) not in re._cache
    re.compile("b+")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert recache.save() == 0


def test_facts_are_kept_and_read_once(kept):
    """A fact is read from the pattern once; reloaded from the kept file, it is not read again."""
    from govclean.rules import required

    rx = re.compile(r"(?i)^\s*(?:share|print)\b")
    reads = []

    def read(rx):
        reads.append(rx.pattern)
        return rx.pattern.upper()

    assert recache.fact("upper", rx, read) == recache.fact("upper", rx, read) == rx.pattern.upper()
    assert reads == [rx.pattern]
    fresh = (required.needs_latin(rx), required.anchored(rx), required.lowered(rx), required.first_class(rx))
    assert recache.save() >= 5 and recache.save() == 0  # the facts written once
    recache._facts.clear()
    recache._loaded.clear()
    recache.load()
    assert recache.fact("upper", rx, read) == rx.pattern.upper() and reads == [rx.pattern]
    assert (required.needs_latin(rx), required.anchored(rx), required.lowered(rx),
            required.first_class(rx)) == fresh
    assert fresh[0] and fresh[1] and fresh[2].pattern == r"^\s*(?:share|print)\b"
    assert not recache._new_facts  # all four found kept


def test_the_command_line_keeps_its_patterns_and_gives_the_same_output(tmp_path):
    """Two runs of the CLI, the first writing the cache, the second reading it: one output."""
    import govclean

    page = tmp_path / "p.html"
    page.write_text("<html><head><title>县政府召开春季植树动员会</title></head><body><h1>县政府召开春季植树动员会</h1>"
                    "<p>发布时间：2024-03-05 来源：县林业局</p><p>会议要求各乡镇压实责任，确保今年植树任务按期完成。</p>"
                    "</body></html>", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    probe = ("import sys, re\nfrom govclean import recache\nn = len(recache._loaded)\n"
             "from govclean.cli import main\n"
             "try:\n    main(['clean', '-q', '-f', 'jsonl', sys.argv[1]])\n"
             "except SystemExit:\n    pass\nprint(n, file=sys.stderr)")
    runs = [subprocess.run([sys.executable, "-c", probe, str(page)], capture_output=True, text=True,
                           env=env, cwd=tmp_path, check=True) for _ in range(3)]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout and "植树" in runs[0].stdout
    path = recache.cache_path()
    if os.access(os.path.dirname(os.path.dirname(path)), os.W_OK):
        assert int(runs[2].stderr.split()[-1]) > 50  # the last run found the patterns kept
