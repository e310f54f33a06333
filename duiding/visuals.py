"""Views of a case as values: the offline network HTML, its legend, and Altair charts.

Nothing here knows about Streamlit. The network is drawn by vis-network (inlined by pyvis), with
positions computed here once per case version so the picture never reshuffles, and physics off.

Safety rules kept in this module (see ``PITFALLS.md``):

* no external address is referenced: every ``<link>``/``<script src>`` pyvis adds is removed;
* nodes get internal integer ids; user text only reaches ``label`` and ``title``, HTML-escaped and
  with the substring ``href`` broken, so pyvis never switches tooltips to ``innerHTML``;
* ``heading``, ``select_menu`` and ``filter_menu`` are never used.
"""

from __future__ import annotations

import functools
import hashlib
import html
import math
import random
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import igraph as ig
import jinja2
import networkx as nx
import pandas as pd
from pyvis.network import Network

from duiding import vocab
from duiding.model import Case, Member

__all__ = [
    "COLOUR_BY",
    "DIM_COLOUR",
    "LAYER_STYLE",
    "MISSING_COLOUR",
    "PALETTE",
    "VIS_CSS_NAME",
    "VIS_CSS_PATH",
    "VIS_JS_NAME",
    "VIS_JS_PATH",
    "EdgeView",
    "LegendItem",
    "NodeView",
    "category_colours",
    "change_chart",
    "ego_nodes",
    "extend_positions",
    "layers_chart",
    "layout_positions",
    "legend_html",
    "legend_items",
    "member_views",
    "network_html",
    "ranking_chart",
    "safe_text",
    "what_if_chart",
]

# Okabe-Ito: distinguishable with the common forms of colour blindness, and on a projector.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
MISSING_COLOUR = "#A0A0A0"
DIM_COLOUR = "rgba(190,190,190,0.35)"

# What the user can colour nodes by (code -> Dutch label shown in the app).
COLOUR_BY: dict[str, str] = {
    "community": "Subgroep",
    "suggested_role": "Voorgestelde positie",
    "team_role": "Rol volgens team",
    "typing": "Typering",
}


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dashes: bool | tuple[int, ...] = False
    arrows: bool = False
    width: float = 1.5


# Edge style per layer: conflict red and dashed, "stuurt aan" as arrows, online dotted.
LAYER_STYLE: dict[str, EdgeStyle] = {
    "offline": EdgeStyle("#404040"),
    "online": EdgeStyle("#0072B2", dashes=(2, 5)),
    "co_offending": EdgeStyle("#E69F00", width=2.5),
    "family": EdgeStyle("#009E73", dashes=(12, 4)),
    "conflict": EdgeStyle("#C0392B", dashes=(8, 6), width=2.0),
    "directs": EdgeStyle("#CC79A7", arrows=True, width=2.0),
    "supportive": EdgeStyle("#56B4E9", dashes=(1, 3, 8, 3)),
}
_DEFAULT_STYLE = EdgeStyle("#707070")

_LAYOUT_LOCK = threading.Lock()
# Canvas units: the picture is fitted to the frame, so labels must be large to stay readable.
_NODE_FONT = {"size": 22, "color": "#111111", "strokeWidth": 4, "strokeColor": "#ffffff"}
# The vis-network build pyvis inlines; the app serves the same file from static/ (see network_html).
VIS_JS_PATH = (
    Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
)
VIS_JS_NAME = "vis-network-9.1.2.min.js"
VIS_CSS_PATH = VIS_JS_PATH.with_name("vis-network.css")
VIS_CSS_NAME = "vis-network-9.1.2.css"
_HREF = re.compile("href", re.IGNORECASE)
_EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*>|<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>", re.IGNORECASE | re.DOTALL
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)


@dataclass(frozen=True)
class NodeView:
    """One member as drawn: ``key`` is internal and never written to the HTML."""

    key: str
    label: str
    tooltip: Sequence[str] = ()
    size_value: float = 0.0
    category: str | None = None
    shape: str = "dot"  # "dot" for members; contacts (steunfiguren) are drawn as squares


