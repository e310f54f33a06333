"""Load: N concurrent sessions rerunning pages against one running Streamlit server.

Each session is a real Streamlit client at the protocol level: it opens the app's websocket
(``/_stcore/stream``), sends the same ``BackMsg.rerun_script`` a browser sends when the user
navigates or interacts, and waits for ``ForwardMsg.script_finished``. The time from sending the
rerun to "script finished" is the rerun latency a user waits for (server work only; browser drawing
is not included). All sessions run at once (asyncio), cycling through the pages. Errors counted:
connection failures, scripts that did not finish successfully, and exception elements in the output.

    .venv/bin/python bench/load.py                      # starts its own server on the sample case
    .venv/bin/python bench/load.py --url http://127.0.0.1:8501 --sessions 20 --reruns 15
    .venv/bin/python bench/load.py --post-script-gc true     # A/B: Streamlit's default full GC per rerun

One session first visits every page once (warm-up: imports, caches, the network layout), as on a
server that is in use; then all sessions open at once (their first load is reported separately) and
the measured reruns start together.

Prints p50/p95/max per page and overall; exit code 1 when there were errors or p95 > --target.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ["", "groep", "leden", "relaties", "netwerk", "duiding", "plan"]


def _rerun_msg(page: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page
    msg.rerun_script.page_script_hash = ""
    return msg.SerializeToString()


def _exceptions(fwd: ForwardMsg) -> list[str]:
    if fwd.WhichOneof("type") != "delta":
        return []
    delta = fwd.delta
    if delta.WhichOneof("type") == "new_element" and delta.new_element.WhichOneof("type") == "exception":
        exc = delta.new_element.exception
        return [f"{exc.type}: {exc.message}"[:200]]
    return []


async def _one_rerun(ws, page: str, timeout: float) -> tuple[float, list[str]]:
    errors: list[str] = []
    t0 = time.perf_counter()
    await ws.send(_rerun_msg(page))
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=timeout)
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        errors += _exceptions(fwd)
        if fwd.WhichOneof("type") == "page_not_found":
            errors.append(f"pagina '{page}' niet gevonden")
        if fwd.WhichOneof("type") == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # the app itself called st.rerun(): keep waiting for the final run
            if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                errors.append(f"script_finished status {status}")
            return time.perf_counter() - t0, errors


async def _session(
    ws_url: str,
    pages: list[str],
    reruns: int,
    offset: int,
    timeout: float,
    results: list,
    errors: list,
    start: asyncio.Event,
    think: tuple[float, float],
) -> None:
    rng = random.Random(offset)
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None, open_timeout=timeout
        ) as ws:
            # First load of the app (new session, cold page): measured separately.
            took, errs = await _one_rerun(ws, "", timeout)
            results.append(("(nieuwe sessie)", took))
            errors.extend(errs)
            await start.wait()
            for i in range(reruns):
                if think[1] > 0:
                    await asyncio.sleep(rng.uniform(*think))
                page = pages[(offset + i) % len(pages)]
                took, errs = await _one_rerun(ws, page, timeout)
                results.append((page or "start", took))
                errors.extend(f"{page or 'start'}: {e}" for e in errs)
    except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
        errors.append(f"sessie {offset}: {type(exc).__name__}: {exc}")


async def _warm_up(ws_url: str, pages: list[str], timeout: float) -> list[str]:
    """One session visits every page once (imports, caches, layout), as on a server in use."""
    errors: list[str] = []
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None, open_timeout=timeout
    ) as ws:
        for page in ["", *pages]:
            errors += (await _one_rerun(ws, page, timeout))[1]
    return errors


async def _run(
    base: str,
    sessions: int,
    reruns: int,
    pages: list[str],
    timeout: float,
    think: tuple[float, float],
    pid: int | None = None,
):
    ws_url = base.replace("http://", "ws://").replace("https://", "wss://").rstrip("/") + "/_stcore/stream"
    results: list[tuple[str, float]] = []
    errors: list[str] = [f"opwarmen: {e}" for e in await _warm_up(ws_url, pages, timeout)]
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(_session(ws_url, pages, reruns, i, timeout, results, errors, start, think))
        for i in range(sessions)
    ]
    # let every session finish its first load, then start the measured reruns together
    while (
        sum(1 for name, _ in results if name == "(nieuwe sessie)")
        + sum(1 for e in errors if e.startswith("sessie"))
        < sessions
    ):
        await asyncio.sleep(0.05)
    cpu0 = _cpu_seconds(pid)
    t0 = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    cpu1 = _cpu_seconds(pid)
    cpu = None if cpu0 is None or cpu1 is None else cpu1 - cpu0
    return results, errors, time.perf_counter() - t0, cpu


def _server_pid(base: str) -> int | None:
    """The pid of the `streamlit run` serving ``base`` (found by its --server.port), or None."""
    port = base.rstrip("/").rsplit(":", 1)[-1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and b"--server.port" in args:
            if args[args.index(b"--server.port") + 1].decode() == port:
                return int(proc.name)
    return None


def _cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (from /proc), so the figure does not depend on other load."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", help="base URL of a running app (default: start one with the sample case)")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument(
        "--reruns", type=int, default=14, help="measured reruns per session (cycling through pages)"
    )
    ap.add_argument(
        "--pages", default=",".join(DEFAULT_PAGES), help="URL paths, comma separated ('' = start)"
    )
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--target", type=float, default=1.0, help="p95 target in seconds")
    ap.add_argument(
        "--post-script-gc",
        choices=["true", "false"],
        help="override runner.postScriptGC for the server this script starts (A/B of the "
        "full gc.collect() after every script run; the app's config sets false)",
    )
    ap.add_argument(
        "--think",
        default="1,3",
        help="think time between a user's reruns, 'min,max' seconds "
        "(uniform); '0' = every session reruns back to back (stress test)",
    )
    args = ap.parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",")]
    lo, _, hi = args.think.partition(",")
    think = (float(lo), float(hi or lo))

    with contextlib.ExitStack() as stack:
        base = args.url
        if base is None:
            sys.path.insert(0, str(ROOT / "tests"))
            from browser import running_app

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            # No file watcher: a deployed server does not watch its source (and this shared machine's
            # other editors would otherwise trigger "source changed" work during the measurement).
            env = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
            if args.post_script_gc:
                env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = args.post_script_gc
            base = stack.enter_context(running_app(tmp, env=env))
        pid = _server_pid(base)
        rss0 = _rss_mb(pid)
        results, errors, wall, cpu = asyncio.run(
            _run(base, args.sessions, args.reruns, pages, args.timeout, think, pid)
        )
        rss1 = _rss_mb(pid)
        if errors and args.url is None:
            log = (tmp / "streamlit.log").read_text(encoding="utf-8", errors="replace")
            kept = ROOT / "artifacts" / "load-server.log"
            kept.parent.mkdir(exist_ok=True)
            kept.write_text(log, encoding="utf-8")
            print(f"server log with the errors: {kept}")

    first = [t for name, t in results if name == "(nieuwe sessie)"]
    measured = [(name, t) for name, t in results if name != "(nieuwe sessie)"]
    times = [t for _, t in measured]
    print(
        f"denktijd tussen reruns per sessie: {think[0]:g}–{think[1]:g} s; machine load average "
        f"{os.getloadavg()[0]:.1f} bij de start van het rapport ({os.cpu_count()} cores)"
    )
    print(
        f"{args.sessions} gelijktijdige sessies, {len(times)} gemeten reruns in {wall:.1f} s "
        f"({len(times) / wall if wall else 0:.1f} reruns/s), fouten: {len(errors)}"
    )
    print(
        f"nieuwe sessie openen (alle sessies tegelijk): p50 {_pct(first, 0.5):.3f} s, "
        f"p95 {_pct(first, 0.95):.3f} s, max {max(first, default=float('nan')):.3f} s"
    )
    print(f"{'pagina':<12} {'n':>4} {'p50 s':>8} {'p95 s':>8} {'max s':>8}")
    for page in [p or "start" for p in pages]:
        vals = [t for name, t in measured if name == page]
        if vals:
            print(
                f"{page:<12} {len(vals):>4} {_pct(vals, 0.5):>8.3f} {_pct(vals, 0.95):>8.3f} {max(vals):>8.3f}"
            )
    p95 = _pct(times, 0.95)
    print(
        f"{'alle':<12} {len(times):>4} {_pct(times, 0.5):>8.3f} {p95:>8.3f} {max(times, default=0):>8.3f}"
        f"   (mean {statistics.fmean(times) if times else float('nan'):.3f} s)"
    )
    if cpu is not None and times:
        per = cpu / len(times)
        print(
            f"CPU van het serverproces tijdens de gemeten reruns: {cpu:.1f} s, {per * 1000:.0f} ms per rerun "
            f"(één Python-proces: hooguit ~{1 / per if per else float('inf'):.1f} reruns/s op één core)"
        )
        if sum(think) > 0:
            demand = args.sessions / (sum(think) / 2 + per) * per
            print(
                f"vraag bij {args.sessions} gebruikers die gemiddeld elke {sum(think) / 2:g} s iets doen: "
                f"{demand:.2f} CPU-seconde per seconde (boven ~1 lopen de wachttijden op)"
            )
    if rss0 is not None and rss1 is not None:
        print(f"geheugen (RSS) van het serverproces: {rss0:.0f} MB voor, {rss1:.0f} MB na de meting")
    for e in errors[:10]:
        print("  fout:", e)
    ok = not errors and p95 <= args.target
    print("RESULTAAT:", "ok" if ok else f"NIET gehaald (doel p95 ≤ {args.target} s, geen fouten)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
