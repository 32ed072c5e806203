"""The command line, through Click's CliRunner."""
from __future__ import annotations

import json

from click.testing import CliRunner

from govclean import __version__
from govclean.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_has_examples():
    result = run("clean", "--help")
    assert result.exit_code == 0
    assert "govclean clean -f jsonl" in result.output


def test_json_output_has_the_contract_keys(data_dir):
    result = run("clean", "-f", "json", str(data_dir / "cases" / "zh_elderly_copy.html"))
    assert result.exit_code == 0
    doc = json.loads(result.output)
    for key in ("input", "url", "title", "published", "updated", "source", "author", "site",
                "site_id_code", "section", "breadcrumb", "official", "attachments", "language",
                "text", "duplicates", "repeats_removed", "encoding"):
        assert key in doc
    assert doc["repeats_removed"] == 1


def test_jsonl_is_one_line_per_document_in_path_order(data_dir):
    result = run("clean", "-f", "jsonl", str(data_dir / "cases"))
    lines = result.output.splitlines()
    inputs = [json.loads(line)["input"] for line in lines]
    assert inputs == sorted(inputs)
    assert len(inputs) == 3


def test_text_output_is_title_then_body(data_dir):
    result = run("clean", str(data_dir / "cases" / "zh_wrapped_dump.txt"))
    title, body = result.output.split("\n\n", 1)
    assert title == "全省中小学课后服务工作推进会召开"
    assert "上一篇" not in body and "ICP" not in body


def test_markdown_has_front_matter_and_headings(data_dir):
    result = run("clean", "-f", "markdown", str(data_dir / "cases" / "zh_elderly_copy.html"))
    out = result.output
    assert out.startswith("---\ntitle: \"城东区召开春季植树动员会\"\n")
    assert "\n# 城东区召开春季植树动员会\n" in out
    assert "\n## 压实责任 确保成效\n" in out


def test_stdin(data_dir):
    page = (data_dir / "cases" / "zh_wrapped_dump.txt").read_bytes()
    result = CliRunner().invoke(main, ["clean", "-f", "json", "-"], input=page)
    assert result.exit_code == 0
    assert json.loads(result.output)["input"] == "-"


def test_a_bad_input_gets_one_line_and_the_batch_goes_on(tmp_path, data_dir):
    (tmp_path / "a_empty.html").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes((data_dir / "cases" / "zh_wrapped_dump.txt").read_bytes())
    result = CliRunner().invoke(main, ["clean", "-f", "jsonl", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"govclean: {tmp_path / 'a_empty.html'}: empty file"
    assert len(result.stdout.splitlines()) == 1


def test_output_folder_mirrors_inputs(tmp_path, data_dir):
    out = tmp_path / "out"
    result = run("clean", "-f", "markdown", "-o", str(out), str(data_dir / "cases"))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir() if p.name != ".govclean") == [
        "en_agency_page.md", "zh_elderly_copy.md", "zh_wrapped_dump.md"]


def test_unknown_format_is_a_usage_error(data_dir):
    result = CliRunner().invoke(main, ["clean", "-f", "pdf", str(data_dir)])
    assert result.exit_code == 2