@dataclass(frozen=True)
class EdgeView:
    source: str
    target: str
    layer: str = "offline"
    strength: int = 1
    suspected: bool = False
    derived: bool = False


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "node" or "edge"
    label: str
    colour: str
    dashes: tuple[int, ...] = ()
    arrow: bool = False


@dataclass(frozen=True)
class _Drawn:
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)


def safe_text(text: object) -> str:
    """User text made safe for a vis-network label or tooltip.

    HTML-escaped (defence in depth: vis-network shows plain titles as text), and ``href`` broken with
    a zero-width space so pyvis does not switch every tooltip to ``innerHTML``.

    >>> safe_text('<img src=x onerror=alert(1)>')
    '&lt;img src=x onerror=alert(1)&gt;'
    """
    escaped = html.escape("" if text is None else str(text), quote=False)
    return _HREF.sub(lambda m: m.group(0)[:2] + "\u200b" + m.group(0)[2:], escaped)


def layout_positions(graph: nx.Graph, seed: int = 7, scale: float | None = None) -> dict:
    """Seeded node positions in vis-network pixel coordinates.

    The same graph and seed always give the same positions, whatever order the nodes were added in.
    Compute them once per case version and layer choice, and reuse them for every colour or size
    choice, date and what-if removal, so the picture does not reshuffle. Fruchterman-Reingold from
    igraph (grid variant above 1,000 nodes): about 0.2 s for 500 or 2,000 members.

    >>> pos = layout_positions(nx.path_graph(3), seed=1)
    >>> sorted(pos) == [0, 1, 2]
    True
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0.0, 0.0)}
    order = sorted(graph.nodes, key=str)
    index = {node: i for i, node in enumerate(order)}
    pairs = sorted({tuple(sorted((index[a], index[b]))) for a, b in graph.edges() if a != b})
    layout_graph = ig.Graph(n=n, edges=pairs)
    # igraph draws its randomness from one global generator: swap in a seeded one, under a lock.
    with _LAYOUT_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            coords = layout_graph.layout_fruchterman_reingold(niter=500, grid="auto").coords
        finally:
            ig.set_random_number_generator(random)  # igraph's default generator
    if scale is None:
        scale = max(420.0, 60.0 * math.sqrt(n))
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {
        node: (round(float((x - cx) / half * scale), 1), round(float((y - cy) / half * scale), 1))
        for node, (x, y) in zip(order, coords, strict=True)
    }


def extend_positions(
    graph: nx.Graph, previous: Mapping[object, tuple[float, float]], spacing: float = 60.0
) -> dict:
    """Positions for ``graph`` that keep every member where ``previous`` had it.

    New members go next to the members they are tied to (around their centre, at a fixed angle
    derived from the id, so the result is deterministic), or in a row below the picture when they
    have no placed neighbour. Ties added or removed among known members move nobody: the meeting's
    mental map of the picture stays intact. Members no longer in ``graph`` are dropped.

    >>> extend_positions(nx.path_graph(["a", "b"]), {"a": (0.0, 0.0)})["a"]
    (0.0, 0.0)
    """
    placed = {node: previous[node] for node in graph if node in previous}
    if not placed:
        return layout_positions(graph)
    ys = [p[1] for p in placed.values()]
    xs = [p[0] for p in placed.values()]
    row_y, row_x = max(ys) + 2 * spacing, min(xs)
    for node in sorted((n for n in graph if n not in placed), key=str):
        anchors = [placed[m] for m in graph.neighbors(node) if m in placed]
        if anchors:
            cx = sum(a[0] for a in anchors) / len(anchors)
            cy = sum(a[1] for a in anchors) / len(anchors)
            angle = (
                (int(hashlib.blake2b(str(node).encode(), digest_size=2).hexdigest(), 16) % 360)
                * math.pi
                / 180
            )
            placed[node] = (
                round(cx + spacing * math.cos(angle), 1),
                round(cy + spacing * math.sin(angle), 1),
            )
        else:
            placed[node] = (round(row_x, 1), round(row_y, 1))
            row_x += spacing
    return placed


def ego_nodes(edges: Iterable[EdgeView], centre: str, radius: int = 1) -> set[str]:
    """The member and everyone within ``radius`` steps of it, over ties in any direction."""
    graph = nx.Graph()
    graph.add_node(centre)
    graph.add_edges_from((e.source, e.target) for e in edges)
    return set(nx.single_source_shortest_path_length(graph, centre, cutoff=radius))


def category_colours(categories: Sequence[str | None]) -> dict[str | None, str]:
    """A palette colour per category, in the order given; ``None`` (unknown) is grey."""
    colours: dict[str | None, str] = {None: MISSING_COLOUR}
    i = 0
    for cat in categories:
        if cat is None or cat in colours:
            continue
        colours[cat] = PALETTE[i % len(PALETTE)]
        i += 1
    return colours


def _sizes(values: Sequence[float], smallest: float = 9.0, largest: float = 27.0) -> list[float]:
    clean = [v if isinstance(v, (int, float)) and math.isfinite(v) else 0.0 for v in values]
    if not clean:
        return []
    lo, hi = min(clean), max(clean)
    if hi - lo < 1e-12:
        return [round((smallest + largest) / 2, 1)] * len(clean)
    return [round(smallest + (v - lo) / (hi - lo) * (largest - smallest), 1) for v in clean]


def _draw(
    nodes: Sequence[NodeView],
    edges: Sequence[EdgeView],
    positions: Mapping[str, tuple[float, float]],
    colours: Mapping[str | None, str],
    highlight: str | None,
    ego_radius: int,
) -> _Drawn:
    index = {n.key: i for i, n in enumerate(nodes)}
    visible_edges = [e for e in edges if e.source in index and e.target in index and e.source != e.target]
    focus = ego_nodes(visible_edges, highlight, ego_radius) if highlight in index else None
    sizes = _sizes([n.size_value for n in nodes])
    missing = [n.key for n in nodes if n.key not in positions]
    spare = _spare_positions(len(missing), positions)
    drawn = _Drawn()
    for n, size in zip(nodes, sizes, strict=True):
        x, y = positions[n.key] if n.key in positions else spare[missing.index(n.key)]
        colour = colours.get(n.category, MISSING_COLOUR)
        node = {
            "id": index[n.key],
            "label": safe_text(n.label),
            "title": "\n".join(safe_text(line) for line in n.tooltip) or safe_text(n.label),
            "x": x,
            "y": y,
            "size": size,
            "color": {"background": colour},  # border, font and shape: the defaults in _OPTIONS
        }
        if n.shape != "dot":
            node["shape"] = n.shape
        if focus is not None:
            if n.key == highlight:
                node["borderWidth"] = 5
                node["color"] = {"background": colour, "border": "#000000"}
                node["font"] = {**_NODE_FONT, "size": 28, "bold": True}
            elif n.key not in focus:
                node["color"] = {"background": DIM_COLOUR, "border": DIM_COLOUR}
                node["font"] = {**_NODE_FONT, "color": "#b0b0b0"}
        drawn.nodes.append(node)
    pair_count: dict[frozenset, int] = {}
    for e in visible_edges:
        style = LAYER_STYLE.get(e.layer, _DEFAULT_STYLE)
        pair = frozenset((e.source, e.target))
        nth = pair_count.get(pair, 0)
        pair_count[pair] = nth + 1
        dimmed = focus is not None and not (e.source in focus and e.target in focus)
        # Only what differs from the edge defaults in _OPTIONS: the data is sent on every rerun.
        edge = {
            "from": index[e.source],
            "to": index[e.target],
            "color": DIM_COLOUR if dimmed else style.colour,
            "width": round(style.width * (0.7 + 0.3 * max(1, min(3, e.strength))), 2),
            "title": vocab.label("layer", e.layer)
            + (" (vermoeden)" if e.suspected else "")
            + (" (afgeleid uit incidenten)" if e.derived else ""),
        }
        if style.dashes:
            edge["dashes"] = list(style.dashes)
        elif e.suspected:
            edge["dashes"] = [4, 4]
        if style.arrows:
            edge["arrows"] = "to"
        if nth:  # parallel ties in other layers: bend them apart so each stays visible
            edge["smooth"] = {
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": 0.15 * ((nth + 1) // 2),
            }
        drawn.edges.append(edge)
    return drawn


def _spare_positions(count: int, positions: Mapping[str, tuple[float, float]]) -> list[tuple[float, float]]:
    """Places on a row below the picture for members the layout did not know (e.g. added since)."""
    if not count:
        return []
    ys = [p[1] for p in positions.values()] or [0.0]
    xs = [p[0] for p in positions.values()] or [0.0]
    y = max(ys) + 80.0
    return [(round(min(xs) + 60.0 * i, 1), y) for i in range(count)]


def network_html(
    nodes: Sequence[NodeView],
    edges: Sequence[EdgeView],
    positions: Mapping[str, tuple[float, float]],
    *,
    categories: Sequence[str | None] | None = None,
    highlight: str | None = None,
    ego_radius: int = 1,
    height: int = 620,
    title: str = "Netwerk van de groep",
    static_base: str | None = None,
) -> str:
    """The network as an HTML page that needs nothing from the internet.

    By default vis-network is inlined (about 0.7 MB): the page is self-contained. With
    ``static_base`` (a path on the app's own server, e.g. ``/app/static/``, holding
    :data:`VIS_JS_NAME` and :data:`VIS_CSS_NAME`) the page loads the library from there instead,
    so it is a few kilobytes and contains no address of any other host at all.

    ``nodes`` carry the already chosen label (pseudonym in meeting mode) and tooltip lines; sizes are
    scaled from ``size_value`` within the group; colour follows ``category`` in the order of
    ``categories`` (default: order of first appearance). With ``highlight`` the member and its ego
    network (``ego_radius`` steps) keep their colours and everything else is dimmed.
    """
    if categories is None:
        categories = list(dict.fromkeys(n.category for n in nodes))
    colours = category_colours(list(categories))
    drawn = _draw(nodes, edges, positions, colours, highlight, ego_radius)

    net = Network(height=f"{int(height)}px", width="100%", directed=False, cdn_resources="in_line")
    # pyvis makes a new Jinja environment per Network, which recompiles the template (with the
    # 0.5 MB library) on every call: ~300 ms. One shared environment compiles it once.
    net.templateEnv = _template_env(net.template_dir)
    # Filling the lists directly: add_node/add_edge scan everything on each call (seconds at 2,000).
    net.nodes = drawn.nodes
    net.edges = drawn.edges
    net.node_ids = [n["id"] for n in drawn.nodes]
    net.node_map = {n["id"]: n for n in drawn.nodes}
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": len(drawn.nodes) > 500,
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "arrowStrikethrough": False,
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.8}},
        },
        "nodes": {"shape": "dot", "borderWidth": 1, "color": {"border": "#202020"}, "font": _NODE_FONT},
    }
    page = net.generate_html()
    if "popup.innerHTML" in page:  # pragma: no cover - safe_text makes this impossible
        raise RuntimeError("pyvis koos de HTML-tooltip; dat is niet veilig.")
    page = _EXTERNAL_TAG.sub("", page)
    if static_base is not None:
        base = html.escape(static_base.rstrip("/") + "/")
        for inlined, tag in (
            (
                "<script>" + _vendored(VIS_JS_PATH) + "</script>",
                f'<script src="{base}{VIS_JS_NAME}"></script>',
            ),
            (
                "<style>" + _vendored(VIS_CSS_PATH) + "</style>",
                f'<link rel="stylesheet" href="{base}{VIS_CSS_NAME}">',
            ),
        ):
            if page.count(inlined) != 1:  # pragma: no cover - only if pyvis changes its template
                raise RuntimeError("vis-network staat niet op de verwachte plaats in de pyvis-pagina.")
            page = page.replace(inlined, tag)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("<html>", '<html lang="nl">', 1)
    page = page.replace(
        '<meta charset="utf-8">',
        f'<meta charset="utf-8">\n        <title>{html.escape(title)}</title>',
        1,
    )
    page = page.replace(
        '<div id="mynetwork" class="card-body"></div>',
        f'<div id="mynetwork" class="card-body" role="img" aria-label="{html.escape(title)}"></div>',
        1,
    )
    page = page.replace(
        "border: 1px solid lightgray;", "border: 1px solid #d0d0d0; box-sizing: border-box;", 1
    )
    page = page.replace(
        "</head>",
        "<style>div.vis-tooltip { font-family: sans-serif; font-size: 15px; line-height: 1.35; color: #111111;"
        " background-color: #ffffff; border: 1px solid #404040; padding: 6px 8px; white-space: pre-line; }</style>\n"
        "    </head>",
        1,
    )
    return page


def member_views(
    case: Case,
    members: Sequence[str],
    rows: Mapping[str, Mapping[str, object]],
    *,
    size_by: str,
    colour_by: str,
    measure_labels: Mapping[str, str],
    role_labels: Mapping[str, str] | None = None,
    reveal_names: bool = False,
    show_sensitive: bool = False,
) -> tuple[list[NodeView], dict[str | None, str]]:
    """Node views for ``members`` of ``case`` plus the colour categories (code -> Dutch label).

    ``rows`` holds per member id the analysis values: measures by name, ``community`` (int or None)
    and ``suggested_role`` (code). With ``reveal_names`` False (meeting mode) labels and tooltips show
    pseudonyms only; ``show_sensitive`` adds risk factors, source partner and note to the tooltip.
    """
    role_labels = dict(role_labels or {})
    index = case.member_index()
    views = []
    seen: list[str | None] = []
    for member_id in members:
        member = index[member_id]
        row = rows.get(member_id, {})
        shown = member.display(reveal=reveal_names)
        category = _category(member, row, colour_by)
        seen.append(category)
        value = row.get(size_by, 0.0)
        lines = [shown]
        if member.typing:
            lines.append(f"Typering: {vocab.label('typing', member.typing)}")
        if member.team_role:
            lines.append(f"Rol volgens team: {vocab.label('team_role', member.team_role)}")
        suggested = row.get("suggested_role")
        if suggested:
            lines.append(f"Voorgestelde positie: {role_labels.get(str(suggested), str(suggested))}")
        if row.get("community") is not None:
            lines.append(f"Subgroep: {int(row['community'])}")
        if isinstance(value, (int, float)):
            lines.append(f"{measure_labels.get(size_by, size_by)}: {_number(value)}")
        if show_sensitive:
            if member.risk_factors:
                lines.append(
                    "Risicofactoren: " + ", ".join(vocab.label("risk_factor", f) for f in member.risk_factors)
                )
            if member.source:
                lines.append(f"Bron: {vocab.label('partner', member.source)}")
            if member.note:
                lines.append(f"Notitie: {member.note}")
        views.append(
            NodeView(
                member_id,
                shown,
                tuple(lines),
                float(value) if isinstance(value, (int, float)) else 0.0,
                category,
            )
        )
    return views, _category_labels(colour_by, seen, role_labels)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}".replace(".", ",")


def _category(member: Member, row: Mapping[str, object], colour_by: str) -> str | None:
    if colour_by == "community":
        value = row.get("community")
        return None if value is None else str(value)
    if colour_by == "suggested_role":
        value = row.get("suggested_role")
        return None if value is None else str(value)
    if colour_by == "team_role":
        return member.team_role or None
    if colour_by == "typing":
        return member.typing if member.typing and member.typing != "unknown" else None
    raise ValueError(f"Onbekende kleurkeuze: {colour_by}")


def _category_labels(
    colour_by: str, seen: Sequence[str | None], role_labels: Mapping[str, str]
) -> dict[str | None, str]:
    present = set(seen)
    if colour_by == "community":
        ordered: list[str | None] = sorted((c for c in present if c is not None), key=int)
        labels = {c: f"Subgroep {int(c)}" for c in ordered}
    elif colour_by == "suggested_role":
        ordered = [c for c in role_labels if c in present] + sorted(
            c for c in present if c and c not in role_labels
        )
        labels = {c: role_labels.get(c, c) for c in ordered}
    else:
        name = "team_role" if colour_by == "team_role" else "typing"
        ordered = [c for c in vocab.codes(name) if c in present and c != "unknown"]
        ordered += sorted(c for c in present if c and c not in ordered)
        labels = {c: vocab.label(name, c) for c in ordered}
    if None in present:
        labels[None] = "Onbekend" if colour_by != "community" else "Geen subgroep"
    return labels


@functools.lru_cache(maxsize=2)
def _template_env(template_dir: str) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir), auto_reload=False)
    # Compact JSON for the node and edge data (still HTML-safe: tojson escapes <, >, & and ').
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env


@functools.lru_cache(maxsize=4)
def _vendored(path: Path) -> str:
    """A vis-network file as pyvis' template includes it (Jinja drops the final newline)."""
    return path.read_text(encoding="utf-8").removesuffix("\n")


