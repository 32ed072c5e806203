"""Compiled regular expressions (and what rules.required reads from them) kept between runs, as Python keeps bytecode."""
from __future__ import annotations

import marshal
import os
import re
import sys

# Python compiles a regular expression in pure Python: the patterns a one-page run uses cost
# 30-35 ms of its start-up (a CJK range 1-2 ms each, the label pattern 6 ms), a third of
# the run. What re compiles is kept in __pycache__ beside govclean's bytecode, keyed like it
# by the interpreter (cache tag, sre magic number) and by govclean's own sources, and put in
# re's cache when govclean is imported: re.compile then finds each pattern compiled. The
# entries are what re itself builds (re._compiler.compile, step by step), so every pattern
# is the same object re would make (tests/test_recache.py compares them). Anything amiss (another
# Python, a damaged file, a private name gone) and patterns are compiled as before.
# Written, like bytecode, unless PYTHONDONTWRITEBYTECODE is set or the folder is read-only.
#
# Beside them the same file keeps facts read from patterns (fact(): rules.required's
# analyses, which parse each chrome rule four times, 176 parses and about 25 ms of a one-page
# run): the same stamp covers the code that reads them (govclean's sources) and the parser
# (the interpreter's version).

# Patterns kept at most, the newest: re's own cache holds 512 and would drop more anyway
# (a run uses about 200: govclean's, click's, the standard library's).
MAX_ENTRIES = 512
# Facts kept at most, the newest: five kinds for each of the 142 chrome rules of the ten
# language tables (710 in runs that meet them all), with room for users' patterns.
MAX_FACTS = 2048
_loaded: set = set()  # re's cache keys (type, pattern, flags) kept or loaded
_facts: dict = {}  # (kind, pattern, flags) -> a fact about the pattern, loaded or found in this run
_new_facts: set = set()  # keys of _facts found in this run and not kept yet
_path: list = []  # cache_path(), found once
_at_exit: list = []  # [True] once save is registered to run at exit


def cache_path() -> str | None:
    """Where this interpreter and these sources keep their patterns (None: not supported)."""
    if not _path:
        _path.append(_find_path())
    return _path[0]


def _find_path() -> str | None:
    try:
        import _sre
        from re import _compiler, _parser  # noqa: F401  # Python 3.11+

        tag, magic = sys.implementation.cache_tag, _sre.MAGIC
    except (ImportError, AttributeError):
        return None
    if tag is None or sys.implementation.name != "cpython":
        return None
    here = os.path.dirname(os.path.abspath(__file__))
    # the full version is in the stamp: a bug-fix release may change what re's compiler emits
    stamp = f"{sys.hexversion:08x}{_sources_stamp(here)}"
    return os.path.join(here, "__pycache__", f"patterns.{tag}.{magic}.{stamp}.marshal")


def _sources_stamp(package: str) -> str:
    """A short stamp of govclean's source files (names, sizes, times): a change starts afresh."""
    import zlib

    seen = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith(".py")):
            st = os.stat(os.path.join(folder, name))
            seen.append(f"{os.path.relpath(folder, package)}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return f"{zlib.crc32(chr(10).join(seen).encode('utf-8', 'surrogateescape')):08x}"


def load() -> int:
    """Put the kept patterns in re's cache; how many (0: none kept, or not usable)."""
    path = cache_path()
    if path is None or not os.path.isfile(path):
        return 0
    entries, facts = _read(path)
    for key, value in facts.items():
        _facts.setdefault(key, value)
    try:
        import _sre

        compiled = [((type(p), p, flags), _sre.compile(p, *parts)) for p, flags, parts in entries]
    except Exception:  # damaged, or written by something else: compile as usual
        return 0
    for key, pattern in compiled:
        re._cache.setdefault(key, pattern)  # type: ignore[attr-defined]
        _loaded.add(key)
    return len(compiled)


def save_at_exit() -> None:
    """Keep this process's new patterns when it ends (registered once)."""
    if not _at_exit:
        import atexit

        atexit.register(save)
        _at_exit.append(True)


def save() -> int:
    """Keep the patterns re compiled in this process that were not kept yet (run at exit),
    beside those kept before; how many were added (0: nothing new, or not writable)."""
    path = cache_path()
    if path is None or sys.dont_write_bytecode:
        return 0
    try:
        new = [k for k in list(re._cache) if k not in _loaded and isinstance(k[1], (str, bytes))]  # type: ignore[attr-defined]
    except RuntimeError:  # changed while listed (another thread compiling)
        return 0
    new_facts = {k: _facts[k] for k in _new_facts}
    if not new and not new_facts:
        return 0
    try:
        kept, kept_facts = _read(path)
        known = {(type(p), p, flags) for p, flags, _ in kept}
        added = [(p, int(flags), parts(p, flags)) for _, p, flags in new if (type(p), p, flags) not in known]
        facts = {**kept_facts, **new_facts}
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(((kept + added)[-MAX_ENTRIES:], dict(list(facts.items())[-MAX_FACTS:]))))
        os.replace(tmp, path)  # whole or absent, whoever writes last
    except Exception:  # read-only, full, or a pattern re would refuse: nothing kept
        return 0
    _forget_others(path)
    _loaded.update(new)
    _new_facts.difference_update(new_facts)
    return len(added) + len(set(new_facts) - set(kept_facts))


def fact(kind: str, rx: "re.Pattern", read):
    """read(rx), kept between runs like the patterns: a fact about a compiled pattern, by
    kind, the pattern's text and its flags. read's value must be what marshal writes (None,
    bool, int, str, tuples of them), and read must depend on nothing but the pattern and
    govclean's own code."""
    key = (kind, rx.pattern, int(rx.flags))
    try:
        return _facts[key]
    except KeyError:
        value = _facts[key] = read(rx)
        _new_facts.add(key)
        return value


def _read(path: str) -> tuple:
    """The patterns and the facts kept at path (([], {}) if none or unreadable)."""
    try:
        with open(path, "rb") as fh:
            kept = marshal.loads(fh.read())  # one read: marshal.load(fh) reads item by item
    except (OSError, ValueError, EOFError, TypeError):
        return [], {}
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], list) and isinstance(kept[1], dict):
        return kept
    return [], {}


def parts(pattern, flags: int) -> tuple:
    """The arguments re._compiler.compile gives _sre.compile for (pattern, flags)."""
    from re import _compiler, _parser

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    indexgroup = [None] * p.state.groups
    for name, i in p.state.groupdict.items():
        indexgroup[i] = name
    return (int(flags | p.state.flags), [int(c) for c in code], p.state.groups - 1,
            dict(p.state.groupdict), tuple(indexgroup))


def _forget_others(path: str) -> None:
    """Remove what older sources left for this interpreter beside it."""
    folder, mine = os.path.split(path)
    prefix = mine.rsplit(".", 2)[0] + "."  # patterns.TAG.MAGIC.
    for name in os.listdir(folder):
        if name.startswith(prefix) and name.endswith(".marshal") and name != mine:
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
