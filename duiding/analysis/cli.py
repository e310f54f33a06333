"""``python -m duiding analyse``: the network analysis of a stored case or of CSV/XLSX files.

Registered by :func:`duiding.cli.build_parser` through :func:`register`. Output is JSON (fields in
docs/analyse.md) or Dutch text. Names are never printed: members appear by pseudonym.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from duiding import vocab
from duiding.analysis._format import nl, pct
from duiding.analysis.facade import Analysis, AnalysisOptions, analyse, to_json
from duiding.analysis.graph import COHESION_LAYERS
from duiding.model import Case, Decision

__all__ = ["cmd_analyse", "parse_date", "register"]


class AnalyseError(ValueError):
    """A refusal with a Dutch message (printed by duiding.cli without a traceback)."""


def parse_date(text: str) -> date:
    """ISO (2026-03-12) or Dutch (12-03-2026) date."""
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is geen datum (gebruik jjjj-mm-dd of dd-mm-jjjj).")


def _layers(text: str) -> tuple[str, ...]:
    codes = []
    for part in text.split(","):
        if not part.strip():
            continue
        code = vocab.to_code("layer", part)
        if code is None:
            raise argparse.ArgumentTypeError(
                f"Onbekende laag '{part.strip()}'. Kies uit: {', '.join(vocab.codes('layer'))}."
            )
        codes.append(code)
    if not codes:
        raise argparse.ArgumentTypeError("Geef minstens één laag.")
    return tuple(dict.fromkeys(codes))


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``analyse`` subcommand to the main parser's subparsers."""
    p = subparsers.add_parser(
        "analyse",
        help="netwerkanalyse van een casus of van CSV-bestanden (JSON of tekst)",
        description=(
            "Netwerkanalyse: maten per lid, subgroepen, hiërarchie, rolsuggesties met redenen, stabiliteit, "
            "en op verzoek lagen vergelijken, wat-als en verandering in de tijd. Leden verschijnen met hun "
            "pseudoniem, nooit met naam."
        ),
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--case", help="opgeslagen casus (id of naam)")
    source.add_argument(
        "--members", metavar="BESTAND", help="leden (CSV of XLSX; alleen kolom id is verplicht)"
    )
    p.add_argument(
        "--ties", metavar="BESTAND", help="relaties (CSV of XLSX; kolommen van en naar), bij --members"
    )
    p.add_argument("--incidents", metavar="BESTAND", help="incidenten (CSV of XLSX), bij --members")
    p.add_argument(
        "--layers",
        type=_layers,
        default=COHESION_LAYERS,
        metavar="LAGEN",
        help="lagen, gescheiden door komma's (standaard: " + ",".join(COHESION_LAYERS) + ")",
    )
    p.add_argument(
        "--as-of", type=parse_date, metavar="DATUM", help="alleen leden en banden actief op deze datum"
    )
    p.add_argument(
        "--remove", metavar="IDS", help="wat-als: deze leden weglaten (ids, gescheiden door komma's)"
    )
    p.add_argument(
        "--compare",
        metavar="WAT",
        help="vergelijk met een eerdere DATUM (verandering), met een vastgelegde versie (id of label, bij "
        "--case) of twee lagen als LAAG:LAAG (bijv. online:offline)",
    )
    p.add_argument(
        "--min-confidence",
        choices=["confirmed", "suspected"],
        help="confirmed = alleen bevestigde banden (standaard: alle)",
    )
    p.add_argument(
        "--min-strength",
        type=int,
        choices=[1, 2, 3],
        default=1,
        help="alleen banden met minstens deze sterkte (1–3; standaard 1)",
    )
    p.add_argument("--no-derived", action="store_true", help="zonder de uit incidenten afgeleide banden")
    p.add_argument("--runs", type=int, default=50, help="herhalingen voor de stabiliteit (standaard 50)")
    p.add_argument("--seed", type=int, default=42, help="seed voor subgroepen en stabiliteit (standaard 42)")
    p.add_argument("--format", choices=["json", "text"], default="json", help="uitvoer (standaard json)")
    p.add_argument("--out", metavar="BESTAND", help="schrijf naar dit bestand in plaats van het scherm")
    p.set_defaults(func=cmd_analyse)
    return p


def _case_from_store(args: argparse.Namespace) -> tuple[Case, object]:
    from duiding.store import CaseStore

    store = CaseStore(getattr(args, "database", None))
    store.migrate()
    for s in store.list_cases():
        if s.id == args.case or s.name.casefold() == args.case.casefold():
            return store.load(s.id), store
    raise AnalyseError(f"Casus '{args.case}' niet gevonden (zie 'python -m duiding list').")


def _case_from_files(args: argparse.Namespace) -> Case:
    from duiding.io import import_files

    # The files are analysed in memory and never stored; names in them are allowed here but never shown.
    case = Case(name=Path(args.members).stem, decisions=[Decision("2B", None, "Analyse van bestanden")])
    new_case, problems = import_files(case, members=args.members, ties=args.ties, incidents=args.incidents)
    if problems or new_case is None:
        lines = "\n".join(
            f"  - {'rij ' + str(p.row) + ', ' if p.row is not None else ''}veld '{p.field}': {p.message}"
            for p in problems
        )
        raise AnalyseError(
            f"De bestanden zijn niet te analyseren ({len(problems)} probleem/problemen):\n{lines}"
        )
    return new_case


def cmd_analyse(args: argparse.Namespace) -> int:
    if args.members is None and (args.ties or args.incidents):
        raise AnalyseError("--ties en --incidents horen bij --members.")
    store = None
    if args.case:
        case, store = _case_from_store(args)
    else:
        case = _case_from_files(args)
    compare_layers = compare_as_of = previous = None
    if args.compare:
        if ":" in args.compare:
            a, _, b = args.compare.partition(":")
            pair = _layers(f"{a},{b}")
            if len(pair) != 2:
                raise AnalyseError("Geef twee verschillende lagen, bijvoorbeeld online:offline.")
            compare_layers = pair
        else:
            try:
                compare_as_of = parse_date(args.compare)
            except argparse.ArgumentTypeError:
                if store is None:
                    raise AnalyseError(f"'{args.compare}' is geen datum of laagpaar (LAAG:LAAG).") from None
                match = [
                    s
                    for s in store.snapshots(case.id)
                    if str(s.id) == args.compare or s.label.casefold() == args.compare.casefold()
                ]
                if not match:
                    raise AnalyseError(
                        f"Vastgelegde versie '{args.compare}' van deze casus niet gevonden."
                    ) from None
                previous = store.load_snapshot(match[-1].id)
    remove = tuple(x.strip() for x in (args.remove or "").split(",") if x.strip())
    by_pseudonym = {m.pseudonym: m.id for m in case.members if m.pseudonym}
    remove = tuple(x if case.member(x) else by_pseudonym.get(x, x) for x in remove)
    options = AnalysisOptions(
        layers=args.layers,
        as_of=args.as_of,
        min_confidence=args.min_confidence,
        min_strength=args.min_strength,
        include_derived=not args.no_derived,
        seed=args.seed,
        robustness_runs=args.runs,
        remove=remove,
        compare_layers=compare_layers,
        compare_as_of=compare_as_of,
    )
    analysis = analyse(case, options, previous=previous)
    text = to_json(analysis) if args.format == "json" else as_text(analysis)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"Analyse geschreven naar {args.out}.", file=sys.stderr)
    else:
        print(text)
    return 0


def as_text(a: Analysis) -> str:
    """A plain Dutch report: group figures, the narrative, and one line per member."""
    g = a.group
    lines = [
        f"Netwerkanalyse — {a.case_name}",
        "",
        f"Leden: {g['members']}, banden: {g['ties']}, dichtheid {nl(g['density'])}, "
        f"delen: {g['components']}, subgroepen: {g['communities']} (modulariteit {nl(g['modularity'])}), "
        f"gemiddelde afstand {nl(g['average_distance'])}.",
        "",
    ]
    for item in a.narrative:
        lines += [item.question, f"  {item.answer}", ""]
    lines.append(f"{'lid':<8} {'banden':>6} {'betweenness':>11} {'subgroep':>8}  suggestie (stabiliteit)")
    for m in a.members:
        r = m.robustness
        stab = f"{r.status}, {pct(r.role_agreement)}" if r and r.runs else "–"
        lines.append(
            f"{m.pseudonym:<8} {m.measures['degree']:>6} {nl(m.measures['betweenness']):>11} "
            f"{m.community if m.community is not None else '–':>8}  {m.suggested_role_label} ({stab})"
        )
    for note in a.notes:
        lines.append(f"Let op: {note}")
    return "\n".join(lines)
