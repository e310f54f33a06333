"""Access: without a login on a network address there is no case data; a partner sees only its sources.

"Network address" is forced with ``DUIDING_REQUIRE_LOGIN=1`` (treated exactly like a non-local
``server.address``): tests cannot bind to a real network address here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from duiding import auth, privacy
from duiding.sample import load_sample_case
from tests.helpers_apptest import all_text, app_test

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = load_sample_case()
NAMES = [m.name for m in SAMPLE.members if m.name]
PSEUDONYMS = [m.pseudonym for m in SAMPLE.members]
PASSWORD = "een-lang-wachtwoord-42"


# Every string the script sent to the browser (element protos and table contents).
page_text = all_text


def found(words, text: str) -> list[str]:
    return [w for w in words if w and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.fixture
def network_mode(tmp_path, sqlite_url, monkeypatch):
    """Login forced; an account file with a regisseur and a youth-work partner (path returned)."""
    monkeypatch.setenv("DUIDING_REQUIRE_LOGIN", "1")
    path = tmp_path / "accounts.toml"
    monkeypatch.setenv("DUIDING_ACCOUNTS_FILE", str(path))
    return path


def _accounts(path: Path) -> None:
    auth.add_account("regisseur", "procesregisseur", PASSWORD, path=path)
    auth.add_account("jongerenwerk", "partner", PASSWORD, partner="youth_work", path=path)
    auth.add_account("beheer", "beheerder", PASSWORD, path=path)


def _store(url: str):
    from duiding.store import CaseStore

    store = CaseStore(url)
    store.migrate()
    return store


def test_network_address_without_login_configuration_shows_no_case_data(network_mode, sqlite_url):
    at = app_test(30).run()
    assert not at.exception
    text = page_text(at)
    assert "Inloggen is verplicht, maar er is nog geen inlogmethode ingesteld" in text
    assert "python -m duiding account add" in text
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], text) == []
    assert len(at.sidebar) == 0


def test_login_form_refuses_wrong_password_and_admits_right_one(network_mode, sqlite_url):
    _accounts(network_mode)
    at = app_test(30).run()
    text = page_text(at)
    assert "Inloggen" in text
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], text) == []

    at.text_input(key="_login_name").input("regisseur")
    at.text_input(key="_login_password").input("fout-wachtwoord-123")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Onbekende naam of verkeerd wachtwoord."]
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], page_text(at)) == []

    at.text_input(key="_login_name").input("regisseur")
    at.text_input(key="_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["_duiding_user"]["name"] == "regisseur"
    assert "Stationsplein" in page_text(at)  # positive control: the case is shown after login
    actions = [(e.user, e.action) for e in _store(sqlite_url).audit_entries() if e.action.startswith("login")]
    assert actions == [("regisseur", "login_failed"), ("regisseur", "login")]


def test_session_of_a_removed_account_gets_no_case_data(network_mode, sqlite_url):
    """The gate re-reads the account file (when it changed) on every run: a session whose account
    was removed sees the login form again."""
    _accounts(network_mode)
    auth.remove_account("regisseur", network_mode)
    at = app_test(30)
    at.session_state["_duiding_user"] = auth.User("regisseur", "procesregisseur").to_dict()
    at.run()
    text = page_text(at)
    assert "Wachtwoord" in text
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], text) == []
    assert "_duiding_user" not in at.session_state


def test_partner_cannot_open_beheer_or_manage_cases(network_mode, sqlite_url):
    _accounts(network_mode)
    at = app_test(30)
    at.session_state["_duiding_user"] = auth.User("jongerenwerk", "partner", "youth_work").to_dict()
    at.run()
    assert not at.exception
    labels = [b.label for b in at.button] + [b.label for b in at.get("form_submit_button")]
    assert "Casus aanmaken" not in labels and "Casus verwijderen" not in labels
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/beheer.py")  # not in the menu for a partner
    # and the page refuses on its own when run directly
    direct = AppTest.from_file(str(ROOT / "pages" / "beheer.py"), default_timeout=30)
    direct.session_state["_duiding_user"] = auth.User("jongerenwerk", "partner", "youth_work").to_dict()
    direct.run()
    assert [e.value for e in direct.error] == ["Deze pagina is alleen voor beheerders."]
    assert [t.value for t in direct.title] == []


def _existing_pages() -> list[str]:
    """Every page in app.py's PAGES list that exists, except Beheer (tested above)."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in node.targets):
            pages = [elt.elts[0].value for elt in node.value.elts]
            return [p for p in pages if (ROOT / p).exists() and p != "pages/beheer.py"]
    raise AssertionError("app.py has no PAGES list")


