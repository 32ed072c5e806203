"""The pre-commit hook: fast start (no heavy imports for --version/--help) and a real hook run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from batchpages import page

ROOT = Path(__file__).resolve().parent.parent
# Modules that only cleaning needs; starting the CLI must not import them.
HEAVY = ("lxml", "readability", "datasketch", "rich", "chardet", "sqlite3")
# Upper bound of one pre-commit call (seconds); the first one builds the hook's environment.
PRE_COMMIT_TIMEOUT = 600


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["clean", "--help"], ["inspect", "--help"]])
def test_startup_imports_nothing_heavy(args):
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "govclean", *args],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "click" in imported  # the measure works
    assert not imported & set(HEAVY)


def test_the_hook_file_runs_govclean_check():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: govclean-check" in text
    assert "entry: govclean clean --check" in text


def _pre_commit():
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout (the hook is installed from a commit)")
    return exe


def _git(repo, *args, check=True):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True,
                          timeout=PRE_COMMIT_TIMEOUT, check=check)


def test_a_commit_passes_only_with_up_to_date_cleaned_copies(tmp_path, monkeypatch):
    exe = _pre_commit()
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "cache"))
    # The hook's `pip install .` would compile the Cython modules (minutes of CPU, as long as
    # CI's own install): this test is about the hook; tests/test_compiled.py covers the build.
    monkeypatch.setenv("GOVCLEAN_PURE_BUILD", "1")
    repo = tmp_path / "repo"
    (repo / "saved").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / ".gitignore").write_text(".govclean/\n")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: govclean-check\n"
        "    args: [-o, clean, --relative-to, saved]\n    files: ^saved/\n")
    subprocess.run([exe, "install"], cwd=repo, check=True, capture_output=True, timeout=60)
    (repo / "saved" / "a.html").write_text(page(1), encoding="utf-8")
    _git(repo, "add", ".")

    missing = _git(repo, "commit", "-qm", "page without its cleaned copy", check=False)
    assert missing.returncode != 0
    assert "create clean/a.txt" in missing.stdout + missing.stderr

    subprocess.run([sys.executable, "-m", "govclean", "clean", "-q", "-o", "clean", "saved"],
                   cwd=repo, check=True, timeout=60)
    _git(repo, "add", ".")
    assert _git(repo, "commit", "-qm", "page and cleaned copy", check=False).returncode == 0

    (repo / "saved" / "a.html").write_text(page(2), encoding="utf-8")
    _git(repo, "add", ".")
    stale = _git(repo, "commit", "-qm", "page changed, copy stale", check=False)
    assert stale.returncode != 0
    assert "change clean/a.txt" in stale.stdout + stale.stderr
