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
