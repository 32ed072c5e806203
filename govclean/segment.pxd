# Cython declarations for segment.py's compiled form (an augmenting .pxd): the walker and its
# frames become extension types, so `self.stack`, `frame.hidden` are struct slots, not dict
# or descriptor look-ups, and the walker's lists are typed (append/pop/[-1] inline). The pure
# .py ignores this file (tests/test_walk.py: the compiled walker is an extension type).

cdef class _Walker:
    cdef public object hidden_css, link_chars, chars
    cdef public list blocks, parts, stack, row, cuts

cdef class _Frame:
    cdef public object tag, block_tag, path, container, hidden, structural, in_li, in_td
    cdef public object in_link, in_article, data_row
