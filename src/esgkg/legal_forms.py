"""Legal forms of company names worldwide, from the maintained ``cleanco`` term lists.

``cleanco`` (MIT; ``cleanco.termdata``) lists the legal-form terms of some 80 jurisdictions
("GmbH & Co. KG", "S.A. de C.V.", "Sp. z o.o.", "d.o.o.", "K.K.", "A/S", "Oyj" ...).  This module
turns them into the two things extraction needs:

* :data:`LEGAL_SUFFIX`: a regular-expression fragment that matches a legal form *as reports print
  it* after a name: every term with flexible spaces and case, except that a bare two-letter term
  ("AG", "SA", "NV") must be in capitals and that terms which are also ordinary English words or
  common report acronyms ("UK", "EV", "at") are left out;
* :data:`LEGAL_PREFIX`: the forms written *before* a name ("PJSC X", "PT X", "OOO X");
* :func:`strip_legal_form`: a name without its trailing / leading legal form, for identity keys.

English abbreviations of forms that cleanco lists only in their own script or language (PJSC for
ПАО, JSC for АО, SE for Societas Europaea, "Trust") are added here; they are the spellings of the
same forms in English-language reports.
"""
from __future__ import annotations

import re
from functools import lru_cache

from cleanco.termdata import terms_by_country, terms_by_type

# Terms cleanco lists that are ordinary words or acronyms in report text, never read as a legal form.
_NOT_A_FORM = frozenset({
    "uk", "private", "at", "et", "ok", "ep", "ev", "ee", "ec", "pp", "sd", "pt", "ps", "sp", "sf", "kt", "mb", "gp",
    "ad", "ba", "da", "fa", "bl", "hb", "kb", "xt", "xk", "qk", "ud", "ei", "oe", "ks", "kd", "kv", "nl", "aj", "ay",
    "ik", "ij", "og", "e.g.", "ent.", "etat", "tov", "sem", "sep", "esv", "pse", "psu", "teo", "stg", "cpt", "ans",
    "sal", "sca", "sal", "fie", "tdv", "sd", "co", "kf", "ok", "ok.", "ap", "at", "ec", "ca", "cic", "cio",
    "and company", "& company", "& co", "& co.",
})
# English-language spellings of forms that cleanco holds in another script or omits.
_EXTRA_SUFFIXES = ("SE", "S.E.", "ASA", "Trust", "L.P.", "LP", "LLP", "L.L.C.", "Pte. Ltd.", "Pty Ltd",
                   "Pty. Ltd.", "Co., Ltd.", "Co. Ltd.", "Co., Limited", "Company Limited", "Company", "Corp.",
                   "Inc.", "NV", "N.V.", "Oyj", "Tbk", "Bhd", "Berhad", "SAOG", "KSC", "QSC", "PSC",
                   "S.L.U.", "S.A.U.", "A.Ş.", "A.S.",  # Spanish single-member forms; the Turkish anonim şirketi
                   "SpA")  # the Chilean sociedad por acciones, and the Italian S.p.A. written without stops
# Forms written out in full, and the abbreviation each stands for (one form: one organisation, one country).
SPELLED_OUT = {
    "società per azioni": "s.p.a.", "societa per azioni": "s.p.a.", "società a responsabilità limitata": "s.r.l.",
    "societa a responsabilita limitata": "s.r.l.", "aktiengesellschaft": "ag", "aktiebolag": "ab", "allmennaksjeselskap": "asa",
    "société anonyme": "s.a.", "societe anonyme": "s.a.", "sociedad anónima": "s.a.", "sociedad anonima": "s.a.",
    "naamloze vennootschap": "n.v.", "gesellschaft mit beschränkter haftung": "gmbh", "public limited company": "plc",
}
_EXTRA_PREFIXES = ("PJSC", "OJSC", "CJSC", "JSC", "PAO", "OAO", "ZAO", "OOO", "PT", "UAB")


