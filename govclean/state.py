"""State: the batch index kept beside a dataset (OUT/.govclean/index.sqlite), local or in object storage."""
from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from typing import Any, Dict, Optional

from . import storage
from .errors import OutputError
from .index import DEFAULT_INDEX

STATE_KEY = DEFAULT_INDEX.replace(os.sep, "/")  # .govclean/index.sqlite below OUT
TEMP_KEY = ".govclean/index-{}.tmp"


class State:
    """The index a run over OUT reads and updates. For a local OUT it is the file itself
    (SQLite commits it in groups); for a URL it is fetched to a temporary folder before
    the run and put back after it, to a temporary key then moved, only once the dataset
    is committed: a run that fails leaves the old state with the old dataset.
    One run at a time per OUT (the state has no lock in object storage)."""

    def __init__(self, out: str, options: Optional[Dict[str, Any]] = None, enabled: bool = True):
        self.out, self.options, self.enabled = out, options, enabled
        self.remote = storage.is_url(out)
        self.tmpdir: Optional[str] = None
        self.path: Optional[str] = None

    def __enter__(self) -> "State":
        if not self.enabled:
            return self
        if not self.remote:
            self.path = os.path.join(self.out, DEFAULT_INDEX)
            return self
        self.tmpdir = tempfile.mkdtemp(prefix="govclean-state-")
        self.path = os.path.join(self.tmpdir, "index.sqlite")
        fs, root = storage.filesystem(self.out, self.options)
        key = storage.join(root, STATE_KEY)
        try:
            if fs.exists(key):
                fs.get(key, self.path)
        except OSError as exc:
            raise OutputError(self.out, f"cannot read the state {key} ({exc})") from None
        return self

    def commit(self) -> None:
        """The updated state put back beside the dataset (object storage only)."""
        if not (self.enabled and self.remote and os.path.exists(self.path)):
            return
        fs, root = storage.filesystem(self.out, self.options)
        tmp = storage.join(root, TEMP_KEY.format(secrets.token_hex(8)))
        try:
            fs.put(self.path, tmp)
            fs.mv(tmp, storage.join(root, STATE_KEY))
        except OSError as exc:
            raise OutputError(self.out, f"cannot write the state ({exc})") from None

    def __exit__(self, *exc) -> None:
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
