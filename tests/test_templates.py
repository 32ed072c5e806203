"""Templates: site keys, grouping of text dumps by shared lines, learning recurring blocks."""
from __future__ import annotations

from govclean import templates
from govclean.model import Document
from govclean.dedup import hash_items
from govclean.templates import Survey, template_of


def test_site_key_precedence():
    d = Document(input="a", url="https://www.example.gov.cn/a.html", site="示例网", site_id_code="1234000001")
    assert templates.site_key(d) == "id:1234000001"
    d.site_id_code = None
    assert templates.site_key(d) == "host:example.gov.cn"
    d.url = "./t2019.shtml"  # relative: no host
    assert templates.site_key(d) == "name:示例网"
    d.site = None
    assert templates.site_key(d) is None


def _survey(name, lines, site=None):
    return Survey(input=name, site=site, keys=hash_items(lines))


CHROME = [f"menu{i}" for i in range(12)]


def test_text_dumps_without_metadata_group_by_shared_lines():
    surveys = [_survey(f"s{i}", CHROME + [f"body{i}-{j}" for j in range(6)]) for i in range(3)]
    surveys.append(_survey("other", [f"x{j}" for j in range(10)] + CHROME[:1]))
    sites = templates.site_of_each(surveys)
    assert sites[0] == sites[1] == sites[2] == "lines:s0"
    assert sites[3] == "lines:other"


def test_recurring_blocks_of_distinct_articles_are_template():
    surveys = [_survey(f"s{i}", CHROME + [f"body{i}"], site="id:1") for i in range(4)]
    learned = templates.learn_templates(surveys, articles=[0, 1, 2, 3])
    assert learned[0] == template_of(CHROME)


def test_copies_of_one_article_teach_no_template():
    # four saves of one article on one site: their shared body is not chrome
    surveys = [_survey(f"s{i}", CHROME + ["body"], site="id:1") for i in range(4)]
    assert templates.learn_templates(surveys, articles=[0, 0, 0, 0])[0] == frozenset()


def test_a_line_on_few_pages_of_a_big_site_is_not_template():
    surveys = [_survey(f"s{i}", CHROME + [f"body{i}"] + (["shared quote"] if i < 3 else []), site="id:1")
               for i in range(10)]
    learned = templates.learn_templates(surveys, articles=list(range(10)))[0]
    assert template_of(["shared quote"]).isdisjoint(learned) and template_of(CHROME) <= learned
