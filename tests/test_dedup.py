"""Dedup: fingerprints, similarity, the candidate -> pair -> cluster stages and the canonical rule."""
from __future__ import annotations

import random

import pytest

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


def test_a_short_body_held_by_a_much_longer_one_is_not_its_copy():
    rnd = random.Random(4)
    short = "".join(rnd.choice("课后服务工作推进会议要求学校丰富内容统筹安排作业辅导") for _ in range(300))
    other = "".join(rnd.choice("体育锻炼艺术活动科普阅读经费保障机制补助标准督导考核") for _ in range(300))
    a = dedup.shingle_hashes(short)
    within = dedup.shingle_hashes(other + short)  # about twice its size: the same article
    beyond = dedup.shingle_hashes(other * 3 + other[::-1] + short)  # a quotation in a long text
    assert len(within) <= dedup.CONTAINED_MAX_RATIO * len(a) < len(beyond)
    assert dedup.similarity(a, within) == 1.0
    assert dedup.similarity(a, beyond) < dedup.DEFAULT_THRESHOLD


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


def _rows(rnd, n_bodies, n_keys):
    """Band rows as band_rows gives them: one key per body and band (here: one band)."""
    import numpy as np

    keys = np.array([rnd.randrange(n_keys) for _ in range(n_bodies)], dtype=np.uint64)
    return keys, np.arange(n_bodies, dtype=np.int64)


def test_candidate_pairs_do_not_depend_on_row_order_or_partitioning():
    import numpy as np

    rnd = random.Random(11)
    keys, ids = _rows(rnd, 500, 120)
    whole = {tuple(p) for p in dedup.candidate_pairs(keys, ids).tolist()}
    assert whole and all(keys[a] == keys[b] and a < b for a, b in whole)
    perm = np.array(rnd.sample(range(len(keys)), len(keys)))
    assert {tuple(p) for p in dedup.candidate_pairs(keys[perm], ids[perm]).tolist()} == whole
    # partitioned by key (a shuffle on the key), then the partitions' pairs united
    parts = [keys % np.uint64(3) == np.uint64(r) for r in range(3)]
    united = set()
    for part in parts:
        united |= {tuple(p) for p in dedup.candidate_pairs(keys[part], ids[part]).tolist()}
    assert united == whole


def test_a_crowded_bucket_pairs_each_body_with_its_best_ranked_members_only():
    import numpy as np

    size = dedup.BUCKET_MAX + 40
    keys = np.full(size, 7, dtype=np.uint64)
    ids = np.arange(1000, 1000 + size, dtype=np.int64)[::-1].copy()
    pairs = dedup.candidate_pairs(keys, ids)
    assert (pairs[:, 0] < 1000 + dedup.MAX_VERIFIED).all()  # a is one of the best-ranked few
    assert (pairs[:, 0] < pairs[:, 1]).all()
    # every body meets the best-ranked one, and the count is linear in the bucket
    assert {b for a, b in pairs.tolist() if a == 1000} == set(range(1001, 1000 + size))
    assert len(pairs) < dedup.MAX_VERIFIED * size


