"""Accounts, passwords, roles and when a login is required (duiding.auth)."""

from __future__ import annotations

import io
import stat

import pytest

from duiding import auth
from duiding.cli import main


@pytest.fixture
def accounts_file(tmp_path, monkeypatch):
    path = tmp_path / "accounts.toml"
    monkeypatch.setenv("DUIDING_ACCOUNTS_FILE", str(path))
    return path


def test_password_hash_is_argon2id_and_verifies_only_the_right_password():
    h = auth.hash_password("correct horse battery")
    assert h.startswith("$argon2id$")
    assert "correct horse" not in h
    assert auth.verify_password(h, "correct horse battery") is True
    assert auth.verify_password(h, "correct horse batterY") is False
    assert auth.verify_password("not-a-hash", "correct horse battery") is False
    assert auth.hash_password("correct horse battery") != h  # salted


def test_short_password_is_refused_in_dutch():
    with pytest.raises(auth.AccountError, match="ten minste 10 tekens"):
        auth.hash_password("kort")


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.1.1", True),
        ("0.0.0.0", False),
        ("", False),  # empty = all interfaces
        (None, False),
        ("192.168.1.20", False),
        ("groepsduiding.gemeente.nl", False),
    ],
)
def test_is_local_address(address, local):
    assert auth.is_local_address(address) is local


@pytest.mark.parametrize(
    ("address", "env", "required"),
    [
        ("127.0.0.1", {}, False),
        ("127.0.0.1", {"DUIDING_REQUIRE_LOGIN": "1"}, True),
        ("127.0.0.1", {"DUIDING_REQUIRE_LOGIN": "0"}, False),
        ("0.0.0.0", {}, True),
        ("0.0.0.0", {"DUIDING_REQUIRE_LOGIN": "0"}, True),  # the env var can only force a login
    ],
)
def test_login_required(address, env, required):
    assert auth.login_required(address, env) is required


@pytest.mark.parametrize(
    ("user", "edit", "admin"),
    [
        (auth.User("b", "beheerder"), True, True),
        (auth.User("r", "procesregisseur"), True, False),
        (auth.User("p", "partner", "police"), False, False),
        (auth.LOCAL_USER, True, True),
        (None, False, False),
    ],
)
def test_role_permissions(user, edit, admin):
    assert auth.can_edit(user) is edit
    assert auth.can_admin(user) is admin


def test_local_user_is_procesregisseur_named_lokaal():
    assert (auth.LOCAL_USER.name, auth.LOCAL_USER.role, auth.LOCAL_USER.local) == (
        "lokaal",
        "procesregisseur",
        True,
    )


def test_accounts_round_trip_and_authenticate(accounts_file):
    auth.add_account(
        "anna", "partner", "wachtwoord-anna-1", partner="police", display_name='Anna "A" \\ de Vries'
    )
    auth.add_account("bob@gemeente.nl", "procesregisseur", None)
    accounts = auth.load_accounts()
    assert sorted(accounts) == ["anna", "bob@gemeente.nl"]
    assert accounts["anna"].display_name == 'Anna "A" \\ de Vries'
    assert stat.S_IMODE(accounts_file.stat().st_mode) == 0o600
    assert "wachtwoord-anna-1" not in accounts_file.read_text()

    user = auth.authenticate(accounts, "anna", "wachtwoord-anna-1")
    assert user == auth.User("anna", "partner", "police", 'Anna "A" \\ de Vries', "account")
    assert auth.authenticate(accounts, "anna", "verkeerd-wachtwoord") is None
    assert auth.authenticate(accounts, "onbekend", "wachtwoord-anna-1") is None
    # An OIDC-only entry has no password: it can never log in with one.
    assert auth.authenticate(accounts, "bob@gemeente.nl", "") is None


