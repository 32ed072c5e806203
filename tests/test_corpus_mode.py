"""Corpus mode end to end: site templates, duplicates, canonical copies, order independence."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from govclean import cli, corpus, dedup
from govclean.api import clean_page
from govclean.corpus import clean_corpus
from govclean.write import render

FOOTER = "Have a question? Ask a real person"


def corpus_files(data_dir, folder):
    return sorted(str(p) for p in (data_dir / "corpus" / folder).iterdir())


def by_name(result):
    return {d.input.rsplit("/", 1)[-1]: d for d in result.documents}


def test_template_learning_drops_chrome_single_page_mode_keeps(data_dir):
    files = corpus_files(data_dir, "site")
    single = clean_page(open(files[0], "rb").read(), filename=files[0])
    assert FOOTER in single.text  # the premise: one page alone cannot tell
    result = clean_corpus(files)
    assert len(result.documents) == len(files)
    for doc in result.documents:
        assert FOOTER not in doc.text and "Is this page useful" not in doc.text
        assert doc.text.count("\n\n") == 2  # the three paragraphs of each article


def test_a_site_with_one_page_behaves_as_single_page(data_dir):
    path = corpus_files(data_dir, "site")[0]
    alone = clean_corpus([path]).documents[0]
    assert alone.text == clean_page(open(path, "rb").read(), filename=path).text


def test_copies_are_folded_and_different_articles_kept(data_dir):
    docs = by_name(clean_corpus(corpus_files(data_dir, "dups")))
    assert sorted(docs) == ["article-resave.html", "other-same-title.html"]
    canon = docs["article-resave.html"]  # complete, HTML, the most metadata (its Url)
    dups = {d.input.rsplit("/", 1)[-1]: d for d in canon.duplicates}
    assert sorted(dups) == ["article-edited.html", "article.html", "article.txt"]
    assert dups["article.txt"].kind == "exact"  # the text dump of the same page
    assert dups["article-edited.html"].kind == "near"  # one paragraph differs
    assert all(d.similarity >= dedup.DEFAULT_THRESHOLD for d in dups.values())
    assert docs["other-same-title.html"].duplicates == []  # same title, template, opening


def test_keep_duplicates_and_dedup_modes(data_dir):
    files = corpus_files(data_dir, "dups")
    kept = clean_corpus(files, keep_duplicates=True).documents
    assert len(kept) == len(files)
    assert {d.input.rsplit("/", 1)[-1]: (d.duplicate_of or "").rsplit("/", 1)[-1] for d in kept} == {
        "article-edited.html": "article-resave.html", "article-resave.html": "",
        "article.html": "article-resave.html", "article.txt": "article-resave.html",
        "other-same-title.html": ""}
    exact = by_name(clean_corpus(files, dedup_mode="exact"))
    assert "article-edited.html" in exact and "article.txt" not in exact
    assert len(clean_corpus(files, dedup_mode="off").documents) == len(files)


def rendered(paths):
    return "".join(render(d, "jsonl") for d in clean_corpus(paths).documents)


def test_shuffled_input_order_gives_identical_output(data_dir):
    files = corpus_files(data_dir, "dups") + corpus_files(data_dir, "site")
    expected = rendered(files)
    for seed in range(3):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        assert rendered(shuffled) == expected


def test_cli_options(data_dir):
    folder = str(data_dir / "corpus" / "dups")
    run = lambda *a: CliRunner().invoke(cli.main, ["clean", "-f", "jsonl", *a, folder])
    assert len(run().output.splitlines()) == 2
    assert len(run("--dedup", "off").output.splitlines()) == 5
    lines = [json.loads(x) for x in run("--keep-duplicates").output.splitlines()]
    assert sum("duplicate_of" in x for x in lines) == 3
    assert len(run("--threshold", "0.95").output.splitlines()) == 3  # the edited copy stays
    assert run("--threshold", "0").exit_code == 2
    assert cli.DEFAULT_THRESHOLD == dedup.DEFAULT_THRESHOLD and cli.DEDUP_MODES == dedup.MODES
    assert corpus.DEFAULT_THRESHOLD == dedup.DEFAULT_THRESHOLD and corpus.NEAR == dedup.NEAR


@pytest.mark.corpus
def test_mfa_merges_identical_bodies_and_only_similar_ones(shared_dir):
    docs = clean_corpus([str(shared_dir / "corpus" / "mfa-txt")], keep_duplicates=True).documents
    by_input = {d.input: d for d in docs}
    same_body = {}
    for d in docs:
        if len(d.text) >= dedup.MIN_BODY_CHARS:
            same_body.setdefault(dedup.fingerprint(d.text).digest, []).append(d)
    identical = [group for group in same_body.values() if len(group) > 1]
    assert identical, "the corpus holds identical bodies"
    for group in identical:  # every set of identical bodies ends in one cluster
        assert len({d.duplicate_of or d.input for d in group}) == 1
    merged = [d for d in docs if d.duplicate_of]
    assert merged
    for d in merged:  # every merged pair really is similar (recomputed from the texts)
        canon = by_input[d.duplicate_of]
        a, b = dedup.fingerprint(d.text), dedup.fingerprint(canon.text)
        assert dedup.similarity(a.shingles, b.shingles) >= dedup.DEFAULT_THRESHOLD


# What the single-page run scores on each group (body F1), rounded down: corpus mode must
# not do worse on any of them, whichever copy it keeps as canonical.
GROUPS = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt", "resaves")
SCORED = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt")


@pytest.mark.corpus
def test_whole_corpus_dedup_scores(shared_dir, tmp_path):
    """One run over the corpus: duplicate pairs found, and every group's body F1 no lower
    than when each page is cleaned on its own (measured here, in the same test)."""
    from govclean import clean_page
    from govclean.inputs import iter_sources
    from test_corpus_quality import score

    corpus = shared_dir / "corpus"
    result = clean_corpus([str(corpus / g) for g in GROUPS])
    pred = tmp_path / "all.jsonl"
    pred.write_text("".join(render(d, "jsonl") for d in result.documents), encoding="utf-8")
    s = score(shared_dir, corpus / "gold", pred)
    floors = json.loads((Path(__file__).parent.parent / "benchmarks" / "floors.json").read_text())["corpus"]
    assert s["dup_pair_precision"] >= floors["dup_pair_precision"]
    assert s["dup_pair_recall"] >= floors["dup_pair_recall"]
    single = tmp_path / "single.jsonl"
    sources = iter_sources([str(corpus / g) for g in SCORED])
    single.write_text("".join(render(clean_page(open(src.path, "rb").read(), filename=src.name), "jsonl")
                              for src in sources), encoding="utf-8")
    for group in SCORED:
        gold = corpus / "gold" / group
        assert score(shared_dir, gold, pred)["body_f1"] >= score(shared_dir, gold, single)["body_f1"], group


def test_the_batch_cleans_text_dumps_again_in_its_pool(data_dir):
    """Pass 2 (text dumps re-cleaned with their site's template) runs in the worker pool:
    the output is the library's, whatever the number of jobs."""
    folder = str(data_dir / "corpus" / "site")
    outputs = [CliRunner().invoke(cli.main, ["clean", "-f", "jsonl", "-j", jobs, folder]).output
               for jobs in ("1", "2")]
    assert outputs[0] == outputs[1]
    texts = [json.loads(line)["text"] for line in outputs[0].splitlines()]
    assert texts == [d.text for d in clean_corpus(corpus_files(data_dir, "site")).documents]
    assert all(FOOTER not in t for t in texts) and len(texts) == 4


def test_documents_come_back_without_blocks_unless_kept(data_dir, tmp_path):
    """clean_corpus returns the JSON contract's documents (no blocks, chrome counted);
    keep_blocks=True gives every block; both render the same JSON and text, and with
    blocks kept Markdown is the command line's."""
    files = corpus_files(data_dir, "dups") + corpus_files(data_dir, "site")
    lean, whole = clean_corpus(files).documents, clean_corpus(files, keep_blocks=True).documents
    assert [d.input for d in lean] == [d.input for d in whole]
    assert all(d.blocks == [] for d in lean)
    assert any(b.label != "body" for d in whole for b in d.blocks)  # the premise: blocks to drop
    for a, b in zip(lean, whole):
        assert a.extra["chrome_blocks"] == sum(1 for x in b.blocks if x.label == "chrome")
        for fmt in ("jsonl", "json", "text"):
            assert render(a, fmt) == render(b, fmt)
    folder = str(data_dir / "corpus" / "site")
    CliRunner().invoke(cli.main, ["clean", "-f", "markdown", "-o", str(tmp_path), folder])
    cli_md = sorted(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md"))
    assert len(cli_md) == 4
    assert cli_md == sorted(render(d, "markdown") for d in clean_corpus([folder], keep_blocks=True).documents)


def test_spooled_shingles_give_the_same_clusters(data_dir, tmp_path):
    """dedup.Prints with a spool reads back the shingle sets it wrote: the same copies and
    clusters as when they are kept in memory."""
    from govclean.spool import Spool

    docs = [clean_page(open(f, "rb").read(), filename=f) for f in corpus_files(data_dir, "dups")]
    copies, shingles = dedup.Prints().copies(docs)
    with Spool(str(tmp_path)) as spool:
        spooled, read = dedup.Prints(spool).copies(docs)
        assert [c.rank() for c in spooled] == [c.rank() for c in copies]
        assert all((read(i) == shingles(i)).all() for i in range(len(docs)))
        assert dedup.cluster_copies(spooled, read) == dedup.cluster_copies(copies, shingles)
        # one record of 4-byte hashes per distinct body (a body seen twice is spooled once)
        first = {d.text: i for i, d in reversed(list(enumerate(docs)))}
        assert spool.size == sum(4 * len(shingles(i)) for i in first.values())


def test_canonical_copies_chosen_in_small_groups_change_nothing(data_dir, monkeypatch):
    """The batch chooses canonical copies a group of clusters at a time (their shingle sets
    read together): groups of 2 bodies print what one group does."""
    from govclean import batch

    folder = str(data_dir / "corpus")
    run = lambda: CliRunner().invoke(cli.main, ["clean", "-f", "jsonl", "--keep-duplicates", folder]).output
    whole = run()
    monkeypatch.setattr(batch, "DECIDE_BODIES", 2)
    assert run() == whole and '"duplicate_of"' in whole
