"""Cached analysis and network views for the pages, keyed on plain values (never on a graph).

Every cached function takes :func:`case_key` (case id, version and a fingerprint of the content) plus
options as tuples/strings as its key, and the case itself as ``_case`` (unhashed: Streamlit skips
arguments starting with ``_``). A new version is a new key; the fingerprint also keeps a deleted and
re-created case (same id, version 1 again) from ever seeing the old one's results. The cache lives in
memory only.

The layout is cached per (case id, version, layers) only: changing colour, size, date, highlight or
what-if removals never recomputes it, so the picture does not reshuffle.
"""

from __future__ import annotations

import hashlib
import pickle
from datetime import date
from pathlib import Path

import streamlit as st

from duiding import visuals, vocab
from duiding.analysis import MEASURES, ROLES, Analysis, AnalysisOptions, analyse
from duiding.analysis.graph import COHESION_LAYERS, active_ties, build_graph
from duiding.model import Case

__all__ = [
    "ANALYSIS_RUNS",
    "LAYOUT_RUNS",
    "PROGRESS_FROM",
    "SIZE_MEASURES",
    "analysis",
    "analysis_rows",
    "cached_layout",
    "current_view",
    "case_key",
    "edge_views",
    "key_players",
    "layer_degrees",
    "layout_generation",
    "layout_layers",
    "measured_layers",
    "network_page",
    "positions",
    "relayout",
    "snapshot_analysis",
    "static_base",
]

# Counts real computations (cache misses); tests and the benchmark read them.
LAYOUT_RUNS = {"count": 0}
ANALYSIS_RUNS = {"count": 0}
# Groups with more members than this get a progress bar while the analysis runs.
PROGRESS_FROM = 150
# Measures offered for node size and ranking (numeric ones only).
SIZE_MEASURES = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "core_number",
    "out_degree",
    "effective_size",
)


def case_key(case: Case) -> str:
    """Cache key of this exact case content: ``id@version#fingerprint`` (about 1 ms for 25 members,
    5 ms for 500)."""
    digest = hashlib.blake2b(pickle.dumps(case, protocol=5), digest_size=12).hexdigest()
    return f"{case.id}@{case.version}#{digest}"


def static_base() -> str | None:
    """Where this server serves vis-network (``static/`` with ``server.enableStaticServing``), or None
    to inline it in every network page instead (0.7 MB per drawing)."""
    root = Path(__file__).resolve().parent.parent / "static"
    if not st.get_option("server.enableStaticServing") or not (root / visuals.VIS_JS_NAME).exists():
        return None
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}/app/static/" if prefix else "/app/static/"


def layout_layers(layers: tuple[str, ...]) -> tuple[str, ...]:
    """The layers that shape the picture: conflict ties would pull rival members together."""
    chosen = tuple(sorted(layer for layer in layers if layer != "conflict"))
    return chosen or tuple(sorted(COHESION_LAYERS))


# The last positions per (case id, layers, viewer's view): a new version of the case keeps everyone
# where they were and only places new members (see visuals.extend_positions). Keyed by the view, so a
# partner's picture never starts from positions shaped by ties it may not see. Memory only.
_LAYOUT_MEMORY: dict[tuple, dict] = {}
_GENERATION: dict[tuple, int] = {}


def current_view() -> str:
    """The viewer's view of the data (which sources they may see), for cache keys."""
    from duiding import privacy
    from ui.meeting import current_viewer

    return privacy.view_key(current_viewer())  # during a meeting: the table's view


def positions(case: Case, layers: tuple[str, ...], view: str) -> dict[str, tuple[float, float]]:
    """Positions for the network of ``layers``: computed once per case version and layer choice,
    continuing the previous picture of this case for this view (see :func:`relayout`)."""
    chosen = layout_layers(layers)
    generation = _GENERATION.get((case.id, chosen, view), 0)
    return cached_layout(case_key(case), chosen, case, view, generation)


def layout_generation(case_id: str, layers: tuple[str, ...], view: str) -> int:
    """How often the picture was rearranged on request (part of the drawing's cache key)."""
    return _GENERATION.get((case_id, layout_layers(layers), view), 0)


