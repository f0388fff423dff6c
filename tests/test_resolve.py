"""Entity resolution across reports: what merges onto one IRI, what never does, and that it is order-free.

The small reports below are written for these tests (invented companies); the corpus test reads the
real reports' aliases at run time and never copies their text.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from esgkg.graph import org_iri
from esgkg.store.resolve import OrgName, compute_resolution, org_names, resolve_dataset, resolve_graph
from esgkg.pipeline import iter_build
from esgkg.store import Store
from esgkg.vocab import ESG, ID

from .conftest import EXAMPLES

REPORTS = {
    # defines the alias "Acme" for its holding company; two subsidiaries that differ only by city
    "acme_2024.md": """# Acme Alloy Holdings Co., Ltd.

**2024** Sustainability Report

This report is published by Acme Alloy Holdings Co., Ltd. (hereinafter referred to as "Acme", "the Company" or "We"). Acme is listed on the Shenzhen Stock Exchange (stock code: 300999).

Our wholly-owned subsidiaries Acme Alloy (Suzhou) Co., Ltd. and Acme Alloy (Wuxi) Co., Ltd. run the production bases in Suzhou and Wuxi.

Acme Alloy (Suzhou) Co., Ltd. obtained the ISO 14001 certification in 2024.
Acme Alloy (Wuxi) Co., Ltd. passed the ISO 45001 certification.
""",
    # names the holding company only by its alias (in capitals, without the final dot) and a subsidiary
    "harbor_2024.md": """# Harbor Wheels Co., Ltd.

**2024** ESG Report

This report is published by Harbor Wheels Co., Ltd. (hereinafter referred to as "Harbor Wheels" or "the Company"). The Company is listed on the Shanghai Stock Exchange (stock code: 601888).

Our main supplier of aluminium alloy is ACME CO., LTD, which supplies wheel blanks. Another supplier is Acme Alloy (Suzhou) Co., Ltd which delivers castings.

Harbor Wheels Co., Ltd. obtained the ISO 9001 certification in 2024.
""",
    # defines the same alias "Acme" for a different company: the alias becomes ambiguous
    "textiles_2024.md": """# Acme Textiles Group Co., Ltd.

**2024** ESG Report

This report is published by Acme Textiles Group Co., Ltd. (hereinafter referred to as "Acme" or "the Company"). The Company is listed on the Shenzhen Stock Exchange (stock code: 002777).

Acme Textiles Group Co., Ltd. obtained the ISO 14001 certification in 2024.
""",
}

HOLDINGS, SHORT, TEXTILES = org_iri("Acme Alloy Holdings Co., Ltd."), org_iri("ACME CO., LTD"), org_iri("Acme Textiles Group Co., Ltd.")
SUZHOU, WUXI = org_iri("Acme Alloy (Suzhou) Co., Ltd."), org_iri("Acme Alloy (Wuxi) Co., Ltd.")


def write_reports(folder: Path, names=tuple(REPORTS)) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        (folder / name).write_text(REPORTS[name], encoding="utf-8")
        paths.append(folder / name)
    return paths


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> dict[str, Graph]:
    """Each invented report's graph as the extractor alone makes it (before resolution), by file stem."""
    paths = write_reports(tmp_path_factory.mktemp("reports"))
    graphs = {r.path.stem: r.graph for r in iter_build(paths)}
    assert set(graphs) == {p.stem for p in paths}, "every fixture report must build"
    # preconditions on the extractor's output that the tests below rely on
    assert (HOLDINGS, SKOS.altLabel, Literal("Acme")) in graphs["acme_2024"]
    assert (TEXTILES, SKOS.altLabel, Literal("Acme")) in graphs["textiles_2024"]
    assert (SHORT, None, None) in graphs["harbor_2024"] and SHORT != HOLDINGS
    return graphs


def resolved(raw: dict[str, Graph], stems) -> Dataset:
    ds = Dataset(default_union=True)
    for stem in stems:
        g = ds.graph(raw[stem].identifier)
        g.addN((s, p, o, g) for s, p, o in raw[stem])
    resolve_dataset(ds)
    return ds


def report(stem: str) -> URIRef:
    return ID[f"report/{stem}"]


def test_names_differing_in_legal_form_case_punctuation_share_an_iri():
    variants = ["Acme Alloy (Suzhou) Co., Ltd.", "ACME ALLOY (SUZHOU) CO., LTD", "Acme Alloy (Suzhou) Company Limited",
                "acme alloy suzhou co ltd"]
    assert len({org_iri(v) for v in variants}) == 1
    assert org_iri("Acme Alloy (Suzhou) Co., Ltd.") != org_iri("Acme Alloy (Wuxi) Co., Ltd.")


