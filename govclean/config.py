"""Config: defaults from [tool.govclean] in pyproject.toml or from govclean.toml."""
from __future__ import annotations

import difflib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .errors import GovcleanError

CONFIG_NAMES = ("govclean.toml", "pyproject.toml")

# Keys a config may set, with the type each must have; anything else is an error, so a
# typo never silently does nothing.
KEYS = {
    "format": str,
    "output": str,
    "index": str,
    "jobs": int,
    "dedup": str,  # near | exact | off
    "threshold": float,
    "chrome": list,  # extra chrome patterns (regular expressions) for the user's own sites
}
FORMATS = ("text", "markdown", "json", "jsonl")
DEDUP_MODES = ("near", "exact", "off")
# What each key allows, as the error for a bad value says it.
ALLOWED = {
    "format": "one of " + ", ".join(FORMATS),
    "output": "a folder name (a string)",
    "index": "a file name (a string)",
    "jobs": "a whole number, at least 1",
    "dedup": "one of " + ", ".join(DEDUP_MODES),
    "threshold": "a number above 0 and at most 1",
    "chrome": "a list of regular expressions (strings)",
}
# How close a misspelt key must be to a known one to be suggested (difflib's ratio; 0.6
# is its default, and takes 'formt', 'treshold' and 'dedupe' to their keys).
HINT_CUTOFF = 0.6


class ConfigError(GovcleanError):
    """The configuration file is not valid TOML or sets something govclean does not know."""


@dataclass
class Config:
    """Defaults a project sets; command-line options override every one of them."""

    path: Optional[str] = None  # the file they came from, None when there was none
    format: Optional[str] = None
    output: Optional[str] = None
    index: Optional[str] = None
    jobs: Optional[int] = None
    dedup: Optional[str] = None
    threshold: Optional[float] = None
    chrome: List[str] = field(default_factory=list)

    def as_defaults(self) -> Dict[str, Any]:
        """The values set, keyed like the config (None values left out)."""
        return {k: getattr(self, k) for k in KEYS if getattr(self, k) not in (None, [])}


def find_config(start: str = ".") -> Optional[str]:
    """The nearest govclean.toml, or pyproject.toml with a [tool.govclean] table, upwards from start."""
    folder = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and (name != "pyproject.toml" or _has_table(path)):
                return path
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_table(path: str) -> bool:
    with open(path, "rb") as fh:
        return b"[tool.govclean" in fh.read()


def _tomllib():
    """The TOML reader, imported only when there is a config to read (start-up)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.9/3.10 only
        import tomli as tomllib
    return tomllib


def load_config(path: Optional[str] = None, start: str = ".") -> Config:
    """The config at path, or the nearest one found from start; an empty Config if none."""
    path = path or find_config(start)
    if path is None:
        return Config()
    tomllib = _tomllib()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"is not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(path, f"cannot be read ({exc.strerror or exc})") from None
    table = data.get("tool", {}).get("govclean", {}) if path.endswith("pyproject.toml") else data
    return _validate(path, table)


def _validate(path: str, table: Dict[str, Any]) -> Config:
    config = Config(path=path)
    base = os.path.dirname(os.path.abspath(path))
    for key, value in table.items():
        kind = KEYS.get(key)
        if kind is None:
            raise ConfigError(path, unknown_key(key))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise bad_value(path, key, value)
        setattr(config, key, value)
    _check_values(config)
    for key in ("output", "index"):  # relative to the config file, not to where govclean runs
        if getattr(config, key):
            setattr(config, key, os.path.join(base, getattr(config, key)))
    return config


def unknown_key(key: str) -> str:
    """The message for a key govclean does not know, with the nearest known one as a hint."""
    near = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=HINT_CUTOFF)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown key {key!r}{hint}; allowed: {', '.join(KEYS)}"


def bad_value(path: str, key: str, value: Any) -> ConfigError:
    """A known key with a value it does not allow: the key, what it allows, what it got."""
    return ConfigError(path, f"{key} must be {ALLOWED[key]}, not {_toml(value)}")


def _toml(value: Any) -> str:
    """A value as it is written in TOML (true, "near", 0.5), for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _check_values(config: Config) -> None:
    path = config.path or "config"
    if config.format is not None and config.format not in FORMATS:
        raise bad_value(path, "format", config.format)
    if config.dedup is not None and config.dedup not in DEDUP_MODES:
        raise bad_value(path, "dedup", config.dedup)
    if config.threshold is not None and not 0.0 < config.threshold <= 1.0:
        raise bad_value(path, "threshold", config.threshold)
    if config.jobs is not None and config.jobs < 1:
        raise bad_value(path, "jobs", config.jobs)
    for pattern in config.chrome:
        if not isinstance(pattern, str):
            raise bad_value(path, "chrome", config.chrome)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(path, f"chrome pattern {pattern!r} is not a valid regular "
                                    f"expression ({exc})") from None
