"""What is a name: Unicode capitals, caseless scripts, particles, and ordinary words that are not names.

* A name word starts with a capital letter of any cased script (Latin with accents, Greek, Cyrillic,
  Armenian...: ``str.isupper``/``istitle``) or with a letter of a script without case (Arabic, Hebrew, CJK,
  Thai, Devanagari...), optionally after an elided particle (``d'``, ``l'``: "Banca d'Orsino").
* Lower-case particles (:data:`PARTICLES`: de, d', di, da, van, von, der, of, &, ...) and a quoted
  nickname ("Cable Works "Big Red" Tarnow") may stand inside a name, between name words.
* An ordinary word or phrase of the language is not a name (:func:`ordinary`): judged by its frequency in
  English (``wordfreq``) and by the document's own usage - written in lower case elsewhere, or an acronym
  the document spells out in lower-case words ("corporate social responsibility (CSR)").
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache

from ..patterns import lexicon


# Large blocks of caseless letters, taken whole instead of tested letter by letter (import time).
_CASELESS_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))


def _char_class(pred, blocks: tuple[tuple[int, int], ...] = ()) -> str:
    """A regex character-class body (ranges) of the code points of the Basic Multilingual Plane for which
    ``pred`` holds, plus ``blocks`` taken whole."""
    skip = [range(a, b + 1) for a, b in _CASELESS_BLOCKS]
    ranges: list[tuple[int, int]] = []
    cp = 0x41
    while cp <= 0xFFFF:
        block = next((r for r in skip if cp in r), None)
        if block is not None:
            cp = block.stop
            continue
        if not (0xD800 <= cp <= 0xDFFF) and pred(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
        cp += 1
    ranges += [b for b in blocks if b[1] <= sys.maxunicode]
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


def _caseless_letter(c: str) -> bool:
    return c.isalpha() and not (c.isupper() or c.islower() or c.istitle())


CAPITAL = _char_class(lambda c: c.isupper() or c.istitle())  # A-Z, À, Ø, Ł, Ω, Ж, ...
CASELESS = _char_class(_caseless_letter, _CASELESS_BLOCKS)  # Arabic, Hebrew, CJK, Thai, Devanagari, ...
NAME_START = f"[{CAPITAL}{CASELESS}]"
PARTICLES = lexicon("name_particles")
# one word of a name: a capital or caseless letter first (after an elided particle: "d'Orsino", "l’Ouest")
NAME_WORD = rf"(?:[dlDL][’']){{0,1}}{NAME_START}[\w&'’\-.]*"
# a nickname in quotes inside a name: 'Cable Works "Big Red" Tarnow'
QUOTED_WORDS = rf"[\"“]{NAME_START}[^\"“”\n]{{0,30}}[\"”]"
_PARTICLE = "|".join(sorted((re.escape(p) for p in PARTICLES if p not in ("and",)), key=len, reverse=True))
PARTICLE = rf"(?:{_PARTICLE})"


def starts_like_name(word: str) -> bool:
    """True when ``word`` starts as a name does: a capital of any cased script or a letter of a caseless one."""
    for c in word:
        if c.isalpha():
            return c.isupper() or c.istitle() or _caseless_letter(c)
        if c not in "\"“'‘(":
            return False
    return False


@lru_cache(maxsize=20_000)
def zipf(word: str) -> float:
    """Frequency of ``word`` in English on the Zipf scale (``wordfreq``: 3 = once per million words, 6 = the commonest)."""
    from wordfreq import zipf_frequency  # loads its word list on first use

    return zipf_frequency(word, "en")


_COMMON_ZIPF = 3.0  # at least about once per million words


def _written_lower(text: str, phrase: str) -> bool:
    """True when the document writes ``phrase`` in lower case, as words of its own."""
    for m in re.finditer(re.escape(phrase), text):
        a, b = m.start(), m.end()
        if (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum()):
            return True
    return False


def _spelled_out(text: str, acronym: str) -> bool:
    """True when the document introduces ``acronym`` after lower-case words with its initials:
    'corporate social responsibility (CSR)' - an abbreviation of ordinary words, not a name."""
    n = len(acronym)
    for m in re.finditer(r"\(\s*" + re.escape(acronym) + r"\s*\)", text):
        words = re.findall(r"[^\W\d_][\w\-]*", text[max(0, m.start() - 120): m.start()])[-n:]
        if len(words) == n and all(w.islower() for w in words) and "".join(w[0] for w in words).upper() == acronym.upper():
            return True
    return False


def ordinary(phrase: str, text: str, cache: dict[str, bool] | None = None) -> bool:
    """True when ``phrase`` (a candidate organisation, facility or alias name) is ordinary language here.

    * one word, not in capitals: the document also writes it in lower case ("Printing", "Stock", "Management");
    * several words, each a common English word (``wordfreq`` Zipf >= 3): the document writes the phrase in lower
      case ("Net Zero" beside "net zero");
    * an acronym the document spells out in lower-case words ("CSR" after "corporate social responsibility").

    Words of a caseless script (Arabic, CJK, ...) and names the document never writes in lower case are names.
    """
    if cache is not None and phrase in cache:
        return cache[phrase]
    words = phrase.split()
    if not words or not any(c.isalpha() and (c.isupper() or c.islower()) for c in phrase):
        out = False  # no cased letters: a caseless script, a number
    elif len(words) == 1 and phrase.isupper():
        out = len(phrase) >= 2 and _spelled_out(text, phrase)
    elif len(words) == 1:
        out = _written_lower(text, phrase.lower())
    else:
        out = _written_lower(text, phrase.lower()) and all(zipf(w.lower()) >= _COMMON_ZIPF for w in words)
    if cache is not None:
        cache[phrase] = out
    return out
