"""Who may use the app, in which role: accounts, password hashes, roles, when a login is required.

No Streamlit here (the login screen is :mod:`ui.auth`). The rules:

- **When a login is required.** Whenever the server listens on an address that is not this machine
  (``server.address`` other than ``localhost``, ``127.0.0.1`` or ``::1``; an empty address means *all*
  interfaces and counts as a network address), or when the environment sets
  ``DUIDING_REQUIRE_LOGIN=1`` (used by tests and by deployments behind a local reverse proxy).
- **On this machine without a login** the user is ``lokaal`` with role ``procesregisseur``; the
  local user may also open the Beheer page (it is the only person who can reach the app).
- **Two ways to log in** on a network address: Streamlit's ``st.login`` (OIDC) when ``[auth]`` is
  configured in ``.streamlit/secrets.toml``, and a small built-in account list (TOML file named by
  ``DUIDING_ACCOUNTS_FILE``, default ``config/accounts.toml``) with argon2id password hashes.
  OIDC users get their role from the same account list (an entry keyed by e-mail address, without
  password); an OIDC user not in the list gets no access.
- **Roles.** ``beheerder`` (everything, including the Beheer page), ``procesregisseur`` (reads and
  edits every case), ``partner`` (reads what its organisation may see under the convenant, see
  :mod:`duiding.privacy`; never edits).

Command line (registered by :func:`register`)::

    python -m duiding account add NAAM --role partner --partner police   # asks for the password
    python -m duiding account list
    python -m duiding account remove NAAM
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "LOCAL_ADDRESSES",
    "LOCAL_USER",
    "ROLES",
    "ROLE_LABELS",
    "Account",
    "AccountError",
    "LoginThrottle",
    "User",
    "accounts_path",
    "add_account",
    "authenticate",
    "can_admin",
    "can_edit",
    "hash_password",
    "is_local_address",
    "is_local_request",
    "is_loopback_host",
    "load_accounts",
    "login_required",
    "register",
    "remove_account",
    "save_accounts",
    "user_for_oidc",
    "verify_password",
]

ROLES = ("beheerder", "procesregisseur", "partner")
ROLE_LABELS = {
    "beheerder": "Beheerder",
    "procesregisseur": "Procesregisseur",
    "partner": "Partner (alleen lezen)",
}
LOCAL_ADDRESSES = {"localhost", "127.0.0.1", "::1", "[::1]"}
REQUIRE_LOGIN_ENV = "DUIDING_REQUIRE_LOGIN"
ACCOUNTS_ENV = "DUIDING_ACCOUNTS_FILE"
ROOT = Path(__file__).resolve().parent.parent
MIN_PASSWORD_LENGTH = 10

_HASHER = PasswordHasher()  # argon2id with the library's current (RFC 9106 low-memory) defaults
_DUMMY: list[str] = []  # a hash to verify against for unknown names (made on first use)


def _dummy_hash() -> str:
    """Verifying against this keeps the time for an unknown name equal to a wrong password."""
    if not _DUMMY:
        _DUMMY.append(_HASHER.hash("geen-account-met-deze-naam"))
    return _DUMMY[0]


class AccountError(ValueError):
    """A refused account change; the message is Dutch."""


@dataclass(frozen=True)
class User:
    """Someone using the app. ``partner`` is the organisation code (vocabulary ``partner``)."""

    name: str
    role: str
    partner: str | None = None
    display_name: str = ""
    method: str = "account"  # "account", "oidc" or "local"

    @property
    def local(self) -> bool:
        return self.method == "local"

    def to_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "role": self.role,
            "partner": self.partner,
            "display_name": self.display_name,
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, data: dict) -> User:
        return cls(
            name=str(data["name"]),
            role=str(data["role"]),
            partner=data.get("partner") or None,
            display_name=str(data.get("display_name") or ""),
            method=str(data.get("method") or "account"),
        )


LOCAL_USER = User(name="lokaal", role="procesregisseur", display_name="Lokale gebruiker", method="local")


@dataclass(frozen=True)
class Account:
    """One entry of the account list. ``password_hash`` is empty for OIDC users (keyed by e-mail)."""

    name: str
    role: str
    partner: str | None = None
    display_name: str = ""
    password_hash: str = ""

    def user(self, method: str = "account") -> User:
        return User(self.name, self.role, self.partner, self.display_name, method)


# --- permissions ---------------------------------------------------------------------------------


def can_edit(user: User | None) -> bool:
    """Procesregisseur and beheerder change cases; partners only read."""
    return user is not None and user.role in ("beheerder", "procesregisseur")


def can_admin(user: User | None) -> bool:
    """The Beheer page (audit log, retention, art. 15/17): beheerder, or the local user on this machine."""
    return user is not None and (user.role == "beheerder" or user.local)


# --- when a login is needed ----------------------------------------------------------------------


def is_local_address(address: str | None) -> bool:
    """True for an address that only this machine can reach. Empty means all interfaces: not local."""
    if not address:
        return False
    return address.strip().lower() in LOCAL_ADDRESSES or address.strip().startswith("127.")


def is_loopback_host(host: str | None) -> bool:
    """True for a ``Host`` header (name, optional port) that names this machine by a loopback name
    or address. A DNS-rebinding page arrives with its own name (``rebind.attacker.example:8501``)."""
    if not host:
        return False
    try:
        parts = urlsplit(f"//{host.strip()}")
        name = parts.hostname
        _ = parts.port  # a port that is not a number raises
    except ValueError:
        return False
    if not name or parts.username is not None or parts.path or parts.query or parts.fragment:
        return False
    name = name.lower().rstrip(".")
    return name in ("localhost", "::1") or (name.startswith("127.") and name.replace(".", "").isdigit())


def is_local_request(host: str | None, origin: str | None) -> bool:
    """True when a request may use the no-login local mode: its ``Host`` is a loopback name and its
    ``Origin`` (when sent; browsers always send it on a WebSocket) is that very same address, so
    neither a rebinding page nor a page on another local port (``http://localhost:9999``) qualifies.

    >>> is_local_request("127.0.0.1:8501", "http://127.0.0.1:8501")
    True
    >>> is_local_request("rebind.attacker.example:8501", "http://rebind.attacker.example:8501")
    False
    >>> is_local_request("localhost:8501", "http://localhost:9999")
    False
    """
    if not is_loopback_host(host):
        return False
    if origin is None:
        return True
    parts = urlsplit(origin.strip())
    return parts.scheme in ("http", "https") and parts.netloc.lower() == str(host).strip().lower()


def login_required(address: str | None, environ: dict[str, str] | None = None) -> bool:
    """A login is required on a network address, or when ``DUIDING_REQUIRE_LOGIN=1`` forces it."""
    env = os.environ if environ is None else environ
    forced = env.get(REQUIRE_LOGIN_ENV, "").strip().lower() in ("1", "true", "ja", "yes")
    return forced or not is_local_address(address)


# --- passwords -----------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Het wachtwoord moet ten minste {MIN_PASSWORD_LENGTH} tekens lang zijn.")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; False for a wrong password or an unreadable hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- the account file ----------------------------------------------------------------------------


def accounts_path() -> Path:
    env = os.environ.get(ACCOUNTS_ENV)
    return Path(env) if env else ROOT / "config" / "accounts.toml"


def _check(name: str, role: str, partner: str | None) -> None:
    if not name or not name.strip() or any(c in name for c in '\n\r\t"\\'):
        raise AccountError("Geef een naam zonder regeleinden, tabs, aanhalingstekens of backslashes.")
    if role not in ROLES:
        raise AccountError(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES)}.")
    if role == "partner":
        from duiding import vocab

        if not partner:
            raise AccountError(
                "Een account met rol 'partner' heeft een partnerorganisatie nodig (--partner)."
            )
        if partner not in vocab.codes("partner"):
            raise AccountError(
                f"Onbekende partnerorganisatie '{partner}'. Kies uit: {', '.join(vocab.codes('partner'))}."
            )


def load_accounts(path: Path | None = None) -> dict[str, Account]:
    """The account list; empty when the file does not exist. A broken file raises AccountError."""
    path = path or accounts_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AccountError(f"Accountbestand {path} is niet te lezen: {exc}") from exc
    entries = data.get("accounts", {})
    if not isinstance(entries, dict):
        raise AccountError(f"Accountbestand {path}: verwacht tabellen [accounts.NAAM].")
    accounts: dict[str, Account] = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise AccountError(f"Accountbestand {path}: account '{name}' is geen tabel.")
        role = str(entry.get("role", ""))
        partner = entry.get("partner") or None
        _check(str(name), role, partner)
        accounts[str(name)] = Account(
            name=str(name),
            role=role,
            partner=partner,
            display_name=str(entry.get("display_name", "")),
            password_hash=str(entry.get("password_hash", "")),
        )
    return accounts


def _toml_string(text: str) -> str:
    # JSON string escapes (\", \\, \n, \uXXXX) are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def save_accounts(accounts: dict[str, Account], path: Path | None = None) -> Path:
    """Write the account list (atomically, readable by the owner only)."""
    path = path or accounts_path()
    lines = [
        "# Groepsduiding accounts. Beheer met 'python -m duiding account ...'.",
        "# Dit bestand bevat wachtwoord-hashes: niet in git zetten, niet delen.",
        "",
    ]
    for name in sorted(accounts):
        acc = accounts[name]
        lines.append(f"[accounts.{_toml_string(acc.name)}]")
        lines.append(f"role = {_toml_string(acc.role)}")
        if acc.partner:
            lines.append(f"partner = {_toml_string(acc.partner)}")
        if acc.display_name:
            lines.append(f"display_name = {_toml_string(acc.display_name)}")
        if acc.password_hash:
            lines.append(f"password_hash = {_toml_string(acc.password_hash)}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    os.replace(tmp, path)
    return path


def add_account(
    name: str,
    role: str,
    password: str | None,
    partner: str | None = None,
    display_name: str = "",
    path: Path | None = None,
    replace: bool = False,
) -> Account:
    """Add (or with ``replace`` change) an account. ``password`` None makes an OIDC-only entry."""
    _check(name, role, partner)
    accounts = load_accounts(path)
    if name in accounts and not replace:
        raise AccountError(f"Account '{name}' bestaat al (gebruik --replace om het te wijzigen).")
    acc = Account(
        name=name,
        role=role,
        partner=partner if role == "partner" else partner or None,
        display_name=display_name,
        password_hash=hash_password(password) if password is not None else "",
    )
    accounts[name] = acc
    save_accounts(accounts, path)
    return acc


def remove_account(name: str, path: Path | None = None) -> None:
    accounts = load_accounts(path)
    if name not in accounts:
        raise AccountError(f"Account '{name}' bestaat niet.")
    del accounts[name]
    save_accounts(accounts, path)


def authenticate(accounts: dict[str, Account], name: str, password: str) -> User | None:
    """The user for a correct name and password, else None (same work for unknown names)."""
    acc = accounts.get(name.strip())
    if acc is None or not acc.password_hash:
        verify_password(_dummy_hash(), password)
        return None
    return acc.user("account") if verify_password(acc.password_hash, password) else None


def user_for_oidc(accounts: dict[str, Account], claims: dict) -> User | None:
    """The role of an identity-provider user: the account whose name is the e-mail address (or
    ``sub``). None when the person is not in the account list (no role, no access)."""
    for key in ("email", "sub"):
        value = str(claims.get(key) or "").strip()
        if not value:
            continue
        for acc in accounts.values():
            if acc.name.casefold() == value.casefold():
                display = str(claims.get("name") or acc.display_name or acc.name)
                return User(acc.name, acc.role, acc.partner, display, "oidc")
    return None


class LoginThrottle:
    """At most ``limit`` failed logins per name within ``window`` seconds (process-wide)."""

    def __init__(self, limit: int = 5, window: float = 300.0, clock=time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> list[float]:
        now = self.clock()
        kept = [t for t in self._failures.get(key, []) if now - t < self.window]
        self._failures[key] = kept
        return kept

    def blocked(self, name: str) -> bool:
        with self._lock:
            return len(self._recent(name.strip().casefold())) >= self.limit

    def failed(self, name: str) -> None:
        with self._lock:
            self._recent(name.strip().casefold()).append(self.clock())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.strip().casefold(), None)


# --- command line --------------------------------------------------------------------------------


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Wachtwoord: ")
    second = getpass.getpass("Nogmaals: ")
    if first != second:
        raise AccountError("De wachtwoorden zijn niet gelijk.")
    return first


def _cmd_add(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else None
    try:
        password = None if args.oidc else _read_password(args)
        acc = add_account(
            args.name, args.role, password, args.partner, args.display_name or "", path, replace=args.replace
        )
    except AccountError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    where = path or accounts_path()
    extra = f", partner {acc.partner}" if acc.partner else ""
    kind = "inloggen via identity provider" if args.oidc else "wachtwoord opgeslagen als argon2id-hash"
    print(f"Account '{acc.name}' ({acc.role}{extra}) opgeslagen in {where} ({kind}).")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    try:
        accounts = load_accounts(Path(args.file) if args.file else None)
    except AccountError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    if not accounts:
        print("Nog geen accounts. Voeg er een toe met 'python -m duiding account add NAAM --role ROL'.")
        return 0
    for acc in accounts.values():
        kind = "wachtwoord" if acc.password_hash else "identity provider"
        print(f"{acc.name:<30} {acc.role:<16} {acc.partner or '-':<22} {kind}")
    return 0


def _cmd_remove(args: argparse.Namespace) -> int:
    try:
        remove_account(args.name, Path(args.file) if args.file else None)
    except AccountError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Account '{args.name}' verwijderd.")
    return 0


def register(subparsers) -> None:
    """Add ``account add|list|remove`` to the ``python -m duiding`` parser."""
    p = subparsers.add_parser("account", help="accounts voor inloggen beheren (ingebouwde accountlijst)")
    p.add_argument(
        "--file", metavar="PAD", help=f"accountbestand (standaard {ACCOUNTS_ENV} of config/accounts.toml)"
    )
    acc_sub = p.add_subparsers(dest="account_command", metavar="actie", required=True)

    a = acc_sub.add_parser("add", help="account toevoegen (vraagt om het wachtwoord)")
    a.add_argument(
        "name", metavar="NAAM", help="inlognaam (of e-mailadres voor inloggen via identity provider)"
    )
    a.add_argument("--role", required=True, choices=ROLES, help="rol")
    a.add_argument(
        "--partner", help="partnerorganisatie (code, bijv. police, youth_work); verplicht bij rol partner"
    )
    a.add_argument("--display-name", help="naam zoals getoond in de app")
    a.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin (één regel)")
    a.add_argument(
        "--oidc", action="store_true", help="geen wachtwoord: deze persoon logt in via de identity provider"
    )
    a.add_argument("--replace", action="store_true", help="bestaand account overschrijven")
    a.set_defaults(func=_cmd_add)

    ls = acc_sub.add_parser("list", help="accounts tonen (zonder hashes)")
    ls.set_defaults(func=_cmd_list)

    rm = acc_sub.add_parser("remove", help="account verwijderen")
    rm.add_argument("name", metavar="NAAM")
    rm.set_defaults(func=_cmd_remove)
