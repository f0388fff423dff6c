"""Static pictures (PNG, SVG, PDF) of a company's group with matplotlib.

The figure is sized from the layout (inches are the data unit), so text is drawn at its real
size and never shrunk to fit: a big group makes a tall picture, not an unreadable one.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx

from .layout import measure_text, FONT_SIZE, MARKER_PAD, ROOT_FONT_SIZE, GroupLayout, layout_group
from .model import KINDS

KIND_COLORS = {
    "company": "#1f4e79",
    "subsidiary": "#2e86c1",
    "supplier": "#8e44ad",
    "customer": "#c0392b",
    "organization": "#7f8c8d",
    "standard": "#d68910",
    "certification": "#f5b041",
    "target": "#27ae60",
    "facility": "#6d4c41",
    "report": "#95a5a6",
    "other": "#bdc3c7",
}
"""One colour per node kind (colour-blind-safe enough to tell apart with the legend's labels)."""

MARGIN = 0.35  # inches around the drawing
HEADER = 0.85  # inches above it for the title and the legend


def kind_counts(G: nx.MultiDiGraph) -> Counter[str]:
    return Counter(kind for _, kind in G.nodes(data="kind"))


def title_for(G: nx.MultiDiGraph, root: str) -> str:
    """'Acme Co., Ltd.: 5 subsidiaries, 8 certifications, 13 targets, 11 facilities'."""
    counts = kind_counts(G)
    parts = [f"{counts[k]} {k if counts[k] == 1 else _plural(k)}" for k in ("subsidiary", "certification", "target", "facility", "supplier", "customer") if counts[k]]
    return f"{G.nodes[root].get('label', root)}" + (f": {', '.join(parts)}" if parts else "")


def _plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def draw_group(G: nx.MultiDiGraph, root: str | None = None, layout: GroupLayout | None = None):
    """Draw ``G`` (normally a :func:`~esgkg.viz.company_graph`) as a mind map; returns the matplotlib Figure."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    layout = layout or layout_group(G, root)
    counts = kind_counts(G)
    legend_labels = [f"{k} ({counts[k]})" for k in (*KINDS, "other") if counts[k]]
    # one row of legend entries (marker, text, spacing) and the title must fit: never clipped
    legend_width = sum(measure_text(t, FONT_SIZE)[0] + 0.45 for t in legend_labels)
    title_width = measure_text(title_for(G, layout.root), 13)[0] * 1.1
    width = max(layout.width + 2 * MARGIN, 7.0, legend_width + 2 * MARGIN, title_width + 2 * MARGIN)
    height = layout.height + 2 * MARGIN + HEADER
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # y grows downwards, like the layout
    ax.axis("off")
    dx = (width - layout.width) / 2
    dy = MARGIN + HEADER

    for parent, child in layout.tree_edges:
        _draw_branch(ax, layout, parent, child, dx, dy)
    for p in layout.nodes.values():
        color = KIND_COLORS.get(p.kind, KIND_COLORS["other"])
        x, y = p.x + dx, p.y + dy
        if p.side == 0:
            ax.text(x, y, p.text, ha="center", va="center", fontsize=ROOT_FONT_SIZE, fontweight="bold", color="white",
                    bbox={"boxstyle": "round,pad=0.5", "facecolor": color, "edgecolor": "none"}, zorder=4)
            continue
        ax.scatter([x], [y], s=42, color=color, edgecolors="white", linewidths=0.8, zorder=3)
        ax.text(x + p.side * MARKER_PAD, y, p.text, ha="left" if p.side > 0 else "right", va="center",
                fontsize=FONT_SIZE, color="#222222", linespacing=1.1, zorder=4)

    root_node = layout.root
    ax.text(MARGIN, MARGIN, title_for(G, root_node), ha="left", va="top", fontsize=13, fontweight="bold", color="#222222")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=KIND_COLORS[k], label=f"{k} ({counts[k]})")
               for k in (*KINDS, "other") if counts[k]]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(MARGIN / width, 1 - (MARGIN + 0.3) / height),
               ncol=len(handles), frameon=False, fontsize=FONT_SIZE, handletextpad=0.2, columnspacing=1.2)
    return fig


def _draw_branch(ax, layout: GroupLayout, parent: str, child: str, dx: float, dy: float) -> None:
    """A smooth S-curve from the end of the parent's text to the child's marker."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    p, c = layout.nodes[parent], layout.nodes[child]
    if p.side == 0:
        x0 = p.x + c.side * p.width / 2 + c.side * 0.12
    else:
        x0 = p.text_end + p.side * 0.06
    y0, x1, y1 = p.y, c.x, c.y
    mid = (x0 + x1) / 2
    path = MplPath([(x0 + dx, y0 + dy), (mid + dx, y0 + dy), (mid + dx, y1 + dy), (x1 + dx, y1 + dy)],
                   [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4])
    color = KIND_COLORS.get(c.kind, KIND_COLORS["other"])
    ax.add_patch(PathPatch(path, facecolor="none", edgecolor=color, linewidth=1.0, alpha=0.55, zorder=1))


def save_picture(G: nx.MultiDiGraph, path: str | Path, root: str | None = None, dpi: int = 150) -> Path:
    """Write the group picture to ``path``; the format (png, svg, pdf) comes from its extension."""
    import matplotlib
    import matplotlib.pyplot as plt

    path = Path(path)
    fig = draw_group(G, root)
    try:
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # SVG keeps text as text: searchable, small
            fig.savefig(path, dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    return path
