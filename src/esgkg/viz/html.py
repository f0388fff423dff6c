"""An interactive HTML picture that works offline: one file, its data and a small renderer inline.

pyvis and similar wrappers fetch vis.js or Bootstrap from a CDN even in their "inline" modes, so
the page here carries its own ~200 lines of JavaScript (SVG drawing, pan / zoom, dragging,
hover details, search, kind toggles) and starts from the same layout as the static picture.
"""
from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import networkx as nx

from .draw import KIND_COLORS, kind_counts, title_for
from .layout import GroupLayout, layout_group
from .model import KINDS

PX_PER_INCH = 96.0
TEMPLATE = "graph.html"


def _template() -> str:
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON that can sit inside <script> whatever the labels contain (no '</script>' can close it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def graph_data(G: nx.MultiDiGraph, layout: GroupLayout) -> dict:
    """What the page draws: nodes with positions, texts and attributes; every edge of ``G``, the
    layout's tree edges marked as such."""
    tree = set(layout.tree_edges)
    nodes = []
    for node, p in layout.nodes.items():
        attrs = {k: v for k, v in G.nodes[node].items()}
        nodes.append({
            "id": node, "kind": p.kind, "text": p.text, "side": p.side,
            "x": round(p.x * PX_PER_INCH, 1), "y": round(p.y * PX_PER_INCH, 1), "w": round(p.width * PX_PER_INCH, 1),
            "color": KIND_COLORS.get(p.kind, KIND_COLORS["other"]), "attrs": attrs,
        })
    edges = []
    seen: set[tuple[str, str, str]] = set()
    for u, v, key in G.edges(keys=True):
        u, v = layout.merged.get(u, u), layout.merged.get(v, v)  # a repeated node is drawn once
        if (u, v, key) in seen or u not in layout.nodes or v not in layout.nodes:
            continue
        seen.add((u, v, key))
        is_tree = (u, v) in tree
        source, target = (u, v)
        if not is_tree and (v, u) in tree:
            is_tree, source, target = True, v, u  # drawn from the tree parent, labelled with the real property
        edges.append({"source": source, "target": target, "label": key, "tree": is_tree})
    counts = kind_counts(G)
    kinds = [{"kind": k, "count": counts[k], "color": KIND_COLORS[k]} for k in (*KINDS, "other") if counts[k]]
    return {"title": title_for(G, layout.root), "nodes": nodes, "edges": edges, "kinds": kinds,
            "width": round(layout.width * PX_PER_INCH, 1), "height": round(layout.height * PX_PER_INCH, 1)}


def to_html(G: nx.MultiDiGraph, root: str | None = None) -> str:
    """The whole page as a string."""
    layout = layout_group(G, root)
    data = graph_data(G, layout)
    page = _template()
    return page.replace("__TITLE__", html.escape(data["title"])).replace("__DATA__", _script_json(data))


def save_html(G: nx.MultiDiGraph, path: str | Path, root: str | None = None) -> Path:
    path = Path(path)
    path.write_text(to_html(G, root), encoding="utf-8")
    return path
