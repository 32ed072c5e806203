"""Templates: which blocks recur across the pages of one site (site chrome), learned over a batch."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence
from urllib.parse import urlsplit

import numpy as np

from .dedup import hash_items, leader_cluster, line_hashes, sorted_hashes, sorted_unique
from .classify import strikable
from .fold import COPY_ELSEWHERE
from .model import BODY, REPEAT, TEXT, Document
from .textutil import key

# A block is site template when it recurs in at least this share of a site's distinct
# articles ... Chrome (menus, banners, footers) is on every page of a site; a phrase that
# articles happen to share is on a few. On ../shared/corpus (29 USA.gov text dumps) the
# menu lines recur on 27-29 pages, the commonest body line ("Have a question?" aside)
# on under a third; 0.5 sits between with room on both sides.
TEMPLATE_SHARE = 0.5
# ... and in at least this many of them: with two articles a shared line may be a shared
# quotation; three independent articles repeating a block verbatim is a site's layout.
TEMPLATE_MIN_ARTICLES = 3
# Text dumps without site metadata belong to one site when the Jaccard similarity of their
# line sets is at least this. Measured on the corpus: USA.gov dumps share their menus at
# 0.35-0.8; dumps of different sites, and different press conferences of one ministry,
# share a handful of lines (at most 0.1).
SITE_LINES_JACCARD = 0.25


@dataclass
class Survey:
    """What the first pass learns of one input: its site (if it says), its blocks (the
    sorted unique line_hash of their comparison forms) and its kind (HTML or text dump)."""

    input: str
    site: Optional[str]
    keys: np.ndarray
    kind: str = ""
    # The keys of a text dump that no block classify.strike_template could strike holds
    # (its chrome, metadata and title lines, short body lines amid its prose), as uint64
    # bytes; None: not known. A template among these alone changes nothing.
    framing: Optional[bytes] = None


def survey(doc: Document) -> Survey:
    hashes = line_hashes([key(b.text) for b in doc.blocks])
    keys = sorted_hashes(hashes)
    framing = None
    if doc.extra.get("kind") == TEXT:
        struck = {hashes[i] for i in strikable(doc.blocks, _body_when_classified(doc.blocks))}
        framing = sorted_hashes([h for h in hashes if h not in struck]).tobytes()
    return Survey(input=doc.input, site=site_key(doc), keys=keys, kind=doc.extra.get("kind", ""),
                  framing=framing)


def _body_when_classified(blocks) -> List[int]:
    """A text dump's body blocks as classify left them (where it strikes template lines):
    those still body, and those fold made repeats of the body since (every repeat but
    the copies it found outside the body). (readability's opinion, which may add body
    after classify, is for HTML only.)"""
    return [i for i, b in enumerate(blocks)
            if b.label == BODY or b.label == REPEAT and b.reason != COPY_ELSEWHERE]


def template_of(lines: Iterable[str]) -> FrozenSet[int]:
    """A site template as classify and clean_page(template=...) take it, from its lines."""
    return frozenset(hash_items(k for k in (key(line) for line in lines) if k).tolist())


def holds_template(s: Survey, template: FrozenSet[int]) -> bool:
    return bool(template) and not template.isdisjoint(s.keys.tolist())


def template_strikes(s: Survey, template: FrozenSet[int]) -> bool:
    """Whether the template may change the page's cleaning: it holds one of the page's
    lines that a body block holds (classify.strike_template strikes body blocks only, as
    its last step; a template of the page's chrome and metadata lines alone strikes
    nothing, and cleaning the page again would give the same document)."""
    held = template.intersection(s.keys.tolist()) if template else set()
    if not held or s.framing is None:
        return bool(held)
    return not held.issubset(np.frombuffer(s.framing, dtype=np.uint64).tolist())


def may_strike(s: Survey) -> bool:
    """Whether some template could change the page's cleaning (template_strikes): a text
    dump with a line a template could strike (one not in its framing)."""
    return s.framing is not None and len(s.framing) < s.keys.nbytes


def site_key(doc: Document) -> Optional[str]:
    """The site a page belongs to: its 网站标识码, else its URL's host, else its site name."""
    if doc.site_id_code:
        return "id:" + doc.site_id_code.lower()
    host = _host(doc.url)
    if host:
        return "host:" + host
    if doc.site:
        return "name:" + key(doc.site)
    return None


def _host(url: Optional[str]) -> Optional[str]:
    if not url or "//" not in url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else host or None


def site_of_each(surveys: Sequence[Survey]) -> List[str]:
    """Every page's site: its own key, or for pages without one, the group of pages whose
    line sets it shares (named after the group's first input)."""
    sites = [s.site or "" for s in surveys]
    loose = sorted((i for i, s in enumerate(surveys) if not s.site), key=lambda i: surveys[i].input)
    none = np.zeros(0, dtype=np.uint64)
    sets = [none if s.site else s.keys for s in surveys]
    leader = leader_cluster(sets, loose, SITE_LINES_JACCARD)
    for i in loose:
        sites[i] = "lines:" + surveys[leader[i]].input
    return sites


def learn_templates(surveys: Sequence[Survey], articles: Sequence[int]) -> List[FrozenSet[int]]:
    """For each page, its site's template blocks (empty for a site of one or two articles).

    `articles[i]` names page i's article (pages holding the same article, such as re-saves
    or an HTML page and its text dump, count once: their shared body is not template).
    """
    sites = site_of_each(surveys)
    by_site: Dict[str, Dict[int, List[np.ndarray]]] = {}
    for i, s in enumerate(surveys):
        by_site.setdefault(sites[i], {}).setdefault(articles[i], []).append(s.keys)
    learned = {site: _recurring(by_article) for site, by_article in by_site.items()}
    return [learned[sites[i]] for i in range(len(surveys))]


def _recurring(by_article: Dict[int, List[np.ndarray]]) -> FrozenSet[int]:
    """The keys held by enough of a site's articles (an article's pages count once)."""
    floor = max(TEMPLATE_MIN_ARTICLES, TEMPLATE_SHARE * len(by_article))
    if len(by_article) < floor:
        return frozenset()
    # an article of one page: its keys as they are (sorted and unique already); all of
    # them in one array sorted in place, then counted (np.unique of the copies took five
    # times the keys at its peak: a 100,000-page site of dumps, 1.7 kB a page)
    keys = np.concatenate([k[0] if len(k) == 1 else sorted_unique(np.concatenate(k))
                           for k in by_article.values()])
    keys.sort()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    return frozenset(keys[starts[counts >= floor]].tolist())
