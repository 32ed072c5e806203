"""Inputs: the files of a batch (named, walked in folders, or stdin) and their bytes, read safely."""
from __future__ import annotations

import errno
import os
import re
import stat
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from .errors import InputError, OverlapError
from .load import DEFAULT_MAX_BYTES
from .sniff import sniff
from .textutil import shown

# Files a folder walk picks up (named files are always read, whatever their name).
PAGE_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".txt", ".gz", ".mht",
                   ".mhtml", ".asp", ".aspx", ".jsp", ".php", ".text",
                   ".warc", ".wacz", ".zip", ".tar", ".tgz")  # = archives.ARCHIVE_EXTENSIONS

# Characters that would break the one-line report of an input (newlines, controls) are
# shown escaped, as Python would print them.

# Names a crawler gives pages: a query string kept in the name (view.jsp?id=1,
# index.html?page=2) and wget's numbered copies (page.htm.1) are cut before the extension
# is looked at; server-script extensions and names without one are read when they hold HTML.
RE_CRAWLER_TAIL = re.compile(r"(\?.*|\.\d+)$", re.S)
CRAWLER_EXTENSIONS = frozenset({".do", ".action", ".cfm", ".cgi", ".pl", ".jspx", ".phtml",
                                ".shtm", ".dhtml", ".nsf", ".ashx", ".xml"})
# Bytes read to tell such a file's kind; HTML declares itself in its first kilobyte (a BOM,
# a comment or a doctype before <html> fits easily).
SNIFF_BYTES = 1024
RE_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.I)
# A browser's "Save as" puts a page's images, scripts and frames in NAME_files/ beside
# NAME.html; those are not articles. (Chrome, Firefox, Edge and Safari all use _files.)
COMPANION_SUFFIXES = ("_files",)
COMPANION_PAGES = (".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml")

# Opened without blocking, so a FIFO or device named page.html cannot hang the batch.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# A walked file the walk saw as a file (not a symlink) is opened without following one:
# swapped for a link between the walk and the read, it is refused, not followed.
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# Bytes read at a time past a file's size as fstat gave it (a file that grew since). The
# first read asks for that size and one byte more: asking 1 MiB for a page of 10 kB (and
# again to see the end) made os.read allocate 1 MiB twice a page: 0.049 -> 0.009 CPU ms a
# page of the dedup benchmark's text dumps (9 kB), read between their cleanings.
READ_CHUNK = 1 << 20


@dataclass
class Source:
    """One input of a batch: its name as given, where to read it, its path for output."""

    name: str  # printable: undecodable bytes and control characters escaped
    path: Optional[str]  # None for standard input; the OS path, exactly as found
    relative: str  # output name: "/"-separated, below the output folder (output_names sanitises)
    problem: Optional[str] = None  # found while walking: reading it raises InputError
    skipped: Optional[str] = None  # not a page, and why (never read): a walk's file, an archive record
    identity: Optional[Tuple[int, int]] = None  # (device, inode) the walk saw: reads must match
    follow: bool = True  # the walk saw a symlink (inside the tree) here; False: opened O_NOFOLLOW
    member: Optional[object] = None  # archives.Member: a page inside an archive
    storage: Optional[Dict[str, Any]] = None  # fsspec options, for a path that is a URL

    @property
    def input_name(self) -> str:
        """The input as given, for a Document's `input`: the path itself (JSON escapes a
        newline), or its printable name when it holds bytes that are not UTF-8."""
        if self.path is None:
            return self.name if self.member is not None else "-"  # -#OFFSET: an archive on stdin
        try:
            self.path.encode("utf-8")
        except UnicodeEncodeError:
            return self.name
        return self.path


def display_name(path: str) -> str:
    """A file name as one printable line: bytes that are not UTF-8 as \\xNN, controls escaped."""
    name = shown(os.fsencode(path).decode("utf-8", errors="backslashreplace"))
    return path if name == path else name  # one string, not two, for each of a batch's inputs


def check_overlap(paths: Iterable[str], output: Optional[str], index: Optional[str] = None) -> None:
    """Refuse (OverlapError) an output folder that is an input folder, lies inside one or
    holds an input, and an index file inside an input folder: inputs are never written to.
    Paths are compared resolved (symlinks, `..`, `./`, trailing slashes: one folder)."""
    targets = [("the output folder", output)] if output else []
    if index:
        targets.append(("the index", index))
    for arg in paths:
        if arg == "-":
            continue
        real = os.path.realpath(arg)
        for what, target in targets:
            relation = _overlap(real, os.path.realpath(target), os.path.isdir(arg))
            if relation and (what == "the output folder" or relation != "holds"):
                raise OverlapError(display_name(target), f"refused: {what} {display_name(target)} "
                                   f"{relation} the input {display_name(arg)}; inputs are never "
                                   "written to: choose a place apart from them")


