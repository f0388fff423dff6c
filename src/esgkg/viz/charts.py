"""Pictures across companies: the certification matrix as a heatmap, targets on a timeline, and
group structures side by side (the mind map of :func:`esgkg.viz.company_graph` shows one company).

Each function reads a :class:`esgkg.store.Store` or an rdflib Graph / Dataset and returns a
matplotlib ``Figure`` sized for a 16:9 slide (13.33 x 7.5 inches; 16 x 9 when there is much to show),
with text no smaller than 9 pt; :func:`save_chart` writes one to PNG, SVG or PDF.  The data behind
each picture is a pandas-free list of rows (``*_data`` functions) for tests and other plotting tools.

::

    from esgkg.store import open_store
    from esgkg.viz import charts

    store = open_store(".esgkg", read_only=True)
    charts.save_chart(charts.certification_matrix(store), "matrix.png")
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..names import Source, select

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CHARTS = ("matrix", "timeline", "groups")
"""The chart kinds of ``esgkg viz --kind`` (also ``certification-matrix``, ``targets-timeline``)."""
ALIASES = {"certification-matrix": "matrix", "targets-timeline": "timeline", "group-structures": "groups"}
SLIDE = (13.33, 7.5)  # inches: a 16:9 slide
MIN_FONT = 9


def _short(name: str, limit: int = 34) -> str:
    from .labels import short_org

    text = short_org(name)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----------------------------------------------------------------------------- certification matrix
_MATRIX = """
SELECT DISTINCT ?group ?groupName ?member ?code WHERE {
  ?report esg:reportingCompany ?group .
  ?member (esg:subsidiaryOf|^esg:hasSubsidiary)* ?group .
  ?member esg:holdsCertification/esg:standard/esg:code ?code .
  OPTIONAL { ?group rdfs:label ?groupName }
}"""


def certification_matrix_data(source: Source) -> tuple[list[str], list[str], list[list[int]]]:
    """(group names, standard codes, counts): how many members of each group (the company and its
    subsidiaries at any depth) hold each standard.  Standards held most widely come first."""
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    for row in select(source, _MATRIX):
        group = str(row["group"])
        names[group] = str(row["groupName"] or group.rsplit("/", 1)[-1])
        members[(group, str(row["code"]))].add(str(row["member"]))
    groups = sorted(names, key=lambda g: names[g].casefold())
    holders: dict[str, int] = defaultdict(int)
    for (_, code), held in members.items():
        holders[code] += 1
    codes = sorted(holders, key=lambda c: (-holders[c], c))
    counts = [[len(members.get((g, c), ())) for c in codes] for g in groups]
    return [names[g] for g in groups], codes, counts


def certification_matrix(source: Source, max_standards: int = 24) -> Figure:
    """A heatmap: groups down, standards across, each cell the number of the group's members holding it."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LinearSegmentedColormap

    groups, codes, counts = certification_matrix_data(source)
    codes, counts = codes[:max_standards], [row[:max_standards] for row in counts]
    fig, ax = plt.subplots(figsize=SLIDE if len(groups) <= 18 else (16, 9), layout="constrained")
    if not groups or not codes:
        return _empty(fig, ax, "No certifications in the graph")
    cmap = LinearSegmentedColormap.from_list("held", ["#f4f6f7", "#f5b041", "#b9770e"])
    top = max(max(row) for row in counts) or 1
    ax.imshow(counts, cmap=cmap, vmin=0, vmax=top, aspect="auto")
    font = max(MIN_FONT, min(13, 220 / max(len(groups), len(codes), 1)))
    ax.set_xticks(range(len(codes)), codes, rotation=40, ha="right", fontsize=font)
    ax.set_yticks(range(len(groups)), [_short(g) for g in groups], fontsize=font)
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            if n:
                ax.text(j, i, str(n), ha="center", va="center", fontsize=font, color="white" if n > top / 2 else "black")
    ax.set_xticks([x - 0.5 for x in range(1, len(codes))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(groups))], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.set_title("Certified standards by group (number of group members holding each)", fontsize=font + 3, loc="left")
    return fig


# ----------------------------------------------------------------------------- targets timeline
_TARGETS = """
SELECT DISTINCT ?target ?holder ?holderName ?topic ?year ?value ?unit WHERE {
  ?holder esg:hasTarget ?target .
  ?target esg:targetYear ?year .
  OPTIONAL { ?target esg:topic ?topic }
  OPTIONAL { ?holder rdfs:label ?holderName }
  OPTIONAL { ?target esg:targetValue ?value }
  OPTIONAL { ?target esg:unit ?unit }
}"""


