"""The corpus's JSONL output is byte-identical to tests/data/corpus_output_sha256.tsv.

Speed work must not change a byte. A change that alters outputs on purpose regenerates the
file with `python tests/output_hashes.py` (and the diff shows which pages moved)."""
from __future__ import annotations

import pytest

from output_hashes import GROUPS, HASHES, group_jsonl, line_hashes, read_hashes

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("group", GROUPS)
def test_group_output_unchanged(shared_dir, group):
    expected = {k: v for k, v in read_hashes(HASHES).items() if k.startswith(group + "/")}
    assert expected, f"{HASHES.name} lists no page of {group}: regenerate it"
    got = line_hashes(group_jsonl(group, shared_dir / "corpus"))
    changed = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
    assert not changed, f"{len(changed)} outputs differ, e.g. {changed[:5]}"


def test_line_hashes_key_by_input_and_line():
    a = line_hashes('{"input": "g/a.html", "text": "x"}\n{"input": "g/b.html", "text": "x"}\n')
    b = line_hashes('{"input": "g/a.html", "text": "y"}\n')
    assert set(a) == {"g/a.html", "g/b.html"}
    assert a["g/a.html"] != a["g/b.html"] and a["g/a.html"] != b["g/a.html"]
