"""govclean: clean and deduplicate saved government web pages."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "clean_page", "Document", "GovcleanError"]

from . import compiled as _compiled  # noqa: E402

_compiled.install()  # the hot modules load compiled only when built from the .py beside them

from . import recache as _recache  # noqa: E402

_recache.load()  # patterns compiled by an earlier run: re.compile finds them ready


def __getattr__(name):
    # Lazy: `govclean --version` and `--help` must not pay for lxml and friends.
    if name == "clean_page":
        from .api import clean_page
        return clean_page
    if name == "Document":
        from .model import Document
        return Document
    if name == "GovcleanError":
        from .errors import GovcleanError
        return GovcleanError
    raise AttributeError(name)
