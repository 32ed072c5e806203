"""RESULTS.md rendering and the dedup section that survives a re-run."""
import report

RESULTS = {
    "meta": {
        "date": "2024-01-01", "command": "python benchmarks/run.py",
        "machine": {"nproc": 2, "cpu_model": "Test CPU", "python": "3.11", "platform": "Linux"},
        "groups": ["zh-gov", "zh-gov-txt"], "pages": {"zh-gov": 2, "zh-gov-txt": 2},
        "timed_tools": ["govclean", "gne", "lxml-parse"], "scored_tools": ["govclean", "gne"],
        "versions": {"gne": "0.4"}, "unavailable": {"govclean": "ModuleNotFoundError"},
    },
    "cells": {
        "govclean": {"zh-gov": {"status": "unavailable"}, "zh-gov-txt": {"status": "unavailable"}},
        "gne": {
            "zh-gov": {"status": "ok", "body_f1": 0.9, "body_precision": 0.8, "body_recall": 1.0,
                       "body_repeated_pages": 0, "chrome_residue_pages": 1, "title_accuracy": 0.5,
                       "published_accuracy": 1.0, "source_accuracy": None, "failures": 0,
                       "pages_per_s": 50.0, "peak_mb": 30.0},
            "zh-gov-txt": {"status": "n/a (HTML only)"},
        },
        "lxml-parse": {"zh-gov": {"status": "ok", "pages_per_s": 1000.0, "peak_mb": 25.0},
                       "zh-gov-txt": {"status": "n/a (HTML only)"}},
    },
}


def test_render_shows_numbers_and_reasons():
    text = report.render(RESULTS, "chart.png")
    assert "| zh-gov (2) | gne | 0.900 | 0.800 | 1.000 | 0 | 1 | 0.500 | 1.000 | – | 0 |" in text
    assert "| zh-gov-txt (2) | gne | n/a (HTML only) |" in text
    assert "**govclean: unavailable**" in text
    assert "| lxml-parse | 1,000.0 p/s · 25 MiB | n/a (HTML only) |" in text
    assert "    python benchmarks/run.py" in text


def test_dedup_section_survives_a_rewrite(tmp_path):
    path = tmp_path / "RESULTS.md"
    report.write_markdown(RESULTS, path, "chart.png")
    report.replace_dedup_section(path, "## Dedup at scale\n\nfirst")
    report.replace_dedup_section(path, "## Dedup at scale\n\nsecond")
    report.write_markdown(RESULTS, path, "chart.png")
    text = path.read_text()
    assert text.count("## Dedup at scale") == 1 and "second" in text and "first" not in text


def test_chart_is_written(tmp_path):
    report.write_chart(RESULTS, tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"


def test_ratio_table_divides_within_a_group():
    import copy

    results = copy.deepcopy(RESULTS)
    results["cells"]["govclean"]["zh-gov"] = {"status": "ok", "pages_per_s": 200.0, "peak_mb": 40.0}
    results["meta"]["rounds"], results["meta"]["clock"] = 3, "cpu"
    text = report.render(results, "chart.png")
    assert "| govclean / gne | 4.00x |  |" in text
    assert "| lxml-parse / govclean | 5.00x |  |" in text
    assert "best of 3 rounds by the worker's CPU time" in text
    unavailable = report.ratio_table(RESULTS)  # govclean unavailable: blank, not a guess
    assert unavailable[2] == "| govclean / gne |  |  |"
