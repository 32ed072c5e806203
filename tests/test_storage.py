"""Object storage: pages in s3://, Parquet out to s3://, against a moto server on 127.0.0.1."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

pq = pytest.importorskip("pyarrow.parquet")
s3fs = pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")

from govclean import parquet  # noqa: E402
from govclean.cli import main  # noqa: E402
from govclean.storage import parse_options  # noqa: E402

from batchpages import write_pages  # noqa: E402

BUCKET = "archive"


@pytest.fixture(scope="module")
def endpoint():
    """A moto S3 server on a free port of 127.0.0.1, with test credentials in the environment."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server._server.server_port  # port 0: the one the OS picked
    url = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as mp:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
            mp.delenv(name, raising=False)
        mp.setenv("AWS_ACCESS_KEY_ID", "testing")
        mp.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        mp.setenv("AWS_DEFAULT_REGION", "us-east-1")
        mp.setenv("AWS_ENDPOINT_URL", url)
        yield url
    server.stop()


@pytest.fixture(scope="module")
def bucket(endpoint, tmp_path_factory):
    """Pages (a site of 6, and the dups fixture) in s3://archive/crawl/ and in a local folder."""
    from conftest import DATA

    local = tmp_path_factory.mktemp("crawl")
    write_pages(local / "site", 6)
    (local / "dups").mkdir()
    for p in sorted((DATA / "corpus" / "dups").iterdir()):
        (local / "dups" / p.name).write_bytes(p.read_bytes())
    fs = s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True)
    fs.mkdir(BUCKET)
    fs.put(str(local) + "/", f"{BUCKET}/crawl/", recursive=True)
    return fs, local


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def local_documents(local, *args):
    lines = run("clean", "-q", "-j", "1", "-f", "jsonl", *args, str(local)).stdout.splitlines()
    return [json.loads(line) for line in lines]


def as_local(doc, local):
    """A document read from s3://archive/crawl/ with its inputs named as the local run names them."""
    text = json.dumps(doc, ensure_ascii=False).replace(f"s3://{BUCKET}/crawl/", str(local) + "/")
    return json.loads(text)


def read_dataset(fs, prefix):
    return [parquet.from_row(r) for r in pq.read_table(f"{BUCKET}/{prefix}", filesystem=fs).to_pylist()]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_round_trip_s3_to_parquet_on_s3(bucket, engine):
    fs, local = bucket
    prefix = f"clean-{engine}/"
    result = run("clean", "--engine", engine, "-j", "2", "-f", "parquet",
                 "-o", f"s3://{BUCKET}/{prefix}", f"s3://{BUCKET}/crawl/")
    assert result.exit_code == 0, result.output
    fs.invalidate_cache()
    assert [p.rsplit("/", 1)[-1] for p in fs.find(f"{BUCKET}/{prefix}")] == ["index.sqlite", "part-00000.parquet"]
    got = read_dataset(fs, prefix)
    assert got[0]["input"].startswith(f"s3://{BUCKET}/crawl/")
    assert [as_local(d, local) for d in got] == local_documents(local)


def test_storage_options_from_the_command_line(bucket, endpoint, monkeypatch):
    fs, local = bucket
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    result = run("clean", "-q", "-j", "1", "-f", "jsonl", "--storage-option", f"endpoint_url={endpoint}",
                 f"s3://{BUCKET}/crawl/site/")
    assert result.exit_code == 0, result.output
    got = [as_local(json.loads(line), local) for line in result.stdout.splitlines()]
    assert got == local_documents(local / "site") and len(got) == 6


def test_a_missing_object_is_one_reported_line(bucket):
    result = run("clean", "-q", "-f", "jsonl", f"s3://{BUCKET}/crawl/site/s0/p0000.html",
                 f"s3://{BUCKET}/crawl/gone.html")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert f"s3://{BUCKET}/crawl/gone.html: no such object" in result.stderr


def test_a_failed_run_leaves_the_bucket_as_it_was(bucket, monkeypatch):
    fs, local = bucket
    out = f"s3://{BUCKET}/kept/"
    assert run("clean", "-j", "1", "-f", "parquet", "-o", out, f"s3://{BUCKET}/crawl/").exit_code == 0
    fs.invalidate_cache()
    before = {p: fs.cat(p) for p in fs.find(f"{BUCKET}/kept")}
    monkeypatch.setattr(parquet, "PART_MAX_BYTES", 1)  # parts written, then a failure
    calls, real_row = [], parquet.row

    def failing_row(doc):
        calls.append(doc)
        if len(calls) == 4:
            raise OSError(5, "connection reset")
        return real_row(doc)

    monkeypatch.setattr(parquet, "row", failing_row)
    with pytest.raises(OSError):
        run("clean", "-j", "1", "-f", "parquet", "-o", out, f"s3://{BUCKET}/crawl/")
    fs.invalidate_cache()
    assert {p: fs.cat(p) for p in fs.find(f"{BUCKET}/kept")} == before


def test_a_second_run_over_a_grown_bucket(bucket, monkeypatch):
    """The state kept at OUT/.govclean/index.sqlite in the bucket: only the new pages are
    cleaned, and the dataset is the one a fresh run over the grown bucket writes."""
    from govclean import corpus

    fs, local = bucket
    out, crawl = f"s3://{BUCKET}/grown-out/", f"{BUCKET}/grown/"
    fs.put(str(local / "site") + "/", crawl + "site/", recursive=True)
    assert run("clean", "-j", "1", "-f", "parquet", "-o", out, "s3://" + crawl).exit_code == 0
    fs.invalidate_cache()
    assert fs.exists(f"{BUCKET}/grown-out/.govclean/index.sqlite")
    fs.put(str(local / "dups") + "/", crawl + "dups/", recursive=True)
    fs.invalidate_cache()
    cleaned, real = [], corpus.clean_bytes

    def counting(data, source, template=corpus.NO_TEMPLATE, *args, **kw):
        if not template:
            cleaned.append(source.relative)
        return real(data, source, template, *args, **kw)

    monkeypatch.setattr(corpus, "clean_bytes", counting)
    second = run("clean", "-j", "1", "-f", "parquet", "-o", out, "s3://" + crawl)
    assert second.exit_code == 0, second.output
    assert sorted(cleaned) == sorted(f"dups/{p.name}" for p in (local / "dups").iterdir())
    monkeypatch.undo()
    fresh = f"s3://{BUCKET}/grown-fresh/"
    assert run("clean", "-j", "1", "--no-index", "-f", "parquet", "-o", fresh, "s3://" + crawl).exit_code == 0
    fs.invalidate_cache()
    assert read_dataset(fs, "grown-out/") == read_dataset(fs, "grown-fresh/")
    assert any(d["duplicates"] for d in read_dataset(fs, "grown-out/"))


def test_a_url_output_goes_with_parquet(bucket):
    result = run("clean", "-f", "jsonl", "-o", f"s3://{BUCKET}/x/", f"s3://{BUCKET}/crawl/")
    assert result.exit_code == 2 and "-o URL goes with -f parquet" in result.output


def test_storage_options_parse_json_values():
    assert parse_options(["anon=true", "endpoint_url=http://h:1", 'client_kwargs={"region_name": "x"}']) == {
        "anon": True, "endpoint_url": "http://h:1", "client_kwargs": {"region_name": "x"}}
    with pytest.raises(ValueError):
        parse_options(["novalue"])
