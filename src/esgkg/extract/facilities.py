"""Facilities: named or located physical sites, with their operator and location.

One compiled pass finds every facility noun (production base, plant, factory, smelter, refinery,
steelworks, mill, workshop, laboratory, R&D / testing / engineering / innovation(s) centre, research institute,
workstation, industrial park, mine, port, terminal, yard, warehouse, depot, data centre,
headquarters, campus, site, location, facility, centre, branch); each hit is then read in its local context
(the sentence, widened by a wrapped line before or after it: see :func:`_wrapped`):

* a quoted name ending in the noun ("the "X Alloy Research Institute"");
* a capitalised name before the noun, optionally continued by "of/for" + a name:
  "Wuxi Industrial Design Centre", "Second Park of X Metal", "Laboratory of X Co., Ltd.";
  plural or listed forms give one facility per organisation or place ("Testing Centers of A Co., Ltd.,
  B Co., Ltd." -> two; "the Eastfield and Northgate factories" -> two);
* a proper name after a possessive: "X's Harbin factory", "our Eastfield plant", "the Torvik yard";
* a site noun followed by a place: "the port of Mombasa", "Campus Erlangen", "the location Duisburg";
* a described site tied to an operator: "the cold rolling workshop in X Precision", "its 5G+ smart
  industrial park", "has a calcium aluminate production line";
* a located site: "operating site in Wuxi", "the factory in Congleton, United Kingdom",
  "six production bases in Guangdong, Guizhou and Hunan" (one facility per place), "a plant near the
  Kenyan city Mombasa", "centres in locations such as Manila and Mumbai"; a bare "facility",
  "centre" or "branch" is a site only so, or named by its place ("Volkhov branch");
* an indefinite site set up in a place later in its clause: "a pilot plant to capture CO2 has been
  built in Ghent, Belgium";
* "the (new) factory" in a sentence whose subject is a group unit other than the reporting company:
  that unit's site ("X Castings has added solar panels to the new factory's design");
* a name said to be a site after a comma ("Erebus, a 100 MW floating offshore wind project", "Zorana, the largest gas
  field"); a list of names, then their kind, before a plural noun ("the Harlow Creek and Tollman Point coal plants");
  an owner's possessive before a described site ("the Company's Jinhua packaging and testing plant");
* a lower-case facility, centre, station or site after a proper name ("the Red Mesa battery storage facility", "the
  Sherwell site"; not a loan: "revolving credit facility"); numbered units and fabs ("Copper Hollow Units 1 and 2",
  "fabs in Shanghai (Fab 1, Fab 2 and Fab 3)"); dams, energy hubs, platforms, bio-refineries; a liquefaction plant or
  a floating unit by the name before it ("Mozambique LNG", "Arvale LNG 2", "the Coralina FLNG");
* a heading, caption or cell that is a site's name and nothing else ("Case study: Birchmount Place"); a property
  named by its street address in a sentence about it ("the tower at 220 Wellington Street West"), or in a property
  table (rows named by their "Address" cell, "1450 Rue Sainte-Catherine" under "Property").

Places come from the gazetteer of :mod:`esgkg.extract.places` (pycountry, GeoNames).  One site is one
facility however many ways the report names it: facilities are folded by place and class at the end
(:meth:`FacilityExtractor._one_per_site`); a pilot, demonstration or experimental plant stays apart
from the works it stands in.

Not facilities: honour titles ("awarded the "Green Factory" title"), certification or standard
names ("lab certification", "Testing and Calibration Laboratories"), lists of titles after "recognised /
honoured / rated as", however long, universities, generic
mentions without a name, a description or a place ("the factory", "our production bases"),
generic bases ("customer base", "supplier base"), workshops and campuses without a place (meetings,
programmes), lists of kinds ("our ports and warehouses") and shares or counts of sites by country,
sites of a kind somewhere ("recycling yards in Alang", unless counted or "our"), research institutes
that the report does not call its own (an institute is an organisation: "X (Y Research Institute)", "a
contract with the Z Research Institute"), and a noun inside a longer name ("Soil Laboratory Network").
A mention without an operator (a table cell) never hides the same name said with one.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Facility
from .base import evidence_between, facts, names_unknown_subject, orgs, sentence_at, sentence_index_at, sentences, text_of
from .base import ASSIGNS, REQUIRES, require  # declared attributes and the call-time check (issue 20)
from .mentions.names import zipf
from .mentions.phrases import WordCues
from .patterns import lexicon
from .places import Place, PlaceMatch, find_places
from .tables import street_address, tables_of

# capitalised heads of a property's or a station's proper name: a site only so ("Green Building" is a label, not a site)
_NAMED_HEADS = r"Towers?|Plaza|Buildings?|Mall|Square|Place|Court|Commons|Crossing|Gardens|Terrace|Wharf|Stations?|Dam|Pipeline"
_TYPES = [
    ("production_base", r"production\s+bases?|manufacturing\s+bases?|practice\s+bases?|industrial\s+parks?|parks?|bases?|branch(?:es)?"),
    ("plant", r"production\s+workshops?|workshops?|production\s+lines?|facilit(?:y|ies)|factor(?:y|ies)|gigafactor(?:y|ies)|plants?|smelters?|(?:bio-?)?refiner(?:y|ies)|steelworks|steel\s+mills?|(?:paper|rolling|pulp|cement|flour|saw)\s*mills?"
              r"|(?:wafer\s+)?fabs?|complex(?:es)?|(?-i:Units?)(?=[ \t]+\d|$)"),  # a generating unit only by its number ("Kestle Unit 3")
    ("laboratory", r"laborator(?:y|ies)|labs?|(?:testing|test|experiment(?:al)?|inspection)\s+cent(?:er|re)s?"),
    ("rd_center", r"(?:R&D|research(?:\s+and\s+development)?|engineering(?:\s+research|\s+technology)?|technology|technical|innovations?|(?:industrial\s+)?design)\s+cent(?:er|re)s?"
                  r"|research\s+institutes?|R&D\s+institut(?:e|ion)s?|workstations?|innovation\s+studios?"),
    ("mine", r"mines?"),
    ("office", r"headquarters|campus(?:es)?"),
    ("warehouse", r"warehouses?|depots?|(?:distribution|logistics)\s+cent(?:er|re)s?"),
    ("office", r"offices?"),
    ("other", r"cent(?:er|re)s?|ports?|terminals?|(?:ship|recycling\s+)?yards?|shipyards?|data\s+cent(?:er|re)s?|(?:charging|filling|fuelling|refuelling)\s+stations?|substations?"
              r"|(?:generating|power|hydro(?:electric)?|nuclear|compressor|pumping)\s+stations?|(?:wind|solar|photovoltaic|PV)\s+farms?"
              r"|(?:wind|solar|PV|photovoltaic|hydro(?:electric)?|geothermal|storage|battery|CCS|CCUS|LNG|hydrogen|biomethane|biogas|transmission|pipeline"
              r"|mining|potash|copper|lithium|nickel|iron\s+ore|gas|oil|upstream)\s+projects?|(?:gas|oil|condensate|oil\s+and\s+gas)\s+fields?|fields?"
              r"|operational\s+sites?|operating\s+sites?|sites?|locations?"
              r"|(?:CCS|CCUS|CO2|carbon|hydrogen|energy|LNG|gas|logistics)\s+hubs?|(?:offshore|production|drilling|oil|gas)\s+platforms?"
              r"|(?:hydro(?:electric)?\s+|tailings\s+)?(?-i:dams?)|(?-i:F?LNG|FPSO|FSRU)"
              rf"|(?-i:{_NAMED_HEADS})"  # a property or a station by its name ("Harbourview Tower", "Marsh Creek Steam Station")
              r"|(?-i:operations?|propert(?:y|ies))"),  # a mine's or a smelter's 'operation', only by its proper name ("the Mt Keith and Leinster operations")
]
# classes within which one place holds one site: a production base and a factory in one city are one site
_CLASS = {"production_base": "production", "plant": "production", "laboratory": "research", "rd_center": "research"}
_NOUN = re.compile(r"(?<![\w&])(?:" + "|".join(f"(?:{p})" for _, p in _TYPES) + r")(?![\w&])", re.I)
_TYPE_OF = [(t, re.compile(rf"(?:{p})$", re.I)) for t, p in _TYPES]
_LOCATED_ONLY = re.compile(r"^(?:(?:operational|operating)\s+sites?|sites?|locations?|headquarters|facilit(?:y|ies)|cent(?:er|re)s?|branch(?:es)?|offices?"
                           rf"|(?-i:{_NAMED_HEADS}))$", re.I)  # only with a place, or a proper name (_NAMED_ONLY)
_BARE = re.compile(r"^(?:operations?|propert(?:y|ies)|bases?|workshops?|parks?|yards?|terminals?|ports?|campus(?:es)?|lines?|complex(?:es)?|fabs?|[\w ]+projects?|[\w ]*fields?"
                   r"|[\w ]+hubs?|[\w ]+platforms?|[\w ]*dams?)$", re.I)  # need a name or a place
# a capitalised centre, facility or station with a proper name before it ("Riverbend Energy Center", "Harlow Solar
# Facility", "Centre for Coastal Research") is a named site even where no place is written
# a project is a site only by its own name: "the Boundary Ridge CCUS project", not "a 3 MW photovoltaic project of X Co."
_PROJECT = re.compile(r"projects?$", re.I)
_FIELD = re.compile(r"fields?$", re.I)  # an oil or gas field only by its proper name ("the Kessa field"), not "the ESG field"
_NAMED_PROJECT = re.compile(r"^(?!(?:MWp?|GWh?|kWp?|MW|TWh)\b)[A-Z][^ ]*(?: (?!of\b)[^ ]+)*$")
# bare nouns that say what kind of site they are once described ("a 100 MW offshore wind project", "a floating platform")
_TYPED_BARE = re.compile(r"^(?:[\w ]+(?:projects?|fields?|hubs?|platforms?|dams?)|terminals?|ports?|fabs?|complex(?:es)?)$", re.I)
_LNG = re.compile(r"^(?:F?LNG|FPSO|FSRU)$")  # a liquefaction plant or a floating unit, only by the name before it ("Kessaro LNG 2")
# what may follow such a name: its train number, then the end of its phrase or a verb ("... LNG began production")
_LNG_AFTER = re.compile(r"(?:[ \t]+(\d{1,2}))?(?=[ \t]*(?:[,.;:()]|$)|[ \t]+(?:and|project|in|at|off|near|on|is|was|will|has|had|began|started|reached|produced|delivered|shipped|located)\b)")
_DESCRIBED_ONLY = re.compile(r"^(?:facility|cent(?:er|re)|station|site)$")  # lower case: a site by a proper word before its description
_FINANCIAL = lexicon("facility_financial_words")  # patterns/lexicon.jsonl: "credit facility" is a loan
_NAMED_ONLY = re.compile(rf"^(?:Cent(?:er|re)|Facility|{_NAMED_HEADS})$")
_BUILDING = re.compile(rf"^(?:{_NAMED_HEADS})$")
# a utility's or an operator's site named by what it does after its name: "Cedar Hill Energy Center", "Bay Operations Centre"
_SITE_HEAD = re.compile(r"(?:Energy|Generating|Generation|Power|Steam|Nuclear|Hydro|Hydroelectric|Combustion|Turbine|Storage|Wind|Solar"
                        r"|Operations|Distribution|Fulfil?lment|Logistics|Manufacturing|Production"
                        r"|Shopping|Business|Office|Industrial|Retail)[ \t]+\S+$")
# a site numbered after its noun: "Fab 7", "Plant 2", "Factory 3A" (not a year, a count or an amount)
_SERIES = re.compile(r"(?<![\w'’\-])((?:[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,2}, ){1,8})$")
_PLACE_FIRST = re.compile(r"\b(our|its|their|the|[Oo]ur|[Ii]ts|[Tt]heir|[Tt]he) +([A-Z][\w'’\-]*(?: +[A-Z][\w'’\-]*){0,2}), +([A-Z][\w'’\-]*(?: +[A-Z][\w'’\-]*){0,2}),? +((?:[a-z][\w\-]* +){0,3})$")
_NUMBERED = re.compile(r"^(?:Fabs?|Plants?|Factor(?:y|ies)|Sites?|Mines?|Units?)$")
_NEXT_CAP = re.compile(r"[ \t]+([A-Z][a-z][\w'’\-]*)")  # the capitalised word right after a place, on its line
_PREV_CAP = re.compile(r"(?<![\w'’\-])([A-Z][a-z][\w'’\-]*)[ \t]+$")  # and right before it
_NOT_ALONE_WORDS = lexicon("places_not_alone")  # compass words: "Northern Kazakhstan" is the place
# "at A, B and C": one to three capitalised words per name, the last two joined by "and"
_AT_NAMES = re.compile(r"[ \t]+at[ \t]+((?:[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2}[ \t]*,[ \t]*){0,6}"
                       r"[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2},?[ \t]+and[ \t]+[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2})")
# "Cedar Ridge is our 300 MW wind farm in Kansas": a name that opens its sentence, said to be a site
_COPULA_NAMED = re.compile(r"^[ \t]*((?:[A-Z][\w'’\-]*[ \t]+){0,3}[A-Z][\w'’\-]*)[ \t]+(?:is|was|remains)[ \t]+(?:our|its|their|a|an|the)"
                           r"[ \t]+(?:[\w,\-]+[ \t]+){0,10}$")
# "Erebus, a 100 MW floating offshore wind project", "Cedar Ridge, our wind farm in Kansas": a proper name, then a comma and
# its description as a site (one to five words, each capitalised or a unit number: "Seagreen 1")
_APPOSITIVE = re.compile(r"(?<![\w'’\-&.])([A-Z][\w'’\-&.]{0,30}(?:[ \t]+(?:[A-Z][\w'’\-&.]{0,30}|\d{1,2}[A-Z]?)){0,4}),[ \t]+"
                         r"(?:a|an|our|its|their|the(?=[ \t]+(?:largest|biggest|first|second|third|main|latest|newest|world['’]s)\b))"
                         r"[ \t]+((?:[\w\-.%'’]{1,30}[ \t]+){0,8})$")  # "Zohr, the largest gas field in ..."
_HEAD_ENDS = re.compile(r"[ \t]*(?:[,.;:()]|$|(?:in|at|near|on|of|that|which|with|for|and|to|since|from|where)\b)")  # the noun heads its phrase
# "... such as / including / namely / (" opening a list of names after a plural site noun
_SUCH_AS = re.compile(r"[ \t]*(?:,[ \t]*)?(?:(?:such[ \t]+as|including|namely)[ \t]+|\([ \t]*)(?=(?:the[ \t]+)?[A-Z])")
# one listed site: up to five capitalised words (with the particles of place names), maybe "in <Place>"
_LISTED_NAME = re.compile(r"[A-Z][\w'’\-&.]*(?:[ \t]+(?:[A-Z][\w'’\-&.]*|de|di|da|del|della|la|le|du|des|of|&)){0,4}"
                          r"(?:[ \t]+in[ \t]+[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,2})?")
_LOOSE_KIND = re.compile(r"^(?:bases|parks|cent(?:er|re)s|locations|sites|fields|offices)$", re.I)  # "raw material bases such as <regions>"
_NEXT_ITEM = re.compile(r",[ \t]*(?:and[ \t]+)?(?=[A-Z])|[ \t]and[ \t]+(?=[A-Z])")
_LAST_ITEM = re.compile(r"[ \t](?:and|or)[ \t]")
_SITE_NUMBER = re.compile(r"\b(?:Fabs?|Plants?|Factor(?:y|ies)|Sites?|Mines?|Units?)[ \t]+(\d{1,2}[A-Z]?)\b")
# the further numbers of "Units 1 and 2", "Plants 3, 4 and 5" after the first
_MORE_NUMBERS = re.compile(r"(?:[ \t]*,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)(\d{1,2}[A-Z]?)(?![\w.,%])")
_NUMBER_AFTER = re.compile(r"^[ \t]+(\d{1,2}[A-Z]?)(?![\w%]|[.,]\d)")  # "Fab 1, Fab 2": not "Plant 1,000" nor "Site 2.5"
# a numbered site inside a parenthesis that follows a place: "fabs in Shanghai (Fab 1, Fab 2 and"
_PAREN_AFTER_PLACE = re.compile(r"\b(?:in|at)[ \t]+([A-Z][\w'’\-]{0,30}(?:,?[ \t]+[A-Z][\w'’\-]{0,30}){0,2})[ \t]*\([^()]{0,60}$")

_CAP = r"(?:[A-Z](?:[\w+\-&.]|['’](?!s\b))*|R&D|No\.\s*\d+|\d[\w+\-]*)"
# spaces only: a tab is a cell boundary.  Words are set apart by at least one space (a capital word ran on into the
# next with none, so 'A-B-C-…' split 2^n ways; issue 20), at most 16 of them after the first (linear search).
_CAP_PREFIX = re.compile(rf"(?<![\w+\-&.'’])({_CAP}(?:(?: +(?:of|and|&|for))? +{_CAP}){{0,16}}) +$")
_INNER_STOP = re.compile(r"^.*\b(?:The|Our|Its|Their|This|These|At|In|On|For)\s+")
# words set apart by spaces (a bracket may follow a word directly: 'Acme(Suzhou)'); a connector only before a capital
_OF_WORD = r"(?:[A-Z][\w'’\-&.]*|\([A-Z][^)]{1,30}\))"
_OF_NAME = re.compile(rf"^[ \t]+(?:of|for)[ \t]+({_OF_WORD}(?:[ \t]+(?:[A-Z][\w'’\-&.]*|(?:of|and|with|for|&)(?=[ \t]+[A-Z]))|[ \t]*\([A-Z][^)]{{1,30}}\)){{0,13}})")
_STOP_FIRST = re.compile(r"^(?:The|A|An|Its|Our|This|These|Each|All|Of|And|In|At|To|For|Their|Such|Other|New|Main|Key|Major|Several|Multiple|Including|Both|With|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d+"
                         r"|\d[\d,.]*-?(?:MW|GW|kW|MWh|GWh|megawatts?|gigawatts?|kilowatts?)(?:ac|dc|p)?)(?=[ \t]|$)[ \t]*")  # "300-megawatt": a capacity
_DET_WORDS = r"the|its|their|our|a|an|has|have|had|built|established|operates?|owns?|constructed"
# the last determiner before the noun, then up to 8 space-separated description words (no tab: a cell boundary)
_DETERMINER = re.compile(rf"\b({_DET_WORDS}) +((?:(?!(?:{_DET_WORDS})\b)[\w+\-.]+ +){{1,8}})$", re.I)
_NOT_DESCRIPTION = lexicon("facility_not_description")  # patterns/lexicon.jsonl
_POSSESSIVE = re.compile(r"(?:'s|’s)[ \t]+$")
# an owner's possessive, then up to 8 description words before the noun: "the Company's Jinhua packaging and testing"
_POSSESSOR = re.compile(r"(?<![\w'’\-])((?:[A-Z][\w&\-.]{0,30}[ \t]+){0,4}[A-Z][\w&\-.]{0,30})['’]s[ \t]+((?:[\w+\-.]{1,30}[ \t]+){1,8})$")
_IN_OPERATOR = re.compile(r"^[ \t]+(?:in|at|of)[ \t]+")
# "in/at/near X", "near the Saudi city X", "in the city of X"
_LOCATED = re.compile(r"^[ \t]+(?:(?:is|are)[ \t]+(?=located|situated|based))?(?:(?:located|situated|based)[ \t]+)?(?:in|at|near)[ \t]+(?:the[ \t]+(?:[A-Z][\w'’\-]*[ \t]+){0,3}(?:city|town|village)[ \t]+(?:of[ \t]+)?"
                      r"|(?:[a-z]+[ \t]+)?(?:locations|places|cities|countries|markets|regions)[ \t]+(?:such[ \t]+as|like|including)[ \t]+)?"
                      # the places: capitalised words, each set apart from the next by spaces, a comma, '&' or 'and'
                      r"((?:the[ \t]+)?[A-Z][\w'’\-]*(?:(?:[ \t]*[,&][ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:(?:and|or)[ \t]+)?)(?:the[ \t]+)?[A-Z][\w'’\-]*){0,24}(?:[ \t]*,)?)")
# "a pilot plant (to capture CO2) has been built in X": where an indefinite site was set up, later in its clause
_BUILT_IN = re.compile(r"^[^.;:\t]{0,60}?\b(?:has|have|had|was|were|is|are)[ \t]+(?:been[ \t]+|being[ \t]+)?"
                       r"(?:built|constructed|commissioned|opened|installed|established|launched|completed)(?=[ \t]+(?:in|at|near)[ \t])")
# installations set up to try a technology: distinct from the works they stand in
_TRIAL = frozenset({"pilot", "demonstration", "experimental"})
_SUBJECT_VERB = re.compile(r"[ \t]+(?:has|have|had|plans|planned|is|was|will|built|builds|uses|used|added|adds|installed|completed|launched|started|began|opened)\b")
_COUNT = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ \t]+((?:[\w\-]+[ \t]+){0,3})$", re.I)
_QUOTES = {"\u201c": "\u201d", '"': '"', "''": '"', "\u2018": "\u2019"}
_TITLE = re.compile(r"\b(?:awarded|honou?red|recogni[sz]ed\s+as|named(?:\s+as)?|rated\s+as|title\s+of|selected\s+as|won|list\s+of|batch\s+of)\b[^.]{0,60}$", re.I)
# "has been recognised as a national high-tech enterprise, ..., a doctoral workstation of X Province": a list of titles,
# however long, up to the clause's end
# read over the 400 characters before the noun (its clause), not from the sentence start: per noun, so linear
_RECOGNISED_AS = re.compile(r"\b(?:recogni[sz]ed|honou?red|rated)[ \t]+as\b[^.;:\n]*$", re.I)
_TITLE_AFTER = re.compile(r"^[\"”’']?[ \t]*(?:\([^)]{1,20}\)[ \t]*)?(?:title|certification|certificate|award|honou?r|accreditation|standard)\b", re.I)
_NOT_SITE = re.compile(r"\buniversit|\bcollege\b|\bacademy\b|\binstitute\s+of\s+technology\b|\bcalibration\b", re.I)
_GENERIC = lexicon("facility_generic_words")  # patterns/lexicon.jsonl
_GENERIC_ONLY = frozenset(_GENERIC | {"green", "smart", "digital", "intelligent", "model", "demonstration", "testing", "test", "research",
                                       "group", "company", "corporation", "headquarter", "headquarters", "zero", "waste", "zero-waste", "star", "three-star", "low-carbon", "carbon", "excellent", "level", "grade",
                                       "and", "of", "r&d", "garden-style", "lighthouse", "benchmark", "national", "provincial", "municipal"})
_MAX_NAME = 140
# Evidence of a site is its sentence, up to this many characters around the site noun: a 'sentence' of 50,000
# characters (a table with no full stop) read once per site noun in it made the reader quadratic (issue 20).
_MAX_EVIDENCE = 4000
_DETERMINERS = lexicon("facility_determiners")  # patterns/lexicon.jsonl
_VERBS = lexicon("facility_operating_verbs")  # patterns/lexicon.jsonl
_ADDRESS = re.compile(
    r"(?im)^[ \t]*(?P<label>(?:company[ \t]+|registered[ \t]+|head[ \t]+office[ \t]+)?address)[ \t]*[:：][ \t]*(?P<labelled>[^\n]{8,200})"
    r"|^(?P<org>[^\n\d]{3,80})\n(?P<street>(?:[A-Z][\w\-.'’ ]{2,60},?[ \t]\d{1,5}[A-Za-z]?|\d{1,5}[A-Za-z]?[ \t][A-Z][\w\-.'’ ]{2,60}(?:,[ \t]*(?:Suite|Floor|Unit)[ \t]+\d{1,5})?))[ \t]*\n"
    r"(?P<city>(?:[A-Z]{1,3}[ \t]*[-–‐][ \t]*)?\d{4,5}(?:-\d{3,4})?[ \t]+[^\W\d_][^\n]{1,40}"
    # the town first, then its state or province and its postcode: "Kansas City, MO 64105", "Melbourne VIC 3000",
    # "Toronto, Ontario M5X 1A9", "London SW1E 5LB"
    r"|[^\W\d_][^\n,\d]{1,30},?[ \t]+(?:[A-Z]{2,3}|[^\W\d_]{4,20})[ \t]+(?:\d{4,5}(?:-\d{4})?|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)"
    r"|[^\W\d_][^\n,\d]{1,30}[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2})$")
# the line above a contact block's street that names the reporter's own office rather than an organisation
_OFFICE_LINE = re.compile(r"(?i)^[ \t]*(?:(?:corporate|global|group|registered|principal|executive|head)[ \t]+)?(?:head[ \t]+)?(?:office|offices|headquarters)[ \t]*:?[ \t]*$")
# "Registered office: 12 Harbour Road, Eastfield" anywhere on a line (a back cover's legal line), up to the sentence's end
# a property by its street address: a house number, one to three capitalised words and a street's type ("220 Harbour
# Street West", "1450 Rue Sainte-Catherine" is a table's: tables.street_address)
_STREET_ADDRESS = re.compile(r"(?<![\w,.\-/#])(\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z][\w'’\-]{0,30}){1,3}[ \t]+(?:"
                             + "|".join(re.escape(w) for w in sorted(lexicon("street_types"), key=len, reverse=True))
                             + r")(?:[ \t]+(?:East|West|North|South)\b)?)(?![\w])")
_PROPERTY_CUES = lexicon("property_cue_words")  # patterns/lexicon.jsonl
_LEGAL_WORDS = frozenset({"registered", "issued", "licensed", "license", "licence", "incorporated", "regulated", "authorised", "authorized", "approved"})
_OFFICE_LABEL = re.compile(r"\b(?:[Rr]egistered|[Hh]ead|[Pp]rincipal|[Cc]orporate)[ \t]+(?:office|headquarters|Office|Headquarters)(?:[ \t]+(?:address|Address))?[ \t]*[:：][ \t]*"
                           r"(?P<address>[^\n]{8,200}?)(?=\.[ \t]|\.?[ \t]*$|\.?[ \t]*\n)", re.M)
_LIST_OPENER = re.compile(r"(?:These|They|Those|Such\s+honou?rs)\s+(?:include|included|are|were)\b")
_HONOURS = WordCues(lexicon("site_honour_words"))  # patterns/lexicon.jsonl
_INSTITUTE = re.compile(r"institut", re.I)  # research institutes: organisations unless the report calls one its own
_PROPER_ONLY = re.compile(r"^(?:operations?|propert(?:y|ies))$")  # "our operations in Chile", "mining operations": where the group works, not a site
_NEEDS_PLACE = re.compile(r"^(?:workshops?|campus(?:es)?)$", re.I)  # without a place as often a meeting or a programme
# a table (extract/tables.py) whose header names a column of sites
_NAME_HEADERS = lexicon("site_table_name_headers")  # patterns/lexicon.jsonl; not "asset": a balance sheet's
_PLACE_HEADERS = lexicon("site_table_place_headers")
# header nouns that say only that a row is a site: its cell is the site's name as written ("Birchwood Commons")
_ROW_IS_NAME = lexicon("site_table_row_name_headers")  # patterns/lexicon.jsonl
_NOT_A_ROW = re.compile(r"(?i)^(?:sub-?)?totals?\b|^(?:others?|n/?a|none|average|portfolio)\b")
_TITLE_WORDS = re.compile(r"\b(?:Award|Prize|Title|Certificat|ISO|Standard|Program|Project|Plan|Initiative)", re.I)


# a line ending in a name it began ("... at the Nickel West" over "Kwinana Refinery"): the name goes on over the break
_WRAP_NAME = re.compile(r"\b(?:the|our|its|their)[ \t]+[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,3}[ \t]*$")
_WRAP_END = re.compile(r"(?:,|\b(?:in|at|of|near|the|our|its|their|a|an|and|or|to|for|with|from|by|as|like|including))[ \t]*$")


def _wrapped(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence ``text[start:end]`` widened by the line before and the line after when they are the same
    paragraph wrapped: a text converter (pdftotext) ends every printed line with a line break, which the sentence
    splitter reads as a boundary, so "Our Eastfield JV\nplant is ..." is cut between name and noun.

    A neighbouring line belongs to the sentence when it is not blank and holds no tab (a table row), and the break
    falls mid-clause: the later line starts in lower case or the earlier one ends in a comma or a function word
    ("in", "the", "and" ...).  One line each way; offsets stay those of ``text``.
    """
    def joins(before: str, after: str) -> bool:
        return bool(before.strip()) and bool(after.strip()) and "\t" not in before and "\t" not in after \
            and not re.search(r"[.!?;:][\"”’')]*[ \t]*$", before) and (after.lstrip()[:1].islower() or bool(_WRAP_END.search(before))
                                                                     or bool(_WRAP_NAME.search(before)) and after.lstrip()[:1].isupper())

    lo, hi = start, end
    if start >= 2 and text[start - 1] == "\n":
        prev = text.rfind("\n", 0, start - 1) + 1
        stop = text.find("\n", start)
        if joins(text[prev:start - 1], text[start:len(text) if stop == -1 else stop]):
            lo = prev
    after = end if text[end - 1:end] == "\n" else end + 1 if text[end:end + 1] == "\n" else 0  # the line after the sentence
    if after:
        stop = text.find("\n", after)
        stop = len(text) if stop == -1 else stop
        if joins(text[text.rfind("\n", 0, after - 1) + 1:after - 1], text[after:stop]):
            hi = stop
    return lo, hi