def relayout(case: Case, layers: tuple[str, ...], view: str) -> None:
    """Forget the picture of this case and layers: the next drawing is a fresh seeded layout."""
    memory = (case.id, layout_layers(layers), view)
    _LAYOUT_MEMORY.pop(memory, None)
    _GENERATION[memory] = _GENERATION.get(memory, 0) + 1


@st.cache_data(show_spinner=False, max_entries=32)
def cached_layout(
    key: str, layers: tuple[str, ...], _case: Case, view: str | None = None, generation: int = 0
) -> dict[str, tuple[float, float]]:
    """Positions of every member (any date) and contact in ``layers`` (see :func:`layout_layers`).

    Without ``view`` this is the plain seeded layout of this version (e.g. for report figures); with
    it, the picture continues this view's previous picture of the case (see :func:`positions`).
    """
    LAYOUT_RUNS["count"] += 1
    graph = build_graph(_case, layers=layers, as_of=None)
    if view is None:
        return visuals.layout_positions(graph, seed=7)
    memory = (_case.id, layers, view)
    previous = _LAYOUT_MEMORY.get(memory)
    placed = (
        visuals.extend_positions(graph, previous) if previous else visuals.layout_positions(graph, seed=7)
    )
    if len(_LAYOUT_MEMORY) > 500:
        _LAYOUT_MEMORY.clear()
    _LAYOUT_MEMORY[memory] = placed
    return placed


def edge_views(
    case: Case, layers: tuple[str, ...], as_of: date | None, removed: tuple[str, ...] = ()
) -> list[visuals.EdgeView]:
    """The ties drawn: chosen layers, active on ``as_of``, without removed members."""
    gone = set(removed)
    return [
        visuals.EdgeView(t.source, t.target, t.layer, t.strength, t.confidence == "suspected", t.derived)
        for t in active_ties(case, layers=layers, as_of=as_of)
        if t.source not in gone and t.target not in gone
    ]


@st.cache_data(show_spinner=False, max_entries=64)
def network_page(
    key: str,
    layers: tuple[str, ...],
    as_of: str | None,
    removed: tuple[str, ...],
    size_by: str,
    colour_by: str,
    highlight: str | None,
    radius: int,
    reveal_names: bool,
    show_sensitive: bool,
    positions_for: tuple[str, ...] | None = None,
    height: int = 620,
    static: str | None = None,
    view: str = "all",
    generation: int = 0,
    *,
    _case: Case,
    _rows: dict,
) -> tuple[str, list[visuals.LegendItem]]:
    """The network HTML and its legend for one set of choices.

    ``_rows`` (analysis values per member id) are determined by the key's case version, layers, date
    and removals, so they need not be hashed. ``positions_for`` picks the layout's layers (default:
    ``layers``), so two views of different layers can share one picture of the group.
    """
    day = _day(as_of)
    placed = positions(_case, positions_for or layers, view)
    gone = set(removed)
    members = [m.id for m in _case.members if m.active_on(day) and m.id not in gone]
    nodes, categories = visuals.member_views(
        _case,
        members,
        _rows,
        size_by=size_by,
        colour_by=colour_by,
        measure_labels=MEASURES,
        role_labels=ROLES,
        reveal_names=reveal_names,
        show_sensitive=show_sensitive,
    )
    edges = edge_views(_case, layers, day, removed)
    contacts = _case.contact_index()
    linked = sorted({e for t in edges for e in (t.source, t.target) if e in contacts})
    nodes += [
        visuals.NodeView(
            c,
            contacts[c].role or "Steunfiguur",
            (contacts[c].role or "Steunfiguur", "Steunfiguur"),
            0.0,
            "__contact__",
            shape="square",
        )
        for c in linked
    ]
    if linked:
        categories = {**categories, "__contact__": "Steunfiguur (contact)"}
    html = visuals.network_html(
        nodes,
        edges,
        placed,
        categories=list(categories),
        highlight=highlight,
        ego_radius=radius,
        height=height,
        static_base=static,
    )
    present = list(dict.fromkeys(e.layer for e in edges))
    legend = visuals.legend_items(colour_by, categories, [x for x in vocab.codes("layer") if x in present])
    return html, legend


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def measured_layers(layers) -> tuple[str, ...]:
    """The layers the analysis measures: the chosen cohesion layers (conflict is drawn, not measured)."""
    return tuple(sorted(x for x in layers if x in COHESION_LAYERS)) or tuple(sorted(COHESION_LAYERS))


