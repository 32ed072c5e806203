"""The SQLite index: entries, template counts, transactions, schema versions."""
from __future__ import annotations

import sqlite3

import pytest

from govclean.errors import IndexVersionError
from govclean.index import SCHEMA_VERSION, Entry, IndexFileError, open_index


def entry(path="a.html", **kw):
    values = dict(content_hash="h1", settings="s", output="out/a.txt", output_hash="o1",
                  body_hash="b1", site="example.gov.cn", template_keys=["首页", "打印本页"],
                  stats={"chrome": 3})
    values.update(kw)
    return Entry(path=path, **values)


def test_an_entry_round_trips_and_survives_reopening(tmp_path):
    path = str(tmp_path / "idx" / "index.sqlite")
    with open_index(path) as index:
        with index.transaction():
            index.record(entry())
    with open_index(path) as index:
        got = index.get(str(tmp_path / "idx" / "a.html"))
        keys = index.template_keys(got.path)
    assert got == entry(template_keys=[])  # read on their own: a plan holds every entry
    assert keys == ["打印本页", "首页"]


def test_paths_are_stored_relative_to_the_index_folder(tmp_path):
    with open_index(str(tmp_path / "index.sqlite")) as index:
        assert index.key(str(tmp_path / "sub" / "p.html")) == "sub/p.html"
        assert index.resolve("sub/p.html") == str(tmp_path / "sub" / "p.html")


def test_template_counts_follow_records_and_forgets(tmp_path):
    with open_index(str(tmp_path / "index.sqlite")) as index:
        with index.transaction():
            index.record(entry("a.html"))
            index.record(entry("b.html", template_keys=["首页"]))
        assert index.template_counts("example.gov.cn") == {"首页": 2, "打印本页": 1}
        with index.transaction():
            index.record(entry("b.html", template_keys=["关闭窗口"]))  # b changed
            index.forget("a.html")  # a disappeared
        assert index.template_counts("example.gov.cn") == {"关闭窗口": 1}


def test_body_fingerprints_find_earlier_inputs(tmp_path):
    with open_index(str(tmp_path / "index.sqlite")) as index:
        with index.transaction():
            index.record(entry("a.html", body_hash="same"))
            index.record(entry("b.html", body_hash="other"))
        assert [e.path for e in index.with_body("same")] == ["a.html"]


def test_an_interrupted_transaction_leaves_nothing(tmp_path):
    path = str(tmp_path / "index.sqlite")
    with open_index(path) as index:
        with pytest.raises(KeyboardInterrupt):
            with index.transaction():
                index.record(entry())
                raise KeyboardInterrupt
        assert list(index.entries()) == []
        assert index.template_counts("example.gov.cn") == {}


def test_an_unknown_schema_version_is_a_clear_error(tmp_path):
    path = str(tmp_path / "index.sqlite")
    open_index(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(IndexVersionError) as err:
        open_index(path)
    assert f"index schema {SCHEMA_VERSION + 1}" in err.value.message
    assert "remove it" in err.value.message


def test_a_file_that_is_not_an_index_is_a_clear_error(tmp_path):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"this is not sqlite at all, just text" * 100)
    with pytest.raises(IndexFileError) as err:
        open_index(str(path))
    assert "is not a govclean index" in err.value.message
