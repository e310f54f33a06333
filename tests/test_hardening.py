"""Hardening that a deployment relies on: XSRF on, upload limit consistent and explained in Dutch,
no secrets in the repository, no unsafe HTML with user data in the app code."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_server_defaults_are_safe():
    server = _config()["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert _config()["client"]["showErrorDetails"] == "none"


def test_upload_limit_matches_the_import_check_and_is_explained_in_dutch():
    from duiding.io.tables import MAX_BYTES, TableError, read_table

    assert _config()["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES
    too_big = b"id;naam\n" + b"x" * MAX_BYTES
    try:
        read_table(too_big, "leden.csv")
    except TableError as exc:
        assert str(exc) == "Het bestand is te groot (10.0 MB); het maximum is 10 MB."
    else:  # pragma: no cover - the assertion below explains the failure
        raise AssertionError("a file over the limit was read")


def _tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if line]


def test_secret_files_are_ignored_by_git():
    for path in (".streamlit/secrets.toml", "config/accounts.toml"):
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
        assert result.returncode == 0, f"{path} is niet git-ignored"
    tracked = {p.relative_to(ROOT).as_posix() for p in _tracked()}
    assert ".streamlit/secrets.toml" not in tracked
    assert "config/accounts.toml" not in tracked


SECRET_PATTERNS = [
    re.compile(r"\$argon2id?\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{20,}"),  # real hash
    re.compile(r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}"),  # bcrypt
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"(?i)(client_secret|cookie_secret|api_key|secret_key)\s*=\s*\"[^\"\s]{12,}\""),
    re.compile(r"AKIA[0-9A-Z]{16}"),
]


def test_no_secrets_in_tracked_files():
    hits = []
    for path in _tracked():
        if path.suffix in {".png", ".xlsx", ".db", ".ico", ".woff", ".woff2"} or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for pattern in SECRET_PATTERNS:
            hits += [(path.name, m.group(0)[:40]) for m in pattern.finditer(text)]
    assert hits == []


def test_no_unsafe_html_in_app_code():
    """``unsafe_allow_html`` is never used; ``st.html`` only in reviewed places with escaped or constant
    content (theme CSS, the escaped network legend)."""
    reviewed_html = {"ui/theme.py", "pages/netwerk.py"}
    problems = []
    for path in [
        ROOT / "app.py",
        *sorted((ROOT / "ui").glob("*.py")),
        *sorted((ROOT / "pages").glob("*.py")),
    ]:
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        if "unsafe_allow_html" in text:
            problems.append((rel, "unsafe_allow_html"))
        if re.search(r"\bst\.html\(", text) and rel not in reviewed_html:
            problems.append((rel, "st.html"))
        if re.search(r"components\.v1", text):
            problems.append((rel, "components.v1"))
    assert problems == []


def test_running_server_refuses_an_upload_without_xsrf_token(tmp_path):
    """XSRF protection is really on: a file upload without the token is refused (403)."""
    import sys
    import urllib.error
    import urllib.request

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import running_app

    with running_app(tmp_path) as base:
        body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\na;b\r\n--b--\r\n'
        request = urllib.request.Request(
            base + "/_stcore/upload_file/sessie/bestand",
            data=body,
            method="PUT",
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as exc:
            assert exc.code == 403
            assert b"XSRF" in exc.read()
        else:  # pragma: no cover - the assertion explains the failure
            raise AssertionError("upload without XSRF token was accepted")
