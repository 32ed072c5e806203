"""Dedup: fingerprints, similarity, leader clustering and the canonical rule."""
from __future__ import annotations

import random

from govclean import dedup
from govclean.model import Document

PARAS = [
    "为进一步做好全市中小学课后服务工作，市教育局近日召开专题推进会，总结上学期工作经验。",
    "会议指出，课后服务是减轻学生过重课业负担、解决家长按时接送难题的重要举措。",
    "会议要求，各学校要丰富服务内容，统筹安排作业辅导、体育锻炼、艺术活动和科普阅读。",
    "会议强调，要健全经费保障机制，合理确定教师参与课后服务的补助标准。",
    "下一步，市教育局将开展课后服务专项督导，并将结果纳入年度教育工作考核。",
]


def doc(name, text, kind="html", **meta):
    d = Document(input=name, text=text, **meta)
    d.extra["kind"] = kind
    return d


def test_shingles_work_on_chinese_without_spaces():
    a = dedup.shingle_hashes("课后服务工作推进会")
    assert len(a) == len("课后服务工作推进会") - dedup.SHINGLE_SIZE + 1
    assert list(a) == sorted(set(a.tolist()))  # sorted and unique
    assert (dedup.shingle_hashes("课后服务工作推进会") == a).all()  # stable


def test_similarity_is_jaccard_unless_one_body_holds_the_other():
    a = dedup.shingle_hashes("abcdefghijklmnopqrstuvwxyz")
    b = dedup.shingle_hashes("abcdefghijklmNOPQRSTUVWXYZ")
    inter = len(set(a.tolist()) & set(b.tolist()))
    assert dedup.similarity(a, b) == inter / (len(a) + len(b) - inter)
    short = dedup.shingle_hashes("abcdefghijkl")
    assert dedup.similarity(a, short) == 1.0  # contained whole
    assert dedup.similarity(a, short, contained_share=None) < 0.5


def test_empty_and_short_bodies_are_never_merged():
    docs = [doc("a", ""), doc("b", ""), doc("c", "短"), doc("d", "短")]
    assert dedup.cluster(docs) == [0, 1, 2, 3]


def test_exact_near_and_off():
    body = "\n\n".join(PARAS)
    edited = "\n\n".join(PARAS[:4] + ["下一步，市教育局将组织开展督导检查，通报落实不力的学校。"])
    docs = [doc("a", body), doc("b", body), doc("c", edited)]
    assert dedup.cluster(docs, dedup.OFF) == [0, 1, 2]
    exact = dedup.cluster(docs, dedup.EXACT)
    assert exact[0] == exact[1] and exact[2] == 2
    near = dedup.cluster(docs, dedup.NEAR)
    assert near[0] == near[1] == near[2]


def test_cluster_does_not_depend_on_input_order():
    body = "\n\n".join(PARAS)
    docs = [doc(f"p{i}", body + ("\n\n附件：名单" if i % 2 else ""), published=f"2024-03-{10 + i}")
            for i in range(6)]
    names = lambda ds, lead: sorted((d.input, ds[j].input) for d, j in zip(ds, lead))
    expected = names(docs, dedup.cluster(docs))
    for seed in range(3):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert names(shuffled, dedup.cluster(shuffled)) == expected


def test_canonical_rule_prefers_complete_html_with_metadata():
    body = "\n\n".join(PARAS)
    truncated = "\n\n".join(PARAS[:2])
    docs = [doc("a.txt", body, kind="text", title="t"),
            doc("b.html", truncated, title="t", url="https://x.gov.cn/1.html"),
            doc("c.html", body, title="t", published="2024-03-15")]
    leader = dedup.cluster(docs)
    assert len(set(leader)) == 1
    out = dedup.fold_duplicates(docs, leader, dedup.DEFAULT_THRESHOLD)
    assert [d.input for d in out] == ["c.html"]  # complete, HTML, most metadata
    dups = {d.input: d for d in out[0].duplicates}
    assert dups["a.txt"].kind == "exact" and dups["b.html"].kind == "near"
    assert all(d.similarity >= dedup.DEFAULT_THRESHOLD for d in dups.values())


def test_keep_duplicates_marks_them():
    body = "\n\n".join(PARAS)
    docs = [doc("a", body, title="t"), doc("b", body)]
    out = dedup.fold_duplicates(docs, dedup.cluster(docs), dedup.DEFAULT_THRESHOLD, keep_duplicates=True)
    assert [(d.input, d.duplicate_of) for d in out] == [("a", None), ("b", "a")]
    assert out[1].to_dict()["duplicate_of"] == "a"