def targets_data(source: Source) -> list[dict[str, object]]:
    """Every dated target: holder name, topic (local name), year, value and unit, sorted by holder and year."""
    from .model import local_name

    rows = []
    for row in select(source, _TARGETS):
        try:
            year = int(str(row["year"]))
        except ValueError:
            continue
        rows.append({"holder": str(row["holderName"] or local_name(str(row["holder"]))),
                     "topic": local_name(str(row["topic"])) if row["topic"] is not None else "Other",
                     "year": year, "value": None if row["value"] is None else str(row["value"]),
                     "unit": None if row["unit"] is None else str(row["unit"])})
    return sorted(rows, key=lambda r: (str(r["holder"]).casefold(), r["year"], r["topic"]))


def targets_timeline(source: Source, max_holders: int = 20) -> Figure:
    """Targets on a timeline: one row per holder, one marker per target at its year, coloured by topic."""
    import matplotlib.pyplot as plt

    from .labels import humanize

    rows = targets_data(source)
    holders = sorted({str(r["holder"]) for r in rows}, key=str.casefold)[:max_holders]
    fig, ax = plt.subplots(figsize=SLIDE if len(holders) <= 14 else (16, 9), layout="constrained")
    if not holders:
        return _empty(fig, ax, "No dated targets in the graph")
    topics = sorted({str(r["topic"]) for r in rows})
    cmap = plt.get_cmap("tab20" if len(topics) > 10 else "tab10")
    colour = {t: cmap(i % cmap.N) for i, t in enumerate(topics)}
    y = {h: i for i, h in enumerate(holders)}
    cells: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        if r["holder"] in y:
            cells[(str(r["holder"]), int(r["year"]))][str(r["topic"])] += 1
    for (holder, year), by_topic in cells.items():  # one marker per topic, side by side, sized and numbered by count
        for i, (topic, n) in enumerate(sorted(by_topic.items())):
            x = year + (i - (len(by_topic) - 1) / 2) * 0.45
            ax.scatter(x, y[holder], s=70 + 25 * min(n, 8), color=colour[topic], edgecolor="black", linewidth=0.5, zorder=3,
                       label=humanize(topic))
            if n > 1:
                ax.text(x, y[holder], str(n), ha="center", va="center", fontsize=8, zorder=4)
    years = [int(r["year"]) for r in rows]
    ax.set_xlim(min(years) - 1.5, max(years) + 1.5)
    ax.set_ylim(len(holders) - 0.5, -0.5)
    ax.set_yticks(range(len(holders)), [_short(h) for h in holders], fontsize=11)
    ax.grid(axis="x", color="#dddddd", zorder=0)
    ax.tick_params(axis="x", labelsize=11)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10, title="topic", frameon=False)
    ax.set_title("Targets by year (a number: that many targets of one topic)", fontsize=15, loc="left")
    return fig


# ----------------------------------------------------------------------------- group structures
_GROUPS = """
SELECT DISTINCT ?group ?groupName ?parent ?member ?memberName WHERE {
  ?report esg:reportingCompany ?group .
  ?member (esg:subsidiaryOf|^esg:hasSubsidiary)+ ?group ; (esg:subsidiaryOf|^esg:hasSubsidiary) ?parent .
  ?parent (esg:subsidiaryOf|^esg:hasSubsidiary)* ?group .
  OPTIONAL { ?group rdfs:label ?groupName }
  OPTIONAL { ?member rdfs:label ?memberName }
}"""


def group_structures_data(source: Source) -> dict[str, list[tuple[int, str]]]:
    """Each reporting company's group as an indented list: (depth, name) lines, the company at depth 0."""
    names: dict[str, str] = {}
    children: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    member_names: dict[str, str] = {}
    for row in select(source, "SELECT DISTINCT ?group ?groupName WHERE { ?r esg:reportingCompany ?group "
                              "OPTIONAL { ?group rdfs:label ?groupName } }"):
        names[str(row["group"])] = str(row["groupName"] or str(row["group"]).rsplit("/", 1)[-1])
    for row in select(source, _GROUPS):
        group, parent, member = str(row["group"]), str(row["parent"]), str(row["member"])
        if member != group:
            children[group][parent].add(member)
        member_names[member] = str(row["memberName"] or member.rsplit("/", 1)[-1])
    out: dict[str, list[tuple[int, str]]] = {}
    for group in sorted(names, key=lambda g: names[g].casefold()):
        lines = [(0, names[group])]
        seen = {group}

        def walk(node: str, depth: int) -> None:
            for kid in sorted(children[group].get(node, ()), key=lambda k: member_names.get(k, k).casefold()):
                if kid not in seen:
                    seen.add(kid)
                    lines.append((depth, member_names.get(kid, kid)))
                    walk(kid, depth + 1)

        walk(group, 1)
        out[names[group]] = lines
    return out