def test_account_rules_are_enforced(accounts_file):
    with pytest.raises(auth.AccountError, match="partnerorganisatie nodig"):
        auth.add_account("p", "partner", "wachtwoord-lang-genoeg")
    with pytest.raises(auth.AccountError, match="Onbekende partnerorganisatie"):
        auth.add_account("p", "partner", "wachtwoord-lang-genoeg", partner="fbi")
    with pytest.raises(auth.AccountError, match="Onbekende rol"):
        auth.add_account("p", "koning", "wachtwoord-lang-genoeg")
    auth.add_account("p", "beheerder", "wachtwoord-lang-genoeg")
    with pytest.raises(auth.AccountError, match="bestaat al"):
        auth.add_account("p", "beheerder", "wachtwoord-lang-genoeg")
    assert not accounts_file.with_suffix(".toml.tmp").exists()


def test_broken_account_file_is_refused_in_dutch(accounts_file):
    accounts_file.write_text('[accounts.x]\nrole = "keizer"\n')
    with pytest.raises(auth.AccountError, match="Onbekende rol 'keizer'"):
        auth.load_accounts()
    accounts_file.write_text("[accounts.x\n")
    with pytest.raises(auth.AccountError, match="niet te lezen"):
        auth.load_accounts()


def test_oidc_user_gets_role_from_account_list(accounts_file):
    auth.add_account("Bob@Gemeente.nl", "partner", None, partner="youth_work")
    accounts = auth.load_accounts()
    user = auth.user_for_oidc(accounts, {"email": "bob@gemeente.nl", "name": "Bob", "is_logged_in": True})
    assert user == auth.User("Bob@Gemeente.nl", "partner", "youth_work", "Bob", "oidc")
    assert auth.user_for_oidc(accounts, {"email": "eve@elders.nl", "is_logged_in": True}) is None


def test_cli_account_add_list_remove(accounts_file, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("een-goed-wachtwoord\n"))
    assert (
        main(["account", "add", "politie", "--role", "partner", "--partner", "police", "--password-stdin"])
        == 0
    )
    assert "Account 'politie' (partner, partner police) opgeslagen" in capsys.readouterr().out
    acc = auth.load_accounts()["politie"]
    assert auth.verify_password(acc.password_hash, "een-goed-wachtwoord")

    assert main(["account", "list"]) == 0
    out = capsys.readouterr().out
    assert "politie" in out and "$argon2" not in out

    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["account", "add", "x", "--role", "beheerder", "--password-stdin"]) == 1
    assert "ten minste 10 tekens" in capsys.readouterr().err

    assert main(["account", "remove", "politie"]) == 0
    assert auth.load_accounts() == {}
    assert main(["account", "remove", "politie"]) == 1


def test_login_throttle_blocks_after_five_failures_per_name():
    now = [0.0]
    throttle = auth.LoginThrottle(limit=5, window=300, clock=lambda: now[0])
    for _ in range(4):
        throttle.failed("Anna")
    assert not throttle.blocked("anna")
    throttle.failed("anna ")
    assert throttle.blocked("ANNA")
    assert not throttle.blocked("bob")
    now[0] = 301.0
    assert not throttle.blocked("anna")


def test_twenty_parallel_guesses_check_at_most_five_and_the_right_one_beyond_them_fails():
    """Attempts are reserved before the check: five slow wrong guesses hold the budget, the fifteen
    that arrive meanwhile (the right password among them) are told to wait, unchecked."""
    import threading

    from duiding.login_guard import LoginGuard

    guard = LoginGuard(max_parallel=2)
    release, checks, running, peak = threading.Event(), [], [0], [0]
    lock = threading.Lock()

    def check(password):
        def run():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
                checks.append(password)
            release.wait(5)
            with lock:
                running[0] -= 1
            return "user" if password == "goed" else None

        return run

    first = [threading.Thread(target=guard.attempt, args=("anna", f"c{i}", check("fout"))) for i in range(5)]
    for t in first:
        t.start()
    results = [guard.attempt("anna", f"d{i}", check("goed" if i == 7 else "fout")) for i in range(15)]
    release.set()
    for t in first:
        t.join()
    assert [r.status for r in results] == ["wait"] * 15
    assert len(checks) == 5 and "goed" not in checks
    assert peak[0] <= 2  # at most two argon2 checks (64 MiB each) at once
    assert max(r.wait for r in results) <= 30  # a soft delay, not a lockout of the name
