"""The fictional sample case "Jeugdgroep Stationsplein": defined in code, stored as data/sample/.

Everything here is invented (nicknames only, a made-up municipality). Its intended network structure —
two subgroups joined by one broker, a central figure, a chain of command, peripheral members and an
isolate — is documented in ``data/sample/README.md``; tests of the analysis rely on it.
``build_sample_case()`` is the definition; ``write_sample_files()`` regenerates the files from it and a
test checks that they are in sync.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from duiding import vocab
from duiding.model import (
    BUNDLE_FORMAT,
    BUNDLE_VERSION,
    Assessment,
    Capacity,
    Case,
    Contact,
    Context,
    Decision,
    Incident,
    Member,
    Plan,
    PlanContact,
    Tie,
)

__all__ = [
    "SAMPLE_DIR",
    "build_sample_case",
    "load_sample_case",
    "sample_files",
    "write_sample_files",
]

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
SAMPLE_CASE_ID = "voorbeeld-stationsplein"

PERIOD_START = date(2025, 12, 1)
PERIOD_END = date(2026, 11, 15)
_BEFORE = date(2025, 9, 1)  # most members were already seen before the period started


def _d(text: str) -> date:
    return date.fromisoformat(text)


# id, nickname, birth year, typing, team role, problems, risk factors, protective factors, kansen,
# first seen, last seen, source partner
_MEMBERS: list[tuple] = [
    # Subgroup A ("Stationsplein"): m01..m10, central figure m01.
    (
        "m01",
        "Dex",
        2008,
        "criminal",
        "leader",
        ["drugs", "weapons", "property"],
        ["early_offending", "delinquent_peers", "weak_supervision"],
        ["social_skills"],
        "Kan goed organiseren; heeft interesse getoond in een opleiding logistiek.",
        None,
        None,
        "police",
    ),
    (
        "m02",
        "Mo",
        2008,
        "criminal",
        "hard_core",
        ["drugs", "property"],
        ["delinquent_peers", "dropout"],
        ["family_support"],
        "Oudere broer werkt in de bouw en wil helpen bij een leerwerkplek.",
        None,
        None,
        "police",
    ),
    # m03 is structurally a core member; the team calls him a follower (discussion point).
    (
        "m03",
        "Rayan",
        2009,
        "risk",
        "follower",
        ["nuisance", "violence"],
        ["impulsivity", "group_pressure"],
        ["sports_club"],
        "Speelt fanatiek voetbal; trainer ziet talent.",
        None,
        None,
        "youth_work",
    ),
    (
        "m04",
        "Sem",
        2009,
        "risk",
        "hard_core",
        ["property", "nuisance"],
        ["truancy", "group_pressure"],
        ["sports_club", "supportive_adult"],
        "Traint bij de voetbalclub; wil graag scheidsrechter worden.",
        None,
        None,
        "compulsory_education",
    ),
    (
        "m05",
        "Jay",
        2008,
        "criminal",
        "hard_core",
        ["weapons", "online", "vandalism"],
        ["impulsivity", "online_feuds", "substance_use"],
        [],
        "Maakt muziek; mogelijk traject via een studio van het jongerenwerk.",
        None,
        None,
        "police",
    ),
    (
        "m06",
        "Luca",
        2009,
        "risk",
        "hard_core",
        ["nuisance", "violence"],
        ["hangout_culture", "truancy"],
        ["school_engaged"],
        "Gaat nog naar school (mbo niveau 2).",
        None,
        None,
        "school",
    ),
    (
        "m07",
        "Milan",
        2010,
        "risk",
        "hard_core",
        ["weapons", "vandalism"],
        ["family_problems", "weak_supervision", "group_pressure"],
        ["positive_peers"],
        "Jongste van de harde kern; gevoelig voor een mentor.",
        None,
        None,
        "care",
    ),
    (
        "m08",
        "Bo",
        2010,
        "care",
        "hard_core",
        ["traffic", "online"],
        ["mental_health", "family_problems"],
        ["supportive_adult"],
        "Oom is een stabiele steunfiguur; helpt graag in diens garage.",
        None,
        None,
        "care",
    ),
    # m09 left (moved away) mid-year.
    (
        "m09",
        "Ilias",
        2009,
        "risk",
        "follower",
        ["vandalism"],
        ["truancy"],
        ["family_support"],
        "Verhuisd naar een andere gemeente; overdracht aan de nieuwe gemeente.",
        None,
        "2026-06-30",
        "municipality",
    ),
    (
        "m10",
        "Sami",
        2009,
        "risk",
        "hard_core",
        ["nuisance", "traffic"],
        ["no_work", "hangout_culture"],
        ["motivation"],
        "Zoekt werk; staat open voor een jobcoach.",
        None,
        None,
        "youth_work",
    ),
    # The broker: the only member connecting the two subgroups. The team sees her as a randlid.
    (
        "m11",
        "Kiki",
        2008,
        "risk",
        "peripheral",
        ["drugs", "property"],
        ["delinquent_peers", "debts"],
        ["youth_work", "work_internship"],
        "Heeft een bijbaan en contact met het jongerenwerk; kan een positieve rol spelen.",
        None,
        None,
        "youth_work",
    ),
    # Subgroup B ("Skatepark"): m12..m21.
    (
        "m12",
        "Noah",
        2008,
        "criminal",
        "leader",
        ["drugs", "weapons", "violence"],
        ["early_offending", "family_crime"],
        [],
        "Weinig zicht op kansen; eerst stabiliseren.",
        None,
        None,
        "police",
    ),
    (
        "m13",
        "Yara",
        2009,
        "risk",
        "hard_core",
        ["online", "nuisance"],
        ["online_feuds", "group_pressure"],
        ["sports_club", "school_engaged"],
        "Sport bij de voetbalclub; goede schoolresultaten.",
        None,
        None,
        "school",
    ),
    (
        "m14",
        "Finn",
        2009,
        "risk",
        "hard_core",
        ["violence", "online"],
        ["impulsivity", "substance_use"],
        [],
        "Interesse in kickboksen; mogelijk via een sportcoach.",
        None,
        None,
        "police",
    ),
    # m15 is called kopstuk by the team but has few ties (discussion point: leaders need not be central).
    (
        "m15",
        "Nova",
        2008,
        "criminal",
        "leader",
        ["online", "vandalism"],
        ["online_feuds", "dropout"],
        ["supportive_adult"],
        "Mentor van school houdt contact; wil een startkwalificatie halen.",
        None,
        None,
        "om",
    ),
    (
        "m16",
        "Tijn",
        2010,
        "risk",
        "hard_core",
        ["vandalism", "violence"],
        ["family_problems", "truancy"],
        [],
        "Nog leerplichtig; leerplicht is betrokken.",
        None,
        None,
        "compulsory_education",
    ),
    (
        "m17",
        "Aziz",
        2010,
        "care",
        "follower",
        ["violence"],
        ["lvb", "group_pressure"],
        ["family_support"],
        "Gebaat bij dagbesteding met veel structuur.",
        None,
        None,
        "care",
    ),
    (
        "m18",
        "Levi",
        2009,
        "criminal",
        "hard_core",
        ["drugs", "weapons", "traffic"],
        ["delinquent_peers", "substance_use"],
        [],
        "Wil een rijbewijs halen; aanknopingspunt voor een traject.",
        None,
        None,
        "police",
    ),
    # m19 and m20 joined during the year.
    (
        "m19",
        "Joep",
        2011,
        "risk",
        "follower",
        ["nuisance"],
        ["group_pressure", "weak_supervision"],
        ["school_engaged", "family_support"],
        "Nieuw in de groep; ouders zijn bereikbaar en betrokken.",
        "2026-04-10",
        None,
        "youth_work",
    ),
    (
        "m20",
        "Daan",
        2011,
        "risk",
        "follower",
        ["property", "nuisance"],
        ["hangout_culture"],
        ["youth_work"],
        "Komt bij het jongerenwerk; voorkomen dat hij verder doorgroeit.",
        "2026-05-22",
        None,
        "youth_work",
    ),
    # m21 left (detention) mid-year.
    (
        "m21",
        "Ravi",
        2008,
        "criminal",
        "follower",
        ["weapons", "drugs"],
        ["early_offending", "delinquent_peers"],
        [],
        "In justitiële jeugdinrichting; nazorg via jeugdreclassering.",
        None,
        "2026-08-15",
        "youth_probation",
    ),
    # The isolate: no ties in the cohesion layers, only a supportive tie to the jongerenwerker.
    (
        "m22",
        "Stan",
        2010,
        "care",
        "peripheral",
        ["nuisance"],
        ["mental_health"],
        ["youth_work"],
        "Zoekt aansluiting; jongerenwerk biedt een activiteitenprogramma.",
        None,
        None,
        "youth_work",
    ),
    # Peripheral members with exactly one tie.
    (
        "m23",
        "Fem",
        2010,
        "unknown",
        "peripheral",
        [],
        [],
        ["school_engaged"],
        "Alleen gezien met J06; geen eigen incidenten.",
        None,
        None,
        "boa",
    ),
    (
        "m24",
        "Nour",
        2011,
        "unknown",
        "peripheral",
        [],
        [],
        ["family_support"],
        "Alleen gezien met J17 bij het skatepark.",
        None,
        None,
        "boa",
    ),
    # m25 joined during the year and is known only online.
    (
        "m25",
        "Zoë",
        2011,
        "unknown",
        "peripheral",
        ["online"],
        ["online_feuds"],
        [],
        "Alleen online contact met J20 (Snapchat).",
        "2026-06-15",
        None,
        "police",
    ),
]

# Hand-entered ties: member a, member b, layers, strength, confidence, partner, first seen, last seen, note.
# "offline+online" gives two ties (one per layer). Directed "directs" ties go from a to b.
_TIES: list[tuple] = [
    # Subgroup A
    ("m01", "m02", "offline+online", 3, "confirmed", "police", None, None, "Altijd samen op het plein"),
    ("m01", "m03", "offline+online", 3, "confirmed", "police", None, None, ""),
    ("m01", "m04", "offline+online", 2, "confirmed", "youth_work", None, None, ""),
    ("m01", "m05", "offline+online", 3, "confirmed", "police", None, None, ""),
    ("m01", "m06", "offline", 2, "confirmed", "boa", None, None, "Alleen op straat samen gezien"),
    ("m01", "m07", "offline+online", 2, "confirmed", "police", None, None, ""),
    ("m01", "m08", "offline", 1, "suspected", "youth_work", None, None, ""),
    ("m01", "m10", "offline+online", 2, "confirmed", "boa", None, None, ""),
    ("m02", "m03", "offline+online", 2, "confirmed", "police", None, None, ""),
    ("m02", "m04", "offline", 2, "confirmed", "compulsory_education", None, None, ""),
    ("m02", "m05", "offline+online", 3, "confirmed", "police", None, None, ""),
    ("m03", "m04", "offline", 1, "confirmed", "youth_work", None, None, "Zelfde voetbalclub"),
    ("m03", "m06", "offline+online", 2, "confirmed", "youth_work", None, None, ""),
    ("m03", "m09", "offline", 1, "confirmed", "school", None, "2026-06-30", ""),
    ("m03", "m10", "online", 1, "suspected", "police", None, None, "Alleen online (groepschat)"),
    ("m04", "m05", "offline", 1, "confirmed", "police", None, None, ""),
    ("m05", "m07", "offline+online", 2, "confirmed", "police", None, None, ""),
    ("m06", "m07", "offline", 1, "confirmed", "boa", None, None, ""),
    ("m07", "m08", "family", 3, "confirmed", "care", None, None, "Neven"),
    ("m07", "m08", "offline", 2, "confirmed", "care", None, None, ""),
    ("m08", "m09", "online", 1, "confirmed", "police", None, "2026-06-30", "Alleen online (TikTok)"),
    ("m08", "m10", "offline+online", 2, "confirmed", "boa", None, None, ""),
    ("m09", "m10", "offline", 2, "confirmed", "boa", None, "2026-06-30", ""),
    ("m01", "m09", "offline", 1, "confirmed", "police", None, "2026-06-30", ""),
    ("m02", "m10", "offline+online", 2, "confirmed", "boa", None, None, ""),
    ("m04", "m08", "offline", 1, "confirmed", "compulsory_education", None, None, "Zelfde school"),
    ("m05", "m10", "online", 1, "confirmed", "police", None, None, "Alleen online (Snapchat)"),
    # Chain of command in subgroup A: m01 -> m02 -> m05 -> m07 and m01 -> m03 -> m06.
    ("m01", "m02", "directs", 3, "confirmed", "police", None, None, "Geeft opdrachten door"),
    ("m01", "m03", "directs", 2, "suspected", "police", None, None, ""),
    ("m02", "m05", "directs", 2, "confirmed", "police", None, None, ""),
    ("m05", "m07", "directs", 2, "suspected", "police", None, None, "Laat wapen bewaren"),
    ("m03", "m06", "directs", 1, "suspected", "youth_work", None, None, ""),
    # The broker Kiki (m11): two ties into each subgroup, nobody else connects them.
    ("m11", "m02", "offline+online", 2, "confirmed", "youth_work", None, None, "Regelt spullen"),
    ("m11", "m04", "offline", 1, "confirmed", "youth_work", None, None, ""),
    ("m11", "m12", "offline+online", 2, "confirmed", "police", None, None, ""),
    ("m11", "m14", "online", 1, "suspected", "police", None, None, "Alleen online (Telegram)"),
    # Subgroup B
    ("m12", "m13", "offline+online", 3, "confirmed", "police", None, None, ""),
    ("m12", "m14", "offline+online", 2, "confirmed", "police", None, None, ""),
    ("m12", "m15", "online", 2, "confirmed", "police", None, None, "Alleen online"),
    ("m12", "m16", "offline", 2, "confirmed", "boa", None, None, ""),
    ("m12", "m18", "offline+online", 3, "confirmed", "police", None, None, ""),
    ("m12", "m18", "co_offending", 2, "suspected", "police", None, None, "Vermoeden van dealen"),
    ("m12", "m21", "offline", 2, "confirmed", "police", None, "2026-08-15", ""),
    ("m13", "m14", "offline", 2, "confirmed", "school", None, None, ""),
    ("m13", "m15", "online", 2, "confirmed", "school", None, None, "Alleen online (Snapchat)"),
    ("m13", "m21", "offline", 1, "confirmed", "police", None, "2026-08-15", ""),
    ("m14", "m16", "offline+online", 1, "confirmed", "boa", None, None, ""),
    ("m14", "m18", "offline", 2, "confirmed", "police", None, None, ""),
    ("m15", "m16", "offline", 1, "suspected", "om", None, None, ""),
    ("m16", "m17", "family", 3, "confirmed", "care", None, None, "Neven"),
    ("m16", "m17", "offline", 2, "confirmed", "care", None, None, ""),
    ("m18", "m19", "offline+online", 3, "confirmed", "youth_work", "2026-04-10", None, ""),
    ("m18", "m20", "offline", 1, "confirmed", "youth_work", "2026-05-22", None, ""),
    ("m18", "m21", "offline+online", 2, "confirmed", "police", None, "2026-08-15", ""),
    ("m19", "m20", "offline", 1, "confirmed", "youth_work", "2026-05-22", None, ""),
    ("m15", "m17", "online", 1, "confirmed", "police", None, None, "Alleen online (Snapchat)"),
    ("m13", "m20", "offline+online", 2, "confirmed", "youth_work", "2026-05-22", None, ""),
    ("m14", "m20", "offline", 2, "confirmed", "boa", "2026-05-22", None, ""),
    # Peripheral members (one tie each).
    ("m06", "m23", "offline", 1, "confirmed", "boa", None, None, ""),
    ("m17", "m24", "offline", 1, "confirmed", "boa", None, None, ""),
    ("m20", "m25", "online", 1, "suspected", "police", "2026-06-15", None, "Alleen online (Snapchat)"),
    # Conflict between the subgroups (kept out of the cohesion measures).
    ("m05", "m14", "conflict", 3, "confirmed", "police", "2026-03-01", None, "Online drill-conflict"),
    ("m06", "m16", "conflict", 2, "suspected", "youth_work", "2026-05-01", None, "Ruzie bij het station"),
    # Supportive contacts (outside the group, known by role only).
    ("m04", "c01", "supportive", 3, "confirmed", "youth_work", None, None, ""),
    ("m13", "c01", "supportive", 2, "confirmed", "youth_work", None, None, ""),
    ("m08", "c02", "supportive", 3, "confirmed", "care", None, None, "Oom van J08"),
    ("m11", "c03", "supportive", 2, "confirmed", "youth_work", None, None, ""),
    ("m20", "c03", "supportive", 2, "confirmed", "youth_work", "2026-05-22", None, ""),
    (
        "m22",
        "c03",
        "supportive",
        3,
        "confirmed",
        "youth_work",
        None,
        None,
        "Komt wekelijks in het jongerencentrum",
    ),
    ("m15", "c04", "supportive", 2, "confirmed", "school", None, None, ""),
]

_CONTACTS = [
    ("c01", "Trainer voetbalclub", "Trainer van de JO19 bij de voetbalclub"),
    ("c02", "Oom", "Oom van J08, heeft een garage"),
    ("c03", "Jongerenwerker", "Jongerenwerker van het jongerencentrum Centrum-Noord"),
    ("c04", "Mentor school", "Mentor op het mbo"),
]

# id, date, type, place, members, partner, note
_INCIDENTS: list[tuple] = [
    (
        "i01",
        "2025-12-06",
        "nuisance",
        "Stationsplein",
        ["m01", "m02", "m03"],
        "boa",
        "Intimidatie van reizigers",
    ),
    ("i02", "2025-12-13", "nuisance", "Skatepark Waterpark", ["m12", "m13", "m14"], "boa", ""),
    (
        "i03",
        "2025-12-19",
        "vandalism",
        "Fietsenstalling station",
        ["m05", "m07"],
        "police",
        "Fietsen vernield",
    ),
    (
        "i04",
        "2026-01-10",
        "property",
        "Winkelcentrum Noorderhof",
        ["m01", "m04", "m05"],
        "police",
        "Winkeldiefstal",
    ),
    ("i05", "2026-01-17", "vandalism", "Skatepark Waterpark", ["m15", "m16"], "boa", ""),
    ("i06", "2026-01-24", "nuisance", "Stationsplein", ["m03", "m06", "m10"], "boa", ""),
    ("i07", "2026-02-07", "drugs", "Stationsplein", ["m01", "m02"], "police", "Dealen bij de tunnel"),
    (
        "i08",
        "2026-02-14",
        "traffic",
        "Kastanjelaan",
        ["m12", "m16", "m18"],
        "police",
        "Scooters met hoge snelheid",
    ),
    ("i09", "2026-02-21", "violence", "Stationsplein", ["m03", "m06"], "police", "Vechtpartij"),
    ("i10", "2026-03-07", "property", "Winkelcentrum Noorderhof", ["m02", "m11"], "police", ""),
    (
        "i11",
        "2026-03-14",
        "weapons",
        "Stationsplein",
        ["m01", "m05", "m07"],
        "police",
        "Mes aangetroffen bij fouillering",
    ),
    ("i12", "2026-03-21", "online", "Snapchat", ["m13", "m15"], "police", "Bedreiging via Snapchat"),
    ("i13", "2026-03-28", "traffic", "Stationsstraat", ["m08", "m10"], "boa", ""),
    ("i14", "2026-04-11", "vandalism", "Speeltuin Kastanjelaan", ["m09", "m10"], "boa", ""),
    ("i15", "2026-04-18", "property", "Skatepark Waterpark", ["m12", "m21"], "police", "Inbraak in kantine"),
    ("i16", "2026-04-25", "online", "TikTok", ["m05", "m07", "m08"], "police", "Drillvideo met bedreigingen"),
    ("i17", "2026-05-09", "violence", "Skatepark Waterpark", ["m14", "m16", "m17"], "police", ""),
    ("i18", "2026-05-16", "property", "Winkelcentrum Noorderhof", ["m02", "m04"], "police", ""),
    ("i19", "2026-05-30", "nuisance", "Skatepark Waterpark", ["m18", "m19"], "boa", ""),
    ("i20", "2026-06-06", "nuisance", "Stationsplein", ["m01", "m03", "m06"], "boa", ""),
    ("i21", "2026-06-20", "drugs", "Skatepark Waterpark", ["m12", "m13", "m18"], "police", ""),
    ("i22", "2026-06-27", "weapons", "Stationsplein", ["m02", "m05"], "police", "Vuurwerkbom en boksbeugel"),
    ("i23", "2026-07-11", "weapons", "Kastanjelaan", ["m12", "m18", "m21"], "police", "Nepvuurwapen getoond"),
    ("i24", "2026-07-18", "drugs", "Stationsplein", ["m01", "m02", "m07"], "police", ""),
    ("i25", "2026-08-08", "nuisance", "Skatepark Waterpark", ["m19", "m20"], "youth_work", ""),
    ("i26", "2026-08-22", "violence", "Stationsplein", ["m03", "m04", "m06"], "police", ""),
    ("i27", "2026-09-05", "drugs", "Skatepark Waterpark", ["m11", "m12"], "police", ""),
    ("i28", "2026-09-12", "vandalism", "Skatepark Waterpark", ["m16", "m17"], "boa", ""),
    ("i29", "2026-09-19", "nuisance", "Stationsplein", ["m08", "m10"], "boa", ""),
    ("i30", "2026-10-03", "online", "Telegram", ["m12", "m14"], "police", "Online bedreiging"),
    ("i31", "2026-10-17", "weapons", "Fietsenstalling station", ["m01", "m07"], "police", "Mes in fietstas"),
    ("i32", "2026-10-24", "property", "Winkelcentrum Noorderhof", ["m18", "m20"], "police", ""),
    ("i33", "2026-11-07", "violence", "Skatepark Waterpark", ["m12", "m13", "m16"], "police", ""),
    ("i34", "2026-11-14", "nuisance", "Stationsplein", ["m01", "m05", "m10"], "boa", ""),
]


def _sample_plan() -> Plan:
    """The parts of the concept plan the procesregisseur writes before goals and measures (fictional)."""
    return Plan(
        summary_group=(
            "Twee met elkaar verbonden groepjes jongeren van 14 tot 18 jaar rond het station van Waterveld: "
            "een groep op het Stationsplein en een groep bij het skatepark. De groepjes kennen elkaar via één "
            "jongere. Er is sprake van aansturing binnen de groep op het Stationsplein."
        ),
        summary_situation=(
            "Sinds het voorjaar van 2026 naast overlast en drugshandel ook incidenten met wapens en een "
            "oplopend online conflict tussen de groepjes. Reizigers en winkeliers voelen zich onveilig; bij het "
            "skatepark sluiten jongere kinderen aan."
        ),
        summary_proposal=(
            "Een integrale aanpak op drie sporen: de groep aanspreken en ouders betrekken, persoonsgerichte "
            "hulp en toeleiding voor de leden met de meeste zorgen, en toezicht op de hangplekken en online."
        ),
        priority="high",
        advice=(
            "Hoge prioriteit: wapenbezit en de kans op escalatie tussen de groepjes wegen zwaarder dan het "
            "stabiele aantal incidenten. Zonder aanpak is doorgroei van de jonge aanwas te verwachten."
        ),
        decisions_asked=[
            "De driehoek stelt prioriteit hoog vast voor de aanpak van deze groep.",
            "De driehoek stemt in met de gevraagde inzet van politie, OM en gemeente tot 1 juni 2027.",
            "De burgemeester overweegt een gebiedsverbod per persoon bij herhaalde verstoring van de openbare orde.",
            "De driehoek besluit over het aanwijzen van een veiligheidsrisicogebied rond het station.",
        ],
        regie=[
            PlanContact(
                partner="municipality",
                role="Procesregisseur jeugdgroepen",
                organisation="Gemeente Waterveld, team Openbare Orde en Veiligheid",
                name="Fenna Verhoef",
            ),
            PlanContact(
                partner="police",
                role="Wijkagent Centrum-Noord",
                organisation="Politie, basisteam Waterveld",
                name="Ruud Kamphuis",
                agreed_on=date(2026, 11, 24),
            ),
            PlanContact(
                partner="om",
                role="Jeugdofficier van justitie",
                organisation="OM, arrondissementsparket Midden",
                name="Mirjam de Graaf",
                agreed_on=date(2026, 11, 26),
            ),
        ],
        organisation=(
            "Het jeugdgroepenoverleg komt elke vier weken bijeen onder regie van de procesregisseur. Bij "
            "escalatie (wapengeweld, nieuwe dreiging) belt de procesregisseur binnen twee werkdagen een extra "
            "overleg en informeert de burgemeester; de driehoek krijgt elk kwartaal een voortgangsbericht. "
            "Leden met een persoonlijk plan worden ingebracht in het PGA-overleg van het Zorg- en "
            "Veiligheidshuis."
        ),
        communication={
            "residents": "Buurtbijeenkomst in januari 2027 en een brief aan de omwonenden van het Stationsplein: "
            "wat er gebeurt, hoe zij overlast kunnen melden en wanneer zij weer iets horen.",
            "shopkeepers": "De wijkagent en de gebiedsregisseur bezoeken de winkeliers van winkelcentrum "
            "Noorderhof; afspraken over melden en een vast aanspreekpunt.",
            "youths_parents": "Jongeren en ouders krijgen een brief van de burgemeester dat de jongere in beeld "
            "is bij de aanpak, welke gegevens worden gedeeld en hoe zij die kunnen inzien (informatieplicht, "
            "AVG art. 14).",
            "media": "Alleen de woordvoerder van de gemeente spreekt met de media, in overleg met politie; geen "
            "uitspraken over individuele jongeren.",
        },
        capacity=[
            Capacity("police", "Wijkagent 8 uur per week, extra surveillance op vrijdag- en zaterdagavond."),
            Capacity("om", "Jeugdofficier als vast aanspreekpunt; zaken van groepsleden met voorrang (ZSM)."),
            Capacity(
                "municipality", "Procesregisseur 12 uur per week; budget voor brieven en bijeenkomsten."
            ),
            Capacity("youth_work", "Twee ambulante jongerenwerkers, elk 6 uur per week op de hangplekken."),
            Capacity("boa", "Twee avonden per week toezicht rond het station."),
            Capacity("care", "Gezinscoach van het wijkteam voor de toeleiding naar hulp."),
        ],
        exit_criteria=(
            "Afschalen naar de reguliere werkwijze als drie maanden achter elkaar geen wapenincident is "
            "geregistreerd en het online conflict is bijgelegd. Stoppen als de groep niet meer als groep "
            "samenkomt; leden met een persoonlijk plan lopen door in het Zorg- en Veiligheidshuis."
        ),
        safeguarding=(
            "Bij afschalen draagt de procesregisseur over aan wijkagent en jongerenwerk; de afspraken met "
            "winkeliers en de buurt blijven staan. Na zes maanden kijkt het jeugdgroepenoverleg nog één keer "
            "terug; de gegevens worden daarna volgens de bewaartermijn verwijderd."
        ),
        risks=(
            "Verplaatsing naar het skatepark of het winkelcentrum; uitwijken naar online platforms waar het "
            "conflict buiten beeld verder gaat; het wegvallen van de jongere die de groepjes verbindt kan "
            "anderen die rol laten overnemen."
        ),
    )


def build_sample_case() -> Case:
    """The fictional sample case, built deterministically (same ids every time)."""
    members = []
    for n, row in enumerate(_MEMBERS, start=1):
        (mid, nick, year, typing, role, problems, risks, protect, kansen, first, last, source) = row
        members.append(
            Member(
                id=mid,
                pseudonym=f"J{n:02d}",
                name=nick,
                birth_year=year,
                typing=typing,
                team_role=role,
                problems=list(problems),
                risk_factors=list(risks),
                protective_factors=list(protect),
                opportunities=kansen,
                first_seen=_d(first) if first else _BEFORE,
                last_seen=_d(last) if last else None,
                source=source,
                review_date=date(2027, 3, 1) if n % 2 else date(2027, 5, 1),
            )
        )
    ties = []
    for a, b, layers, strength, conf, partner, first, last, note in _TIES:
        for layer in layers.split("+"):
            ties.append(
                Tie(
                    id=f"t{len(ties) + 1:03d}",
                    source=a,
                    target=b,
                    layer=layer,
                    strength=strength,
                    confidence=conf,
                    partner=partner,
                    first_seen=_d(first) if first else _BEFORE,
                    last_seen=_d(last) if last else None,
                    note=note,
                )
            )
    incidents = [
        Incident(id=iid, date=_d(day), type=kind, place=place, members=list(who), partner=partner, note=note)
        for iid, day, kind, place, who, partner, note in _INCIDENTS
    ]
    return Case(
        id=SAMPLE_CASE_ID,
        name="Jeugdgroep Stationsplein",
        municipality="Gemeente Waterveld",
        area="Centrum-Noord",
        step="3",
        decisions=[
            Decision(
                step="1", date=date(2025, 10, 6), note="Signalen van politie, boa's en winkeliers gedeeld."
            ),
            Decision(
                step="2A", date=date(2025, 11, 3), note="Er is sprake van een problematische jeugdgroep."
            ),
            Decision(
                step="2B", date=date(2025, 11, 24), note="Informatiepositie verbreed; namenlijst vastgesteld."
            ),
            Decision(
                step="3", date=date(2026, 11, 16), note="Start groepsduiding en concept plan van aanpak."
            ),
        ],
        context=Context(
            description=(
                "Twee groepjes jongeren (14–18 jaar) rond het station van Waterveld: een groep op het "
                "Stationsplein en een groep bij het skatepark. Ze kennen elkaar via één jongere. Overlast, "
                "drugshandel en sinds het voorjaar meerdere incidenten met wapens."
            ),
            locations=[
                "Stationsplein",
                "Fietsenstalling station",
                "Skatepark Waterpark",
                "Winkelcentrum Noorderhof",
                "Speeltuin Kastanjelaan",
            ],
            platforms=["Snapchat", "TikTok", "Telegram"],
            times="Doordeweeks na schooltijd (15–18 uur) en vrijdag- en zaterdagavond tot na middernacht.",
        ),
        beke={
            "severity": Assessment(
                "high", "Naast overlast ook drugshandel, geweld en wapenbezit (mes, nepvuurwapen)."
            ),
            "risks": Assessment(
                "high", "Escalatie tussen de twee groepjes (drill-conflict); jonge aanwas bij het skatepark."
            ),
            "development": Assessment(
                "medium", "Aantal incidenten stabiel, maar ernst neemt toe sinds maart 2026."
            ),
            "impact": Assessment(
                "high", "Reizigers en winkeliers voelen zich onveilig; meldingen bij de gemeente nemen toe."
            ),
        },
        classification="Vertrouwelijk",
        retention_date=date(2028, 12, 1),
        members=members,
        contacts=[Contact(id=cid, role=role, note=note) for cid, role, note in _CONTACTS],
        ties=ties,
        incidents=incidents,
        plan=_sample_plan(),
    )


def load_sample_case(folder: Path | str | None = None) -> Case:
    """The sample case as stored in ``data/sample/case.json``."""
    path = Path(folder or SAMPLE_DIR) / "case.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != BUNDLE_FORMAT:
        raise ValueError(f"{path} is geen casusbestand van Groepsduiding.")
    return Case.from_dict(data["case"])


# --- files ---------------------------------------------------------------------------------------


def _nl_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _short(vocabulary: str, code: str) -> str:
    """Label without its explanation in brackets, so it can sit in a comma-separated list."""
    return vocab.label(vocabulary, code).split(" (")[0]


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def sample_files(case: Case | None = None) -> dict[str, bytes]:
    """File name -> content of case.json and the three Dutch CSV files (UTF-8 with BOM, ``;``)."""
    case = case or build_sample_case()
    bundle = {"format": BUNDLE_FORMAT, "format_version": BUNDLE_VERSION, "case": case.to_dict()}
    members = _csv(
        [
            "id",
            "pseudoniem",
            "naam",
            "geboortejaar",
            "typering",
            "rol",
            "problematiek",
            "eerst_gezien",
            "laatst_gezien",
            "bron",
        ],
        [
            [
                m.id,
                m.pseudonym,
                m.name,
                m.birth_year or "",
                vocab.label("typing", m.typing),
                vocab.label("team_role", m.team_role),
                ", ".join(_short("problem", p) for p in m.problems),
                _nl_date(m.first_seen),
                _nl_date(m.last_seen),
                vocab.label("partner", m.source),
            ]
            for m in case.members
        ],
    )
    member_ids = {m.id for m in case.members}
    ties = _csv(
        ["van", "naar", "laag", "sterkte", "zekerheid", "bron", "eerst_gezien", "laatst_gezien", "notitie"],
        [
            [
                t.source,
                t.target,
                vocab.label("layer", t.layer),
                t.strength,
                vocab.label("confidence", t.confidence),
                vocab.label("partner", t.partner),
                _nl_date(t.first_seen),
                _nl_date(t.last_seen),
                t.note,
            ]
            for t in case.ties
            # Ties to contacts live only in case.json: the CSV files describe members.
            if t.source in member_ids and t.target in member_ids
        ],
    )
    incidents = _csv(
        ["id", "datum", "type", "plaats", "leden", "bron", "notitie"],
        [
            [
                i.id,
                _nl_date(i.date),
                vocab.label("problem", i.type),
                i.place,
                ", ".join(i.members),
                vocab.label("partner", i.partner),
                i.note,
            ]
            for i in case.incidents
        ],
    )
    return {
        "case.json": (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        "leden.csv": members.encode("utf-8-sig"),
        "relaties.csv": ties.encode("utf-8-sig"),
        "incidenten.csv": incidents.encode("utf-8-sig"),
    }


def write_sample_files(folder: Path | str | None = None) -> list[Path]:
    """Write case.json, leden.csv, relaties.csv and incidenten.csv into ``folder`` (default data/sample)."""
    target = Path(folder or SAMPLE_DIR)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in sample_files().items():
        path = target / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_sample_files():
        print(p)
