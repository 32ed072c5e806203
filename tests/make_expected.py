"""Regenerate tests/data/cases/*.expected.json after reviewing a change by eye."""
import json
import sys
from pathlib import Path

from govclean import clean_page

for page in sorted(Path(__file__).parent.joinpath("data", "cases").iterdir()):
    if page.suffix not in (".html", ".txt", ".gz") or (sys.argv[1:] and page.name not in sys.argv[1:]):
        continue
    doc = clean_page(page.read_bytes(), filename=page.name).to_dict()
    doc.pop("duplicates")
    page.with_suffix(".expected.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("wrote", page.with_suffix(".expected.json").name)
