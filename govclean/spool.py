"""Spool: a batch's documents and shingle sets on disk while the batch's duplicates are decided."""
from __future__ import annotations

import os
from typing import List, Optional, Sequence


from .errors import GovcleanError

# A record's reference: its offset and length packed in one int (offset << LENGTH_BITS |
# length), 32-36 bytes where an (offset, length) tuple cost 112 (the tuple and two ints):
# a batch of 100,000 pages holds two or three references a page until it is decided.
Ref = int
# Bits of a reference that hold the record's length: 2**40 bytes (1 TiB), far above any
# record (a document or shingle set of one page under --max-bytes).
LENGTH_BITS = 40
_LENGTH_MASK = (1 << LENGTH_BITS) - 1


class SpoolError(GovcleanError):
    """The spool file cannot be written (a full or read-only temporary folder)."""


class Spool:
    """An unnamed temporary file of records, appended once and read back by reference.

    A batch in corpus mode decides every page's duplicates only once all pages are known;
    keeping the pages in memory until then made memory grow with the batch (37 kB a page).
    Here a page costs its reference in memory and its bytes on disk. The file has no name
    (POSIX unlinks it at once), so it goes away when the run ends, however it ends.
    """

    def __init__(self, folder: Optional[str] = None):
        try:
            self._file = _tempfile().TemporaryFile(prefix="govclean-spool-", dir=folder, buffering=0)
        except OSError as exc:
            raise SpoolError(folder or _tempfile().gettempdir(),
                             f"cannot create the batch's spool file ({exc.strerror or exc}); "
                             "set TMPDIR to a writable folder") from None
        self._end = 0

    def put(self, data: bytes) -> Ref:
        return self.put_all([data])[0]

    def put_all(self, parts: Sequence) -> List[Ref]:
        """Several records (bytes, or arrays: their bytes) in one write: a batch files a
        page's output, shingle set and verdicts together (one system call, not three, and
        no seek: reads go by offset and leave the file where the last write ended)."""
        views = [memoryview(part).cast("B") for part in parts]
        refs, end = [], self._end
        for view in views:
            refs.append(end << LENGTH_BITS | len(view))
            end += len(view)
        try:
            if not _PREAD:
                self._file.seek(self._end)
            _write_all(self._file, [v for v in views if len(v)])
        except OSError as exc:
            raise SpoolError(self._file.name if isinstance(self._file.name, str) else _tempfile().gettempdir(),
                             f"cannot write the batch's spool file ({exc.strerror or exc}); "
                             "set TMPDIR to a folder with room") from None
        self._end = end
        return refs

    def get(self, ref: Ref) -> bytes:
        offset, length = ref >> LENGTH_BITS, ref & _LENGTH_MASK
        if _PREAD:
            data = os.pread(self._file.fileno(), length, offset)
        else:  # pragma: no cover - Windows
            self._file.seek(offset)
            data = self._file.read(length)
        if len(data) != length:
            raise SpoolError(_tempfile().gettempdir(), "the batch's spool file was cut short")
        return data

    def put_array(self, array) -> Ref:
        """A numpy array's bytes (a shingle set) as one record."""
        return self.put_all([array])[0]

    def get_array(self, ref: Ref, dtype: str = "uint32"):
        import numpy as np

        return np.frombuffer(self.get(ref), dtype=dtype)

    def get_arrays(self, refs, dtype: str = "uint32") -> list:
        """Several arrays at once (a spool kept elsewhere fetches them in one go)."""
        return [self.get_array(ref, dtype) for ref in refs]

    @property
    def size(self) -> int:
        return self._end

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_PREAD = hasattr(os, "pread")  # reads by offset (POSIX): the file position is the writes' alone


def _write_all(file, views: List[memoryview]) -> None:
    """Write every view in order: one os.writev where there is one, resumed after a
    short write."""
    if not hasattr(os, "writev"):  # pragma: no cover - Windows
        for view in views:
            while view:
                view = view[file.write(view):]
        return
    fd = file.fileno()
    while views:
        done = os.writev(fd, views)
        while views and done >= len(views[0]):
            done -= len(views.pop(0))
        if views and done:
            views[0] = views[0][done:]


def _tempfile():
    """The tempfile module, imported when a spool is used (corpus mode), not at start-up."""
    import tempfile

    return tempfile
