# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Dedup's fingerprint kernels and the surveys' line hashes in C (optional: dedup.py's numpy forms, textutil.line_hash, give the same values)."""
import numpy as np

from cpython.unicode cimport PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport free, malloc, qsort
from libc.string cimport memcpy, memset

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object o)  # a compact str of ASCII only: its data is its UTF-8

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


# BLAKE2b (RFC 7693) with an 8-byte digest and no key, for textutil.line_hash's values
cdef uint64_t B2_IV[8]
B2_IV[:] = [0x6A09E667F3BCC908ULL, 0xBB67AE8584CAA73BULL, 0x3C6EF372FE94F82BULL,
            0xA54FF53A5F1D36F1ULL, 0x510E527FADE682D1ULL, 0x9B05688C2B3E6C1FULL,
            0x1F83D9ABFB41BD6BULL, 0x5BE0CD19137E2179ULL]
cdef unsigned char B2_SIGMA[160]  # the message words' order in rounds 0-9 (10 and 11 repeat 0 and 1)
B2_SIGMA[:] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
    7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
    9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
    2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
    12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
    13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
    6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
    10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]
# parameter block word 0: digest length 8, key length 0, fanout 1, depth 1
cdef uint64_t B2_PARAM = 0x01010008ULL
cdef enum:
    B2_BLOCK = 128
    LINE_STACK = 4096  # a line's UTF-8 up to this many bytes on the stack, longer in a malloc


cdef inline uint64_t _rotr(uint64_t x, int n) noexcept nogil:
    return (x >> n) | (x << (64 - n))


cdef inline void _g(uint64_t* v, int a, int b, int c, int d, uint64_t x, uint64_t y) noexcept nogil:
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


cdef inline uint64_t _load64(const unsigned char* p) noexcept nogil:
    """8 bytes as a little-endian word, whatever the machine's order (compilers make it one load)."""
    return (<uint64_t>p[0] | (<uint64_t>p[1] << 8) | (<uint64_t>p[2] << 16) | (<uint64_t>p[3] << 24)
            | (<uint64_t>p[4] << 32) | (<uint64_t>p[5] << 40) | (<uint64_t>p[6] << 48)
            | (<uint64_t>p[7] << 56))


cdef void _compress(uint64_t* h, const unsigned char* block, uint64_t t, bint last) noexcept nogil:
    cdef uint64_t v[16]
    cdef uint64_t m[16]
    cdef int i, r
    cdef const unsigned char* sg
    for i in range(16):
        m[i] = _load64(block + 8 * i)
    for i in range(8):
        v[i] = h[i]
        v[i + 8] = B2_IV[i]
    v[12] ^= t
    if last:
        v[14] = ~v[14]
    for r in range(12):
        sg = &B2_SIGMA[16 * (r % 10)]
        _g(v, 0, 4, 8, 12, m[sg[0]], m[sg[1]])
        _g(v, 1, 5, 9, 13, m[sg[2]], m[sg[3]])
        _g(v, 2, 6, 10, 14, m[sg[4]], m[sg[5]])
        _g(v, 3, 7, 11, 15, m[sg[6]], m[sg[7]])
        _g(v, 0, 5, 10, 15, m[sg[8]], m[sg[9]])
        _g(v, 1, 6, 11, 12, m[sg[10]], m[sg[11]])
        _g(v, 2, 7, 8, 13, m[sg[12]], m[sg[13]])
        _g(v, 3, 4, 9, 14, m[sg[14]], m[sg[15]])
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


cdef uint64_t _blake2b64(const unsigned char* p, size_t n) noexcept nogil:
    """BLAKE2b-64 of p[:n], its 8 bytes read as a little-endian integer."""
    cdef uint64_t h[8]
    cdef unsigned char last[B2_BLOCK]
    cdef uint64_t t = 0
    cdef int i
    for i in range(8):
        h[i] = B2_IV[i]
    h[0] ^= B2_PARAM
    while n > B2_BLOCK:  # every full block but the last
        t += B2_BLOCK
        _compress(h, p, t, False)
        p += B2_BLOCK
        n -= B2_BLOCK
    memset(last, 0, B2_BLOCK)
    memcpy(last, p, n)
    _compress(h, last, t + n, True)
    return h[0]


cdef Py_ssize_t _utf8(str text, unsigned char* out) noexcept:
    """The text's UTF-8 into out (4 bytes a character at most): its length, or -1 for a
    lone surrogate (which UTF-8 cannot encode)."""
    cdef Py_ssize_t i, k = 0, n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef uint32_t ch
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        if ch < 0x80:
            out[k] = <unsigned char>ch
            k += 1
        elif ch < 0x800:
            out[k] = <unsigned char>(0xC0 | (ch >> 6))
            out[k + 1] = <unsigned char>(0x80 | (ch & 0x3F))
            k += 2
        elif ch < 0x10000:
            if 0xD800 <= ch <= 0xDFFF:
                return -1
            out[k] = <unsigned char>(0xE0 | (ch >> 12))
            out[k + 1] = <unsigned char>(0x80 | ((ch >> 6) & 0x3F))
            out[k + 2] = <unsigned char>(0x80 | (ch & 0x3F))
            k += 3
        else:
            out[k] = <unsigned char>(0xF0 | (ch >> 18))
            out[k + 1] = <unsigned char>(0x80 | ((ch >> 12) & 0x3F))
            out[k + 2] = <unsigned char>(0x80 | ((ch >> 6) & 0x3F))
            out[k + 3] = <unsigned char>(0x80 | (ch & 0x3F))
            k += 4
    return k


def line_hashes(list texts):
    """[textutil.line_hash(t) if t else None for t in texts]: None for an empty string;
    None for the whole list when a text holds a lone surrogate (line_hash's encode raises)."""
    cdef list out = []
    cdef unsigned char stack[LINE_STACK]
    cdef unsigned char* buf = stack
    cdef Py_ssize_t size = LINE_STACK, need, n
    try:
        for text in texts:
            if not text:
                out.append(None)
                continue
            if PyUnicode_IS_ASCII(<str?>text):  # its own UTF-8, as CPython stores it
                out.append(_blake2b64(<const unsigned char*>PyUnicode_DATA(text), len(text)))
                continue
            need = 4 * len(text)
            if need > size:
                if buf != stack:
                    free(buf)
                buf = <unsigned char*>malloc(need)
                if buf == NULL:
                    raise MemoryError()
                size = need
            n = _utf8(text, buf)
            if n < 0:
                return None
            out.append(_blake2b64(buf, n))
    finally:
        if buf != stack:
            free(buf)
    return out


cdef int _order_u64(const void* a, const void* b) noexcept nogil:
    cdef uint64_t x = (<const uint64_t*>a)[0], y = (<const uint64_t*>b)[0]
    return (x > y) - (x < y)


def sorted_hashes(list hashes):
    """dedup.sorted_unique(np.array([h for h in hashes if h is not None], dtype=np.uint64)):
    the 64-bit values (ints; OverflowError for one outside 0..2**64-1), sorted, each once."""
    out = np.empty(len(hashes), dtype=np.uint64)
    cdef uint64_t[::1] o = out
    cdef Py_ssize_t n = 0, i, kept = 0
    for h in hashes:
        if h is not None:
            o[n] = h
            n += 1
    if n:
        qsort(&o[0], n, sizeof(uint64_t), _order_u64)
        kept = 1
        for i in range(1, n):
            if o[i] != o[kept - 1]:
                o[kept] = o[i]
                kept += 1
    return out[:kept].copy()
