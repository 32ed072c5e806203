"""Render benchmark results as RESULTS.md tables and a two-panel chart."""
from __future__ import annotations

import re
from pathlib import Path

# RESULTS.md keeps the dedup section written by dedup_scale.py between these markers,
# so that re-running run.py does not erase it (and vice versa).
DEDUP_START = "<!-- dedup:start -->"
DEDUP_END = "<!-- dedup:end -->"

QUALITY_COLUMNS = [
    ("body_f1", "body F1", "{:.3f}"),
    ("body_precision", "body P", "{:.3f}"),
    ("body_recall", "body R", "{:.3f}"),
    ("body_repeated_pages", "repeated", "{}"),
    ("chrome_residue_pages", "chrome residue", "{}"),
    ("title_accuracy", "title", "{:.3f}"),
    ("published_accuracy", "date", "{:.3f}"),
    ("source_accuracy", "source", "{:.3f}"),
    ("failures", "failed pages", "{}"),
]


def fmt(value, pattern: str) -> str:
    return "–" if value is None else pattern.format(value)


def cell_status(cell: dict) -> str | None:
    """None when the cell has numbers, else the text to show instead of them."""
    status = cell.get("status", "missing")
    return None if status == "ok" else status


def quality_table(results: dict) -> list[str]:
    meta, cells = results["meta"], results["cells"]
    head = ["group", "tool"] + [label for _, label, _ in QUALITY_COLUMNS]
    lines = [_row(head), _row(["---"] * 2 + ["---:"] * len(QUALITY_COLUMNS))]
    for group in meta["groups"]:
        for tool in meta["scored_tools"]:
            cell = cells.get(tool, {}).get(group, {})
            status = cell_status(cell)
            if status:
                values = [status] + [""] * (len(QUALITY_COLUMNS) - 1)
            else:
                values = [fmt(cell.get(key), pattern) for key, _, pattern in QUALITY_COLUMNS]
            lines.append(_row([f"{group} ({meta['pages'].get(group, '?')})", tool] + values))
    return lines


def speed_table(results: dict) -> list[str]:
    meta, cells = results["meta"], results["cells"]
    head = ["tool"] + meta["groups"]
    lines = [_row(head), _row(["---"] + ["---:"] * len(meta["groups"]))]
    for tool in meta["timed_tools"]:
        row = [tool]
        for group in meta["groups"]:
            cell = cells.get(tool, {}).get(group, {})
            status = cell_status(cell)
            row.append(status or f"{cell['pages_per_s']:,.1f} p/s · {cell['peak_mb']:.0f} MiB")
        lines.append(_row(row))
    return lines


def ratio_table(results: dict, tool: str = "govclean") -> list[str]:
    """`tool`'s pages/s over each other timed tool's, group by group (the same run); for
    the bare parse the other way round (how many times faster the floor is)."""
    meta, cells = results["meta"], results["cells"]
    mine = cells.get(tool, {})
    lines = [_row(["ratio"] + meta["groups"]), _row(["---"] + ["---:"] * len(meta["groups"]))]
    for other in meta["timed_tools"]:
        if other == tool:
            continue
        floor = other == "lxml-parse"
        row = [f"{other} / {tool}" if floor else f"{tool} / {other}"]
        for group in meta["groups"]:
            a, b = mine.get(group, {}), cells.get(other, {}).get(group, {})
            if cell_status(a) or cell_status(b) or not a["pages_per_s"] or not b["pages_per_s"]:
                row.append("")
                continue
            x = b["pages_per_s"] / a["pages_per_s"] if floor else a["pages_per_s"] / b["pages_per_s"]
            row.append(f"{x:.2f}x")
        lines.append(_row(row))
    return lines


def _timing(meta: dict) -> str:
    """How the speed cells were timed (runs before --rounds had one round, wall time)."""
    rounds, clock = meta.get("rounds", 1), meta.get("clock", "wall")
    clock_text = "wall time" if clock == "wall" else "the worker's CPU time"
    if rounds == 1:
        return f"One round a cell, {clock_text}."
    return (f"Each cell is the best of {rounds} rounds by {clock_text}, the tools taking turns "
            "within a group; memory is the rounds' highest.")


def _row(values) -> str:
    return "| " + " | ".join(str(v) for v in values) + " |"


