"""One place for clean-up of extraction artefacts, shared by every input format.

PDF converters leave Markdown emphasis, HTML fragments, LaTeX bits, ligatures and words broken
by end-of-line hyphens.  They are removed here, in one compiled pass, before extraction, so no
extractor rule has to know about them.
"""
from __future__ import annotations

import re
import unicodedata

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_LATEX_SYMBOLS = {r"\circ": "°", r"\%": "%", r"\times": "×", r"\mu": "µ", r"\leq": "≤", r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\cdot": "·", r"\sim": "~", r"\pm": "±"}

# $^{\circ}$C, $_{2}$, $\mathrm{CO_2}$ ...: keep the readable content of inline LaTeX.
_LATEX_INLINE = re.compile(r"\$([^$\n]{1,60})\$")
_HTML_TAG = re.compile(r"</?(?:sup|sub|br|ul|ol|li|p|span|div|b|i|u|em|strong|table|tr|td|th|tbody|thead|font|a)\b[^>]{0,200}>", re.I)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)|^\s{0,3}#{1,6}\s+", re.M)
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"', "&#39;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))


def _latex(match: re.Match[str]) -> str:
    body = match.group(1)
    for command, symbol in _LATEX_SYMBOLS.items():
        body = body.replace(command, symbol)
    body = re.sub(r"\\(?:mathrm|text|mathbf|rm)\s*", "", body)
    return re.sub(r"[{}^_\\]", "", body)


def clean_text(text: str) -> str:
    """Return ``text`` without PDF-conversion artefacts (keeps line structure and paragraphs)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans(_LIGATURES))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = _LATEX_INLINE.sub(_latex, text)
    text = _HTML_TAG.sub(" ", text)
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], text)
    text = _MD_EMPHASIS.sub("", text)
    text = _HYPHEN_BREAK.sub("", text)
    return _SPACES.sub(" ", text)