def test_alias_defined_in_one_report_merges_the_other_reports_name(raw):
    ds = resolved(raw, ["acme_2024", "harbor_2024"])
    harbor = ds.graph(report("harbor_2024"))
    suppliers = set(harbor.objects(None, ESG.hasSupplier))
    assert HOLDINGS in suppliers and SHORT not in suppliers
    assert not list(ds.quads((SHORT, None, None, None))) and not list(ds.quads((None, None, SHORT, None)))
    # both names stay: the harbor report's own name as its label there, the alias where it was defined
    assert (HOLDINGS, RDFS.label, Literal("Acme Co., Ltd.")) in harbor
    assert (HOLDINGS, SKOS.altLabel, Literal("Acme")) in ds.graph(report("acme_2024"))
    assert (HOLDINGS, RDFS.label, Literal("Acme Alloy Holdings Co., Ltd.")) in ds.graph(report("acme_2024"))


def test_same_subsidiary_in_two_reports_is_one_node(raw):
    ds = resolved(raw, ["acme_2024", "harbor_2024"])
    assert SUZHOU in set(ds.graph(report("harbor_2024")).objects(None, ESG.hasSupplier))
    assert (HOLDINGS, ESG.hasSubsidiary, SUZHOU) in ds.graph(report("acme_2024"))


def test_subsidiaries_that_differ_only_by_city_never_merge(raw):
    ds = resolved(raw, [Path(n).stem for n in REPORTS])
    acme = ds.graph(report("acme_2024"))
    assert SUZHOU != WUXI
    assert {SUZHOU, WUXI} <= set(acme.objects(HOLDINGS, ESG.hasSubsidiary))
    standards = {w: {str(acme.value(c, ESG.standard)).rsplit("/", 1)[-1] for c in acme.objects(w, ESG.holdsCertification)} for w in (SUZHOU, WUXI)}
    assert standards == {SUZHOU: {"iso-14001"}, WUXI: {"iso-45001"}}


def test_an_alias_defined_for_two_organisations_merges_nothing(raw):
    ds = resolved(raw, [Path(n).stem for n in REPORTS])
    harbor = ds.graph(report("harbor_2024"))
    assert SHORT in set(harbor.objects(None, ESG.hasSupplier))  # left alone: "Acme" could be either
    assert HOLDINGS != TEXTILES
    assert (HOLDINGS, RDFS.label, Literal("Acme Co., Ltd.")) not in harbor
    assert (TEXTILES, None, None) in ds.graph(report("textiles_2024"))


def test_every_name_stays_a_label_or_alias(raw):
    stems = [Path(n).stem for n in REPORTS]
    for subset in (stems[:2], stems):
        ds = resolved(raw, subset)
        for stem in subset:
            g = ds.graph(report(stem))
            for name in org_names(raw[stem]):
                names = {str(x) for p in (RDFS.label, SKOS.altLabel) for x in g.objects(None, p)}
                assert name.label in names and name.aliases <= names


def test_same_reports_give_same_iris_in_any_build_order(raw):
    """The store resolves incrementally, report by report; every order must end in the same store."""
    stems = [Path(n).stem for n in REPORTS]
    stores = set()
    for order in itertools.permutations(stems):
        store = Store()
        for stem in order:
            store.put_report(raw[stem])
        stores.add(frozenset(map(str, store.oxigraph)))
    assert len(stores) == 1
    expected = Store()
    expected.add_dataset(resolved(raw, stems))
    assert stores == {frozenset(map(str, expected.oxigraph))}


def test_a_new_report_can_split_a_merge_and_removing_it_merges_again(raw):
    store = Store()
    store.put_reports([raw["acme_2024"], raw["harbor_2024"]])
    assert (HOLDINGS, RDFS.label, Literal("Acme Co., Ltd.")) in store.graph(report("harbor_2024"))
    written = store.put_report(raw["textiles_2024"])  # "Acme" is now ambiguous: harbor's node goes back
    assert report("harbor_2024") in written
    harbor = store.graph(report("harbor_2024"))
    assert set(harbor) == set(resolve_graph(raw["harbor_2024"], compute_resolution(n for g in raw.values() for n in org_names(g))))
    assert set(harbor) == set(raw["harbor_2024"])
    store.remove_reports([report("textiles_2024")])
    assert (HOLDINGS, RDFS.label, Literal("Acme Co., Ltd.")) in store.graph(report("harbor_2024"))
    assert report("textiles_2024") not in store.named_graphs()


