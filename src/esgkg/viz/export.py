"""Writing a graph picture or a graph file, the format chosen by the file's extension."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

PICTURE_FORMATS = (".png", ".svg", ".pdf")
FORMATS = (*PICTURE_FORMATS, ".html", ".graphml")


def graphml_ready(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML can hold: an attribute that is not one scalar type on every
    node (or edge) becomes text everywhere, since GraphML declares one type per attribute key."""
    H = G.copy()
    for items in (H.nodes(data=True), H.edges(data=True)):
        rows = [data for *_, data in items]
        types: dict[str, set[type]] = {}
        for data in rows:
            for key, value in data.items():
                types.setdefault(key, set()).add(type(value))
        for key, seen in types.items():
            if len(seen) > 1 or not seen <= {str, int, float, bool}:
                for data in rows:
                    if key in data:
                        data[key] = str(data[key])
    H.graph = {k: v for k, v in G.graph.items() if isinstance(v, str | int | float | bool)}
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """GraphML for Gephi, Cytoscape or yEd: node attributes kind, label, iri, ..., edge attribute label."""
    path = Path(path)
    nx.write_graphml(graphml_ready(G), path)
    return path


def save(G: nx.MultiDiGraph, path: str | Path, root: str | None = None) -> Path:
    """Write ``G`` to ``path``: .png / .svg / .pdf picture, .html interactive page or .graphml."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell what to write for '{path}' from its extension (use {', '.join(FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".graphml":
        return write_graphml(G, path)
    if suffix == ".html":
        from .html import save_html

        return save_html(G, path, root)
    from .draw import save_picture

    return save_picture(G, path, root)
