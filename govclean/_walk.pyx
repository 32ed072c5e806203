# cython: language_level=3, boundscheck=False, wraparound=False
"""The HTML walk's element events read from libxml2's nodes through lxml's C API (optional: segment.py's pure walk gives the same blocks)."""
from libc.stdlib cimport free, realloc
from libc.string cimport strcmp, strncmp, strstr

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport const_xmlChar, xmlAttr, xmlNode

import lxml.etree

cetree.import_lxml__etree()

# lxml's structs are read directly: only the lxml this was compiled against may run it.
BUILT_LXML = (<bytes>cetree.LXML_VERSION_STRING).decode("ascii")
if BUILT_LXML != lxml.etree.__version__:
    raise ImportError(f"govclean._walk was built against lxml {BUILT_LXML}, "
                      f"this is lxml {lxml.etree.__version__}")

# The events, as segment.py's _Walker._walk_events reads them (segment.EVENT_KINDS):
#   (LEAF, tag, text, tail)              an inline element without children (left out
#                                        when it has no text or tail and is not a <br>)
#   (START, tag, attributes, text, data_row)   an element that gets a frame
#   (END, tail)                          its end
#   (TEXT, tail)                         the end of a skipped (SKIP_TAGS) element (with a tail)
#   (CUT,)                               the element past max_elements starts here
cdef enum:
    LEAF = 0
    START = 1
    END = 2
    TEXT = 3
    CUT = 4
KINDS = (LEAF, START, END, TEXT, CUT)

# What an open element was, per depth.
cdef enum:
    FRAMED = 0
    FRAMED_TR = 1
    SKIPPED = 2
    AFTER_CUT = 3


cdef inline bint _is_element(xmlNode* c_node) noexcept nogil:
    """What lxml counts as an element (len()'s children): comments and PIs too."""
    return (c_node.type == tree.XML_ELEMENT_NODE or c_node.type == tree.XML_COMMENT_NODE
            or c_node.type == tree.XML_ENTITY_REF_NODE or c_node.type == tree.XML_PI_NODE)


cdef inline bint _has_elements(xmlNode* c_node) noexcept nogil:
    """len(el) > 0, from el's first child."""
    while c_node is not NULL and not _is_element(c_node):
        c_node = c_node.next
    return c_node is not NULL


cdef inline xmlNode* _next_walked(xmlNode* c_node) noexcept nogil:
    """The first node from c_node on that iterwalk yields: an element or an entity
    reference (it passes over comments and PIs without an event, tails and all)."""
    while c_node is not NULL and not (c_node.type == tree.XML_ELEMENT_NODE
                                      or c_node.type == tree.XML_ENTITY_REF_NODE):
        c_node = c_node.next
    return c_node


cdef object _attributes(xmlNode* c_node, object empty, list read):
    """dict(el.items()) (lxml's own name and value functions) cut to the names in `read`
    (bytes: un-namespaced attributes the walker reads), or `empty` for an element without
    any of them."""
    cdef xmlAttr* c_attr = c_node.properties
    names = None
    while c_attr is not NULL:
        if c_attr.type == tree.XML_ATTRIBUTE_NODE and (c_attr.ns is NULL or c_attr.ns.href is NULL
                                                       or c_attr.ns.href[0] == 0) \
                and _in_names(c_attr.name, read):
            if names is None:
                names = {}
            names[cetree.namespacedName(<xmlNode*>c_attr)] = cetree.attributeValue(c_node, c_attr)
        c_attr = c_attr.next
    return empty if names is None else names


cdef object _leaf_text(xmlNode* c_node):
    """.text of a walked node: an element's text, an entity reference's "&name;"."""
    if c_node.type == tree.XML_ELEMENT_NODE:
        return cetree.textOf(c_node)
    return "&" + cetree.pyunicode(c_node.name) + ";"


