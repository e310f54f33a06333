"""The login gate, the logged-in user, what the user may see, and view logging (Streamlit side).

``app.py`` calls :func:`require_login` right after ``st.set_page_config`` and before anything
shows case data. The rules are in :mod:`duiding.auth`:

- On this machine (``server.address`` localhost/127.0.0.1/::1) without ``DUIDING_REQUIRE_LOGIN=1``:
  no login; the user is ``lokaal`` (procesregisseur, may open Beheer).
- Otherwise a login is required: ``st.login`` (OIDC) when ``[auth]`` is in ``.streamlit/secrets.toml``,
  else the built-in account list (``config/accounts.toml`` or ``DUIDING_ACCOUNTS_FILE``). With neither,
  the app explains in Dutch how to configure a login and shows no case data at all.

The logged-in user lives in ``st.session_state[AUTH_KEY]`` as a dict (``duiding.auth.User.to_dict()``);
tests set it there (with an account of that name in the account file), or set ``at.user`` for OIDC.
Sessions do not survive a browser refresh, so a refresh asks for the password again.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import streamlit as st

from duiding import auth
from duiding.auth import LOCAL_USER, User

__all__ = [
    "AUTH_KEY",
    "can_admin",
    "can_edit",
    "current_user",
    "log_export",
    "log_view",
    "login_required_here",
    "logout",
    "require_login",
    "user_box",
    "visible_case",
]

AUTH_KEY = "_duiding_user"
_VIEWED = "_duiding_viewed"
_THROTTLE = auth.LoginThrottle(limit=5, window=300.0)


# --- configuration -------------------------------------------------------------------------------


def login_required_here() -> bool:
    return auth.login_required(st.get_option("server.address"))


def _auth_secrets() -> dict | None:
    """The ``[auth]`` section of the secrets, or None (no secrets file, or no such section)."""
    try:
        if "auth" not in st.secrets:
            return None
        return dict(st.secrets["auth"])
    except Exception:  # StreamlitSecretNotFoundError, unreadable secrets.toml, ...
        return None


@lru_cache(maxsize=4)
def _accounts_at(path: str, stamp: tuple[int, int, int]) -> dict[str, auth.Account]:
    return auth.load_accounts(Path(path))


def _accounts() -> dict[str, auth.Account]:
    """The account list, re-read whenever the file changes (so removed accounts lose access)."""
    path = auth.accounts_path()
    try:
        st_ = path.stat()
    except OSError:
        return {}
    # the file is replaced atomically on every change: a new inode, so a new cache entry
    return _accounts_at(str(path), (st_.st_ino, st_.st_mtime_ns, st_.st_size))


def _store():
    """The store without the login check (for the audit of login attempts)."""
    from duiding.store import default_url
    from ui import state

    return state._store_for(os.environ.get("DUIDING_DATABASE_URL") or default_url())


def _navigation_mode() -> None:
    """Make Streamlit always run app.py (and so this gate) first.

    While no session in this process has called ``st.navigation`` yet, Streamlit treats the
    ``pages/`` folder as old-style pages and runs ``pages/x.py`` for the URL ``/x`` *without*
    app.py. The gate stops before ``st.navigation``, so without this a server that nobody has
    logged in to would serve every page URL without the gate. (Pages are also guarded on their
    own: :func:`ensure_gate` in ``ui.state.get_store``.) Never raises: it also runs at import time,
    and an exception there (e.g. ``st.rerun``) breaks the import for sessions starting at the same time.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


_navigation_mode()
_RESTARTED = "_duiding_nav_restarted"


