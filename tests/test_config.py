"""Configuration: [tool.govclean] in pyproject.toml, govclean.toml, and their errors."""
from __future__ import annotations

import pytest

from govclean.config import ConfigError, find_config, load_config


def test_pyproject_table_is_found_from_a_subfolder(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.govclean]\nformat = "jsonl"\nthreshold = 1\n'
        'chrome = ["^本站声明"]\noutput = "clean"\n', encoding="utf-8")
    sub = tmp_path / "saved" / "2024"
    sub.mkdir(parents=True)
    config = load_config(start=str(sub))
    assert config.path == str(tmp_path / "pyproject.toml")
    assert config.format == "jsonl" and config.threshold == 1.0
    assert config.chrome == ["^本站声明"]
    assert config.output == str(tmp_path / "clean")  # relative to the config file


def test_govclean_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.govclean]\nformat = "json"\n')
    (tmp_path / "govclean.toml").write_text('format = "markdown"\n')
    assert load_config(start=str(tmp_path)).format == "markdown"


def test_a_pyproject_without_the_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(str(tmp_path)) is None


@pytest.mark.parametrize("body, message", [
    ('formt = "json"\n', "unknown key 'formt' (did you mean 'format'?); allowed: format, "
                         "output, index, jobs, dedup, threshold, chrome"),
    ('verbosity = 2\n', "unknown key 'verbosity'; allowed: format, output, index, jobs, dedup, "
                         "threshold, chrome"),
    ('format = "pdf"\n', 'format must be one of text, markdown, json, jsonl, not "pdf"'),
    ('jobs = "4"\n', 'jobs must be a whole number, at least 1, not "4"'),
    ('dedup = true\n', "dedup must be one of near, exact, off, not true"),
    ('threshold = 1.5\n', "threshold must be a number above 0 and at most 1, not 1.5"),
    ('chrome = [1]\n', "chrome must be a list of regular expressions (strings), not [1]"),
    ('chrome = ["(unclosed"]\n', "is not a valid regular expression"),
    ('format = \n', "is not valid TOML"),
])
def test_bad_settings_are_named(tmp_path, body, message):
    (tmp_path / "govclean.toml").write_text(body)
    with pytest.raises(ConfigError) as err:
        load_config(start=str(tmp_path))
    assert message in err.value.message
    if not message.startswith("is not") and "regular" not in message:  # those quote the parser
        assert err.value.message == message
    assert err.value.input == str(tmp_path / "govclean.toml")


def test_cli_reads_an_explicit_config_file(tmp_path, data_dir):
    import json

    from click.testing import CliRunner

    from govclean.cli import main

    config = tmp_path / "elsewhere.toml"
    config.write_text('format = "json"\n')
    page = str(data_dir / "cases" / "zh_wrapped_dump.txt")
    result = CliRunner().invoke(main, ["--config", str(config), "clean", page])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "全省中小学课后服务工作推进会召开"
    missing = CliRunner().invoke(main, ["--config", str(tmp_path / "none.toml"), "clean", page])
    assert missing.exit_code == 2 and "none.toml: cannot be read" in missing.stderr


def test_a_bad_config_is_a_usage_error_in_one_line(tmp_path, data_dir, monkeypatch):
    from click.testing import CliRunner

    from govclean.cli import main

    (tmp_path / "govclean.toml").write_text('[tool.govclean]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    page = str(data_dir / "cases" / "zh_wrapped_dump.txt")
    result = CliRunner().invoke(main, ["clean", page])
    assert result.exit_code == 2
    assert result.stderr == ("Error: govclean.toml: unknown key 'tool'; allowed: format, output, "
                             "index, jobs, dedup, threshold, chrome\n")
    (tmp_path / "govclean.toml").write_text('dedupe = "near"\n')
    result = CliRunner().invoke(main, ["inspect", page])
    assert result.exit_code == 2
    assert result.stderr == ("Error: govclean.toml: unknown key 'dedupe' (did you mean 'dedup'?); "
                             "allowed: format, output, index, jobs, dedup, threshold, chrome\n")


def _documented(name):
    import os
    import re

    root = os.path.join(os.path.dirname(__file__), "..")
    with open(os.path.join(root, "docs", name), encoding="utf-8") as fh:
        return fh.read()


def test_documented_config_examples_are_valid(tmp_path):
    import re

    blocks = re.findall(r"```toml\n(.*?)```", _documented("batch.md"), re.S)
    assert len(blocks) == 2
    for block in blocks:
        name = "pyproject.toml" if "[tool.govclean]" in block else "govclean.toml"
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_text(block, encoding="utf-8")
        config = load_config(start=str(folder))
        assert config.path == str(folder / name) and config.format in ("markdown", "jsonl")
        assert config.dedup in ("near", "exact")


def test_documented_config_errors_are_what_govclean_prints(tmp_path, data_dir, monkeypatch):
    import re

    from click.testing import CliRunner

    from govclean.cli import main

    shown = re.findall(r"^    (Error: govclean\.toml: .*)$", _documented("batch.md"), re.M)
    assert len(shown) == 2
    monkeypatch.chdir(tmp_path)
    page = str(data_dir / "cases" / "zh_wrapped_dump.txt")
    for body, line in zip(['formt = "json"\n', "dedup = true\n"], shown):
        (tmp_path / "govclean.toml").write_text(body)
        result = CliRunner().invoke(main, ["clean", page])
        assert (result.exit_code, result.stderr) == (2, line + "\n")
