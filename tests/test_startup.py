"""Start-up: one page through the CLI imports only what cleaning one page needs."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from govclean import cli

PAGE = ("<html><head><meta charset='utf-8'><title>市教育局召开推进会</title></head><body>"
        "<div class='nav'><a href='/'>首页</a></div><h1>市教育局召开推进会</h1>"
        "<p>发布时间：2024-03-15 来源：市教育局</p>"
        "<p>为进一步做好全市中小学课后服务工作，市教育局近日召开专题推进会，总结上学期工作经验。</p>"
        "<p>会议要求，各学校要丰富服务内容，统筹安排作业辅导、体育锻炼、艺术活动和科普阅读。</p>"
        "</body></html>")
# Modules a one-page run to stdout does not need: dedup and templates (numpy), the spool
# (tempfile), the index (govclean.index, sqlite3), atomic writes (secrets), inspect's colours (rich), the
# encoding detector and readability, asked only when a page needs them; the archive
# readers (zipfile, tarfile, email for MHTML, warcio and the fsspec it pulls in), asked
# only when an input is an archive (govclean.archives itself: govclean.sniff tells); the
# TOML reader (no config here), Parquet and Dask.
NOT_NEEDED = ("numpy", "sqlite3", "tempfile", "secrets", "rich", "chardet", "readability",
              "govclean.dedup", "govclean.templates", "govclean.archives", "govclean.index",
              "zipfile", "tarfile",
              "email", "shutil",
              "warcio", "fsspec", "tomllib", "tomli", "govclean.parquet", "pyarrow", "dask")


def test_one_page_run_imports_nothing_it_does_not_need(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    probe = ("import sys\nfrom govclean import cli\n"
             "try:\n    cli.main(['clean', '-q', '-f', 'jsonl', sys.argv[1]])\n"
             "except SystemExit:\n    pass\n"
             f"print(sorted(m for m in sys.modules if m in {NOT_NEEDED!r}))")
    out = subprocess.run([sys.executable, "-c", probe, str(page)], capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout.splitlines()  # no config found there
    assert json.loads(out[0])["title"] == "市教育局召开推进会"
    assert out[-1] == "[]"


def test_a_page_alone_is_written_as_in_a_batch(tmp_path):
    """A lone page skips the corpus stage; a batch of two runs it: the same line."""
    page, other = tmp_path / "a.html", tmp_path / "b.txt"
    page.write_text(PAGE, encoding="utf-8")
    other.write_text("Housing assistance\n\nFind help paying rent and utilities in your state.\n", encoding="utf-8")
    runner = CliRunner()
    alone = runner.invoke(cli.main, ["clean", "-q", "-f", "jsonl", str(page)]).stdout_bytes
    batch = runner.invoke(cli.main, ["clean", "-q", "-f", "jsonl", str(page), str(other)]).stdout_bytes
    assert alone and alone.splitlines()[0] in batch.splitlines()


def test_a_deferred_pattern_is_the_compiled_one_from_its_first_use():
    import copy
    import re

    from govclean.textutil import Deferred

    rx = Deferred(r"(?P<year>\d{4})年", re.I)
    assert "search" not in vars(rx)  # nothing compiled yet
    assert rx.search("发布于2024年3月").group("year") == "2024"
    compiled = re.compile(r"(?P<year>\d{4})年", re.I)
    assert vars(rx)["search"].__self__ is compiled  # re's own compiled pattern, kept
    assert (rx.pattern, rx.flags, rx.groupindex) == (compiled.pattern, compiled.flags, compiled.groupindex)
    assert rx.sub("Y", "2024年") == "Y" and copy.copy(rx).findall("1999年 2000年") == ["1999", "2000"]


def two_pages(tmp_path):
    """PAGE and another page, each of which has an output of its own in a batch of the two."""
    page, other = tmp_path / "a.html", tmp_path / "b.html"
    page.write_text(PAGE, encoding="utf-8")
    other.write_text("<html><head><title>Housing assistance</title></head><body><h1>Housing assistance</h1>"
                     "<p>Find help paying rent and utilities in your state, and learn which programs "
                     "your household may qualify for.</p></body></html>", encoding="utf-8")
    return page, other


def test_the_command_holds_the_collector_off_for_one_page_only(tmp_path):
    """`govclean` (__main__.run) starts with the garbage collector off; a batch of several pages
    turns it back on before its first page (and its workers inherit that); the library and
    cli.main called in-process leave it alone."""
    page, other = two_pages(tmp_path)
    probe = ("import atexit, gc, sys\natexit.register(lambda: print(gc.isenabled(), file=sys.stderr))\n"
             "sys.argv = ['govclean', 'clean', '-q', '-f', 'jsonl', *sys.argv[1:]]\n"
             "from govclean.__main__ import run\nrun()")
    one, two = (subprocess.run([sys.executable, "-c", probe, *paths], capture_output=True, text=True,
                               cwd=tmp_path) for paths in ([str(page)], [str(page), str(other)]))
    assert (one.returncode, two.returncode) == (0, 0), one.stderr + two.stderr
    assert one.stderr.split() == ["False"] and two.stderr.split() == ["True"]
    assert one.stdout.splitlines()[0] in two.stdout.splitlines() and len(two.stdout.splitlines()) == 2
    import gc

    CliRunner().invoke(cli.main, ["clean", "-q", "-f", "jsonl", str(page)])
    assert gc.isenabled()


def test_a_one_page_run_ends_at_once_as_python_would_end_it(tmp_path):
    """__main__.exit_now: a run that held the collector ends by os._exit after flushing and
    running the atexit functions (same status, output and atexit work); a batch of several
    pages, or a run with a thread still going, ends the usual way (the thread finishes)."""
    page, other = two_pages(tmp_path)
    probe = ("import atexit, os, sys, threading, time\n"
             "real, main = os._exit, os.getpid()  # pool workers end by os._exit too: not counted\n"
             "os._exit = lambda code: (os.getpid() == main and print('os._exit', code, file=sys.stderr),\n"
             "                         sys.stderr.flush(), real(code))\n"
             "atexit.register(lambda: open('atexit-ran', 'w').close())\n"
             "if sys.argv[1] == 'thread':\n"
             "    threading.Thread(target=lambda: (time.sleep(0.5), open('thread-ran', 'w').close())).start()\n"
             "sys.argv = ['govclean', 'clean', '-q', '-f', 'jsonl', *sys.argv[2:]]\n"
             "from govclean.__main__ import run\nrun()")

    def go(mode, *paths):
        for marker in ("atexit-ran", "thread-ran"):
            (tmp_path / marker).unlink(missing_ok=True)
        return subprocess.run([sys.executable, "-c", probe, mode, *map(str, paths)], capture_output=True,
                              text=True, cwd=tmp_path)

    one = go("plain", page)
    assert (one.returncode, one.stderr) == (0, "os._exit 0\n") and (tmp_path / "atexit-ran").exists()
    assert json.loads(one.stdout)["title"] == "市教育局召开推进会"
    missing = go("plain", tmp_path / "gone.html")
    assert missing.returncode == 1 and missing.stderr.splitlines()[-1] == "os._exit 1"
    assert "gone.html: no such file" in missing.stderr and (tmp_path / "atexit-ran").exists()
    two = go("plain", page, other)
    assert two.returncode == 0 and "os._exit" not in two.stderr and len(two.stdout.splitlines()) == 2
    assert (tmp_path / "atexit-ran").exists()
    threaded = go("thread", page)
    assert threaded.returncode == 0 and "os._exit" not in threaded.stderr
    assert (tmp_path / "thread-ran").exists() and threaded.stdout == one.stdout
