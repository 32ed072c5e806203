"""Inputs: the files of a batch (named, walked in folders, or stdin) and their bytes, read safely."""
from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional

from .errors import InputError
from .load import DEFAULT_MAX_BYTES

# Files a folder walk picks up (named files are always read, whatever their name).
PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".txt", ".gz", ".mht",
                   ".mhtml", ".asp", ".aspx", ".jsp", ".php", ".text")

# Characters that would break the one-line report of an input (newlines, controls) are
# shown escaped, as Python would print them.
RE_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Opened without blocking, so a FIFO or device named page.html cannot hang the batch.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass
class Source:
    """One input of a batch: its name as given, where to read it, its path for output."""

    name: str  # printable: undecodable bytes and control characters escaped
    path: Optional[str]  # None for standard input; the OS path, exactly as found
    relative: str  # output name: "/"-separated, below the output folder (output_names sanitises)
    problem: Optional[str] = None  # found while walking: reading it raises InputError
    storage: Optional[Dict[str, Any]] = None  # fsspec options, for a path that is a URL

    @property
    def input_name(self) -> str:
        """The input as given, for a Document's `input`: the path itself (JSON escapes a
        newline), or its printable name when it holds bytes that are not UTF-8."""
        if self.path is None:
            return "-"
        try:
            self.path.encode("utf-8")
        except UnicodeEncodeError:
            return self.name
        return self.path


def display_name(path: str) -> str:
    """A file name as one printable line: bytes that are not UTF-8 as \\xNN, controls escaped."""
    text = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return RE_UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def iter_sources(paths: Iterable[str], storage: Optional[Dict[str, Any]] = None) -> Iterator[Source]:
    """Named files as given, folders walked recursively in sorted order, '-' for stdin,
    URLs (s3://bucket/prefix/) listed in sorted order, read with the storage options."""
    from .storage import is_url

    for arg in paths:
        if arg == "-":
            yield Source(name="-", path=None, relative="stdin")
        elif is_url(arg):
            yield from _listed(arg, storage)
        elif os.path.isdir(arg):
            yield from _walk(arg)
        else:
            name = display_name(arg)
            yield Source(name=name, path=arg, relative=display_name(os.path.basename(arg)) or name)


def _walk(top: str) -> Iterator[Source]:
    """A folder walk that follows no symlink out of the tree, never loops, and reports
    every folder it cannot read and every link it refuses to follow."""
    root_real = os.path.realpath(top)
    seen = set()
    errors: List[OSError] = []
    for folder, dirs, files in os.walk(top, followlinks=False, onerror=errors.append):
        yield from _walk_errors(errors)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in dirs:  # not descended into: inside the tree they are read anyway
            link = os.path.join(folder, d)
            if os.path.islink(link) and not _inside(os.path.realpath(link), root_real):
                yield _refused(top, link, "symlink out of the input folder, not followed")
        for f in sorted(files):
            if f.startswith(".") or not f.lower().endswith(PAGE_EXTENSIONS):
                continue
            path = os.path.join(folder, f)
            real = os.path.realpath(path)
            if os.path.islink(path) and not _inside(real, root_real):
                yield _refused(top, path, "symlink out of the input folder, not followed")
                continue
            if real in seen:
                continue  # a second link to a file already read
            seen.add(real)
            yield _source(top, path)
    yield from _walk_errors(errors)


def _listed(url: str, storage: Optional[Dict[str, Any]]) -> Iterator[Source]:
    from .storage import list_pages, options_for

    storage = options_for(url, storage)  # resolved here: workers elsewhere read the same store
    try:
        for page, rel in list_pages(url, PAGE_EXTENSIONS, storage):
            yield Source(name=display_name(page), path=page, relative=display_name(rel), storage=storage)
    except InputError as exc:
        yield Source(name=display_name(url), path=None, relative="unnamed", problem=exc.message)


def _walk_errors(errors: List[OSError]) -> Iterator[Source]:
    while errors:
        exc = errors.pop(0)
        name = exc.filename or "?"
        yield Source(name=display_name(name), path=None, relative=display_name(name),
                     problem=f"folder cannot be read ({exc.strerror or exc})")


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _source(top: str, path: str) -> Source:
    return Source(name=display_name(path), path=path,
                  relative=display_name(os.path.relpath(path, top)).replace(os.sep, "/"))


def _refused(top: str, path: str, problem: str) -> Source:
    source = _source(top, path)
    source.problem = problem
    return source


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input, refusing what cannot be read, is not a file, or is too large."""
    if source.problem:
        raise InputError(source.name, source.problem)
    try:
        data = sys.stdin.buffer.read(max_bytes + 1) if source.path is None \
            else _read_url(source, max_bytes) if source.storage is not None \
            else _read_file(source.path, max_bytes)
    except OSError as exc:
        raise InputError(source.name, _os_problem(exc)) from None
    if data is None or len(data) > max_bytes:
        raise InputError(source.name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    return data


def _read_url(source: Source, max_bytes: int) -> Optional[bytes]:
    from .storage import read_url

    return read_url(source.path, max_bytes, source.storage)


def _read_file(path: str, max_bytes: int) -> Optional[bytes]:
    """The bytes of a regular file, None when it is larger than max_bytes (not read);
    a FIFO, socket or device is refused."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(errno.EINVAL, "not a regular file")
        if info.st_size > max_bytes:
            return None
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(OSError):
    """A FIFO, socket or device where a page file was expected."""


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, _NotRegular):
        return "not a regular file (a FIFO, socket or device)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, FileNotFoundError):
        return "no such file (or a broken symlink)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot be read ({exc.strerror or exc})"