_POSTCODE = re.compile(r"^(?:\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?|\d[A-Z]{2}|[A-Z]\d[A-Z]|\d[A-Z]\d)$")


def _street_and_town(address: str) -> str:
    """An address as a site's name: its street and town, without the postcode and the country at its end
    ("171 Harbour Street, Eastfield, Victoria 3000, Australia" -> "171 Harbour Street, Eastfield, Victoria")."""
    parts = [p.strip() for p in address.split(",")]
    while len(parts) > 2:
        whole = _PL.fullmatch(parts[-1])
        if whole is not None and whole.place.kind == "country":
            parts.pop()
            continue
        words = parts[-1].split()
        kept = [w for w in words if not _POSTCODE.match(w)]
        if not kept:
            parts.pop()
            continue
        parts[-1] = " ".join(kept)
        break
    return ", ".join(parts)


def _facility_type(noun: str) -> str:
    for t, pattern in _TYPE_OF:
        if pattern.search(noun):
            return t
    return "other"


def _singular(noun: str) -> str:
    if re.search(r"(?i)(?:headquarters|works|campus)$", noun):
        return noun
    for plural, single in (("ies", "y"), ("ses", "se"), ("s", "")):
        if noun.endswith(plural) and not noun.endswith("ss"):
            return noun[: -len(plural)] + single
    return noun


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w&]+", text.lower()))