cdef inline bint _no_namespace(xmlNode* c_node) noexcept:
    """What a tag without "{...}" matches in lxml's iter() and iterdescendants()."""
    return c_node.ns is NULL or c_node.ns.href is NULL or c_node.ns.href[0] == 0


cdef bint _in_names(const_xmlChar* name, list names):
    cdef bytes n
    for n in names:
        if strcmp(<const char*>name, <const char*>n) == 0:
            return True
    return False


cdef class _Depths:
    """A growable array of ints: what each open element was (FRAMED, FRAMED_TR, ...)."""
    cdef int* kinds
    cdef Py_ssize_t size, top

    def __cinit__(self):
        self.kinds, self.size, self.top = NULL, 0, 0

    def __dealloc__(self):
        free(self.kinds)

    cdef int push(self, int kind) except -1:
        cdef int* grown
        if self.top == self.size:
            grown = <int*>realloc(self.kinds, (2 * self.size + 64) * sizeof(int))
            if grown is NULL:
                raise MemoryError()
            self.kinds, self.size = grown, 2 * self.size + 64
        self.kinds[self.top] = kind
        self.top += 1
        return 0

    cdef inline int pop(self) noexcept:
        self.top -= 1
        return self.kinds[self.top]


def events(cetree._Element start, skip, framed, layout_inside_row, Py_ssize_t max_elements,
           empty, read_attributes):
    """The walk of `start` (the body), in the order lxml's iterwalk meets its elements: what
    segment._Walker._walk reads from element proxies, as a list of events (see KINDS).

    skip: tags (as lxml spells them) whose subtree is not read; framed: lowered tags that get
    a frame even without children; layout_inside_row: tags that make a <tr> a layout row
    (any descendant, skipped ones too); max_elements: past this many elements a CUT event
    ends the events (the walk then only finishes the rows' data_row flags); empty: the
    attributes of an element without any; read_attributes: the attribute names a START
    event carries (the others the walker never reads)."""
    cdef list out = []
    cdef list layout = [t.encode("utf-8") for t in layout_inside_row]
    cdef list read = [a.encode("utf-8") for a in read_attributes]
    cdef list rows = []  # indices in out of the open data-row candidates' START events
    cdef Py_ssize_t marked = 0  # rows[:marked] have a layout descendant
    cdef Py_ssize_t elements = 0, skip_depth = 0
    cdef bint cut = False
    cdef int kind
    cdef _Depths depths = _Depths()
    cdef xmlNode* top = start._c_node
    cdef xmlNode* c_node = top
    cdef xmlNode* child
    while True:
        # ---- start of c_node
        elements += 1
        if c_node.type == tree.XML_ELEMENT_NODE and _no_namespace(c_node) \
                and _in_names(c_node.name, layout):
            marked = len(rows)
        child = _next_walked(c_node.children) if c_node.type == tree.XML_ELEMENT_NODE else NULL
        if cut:
            kind = AFTER_CUT
        elif elements > max_elements:
            out.append((CUT,))
            cut, kind = True, AFTER_CUT
        elif skip_depth:
            skip_depth += 1
            kind = SKIPPED
        else:
            tag = cetree.namespacedName(c_node) if c_node.type == tree.XML_ELEMENT_NODE else ""
            if tag in skip:
                skip_depth, kind = 1, SKIPPED
            else:
                tag = tag.lower()
                if tag not in framed and not (c_node.type == tree.XML_ELEMENT_NODE
                                              and _has_elements(c_node.children)):
                    text, tail = _leaf_text(c_node), cetree.tailOf(c_node)
                    if text or tail or tag == "br":  # else the walker would do nothing with it
                        out.append((LEAF, tag, text, tail))
                    kind = -1
                else:
                    if tag == "tr":
                        rows.append(len(out))
                        kind = FRAMED_TR
                    else:
                        kind = FRAMED
                    out.append((START, tag, _attributes(c_node, empty, read), _leaf_text(c_node), False))
        if child is not NULL:
            depths.push(kind)
            c_node = child
            continue
        # ---- ends: of c_node, then of each ancestor whose last element it was
        while True:
            if kind == FRAMED or kind == FRAMED_TR:
                if not cut:
                    out.append((END, cetree.tailOf(c_node)))
                if kind == FRAMED_TR:
                    if len(rows) > marked:  # no layout descendant: a data row
                        at = rows[len(rows) - 1]
                        event = out[at]
                        out[at] = (START, event[1], event[2], event[3], True)
                    del rows[len(rows) - 1]
                    if marked > len(rows):
                        marked = len(rows)
            elif kind == SKIPPED:
                skip_depth -= 1
                if skip_depth == 0 and not cut:
                    tail = cetree.tailOf(c_node)
                    if tail:
                        out.append((TEXT, tail))
            if c_node is top:
                return out
            child = _next_walked(c_node.next)
            if child is not NULL:
                c_node = child
                break
            c_node = c_node.parent
            kind = depths.pop()


