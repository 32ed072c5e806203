"""Build govclean's optional compiled modules (Cython); without a compiler the pure .py files install and run."""
from __future__ import annotations

import ast
import hashlib
import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# Cython writes its .c files here, outside the package (git-ignores build/).
C_DIR = os.path.join("build", "cython")
# GOVCLEAN_PURE_BUILD=1 installs without compiling anything (the .py files only).
PURE_BUILD_ENV = "GOVCLEAN_PURE_BUILD"


def compiled_modules(name: str = "MODULES") -> tuple:
    """govclean.compiled.MODULES (or another tuple of it, EXTENSION_ONLY), read without
    importing govclean (its dependencies may be absent)."""
    with open(os.path.join("govclean", "compiled.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise RuntimeError(f"govclean/compiled.py defines no {name}")


def source_of(name: str) -> str:
    rel = os.path.join(*name.split("."))
    return os.path.join(rel, "__init__.py") if os.path.isdir(rel) else rel + ".py"


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def extensions() -> list:
    """The Cython extensions, optional; none (a pure install) when Cython is missing or fails."""
    if os.environ.get(PURE_BUILD_ENV, "") not in ("", "0"):
        return []
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("govclean: Cython is not installed; installing the pure-Python modules", file=sys.stderr)
        return []
    sources = {name: source_of(name) for name in compiled_modules()}
    modules = [Extension(name, [path]) for name, path in sources.items()]
    for name in compiled_modules("EXTENSION_ONLY"):
        sources[name] = os.path.join(*name.split(".")) + ".pyx"
        modules += lxml_extension(name, sources[name])
    digests = {name: sha256(path) for name, path in sources.items()}  # before Cython reads them
    # and their size and time, also before: a file edited before Cython reads it has another
    # time than its stamp, and its hash then decides (compiled.source_unchanged)
    seen = {name: os.stat(path) for name, path in sources.items()}
    try:
        exts = cythonize(modules,
                         build_dir=C_DIR, quiet=True, nthreads=os.cpu_count() or 1,
                         compiler_directives={"language_level": 3})
    except Exception as exc:  # a Cython that cannot translate a module: install pure, say why
        print(f"govclean: Cython failed ({exc}); installing the pure-Python modules", file=sys.stderr)
        return []
    for ext in exts:
        ext.optional = True  # no C compiler: setuptools warns and goes on without it
        ext.py_sha256 = digests[ext.name]
        ext.py_seen = f"{seen[ext.name].st_size}\t{seen[ext.name].st_mtime_ns}"
    return exts


def lxml_extension(name: str, path: str) -> list:
    """The extension of a .pyx that uses lxml's C API (its headers come with lxml): none
    when lxml is not installed where this builds (pyproject.toml's build requirements)."""
    try:
        import lxml
    except ImportError:
        print(f"govclean: lxml is not installed for the build; {name} runs in Python", file=sys.stderr)
        return []
    return [Extension(name, [path], include_dirs=lxml.get_include())]


class BuildExt(build_ext):
    """build_ext that also writes the stamps govclean/compiled.py checks before loading an extension."""

    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1
        self.built = []

    def build_extension(self, ext):
        super().build_extension(ext)  # raises when it fails: then no stamp
        self.built.append(ext)

    def run(self):
        super().run()
        if self.extensions:
            self.write_stamps()

    def write_stamps(self):
        package = os.path.dirname(self.get_ext_fullpath(self.extensions[0].name.split(".")[0] + ".x"))
        suffix = os.path.splitext(self.get_ext_filename("x"))[0][1:]  # e.g. .cpython-311-x86_64-linux-gnu
        rows = []
        for ext in sorted(self.built, key=lambda e: e.name):
            path = self.get_ext_fullpath(ext.name)
            rel = os.path.relpath(path, package).replace(os.sep, "/")
            rows.append(f"{ext.name}\t{rel}\t{os.stat(path).st_size}\t{ext.py_sha256}\t{ext.py_seen}\n")
        os.makedirs(package, exist_ok=True)
        with open(os.path.join(package, f"_compiled{suffix}.tsv"), "w", encoding="utf-8") as f:
            f.writelines(rows)


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildExt})
