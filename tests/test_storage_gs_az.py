"""gs:// against a GCS emulator on 127.0.0.1 (gcsfs); az:// options into adlfs, and az:// URLs
through a stand-in filesystem (no Azure emulator runs from PyPI)."""
from __future__ import annotations

import json
import os
import socket
import sys

import pytest
from click.testing import CliRunner

# gcsfs (2026.x) asks a gRPC control API for each bucket's layout first: an emulator has
# none, so each lookup waits a minute before the plain JSON API is used. Off, before import.
os.environ.setdefault("GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT", "false")

pq = pytest.importorskip("pyarrow.parquet")

from govclean import parquet  # noqa: E402
from govclean.cli import main  # noqa: E402
from govclean.storage import filesystem  # noqa: E402

from batchpages import write_pages  # noqa: E402

BUCKET = "archive"


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Pages (a site of 6, and the dups fixture) in a local folder."""
    from conftest import DATA

    local = tmp_path_factory.mktemp("crawl")
    write_pages(local / "site", 6)
    (local / "dups").mkdir()
    for p in sorted((DATA / "corpus" / "dups").iterdir()):
        (local / "dups" / p.name).write_bytes(p.read_bytes())
    return local


def local_documents(local):
    lines = run("clean", "-q", "-j", "1", "-f", "jsonl", str(local)).stdout.splitlines()
    return [json.loads(line) for line in lines]


def as_local(doc, prefix, local):
    """A document read from prefix with its inputs named as the local run names them."""
    return json.loads(json.dumps(doc, ensure_ascii=False).replace(prefix, str(local) + "/"))


# ------------------------------------------------------------------ gs:// (gcsfs, an emulator)


@pytest.fixture(scope="module")
def gcs(crawl):
    """gcp-storage-emulator (pure Python, in memory) on a free port of 127.0.0.1, the crawl
    uploaded to gs://archive/crawl/ through gcsfs."""
    gcsfs = pytest.importorskip("gcsfs")
    emulator = pytest.importorskip("gcp_storage_emulator.server")
    import gcsfs.retry

    # The emulator answers GCS's moveTo with 501 Not Implemented, which gcsfs retries six
    # times with back-off (about 30 s a move) before its own fallback, copy then delete:
    # 501 is not retried here, so that fallback comes at once.
    errs = gcsfs.retry.errs
    gcsfs.retry.errs = errs - {501, "501"}
    port = free_port()
    server = emulator.create_server("127.0.0.1", port, in_memory=True)
    server.start()
    url = f"http://127.0.0.1:{port}"
    fs = gcsfs.GCSFileSystem(endpoint_url=url, token="anon", skip_instance_cache=True)
    fs.mkdir(BUCKET)
    fs.put(str(crawl) + "/", f"{BUCKET}/crawl/", recursive=True)
    yield fs, url
    server.stop()
    gcsfs.retry.errs = errs


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_gs_round_trip_to_parquet_on_gs(gcs, crawl, engine):
    """Pages from gs:// cleaned to a Parquet dataset on gs://, the endpoint given with
    --storage-option: the documents of the local run."""
    if engine == "dask":
        pytest.importorskip("distributed")
    fs, url = gcs
    out = f"{BUCKET}/clean-{engine}/"
    result = run("clean", "-q", "--engine", engine, "-j", "2", "-f", "parquet",
                 "--storage-option", f"endpoint_url={url}", "--storage-option", "token=anon",
                 "-o", f"gs://{out}", f"gs://{BUCKET}/crawl/")
    assert result.exit_code == 0, result.output
    fs.invalidate_cache()
    assert sorted(p.rsplit("/", 1)[-1] for p in fs.find(out)) == ["index.sqlite", "part-00000.parquet"]
    got = [parquet.from_row(r) for r in pq.read_table(out, filesystem=fs).to_pylist()]
    assert got[0]["input"].startswith(f"gs://{BUCKET}/crawl/")
    assert [as_local(d, f"gs://{BUCKET}/crawl/", crawl) for d in got] == local_documents(crawl)


def test_gs_endpoint_from_the_environment(gcs, crawl, monkeypatch):
    """No endpoint option: gcsfs takes the emulator from STORAGE_EMULATOR_HOST itself."""
    _, url = gcs
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", url)
    result = run("clean", "-q", "-j", "1", "-f", "jsonl", "--storage-option", "token=anon",
                 f"gs://{BUCKET}/crawl/site/")
    assert result.exit_code == 0, result.output
    got = [as_local(json.loads(line), f"gs://{BUCKET}/crawl/", crawl) for line in result.stdout.splitlines()]
    assert got == local_documents(crawl / "site") and len(got) == 6


# ------------------------------------------------------------------ az:// (adlfs; a stand-in)

AZURITE = ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
           "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
           "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")


def test_az_options_reach_adlfs():
    """An az:// URL opens adlfs's filesystem with the connection string given (an Azurite
    one here); nothing is sent to the endpoint (adlfs connects on first use)."""
    adlfs = pytest.importorskip("adlfs")
    fs, path = filesystem("az://box/crawl/", {"connection_string": AZURITE})
    assert isinstance(fs, adlfs.AzureBlobFileSystem) and path.rstrip("/") == "box/crawl"
    assert fs.connection_string == AZURITE
    # the client it made points at the endpoint and account the string names
    assert fs.service_client.url.rstrip("/") == "http://127.0.0.1:10000/devstoreaccount1"
    assert fs.service_client.account_name == "devstoreaccount1"


@pytest.fixture
def az_stand_in(tmp_path, monkeypatch):
    """The az protocol served by a local folder (fsspec's DirFileSystem): each filesystem
    made records the options it was given. This tests govclean's handling of az:// URLs
    (listing, reading, the dataset's temporary parts and moves), not adlfs or Azure."""
    from fsspec.implementations.dirfs import DirFileSystem
    from fsspec.implementations.local import LocalFileSystem

    root = tmp_path / "account"
    root.mkdir()
    made = []

    class StandIn(DirFileSystem):
        protocol = ("az",)
        cachable = False

        def __init__(self, **options):
            made.append(options)
            super().__init__(path=str(root), fs=LocalFileSystem(auto_mkdir=True))  # as a store: no folders to make

        @classmethod
        def _strip_protocol(cls, path):
            return path[len("az://"):] if path.startswith("az://") else path

    monkeypatch.setitem(sys.modules["fsspec.registry"]._registry, "az", StandIn)
    return root, made


def test_az_urls_round_trip_through_a_stand_in(az_stand_in, crawl):
    root, made = az_stand_in
    (root / "box").mkdir()
    os.symlink(crawl, root / "box" / "crawl")
    result = run("clean", "-q", "-j", "1", "-f", "parquet", "--storage-option",
                 f"connection_string={AZURITE}", "-o", "az://box/clean/", "az://box/crawl/")
    assert result.exit_code == 0, result.output
    assert made and all(o == {"connection_string": AZURITE} for o in made)
    got = [parquet.from_row(r) for r in pq.read_table(str(root / "box" / "clean")).to_pylist()]
    assert got[0]["input"].startswith("az://box/crawl/")
    assert [as_local(d, "az://box/crawl/", crawl) for d in got] == local_documents(crawl)
