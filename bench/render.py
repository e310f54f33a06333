"""Benchmark: drawing the network in Chromium, and the Netwerk/Duiding page reruns.

Run: ``.venv/bin/python bench/render.py`` (needs /usr/bin/chromium for the browser part).
Targets: a 500-member network drawn in the browser in <= 1.5 s; each page's script rerun
on the sample case <= 100 ms median; changing colour-by does not recompute the layout.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from duiding import visuals  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
# Appended after drawGraph(): vis-network draws synchronously with physics off; the time is taken
# after the next frame has been painted, and only counts when the canvas really holds pixels.
_PROBE = """<script>
requestAnimationFrame(function () { setTimeout(function () {
  var c = document.querySelector("#mynetwork canvas");
  var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data, inked = 0;
  for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { inked++; } }
  window.__inked = inked;
  window.__drawnAt = performance.now();
}, 0); });
</script></body>"""


def random_network_html(n: int, seed: int = 1, static_base: str | None = None) -> tuple[str, float]:
    """A random group of ``n`` members (average degree 6) as network HTML; also the layout time."""
    g = nx.relabel_nodes(nx.gnm_random_graph(n, 3 * n, seed=seed), lambda i: f"m{i:04d}")
    start = time.perf_counter()
    pos = visuals.layout_positions(g)
    layout_s = time.perf_counter() - start
    communities = {node: str(i % 5) for i, node in enumerate(sorted(g))}
    nodes = [
        visuals.NodeView(
            k, f"J{k[1:]}", (f"J{k[1:]}", f"Graad: {g.degree(k)}"), float(g.degree(k)), communities[k]
        )
        for k in sorted(g)
    ]
    layers = ("offline", "online", "co_offending", "conflict", "directs")
    edges = [visuals.EdgeView(a, b, layers[i % len(layers)]) for i, (a, b) in enumerate(g.edges)]
    return visuals.network_html(nodes, edges, pos, height=800, static_base=static_base), layout_s


@contextlib.contextmanager
def local_server(root: Path):
    """A plain HTTP server on 127.0.0.1 for ``root`` (the app serves static/ the same way)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # no request log on the console
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def browser_draw_seconds(pages: dict[str, str], runs: int = 5) -> dict[str, list[float]]:
    """Per page (name -> HTML): seconds from navigation start to the first drawing with ink on the
    canvas, in a fresh document each run. Pages are served from 127.0.0.1 with /app/static/ holding
    the app's static/ folder; every other request is blocked (and reported)."""
    from playwright.sync_api import sync_playwright

    root = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "static", root / "app" / "static")
    for name, page_html in pages.items():
        (root / f"{name}.html").write_text(page_html.replace("</body>", _PROBE, 1), encoding="utf-8")
    times: dict[str, list[float]] = {name: [] for name in pages}
    blocked: list[str] = []
    with local_server(root) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*",
            lambda r: (
                r.continue_()
                if r.request.url.startswith(base)
                else (blocked.append(r.request.url), r.abort())
            ),
        )
        for name in pages:
            for _ in range(runs):
                page.goto(
                    f"{base}/{name}.html", wait_until="load"
                )  # fresh document: performance.now() from 0
                page.wait_for_function("window.__drawnAt !== undefined", timeout=60_000)
                drawn_at, inked = page.evaluate("[window.__drawnAt, window.__inked]")
                if inked < 1000:
                    raise RuntimeError(f"{name}: the canvas is (nearly) blank: {inked} pixels drawn")
                times[name].append(drawn_at / 1000)
        browser.close()
    if blocked:
        raise RuntimeError(f"the network page tried to fetch: {blocked}")
    return times


def _app():
    """An AppTest of app.py on a fresh SQLite store with the sample case (as the real server runs it)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers_apptest import start_app

    os.environ["DUIDING_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    return start_app(timeout=120)


def page_rerun_ms(page_file: str, runs: int = 21) -> list[float]:
    """Wall time of a rerun of app.py with ``page_file`` open (frame, sidebar and page; AppTest)."""
    at = _app()
    at.switch_page(page_file).run()
    if at.exception:
        raise RuntimeError(f"{page_file}: {at.exception}")
    at.run()  # warm the caches, as a user's second rerun would be
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        if at.exception:
            raise RuntimeError(f"{page_file}: {at.exception}")
    return times


def colour_change_layouts() -> tuple[int, float]:
    """Layout computations caused by switching colour-by four times (must be 0), and the median
    rerun time of those switches."""
    import streamlit as st

    from ui import analysis as ana

    at = _app()
    at.switch_page("pages/netwerk.py").run()
    before = ana.LAYOUT_RUNS["count"]
    times = []
    for colour in ("typing", "team_role", "suggested_role", "community"):
        start = time.perf_counter()
        at.selectbox(key="_net_colour").set_value(colour).run()
        times.append((time.perf_counter() - start) * 1000)
    st.cache_data.clear()
    return ana.LAYOUT_RUNS["count"] - before, statistics.median(times)


def main() -> None:
    print(
        "load average (1, 5, 15 min): "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        + f" on {os.cpu_count()} cores — timings are wall clock and rise with the load",
        flush=True,
    )
    if CHROMIUM.exists():
        pages = {}
        for n in (50, 500, 2000):
            inline, layout_s = random_network_html(n)
            served, _ = random_network_html(n, static_base="/app/static/")
            pages[f"inline-{n}"], pages[f"served-{n}"] = inline, served
            print(
                f"network {n:>5} members: layout {layout_s * 1000:6.1f} ms; HTML {len(inline) / 1e6:.2f} MB inline, "
                f"{len(served) / 1e6:.3f} MB with vis-network served by the app",
                flush=True,
            )
        for name, draws in browser_draw_seconds(pages, runs=5).items():
            target = "  [target <= 1.5 s]" if name.endswith("-500") else ""
            print(
                f"drawn in Chromium, {name:>12}: median {statistics.median(draws):.2f} s, first {draws[0]:.2f} s, "
                f"max {max(draws):.2f} s{target}",
                flush=True,
            )
    else:
        print("no /usr/bin/chromium: browser timings skipped")

    for page_file in ("pages/netwerk.py", "pages/duiding.py", "pages/start.py"):
        times = page_rerun_ms(page_file)
        note = (
            "  [target median <= 100 ms]"
            if page_file != "pages/start.py"
            else "  (app frame alone, for comparison)"
        )
        print(
            f"{page_file} rerun on the sample: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, "
            f"p90 {sorted(times)[int(0.9 * len(times))]:.1f} ms over {len(times)} runs{note}",
            flush=True,
        )
    recomputed, median_ms = colour_change_layouts()
    print(
        f"colour-by changed 4 times: {recomputed} layout computations (must be 0); rerun median {median_ms:.1f} ms"
    )


if __name__ == "__main__":
    main()
