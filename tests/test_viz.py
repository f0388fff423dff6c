"""esgkg.viz: RDF -> networkx, company lookup, the group layout and the files it writes.

The small graph below is made up for these tests (a fictional group): its exact node and edge
counts are known, so the networkx structure is checked exactly.  The corpus tests check the
layout's promise on real reports: no two labels overlap.
"""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

os.environ.setdefault("MPLBACKEND", "Agg")

from esgkg import viz  # noqa: E402
from esgkg.store import Store  # noqa: E402
from esgkg.vocab import ID  # noqa: E402

GROUP_TTL = """
@prefix esg: <https://w3id.org/esgkg/ontology#> .
@prefix id: <https://w3id.org/esgkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

id:report\\/hff_2024 a esg:Report ; rdfs:label "Harbor Fern Foods 2024 report" ; esg:reportYear 2024 ;
    esg:sourceFile "hff_2024.md" ; esg:reportingCompany id:org\\/harbor-fern-foods .
id:org\\/harbor-fern-foods a esg:Organization, esg:Company ; rdfs:label "Harbor Fern Foods Co., Ltd." ; skos:altLabel "HFF" ;
    esg:hasSubsidiary id:org\\/harbor-fern-dairy ;
    esg:holdsCertification id:cert\\/hff\\/c1 ; esg:hasTarget id:target\\/hff\\/t1 ;
    esg:hasSupplier id:org\\/green-pack ; esg:hasCustomer id:org\\/city-grocers .
id:org\\/harbor-fern-dairy a esg:Organization, esg:Company, esg:Subsidiary ; rdfs:label "Harbor Fern Dairy Co., Ltd." ;
    esg:hasSubsidiary id:org\\/cold-chain-partners ; esg:operatesFacility id:facility\\/dairy-plant ;
    esg:holdsCertification id:cert\\/hff\\/c2, id:cert\\/hff\\/c3 .
# stated the inverse way only: must still give a hasSubsidiary edge
id:org\\/harbor-fern-logistics a esg:Organization, esg:Company, esg:Subsidiary ; rdfs:label "Harbor Fern Logistics" ;
    esg:subsidiaryOf id:org\\/harbor-fern-foods ; esg:hasTarget id:target\\/hff\\/t2 .
id:org\\/cold-chain-partners a esg:Organization, esg:Company, esg:Subsidiary ; rdfs:label "Cold Chain Partners Ltd." .
id:org\\/green-pack a esg:Organization, esg:Supplier ; rdfs:label "Green Pack GmbH" .
id:org\\/city-grocers a esg:Organization, esg:Customer ; rdfs:label "City Grocers Inc." .
id:cert\\/hff\\/c1 a esg:Certification ; rdfs:label "Harbor Fern Foods: ISO 14001" ; esg:standard id:std\\/iso-14001 ;
    esg:holderScope "group" ; prov:wasDerivedFrom id:report\\/hff_2024 .
id:cert\\/hff\\/c2 a esg:Certification ; rdfs:label "Harbor Fern Dairy: ISO 9001" ; esg:standard id:std\\/iso-9001 ; esg:holderScope "named" .
id:cert\\/hff\\/c3 a esg:Certification ; rdfs:label "Harbor Fern Dairy: ISO 14001" ; esg:standard id:std\\/iso-14001 ; esg:holderScope "named" .
id:std\\/iso-14001 a esg:Standard ; rdfs:label "ISO 14001" ; esg:code "ISO 14001" .
id:std\\/iso-9001 a esg:Standard ; rdfs:label "ISO 9001" ; esg:code "ISO 9001" .
id:target\\/hff\\/t1 a esg:Target ; rdfs:label "Harbor Fern Foods: CarbonNeutrality by 2050" ; esg:topic esg:CarbonNeutrality ;
    esg:targetYear 2050 ; esg:evidence "We aim to be carbon neutral by 2050." .
id:target\\/hff\\/t2 a esg:Target ; rdfs:label "Harbor Fern Logistics: Water" ; esg:topic esg:Water ;
    esg:targetValue 12.5 ; esg:unit "%" ; esg:direction "reduce" .
id:facility\\/dairy-plant a esg:Facility ; rdfs:label "Dairy plant" ; esg:location "Tasman" .
"""
OTHER_TTL = """
@prefix esg: <https://w3id.org/esgkg/ontology#> .
@prefix id: <https://w3id.org/esgkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
id:report\\/other_2024 a esg:Report ; esg:reportingCompany id:org\\/quarry-lane-mining .
id:org\\/quarry-lane-mining a esg:Organization, esg:Company ; rdfs:label "Quarry Lane Mining Corp." ;
    esg:hasTarget id:target\\/other\\/t1 ; esg:hasSupplier id:org\\/green-pack .
id:org\\/green-pack a esg:Organization, esg:Supplier ; rdfs:label "Green Pack GmbH" .
id:target\\/other\\/t1 a esg:Target ; rdfs:label "Quarry Lane: Safety" ; esg:topic esg:Safety .
"""
HFF = str(ID["org/harbor-fern-foods"])
GROUP_KINDS = {"company": 1, "subsidiary": 3, "certification": 3, "standard": 2, "target": 2, "facility": 1,
               "supplier": 1, "customer": 1, "report": 1}