def legend_items(
    colour_by: str,
    categories: Mapping[str | None, str],
    layers: Iterable[str],
) -> list[LegendItem]:
    """Legend entries: one per node colour (``categories``: category -> Dutch label) and edge layer."""
    colours = category_colours(list(categories))
    items = [
        LegendItem("node", label or "Onbekend", colours.get(cat, MISSING_COLOUR))
        for cat, label in categories.items()
    ]
    for layer in layers:
        style = LAYER_STYLE.get(layer, _DEFAULT_STYLE)
        dashes = style.dashes if isinstance(style.dashes, tuple) else ()
        items.append(LegendItem("edge", vocab.label("layer", layer), style.colour, dashes, style.arrows))
    return items


def legend_html(items: Sequence[LegendItem], heading: str = "Legenda") -> str:
    """A small, escaped HTML legend for ``st.html``: coloured dots for node colours, CSS lines for
    layers (dotted, dashed or solid, an arrow head for directed ties). Only inline styles: the app
    sanitises HTML and drops SVG."""
    rows = []
    for item in items:
        colour = html.escape(item.colour)
        if item.kind == "node":
            swatch = (
                f'<span style="display:inline-block;width:16px;height:16px;border-radius:50%;'
                f'background:{colour};border:1px solid #202020;margin:0 10px 0 6px"></span>'
            )
        else:
            line = "dotted" if item.dashes and item.dashes[0] <= 2 else ("dashed" if item.dashes else "solid")
            head = (
                f'<span style="color:{colour};font-weight:700;margin-left:-2px">&#9654;</span>'
                if item.arrow
                else ""
            )
            swatch = (
                f'<span style="display:inline-block;width:28px;height:0;border-top:3px {line} {colour};'
                f'vertical-align:middle;margin-right:{2 if item.arrow else 4}px"></span>{head}'
            )
        rows.append(
            f'<li style="display:flex;align-items:center;gap:0.3rem;margin:0.15rem 0">'
            f'<span style="display:inline-flex;align-items:center;width:2.6rem">{swatch}</span>'
            f"<span>{html.escape(item.label)}</span></li>"
        )
    return (
        f'<div class="duiding-legend"><p style="font-weight:600;margin:0 0 0.3rem 0">{html.escape(heading)}</p>'
        f'<ul style="list-style:none;padding:0;margin:0">{"".join(rows)}</ul></div>'
    )


