"""The library's front door: clean_page() runs load -> segment -> classify -> fold -> metadata."""
from __future__ import annotations

import zlib
from typing import AbstractSet, Optional, Union

from .classify import (Classification, classify, readability_opinion, restore_verdicts,
                       strike_template, verdicts_of)
from .fold import fold
from .language import SAMPLE_CHARS, detect
from .load import DEFAULT_MAX_BYTES, load_bytes
from .metadata import build_document, head_titles
from .model import BODY, HTML, Block, Document
from .sources import head_meta
from .segment import segment
from .textutil import PARAGRAPH_BREAK, has_sentence, tokens

# A short body block without a sentence, between paragraphs, is a sub-heading in a text
# dump (HTML says so with <h2>..<h6>/<strong>). 30 tokens covers the corpus's headings.
HEADING_MAX_TOKENS = 30
# Blocks of at least this many tokens are read first for the page's language: menus and
# footers are short, and their words are often in the site's other languages.
PROSE_MIN_TOKENS = 12


def clean_page(data: Union[bytes, str], *, filename: Optional[str] = None,
               url: Optional[str] = None, template: Optional[AbstractSet[int]] = None,
               max_bytes: int = DEFAULT_MAX_BYTES, captured: Optional[str] = None,
               http_charset: Optional[str] = None, verdicts: Optional[bytes] = None,
               keep_verdicts: bool = False) -> Document:
    """Clean one saved page (HTML, text dump or MHTML; bytes or str) into a Document.

    url, captured and http_charset are what an archive record says of the page (its
    target URI, WARC-Date, HTTP Content-Type charset): they win over what the page says.
    keep_verdicts: the document's extra["verdicts"] records classify's verdicts on the
    page before any template (classify.verdicts_of; None when it cannot, and for a page
    of a kind no site template is applied to: corpus.TEMPLATE_KINDS). Given back as
    `verdicts` with the same bytes, they stand in for page_language and classify when
    they fit the page's blocks (else it is classified again): a batch's pass 2 cleans a
    page again with its site's template from them."""
    name = filename or "-"
    if isinstance(data, str):
        data = data.encode("utf-8")
    page = load_bytes(data, name, max_bytes=max_bytes, http_charset=http_charset)
    parsed = segment(page)
    meta = head_meta(parsed.root)  # read by the title hints and the metadata stage alike
    hints = head_titles(parsed.root, meta)
    record = keep_verdicts and _template_kind(page.kind)
    source = zlib.crc32(data) if verdicts or record else 0  # the verdicts' page
    result = _classified(parsed, hints, verdicts, source)
    kept = verdicts_of(parsed.blocks, result, source) if record else None
    if template:  # classify's last step, when it is given the template
        strike_template(parsed.blocks, template)
    if page.kind == HTML:
        readability_opinion(page.text, parsed.blocks)
    repeats = fold(parsed.blocks)
    doc = Document(input=name, url=url or page.url, captured=captured or _iso(page.captured),
                   encoding=page.encoding, encoding_source=page.encoding_source,
                   repeats_removed=repeats, blocks=parsed.blocks)
    doc.extra["kind"] = page.kind  # corpus mode prefers an HTML copy to a text dump of it
    if keep_verdicts:
        doc.extra["verdicts"] = kept
    if parsed.cuts:  # the page was cut at a limit: the batch says so on stderr
        doc.extra["warnings"] = "\n".join(parsed.cuts)
    body = [b for b in parsed.blocks if b.label == BODY]
    doc.text = PARAGRAPH_BREAK.join(b.text for b in body)
    doc.headings = [b.text for b in body if is_heading(b, body)]
    return build_document(doc, parsed.blocks, root=parsed.root, title=result.title,
                          title_block=result.title_block, hints=hints, meta=meta)


def _template_kind(kind: str) -> bool:
    """Whether a batch's pass 2 may clean a page of this kind again (corpus.TEMPLATE_KINDS):
    its verdicts are worth recording. Imported here: only corpus mode asks."""
    from .corpus import TEMPLATE_KINDS

    return kind in TEMPLATE_KINDS


def _classified(parsed, hints, verdicts: Optional[bytes], source: int) -> Classification:
    """classify's verdicts without a template: those recorded for the page (`source`: the
    CRC-32 of its bytes) if they fit its blocks, else classify's own (in the language of
    its prose)."""
    result = restore_verdicts(parsed.blocks, verdicts, source) if verdicts else None
    if result is None:
        lang = page_language(parsed.blocks, parsed.root)
        result = classify(parsed.blocks, title_hints=hints, language=lang)
    return result


def page_language(blocks, root) -> Optional[str]:
    """The language the chrome tables are chosen by: the page's visible prose (blocks of
    a sentence or more first), checked against its <html lang>."""
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") \
        if root is not None else None
    seen = [b.text for b in blocks if not b.hidden]
    prose = [t for t in seen if tokens(t) >= PROSE_MIN_TOKENS]
    return detect(" ".join(prose or seen)[:SAMPLE_CHARS], declared)


def _iso(captured: Optional[str]) -> Optional[str]:
    if not captured:  # a loose page: archives is never imported
        return None
    from .archives import iso_utc

    return iso_utc(captured)


def is_heading(block: Block, body) -> bool:
    if block.heading:
        return True
    if block.list_item or block.table_row or block is body[0] or block is body[-1]:
        return False
    n = tokens(block.text)
    return 0 < n <= HEADING_MAX_TOKENS and not has_sentence(block.text) \
        and not block.text.rstrip().endswith((",", "，", "、"))


def clear_caches() -> None:
    """Forget the per-line verdicts the stages remember (patterns, labels, token counts).

    They only speed up text seen before (a site's chrome repeats); benchmarks that time
    several passes over the same pages clear them, so each pass is a first reading."""
    from . import classify, labels, rules, textutil

    rules.chrome_reason.cache_clear()
    rules.clear_candidates()
    rules.step_chrome_word.cache_clear()
    labels.label_line.cache_clear()
    labels.clear_spans()
    textutil.tokens.cache_clear()
    textutil.key.cache_clear()
    classify.attr_word.cache_clear()
    classify.text_verdict.cache_clear()
    classify.good_line.cache_clear()