GROUP_EDGES = {"reportingCompany": 1, "hasSubsidiary": 3, "holdsCertification": 3, "standard": 3, "hasTarget": 2,
               "operatesFacility": 1, "hasSupplier": 1, "hasCustomer": 1}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    ds = Dataset(default_union=True)
    ds.graph(ID["report/hff_2024"]).parse(data=GROUP_TTL, format="turtle")
    ds.graph(ID["report/other_2024"]).parse(data=OTHER_TTL, format="turtle")
    return ds


@pytest.fixture(scope="module")
def store(dataset) -> Store:
    s = Store()
    assert s.add_dataset(dataset) == 2
    return s


@pytest.fixture(scope="module")
def group(store) -> nx.MultiDiGraph:
    return viz.company_graph(store, "hff")


def kinds_of(G: nx.MultiDiGraph) -> Counter:
    return Counter(kind for _, kind in G.nodes(data="kind"))


def edge_keys(G: nx.MultiDiGraph) -> Counter:
    return Counter(key for *_, key in G.edges(keys=True))


# ----------------------------------------------------------------------------- RDF -> networkx
def test_company_group_structure(group):
    assert isinstance(group, nx.MultiDiGraph)
    assert group.graph["company"] == HFF
    assert dict(kinds_of(group)) == GROUP_KINDS
    assert dict(edge_keys(group)) == GROUP_EDGES
    assert group.number_of_nodes() == 15 and group.number_of_edges() == 15
    # the other report's company, and its target, are not part of this group (only the shared supplier is)
    assert str(ID["org/quarry-lane-mining"]) not in group and str(ID["target/other/t1"]) not in group


def test_edges_point_forward_and_carry_their_property(group):
    logistics = str(ID["org/harbor-fern-logistics"])
    assert group.has_edge(HFF, logistics, key="hasSubsidiary")  # stated as subsidiaryOf
    assert not any(k == "subsidiaryOf" for *_, k in group.edges(keys=True))
    for u, v, key, data in group.edges(keys=True, data=True):
        assert data["label"] == key
        assert data["property"].endswith("#" + key)


def test_node_attributes(group):
    hff = group.nodes[HFF]
    assert hff["label"] == "Harbor Fern Foods Co., Ltd." and hff["altLabel"] == "HFF" and hff["kind"] == "company"
    t1 = group.nodes[str(ID["target/hff/t1"])]
    assert t1["targetYear"] == 2050 and t1["topic"] == "CarbonNeutrality"
    t2 = group.nodes[str(ID["target/hff/t2"])]
    assert t2["targetValue"] == pytest.approx(12.5) and t2["unit"] == "%"
    assert group.nodes[str(ID["std/iso-9001"])]["code"] == "ISO 9001"


def test_rdflib_and_store_give_the_same_group(dataset, group):
    from_rdflib = viz.company_graph(dataset, "hff")
    assert set(from_rdflib.nodes) == set(group.nodes)
    assert set(from_rdflib.edges(keys=True)) == set(group.edges(keys=True))
    assert {n: d["kind"] for n, d in from_rdflib.nodes(data=True)} == {n: d["kind"] for n, d in group.nodes(data=True)}


def test_whole_graph(dataset, store):
    for source in (dataset, store):
        G = viz.to_networkx(source)
        kinds = kinds_of(G)
        assert kinds["company"] == 2 and kinds["report"] == 2 and kinds["target"] == 3 and G.number_of_nodes() == 18
        # group edges + the other report's three + one provenance edge (certification -> report)
        assert G.number_of_edges() == 15 + 3 + 1
        assert G.has_edge(str(ID["org/quarry-lane-mining"]), str(ID["org/green-pack"]), key="hasSupplier")


