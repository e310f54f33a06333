"""One call for the whole analysis: ``analyse(case, options) -> Analysis``, and its JSON form."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from duiding import vocab
from duiding.analysis._format import ranks
from duiding.analysis.change import compare_networks
from duiding.analysis.graph import COHESION_LAYERS, build_graph, directed_graph
from duiding.analysis.layers import compare_layers
from duiding.analysis.measures import MEASURES, member_measures
from duiding.analysis.narrative import NarrativeItem, narrative
from duiding.analysis.robustness import Robustness, robustness
from duiding.analysis.roles import discussion_point, suggest_roles
from duiding.analysis.structure import group_structure
from duiding.analysis.whatif import key_players, remove_members
from duiding.meeting import point_closed
from duiding.model import Case

__all__ = [
    "JSON_FORMAT",
    "JSON_VERSION",
    "Analysis",
    "AnalysisOptions",
    "MemberResult",
    "Progress",
    "analyse",
    "to_dict",
    "to_json",
]

JSON_FORMAT = "groepsduiding-analyse"
JSON_VERSION = 1

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class AnalysisOptions:
    """What to analyse. Plain, hashable values, so pages can cache on (case id, version, options).

    ``as_of`` None means every member and tie ever recorded. ``min_confidence`` "confirmed" leaves out
    suspected ties. ``remove`` asks for a what-if; ``compare_layers`` for a layer comparison;
    ``compare_as_of`` for change since that date (or pass ``previous`` to :func:`analyse` to compare
    with a frozen version).
    """

    layers: tuple[str, ...] = COHESION_LAYERS
    as_of: date | None = None
    min_confidence: str | None = None
    min_strength: int = 1
    include_derived: bool = True
    seed: int = 42
    robustness_runs: int = 50
    removal_share: float = 0.10
    remove: tuple[str, ...] = ()
    key_players: int = 3
    compare_layers: tuple[str, str] | None = None
    compare_as_of: date | None = None
    reveal_names: bool = False
    engine: str | None = None


@dataclass(frozen=True)
class MemberResult:
    id: str
    pseudonym: str
    label: str
    team_role: str | None
    measures: dict[str, Any]
    ranks: dict[str, int]
    community: int | None
    suggested_role: str
    suggested_role_label: str
    role_reasons: tuple[str, ...]
    discussion_point: str | None
    robustness: Robustness | None


@dataclass(frozen=True)
class Analysis:
    case_id: str
    case_name: str
    options: AnalysisOptions
    members: tuple[MemberResult, ...]
    group: dict[str, Any]
    communities: list[list[str]]
    layers: dict[str, Any] | None = None
    what_if: dict[str, Any] | None = None
    change: dict[str, Any] | None = None
    narrative: tuple[NarrativeItem, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def member(self, member_id: str) -> MemberResult:
        for m in self.members:
            if m.id == member_id:
                return m
        raise KeyError(member_id)


def _labeller(case: Case, reveal: bool) -> Callable[[Any], str]:
    members = case.member_index()
    contacts = case.contact_index()
    show = reveal and case.names_allowed

    def label(node: Any) -> str:
        if node in members:
            return members[node].display() if not show else (members[node].name or members[node].display())
        if node in contacts:
            return contacts[node].role or str(node)
        return str(node)

    return label


def _stage(progress: Progress | None, start: float, end: float) -> Progress | None:
    if progress is None:
        return None
    return lambda f, msg: progress(start + (end - start) * max(0.0, min(1.0, f)), msg)


def _check_options(case: Case, options: AnalysisOptions) -> None:
    unknown = [x for x in options.layers if x not in vocab.codes("layer")]
    if unknown:
        raise ValueError(
            f"Onbekende laag: {', '.join(unknown)}. Kies uit: {', '.join(vocab.codes('layer'))}."
        )
    known = {m.id for m in case.members}
    missing = [x for x in options.remove if x not in known]
    if missing:
        raise ValueError(f"Onbekend lid om weg te laten: {', '.join(missing)}.")


def analyse(
    case: Case,
    options: AnalysisOptions | None = None,
    progress: Progress | None = None,
    previous: Case | None = None,
) -> Analysis:
    """The full analysis of ``case``: measures, structure, roles with reasons, robustness, narrative,
    and (when asked in ``options``) a layer comparison, a what-if and change over time.

    ``progress(fraction, message)`` is called as the work advances (fraction 0–1).
    """
    options = options or AnalysisOptions()
    _check_options(case, options)
    label = _labeller(case, options.reveal_names)

    def report(f: float, msg: str) -> None:
        if progress:
            progress(f, msg)

    report(0.0, "Netwerk opbouwen")
    g = build_graph(
        case,
        options.layers,
        options.as_of,
        options.min_confidence,
        options.min_strength,
        options.include_derived,
    )
    d = directed_graph(case, options.layers, options.as_of, options.min_confidence, options.min_strength)
    report(0.05, "Maten per lid berekenen")
    measures, notes = member_measures(g, d, engine=options.engine, progress=_stage(progress, 0.05, 0.35))
    report(0.35, "Groepsstructuur en subgroepen")
    group, found = group_structure(g, measures, d, seed=options.seed, engine=options.engine)
    community_of: dict[Any, int | None] = {v: None for v in g}
    for i, members in enumerate(found, start=1):
        for v in members:
            community_of[v] = i
    report(0.45, "Rollen voorstellen")
    suggestions = suggest_roles(measures, g, community_of, label=label)
    report(0.5, "Stabiliteit bij ontbrekende banden")
    robust = robustness(
        g,
        {v: s.role for v, s in suggestions.items()},
        measures["betweenness"],
        community_of,
        runs=options.robustness_runs,
        share=options.removal_share,
        seed=options.seed,
        progress=_stage(progress, 0.5, 0.85),
    )
    rank_of = {
        name: ranks(measures[name])
        for name in ("degree", "betweenness", "closeness", "eigenvector", "pagerank", "strength")
    }
    index = case.member_index()
    results = []
    for v in g:
        if v not in index:
            continue  # contacts are part of the network, not of the member list
        m = index[v]
        s = suggestions[v]
        results.append(
            MemberResult(
                id=v,
                pseudonym=m.pseudonym or v,
                label=label(v),
                team_role=m.team_role,
                measures={name: measures[name][v] for name in MEASURES},
                ranks={name: r[v] for name, r in rank_of.items()},
                community=community_of[v],
                suggested_role=s.role,
                suggested_role_label=s.label,
                role_reasons=s.reasons,
                discussion_point=None
                if point_closed(case, v, m.team_role, s.role)  # closed in a meeting, structure unchanged
                else discussion_point(m.team_role, s, vocab.label("team_role", m.team_role)),
                robustness=robust.get(v),
            )
        )
    runs = next(iter(robust.values())).runs if robust else 0
    if 0 < runs < options.robustness_runs:
        notes.append(
            f"Stabiliteit berekend met {runs} in plaats van {options.robustness_runs} herhalingen "
            "(groot netwerk; zie docs/analyse.md)."
        )

    layers = None
    if options.compare_layers:
        report(0.85, "Lagen vergelijken")
        a, b = options.compare_layers
        layers = compare_layers(
            case, a, b, options.as_of, options.min_confidence, options.include_derived, options.min_strength
        )

    what_if = None
    if options.remove:
        report(0.88, "Wat-als: leden weglaten")
        removed = [x for x in options.remove if x in g]
        what_if = remove_members(
            g,
            removed,
            community_of,
            {v: s.role for v, s in suggestions.items()},
            engine=options.engine,
            label=label,
        )
        what_if["inactive"] = [x for x in options.remove if x not in g]
        what_if["key_players"] = key_players(g, options.key_players, engine=options.engine)

    change = None
    if previous is not None or options.compare_as_of is not None:
        report(0.92, "Verandering in de tijd")
        old_case = previous if previous is not None else case
        old_as_of = options.compare_as_of if previous is None else options.as_of
        new_as_of = options.as_of if previous is not None or options.as_of else date.today()
        g_old = build_graph(
            old_case,
            options.layers,
            old_as_of,
            options.min_confidence,
            options.min_strength,
            options.include_derived,
        )
        g_new = (
            g
            if new_as_of == options.as_of
            else build_graph(
                case,
                options.layers,
                new_as_of,
                options.min_confidence,
                options.min_strength,
                options.include_derived,
            )
        )
        m_old, _ = member_measures(g_old, None, engine=options.engine)
        m_new = measures if g_new is g else member_measures(g_new, None, engine=options.engine)[0]
        s_old, _ = group_structure(g_old, m_old, None, seed=options.seed, engine=options.engine)
        s_new = (
            group
            if g_new is g
            else group_structure(g_new, m_new, None, seed=options.seed, engine=options.engine)[0]
        )
        change = compare_networks(g_old, g_new, m_old, m_new, s_old, s_new, label=label)
        change["before"] = old_as_of.isoformat() if old_as_of else ("vorige versie" if previous else None)
        change["after"] = new_as_of.isoformat() if new_as_of else None

    report(0.97, "Tekst schrijven")
    result = Analysis(
        case_id=case.id,
        case_name=case.name,
        options=options,
        members=tuple(results),
        group=group,
        communities=[[str(v) for v in c] for c in found],
        layers=layers,
        what_if=what_if,
        change=change,
        notes=tuple(notes),
    )
    text = narrative(result, label)
    report(1.0, "Klaar")
    return replace(result, narrative=text)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_dict(analysis: Analysis) -> dict[str, Any]:
    """The analysis as JSON-ready data (field list: docs/analyse.md). Names only when revealed."""
    members = []
    for m in analysis.members:
        row: dict[str, Any] = {"id": m.id, "pseudonym": m.pseudonym}
        if analysis.options.reveal_names:
            row["label"] = m.label
        row["team_role"] = m.team_role
        row.update(m.measures)
        row["ranks"] = m.ranks
        row["community"] = m.community
        row["suggested_role"] = m.suggested_role
        row["suggested_role_label"] = m.suggested_role_label
        row["role_reasons"] = list(m.role_reasons)
        row["discussion_point"] = m.discussion_point
        row["robustness"] = asdict(m.robustness) if m.robustness else None
        members.append(row)
    return _clean(
        {
            "format": JSON_FORMAT,
            "format_version": JSON_VERSION,
            "case": {"id": analysis.case_id, "name": analysis.case_name},
            "options": asdict(analysis.options),
            "members": members,
            "group": analysis.group,
            "communities": analysis.communities,
            "layers": analysis.layers,
            "what_if": analysis.what_if,
            "change": analysis.change,
            "narrative": [{"question": q.question, "answer": q.answer} for q in analysis.narrative],
            "notes": list(analysis.notes),
        }
    )


def to_json(analysis: Analysis, indent: int | None = 2) -> str:
    """:func:`to_dict` as a JSON string (UTF-8 text, Dutch characters kept)."""
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=indent, allow_nan=False)
