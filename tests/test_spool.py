"""The spool: records written once and read back by reference, in a file with no name."""
from __future__ import annotations

import os

import pytest

from govclean.spool import Spool, SpoolError


def test_records_read_back_whatever_the_order(tmp_path):
    with Spool(str(tmp_path)) as spool:
        refs = [spool.put(bytes([i]) * (i * 1000 + 1)) for i in range(20)]
        for i in reversed(range(20)):
            assert spool.get(refs[i]) == bytes([i]) * (i * 1000 + 1)
        assert spool.size == sum(i * 1000 + 1 for i in range(20))
        assert os.listdir(tmp_path) == []  # no name: gone however the run ends


def test_a_missing_folder_is_a_spool_error(tmp_path):
    with pytest.raises(SpoolError, match="cannot create the batch's spool file"):
        Spool(str(tmp_path / "missing"))


def test_records_written_together_read_back_apart(tmp_path):
    import numpy as np

    with Spool(str(tmp_path)) as spool:
        first = spool.put(b"before")
        parts = [b"a page's output", np.arange(1000, dtype=np.uint32), b"", b"\x00verdicts"]
        refs = spool.put_all(parts)
        last = spool.put_array(np.arange(7, dtype=np.uint64))
        assert spool.get(first) == b"before"
        assert [spool.get(r) for r in refs] == [bytes(memoryview(p).cast("B")) for p in parts]
        assert spool.get_array(refs[1]).tolist() == list(range(1000))
        assert spool.get_array(last, "uint64").tolist() == list(range(7))
        assert spool.size == 6 + 15 + 4000 + 0 + 9 + 56


def test_short_writes_are_resumed(tmp_path, monkeypatch):
    """os.writev may write less than asked (a signal, a pipe-like file system): the rest
    follows, in order."""
    import govclean.spool as spool_module

    real = os.writev

    def short(fd, views):
        return real(fd, [bytes(memoryview(views[0]).cast("B")[:3])])  # 3 bytes at a time
    monkeypatch.setattr(spool_module.os, "writev", short)
    with Spool(str(tmp_path)) as spool:
        refs = spool.put_all([b"0123456789", b"ab", b"cdefgh"])
        assert [spool.get(r) for r in refs] == [b"0123456789", b"ab", b"cdefgh"]


def test_a_failed_write_is_a_spool_error(tmp_path, monkeypatch):
    import govclean.spool as spool_module

    def full(fd, views):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(spool_module.os, "writev", full)
    with Spool(str(tmp_path)) as spool:
        with pytest.raises(SpoolError, match="No space left on device"):
            spool.put_all([b"x"])
