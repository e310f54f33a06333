"""Helpers for end-to-end tests: a real `streamlit run` server and Debian's Chromium with the internet blocked.

Usage in a test (mark it ``@pytest.mark.browser`` and take the ``chromium_path`` fixture)::

    with running_app(tmp_path) as base_url, chromium_page(chromium_path, tmp_path) as (page, log):
        page.goto(base_url)
        ...
        assert not log.blocked and not log.console_errors
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STREAMLIT_PROBE = re.compile(r"/_stcore/(health|host-config)$")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(tmp_path: Path, env: dict[str, str] | None = None, init: bool = True) -> Iterator[str]:
    """Start `streamlit run app.py` on a free localhost port with its own SQLite file; yield the base URL."""
    port = free_port()
    environ = dict(os.environ)
    environ["DUIDING_DATABASE_URL"] = f"sqlite:///{tmp_path / 'e2e.db'}"
    # No file watcher: a source file saved while the test runs (another edit in the working tree) made
    # Streamlit reload duiding.model, after which cached Case objects failed to pickle (PicklingError).
    environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    environ.update(env or {})
    if init:
        subprocess.run(
            [sys.executable, "-m", "duiding", "init"], cwd=ROOT, env=environ, check=True, capture_output=True
        )
    log = open(tmp_path / "streamlit.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("Streamlit did not start:\n" + (tmp_path / "streamlit.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@dataclass
class BrowserLog:
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome-extension"):
        return True
    return parsed.hostname in LOCAL_HOSTS or (parsed.hostname or "").startswith("127.")


@contextlib.contextmanager
def chromium_page(chromium_path: str, tmp_path: Path, width: int = 1600, height: int = 1000):
    """A fresh Chromium profile; every request not to localhost is aborted and recorded."""
    from playwright.sync_api import sync_playwright

    log = BrowserLog()
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=chromium_path,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )

        def route(r):
            if _is_local(r.request.url):
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.pages[0] if context.pages else context.new_page()

        def on_console(message):
            # Streamlit probes path-prefixed health/host-config URLs on sub-pages (/leden/_stcore/health)
            # before falling back to the root ones; those 404s are its own and harmless.
            where = (message.location or {}).get("url", "")
            if message.type == "error" and not STREAMLIT_PROBE.search(where):
                log.console_errors.append(f"{message.text} ({where})")

        page.on("console", on_console)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))

        def on_dialog(d):
            log.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        try:
            yield page, log
        finally:
            context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the app's own navigation is drawn and Streamlit has finished running the script.

    Before the first script run Streamlit shows the raw file names of pages/ in the sidebar; the app's
    Dutch page titles appear only once app.py has run ``st.navigation``.
    """
    page.wait_for_selector('[data-testid="stSidebarNav"] >> text="Start"', timeout=timeout)
    page.wait_for_function(
        """() => {
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            const running = status && /Running|Bezig/.test(status.innerText);
            return !running && !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def settled(page, timeout: float = 30_000, pause_ms: int = 700) -> None:
    """Wait until a script run has finished, also on pages without the app's navigation (login)."""
    page.wait_for_selector('[data-testid="stSidebarNav"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return !(status && /Running|Bezig/.test(status.innerText));
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(pause_ms)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
