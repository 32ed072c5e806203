"""govclean: clean and deduplicate saved government web pages."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "clean_page", "Document", "GovcleanError"]


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
