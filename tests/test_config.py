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
    ('formt = "json"\n', "unknown setting 'formt'"),
    ('format = "pdf"\n', "format must be one of"),
    ('jobs = "4"\n', "jobs must be a int"),
    ('threshold = 1.5\n', "threshold must be in (0, 1]"),
    ('chrome = ["(unclosed"]\n', "is not a valid regular expression"),
    ('format = \n', "is not valid TOML"),
])
def test_bad_settings_are_named(tmp_path, body, message):
    (tmp_path / "govclean.toml").write_text(body)
    with pytest.raises(ConfigError) as err:
        load_config(start=str(tmp_path))
    assert message in err.value.message
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
    assert missing.exit_code == 1 and "none.toml: cannot be read" in missing.stderr
