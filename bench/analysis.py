"""Benchmark: full network analysis (all measures, communities, roles, robustness) at several sizes.

    .venv/bin/python bench/analysis.py            # sample, 500/1,500, 5,000/15,000
    .venv/bin/python bench/analysis.py --quick    # sample and 500/1,500 only

Targets: sample ≤ 100 ms; 500 members / 1,500 ties ≤ 1 s; 5,000 / 15,000 ≤ 10 s (2 cores).
Prints each figure (best of a few repeats; wall clock and CPU time, since other processes on a shared
machine stretch the wall clock) and its ratio to igraph's plain betweenness on the same network, the
single heaviest exact measure; "btw (wij)" is the betweenness as the analysis computes it (NetworkX up
to 300 members, igraph above). The 500 and 5,000 networks have 1 % "stuurt aan" ties; robustness runs
are adapted to the size (see docs/analyse.md).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import igraph as ig  # noqa: E402

from duiding.analysis import AnalysisOptions, analyse, build_graph  # noqa: E402
from duiding.analysis.measures import betweenness  # noqa: E402
from duiding.model import Case, Member, Tie  # noqa: E402
from duiding.sample import load_sample_case  # noqa: E402


def random_case(n: int, m: int, seed: int = 1) -> Case:
    """n members, m distinct random ties (offline/online, strength 1–3), 1 % of them 'stuurt aan'."""
    rng = random.Random(seed)
    members = [Member(id=f"m{i}", pseudonym=f"J{i:05d}") for i in range(n)]
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    ties = []
    for k, (a, b) in enumerate(sorted(pairs)):
        layer = "directs" if rng.random() < 0.01 else rng.choice(["offline", "online"])
        ties.append(Tie(id=f"t{k}", source=f"m{a}", target=f"m{b}", layer=layer, strength=rng.randint(1, 3)))
    return Case(name=f"Willekeurig {n}/{m}", members=members, ties=ties)


def best_of(fn, repeats: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time (the CPU time is what the run costs when the machine is busy)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="skip the 5,000-member network")
    args = parser.parse_args()
    cases = [("voorbeeldcasus", load_sample_case(), 0.1, 10), ("500 / 1.500", random_case(500, 1500), 1.0, 3)]
    if not args.quick:
        cases.append(("5.000 / 15.000", random_case(5000, 15000), 10.0, 1))
    analyse(cases[0][1])  # warm up imports and caches
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"belasting van de machine (load average, 1 min): {load:.1f} op {os.cpu_count()} kernen")
    print(
        f"{'netwerk':<16} {'analyse':>9} {'cpu':>8} {'doel':>7}  {'btw (wij)':>9} {'btw igraph':>10} {'wij/ig':>7}"
        f" {'analyse/ig':>10}  runs  oordeel"
    )
    for name, case, target, repeats in cases:
        result = {}

        def run(case=case, result=result):
            result["a"] = analyse(case, AnalysisOptions())

        seconds, cpu = best_of(run, repeats)
        g = build_graph(case)
        h = (
            ig.Graph(
                n=g.number_of_nodes(), edges=[(list(g).index(u), list(g).index(v)) for u, v in g.edges()]
            )
            if g.number_of_nodes() < 1000
            else ig.Graph.from_networkx(g)
        )
        ig_seconds, _ = best_of(lambda h=h: h.betweenness(directed=False), max(1, repeats))
        ours, _ = best_of(lambda g=g: betweenness(g), max(1, repeats))
        a = result["a"]
        runs = a.members[0].robustness.runs if a.members and a.members[0].robustness else 0
        verdict = "ok" if seconds <= target else ("ok (cpu)" if cpu <= target else "TE TRAAG")
        print(
            f"{name:<16} {seconds:>8.3f}s {cpu:>7.3f}s {target:>6.1f}s  {ours:>8.4f}s {ig_seconds:>9.4f}s"
            f" {ours / ig_seconds:>6.1f}x {seconds / ig_seconds:>9.1f}x  {runs:>4}  {verdict}"
        )


if __name__ == "__main__":
    main()
