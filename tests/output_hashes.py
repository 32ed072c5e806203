"""Regenerate tests/data/corpus_output_sha256.tsv: the sha256 of every corpus page's JSONL line.

The speed work must not change a byte of output; test_output_hashes.py checks the corpus
against this file. A change that alters outputs on purpose regenerates it (review the diff):

    python tests/output_hashes.py            # writes tests/data/corpus_output_sha256.tsv
    python tests/output_hashes.py --jsonl DIR  # also keeps each group's JSONL in DIR

Each group runs through the CLI exactly as a user would: `govclean clean -f jsonl --dedup off
-j 1 GROUP`, from inside ../shared/corpus (so inputs are named `zh-gov/x.html`).
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(__file__).parent
HASHES = HERE / "data" / "corpus_output_sha256.tsv"
CORPUS = HERE.parent.parent / "shared" / "corpus"
GROUPS = ("zh-gov", "zh-gov-txt", "en-gov", "en-gov-txt", "aeb", "web", "resaves")
COMMAND = ["-m", "govclean", "clean", "-f", "jsonl", "--dedup", "off", "-j", "1"]


def group_jsonl(group: str, corpus: Path = CORPUS) -> str:
    """The CLI's JSONL for one corpus group (raises when the CLI fails)."""
    out = subprocess.run([sys.executable, *COMMAND, group], cwd=corpus, capture_output=True,
                         text=True, encoding="utf-8", check=True)
    return out.stdout


def line_hashes(jsonl: str) -> Dict[str, str]:
    """input -> sha256 of its JSONL line (as written, without the newline)."""
    out = {}
    for line in jsonl.splitlines():
        if line.strip():
            out[json.loads(line)["input"]] = hashlib.sha256(line.encode("utf-8")).hexdigest()
    return out


def corpus_hashes(corpus: Path = CORPUS, keep: Optional[Path] = None) -> Dict[str, str]:
    hashes: Dict[str, str] = {}
    for group in GROUPS:
        jsonl = group_jsonl(group, corpus)
        if keep is not None:
            (keep / f"{group}.jsonl").write_text(jsonl, encoding="utf-8")
        hashes.update(line_hashes(jsonl))
    return hashes


def read_hashes(path: Path = HASHES) -> Dict[str, str]:
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {name: digest for name, digest in rows}


def write_hashes(hashes: Dict[str, str], path: Path = HASHES) -> None:
    lines: List[str] = ["# input\tsha256 of its line in `govclean clean -f jsonl --dedup off -j 1`;"
                        " regenerate: python tests/output_hashes.py"]
    lines += [f"{name}\t{hashes[name]}" for name in sorted(hashes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: List[str]) -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is not present: nothing to do")
        return 0
    keep = Path(argv[argv.index("--jsonl") + 1]) if "--jsonl" in argv else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    hashes = corpus_hashes(keep=keep)
    write_hashes(hashes)
    print(f"wrote {len(hashes)} hashes to {HASHES}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