def _fold_place(pm) -> str:
    """The identity of a place match: its gazetteer name ("Ganzhou City" and "Ganzhou" are one place)."""
    return pm.place.name.lower()


def _last_noun(name: str) -> str:
    """The head word of the site noun a name ends its kind with, singular and lower-case ("Jincheng Magnet Factory" ->
    "factory", "12-inch wafer fab" -> "fab")."""
    nouns = _NOUN.findall(name)
    return _singular(nouns[-1].lower().split()[-1]) if nouns else ""  # its head word: a "wafer fab" is a "fab"


def _site_place(fac: Facility) -> str | None:
    """The place that identifies a site: the first town or province in its name, else in its location
    (a town the gazetteer does not know counts as written: "Zlatovice, Czech Republic"); None for a
    country or no place."""
    pm = _PL.search(fac.name)
    if pm is not None and pm.place.kind != "country":
        return _fold_place(pm)
    if fac.location:
        pm = _PL.search(fac.location)
        if pm is not None and pm.place.kind != "country":
            return _fold_place(pm)
        head = fac.location.split(",")[0].strip()
        if "," in fac.location and head and not _PL.search(head):
            return head.lower()
    return None


_RARE_ZIPF = 3.5  # a word rarer in English than this (wordfreq Zipf) is read as part of a proper name


def _proper(name: str) -> bool:
    """Whether a name holds a proper name: a word rarer than :data:`_RARE_ZIPF` in English ("Riverbend Energy Center"),
    not only ordinary words ("Information Centre", "Quality Management Centre": a department, not a site)."""
    return any(zipf(w.lower()) < _RARE_ZIPF for w in re.findall(r"[^\W\d_][\w'’\-]*", name))


def _holds_site_noun(words: str) -> bool:
    """Whether a site's description holds a site noun of its own ("production base" in "production base workshop"); a
    plant named by its product ("Dhamra LNG regasification") holds none."""
    return any(not _LNG.match(hit.group(0)) for hit in _NOUN.finditer(words))


def _proper_words(desc: str) -> bool:
    """Whether a site's description opens with a proper name: its leading capitalised words are a place, a rare word
    ("Osage customer service") or two words or more ("Red Rock coal": two capitalised words are a name even of common
    words); not one ordinary word ("Italian power")."""
    name = " ".join(itertools.takewhile(lambda w: w[:1].isupper(), desc.split()))
    return bool(name) and (_PL.fullmatch(name.split()[0]) is not None or _proper(name) or len(name.split()) >= 2)


def _strip_first(prefix: str) -> str:
    while True:
        stripped = _STOP_FIRST.sub("", prefix)
        if stripped == prefix:
            return prefix
        prefix = stripped


def _generic(words: str) -> bool:
    ws = [w for w in re.split(r"[ \t]+", words.lower().strip()) if w]
    return not ws or all(w in _GENERIC_ONLY or all(p in _GENERIC_ONLY for p in w.split("-")) for w in ws)