def _random_set(rnd, n):
    return dedup.shingle_hashes("".join(rnd.choice("课后服务工作推进会议要求学校丰富内容统筹安排") for _ in range(n)))


def test_minhash_agreement_estimates_jaccard():
    rnd = random.Random(3)
    errors = []
    for _ in range(60):
        text = "".join(rnd.choice("课后服务工作推进会议要求学校丰富内容统筹安排作业辅导") for _ in range(rnd.randint(200, 3000)))
        cut, span = rnd.randrange(len(text)), rnd.randrange(len(text) // 2)
        other = text[:cut] + "另一段完全不同的文字" * (span // 10) + text[cut + span:]
        a, b = dedup.shingle_hashes(text), dedup.shingle_hashes(other)
        agree = (dedup.minhash(a) == dedup.minhash(b)).mean()
        errors.append(agree - dedup.similarity(a, b, None))
    assert abs(sum(errors) / len(errors)) < 0.03  # unbiased
    assert max(abs(e) for e in errors) < 0.3  # 64 bins: sd about 0.06
    assert (dedup.minhash(_random_set(rnd, 30)) != 0).all()  # short sets: empty bins filled


def test_a_crowded_band_bucket_closes_and_stops_proposing():
    buckets = dedup.BandBuckets()
    stock, own = 7, list(range(100, 100 + dedup.BUCKET_MAX))
    for i, band in enumerate(own):
        buckets.add(i, [stock, band])
    assert stock in buckets.closed  # held by BUCKET_MAX leaders: stock text
    assert buckets.count([stock]) == {}
    assert buckets.count([stock, own[5]]) == {5: 1}
    buckets.add(999, [stock])  # a closed bucket takes no more leaders
    assert buckets.count([stock, own[5]]) == {5: 1}


def test_a_newcomer_verifies_at_most_max_verified_leaders(monkeypatch):
    import numpy as np

    rnd = random.Random(5)
    sets = [_random_set(rnd, 400) for _ in range(dedup.MAX_VERIFIED + 10)]
    index = dedup.LeaderIndex(0.5, range(len(sets)), shingles=sets.__getitem__)
    same = np.full(dedup.NUM_PERM, 7, dtype=np.uint32)  # every leader looks like the newcomer
    monkeypatch.setattr(dedup, "BUCKET_MAX", 10 ** 6)
    for i in range(len(sets)):
        index.buckets.add(i, dedup.band_keys(same).tolist())
        index.sketches[i] = same
    checked = []
    monkeypatch.setattr(dedup, "similarity", lambda a, b, share=None: checked.append(1) or 0.0)
    assert index.join(len(sets), sets[0], same) == len(sets)  # nothing similar: it leads
    assert len(checked) == dedup.MAX_VERIFIED


def test_a_shared_band_with_a_low_estimate_is_not_verified(monkeypatch):
    import numpy as np

    a = np.arange(dedup.NUM_PERM, dtype=np.uint32)
    b = a + 1000
    b[:dedup.ROWS] = a[:dedup.ROWS]  # one band in common, nothing else
    index = dedup.LeaderIndex(0.5, [0, 1], shingles=lambda j: np.arange(10, dtype=np.uint32))
    index.join(0, np.arange(10, dtype=np.uint32), a)
    checked = []
    monkeypatch.setattr(dedup, "similarity", lambda x, y, share=None: checked.append(1) or 1.0)
    assert index.join(1, np.arange(10, dtype=np.uint32), b) == 1 and checked == []
    c = b.copy()
    c[:dedup.NUM_PERM // 4] = a[:dedup.NUM_PERM // 4]  # a quarter agrees: worth verifying
    assert index.join(2, np.arange(10, dtype=np.uint32), c) == 0 and checked == [1, 1]  # both leaders


def test_band_buckets_answer_the_same_before_and_after_a_merge(monkeypatch):
    monkeypatch.setattr(dedup, "MERGE_MIN", 50)
    rnd = random.Random(9)
    merged, plain = dedup.BandBuckets(), {}
    for i in range(400):
        bands = rnd.sample(range(300), 4)  # distinct, as band keys (they hold the band number)
        merged.add(i, bands)
        for b in bands:
            plain.setdefault(b, []).append(i)
    assert len(merged.bands) > 0 and merged.pending < 400 * 4  # merged more than once
    for b, held in plain.items():
        assert b in merged.closed or merged.count([b]) == dict.fromkeys(held, 1)
