# Cython declarations for segment.py's compiled form (an augmenting .pxd): the walker and its
# frames become extension types, so `self.stack`, `frame.hidden` are struct slots, not dict
# or descriptor look-ups. The pure .py ignores this file.

cdef class _Walker:
    cdef public object hidden_css, blocks, parts, link_chars, stack, row, chars, cuts

cdef class _Frame:
    cdef public object tag, block_tag, path, container, hidden, structural, in_li, in_td
    cdef public object in_link, in_article, data_row
