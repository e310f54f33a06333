"""Password guessing kept slow and cheap: reserved attempts, few parallel checks, soft delays.

No Streamlit here (the login screen is :mod:`ui.login`). The rules:

- **An attempt is reserved before the password is checked**, under one lock, and counts as a failure
  until it succeeds. So twenty guesses sent at the same moment cannot all pass a limit of five: the
  sixth finds five reservations and is told to wait, without any password check.
- **Per client** (the connection's address) ``client_free`` attempts per ``window``, then a back-off
  that doubles per further attempt up to ``client_max_delay`` seconds.
- **Per name** ``name_free`` attempts per ``window``, then a *soft* delay that doubles up to
  ``name_max_delay`` seconds (30 s by default): someone guessing a colleague's name slows the guessing
  down, but never locks the colleague out for more than half a minute.
- **At most ``max_parallel`` password checks run at once** (argon2id allocates its full memory cost,
  64 MiB with the library defaults, for every check): memory stays bounded by
  ``max_parallel * memory_cost`` however many guesses arrive. A check that cannot start within
  ``busy_timeout`` seconds is refused as "busy" (and counted as an attempt).
- **Failed logins are counted, not logged one by one**: :class:`FailedLoginTally` says when an audit
  row is due (the first failure of a name in a window, then one row with the count per window), and
  caps the rows per window for all names together.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["FailedLoginTally", "LoginGuard", "LoginOutcome"]


@dataclass(frozen=True)
class LoginOutcome:
    """What became of one login attempt. ``status`` is ``ok``, ``wrong``, ``wait`` or ``busy``;
    ``wait`` seconds before the next attempt may be checked (0 when none)."""

    status: str
    user: object | None = None
    wait: float = 0.0

    @property
    def checked(self) -> bool:
        """True when the password was verified (ok or wrong)."""
        return self.status in ("ok", "wrong")


@dataclass
class _Budget:
    """Attempts of one key (a client or a name) in the current window."""

    attempts: list[float] = field(default_factory=list)

    def recent(self, now: float, window: float) -> list[float]:
        self.attempts = [t for t in self.attempts if now - t < window]
        return self.attempts


def _delay(count: int, free: int, cap: float) -> float:
    """Seconds to wait after ``count`` attempts when ``free`` are allowed: 0, then 1, 2, 4 ... ``cap``."""
    if count < free:
        return 0.0
    return min(float(2 ** (count - free)), cap)


class LoginGuard:
    """Reserve, bound and check login attempts (thread-safe, process-wide)."""

    def __init__(
        self,
        *,
        client_free: int = 5,
        name_free: int = 5,
        window: float = 300.0,
        client_max_delay: float = 300.0,
        name_max_delay: float = 30.0,
        max_parallel: int = 2,
        busy_timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_free = client_free
        self.name_free = name_free
        self.window = window
        self.client_max_delay = client_max_delay
        self.name_max_delay = name_max_delay
        self.max_parallel = max_parallel
        self.busy_timeout = busy_timeout
        self.clock = clock
        self._lock = threading.Lock()
        self._checks = threading.BoundedSemaphore(max_parallel)
        self._clients: dict[str, _Budget] = {}
        self._names: dict[str, _Budget] = {}

    @staticmethod
    def _name_key(name: str) -> str:
        return name.strip().casefold()[:200]

    def _wait_for(self, budget: _Budget, now: float, free: int, cap: float) -> float:
        recent = budget.recent(now, self.window)
        delay = _delay(len(recent), free, cap)
        if not delay:
            return 0.0
        return max(0.0, recent[-1] + delay - now)

    def reserve(self, name: str, client: str) -> float:
        """Reserve one attempt; 0 when it may be checked now, else the seconds to wait (nothing reserved)."""
        with self._lock:
            now = self.clock()
            by_client = self._clients.setdefault(client, _Budget())
            by_name = self._names.setdefault(self._name_key(name), _Budget())
            wait = max(
                self._wait_for(by_client, now, self.client_free, self.client_max_delay),
                self._wait_for(by_name, now, self.name_free, self.name_max_delay),
            )
            if wait > 0:
                return wait
            by_client.attempts.append(now)
            by_name.attempts.append(now)
            self._forget_old(now)
            return 0.0

    def _forget_old(self, now: float) -> None:
        # keeps memory bounded when many names or clients are tried
        if len(self._clients) + len(self._names) < 10_000:
            return
        for table in (self._clients, self._names):
            for key in [k for k, b in table.items() if not b.recent(now, self.window)]:
                del table[key]

    def succeeded(self, name: str, client: str) -> None:
        """A correct password: the name's attempts are forgiven, the client gets this attempt back."""
        with self._lock:
            self._names.pop(self._name_key(name), None)
            by_client = self._clients.get(client)
            if by_client and by_client.attempts:
                by_client.attempts.pop()

    def attempt(self, name: str, client: str, check: Callable[[], object | None]) -> LoginOutcome:
        """Reserve an attempt, then run ``check`` (the password verification; returns the user or
        None) with at most ``max_parallel`` checks at a time."""
        wait = self.reserve(name, client)
        if wait > 0:
            return LoginOutcome("wait", wait=wait)
        if not self._checks.acquire(timeout=self.busy_timeout):
            return LoginOutcome("busy", wait=1.0)
        try:
            user = check()
        finally:
            self._checks.release()
        if user is None:
            return LoginOutcome("wrong")
        self.succeeded(name, client)
        return LoginOutcome("ok", user=user)


class FailedLoginTally:
    """When to write a failed-login audit row: one per name per window, at most ``max_rows`` per window.

    :meth:`failed` returns the Dutch detail for a row that is due now, or None while the failure is
    only counted. The count of the failures in between is in the next row of that name."""

    def __init__(
        self, window: float = 300.0, max_rows: int = 20, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.window = window
        self.max_rows = max_rows
        self.clock = clock
        self._lock = threading.Lock()
        self._since: dict[str, tuple[float, int]] = {}  # name -> (time of its last row, failures since)
        self._rows: list[float] = []
        self._overflow = 0

    def failed(self, name: str) -> tuple[str, str] | None:
        """Count one failure of ``name``; (user, detail) for an audit row that is due, else None."""
        key = name.strip().casefold()[:100]
        with self._lock:
            now = self.clock()
            self._rows = [t for t in self._rows if now - t < self.window]
            last, count = self._since.get(key, (None, 0))
            count += 1
            if last is not None and now - last < self.window:
                self._since[key] = (last, count)
                return None
            if len(self._rows) >= self.max_rows:
                self._overflow += 1
                self._since.pop(key, None)
                return None
            self._rows.append(now)
            self._since[key] = (now, 0)
            if len(self._since) > 10_000:
                self._since = {k: v for k, v in self._since.items() if now - v[0] < self.window}
            overflow, self._overflow = self._overflow, 0
            detail = "Inloggen mislukt (onbekende naam of verkeerd wachtwoord)"
            if count > 1:
                detail += f"; {count} mislukte pogingen sinds de vorige melding"
            if overflow:
                detail += f"; daarnaast {overflow} mislukte pogingen met andere namen niet apart vermeld"
            return name.strip()[:100] or "(leeg)", detail
