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