# --- charts --------------------------------------------------------------------------------------


def ranking_chart(frame: pd.DataFrame, measure_label: str, top: int = 15) -> alt.Chart:
    """Horizontal bars of one measure, highest first. ``frame`` has columns ``label`` and ``value``."""
    data = frame[["label", "value"]].copy()
    data["value"] = pd.to_numeric(data["value"], errors="coerce").fillna(0.0)
    data = data.sort_values(["value", "label"], ascending=[False, True]).head(top)
    return (
        alt.Chart(data, title=f"Rangorde: {measure_label}", height=alt.Step(22))
        .mark_bar(color=PALETTE[0])
        .encode(
            x=alt.X("value:Q", title=measure_label),
            y=alt.Y("label:N", sort="-x", title="Lid"),
            tooltip=[
                alt.Tooltip("label:N", title="Lid"),
                alt.Tooltip("value:Q", title=measure_label, format=".3f"),
            ],
        )
    )


def what_if_chart(frame: pd.DataFrame, measure_label: str, top: int = 12) -> alt.Chart:
    """Before/after bars per member. ``frame`` has ``label``, ``before`` and ``after``."""
    data = frame[["label", "before", "after"]].copy()
    data["change"] = data["after"] - data["before"]
    data = data.sort_values(["after", "label"], ascending=[False, True]).head(top)
    long = data.melt(id_vars=["label", "change"], value_vars=["before", "after"], var_name="moment")
    long["moment"] = long["moment"].map({"before": "Nu", "after": "Na verwijderen"})
    return (
        alt.Chart(long, title=f"Wie neemt het over? ({measure_label})")
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=alt.SortField("change", order="descending"), title="Lid"),
            x=alt.X("value:Q", title=measure_label),
            yOffset=alt.YOffset("moment:N", sort=["Nu", "Na verwijderen"]),
            color=alt.Color(
                "moment:N",
                title="Situatie",
                scale=alt.Scale(domain=["Nu", "Na verwijderen"], range=[MISSING_COLOUR, PALETTE[5]]),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Lid"),
                alt.Tooltip("moment:N", title="Situatie"),
                alt.Tooltip("value:Q", title=measure_label, format=".3f"),
            ],
        )
    )


