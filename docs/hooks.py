"""MkDocs hook: publish the benchmark chart that `python benchmarks/run.py` writes beside RESULTS.md."""
from __future__ import annotations

import os

from mkdocs.structure.files import File

# Files outside docs/ that the manual shows, as (path from the repository root, path in the site).
EXTRA_FILES = (("benchmarks/chart.png", "chart.png"),)


def on_files(files, config):
    root = os.path.dirname(config["config_file_path"])
    for source, dest in EXTRA_FILES:
        src = os.path.join(root, source)
        if os.path.exists(src):
            files.append(File.generated(config, dest, abs_src_path=src))
    return files
