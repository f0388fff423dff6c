"""A mind-map layout of a company's group: readable labels by construction, no overlap to repair.

The company sits in the middle; its subsidiaries, standards, targets, facilities and partners
branch out to both sides as a tidy tree (each node drawn once, under one parent), columns by
depth.  Every label is measured before anything is placed: a column is as wide as its widest
label and every leaf gets the height of its own text, so labels cannot pile on each other
however many targets a report lists.  Certifications are grouped by standard: each hangs under
its standard and its text names the holder.  Positions are in inches, y growing downwards.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

from .labels import display_text, wrap

FONT_SIZE = 9.0
ROOT_FONT_SIZE = 12.0
LINE_SPACING = 1.25
LEAF_GAP = 0.05  # inches between neighbouring leaves
GROUP_GAP = 0.22  # inches between the kinds branching from the company
COLUMN_GAP = 0.55  # inches between a column's widest label and the next column's nodes
MARKER_PAD = 0.09  # inches between a node's marker and its text

# Order of the branches around a node (subsidiaries first, then what the group certifies, targets, runs).
BRANCH_ORDER = ("subsidiary", "company", "organization", "standard", "certification", "target",
                "facility", "supplier", "customer", "report", "other")
# Where a kind's branch goes when both sides are equally full: facts to the right, partners to the left.
PREFERRED_SIDE = {"subsidiary": 1, "standard": 1, "certification": 1, "facility": 1, "target": -1,
                  "supplier": -1, "customer": -1, "organization": -1, "company": -1, "report": -1, "other": -1}

Measure = Callable[[str, float], tuple[float, float]]
"""(text, font size in points) -> (width, height) in inches."""


@dataclass(slots=True)
class Placed:
    """One drawn node: where it is, which way its text runs, what it says."""

    node: str
    kind: str
    text: str
    width: float
    height: float
    depth: int
    side: int  # +1: text right of the marker; -1: left of it; 0: the centre node
    parent: str | None
    x: float = 0.0
    y: float = 0.0

    @property
    def text_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the node's text: what must not overlap another node's."""
        if self.side == 0:
            left = self.x - self.width / 2
        elif self.side > 0:
            left = self.x + MARKER_PAD
        else:
            left = self.x - MARKER_PAD - self.width
        return left, self.y - self.height / 2, left + self.width, self.y + self.height / 2

    @property
    def text_end(self) -> float:
        """The x where this node's text ends, away from the centre (where its branches start)."""
        if self.side == 0:
            return self.x
        return self.x + self.side * (MARKER_PAD + self.width)


@dataclass(slots=True)
class GroupLayout:
    root: str
    nodes: dict[str, Placed] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)  # a node drawn as another that reads the same -> that node
    width: float = 0.0
    height: float = 0.0

    @property
    def tree_edges(self) -> list[tuple[str, str]]:
        return [(p.parent, p.node) for p in self.nodes.values() if p.parent is not None]


# ----------------------------------------------------------------------------- measuring text
@lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(16, 16, 72)  # at 72 dpi one pixel is one point