def test_a_shared_band_with_a_low_estimate_is_screened_out():
    import numpy as np

    a = np.arange(dedup.NUM_PERM, dtype=np.uint32)
    b = a + 1000
    b[:dedup.ROWS] = a[:dedup.ROWS]  # one band in common, nothing else
    c = b.copy()
    c[:dedup.NUM_PERM // 4] = a[:dedup.NUM_PERM // 4]  # a quarter agrees: worth verifying
    sketches = np.stack([a, b, c])
    pairs = np.array([[0, 1], [0, 2]], dtype=np.int64)
    assert dedup.screen_pairs(pairs, sketches).tolist() == [[0, 2]]


def test_each_body_verifies_at_most_max_verified_partners_those_that_agree_most():
    import numpy as np

    n = dedup.MAX_VERIFIED + 6
    base = np.arange(dedup.NUM_PERM, dtype=np.uint32)
    sketches = np.stack([base + 1000 * (k + 1) for k in range(n)] + [base])
    for k in range(n):
        sketches[k, :k + 1] = base[:k + 1]  # partner k agrees on k + 1 values with body n
    pairs = np.array([[k, n] for k in range(n)], dtype=np.int64)
    kept = dedup.cap_pairs(pairs[::-1].copy(), sketches)
    assert sorted(kept[:, 0].tolist()) == list(range(n - dedup.MAX_VERIFIED, n))
    assert (kept[:, 1] == n).all()


def test_the_screening_floor_follows_what_the_two_sizes_allow():
    import numpy as np

    sizes = np.array([1000, 1000, 2900, 4000], dtype=np.int64)
    pairs = np.array([[0, 1], [0, 2], [0, 3]], dtype=np.int64)
    like, held, apart = dedup.merge_floor(pairs, sizes, dedup.DEFAULT_THRESHOLD).tolist()
    assert 0.25 < like < dedup.DEFAULT_THRESHOLD  # like sizes: Jaccard 0.5 needed
    assert dedup.ESTIMATE_FLOOR <= held < like  # only containment: it may be weaker
    assert apart > 1  # four times the size: no way to merge, screened out
    sketches = np.zeros((4, dedup.NUM_PERM), dtype=np.uint32)
    assert dedup.screen_pairs(pairs, sketches, [like, held, apart]).tolist() == [[0, 1], [0, 2]]


def test_components_root_at_the_best_ranked_body_whatever_the_edge_order():
    edges = [(5, 9, 0.9), (2, 5, 0.8), (7, 8, 0.6), (3, 3, 1.0)]
    expected = {2: 2, 5: 2, 9: 2, 7: 7, 8: 7, 3: 3}
    assert dedup.components(edges) == expected
    assert dedup.components(edges[::-1]) == expected


def test_a_component_is_split_at_its_leaders_never_chained():
    # 0 ~ 1 and 1 ~ 2, but 2 was never verified against 0: 2 cannot join 1 (not a leader)
    assert dedup.split_component([0, 1, 2], [(1, 2, 0.9), (0, 1, 0.6)]) == {0: 0, 1: 0, 2: 2}
    # the most similar leader wins; on a tie, the best-ranked one
    edges = [(0, 3, 0.7), (2, 3, 0.8), (1, 3, 0.8)]
    assert dedup.split_component([3, 2, 1, 0], edges) == {0: 0, 1: 1, 2: 2, 3: 1}


def reference_split(n, edges):
    """components, then split_component of each: the stages as the Dask engine names them."""
    root = dedup.components(edges)
    leader = list(range(n))
    for r in set(root.values()):
        members = [x for x in root if root[x] == r]
        for i, j in dedup.split_component(members, [e for e in edges if root[e[0]] == r]).items():
            leader[i] = j
    return leader


@pytest.mark.parametrize("seed", range(40))
def test_all_components_split_at_once_as_each_one_alone(seed):
    rnd = random.Random(seed)
    n = rnd.randint(1, 60)
    pairs = {tuple(sorted(rnd.sample(range(n), 2))) for _ in range(rnd.randint(0, 3 * n))} if n > 1 else set()
    # few distinct similarities: ties between a body's leaders are common
    edges = [(a, b, rnd.choice((0.5, 0.6, 0.75, 1.0))) for a, b in sorted(pairs)]
    rnd.shuffle(edges)
    edges = [(b, a, s) if rnd.random() < 0.5 else (a, b, s) for a, b, s in edges]  # either order
    assert dedup.split_components(n, edges) == reference_split(n, edges)


def test_near_leaders_do_not_depend_on_the_order_of_the_bodies():
    body = "\n\n".join(PARAS)
    texts = [body, body + "附件：名单" * 3, "\n\n".join(PARAS[1:]), "另一篇" + "完全不同的文章内容" * 20]
    rnd = random.Random(2)
    docs = [doc(f"p{i}", texts[i % 4] + f"第{i}号", published=f"2024-03-{10 + i}") for i in range(12)]
    names = lambda ds, lead: sorted((d.input, ds[j].input) for d, j in zip(ds, lead))
    expected = names(docs, dedup.cluster(docs))
    assert len({b for _, b in expected}) < len(docs)  # some merged
    for _ in range(4):
        shuffled = rnd.sample(docs, len(docs))
        assert names(shuffled, dedup.cluster(shuffled)) == expected


def _sketches_agreeing(rnd, n, agree):
    """n random MinHashes; row k + 1 agrees with row 0 on agree[k] values, and (for the
    packed bound) one of its other values differs from row 0's only above the low byte."""
    import numpy as np

    rows = [np.array([rnd.randrange(1 << 32) for _ in range(dedup.NUM_PERM)], dtype=np.uint32)]
    for k in range(n - 1):
        row = np.array([rnd.randrange(1 << 32) for _ in range(dedup.NUM_PERM)], dtype=np.uint32)
        at = rnd.sample(range(dedup.NUM_PERM), dedup.NUM_PERM)
        row[at[:agree[k]]] = rows[0][at[:agree[k]]]
        low = at[agree[k]:agree[k] + 1]  # same low byte, different value
        row[low] = (rows[0][low] & np.uint32(0xFF)) | (row[low] & np.uint32(0xFFFFFF00))
        row[low] ^= np.uint32(0x100) * (row[low] == rows[0][low])
        rows.append(row)
    return np.stack(rows)


def test_the_prescreen_keeps_every_pair_the_screen_keeps_and_drops_the_unrelated():
    import numpy as np

    rnd = random.Random(5)
    # most candidates are unrelated bodies that agree on a band (2 values) and little else
    agree = [rnd.randrange(0, 4) if rnd.random() < 0.8 else rnd.randrange(6, dedup.NUM_PERM) for _ in range(300)]
    sketches = _sketches_agreeing(rnd, len(agree) + 1, agree)
    pairs = np.array([[0, k + 1] for k in range(len(agree))], dtype=np.int64)
    packed = dedup.pack_sketches(sketches)
    for floor in (dedup.ESTIMATE_FLOOR, 0.31, 0.5):
        kept = {tuple(p) for p in dedup.prescreen_pairs(pairs, packed, floor).tolist()}
        screened = {tuple(p) for p in dedup.screen_pairs(pairs, sketches, floor).tolist()}
        assert screened <= kept  # a bound: never drops what the screen keeps
        # and it drops a pair whose values and low bytes agree on too few
        assert all((0, k + 1) not in kept for k, n in enumerate(agree) if n + 1 < floor * dedup.NUM_PERM - 8)
    # at the lowest floor: about the pairs the screen keeps (one more agreeing low byte
    # each, and 1 in 256 by chance), far fewer than all
    near = sum(n + 1 + 2 >= dedup.ESTIMATE_FLOOR * dedup.NUM_PERM for n in agree)
    assert len(dedup.prescreen_pairs(pairs, packed)) <= near < len(pairs) * 0.6


def _hash_sets(rnd, n):
    """Sorted unique uint32 sets: some held whole by others, some overlapping, some apart."""
    import numpy as np

    base = [np.array(sorted(rnd.sample(range(1 << 30), rnd.randint(20, 600))), dtype=np.uint32)
            for _ in range(n // 2)]
    sets = []
    for s in base:
        keep = s[np.array([rnd.random() < rnd.choice((0.3, 0.6, 0.9, 1.0)) for _ in s])]
        extra = np.array(rnd.sample(range(1 << 30, 1 << 31), rnd.randint(0, 2 * len(s))), dtype=np.uint32)
        sets += [s, dedup.sorted_unique(np.concatenate([keep, extra]))]
    return sets


def test_verification_that_stops_early_finds_the_edges_similarity_finds():
    import numpy as np

    rnd = random.Random(8)
    sets = _hash_sets(rnd, 120)
    pairs = np.array([(a, b) for a in range(len(sets)) for b in range(a + 1, len(sets))
                      if a // 2 == b // 2 or rnd.random() < 0.05], dtype=np.int64)
    for threshold in (0.3, dedup.DEFAULT_THRESHOLD, 0.9):
        edges = dedup.verify_pairs(pairs, sets.__getitem__, threshold)
        want = [(a, b, dedup.similarity(sets[a], sets[b])) for a, b in pairs.tolist()]
        assert edges == [e for e in want if e[2] >= threshold]
        assert 0 < len(edges) < len(pairs)


def test_candidates_of_several_bands_with_repeated_rows_are_the_pairs_sharing_a_key():
    import numpy as np

    rnd = random.Random(13)
    keys, ids = _rows(rnd, 300, 60)
    keys = np.concatenate([keys, keys + np.uint64(1000), keys[:50]])  # two bands, rows repeated
    ids = np.concatenate([ids, ids[::-1], ids[:50]])
    found = dedup.candidate_pairs(keys, ids)
    by_key = {}
    for k, i in zip(keys.tolist(), ids.tolist()):
        by_key.setdefault(k, set()).add(i)
    want = {(a, b) for members in by_key.values() for a in members for b in members if a < b}
    assert {tuple(p) for p in dedup.unique_pairs(found).tolist()} == want
    assert len(found) == len(dedup.unique_pairs(found)) + len(found) - len(want)  # no pair twice from one key


def test_capping_the_screened_pairs_in_parts_keeps_the_pairs_of_capping_once():
    import numpy as np

    rnd = random.Random(21)
    sketches = np.array([[rnd.randrange(4) for _ in range(dedup.NUM_PERM)] for _ in range(60)], dtype=np.uint32)
    pairs = np.array(sorted({tuple(sorted(rnd.sample(range(60), 2))) for _ in range(900)}), dtype=np.int64)
    once = dedup.cap_pairs(pairs, sketches)
    assert len(once) < len(pairs)
    parts = [pairs[k::3] for k in range(3)]
    pile = [dedup.cap_pairs(parts[0], sketches), *parts[1:]]
    assert (dedup._capped(pile, sketches) == once).all()
    assert pile == []  # emptied as it is joined


def test_the_canonical_order_is_the_order_of_the_ranks_ties_included():
    import numpy as np

    rnd = random.Random(34)
    copies = [dedup.Copy(f"p{rnd.randrange(50)}-{k}", None, rnd.random() < 0.5, rnd.randrange(3),
                         rnd.choice((None, "2024-01-02", "2023-05-06")), "d", rnd.choice((40, 60, 60, 90)),
                         10, np.zeros(dedup.NUM_PERM, dtype=np.uint32),
                         rnd.choice((None, "2024-02-01T00:00:00Z", "2025-01-01T00:00:00Z")))
              for k in range(300)]
    want = [i for i in sorted(range(len(copies)), key=lambda i: copies[i].rank())
            if copies[i].length >= dedup.MIN_BODY_CHARS]
    assert dedup.canonical_order(copies).tolist() == want
    assert dedup.exact_representatives(["b", "a", "b", "c", "a"]) == [0, 1, 0, 3, 1]
