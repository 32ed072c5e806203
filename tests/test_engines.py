"""Engines: the Dask engine prints byte for byte what the local one does, whatever the order,
the worker count, or a worker killed mid-run."""
from __future__ import annotations

import os
import signal

import numpy as np
import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")

from govclean.batch import Settings  # noqa: E402
from govclean.cli import main  # noqa: E402
from govclean.engines import run  # noqa: E402
from govclean.inputs import iter_sources  # noqa: E402

from batchpages import write_pages  # noqa: E402

CORPUS_GROUPS = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt", "resaves")


def cluster(workers):
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address=None)


@pytest.fixture(scope="module")
def client():
    with cluster(2) as c, distributed.Client(c) as cl:
        yield cl


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from conftest import DATA

    src = tmp_path_factory.mktemp("pages")
    write_pages(src / "site", 30)
    (src / "dups").mkdir()
    for p in sorted((DATA / "corpus" / "dups").iterdir()):
        (src / "dups" / p.name).write_bytes(p.read_bytes())
    (src / "broken.html").write_bytes(b"\x00\x01\x02" * 100)  # a page that fails
    return src


def printed(sources, engine="local", whole=True, **options):
    """What `govclean clean -f jsonl` prints for these sources, and the failures it reports
    (whole=False: outputs rendered by the workers, as the CLI asks)."""
    out = []
    summary = run(sources, Settings(fmt="jsonl", jobs=2, whole_documents=whole), engine=engine,
                  on_document=lambda doc, content: out.append(text_of(content)), **options)
    return "".join(out), [(f.input, f.message) for f in summary.failures]


def text_of(content) -> str:
    """on_document's content as text (a worker-rendered output comes as UTF-8 bytes)."""
    return content.decode("utf-8") if isinstance(content, bytes) else content


def test_cli_dask_prints_what_local_prints(pages):
    local = CliRunner().invoke(main, ["clean", "-q", "-j", "2", "-f", "jsonl", str(pages)])
    dask = CliRunner().invoke(main, ["clean", "-q", "--engine", "dask", "-j", "2", "-f", "jsonl", str(pages)])
    assert local.exit_code == dask.exit_code == 1  # broken.html
    assert dask.stdout == local.stdout and local.stdout.count("\n") >= 10
    assert "broken.html" in dask.stderr


@pytest.mark.parametrize("reverse", [False, True])
def test_same_output_in_either_order_and_any_partitioning(pages, client, reverse):
    sources = list(iter_sources([str(pages)]))
    if reverse:
        sources.reverse()
    want = printed(sources)
    assert want[1] and want[0]
    for size in (1, 7, 64):
        assert printed(sources, "dask", client=client, partition_inputs=size) == want


def test_a_killed_worker_changes_nothing(pages, client):
    sources = list(iter_sources([str(pages)]))
    want = printed(sources)
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed = []

    def on_progress(event):
        if event.kind == "cleaned" and not killed:
            os.kill(victim, signal.SIGKILL)  # its partitions in flight are lost with it
            killed.append(victim)

    out = []
    summary = run(sources, Settings(fmt="jsonl", jobs=2), engine="dask", client=client,
                  partition_inputs=1, on_progress=on_progress,
                  on_document=lambda doc, content: out.append(content))
    assert killed and victim not in client.run(os.getpid).values()
    assert ("".join(out), [(f.input, f.message) for f in summary.failures]) == want


def test_dedup_stages_on_the_cluster_give_the_local_leaders(client, monkeypatch):
    """Band rows in partitions of 7 bodies, shuffled into key buckets, pairs verified in
    chunks of 5: the leaders dedup.near_leaders finds in one process."""
    import random

    from govclean import dedup
    from govclean.engines import dask as dask_engine

    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    bases = [" ".join(rng.choice(words) for _ in range(120)) for _ in range(12)]
    texts = []
    for n in range(60):  # copies of 12 articles, each with a few words changed
        words_n = bases[n % 12].split()
        for _ in range(rng.randrange(0, 12)):
            words_n[rng.randrange(len(words_n))] = rng.choice(words)
        texts.append(" ".join(words_n))
    prints = [dedup.fingerprint(t) for t in texts]
    sketches = np.stack([p.sketch for p in prints])
    shingles = lambda k: prints[k].shingles
    want = dedup.near_leaders(sketches, shingles, dedup.DEFAULT_THRESHOLD)
    assert len(set(want)) < 40  # copies were folded
    monkeypatch.setattr(dask_engine, "BAND_BODIES", 7)
    monkeypatch.setattr(dask_engine, "VERIFY_PAIRS", 5)
    assert dask_engine.near_leaders(client, sketches, shingles, dedup.DEFAULT_THRESHOLD) == want