def layers_chart(frame: pd.DataFrame, label_a: str, label_b: str, measure_label: str) -> alt.Chart:
    """Each member's measure in layer A against layer B; off the diagonal = central in one only.

    ``frame`` has ``label``, ``a`` and ``b``.
    """
    data = frame[["label", "a", "b"]].copy()
    top = float(max(data["a"].max(), data["b"].max(), 0.0)) if len(data) else 1.0
    diagonal = pd.DataFrame({"a": [0.0, top or 1.0], "b": [0.0, top or 1.0]})
    points = (
        alt.Chart(data)
        .mark_circle(size=110, color=PALETTE[0], opacity=0.85)
        .encode(
            x=alt.X("a:Q", title=f"{measure_label} — {label_a}"),
            y=alt.Y("b:Q", title=f"{measure_label} — {label_b}"),
            tooltip=[
                alt.Tooltip("label:N", title="Lid"),
                alt.Tooltip("a:Q", title=label_a, format=".3f"),
                alt.Tooltip("b:Q", title=label_b, format=".3f"),
            ],
        )
    )
    names = points.mark_text(align="left", dx=7, fontSize=13, color="#111111").encode(text="label:N")
    line = alt.Chart(diagonal).mark_line(color=MISSING_COLOUR, strokeDash=[4, 4]).encode(x="a:Q", y="b:Q")
    return alt.layer(line, points, names).properties(title=f"{label_a} tegenover {label_b}")


