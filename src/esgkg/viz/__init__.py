"""Pictures of the graph: networkx graphs, static matplotlib drawings, offline HTML, GraphML.

::

    from esgkg.store import open_store
    from esgkg import viz

    store = open_store(".esgkg", read_only=True)
    G = viz.company_graph(store, "Northwind Lightmetals")   # networkx MultiDiGraph
    viz.save(G, "northwind.png")                            # .png .svg .html .graphml
"""
from __future__ import annotations

from .draw import draw_group, save_picture
from .export import FORMATS, save, write_graphml
from .html import save_html, to_html
from .layout import layout_group
from .model import (KINDS, CompanyNotFound, company_graph, construct, construct_networkx, find_company,
                    local_name, node_kinds, select, to_networkx)

__all__ = ["KINDS", "FORMATS", "CompanyNotFound", "company_graph", "construct", "construct_networkx", "draw_group",
           "find_company", "layout_group", "local_name", "node_kinds", "save", "save_html", "save_picture", "select",
           "to_html", "to_networkx", "write_graphml"]
