# cython: language_level=3, boundscheck=False, wraparound=False
"""The markup scans of segment.cap_attributes, one C loop each (optional: segment.py's regexes give the same answers)."""
from cpython.unicode cimport Py_UNICODE_ISSPACE, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ


cdef inline bint _ascii_letter(Py_UCS4 ch) noexcept nogil:
    return (ch >= 97 and ch <= 122) or (ch >= 65 and ch <= 90)  # a-z, A-Z


def long_tag_starts(str text, Py_ssize_t run):
    """[m.start() for m in re.finditer(r"<[a-zA-Z][^<>]{run}", text)]: every "<" whose
    next character is an ASCII letter and whose next `run` characters after that hold no
    "<" or ">" (such a match holds no other "<": the matches cannot overlap)."""
    cdef list out = []
    cdef Py_ssize_t n = len(text), i = 0, j, end
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    while i + 1 + run < n:  # a match takes 2 + run characters
        if PyUnicode_READ(kind, data, i) != 60 or not _ascii_letter(PyUnicode_READ(kind, data, i + 1)):  # "<"
            i += 1
            continue
        j, end = i + 2, i + 2 + run
        while j < end:
            ch = PyUnicode_READ(kind, data, j)
            if ch == 60 or ch == 62:  # "<", ">"
                break
            j += 1
        if j == end:
            out.append(i)
            i = end
        else:
            i = j  # the first "<" or ">" after i: no match starts before it
    return out


def angle_value_count(str text, Py_ssize_t value_max, Py_ssize_t stop):
    """len(re.findall(r'''=\\s*+(?:"[^"<>]{0,value_max}+[<>]|'[^'<>]{0,value_max}+[<>])''', text)),
    counted up to `stop` (a count of `stop` means at least that many): an "=", white space
    (str.isspace's, as re's \\s for str), a quote, at most value_max characters that are
    neither that quote nor "<" nor ">", then "<" or ">". findall goes on after a match's
    end; after a failed start, at the next character."""
    cdef Py_ssize_t n = len(text), i = 0, j, end, count = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch, quote
    while i < n and count < stop:
        if PyUnicode_READ(kind, data, i) != 61:  # "="
            i += 1
            continue
        j = i + 1
        while j < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)):
            j += 1
        quote = PyUnicode_READ(kind, data, j) if j < n else 0
        if quote != 34 and quote != 39:  # '"', "'"
            i += 1
            continue
        j += 1
        end = j + value_max + 1 if j + value_max + 1 < n else n  # the value and its "<" or ">"
        while j < end:
            ch = PyUnicode_READ(kind, data, j)
            if ch == 60 or ch == 62:
                break
            if ch == quote:
                j = end  # the value closes before any "<" or ">": no match here
                break
            j += 1
        if j < end:
            count += 1
            i = j + 1
        else:
            i += 1
    return count
