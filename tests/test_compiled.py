"""Compiled modules: an extension runs only when built from the .py beside it; pure and compiled give the same bytes."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from govclean import compiled
from output_hashes import GROUPS, HASHES, group_jsonl, line_hashes, read_hashes

PACKAGE = Path(compiled.__file__).parent
# Corpus groups run again under GOVCLEAN_PURE=1 (test_output_hashes.py runs them in
# the installed form): all of them, 39 s more (measured on the shared 2-core machine).
PURE_GROUPS = GROUPS
# Asks which form a module got, in a fresh interpreter that imports govclean from `root`.
PROBE = ("import govclean.segment as m\nfrom govclean import compiled\n"
         "print(m.__file__)\nprint(*compiled.forms()['govclean.segment'], sep='|')")


def copy_package(tmp_path: Path) -> Path:
    """A copy of the installed package (extensions and stamps too) to edit freely."""
    shutil.copytree(PACKAGE, tmp_path / "govclean", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path / "govclean"


def probe(root: Path, **env) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    full.update(PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=root, env=full)


def fake_build(package: Path, source_text: bytes) -> Path:
    """Stamp segment as built from `source_text`, with an 'extension' that cannot load: loading it fails loudly."""
    ext = package / ("segment" + compiled.SUFFIX)
    ext.write_bytes(b"not an extension module")
    stamps = package / Path(compiled.STAMPS).name
    digest = hashlib.sha256(source_text).hexdigest()
    stamps.write_text(f"govclean.segment\t{ext.name}\t{ext.stat().st_size}\t{digest}\n", encoding="utf-8")
    return ext


def test_an_extension_built_from_another_source_is_not_loaded(tmp_path):
    package = copy_package(tmp_path)
    fake_build(package, b"# segment.py as it was at build time\n")
    out = probe(tmp_path)
    assert out.returncode == 0, out.stderr
    path, form, why = out.stdout.replace("|", "\n").split("\n")[:3]
    assert path == str(package / "segment.py")
    assert (form, why) == (compiled.PURE, "source changed since the build")


def test_the_stamp_decides_a_matching_one_loads_the_extension(tmp_path):
    """The other side of the guard: with the stamp matching, the (fake) extension is what Python loads."""
    package = copy_package(tmp_path)
    ext = fake_build(package, (package / "segment.py").read_bytes())
    out = probe(tmp_path)
    assert out.returncode != 0 and str(ext) in out.stderr  # it tried the extension, not the .py


def test_pure_switch_and_changed_extension_run_the_py(tmp_path):
    package = copy_package(tmp_path)
    ext = fake_build(package, (package / "segment.py").read_bytes())
    forced = probe(tmp_path, GOVCLEAN_PURE="1")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.splitlines() == [str(package / "segment.py"), "pure|GOVCLEAN_PURE=1"]
    ext.write_bytes(b"rebuilt since: another size")
    changed = probe(tmp_path)
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.splitlines()[1] == "pure|extension changed since the build"


def test_a_stray_extension_without_a_stamp_is_not_loaded(tmp_path):
    """e.g. left by a hand-run `cythonize -i`: Python's own finder would import it before the .py."""
    package = copy_package(tmp_path)
    (package / Path(compiled.STAMPS).name).unlink(missing_ok=True)
    (package / ("segment" + compiled.SUFFIX)).write_bytes(b"not an extension module")
    out = probe(tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [str(package / "segment.py"), "pure|not built"]


def built() -> bool:
    return compiled.read_stamps().keys() >= set(compiled.MODULES)


def test_a_real_build_falls_back_when_its_source_is_edited(tmp_path):
    if not built():
        pytest.skip("govclean was installed without its compiled modules")
    package = copy_package(tmp_path)
    before = probe(tmp_path)
    assert before.stdout.splitlines() == [str(package / ("segment" + compiled.SUFFIX)),
                                          "compiled|built from this source"], before.stderr
    with open(package / "segment.py", "a", encoding="utf-8") as f:
        f.write("\nEDITED = True\n")
    after = probe(tmp_path)
    assert after.stdout.splitlines() == [str(package / "segment.py"), "pure|source changed since the build"]


def test_a_source_of_the_same_size_with_a_new_time_is_hashed_again(tmp_path):
    """The stamp's size and time stand for the source only while both match (as CPython's own
    .pyc check): an edit that keeps the size runs the .py; a copy with a new time but the same
    bytes is found by its hash and stays compiled; and an unchanged start never hashes."""
    if not built():
        pytest.skip("govclean was installed without its compiled modules")
    package = copy_package(tmp_path)
    source = package / "segment.py"
    assert compiled.read_stamps()["govclean.segment"][3] is not None  # setup.py wrote size and time
    no_hash = "from govclean import compiled\ncompiled.file_sha256 = lambda path: exit('hashed ' + path)\n"
    unchanged = subprocess.run([sys.executable, "-c", no_hash + PROBE], capture_output=True, text=True,
                               cwd=tmp_path, env={**{k: v for k, v in os.environ.items() if k != compiled.PURE_ENV},
                                                  "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"})
    assert unchanged.stdout.splitlines()[1:] == ["compiled|built from this source"], unchanged.stderr
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched: same bytes
    touched = probe(tmp_path)
    assert touched.stdout.splitlines()[1] == "compiled|built from this source", touched.stderr
    text = source.read_bytes()
    edited = text.replace(b"\n\n\n", b"\n#\n", 1)  # a blank line made a comment: the size kept
    assert edited != text and len(edited) == len(text)
    source.write_bytes(edited)
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 2 * 10**9))
    after = probe(tmp_path)
    assert after.stdout.splitlines() == [str(source), "pure|source changed since the build"], after.stderr