@pytest.mark.parametrize("whole", [True, False])
def test_documents_and_shingles_stay_on_the_workers(pages, client, monkeypatch, whole):
    """Corpus mode on the Dask engine: the client's spool file takes nothing in (the workers
    keep each partition's documents, or rendered outputs, and shingle sets, the client
    fetches them), and the output is the local engine's, also when the canonical copies are
    chosen in groups of 2."""
    from govclean import batch
    from govclean.engines import dask as dask_engine

    sources = list(iter_sources([str(pages)]))
    want = printed(sources)
    spooled = []

    class Watched(dask_engine.KeptSpool):
        def close(self):
            spooled.append((self.size, len(self.keeper.parts)))
            super().close()

    monkeypatch.setattr(dask_engine, "KeptSpool", Watched)
    monkeypatch.setattr(batch, "DECIDE_BODIES", 2)
    assert printed(sources, "dask", whole, client=client, partition_inputs=5) == want
    assert len(spooled) == 1 and spooled[0][0] == 0 and spooled[0][1] >= len(sources) // 5


def test_the_plan_hashes_on_the_workers(pages, client, tmp_path, monkeypatch):
    """A run with state reads every input to compare its hash with the index: on the Dask
    engine the workers read and hash (the client would fail here), and the hashes that come
    back decide the same: the local dataset, then a second run that cleans nothing."""
    pq = pytest.importorskip("pyarrow.parquet")
    from govclean import batch
    from govclean.engines import run_parquet

    sources = list(iter_sources([str(pages)]))
    run_parquet(sources, Settings(jobs=2), str(tmp_path / "local"))

    def no_reading_here(tasks):
        raise AssertionError("the client read the inputs to hash them")

    monkeypatch.setattr(batch, "_hash_here", no_reading_here)
    out = str(tmp_path / "dask")
    first = run_parquet(sources, Settings(jobs=2), out, engine="dask", client=client)
    again = run_parquet(sources, Settings(jobs=2), out, engine="dask", client=client)
    assert pq.read_table(out).equals(pq.read_table(str(tmp_path / "local")))
    assert first.chrome_blocks > 0 and again.chrome_blocks == 0  # nothing cleaned again
    assert [f.input for f in again.failures] == [f.input for f in first.failures] != []


def test_standard_input_goes_with_the_local_engine():
    result = CliRunner().invoke(main, ["clean", "--engine", "dask", "-f", "jsonl", "-"], input="x")
    assert result.exit_code == 2 and "standard input" in result.output


@pytest.mark.corpus
def test_corpus_groups_dask_equals_local(shared_dir):
    """All five groups as one batch (so copies across groups are folded), in both orders,
    on 1, 2 and 4 workers (each count once, both orders on 2: the corpus is slow to clean)."""
    paths = [str(shared_dir / "corpus" / g) for g in CORPUS_GROUPS]
    forward = list(iter_sources(paths))
    orders = {"forward": forward, "reversed": forward[::-1]}
    want = {name: printed(s) for name, s in orders.items()}
    assert all(w[0].count("\n") >= 60 for w in want.values())  # 150 pages, about 75 articles
    for workers, names in ((1, ["forward"]), (2, ["forward", "reversed"]), (4, ["reversed"])):
        with cluster(workers) as c, distributed.Client(c) as cl:
            for name in names:
                assert printed(orders[name], "dask", client=cl) == want[name], (workers, name)


def test_pass_2_on_the_workers_starts_from_their_verdicts(client, tmp_path, monkeypatch):
    """A text dump's pass-1 classify verdicts wait on the worker that cleaned it (Held, as its
    document does) and come back with its pass-2 task: the output is the local engine's, and
    every page cleaned again had its record."""
    from govclean import batch
    from test_pass2 import _site

    _site(tmp_path / "site", 8)
    sources = list(iter_sources([str(tmp_path / "site")]))
    want = printed(sources)
    used = []
    real = batch._verdicts
    monkeypatch.setattr(batch, "_verdicts", lambda item, held: used.append(real(item, held)) or used[-1])
    assert printed(sources, "dask", client=client, partition_inputs=3) == want
    assert len(used) == 8 and all(isinstance(v, bytes) for v in used)