@lru_cache(maxsize=4096)
def measure_text(text: str, size: float) -> tuple[float, float]:
    """Width and height (inches) of ``text`` in matplotlib's default font, as drawn in the picture."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size)
    lines = text.split("\n")
    width = max(_renderer().get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines)
    return width / 72.0, len(lines) * size * LINE_SPACING / 72.0


# ----------------------------------------------------------------------------- the tree
def pick_root(G: nx.MultiDiGraph) -> str:
    """The node to centre on: ``G.graph["company"]``, else the best-connected company."""
    if G.graph.get("company") in G:
        return G.graph["company"]
    if not len(G):
        raise ValueError("the graph is empty: nothing to draw")
    rank = {"company": 0, "subsidiary": 1, "organization": 2}
    return min(G.nodes, key=lambda n: (rank.get(G.nodes[n].get("kind"), 3), -G.degree(n), str(n)))


def _sort_key(G: nx.MultiDiGraph, node: str, texts: dict[str, str]) -> tuple:
    data = G.nodes[node]
    kind = data.get("kind", "other")
    order = BRANCH_ORDER.index(kind) if kind in BRANCH_ORDER else len(BRANCH_ORDER)
    year = data.get("targetYear") if kind == "target" else None
    return order, year if isinstance(year, int) else 9999, texts[node].casefold()  # dated targets first, by year


def spanning_tree(G: nx.MultiDiGraph, root: str, texts: dict[str, str]) -> dict[str, list[str]]:
    """Children of every node in the drawn tree.

    Standards hang from the centre and certifications from their standard (grouped by standard);
    everything else is reached breadth-first from the centre, so a subsidiary's targets and
    facilities hang under the subsidiary.  Parts of ``G`` not connected to the centre hang from it.
    """
    children: dict[str, list[str]] = defaultdict(list)
    placed = {root}
    standards = sorted((n for n, k in G.nodes(data="kind") if k == "standard" and n != root), key=lambda n: texts[n])
    certs: list[str] = []
    for std in standards:
        children[root].append(std)
        placed.add(std)
        for cert in sorted({u for u, _, k in G.in_edges(std, keys=True) if k == "standard"} - placed, key=lambda n: texts[n]):
            children[std].append(cert)
            placed.add(cert)
            certs.append(cert)
    queue = [root, *standards, *certs]
    undirected = G.to_undirected(as_view=True)
    while True:
        while queue:
            node = queue.pop(0)
            fresh = sorted(set(undirected[node]) - placed, key=lambda n: _sort_key(G, n, texts))
            children[node].extend(fresh)
            placed.update(fresh)
            queue.extend(fresh)
        rest = sorted(set(G.nodes) - placed, key=lambda n: _sort_key(G, n, texts))
        if not rest:
            break
        children[root].append(rest[0])  # a part not connected to the centre
        placed.add(rest[0])
        queue.append(rest[0])
    for node, kids in children.items():
        kids.sort(key=lambda n: _sort_key(G, n, texts))
    return children


# ----------------------------------------------------------------------------- placing
def layout_group(G: nx.MultiDiGraph, root: str | None = None, measure: Measure = measure_text) -> GroupLayout:
    """Place every node of ``G`` around ``root`` (default: :func:`pick_root`)."""
    root = root if root is not None else pick_root(G)
    texts = {n: display_text(G, n, root) for n in G.nodes}
    children = spanning_tree(G, root, texts)
    out = GroupLayout(root)
    _merge_repeats(G, children, texts, out)
    root_text = wrap(G.nodes[root].get("label", root), width=26, max_lines=3)
    w, h = measure(root_text, ROOT_FONT_SIZE)
    out.nodes[root] = Placed(root, G.nodes[root].get("kind", "other"), root_text, w, h, 0, 0, None)

    def visit(node: str, parent: str, depth: int) -> None:
        text = wrap(texts[node])
        w, h = measure(text, FONT_SIZE)
        out.nodes[node] = Placed(node, G.nodes[node].get("kind", "other"), text, w, h, depth, 1, parent)
        for child in children.get(node, ()):
            visit(child, node, depth + 1)

    for child in children[root]:
        visit(child, root, 1)
    sides = _assign_sides(_branches(G, children[root]), lambda kids: sum(_measured_extent(children, out, k) for k in kids),
                          lambda node: out.nodes[node].kind)
    for side, groups in sides.items():
        for group in groups:
            for child in group:
                _walk(children, child, lambda n, side=side: setattr(out.nodes[n], "side", side))
    _place_columns(out)
    heights = {side: _place_rows(out, children, groups) for side, groups in sides.items()}
    total = max([out.nodes[root].height, *heights.values()])
    for side, groups in sides.items():
        shift = (total - heights[side]) / 2  # centre each side's column of rows on the company
        for group in groups:
            for child in group:
                _walk(children, child, lambda n, dy=shift: setattr(out.nodes[n], "y", out.nodes[n].y + dy))
    out.nodes[root].y = total / 2
    _normalise(out)
    return out


def _merge_repeats(G: nx.MultiDiGraph, children: dict[str, list[str]], texts: dict[str, str], out: GroupLayout) -> None:
    """Leaves of one parent that would read the same (four targets "Safety 100%") become one node
    whose text ends in the count ("Safety 100% (×4)"); ``out.merged`` maps each dropped node to the kept one."""
    for parent, kids in children.items():
        seen: dict[tuple[str, str], str] = {}
        kept: list[str] = []
        for kid in kids:
            key = (G.nodes[kid].get("kind", "other"), texts[kid])
            if children.get(kid) or key not in seen:
                seen.setdefault(key, kid)
                kept.append(kid)
                continue
            out.merged[kid] = seen[key]
        children[parent] = kept
    counts = Counter(out.merged.values())
    for node, extra in counts.items():
        texts[node] = f"{texts[node]} (×{extra + 1})"


def _branches(G: nx.MultiDiGraph, kids: list[str]) -> list[list[str]]:
    """The centre's children in runs of one kind (each run becomes one branch group)."""
    runs: list[list[str]] = []
    for kid in kids:
        if runs and G.nodes[runs[-1][0]].get("kind") == G.nodes[kid].get("kind"):
            runs[-1].append(kid)
        else:
            runs.append([kid])
    return runs


