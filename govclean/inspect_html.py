"""Inspect as HTML: one self-contained page, each block coloured by its decision, reasons on hover."""
from __future__ import annotations

from html import escape
from typing import List

from .inspect import Inspection

# What each label is called in the page's legend (the labels themselves: model.LABELS).
LABEL_NAMES = {"chrome": "chrome (dropped)", "title": "title", "metadata": "metadata",
               "body": "body (kept)", "repeat": "repeated copy (dropped)"}
# Background colours by label: light enough for black text, told apart without colour too
# (each block also shows its label in its margin).
LABEL_COLOURS = {"chrome": "#f8d7da", "title": "#e2d4f0", "metadata": "#d1ecf1",
                 "body": "#d4edda", "repeat": "#fff3cd"}

# No script, no external resource: the page is one file that works offline, and the
# Content-Security-Policy forbids anything else even if some text slipped through.
_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>govclean inspect: {title}</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; }}
.block {{ margin: 2px 0; padding: 4px 8px 4px 11em; position: relative; white-space: pre-wrap;
          border-radius: 3px; }}
.block .label {{ position: absolute; left: 8px; width: 10.5em; font-size: 12px; color: #444; }}
.block:hover {{ outline: 2px solid #333; }}
.block .reason {{ display: none; }}
.block:hover .reason {{ display: block; font-size: 12px; color: #333; }}
{colours}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }}
.legend span {{ display: inline-block; padding: 2px 8px; margin-right: 6px; border-radius: 3px; }}
</style>
</head>
<body>
"""


def render_html(result: Inspection) -> str:
    """The Inspection as one HTML page: legend, blocks in page order, metadata with origins."""
    colours = "\n".join(f".{label} {{ background: {colour}; }}"
                        for label, colour in LABEL_COLOURS.items())
    parts: List[str] = [_HEAD.format(title=escape(result.input), colours=colours)]
    parts.append(f"<h1>{escape(result.input)}</h1>\n")
    parts.append(_legend(result))
    parts.append('<h2>Blocks</h2>\n<div class="blocks">\n')
    for b in result.blocks:
        parts.append(
            f'<div class="block {escape(b.label)}" id="b{b.index}" data-index="{b.index}" '
            f'data-label="{escape(b.label)}" title="{escape(b.label)}: {escape(b.reason)}">'
            f'<span class="label">{b.index} {escape(b.label)} &lt;{escape(b.tag)}&gt;</span>'
            f'{escape(b.text)}<span class="reason">{escape(b.reason)}</span></div>\n')
    parts.append("</div>\n")
    parts.append(_metadata(result))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _legend(result: Inspection) -> str:
    counts = result.counts()
    items = "".join(f'<span class="{label}">{escape(name)}: {counts.get(label, 0)}</span>'
                    for label, name in LABEL_NAMES.items())
    n = result.repeats_removed
    folded = f"; {n} repeated {'body' if n == 1 else 'bodies'} folded" if n else ""
    return f'<p class="legend">{items}{folded}</p>\n<p>Hover over a block to see why.</p>\n'


def _metadata(result: Inspection) -> str:
    rows = "".join(f'<tr class="field" data-field="{escape(f.name)}"><th>{escape(f.name)}</th>'
                   f"<td>{escape(_value(f.value))}</td><td>{escape(f.origin or '')}</td></tr>\n"
                   for f in result.metadata)
    return ("<h2>Metadata</h2>\n<table>\n<tr><th>field</th><th>value</th><th>from</th></tr>\n"
            f"{rows}</table>\n")


def _value(value) -> str:
    if isinstance(value, list):
        return " > ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
