"""Versions: govclean's, lxml's and the optional engines' found, for --version and bug reports."""
from __future__ import annotations

import platform
from importlib import metadata
from typing import List, Optional, Tuple

from . import __version__

# Distributions named by `govclean --version`: the parser every page goes through, then the
# optional engines other features use when they are installed (never imported here: read
# from the installed metadata, so --version stays fast).
REQUIRED = ("lxml",)
OPTIONAL = ("dask", "pyarrow", "warcio", "fastwarc", "fsspec")
NOT_INSTALLED = "not installed"


def installed(name: str) -> Optional[str]:
    """The installed version of a distribution, None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def versions() -> List[Tuple[str, str]]:
    """(name, version or 'not installed'), govclean (and the form its modules run in) and Python first."""
    from .compiled import summary

    rows = [("govclean", __version__), ("govclean modules", summary()),  # compiled or pure
            ("Python", platform.python_version())]
    rows += [(name, installed(name) or NOT_INSTALLED) for name in REQUIRED + OPTIONAL]
    return rows


def version_text() -> str:
    """What `govclean --version` prints: one line per name, govclean's first."""
    return "\n".join(f"{name} {version}" for name, version in versions())
