"""Shared fixtures: a fresh SQLite store per test, PostgreSQL when reachable, the browser when installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite database file, also set as DUIDING_DATABASE_URL for code that reads it."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("DUIDING_DATABASE_URL", url)
    return url


def _postgres_reachable(url: str) -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is pinned in requirements.txt
        return "psycopg is niet geïnstalleerd"
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=2):
            return None
    except (OSError, psycopg.Error) as exc:
        return f"PostgreSQL niet bereikbaar op {dsn}: {exc.__class__.__name__}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the test PostgreSQL; skips (or fails in CI, DUIDING_REQUIRE_POSTGRES=1) when unreachable."""
    url = os.environ.get("DUIDING_TEST_POSTGRES_URL", DEFAULT_PG_URL)
    reason = _postgres_reachable(url)
    if reason:
        if os.environ.get("DUIDING_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is vereist in CI maar: {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium; browser tests skip with a clear message when it is missing."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium ontbreekt in CI (.ci/run installeert het)")
        pytest.skip(
            "/usr/bin/chromium ontbreekt: installeer het Debian-pakket 'chromium' voor de browsertests"
        )
    return str(CHROMIUM)
