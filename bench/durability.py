"""Durability under SIGKILL: kill the writing process again and again while it saves, then check.

    .venv/bin/python bench/durability.py [--saves 100] [--seed 1] [--keep]

A child process (the "app") loads random cases from a fresh SQLite store and saves them in a loop,
now and then freezing a version, printing every committed version. The parent kills it with
SIGKILL at a random moment, restarts it, and repeats until at least ``--saves`` saves committed.
After every kill it checks, with a fresh connection:

* ``PRAGMA integrity_check`` is ``ok``;
* every case loads, and its version is the last one the child reported, or one more (a save that
  committed just before the kill, before it could be reported); never less;
* the stored body is exactly the content written for that version (nothing half-written);
* the audit log holds exactly one "change" entry per committed version, in order (the save and its
  audit entry are one transaction);
* every reported frozen version is there and holds exactly the content of its version.

One case is large (500 members, 2,000 ties, 300 incidents) so kills also land in long writes.
Prints the figures; exit code 1 on any failed check.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASE_IDS = ["c-klein-1", "c-klein-2", "c-groot"]


def expected_members(case_id: str, version: int) -> int:
    """How many members the content for ``version`` has (varies so bodies change size)."""
    base = 500 if case_id == "c-groot" else 0
    return base + (version * 7) % 40


def apply_version(case, version: int) -> None:
    """Make ``case`` hold the deterministic content of ``version``."""
    from duiding.model import Member

    n = expected_members(case.id, version)
    case.context.description = f"{case.id} versie {version}"
    keep = [m for m in case.members if not m.id.startswith("v")][: 500 if case.id == "c-groot" else 0]
    extra = n - len(keep)
    case.members = keep + [
        Member(id=f"v{i}", pseudonym=f"V{i:03d}", note=f"versie {version} " + "x" * 300) for i in range(extra)
    ]


def check_content(case, version: int) -> str | None:
    if case.version != version:
        return f"version {case.version} != {version}"
    if case.context.description != f"{case.id} versie {version}":
        return f"description {case.context.description!r} does not belong to version {version}"
    if len(case.members) != expected_members(case.id, version):
        return f"{len(case.members)} members, expected {expected_members(case.id, version)}"
    notes = {m.note for m in case.members if m.id.startswith("v")}
    if notes and notes != {f"versie {version} " + "x" * 300}:
        return "member notes from another version"
    return None


# --- child: the writing "app" ---------------------------------------------------------------------


def child(url: str, seed: int) -> None:
    from duiding.store import CaseStore

    rnd = random.Random(seed)
    store = CaseStore(url)
    print("ready", flush=True)
    while True:
        case = store.load(rnd.choice(CASE_IDS))
        apply_version(case, case.version + 1)
        print(f"start {case.id} {case.version + 1}", flush=True)
        saved = store.save(case, "durability", what=f"save {case.version + 1}")
        print(f"save {saved.id} {saved.version}", flush=True)
        if rnd.random() < 0.1:
            snap = store.freeze(saved.id, f"Vastgelegd {saved.version}", "durability")
            print(f"freeze {saved.id} {snap.version} {snap.id}", flush=True)


# --- parent ---------------------------------------------------------------------------------------


def create_cases(url: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from store import big_case  # bench/store.py

    from duiding.model import Case
    from duiding.store import CaseStore, dispose_engines

    store = CaseStore(url)
    for case_id in CASE_IDS:
        if case_id == "c-groot":
            case = big_case()
            case.id = case_id
        else:
            case = Case(name=case_id, id=case_id)
        apply_version(case, 1)
        store.create(case, "durability")
    dispose_engines()


def run_cycle(url: str, seed: int, delay: float) -> tuple[list[str], float]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", url, "--seed", str(seed)],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def reader() -> None:
        for line in proc.stdout:
            if line.strip() == "ready":
                ready.set()
            else:
                lines.append(line.strip())
        ready.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    if not ready.wait(60):
        proc.kill()
        raise RuntimeError("child did not start")
    started = time.perf_counter()
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    thread.join(10)
    if proc.returncode != -signal.SIGKILL:
        raise RuntimeError(f"child ended by itself with exit code {proc.returncode}")
    return lines, time.perf_counter() - started


def verify(url: str, db: Path, reported: dict[str, int], frozen: dict[int, tuple[str, int]]) -> list[str]:
    from duiding.store import CaseStore, dispose_engines

    problems = []
    with sqlite3.connect(db) as raw:
        result = raw.execute("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        problems.append(f"integrity_check: {result}")
    store = CaseStore(url)
    ahead = 0
    for case_id in CASE_IDS:
        case = store.load(case_id)
        last = reported[case_id]
        if case.version < last:
            problems.append(f"{case_id}: stored version {case.version} < reported committed {last} (lost)")
        ahead += case.version - last
        bad = check_content(case, case.version)
        if bad:
            problems.append(f"{case_id}: {bad}")
        changes = [e.detail for e in store.audit_entries(case_id, action="change")]
        if changes != [f"save {v} (versie {v})" for v in range(2, case.version + 1)]:
            problems.append(f"{case_id}: audit change entries do not match versions 2..{case.version}")
        reported[case_id] = case.version
    if ahead > 1:
        problems.append(f"{ahead} versions more than reported (at most one save can be unreported)")
    for snap in [s for case_id in CASE_IDS for s in store.snapshots(case_id)]:
        bad = check_content(store.load_snapshot(snap.id), snap.version)
        if bad:
            problems.append(f"snapshot {snap.id}: {bad}")
        frozen.pop(snap.id, None)
    if frozen:
        problems.append(f"reported frozen versions missing: {sorted(frozen)}")
    dispose_engines()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=100, help="stop after this many committed saves")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-delay", type=float, default=0.4, help="longest time before a kill (s)")
    parser.add_argument("--keep", action="store_true", help="keep the database file")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.seed)
        return 0

    rnd = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="duurzaamheid-"))
    db = tmp / "durability.db"
    url = f"sqlite:///{db}"
    create_cases(url)
    reported = dict.fromkeys(CASE_IDS, 1)
    frozen: dict[int, tuple[str, int]] = {}
    committed = cycles = unreported = freezes = mid_save = 0
    all_problems: list[str] = []
    t0 = time.perf_counter()
    alive = 0.0
    while committed < args.saves:
        cycles += 1
        lines, lived = run_cycle(url, rnd.randrange(1 << 30), rnd.uniform(0.0, args.max_delay))
        alive += lived
        before = dict(reported)
        for line in lines:
            kind, case_id, version, *rest = line.split()
            if kind == "start":
                continue
            if kind == "save":
                reported[case_id] = max(reported[case_id], int(version))
            else:
                frozen[int(rest[0])] = (case_id, int(version))
                freezes += 1
        reported_now = dict(reported)
        in_save = bool(lines) and lines[-1].startswith("start")
        mid_save += in_save
        problems = verify(url, db, reported, frozen)
        unreported += sum(reported[c] - reported_now[c] for c in CASE_IDS)
        committed += sum(reported[c] - before[c] for c in CASE_IDS)
        for p in problems:
            all_problems.append(f"cycle {cycles}: {p}")
        print(
            f"cycle {cycles:3d}: alive {lived * 1000:5.0f} ms, +{sum(reported[c] - before[c] for c in CASE_IDS):2d} "
            f"saves, total {committed:4d}, {'OK' if not problems else 'FAIL: ' + '; '.join(problems)}",
            flush=True,
        )
    elapsed = time.perf_counter() - t0
    print()
    print(f"kill/restart cycles:                 {cycles}")
    print(f"committed saves (all verified):      {committed}")
    print(f"frozen versions (all verified):      {freezes}")
    print(f"kills that hit a save in progress:   {mid_save}")
    print(f"  of which the save had committed (not yet reported): {unreported}")
    print(f"saves per second while alive:        {committed / alive:.1f}")
    print(
        f"PRAGMA integrity_check:              {'ok after every cycle' if not all_problems else 'see failures'}"
    )
    print(f"failed checks:                       {len(all_problems)}")
    print(f"total time:                          {elapsed:.1f} s")
    for p in all_problems:
        print("  " + p)
    if args.keep:
        print(f"database kept: {db}")
    else:
        for f in tmp.iterdir():
            f.unlink()
        tmp.rmdir()
    return 1 if all_problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
