"""Text clean-up shared by every input format (esgkg.ingest.clean)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esgkg.ingest import load
from esgkg.ingest.clean import clean_text, drop_text_furniture, furniture_mask, is_page_number, running_lines, unwrap, vocabulary
from esgkg.ingest.loaders import read_text


def test_ligatures_become_letters():
    assert clean_text("e\ufb03cient \ufb01ring of \ufb02ue gas") == "efficient firing of flue gas"


def test_latex_fragments_keep_what_a_reader_sees():
    assert clean_text("below 2 $^{\\circ}$C and 8.6 t of $CO_2$ per t") == "below 2 °C and 8.6 t of CO2 per t"
    assert clean_text("#### Energy management $\\bigcirc$").strip() == "Energy management"


def test_html_fragments_and_entities_are_stripped():
    assert clean_text("CO<sub>2</sub> &amp; SO<sub>2</sub> fell<br/> by 5%") == "CO 2 & SO 2 fell by 5%"
    assert clean_text('<ul style="list-style-type: none">\nSafety first') == " \nSafety first"


def test_markdown_markup_is_dropped_and_tables_become_tab_separated_cells():
    text = "## Policies\nThe **Company** adopted the [Water Policy](#) in 2023.\n| Site | Certified |\n|---|:---:|\n| Plant A | ISO 14001 |\n"
    assert clean_text(text) == "Policies\nThe Company adopted the Water Policy in 2023.\nSite\tCertified\n\nPlant A\tISO 14001\n"


def test_autolinks_keep_the_address():
    assert clean_text("see <https://example.org/esg> for data") == "see https://example.org/esg for data"


def test_line_end_hyphens_are_resolved_by_the_documents_own_words():
    text = "the environ-\nmental system runs on low-\ncarbon power; low-carbon aluminium grew year-on-\nyear"
    assert clean_text(text) == "the environmental system runs on low-carbon power; low-carbon aluminium grew year-on-year"
    # a hyphen before a capital or a digit is not a word break
    assert clean_text("ISO-\n14001 and Sino-\nForeign") == "ISO-\n14001 and Sino-\nForeign"


def test_unwrap_joins_wrapped_lines_of_one_paragraph():
    lines = ["Our plant obtained the ISO 14001 environ\x02", "mental certification and runs on low-", "carbon power."]
    assert unwrap(lines, vocabulary("low-carbon")) == "Our plant obtained the ISO 14001 environmental certification and runs on low-carbon power."
    assert unwrap(["Revenue grew -", "12% in 2024"]) == "Revenue grew - 12% in 2024"


@pytest.mark.parametrize("line", ["12", "- 12 -", "Page 7", "p. 7", "7 / 80", "Page 3 of 40", "xii"])
def test_page_numbers_are_recognised(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2024 ESG Report", "100% of sites", "ISO 14001", "In 2023 we grew."])
def test_other_lines_are_not_page_numbers(line):
    assert not is_page_number(line)


def test_furniture_is_what_recurs_at_page_edges():
    edges = [["Acme ESG Report 2024", "Environment", str(n)] for n in range(1, 5)]
    edges[2][1] = "Carbon Targets"
    mask = furniture_mask(edges)
    assert [m[0] for m in mask] == [True] * 4  # running header on every page
    assert [m[2] for m in mask] == [True] * 4  # page numbers
    assert mask[2][1] is False  # a heading met once stays
    assert [m[1] for m in mask] == [True, True, False, True]  # "Environment" recurs on 3 pages: a running section title


def test_running_chapter_titles_with_page_numbers_are_furniture():
    edges = [[f"Chapter {1 + n // 3}: Title {n // 3} {n + 5}", f"Heading {chr(65 + n)}"] for n in range(9)]
    edges[4].append("4 Function reference")  # a numbered heading at a page top is not in step with the pages
    mask = furniture_mask(edges)
    assert all(m[0] for m in mask)
    assert not any(m[1] for m in mask)
    assert mask[4][2] is False


def test_furniture_of_form_feed_pages_is_dropped(tmp_path):
    body = ["The Group installed 3 MW of solar panels in {}.", "All sites hold ISO 14001 certification since {}."]
    pages = [f"Acme Metals ESG Report 2024\n\n{body[n % 2].format(2020 + n)}\nMore text on page {n + 1}.\n\n{n + 1}" for n in range(4)]
    path = tmp_path / "paged.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = load(path)
    assert doc.page_count == 4
    assert "Acme Metals ESG Report" not in doc.text
    assert not re.search(r"^\d+$", doc.text, re.M)
    assert "All sites hold ISO 14001 certification since 2023." in doc.text
    offset = doc.text.index("since 2023")
    assert doc.page_of(offset) == 4
    assert drop_text_furniture(["only one page\n1"]) == ["only one page\n1"]


_PLAIN = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGH0123456789 .,;:()%'\"\n\t")), max_size=300)


@settings(max_examples=200, deadline=None)
@given(_PLAIN)
def test_clean_text_never_loses_a_word_of_plain_text(text):
    words = re.findall(r"\w+", text)
    assert re.findall(r"\w+", clean_text(text)) == words


_MARKUP_WORDS = {"sup", "sub", "circ", "bigcirc", "style", "list", "type", "none", "mathrm", "text"}


def test_clean_text_on_the_corpus_removes_markup_not_words(corpus_files):
    """Everything the clean-up takes out of a real report is markup, not the report's words."""
    for path in corpus_files:
        word = re.compile(r"[A-Za-z]{3,}")
        raw = Counter(word.findall(read_text(Path(path))))
        cleaned = Counter(word.findall(load(path).text))
        lost = raw - cleaned
        real_words_lost = sum(n for w, n in lost.items() if w.lower() not in _MARKUP_WORDS)
        assert real_words_lost <= 0.001 * sum(raw.values()), (path.name, lost.most_common(10))


