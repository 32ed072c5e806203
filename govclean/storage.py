"""Storage: fsspec URLs (s3://, gs://, az://, file://) as inputs and outputs, with their options."""
from __future__ import annotations

import json
import os
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from .errors import GovcleanError, InputError

# A URL has a scheme of two letters or more (a Windows drive letter C:\ is not one).
RE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")
# Environment variables read for S3 besides those botocore reads itself (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE, AWS_DEFAULT_REGION): the endpoint of
# an S3-compatible store (MinIO, Ceph, a moto server), which older botocore releases ignore.
S3_ENDPOINT_ENV = "AWS_ENDPOINT_URL"


def is_url(path: Optional[str]) -> bool:
    return bool(path) and bool(RE_URL.match(path))


def parse_options(pairs) -> Dict[str, Any]:
    """--storage-option KEY=VALUE pairs; a VALUE that reads as JSON (true, 3, {...}) is that."""
    out: Dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"{pair!r}: expected KEY=VALUE")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def options_for(url: str, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """The options a URL's filesystem is opened with: the given ones, and for S3 the
    endpoint from AWS_ENDPOINT_URL unless one is given."""
    opts = dict(options or {})
    endpoint = os.environ.get(S3_ENDPOINT_ENV)
    if url.startswith(("s3://", "s3a://")) and endpoint and "endpoint_url" not in opts \
            and "endpoint_url" not in opts.get("client_kwargs", {}):
        opts["endpoint_url"] = endpoint
    return opts


def filesystem(url: str, options: Optional[Dict[str, Any]] = None) -> Tuple[Any, str]:
    """(fsspec filesystem, path within it) for a URL or a local path."""
    try:
        import fsspec
    except ImportError:
        raise GovcleanError(url, "object storage needs fsspec: pip install 'govclean[cluster]'") from None
    if not is_url(url):
        url = os.path.abspath(url)
    try:
        return fsspec.core.url_to_fs(url, **options_for(url, options))
    except (ImportError, ValueError) as exc:
        raise GovcleanError(url, f"cannot open ({exc})") from None


def join(root: str, name: str) -> str:
    return root.rstrip("/") + "/" + name


def list_pages(url: str, extensions: Tuple[str, ...], options: Optional[Dict[str, Any]] = None
               ) -> Iterator[Tuple[str, str]]:
    """(URL, path relative to url) of each page below url (or url itself when it is one
    object), sorted; hidden names (a leading dot anywhere below url) are skipped."""
    fs, root = filesystem(url, options)
    protocol = url.split("://", 1)[0]
    try:
        if not fs.isdir(root):
            yield url, url.rstrip("/").rsplit("/", 1)[-1]
            return
        found: List[str] = sorted(fs.find(root))
    except OSError as exc:
        raise InputError(url, f"cannot be listed ({exc})") from None
    base = root.rstrip("/") + "/"
    for path in found:
        rel = path[len(base):] if path.startswith(base) else path.rsplit("/", 1)[-1]
        if any(part.startswith(".") for part in rel.split("/")) or not rel.lower().endswith(extensions):
            continue
        yield f"{protocol}://{path}", rel


def read_url(url: str, max_bytes: int, options: Optional[Dict[str, Any]] = None) -> Optional[bytes]:
    """The bytes of one object, None when it is larger than max_bytes."""
    fs, path = filesystem(url, options)
    try:
        with fs.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(url, "no such object") from None
    except (OSError, ValueError) as exc:
        raise InputError(url, f"cannot be read ({exc})") from None
    return None if len(data) > max_bytes else data
