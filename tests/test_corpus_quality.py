"""Quality on ../shared: the seed and the corpus groups, scored by ../shared/eval/score.py."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from pathlib import Path

import pytest

from govclean import clean_page
from govclean.corpus import clean_corpus
from govclean.write import render


def score(shared, gold, pred_path):
    out = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold),
                          "--pred", str(pred_path), "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run_group(shared, tmp_path, paths, gold):
    result = clean_corpus([str(p) for p in paths])
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(render(d, "jsonl") for d in result.documents), encoding="utf-8")
    return score(shared, gold, pred)


def test_seed(shared_dir, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in (shared_dir / "seed").glob("*.expected.json"):
        shutil.copy(f, gold)
    s = run_group(shared_dir, tmp_path, sorted((shared_dir / "seed").glob("*.txt")), gold)
    assert s["body_f1"] >= 0.98
    assert s["body_repeated_pages"] == 0 and s["chrome_residue_pages"] == 0
    assert s["title_accuracy"] == s["published_accuracy"] == s["source_accuracy"] == 1.0


FLOORS_FILE = Path(__file__).parent.parent / "benchmarks" / "floors.json"
FLOORS = {k: v for k, v in json.loads(FLOORS_FILE.read_text(encoding="utf-8")).items()
          if not k.startswith("_") and k != "corpus"}


@pytest.mark.corpus
@pytest.mark.parametrize("group", sorted(FLOORS))
def test_corpus_group_floor(shared_dir, tmp_path, group):
    """Each page cleaned on its own, as benchmarks/run.py measures: no score below its floor."""
    corpus = shared_dir / "corpus"
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(render(clean_page(src.read_bytes(), filename=f"{group}/{src.name}"), "jsonl")
                            for src in sorted((corpus / group).iterdir())), encoding="utf-8")
    s = score(shared_dir, corpus / "gold" / group, pred)
    assert s["missing"] == 0
    for key, floor in FLOORS[group].items():
        if key.endswith("_pages"):
            assert s[key] <= floor, key
        else:
            assert s[key] >= floor, key