# ---------------------------------------------------------------- prefilters for sources.py
# Conservative: each gives a superset (in document order) of the elements sources.py's
# readers can take something from; those readers still test every element given.

cdef inline xmlNode* _next_in(xmlNode* c_node, xmlNode* top) noexcept nogil:
    """The next node after c_node in document order inside top's subtree (NULL past its end)."""
    if c_node.children is not NULL and (c_node.type == tree.XML_ELEMENT_NODE or c_node is top):
        return c_node.children
    while c_node is not top:
        if c_node.next is not NULL:
            return c_node.next
        c_node = c_node.parent
    return NULL


cdef inline bint _named(xmlNode* c_node, const char* name) noexcept nogil:
    """An element lxml's iter(name) matches: that exact name, no namespace."""
    return c_node.type == tree.XML_ELEMENT_NODE and _no_namespace_nogil(c_node) \
        and strcmp(<const char*>c_node.name, name) == 0


cdef inline bint _no_namespace_nogil(xmlNode* c_node) noexcept nogil:
    return c_node.ns is NULL or c_node.ns.href is NULL or c_node.ns.href[0] == 0


cdef inline unsigned char _lower(unsigned char c) noexcept nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef inline bint _type_start(unsigned char a, unsigned char b) noexcept nogil:
    """a, b (a lowered) may begin one of sources.ATTACHMENT_TYPES under re's IGNORECASE:
    7z cs do dp et of pd pp ra wp xl zi (the first letters fold from ASCII only; an "s"
    after c may be U+017F and an "i" after z U+0130 or U+0131: any non-ASCII byte there)."""
    b = _lower(b)
    if a == 99:  # c
        return b == 115 or b >= 128
    if a == 122:  # z
        return b == 105 or b >= 128
    return (a == 55 and b == 122) or (a == 100 and (b == 111 or b == 112)) or (a == 101 and b == 116) \
        or (a == 111 and b == 102) or (a == 112 and (b == 100 or b == 112)) or (a == 114 and b == 97) \
        or (a == 119 and b == 112) or (a == 120 and b == 108)


cdef struct _DotScan:
    int state  # 0: nothing, 1: after ".", 2: after "." and `first`
    unsigned char first
    bint hit


cdef inline void _scan(_DotScan* s, const_xmlChar* text) noexcept nogil:
    """Feed text's bytes: s.hit once "." and two bytes that may begin a type went by."""
    cdef const unsigned char* p = <const unsigned char*>text
    cdef unsigned char c
    if p is NULL:
        return
    while p[0] != 0 and not s.hit:
        c = p[0]
        if c == 46:  # "."
            s.state = 1
        elif s.state == 1:
            s.first, s.state = _lower(c), 2
        elif s.state == 2:
            s.hit, s.state = _type_start(s.first, c), 0
        p += 1


