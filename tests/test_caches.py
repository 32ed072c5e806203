"""clear_caches() forgets every bounded per-text memo, so a benchmark's passes over the same
pages are each a first reading (benchmarks/tools.py clears them before every pass)."""
from __future__ import annotations

import importlib
import pkgutil

import govclean
from govclean import clean_page
from govclean.api import clear_caches


def bounded_caches() -> dict:
    """Every functools.lru_cache with a size bound in govclean's modules (the unbounded
    ones memoise compiled patterns by their few arguments, not the text read)."""
    found = {}
    for info in pkgutil.walk_packages(govclean.__path__, "govclean."):
        if info.name.rsplit(".", 1)[-1].startswith("_") or "engines" in info.name:
            continue  # extension modules and engines hold no text memos
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra's module (cluster, parquet)
            continue
        for name, value in vars(module).items():
            info_fn = getattr(value, "cache_info", None)
            if callable(info_fn) and getattr(value, "cache_parameters", lambda: {})().get("maxsize") \
                    and getattr(value, "__module__", "").startswith("govclean"):  # not urllib's
                found[f"{value.__module__}.{value.__name__}"] = value
    return found


def test_clear_caches_forgets_every_bounded_memo():
    caches = bounded_caches()
    assert len(caches) >= 6  # text_verdict, label_line, chrome_reason, tokens, key, attr_word...
    html = ("<html><head><title>关于开展安全检查的通知</title></head><body><nav><a href='/'>首页</a>"
            "<a href='/x'>政务公开</a></nav><div class='article'><h1>关于开展安全检查的通知</h1>"
            "<p>发布时间：2024-05-01 来源：应急管理局</p><p>为进一步做好安全生产工作，现将有关事项通知如下。"
            "各单位要高度重视，认真组织开展自查。</p></div><footer>网站标识码：1100000001</footer>"
            "</body></html>").encode("utf-8")
    clean_page(html, filename="a.html")
    clean_page("标题\n发布时间：2024-05-01\n\n正文第一段，内容较长的一句话。\n".encode("utf-8"),
               filename="a.txt")
    used = {name for name, fn in caches.items() if fn.cache_info().currsize}
    assert used  # the premise: cleaning filled some
    clear_caches()
    assert {name for name, fn in caches.items() if fn.cache_info().currsize} == set()
