"""The import templates in data/templates/: empty CSV files with the Dutch headers, and a Dutch README.

Generated from the column definitions and the vocabularies, so they cannot drift apart; a test checks
that the files on disk are what :func:`template_files` produces. Regenerate with
``python -m duiding.io.templates``.
"""

from __future__ import annotations

from pathlib import Path

from duiding import vocab
from duiding.io.columns import COLUMNS, SHEETS, Column
from duiding.io.importers import MAX_CELL
from duiding.io.tables import MAX_BYTES, MAX_ROWS

__all__ = ["TEMPLATE_DIR", "template_files", "write_templates"]

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "templates"
FILES = {"members": "leden.csv", "ties": "relaties.csv", "incidents": "incidenten.csv"}

_CONTENT = {
    (
        "members",
        "id",
    ): "Vaste code van het lid, uniek in de casus (bijvoorbeeld m01). Een bestaande id werkt dat lid bij.",
    (
        "members",
        "pseudoniem",
    ): "Schuilnaam die op het scherm staat (J01, J02, ...). Leeg: de app kiest de eerste vrije.",
    ("members", "naam"): "Naam of bijnaam. Alleen toegestaan als de casus een besluit in stap 2B heeft.",
    ("members", "geboortejaar"): "Jaartal, bijvoorbeeld 2008.",
    ("members", "typering"): "Eén waarde uit de lijst Typering.",
    ("members", "rol"): "Rol in de groep, door het overleg bepaald; één waarde uit de lijst Rol.",
    ("members", "problematiek"): "Een of meer waarden uit de lijst Problematiek, gescheiden door , of ;.",
    ("members", "risicofactoren"): "Een of meer waarden uit de lijst Risicofactoren, gescheiden door , of ;.",
    ("members", "beschermende_factoren"): "Een of meer waarden uit de lijst Beschermende factoren.",
    ("members", "kansen"): "Vrije tekst: kansen en mogelijkheden van het lid.",
    ("members", "eerst_gezien"): "Datum waarop het lid voor het eerst bij de groep is gezien.",
    ("members", "laatst_gezien"): "Datum waarop het lid voor het laatst is gezien; niet vóór eerst_gezien.",
    ("members", "bron"): "Partner van wie de persoonsgegevens komen; één waarde uit de lijst Bron.",
    ("members", "toetsdatum"): "Datum van de volgende proportionaliteitstoets.",
    ("members", "notitie"): "Vrije tekst.",
    (
        "ties",
        "van",
    ): "Id (of pseudoniem) van het lid waar de relatie begint. Bij 'Stuurt aan': wie aanstuurt.",
    (
        "ties",
        "naar",
    ): "Id (of pseudoniem) van het andere lid, of de id van een contactpersoon. Niet gelijk aan van.",
    ("ties", "laag"): "Soort relatie; één waarde uit de lijst Laag. Leeg: Omgang (offline).",
    ("ties", "sterkte"): "1, 2 of 3 (ook: zwak, gemiddeld, sterk). Leeg: 1.",
    ("ties", "zekerheid"): "Bevestigd of Vermoeden. Leeg: Bevestigd.",
    ("ties", "bron"): "Partner van wie de informatie komt; één waarde uit de lijst Bron.",
    ("ties", "eerst_gezien"): "Datum vanaf wanneer de relatie bekend is.",
    ("ties", "laatst_gezien"): "Datum waarop de relatie voor het laatst is gezien; niet vóór eerst_gezien.",
    ("ties", "notitie"): "Vrije tekst.",
    ("ties", "id"): "Optioneel. Staat in exports van de app; een bestaande id werkt die relatie bij.",
    (
        "incidents",
        "id",
    ): "Vaste code van het incident, uniek in de casus (bijvoorbeeld een registratienummer).",
    ("incidents", "datum"): "Datum van het incident.",
    ("incidents", "type"): "Eén waarde uit de lijst Problematiek.",
    ("incidents", "plaats"): "Vrije tekst: plek of adres.",
    ("incidents", "leden"): "Id's (of pseudoniemen) van de betrokken leden, gescheiden door , of ;.",
    ("incidents", "bron"): "Partner van wie de melding komt; één waarde uit de lijst Bron.",
    ("incidents", "notitie"): "Vrije tekst.",
}

_LISTS = [
    ("Typering", "typing"),
    ("Rol", "team_role"),
    ("Problematiek", "problem"),
    ("Risicofactoren", "risk_factor"),
    ("Beschermende factoren", "protective_factor"),
    ("Bron", "partner"),
    ("Laag", "layer"),
    ("Zekerheid", "confidence"),
]

_TITLES = {
    "members": "Leden (`leden.csv`)",
    "ties": "Relaties (`relaties.csv`)",
    "incidents": "Incidenten (`incidenten.csv`)",
}


