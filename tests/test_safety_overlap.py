"""-o (or --index) overlapping an input is refused before anything is touched: exit 2 and
one line naming both paths, however the paths are spelt or linked."""
from __future__ import annotations

import os

import pytest

from safestate import run, snapshot, world

TAIL = "inputs are never written to: choose a place apart from them"


def line(what, target, relation, inp):
    return f"govclean: refused: {what} {target} {relation} the input {inp}; {TAIL}"


@pytest.mark.parametrize("out, args, relation", [
    ("in", ["in"], "is"),
    ("in/", ["in"], "is"),
    ("./in/../in", ["in"], "is"),
    ("in/clean", ["in"], "is inside"),
    ("in/a/b/c", ["in"], "is inside"),
    ("link", ["in"], "is"),  # a symlink to the input folder
    ("link/clean", ["in"], "is inside"),
    (".", ["in/p0.html"], "holds"),
    ("in", ["in/p1.html"], "holds"),
])
def test_an_output_folder_overlapping_an_input_is_refused(tmp_path, monkeypatch, out, args, relation):
    top = world(tmp_path)
    os.symlink("in", top / "link")
    monkeypatch.chdir(top)
    before = snapshot(top, skip="")
    result = run("clean", "-o", out, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line("the output folder", out, relation, args[0])]
    assert snapshot(top, skip="") == before


def test_files_from_naming_a_page_inside_the_output_is_refused(tmp_path, monkeypatch):
    top = world(tmp_path)
    monkeypatch.chdir(top)
    before = snapshot(top, skip="")
    result = run("clean", "-o", "in", "--files-from", "-", input="in/p2.html\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line("the output folder", "in", "holds", "in/p2.html")]
    assert snapshot(top, skip="") == before


def test_an_index_inside_an_input_folder_is_refused(tmp_path, monkeypatch):
    top = world(tmp_path)
    monkeypatch.chdir(top)
    before = snapshot(top, skip="")
    result = run("clean", "-o", "out", "--index", "in/.idx.sqlite", "in")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line("the index", "in/.idx.sqlite", "is inside", "in")]
    assert snapshot(top, skip="") == before


def test_outputs_beside_the_inputs_are_fine(tmp_path, monkeypatch):
    top = world(tmp_path)
    monkeypatch.chdir(top)
    before = snapshot(top)
    result = run("clean", "-o", "out", "in", "in/p0.html")
    assert result.exit_code == 0
    assert snapshot(top) == before and (top / "out" / "p1.txt").exists()


def test_the_library_refuses_an_input_inside_the_output_too(tmp_path):
    from govclean.batch import Settings, run_batch
    from govclean.errors import OverlapError
    from govclean.inputs import iter_sources

    top = world(tmp_path)
    before = snapshot(top, skip="")
    with pytest.raises(OverlapError) as err:
        run_batch(list(iter_sources([str(top / "in")])), Settings(output=str(top)))
    assert err.value.message == (f"refused: the output folder {top} holds the input "
                                 f"{top / 'in' / 'p0.html'}; {TAIL}")
    assert snapshot(top, skip="") == before