def group_structures(source: Source, companies: list[str] | None = None, max_groups: int = 6, max_lines: int = 28) -> Figure:
    """Group structures side by side: one panel per reporting company, its subsidiaries indented below it."""
    import matplotlib.pyplot as plt

    from .draw import KIND_COLORS

    data = group_structures_data(source)
    if companies:
        wanted = [c.casefold() for c in companies]
        data = {k: v for k, v in data.items() if any(w in k.casefold() for w in wanted)}
    groups = sorted(data, key=lambda g: (-len(data[g]), g.casefold()))[:max_groups]
    fig, axes = plt.subplots(1, max(1, len(groups)), figsize=SLIDE, layout="constrained", squeeze=False)
    if not groups:
        return _empty(fig, axes[0][0], "No reporting companies in the graph")
    font = 11 if len(groups) <= 3 else 10 if len(groups) <= 4 else MIN_FONT
    width = 48 if len(groups) <= 2 else 34 if len(groups) <= 3 else 24
    for ax, group in zip(axes[0], groups):
        ax.axis("off")
        lines = data[group]
        shown = lines[:max_lines]
        step = 1 / (max_lines + 2)
        for i, (depth, name) in enumerate(shown):
            y = 1 - (i + 0.5) * step
            x = 0.02 + 0.06 * depth
            kind = "company" if depth == 0 else "subsidiary"
            if depth:
                ax.plot([x - 0.035, x - 0.01], [y, y], color="#999999", linewidth=0.8, transform=ax.transAxes)
            ax.text(x, y, _short(name, width - 3 * depth), transform=ax.transAxes, va="center", fontsize=font + (1 if depth == 0 else 0),
                    color="white" if depth == 0 else "black", fontweight="bold" if depth == 0 else "normal",
                    bbox=dict(boxstyle="round,pad=0.25", facecolor=KIND_COLORS[kind] if depth == 0 else "#eaf2f8",
                              edgecolor=KIND_COLORS[kind], linewidth=0.8))
        if len(lines) > max_lines:
            ax.text(0.02, 1 - (max_lines + 0.5) * step, f"… and {len(lines) - max_lines} more", transform=ax.transAxes,
                    fontsize=font, style="italic")
        ax.set_title(f"{len(lines) - 1} subsidiaries", fontsize=font, loc="left", color="#555555")
    fig.suptitle("Group structures", fontsize=15, x=0.01, ha="left")
    return fig


# ----------------------------------------------------------------------------- writing
def _empty(fig, ax, message: str):
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=14, transform=ax.transAxes)
    return fig


def chart(source: Source, kind: str, **options: Any) -> Figure:
    """The chart ``kind`` (:data:`CHARTS`, or ``certification-matrix`` / ``targets-timeline``) of ``source``."""
    kind = ALIASES.get(kind, kind)
    if kind == "matrix":
        return certification_matrix(source, **options)
    if kind == "timeline":
        return targets_timeline(source, **options)
    if kind == "groups":
        return group_structures(source, **options)
    raise ValueError(f"unknown chart kind {kind!r} (use {', '.join(CHARTS)})")


CHART_FORMATS = (".png", ".svg", ".pdf")


def save_chart(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Write a chart to ``path`` (PNG, SVG or PDF by its extension) and close the figure."""
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in CHART_FORMATS:
        raise ValueError(f"{path}: a chart is written as {' '.join(CHART_FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fig.savefig(path, dpi=dpi)
    finally:
        plt.close(fig)
    return path


__all__ = ["CHARTS", "CHART_FORMATS", "certification_matrix", "certification_matrix_data", "chart", "group_structures",
           "group_structures_data", "save_chart", "targets_data", "targets_timeline"]
