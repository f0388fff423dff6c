"""Every pattern and word list in ``esgkg/extract/patterns/*.jsonl`` matches its examples and none of its counterexamples."""
from __future__ import annotations

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from esgkg.extract import patterns

_NLP = spacy.blank("en")
_RECORDS = [(name, rec) for name in patterns.FILES for rec in patterns.records(name)]


def _matches(rec: dict, sentence: str) -> list[str]:
    doc = _NLP.make_doc(sentence)
    if "pattern" in rec or "phrases" in rec:
        ruler = _NLP.add_pipe("span_ruler", name="probe", config={"spans_key": "probe", "validate": True, "phrase_matcher_attr": "LOWER"}) if "probe" not in _NLP.pipe_names else _NLP.get_pipe("probe")
        ruler.clear()
        ruler.add_patterns([{"label": rec["label"], "pattern": p} for p in rec.get("phrases", [rec.get("pattern")])])
        doc = ruler(doc)
        return [s.text for s in doc.spans["probe"]]
    if any(w.endswith("*") or w == "_" for phrase in rec["words"] for w in phrase.split()):
        from esgkg.extract.mentions.phrases import WordCues  # stems and word wildcards: looked up word by word

        return [sentence] if WordCues(rec["words"]).search(sentence) else []
    attr = rec.get("attr", "ORTH")
    matcher = PhraseMatcher(_NLP.vocab, attr=attr)
    matcher.add(rec["id"], [_NLP.make_doc(w) for w in rec["words"]])
    return [doc[s:e].text for _, s, e in matcher(doc)]


def test_first_tokens_need_no_python_call():
    """spaCy's Matcher evaluates Python predicates (IN, REGEX, comparisons) of a first token on every token."""
    for rec in patterns.records("mentions"):
        for value in rec.get("pattern", [{}])[0].values():
            assert not isinstance(value, dict), rec["id"]


def test_every_file_is_versioned_and_ids_are_unique():
    for name in patterns.FILES:
        assert patterns.version(name) >= 1
    ids = [rec["id"] for _, rec in _RECORDS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name,rec", _RECORDS, ids=[f"{n}:{r['id']}" for n, r in _RECORDS])
def test_pattern_examples(name: str, rec: dict) -> None:
    assert rec["examples"] and rec["counterexamples"], "every pattern needs examples and counterexamples"
    for sentence in rec["examples"]:
        assert _matches(rec, sentence), f"{rec['id']} should match: {sentence!r}"
    for sentence in rec["counterexamples"]:
        assert not _matches(rec, sentence), f"{rec['id']} should not match: {sentence!r} (matched {_matches(rec, sentence)})"


def test_matcher_form_of_the_patterns_finds_what_the_data_says():
    """All patterns in one ruler (as esg_mentions runs them) still find each example's label."""
    ruler = spacy.blank("en").add_pipe("span_ruler", config={"spans_key": "all", "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns.token_patterns("mentions"))
    for rec in patterns.records("mentions"):
        for sentence in rec["examples"]:
            doc = ruler(_NLP.make_doc(sentence))
            assert rec["label"] in {s.label_ for s in doc.spans["all"]}, (rec["id"], sentence)