def analysis(
    case: Case,
    layers=COHESION_LAYERS,
    as_of: date | None = None,
    *,
    remove=(),
    compare_layers: tuple[str, str] | None = None,
    compare_as_of: date | None = None,
    reveal_names: bool = False,
    progress=None,
) -> Analysis:
    """The (cached) analysis of this version of ``case`` for the given options.

    Without ``reveal_names`` every text in the result names members by pseudonym only.
    ``progress(fraction, message)`` (e.g. updating an ``st.progress`` bar) is called only when the
    analysis really runs. It runs outside the cached function: Streamlit would record those element
    calls and fail to replay them on a cache hit.
    """
    key = (
        case_key(case),
        measured_layers(layers),
        as_of.isoformat() if as_of else None,
        tuple(sorted(remove)),
        compare_layers,
        compare_as_of.isoformat() if compare_as_of else None,
        bool(reveal_names),
    )
    computed = None
    if progress is not None and key not in _DONE:
        computed = _run(case, *key[1:], progress=progress)
    result = _analysis(*key, _case=case, _computed=computed)
    if len(_DONE) > 2000:
        _DONE.clear()
    _DONE.add(key)
    return result


# Keys whose analysis is (very probably) in the cache: a progress bar is only shown for new work.
_DONE: set[tuple] = set()


def _run(
    case: Case, layers, as_of, remove, compare_layers, compare_as_of, reveal_names, progress=None
) -> Analysis:
    ANALYSIS_RUNS["count"] += 1
    options = AnalysisOptions(
        layers=layers,
        as_of=_day(as_of),
        remove=remove,
        compare_layers=compare_layers,
        compare_as_of=_day(compare_as_of),
        reveal_names=reveal_names,
    )
    return analyse(case, options, progress=progress)


@st.cache_data(show_spinner=False, max_entries=64)
def _analysis(
    key: str,
    layers: tuple[str, ...],
    as_of: str | None,
    remove: tuple[str, ...],
    compare_layers: tuple[str, str] | None,
    compare_as_of: str | None,
    reveal_names: bool,
    *,
    _case: Case,
    _computed: Analysis | None = None,
) -> Analysis:
    if _computed is not None:
        return _computed
    return _run(_case, layers, as_of, remove, compare_layers, compare_as_of, reveal_names)


@st.cache_data(show_spinner=False, max_entries=16)
def snapshot_analysis(
    key: str,
    snapshot_id: int,
    layers: tuple[str, ...],
    as_of: str | None,
    reveal_names: bool = False,
    *,
    _case: Case,
    _previous: Case,
) -> Analysis:
    """Change since a frozen version (``_previous``, loaded from the store by the caller), both seen
    on the same peildatum ``as_of``."""
    ANALYSIS_RUNS["count"] += 1
    options = AnalysisOptions(layers=measured_layers(layers), as_of=_day(as_of), reveal_names=reveal_names)
    return analyse(_case, options, previous=_previous)


def analysis_rows(result: Analysis) -> dict[str, dict]:
    """Per member id: measures by name, ``community`` and ``suggested_role`` (for the network view)."""
    return {
        m.id: {**m.measures, "community": m.community, "suggested_role": m.suggested_role}
        for m in result.members
    }


@st.cache_data(show_spinner=False, max_entries=32)
def key_players(key: str, layers: tuple[str, ...], as_of: str | None, k: int = 3, *, _case: Case) -> dict:
    """The ``k`` members whose removal fragments the group most, and the ``k`` who reach most others
    within two steps (greedy; see duiding.analysis.whatif)."""
    from duiding.analysis.whatif import key_players as find

    return find(build_graph(_case, layers=measured_layers(layers), as_of=_day(as_of)), k)


@st.cache_data(show_spinner=False, max_entries=64)
def layer_degrees(key: str, layer: str, as_of: str | None, *, _case: Case) -> dict[str, int]:
    """Number of ties per active member in one layer."""
    return dict(build_graph(_case, layers=(layer,), as_of=_day(as_of)).degree())
