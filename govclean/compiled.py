"""Which form of each hot module runs: its compiled extension when built from the .py beside it, else the .py."""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from typing import Dict, Optional, Tuple

# The modules setup.py compiles with Cython (unchanged .py files: the compiled form gives the
# same bytes). Chosen by measurement (docs/speed.md, "Compiled modules"): the per-page path,
# walker, classifier, metadata and rules first, then dedup's fingerprints.
MODULES = (
    "govclean.segment", "govclean.classify", "govclean.metadata", "govclean.sources",
    "govclean.labels", "govclean.textutil", "govclean.fold", "govclean.api", "govclean.load",
    "govclean.model", "govclean.rules",
)
# Modules that exist only as an extension, built from the .pyx of the same name (Cython,
# _walk using lxml's C API); the code that imports one falls back to Python when it cannot load.
EXTENSION_ONLY = ("govclean._walk", "govclean._markup", "govclean._shingle")
# GOVCLEAN_PURE=1 runs every module from its .py, whatever was built.
PURE_ENV = "GOVCLEAN_PURE"
COMPILED, PURE = "compiled", "pure"

_HERE = os.path.dirname(os.path.abspath(__file__))
# Extensions for this interpreter (e.g. .cpython-311-x86_64-linux-gnu.so); the stamps beside
# them carry the same tag, so builds for two Pythons in one checkout keep apart.
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
STAMPS = os.path.join(_HERE, "_compiled" + os.path.splitext(SUFFIX)[0] + ".tsv")

_stamps: list = []  # [ {module: Stamp} ], read once
_forms: Dict[str, Tuple[str, str]] = {}  # module -> (COMPILED or PURE, why), as decided on import


def pure_forced() -> bool:
    return os.environ.get(PURE_ENV, "") not in ("", "0")


def source_path(name: str) -> Tuple[str, bool]:
    """The .py of a module in MODULES (the .pyx of one in EXTENSION_ONLY), and whether it is
    a package's __init__.py."""
    rel = name.split(".", 1)[1].replace(".", os.sep)
    if name in EXTENSION_ONLY:
        return os.path.join(_HERE, rel + ".pyx"), False
    init = os.path.join(_HERE, rel, "__init__.py")
    return (init, True) if os.path.isfile(init) else (os.path.join(_HERE, rel + ".py"), False)


# (extension file relative to the package, its size, sha256 of the .py built, and that .py's
#  size and st_mtime_ns when it was read, or None in a stamp written without them)
Stamp = Tuple[str, int, str, Optional[Tuple[int, int]]]


def read_stamps(path: str = STAMPS) -> Dict[str, Stamp]:
    """module -> its Stamp: setup.py writes them, a line a module, the fields tab-separated."""
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) in (4, 6) and all(p.isdigit() for p in parts[2:3] + parts[4:]):
                    seen = (int(parts[4]), int(parts[5])) if len(parts) == 6 else None
                    out[parts[0]] = (parts[1], int(parts[2]), parts[3], seen)
    except OSError:
        pass
    return out


def file_sha256(path: str) -> str:
    import hashlib  # only when a source's size or time moved: most starts import none of it

    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def source_unchanged(path: str, stamp: Stamp) -> bool:
    """The .py is the one built: the same size and modification time as the build read (what
    CPython trusts for its .pyc, without reading the file), else the same sha256 (a copy or
    an install that gave the file a new time). OSError when the source is not there."""
    st = os.stat(path)
    if stamp[3] is not None and (st.st_size, st.st_mtime_ns) == stamp[3]:
        return True
    return file_sha256(path) == stamp[2]


def decide(name: str) -> Tuple[str, str, Optional[str]]:
    """(COMPILED or PURE, why, the extension's path when COMPILED) for one module of MODULES."""
    if pure_forced():
        return PURE, f"{PURE_ENV}=1", None
    if not _stamps:
        _stamps.append(read_stamps())
    stamp = _stamps[0].get(name)
    if stamp is None:
        return PURE, "not built", None
    ext = os.path.join(_HERE, stamp[0])
    try:
        size = os.stat(ext).st_size
    except OSError:
        return PURE, "extension missing", None
    if size != stamp[1]:
        return PURE, "extension changed since the build", None
    try:
        unchanged = source_unchanged(source_path(name)[0], stamp)
    except OSError:  # no source beside the extension (an extension-only module's .pyx left out of an install)
        return PURE, "source missing", None
    if not unchanged:
        return PURE, "source changed since the build", None
    return COMPILED, "built from this source", ext


class Finder:
    """First on sys.meta_path: answers for MODULES and EXTENSION_ONLY only, before the path
    finder can pick a stale .so."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name not in MODULES and name not in EXTENSION_ONLY:
            return None
        form, why, ext = decide(name)
        if name in EXTENSION_ONLY and form != COMPILED:
            _forms[name] = (form, why)
            raise ModuleNotFoundError(f"{name} does not run here: {why}", name=name)
        source, package = source_path(name)
        search = [os.path.dirname(source)] if package else None
        if form == COMPILED:
            loader = importlib.machinery.ExtensionFileLoader(name, ext)
            spec = importlib.util.spec_from_file_location(name, ext, loader=loader,
                                                          submodule_search_locations=search)
        else:
            spec = importlib.util.spec_from_file_location(name, source, submodule_search_locations=search)
        _forms[name] = (form, why)
        return spec


class Extension:
    """One module of EXTENSION_ONLY, imported on first need: the module, or None where it
    cannot load (not built, GOVCLEAN_PURE=1, built for another lxml); its caller then runs
    the Python form, which gives the same answers. `loaded` holds the outcome ([] until the
    first call): tests put a module, or None, there to choose a form."""

    def __init__(self, name: str):
        self.name, self.loaded = name, []

    def __call__(self):
        if not self.loaded:
            try:
                module = importlib.import_module(self.name)
            except ImportError:
                module = None
            self.loaded.append(module)
        return self.loaded[0]


def install() -> None:
    """Put the finder first on sys.meta_path (once)."""
    if not any(isinstance(f, Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, Finder())


def forms() -> Dict[str, Tuple[str, str]]:
    """module -> (form, why) for every module of MODULES: as imported, or as it would be."""
    return {name: _forms.get(name) or decide(name)[:2] for name in MODULES}


def extension_forms() -> Dict[str, Tuple[str, str]]:
    """module -> (form, why) for every module of EXTENSION_ONLY: the stamp's word (whether
    the extension then imports, e.g. against this lxml, is the importing module's test)."""
    return {name: _forms.get(name) or decide(name)[:2] for name in EXTENSION_ONLY}


def summary() -> str:
    """One line: which form runs, e.g. 'compiled (11 of 11 modules)' or 'pure Python (not built)'."""
    found = forms()
    compiled = [n for n, (form, _) in found.items() if form == COMPILED]
    if len(compiled) == len(found):
        return f"compiled ({len(found)} of {len(found)} modules)"
    if not compiled:
        reasons = sorted({why for _, why in found.values()})
        return f"pure Python ({'; '.join(reasons)})"
    pure = ", ".join(f"{n.split('.', 1)[1]} ({why})" for n, (form, why) in found.items() if form == PURE)
    return f"compiled ({len(compiled)} of {len(found)} modules; pure: {pure})"