# Pages with a known leak, marked xfail(strict=True) so the marker must go once it is fixed. Empty:
# the Netwerk failure seen earlier came from short names ('Mo', 'Bo') matching identifiers in the then
# inlined vis-network library; its cache keys now also fingerprint the (redacted) case.
_LEAKS: set[str] = set()


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(
            p, marks=pytest.mark.xfail(strict=True, reason="shared analysis cache ignores the viewer")
        )
        if p in _LEAKS
        else p
        for p in _existing_pages()
    ],
)
def test_partner_never_sees_facts_from_invisible_sources(page, network_mode, sqlite_url):
    """With meeting mode off and names revealed (the most open view), a youth-work partner sees no
    name, kansen or note of a member whose source it may not see - also right after a
    procesregisseur drew the same page (shared caches)."""
    _accounts(network_mode)
    store = _store(sqlite_url)
    if not store.list_cases():
        store.create(load_sample_case(), "test")
    case_id = store.list_cases()[0].id
    if not store.snapshots(case_id):  # a frozen version too: Versies and Netwerk read those
        store.freeze(case_id, "Overleg 1", "test")
    partner = auth.User("jongerenwerk", "partner", "youth_work")
    allowed = privacy.visible_sources(partner)
    hidden = [m for m in SAMPLE.members if m.source not in allowed]
    shown = [m for m in SAMPLE.members if m.source in allowed]
    assert hidden and shown

    def render(user: auth.User) -> AppTest:
        at = app_test(60)
        at.session_state["_duiding_user"] = user.to_dict()
        at.session_state["meeting_mode"] = False
        at.session_state["case_id"] = case_id
        at.session_state["_names_revealed_for"] = case_id
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    full = page_text(render(auth.User("regisseur", "procesregisseur")))
    text = page_text(render(partner))
    secret_words = [m.name for m in hidden] + [m.opportunities for m in hidden if m.opportunities]
    secret_words += [m.note for m in hidden if m.note]
    assert found(secret_words, text) == []
    if page in ("pages/leden.py", "pages/versies.py"):
        # positive controls: the regisseur sees the hidden names; the partner sees its own sources' names
        assert found([m.name for m in hidden], full)
        assert found([m.name for m in shown], text)


@pytest.mark.browser
def test_running_server_without_login_sends_no_case_data(tmp_path, chromium_path):
    """A real `streamlit run` with the login forced: pages show the login, never a pseudonym or name."""
    from browser import chromium_page, running_app

    accounts = tmp_path / "accounts.toml"
    env = {"DUIDING_REQUIRE_LOGIN": "1", "DUIDING_ACCOUNTS_FILE": str(accounts)}
    secrets = NAMES + PSEUDONYMS + ["Stationsplein"]
    with running_app(tmp_path, env=env) as base, chromium_page(chromium_path, tmp_path) as (page, log):
        import urllib.request

        with urllib.request.urlopen(base + "/", timeout=5) as r:
            assert found(secrets, r.read().decode("utf-8", "replace")) == []
        # 1. no login configured: an explanation, no data, on every path. The first request goes to a
        # page URL on purpose: Streamlit would run pages/x.py for /x without app.py in the first
        # session after a start; ui.auth restarts that run through app.py and its gate.
        for path in ("/leden", "/", "/leden", "/netwerk", "/beheer"):
            page.goto(base + path)
            _settled(page, "Inloggen is verplicht")
            text = page.inner_text("body")
            assert found(secrets, text) == [], path
            assert found(secrets, page.content()) == [], path
        # 2. accounts configured (no restart needed): a login form, still no data until logged in
        auth.add_account("regisseur", "procesregisseur", PASSWORD, path=accounts)
        for path in ("/", "/leden", "/netwerk"):
            page.goto(base + path)
            _settled(page, "Wachtwoord")
            assert found(secrets, page.content()) == [], path
        page.get_by_label("Naam").fill("regisseur")
        page.get_by_label("Wachtwoord").fill("verkeerd-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_text("Onbekende naam of verkeerd wachtwoord.").wait_for()
        assert found(secrets, page.content()) == []
        page.get_by_label("Naam").fill("regisseur")
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        _settled(page, "Uitloggen")
        # positive control (wait: the main area redraws after the sidebar)
        page.wait_for_function("() => document.body.innerText.includes('Stationsplein')", timeout=30_000)
        # 3. a refresh is a new session: the login is asked again
        page.reload()
        _settled(page, "Wachtwoord")
        assert found(secrets, page.content()) == []
        assert not log.blocked and not log.dialogs


def _settled(page, expected: str, timeout: float = 30_000) -> None:
    """Wait until ``expected`` is on the page and the script run has finished."""
    page.get_by_text(expected).first.wait_for(timeout=timeout)
    page.wait_for_function(
        """() => {
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return !(status && /Running|Bezig/.test(status.innerText));
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


AUTH_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret-not-real",
    "client_id": "groepsduiding",
    "client_secret": "test-client-secret-not-real",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


def _oidc_app(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = dict(AUTH_SECRETS)
    at.user = user
    return at.run()


def test_oidc_configured_without_authlib_shows_no_data(network_mode, sqlite_url, monkeypatch):
    monkeypatch.setattr("streamlit.auth_util.is_authlib_installed", lambda: False)
    at = _oidc_app({"is_logged_in": True, "email": "bob@gemeente.nl"})
    text = page_text(at)
    assert "het pakket Authlib ontbreekt" in text
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], text) == []


def test_oidc_login_maps_email_to_role(network_mode, sqlite_url, monkeypatch):
    monkeypatch.setattr("streamlit.auth_util.is_authlib_installed", lambda: True)
    auth.add_account("bob@gemeente.nl", "procesregisseur", None, path=network_mode)

    at = _oidc_app({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Inloggen"]
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], page_text(at)) == []

    at = _oidc_app({"is_logged_in": True, "email": "eve@elders.nl", "name": "Eve"})
    assert "heeft (nog) geen rol" in page_text(at)
    assert found(NAMES + PSEUDONYMS + ["Stationsplein"], page_text(at)) == []

    at = _oidc_app({"is_logged_in": True, "email": "Bob@Gemeente.nl", "name": "Bob"})
    assert not at.exception
    assert at.session_state["_duiding_user"] == {
        "name": "bob@gemeente.nl",
        "role": "procesregisseur",
        "partner": None,
        "display_name": "Bob",
        "method": "oidc",
    }
    assert "Stationsplein" in page_text(at)
    logins = [(e.user, e.detail) for e in _store(sqlite_url).audit_entries() if e.action == "login"]
    assert logins == [("bob@gemeente.nl", "Ingelogd via identity provider als procesregisseur")]
