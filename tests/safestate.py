"""Generated worlds for the state and path safety tests: inputs, an output folder, and
files outside both that no run may change (hashed before and after)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from click.testing import CliRunner

from batchpages import page
from govclean.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def snapshot(top: Path, skip: str = "out") -> dict:
    """Every entry below top but the `skip` folder: file -> sha256, link -> its target,
    folder -> None. Equal snapshots: nothing there was created, changed or removed.
    (Walked without recursion: os.walk recurses, and a test tree may be 1,500 deep.)"""
    seen, folders = {}, [str(top)]
    while folders:
        folder = folders.pop()
        for entry in os.scandir(folder):
            rel = os.path.relpath(entry.path, top)
            if skip and rel.split(os.sep)[0] == skip:
                continue
            if entry.is_symlink():
                seen[rel] = "-> " + os.readlink(entry.path)
            elif entry.is_dir():
                seen[rel] = None
                folders.append(entry.path)
            else:
                seen[rel] = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
    return seen


def world(tmp_path: Path, pages: int = 3) -> Path:
    """tmp_path/in (pages), tmp_path/outside/victim.txt; tmp_path/out is the -o."""
    (tmp_path / "in").mkdir()
    for n in range(pages):
        (tmp_path / "in" / f"p{n}.html").write_text(page(n), encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "victim.txt").write_text("the user's own file\n")
    return tmp_path
