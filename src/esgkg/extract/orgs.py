"""Organisation names and the reporting company.

``esg_orgs`` finds every name with a legal form ("... Co., Ltd.", "... Limited") in one pass over
the text, reads the aliases the report defines for them ("(hereinafter "X", "the Company")",
abbreviation tables), and then finds every later mention of a name or alias in a second pass,
so that a short form used 30 pages on resolves to the same organisation.

The reporting company is decided by ``esg_company`` (:mod:`esgkg.extract.company`).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Organization
from .base import ASSIGNS, REQUIRES, OrgIndex, orgs, text_of
from .company import ROLE_WORD  # a heading of roles ('Joint Sponsors') above a name is no part of it
from .sentences import legal_name_spans
from .legal_forms import strip_legal_form
from .mentions.names import ordinary
from .mentions.phrases import WordCues, capital_follows, find_phrases, free_after, free_before, words_of
from .patterns import lexicon
from .places import PLACE
from .text import (
    BETWEEN_NAME_AND_DEFINITION, FULL_NAME_OF, GENERIC_HEADS, HEREINAFTER, ORG_NAME, ORG_NAME_PREFIXED, QUOTED, SELF_REFERENCES, YEAR, name_key,
    split_org_phrase, tidy_name, words,
)

Mention = tuple[int, int, str]  # start char, end char, organisation key

_ABBREV_ROW = re.compile(r"^[ \t]*([A-Z][\w&'’\- ]{1,40}?)[ \t]*(?:\t|[ \t]{2,}|[:：]|[ \t]+refers?[ \t]+to[ \t]+|[ \t]+means[ \t]+)[ \t]*(?:the[ \t]+)?(.{3,160}?)[ \t]*$", re.M)
# A name broken over two lines by the PDF: '... project of Shanghai New Acme\n\n- Alloy Group Co., Ltd. has ...'
_BROKEN_LINE = re.compile(
    r"(?<![\w'’\-])[a-z][a-z'’\-]*,?[ \t]+((?:[A-Z][\w'’\-]*[ \t]+){0,4}(?!(?:Co|Ltd|Limited|Inc|Corp|LTD|CO|LIMITED)\b)[A-Z][\w'’\-]*)[ \t]*\n[\s\-•◆●■]*$"
)
# ... but a title line above a name ('Environmental, Social and Governance Report' over 'Acme Co., Ltd.') is no part of it
_TITLE_TAIL = lexicon("title_tail_words")  # patterns/lexicon.jsonl
# A name whose first word lost its first letters to the neighbouring column: 'handong Acme Co., Ltd.'
_CUT_WORD = re.compile(r"(?:^|\n)[ \t]*([a-z][a-z'’\-]{1,20})[ \t]+$")
_DEFINITION_HEADING = re.compile(
    r"^[#* \t]*[^\n]{0,30}?\b(?:abbreviations?|definitions?|glossary|interpretations?|short\s+forms?)\b[^\n]{0,60}$", re.I | re.M
)
_TABLE_HEADER_CELL = WordCues(lexicon("glossary_header_words"))  # patterns/lexicon.jsonl
_TABLE_WINDOW = 6000
_MAX_SHORT_FORMS = 400


def _title_line(line: str) -> bool:
    """True when ``line`` ends in a word of ``title_tail_words`` ('... Sustainability Report'): a title, no name."""
    words = words_of(line)
    return bool(words) and words[-1][2] == len(line) and line[words[-1][1]:] in _TITLE_TAIL


def _quoted_aliases(definition: str) -> list[str]:
    return [m.group(1).strip() for m in QUOTED.finditer(definition) if m.group(1).strip()]


@Language.factory("esg_orgs", requires=REQUIRES["esg_orgs"], assigns=ASSIGNS["esg_orgs"], default_config={"min_short_form_mentions": 2})
def make_org_reader(nlp: Language, name: str, min_short_form_mentions: int) -> "OrgReader":
    """spaCy factory of :class:`OrgReader` (``min_short_form_mentions``: how often an undefined short form must occur)."""
    return OrgReader(min_short_form_mentions)


class OrgReader:
    """Collect organisation names, the aliases the report defines or uses for them, and every mention of either.

    Aliases come from "(hereinafter "X")" definitions, definition tables (including tables whose two
    columns the PDF printed one after the other), "the full name of X is Y" notes, and short forms
    the report uses without defining them: a unique leading part of a known name ("Acme Wheel" for
    "Acme Wheel Manufacturing Co., Ltd.") or a name with its parenthesised place moved behind
    ("Acme Mexico" for "Acme (Mexico) Co., Ltd.") that occurs at least ``min_short_form_mentions`` times.
    """

    def __init__(self, min_short_form_mentions: int = 2) -> None:
        self.min_short_form_mentions = min_short_form_mentions

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        index = orgs(doc)
        name_spans, cut = _legal_names(text, index, legal_name_spans(doc))
        _merge_cut_names(index, cut)
        self_defined: Counter[str] = Counter()
        _defined_aliases(text, index, name_spans, self_defined)
        _full_name_notes(text, index)
        _trade_names(text, index, name_spans)
        _quoted_definitions(text, index)
        _read_abbreviation_rows(text, index)
        _read_split_tables(text, index, self_defined)
        _short_forms(doc, text, index, self.min_short_form_mentions)
        doc._.self_defined = self_defined
        set_org_mentions(doc, _all_mentions(doc, text, index, name_spans))
        return doc


def _legal_names(text: str, index: OrgIndex, found: list[tuple[int, int]]) -> tuple[list[Mention], dict[str, str]]:
    """Every name with a legal form, mended where the PDF broke it over two lines.

    Returns the name spans and the keys of names that lost the start of their first word
    (key -> the surviving lower-case fragment), to be folded into the full name if the report has it.
    """
    spans: list[Mention] = []
    cut: dict[str, str] = {}
    for start, end in found:
        raw = whole = text[start:end]
        before = text[max(0, start - 160): start]
        if "\n" in before[-12:]:
            broken = _BROKEN_LINE.search(before)
            if broken and not _title_line(broken.group(1)) and not ROLE_WORD.search(broken.group(1)):
                raw = broken.group(1) + " " + raw
                start -= len(before) - broken.start(1)
        _, name = split_org_phrase(tidy_name(raw))
        if len(name_key(name)) < 2:
            continue
        org = index.add(name)
        key = name_key(org.name)
        fragment = _CUT_WORD.search(before[-40:])
        if fragment and raw == whole:
            cut.setdefault(key, fragment.group(1))
        spans.append((start, end, key))
    prefixed = [(m, tidy_name(m.group(0).replace('"', "").replace("“", "").replace("”", "")))
                for m in ORG_NAME_PREFIXED.finditer(text)]  # 'PJSC Acme', 'PT Acme Tbk'
    plain = {name_key(n) for _, n in prefixed if n.split()[-1].lower() not in GENERIC_HEADS}
    for m, name in prefixed:
        end = m.end()
        if name.split()[-1].lower() in GENERIC_HEADS:
            name, end = _unit_of_known(m, name, plain)
        if len(name_key(name)) >= 2:
            org = index.add(name)
            spans.append((m.start(), end, name_key(org.name)))
    spans.sort()
    return spans, cut


def _unit_of_known(m: re.Match[str], name: str, known: set[str]) -> tuple[str, int]:
    """'JSC Acme Research Centre' when 'JSC Acme' is also named on its own: the words that end in a unit
    word ('Centre', 'Department') name a unit of that company, or the next table cell set beside it by a
    PDF row, so the company is the name.  Returns (name, end char of the name in the text)."""
    raw_words = list(re.finditer(r"\S+", m.group(0)))
    ws = name.split(" ")
    if len(raw_words) != len(ws):
        return name, m.end()
    for n in range(len(ws) - 1, 1, -1):
        head = " ".join(ws[:n])
        if name_key(head) in known:
            return head, m.start() + raw_words[n - 1].end()
    return name, m.end()


def _merge_cut_names(index: OrgIndex, cut: dict[str, str]) -> None:
    """'handong Acme Co., Ltd.' is 'Shandong Acme Co., Ltd.' when exactly one known name ends that way."""
    for key, fragment in cut.items():
        org = index.by_key.get(key)
        if org is None:
            continue
        fuller = [o for k, o in index.by_key.items() if k != key and k.endswith(" " + key) and k[: -len(key) - 1].endswith(fragment[-2:])]
        if len(fuller) == 1:
            index.merge(fuller[0], key)


def _defined_aliases(text: str, index: OrgIndex, name_spans: list[Mention], self_defined: Counter[str]) -> None:
    """Aliases defined right after a name: 'X Co., Ltd.* (中文名) (hereinafter "X", "the Company")'."""
    ends = {end: key for _, end, key in name_spans}
    for m in HEREINAFTER.finditer(text):
        window = text[max(0, m.start() - 120): m.start()]
        gap = BETWEEN_NAME_AND_DEFINITION.search(window)
        anchor = m.start() - (len(window) - gap.start()) if gap else m.start()
        key = next((ends[e] for e in range(m.start(), anchor - 1, -1) if e in ends), None)
        key = index.alias_keys.get(key, key) if key else None
        if key is None or key not in index.by_key:
            continue
        org = index.by_key[key]
        for alias in _quoted_aliases(m.group(1)):
            if alias.lower() in SELF_REFERENCES:
                self_defined[key] += 1
            elif len(alias) <= 60 and not YEAR.fullmatch(alias):
                index.alias(org, alias)


def _full_name_notes(text: str, index: OrgIndex) -> None:
    """Footnotes such as 'The full name of Acme Materials is Acme Materials Co., Ltd.'."""
    for m in FULL_NAME_OF.finditer(text):
        full = ORG_NAME.match(text, m.end())
        if full is None:
            continue
        org = index.add(split_org_phrase(tidy_name(full.group(0)))[1])
        index.alias(org, m.group(1).strip())


# 'X Inc. (d/b/a Y)', 'X Ltd, trading as Y', 'X plc (formerly Y)': another name of the same organisation
_TRADE_NAME = re.compile(
    r"\s*(?:\(|,\s*)(?:d/b/a|d\.b\.a\.|dba|doing\s+business\s+as|trading\s+as|t/a|also\s+known\s+as|a\.k\.a\.|aka|"
    r"formerly(?:\s+known\s+as)?|previously(?:\s+known\s+as)?)\s+[\"“]?([A-Z][^()\n,;\"”]{1,60}?)[\"”]?\s*(?:\)|[,;.]|$)",
    re.I | re.M,
)


def _trade_names(text: str, index: OrgIndex, name_spans: list[Mention]) -> None:
    """Trade names and former names written right after a name ('(d/b/a Cedar Energy)') become its aliases."""
    for _, end, key in name_spans:
        m = _TRADE_NAME.match(text, end)
        org = index.by_key.get(index.alias_keys.get(key, key))
        if m and org is not None and name_key(m.group(1)):
            index.alias(org, m.group(1).strip())


# A definitions entry: '"Acme Serbia" means Acme Lighting d.o.o., a wholly-owned subsidiary ...'
_QUOTED_DEFINITION = re.compile(r"^[ \t•\-*]*[\"“'‘]([^\"”'’\n]{2,60})[\"”'’][ \t]*(?::|means|shall\s+mean|refers\s+to|is)[ \t]+(?:the[ \t]+)?", re.M)


def _quoted_definitions(text: str, index: OrgIndex) -> None:
    """Entries of a definitions list whose defined term is quoted: the term is an alias of the named organisation."""
    for m in _QUOTED_DEFINITION.finditer(text):
        full = ORG_NAME.match(text, m.end()) or ORG_NAME_PREFIXED.match(text, m.end())
        short = m.group(1).strip()
        if full is None or short.lower() in SELF_REFERENCES or not name_key(short):
            continue
        org = index.resolve(full.group(0)) or index.add(split_org_phrase(tidy_name(full.group(0)))[1])
        index.alias(org, short)


def _read_abbreviation_rows(text: str, index: OrgIndex) -> None:
    """Definition tables ('Innovation Metal<TAB>Shandong Innovation Metal Technology Co., Ltd.')."""
    for m in _ABBREV_ROW.finditer(text):
        short, full = m.group(1).strip(), m.group(2).strip()
        target = index.resolve(full)
        if target is None and ORG_NAME.fullmatch(full):
            target = index.add(tidy_name(full))
        if target is not None and short.lower() not in SELF_REFERENCES and len(short.split()) <= 5:
            short_words = set(name_key(short).split())
            if short_words and short_words <= set(name_key(target.name).split()) | {"group"}:
                index.alias(target, short)


def _table_lines(block: str) -> list[tuple[str, re.Match[str] | None]]:
    """Non-empty lines of a table block (first cell only), each with its legal-form name if the line is one."""
    out = []
    for line in block.split("\n"):
        cell = line.split("\t")[0].strip(" #*|")
        if not cell:
            continue
        m = ORG_NAME.search(cell)
        is_name = m is not None and m.start() <= 12 and not cell[m.end():].strip(" .")
        out.append((cell, m if is_name else None))
    return out


def _runs(lines: list[tuple[str, re.Match[str] | None]]) -> list[tuple[bool, list[tuple[str, re.Match[str] | None]]]]:
    """Consecutive lines grouped by kind (name / not a name); header cells are dropped."""
    runs: list[tuple[bool, list]] = []
    for cell, m in lines:
        if m is None and _TABLE_HEADER_CELL.search(cell) and len(cell.split()) <= 5:
            continue
        kind = m is not None
        if runs and runs[-1][0] == kind:
            runs[-1][1].append((cell, m))
        else:
            runs.append((kind, [(cell, m)]))
    return runs


def _read_split_tables(text: str, index: OrgIndex, self_defined: Counter[str]) -> None:
    """Definition tables whose columns the PDF printed one after the other.

    Under a heading such as "Abbreviations" or "Definitions", a run of short forms followed by a
    run of the same number of full names (or the other way round) is read row by row.  A short
    cell may hold several aliases ("Acme, the Company, we"); self-references vote for the reporter.
    """
    for h in _DEFINITION_HEADING.finditer(text):
        runs = _runs(_table_lines(text[h.end(): h.end() + _TABLE_WINDOW]))
        for (kind_a, a), (kind_b, b) in zip(runs, runs[1:]):
            if kind_a == kind_b or len(a) != len(b) or len(a) < 2:
                continue
            shorts, fulls = (b, a) if kind_a else (a, b)
            for (short, _), (_, full) in zip(shorts, fulls):
                _define_row(index, short, full, self_defined)
            break


def _define_row(index: OrgIndex, short: str, full: re.Match[str], self_defined: Counter[str]) -> None:
    name = split_org_phrase(tidy_name(full.group(0)))[1]
    org = index.resolve(name) or index.add(name)
    key = name_key(org.name)
    full_words = set(words(name))
    for alias in (a.strip() for a in short.split(",")):
        if alias.lower() in SELF_REFERENCES:
            self_defined[key] += 1
        elif alias and len(alias) <= 60 and set(words(alias)) & full_words:
            index.alias(org, alias)
    index.table_members.add(key)


def _alone(text: str, start: int, end: int) -> bool:
    """A use of a short form on its own: no word character or '(' touches it, and it is not the head of a longer
    capitalised name ('Acme Wheel' in 'Acme Wheel Manufacturing', 'Acme (Mexico)')."""
    return free_before(text, start, "(") and free_after(text, end, "(") and not capital_follows(text, end)


def _short_forms(doc: Doc, text: str, index: OrgIndex, min_mentions: int) -> None:
    """Aliases the report uses without defining them: unique leading words of a name, or 'Name Place'."""
    names = index.names()
    known = {name_key(n): name_key(canonical) for n, canonical in names.items()}
    owners: dict[str, set[str]] = {}
    plain: dict[str, bool] = {}
    for key, org in index.by_key.items():
        # short forms of each spelling of the name ('Société Acme', and 'Societe Acme' of a cover in capitals)
        spellings = [org.name, *sorted(a for a in org.aliases if name_key(a) == key)]
        for cand in dict.fromkeys(c for spelling in spellings for c in _short_candidates(spelling)):
            ck = name_key(cand)
            if not ck or cand in names or known.get(ck, key) != key:
                continue  # already a name, or another organisation's
            if cand.lower() not in SELF_REFERENCES and not PLACE.fullmatch(cand) and not ordinary(cand, text, plain):
                owners.setdefault(cand, set()).add(key)  # an ordinary phrase ('Green Energy' beside 'green energy') is no alias
    unique = {c: next(iter(ks)) for c, ks in owners.items() if len(ks) == 1}
    if not unique or len(unique) > _MAX_SHORT_FORMS:
        return
    uses = find_phrases(doc, unique, text, lambda a, b: _alone(text, a, b))  # one PhraseMatcher pass
    counts = Counter(phrase for start, _, phrase in uses if not _CAPITAL_BEFORE.search(text, max(0, start - 30), start))
    for cand, n in counts.items():
        if n >= min_mentions:
            index.alias(index.by_key[unique[cand]], cand)


_CAPITAL_BEFORE = re.compile(r"(?<![\w'’\-])(?:[^\WA-Z]|['’\-])*[A-Z][\w'’\-]*[ \t]$")  # 'Shenzhen Stock Exchange' is no use of 'Stock Exchange'
# bounded (a name is short): unbounded, the lazy head and the spaces before '(' rescanned a long run of white space
_PAREN_PLACE = re.compile(r"^(.{1,200}?)\s{0,10}\(([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\)")
_SMALL = lexicon("name_small_words")  # patterns/lexicon.jsonl
_LEGAL_SHOWN = lexicon("legal_forms_shown")


_ONE_WORD_MENTIONS = 3  # uses on its own before a one-word short form of the publisher's name is an alias


def _distinctive_word(word: str, text: str) -> str | None:
    """``word`` (the first word of the publisher's name) when it can stand for the publisher alone: a word of three
    letters or more that is rare in English (wordfreq Zipf < 3.5: 'Acme', 'Eni', 'BHP', not 'Southern', 'Total',
    'China') and that the document never writes as ordinary language (:func:`~.mentions.names.ordinary`); else None."""
    from .learned.company import zipf

    bare = word.strip(".,;:'’\"")
    if len(bare) < 3 or not any(c.isalpha() for c in bare) or bare.lower() in SELF_REFERENCES or PLACE.fullmatch(bare):
        return None
    if zipf(bare) >= 3.5 or ordinary(bare, text):
        return None
    return bare


def _short_candidates(name: str) -> list[str]:
    """Short forms a report may use for ``name``: 'A B' of 'A B C Co., Ltd.', 'A Place' of 'A (Place) Co., Ltd.'."""
    out = []
    paren = _PAREN_PLACE.match(name)
    if paren:
        head, place = paren.group(1), paren.group(2)
        out += [f"{head} {place}", f"{head.split()[0]} {place}"]
    ws = [w for w in re.sub(r"\([^)]*\)", " ", strip_legal_form(name)).split() if w]
    core = [w for w in ws if w.strip(".,").lower() not in _LEGAL_SHOWN]
    for n in range(2, len(core)):
        if core[n - 1].lower() not in _SMALL:
            out.append(" ".join(core[:n]))
    return out


def _all_mentions(doc: Doc, text: str, index: OrgIndex, name_spans: list[Mention]) -> list[Mention]:
    """Every mention of a known name or alias, found in one PhraseMatcher pass, longest name first."""
    surface: dict[str, str] = {}
    bare_forms: dict[str, Organization] = {}
    for org in index.by_key.values():
        key = name_key(org.name)
        for n in {org.name, *org.aliases}:
            if len(n) >= 3 and n.lower() not in SELF_REFERENCES:
                surface.setdefault(n, key)
        for spelling in [org.name, *sorted(a for a in org.aliases if name_key(a) == key)]:  # 'Société Acme SA', 'Societe Acme SA'
            bare = strip_legal_form(spelling).strip(" ,")
            if bare != spelling and len(bare.split()) >= 2 and not PLACE.fullmatch(bare) and bare.lower() not in SELF_REFERENCES:
                if surface.setdefault(bare, key) == key:
                    bare_forms[bare] = org  # 'Kestrel Mining' for 'Kestrel Mining Limited': an alias once used alone
    name_spans = [(s, e, index.alias_keys.get(k, k)) for s, e, k in name_spans]
    if not surface:
        return sorted(name_spans)
    covered = sorted(name_spans)
    found = list(covered)
    starts = [s for s, _, _ in covered]
    for start, end, name in find_phrases(doc, surface, text, lambda a, b: free_before(text, a) and free_after(text, b)):
        i = bisect_left(starts, start + 1) - 1
        if i >= 0 and covered[i][1] > start:
            continue  # inside a full name already found
        key = surface[name]
        key = index.alias_keys.get(key, key)
        found.append((start, end, key))
        index.mentions[key] += 1
        if name in bare_forms:
            bare_forms.pop(name).aliases.add(name)
    found.sort()
    return found


def add_mentions(doc: Doc, names: dict[str, str]) -> None:
    """Add the mentions of newly learnt names (surface -> key) to the document's mention list."""
    if not names:
        return
    ms: list[Mention] = doc._.org_mentions or []
    starts = [s for s, _, _ in ms]
    text = text_of(doc)
    new: list[Mention] = []
    replaced: set[int] = set()
    for start, end, name in find_phrases(doc, names, text, lambda a, b: free_before(text, a) and free_after(text, b)):
        i = bisect_left(starts, start + 1) - 1
        if i >= 0 and ms[i][1] > start and ms[i][1] - ms[i][0] >= end - start:
            continue  # inside a longer name already found
        j = i if i >= 0 and ms[i][1] > start else i + 1
        while 0 <= j < len(ms) and ms[j][0] < end:
            replaced.add(j)  # a shorter mention inside this longer one ('Acme' in 'Acme Ningbo Technology')
            j += 1
        new.append((start, end, names[name]))
    set_org_mentions(doc, sorted([x for k, x in enumerate(ms) if k not in replaced] + new))


def set_org_mentions(doc: Doc, mentions: list[Mention]) -> None:
    """Store the organisation mentions: as ``doc._.org_mentions`` (sorted tuples, for bisects) and as
    spans labelled ORG in ``doc.spans["esg_org"]`` (``kb_id_`` = the organisation's key).

    A mention that does not fall on token boundaries is widened to the tokens holding it in the span group.
    """
    doc._.org_mentions = mentions
    spans = []
    for start, end, key in mentions:
        span = doc.char_span(start, end, label="ORG", kb_id=key, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans["esg_org"] = spans


def mentions_between(doc: Doc, start: int, end: int) -> list[Mention]:
    """Organisation mentions starting inside the character range [start, end) (a bisect)."""
    ms: list[Mention] = doc._.org_mentions or []
    i = bisect_left(ms, (start, -1, ""))
    out = []
    while i < len(ms) and ms[i][0] < end:
        out.append(ms[i])
        i += 1
    return out


def mentions_in(doc: Doc, span: Span) -> list[Mention]:
    """Organisation mentions inside ``span`` (a bisect over the document's mention list)."""
    return mentions_between(doc, span.start_char, span.end_char)


def reporter_short_forms(doc: Doc, index: OrgIndex, org, min_mentions: int) -> None:
    """Short forms of the reporter's own name ('Acme Beta', 'Acme Group' for 'Acme Beta Alloys Group Co., Ltd.').

    A leading part of the reporter's name (two words or more), or its first words followed by
    "Group", is an alias when the report uses it on its own often enough and it names no other
    organisation; unlike other short forms it may also lead a subsidiary's name.  So is the name's first word
    alone ('Acme' of 'Acme S.p.A.', 'Acme Energy Corporation') when it is no ordinary word (see
    :func:`_distinctive_word`) and the report uses it on its own at least ``_ONE_WORD_MENTIONS`` times: reports
    name their publisher by it throughout, and readers (and gold annotators) list it among its names.
    """
    shown = [w for w in re.sub(r"\([^)]*\)", " ", strip_legal_form(org.name)).split() if name_key(w) and w.strip(".,").lower() not in _LEGAL_SHOWN]
    if not shown:
        return
    text = text_of(doc)
    candidates = {" ".join(shown[:n]) for n in range(2, len(shown))}
    candidates |= {" ".join(shown[:n]) + " Group" for n in range(1, len(shown)) if shown[n - 1].lower() not in ("group", "holding", "holdings")}
    word = _distinctive_word(shown[0], text) if len(shown) > 1 or shown[0] != org.name else None
    if word:
        candidates.add(word)
    names = index.names()
    taken = {name_key(n) for n, canonical in names.items() if canonical != org.name}
    candidates = {c for c in candidates if name_key(c) not in taken and c not in names and "(" not in c}
    if not candidates:
        return
    counts = Counter(phrase for _, _, phrase in find_phrases(doc, candidates, text, lambda a, b: _alone(text, a, b)))
    new = {c: name_key(org.name) for c, n in counts.items() if n >= (max(min_mentions, _ONE_WORD_MENTIONS) if c == word else min_mentions)}
    for c in new:
        index.alias(org, c)
    add_mentions(doc, new)