def test_the_names_beside_the_quads_are_the_names_in_the_triples(tmp_path):
    """A worker sends each report's organisation names as records beside its quads (issue 22): they are
    the records resolution would otherwise read back out of the report's triples."""
    results = list(iter_build([*write_reports(tmp_path), EXAMPLES]))
    assert len(results) == len(REPORTS) + 2
    for r in results:
        assert r.quads.orgs == tuple(org_names(r.graph)), r.path.name
        assert r.quads.count == len(r.graph) > 20
    records = [n for r in results for n in r.quads.orgs]
    assert {"Acme", "Harbor Wheels"} <= {a for n in records for a in n.aliases}
    assert {"300999", "601888", "002777"} <= {c for n in records for c in n.stock_codes}


def test_reports_written_as_quads_resolve_as_rdflib_graphs_do(raw, tmp_path):
    """The store path (quads and records, rewritten on the quads) and the rdflib graphs give one store,
    in one batch or report by report, whichever report comes first."""
    results = {r.path.stem: r for r in iter_build(write_reports(tmp_path, ("acme_2024.md", "harbor_2024.md")))}
    stems = ["harbor_2024", "acme_2024"]  # harbor's "Acme Co., Ltd." must move when acme's alias arrives
    from_graphs = Store()
    from_graphs.put_reports([raw[s] for s in stems])
    expected = frozenset(map(str, from_graphs.oxigraph))
    assert (HOLDINGS, RDFS.label, Literal("Acme Co., Ltd.")) in from_graphs.graph(report("harbor_2024"))
    batch = Store()
    batch.put_quads(results[s].quads for s in stems)
    one_by_one = Store()
    written = [one_by_one.put_quads([results[s].quads]) for s in stems]
    assert written[1] == [report("acme_2024"), report("harbor_2024")]  # harbor rewritten in acme's transaction
    assert frozenset(map(str, batch.oxigraph)) == frozenset(map(str, one_by_one.oxigraph)) == expected


# ----------------------------------------------------------------------------- the rules, on name records
def _n(report: str, label: str, aliases=(), codes=()) -> OrgName:
    return OrgName(report, str(org_iri(label)), label, frozenset(aliases), frozenset(codes))


def test_a_report_listing_two_names_separately_keeps_them_apart():
    names = [_n("r1", "Delta Holdings Co., Ltd.", ["Delta"]), _n("r2", "Delta Co., Ltd."), _n("r2", "Delta Holdings Co., Ltd.")]
    assert compute_resolution(names).key("delta") == "delta"
    assert compute_resolution(names[:2]).key("delta") == "delta-holdings"


def test_different_stock_codes_never_merge():
    names = [_n("r1", "Delta Holdings Co., Ltd.", ["Delta"], ["600001"]), _n("r2", "Delta Co., Ltd.", codes=["600002"])]
    assert compute_resolution(names).key("delta") == "delta"
    names[1] = _n("r2", "Delta Co., Ltd.", codes=["600001"])
    assert compute_resolution(names).key("delta") == "delta-holdings"


def test_one_name_on_two_listed_organisations_is_two_iris():
    # two banks of one name in two countries: legal forms differ (and drop out of the key), codes differ
    names = [_n("r1", "Nordvik Bank AB", codes=["NVB"]), _n("r2", "Nordvik Bank ASA", codes=["NVBO"]),
             _n("r3", "Nordvik Bank AB", codes=["NVB"]), _n("r4", "Nordvik Bank")]
    res = compute_resolution(names)
    swedish, norwegian = res.key("nordvik-bank", "r1"), res.key("nordvik-bank", "r2")
    assert swedish != norwegian
    assert res.key("nordvik-bank", "r3") == swedish  # the same listing in another report is the same bank
    assert res.key("nordvik-bank", "r4") == "nordvik-bank"  # a bare name cannot tell which: left apart
    assert compute_resolution(reversed(names)).split == res.split
    # one listing only: nothing to split
    assert compute_resolution(names[:1] + names[2:]).split == {}


def test_one_name_in_two_countries_is_two_iris_whatever_the_legal_forms():
    # no stock codes: the legal forms say where each was registered (AB: Sweden, ASA: Norway)
    names = [_n("r1", "Nordvik Bank AB"), _n("r2", "Nordvik Bank ASA"), _n("r3", "Nordvik Bank Aktiebolag"), _n("r4", "Nordvik Bank")]
    res = compute_resolution(names)
    swedish, norwegian = res.key("nordvik-bank", "r1"), res.key("nordvik-bank", "r2")
    assert swedish != norwegian and {swedish, norwegian} == {"nordvik-bank-ab", "nordvik-bank-asa"}
    assert res.key("nordvik-bank", "r4") == "nordvik-bank"  # a bare name cannot tell which
    assert compute_resolution(reversed(names)).split == res.split
    # forms of one country (or of several that overlap) are one organisation: nothing to split
    assert compute_resolution([_n("r1", "Nordvik Bank plc"), _n("r2", "Nordvik Bank Limited")]).split == {}
    assert compute_resolution([_n("r1", "Nordvik Bank AB"), _n("r2", "Nordvik Bank")]).split == {}


