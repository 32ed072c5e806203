"""Build dedup batches from the mfa-txt transcripts with a known set of injected near-duplicates."""
from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

# Share of each batch that is an injected near-duplicate: the 10% named in issue 6.
NEAR_DUP_SHARE = 0.10
# Column width the copies are re-wrapped to: the w3m -dump default the corpus uses.
WRAP_COLUMNS = 80
# A copy changes one paragraph. Only a paragraph holding at most this share of the body's
# characters is changed, and bases must have at least MIN_BODY_CHARS, so the added chrome
# and the change keep the copy's 5-shingle Jaccard with its base around 0.6 or more (a first
# version without these limits produced "copies" at Jaccard 0.16).
MAX_CHANGED_SHARE = 0.2
MIN_BODY_CHARS = 600  # the 10th percentile of mfa-txt bodies is about 590 characters
# Pool cleaning: character shingle size and the MinHash LSH Jaccard threshold above which
# two pool transcripts count as near-duplicates already, so only one of them is kept.
SHINGLE = 5
POOL_NEAR_THRESHOLD = 0.5
MINHASH_PERMUTATIONS = 64  # enough for a 0.5 threshold; pool cleaning is not the thing timed
# A collage (a distinct body beyond the pool) takes at most this share of its characters from
# any one pool transcript, drawing more paragraphs until it holds. Without it, a collage of a
# short transcript's shape (1-3 paragraphs) could be mostly one drawn paragraph: it then holds
# a short transcript whole at 1.4-3 times its size, or shares half its text with another
# collage that drew the same paragraph, which is a copy by govclean's own definition (Jaccard
# >= 0.5, or 85% held by a body at most 3 times the size) while the truth called them
# distinct (measured: 94 of the 194 false pairs of a 100k batch at Jaccard >= 0.5, 100 held
# by a collage 2.7-3 times the size). With a quarter at most, a collage shares at most a
# quarter of itself with any transcript or other collage, and a transcript it holds whole is
# at most a quarter of its size.
MAX_SOURCE_SHARE = 0.25

# Chrome a re-saved copy picks up around the body (taken from the chrome list in DESIGN.md).
CHROME_TOP = [
    "首页 | 新闻 | 发布会 | 外交部",
    "当前位置：首页 > 新闻发布 > 外交部发言人例行记者会",
    "字号：[大 中 小]  【打印本页】【关闭窗口】",
]
CHROME_BOTTOM = [
    "分享到：微信 微博  扫一扫在手机打开当前页",
    "上一篇：返回列表    下一篇：返回列表",
    "主办单位：国务院新闻办公室  网站标识码 bm01000001  京ICP备05070218号",
]


@dataclass(frozen=True)
class Transcript:
    """One title/url/author/content text file."""

    title: str
    url: str
    author: str
    paragraphs: tuple[str, ...]

    def render(self, wrap: bool = False) -> str:
        body = [wrap_line(p) if wrap else p for p in self.paragraphs]
        head = f"title: {self.title}\nurl: {self.url}\nauthor: {self.author}\ncontent: \n"
        return head + "\n".join(body) + "\n"


def parse_transcript(text: str) -> Transcript:
    """Read the title:/url:/author:/content: layout of mfa-txt."""
    head, _, body = text.partition("content:")
    fields = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    paragraphs = tuple(p.strip() for p in body.splitlines() if p.strip())
    return Transcript(fields.get("title", ""), fields.get("url", ""), fields.get("author", ""),
                      paragraphs)