def test_an_extension_without_its_source_is_not_loaded(tmp_path):
    """Nothing says what it was built from: the guard answers (no traceback from the stat)."""
    package = copy_package(tmp_path)
    fake_build(package, (package / "segment.py").read_bytes())
    (package / "segment.py").unlink()
    out = subprocess.run([sys.executable, "-c", "from govclean import compiled\n"
                          "print(*compiled.decide('govclean.segment')[:2], sep='|')"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env={**{k: v for k, v in os.environ.items() if k != compiled.PURE_ENV},
                              "PYTHONPATH": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stdout.splitlines() == ["pure|source missing"], out.stderr


def compiler_present() -> bool:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) is not None


def test_the_install_runs_the_compiled_modules():
    """CI's `pip install -e '.[test,docs]'` builds them; skipped only where no C compiler exists."""
    if compiled.pure_forced():
        pytest.skip(f"{compiled.PURE_ENV} is set: this run tests the .py files")
    if not built() and not compiler_present():
        pytest.skip("no C compiler here: govclean installed its pure-Python modules")
    import govclean.api  # noqa: F401  # imports most of them
    import govclean.segment

    assert govclean.segment.__file__.endswith(compiled.SUFFIX)
    assert compiled.summary() == f"compiled ({len(compiled.MODULES)} of {len(compiled.MODULES)} modules)"


def test_version_says_which_form_runs():
    from click.testing import CliRunner

    from govclean import cli

    lines = CliRunner().invoke(cli.main, ["--version"]).stdout.splitlines()
    assert lines[1] == f"govclean modules {compiled.summary()}"
    assert lines[1].startswith(("govclean modules compiled (", "govclean modules pure Python ("))


@pytest.mark.corpus
@pytest.mark.parametrize("group", PURE_GROUPS)
def test_pure_modules_write_the_pinned_bytes(shared_dir, group, monkeypatch):
    """The .py files give the same JSONL as the compiled run (test_output_hashes.py checks that one)."""
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    expected = {k: v for k, v in read_hashes(HASHES).items() if k.startswith(group + "/")}
    got = line_hashes(group_jsonl(group, shared_dir / "corpus"))
    changed = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
    assert expected and not changed, f"{len(changed)} outputs differ under {compiled.PURE_ENV}=1, e.g. {changed[:5]}"
