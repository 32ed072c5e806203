"""Typed errors: each names the input and says in one line what is wrong with it."""
from __future__ import annotations


class GovcleanError(Exception):
    """Base of every error govclean raises on purpose."""

    def __init__(self, input_name: str, message: str):
        super().__init__(f"{input_name}: {message}")
        self.input = input_name
        self.message = message


class InputError(GovcleanError):
    """The input cannot be read or is not a page (binary, empty, too large, unreadable)."""


class DecodeError(InputError):
    """The bytes cannot be decoded as text."""


class IndexVersionError(GovcleanError):
    """The batch index was written by an unknown version of govclean."""


class OutputError(GovcleanError):
    """An output file cannot be written (read-only folder, disk full, a path that escapes)."""

    written = 0  # outputs the run had written when this one failed


class OverlapError(GovcleanError):
    """The output folder (or the index) and an input overlap: refused before anything is touched."""