def _restart_old_style_run() -> None:
    """Start a run again when it began in old-style mode (sessions opened right after a server
    start): its widgets got other ids than the same widgets get from then on, so the user's first
    click or form submit would be lost. Once per session."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or st.session_state.get(_RESTARTED):
        return
    try:
        manager = ctx.pages_manager
        main = str(manager.main_script_path)
        old_style = any(
            "url_pathname" in info and str(info.get("script_path")) == main
            for info in manager.get_pages().values()
        )
    except Exception:  # pragma: no cover - internal API changed: no restart
        return
    if old_style:
        st.session_state[_RESTARTED] = True
        st.rerun()


def ensure_gate() -> None:
    """Stop the script unless someone is logged in (or the app runs on this machine only).

    A page reached without app.py (old-style run right after a server start) is first started again
    through app.py, so the visitor sees the real login gate."""
    _restart_old_style_run()
    if current_user() is not None:
        return
    st.title("Groepsduiding")
    st.info("Log eerst in: open de startpagina van de app (het adres zonder pagina erachter).", icon="🔒")
    st.stop()


def _audit(user: str, action: str, detail: str = "") -> None:
    try:
        _store().log(user, action, None, detail)
    except Exception:  # the audit must not lock everyone out when the database is briefly busy
        pass


# --- the gate ------------------------------------------------------------------------------------


def current_user() -> User | None:
    """The logged-in user (or the local user on this machine); None before login."""
    data = st.session_state.get(AUTH_KEY)
    if data:
        try:
            return User.from_dict(data)
        except (KeyError, TypeError):
            return None
    if not login_required_here():
        return LOCAL_USER
    return None


def can_edit() -> bool:
    return auth.can_edit(current_user())


def can_admin() -> bool:
    return auth.can_admin(current_user())


def require_login() -> User:
    """Return the user, or show the login (or configuration help) and stop the script run."""
    _navigation_mode()
    _restart_old_style_run()
    if not login_required_here():
        st.session_state[AUTH_KEY] = LOCAL_USER.to_dict()
        return LOCAL_USER
    try:
        accounts = _accounts()
    except auth.AccountError as exc:
        _title()
        st.error(
            "Het accountbestand is niet te lezen; er worden geen gegevens getoond. Vraag de beheerder "
            "het bestand te herstellen.",
            icon="🔒",
        )
        st.text(str(exc))
        st.stop()
    secrets = _auth_secrets()
    if secrets is not None:
        return _oidc_gate(secrets, accounts)
    if any(a.password_hash for a in accounts.values()):
        return _password_gate(accounts)
    _explain_configuration()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def _title() -> None:
    st.title("Groepsduiding")


def _password_gate(accounts: dict[str, auth.Account]) -> User:
    held = st.session_state.get(AUTH_KEY)
    if held and held.get("method") == "account":
        acc = accounts.get(str(held.get("name")))
        if acc is not None and acc.password_hash:
            user = acc.user("account")  # role and partner as in the file now
            st.session_state[AUTH_KEY] = user.to_dict()
            return user
        st.session_state.pop(AUTH_KEY, None)
    _title()
    st.subheader("Inloggen")
    st.write(
        "Deze app bevat vertrouwelijke gegevens over jongeren. Log in met het account dat u van de "
        "beheerder heeft gekregen."
    )
    with st.form("_login_form", clear_on_submit=False):
        name = st.text_input("Naam", key="_login_name", max_chars=200, autocomplete="username")
        password = st.text_input(
            "Wachtwoord",
            type="password",
            key="_login_password",
            max_chars=1000,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button("Inloggen", type="primary")
    if submitted:
        name = (name or "").strip()
        if _THROTTLE.blocked(name):
            st.error(
                "Te veel mislukte pogingen voor deze naam. Probeer het over enkele minuten opnieuw.",
                icon="⏳",
            )
            st.stop()
        user = auth.authenticate(accounts, name, password or "")
        if user is None:
            _THROTTLE.failed(name)
            _audit(
                name[:100] or "(leeg)",
                "login_failed",
                "Inloggen mislukt (onbekende naam of verkeerd wachtwoord)",
            )
            st.error("Onbekende naam of verkeerd wachtwoord.", icon="🔒")
            st.stop()
        _THROTTLE.succeeded(name)
        for key in ("_login_password", "_login_name"):
            st.session_state.pop(key, None)
        st.session_state[AUTH_KEY] = user.to_dict()
        _audit(
            user.name,
            "login",
            f"Ingelogd met wachtwoord als {user.role}" + (f" ({user.partner})" if user.partner else ""),
        )
        st.rerun()
    st.stop()
    raise AssertionError("unreachable")


def _providers(secrets: dict) -> list[str]:
    """Named providers (sub-tables of [auth]); empty for a single unnamed provider."""
    return [k for k, v in secrets.items() if hasattr(v, "keys")]


def _oidc_gate(secrets: dict, accounts: dict[str, auth.Account]) -> User:
    from streamlit.auth_util import is_authlib_installed

    if not is_authlib_installed():
        _title()
        st.error(
            "Inloggen via de identity provider is ingesteld ([auth] in .streamlit/secrets.toml), maar het "
            'pakket Authlib ontbreekt. Installeer het met: pip install "streamlit[auth]". Tot dan worden '
            "er geen gegevens getoond.",
            icon="🔒",
        )
        st.stop()
    info = st.user.to_dict()
    if not info.get("is_logged_in"):
        st.session_state.pop(AUTH_KEY, None)
        _title()
        st.subheader("Inloggen")
        st.write(
            "Deze app bevat vertrouwelijke gegevens over jongeren. Log in met het account van uw organisatie."
        )
        providers = _providers(secrets)
        if providers:
            for provider in providers:
                st.button(
                    f"Inloggen via {provider}",
                    key=f"_login_{provider}",
                    on_click=st.login,
                    args=(provider,),
                    type="primary",
                )
        else:
            st.button("Inloggen", key="_login_oidc", on_click=st.login, type="primary")
        st.stop()
    user = auth.user_for_oidc(accounts, info)
    if user is None:
        _title()
        st.error(
            "U bent ingelogd, maar uw account heeft (nog) geen rol in deze app. Vraag de beheerder u toe te "
            "voegen met: python -m duiding account add <uw e-mailadres> --role <rol> --oidc",
            icon="🔒",
        )
        st.button("Uitloggen", key="_logout_norole", on_click=st.logout)
        st.stop()
    held = st.session_state.get(AUTH_KEY)
    if not held or held.get("name") != user.name:
        _audit(
            user.name,
            "login",
            f"Ingelogd via identity provider als {user.role}"
            + (f" ({user.partner})" if user.partner else ""),
        )
    st.session_state[AUTH_KEY] = user.to_dict()
    return user


def _explain_configuration() -> None:
    _title()
    st.error(
        "Inloggen is verplicht, maar er is nog geen inlogmethode ingesteld. Er worden daarom geen "
        "casusgegevens getoond.",
        icon="🔒",
    )
    st.markdown(
        "Deze app draait op een netwerkadres (of `DUIDING_REQUIRE_LOGIN=1` staat aan). Omdat de casussen "
        "vertrouwelijke gegevens over minderjarigen bevatten, moet iedereen dan inloggen. Kies een van deze "
        "manieren:"
    )
    st.markdown(
        "**1. Ingebouwde accounts** (kleine teams). Maak op de server een account aan; het wachtwoord "
        "wordt als argon2-hash opgeslagen in `config/accounts.toml` (of het bestand in "
        "`DUIDING_ACCOUNTS_FILE`). Herstarten is niet nodig."
    )
    st.code(
        "python -m duiding account add beheer --role beheerder\n"
        "python -m duiding account add regisseur --role procesregisseur\n"
        "python -m duiding account add politie --role partner --partner police",
        language="bash",
    )
    st.markdown(
        "**2. Inloggen via de identity provider van uw organisatie** (OIDC, bijvoorbeeld Microsoft "
        "Entra ID). Zet een `[auth]`-sectie in `.streamlit/secrets.toml` (`redirect_uri`, "
        "`cookie_secret`, `client_id`, `client_secret`, `server_metadata_url`), installeer "
        "`streamlit[auth]` en geef iedere gebruiker een rol via zijn e-mailadres:"
    )
    st.code("python -m duiding account add naam@gemeente.nl --role procesregisseur --oidc", language="bash")
    st.markdown(
        '**Of** gebruik de app alleen op deze computer: zet `address = "127.0.0.1"` onder `[server]` '
        "in `.streamlit/config.toml`. Zie ook README.md, onderdeel Inloggen."
    )


# --- after login ---------------------------------------------------------------------------------


def logout() -> None:
    user = current_user()
    if user is not None and not user.local:
        _audit(user.name, "logout", "Uitgelogd")
    method = (st.session_state.get(AUTH_KEY) or {}).get("method")
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if method == "oidc":
        st.logout()
    st.rerun()


def user_box() -> None:
    """Who is logged in, and a logout button (sidebar). Nothing for the local user."""
    user = current_user()
    if user is None or user.local:
        return
    role = auth.ROLE_LABELS.get(user.role, user.role)
    if user.partner:
        from duiding import vocab

        role = f"{role}, {vocab.label('partner', user.partner)}"
    st.caption("Ingelogd als")
    st.text(f"{user.display_name or user.name} ({role})")
    if st.button("Uitloggen", key="_logout", width="stretch"):
        logout()


def visible_case(case):
    """``case`` as the current user may see it (facts from sources the user may not see removed)."""
    if case is None:
        return None
    from duiding import privacy
    from ui.meeting import current_viewer  # during a meeting: what everyone at the table may see

    user = current_user()
    if user is None:
        raise PermissionError("Niet ingelogd.")
    viewer = current_viewer()
    if privacy.visible_sources(viewer) is None:
        return case
    return privacy.redact_case(case, viewer)


def _page_name() -> str | None:
    """The page being run (its URL path), for the view log; None while app.py runs before
    ``st.navigation`` has chosen the page (the page itself logs the view)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return ""
    try:
        manager = ctx.pages_manager
        info = manager.get_pages().get(ctx.page_script_hash) or {}
        if ctx.page_script_hash in ("", manager.main_script_hash) or (
            str(info.get("script_path", "")) == str(manager.main_script_path)
        ):
            return None
    except Exception:  # pragma: no cover - internal API changed: fall back to the hash
        info = {}
    return str(info.get("url_pathname") or info.get("page_name") or ctx.page_script_hash or "")


