"""Command line: ``python -m duiding …`` calls the same library functions as the pages.

Every message a user reads is Dutch; the exit code is 0 on success, 1 on refused input, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

__all__ = ["main", "build_parser"]

CLI_USER = "cli"
EXPORT_FORMATS = ["json", "csv", "xlsx", "gexf", "graphml"]


# argparse's own words (usage, options, errors) in Dutch: it looks them up through gettext as ``_``.
_ARGPARSE_NL = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "deze hulp tonen en stoppen",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "the following arguments are required: %s": "deze argumenten zijn verplicht: %s",
    "one of the arguments %s is required": "een van deze argumenten is verplicht: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "not allowed with argument %s": "niet toegestaan samen met argument %s",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s past op %(matches)s",
    "unexpected option string: %s": "onverwachte optie: %s",
    "ignored explicit argument %r": "genegeerde waarde %r",
}


def _dutch_argparse() -> None:
    argparse._ = lambda text: _ARGPARSE_NL.get(text, text)  # type: ignore[attr-defined]


class CliError(Exception):
    """A refusal with a Dutch message; printed without a traceback."""


def _store(args: argparse.Namespace):
    from duiding.store import CaseStore

    store = CaseStore(getattr(args, "database", None))
    store.migrate()
    return store


def _find_case(store, ref: str):
    """A case by id, or by exact (case-insensitive) name."""
    summaries = store.list_cases()
    for s in summaries:
        if s.id == ref:
            return store.load(s.id)
    matches = [s for s in summaries if s.name.casefold() == ref.casefold()]
    if len(matches) == 1:
        return store.load(matches[0].id)
    if len(matches) > 1:
        raise CliError(f"Meerdere casussen heten '{ref}'; gebruik het id (zie 'python -m duiding list').")
    raise CliError(f"Casus '{ref}' niet gevonden (zie 'python -m duiding list').")


# --- commands ------------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    """Create or upgrade the database; load the sample case when there are no cases yet."""
    store = _store(args)
    if not store.list_cases() and not args.no_sample:
        from duiding.sample import load_sample_case

        case = store.create(load_sample_case(), CLI_USER)
        print(f"Database klaar; voorbeeldcasus '{case.name}' geladen.")
    else:
        print(f"Database klaar; {len(store.list_cases())} casus(sen) aanwezig.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = _store(args)
    cases = store.list_cases()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": c.id,
                        "naam": c.name,
                        "gemeente": c.municipality,
                        "stap": c.step,
                        "versie": c.version,
                    }
                    for c in cases
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not cases:
        print("Nog geen casussen. Laad de voorbeeldcasus met 'python -m duiding sample'.")
        return 0
    print(f"{'id':<14} {'versie':>6}  {'stap':<4} naam (gemeente)")
    for c in cases:
        print(f"{c.id:<14} {c.version:>6}  {c.step:<4} {c.name} ({c.municipality})")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from duiding.model import new_id
    from duiding.sample import load_sample_case, write_sample_files

    if args.write:
        write_sample_files(Path(args.write))
        print(f"Voorbeeldbestanden geschreven naar {args.write}.")
        return 0
    store = _store(args)
    case = load_sample_case()
    if store.exists(case.id):
        case.id = new_id("c")
    case = store.create(case, CLI_USER)
    print(f"Voorbeeldcasus '{case.name}' geladen met id {case.id}.")
    return 0


def _print_problems(problems) -> None:
    for p in problems:  # the message itself names the row and column
        print(f"  - {p.message}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from duiding.io import from_bundle, import_files
    from duiding.model import Case, new_id

    store = _store(args)
    if args.bundle:
        try:
            data = json.loads(Path(args.bundle).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CliError(f"Bundel '{args.bundle}' is niet te lezen: {exc}") from exc
        case = from_bundle(data)
        case.version = 0
        if store.exists(case.id):  # a copy of a case already here: import it beside the original
            case.id = new_id("c")
        created = store.create(case, CLI_USER)
        print(f"Casus '{created.name}' geïmporteerd met id {created.id}.")
        return 0
    if not (args.members or args.ties or args.incidents):
        raise CliError(
            "Geef een bundel (--bundle) of ten minste één bestand (--members, --ties, --incidents)."
        )
    if args.case:
        case = _find_case(store, args.case)
        is_new = False
    else:
        case = Case(name=args.new or "Nieuwe casus")
        is_new = True
    files = {
        kind: (Path(path).read_bytes(), Path(path).name)
        for kind, path in (("members", args.members), ("ties", args.ties), ("incidents", args.incidents))
        if path
    }
    new_case, problems = import_files(case, **files)
    if problems or new_case is None:
        print(
            f"Import geweigerd: {len(problems)} probleem/problemen gevonden. Er is niets opgeslagen.",
            file=sys.stderr,
        )
        _print_problems(problems)
        return 1
    saved = store.create(new_case, CLI_USER) if is_new else store.save(new_case, CLI_USER, what="import")
    print(
        f"Geïmporteerd in '{saved.name}' (id {saved.id}, versie {saved.version}): "
        f"{len(saved.members)} leden, {len(saved.ties)} relaties, {len(saved.incidents)} incidenten."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    case = _find_case(store, args.case)
    out = Path(args.out)
    audience_note = ""
    if getattr(args, "audience", None):  # only what this partner may see (visibility matrix)
        from duiding.privacy import audience, redact_case

        case = redact_case(case, audience(args.audience))
        audience_note = f" voor {args.audience}"
    if args.plan:
        from datetime import date as _date

        from duiding.plan.report import DOCUMENTS, export_plan

        as_of = _date.fromisoformat(args.date) if args.date else None
        export_plan(case, args.plan, out, reveal_names=args.names, today=as_of, document=args.document)
        what = (
            f"{DOCUMENTS[args.document].lower()} ({args.plan}, peildatum {(as_of or _date.today()):%d-%m-%Y})"
        )
    else:
        from duiding.io import export_case

        export_case(case, args.format, out, reveal_names=args.names)
        what = args.format
    store.log(
        CLI_USER,
        "export",
        case.id,
        f"{what} naar {out.name}{audience_note}" + (" met namen" if args.names else ""),
    )
    print(f"Geëxporteerd: {what} → {out}")
    return 0


# --- parser --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    _dutch_argparse()
    parser = argparse.ArgumentParser(
        prog="python -m duiding",
        description="Groepsduiding: casussen beheren, importeren, exporteren en analyseren.",
    )
    parser.add_argument(
        "--database", help="database-URL (standaard: DUIDING_DATABASE_URL of var/groepsduiding.db)"
    )
    sub = parser.add_subparsers(dest="command", metavar="opdracht", required=True)

    p = sub.add_parser(
        "init", help="database aanmaken of bijwerken; voorbeeldcasus laden als er nog geen casus is"
    )
    p.add_argument("--no-sample", action="store_true", help="geen voorbeeldcasus laden")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("list", help="casussen tonen")
    p.add_argument("--json", action="store_true", help="als JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("sample", help="de fictieve voorbeeldcasus laden (of als bestanden schrijven)")
    p.add_argument("--write", metavar="MAP", help="schrijf case.json en de CSV-bestanden naar deze map")
    p.set_defaults(func=cmd_sample)

    p = sub.add_parser("import", help="leden/relaties/incidenten (CSV of XLSX) of een JSON-bundel importeren")
    target = p.add_mutually_exclusive_group()
    target.add_argument("--case", help="bestaande casus (id of naam)")
    target.add_argument("--new", metavar="NAAM", help="nieuwe casus met deze naam")
    p.add_argument("--bundle", metavar="BESTAND", help="JSON-bundel (export van deze app)")
    p.add_argument("--members", metavar="BESTAND", help="leden (CSV of XLSX)")
    p.add_argument("--ties", metavar="BESTAND", help="relaties (CSV of XLSX)")
    p.add_argument("--incidents", metavar="BESTAND", help="incidenten (CSV of XLSX)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "export", help="een casus exporteren (JSON, CSV, XLSX, GEXF, GraphML) of het plan van aanpak"
    )
    p.add_argument("--case", required=True, help="casus (id of naam)")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="formaat (standaard json)")
    p.add_argument("--plan", choices=["docx", "md"], help="exporteer het plan van aanpak (Word of Markdown)")
    p.add_argument(
        "--document",
        choices=["plan", "bijlage", "beleidsadvies"],
        default="plan",
        help="bij --plan: plan voor de driehoek (standaard), bijlage voor het jeugdgroepenoverleg of beleidsadvies",
    )
    p.add_argument(
        "--date", metavar="JJJJ-MM-DD", help="bij --plan: peildatum van alle aantallen (standaard vandaag)"
    )
    p.add_argument("--out", required=True, metavar="PAD", help="uitvoerbestand (of map voor csv)")
    p.add_argument(
        "--names", action="store_true", help="namen opnemen (standaard alleen pseudoniemen; wordt gelogd)"
    )
    p.add_argument(
        "--audience",
        metavar="PARTNER",
        help="alleen wat deze partnerorganisatie mag zien (zichtbaarheidsmatrix), bijv. police",
    )
    p.set_defaults(func=cmd_export)

    # Subcommands that live with their own package (analysis, ...), registered when present.
    for module in ("duiding.analysis.cli", "duiding.auth", "duiding.plan.cli", "duiding.store.cli"):
        try:
            importlib.import_module(module).register(sub)
        except ModuleNotFoundError:
            pass
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # domain errors carry Dutch messages
        from duiding.store import StoreError

        if isinstance(exc, (StoreError, ValueError, OSError)):
            print(f"Fout: {exc}", file=sys.stderr)
            return 1
        raise