def test_a_compound_of_two_words_broken_at_its_hyphen_keeps_the_hyphen():
    """PDFium marks every line-end hyphen alike, so the document's words decide: a compound of two
    words it uses on their own keeps its hyphen; a typesetter's break inside a word does not."""
    text = ("Riverside Ceramics keeps its kilns well tuned and its staff informed. Our prices are lower and every tile is priced "
            "by weight. The information desk opens at nine; its formation took a year. We report the state of the art of glazing.")
    known = vocabulary(text)
    assert unwrap(["The board took a well\ufffe", "informed view of lower\ufffe", "priced imports."], known) == \
        "The board took a well-informed view of lower-priced imports."
    assert unwrap(["the environ\ufffe", "mental plan and a state\ufffe", "of-the-art kiln"], known) == \
        "the environmental plan and a state-of-the-art kiln"
    assert unwrap(["the in\ufffe", "formation desk"], known) == "the information desk"  # the joined word is known
    # the pieces at a break are not the document's words
    assert "environ" not in vocabulary("the environ-\nmental plan") and "mental" not in vocabulary("the environ\ufffe mental plan")


def test_the_vocabulary_is_linear_in_a_long_word():
    """A word of 200,000 letters (a hostile or broken file) is read in linear time (issue 16): the
    pieces-at-a-break pattern starts only at a word's start."""
    import time

    start = time.perf_counter()
    for text in ("a" * 200_000 + "-", "a" * 200_000 + " b", "ab-\n" * 50_000):
        vocabulary(text)
    assert time.perf_counter() - start < 5.0


def test_dropped_running_headers_are_kept_as_running_lines():
    topics = ["rain", "wind", "frost", "heat", "snow"]
    pages = [f"Pellowin plc | Climate Report 2024\nA page about {t} and how it came.\nWhat the {t} did next.\n{n}"
             for n, t in enumerate(topics, 1)]
    dropped: list[str] = []
    kept = drop_text_furniture(pages, dropped=dropped)
    assert all("Pellowin" not in page for page in kept)
    assert running_lines(dropped) == ("Pellowin plc | Climate Report 2024",)  # once, without the page numbers
