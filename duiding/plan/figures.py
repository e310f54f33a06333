"""Charts and the static network picture of the plan, as Altair charts and PNG bytes (offline).

PNG rendering uses vl-convert (no browser, no network). The network picture uses the same seeded
layout function as the network screen (:func:`duiding.visuals.layout_positions`), so the picture in
the Word document looks like the one the meeting saw.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from datetime import date
from typing import Any

import altair as alt
import networkx as nx
import pandas as pd

from duiding import vocab
from duiding.model import Case
from duiding.plan.monitoring import incidents_per_month, indicator_frame

__all__ = [
    "COHESION_LAYERS",
    "clear_png_cache",
    "incidents_chart",
    "indicators_chart",
    "network_chart",
    "network_graph",
    "network_png",
    "screen_positions",
    "to_png",
]

try:  # the layers the network screen draws and lays out by default
    from duiding.analysis.graph import COHESION_LAYERS
except ImportError:  # pragma: no cover - the analysis package is optional for the report
    COHESION_LAYERS = ("offline", "online", "co_offending")
_EDGE_PRIORITY = ("co_offending", "directs", "family", "offline", "online")
_MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
_LAYER_COLOURS = {
    "offline": "#404040",
    "online": "#0072B2",
    "co_offending": "#E69F00",
    "family": "#009E73",
    "directs": "#CC79A7",
}  # as duiding.visuals.LAYER_STYLE, so report and screen agree
_ROLE_COLOURS = {
    "leader": "#b91c1c",
    "hard_core": "#ea580c",
    "follower": "#2563eb",
    "peripheral": "#6b7280",
    "former": "#a3a3a3",
}


def _role_label(code: str | None) -> str:
    return vocab.labels("team_role").get(code or "", "Geen rol vastgelegd")


def _month_label(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year % 100:02d}"


def incidents_chart(case: Case, width: int = 560, height: int = 240) -> alt.Chart:
    """Stacked bars: incidents per month, coloured by type."""
    frame = incidents_per_month(case)
    if frame.empty:
        frame = pd.DataFrame({"maand": [], "soort": [], "aantal": []})
        order: list[str] = []
    else:
        frame = frame.sort_values("maand").assign(label=frame["maand"].map(_month_label))
        order = list(dict.fromkeys(frame["label"]))
        frame = frame[["label", "soort", "aantal"]]
    return (
        alt.Chart(frame, title="Incidenten per maand naar soort")
        .mark_bar()
        .encode(
            x=alt.X("label:N", sort=order, title="Maand", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(aantal):Q", title="Aantal incidenten", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("soort:N", title="Soort"),
            tooltip=[
                alt.Tooltip("label:N", title="Maand"),
                alt.Tooltip("soort:N", title="Soort"),
                alt.Tooltip("aantal:Q", title="Aantal"),
            ],
        )
        .properties(width=width, height=height)
    )


def indicators_chart(case: Case, width: int = 560, height: int = 240) -> alt.Chart:
    """Measured values per indicator (solid) against the target (dashed) and baseline (dotted)."""
    frame = indicator_frame(case)
    if not frame.empty:
        frame = frame.assign(datum=pd.to_datetime(frame["datum"]).dt.strftime("%Y-%m-%d"))
    return (
        alt.Chart(
            frame,
            title=alt.Title(
                "Indicatoren tegen hun doel",
                subtitle="doorgetrokken: gemeten · gestreept: doel · gestippeld: nulmeting",
            ),
        )
        .mark_line(point=alt.OverlayMarkDef(size=30))
        .encode(
            x=alt.X("datum:T", title="Datum", axis=alt.Axis(format="%m-%Y")),
            y=alt.Y("waarde:Q", title="Waarde"),
            color=alt.Color(
                "indicator:N",
                title="Indicator",
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=480),
            ),
            strokeDash=alt.StrokeDash(
                "reeks:N",
                title="Reeks",
                scale=alt.Scale(domain=["gemeten", "doel", "nulmeting"], range=[[1, 0], [6, 4], [2, 3]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("indicator:N", title="Indicator"),
                alt.Tooltip("reeks:N", title="Reeks"),
                alt.Tooltip("datum:T", title="Datum", format="%d-%m-%Y"),
                alt.Tooltip("waarde:Q", title="Waarde"),
            ],
        )
        .properties(width=width, height=height)
    )


def network_graph(
    case: Case, as_of: date | None = None, layers: tuple[str, ...] = COHESION_LAYERS
) -> nx.Graph:
    """Active members joined by ties in ``layers`` (derived co-offending ties included)."""
    graph = nx.Graph()
    active = {m.id for m in case.members if m.active_on(as_of)}
    graph.add_nodes_from(sorted(active))
    for tie in case.all_ties():
        if tie.layer in layers and tie.source in active and tie.target in active and tie.active_on(as_of):
            layers_seen = graph.get_edge_data(tie.source, tie.target, {}).get("layers", set())
            graph.add_edge(tie.source, tie.target, layers=layers_seen | {tie.layer})
    return graph


def screen_positions(case: Case, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions as the network screen computes them by default (cohesion layers, all dates), so the
    picture in the report matches the screen; falls back to this module's graph when the analysis
    package is not available."""
    layers = tuple(sorted(COHESION_LAYERS))
    try:
        from duiding.analysis.graph import build_graph

        graph = build_graph(case, layers=layers, as_of=None)
    except Exception:  # the analysis package is optional for the report
        graph = network_graph(case, None, layers)
    try:
        from duiding.visuals import layout_positions
    except ImportError:
        return {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(graph, seed=seed).items()}
    return layout_positions(graph, seed=seed)


