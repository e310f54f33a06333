"""Benchmark: script rerun time of every page in app.py on the sample case (median <= 100 ms).

Run: ``.venv/bin/python bench/pages.py [--runs N] [--profile PAGE]``.

Each page is opened once (that first run fills the caches: analysis, layout, plan figures) and then
rerun N times with nothing changed, as happens when a user clicks a widget that does not touch the
case. Measured through Streamlit's AppTest on a fresh SQLite file, in meeting mode (the default) and
with meeting mode off. AppTest adds its own overhead (it serialises every element into a proto tree),
so the real server is a little faster. ``--profile netwerk`` prints the top of a cProfile of the reruns
of that page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGET_MS = 100.0


def _load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"
    except OSError:  # pragma: no cover - not on Linux
        return "load unknown"


def _set_meeting_mode(at, on: bool) -> None:
    toggle = at.sidebar.toggle(key="_meeting_toggle")
    if toggle.value != on:
        toggle.set_value(on).run()


class _ThreadProfile:
    """cProfile of the script thread: AppTest runs each script run in a thread of its own, so a
    profiler in the main thread would only see AppTest waiting."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

        self.stats: pstats.Stats | None = None
        self.active = False
        original = ScriptRunner._run_script
        owner = self

        def run_script(runner, rerun_data):
            if not owner.active:
                return original(runner, rerun_data)
            profiler = cProfile.Profile()
            profiler.enable()
            try:
                return original(runner, rerun_data)
            finally:
                profiler.disable()
                if owner.stats is None:
                    owner.stats = pstats.Stats(profiler)
                else:
                    owner.stats.add(profiler)

        ScriptRunner._run_script = run_script

    def report(self, lines: int = 40) -> str:
        out = io.StringIO()
        if self.stats is not None:
            self.stats.stream = out
            self.stats.sort_stats("cumulative").print_stats(lines)
        return out.getvalue()


def measure(runs: int, profile: str | None) -> list[tuple[str, str, float, float, float]]:
    from helpers_apptest import listed_pages, start_app

    profiler = _ThreadProfile() if profile else None
    rows = []
    at = start_app(timeout=120)
    assert not at.exception, at.exception
    for meeting in (True, False):
        _set_meeting_mode(at, meeting)
        for page in listed_pages():
            at.switch_page(page).run()  # first visit: caches filled, editors built
            assert not at.exception, (page, at.exception)
            at.run()  # one warm-up rerun
            profiling = bool(profiler and profile in page and meeting)
            if profiling:
                profiler.active = True
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - start) * 1000)
            if profiling:
                profiler.active = False
                print(f"cProfile of {runs} reruns of {page} (script thread):")
                print(profiler.report())
            assert not at.exception, (page, at.exception)
            mode = "aan" if meeting else "uit"
            rows.append((page, mode, statistics.median(times), min(times), max(times)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", help="profile the reruns of the page whose path contains this text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DUIDING_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        rows = measure(args.runs, args.profile)
    print(f"Script rerun per page, sample case, {args.runs} reruns each (AppTest), {_load_average()}")
    print(
        f"{'pagina':<22} {'overlegmodus':>12} {'mediaan':>9} {'min':>8} {'max':>8}  doel <= {TARGET_MS:.0f} ms"
    )
    slow = []
    for page, mode, median, low, high in rows:
        ok = median <= TARGET_MS
        if not ok:
            slow.append((page, mode))
        print(
            f"{page:<22} {mode:>12} {median:6.0f} ms {low:5.0f} ms {high:5.0f} ms  {'ok' if ok else 'TE TRAAG'}"
        )
    print("Alle pagina's binnen het doel." if not slow else f"Boven het doel: {slow}")


if __name__ == "__main__":
    main()
