"""-f parquet -o DIR: the JSON contract as typed columns, bounded parts, deterministic, whole or absent."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pq = pytest.importorskip("pyarrow.parquet")

from govclean import parquet  # noqa: E402
from govclean.cli import main  # noqa: E402

from batchpages import tree, write_pages  # noqa: E402


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def names(folder):
    """The dataset's files, its state folder (.govclean) left out: no temporary among them."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".govclean")


def read_back(folder):
    return [parquet.from_row(r) for r in pq.read_table(str(folder)).to_pylist()]


@pytest.fixture
def pages(tmp_path, data_dir):
    src = tmp_path / "in"
    write_pages(src / "site", 7)
    dups = src / "dups"
    dups.mkdir()
    for p in sorted((data_dir / "corpus" / "dups").iterdir()):
        (dups / p.name).write_bytes(p.read_bytes())
    return src


def test_parquet_holds_the_documents_jsonl_prints(pages, tmp_path):
    lines = run("clean", "-q", "-j", "1", "-f", "jsonl", str(pages)).stdout.splitlines()
    out = tmp_path / "out"
    result = run("clean", "-j", "1", "-f", "parquet", "-o", str(out), str(pages))
    assert result.exit_code == 0, result.output
    assert names(out) == ["part-00000.parquet"]  # no temporary left
    assert read_back(out) == [json.loads(line) for line in lines]
    assert any(d["duplicates"] for d in read_back(out))  # the fixture has folded copies


def test_columns_are_typed(pages, tmp_path):
    out = tmp_path / "out"
    run("clean", "-f", "parquet", "-o", str(out), str(pages))
    schema = pq.read_schema(str(out / "part-00000.parquet"))
    assert str(schema.field("breadcrumb").type) == "list<element: string>"
    assert str(schema.field("repeats_removed").type) == "int64"
    assert str(schema.field("duplicates").type.value_type.field("similarity").type) == "double"
    assert str(schema.field("official").type) == "string"  # a JSON object, as documented
    assert schema.metadata[b"govclean.official"] == b"json"
    rows = pq.read_table(str(out)).to_pylist()
    assert all(isinstance(json.loads(r["official"]), dict) for r in rows)


def test_same_bytes_and_names_whatever_the_job_count(pages, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run("clean", "-j", "1", "-f", "parquet", "-o", str(one), str(pages))
    run("clean", "-j", "2", "-f", "parquet", "-o", str(two), str(pages))
    assert tree(one) == tree(two) and tree(one)


def test_parts_are_bounded_and_stale_parts_go(pages, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(parquet, "PART_MAX_BYTES", 2000)  # a few pages a part
    run("clean", "-f", "parquet", "-o", str(out), str(pages))
    parts = names(out)
    assert len(parts) >= 3 and parts[0] == "part-00000.parquet"
    assert all(pq.read_metadata(str(out / p)).num_rows >= 1 for p in parts)
    whole = read_back(out)
    monkeypatch.setattr(parquet, "PART_MAX_BYTES", 1 << 30)
    run("clean", "-f", "parquet", "-o", str(out), str(pages))
    assert names(out) == ["part-00000.parquet"]
    assert read_back(out) == whole


def test_a_run_that_fails_leaves_the_dataset_as_it_was(pages, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run("clean", "-f", "parquet", "-o", str(out), str(pages))
    before = tree(out)
    monkeypatch.setattr(parquet, "PART_MAX_BYTES", 1)  # a part per document, then a failure
    calls = []

    def failing_row(doc):
        calls.append(doc)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return parquet_row(doc)

    parquet_row = parquet.row
    monkeypatch.setattr(parquet, "row", failing_row)
    with pytest.raises(OSError):
        run("clean", "-j", "1", "-f", "parquet", "-o", str(out), str(pages))
    assert len(calls) == 3
    assert tree(out) == before
    assert names(out) == ["part-00000.parquet"]  # no temporary left


def test_parquet_needs_an_output_folder(pages):
    result = run("clean", "-f", "parquet", str(pages))
    assert result.exit_code == 2 and "-f parquet writes a dataset" in result.output


def test_row_groups_written_as_they_fill_give_the_bytes_of_a_whole_table(pages, tmp_path, monkeypatch):
    """The writer holds one row group (3 rows here), not a part: each part's bytes are those
    of its rows written at once in groups of 3 from its start."""
    import pyarrow as pa

    from govclean.model import Document

    docs = [Document(input=f"p{i}.html", title=f"Page {i}", text="word " * (50 + 37 * i)) for i in range(11)]
    monkeypatch.setattr(parquet, "ROW_GROUP_ROWS", 3)
    monkeypatch.setattr(parquet, "PART_MAX_BYTES", 4000)  # parts of a few documents
    writer = parquet.DatasetWriter(str(tmp_path / "out"))
    held = []
    for doc in docs:
        writer.add(doc)
        held.append(len(writer.rows))
    assert max(held) < 3 and writer.commit() >= 2
    rows, start = [parquet.row(d) for d in docs], 0
    for part in sorted((tmp_path / "out").glob("part-*.parquet")):
        n = pq.read_metadata(str(part)).num_rows
        want = tmp_path / "want.parquet"
        pq.write_table(pa.Table.from_pylist(rows[start:start + n], schema=parquet.schema()), str(want),
                       compression=parquet.COMPRESSION, row_group_size=3)
        assert part.read_bytes() == want.read_bytes()
        start += n
    assert start == len(docs)
