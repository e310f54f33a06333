"""Fuzz the importers with hostile files (hypothesis): no crash, nothing half-applied, Dutch row/field messages.

Usage: .venv/bin/python bench/fuzz_import.py [--examples 10000] [--seed 0]
Prints the number of files tried, how many were refused vs imported, the most common problem fields
and the time taken. Exits non-zero on the first file that breaks the property (hypothesis shrinks it).
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzz_files import base_case, check_import, hostile_files  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    case = base_case()
    stats: collections.Counter[str] = collections.Counter()
    fields: collections.Counter[str] = collections.Counter()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(hostile_files())
    def run(file):
        kind, data, filename = file
        problems = check_import(case, kind, data, filename)
        stats["tried"] += 1
        stats["refused" if problems else "imported"] += 1
        stats[f"kind:{kind}"] += 1
        fields.update({p.field for p in problems})

    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"hostile files tried: {stats['tried']}")
    print(f"refused with problems: {stats['refused']}, imported whole: {stats['imported']}")
    print("by kind: " + ", ".join(f"{k[5:]} {v}" for k, v in sorted(stats.items()) if k.startswith("kind:")))
    print("most common problem fields: " + ", ".join(f"{f} {n}" for f, n in fields.most_common(10)))
    print(f"time: {elapsed:.1f} s ({elapsed / max(1, stats['tried']) * 1000:.1f} ms per file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