def _nl(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _row(kind: str, col: Column) -> str:
    required = "ja" if col.required else "nee"
    aliases = ", ".join(f"`{a}`" for a in col.aliases)
    return f"| `{col.name}` | {required} | {_CONTENT[(kind, col.name)]} | {aliases} |"


def template_readme() -> str:
    """The Dutch README describing every column and the accepted values."""
    lines = [
        "# Sjablonen voor het importeren van leden, relaties en incidenten",
        "",
        "Deze map bevat drie lege sjablonen met de juiste kolomkoppen: `leden.csv`, `relaties.csv` en",
        "`incidenten.csv`. Vul ze in Excel of een ander programma en importeer ze in de app (zijbalk) of met",
        "`python -m duiding import`. Importeer eerst de leden, dan de relaties en incidenten: die verwijzen naar",
        "de leden. Alle gegevens in voorbeelden zijn verzonnen.",
        "",
        "## Algemene regels",
        "",
        "- **Bestanden**: CSV (scheidingsteken `;`, `,` of tab; tekencodering UTF-8 of Windows-1252, zoals",
        "  Nederlandse Excel opslaat) of Excel (`.xlsx`). Eén Excel-werkmap mag alle drie de tabellen bevatten,",
        f"  op de werkbladen {', '.join(SHEETS.values())}; anders telt het eerste werkblad. Het oude `.xls` wordt niet gelezen.",
        "- **Kopregel**: de eerste rij bevat de kolomnamen. Hoofdletters, accenten, spaties en `_` maken niet uit",
        "  (`Eerst gezien` = `eerst_gezien`); de namen onder 'ook herkend als' werken ook. Heeft uw bestand andere",
        "  kolomnamen, koppel ze dan in de importstap aan de kolommen hieronder. Onbekende kolommen worden genegeerd",
        "  en in het voorbeeld getoond.",
        "- **Kleinste bestand**: leden hebben alleen `id` nodig; relaties alleen `van` en `naar`; incidenten `id`.",
        "- **Lege cel**: onbekend. Bij een bestaand lid of incident (zelfde id) worden alleen de kolommen die in het",
        "  bestand staan bijgewerkt; een ontbrekende kolom laat de bestaande waarde staan.",
        "- **Datums**: `jjjj-mm-dd` (2025-03-12) of `dd-mm-jjjj` (12-03-2025); ook `d-m-jjjj`, `dd/mm/jjjj` en",
        "  `dd.mm.jjjj`. Exports van de app gebruiken `dd-mm-jjjj`.",
        "- **Waarden uit een lijst**: de naam (`Zorgjongere`) of de code (`care`), hoofdletters maken niet uit.",
        "  Meerdere waarden in één cel scheidt u met `,` of `;`.",
        "- **Rijnummers** in meldingen tellen vanaf de eerste rij onder de kopregel: rij 1 is in Excel regel 2.",
        "- **Alles of niets**: de app toont vóór het opslaan elk probleem met rij en kolom. Zolang er één probleem is,",
        "  wordt niets opgeslagen.",
        f"- **Grenzen**: hoogstens {MAX_BYTES // 1024 // 1024} MB en {_nl(MAX_ROWS)} rijen per bestand, "
        f"{_nl(MAX_CELL)} tekens per cel.",
        "- **Formules**: exports zetten een apostrof (`'`) vóór elke cel die begint met `=`, `+`, `-`, `@`, tab of",
        "  een regelterugloop (ook als er al apostrofs vóór staan), zodat Excel er geen formule van maakt. Bij het",
        "  importeren wordt precies die ene apostrof weer weggehaald: van een cel die begint met één of meer `'`",
        "  gevolgd door zo'n teken. Andere apostrofs blijven staan. Formules in een `.xlsx` worden nooit uitgerekend.",
        "- **Gepseudonimiseerde export** (standaard): zonder de kolommen naam, geboortejaar, risicofactoren,",
        "  beschermende factoren, kansen en notities. Zo'n bestand opnieuw importeren laat die gegevens ongemoeid.",
        "",
    ]
    for kind in ("members", "ties", "incidents"):
        lines += [
            f"## {_TITLES[kind]}",
            "",
            "| Kolom | Verplicht | Inhoud | Ook herkend als |",
            "|---|---|---|---|",
        ]
        lines += [_row(kind, col) for col in COLUMNS[kind]]
        lines.append("")
    lines += [
        "## Voorbeeld",
        "",
        "```",
        "id;pseudoniem;typering;rol;problematiek;eerst_gezien",
        "m01;J01;Risicojongere;Meeloper;Overlast, Vernieling;01-09-2025",
        "```",
        "",
        "```",
        "van;naar;laag;sterkte",
        "m01;m02;Online contact;2",
        "```",
        "",
        "## Toegestane waarden",
        "",
        "De lijsten kunnen per gemeente worden aangepast (`config/vocabularies.yaml`); dit zijn de standaardlijsten.",
        "",
    ]
    for title, name in _LISTS:
        lines += [f"### {title}", "", "| Naam | Code |", "|---|---|"]
        lines += [f"| {text} | `{code}` |" for code, text in vocab.DEFAULTS[name].items()]
        lines.append("")
    return "\n".join(lines)


def template_files() -> dict[str, bytes]:
    """File name -> content for every file in data/templates/."""
    files = {
        name: ";".join(c.name for c in COLUMNS[kind] if c.name != "id" or kind != "ties").encode("utf-8-sig")
        + b"\r\n"
        for kind, name in FILES.items()
    }
    files["README.md"] = template_readme().encode("utf-8")
    return files


def write_templates(folder: Path = TEMPLATE_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in template_files().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_templates():
        print(path)
