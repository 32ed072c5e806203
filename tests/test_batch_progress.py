"""Progress bar and summary: on a terminal only, quiet with -q, colourless with NO_COLOR."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from batchpages import write_pages
from govclean.cli import main

RUN_TIMEOUT = 60
RE_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # SGR sequences: colours and styles


def on_a_terminal(args, env_extra=None):
    """Run govclean with stderr on a pseudo-terminal; return what the terminal showed."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="100", TERM="xterm-256color", **(env_extra or {}))
    proc = subprocess.Popen([sys.executable, "-m", "govclean", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=RUN_TIMEOUT)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def saved(tmp_path):
    write_pages(tmp_path / "saved", 6)
    return tmp_path / "saved"


def test_nothing_on_stderr_when_it_is_not_a_terminal(saved, tmp_path):
    result = CliRunner().invoke(main, ["clean", "-o", str(tmp_path / "out"), str(saved)])
    assert result.exit_code == 0 and result.stderr == ""


def test_a_terminal_gets_a_progress_bar_and_the_summary(saved, tmp_path):
    rc, shown = on_a_terminal(["clean", "-j", "1", "-o", tmp_path / "out", saved])
    assert rc == 0
    assert "cleaning" in shown  # the bar's label
    assert "govclean: 6 inputs read, 6 documents written, 0 skipped as unchanged" in shown
    assert RE_COLOUR.search(shown)


def test_no_color_and_quiet_are_honoured_on_a_terminal(saved, tmp_path):
    rc, shown = on_a_terminal(["clean", "-j", "1", "-o", tmp_path / "a", saved], {"NO_COLOR": "1"})
    assert rc == 0 and "cleaning" in shown and "6 inputs read" in shown
    assert not RE_COLOUR.search(shown.replace("\x1b[0m", "").replace("\x1b[m", ""))
    rc, shown = on_a_terminal(["clean", "-q", "-o", tmp_path / "b", saved])
    assert rc == 0 and shown.strip() == ""