def _overlap(input_real: str, target_real: str, input_is_folder: bool) -> Optional[str]:
    if input_real == target_real:
        return "is"
    if input_is_folder and _inside(target_real, input_real):
        return "is inside"
    if _inside(input_real, target_real):
        return "holds"
    return None


def iter_sources(paths: Iterable[str], storage: Optional[Dict[str, Any]] = None, *,
                 skipped: bool = False) -> Iterator[Source]:
    """Named files as given, folders walked in sorted order, '-' for stdin, URLs
    (s3://bucket/prefix/) listed in sorted order and read with the storage options; an archive
    (WARC, WACZ, zip, tar, by its content) stands for the pages inside it. With skipped,
    what a walk passes over (files that are not pages, companion folders) comes too, each
    a Source with `skipped` set, so that a batch can count and list it (an archive's
    records that are not pages always come, so marked)."""
    carry = None  # the batch's allowance of WARC payloads kept from listing (archives.Carry)
    for source in _iter_files(paths, storage, skipped=skipped):
        if source.skipped is not None or source.storage is not None or _not_an_archive(source):
            yield source
        else:
            from .archives import Carry, expand

            carry = carry or Carry()
            yield from expand(source, carry)


def _not_an_archive(source: Source) -> bool:
    """An input refused already, or a named file whose first bytes are no archive's: itself,
    as archives.expand would give it, without importing archives (standard input is left
    to expand, which peeks at it)."""
    return bool(source.problem) or source.path is not None and sniff(source.path) is None


def _iter_files(paths: Iterable[str], storage: Optional[Dict[str, Any]], *,
                skipped: bool = False) -> Iterator[Source]:
    from .storage import is_url

    for arg in paths:
        if arg == "-":
            yield Source(name="-", path=None, relative="stdin")
        elif is_url(arg):
            yield from _listed(arg, storage)
        elif os.path.isdir(arg):
            yield from (s for s in _walk(arg) if skipped or s.skipped is None)
        else:
            name = display_name(arg)
            yield Source(name=name, path=arg, relative=display_name(os.path.basename(arg)) or name)


def _walk(top: str) -> Iterator[Source]:
    """A folder walk that follows no symlink out of the tree, never loops, reports every
    folder it cannot read and every link it refuses to follow, and needs no recursion
    (any depth is just a longer path). Each page carries the identity the walk saw."""
    root_real = os.path.realpath(top)
    seen: set = set()  # (device, inode) of the pages yielded: a second link is not read again
    folders = [top]  # depth first, in sorted order: files of a folder, then its subfolders
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield _folder_error(exc, folder)
            continue
        names = {e.name for e in entries}
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                companion = _companion_of(entry.name, names)
                if companion:
                    yield _skipped(top, entry.path + os.sep, f"the browser's companion folder "
                                   f"of {display_name(companion)} (Save as), not read")
                else:
                    subfolders.append(entry.path)
                continue
            got = _walked_file(top, entry, root_real, seen)
            if got is not None:
                yield got
        folders.extend(reversed(subfolders))


def _folder_error(exc: OSError, folder: str) -> Source:
    name = display_name(exc.filename or folder)
    return Source(name=name, path=None, relative=name,
                  problem=f"folder cannot be read ({exc.strerror or exc})")


def _walked_file(top: str, entry, root_real: str, seen: set) -> Optional[Source]:
    """A walked entry that is not a folder: a page (with its identity), a refused link, a
    skipped file, or None (a second link to a page already yielded)."""
    path = entry.path
    try:
        link = entry.is_symlink()
        info = os.stat(path) if link else entry.stat(follow_symlinks=False)
    except OSError as exc:
        return _refused(top, path, _os_problem(exc))
    if link and not _inside(os.path.realpath(path), root_real):
        return _refused(top, path, "symlink out of the input folder, not followed")
    if link and stat.S_ISDIR(info.st_mode):
        return None  # a link to a folder inside the tree: that folder is walked anyway
    reason = _not_a_page(entry.name, path)
    if reason:
        return _skipped(top, path, reason)
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return None
    seen.add(identity)
    source = _source(top, path)
    source.identity, source.follow = identity, link
    return source


def _companion_of(folder: str, names: set) -> Optional[str]:
    """The page a browser's "Save as" folder (NAME_files) belongs to, when it is beside it."""
    for suffix in COMPANION_SUFFIXES:
        if folder.endswith(suffix) and len(folder) > len(suffix):
            stem = folder[:-len(suffix)]
            for ext in COMPANION_PAGES:
                if stem + ext in names:
                    return stem + ext
    return None


