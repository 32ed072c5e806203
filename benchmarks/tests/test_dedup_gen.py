"""The dedup batch generator: sizes, truth, near-copies close to their base, bases far apart."""
import json
import random
from itertools import combinations

import dedup_gen
import dedup_scale

WORDS = "国务院新闻办公室外交部发言人例行记者会答问关于中方立场合作会谈访问经济安全发展和平"


def fake_transcript(n: int) -> dedup_gen.Transcript:
    rng = random.Random(n)
    paragraphs = tuple("".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
                       for _ in range(12))
    return dedup_gen.Transcript(f"记者会 {n}", f"http://example.org/{n}.htm", "新闻办", paragraphs)


def pool(n=40):
    return [fake_transcript(i) for i in range(n)]


def test_parse_reads_the_mfa_layout():
    text = "title: T\nurl: http://x/1.htm\nauthor: A\ncontent: \n第一段\n\n第二段\n"
    doc = dedup_gen.parse_transcript(text)
    assert doc == dedup_gen.Transcript("T", "http://x/1.htm", "A", ("第一段", "第二段"))
    assert dedup_gen.parse_transcript(doc.render()) == doc


def test_wrap_counts_cjk_as_two_columns():
    wrapped = dedup_gen.wrap_line("中" * 100 + "abc")
    widths = [sum(dedup_gen.display_width(c) for c in line) for line in wrapped.split("\n")]
    assert max(widths) <= 80 and wrapped.replace("\n", "") == "中" * 100 + "abc"


def test_batch_size_and_share_beyond_the_pool():
    batch = dedup_gen.build_batch(pool(), 100, seed=1)
    assert len(batch.docs) == 100
    assert sum(len(c) - 1 for c in batch.clusters) == 10
    assert sum(batch.wrapped) == 10


def test_same_seed_same_batch():
    a, b = (dedup_gen.build_batch(pool(), 60, seed=7) for _ in range(2))
    assert a.docs == b.docs and a.clusters == b.clusters


def test_copies_are_near_and_bases_are_not():
    batch = dedup_gen.build_batch(pool(), 100, seed=3)
    body = ["".join(d.paragraphs) for d in batch.docs]
    for cluster in batch.clusters:
        for i, j in combinations(cluster, 2):
            assert dedup_gen.jaccard(body[i], body[j]) > 0.5
    copies = {i for c in batch.clusters for i in c[1:]}
    bases = [i for i in range(len(body)) if i not in copies]
    sample = list(combinations(bases, 2))[:300]
    assert max(dedup_gen.jaccard(body[i], body[j]) for i, j in sample) < 0.3


def test_pool_cleaning_drops_equal_bodies():
    docs = pool(5)
    assert len(dedup_gen.distinct_pool(docs + [docs[0]])) == 5


def test_written_truth_matches_the_clusters(tmp_path):
    batch = dedup_gen.build_batch(pool(), 50, seed=5)
    pairs = dedup_gen.write_batch(batch, tmp_path / "b", seed=5)
    assert len(list((tmp_path / "b").glob("*.txt"))) == 50
    lines = (tmp_path / "b.pairs.tsv").read_text().splitlines()
    assert {tuple(line.split("\t")) for line in lines} == pairs
    assert json.loads((tmp_path / "b.json").read_text())["pairs"] == len(pairs)


def test_predicted_pairs_and_scores(tmp_path):
    out = tmp_path / "out.jsonl"
    rows = [{"input": "b/x.txt", "duplicates": [{"input": "b/y.txt"}, {"input": "b/z.txt"}]},
            {"input": "b/w.txt", "duplicates": []}]
    out.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    pred = dedup_scale.predicted_pairs(out)
    assert pred == {("x.txt", "y.txt"), ("x.txt", "z.txt"), ("y.txt", "z.txt")}
    scores = dedup_scale.pair_scores(pred, {("x.txt", "y.txt"), ("v.txt", "w.txt")})
    assert scores["pair_precision"] == round(1 / 3, 4) and scores["pair_recall"] == 0.5


def test_a_collage_takes_at_most_a_quarter_from_one_transcript():
    # short transcripts of one long paragraph: a collage of their shape would be one of them
    shorts = [dedup_gen.Transcript(f"短 {n}", f"http://example.org/s{n}.htm", "新闻办",
                                   (fake_transcript(n).paragraphs[0] * 8,)) for n in range(10)]
    rng = random.Random(2)
    for index in range(50):
        drawn = dedup_gen.collage(shorts + pool(10), index, rng)
        longest = max(len(p) for p in drawn.paragraphs)
        assert longest <= dedup_gen.MAX_SOURCE_SHARE * sum(len(p) for p in drawn.paragraphs)
        assert len(drawn.paragraphs) >= len((shorts + pool(10))[index % 20].paragraphs)


def test_a_kept_batch_is_run_again_with_its_pairs(tmp_path):
    """--reuse: the batch written before and its injected pairs, read back, not rebuilt."""
    batch = dedup_gen.build_batch(pool(), 30, 7, 0.2)
    gold = dedup_gen.write_batch(batch, tmp_path / "batch-30", 7)
    assert gold and dedup_scale.kept_pairs(tmp_path / "batch-30") == gold
    a = dedup_scale.parse_args(["--reuse", "--workdir", str(tmp_path), "--sizes", "30"])
    before = sorted(p.read_bytes() for p in (tmp_path / "batch-30").iterdir())
    row = dedup_scale.measure_size(None, 30, a, tmp_path, "not run here")
    assert row["gold_pairs"] == len(gold) and row["status"].startswith("unavailable")
    assert sorted(p.read_bytes() for p in (tmp_path / "batch-30").iterdir()) == before