def test_construct_result_without_types_still_has_kinds(dataset):
    G = viz.construct_networkx(dataset, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p != rdf:type) }")
    kinds = {n: k for n, k in G.nodes(data="kind")}
    assert kinds[HFF] == "company"
    assert kinds[str(ID["org/harbor-fern-dairy"])] == "subsidiary"  # the range of hasSubsidiary, though it also has subsidiaries
    assert kinds[str(ID["org/green-pack"])] == "supplier"
    assert kinds[str(ID["cert/hff/c2"])] == "certification" and kinds[str(ID["std/iso-9001"])] == "standard"
    assert kinds[str(ID["report/hff_2024"])] == "report"


# ----------------------------------------------------------------------------- finding a company
@pytest.mark.parametrize("name", ["hff", "HFF", "harbor fern foods co., ltd.", "Harbor Fern Foods", "harbor fern", HFF])
def test_find_company(store, name):
    assert viz.find_company(store, name) == URIRef(HFF)


def test_find_subsidiary_by_name(dataset):
    assert viz.find_company(dataset, "Harbor Fern Dairy") == ID["org/harbor-fern-dairy"]


def test_unknown_company_lists_close_matches(store):
    with pytest.raises(viz.CompanyNotFound) as err:
        viz.find_company(store, "Harbr Fern Fods")
    message = str(err.value)
    assert "\n" not in message and "Harbr Fern Fods" in message and "Harbor Fern Foods Co., Ltd." in message
    with pytest.raises(viz.CompanyNotFound, match="companies in the graph: Harbor Fern Foods Co., Ltd.; Quarry Lane"):
        viz.find_company(store, "zzzz")


def test_ambiguous_name_lists_candidates(store):
    with pytest.raises(viz.CompanyNotFound, match="several organisations: .*Green Pack GmbH"):
        viz.find_company(store, "r")  # a letter in most names, no reporting company among them alone


# ----------------------------------------------------------------------------- layout
def test_certifications_hang_under_their_standard(group):
    layout = viz.layout_group(group)
    parents = {p.node: p.parent for p in layout.nodes.values()}
    assert parents[str(ID["cert/hff/c2"])] == str(ID["std/iso-9001"])
    assert parents[str(ID["cert/hff/c3"])] == str(ID["std/iso-14001"])
    assert parents[str(ID["facility/dairy-plant"])] == str(ID["org/harbor-fern-dairy"])
    assert parents[str(ID["org/cold-chain-partners"])] == str(ID["org/harbor-fern-dairy"])
    texts = {p.node: p.text for p in layout.nodes.values()}
    assert texts[str(ID["cert/hff/c1"])] == "whole group"  # the company's own claim: its scope
    assert texts[str(ID["cert/hff/c2"])] == "Harbor Fern Dairy"  # a subsidiary's: its name
    assert texts[str(ID["target/hff/t1"])] == "Carbon neutrality by 2050"
    assert texts[str(ID["target/hff/t2"])] == "Water -12.5%"
    assert_no_overlap(layout)


def assert_no_overlap(layout) -> None:
    boxes = [(p.node, p.text_box) for p in layout.nodes.values()]
    for (a, (l1, t1, r1, b1)), (b, (l2, t2, r2, b2)) in combinations(boxes, 2):
        assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, f"labels overlap: {a} and {b}"


@pytest.mark.corpus
def test_corpus_pictures_have_no_overlapping_labels(corpus_build):
    companies = [f.company.name for f in corpus_build.reports if f.company is not None]
    assert companies
    for name in companies:
        G = viz.company_graph(corpus_build.dataset, name)
        assert G.number_of_nodes() > 5, name
        layout = viz.layout_group(G)
        assert len(layout.nodes) + len(layout.merged) == G.number_of_nodes()  # every node drawn (repeats once, counted)
        assert_no_overlap(layout)


