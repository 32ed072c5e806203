"""The run.py command end to end on a tiny corpus with a stand-in referee."""
import json

import run

FAKE_SCORE = '''import json, sys
print(json.dumps({"pages": 1, "body_f1": 0.5, "body_precision": 0.5, "body_recall": 0.5}))
'''


def test_missing_shared_folder_is_skipped_cleanly(tmp_path, capsys):
    assert run.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 0
    assert "nothing to run" in capsys.readouterr().out


def test_end_to_end_on_a_tiny_corpus(tmp_path):
    shared = tmp_path / "shared"
    (shared / "corpus" / "zh-gov").mkdir(parents=True)
    (shared / "corpus" / "zh-gov-txt").mkdir(parents=True)
    (shared / "eval").mkdir()
    (shared / "eval" / "score.py").write_text(FAKE_SCORE)
    (shared / "corpus" / "zh-gov" / "a.html").write_text("<p>正文</p>", encoding="utf-8")
    (shared / "corpus" / "zh-gov-txt" / "a.txt").write_text("正文", encoding="utf-8")
    out = tmp_path / "out"
    argv = ["--shared", str(shared), "--out", str(out), "--report-dir", str(tmp_path),
            "--groups", "zh-gov,zh-gov-txt", "--tools", "readability"]
    assert run.main(argv) == 0
    results = json.loads((out / "results.json").read_text())
    cell = results["cells"]["readability"]["zh-gov"]
    assert cell["status"] in ("ok", "unavailable")
    assert results["cells"]["readability"]["zh-gov-txt"]["status"] == "n/a (HTML only)"
    assert results["cells"]["lxml-parse"]["zh-gov"]["status"] == "ok"
    if cell["status"] == "ok":
        pred = (out / "pred" / "readability" / "zh-gov.jsonl").read_text(encoding="utf-8")
        assert json.loads(pred)["input"] == "zh-gov/a.html" and cell["body_f1"] == 0.5
    assert (tmp_path / "RESULTS.md").exists() and (tmp_path / "chart.png").exists()


def test_rounds_keep_the_first_rounds_quality_and_the_best_speed():
    first = {"status": "ok", "body_f1": 0.9, "pages_per_s": 10.0, "passes": 2, "seconds": 2.0,
             "peak_mb": 30.0}
    kept = run.best_of(dict(first), {"status": "ok", "pages_per_s": 12.5, "passes": 3,
                                     "seconds": 2.4, "peak_mb": 29.0})
    kept = run.best_of(kept, {"status": "ok", "pages_per_s": 11.0, "passes": 3, "seconds": 2.7,
                              "peak_mb": 31.0})
    assert (kept["pages_per_s"], kept["passes"], kept["seconds"]) == (12.5, 3, 2.4)
    assert kept["body_f1"] == 0.9 and kept["peak_mb"] == 31.0
    assert kept["round_pages_per_s"] == [10.0, 12.5, 11.0]
    failed = run.best_of(dict(first), {"status": "worker crashed", "error": "x"})
    assert failed["pages_per_s"] == 10.0  # a crashed round changes nothing


def test_each_round_starts_with_another_tool(tmp_path, monkeypatch):
    import argparse

    calls = []
    monkeypatch.setattr(run, "run_cell", lambda tool, group, shared, out, clock, scored: (
        calls.append((tool, scored, clock)) or {"status": "ok", "pages_per_s": 1.0, "passes": 1,
                                                "seconds": 1.0, "peak_mb": 1.0}))
    a = argparse.Namespace(rounds=3, shared=tmp_path, out=tmp_path, clock="cpu")
    cells = run.run_group("zh-gov", ["a", "b", "c"], a)
    assert [t for t, _, _ in calls] == ["a", "b", "c", "b", "c", "a", "c", "a", "b"]
    assert [s for _, s, _ in calls] == [True] * 3 + [False] * 6  # scored once
    assert {c for _, _, c in calls} == {"cpu"}
    assert all(cell["rounds"] == 3 and cell["clock"] == "cpu" for cell in cells.values())