cdef bint _may_name_a_file(xmlNode* a) noexcept nogil:
    """The <a>'s href or its text (text_of: every text node below it) holds "." and the
    start of an attachment type; any other kind of node below it (an entity reference, a
    comment) counts as may, untested."""
    cdef _DotScan s
    cdef xmlAttr* c_attr = a.properties
    cdef xmlNode* c_node
    while c_attr is not NULL:
        if strcmp(<const char*>c_attr.name, b"href") == 0:
            s.state, s.hit = 0, False
            c_node = c_attr.children
            while c_node is not NULL:
                if c_node.type != tree.XML_TEXT_NODE:
                    return True
                _scan(&s, c_node.content)
                c_node = c_node.next
            if s.hit:
                return True
        c_attr = c_attr.next
    s.state, s.hit = 0, False
    c_node = _next_in(a, a)
    while c_node is not NULL:
        if c_node.type == tree.XML_TEXT_NODE or c_node.type == tree.XML_CDATA_SECTION_NODE:
            _scan(&s, c_node.content)
            if s.hit:
                return True
        elif c_node.type != tree.XML_ELEMENT_NODE:
            return True
        c_node = _next_in(c_node, a)
    return False


def attachment_links(cetree._Element root):
    """The <a> elements of root.iter("a") whose href or text may name a document
    (sources.attachments tests each): those holding "." and a type's first two letters."""
    cdef list out = []
    cdef xmlNode* c_node = root._c_node
    while c_node is not NULL:
        if _named(c_node, b"a") and _may_name_a_file(c_node):
            out.append(cetree.elementFactory(root._doc, c_node))
        c_node = _next_in(c_node, root._c_node)
    return out


cdef bint _may_date(xmlNode* c_node, bint abbr) noexcept nogil:
    """An attribute time_candidates reads: datetime, content, data-* (and an <abbr>'s title)."""
    cdef xmlAttr* c_attr = c_node.properties
    cdef const char* name
    while c_attr is not NULL:
        name = <const char*>c_attr.name
        if strcmp(name, b"datetime") == 0 or strcmp(name, b"content") == 0 \
                or strncmp(name, b"data-", 5) == 0 or (abbr and strcmp(name, b"title") == 0):
            return True
        c_attr = c_attr.next
    return False


def dated_elements(cetree._Element root):
    """The elements of root.iter("time", "span", "div", "p", "abbr") with an attribute
    sources.time_candidates reads (an element without one gives it nothing)."""
    cdef list out = []
    cdef xmlNode* c_node = root._c_node
    cdef bint abbr
    while c_node is not NULL:
        if c_node.type == tree.XML_ELEMENT_NODE and c_node.properties is not NULL:
            abbr = _named(c_node, b"abbr")
            if (abbr or _named(c_node, b"time") or _named(c_node, b"span") or _named(c_node, b"div")
                    or _named(c_node, b"p")) and _may_date(c_node, abbr):
                out.append(cetree.elementFactory(root._doc, c_node))
        c_node = _next_in(c_node, root._c_node)
    return out


def writing_scripts(cetree._Element root):
    """The <script> elements of root.iter("script") whose text may call document.write
    (sources.script_lines reads no other): one text node holding it, or text split over
    several nodes (untested)."""
    cdef list out = []
    cdef xmlNode* c_node = root._c_node
    cdef xmlNode* child
    cdef int texts
    cdef bint found
    while c_node is not NULL:
        if _named(c_node, b"script"):
            texts, found, child = 0, False, c_node.children
            while child is not NULL and (child.type == tree.XML_TEXT_NODE
                                         or child.type == tree.XML_CDATA_SECTION_NODE):
                texts += 1
                if child.content is not NULL and strstr(<const char*>child.content, b"document.write") is not NULL:
                    found = True
                child = child.next
            if child is not NULL and (child.type == tree.XML_XINCLUDE_START
                                      or child.type == tree.XML_XINCLUDE_END):
                found = True  # lxml's .text reads on over these: untested
            if found or texts > 1:
                out.append(cetree.elementFactory(root._doc, c_node))
        c_node = _next_in(c_node, root._c_node)
    return out
