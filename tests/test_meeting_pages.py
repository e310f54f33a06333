"""The shared screen during a meeting (AppTest over every page in app.py): with police, municipality
and youth work at the table no police-only fact reaches any page; with police alone it does."""

from __future__ import annotations

from helpers_apptest import SAMPLE_ID, all_text, listed_pages, start_app

from duiding import meeting as dm
from duiding.model import Attendee
from duiding.store import CaseStore

# Incident descriptions and a member's kansen recorded only by the police in the sample case (the
# places themselves are also in the municipality's group context, so they are not police-only).
POLICE_ONLY = [
    "Dealen bij de tunnel",
    "Mes in fietstas",
    "Winkeldiefstal",
    "Vechtpartij",
    "Kan goed organiseren",
]


def _meeting_with(sqlite_url: str, who: list[str]) -> None:
    start_app(timeout=60)  # first start loads the sample case into the store
    store = CaseStore(sqlite_url)
    case = store.load(SAMPLE_ID)
    store.save(dm.start_meeting(case, [Attendee(p) for p in who], "Procesregisseur"), "test", "overleg")


def _pages_text(pages: list[str]) -> dict[str, str]:
    app = start_app(timeout=60)
    texts = {}
    for page in pages:
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        texts[page] = all_text(app)
    return texts


def test_police_municipality_and_youth_work_at_the_table_see_no_police_only_fact_on_any_page(sqlite_url):
    _meeting_with(sqlite_url, ["police", "municipality", "youth_work"])
    texts = _pages_text([p for p in listed_pages() if not p.endswith("beheer.py")])
    assert (
        "Scherm toont wat alle aanwezigen mogen zien: politie, gemeente, jongerenwerk"
        in texts["pages/start.py"]
    )
    assert "71 feiten van de politie niet getoond" in texts["pages/start.py"]
    leaks = {page: [w for w in POLICE_ONLY if w in text] for page, text in texts.items()}
    assert leaks == {page: [] for page in texts}


def test_police_alone_at_the_table_holds_no_police_fact_back(sqlite_url):
    _meeting_with(sqlite_url, ["police"])
    text = _pages_text(["pages/relaties.py"])["pages/relaties.py"]
    assert "Scherm toont wat alle aanwezigen mogen zien: politie" in text
    assert "29 feiten van het jongerenwerk niet getoond" in text
    assert "van de politie niet getoond" not in text
