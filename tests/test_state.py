"""State beside a Parquet dataset: a second run over a grown folder cleans only the new pages
and folds them into the articles it holds already."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

pq = pytest.importorskip("pyarrow.parquet")

from govclean import corpus, parquet  # noqa: E402
from govclean.cli import main  # noqa: E402

from batchpages import write_pages  # noqa: E402


def run(*args):
    result = CliRunner().invoke(main, ["clean", "-j", "1", "-f", "parquet", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def dataset(out):
    return [parquet.from_row(r) for r in pq.read_table(str(out)).to_pylist()]


@pytest.fixture
def cleaned(monkeypatch):
    """The inputs cleaned on their own (pass 1, no site template), by name."""
    names = []
    real = corpus.clean_bytes

    def counting(data, source, template=corpus.NO_TEMPLATE, *args, **kw):
        if not template:
            names.append(source.relative)
        return real(data, source, template, *args, **kw)

    monkeypatch.setattr(corpus, "clean_bytes", counting)
    return names


def test_a_grown_folder_cleans_only_its_new_pages(tmp_path, data_dir, cleaned):
    crawl, out = tmp_path / "crawl", tmp_path / "out"
    write_pages(crawl / "site", 5)
    dups = sorted((data_dir / "corpus" / "dups").iterdir())
    (crawl / "dups").mkdir()
    shutil.copy(dups[0], crawl / "dups" / dups[0].name)  # article-edited.html
    run("-o", str(out), str(crawl))
    assert len(cleaned) == 6 and (out / ".govclean" / "index.sqlite").is_file()
    first = dataset(out)

    for p in dups[1:]:  # its re-save, the original, the text dump, another article
        shutil.copy(p, crawl / "dups" / p.name)
    write_pages(crawl / "site", 2, start=5)
    cleaned.clear()
    run("-o", str(out), str(crawl))
    assert sorted(cleaned) == sorted([f"dups/{p.name}" for p in dups[1:]]
                                     + ["site/s2/p0005.html", "site/s0/p0006.html"])
    second = dataset(out)
    fresh = tmp_path / "fresh"
    run("--no-index", "-o", str(fresh), str(crawl))
    assert second == dataset(fresh)  # as if every page were cleaned in one run
    assert second != first and any(d["duplicates"] for d in second)
    folded = {d["input"] for doc in second for d in doc["duplicates"]}
    assert any("dups/" in name for name in folded)  # new copies folded with the old article

    cleaned.clear()
    run("-o", str(out), str(crawl))  # nothing new: nothing cleaned, the same dataset
    assert cleaned == [] and dataset(out) == second


def test_a_page_gone_leaves_the_dataset(tmp_path):
    crawl, out = tmp_path / "crawl", tmp_path / "out"
    paths = write_pages(crawl, 4, paragraphs=8)
    run("-o", str(out), str(crawl))
    paths[0].unlink()
    run("-o", str(out), str(crawl))
    assert all(str(paths[0]) != d["input"] for d in dataset(out))
    fresh = tmp_path / "fresh"
    run("--no-index", "-o", str(fresh), str(crawl))
    assert dataset(out) == dataset(fresh)