def _not_a_page(name: str, path: str) -> Optional[str]:
    """None for a page; else why the walk passes the file over. A page extension is a page;
    a crawler's name (view.jsp?id=1, show.do, page.htm.1, no extension) is one when its
    first bytes are HTML."""
    lower = name.lower()
    if lower.endswith(PAGE_EXTENSIONS):
        return None
    base = RE_CRAWLER_TAIL.sub("", lower)
    ext = os.path.splitext(base)[1]
    if not (base.endswith(PAGE_EXTENSIONS) or ext in CRAWLER_EXTENSIONS or not ext):
        return "not a page (by its name)"
    return None if _sniff_html(path) else "not a page (no HTML in its first bytes)"


def _sniff_html(path: str) -> bool:
    try:
        fd = os.open(path, OPEN_FLAGS | NOFOLLOW)
    except OSError:
        return True  # cannot tell: read as a page, and its problem is reported then
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return True
        head = os.read(fd, SNIFF_BYTES)
    except OSError:
        return True
    finally:
        os.close(fd)
    return RE_HTML_START.search(head) is not None


def _listed(url: str, storage: Optional[Dict[str, Any]]) -> Iterator[Source]:
    from .storage import list_pages, options_for

    storage = options_for(url, storage)  # resolved here: workers elsewhere read the same store
    try:
        for page, rel in list_pages(url, PAGE_EXTENSIONS, storage):
            yield Source(name=display_name(page), path=page, relative=display_name(rel), storage=storage)
    except InputError as exc:
        yield Source(name=display_name(url), path=None, relative="unnamed", problem=exc.message)


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _source(top: str, path: str) -> Source:
    return Source(name=display_name(path), path=path,
                  relative=display_name(_relative(path, top)).replace(os.sep, "/"))


def _relative(path: str, top: str) -> str:
    """os.path.relpath(path, top) for a path the walk made (top, then entry names): what
    follows top, when no part of it is empty, '.' or '..' (relpath normalises those, and
    spends ~6 us on two abspaths of a walk's every page)."""
    if path.startswith(top):
        rest = path[len(top):].lstrip(os.sep)
        parts = rest.split(os.sep)
        if rest and "" not in parts and "." not in parts and ".." not in parts:
            return rest
    return os.path.relpath(path, top)


def _refused(top: str, path: str, problem: str) -> Source:
    source = _source(top, path)
    source.problem = problem
    return source


def _skipped(top: str, path: str, reason: str) -> Source:
    source = _source(top, path)
    source.path, source.skipped = None, reason
    return source


def read_source(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one input, refusing what cannot be read, is not a file, or is too large."""
    if source.problem or source.skipped:
        raise InputError(source.name, source.problem or f"skipped: {source.skipped}")
    if source.member is not None:
        from .archives import read_member
        return read_member(source.member, source.name, max_bytes)
    try:
        data = sys.stdin.buffer.read(max_bytes + 1) if source.path is None \
            else _read_url(source, max_bytes) if source.storage is not None \
            else _read_file(source, max_bytes)
    except OSError as exc:
        if source.identity is not None and (exc.errno == errno.ELOOP or isinstance(exc, _Swapped)):
            raise InputError(source.name, SWAPPED) from None
        raise InputError(source.name, _os_problem(exc)) from None
    if data is None or len(data) > max_bytes:
        raise InputError(source.name, f"larger than the limit of {max_bytes} bytes (--max-bytes)")
    return data


def _read_url(source: Source, max_bytes: int) -> Optional[bytes]:
    from .storage import read_url

    return read_url(source.path, max_bytes, source.storage)


def _read_file(source: Source, max_bytes: int) -> Optional[bytes]:
    """The bytes of a regular file, None when it is larger than max_bytes (not read);
    a FIFO, socket or device is refused, and so is a walked file that is no longer the
    one the walk saw (its device and inode, compared on the open file)."""
    fd = os.open(source.path, OPEN_FLAGS | (0 if source.follow else NOFOLLOW))
    try:
        info = os.fstat(fd)
        if source.identity is not None and (info.st_dev, info.st_ino) != source.identity:
            raise _Swapped(errno.ESTALE, "not the file the walk saw")
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular(errno.EINVAL, "not a regular file")
        if info.st_size > max_bytes:
            return None
        chunks, left, want = [], max_bytes + 1, info.st_size + 1
        while left > 0:
            ask = min(left, want)
            chunk = os.read(fd, ask)  # os.read allocates all it is asked for
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            # short: the end of the file as it was, one byte asked to be sure; full: a
            # file still growing, read READ_CHUNK at a time
            want = READ_CHUNK if len(chunk) == ask else 1
        return b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(OSError):
    """A FIFO, socket or device where a page file was expected."""


class _Swapped(OSError):
    """The file at a walked path is not the one the walk saw."""


SWAPPED = "changed between the walk and the read (replaced, or swapped for a symlink); not read"


def _os_problem(exc: OSError) -> str:
    if isinstance(exc, _NotRegular) or exc.errno == errno.ENXIO:  # ENXIO: open() of a socket
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