def test_one_name_one_legal_form_but_two_codes_is_two_iris():
    names = [_n("r1", "Nordvik Bank AB", codes=["NVB"]), _n("r2", "Nordvik Bank AB", codes=["NVX"]), _n("r3", "Nordvik Bank AB")]
    res = compute_resolution(names)
    assert res.key("nordvik-bank", "r1") == "nordvik-bank-nvb" and res.key("nordvik-bank", "r2") == "nordvik-bank-nvx"
    assert res.key("nordvik-bank", "r3") == "nordvik-bank"  # the form fits both listed banks: cannot say which
    # a listed holder and an unlisted name of another country: split by the country, the code names the listed one
    res = compute_resolution([_n("r1", "Nordvik Bank AB", codes=["NVB"]), _n("r2", "Nordvik Bank A/S")])
    assert res.key("nordvik-bank", "r1") == "nordvik-bank-nvb" and res.key("nordvik-bank", "r2") == "nordvik-bank-as"
    # the same listing named with another country's form is still one holder (the code decides)
    assert compute_resolution([_n("r1", "Nordvik Bank AB", codes=["NVB"]), _n("r2", "Nordvik Bank ASA", codes=["NVB"])]).split == {}


def test_an_alias_never_merges_organisations_of_two_countries():
    names = [_n("r1", "Delta Holdings AB", ["Delta"]), _n("r2", "Delta A/S")]
    assert compute_resolution(names).merged() == {}
    names[1] = _n("r2", "Delta AB")  # a Swedish form again: the alias merges
    assert compute_resolution(names).merged() == {"delta-holdings": ["delta", "delta-holdings"]}


def test_a_name_with_or_without_accents_is_one_iri():
    assert org_iri("Société Nordique S.A.") == org_iri("Societe Nordique SA") == org_iri("SOCIÉTÉ NORDIQUE")
    assert org_iri("Ørsted Vind A/S") == org_iri("Orsted Vind A/S")
    # an alias written with accents merges the name another report writes without them
    names = [_n("r1", "Crédit Nordique Holding S.A.", ["Crédit Nordique"]), _n("r2", "Credit Nordique SA")]
    assert compute_resolution(names).key("credit-nordique") == "credit-nordique-holding"


def test_an_italian_group_with_or_without_accents_or_its_form_spelt_out_is_one_iri():
    spellings = ["Enèrgia Lombarda S.p.A.", "Energia Lombarda SpA", "ENERGIA LOMBARDA S.P.A.", "Energia Lombarda Società per Azioni"]
    assert len({org_iri(s) for s in spellings}) == 1
    names = [_n(f"r{i}", s, codes=["ELO"] if i % 2 else []) for i, s in enumerate(spellings)]
    res = compute_resolution(names)
    assert res.split == {} and {res.key("energia-lombarda", f"r{i}") for i in range(4)} == {"energia-lombarda"}


def test_one_name_of_two_countries_or_two_codes_is_two_iris_whatever_the_spelling():
    # an Italian S.p.A. and an American corporation of one name: two countries, two organisations
    res = compute_resolution([_n("r1", "Enèrgia Lombarda S.p.A."), _n("r2", "Energia Lombarda Inc.")])
    assert res.key("energia-lombarda", "r1") != res.key("energia-lombarda", "r2")
    # the form spelt out names the same country as its abbreviation: still the Italian one
    res = compute_resolution([_n("r1", "Energia Lombarda Società per Azioni"), _n("r2", "Energia Lombarda Inc."),
                              _n("r3", "Enèrgia Lombarda S.p.A.")])
    assert res.key("energia-lombarda", "r1") == res.key("energia-lombarda", "r3") != res.key("energia-lombarda", "r2")
    # one spelling, two codes: two listed organisations
    res = compute_resolution([_n("r1", "Energia Lombarda S.p.A.", codes=["ELO"]), _n("r2", "Enèrgia Lombarda S.p.A.", codes=["ELX"])])
    assert res.key("energia-lombarda", "r1") == "energia-lombarda-elo" and res.key("energia-lombarda", "r2") == "energia-lombarda-elx"


