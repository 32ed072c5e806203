"""Batch runs through the CLI: jobs, incremental re-runs, --check, --files-from, reporting, config."""
from __future__ import annotations

import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from batchpages import page, tree, write_pages
from govclean.cli import main


def run(*args, input=None, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env,
                              catch_exceptions=False)


@pytest.fixture
def saved(tmp_path):
    write_pages(tmp_path / "saved", 9)
    return tmp_path / "saved"


# ------------------------------------------------------------------ jobs


def test_jobs_do_not_change_stdout(saved):
    one = run("clean", "-f", "jsonl", "-j", "1", saved)
    two = run("clean", "-f", "jsonl", "-j", "2", saved)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    inputs = [json.loads(line)["input"] for line in one.stdout.splitlines()]
    assert inputs == sorted(inputs) and len(inputs) == 9


def test_jobs_do_not_change_the_output_folder(saved, tmp_path):
    assert run("clean", "-f", "markdown", "-j", "1", "-o", tmp_path / "a", saved).exit_code == 0
    assert run("clean", "-f", "markdown", "-j", "2", "-o", tmp_path / "b", saved).exit_code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert len(tree(tmp_path / "a")) == 9


# ------------------------------------------------------------------ incremental runs


def test_a_rerun_with_nothing_changed_writes_nothing(saved, tmp_path):
    out = tmp_path / "out"
    first = run("clean", "-v", "-o", out, saved)
    assert "9 documents written" in first.stderr
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")}
    second = run("clean", "-v", "-o", out, saved)
    assert second.exit_code == 0
    assert "0 documents written, 9 skipped as unchanged" in second.stderr
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.txt")} == mtimes


