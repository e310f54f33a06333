"""``python -m duiding plan …``: completeness check, suggestions and the plan export from the shell.

Hook into the main parser with :func:`register`. The export itself is
:func:`duiding.plan.report.export_plan` (also used by ``python -m duiding export --plan docx|md``).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from duiding.plan.completeness import open_points_text
from duiding.plan.report import DOCUMENTS, FORMATS, export_plan

__all__ = ["cmd_plan", "export_plan", "register"]

CLI_USER = "cli"


def cmd_plan(args: argparse.Namespace) -> int:
    from duiding.cli import _find_case, _store
    from duiding.plan.completeness import check_plan
    from duiding.plan.suggest import suggest_interventions

    store = _store(args)
    case = _find_case(store, args.case)
    today = date.fromisoformat(args.date) if args.date else date.today()
    if args.export:
        out = Path(args.out or f"{args.document}.{args.export}")
        export_plan(case, args.export, out, reveal_names=args.names, today=today, document=args.document)
        what = f"{DOCUMENTS[args.document].lower()} ({args.export}, peildatum {today:%d-%m-%Y})"
        detail = f"{what} naar {out.name}" + (" met namen" if args.names else "")
        store.log(CLI_USER, "export", case.id, detail)
        print(f"Geëxporteerd: {what} → {out}")
        return 0
    if args.suggest:
        suggestions = suggest_interventions(case, today=today, limit=args.limit)
        if not suggestions:
            print("Geen suggesties: leg eerst factoren van leden of incidenten vast.")
        for s in suggestions:
            print(
                f"- [{s.intervention.track_label}] {s.intervention.name} ({s.intervention.recognition_label.lower()})"
            )
            print(f"    {s.because}")
        return 0
    gaps = check_plan(case, today)
    if not gaps:
        print(f"{open_points_text(0)}.")
        return 0
    print(f"{open_points_text(len(gaps))}:")
    for gap in gaps:
        print(f"- {gap.message}")
    return 1 if args.strict else 0


def register(subparsers) -> None:
    """Add the ``plan`` subcommand to the main parser's subparsers."""
    p = subparsers.add_parser("plan", help="plan van aanpak: open punten, suggesties of export (docx/md)")
    p.add_argument("--case", required=True, help="casus (id of naam)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--check", action="store_true", help="open punten tonen (standaard)")
    what.add_argument("--suggest", action="store_true", help="voorgestelde interventies met reden tonen")
    what.add_argument(
        "--export", choices=sorted(FORMATS), help="exporteer het plan als Word (docx) of Markdown (md)"
    )
    p.add_argument(
        "--document",
        choices=sorted(DOCUMENTS),
        default="plan",
        help="bij --export: plan (voor de driehoek, standaard), bijlage (jeugdgroepenoverleg) of beleidsadvies",
    )
    p.add_argument("--out", metavar="PAD", help="uitvoerbestand bij --export")
    p.add_argument(
        "--names", action="store_true", help="namen opnemen (standaard alleen pseudoniemen; wordt gelogd)"
    )
    p.add_argument("--date", metavar="JJJJ-MM-DD", help="peildatum van alle aantallen (standaard vandaag)")
    p.add_argument("--limit", type=int, default=15, help="maximaal aantal suggesties (standaard 15)")
    p.add_argument("--strict", action="store_true", help="afsluiten met code 1 als er open punten zijn")
    p.set_defaults(func=cmd_plan)
