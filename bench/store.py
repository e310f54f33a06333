"""Load and save cost of a large case in the store (SQLite; PostgreSQL too when reachable).

    .venv/bin/python bench/store.py [--repeat 20] [--members 500 --ties 2000 --incidents 300]

Builds a fictional 500-member / 2,000-tie / 300-incident case with every field filled, stores it,
then times ``store.load`` and ``store.save`` (median and p90 of ``--repeat`` runs) per engine.
Aim: load <= 100 ms, save <= 300 ms on SQLite.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from duiding.model import (  # noqa: E402
    Assessment,
    Case,
    Context,
    Decision,
    Goal,
    Incident,
    Measure,
    Member,
    Plan,
    Tie,
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LAYERS = ["offline", "online", "co_offending", "family", "conflict", "directs", "supportive"]
PROBLEMS = ["nuisance", "intimidation", "property", "violence", "drugs", "weapons"]
RISKS = ["impulsivity", "substance_use", "mental_health", "lvb", "early_offending"]
PARTNERS = ["police", "municipality", "om", "youth_care", "school"]


def big_case(n_members: int = 500, n_ties: int = 2000, n_incidents: int = 300, seed: int = 7) -> Case:
    rnd = random.Random(seed)
    start = date(2025, 1, 1)

    def day() -> date:
        return start + timedelta(days=rnd.randrange(365))

    members = [
        Member(
            id=f"m{i:03d}",
            pseudonym=f"J{i:03d}",
            name=f"Voornaam{i} Achternaam{i}",
            birth_year=2005 + rnd.randrange(8),
            typing=rnd.choice(["care", "risk", "criminal", "unknown"]),
            team_role=rnd.choice(["leader", "core", "follower", "peripheral", None]),
            problems=rnd.sample(PROBLEMS, 2),
            risk_factors=rnd.sample(RISKS, 2),
            protective_factors=["school_attendance"],
            opportunities="Speelt voetbal bij de club; wil graag een stageplek in de techniek.",
            first_seen=day(),
            last_seen=None if rnd.random() < 0.7 else day(),
            source=rnd.choice(PARTNERS),
            review_date=day(),
            note="Fictief lid voor de benchmark; gezien bij het winkelcentrum en het station.",
        )
        for i in range(n_members)
    ]
    ties = []
    for k in range(n_ties):
        a, b = rnd.sample(range(n_members), 2)
        ties.append(
            Tie(
                source=f"m{a:03d}",
                target=f"m{b:03d}",
                layer=rnd.choice(LAYERS),
                strength=rnd.randint(1, 3),
                confidence=rnd.choice(["confirmed", "suspected"]),
                partner=rnd.choice(PARTNERS),
                first_seen=day(),
                note="Samen gezien op de hangplek" if k % 3 == 0 else "",
                id=f"t{k:05d}",
            )
        )
    incidents = [
        Incident(
            id=f"i{k:04d}",
            date=day(),
            type=rnd.choice(PROBLEMS),
            place=rnd.choice(["Stationsplein", "Winkelcentrum", "Park", "Schoolplein"]),
            members=[f"m{j:03d}" for j in rnd.sample(range(n_members), rnd.randint(1, 5))],
            partner="police",
            note="Melding van overlast door een groep jongeren.",
        )
        for k in range(n_incidents)
    ]
    plan = Plan(
        problem_definition="Fictieve probleemdefinitie. " * 20,
        goals=[Goal(id=f"g{k}", code=None, text=f"Doel {k}") for k in range(6)],
        measures=[
            Measure(id=f"ms{k}", title=f"Maatregel {k}", member_ids=[f"m{k:03d}"], start=day())
            for k in range(40)
        ],
    )
    return Case(
        name="Benchmarkgroep",
        id="bench-" + uuid.uuid4().hex[:8],
        municipality="Fictiefstad",
        area="Centrum",
        step="3",
        decisions=[Decision("2A", day(), "Ja"), Decision("2B", day(), "Namenlijst")],
        context=Context("Een grote fictieve groep.", ["Stationsplein", "Park"], ["Snapchat"], "avond"),
        beke={
            a: Assessment("medium", "Toelichting " * 10)
            for a in ["severity", "risks", "development", "impact"]
        },
        members=members,
        ties=ties,
        incidents=incidents,
        plan=plan,
    )


def _postgres_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=2):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: skip PostgreSQL
        return f"{exc.__class__.__name__}: {str(exc).strip()[:100]}"


@contextlib.contextmanager
def pg_schema():
    """A throw-away schema in the test database, so the benchmark leaves nothing behind."""
    import psycopg

    from duiding.store import dispose_engines

    schema = "bench_" + uuid.uuid4().hex[:8]
    dsn = PG_URL.replace("+psycopg", "")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        dispose_engines()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def measure(label: str, url: str, case: Case, repeat: int) -> dict[str, float]:
    from duiding.store import CaseStore

    store = CaseStore(url)
    current = store.create(case, "bench")
    store.load(case.id)  # warm up caches
    loads, saves = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        current = store.load(case.id)
        loads.append(time.perf_counter() - t0)
        current.context.times = f"ronde {i}"
        t0 = time.perf_counter()
        current = store.save(current, "bench", what="benchmark")
        saves.append(time.perf_counter() - t0)
    store.delete(case.id, "bench")

    def ms(values: list[float], q: float) -> float:
        return 1000 * sorted(values)[min(len(values) - 1, int(q * len(values)))]

    row = {
        "load_median": 1000 * statistics.median(loads),
        "load_p90": ms(loads, 0.9),
        "save_median": 1000 * statistics.median(saves),
        "save_p90": ms(saves, 0.9),
    }
    print(
        f"{label:<11} load median {row['load_median']:6.1f} ms (p90 {row['load_p90']:6.1f})   "
        f"save median {row['save_median']:6.1f} ms (p90 {row['save_p90']:6.1f})"
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--ties", type=int, default=2000)
    parser.add_argument("--incidents", type=int, default=300)
    args = parser.parse_args(argv)

    from duiding.store import _body

    case = big_case(args.members, args.ties, args.incidents)
    body_kb = len(_body(case)[1].encode()) / 1024
    print(
        f"case: {len(case.members)} members, {len(case.ties)} ties, {len(case.incidents)} incidents; "
        f"body {body_kb:.0f} KiB; {args.repeat} runs each"
    )
    t0 = time.perf_counter()
    for _ in range(5):
        Case.from_dict(case.to_dict())
    print(f"(model round trip to_dict+from_dict alone: {1000 * (time.perf_counter() - t0) / 5:.1f} ms)")

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", case, args.repeat)
    reason = _postgres_reachable()
    if reason is None:
        with pg_schema() as url:
            results["postgresql"] = measure("PostgreSQL", url, case, args.repeat)
    else:
        print(f"PostgreSQL  overgeslagen: niet bereikbaar ({reason})")
    ok = results["sqlite"]["load_median"] <= 100 and results["sqlite"]["save_median"] <= 300
    print("targets (SQLite: load <= 100 ms, save <= 300 ms):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