def load_pool(folder: Path) -> list[Transcript]:
    """Every transcript of the folder, in file-name order."""
    return [parse_transcript(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def body_key(doc: Transcript) -> str:
    return hashlib.blake2b("\n".join(doc.paragraphs).encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    compact = "".join(text.split())
    return {compact[i:i + size] for i in range(max(1, len(compact) - size + 1))}


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / max(1, len(sa | sb))


def distinct_pool(pool: list[Transcript]) -> list[Transcript]:
    """Drop transcripts whose body equals or nearly equals an earlier one (the pool has some)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=POOL_NEAR_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
    seen, kept = set(), []
    for i, doc in enumerate(pool):
        key = body_key(doc)
        if key in seen or not doc.paragraphs:
            continue
        signature = MinHash(num_perm=MINHASH_PERMUTATIONS)
        signature.update_batch([s.encode("utf-8") for s in shingles("".join(doc.paragraphs))])
        if lsh.query(signature):
            continue
        lsh.insert(str(i), signature)
        seen.add(key)
        kept.append(doc)
    return kept


def display_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap_line(line: str, columns: int = WRAP_COLUMNS) -> str:
    """Hard-wrap at a display width (CJK characters take two columns), like a text dump."""
    out, current, width = [], [], 0
    for ch in line:
        w = display_width(ch)
        if width + w > columns:
            out.append("".join(current).rstrip())
            current, width = [], 0
        current.append(ch)
        width += w
    out.append("".join(current).rstrip())
    return "\n".join(out)


def collage(pool: list[Transcript], index: int, rng: random.Random) -> Transcript:
    """A new distinct body for a slot beyond the pool: the shape (title, paragraph count) of one
    transcript, every paragraph drawn from a random other transcript, and more paragraphs
    drawn while one transcript gives more than MAX_SOURCE_SHARE of its characters."""
    model = pool[index % len(pool)]
    drawn = [_draw(pool, rng) for _ in model.paragraphs]
    while _largest_share(drawn) > MAX_SOURCE_SHARE:
        drawn.append(_draw(pool, rng))
    return replace(model, url=f"{model.url}?variant={index}", paragraphs=tuple(p for _, p in drawn))


def _draw(pool: list[Transcript], rng: random.Random) -> tuple[int, str]:
    """One paragraph of a random transcript, with the transcript's number."""
    source = rng.randrange(len(pool))
    return source, rng.choice(pool[source].paragraphs)


def _largest_share(drawn: list[tuple[int, str]]) -> float:
    """The largest share of the characters that one source transcript gives."""
    by_source: dict[int, int] = {}
    for source, paragraph in drawn:
        by_source[source] = by_source.get(source, 0) + len(paragraph)
    return max(by_source.values()) / max(1, sum(by_source.values()))


def changeable_slots(doc: Transcript) -> list[int]:
    """Paragraphs small enough to change while the copy stays a near-duplicate."""
    total = sum(len(p) for p in doc.paragraphs)
    if total < MIN_BODY_CHARS:
        return []
    return [i for i, p in enumerate(doc.paragraphs) if len(p) <= MAX_CHANGED_SHARE * total]


def near_copy(base: Transcript, pool: list[Transcript], copy_no: int,
              rng: random.Random) -> Transcript:
    """A re-save of base: chrome at top and bottom, one small paragraph replaced by another
    transcript's text of the same length; wrapped on render."""
    paragraphs = list(base.paragraphs)
    slot = rng.choice(changeable_slots(base))
    donor = "".join(rng.choice(pool).paragraphs)
    start = rng.randrange(max(1, len(donor) - len(paragraphs[slot])))
    paragraphs[slot] = donor[start:start + len(paragraphs[slot])]
    framed = (*rng.sample(CHROME_TOP, 2), *paragraphs, *rng.sample(CHROME_BOTTOM, 2))
    return replace(base, url=f"{base.url}?copy={copy_no}", paragraphs=framed)


@dataclass
class Batch:
    """The documents of one batch, the injected copies' bases, and the truth as clusters."""

    docs: list[Transcript]
    wrapped: list[bool]
    clusters: list[list[int]]  # document indexes that are the same article (size >= 2)


def build_batch(pool: list[Transcript], size: int, seed: int,
                share: float = NEAR_DUP_SHARE) -> Batch:
    """size documents: distinct bases (pool first, then collages) and share near-copies."""
    rng = random.Random(seed)
    order = rng.sample(range(len(pool)), len(pool))
    copies = round(size * share)
    bases = [pool[order[i]] if i < len(pool) else collage(pool, order[i % len(pool)] + i, rng)
             for i in range(size - copies)]
    eligible = [i for i, doc in enumerate(bases) if changeable_slots(doc)]
    docs, groups = list(bases), {}
    for n in range(copies):
        base = rng.choice(eligible)
        docs.append(near_copy(bases[base], pool, n, rng))
        groups.setdefault(base, [base]).append(len(docs) - 1)
    wrapped = [i >= len(bases) for i in range(len(docs))]
    return Batch(docs, wrapped, list(groups.values()))


def truth_pairs(names: list[str], clusters: list[list[int]]) -> set[tuple[str, str]]:
    """Every unordered pair of file names that belong to one cluster."""
    return {tuple(sorted((names[a], names[b]))) for c in clusters for a, b in combinations(c, 2)}


def write_batch(batch: Batch, folder: Path, seed: int) -> set[tuple[str, str]]:
    """Write the documents under shuffled names and pairs.tsv beside the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    slots = random.Random(seed + 1).sample(range(len(batch.docs)), len(batch.docs))
    names = [f"doc-{slot:06d}.txt" for slot in slots]
    for name, doc, wrap in zip(names, batch.docs, batch.wrapped):
        (folder / name).write_text(doc.render(wrap=wrap), encoding="utf-8")
    pairs = truth_pairs(names, batch.clusters)
    lines = [f"{a}\t{b}\n" for a, b in sorted(pairs)]
    (folder.parent / f"{folder.name}.pairs.tsv").write_text("".join(lines), encoding="utf-8")
    meta = {"documents": len(batch.docs), "clusters": len(batch.clusters), "pairs": len(pairs)}
    (folder.parent / f"{folder.name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return pairs
