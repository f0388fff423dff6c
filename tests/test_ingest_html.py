"""HTML and Markdown input: markup stripped, structure kept, the same facts as the text."""
from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

import esgkg
from esgkg.extract import extract
from esgkg.ingest import Document, IngestError, load
from esgkg.ingest.html import html_to_text
from esgkg.ingest.markdown import markdown_to_text

from .conftest import EXAMPLES

EXAMPLE_MD = EXAMPLES / "northwind_2024_esg.md"

PAGE = """<!DOCTYPE html>
<html><head><title>Acme 2024 ESG</title><style>p { color: red }</style>
<script>var tracking = "do not read me";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/esg">ESG</a></nav>
<!-- a comment that is not text -->
<h1>Acme   Metals
 ESG Report</h1>
<p>Acme Metals Co., Ltd. obtained the <b>ISO 14001</b> certification
   in 2023.<br>Its plant in Baoding runs on solar power.</p>
<ul><li>Energy &amp; water</li><li>Safety</li></ul>
<table><tr><th>Indicator</th><th>2023</th></tr>
<tr><td><p>Electricity</p><p>(MWh)</p></td><td>1,200</td></tr></table>
<pre>line one
line two</pre>
</body></html>"""


def test_blocks_become_lines_and_cells_tabs():
    lines = html_to_text(PAGE).split("\n")
    assert lines == [
        "Acme Metals ESG Report",
        "Acme Metals Co., Ltd. obtained the ISO 14001 certification in 2023.",
        "Its plant in Baoding runs on solar power.",
        "Energy & water",
        "Safety",
        "Indicator\t2023",
        "Electricity (MWh)\t1,200",
        "line one",
        "line two",
    ]


def test_scripts_styles_navigation_and_comments_are_dropped():
    text = html_to_text(PAGE)
    for noise in ("tracking", "color", "Home", "comment", "Acme 2024 ESG"):
        assert noise not in text


def test_deeply_nested_html_does_not_hit_the_recursion_limit():
    deep = "<div>" * 5000 + "Deep text." + "</div>" * 5000
    assert html_to_text(deep) == "Deep text."


def _fact_sets(facts):
    return {
        "company": (facts.company.name if facts.company else None, facts.report_year),
        "certifications": {(c.holder, c.standard, c.scope) for c in facts.certifications},
        "targets": {(t.holder, t.topic, t.year, t.value) for t in facts.targets},
        "subsidiaries": {(s.parent, s.name) for s in facts.subsidiaries},
        "facilities": {(f.name, f.operator) for f in facts.facilities},
        "relations": {(r.kind, r.org, r.partner) for r in facts.relations},
    }


@pytest.fixture(scope="module")
def example_facts():
    return _fact_sets(extract(load(EXAMPLE_MD)))


def test_html_report_gives_the_same_facts_as_its_markdown(tmp_path, example_facts):
    body = MarkdownIt("commonmark").render(EXAMPLE_MD.read_text(encoding="utf-8"))
    page = f"<html><head><script>x=1</script></head><body><nav>Menu</nav><main>{body}</main></body></html>"
    path = tmp_path / "northwind.html"
    path.write_text(page, encoding="utf-8")
    doc = load(path)
    assert doc.format == "html" and doc.page_of(0) is None
    facts = _fact_sets(extract(doc))
    assert facts == example_facts
    assert all(v for v in facts.values())


def test_html_charset_from_meta_is_honoured(tmp_path):
    page = '<html><head><meta charset="gb18030"></head><body><p>Acme (安徽) Co., Ltd. 有限公司 holds ISO 9001.</p></body></html>'
    path = tmp_path / "gbk.htm"
    path.write_bytes(page.encode("gb18030"))
    assert load(path).text == "Acme (安徽) Co., Ltd. 有限公司 holds ISO 9001."


def test_html_without_visible_text_is_a_one_line_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>var a;</script></head><body> </body></html>", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        load(path)
    assert "empty.html" in str(err.value) and "\n" not in str(err.value)


def test_markdown_markup_is_dropped():
    md = "# Title\n\nSome *em* and **strong** [linked policy](https://x.org) text\nwrapped here.\n\n| Site | Standard |\n|---|---|\n| Plant A | **ISO 14001** |\n\n- item one\n- item two\n\n<p>raw <b>html</b></p>\n"
    assert markdown_to_text(md).split("\n") == [
        "Title",
        "Some em and strong linked policy text wrapped here.",
        "Site\tStandard",
        "Plant A\tISO 14001",
        "item one",
        "item two",
        "raw html",
    ]


def test_markdown_example_keeps_its_facts_and_reads_as_one_page(example_facts):
    doc = load(EXAMPLE_MD)
    assert isinstance(doc, Document) and doc.format == "markdown" and doc.page_count == 1
    assert "**" not in doc.text and "##" not in doc.text
    assert example_facts["certifications"] and example_facts["targets"] and example_facts["subsidiaries"]


def test_html_in_a_batch_builds_with_the_others(tmp_path):
    (tmp_path / "a.html").write_text("<p>Acme Metals Co., Ltd. obtained the ISO 50001 certification in 2024.</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p> </p>", encoding="utf-8")
    result = esgkg.build([tmp_path])
    assert len(result.reports) == 1 and [e.path.name for e in result.errors] == ["b.html"]


@pytest.mark.parametrize("name,head,kind", [("scan.html", b"", "binary data"), ("report.htm", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF")])
def test_a_binary_file_named_html_is_a_one_line_error(tmp_path, caplog, name, head, kind):
    """A PDF or other binary file given an .html name is refused in one line naming the file, not parsed as
    markup into garbage text, and Unicode, Dammit's bare 'Some characters could not be decoded' line
    (a log record that names no file) is not printed."""
    import random

    path = tmp_path / name
    path.write_bytes(head + random.Random(0).randbytes(20_000))
    with pytest.raises(IngestError) as err:
        load(path)
    assert err.value.reason == f"not HTML: the file holds {kind}" and name in str(err.value) and "\n" not in str(err.value)
    assert not [r for r in caplog.records if r.name.startswith("bs4")]


def test_html_of_undecodable_bytes_prints_no_stray_log_line(tmp_path, caplog):
    """Bytes no encoding decodes, without control bytes, are read with U+FFFD in their place and no
    log line of Unicode, Dammit (printed bare on stderr, naming no file, before the report's own error)."""
    import random

    rng = random.Random(0)
    path = tmp_path / "odd.html"
    path.write_bytes(b"<p>Acme Metals Co., Ltd. holds ISO 14001.</p>" + bytes(rng.choice(range(0x20, 0x100)) for _ in range(20_000)))
    assert "ISO 14001" in load(path).text
    assert not [r for r in caplog.records if r.name.startswith("bs4")]