# ----------------------------------------------------------------------------- files
def test_png(group, tmp_path):
    path = viz.save(group, tmp_path / "group.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_svg(group, tmp_path):
    path = viz.save(group, tmp_path / "group.svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert "Harbor Fern Foods" in texts and "Carbon neutrality by 2050" in texts and "target (2)" in texts


def test_html_is_self_contained(group, tmp_path):
    page = viz.save(group, tmp_path / "group.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert len(data["nodes"]) == 15 and len(data["edges"]) == 15
    assert {k["kind"]: k["count"] for k in data["kinds"]} == GROUP_KINDS
    assert "<svg" in page and "addEventListener" in page


def test_html_data_cannot_close_its_script(tmp_path):
    G = nx.MultiDiGraph(company="x")
    G.add_node("x", kind="company", label="Evil </script><script>alert(1)</script> Co.")
    page = viz.to_html(G)
    assert page.count("</script>") == 2  # the data block's and the renderer's


def test_graphml_reads_back(group, tmp_path):
    path = viz.save(group, tmp_path / "group.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == 15 and back.number_of_edges() == 15
    assert dict(Counter(k for _, k in back.nodes(data="kind"))) == GROUP_KINDS
    assert back.nodes[str(ID["target/hff/t1"])]["targetYear"] == 2050
    assert Counter(d["label"] for *_, d in back.edges(data=True)) == Counter(GROUP_EDGES)


def test_graphml_of_mixed_attribute_types(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("a", kind="target", targetYear=2030)
    G.add_node("b", kind="target", targetYear="2030; 2035")  # two values on one node
    back = nx.read_graphml(viz.write_graphml(G, tmp_path / "mixed.graphml"))
    assert {back.nodes[n]["targetYear"] for n in back} == {"2030", "2030; 2035"}


def test_unknown_extension(group, tmp_path):
    with pytest.raises(ValueError, match="extension"):
        viz.save(group, tmp_path / "group.jpg")


# ----------------------------------------------------------------------------- command line
def test_cli_viz(store, tmp_path, capsys):
    from esgkg.cli import main

    on_disk = Store(tmp_path / "store")
    for name in store.named_graphs():
        on_disk.replace_graph(store.graph(name))
    on_disk.flush()
    del on_disk
    out = tmp_path / "hff.svg"
    assert main(["viz", "harbor fern foods", "--store", str(tmp_path / "store"), "-o", str(out)]) == 0
    assert "Harbor Fern Foods" in out.read_text(encoding="utf-8")
    assert "15 nodes, 15 edges" in capsys.readouterr().err
    assert main(["viz", "Harbr Fern", "--store", str(tmp_path / "store"), "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("esgkg viz: no company named 'Harbr Fern'") and "Harbor Fern Foods Co., Ltd." in err
    assert len(err.splitlines()) == 1 and not (tmp_path / "x.png").exists()


def test_empty_graph_is_refused(tmp_path):
    with pytest.raises(viz.CompanyNotFound, match="no companies"):
        viz.company_graph(Graph(), "anything")


DOM_STUB = r"""
const made = {};
function element(tag) {
  return { tag, attrs: {}, children: [], style: {}, listeners: {}, textContent: "", value: "", offsetWidth: 120, offsetHeight: 40,
    classList: { set: new Set(), toggle(c, on) { on ? this.set.add(c) : this.set.delete(c); }, add(c) { this.set.add(c); }, remove(c) { this.set.delete(c); } },
    setAttribute(k, v) { this.attrs[k] = String(v); }, appendChild(c) { this.children.push(c); return c; },
    append(...c) { this.children.push(...c); }, addEventListener(t, f) { this.listeners[t] = f; },
    getBBox() { return { x: 0, y: -10, width: 7 * (this.textContent.length || 12), height: 14 }; } };
}
global.document = { getElementById: id => id === "graph-data" ? { textContent: DATA } : (made[id] ||= element(id)),
  createElementNS: (ns, t) => element(t), createElement: t => element(t), createTextNode: t => ({ t }) };
global.innerWidth = 1200; global.innerHeight = 800; global.addEventListener = () => {};
"""
DOM_CHECK = r"""
const nodes = made.nodes.children, edges = made.edges.children.filter(e => e.tag === "path");
const first = nodes.find(n => n.children.some(c => c.tag === "circle"));
first.listeners.mouseenter({ clientX: 5, clientY: 5 });
made.search.value = "fern"; made.search.listeners.input();
console.log(JSON.stringify({ nodes: nodes.length, edges: edges.length, drawn: edges.every(e => /^M[-\d.]+,[-\d.]+ C/.test(e.attrs.d)),
  tip: made.tip.innerHTML.includes("<table>"), matches: nodes.filter(n => n.classList.set.has("match")).length,
  view: made.scene.attrs.transform }));
"""


def test_html_renderer_runs(group, tmp_path):
    """Run the page's script under node with a minimal DOM: it draws every node and edge, shows a
    tooltip on hover and marks search matches (skipped where node is not installed)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    page = viz.to_html(group)
    data = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[0]
    (tmp_path / "run.js").write_text(f"const DATA = {json.dumps(data)};\n{DOM_STUB}\n{script}\n{DOM_CHECK}", encoding="utf-8")
    done = subprocess.run([node, str(tmp_path / "run.js")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["nodes"] == 15 and seen["edges"] == 15 and seen["drawn"] and seen["tip"]
    # search covers what is shown and the RDF label: the company, 2 subsidiaries, 3 certifications, 2 targets, the report
    assert seen["matches"] == 9
    assert seen["view"].startswith("translate(")


# ----------------------------------------------------------------------------- for a slide
def _repeated_targets_graph() -> nx.MultiDiGraph:
    """A company with four targets that read the same and one that does not, and many kinds (a long legend)."""
    G = nx.MultiDiGraph()
    G.add_node("acme", kind="company", label="Acme Steel Co., Ltd.")
    for i in range(4):
        G.add_node(f"t{i}", kind="target", label="Acme Steel Co., Ltd.: Safety", topic="Safety", targetValue=100, unit="%")
        G.add_edge("acme", f"t{i}", key="hasTarget")
    G.add_node("t9", kind="target", label="Acme Steel Co., Ltd.: Water", topic="Water", targetYear=2030)
    G.add_edge("acme", "t9", key="hasTarget")
    for kind in ("subsidiary", "supplier", "customer", "facility", "standard", "certification", "report", "initiative"):
        G.add_node(kind, kind=kind, label=f"A {kind} with a rather long name of its own")
        G.add_edge("acme", kind, key=f"has{kind.title()}")
    return G


def test_a_repeated_label_is_drawn_once_with_its_count(tmp_path):
    G = _repeated_targets_graph()
    layout = viz.layout_group(G, "acme")
    texts = [p.text for p in layout.nodes.values() if p.kind == "target"]
    assert len(texts) == 2 and sum("(×4)" in t for t in texts) == 1, texts
    assert len(layout.merged) == 3
    page = viz.save(G, tmp_path / "g.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])  # no edge to a node not drawn


def test_the_centre_label_has_no_halo_and_the_legend_fits(tmp_path):
    import matplotlib.pyplot as plt

    G = _repeated_targets_graph()
    page = viz.save(G, tmp_path / "g.html").read_text(encoding="utf-8")
    assert ".node.centre text { stroke: none; }" in page and '"node centre"' in page
    fig = viz.draw.draw_group(G, "acme")
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        figure_box = fig.bbox
        for legend in fig.legends:
            box = legend.get_window_extent(renderer)
            assert box.x0 >= figure_box.x0 and box.x1 <= figure_box.x1, (box, figure_box)
        for text in fig.axes[0].texts[-1:]:  # the title
            box = text.get_window_extent(renderer)
            assert box.x1 <= figure_box.x1
    finally:
        plt.close(fig)


# ----------------------------------------------------------------------------- charts across companies
def test_chart_data_across_companies(store):
    from esgkg.viz import charts

    groups, codes, counts = charts.certification_matrix_data(store)
    assert groups == ["Harbor Fern Foods Co., Ltd."] and codes == ["ISO 14001", "ISO 9001"]
    assert counts == [[2, 1]]  # the company and its dairy hold ISO 14001 (hasSubsidiary or subsidiaryOf), the dairy ISO 9001
    assert [(r["holder"], r["topic"], r["year"]) for r in charts.targets_data(store)] == [("Harbor Fern Foods Co., Ltd.", "CarbonNeutrality", 2050)]
    structure = charts.group_structures_data(store)["Harbor Fern Foods Co., Ltd."]
    assert structure[0] == (0, "Harbor Fern Foods Co., Ltd.")
    assert (2, "Cold Chain Partners Ltd.") in structure and (1, "Harbor Fern Logistics") in structure


@pytest.mark.parametrize("kind", ["matrix", "timeline", "groups"])
def test_charts_fit_a_16_9_slide(store, kind, tmp_path):
    from PIL import Image

    from esgkg.viz import charts

    out = charts.save_chart(charts.chart(store, kind), tmp_path / f"{kind}.png", dpi=100)
    width, height = Image.open(out).size
    assert abs(width / height - 16 / 9) < 0.02 and width <= 1600


def test_viz_kind_and_chart_commands(tmp_path, capfd, dataset):
    from esgkg.cli import main

    path = tmp_path / "store"
    s = Store(path)
    s.add_dataset(dataset)
    s.flush()
    del s
    assert main(["viz", "--kind", "matrix", "--store", str(path), "-o", str(tmp_path / "m.svg")]) == 0
    assert (tmp_path / "m.svg").read_text().lstrip().startswith("<?xml")
    assert main(["chart", "targets-timeline", "--store", str(path), "-o", str(tmp_path / "t.png")]) == 0
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")
    assert main(["chart", "groups", "--store", str(path), "-o", str(tmp_path / "g.html")]) == 2
    assert "a chart is written as .png .svg .pdf" in capfd.readouterr().err