class _DocPlaces:
    """Place look-ups for one document: a one-word city that the document also writes in lower case
    ("best", "enterprise", "police") is an ordinary word there, not a place."""

    def __init__(self) -> None:
        self.text = ""
        self.cache: dict[str, bool] = {}

    def reset(self, text: str) -> None:
        self.text, self.cache = text, {}

    def common(self, word: str) -> bool:
        hit = self.cache.get(word)
        if hit is None:
            hit = self.cache[word] = self.text.find(f" {word} ") >= 0 or self.text.find(f" {word},") >= 0
        return hit

    def search(self, text: str, pos: int = 0, end: int | None = None) -> PlaceMatch | None:
        """The first place in ``text[pos:end]`` (:func:`find_places`, this document's ordinary words aside), else None."""
        return next(find_places(text, pos, end, self.common), None)

    def finditer(self, text: str) -> Iterator[PlaceMatch]:
        """Every place in ``text``, left to right (:func:`find_places`, this document's ordinary words aside)."""
        return find_places(text, 0, None, self.common)

    def fullmatch(self, text: str) -> PlaceMatch | None:
        """The place that is the whole of ``text``, else None."""
        m = self.search(text)
        return m if m is not None and m.start() == 0 and m.end() == len(text) else None

    def country(self, text: str | None) -> str | None:
        """The country of the first place in ``text`` (small towns included), else None."""
        if not text:
            return None
        m = self.search(text)
        return m.place.country if m is not None else None

    def first(self, text: str) -> str | None:
        """The first place written in ``text`` that is not a site noun ("Dam", "Mine": towns of the gazetteer)."""
        m = next((pm for pm in self.finditer(text) if not _NOUN.fullmatch(pm.group(0))), None)
        return m.group(0) if m is not None else None


_PL = _DocPlaces()


def _with_country(text: str, place) -> str:
    """The place as written, with the larger place written right after it: "Congleton, United Kingdom"."""
    nxt = re.match(r",[ \t]*", text[place.end():place.end() + 3])
    if nxt:
        wider = _PL.search(text, place.end() + nxt.end(), min(len(text), place.end() + nxt.end() + 50))
        if wider is not None and wider.start() == place.end() + nxt.end() and wider.place.kind in ("country", "subdivision") \
                and wider.place is not place.place:
            return text[place.start():wider.end()]
    return place.group(0)


def _places_listed(text: str) -> list[tuple[str, Place | None]]:
    """Places of a list such as "Ganzhou, Baotou and Ningbo" or "Ghent, Belgium" or "Mohelnice, Czech Republic".

    A place followed by its country or province is one place ("Ghent, Belgium"); a capitalised word the
    gazetteer does not know, followed by a country, is a town of that country ("Mohelnice, Czech Republic").
    Returns (place as written, gazetteer entry of its first known part).
    """
    found = [pm for pm in _PL.finditer(text) if pm.place.kind != "continent"]
    starts = {pm.start() for pm in found}
    found = [pm for pm in found if not _inside_a_name(text, pm, starts)]
    out: list[tuple[str, Place | None]] = []
    i = 0
    while i < len(found):
        pm = found[i]
        before = text[:pm.start()]
        unknown = re.search(r"(?:^|[ \t,]|and )([A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+)?),[ \t]*$", before)
        if pm.place.kind in ("country", "subdivision") and unknown and not _PL.search(unknown.group(1)) \
                and (not out or unknown.start(1) > text.find(out[-1][0]) + len(out[-1][0])):
            out.append((f"{unknown.group(1)}, {pm.group(0)}", pm.place))
            i += 1
            continue
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and re.fullmatch(r",[ \t]*", text[pm.end():nxt.start()]) and nxt.place.kind in ("country", "subdivision") \
                and pm.place.kind != "country" and (pm.place.country == nxt.place.country or nxt.place.kind == "subdivision"):
            out.append((text[pm.start():nxt.end()], pm.place))
            i += 2
            continue
        out.append((pm.group(0), pm.place))
        i += 1
    return list(dict.fromkeys(out))


def _proper_name_of(name: str) -> bool:
    """Whether a site's name before its noun is a proper name: capitalised words ("Mt Keith and Leinster operations"),
    not a country alone ("China operations"), a clause ("X is carbon-neutral in its scope of operations") or capitals."""
    words = _NOUN.sub("", name).split()
    whole = _PL.fullmatch(" ".join(words))
    return bool(words) and all(w[:1].isupper() or w in ("and", "&") for w in words) and not name.isupper() \
        and not (whole is not None and whole.place.kind == "country")


def _next_item(text: str, end: int) -> int:
    """Where the next item of a list starts in ``text[:end]`` (", B Court", " and C Tower"), else ``end``; a place after
    the comma is where the site is, not an item ("Macquarie Place, Sydney")."""
    for im in _NEXT_ITEM.finditer(text, 0, end):
        pm = _PL.search(text, im.end(), min(len(text), im.end() + 40))
        if pm is None or pm.start() != im.end():
            return im.start()
    return end


def _name_key(name: str) -> frozenset[str]:
    """The words that tell one site's name from another's, without its site nouns: "Lone Elm plant" and "Lone Elm"."""
    return frozenset(_words(_NOUN.sub(" ", name)))


def _inside_a_name(text: str, pm: PlaceMatch, starts: set[int]) -> bool:
    """Whether the place ``pm`` is one word of a longer capitalised name that is not a place: "Lone" of "Lone Elm",
    "Bend" of "Osage Bend", "Porto" of "Porto Marghera" (a place followed by another place, "Wuxi Jiangsu", stays)."""
    after = _NEXT_CAP.match(text, pm.end())
    if after is not None and after.start(1) not in starts and not _STOP_FIRST.match(after.group(1)):
        return True
    before = _PREV_CAP.search(text, max(0, pm.start() - 40), pm.start())
    return before is not None and not _STOP_FIRST.match(before.group(1)) and _PL.fullmatch(before.group(1)) is None \
        and before.group(1).lower() not in _NOT_ALONE_WORDS


