"""Inputs: the files of a batch (named, walked in folders, or stdin) and their bytes, read safely."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from .errors import InputError
from .load import DEFAULT_MAX_BYTES

# Files a folder walk picks up (named files are always read, whatever their name).
PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".txt", ".gz", ".mht",
                   ".mhtml", ".asp", ".aspx", ".jsp", ".php", ".text")


@dataclass
class Source:
    """One input of a batch: its name as given, where to read it, its path for output."""

    name: str
    path: Optional[str]  # None for standard input
    relative: str  # the output name, relative to the output folder


def iter_sources(paths: Iterable[str]) -> Iterator[Source]:
    """Named files as given, folders walked recursively in sorted order, '-' for stdin."""
    for arg in paths:
        if arg == "-":
            yield Source(name="-", path=None, relative="stdin")
        elif os.path.isdir(arg):
            yield from _walk(arg)
        else:
            yield Source(name=arg, path=arg, relative=os.path.basename(arg) or arg)


def _walk(top: str) -> Iterator[Source]:
    """A folder walk that follows no symlink out of the tree and never loops."""
    root_real = os.path.realpath(top)
    seen = set()
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith(".") or not f.lower().endswith(PAGE_EXTENSIONS):
                continue
            path = os.path.join(folder, f)
            real = os.path.realpath(path)
            if os.path.islink(path) and not real.startswith(root_real + os.sep):
                continue  # a symlink out of the input tree
            if real in seen:
                continue
            seen.add(real)
            yield Source(name=path, path=path, relative=os.path.relpath(path, top))


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input, refusing what cannot be read or is too large."""
    try:
        if source.path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(source.path, "rb") as fh:
                data = fh.read(max_bytes + 1)
    except IsADirectoryError:
        raise InputError(source.name, "is a folder") from None
    except FileNotFoundError:
        raise InputError(source.name, "no such file") from None
    except PermissionError:
        raise InputError(source.name, "permission denied") from None
    except OSError as exc:
        raise InputError(source.name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes and not data[:2] == b"\x1f\x8b":
        raise InputError(source.name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    return data