def network_chart(
    case: Case,
    reveal_names: bool = False,
    positions: Mapping[str, tuple[float, float]] | None = None,
    as_of: date | None = None,
    seed: int = 7,
    size: int = 520,
) -> alt.LayerChart:
    """A static drawing of the group: ties as lines (colour per layer), members as circles coloured by
    team role, labelled with pseudonyms (names only with ``reveal_names`` after a 2B decision)."""
    graph = network_graph(case, as_of)
    pos = dict(positions) if positions is not None else screen_positions(case, seed)
    index = case.member_index()
    reveal = reveal_names and case.names_allowed
    nodes = pd.DataFrame(
        [
            {
                "x": pos[n][0],
                "y": pos[n][1],
                "lid": index[n].display(reveal),
                "rol": _role_label(index[n].team_role),
            }
            for n in graph.nodes
            if n in pos
        ],
        columns=["x", "y", "lid", "rol"],
    )
    edges = []
    for a, b, data in graph.edges(data=True):
        if a not in pos or b not in pos:
            continue
        layer = next((lay for lay in _EDGE_PRIORITY if lay in data["layers"]), sorted(data["layers"])[0])
        edges.append(
            {
                "x": pos[a][0],
                "y": pos[a][1],
                "x2": pos[b][0],
                "y2": pos[b][1],
                "laag": vocab.label("layer", layer),
            }
        )
    edge_frame = pd.DataFrame(edges, columns=["x", "y", "x2", "y2", "laag"])
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(zero=False, nice=False, padding=24))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(zero=False, nice=False, reverse=True, padding=24))
    shown = [lay for lay in _EDGE_PRIORITY if vocab.label("layer", lay) in set(edge_frame["laag"])]
    rules = (
        alt.Chart(edge_frame)
        .mark_rule(strokeWidth=1.2, opacity=0.7)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "laag:N",
                title="Relatie (sterkste laag)",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(
                    domain=[vocab.label("layer", lay) for lay in shown],
                    range=[_LAYER_COLOURS.get(lay, "#707070") for lay in shown],
                ),
            ),
        )
    )
    present = set(nodes["rol"])
    roles = [(_role_label(c), colour) for c, colour in [*_ROLE_COLOURS.items(), (None, "#9ca3af")]]
    roles = [(name, colour) for name, colour in roles if name in present]
    circles = (
        alt.Chart(nodes)
        .mark_circle(size=260, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "rol:N",
                title="Rol",
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=[r for r, _ in roles], range=[c for _, c in roles]),
            ),
        )
    )
    labels = alt.Chart(nodes).mark_text(dy=-14, fontSize=11, color="#111827").encode(x=x, y=y, text="lid:N")
    return (
        alt.layer(rules, circles, labels, title="Netwerk van de groep")
        .resolve_scale(color="independent")
        .properties(width=size, height=size)
        .configure_view(stroke=None)
    )


_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()
_PNG_CACHE_SIZE = 24
_PNG_LOCK = threading.Lock()


def clear_png_cache() -> None:
    """Forget rendered charts (benchmarks; tests)."""
    with _PNG_LOCK:
        _PNG_CACHE.clear()


def to_png(chart: alt.TopLevelMixin | dict, scale: float = 1.5) -> bytes:
    """PNG bytes of an Altair chart or Vega-Lite dict, rendered offline by vl-convert.

    The same spec at the same scale is rendered once (a small in-memory cache), so exporting Word
    and Markdown of one case version renders each chart once.
    """
    import vl_convert as vlc

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    text = json.dumps(spec, sort_keys=True, default=str)
    key = hashlib.sha256(f"{scale}|{text}".encode()).hexdigest()
    with _PNG_LOCK:
        if key in _PNG_CACHE:
            _PNG_CACHE.move_to_end(key)
            return _PNG_CACHE[key]
    png = vlc.vegalite_to_png(text, scale=scale)
    with _PNG_LOCK:
        _PNG_CACHE[key] = png
        while len(_PNG_CACHE) > _PNG_CACHE_SIZE:
            _PNG_CACHE.popitem(last=False)
    return png


def network_png(
    case: Case,
    reveal_names: bool = False,
    positions: Mapping[str, tuple[float, float]] | None = None,
    as_of: date | None = None,
    seed: int = 7,
    scale: float = 1.5,
) -> bytes:
    """The static network picture as PNG. Pass ``positions`` to reuse the screen's layout."""
    return to_png(network_chart(case, reveal_names, positions, as_of, seed), scale=scale)