def change_chart(frame: pd.DataFrame, top: int = 12) -> alt.Chart:
    """Members whose rank moved most. ``frame`` has ``label``, ``rank_before`` and ``rank_after``
    (1 = most central); a positive ``moved`` means the member rose."""
    data = frame[["label", "rank_before", "rank_after"]].dropna().copy()
    data["moved"] = data["rank_before"] - data["rank_after"]
    data["richting"] = data["moved"].map(
        lambda m: "Gestegen" if m > 0 else ("Gedaald" if m < 0 else "Gelijk")
    )
    data = data.reindex(data["moved"].abs().sort_values(ascending=False).index).head(top)
    return (
        alt.Chart(data, title="Grootste verschuivingen in rangorde")
        .mark_bar()
        .encode(
            x=alt.X("moved:Q", title="Plaatsen gestegen (+) of gedaald (−)"),
            y=alt.Y("label:N", sort="-x", title="Lid"),
            color=alt.Color(
                "richting:N",
                title="Richting",
                scale=alt.Scale(
                    domain=["Gestegen", "Gelijk", "Gedaald"], range=[PALETTE[2], MISSING_COLOUR, PALETTE[5]]
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Lid"),
                alt.Tooltip("rank_before:Q", title="Plaats eerst"),
                alt.Tooltip("rank_after:Q", title="Plaats nu"),
            ],
        )
    )