def log_view(case, page: str | None = None) -> None:
    """Write one 'view' audit entry the first time this session shows ``page`` of ``case``
    (per case version: a newer version seen again counts as a new view). Called by
    ``ui.state.current_case``, which every page uses to get the case."""
    if case is None:
        return
    page = _page_name() if page is None else page
    if page is None:
        return
    user = current_user()
    if user is None:
        return
    from ui.meeting import view_note

    in_meeting, note = view_note(case)  # the meeting (and table) the page was shown in, if any
    key = (case.id, case.version, page, in_meeting)
    seen = st.session_state.setdefault(_VIEWED, set())
    if key in seen:
        return
    seen.add(key)
    _store().log(
        user.name, "view", case.id, f"Pagina {page or 'start'} bekeken (versie {case.version}){note}"
    )


def env_note() -> str:
    """For the Beheer page: how the gate is configured right now (no secrets)."""
    if not login_required_here():
        return "Alleen op deze computer bereikbaar: geen inlog nodig (gebruiker 'lokaal')."
    if _auth_secrets() is not None:
        return "Inloggen via de identity provider (OIDC); rollen uit de accountlijst."
    forced = os.environ.get(auth.REQUIRE_LOGIN_ENV)
    return "Inloggen met de ingebouwde accountlijst" + (
        " (afgedwongen met DUIDING_REQUIRE_LOGIN)." if forced else "."
    )


def log_export(case_id: str | None, what: str) -> None:
    """Audit an export or download (use as ``st.download_button(..., on_click=log_export, args=(case.id, "…"))``)."""
    user = current_user()
    _store().log(user.name if user else "anoniem", "export", case_id, what)
