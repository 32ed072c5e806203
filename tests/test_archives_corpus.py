"""Corpus pages inside a WARC and MHTML saves give the documents the files give (skips without ../shared)."""
from __future__ import annotations

import pytest

from archivegen import corpus_warc, mhtml
from govclean.batch import Settings, run_batch
from govclean.inputs import iter_sources

pytestmark = pytest.mark.corpus

GROUPS = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt")
COMPARED = ("text", "title", "published", "source")


def _documents(paths):
    docs = []
    summary = run_batch(list(iter_sources([str(p) for p in paths])),
                        Settings(fmt="json", use_index=False, dedup="off", jobs=1),
                        on_document=lambda doc, content: docs.append(doc))
    return docs, summary


def _pages(shared_dir):
    return [p for g in GROUPS for p in sorted((shared_dir / "corpus" / g).iterdir())]


def test_a_warc_of_the_corpus_gives_the_folder_runs_documents(shared_dir, tmp_path):
    pages = _pages(shared_dir)
    url_of = lambda p: f"https://corpus.example.gov/{p.parent.name}/{p.name}"
    corpus_warc(tmp_path / "corpus.warc.gz", pages, url_of)
    from_files, _ = _documents(pages)
    from_warc, summary = _documents([tmp_path / "corpus.warc.gz"])
    assert summary.failures == [] and summary.skipped == 0
    assert len(from_warc) == len(from_files) == len(pages)
    by_url = {d.url: d for d in from_warc}
    for page, doc in zip(pages, from_files):
        got = by_url[url_of(page)]
        assert got.captured and got.captured.endswith("Z")
        assert got.input.startswith(str(tmp_path / "corpus.warc.gz") + "#")
        for key in COMPARED:
            assert getattr(got, key) == getattr(doc, key), (page.name, key)


def test_mhtml_saves_of_zh_gov_give_the_files_bodies(shared_dir, tmp_path):
    pages = sorted((shared_dir / "corpus" / "zh-gov").iterdir())
    saves = []
    for i, p in enumerate(pages):
        save = tmp_path / f"{p.stem}.mhtml"
        data = p.read_bytes()
        # quoted-printable is line-oriented: UTF-16 bytes (a bare 0x0D in a character) go base64
        binary = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        save.write_bytes(mhtml(data, url=f"https://zh.example.gov/{p.name}", charset=None,
                               encoding="base64" if i % 2 or binary else "quoted-printable"))
        saves.append(save)
    from_files, _ = _documents(pages)
    from_saves, summary = _documents(saves)
    assert summary.failures == []
    assert [d.text for d in from_saves] == [d.text for d in from_files]
    assert all(d.captured == "2024-03-05T06:07:08Z" for d in from_saves)
