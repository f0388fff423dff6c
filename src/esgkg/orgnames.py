"""Identity keys of organisation names: pure string work shared by extraction, graph IRIs and cross-report
resolution (:mod:`esgkg.graph.iri`, :mod:`esgkg.store.resolve`), without spaCy.

'X Co., Ltd.', 'X CO., LTD' and 'x limited' share the key 'x'; 'Mærsk' and 'Maersk' share 'maersk'.
"""
from __future__ import annotations

import re

from anyascii import anyascii

from .legal_forms import strip_legal_form

LEGAL_FORM_WORDS = frozenset({
    "co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation",
    "plc", "llc", "gmbh", "ag", "sa", "bv", "nv", "pte", "pty", "the", "kk", "llp", "lp", "sarl", "srl", "spa", "de", "cv",
})

# Words that refer to the reporting company itself, never a name of another organisation.
SELF_REFERENCES = frozenset({
    "the company", "the group", "we", "us", "our", "the listed company", "our company", "the enterprise",
    "our group", "company", "group", "the corporation", "the parent company",
})

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")


_FOREIGN = re.compile(r"[^\x00-\x7f\u3400-\u9fff]+")


def fold(text: str) -> str:
    """``text`` with letters of other scripts transliterated to ASCII (anyascii): 'Mærsk' -> 'Maersk',
    'Société' -> 'Societe', 'ПАО' -> 'PAO'; Chinese characters are kept (they are names of their own)."""
    return text if text.isascii() else _FOREIGN.sub(lambda m: anyascii(m.group(0)), text)


_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’`](?=\w)")
_INITIALS = re.compile(r"\b(?:[a-z] )+[a-z]\b")


def words(text: str) -> list[str]:
    """Lower-case ASCII words of ``text`` (other scripts transliterated, '&' read as 'and', an apostrophe
    inside a word dropped: "O'Neill" is 'oneill')."""
    return _WORD.findall(_INNER_APOSTROPHE.sub("", fold(text)).lower().replace("&", " and "))


def name_key(name: str) -> str:
    """Identity key of an organisation name: lower-case words without legal-form words.

    'X Co., Ltd.', 'X CO., LTD' and 'x limited' share the key 'x', so they are one organisation.
    """
    ws = [w for w in words(strip_legal_form(name)) if w not in LEGAL_FORM_WORDS]
    key = " ".join(ws) or " ".join(words(name))
    return _INITIALS.sub(lambda m: m.group(0).replace(" ", ""), key)  # 'A.P. Acme' and 'AP Acme' are one


def loose_key(key: str) -> str:
    """A name key that forgives singular/plural ('Alloy Material' == 'Alloy Materials').

    Translated names drift between reports and within one ("... Material Co., Ltd." on the cover,
    "... Materials Co., Ltd." 40 pages on); used only to look up a name already known.
    """
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in key.split())


def slug(text: str) -> str:
    """Readable IRI slug: lower-case ASCII words joined by '-'; non-ASCII kept as-is only if nothing else."""
    key = name_key(text)
    out = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
    return out or re.sub(r"\s+", "-", key) or "unnamed"