def render(results: dict, chart_name: str) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    versions = ", ".join(f"{t} {v}" for t, v in meta["versions"].items() if v)
    unavailable = meta.get("unavailable", {})
    parts = [
        "# govclean benchmarks",
        "",
        f"Run on {meta['date']} on {machine['cpu_model']} ({machine['nproc']} CPUs, "
        f"timed on one), Python {machine['python']}, {machine['platform']}.",
        "",
        "Command:",
        "",
        f"    {meta['command']}",
        "",
        f"Versions: {versions}.",
        "",
    ]
    for tool, err in unavailable.items():
        parts += [f"**{tool}: unavailable** ({err}).", ""]
    parts += [
        "## Quality",
        "",
        "Scored by `shared/eval/score.py` (bag-of-tokens body P/R/F1 averaged over pages; "
        "`repeated` = pages whose body has over 1.6x the gold tokens; `chrome residue` = pages "
        "whose body holds a known chrome phrase; title/date/source = exact-match accuracy over "
        "pages whose gold field is set). Group names show the page count. Peers read HTML only: "
        "text dumps are `n/a (HTML only)`.",
        "",
        *quality_table(results),
        "",
        "## Speed",
        "",
        "Pages per second on one pinned core (pages in memory, extraction loop only) and the "
        "worker process's peak RSS (interpreter, the tool, and the group's pages). `lxml-parse` "
        "is a bare `lxml.html.document_fromstring`, the floor any DOM-based tool pays. "
        + _timing(meta),
        "",
        *speed_table(results),
        "",
        "The same run as ratios: govclean's pages/s over each peer's (above 1: govclean is "
        "faster), and the bare parse's over govclean's.",
        "",
        *ratio_table(results),
        "",
        f"![body F1 per group and pages/s on zh-gov]({chart_name})",
        "",
    ]
    return "\n".join(parts)


def kept_dedup_section(path: Path) -> str:
    """The dedup section of an existing RESULTS.md, or ''."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    match = re.search(re.escape(DEDUP_START) + ".*?" + re.escape(DEDUP_END), text, re.S)
    return match.group(0) + "\n" if match else ""


def replace_dedup_section(path: Path, section_md: str) -> None:
    """Put the dedup section (between markers) into RESULTS.md, replacing an older one."""
    block = f"{DEDUP_START}\n{section_md.strip()}\n{DEDUP_END}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else "# govclean benchmarks\n"
    old = kept_dedup_section(path)
    text = text.replace(old, block) if old else text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def write_markdown(results: dict, path: Path, chart_name: str) -> None:
    text = render(results, chart_name)
    dedup = kept_dedup_section(path)
    path.write_text(text + ("\n" + dedup if dedup else ""), encoding="utf-8")


def write_chart(results: dict, path: Path, speed_group: str = "zh-gov") -> None:
    """Grouped bars of body F1 per group per tool; pages/s on one group, log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    meta, cells = results["meta"], results["cells"]
    fig, (ax_f1, ax_speed) = plt.subplots(
        1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [2.2, 1]}
    )
    _f1_panel(ax_f1, meta, cells)
    _speed_panel(ax_speed, meta, cells, speed_group)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def _f1_panel(ax, meta, cells) -> None:
    groups, tools = meta["groups"], meta["scored_tools"]
    width = 0.8 / max(1, len(tools))
    for i, tool in enumerate(tools):
        for j, group in enumerate(groups):
            cell = cells.get(tool, {}).get(group, {})
            x = j + (i - (len(tools) - 1) / 2) * width
            if cell_status(cell) is None:
                ax.bar(x, cell["body_f1"], width, color=f"C{i}", label=tool if j == 0 else None)
            else:
                ax.bar(x, 0, width, color=f"C{i}", label=tool if j == 0 else None)
                label = "n/a" if cell.get("status", "").startswith("n/a") else "unavailable"
                ax.text(x, 0.02, label, rotation=90, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 1.15)  # headroom for the legend above the bars
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel("body F1 (mean over pages)")
    ax.set_title("Body F1 per corpus group")
    ax.legend(fontsize=8, ncol=len(tools), loc="upper center", frameon=False)


def _speed_panel(ax, meta, cells, group) -> None:
    names, speeds, colors = [], [], []
    for i, tool in enumerate(meta["timed_tools"]):  # same colour per tool as the F1 panel
        cell = cells.get(tool, {}).get(group, {})
        if cell_status(cell) is None:
            names.append(tool)
            speeds.append(cell["pages_per_s"])
            colors.append(f"C{i}")
    ax.barh(names, speeds, color=colors)
    ax.set_xscale("log")
    ax.invert_yaxis()
    ax.set_xlabel("pages per second, one core (log)")
    ax.set_title(f"Speed on {group}")