def test_a_changed_input_is_redone_and_a_vanished_one_loses_its_output(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    changed = saved / "s0" / "p0000.html"
    changed.write_text(page(100), encoding="utf-8")
    (saved / "s1" / "p0001.html").unlink()
    result = run("clean", "-v", "-o", out, saved)
    assert result.exit_code == 0
    assert "1 document written, 7 skipped as unchanged" in result.stderr
    assert "1 output removed" in result.stderr
    assert not (out / "s1" / "p0001.txt").exists()
    assert "第100次" in (out / "s0" / "p0000.txt").read_text(encoding="utf-8")
    db = sqlite3.connect(out / ".govclean" / "index.sqlite")
    paths = [r[0] for r in db.execute("SELECT path FROM inputs")]
    assert len(paths) == 8 and not any("p0001" in p for p in paths)


def test_a_deleted_or_edited_output_is_written_again(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    expected = tree(out)
    (out / "s0" / "p0000.txt").unlink()
    (out / "s1" / "p0001.txt").write_text("edited by hand\n")
    result = run("clean", "-v", "-o", out, saved)
    assert "2 documents written, 7 skipped as unchanged" in result.stderr
    assert tree(out) == expected


def test_another_format_replaces_the_old_outputs(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    run("clean", "-f", "json", "-o", out, saved)
    assert sorted(p.suffix for p in out.rglob("*.*") if ".govclean" not in p.parts) == [".json"] * 9


def test_an_input_that_keeps_failing_is_reported_on_every_run(saved, tmp_path):
    (saved / "empty.html").write_bytes(b"")
    out = tmp_path / "out"
    for _ in range(2):
        result = run("clean", "-o", out, saved)
        assert result.exit_code == 1
        assert result.stderr.strip() == f"govclean: {saved / 'empty.html'}: empty file"


def test_stdout_with_an_index_emits_only_new_and_changed_documents(saved, tmp_path):
    index = tmp_path / "index.sqlite"
    assert len(run("clean", "-f", "jsonl", "--index", index, saved).stdout.splitlines()) == 9
    write_pages(saved, 1, start=50)
    again = run("clean", "-f", "jsonl", "--index", index, saved)
    assert [json.loads(line)["title"] for line in again.stdout.splitlines()] == [
        "示例市召开第50次专题工作会议"]


def test_no_index_redoes_everything_and_keeps_no_index(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "--no-index", "-o", out, saved)
    assert not (out / ".govclean").exists()
    (out / "s0" / "p0000.txt").write_text("stale\n")
    result = run("clean", "-v", "--no-index", "-o", out, saved)
    assert "1 document written, 8 skipped as unchanged" in result.stderr  # the rest already equal


def test_an_index_of_an_unknown_version_is_one_clear_error(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    db = sqlite3.connect(out / ".govclean" / "index.sqlite")
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    result = run("clean", "-o", out, saved)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "index schema 99" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ --check


def test_check_lists_work_writes_nothing_and_exits_1(saved, tmp_path):
    out = tmp_path / "out"
    result = run("clean", "--check", "-o", out, saved)
    assert result.exit_code == 1
    assert len([ln for ln in result.stdout.splitlines() if ln.startswith("create ")]) == 9
    assert not out.exists()


def test_check_is_0_when_up_to_date_and_names_changes_and_removals(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    assert run("clean", "--check", "-o", out, saved).exit_code == 0
    (saved / "s0" / "p0000.html").write_text(page(200), encoding="utf-8")
    (saved / "s1" / "p0001.html").unlink()
    before = tree(out)
    result = run("clean", "--check", "-o", out, saved)
    assert result.exit_code == 1
    assert sorted(result.stdout.splitlines()) == [
        f"change {out / 's0' / 'p0000.txt'}", f"remove {out / 's1' / 'p0001.txt'}"]
    assert tree(out) == before


def test_check_without_an_index_compares_with_the_disk(saved, tmp_path):
    out = tmp_path / "out"
    run("clean", "-o", out, saved)
    (out / ".govclean" / "index.sqlite").unlink()  # a fresh clone: outputs committed, no index
    assert run("clean", "--check", "-o", out, saved).exit_code == 0
    assert not (out / ".govclean" / "index.sqlite").exists()


def test_check_needs_something_to_compare_with(saved):
    result = run("clean", "--check", saved)
    assert result.exit_code == 2
    assert "--check needs --output" in result.stderr


# ------------------------------------------------------------------ --files-from


def test_files_from_reads_lines_and_nul_separated_paths(saved, tmp_path):
    paths = sorted(str(p) for p in saved.rglob("*.html"))[:3]
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(paths) + "\n")
    by_lines = run("clean", "-f", "jsonl", "--files-from", listing)
    by_nul = run("clean", "-f", "jsonl", "-0", "--files-from", "-", input="\0".join(paths) + "\0")
    assert by_lines.stdout == by_nul.stdout
    assert [json.loads(ln)["input"] for ln in by_lines.stdout.splitlines()] == paths


def test_a_path_with_a_newline_needs_nul_separation(tmp_path):
    odd = tmp_path / "a\nb.html"
    odd.write_text(page(1), encoding="utf-8")
    result = run("clean", "-f", "jsonl", "-0", "--files-from", "-", input=f"{odd}\0")
    assert json.loads(result.stdout)["input"] == str(odd)


def test_relative_to_mirrors_named_files_below_a_folder(saved, tmp_path):
    out = tmp_path / "out"
    named = saved / "s2" / "p0002.html"
    run("clean", "-o", out, "--relative-to", saved, named)
    assert (out / "s2" / "p0002.txt").exists()


def test_no_paths_is_a_usage_error():
    result = run("clean")
    assert result.exit_code == 2 and "give at least one PATH" in result.stderr


# ------------------------------------------------------------------ reporting, config


def test_quiet_prints_no_summary_and_verbose_one_line_per_input(saved, tmp_path):
    quiet = run("clean", "-q", "-o", tmp_path / "q", saved)
    assert quiet.stderr == ""
    verbose = run("clean", "-v", "-o", tmp_path / "v", saved)
    lines = verbose.stderr.splitlines()
    assert len([ln for ln in lines if ": written to " in ln]) == 9
    assert lines[-1].startswith("govclean: 9 inputs read, 9 documents written")
    assert "chrome blocks removed" in lines[-1]


def test_config_file_sets_defaults_and_chrome_patterns(saved, tmp_path, monkeypatch):
    from govclean import batch, rules

    monkeypatch.setattr(rules, "_user_patterns", [])  # user patterns are per process
    monkeypatch.setattr(batch, "_applied_chrome", set())
    project = tmp_path / "project"
    project.mkdir()
    (project / "govclean.toml").write_text(
        'format = "jsonl"\nchrome = ["^第\\\\d+号通知第0段"]\n', encoding="utf-8")
    monkeypatch.chdir(project)
    result = run("clean", saved / "s0" / "p0000.html")
    doc = json.loads(result.stdout)  # jsonl, from the config
    assert "第0号通知第1段" in doc["text"] and "第0号通知第0段" not in doc["text"]
    assert json.loads(run("clean", "-f", "json", "--no-index", saved / "s0" / "p0000.html").stdout)


def test_a_bad_config_is_one_clear_error(saved, tmp_path, monkeypatch):
    (tmp_path / "govclean.toml").write_text('fromat = "json"\n')
    monkeypatch.chdir(tmp_path)
    result = run("clean", saved)
    assert result.exit_code == 2  # a usage error
    assert result.stderr == ("Error: govclean.toml: unknown key 'fromat' (did you mean "
                             "'format'?); allowed: format, output, index, jobs, dedup, "
                             "threshold, chrome\n")


def test_library_streams_each_document_before_cleaning_the_next(saved, monkeypatch):
    """-f jsonl streaming: a document is handed out as soon as it is final (with --dedup off
    each page stands alone, so that is as soon as it is cleaned)."""
    from govclean import api, batch
    from govclean.inputs import iter_sources

    calls = []
    real = api.clean_page

    def traced(data, **kw):
        calls.append(("clean", kw["filename"]))
        return real(data, **kw)

    monkeypatch.setattr(api, "clean_page", traced)
    settings = batch.Settings(fmt="jsonl", jobs=1, dedup="off")
    batch.run_batch(list(iter_sources([str(saved)]))[:3], settings,
                    on_document=lambda doc, content: calls.append(("emit", doc.input)))
    assert [kind for kind, _ in calls] == ["clean", "emit"] * 3
    assert calls[0][1] == calls[1][1]


def test_progress_events_count_every_input(saved, tmp_path):
    from govclean import batch
    from govclean.inputs import iter_sources

    events = []
    settings = batch.Settings(output=str(tmp_path / "out"), jobs=1)
    summary = batch.run_batch(list(iter_sources([str(saved)])), settings, on_progress=events.append)
    assert events[0].kind == "start" and events[0].total == 9
    assert [e.status for e in events if e.kind == "input"] == ["written"] * 9
    assert events[-1].kind == "end"
    assert summary.chrome_blocks >= 9 * 4 and summary.written == 9
    assert os.path.exists(tmp_path / "out" / ".govclean" / "index.sqlite")


def test_in_corpus_mode_documents_go_out_once_the_batch_is_known(saved, monkeypatch):
    """Duplicates are decided over the whole batch: nothing is emitted before every page is cleaned."""
    from govclean import api, batch
    from govclean.inputs import iter_sources

    calls = []
    real = api.clean_page

    def traced(data, **kw):
        calls.append("clean")
        return real(data, **kw)

    monkeypatch.setattr(api, "clean_page", traced)
    batch.run_batch(list(iter_sources([str(saved)]))[:3], batch.Settings(fmt="jsonl", jobs=1),
                    on_document=lambda doc, content: calls.append("emit"))
    assert calls[:3] == ["clean"] * 3 and calls.count("emit") >= 1



# ------------------------------------------------------------------ the batch the index remembers


def test_a_rerun_with_nothing_changed_cleans_nothing(saved, tmp_path, monkeypatch):
    from govclean import api

    out = tmp_path / "out"
    assert run("clean", "-f", "json", "-o", str(out), str(saved)).exit_code == 0
    before = tree(out)

    def no_cleaning(*a, **k):
        raise AssertionError("an unchanged batch was cleaned again")

    monkeypatch.setattr(api, "clean_page", no_cleaning)
    result = run("clean", "-v", "-j", "1", "-f", "json", "-o", str(out), str(saved))
    assert result.exit_code == 0, result.stderr
    assert "9 skipped as unchanged" in result.stderr
    assert tree(out) == before


def test_a_page_named_alone_is_folded_into_an_article_indexed_before(tmp_path):
    """What a pre-commit hook does: name only the new file; the index remembers the rest."""
    saved, out = tmp_path / "saved", tmp_path / "out"
    first = write_pages(saved, 3)[0]
    assert run("clean", "-f", "json", "-o", str(out), str(saved)).exit_code == 0
    copy = first.parent / "zz_copy.html"
    copy.write_text(first.read_text(encoding="utf-8").replace("<body>", "<body><p>转载</p>"),
                    encoding="utf-8")
    result = run("clean", "-f", "json", "-o", str(out), "--relative-to", str(saved), str(copy))
    assert result.exit_code == 0, result.stderr
    canonical = json.loads((out / first.parent.name / (first.stem + ".json")).read_text(encoding="utf-8"))
    assert [d["input"] for d in canonical["duplicates"]] == [str(copy)]
    assert not (out / first.parent.name / "zz_copy.json").exists()


def test_corpus_mode_holds_no_document_while_the_batch_is_decided(saved, monkeypatch):
    """Pages wait in the spool, not in memory: when templates and duplicates are decided,
    no Document is alive (memory holds fingerprints, whatever the size of the batch)."""
    import gc

    from govclean import batch
    from govclean.inputs import iter_sources
    from govclean.model import Document

    alive = []
    real = batch._corpus_stage

    def counted(items, *args):
        gc.collect()
        alive.append(sum(isinstance(o, Document) for o in gc.get_objects()))
        return real(items, *args)

    monkeypatch.setattr(batch, "_corpus_stage", counted)
    out = []
    batch.run_batch(list(iter_sources([str(saved)])), batch.Settings(fmt="jsonl", jobs=1),
                    on_document=lambda doc, content: out.append(doc.input))
    assert alive == [0] and len(out) == 9


def test_a_spool_that_cannot_be_made_is_one_clear_error(saved, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    result = CliRunner().invoke(main, ["clean", "-f", "jsonl", str(saved)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "cannot create the batch's spool file" in result.stderr
    assert "TMPDIR" in result.stderr and "Traceback" not in result.output