def _terms() -> list[str]:
    terms = {t.strip() for group in (terms_by_type, terms_by_country) for ts in group.values() for t in ts}
    terms |= {t.lower() for t in _EXTRA_SUFFIXES}
    terms |= set(SPELLED_OUT)
    # non-ASCII terms count ("spółka z o.o.", "oü"); a term garbled into control characters does not
    return sorted((t for t in terms if t and t not in _NOT_A_FORM and t.isprintable()), key=len, reverse=True)


def _pattern(term: str) -> str:
    """How a lower-case term is printed: flexible spaces after dots and commas; capitals for two letters."""
    bare = re.fullmatch(r"[a-z]{2}", term) is not None
    if bare:
        return term.upper()
    parts = []
    for i, ch in enumerate(term):
        if ch == " ":
            if i and term[i - 1] in ".,":
                parts[-1] = parts[-1][:-1] + "+"  # '. ' is one run of space after the stop ('\.\s*\s+' split it n ways)
            else:
                parts.append(r"\s+")
        elif ch in ".,":
            parts.append(re.escape(ch) + r"\s*")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    while body.endswith(r"\s*"):
        body = body[:-3]
    # 'plc' is printed in lower case by convention (UK Companies Act); the others start with a capital
    # 'plc' and dotted forms ('d.o.o.', 's.r.o.') are printed in lower case by convention; others start with a capital
    lower_ok = term in ("plc", "plc.") or term.count(".") >= 2
    return rf"(?i:{body})" if lower_ok else rf"(?=[A-Z&])(?i:{body})"


@lru_cache(maxsize=1)
def legal_suffix() -> str:
    """Regex fragment (no groups) matching one legal form written after a name ("GmbH & Co. KG").

    The terms are grouped by their first letter behind one look-ahead per group, ``(?=[Gg])(?:gmbh…|…)``:
    the same terms in the same order (longest first), so the same match, but a position that starts no
    form costs one test per letter instead of one per term (some 500; the organisation-name pattern
    tries a form after every word)."""
    groups: dict[str, list[str]] = {}
    for term in _terms():
        groups.setdefault(term[0].lower(), []).append(_pattern(term))
    parts = []
    for first, patterns in groups.items():
        chars = "".join(sorted({first, first.upper()} if len(first.upper()) == 1 else {first}))
        parts.append(f"(?=[{re.escape(chars)}])(?:" + "|".join(patterns) + ")")
    firsts = "".join(sorted({c for first in groups for c in (first, first.upper()) if len(c) == 1}))
    return f"(?=[{re.escape(firsts)}])(?:" + "|".join(parts) + ")"


LEGAL_SUFFIX = legal_suffix()
LEGAL_PREFIX = "(?:" + "|".join(sorted(_EXTRA_PREFIXES, key=len, reverse=True)) + ")"

_TRAILING = re.compile(r"(?<![\s,])(?:[\s,]+(?:" + LEGAL_SUFFIX + r")\.?)+\s*$")
_LEADING = re.compile(r"^" + LEGAL_PREFIX + r"\s+(?=\S)")


# Forms of associations and other non-profit bodies (cleanco's 'Non-Profit' type, and the German e.V.):
# such a body is an organisation, never a company's subsidiary.
_NONPROFIT = re.compile(r"(?:[\s,](?:e\.\s?V\.|eV|VZW|vzw|gte\.|ses\.)|\b(?:Foundation|Stiftung|Fondation|Fundación|Association|Verein))\s*$")


def is_nonprofit(name: str) -> bool:
    """True for the name of an association, foundation or other non-profit body ("Caring Hands e. V.")."""
    return _NONPROFIT.search(name) is not None


def strip_legal_form(name: str) -> str:
    """``name`` without its legal form at the end ("Acme Sp. z o.o." -> "Acme") or start ("PJSC Acme" -> "Acme").

    Returns the name unchanged when nothing would be left of it.
    """
    core = _LEADING.sub("", name.strip())
    core = _TRAILING.sub("", core).strip(" ,")
    return core or name.strip()