class _Doc:
    """What the rules need of one document: its text, organisation mentions and reporter."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.index = orgs(doc)
        self.mentions = doc._.org_mentions
        self.starts = [m[0] for m in self.mentions]
        self.reporter = self.index.reporter.name if self.index.reporter else None

    def org_at(self, pos: int) -> tuple[int, int, str, str] | None:
        """The organisation mention at ``pos`` (starting there, or holding it), as (start, end, surface text, name)."""
        i = bisect_left(self.starts, pos + 2) - 1
        if i >= 0 and self.mentions[i][0] - pos <= 1 and self.mentions[i][1] > pos:
            s, e, key = self.mentions[i]
            org = self.index.by_key.get(key)
            if org is None:
                return None
            surface = self.text[max(s, pos):e]
            return (max(s, pos), e, surface, org.name)
        return None

    def org_ending_at(self, pos: int) -> str | None:
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i][0] > pos - 120:
            s, e, key = self.mentions[i]
            if abs(e - pos) <= 1:
                org = self.index.by_key.get(key)
                return org.name if org else None
            i -= 1
        return None

    def operator_near(self, sent: Span, pos: int) -> str | None:
        """The organisation named nearest before ``pos`` in the sentence, else the reporting company."""
        i = bisect_left(self.starts, pos) - 1
        if i >= 0 and self.mentions[i][0] >= sent.start_char:
            org = self.index.by_key.get(self.mentions[i][2])
            if org is not None:
                return org.name
        if names_unknown_subject(self.text[sent.start_char: pos], self.index):
            return None  # the sentence names an operator this report's organisations do not include
        return self.reporter


class FacilityExtractor:
    """spaCy component ``esg_facilities``."""

    def __init__(self, max_name_chars: int = _MAX_NAME, located_sites: bool = True) -> None:
        self.max_name_chars = max_name_chars
        self.located_sites = located_sites

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_facilities")
        d = _Doc(doc)
        if d.reporter is None:
            return doc
        _PL.reset(d.text)
        out: dict[str, Facility] = {}
        for m in _NOUN.finditer(d.text):
            for fac in self._read(d, m):
                if not fac.operator or len(fac.name) > self.max_name_chars:
                    continue  # a site whose operator the report's organisations do not include; a runaway name
                old = out.setdefault(fac.name.lower(), fac)
                if old is not fac and not old.location and fac.location:  # a later mention says where it is
                    old.location, old.country = fac.location, fac.country
        for fac in [*self._headquarters(d), *self._addressed(d)]:
            if fac.operator:
                out.setdefault(fac.name.lower(), fac)
        said = {_name_key(f.name): f for f in out.values()}
        for fac in self._table_sites(d):  # a row's place cells say where a site named in the text is
            old = said.get(_name_key(fac.name)) or out.setdefault(fac.name.lower(), fac)
            if old is not fac and fac.location:
                old.location, old.country = fac.location, fac.country
        facts(doc).facilities.extend(self._one_per_site(d, list(out.values())))
        return doc

    def _headquarters(self, d: _Doc) -> list[Facility]:
        """The head office where the report gives its address: "Address: No. 12, Harbour Road, Eastfield City" or a
        contact block (organisation line, street line, postcode and city line).  One per address."""
        found: dict[tuple[str, str], Facility] = {}
        for m in [*_ADDRESS.finditer(d.text), *_OFFICE_LABEL.finditer(d.text)]:
            if "address" in m.groupdict():  # a registered or head office named mid-line: its operator is named just before
                address, start, end = m.group("address").strip(" ,;"), m.start(), m.end()
                line_start = d.text.rfind("\n", 0, start) + 1
                i = bisect_left(d.starts, start) - 1
                named = self._org_of_mention(d, i, line_start)
                operator = named or d.reporter
            elif m.group("label"):
                address, operator = m.group("labelled").strip(" ,;"), d.reporter
                address = re.sub(r"^(?:(?=[^,]*\b(?:Department|Office|Attn)\b)[^,]*,)+[ \t]*", "", address)  # "Audit Department, ..."
                address = re.sub(r"[ \t]*\b(?:Tel(?:ephone)?|Phone|Fax|E-?mail|Web(?:site)?)[ \t]*[:：][ \t]*\S+", "", address)
                start, end = m.start(), m.end()
            else:
                org = d.index.resolve(m.group("org").strip())
                if org is None and not (_OFFICE_LINE.match(m.group("org")) and d.reporter):
                    continue
                if org is not None and org.name != d.reporter and not m.group("city")[:1].isdigit():
                    continue  # a town-first address of another organisation (a registrar's, an agent's): not a site of the group
                address, operator = f"{m.group('street').strip()}, {m.group('city').strip()}", org.name if org else d.reporter
                start, end = m.start("org"), m.end()
            places = [pm for pm in _PL.finditer(address) if pm.place.kind != "country"]
            if not places or not re.search(r"\d", address):
                continue
            key = (places[-1].place.name, (re.findall(r"\d+", address) or [""])[0])
            if key in found:
                continue
            found[key] = Facility(name=f"headquarters, {_street_and_town(address)}", operator=operator, evidence=evidence_between(d.doc, start, end),
                                  facility_type="office", location=", ".join(p.group(0) for p in places), country=_PL.country(address)
                                  or places[0].place.country)
        return list(found.values())

    def _addressed(self, d: _Doc) -> list[Facility]:
        """Properties named by their street address in a sentence about a property: "we retrofitted the tower at 220
        Harbour Street West, Toronto" -> "220 Harbour Street West" (at Toronto).  Not an address line of a contact block
        (a line holding little but the address) nor a sentence with no property word (:data:`_PROPERTY_CUES`)."""
        found: list[Facility] = []
        for am in _STREET_ADDRESS.finditer(d.text):
            line_start = d.text.rfind("\n", 0, am.start()) + 1
            line_end = d.text.find("\n", am.end())
            line = d.text[line_start:len(d.text) if line_end == -1 else line_end]
            if len(line.split()) <= len(am.group(1).split()) + 4:
                continue  # an address line of a contact block (_headquarters reads those)
            sent = sentence_at(d.doc, am.start())
            words = set(re.findall(r"[a-z]+", d.text[sent.start_char:sent.end_char].lower()))
            if len(words) < 6 or not words & _PROPERTY_CUES or words & _LEGAL_WORDS or re.search(r"(?i)address|office[ \t]*:", d.text[sent.start_char:am.start()]):
                continue  # not about a property, or a legal notice ("issued by X Ltd., 50 Harbour Street")
            after = re.match(r"[ \t]*,[ \t]*", d.text[am.end():am.end() + 4])
            place = _PL.search(d.text, am.end() + after.end(), am.end() + after.end() + 40) if after else None
            place = place.group(0) if place is not None and place.start() == am.end() + after.end() else None
            found.append(self._facility(d, sent, am.group(1), "site", None, am.start(), place, look_around=False))
        return found

    def _table_sites(self, d: _Doc) -> list[Facility]:
        """Sites listed in a table (:func:`~esgkg.extract.tables.tables_of`: tab-separated rows, or cells one per
        paragraph row by row or column by column) whose header names a column of sites ("Plant", "Property",
        "Facility", "Refinery": :data:`_NAME_HEADERS`) and maybe columns of where ("State", "City", "Province",
        "Location": :data:`_PLACE_HEADERS`); each row gives one site named by its cell, located by its place cells in
        column order.  A bare place under a specific noun is named by it ("Ravenna" under "Refinery": "Ravenna
        refinery"); totals, counts, countries, organisations and rows without another value are no sites."""
        found: list[Facility] = []
        for table in tables_of(d.doc):
            heads = table.keys
            named = [i for i, h in enumerate(heads) if h in _NAME_HEADERS]
            if not named and "address" in heads and len(set(heads) & _PLACE_HEADERS) >= 2:
                named = [heads.index("address")]  # a property list by address ("Address / City / Province / GLA"): its rows' names
            if not named:
                continue
            header = (named[0], heads[named[0]], [i for i, h in enumerate(heads) if h in _PLACE_HEADERS and i != named[0]], len(heads))
            for row in table.rows:
                cells = [c.text if c else "" for c in row]
                if table.layout == "columns":  # the row's cells stand apart: the site's own cell is its evidence
                    start, end = row[named[0]].start, row[named[0]].end
                else:
                    start, end = min(c.start for c in row if c), max(c.end for c in row if c)
                fac = self._table_row(d, cells, header, start, end)
                if fac is not None:
                    found.append(fac)
        return found

    def _table_row(self, d: _Doc, cells: list[str], header: tuple[int, str, list[int], int], start: int, end: int) -> Facility | None:
        """The site of one table row under ``header`` (see :meth:`_table_sites`), or None."""
        col, head, place_cols, width = header
        if col != 0 and len(cells) != width:
            return None  # a row of another shape: its cells do not line up with the header's
        name = cells[col] if col < len(cells) else ""
        address = street_address(name)  # "1450 Rue Sainte-Catherine": a property by its address
        if head == "address" and not address:
            return None
        if not (name[:1].isupper() or address) or len(name) > 80 or len(name.split()) > 8 or "%" in name or _NOT_A_ROW.match(name) \
                or not re.search(r"[^\W\d_]{2}", name) or _generic(name):
            return None
        if not any(re.search(r"\d", c) or _PL.search(c) for i, c in enumerate(cells) if i != col):
            return None  # a site's row gives a figure (capacity, area, year) or a place; a row of words is a matrix's
        whole = _PL.fullmatch(name)
        if (whole is not None and whole.place.kind in ("country", "continent")) or d.index.resolve(name) is not None:
            return None  # a row per country, or per company (a list of subsidiaries)
        places = [cells[i] for i in place_cols if i < len(cells) and cells[i] and i != col] if len(cells) == width else []
        if whole is None and not _proper(name) and not address and not _SITE_NUMBER.search(name) and not _PL.search(name) \
                and not (len(name.split()) >= 2 and any(_PL.search(p) for p in places)):
            return None  # a kind of site ("Office", "Retail", "Head Office"): a table by property type, not a list of sites
        if whole is not None and head not in _ROW_IS_NAME and not _NOUN.search(name):
            name = f"{name} {_singular(head.split()[-1])}"  # "Ravenna" under "Refinery"
        location = ", ".join(places) or _PL.first(name)
        return Facility(name=name, operator=d.reporter, evidence=evidence_between(d.doc, start, end),
                        facility_type=_facility_type(head.split()[-1]), location=location, country=_PL.country(location))

    @staticmethod
    def _org_of_mention(d: _Doc, i: int, lo: int) -> str | None:
        """The organisation of mention ``i`` (the last before some offset) when it starts at ``lo`` or later, else None."""
        if i >= 0 and d.mentions[i][0] >= lo:
            org = d.index.by_key.get(d.mentions[i][2])
            return org.name if org else None
        return None

    def _one_per_site(self, d: _Doc, found: list[Facility]) -> list[Facility]:
        """Fold the names of one site into one facility: "Eastfield Factory", "factory in Eastfield", "our Eastfield plant".

        Facilities are grouped by place and class (a production base and a factory in one city are one
        site).  Within a group, those whose name says nothing beyond place, operator and generic words
        are one site per operator (the reporting company's fit any); a distinctively named one
        ("Torvik demonstration plant in Eastfield") stays a site of its own, and takes in the generic
        mentions when it is the only named one there.  The kept name is the fullest proper one; the
        kept location the most precise.
        """
        own = {w for n in ([d.reporter] + sorted(d.index.reporter.aliases) if d.index.reporter else []) for w in _words(n)}
        groups: dict[tuple[str, str, str], list[Facility]] = {}
        named: dict[tuple[str, str], list[Facility]] = {}
        kept: list[Facility | tuple[str, str, str]] = []
        for fac in found:
            where = _site_place(fac)
            if where is None:
                kept.append(fac)
                continue
            place_words = _words(where) | _words(fac.location or "")
            nouns = _NOUN.findall(fac.name)
            kind = _CLASS.get(fac.facility_type) or _singular(nouns[-1].lower() if nouns else fac.facility_type)
            rest = [w for w in re.findall(r"[A-Z][\w'’\-&]*", fac.name) if w.lower() not in place_words and w.lower() not in own
                    and w.lower() not in _words(fac.operator or "") and not _generic(w) and not _NOUN.fullmatch(w)]
            rest += sorted(_words(fac.name) & _TRIAL)  # a pilot or demonstration plant is not the works it stands in
            rest += _SITE_NUMBER.findall(fac.name)  # "Fab 1" and "Fab 2" in one city are two sites
            if rest:
                named.setdefault((where, kind), []).append(fac)
                kept.append(fac)
                continue
            operator = "" if fac.operator == d.reporter else (fac.operator or "")
            key = (where, kind, operator)
            if key not in groups:
                groups[key] = []
                kept.append(key)
            groups[key].append(fac)
        for key in [k for k in groups if k[2] == ""]:  # the reporter's generic mentions join a subsidiary's site there
            others = [k for k in groups if k[:2] == key[:2] and k[2]]
            if len(others) == 1:
                groups[others[0]].extend(groups.pop(key))
        folded: dict[int, list[Facility]] = {}
        for key in list(groups):  # generic mentions of the one named site of that place and class
            site = named.get(key[:2], [])
            if len(site) == 1 and (not key[2] or key[2] == site[0].operator) \
                    and all(_last_noun(f.name) == _last_noun(site[0].name) for f in groups[key]):
                folded.setdefault(id(site[0]), []).extend(groups.pop(key))
            elif len(site) > 1 and not key[2] and all(_SITE_NUMBER.search(f.name) for f in site):
                folded.setdefault(id(site[0]), []).extend(groups.pop(key))  # "our fab in Wuxi" where Fab 1 and Fab 2 are: one of them
        out = []
        for item in kept:
            if isinstance(item, Facility):
                extra = folded.get(id(item), [])
                if extra:
                    location = max((f.location for f in [item, *extra] if f.location), key=lambda x: len(x.split()), default=item.location)
                    item = Facility(name=item.name, operator=item.operator, evidence=item.evidence, facility_type=item.facility_type,
                                    location=location, country=item.country or _PL.country(location))
                out.append(item)
            elif item in groups:
                members = groups[item]
                best = max(members, key=lambda f: (f.name[:1].isupper(), len(f.name.split()) if " and " not in f.name else 0, -members.index(f)))
                location = max((f.location for f in members if f.location), key=lambda x: len(x.split()), default=best.location)
                operator = next((f.operator for f in members if f.operator != d.reporter), best.operator)
                out.append(Facility(name=best.name, operator=operator, evidence=best.evidence, facility_type=best.facility_type,
                                    location=location, country=best.country or _PL.country(location)))
        return out

    # ------------------------------------------------------------------ one noun hit in context
    def _read(self, d: _Doc, m: re.Match) -> list[Facility]:
        text, s, e = d.text, m.start(), m.end()
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line_end = len(text) if line_end == -1 else line_end
        sent = sentence_at(d.doc, s)
        lo, hi = _wrapped(text, sent.start_char, sent.end_char)
        body = text[lo:hi].strip()  # a line wrapped from or onto its neighbour is no heading
        if len(body) < 15 or (len(body.split(None, 5)) <= 4 and "\t" not in body and not re.search(r"[.!?;:)]$", body)
                              and not re.match(r"(?:The|Our|Its|Their|A|An|At|In)\b", body)):
            return self._heading_site(d, m, lo, hi)  # headings ("Factories in Eastfield") and table stubs, unless a site's name
        left, right = text[max(sent.start_char, s - 160):s], text[e:min(sent.end_char, e + 300)]
        if "\t" in left or "\t" in right:  # a table: each line is a row of its own
            left, right = text[max(line_start, s - 160):s], text[e:min(line_end, e + 300)]
        else:  # prose the PDF broke into lines reads as one line (same offsets)
            left, right = text[max(lo, s - 160):s].replace("\n", " "), text[e:min(hi, e + 300)].replace("\n", " ")
        noun = m.group(0)
        if _TITLE.search(left[-80:]) or _TITLE_AFTER.match(right) or self._in_honours_list(d, sent) \
                or _RECOGNISED_AS.search(text, max(sent.start_char, s - 400), s):
            return []
        named = self._copula_named(d, sent, m, left, right) or self._appositive(d, sent, m, left, right) or self._such_as(d, sent, m, right) \
            or self._listed_kind(d, sent, m, left)
        if named:
            return named
        if _LNG.match(noun):
            return self._lng_named(d, sent, m, left, right)
        if _LOCATED_ONLY.match(noun):
            building = _BUILDING.match(noun)  # a property only by a proper name: "Green Building" is a label, not a site
            found = [] if building else self._place_named(d, sent, m, left, right)
            if not found and _NAMED_ONLY.match(noun) and not self._modifies_a_name(right):
                placed = bool(building and _LOCATED.match(right) and _PL.search(_LOCATED.match(right).group(1)))  # "Riverside Tower in Toronto"
                found = [f for f in self._named(d, sent, m, left, right) if not _NOT_SITE.search(f.name) and ". " not in f.name.replace("No. ", "")
                         and (_proper(f.name) or placed or (_SITE_HEAD.search(f.name) and len(f.name.split()) >= 3))]
            if not found and _DESCRIBED_ONLY.match(noun):
                found = self._proper_described(d, sent, m, left, right)
            if not found and self.located_sites and not building:
                found = self._located(d, sent, m, left, right)
            return found
        if re.fullmatch(r"Workshops?", noun):
            return []  # "Leadership Workshop": an event's title
        if noun[0].isupper() and self._modifies_a_name(right):
            return []  # "Soil Laboratory Network", "Port Authority": the noun is part of a longer name, not its head
        if _INSTITUTE.search(noun):
            readers = (self._quoted, self._described)  # an institute is an organisation unless the report calls it its own
        elif _BARE.match(noun):
            readers = (self._quoted, self._named, self._place_of, self._described_named)
        else:
            readers = (self._quoted, self._named, self._place_of, self._described, self._counted)
        for reader in readers:
            found = [f for f in reader(d, sent, m, left, right) if not _NOT_SITE.search(f.name.split(" at ")[0])
                     and ". " not in f.name.replace("No. ", "") and not (_NEEDS_PLACE.match(noun) and not f.location)
                     and not (_PROJECT.search(noun) and not _NAMED_PROJECT.match(f.name))
                     and not (_FIELD.search(noun) and not _proper(_NOUN.sub("", f.name)))
                     and not (_PROPER_ONLY.match(noun) and not _proper_name_of(f.name))]
            if found:
                return found
        if _PROPER_ONLY.match(noun):
            return []
        if _NEEDS_PLACE.match(noun):
            return []  # a workshop without a place is as often a meeting as a site
        return self._subjects_site(d, sent, m, left) or (self._located(d, sent, m, left, right) if self.located_sites else [])

    def _heading_site(self, d: _Doc, m: re.Match, lo: int, hi: int) -> list[Facility]:
        """A heading, a caption or a table cell that is a site's name and nothing else: "Birchmount Place", "Case study:
        Cedar Hollow Energy Center", "Kessaro Generating Station, Kansas", "Fab 3".  The capitalised site noun ends the
        line (maybe with its number or a place after a comma); the word before it is a proper name's ("Birchmount
        Place") or the name has a utility's site head ("Red Rock Generating Station"); not a section's title ("BHP
        Registered Offices", "Power Plant Retirements"), an organisation's unit ("Acme Wholesale Office") nor a phrase
        ("Capacity Building", "Water Treatment Plant")."""
        noun = m.group(0)
        line_start = d.text.rfind("\n", lo, m.start()) + 1 if d.text.rfind("\n", lo, m.start()) >= 0 else lo
        line_end = d.text.find("\n", m.end(), hi)
        line_end = hi if line_end == -1 else line_end
        before = d.text[max(line_start, lo):m.start()]
        before = before[before.find(":") + 1:] if before.count(":") == 1 and before.find(":") < 30 else before  # "Case study: X"
        after = d.text[m.end():line_end].strip()
        number = re.fullmatch(r"\d{1,2}[A-Z]?", after)
        if not noun[0].isupper() or _LNG.match(noun) or "\t" in before or (after and not number and not (
                after.startswith(",") and _PL.fullmatch(after[1:].strip()) is not None)):
            return []
        prefix = _strip_first(before.strip())
        words = prefix.split()
        if not words or len(words) > 5 or _singular(noun) != noun or not all(w[:1].isupper() or w in ("of", "and", "&") for w in words) \
                or _generic(prefix) or d.index.resolve(prefix) is not None or d.index.resolve(words[0]) is not None or _TITLE_WORDS.search(prefix):
            return []
        name = f"{prefix} {noun}" + (f" {number.group(0)}" if number else "")
        if not ((_proper(words[-1]) or _PL.fullmatch(words[-1]) is not None) or (_SITE_HEAD.search(f"{prefix} {noun}") and len(name.split()) >= 3)):
            return []
        place = after[1:].strip() if after.startswith(",") else _PL.first(prefix)
        return [Facility(name=name, operator=d.reporter, evidence=evidence_between(d.doc, lo, hi), facility_type=_facility_type(noun),
                         location=place, country=_PL.country(place))]

    def _subjects_site(self, d: _Doc, sent: Span, m: re.Match, left: str) -> list[Facility]:
        """'Eastfield Castings plans to use the roof of the factory ...', 'X has added solar panels to the new factory's
        design': "the (new) factory" in a sentence whose subject is a unit of the group other than the reporting company
        is that unit's site, named by the unit as the sentence writes it.  The reporter's own "the factory" says not which."""
        noun = m.group(0)
        dm = re.search(r"\bthe[ \t]+(new[ \t]+)?$", left)
        if dm is None or _singular(noun) != noun or _facility_type(noun) not in ("plant", "production_base") or _BARE.match(noun):
            return []
        i = bisect_left(d.starts, m.start()) - 1  # the last organisation before the noun that a verb follows: the subject
        while i >= 0 and d.mentions[i][0] >= sent.start_char and not _SUBJECT_VERB.match(d.text, d.mentions[i][1]):
            i -= 1
        org = d.org_at(d.mentions[i][0]) if i >= 0 and d.mentions[i][0] >= sent.start_char else None
        if org is None or org[3] == d.reporter:
            return []
        name = f"{org[2]} {dm.group(1) or ''}{noun}"
        return [self._facility(d, sent, name, noun, org[3], m.start(), _PL.first(org[2]), look_around=False)]

    @staticmethod
    def _modifies_a_name(right: str) -> bool:
        """True when a capitalised word that is neither a place nor a sentence opener follows the noun on its line:
        the noun then qualifies a longer name ("Soil Laboratory Network", "Harbour Terminal Authority")."""
        nxt = re.match(r" ([A-Z][\w'’\-]*)", right)
        if nxt is None or _STOP_FIRST.match(nxt.group(1)) or _PL.search(right, 1, min(len(right), 60)) is not None \
                and _PL.search(right, 1, min(len(right), 60)).start() == 1:
            return False
        return True

    @staticmethod
    def _in_honours_list(d: _Doc, sent: Span) -> bool:
        """'... has received numerous accolades. These include X Enterprise, Y Green Factory, ...': titles, not sites."""
        start = sent.start_char  # read in the document's text: a Span's .text rebuilt the sentence per site noun
        while start < sent.end_char and d.text[start].isspace():
            start += 1
        if not _LIST_OPENER.match(d.text, start, sent.end_char):
            return False
        i = sentence_index_at(d.doc, sent.start_char)
        if i <= 0:
            return False
        before = sentences(d.doc)[i - 1]
        return bool(_HONOURS.search(d.text, before.start_char, before.end_char))

    def _place_named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """A site named by its place alone: "our Hamburg site", "the Erlangen location", "location Duisburg (Gas and Power)"."""
        noun = m.group(0)
        pm = _CAP_PREFIX.search(left)
        prefix = _strip_first(_INNER_STOP.sub("", pm.group(1))) if pm else ""
        if prefix and _PL.fullmatch(prefix):
            return [self._facility(d, sent, f"{prefix} {noun}", noun, None, m.start(), prefix)]
        after = re.match(r"[ \t]+(?=[A-Z])", right)
        if after and not re.match(r"(?i)headquarters?$", noun):
            place = _PL.search(right, after.end(), min(len(right), after.end() + 60))
            if place is not None and place.start() == after.end():
                located = _with_country(right, place)
                paren = re.match(r"[ \t]*\(([A-Z][^()]{1,60})\)", right[place.end():] if located == place.group(0) else right[after.end() + len(located):])
                operator = d.index.resolve(paren.group(1)) if paren else None
                name = f"{place.group(0)} {_singular(noun)}" + (f" ({paren.group(1)})" if paren else "")
                return [self._facility(d, sent, name, noun, operator.name if operator else None, m.start(), located)]
        return []

    def _place_of(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'the port of Mombasa', 'Terminals Algeciras', 'Campus Erlangen': a site noun followed by a place."""
        noun = m.group(0)
        after = d.text[m.end():m.end() + 80]
        pm = re.match(r"[ \t]*\n?[ \t]*(of[ \t]+)?(?=[A-Z])", after)
        if not pm or not pm.group(0) or (not pm.group(1) and not noun[0].isupper()):
            return []
        place = _PL.search(after, pm.end())
        if place is None or place.start() != pm.end():
            return []
        cap = _CAP_PREFIX.search(left)
        prefix = _strip_first(_INNER_STOP.sub("", cap.group(1))) if cap and noun[0].isupper() else ""
        name = f"{prefix} {noun} {pm.group(1) or ''}{place.group(0)}".strip()
        return [self._facility(d, sent, re.sub(r"\s+", " ", name), noun, None, m.start(), _with_country(after, place))]

    def _facility(self, d: _Doc, sent: Span, name: str, noun: str, operator: str | None, at: int, place: str | None = None,
                  look_around: bool = True) -> Facility:
        """One facility named ``name``; without ``place``, the place is the first in the name, else (``look_around``)
        the place written after the noun at ``at`` ("... plant in Ghent, Belgium")."""
        name = re.sub(r"\s+", " ", name).strip(" ,;:")
        if not place:
            place = _PL.first(name)
        if not place and look_around:
            window = d.text[at:min(at + 120, sent.end_char)]
            window = window[:_next_item(window, 80)]  # not as far as the next item of a list ("A Tower, B Court in Halifax")
            lm = re.search(r"[ \t](?:in|at)[ \t]+(?=[A-Z])", window[:80])
            listed = _places_listed(window[lm.end():]) if lm else []
            place = listed[0][0] if listed and window.find(listed[0][0].split(",")[0], lm.end()) == lm.end() else _PL.first(window[:60])
        lo, hi = sent.start_char, sent.end_char
        if hi - lo > _MAX_EVIDENCE:  # a run-on 'sentence' (a table without stops): the evidence is the text around the site
            lo, hi = max(lo, at - _MAX_EVIDENCE // 2), min(hi, at + _MAX_EVIDENCE // 2)
        if not set(re.findall(r"\w+", name.lower())) <= set(re.findall(r"\w+", d.text[lo:hi].lower())):
            lo, hi = _wrapped(d.text, lo, hi)  # the name was read over a wrapped line: the evidence holds both lines
        return Facility(name=name, operator=operator or d.operator_near(sent, at), evidence=evidence_between(d.doc, lo, hi),
                        facility_type=_facility_type(noun), location=place, country=_PL.country(place))

    def _quoted(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """A quoted name holding the noun: “X Alloy Research Institute”, "Academician Workstation of Shandong Province"."""
        for opening, closing in _QUOTES.items():
            i = left.rfind(opening)
            if i == -1 or (opening != closing and closing in left[i + len(opening):]):
                continue
            if opening == closing and left.count(opening) % 2 == 0:
                continue  # a straight quote closing an earlier quotation
            j = right.find(closing)
            if j == -1 or j > 120:
                continue
            name = (left[i + len(opening):] + m.group(0) + right[:j]).strip(" '")
            if name[:1].isupper() and len(name.split()) <= 16 and not _generic(_strip_first(left[i + len(opening):])):
                return [self._facility(d, sent, name, m.group(0), None, m.start())]
        return []

    def _named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """Capitalised name before the noun and/or "of/for" + name after it; lists of organisations after "of"."""
        noun = m.group(0)
        pm = _CAP_PREFIX.search(left)
        prefix = _strip_first(_INNER_STOP.sub("", pm.group(1))) if pm else ""
        if prefix and (_generic(prefix) or not re.search(r"(?:^|[ \t])[A-Z]", prefix)):
            prefix = ""  # "8-inch wafer fabs": a size, not a name
        whole = _PL.fullmatch(prefix) if prefix and _PROPER_ONLY.match(noun) else None
        if whole is not None and whole.place.kind in ("country", "subdivision"):
            return []  # "our Queensland operations": where the group works (a listed one, "the Mt Keith and Leinster operations", is a site)
        listed = re.split(r"[ \t]*(?:,|\band\b)[ \t]*", prefix) if prefix else []
        if len(listed) > 1 and listed[-1] and not _PL.fullmatch(listed[-1]) and _singular(noun) == noun \
                and all(_PL.fullmatch(p) or _NOUN.search(p.split()[-1]) for p in listed[:-1] if p):
            prefix = listed[-1]  # "... Square in Vancouver and Lakeshore Centre in Calgary": the place closes the item before
        operator = None
        prefix_at = pm.end(1) - len(prefix) if pm else 0
        if pm and prefix and _POSSESSIVE.search(left[:prefix_at]):
            operator = d.org_ending_at(m.start() - len(left) + prefix_at - 3)
        of = _OF_NAME.match(right)
        if of:
            org = d.org_at(m.end() + of.start(1))
            if org is not None:
                return self._org_list(d, sent, m, prefix, org)
            if prefix or noun[0].isupper():
                tail = re.sub(r"[ \t]+(?:of|and|with|for|&)$", "", of.group(1).strip())
                name = f"{prefix} {noun} {of.group(0).split()[0]} {tail}"
                return [self._facility(d, sent, name, noun, None, m.start())]
        numbered = _NUMBER_AFTER.match(right) if _NUMBERED.match(noun) else None
        if numbered and prefix and not _generic(prefix):  # "Kestle Unit 3", "Kestle Units 1 and 2": one site per number
            numbers, end = [numbered.group(1)], numbered.end()
            while (more := _MORE_NUMBERS.match(right, end)) is not None and len(numbers) < 12:
                numbers.append(more.group(1))
                end = more.end()
            return [self._facility(d, sent, f"{prefix} {_singular(noun)} {n}", noun, operator, m.start()) for n in numbers]
        if numbered and not prefix and not noun.startswith("Unit"):  # "Fab 7 in Wuxi": a site by its number (a bare "Unit 3" is any plant's)
            inside = _PAREN_AFTER_PLACE.search(left)  # "three fabs in Shanghai (Fab 1, Fab 2 and Fab 3)": where the list's sites are
            place = _PL.first(inside.group(1)) if inside else None
            return [self._facility(d, sent, f"{_singular(noun)} {numbered.group(1)}", noun, operator, m.start(), place, look_around=place is None)]
        if prefix and _singular(noun) != noun and re.match(r"[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*){0,2} (?:and|&) ", prefix):
            head = _SERIES.search(left[:prefix_at])  # "the Redmoor, Kestle and Ashby stations": the series' first names
            if head:
                prefix = head.group(1) + prefix
        parts = re.split(r"[ \t]*(?:,|\band\b|&)[ \t]*", prefix) if prefix else []
        if len(parts) > 1 and all(_PL.fullmatch(p) for p in parts if p):  # "the Eastfield and Northgate factories": two sites
            return [self._facility(d, sent, f"{p} {_singular(noun)}", noun, operator, m.start(), p) for p in parts if p]
        if len(parts) > 1 and _singular(noun) != noun and all(
                _PL.fullmatch(p) or (len(p.split()) <= 3 and not p.isupper() and (_proper(p) or len(p.split()) > 1) and not _generic(p)
                                     and d.index.resolve(p) is None) for p in parts if p):
            # "retire the Redmoor, Kestle and Ashby generating stations", "the Mt Keith and Leinster operations": one site per
            # proper name (two capitalised words are a name even of common words)
            return [self._facility(d, sent, f"{p} {_singular(noun)}", noun, operator, m.start()) for p in parts if p]
        if prefix and not noun[0].islower() or (prefix and operator):
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start())]
        if prefix and re.search(r"(?:\b(?:[Oo]ur|[Ii]ts|[Tt]heir|[Tt]he)|['’]s)[ \t]+$", left[:prefix_at]) and not _TITLE_WORDS.search(prefix) \
                and _singular(noun) == noun:
            # "our Eastfield plant", "the Torvik yard", "Acme's Ridgeway mine": a proper name before a site noun
            org = d.index.resolve(prefix)
            lm = _LOCATED.match(right)
            place = _places_listed(lm.group(1))[0][0] if lm and _places_listed(lm.group(1)) else None
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator or (org.name if org else None), m.start(), place)]
        if prefix and _PL.first(prefix):
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start(), _PL.first(prefix))]
        lm = _LOCATED.match(right)
        if prefix and lm and _PL.search(lm.group(1)):  # "Nordvik laboratory in Sweden"
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start(), _PL.search(lm.group(1)).group(1))]
        return []

    def _org_list(self, d: _Doc, sent: Span, m: re.Match, prefix: str, first: tuple[int, int, str]) -> list[Facility]:
        """'Testing Centers of A Co., Ltd., B Co., Ltd., and C Co., Ltd.': one facility per organisation."""
        noun = _singular(m.group(0)) if m.group(0)[0].isupper() or prefix else m.group(0)
        head = f"{prefix} {noun}".strip()
        # each site's place is the one its organisation's name holds, not the first one after the noun
        out = [self._facility(d, sent, f"{head} of {first[2]}", noun, first[3], m.start(), look_around=False)]
        end = first[1]
        while True:
            sep = re.match(r"^[ \t]*,?[ \t]*(?:and[ \t]+)?", d.text[end:end + 8])
            nxt = d.org_at(end + (sep.end() if sep else 0))
            if nxt is None or nxt[0] > end + 8:
                break
            if _NOUN.match(d.text, end + (sep.end() if sep else 0)):
                break
            out.append(self._facility(d, sent, f"{head} of {nxt[2]}", noun, nxt[3], m.start(), look_around=False))
            end = nxt[1]
        return out

    def _listed_kind(self, d: _Doc, sent: Span, m: re.Match, left: str) -> list[Facility]:
        """'the Harlan Creek and Tollman Point coal plants', 'our Escondida and Spence copper operations': a list of two or
        more proper names after a determiner, then one to three lower-case words of their kind before a plural site
        noun: one site per name ("Harlan Creek coal plant"); not adjectives ("our Chinese and Indian steel plants")."""
        noun = m.group(0)
        if _singular(noun) == noun:
            return []
        toks = left.replace(",", " , ").split()[-24:]
        kind: list[str] = []
        while toks and toks[-1][:1].islower() and toks[-1] not in ("and", "or") and len(kind) < 3:
            kind.insert(0, toks.pop())
        names: list[str] = []
        name: list[str] = []
        joined = False
        while toks:
            tok = toks.pop()
            if tok[:1].isupper() and len(name) < 3 and tok.lower() not in _DETERMINERS:
                name.insert(0, tok)
                continue
            if name:
                names.insert(0, " ".join(name))
                name = []
            if tok in (",", "and", "&") and (tok == "," or not joined):
                joined = joined or tok != ","
                continue
            toks.append(tok)
            break
        if name:
            names.insert(0, _strip_first(" ".join(name)))
        opener = toks[-1].lower() if toks else ""
        if not kind or not joined or len(names) < 2 or not (opener in _DETERMINERS or opener.endswith(("'s", "’s"))) \
                or any(w in _NOT_DESCRIPTION or w in _VERBS or w in _DETERMINERS or w in _FINANCIAL for w in kind):
            return []
        for n in names:
            whole = _PL.fullmatch(n)
            if not n or (whole is not None and whole.place.kind in ("country", "continent")) or d.index.resolve(n) is not None \
                    or _generic(n) or not (whole is not None or _proper(n) or len(n.split()) > 1):
                return []
        return [self._facility(d, sent, f"{n} {' '.join(kind)} {_singular(noun)}", noun, None, m.start()) for n in names]

    def _described(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """A described site tied to an operator: 'the cold rolling workshop in X', 'its 5G+ smart industrial park'."""
        pm = _PLACE_FIRST.search(d.text[max(0, m.start() - 160):m.start()].replace("\n", " "))  # across a line the splitter cut
        if pm and _singular(m.group(0)) == m.group(0) and _PL.fullmatch(pm.group(3)) is not None \
                and _PL.fullmatch(pm.group(3)).place.kind in ("subdivision", "country") and not _generic(pm.group(2)):
            # "our Mira Loma, California, distribution center": a town and its state or country before the description
            desc = " ".join(pm.group(4).split())
            return [self._facility(d, sent, f"{pm.group(2)} {desc} {m.group(0)}".replace("  ", " "), m.group(0), None, m.start(),
                                   f"{pm.group(2)}, {pm.group(3)}")]
        dm = _DETERMINER.search(left)
        owner = _POSSESSOR.search(left)
        if owner is not None and (dm is None or owner.start(2) > dm.start(2)) and _PL.fullmatch(owner.group(1)) is None:
            dm = owner  # "the Company's Jinhua packaging and testing plant", "Valdora's Sarnico refinery": the owner's site (not "France's first ...")
        if dm is None:
            return []
        desc = dm.group(2).strip()
        words = re.sub(r"\bNo\. ?(?=\d)", "No", desc).lower().split()
        if _generic(desc) or re.search(r"[,;:()]", desc) or re.search(r"(?i)\b(?:and|or|&)$", desc) or _holds_site_noun(desc) or any(w.endswith(".") or w in _NOT_DESCRIPTION for w in words) \
                or all(_COUNT.fullmatch(w + " ") for w in words):  # "9 production bases": a count, not a name
            return []
        noun = m.group(0)
        if _singular(noun) != noun:
            return []  # "our European plants", "existing DRI plants": a kind of site, not one
        det = "its" if dm is owner else dm.group(1).lower()
        op = _IN_OPERATOR.match(right)
        operator = None
        if op:
            org = d.org_at(m.end() + op.end())
            operator = org[3] if org else None
        elif dm is owner:
            org = d.index.resolve(owner.group(1))
            operator = org.name if org else None
        possessive = det in ("its", "their", "our")
        has = det in ("has", "have", "had", "built", "established", "operates", "operate", "owns", "own", "constructed")
        named = det == "the" and desc[:1].isupper() and not _STOP_FIRST.match(desc) and _proper_words(desc) and desc.split()[-1].islower()
        if operator or possessive or has or named or (det in ("a", "an") and re.search(r"\b(?:has|have|built|established|operates|owns|constructed|installed|commissioned|opened|launched|acquired|completed)[ \t]+$", left[: dm.start(1)])):
            return [self._facility(d, sent, f"{desc} {noun}", noun, operator, m.start())]
        built = _BUILT_IN.match(right) if det in ("a", "an") else None
        lm = _LOCATED.match(right[built.end():]) if built else None
        if lm and _places_listed(lm.group(1)):  # "a pilot plant to capture CO2 has been built in Ghent, Belgium"
            return [self._facility(d, sent, f"{desc} {noun}", noun, None, m.start(), _places_listed(lm.group(1))[0][0])]
        at = re.match(r"^[ \t]+(?:at|in)[ \t]+([A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,5}[ \t]*)", right)
        lm = _LOCATED.match(right)
        listed = _places_listed(lm.group(1)) if lm else []
        if listed and _PL.search(lm.group(1)).start() <= 4:  # "the Torvik demonstration plant in Ghent, Belgium"
            return [self._facility(d, sent, f"{desc} {noun}", noun, None, m.start(), listed[0][0])]
        if at:  # "the joint research center at X University, UK"
            place = _PL.first(right[at.end(): at.end() + 40]) or _PL.first(at.group(1))
            return [self._facility(d, sent, f"{desc} {noun} at {at.group(1).strip()}", noun, None, m.start(), place)]
        return []

    def _lng_named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'Kessaro LNG', 'Arvale LNG 2', 'the Coralina FLNG': a liquefaction plant or a floating unit named by a place or a
        proper name right before it, ending its phrase (not "LNG sales", not an organisation's LNG: "Acme LNG")."""
        pm = _CAP_PREFIX.search(left)
        prefix = _strip_first(_INNER_STOP.sub("", pm.group(1))) if pm else ""
        after = _LNG_AFTER.match(right)
        whole = _PL.fullmatch(prefix) if prefix else None
        if not prefix or after is None or _generic(prefix) or d.index.resolve(prefix) is not None or prefix.isupper() \
                or not (whole is not None or _proper(prefix) or len(prefix.split()) > 1 or after.group(1)):
            return []  # one ordinary word names a plant only with its train number ("Polar LNG 2")
        name = f"{prefix} {m.group(0)}" + (f" {after.group(1)}" if after.group(1) else "")
        return [self._facility(d, sent, name, m.group(0), None, m.start(), prefix if whole is not None else None)]

    def _proper_described(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'the Red Mesa battery storage facility', 'our Osage customer service center': a lower-case facility, centre or
        station named by a proper word (not an organisation's) before its description; not a loan ("the Northgate
        revolving credit facility")."""
        dm = _DETERMINER.search(left)
        if dm is None or dm.group(1).lower() not in ("the", "our", "its", "their"):
            return []
        words = dm.group(2).split()
        name = " ".join(itertools.takewhile(lambda w: w[:1].isupper(), words))
        if not _proper_words(name) or d.index.resolve(name) is not None or any(w.lower() in _FINANCIAL for w in words):
            return []
        if name == " ".join(words):  # "the Sherco site", "our Comanche facility": a rare proper word, not a place or an acronym
            if not _proper(name) or name.isupper() or _PL.search(name) is not None or _singular(m.group(0)) != m.group(0) \
                    or not (_HEAD_ENDS.match(right) or re.match(r"[ \t]+(?:will|is|was|are|were|has|had|have)\b", right)):
                return []
            return [self._facility(d, sent, f"{name} {m.group(0)}", m.group(0), None, m.start())]
        if not words[-1].islower():
            return []
        return self._described(d, sent, m, left, right)

    def _described_named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'the Livorno regasification terminal': a site noun that needs a name, named by a proper word before its description."""
        dm = _DETERMINER.search(left)
        if dm is None or dm.group(1).lower() != "the" or not dm.group(2)[:1].isupper() or _PROJECT.search(m.group(0)) or _FIELD.search(m.group(0)):
            return []
        return self._described(d, sent, m, left, right)

    def _counted(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'six production bases in Guangdong Province, Guizhou Province and Hunan Province': one per province."""
        cm = _COUNT.search(left)
        if cm is None or not m.group(0).lower().endswith("s"):
            return []
        places = list(dict.fromkeys(p.group(1) for p in _PL.finditer(right[:200])
                                    if p.place.kind != "country" and not re.match(r"[ \t]+[A-Z]", right[p.end(): p.end() + 3])))
        if len(places) < 2:
            return []
        noun = _singular(m.group(0))
        words = cm.group(2).split()
        counts = [i for i, w in enumerate(words) if _COUNT.fullmatch(w + " ")]
        words = words[counts[-1] + 1:] if counts else words  # "in 2023 and added two wind farms": what follows the last count
        desc = " ".join(w for w in words if w.lower() not in _NOT_DESCRIPTION and w.lower() not in _GENERIC)
        return [self._facility(d, sent, f"{desc} {noun} in {p}".replace("  ", " ").strip(), m.group(0), None, m.start(), p) for p in places]

    def _appositive(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'Erebus, a 100 MW floating offshore wind project', 'Cedar Ridge, our 300 MW wind farm in Kansas': a proper name
        described, after a comma, as one site of the kind the noun says is that site (not an organisation's name, a
        place's, a person's job: "Jane Roe, our plant manager", nor a sentence opener: "However, a plant ...")."""
        noun = m.group(0)
        am = _APPOSITIVE.search(left)
        if am is None or _singular(noun) != noun or not _HEAD_ENDS.match(right) or (_BARE.match(noun) and not _TYPED_BARE.match(noun)):
            return []
        name = _strip_first(am.group(1))
        words = name.split()
        described = am.group(2).lower().split()
        if not words or _generic(name) or _NOUN.search(am.group(2)) or re.search(r"\bthe[ \t]+$", left[:am.start(1)]) \
                or any(w in _FINANCIAL or w in _DETERMINERS or w in _NOT_DESCRIPTION or w in _VERBS for w in described) \
                or not (_proper(name) or len(words) >= 2) or d.index.resolve(name) is not None or _PL.fullmatch(name) is not None:
            return []
        lm = _LOCATED.match(right)
        listed = _places_listed(lm.group(1)) if lm else []
        return [self._facility(d, sent, name, noun, None, m.start(), listed[0][0] if listed else None, look_around=False)]

    def _copula_named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'Nordvik is our integrated smelting operation in Norway', 'Cedar Ridge is a 300 MW wind farm': the proper name
        that opens the sentence is the site's (not an organisation's, not a place alone)."""
        noun = m.group(0)
        if _singular(noun) != noun or sent.start_char < m.start() - len(left):
            return []  # the sentence does not open within the words read before the noun
        cm = _COPULA_NAMED.match(left)
        name = _strip_first(cm.group(1)) if cm else ""
        if not _HEAD_ENDS.match(right) or re.search(r"\d", name):
            return []  # "FY2017 is the base year": the noun qualifies the next word
        if not name or not (_proper(name) or len(name.split()) > 1) or _generic(name) or d.index.resolve(name) is not None or _PL.fullmatch(name) is not None \
                or re.search(r"[,;]", cm.group(0)[cm.end(1):]) and not re.search(r"\b(?:our|its|their)\b", cm.group(0)[cm.end(1):]):
            return []
        lm = _LOCATED.match(right)
        listed = _places_listed(lm.group(1)) if lm else []
        # the name opens the sentence as its subject: the reporter's site (the subject is no organisation of the report)
        return [self._facility(d, sent, name, noun, d.reporter, m.start(), listed[0][0] if listed else None, look_around=False)]

    def _such_as(self, d: _Doc, sent: Span, m: re.Match, right: str) -> list[Facility]:
        """'properties such as Birchwood Commons, Riverside Court and Lakeview Tower', 'our refineries (Ravenna and Gela)':
        a plural site noun, then a list of two or more proper names, each a site ("Ravenna refinery" for a bare place);
        not a list of countries, organisations or common words."""
        noun = m.group(0)
        sm = _SUCH_AS.match(right)
        if sm is None or _singular(noun) == noun or _LOOSE_KIND.match(noun):
            return []
        tail = right[sm.end():]
        stop = re.search(r"[.;:)]|$", tail).start()
        last = _LAST_ITEM.search(tail, 0, stop)  # the list ends with the item after its "and"
        comma = tail.find(",", last.end(), stop) if last else -1
        stop = comma if comma != -1 else stop
        items = [re.sub(r"^(?:and|or|the)[ \t]+", "", i.strip()) for i in re.split(r",|[ \t]and[ \t]|[ \t]or[ \t]", tail[:stop])]
        if len(items) < 2 or not all(_LISTED_NAME.fullmatch(i) and not _NOT_SITE.search(i) and not _INSTITUTE.search(i) for i in items):
            return []  # not names, or partners ("centres such as the Academy of X, Y University")
        out = []
        for item in items:
            name, _, where = item.partition(" in ")
            whole = _PL.fullmatch(name)
            if (whole is not None and whole.place.kind in ("country", "continent")) or d.index.resolve(name) is not None \
                    or (whole is None and not _proper(name) and not _NOUN.search(name) and len(name.split()) < 2):
                return []
            full = f"{name} {_singular(noun)}" if whole is not None else name
            out.append(self._facility(d, sent, full, noun, None, m.start(), where or (name if whole is not None else None), look_around=False))
        return out

    def _named_at(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'our plants at Lone Elm, Hickory Ford and Osage Bend': a plural site noun of the operator's own, then "at" and
        a list of proper names that are neither places nor organisations: one site per name ("Lone Elm plant")."""
        noun = m.group(0)
        at = _AT_NAMES.match(right)
        if at is None or _singular(noun) == noun or not re.search(r"(?i)\b(?:our|its|their)[ \t]+(?:[\w&\-]+[ \t]+){0,3}$", left):
            return []
        names = [n for n in re.split(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)", at.group(1)) if n]
        if len(names) < 2 or any(_PL.fullmatch(n) is None and (not _proper(n) or d.index.resolve(n) is not None) for n in names):
            return []
        found = [self._facility(d, sent, f"{n} {_singular(noun)}", noun, None, m.start(), n, look_around=False) for n in names]
        for fac in found:
            if _PL.fullmatch(fac.location or "") is None:
                fac.location = fac.country = None  # a name, not where the site is
        return found

    def _located(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'operating site in Wuxi', 'overseas plants in Thailand and Poland': one facility per place."""
        lm = _LOCATED.match(right)
        if lm is None:
            return []
        places = _places_listed(lm.group(1))
        noun = m.group(0)
        if not places:
            return self._named_at(d, sent, m, left, right)
        dm = re.search(r"(?:^|[ \t])((?:[A-Z][\w\-]*[ \t]+(?=[a-z]))?(?:(?:[a-z][\w\-]*|R&D)[ \t]+){0,2})$", left)
        words = dm.group(1).split() if dm else []
        dets = [i for i, w in enumerate(words) if w.lower() in _DETERMINERS]
        words = words[dets[-1] + 1:] if dets else words  # "... run the production bases in X": what follows the article
        kept = [w for w in words if w.lower() not in _NOT_DESCRIPTION and w.lower() not in _GENERIC - {"production", "manufacturing"}
                and w.lower() not in _VERBS and w.lower() not in ("million", "billion", "thousand")
                and not re.search(r"(?:ed|ing)$", w) and not _COUNT.fullmatch(w + " ") and not _STOP_FIRST.match(w)]
        if re.search(r"\bof[ \t]+$", left):
            return []  # "a share of sites in Germany": a count of sites, not one
        desc = " ".join(kept)
        if _singular(noun) != noun and len(places) == 1 and not _COUNT.search(left) \
                and not re.search(r"(?i)\b(?:our|its|their)[ \t]+(?:[\w&\-]+[ \t]+){0,3}$", left):
            return []  # "recycling yards in Eastport", "selected plants in X": sites of a kind somewhere, not one site
        if not desc and all(p is not None and p.kind == "country" and "," not in written for written, p in places):
            return []  # "locations in South Sudan": where, not which site
        base = _singular(noun) if len(places) > 1 or noun.lower().endswith("s") else noun
        return [self._facility(d, sent, f"{desc} {base} in {p.split(',')[0]}".strip(), noun, None, m.start(), p) for p, _ in places]


@Language.factory("esg_facilities", requires=REQUIRES["esg_facilities"], assigns=ASSIGNS["esg_facilities"], default_config={"max_name_chars": _MAX_NAME, "located_sites": True})
def make_facilities(nlp: Language, name: str, max_name_chars: int, located_sites: bool) -> FacilityExtractor:
    """Factory of ``esg_facilities``; ``located_sites`` switches off 'site in <place>' facilities."""
    return FacilityExtractor(max_name_chars=max_name_chars, located_sites=located_sites)
