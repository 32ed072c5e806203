"""govclean inspect: every block with its label and reason, metadata with where it came from."""
from __future__ import annotations

import json

from click.testing import CliRunner

from govclean.cli import main
from govclean.inspect import inspect_page
from govclean.model import LABELS


def test_library_labels_every_block_with_a_reason(data_dir):
    page = (data_dir / "cases" / "zh_elderly_copy.html").read_bytes()
    result = inspect_page(page, filename="zh_elderly_copy.html")
    assert result.blocks and all(b.label in LABELS for b in result.blocks)
    assert all(b.reason for b in result.blocks)
    assert [b.text for b in result.blocks if b.label == "title"] == ["城东区召开春季植树动员会"]
    assert any(b.label == "chrome" and b.reason == "hidden" for b in result.blocks)
    assert any(b.label == "repeat" for b in result.blocks)
    assert result.repeats_removed == 1


def test_library_says_where_metadata_came_from(data_dir):
    page = (data_dir / "cases" / "zh_elderly_copy.html").read_bytes()
    fields = {f.name: f for f in inspect_page(page).metadata}
    assert fields["source"].value == "城东区林业局"
    assert fields["source"].origin  # a label line or a meta tag, named
    assert fields["site_id_code"].value == "3300000001"


def test_json_output_for_machines(data_dir):
    path = str(data_dir / "cases" / "zh_wrapped_dump.txt")
    result = CliRunner().invoke(main, ["inspect", "--json", path])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["input"] == path
    assert {"index", "label", "reason", "tag", "text"} <= set(data["blocks"][0])
    assert data["metadata"]["title"]["value"] == "全省中小学课后服务工作推进会召开"
    assert data["counts"]["chrome"] > 0 and data["counts"]["body"] > 0


def test_plain_listing_has_labels_reasons_and_no_colour_when_piped(data_dir):
    path = str(data_dir / "cases" / "zh_wrapped_dump.txt")
    result = CliRunner().invoke(main, ["inspect", path])
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out  # no colour codes outside a terminal
    lines = out.splitlines()
    assert any(" title " in ln and "全省中小学课后服务工作推进会召开" in ln for ln in lines)
    assert any(ln.split()[1:2] == ["chrome"] and "pattern:" in ln for ln in lines if ln.strip())
    assert "metadata" in lines and any(ln.strip().startswith("title: ") and "(from " in ln
                                       for ln in lines)


def test_colour_in_a_terminal_and_none_with_no_color(data_dir, monkeypatch):
    from govclean import cli

    path = str(data_dir / "cases" / "en_agency_page.html")
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich: behave as in a terminal
    coloured = CliRunner().invoke(main, ["inspect", path]).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(main, ["inspect", path]).stdout
    assert "\x1b[" in coloured
    assert "\x1b[31m" not in plain and "\x1b[32m" not in plain
    assert cli.LABEL_STYLES["chrome"] == "red"


def test_a_missing_page_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["inspect", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.html'}: no such file (or a broken symlink)"
