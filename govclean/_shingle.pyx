# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Dedup's fingerprint kernels, one C loop each (optional: dedup.py's numpy forms give the same arrays)."""
import numpy as np

from cpython.unicode cimport PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
from libc.stdint cimport uint32_t, uint64_t
from libc.string cimport memset

# dedup._MULT, the FNV prime of the polynomial hash, and MurmurHash3's finalizer (dedup._fmix)
cdef uint64_t MULT = 0x100000001B3ULL
cdef uint64_t FMIX_C1 = 0xFF51AFD7ED558CCDULL
cdef uint64_t FMIX_C2 = 0xC4CEB9FE1A85EC53ULL
# dedup.NUM_PERM bins, chosen by the top BIN_BITS bits of a mixed hash
cdef enum:
    BIN_BITS = 6
    BINS = 64
    RADIX = 256  # the radix sort's digits: 8 bits, 4 passes over 32-bit values


cdef inline uint64_t _fmix(uint64_t h) noexcept nogil:
    h ^= h >> 33
    h *= FMIX_C1
    h ^= h >> 33
    h *= FMIX_C2
    h ^= h >> 33
    return h


cdef Py_ssize_t _sort_unique(uint32_t* a, uint32_t* tmp, Py_ssize_t n) noexcept nogil:
    """Sorts a[:n] (LSD radix sort through tmp[:n]), then keeps each value once; the count kept."""
    cdef Py_ssize_t counts[4][RADIX]
    cdef Py_ssize_t i, k, total, c
    cdef int d
    cdef uint32_t v
    cdef uint32_t* src = a
    cdef uint32_t* dst = tmp
    cdef uint32_t* swap
    memset(counts, 0, sizeof(counts))
    for i in range(n):
        v = a[i]
        counts[0][v & 255] += 1
        counts[1][(v >> 8) & 255] += 1
        counts[2][(v >> 16) & 255] += 1
        counts[3][v >> 24] += 1
    for d in range(4):
        total = 0
        for k in range(RADIX):
            c = counts[d][k]
            counts[d][k] = total
            total += c
        for i in range(n):
            v = src[i]
            k = (v >> (8 * d)) & 255
            dst[counts[d][k]] = v
            counts[d][k] += 1
        swap = src
        src = dst
        dst = swap
    # four passes: the sorted values are back in a
    if n == 0:
        return 0
    k = 1
    for i in range(1, n):
        if a[i] != a[k - 1]:
            a[k] = a[i]
            k += 1
    return k


def shingle_hashes(str norm, Py_ssize_t size):
    """dedup.shingle_hashes: the top 32 bits of the polynomial hash of every `size`-character
    window (the whole text when shorter), rolled along the text in one pass, sorted and unique."""
    cdef Py_ssize_t n = len(norm), width, count, i, j, kept
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef uint64_t h = 0, top = 1
    cdef Py_UCS4 ch
    if n == 0:
        return np.empty(0, dtype=np.uint32)
    if kind != PyUnicode_1BYTE_KIND:
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            if 0xD800 <= ch <= 0xDFFF:  # a lone surrogate: the numpy form's encode raises
                return None
    width = min(size, n)
    count = n - width + 1
    out = np.empty(2 * count, dtype=np.uint32)  # the hashes, then the sort's scratch
    cdef uint32_t[::1] o = out
    for j in range(width):
        h = h * MULT + <uint64_t>PyUnicode_READ(kind, data, j)
        if j:
            top *= MULT  # MULT ** (width - 1): the weight of a window's first character
    o[0] = <uint32_t>(h >> 32)
    for i in range(1, count):
        h = (h - top * <uint64_t>PyUnicode_READ(kind, data, i - 1)) * MULT \
            + <uint64_t>PyUnicode_READ(kind, data, i + width - 1)
        o[i] = <uint32_t>(h >> 32)
    kept = _sort_unique(&o[0], &o[count], count)
    return out[:kept].copy()


def minhash(const uint32_t[::1] items):
    """dedup.minhash of a non-empty set: each value mixed, its top bits choose a bin, each
    bin keeps its least value; an empty bin takes the next filled bin's value mixed with
    the distance; each bin's 32 bits below the bin number."""
    cdef uint64_t values[BINS]
    cdef char filled[BINS]
    cdef Py_ssize_t i, n = items.shape[0]
    cdef int b, nxt
    cdef uint64_t h
    if n == 0:
        return np.zeros(BINS, dtype=np.uint32)
    memset(filled, 0, sizeof(filled))
    for b in range(BINS):
        values[b] = 0xFFFFFFFFFFFFFFFFULL
    for i in range(n):
        h = _fmix(items[i])
        b = <int>(h >> (64 - BIN_BITS))
        filled[b] = 1
        if h < values[b]:
            values[b] = h
    out = np.empty(BINS, dtype=np.uint32)
    cdef uint32_t[::1] o = out
    for b in range(BINS):
        if filled[b]:
            o[b] = <uint32_t>((values[b] << BIN_BITS) >> 32)
            continue
        nxt = (b + 1) % BINS
        while not filled[nxt]:
            nxt = (nxt + 1) % BINS
        h = _fmix(values[nxt] + <uint64_t>((nxt - b + BINS) % BINS) * MULT)
        o[b] = <uint32_t>((h << BIN_BITS) >> 32)
    return out
