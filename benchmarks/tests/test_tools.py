"""Peer adapters: result shape, date spelling, summary HTML to text."""
import pytest

import tools
import worker


@pytest.mark.parametrize("value, expected", [
    ("2024-09-10 09:24", "2024-09-10"),
    ("2024年9月1日", "2024-09-01"),
    ("2018/07/11", "2018-07-11"),
    ("2024-13-01", None),
    ("yesterday", None),
    (None, None),
])
def test_iso_date(value, expected):
    assert tools.iso_date(value) == expected


def test_record_has_the_contract_keys():
    assert tools.record() == {"title": None, "published": None, "source": None, "text": ""}


def test_fragment_text_keeps_blocks_apart():
    html = "<div><h1>Title</h1><p>first<br>line</p><ul><li>a</li><li>b</li></ul></div>"
    assert tools.html_fragment_text(html) == "Title\n\nfirst\nline\n\na\n\nb"


def test_every_peer_reads_html_only_and_govclean_reads_text():
    assert tools.TOOLS["govclean"].reads_text
    assert not any(t.reads_text for n, t in tools.TOOLS.items() if n != "govclean")


def test_a_raising_tool_gets_an_empty_result_and_a_counted_failure():
    def extract(payload, rel):
        if rel == "bad":
            raise ValueError("boom")
        return tools.record(text=payload)

    results, errors = [], []
    worker.run_pass(extract, [("ok", "body"), ("bad", "x")], results, errors)
    assert results[0]["text"] == "body"
    assert results[1] == {"input": "bad", "title": None, "published": None, "source": None,
                          "text": ""}
    assert errors == ["bad: ValueError: boom"]


@pytest.mark.parametrize("name", ["trafilatura", "readability", "gne", "resiliparse"])
def test_installed_peers_return_the_contract_shape(name):
    try:
        extract = tools.TOOLS[name].build()
    except ImportError:
        pytest.skip(f"{name} is not installed")
    html = ("<html><head><title>Notice - Site</title></head><body><nav>Home | News</nav>"
            "<article><h1>Notice</h1><p>" + "The office will reopen on Monday. " * 30
            + "</p></article></body></html>")
    out = extract(html, "x.html")
    assert set(out) == {"title", "published", "source", "text"}
    assert "reopen" in out["text"]
