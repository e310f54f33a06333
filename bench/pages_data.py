"""Benchmark: script rerun time of the data pages (Start, Groep, Leden, Relaties) on the sample case.

Run: ``.venv/bin/python bench/pages_data.py``. Target: median rerun <= 100 ms per page.
Measured through Streamlit's AppTest (which adds its own overhead), on a fresh SQLite file.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = ["pages/start.py", "pages/groep.py", "pages/leden.py", "pages/relaties.py"]
RUNS = 20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DUIDING_DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.db'}"
        from helpers_apptest import start_app

        at = start_app()
        print(f"{'pagina':<22} {'mediaan':>9} {'min':>7} {'max':>7}   ({RUNS} reruns, AppTest)")
        for page in PAGES:
            at.switch_page(page).run()
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - start) * 1000)
            assert not at.exception, at.exception
            print(f"{page:<22} {statistics.median(times):7.0f} ms {min(times):5.0f} ms {max(times):5.0f} ms")


if __name__ == "__main__":
    main()
