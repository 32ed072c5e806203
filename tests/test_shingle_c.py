"""The compiled kernels (govclean/_shingle.pyx) give the arrays dedup's numpy forms give, and the
line hashes textutil.line_hash gives: on generated strings (astral characters, empty, shorter than a
shingle, long, across BLAKE2b's 128-byte blocks), on every corpus page's text and lines, and the
Python forms run when the extension does not load."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govclean import compiled, dedup
from govclean.errors import InputError
from govclean.load import load_bytes
from govclean.textutil import body_key, key, line_hash

from test_walk import assert_installed_compiled

KERNEL = dedup._compiled_shingle()
needs_kernel = pytest.mark.skipif(KERNEL is None, reason="govclean._shingle does not load here "
                                  f"({compiled.extension_forms()['govclean._shingle'][1]})")

# Characters of every width CPython stores a str in (1, 2 and 4 bytes a character), few
# enough that windows repeat (duplicate shingles) and bins stay empty (the densification).
ALPHABET = st.sampled_from("ab1é中文字\u3000\U0001f600\U00020000\U0010fffd")
SMALL_TEXTS = st.text(ALPHABET, max_size=12)
ANY_TEXTS = st.text(max_size=3000)  # any code point but lone surrogates


def same_shingles(text: str, size: int = dedup.SHINGLE_SIZE) -> np.ndarray:
    fast, slow = KERNEL.shingle_hashes(text, size), dedup._shingle_hashes_numpy(text, size)
    assert fast.dtype == slow.dtype == np.uint32
    assert np.array_equal(fast, slow)
    return fast


def same_minhash(items: np.ndarray) -> None:
    fast, slow = KERNEL.minhash(items), dedup._minhash_numpy(items)
    assert fast.dtype == slow.dtype == np.uint32 and fast.shape == (dedup.NUM_PERM,)
    assert np.array_equal(fast, slow)


@needs_kernel
@settings(max_examples=500, deadline=None)
@given(SMALL_TEXTS | ANY_TEXTS, st.integers(1, 9))
def test_generated_texts_give_the_same_shingles_and_minhash(text, size):
    shingles = same_shingles(text, size)
    same_minhash(shingles)


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 2 ** 32 - 1), max_size=400))
def test_any_set_gives_the_same_minhash(values):
    same_minhash(np.unique(np.array(values, dtype=np.uint32)))


@needs_kernel
@pytest.mark.parametrize("text", ["", "a", "abcd", "abcde", "abcdef", "\U0001f600" * 4,
                                  "x\U0001f600中" * 3, "a" * 10_000, "中文" * 40_000])
def test_edges_give_the_same_arrays(text):
    shingles = same_shingles(text)
    same_minhash(shingles)
    assert len(shingles) == len(set(shingles.tolist()))  # unique, sorted below
    assert np.all(shingles[1:] > shingles[:-1])


@needs_kernel
def test_long_random_text_sorts_by_every_digit():
    rng = np.random.default_rng(7)
    text = "".join(map(chr, rng.integers(0x4E00, 0x9FFF, 200_000)))
    assert len(same_shingles(text)) > 190_000


@needs_kernel
def test_a_lone_surrogate_is_refused_as_by_numpy():
    assert KERNEL.shingle_hashes("abc\ud800def", 5) is None
    with pytest.raises(UnicodeEncodeError):
        dedup.shingle_hashes("abc\ud800def")


@needs_kernel
def test_strided_or_wide_items_take_the_numpy_form():
    items = dedup.shingle_hashes("the same words in another order, words the same")
    assert np.array_equal(dedup.minhash(items.astype(np.uint64)), dedup._minhash_numpy(items))
    wide = np.repeat(items, 2)[::2]
    assert not wide.flags.c_contiguous
    assert np.array_equal(dedup.minhash(wide), dedup._minhash_numpy(items))


def test_without_the_extension_the_numpy_forms_run(monkeypatch):
    text = "公开透明是法治政府的基本特征" * 3
    want = dedup.fingerprint(text)
    monkeypatch.setattr(dedup._compiled_shingle, "loaded", [None])
    called = []
    numpy_form = dedup._shingle_hashes_numpy
    monkeypatch.setattr(dedup, "_shingle_hashes_numpy", lambda *a: called.append(a) or numpy_form(*a))
    got = dedup.fingerprint(text)
    assert called and got.digest == want.digest
    assert np.array_equal(got.shingles, want.shingles) and np.array_equal(got.sketch, want.sketch)


def python_line_hashes(keys):
    return [line_hash(k) if k else None for k in keys]


@needs_kernel
@settings(max_examples=500, deadline=None)
@given(st.lists(SMALL_TEXTS | ANY_TEXTS | st.text(ALPHABET, min_size=20, max_size=80), max_size=8))
def test_generated_lines_give_the_same_hashes(keys):
    assert KERNEL.line_hashes(keys) == python_line_hashes(keys)


@needs_kernel
@pytest.mark.parametrize("size", [0, 1, 127, 128, 129, 255, 256, 257, 1000])
def test_lines_across_block_edges_give_the_same_hashes(size):
    for unit in ("a", "é", "中", "\U0001f600"):  # 1 to 4 bytes of UTF-8: every way to cross
        text = (unit * size)[:size]
        assert KERNEL.line_hashes([text, "x" + text]) == python_line_hashes([text, "x" + text])


@needs_kernel
def test_a_lone_surrogate_line_raises_as_line_hash_does():
    assert KERNEL.line_hashes(["ok", "a\udfffb"]) is None
    with pytest.raises(UnicodeEncodeError):
        dedup.line_hashes(["ok", "a\udfffb"])


@needs_kernel
@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.integers(0, 2 ** 64 - 1) | st.sampled_from([0, 1, 2 ** 63, 2 ** 64 - 1]),
                max_size=60))
def test_any_hashes_sort_the_same(hashes):
    fast = KERNEL.sorted_hashes(hashes)
    slow = dedup.sorted_unique(np.array([h for h in hashes if h is not None], dtype=np.uint64))
    assert fast.dtype == slow.dtype == np.uint64 and np.array_equal(fast, slow)


def test_without_the_extension_line_hashes_are_line_hash(monkeypatch):
    keys = ["", "公开透明", "menu", ""]
    monkeypatch.setattr(dedup._compiled_shingle, "loaded", [None])
    assert dedup.line_hashes(keys) == python_line_hashes(keys)
    assert dedup.line_hashes(keys)[0] is None and isinstance(dedup.line_hashes(keys)[1], int)
    assert dedup.sorted_hashes([None, 5, 3, 5]).tolist() == [3, 5]


@needs_kernel
@pytest.mark.corpus
def test_every_corpus_text_gives_the_same_arrays(shared_dir):
    pages = 0
    for path in sorted((shared_dir / "corpus").rglob("*")):
        if not path.is_file():
            continue
        try:
            text = load_bytes(path.read_bytes(), str(path)).text
        except InputError:  # a corpus file that is not a page (a bad save)
            continue
        for form in (body_key(text), text):
            same_minhash(same_shingles(form))
        lines = [key(line) for line in text.splitlines()] + text.splitlines()
        assert KERNEL.line_hashes(lines) == python_line_hashes(lines)
        pages += 1
    assert pages > 1000


def test_the_install_runs_the_compiled_kernels():
    assert_installed_compiled("govclean._shingle", KERNEL)
