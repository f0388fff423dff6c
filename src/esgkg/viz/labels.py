"""Short display texts for the nodes of a picture.

An RDF label is written for machines and SPARQL ("Acme Co., Ltd.: ISO 14001"); a picture needs
the part a reader does not already see from where the node sits: a certification drawn under
its standard is labelled by its holder and scope, a target by its topic, value and year.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

import networkx as nx

WRAP = 34
"""Characters per label line: long names wrap onto a second line, then end in an ellipsis."""
MAX_LINES = 2

_LEGAL_FORM = re.compile(
    r"(?<![\s,])[\s,]*\b(?:Co\.?,?\s*Ltd\.?|Company\s+Limited|Co\.?,?\s*Limited|Limited|Ltd\.?|Inc\.?|Incorporated|"
    r"Corporation|Corp\.?|LLC|GmbH|AG|PLC|S\.A\.|N\.V\.|B\.V\.)\s*$",
    re.IGNORECASE,
)
_SCOPES = {
    "group": "whole group",
    "all_subsidiaries": "all subsidiaries",
    "major_subsidiaries": "major subsidiaries",
    "some_subsidiaries": "some subsidiaries",
}
_DIRECTIONS = {"reduce": "-", "increase": "+"}


def short_org(name: str) -> str:
    """An organisation's name without its legal form: 'Acme Steel Co., Ltd.' -> 'Acme Steel'."""
    return _LEGAL_FORM.sub("", name).strip() or name


def humanize(local: str) -> str:
    """'CarbonNeutrality' -> 'Carbon neutrality', 'GHGIntensity' -> 'GHG intensity'."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", local) or [local]
    out = [w if w.isupper() else w.lower() for w in words]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def wrap(text: str, width: int = WRAP, max_lines: int = MAX_LINES) -> str:
    """Wrap ``text`` to at most ``max_lines`` lines of ``width`` characters, ending in '…' if cut."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def _number(value: object) -> str:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f"{f:g}"


def target_text(data: Mapping[str, object]) -> str:
    """'Energy intensity -15% by 2025 (vs 2020)'."""
    parts = [humanize(str(data["topic"])) if "topic" in data else str(data.get("label", "target"))]
    if "targetValue" in data:
        sign = _DIRECTIONS.get(str(data.get("direction", "")), "")
        unit = str(data.get("unit", ""))
        parts.append(f"{sign}{_number(data['targetValue'])}{unit if unit == '%' else ' ' + unit if unit else ''}")
    if "targetYear" in data:
        parts.append(f"by {data['targetYear']}")
    if "baselineYear" in data:
        parts.append(f"(vs {data['baselineYear']})")
    return " ".join(parts)


def certification_text(G: nx.MultiDiGraph, node: str, root: str | None = None) -> str:
    """The holder and how much of the group the claim covers: 'Acme Steel: 6 subsidiaries', or just
    '6 subsidiaries' when the holder is the company the picture is about."""
    data = G.nodes[node]
    holders = [u for u, _, k in G.in_edges(node, keys=True) if k == "holdsCertification"]
    holder = short_org(G.nodes[holders[0]]["label"]) if holders else str(data.get("label", node))
    scope = str(data.get("holderScope", "named"))
    if scope == "count_of_subsidiaries" and "holderCount" in data:
        covered = f"{data['holderCount']} subsidiaries"
    elif scope == "share_of_subsidiaries" and "holderSharePercent" in data:
        covered = f"{_number(data['holderSharePercent'])}% of subsidiaries"
    else:
        covered = _SCOPES.get(scope, "")
    if covered and holders and holders[0] == root:
        return covered
    return f"{holder}: {covered}" if covered else holder


def standard_text(data: Mapping[str, object]) -> str:
    """'ISO 14001 · Environmental management systems' (the title up to its first dash or bracket)."""
    code = str(data.get("code", data.get("label", "")))
    title = re.split(r"\s+[—–-]\s+|\s*\(|\s*:\s", str(data.get("title", "")))[0].strip()
    return f"{code} · {title}" if title and title != code else code


def facility_text(data: Mapping[str, object]) -> str:
    name = str(data.get("label", ""))
    location = str(data.get("location", ""))
    return f"{name} ({location})" if location and location.casefold() not in name.casefold() else name


def report_text(data: Mapping[str, object]) -> str:
    year = data.get("reportYear")
    source = data.get("sourceFile")
    return " · ".join(str(x) for x in (f"report {year}" if year else "report", source) if x)


def display_text(G: nx.MultiDiGraph, node: str, root: str | None = None) -> str:
    """The (unwrapped) text a picture centred on ``root`` shows for ``node``."""
    data = G.nodes[node]
    kind = data.get("kind")
    if kind == "target":
        return target_text(data)
    if kind == "certification":
        return certification_text(G, node, root)
    if kind == "standard":
        return standard_text(data)
    if kind == "facility":
        return facility_text(data)
    if kind == "report":
        return report_text(data)
    return str(data.get("label", node))
