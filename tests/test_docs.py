"""The manual: `mkdocs build --strict` passes, and the README is the short front page."""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..")
README_MAX_LINES = 200  # the bound for the front page


def read(name):
    with open(os.path.join(ROOT, name), encoding="utf-8") as fh:
        return fh.read()


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs not installed")
def test_manual_builds_strict(tmp_path):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                          "-f", os.path.join(ROOT, "mkdocs.yml"), "-d", str(tmp_path / "site")],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    cli = (tmp_path / "site" / "cli" / "index.html").read_text(encoding="utf-8")
    assert "--max-bytes" in cli and "--keep-duplicates" in cli  # mkdocs-click read the commands
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "Clean one saved page" in api  # mkdocstrings read the docstrings


def test_readme_is_short_and_links_resolve():
    readme = read("README.md")
    assert len(readme.splitlines()) < README_MAX_LINES
    for target in re.findall(r"\]\(([^)#]+)", readme):
        if "://" not in target:
            assert os.path.exists(os.path.join(ROOT, target)), target


def test_readme_commands_make_their_own_venv():
    """PEP 668: every install command creates and activates a virtual environment first."""
    readme = read("README.md")
    commands = [l.strip() for l in readme.splitlines() if "pip install" in l and l.startswith("    ")]
    assert len(commands) == 2
    for command in commands:
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install")


def test_ci_runs_exactly_the_readme_test_command():
    readme = read("README.md")
    test_command = next(l.strip() for l in readme.splitlines() if "python -m pytest" in l)
    ci = [l for l in read(".ci/run").splitlines() if l and not l.startswith("#")]
    assert test_command in ci
    assert "'.[test,docs]'" in test_command


def test_readme_headline_matches_the_benchmark_report():
    """The README's F1 headline is copied from benchmarks/RESULTS.md, which run.py writes, or
    from the later run of some groups that docs/benchmarks.md shows (also run.py's rows)."""
    results = read("benchmarks/RESULTS.md") + read("docs/benchmarks.md")
    readme = read("README.md")
    rows = re.findall(r"^\| ([a-z-]+) \(\d+ [a-z ]+\) \| (\d\.\d{3}) \|", readme, re.M)
    assert len(rows) == 6
    for group, f1 in rows:
        assert re.search(rf"^\| {re.escape(group)} \(\d+\) \| govclean \| {f1} \|", results, re.M), group



def test_license_is_an_spdx_string():
    """A table (`{ text = "MIT" }`) makes setuptools warn on every install."""
    text = read("pyproject.toml")
    assert re.search(r'^license = "MIT"$', text, re.M)
    assert re.search(r'requires = \["setuptools>=77"', text)  # the first to read SPDX strings


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F _govclean_completion govclean"),
                                           ("zsh", "#compdef govclean"),
                                           ("fish", "complete --no-files --command govclean")])
def test_shell_completion_works_as_documented(shell, marker):
    from click.testing import CliRunner

    from govclean.cli import main

    line = f"_GOVCLEAN_COMPLETE={shell}_source govclean"
    assert line in read("docs/getting-started.md")
    result = CliRunner().invoke(main, [], prog_name="govclean",
                                env={"_GOVCLEAN_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0 and marker in result.stdout


def test_completion_offers_the_formats():
    from click.testing import CliRunner

    from govclean.cli import main

    result = CliRunner().invoke(main, [], prog_name="govclean",
                                env={"_GOVCLEAN_COMPLETE": "bash_complete",
                                     "COMP_WORDS": "govclean clean -f ", "COMP_CWORD": "3"})
    assert result.stdout.split() == ["plain,text", "plain,markdown", "plain,json", "plain,jsonl", "plain,parquet"]