def _homonym_dataset(predicate, objects) -> Dataset:
    """Two report graphs, each naming one 'Nordvik Bank' (AB in r1, ASA in r2) with one ``predicate`` value."""
    ds = Dataset()
    for report, label, obj in zip(("r1", "r2"), ("Nordvik Bank AB", "Nordvik Bank ASA"), objects):
        g = ds.graph(URIRef(str(ID[f"report/{report}"])))
        node = org_iri(label)
        g.add((node, RDF.type, ESG.Organization))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, predicate, obj))
    return ds


def test_two_homonyms_of_two_countries_keep_their_own_facts_in_the_dataset():
    ds = _homonym_dataset(ESG.hasTarget, [ID["target/r1/t1"], ID["target/r2/t2"]])
    resolve_dataset(ds)
    owners = {str(t).rsplit("/", 1)[-1]: s for s, _, t, _ in ds.quads((None, ESG.hasTarget, None, None))}
    assert owners["t1"] != owners["t2"]
    assert {str(o).rsplit("/", 1)[-1] for o in owners.values()} == {"nordvik-bank-ab", "nordvik-bank-asa"}


def test_two_listed_homonyms_keep_their_own_codes_in_the_dataset():
    ds = _homonym_dataset(ESG.stockCode, [Literal("NVB"), Literal("NVBO")])
    assert org_iri("Nordvik Bank AB") == org_iri("Nordvik Bank ASA")  # the raw keys collide
    resolve_dataset(ds)
    holders: dict[str, set] = {}
    for s, _, code, _ in ds.quads((None, ESG.stockCode, None, None)):
        holders.setdefault(str(code), set()).add(s)
    assert len(holders) == 2 and all(len(nodes) == 1 for nodes in holders.values())
    assert holders["NVB"] != holders["NVBO"]


def test_generic_aliases_merge_nothing():
    generic = ["the Company", "Co., Ltd.", "Group", "our group"]
    names = [_n("r1", "Delta Holdings Co., Ltd.", generic), _n("r2", "Group Co., Ltd."), _n("r3", "Company Limited")]
    assert compute_resolution(names).merged() == {}
    names[0] = _n("r1", "Delta Holdings Co., Ltd.", [*generic, "Delta"])
    names.append(_n("r4", "Delta Co., Ltd."))
    assert compute_resolution(names).merged() == {"delta-holdings": ["delta", "delta-holdings"]}


def test_an_alias_becomes_unambiguous_once_its_claimants_are_one():
    # "Delta" is claimed by two keys, which a third report's alias shows to be one company
    names = [_n("r1", "Delta Holdings Co., Ltd.", ["Delta", "DH"]), _n("r2", "DH Co., Ltd.", ["Delta"]), _n("r3", "Delta Co., Ltd.")]
    res = compute_resolution(names)
    assert res.key("delta") == res.key("dh") == "delta-holdings"
    assert compute_resolution(reversed(names)).canonical == res.canonical


# ----------------------------------------------------------------------------- the real corpus
@pytest.mark.corpus
def test_real_aliases_resolve_a_name_from_another_report(corpus_build, tmp_path):
    """Each reporting company's alias, read from the real report, used by a report we write names that company."""
    ds = corpus_build.dataset
    corpus = {g.identifier: g for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier}
    store = Store()
    store.put_reports(corpus.values())
    before = {name: set(store.graph(name)) for name in corpus}
    companies = {name: g.value(name, ESG.reportingCompany) for name, g in corpus.items()}
    assert len(set(companies.values())) == len(corpus)  # different companies never merge
    aliases = [(str(alias), company) for name, company in companies.items()
               for alias in sorted(corpus[name].objects(company, SKOS.altLabel))]
    assert aliases, "the corpus reports define aliases for their companies"
    for i, (alias, company) in enumerate(aliases):
        path = tmp_path / f"buyer_{i}.md"
        path.write_text(f"# Example Buyer Trading Co., Ltd.\n\n**2024** ESG Report\n\nThis report is published by Example Buyer "
                        f"Trading Co., Ltd. (hereinafter referred to as \"Example Buyer\" or \"the Company\").\n\n"
                        f"Our main supplier of components is {alias} Co., Ltd., which supplies parts.\n", encoding="utf-8")
        (result,) = iter_build([path])
        assert org_iri(f"{alias} Co., Ltd.") in set(result.graph.objects(None, ESG.hasSupplier)), alias
        store.put_report(result.graph)
        assert set(store.graph(result.graph.identifier).objects(None, ESG.hasSupplier)) == {company}, alias
    assert {name: set(store.graph(name)) for name in corpus} == before  # the real reports are untouched