def _assign_sides(branches: list[list[str]], size: Callable[[list[str]], float],
                  kind_of: Callable[[str], str]) -> dict[int, list[list[str]]]:
    """Split the branch groups between the right (+1) and left (-1) so both sides are about as tall."""
    sides: dict[int, list[list[str]]] = {1: [], -1: []}
    filled = {1: 0.0, -1: 0.0}
    sized = sorted(((size(b), i, b) for i, b in enumerate(branches)), key=lambda t: -t[0])
    for height, _, branch in sized:
        # prefer the kind's usual side unless it is already the fuller one
        usual = PREFERRED_SIDE.get(kind_of(branch[0]), -1)
        side = usual if filled[usual] <= filled[-usual] else -usual
        sides[side].append(branch)
        filled[side] += height + GROUP_GAP
    order = {id(b): i for i, b in enumerate(branches)}
    for groups in sides.values():
        groups.sort(key=lambda b: order[id(b)])
    return {s: g for s, g in sides.items() if g}


def _place_columns(out: GroupLayout) -> None:
    """x of every node: a column per depth and side, as wide as its widest text plus a gap."""
    root = out.nodes[out.root]
    widest: dict[tuple[int, int], float] = defaultdict(float)
    for p in out.nodes.values():
        widest[p.side, p.depth] = max(widest[p.side, p.depth], p.width)
    for side in (1, -1):
        x = root.width / 2 + COLUMN_GAP
        depth = 1
        while (side, depth) in widest:
            for p in out.nodes.values():
                if p.side == side and p.depth == depth:
                    p.x = side * x
            x += MARKER_PAD + widest[side, depth] + COLUMN_GAP
            depth += 1


def _place_rows(out: GroupLayout, children: dict[str, list[str]], groups: list[list[str]]) -> float:
    """y of every node of one side: leaves stacked top-down, a parent centred on its children."""
    cursor = 0.0

    def place(node: str, top: float) -> float:
        p = out.nodes[node]
        kids = children.get(node, [])
        if not kids:
            p.y = top + p.height / 2
            return p.height + LEAF_GAP
        needed = sum(_measured_extent(children, out, k) for k in kids)
        start = top + max(0.0, (p.height + LEAF_GAP - needed) / 2)
        used = 0.0
        for kid in kids:
            used += place(kid, start + used)
        p.y = (out.nodes[kids[0]].y + out.nodes[kids[-1]].y) / 2
        return max(p.height + LEAF_GAP, used)

    for i, group in enumerate(groups):
        if i:
            cursor += GROUP_GAP
        for node in group:
            cursor += place(node, cursor)
    return cursor


def _measured_extent(children: dict[str, list[str]], out: GroupLayout, node: str) -> float:
    own = out.nodes[node].height + LEAF_GAP
    kids = children.get(node, ())
    return max(own, sum(_measured_extent(children, out, k) for k in kids)) if kids else own


def _walk(children: dict[str, list[str]], node: str, action: Callable[[str], None]) -> None:
    """Apply ``action`` to ``node`` and everything below it."""
    action(node)
    for kid in children.get(node, ()):
        _walk(children, kid, action)


def _normalise(out: GroupLayout) -> None:
    """Move everything so the drawing starts at (0, 0) and record its size."""
    left = min(min(p.x, p.text_end) - (p.width / 2 if p.side == 0 else 0) for p in out.nodes.values())
    right = max(max(p.x, p.text_end) + (p.width / 2 if p.side == 0 else 0) for p in out.nodes.values())
    top = min(p.y - p.height / 2 for p in out.nodes.values())
    bottom = max(p.y + p.height / 2 for p in out.nodes.values())
    for p in out.nodes.values():
        p.x -= left
        p.y -= top
    out.width, out.height = right - left, bottom - top
